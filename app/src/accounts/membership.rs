//! Verified people (issue 17 §1): a self-registered person proves their address with an
//! emailed, single-use, expiring link; their agency's coordinator (or an administrator, where
//! the agency has none) then confirms or declines their membership. Until both are done the
//! person cannot apply, be nominated or count in a quota, and is not listed among the agency's
//! officers (see [`super::membership_hold`]).
//!
//! Concurrency: the verification token is claimed by a conditional update (of two clicks one
//! wins), and a decision is written only `WHERE membership = 'pending'`, under the person's row
//! lock, so two coordinators deciding at once cannot both succeed.

use chrono::Duration;
use entity::{agency, password_token, user, user_role};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

use super::service::hold_of;
use super::{Membership, MembershipDecision, PendingMember, Role};
use crate::audit::{AuditEvent, record};
use crate::auth::CurrentUser;
use crate::auth::passwords::{TokenPurpose, issue_token};
use crate::auth::policy::{Action, Relation, allowed, refused_as_own, relation_of};
use crate::auth::rules::may_mail_reset;
use crate::auth::service::{ClientInfo, token_hash};
use crate::db::begin_write;
use crate::error::DomainError;
use crate::i18n::{Key, Locale};
use crate::mail::{OutgoingMail, enqueue};
use crate::site::Site;

/// The most people one memberships page lists.
const PAGE_LIMIT: u64 = 500;

/// Emails the signed-in person a new link to prove their address, unless it is proven already.
/// At most as many links an hour as reset links (three), so nobody floods a mailbox from here.
pub async fn send_verification(
    db: &DatabaseConnection,
    site: &Site,
    caller: &CurrentUser,
) -> Result<(), DomainError> {
    let txn = begin_write(db).await?;
    let person = user::Entity::find_by_id(caller.id)
        .lock_exclusive()
        .one(&txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    if person.email_verified_at.is_some() {
        return Err(DomainError::Conflict(Key::MembershipAlreadyVerified));
    }
    let sent_last_hour = password_token::Entity::find()
        .filter(password_token::Column::UserId.eq(person.id))
        .filter(password_token::Column::Purpose.eq(TokenPurpose::EmailVerification.code()))
        .filter(password_token::Column::CreatedAt.gt(site.now() - Duration::hours(1)))
        .count(&txn)
        .await?;
    if may_mail_reset(sent_last_hour) {
        issue_token(&txn, site, &person, TokenPurpose::EmailVerification).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Follows an address-verification link: single use, refused once expired or used, and only
/// for verification links (a reset link proves nothing here). Then tells the agency's
/// coordinators, or the administrators where it has none, that someone awaits confirmation.
/// Returns the person's account as it now stands.
pub async fn verify_email(
    db: &DatabaseConnection,
    site: &Site,
    token: &str,
    client: &ClientInfo,
) -> Result<user::Model, DomainError> {
    let now = site.now();
    let txn = begin_write(db).await?;
    let found = password_token::Entity::find()
        .filter(password_token::Column::TokenHash.eq(token_hash(token.trim())))
        .filter(password_token::Column::Purpose.eq(TokenPurpose::EmailVerification.code()))
        .one(&txn)
        .await?
        .filter(|t| t.used_at.is_none() && t.expires_at > now)
        .ok_or(DomainError::Conflict(Key::MembershipLinkInvalid))?;
    let claimed = password_token::Entity::update_many()
        .col_expr(password_token::Column::UsedAt, Expr::value(Some(now)))
        .filter(password_token::Column::Id.eq(found.id))
        .filter(password_token::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    if claimed.rows_affected != 1 {
        return Err(DomainError::Conflict(Key::MembershipLinkInvalid));
    }
    let person = user::Entity::find_by_id(found.user_id)
        .lock_exclusive()
        .one(&txn)
        .await?
        .filter(|u| u.active)
        .ok_or(DomainError::Conflict(Key::MembershipLinkInvalid))?;
    if person.email_verified_at.is_none() {
        user::Entity::update_many()
            .col_expr(user::Column::EmailVerifiedAt, Expr::value(Some(now)))
            .col_expr(user::Column::UpdatedAt, Expr::value(now))
            .filter(user::Column::Id.eq(person.id))
            .exec(&txn)
            .await?;
        record(
            &txn,
            AuditEvent::EmailVerified,
            Some(person.id),
            Some(person.id),
            client.ip.as_deref(),
            None,
        )
        .await?;
        if person.membership == Membership::Pending.code() {
            tell_deciders(&txn, site, &person).await?;
        }
    }
    txn.commit().await?;
    user::Entity::find_by_id(person.id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)
}

/// Active holders of `role`, optionally only of one agency (confirmed members only).
async fn holders<C: ConnectionTrait>(
    conn: &C,
    role: Role,
    agency_id: Option<i64>,
) -> Result<Vec<user::Model>, DomainError> {
    let ids: Vec<i64> = user_role::Entity::find()
        .filter(user_role::Column::Role.eq(role.code()))
        .all(conn)
        .await?
        .into_iter()
        .map(|r| r.user_id)
        .collect();
    let mut query = user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .filter(user::Column::Active.eq(true))
        .filter(user::Column::Membership.eq(Membership::Confirmed.code()));
    if let Some(agency_id) = agency_id {
        query = query.filter(user::Column::AgencyId.eq(agency_id));
    }
    Ok(query.all(conn).await?)
}

/// Mails whoever decides `person`'s membership: their agency's coordinators, or every
/// administrator where the agency has none.
async fn tell_deciders<C: ConnectionTrait>(
    conn: &C,
    site: &Site,
    person: &user::Model,
) -> Result<(), DomainError> {
    let coordinators = match person.agency_id {
        Some(id) => holders(conn, Role::Coordinator, Some(id)).await?,
        None => Vec::new(),
    };
    let deciders = if coordinators.is_empty() {
        holders(conn, Role::Administrator, None).await?
    } else {
        coordinators
    };
    let link = site.link("/memberships");
    for decider in deciders {
        let locale = Locale::from_code(&decider.preferred_language).unwrap_or_default();
        let args = [
            ("name", person.full_name.as_str()),
            ("email", person.email.as_str()),
            ("agency", person.agency.as_str()),
            ("link", link.as_str()),
        ];
        enqueue(
            conn,
            OutgoingMail {
                to: decider.email.clone(),
                subject: locale.format(Key::MembershipMailPendingSubject, &args),
                body_text: locale.format(Key::MembershipMailPendingBody, &args),
            },
        )
        .await?;
    }
    Ok(())
}

/// Tells every administrator that a newcomer asked for an agency that is not listed.
pub(crate) async fn tell_administrators_of_request<C: ConnectionTrait>(
    conn: &C,
    site: &Site,
    person: &user::Model,
    requested: &agency::Model,
) -> Result<(), DomainError> {
    let link = site.link("/admin/agencies");
    for admin in holders(conn, Role::Administrator, None).await? {
        let locale = Locale::from_code(&admin.preferred_language).unwrap_or_default();
        let args = [
            ("name", person.full_name.as_str()),
            ("email", person.email.as_str()),
            ("agency", requested.name.as_str()),
            ("country", requested.country.as_str()),
            ("link", link.as_str()),
        ];
        enqueue(
            conn,
            OutgoingMail {
                to: admin.email.clone(),
                subject: locale.format(Key::MembershipMailRequestSubject, &args),
                body_text: locale.format(Key::MembershipMailRequestBody, &args),
            },
        )
        .await?;
    }
    Ok(())
}

/// Whether the caller decides memberships at all (coordinators and administrators): pages ask
/// this to show the memberships link.
pub fn may_decide_any(caller: &CurrentUser) -> bool {
    [Relation::SameAgency, Relation::Other]
        .into_iter()
        .any(|relation| allowed(&caller.roles, Action::ConfirmMembership, relation))
}

/// The people waiting for confirmation whom the caller may decide: a coordinator's own
/// agency's, every one for an administrator. Oldest first.
pub async fn pending(
    db: &DatabaseConnection,
    caller: &CurrentUser,
) -> Result<Vec<PendingMember>, DomainError> {
    if !may_decide_any(caller) {
        return Err(DomainError::Forbidden);
    }
    let mut query = user::Entity::find()
        .filter(user::Column::Membership.eq(Membership::Pending.code()))
        .filter(user::Column::Active.eq(true))
        .filter(user::Column::Id.ne(caller.id));
    // A coordinator's reach is their agency; the policy row below still decides per person.
    if !allowed(&caller.roles, Action::ConfirmMembership, Relation::Other) {
        let Some(agency_id) = caller.agency_id else {
            return Ok(Vec::new());
        };
        query = query.filter(user::Column::AgencyId.eq(agency_id));
    }
    let people: Vec<user::Model> = query
        .order_by_asc(user::Column::CreatedAt)
        .order_by_asc(user::Column::Id)
        .limit(PAGE_LIMIT)
        .all(db)
        .await?
        .into_iter()
        .filter(|p| {
            allowed(
                &caller.roles,
                Action::ConfirmMembership,
                relation_of(caller, p),
            )
        })
        .collect();
    let agency_ids: Vec<i64> = people.iter().filter_map(|p| p.agency_id).collect();
    let agencies = agency::Entity::find()
        .filter(agency::Column::Id.is_in(agency_ids.clone()))
        .all(db)
        .await?;
    let coordinated: Vec<i64> = user::Entity::find()
        .filter(user::Column::AgencyId.is_in(agency_ids))
        .filter(user::Column::Active.eq(true))
        .filter(user::Column::Membership.eq(Membership::Confirmed.code()))
        .filter(
            user::Column::Id.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(user_role::Column::UserId)
                    .from(user_role::Entity)
                    .and_where(user_role::Column::Role.eq(Role::Coordinator.code()))
                    .to_owned(),
            ),
        )
        .all(db)
        .await?
        .into_iter()
        .filter_map(|u| u.agency_id)
        .collect();
    Ok(people
        .into_iter()
        .map(|p| {
            let agency = p
                .agency_id
                .and_then(|id| agencies.iter().find(|a| a.id == id));
            PendingMember {
                id: p.id,
                full_name: p.full_name,
                email: p.email,
                country: p.country,
                agency: agency.map_or(p.agency, |a| a.name.clone()),
                agency_listed: agency.is_some_and(|a| a.listed),
                agency_has_coordinator: p.agency_id.is_some_and(|id| coordinated.contains(&id)),
                registered_at: p.created_at.to_rfc3339(),
                email_verified: p.email_verified_at.is_some(),
            }
        })
        .collect())
}

/// A coordinator of the person's agency, or an administrator, confirms or declines their
/// membership. Confirming needs a proven address and a listed agency; declining needs a
/// reason. Nobody decides their own. The person is told by email; the audit log keeps who
/// decided, and why.
pub async fn decide(
    db: &DatabaseConnection,
    site: &Site,
    caller: &CurrentUser,
    person_id: i64,
    decision: MembershipDecision,
    reason: &str,
) -> Result<user::Model, DomainError> {
    let reason = reason.trim();
    if decision == MembershipDecision::Decline && !(5..=500).contains(&reason.chars().count()) {
        return Err(DomainError::invalid(
            "reason",
            Key::MembershipReasonRequired,
        ));
    }
    let now = site.now();
    let txn = begin_write(db).await?;
    let person = user::Entity::find_by_id(person_id)
        .lock_exclusive()
        .one(&txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    let relation = relation_of(caller, &person);
    if relation == Relation::Own && refused_as_own(&caller.roles, Action::ConfirmMembership) {
        return Err(DomainError::Forbidden);
    }
    if !allowed(&caller.roles, Action::ConfirmMembership, relation) {
        // Another agency's people do not exist for a coordinator.
        return Err(if may_decide_any(caller) {
            DomainError::NotFound
        } else {
            DomainError::Forbidden
        });
    }
    if person.membership != Membership::Pending.code() {
        return Err(DomainError::Conflict(Key::MembershipNotPending));
    }
    let agency = match person.agency_id {
        Some(id) => agency::Entity::find_by_id(id).one(&txn).await?,
        None => None,
    };
    if decision == MembershipDecision::Confirm {
        if person.email_verified_at.is_none() {
            return Err(DomainError::Conflict(
                Key::MembershipCannotConfirmUnverified,
            ));
        }
        if !agency.as_ref().is_some_and(|a| a.listed) {
            return Err(DomainError::Conflict(Key::MembershipAgencyNotAccepted));
        }
    }
    let (membership, event, detail) = match decision {
        MembershipDecision::Confirm => {
            (Membership::Confirmed, AuditEvent::MembershipConfirmed, None)
        }
        MembershipDecision::Decline => (
            Membership::Declined,
            AuditEvent::MembershipDeclined,
            Some(format!("reason: {reason}")),
        ),
    };
    let written = user::Entity::update_many()
        .col_expr(user::Column::Membership, Expr::value(membership.code()))
        .col_expr(
            user::Column::MembershipDecidedBy,
            Expr::value(Some(caller.id)),
        )
        .col_expr(user::Column::MembershipDecidedAt, Expr::value(Some(now)))
        .col_expr(user::Column::UpdatedAt, Expr::value(now))
        .filter(user::Column::Id.eq(person.id))
        .filter(user::Column::Membership.eq(Membership::Pending.code()))
        .exec(&txn)
        .await?;
    if written.rows_affected != 1 {
        return Err(DomainError::Conflict(Key::MembershipNotPending));
    }
    record(&txn, event, Some(caller.id), Some(person.id), None, detail).await?;
    let locale = Locale::from_code(&person.preferred_language).unwrap_or_default();
    let agency_name = agency
        .as_ref()
        .map_or(person.agency.as_str(), |a| a.name.as_str());
    let link = site.link("/catalog");
    let args = [
        ("name", person.full_name.as_str()),
        ("agency", agency_name),
        ("reason", reason),
        ("link", link.as_str()),
    ];
    let (subject, body) = match decision {
        MembershipDecision::Confirm => (
            Key::MembershipMailConfirmedSubject,
            Key::MembershipMailConfirmedBody,
        ),
        MembershipDecision::Decline => (
            Key::MembershipMailDeclinedSubject,
            Key::MembershipMailDeclinedBody,
        ),
    };
    enqueue(
        &txn,
        OutgoingMail {
            to: person.email.clone(),
            subject: locale.format(subject, &args),
            body_text: locale.format(body, &args),
        },
    )
    .await?;
    txn.commit().await?;
    user::Entity::find_by_id(person.id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)
}

/// Refuses anyone whose address or membership is not confirmed, with the reason they can act
/// on (scholarship applications and other actions outside the enrolment rules use this).
pub fn require_member(person: &user::Model) -> Result<(), DomainError> {
    match hold_of(person) {
        None => Ok(()),
        Some(hold) => Err(DomainError::Denied(super::hold_key(hold))),
    }
}

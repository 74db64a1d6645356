//! Scholarships over the database: programmes, applications, awards, and the commitments a
//! grant makes for enrolments.
//!
//! Budget safety under concurrency comes from the database. Every change of a balance is a
//! conditional update (`… SET awarded = awarded + x WHERE awarded + x <= budget`), which on
//! PostgreSQL waits for the row lock and re-checks its condition against the committed row, and
//! on SQLite runs inside an IMMEDIATE transaction. CHECK constraints back it up: even a bug here
//! could not store a negative balance. Every movement is also written to the append-only
//! ledger, in the same transaction, so the ledger always sums to the balances.

use std::collections::BTreeMap;

use chrono::Utc;
use entity::{
    enrollment, grant, grant_commitment, module, offering, programme_module,
    scholarship_application, scholarship_ledger, scholarship_module, scholarship_programme, user,
};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, QueryFilter, QueryOrder, Set,
};

use super::dto::{
    Balances, BudgetPage, CommitmentView, CoveredModule, DecisionInput, GrantView, LedgerRow,
    ProgrammeTexts, ScholarshipApplicationView, ScholarshipProgrammeInput,
    ScholarshipProgrammeView, ScholarshipsOverview, format_cents,
};
use super::rules::{CannotApply, may_apply, parse_cents};
use crate::auth::CurrentUser;
use crate::auth::policy::{Action, Relation, allowed, relation_of};
use crate::catalog::pick;
use crate::db::begin_write;
use crate::error::{DomainError, FieldError};
use crate::i18n::{Key, Locale};
use crate::mail::{OutgoingMail, enqueue};
use crate::site::Site;

/// Refuses callers whose roles never allow `action`, before anything is read: they learn
/// nothing about which programmes, applications or enrolments exist.
fn may_ever(caller: &CurrentUser, action: Action) -> Result<(), DomainError> {
    let relations = [Relation::Own, Relation::SameAgency, Relation::Other];
    if relations.iter().any(|r| allowed(&caller.roles, action, *r)) {
        Ok(())
    } else {
        Err(DomainError::Forbidden)
    }
}

/// Refuses `action` on the records of the person `person_id` unless the policy allows it in
/// their relation to the caller. One's own is refused with `own` as the explanation: nobody
/// awards themself a scholarship or spends their own grant.
async fn may_act_on<C: ConnectionTrait>(
    conn: &C,
    caller: &CurrentUser,
    action: Action,
    person_id: i64,
    own: Key,
) -> Result<(), DomainError> {
    let person = user::Entity::find_by_id(person_id)
        .one(conn)
        .await?
        .ok_or(DomainError::NotFound)?;
    let relation = relation_of(caller, &person);
    if allowed(&caller.roles, action, relation) {
        Ok(())
    } else if relation == Relation::Own {
        Err(DomainError::Denied(own))
    } else {
        Err(DomainError::Forbidden)
    }
}

fn list(json: &str) -> Vec<String> {
    serde_json::from_str(json).unwrap_or_default()
}

/// A stored text by language (name, funder, conditions: JSON like module titles).
fn texts(json: &str) -> BTreeMap<String, String> {
    serde_json::from_str(json).unwrap_or_default()
}

/// A programme's name in `locale`, or in another language when it has none in that one.
fn name_in(p: &scholarship_programme::Model, locale: Locale) -> String {
    pick(&texts(&p.name), locale)
}

/// The language a person reads.
fn locale_of(person: &user::Model) -> Locale {
    Locale::from_code(&person.preferred_language).unwrap_or_default()
}

async fn covered_modules<C: ConnectionTrait>(
    conn: &C,
    programme_id: i64,
    locale: Locale,
) -> Result<Vec<CoveredModule>, DomainError> {
    let ids: Vec<i64> = scholarship_module::Entity::find()
        .filter(scholarship_module::Column::ProgrammeId.eq(programme_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|m| m.module_id)
        .collect();
    let mut modules: Vec<CoveredModule> = module::Entity::find()
        .filter(module::Column::Id.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|m| CoveredModule {
            id: m.id,
            title: pick(
                &serde_json::from_str::<BTreeMap<String, String>>(&m.title).unwrap_or_default(),
                locale,
            ),
            code: m.code,
        })
        .collect();
    modules.sort_by(|a, b| a.code.cmp(&b.code));
    Ok(modules)
}

/// Whether `caller` may read budgets and balances (the policy's `ReadBudget`).
fn reads_budgets(caller: &CurrentUser) -> bool {
    allowed(&caller.roles, Action::ReadBudget, Relation::Other)
}

/// Refuses callers the policy does not let read budgets.
fn budget_reader(caller: &CurrentUser) -> Result<(), DomainError> {
    if reads_budgets(caller) {
        Ok(())
    } else {
        Err(DomainError::Forbidden)
    }
}

/// A programme as `caller` may see it: its balances only for those who read budgets.
async fn programme_view<C: ConnectionTrait>(
    conn: &C,
    p: scholarship_programme::Model,
    caller: &CurrentUser,
    locale: Locale,
) -> Result<ScholarshipProgrammeView, DomainError> {
    let covered = covered_modules(conn, p.id, locale).await?;
    let balances = if reads_budgets(caller) {
        let pending = scholarship_application::Entity::find()
            .filter(scholarship_application::Column::ProgrammeId.eq(p.id))
            .filter(scholarship_application::Column::Status.eq("submitted"))
            .all(conn)
            .await?
            .len() as i64;
        Some(Balances {
            budget: format_cents(p.budget),
            awarded: format_cents(p.awarded),
            committed: format_cents(p.committed),
            spent: format_cents(p.spent),
            remaining: format_cents(p.budget - p.awarded),
            pending_applications: pending,
        })
    } else {
        None
    };
    let translations = ProgrammeTexts {
        name: texts(&p.name),
        funder: texts(&p.funder),
        conditions: texts(&p.conditions),
    };
    Ok(ScholarshipProgrammeView {
        id: p.id,
        name: pick(&translations.name, locale),
        funder: pick(&translations.funder, locale),
        currency: p.currency,
        per_person_max: format_cents(p.per_person_max),
        covers: list(&p.covers),
        covered_module_ids: covered.iter().map(|m| m.id).collect(),
        covered_modules: covered,
        eligible_countries: list(&p.eligible_countries),
        eligible_affiliations: list(&p.eligible_affiliations),
        opens: p.opens.format("%Y-%m-%d").to_string(),
        closes: p.closes.format("%Y-%m-%d").to_string(),
        conditions: pick(&translations.conditions, locale),
        translations,
        balances,
    })
}

/// Creates a scholarship programme (administrators). Covered programmes contribute their
/// modules; unknown modules or programmes are refused, named.
pub async fn create_programme(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    input: ScholarshipProgrammeInput,
    locale: Locale,
) -> Result<ScholarshipProgrammeView, DomainError> {
    may_ever(caller, Action::ManageScholarships)?;
    let draft = input.parse().map_err(DomainError::from_problems)?;
    let mut module_ids = input.covered_module_ids.clone();
    let known: Vec<i64> = module::Entity::find()
        .filter(module::Column::Id.is_in(module_ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.id)
        .collect();
    let unknown: Vec<String> = module_ids
        .iter()
        .filter(|id| !known.contains(id))
        .map(|id| id.to_string())
        .collect();
    if !unknown.is_empty() {
        return Err(DomainError::Invalid(vec![FieldError::with(
            "covered_module_ids",
            Key::ScholarshipModulesUnknown,
            vec![("ids", unknown.join(", "))],
        )]));
    }
    for programme in &input.covered_programme_ids {
        let modules = programme_module::Entity::find()
            .filter(programme_module::Column::ProgrammeId.eq(*programme))
            .all(db)
            .await?;
        if modules.is_empty() {
            return Err(DomainError::Invalid(vec![FieldError::with(
                "covered_programme_ids",
                Key::ScholarshipModulesUnknown,
                vec![("ids", programme.to_string())],
            )]));
        }
        module_ids.extend(modules.into_iter().map(|m| m.module_id));
    }
    module_ids.sort_unstable();
    module_ids.dedup();
    let txn = begin_write(db).await?;
    let now = Utc::now();
    let json = |v: &Vec<String>| serde_json::to_string(v).unwrap_or_else(|_| "[]".into());
    let by_language =
        |t: &BTreeMap<String, String>| serde_json::to_string(t).unwrap_or_else(|_| "{}".into());
    let saved = scholarship_programme::ActiveModel {
        name: Set(by_language(&draft.name)),
        funder: Set(by_language(&draft.funder)),
        currency: Set(draft.currency),
        budget: Set(draft.budget),
        per_person_max: Set(draft.per_person_max),
        covers: Set(json(&draft.covers)),
        eligible_countries: Set(json(&draft.eligible_countries)),
        eligible_affiliations: Set(json(&draft.eligible_affiliations)),
        opens: Set(draft.opens),
        closes: Set(draft.closes),
        conditions: Set(by_language(&draft.conditions)),
        awarded: Set(0),
        committed: Set(0),
        spent: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for module_id in module_ids {
        scholarship_module::ActiveModel {
            programme_id: Set(saved.id),
            module_id: Set(module_id),
        }
        .insert(&txn)
        .await?;
    }
    let view = programme_view(&txn, saved, caller, locale).await?;
    txn.commit().await?;
    Ok(view)
}

/// One programme for any signed-in person; its budget and balances only for those the policy
/// lets read budgets (the review queue and ledger are on [`budget_page`], for administrators).
pub async fn get_programme(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    id: i64,
    locale: Locale,
) -> Result<ScholarshipProgrammeView, DomainError> {
    let p = scholarship_programme::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    programme_view(db, p, caller, locale).await
}

/// Every programme, newest first (administrators).
pub async fn list_programmes(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    locale: Locale,
) -> Result<Vec<ScholarshipProgrammeView>, DomainError> {
    may_ever(caller, Action::ManageScholarships)?;
    let mut out = Vec::new();
    for p in scholarship_programme::Entity::find()
        .order_by_desc(scholarship_programme::Column::Id)
        .all(db)
        .await?
    {
        out.push(programme_view(db, p, caller, locale).await?);
    }
    Ok(out)
}

fn application_view(
    a: &scholarship_application::Model,
    programme_name: &str,
    person: Option<&user::Model>,
    awarded: Option<i64>,
) -> ScholarshipApplicationView {
    ScholarshipApplicationView {
        id: a.id,
        programme_id: a.programme_id,
        programme_name: programme_name.to_string(),
        user_id: a.user_id,
        full_name: person.map(|p| p.full_name.clone()).unwrap_or_default(),
        agency: person.map(|p| p.agency.clone()).unwrap_or_default(),
        country: person.map(|p| p.country.clone()).unwrap_or_default(),
        affiliation: person.map(|p| p.affiliation.clone()).unwrap_or_default(),
        statement: a.statement.clone(),
        status: a.status.clone(),
        score: a.score,
        comment: a.comment.clone(),
        awarded: awarded.map(format_cents),
        created_at: a.created_at.to_rfc3339(),
    }
}

async fn mail(
    txn: &DatabaseTransaction,
    site: &Site,
    person: &user::Model,
    (subject, body): (Key, Key),
    args: &[(&str, &str)],
) -> Result<(), DomainError> {
    let locale = Locale::from_code(&person.preferred_language).unwrap_or_default();
    let link = site.link("/my-scholarships");
    let mut all: Vec<(&str, &str)> = vec![("name", &person.full_name), ("link", &link)];
    all.extend_from_slice(args);
    enqueue(
        txn,
        OutgoingMail {
            to: person.email.clone(),
            subject: locale.format(subject, &all),
            body_text: locale.format(body, &all),
        },
    )
    .await?;
    Ok(())
}

/// The signed-in trainee applies to a scholarship programme with a statement.
pub async fn apply(
    db: &DatabaseConnection,
    site: &Site,
    caller: &CurrentUser,
    programme_id: i64,
    statement: &str,
) -> Result<ScholarshipApplicationView, DomainError> {
    if !allowed(&caller.roles, Action::ApplyForScholarship, Relation::Own) {
        return Err(DomainError::Forbidden);
    }
    let statement = statement.trim();
    if !(20..=4000).contains(&statement.chars().count()) {
        return Err(DomainError::invalid(
            "statement",
            Key::ScholarshipStatementInvalid,
        ));
    }
    let p = scholarship_programme::Entity::find_by_id(programme_id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let person = user::Entity::find_by_id(caller.id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    // An unverified newcomer, or one their agency has not confirmed, is not a scholar yet.
    crate::accounts::membership::require_member(&person)?;
    if let Err(why) = may_apply(
        Utc::now().date_naive(),
        p.opens,
        p.closes,
        &list(&p.eligible_countries),
        &list(&p.eligible_affiliations),
        &person.country,
        &person.affiliation,
    ) {
        let (code, key) = match why {
            CannotApply::Closed => ("scholarship_closed", Key::ScholarshipClosed),
            CannotApply::Country => ("scholarship_country", Key::ScholarshipCountry),
            CannotApply::Affiliation => ("scholarship_affiliation", Key::ScholarshipAffiliation),
        };
        return Err(DomainError::Refused(
            code,
            FieldError::new("programme", key),
        ));
    }
    let txn = begin_write(db).await?;
    let saved = scholarship_application::ActiveModel {
        programme_id: Set(p.id),
        user_id: Set(caller.id),
        statement: Set(statement.to_string()),
        status: Set("submitted".into()),
        score: Set(None),
        comment: Set(None),
        reviewed_by: Set(None),
        decided_at: Set(None),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(DomainError::on_unique(Key::ScholarshipAlreadyApplied))?;
    mail(
        &txn,
        site,
        &person,
        (
            Key::MailScholarshipReceivedSubject,
            Key::MailScholarshipReceivedBody,
        ),
        &[("programme", &name_in(&p, locale_of(&person)))],
    )
    .await?;
    txn.commit().await?;
    Ok(application_view(
        &saved,
        &name_in(&p, locale_of(&person)),
        Some(&person),
        None,
    ))
}

/// One movement of money, as the ledger records it.
struct Movement<'a> {
    programme_id: i64,
    grant_id: i64,
    enrollment_id: Option<i64>,
    /// `award`, `commit`, `release` or `spend`.
    kind: &'a str,
    amount: i64,
    actor: Option<i64>,
    reason: String,
}

/// Appends a ledger row.
async fn ledger(txn: &DatabaseTransaction, m: Movement<'_>) -> Result<(), DomainError> {
    scholarship_ledger::ActiveModel {
        programme_id: Set(m.programme_id),
        grant_id: Set(Some(m.grant_id)),
        enrollment_id: Set(m.enrollment_id),
        kind: Set(m.kind.to_string()),
        amount: Set(m.amount),
        actor_id: Set(m.actor),
        reason: Set(m.reason),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}

/// An administrator awards or rejects an application. An award creates the person's grant and
/// takes its amount from the programme's budget, atomically: when the remaining budget is too
/// small the answer is a conflict and nothing changes.
pub async fn decide(
    db: &DatabaseConnection,
    site: &Site,
    caller: &CurrentUser,
    application_id: i64,
    decision: DecisionInput,
) -> Result<ScholarshipApplicationView, DomainError> {
    may_ever(caller, Action::DecideScholarship)?;
    let award = match decision.decision.trim() {
        "award" => true,
        "reject" => false,
        _ => {
            return Err(DomainError::invalid(
                "decision",
                Key::ScholarshipDecisionInvalid,
            ));
        }
    };
    if decision.score.is_some_and(|s| !(0..=100).contains(&s)) {
        return Err(DomainError::invalid("score", Key::ScholarshipScoreInvalid));
    }
    let amount = if award {
        let cents = decision
            .amount
            .as_ref()
            .and_then(|a| parse_cents(&a.text()))
            .filter(|c| *c > 0)
            .ok_or_else(|| DomainError::invalid("amount", Key::ScholarshipAmountInvalid))?;
        Some(cents)
    } else {
        None
    };
    let comment = Some(
        decision
            .comment
            .trim()
            .chars()
            .take(4000)
            .collect::<String>(),
    )
    .filter(|c| !c.is_empty());
    let found = scholarship_application::Entity::find_by_id(application_id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    may_act_on(
        db,
        caller,
        Action::DecideScholarship,
        found.user_id,
        Key::AuthorizationOwnScholarship,
    )
    .await?;
    let p = scholarship_programme::Entity::find_by_id(found.programme_id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    if let Some(cents) = amount
        && cents > p.per_person_max
    {
        return Err(DomainError::Invalid(vec![FieldError::with(
            "amount",
            Key::ScholarshipAboveMax,
            vec![
                ("max", format_cents(p.per_person_max)),
                ("currency", p.currency.clone()),
            ],
        )]));
    }
    let txn = begin_write(db).await?;
    // Decide only once: the status moves from `submitted` conditionally.
    let now = Utc::now();
    let decided = scholarship_application::Entity::update_many()
        .col_expr(
            scholarship_application::Column::Status,
            Expr::value(if award { "awarded" } else { "rejected" }),
        )
        .col_expr(
            scholarship_application::Column::Score,
            Expr::value(decision.score),
        )
        .col_expr(
            scholarship_application::Column::Comment,
            Expr::value(comment.clone()),
        )
        .col_expr(
            scholarship_application::Column::ReviewedBy,
            Expr::value(caller.id),
        )
        .col_expr(scholarship_application::Column::DecidedAt, Expr::value(now))
        .filter(scholarship_application::Column::Id.eq(application_id))
        .filter(scholarship_application::Column::Status.eq("submitted"))
        .exec(&txn)
        .await?;
    if decided.rows_affected == 0 {
        return Err(DomainError::Conflict(Key::ScholarshipAlreadyDecided));
    }
    if let Some(cents) = amount {
        let taken = scholarship_programme::Entity::update_many()
            .col_expr(
                scholarship_programme::Column::Awarded,
                Expr::col(scholarship_programme::Column::Awarded).add(cents),
            )
            .col_expr(scholarship_programme::Column::UpdatedAt, Expr::value(now))
            .filter(scholarship_programme::Column::Id.eq(p.id))
            .filter(
                Expr::col(scholarship_programme::Column::Awarded)
                    .add(cents)
                    .lte(Expr::col(scholarship_programme::Column::Budget)),
            )
            .exec(&txn)
            .await?;
        if taken.rows_affected == 0 {
            return Err(DomainError::Conflict(Key::ScholarshipBudgetExceeded));
        }
        let saved = grant::ActiveModel {
            programme_id: Set(p.id),
            application_id: Set(found.id),
            user_id: Set(found.user_id),
            amount: Set(cents),
            committed: Set(0),
            spent: Set(0),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        ledger(
            &txn,
            Movement {
                programme_id: p.id,
                grant_id: saved.id,
                enrollment_id: None,
                kind: "award",
                amount: cents,
                actor: Some(caller.id),
                reason: format!("application {}", found.id),
            },
        )
        .await?;
    }
    let person = user::Entity::find_by_id(found.user_id).one(&txn).await?;
    if let Some(person) = &person {
        let shown = amount.map(format_cents).unwrap_or_default();
        let comment_text = comment.clone().unwrap_or_default();
        mail(
            &txn,
            site,
            person,
            if award {
                (
                    Key::MailScholarshipAwardedSubject,
                    Key::MailScholarshipAwardedBody,
                )
            } else {
                (
                    Key::MailScholarshipRejectedSubject,
                    Key::MailScholarshipRejectedBody,
                )
            },
            &[
                ("programme", &name_in(&p, locale_of(person))),
                ("amount", &shown),
                ("currency", &p.currency),
                ("comment", &comment_text),
            ],
        )
        .await?;
    }
    txn.commit().await?;
    let saved = scholarship_application::Entity::find_by_id(application_id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let name = name_in(&p, person.as_ref().map(locale_of).unwrap_or_default());
    Ok(application_view(&saved, &name, person.as_ref(), amount))
}

/// The grant of `user_id` that covers the module of `offering_id` and still has `cents`
/// available, if any.
async fn grant_for<C: ConnectionTrait>(
    conn: &C,
    user_id: i64,
    offering_id: i64,
    cents: i64,
) -> Result<Option<grant::Model>, DomainError> {
    let Some(o) = offering::Entity::find_by_id(offering_id).one(conn).await? else {
        return Ok(None);
    };
    let covering: Vec<i64> = scholarship_module::Entity::find()
        .filter(scholarship_module::Column::ModuleId.eq(o.module_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|m| m.programme_id)
        .collect();
    Ok(grant::Entity::find()
        .filter(grant::Column::UserId.eq(user_id))
        .filter(grant::Column::ProgrammeId.is_in(covering))
        .order_by_asc(grant::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .find(|g| g.amount - g.committed - g.spent >= cents))
}

/// An administrator has a person's grant pay `amount` for one of their enrolments in a covered
/// module: the money is committed against the grant and the programme.
pub async fn commit(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    enrollment_id: i64,
    amount: &str,
) -> Result<CommitmentView, DomainError> {
    may_ever(caller, Action::FundEnrollment)?;
    let cents = parse_cents(amount)
        .filter(|c| *c > 0)
        .ok_or_else(|| DomainError::invalid("amount", Key::ScholarshipAmountInvalid))?;
    let txn = begin_write(db).await?;
    let e = enrollment::Entity::find_by_id(enrollment_id)
        .one(&txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    may_act_on(
        &txn,
        caller,
        Action::FundEnrollment,
        e.user_id,
        Key::AuthorizationOwnFunding,
    )
    .await?;
    if !matches!(
        e.status.as_str(),
        "pending_endorsement" | "pending_acceptance" | "enrolled" | "waitlisted"
    ) {
        return Err(DomainError::Conflict(Key::ScholarshipEnrollmentClosed));
    }
    let Some(g) = grant_for(&txn, e.user_id, e.offering_id, cents).await? else {
        return Err(DomainError::Conflict(Key::ScholarshipNoGrant));
    };
    // The grant's own limit, checked by the database against the row as it is now.
    let held = grant::Entity::update_many()
        .col_expr(
            grant::Column::Committed,
            Expr::col(grant::Column::Committed).add(cents),
        )
        .filter(grant::Column::Id.eq(g.id))
        .filter(
            Expr::col(grant::Column::Committed)
                .add(Expr::col(grant::Column::Spent))
                .add(cents)
                .lte(Expr::col(grant::Column::Amount)),
        )
        .exec(&txn)
        .await?;
    if held.rows_affected == 0 {
        return Err(DomainError::Conflict(Key::ScholarshipNoGrant));
    }
    scholarship_programme::Entity::update_many()
        .col_expr(
            scholarship_programme::Column::Committed,
            Expr::col(scholarship_programme::Column::Committed).add(cents),
        )
        .filter(scholarship_programme::Column::Id.eq(g.programme_id))
        .exec(&txn)
        .await?;
    let now = Utc::now();
    let saved = grant_commitment::ActiveModel {
        grant_id: Set(g.id),
        enrollment_id: Set(e.id),
        amount: Set(cents),
        status: Set("committed".into()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(DomainError::on_unique(Key::ScholarshipAlreadyCommitted))?;
    ledger(
        &txn,
        Movement {
            programme_id: g.programme_id,
            grant_id: g.id,
            enrollment_id: Some(e.id),
            kind: "commit",
            amount: cents,
            actor: Some(caller.id),
            reason: format!("enrolment {}", e.id),
        },
    )
    .await?;
    let code = offering_code(&txn, e.offering_id).await?;
    txn.commit().await?;
    Ok(CommitmentView {
        id: saved.id,
        enrollment_id: e.id,
        module_code: code,
        amount: format_cents(cents),
        status: saved.status,
    })
}

async fn offering_code<C: ConnectionTrait>(
    conn: &C,
    offering_id: i64,
) -> Result<String, DomainError> {
    let Some(o) = offering::Entity::find_by_id(offering_id).one(conn).await? else {
        return Ok(String::new());
    };
    Ok(module::Entity::find_by_id(o.module_id)
        .one(conn)
        .await?
        .map(|m| m.code)
        .unwrap_or_default())
}

/// What happens to an enrolment's commitment when the enrolment ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Settlement {
    /// Withdrawn, rejected or cancelled: the money goes back to the grant.
    Release,
    /// Completed: the money is spent.
    Spend,
}

/// Settles the live commitment of an enrolment, if it has one, in the caller's transaction
/// (the one that changes the enrolment's status).
pub async fn settle(
    txn: &DatabaseTransaction,
    enrollment_id: i64,
    settlement: Settlement,
    actor: Option<i64>,
    reason: &str,
) -> Result<(), DomainError> {
    let Some(c) = grant_commitment::Entity::find()
        .filter(grant_commitment::Column::EnrollmentId.eq(enrollment_id))
        .filter(grant_commitment::Column::Status.eq("committed"))
        .one(txn)
        .await?
    else {
        return Ok(());
    };
    let (status, kind) = match settlement {
        Settlement::Release => ("released", "release"),
        Settlement::Spend => ("spent", "spend"),
    };
    let moved = grant_commitment::Entity::update_many()
        .col_expr(grant_commitment::Column::Status, Expr::value(status))
        .col_expr(grant_commitment::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(grant_commitment::Column::Id.eq(c.id))
        .filter(grant_commitment::Column::Status.eq("committed"))
        .exec(txn)
        .await?;
    if moved.rows_affected == 0 {
        return Ok(());
    }
    let g = grant::Entity::find_by_id(c.grant_id)
        .one(txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    let spend = i64::from(settlement == Settlement::Spend) * c.amount;
    grant::Entity::update_many()
        .col_expr(
            grant::Column::Committed,
            Expr::col(grant::Column::Committed).sub(c.amount),
        )
        .col_expr(
            grant::Column::Spent,
            Expr::col(grant::Column::Spent).add(spend),
        )
        .filter(grant::Column::Id.eq(g.id))
        .exec(txn)
        .await?;
    scholarship_programme::Entity::update_many()
        .col_expr(
            scholarship_programme::Column::Committed,
            Expr::col(scholarship_programme::Column::Committed).sub(c.amount),
        )
        .col_expr(
            scholarship_programme::Column::Spent,
            Expr::col(scholarship_programme::Column::Spent).add(spend),
        )
        .filter(scholarship_programme::Column::Id.eq(g.programme_id))
        .exec(txn)
        .await?;
    ledger(
        txn,
        Movement {
            programme_id: g.programme_id,
            grant_id: g.id,
            enrollment_id: Some(enrollment_id),
            kind,
            amount: c.amount,
            actor,
            reason: reason.to_string(),
        },
    )
    .await
}

/// An administrator's budget page: balances, the review queue, and the ledger.
pub async fn budget_page(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    id: i64,
    locale: Locale,
) -> Result<BudgetPage, DomainError> {
    budget_reader(caller)?;
    let programme = get_programme(db, caller, id, locale).await?;
    let applications = scholarship_application::Entity::find()
        .filter(scholarship_application::Column::ProgrammeId.eq(id))
        .order_by_asc(scholarship_application::Column::Id)
        .all(db)
        .await?;
    let people = user::Entity::find()
        .filter(user::Column::Id.is_in(applications.iter().map(|a| a.user_id).collect::<Vec<_>>()))
        .all(db)
        .await?;
    let grants = grant::Entity::find()
        .filter(grant::Column::ProgrammeId.eq(id))
        .all(db)
        .await?;
    let mut applications: Vec<ScholarshipApplicationView> = applications
        .iter()
        .map(|a| {
            application_view(
                a,
                &programme.name,
                people.iter().find(|p| p.id == a.user_id),
                grants
                    .iter()
                    .find(|g| g.application_id == a.id)
                    .map(|g| g.amount),
            )
        })
        .collect();
    applications.sort_by_key(|a| a.status != "submitted");
    let ledger = ledger_rows(db, id).await?;
    Ok(BudgetPage {
        programme,
        applications,
        ledger,
    })
}

async fn ledger_rows(db: &DatabaseConnection, id: i64) -> Result<Vec<LedgerRow>, DomainError> {
    let rows = scholarship_ledger::Entity::find()
        .filter(scholarship_ledger::Column::ProgrammeId.eq(id))
        .order_by_asc(scholarship_ledger::Column::Id)
        .all(db)
        .await?;
    let actors = user::Entity::find()
        .filter(user::Column::Id.is_in(rows.iter().filter_map(|r| r.actor_id).collect::<Vec<_>>()))
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| LedgerRow {
            id: r.id,
            at: r.created_at.to_rfc3339(),
            actor: r
                .actor_id
                .and_then(|a| actors.iter().find(|u| u.id == a))
                .map(|u| u.full_name.clone())
                .unwrap_or_default(),
            kind: r.kind,
            amount: format_cents(r.amount),
            grant_id: r.grant_id,
            enrollment_id: r.enrollment_id,
            reason: r.reason,
        })
        .collect())
}

/// The ledger of a programme as CSV (RFC 4180), for those who read budgets.
pub async fn ledger_csv(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    id: i64,
) -> Result<String, DomainError> {
    budget_reader(caller)?;
    let p = scholarship_programme::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let rows = ledger_rows(db, id).await?.into_iter().map(|r| {
        [
            r.id.to_string(),
            r.at,
            r.kind,
            r.amount,
            p.currency.clone(),
            r.grant_id.map(|g| g.to_string()).unwrap_or_default(),
            r.enrollment_id.map(|e| e.to_string()).unwrap_or_default(),
            r.actor,
            r.reason,
        ]
    });
    Ok(crate::csv_export::csv(
        &[
            "id",
            "at",
            "kind",
            "amount",
            "currency",
            "grant_id",
            "enrollment_id",
            "actor",
            "reason",
        ],
        rows,
    ))
}

/// The signed-in person's scholarships: programmes open to them, their applications, and
/// their grants with what each has paid for.
pub async fn my_scholarships(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    locale: Locale,
) -> Result<ScholarshipsOverview, DomainError> {
    let person = user::Entity::find_by_id(caller.id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let mine = scholarship_application::Entity::find()
        .filter(scholarship_application::Column::UserId.eq(caller.id))
        .order_by_desc(scholarship_application::Column::Id)
        .all(db)
        .await?;
    let programmes = scholarship_programme::Entity::find()
        .order_by_desc(scholarship_programme::Column::Id)
        .all(db)
        .await?;
    let today = Utc::now().date_naive();
    let mut open = Vec::new();
    for p in &programmes {
        let applied = mine.iter().any(|a| a.programme_id == p.id);
        let eligible = may_apply(
            today,
            p.opens,
            p.closes,
            &list(&p.eligible_countries),
            &list(&p.eligible_affiliations),
            &person.country,
            &person.affiliation,
        )
        .is_ok();
        if eligible
            && !applied
            && allowed(&caller.roles, Action::ApplyForScholarship, Relation::Own)
        {
            open.push(programme_view(db, p.clone(), caller, locale).await?);
        }
    }
    let grants = grant::Entity::find()
        .filter(grant::Column::UserId.eq(caller.id))
        .order_by_asc(grant::Column::Id)
        .all(db)
        .await?;
    let name_of = |id: i64| {
        programmes
            .iter()
            .find(|p| p.id == id)
            .map(|p| name_in(p, locale))
            .unwrap_or_default()
    };
    let applications = mine
        .iter()
        .map(|a| {
            application_view(
                a,
                &name_of(a.programme_id),
                Some(&person),
                grants
                    .iter()
                    .find(|g| g.application_id == a.id)
                    .map(|g| g.amount),
            )
        })
        .collect();
    let mut grant_views = Vec::new();
    for g in grants {
        let commitments = grant_commitment::Entity::find()
            .filter(grant_commitment::Column::GrantId.eq(g.id))
            .order_by_asc(grant_commitment::Column::Id)
            .all(db)
            .await?;
        let mut views = Vec::new();
        for c in commitments {
            let code = match enrollment::Entity::find_by_id(c.enrollment_id)
                .one(db)
                .await?
            {
                Some(e) => offering_code(db, e.offering_id).await?,
                None => String::new(),
            };
            views.push(CommitmentView {
                id: c.id,
                enrollment_id: c.enrollment_id,
                module_code: code,
                amount: format_cents(c.amount),
                status: c.status,
            });
        }
        let currency = programmes
            .iter()
            .find(|p| p.id == g.programme_id)
            .map(|p| p.currency.clone())
            .unwrap_or_default();
        grant_views.push(GrantView {
            id: g.id,
            programme_id: g.programme_id,
            programme_name: name_of(g.programme_id),
            currency,
            amount: format_cents(g.amount),
            committed: format_cents(g.committed),
            spent: format_cents(g.spent),
            available: format_cents(g.amount - g.committed - g.spent),
            covered_modules: covered_modules(db, g.programme_id, locale).await?,
            commitments: views,
        });
    }
    Ok(ScholarshipsOverview {
        open,
        applications,
        grants: grant_views,
    })
}

/// For the applicants page: per enrolment of `offering_id`, the amount its live commitment
/// holds, and per person the most a scholarship award covering the module still has available.
/// A fixed number of queries, however many applicants.
pub async fn funding_for_offering<C: ConnectionTrait>(
    conn: &C,
    offering_id: i64,
) -> Result<(BTreeMap<i64, String>, BTreeMap<i64, String>), DomainError> {
    let Some(o) = offering::Entity::find_by_id(offering_id).one(conn).await? else {
        return Ok(Default::default());
    };
    let rows = enrollment::Entity::find()
        .filter(enrollment::Column::OfferingId.eq(offering_id))
        .all(conn)
        .await?;
    let committed: BTreeMap<i64, String> = grant_commitment::Entity::find()
        .filter(
            grant_commitment::Column::EnrollmentId
                .is_in(rows.iter().map(|e| e.id).collect::<Vec<_>>()),
        )
        .filter(grant_commitment::Column::Status.eq("committed"))
        .all(conn)
        .await?
        .into_iter()
        .map(|c| (c.enrollment_id, format_cents(c.amount)))
        .collect();
    let covering: Vec<i64> = scholarship_module::Entity::find()
        .filter(scholarship_module::Column::ModuleId.eq(o.module_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|m| m.programme_id)
        .collect();
    let mut available: BTreeMap<i64, i64> = BTreeMap::new();
    for g in grant::Entity::find()
        .filter(grant::Column::ProgrammeId.is_in(covering))
        .filter(grant::Column::UserId.is_in(rows.iter().map(|e| e.user_id).collect::<Vec<_>>()))
        .all(conn)
        .await?
    {
        let left = g.amount - g.committed - g.spent;
        if left > 0 {
            let best = available.entry(g.user_id).or_default();
            *best = std::cmp::max(*best, left);
        }
    }
    Ok((
        committed,
        available
            .into_iter()
            .map(|(user, cents)| (user, format_cents(cents)))
            .collect(),
    ))
}

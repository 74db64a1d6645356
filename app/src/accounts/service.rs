//! Account operations over the database.

use argon2::password_hash::{PasswordHasher, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use chrono::Utc;
use entity::{user, user_role};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    Set,
};

use super::rules::{EmailAddress, NewPassword};
use super::{Affiliation, Role};
use crate::db::begin_write;
use crate::error::DomainError;
use crate::i18n::{Key, Locale};

/// The profile of a person to create.
#[derive(Clone, Debug)]
pub struct NewUser {
    /// Login and contact address.
    pub email: EmailAddress,
    /// Name as printed on certificates.
    pub full_name: String,
    /// ISO 3166-1 alpha-2 country code.
    pub country: String,
    /// The person's institution.
    pub agency: String,
    /// Rank or position.
    pub rank: String,
    /// Police or civilian.
    pub affiliation: Affiliation,
    /// Optional: `female`, `male` or `other`.
    pub gender: Option<String>,
    /// Language for emails and pages.
    pub preferred_language: Locale,
    /// Roles to grant.
    pub roles: Vec<Role>,
    /// The agency of the registry, when already chosen; otherwise the one named `agency` in
    /// `country` (found or created).
    pub agency_id: Option<i64>,
    /// The person registered themself: their address is unverified and their membership
    /// pending. Someone created by a coordinator or an administrator starts verified and
    /// confirmed.
    pub self_registered: bool,
}

impl NewUser {
    /// A person from a checked address and profile, with these roles.
    pub fn from_profile(
        email: EmailAddress,
        profile: super::rules::Profile,
        roles: Vec<Role>,
    ) -> Self {
        NewUser {
            email,
            full_name: profile.full_name,
            country: profile.country,
            agency: profile.agency,
            rank: profile.rank,
            affiliation: profile.affiliation,
            gender: profile.gender,
            preferred_language: profile.preferred_language,
            roles,
            agency_id: None,
            self_registered: false,
        }
    }
}

/// argon2id with OWASP's minimum parameters: 19 MiB, two passes, one lane.
fn hasher() -> Result<Argon2<'static>, DomainError> {
    let params = Params::new(19 * 1024, 2, 1, None)
        .map_err(|e| DomainError::Internal(format!("argon2 parameters: {e}")))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// A job for the hashing threads.
type HashJob = Box<dyn FnOnce() + Send + 'static>;

/// argon2 runs on a small, fixed set of threads, never on the async workers. Each computation
/// takes 19 MiB; on a fixed set of threads that memory is reused, so a sign-in storm queues
/// here instead of spreading allocations over hundreds of blocking threads (`bench/login.sh`
/// measures the peak; figures in docs/performance.md).
fn hashing_pool() -> &'static std::sync::Mutex<std::sync::mpsc::Sender<HashJob>> {
    use std::sync::{Arc, Mutex, OnceLock, mpsc};
    static POOL: OnceLock<Mutex<mpsc::Sender<HashJob>>> = OnceLock::new();
    POOL.get_or_init(|| {
        let (sender, receiver) = mpsc::channel::<HashJob>();
        let receiver = Arc::new(Mutex::new(receiver));
        let threads = std::thread::available_parallelism()
            .map_or(2, |n| n.get())
            .clamp(1, 4);
        for i in 0..threads {
            let receiver = Arc::clone(&receiver);
            let spawned = std::thread::Builder::new()
                .name(format!("picap-hash-{i}"))
                .spawn(move || {
                    loop {
                        let job = match receiver.lock() {
                            Ok(guard) => guard.recv(),
                            Err(_) => return,
                        };
                        match job {
                            Ok(job) => job(),
                            Err(_) => return,
                        }
                    }
                });
            if let Err(e) = spawned {
                tracing::error!(error = %e, "could not start a hashing thread");
            }
        }
        Mutex::new(sender)
    })
}

/// Runs a password computation on the hashing threads and waits for it without blocking the
/// async workers.
pub(crate) async fn on_hashing_thread<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, DomainError> {
    let (reply, answer) = tokio::sync::oneshot::channel();
    let job: HashJob = Box::new(move || {
        let _ = reply.send(work());
    });
    hashing_pool()
        .lock()
        .map_err(|_| DomainError::Internal("hashing pool poisoned".into()))?
        .send(job)
        .map_err(|_| DomainError::Internal("hashing threads are gone".into()))?;
    answer
        .await
        .map_err(|_| DomainError::Internal("hashing job dropped".into()))
}

/// Hashes a password on the hashing threads: argon2 is deliberately slow and memory-hungry.
pub async fn hash_password(password: NewPassword) -> Result<String, DomainError> {
    on_hashing_thread(move || {
        let salt_bytes: [u8; 16] = rand::random();
        let salt = SaltString::encode_b64(&salt_bytes)
            .map_err(|e| DomainError::Internal(format!("salt: {e}")))?;
        hasher()?
            .hash_password(password.expose().as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| DomainError::Internal(format!("hashing failed: {e}")))
    })
    .await?
}

/// The kind of agency a person's typed agency is first registered as, from their affiliation
/// (administrators correct it on the agencies page).
fn agency_kind(affiliation: Affiliation) -> crate::agencies::AgencyKind {
    match affiliation {
        Affiliation::Police => crate::agencies::AgencyKind::Police,
        Affiliation::Civilian => crate::agencies::AgencyKind::Government,
    }
}

/// Creates a person with a password and roles. Fails with a conflict if the email is taken.
pub async fn create_user(
    db: &DatabaseConnection,
    new: NewUser,
    password: Option<NewPassword>,
) -> Result<user::Model, DomainError> {
    let password_hash = match password {
        Some(p) => Some(hash_password(p).await?),
        None => None,
    };
    let txn = begin_write(db).await?;
    let created = insert_user(&txn, new, password_hash).await?;
    txn.commit().await?;
    Ok(created)
}

/// Inserts a person and their roles on `conn` (the caller's transaction). A taken address is
/// a conflict; the unique index catches a concurrent twin.
pub(crate) async fn insert_user<C: sea_orm::ConnectionTrait>(
    conn: &C,
    new: NewUser,
    password_hash: Option<String>,
) -> Result<user::Model, DomainError> {
    let taken = user::Entity::find()
        .filter(user::Column::Email.eq(new.email.as_str()))
        .count(conn)
        .await?
        > 0;
    if taken {
        return Err(DomainError::Conflict(Key::AccountEmailTaken));
    }
    let now = Utc::now();
    let agency_id = match new.agency_id {
        Some(id) => Some(id),
        None => {
            crate::agencies::service::id_for(
                conn,
                &new.country,
                &new.agency,
                agency_kind(new.affiliation),
            )
            .await?
        }
    };
    let (membership, verified_at) = if new.self_registered {
        (super::Membership::Pending, None)
    } else {
        (super::Membership::Confirmed, Some(now))
    };
    let created = user::ActiveModel {
        agency_id: Set(agency_id),
        membership: Set(membership.code().to_string()),
        email_verified_at: Set(verified_at),
        email: Set(new.email.as_str().to_string()),
        full_name: Set(new.full_name),
        country: Set(new.country),
        agency: Set(new.agency),
        rank: Set(new.rank),
        affiliation: Set(new.affiliation.code().to_string()),
        gender: Set(new.gender),
        preferred_language: Set(new.preferred_language.code().to_string()),
        password_hash: Set(password_hash),
        active: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await
    .map_err(DomainError::on_unique(Key::AccountEmailTaken))?;
    for role in new.roles {
        user_role::ActiveModel {
            user_id: Set(created.id),
            role: Set(role.code().to_string()),
        }
        .insert(conn)
        .await?;
    }
    Ok(created)
}

/// What keeps `person` from applying, read from their account.
pub fn hold_of(person: &user::Model) -> Option<super::MembershipHold> {
    super::membership_hold(
        person.email_verified_at.is_some(),
        super::Membership::from_code(&person.membership).unwrap_or(super::Membership::Pending),
    )
}

/// How many accounts exist.
pub async fn count_users(db: &DatabaseConnection) -> Result<u64, DomainError> {
    Ok(user::Entity::find().count(db).await?)
}

/// The roles a person holds.
pub async fn roles_of(db: &DatabaseConnection, user_id: i64) -> Result<Vec<Role>, DomainError> {
    roles_of_on(db, user_id).await
}

/// The roles a person holds, read on `conn` (a transaction, say).
pub async fn roles_of_on<C: sea_orm::ConnectionTrait>(
    conn: &C,
    user_id: i64,
) -> Result<Vec<Role>, DomainError> {
    let rows = user_role::Entity::find()
        .filter(user_role::Column::UserId.eq(user_id))
        .all(conn)
        .await?;
    let mut roles: Vec<Role> = rows
        .iter()
        .filter_map(|r| Role::from_code(&r.role))
        .collect();
    roles.sort();
    Ok(roles)
}

/// Lists people whose name or email contains `query`: all of them for an administrator, those
/// of their own agency for a coordinator, and nobody else may search.
pub async fn search_users(
    db: &DatabaseConnection,
    caller: &crate::auth::CurrentUser,
    query: &str,
    limit: u64,
) -> Result<Vec<super::UserSummary>, DomainError> {
    use crate::auth::policy::{Action, Relation, allowed};
    use sea_orm::sea_query::ExprTrait;
    use sea_orm::{Condition, QueryOrder, QuerySelect};

    let everyone = allowed(&caller.roles, Action::ListUsers, Relation::Other);
    if !everyone && !allowed(&caller.roles, Action::ListUsers, Relation::SameAgency) {
        return Err(DomainError::Forbidden);
    }
    let mut select = user::Entity::find()
        .order_by_asc(user::Column::FullName)
        .limit(limit.clamp(1, 200));
    let query = query.trim().to_lowercase();
    if !query.is_empty() {
        let pattern = format!("%{}%", query.replace(['\\', '%', '_'], ""));
        select = select.filter(
            Condition::any()
                .add(
                    sea_orm::sea_query::Expr::expr(sea_orm::sea_query::Func::lower(
                        sea_orm::sea_query::Expr::col(user::Column::FullName),
                    ))
                    .like(pattern.clone()),
                )
                .add(user::Column::Email.like(pattern)),
        );
    }
    if !everyone {
        // A coordinator's people are the agency's confirmed members; newcomers waiting for
        // confirmation are on the memberships page.
        select = match caller.agency_id {
            Some(id) => select
                .filter(user::Column::AgencyId.eq(id))
                .filter(user::Column::Membership.eq(super::Membership::Confirmed.code())),
            None => select.filter(user::Column::Id.eq(caller.id)),
        };
    }
    let people = select.all(db).await?;
    let mut found = Vec::with_capacity(people.len());
    for person in people {
        found.push(super::UserSummary {
            roles: roles_of(db, person.id).await?,
            id: person.id,
            email: person.email,
            full_name: person.full_name,
            country: person.country,
            agency: person.agency,
            rank: person.rank,
            affiliation: person.affiliation,
            active: person.active,
        });
    }
    Ok(found)
}

/// Replaces a person's roles. Only administrators may; the last active administrator keeps
/// the administrator role. The change applies on the person's next request and is audited.
pub async fn change_roles(
    db: &DatabaseConnection,
    caller: &crate::auth::CurrentUser,
    target_id: i64,
    roles: &[String],
) -> Result<Vec<Role>, DomainError> {
    use crate::auth::policy::{Action, Relation, allowed, relation_of};

    // Refuse before looking anything up: a caller who may change nobody's roles must not learn
    // from a 404 versus a 403 which account ids exist.
    let may_change_some = [Relation::Own, Relation::SameAgency, Relation::Other]
        .into_iter()
        .any(|relation| allowed(&caller.roles, Action::ChangeRoles, relation));
    if !may_change_some {
        return Err(DomainError::Forbidden);
    }

    let mut parsed = Vec::new();
    for code in roles {
        let role =
            Role::from_code(code.trim()).ok_or(DomainError::invalid("roles", Key::RolesUnknown))?;
        if !parsed.contains(&role) {
            parsed.push(role);
        }
    }
    if parsed.is_empty() {
        return Err(DomainError::invalid("roles", Key::RolesAtLeastOne));
    }
    parsed.sort();

    let txn = begin_write(db).await?;
    let target = user::Entity::find_by_id(target_id)
        .one(&txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    let relation = relation_of(caller, &target);
    if !allowed(&caller.roles, Action::ChangeRoles, relation) {
        return Err(DomainError::Forbidden);
    }
    if !parsed.contains(&Role::Administrator) {
        keep_an_administrator(&txn, target_id).await?;
    }
    user_role::Entity::delete_many()
        .filter(user_role::Column::UserId.eq(target_id))
        .exec(&txn)
        .await?;
    for role in &parsed {
        user_role::ActiveModel {
            user_id: Set(target_id),
            role: Set(role.code().to_string()),
        }
        .insert(&txn)
        .await?;
    }
    let detail = parsed
        .iter()
        .map(|r| r.code())
        .collect::<Vec<_>>()
        .join(",");
    crate::audit::record(
        &txn,
        crate::audit::AuditEvent::RoleChange,
        Some(caller.id),
        Some(target_id),
        None,
        Some(detail),
    )
    .await?;
    txn.commit().await?;
    Ok(parsed)
}

/// The signed-in person's own profile.
pub async fn profile_of(
    db: &DatabaseConnection,
    user_id: i64,
) -> Result<super::MyProfile, DomainError> {
    let account = user::Entity::find_by_id(user_id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    Ok(super::MyProfile {
        email: account.email,
        full_name: account.full_name,
        country: account.country,
        agency: account.agency,
        rank: account.rank,
        affiliation: account.affiliation,
        gender: account.gender.unwrap_or_default(),
        preferred_language: account.preferred_language,
    })
}

/// Changes a person's affiliation and country (their coordinator, or an administrator; never
/// one's own), with a reason, audited. This is the way to correct them once the person has
/// applied to anything, when they can no longer change them themself.
pub async fn change_standing(
    db: &DatabaseConnection,
    caller: &crate::auth::CurrentUser,
    target_id: i64,
    affiliation: &str,
    country: &str,
    reason: &str,
) -> Result<(), DomainError> {
    use crate::auth::policy::{Action, allowed, relation_of};
    use sea_orm::QuerySelect;
    let mut problems = Vec::new();
    let affiliation = Affiliation::from_code(affiliation);
    if affiliation.is_none() {
        problems.push(("affiliation", Key::ProfileAffiliationInvalid));
    }
    let country = super::countries::find(country);
    if country.is_none() {
        problems.push(("country", Key::ProfileCountryInvalid));
    }
    let reason = reason.trim();
    if !(5..=500).contains(&reason.chars().count()) {
        problems.push(("reason", Key::StandingReasonRequired));
    }
    let (Some(affiliation), Some(country), true) = (affiliation, country, problems.is_empty())
    else {
        return Err(DomainError::from_problems(problems));
    };
    let txn = begin_write(db).await?;
    let target = user::Entity::find_by_id(target_id)
        .lock_exclusive()
        .one(&txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    if !allowed(
        &caller.roles,
        Action::ChangeStanding,
        relation_of(caller, &target),
    ) {
        return Err(DomainError::Forbidden);
    }
    let agency_id = crate::agencies::service::id_for(
        &txn,
        country.code,
        &target.agency,
        agency_kind(affiliation),
    )
    .await?;
    user::Entity::update_many()
        .col_expr(user::Column::Affiliation, Expr::value(affiliation.code()))
        .col_expr(user::Column::Country, Expr::value(country.code))
        .col_expr(user::Column::AgencyId, Expr::value(agency_id))
        .col_expr(user::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(user::Column::Id.eq(target_id))
        .exec(&txn)
        .await?;
    crate::audit::record(
        &txn,
        crate::audit::AuditEvent::StandingChange,
        Some(caller.id),
        Some(target_id),
        None,
        Some(format!(
            "affiliation {} → {}; country {} → {}; reason: {reason}",
            target.affiliation,
            affiliation.code(),
            target.country,
            country.code
        )),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Updates the signed-in person's own profile. The agency and the sign-in address are not
/// theirs to change: a coordinator's reach follows the agency, so only an administrator may
/// move a person between agencies.
pub async fn update_profile(
    db: &DatabaseConnection,
    caller: &crate::auth::CurrentUser,
    input: super::rules::ProfileInput,
) -> Result<super::MyProfile, DomainError> {
    let input = super::rules::ProfileInput {
        agency: caller.agency.clone(),
        ..input
    };
    let profile = input.parse().map_err(|problems| {
        DomainError::Invalid(
            problems
                .into_iter()
                .map(|(field, message)| crate::error::FieldError::new(field, message))
                .collect(),
        )
    })?;
    let txn = begin_write(db).await?;
    let applied = entity::enrollment::Entity::find()
        .filter(entity::enrollment::Column::UserId.eq(caller.id))
        .count(&txn)
        .await?
        + entity::scholarship_application::Entity::find()
            .filter(entity::scholarship_application::Column::UserId.eq(caller.id))
            .count(&txn)
            .await?
        > 0;
    let current =
        super::Affiliation::from_code(&caller.affiliation).unwrap_or(super::Affiliation::Police);
    let locked = super::rules::locked_standing(
        applied,
        (current, &caller.country),
        (profile.affiliation, &profile.country),
    );
    if !locked.is_empty() {
        return Err(DomainError::from_problems(locked));
    }
    // The country is the agency's: a person cannot carry their agency's name into another
    // country and join the agency of that name there.
    if caller.agency_id.is_some() && !caller.country.eq_ignore_ascii_case(&profile.country) {
        return Err(DomainError::invalid(
            "country",
            Key::ProfileCountryFollowsAgency,
        ));
    }
    // The agency follows the country: the same name in another country is another agency.
    let agency_id = crate::agencies::service::id_for(
        &txn,
        &profile.country,
        &caller.agency,
        agency_kind(profile.affiliation),
    )
    .await?;
    user::Entity::update_many()
        .col_expr(user::Column::AgencyId, Expr::value(agency_id))
        .col_expr(user::Column::FullName, Expr::value(profile.full_name))
        .col_expr(user::Column::Country, Expr::value(profile.country))
        .col_expr(user::Column::Rank, Expr::value(profile.rank))
        .col_expr(
            user::Column::Affiliation,
            Expr::value(profile.affiliation.code()),
        )
        .col_expr(user::Column::Gender, Expr::value(profile.gender))
        .col_expr(
            user::Column::PreferredLanguage,
            Expr::value(profile.preferred_language.code()),
        )
        .col_expr(user::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(user::Column::Id.eq(caller.id))
        .exec(&txn)
        .await?;
    crate::audit::record(
        &txn,
        crate::audit::AuditEvent::ProfileChange,
        Some(caller.id),
        Some(caller.id),
        None,
        None,
    )
    .await?;
    txn.commit().await?;
    profile_of(db, caller.id).await
}

/// Refuses a change that would take `target_id`'s administrator role or access away if they are
/// the last active administrator. Every administrator row is locked first, so two
/// administrators demoting each other at once cannot leave the programme with none (SQLite's
/// IMMEDIATE transaction serialises this already).
async fn keep_an_administrator(
    txn: &sea_orm::DatabaseTransaction,
    target_id: i64,
) -> Result<(), DomainError> {
    use sea_orm::QuerySelect;
    let admins: Vec<user_role::Model> = user_role::Entity::find()
        .filter(user_role::Column::Role.eq(Role::Administrator.code()))
        .lock_exclusive()
        .all(txn)
        .await?;
    if !admins.iter().any(|r| r.user_id == target_id) {
        return Ok(());
    }
    let ids: Vec<i64> = admins.iter().map(|r| r.user_id).collect();
    let active_admins = user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .filter(user::Column::Active.eq(true))
        .count(txn)
        .await?;
    if active_admins <= 1 {
        return Err(DomainError::Conflict(Key::RolesLastAdministrator));
    }
    Ok(())
}

/// Deactivates or reactivates an account (administrators only, never their own). A deactivated
/// person's sessions end at once and they cannot sign in; the last active administrator stays.
pub async fn set_active(
    db: &DatabaseConnection,
    caller: &crate::auth::CurrentUser,
    target_id: i64,
    active: bool,
) -> Result<(), DomainError> {
    use crate::auth::policy::{Action, Relation, allowed, relation_of};

    if !allowed(&caller.roles, Action::DeactivateUsers, Relation::Other) {
        return Err(DomainError::Forbidden);
    }
    let txn = begin_write(db).await?;
    let target = user::Entity::find_by_id(target_id)
        .one(&txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    let relation = relation_of(caller, &target);
    if !allowed(&caller.roles, Action::DeactivateUsers, relation) {
        return Err(DomainError::Conflict(Key::DeactivateSelf));
    }
    if target.active == active {
        return Ok(());
    }
    if !active {
        keep_an_administrator(&txn, target_id).await?;
        entity::session::Entity::delete_many()
            .filter(entity::session::Column::UserId.eq(target_id))
            .exec(&txn)
            .await?;
    }
    user::Entity::update_many()
        .col_expr(user::Column::Active, Expr::value(active))
        .col_expr(user::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(user::Column::Id.eq(target_id))
        .exec(&txn)
        .await?;
    let event = if active {
        crate::audit::AuditEvent::Reactivation
    } else {
        crate::audit::AuditEvent::Deactivation
    };
    crate::audit::record(&txn, event, Some(caller.id), Some(target_id), None, None).await?;
    txn.commit().await?;
    Ok(())
}

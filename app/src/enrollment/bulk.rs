//! Load-test data for `bench/enrollment.sh` (`picap bench-seed-enrollment`): many trainees with
//! sessions whose tokens the benchmark knows, and open offerings; then a check of the
//! invariants after the load (`picap bench-check-enrollment`). Never part of demo data.

use chrono::{Duration, Utc};
use entity::{enrollment, module, offering, session, user, user_role};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

use crate::db::begin_write;
use crate::error::DomainError;

/// Writes `trainees` trainees, each signed in with the session token `bench-trainee-{n}`, and
/// `offerings` open offerings of `capacity` seats. Returns the offerings' ids.
pub async fn seed(
    db: &DatabaseConnection,
    trainees: usize,
    offerings: usize,
    capacity: i32,
) -> Result<Vec<i64>, DomainError> {
    let now = Utc::now();
    let today = now.date_naive();
    let txn = begin_write(db).await?;
    let module = module::ActiveModel {
        code: Set(format!("BENCH-EN-{}", now.timestamp())),
        title: Set(
            r#"{"en":"Enrolment load test","es":"Prueba de carga de inscripciones"}"#.into(),
        ),
        summary: Set("{}".into()),
        search_text: Set("bench enrolment load test".into()),
        credits: Set(1),
        hours: Set(8),
        level: Set("introductory".into()),
        delivery_mode: Set("distance".into()),
        audience: Set("both".into()),
        status: Set("published".into()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let mut ids = Vec::new();
    for _ in 0..offerings {
        let saved = offering::ActiveModel {
            module_id: Set(module.id),
            starts_on: Set(today + Duration::days(60)),
            ends_on: Set(today + Duration::days(65)),
            enrollment_opens: Set(today - Duration::days(1)),
            enrollment_closes: Set(today + Duration::days(30)),
            capacity: Set(capacity),
            language: Set("es".into()),
            country: Set("PE".into()),
            host_agency: Set("Bench".into()),
            enrollment_policy: Set("open".into()),
            status: Set("published".into()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        ids.push(saved.id);
    }
    for chunk in (0..trainees).collect::<Vec<_>>().chunks(500) {
        let people: Vec<user::ActiveModel> = chunk
            .iter()
            .map(|n| {
                let affiliation = if n % 3 == 0 { "civilian" } else { "police" };
                bench_person(
                    &format!("bench-trainee-{n}@bench.example.org"),
                    &format!("Bench trainee {n}"),
                    affiliation,
                    now,
                )
            })
            .collect();
        user::Entity::insert_many(people).exec(&txn).await?;
        let emails: Vec<String> = chunk
            .iter()
            .map(|n| format!("bench-trainee-{n}@bench.example.org"))
            .collect();
        let saved = user::Entity::find()
            .filter(user::Column::Email.is_in(emails))
            .all(&txn)
            .await?;
        let number = |email: &str| -> Option<usize> {
            email
                .strip_prefix("bench-trainee-")?
                .split('@')
                .next()?
                .parse()
                .ok()
        };
        user_role::Entity::insert_many(saved.iter().map(|u| user_role::ActiveModel {
            user_id: Set(u.id),
            role: Set("trainee".into()),
        }))
        .exec(&txn)
        .await?;
        session::Entity::insert_many(saved.iter().filter_map(|u| {
            let n = number(&u.email)?;
            Some(session::ActiveModel {
                token_hash: Set(crate::auth::service::token_hash(&format!(
                    "bench-trainee-{n}"
                ))),
                user_id: Set(u.id),
                created_at: Set(now),
                last_seen_at: Set(now),
                user_agent: Set(None),
                ip: Set(None),
            })
        }))
        .exec(&txn)
        .await?;
    }
    txn.commit().await?;
    crate::db::analyze(db).await?;
    Ok(ids)
}

/// A benchmark's person of Peru with no password, created by the programme as an import would
/// (address verified, membership confirmed): the load-test seeders' one shape of account.
pub(crate) fn bench_person(
    email: &str,
    full_name: &str,
    affiliation: &str,
    now: chrono::DateTime<Utc>,
) -> user::ActiveModel {
    user::ActiveModel {
        email: Set(email.to_string()),
        full_name: Set(full_name.to_string()),
        country: Set("PE".into()),
        agency: Set("Bench".into()),
        rank: Set(String::new()),
        affiliation: Set(affiliation.to_string()),
        gender: Set(None),
        preferred_language: Set("es".into()),
        password_hash: Set(None),
        active: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        failed_logins: Set(0),
        last_failed_at: Set(None),
        locked_until: Set(None),
        email_verified_at: Set(Some(now)),
        membership: Set(crate::accounts::Membership::Confirmed.code().to_string()),
        ..Default::default()
    }
}

/// After a load: for every offering, seats within capacity and equal to the enrolled count,
/// and the waiting list numbered 1..n without gaps. Returns a one-line summary, or what broke.
pub async fn check(db: &DatabaseConnection) -> Result<Result<String, String>, DomainError> {
    let (mut enrolled, mut waiting) = (0usize, 0usize);
    for o in offering::Entity::find().all(db).await? {
        let rows = enrollment::Entity::find()
            .filter(enrollment::Column::OfferingId.eq(o.id))
            .all(db)
            .await?;
        let seats = rows.iter().filter(|e| e.status == "enrolled").count();
        let mut positions: Vec<i32> = rows
            .iter()
            .filter(|e| e.status == "waitlisted")
            .filter_map(|e| e.waitlist_position)
            .collect();
        positions.sort_unstable();
        let dense = positions
            .iter()
            .enumerate()
            .all(|(i, p)| usize::try_from(*p).ok() == Some(i + 1));
        let capacity = usize::try_from(o.capacity).unwrap_or(0);
        if seats > capacity
            || usize::try_from(o.seats_taken).ok() != Some(seats)
            || !dense
            || usize::try_from(o.waitlist_length).ok() != Some(positions.len())
        {
            return Ok(Err(format!(
                "offering {}: {seats} enrolled of {} (counter {}), waiting list {:?} (counter {})",
                o.id, o.capacity, o.seats_taken, positions, o.waitlist_length
            )));
        }
        enrolled += seats;
        waiting += positions.len();
    }
    Ok(Ok(format!(
        "invariants hold: {enrolled} enrolled within capacity, {waiting} waiting in dense lists"
    )))
}

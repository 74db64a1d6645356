//! Demo newcomers: people who registered themselves and wait for their agency, so the
//! memberships page and the agencies page have something real in them.

use chrono::Utc;
use entity::user;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use super::rules::EmailAddress;
use super::service::{NewUser, insert_user};
use super::{Affiliation, Role};
use crate::agencies::AgencyKind;
use crate::db::begin_write;
use crate::error::DomainError;
use crate::i18n::Locale;

/// (name, address, country, agency, listed agency?, rank).
const NEWCOMERS: &[(&str, &str, &str, &str, bool, &str)] = &[
    // Waits for the demo coordinator of the Polícia Federal.
    (
        "Beatriz Santos",
        "beatriz.santos@pf.example.org",
        "BR",
        "Polícia Federal",
        true,
        "Agente",
    ),
    // Asked for an agency that is not listed: an administrator accepts it, then confirms her.
    (
        "Luana Ferreira",
        "luana.ferreira@gcm.example.org",
        "BR",
        "Guarda Civil Municipal de Campinas",
        false,
        "Guarda municipal",
    ),
];

/// Adds the demo newcomers: verified addresses, memberships pending. They have no password
/// (they would set one through "Forgot password").
pub async fn seed(db: &DatabaseConnection) -> Result<(), DomainError> {
    let txn = begin_write(db).await?;
    for (name, email, country, agency, listed, rank) in NEWCOMERS {
        let email = EmailAddress::parse(email)
            .map_err(|e| DomainError::Internal(format!("demo email {email}: {e:?}")))?;
        let chosen = if *listed {
            crate::agencies::service::find_by_name(&txn, country, agency).await?
        } else {
            Some(
                crate::agencies::registry::request(&txn, country, agency, AgencyKind::Government)
                    .await?
                    .0,
            )
        };
        let Some(chosen) = chosen else {
            continue;
        };
        let person = insert_user(
            &txn,
            NewUser {
                email,
                full_name: name.to_string(),
                country: country.to_string(),
                agency: chosen.name.clone(),
                rank: rank.to_string(),
                affiliation: Affiliation::Police,
                gender: None,
                preferred_language: Locale::Pt,
                roles: vec![Role::Trainee],
                agency_id: Some(chosen.id),
                self_registered: true,
            },
            None,
        )
        .await?;
        user::Entity::update_many()
            .col_expr(user::Column::EmailVerifiedAt, Expr::value(Some(Utc::now())))
            .filter(user::Column::Id.eq(person.id))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(())
}

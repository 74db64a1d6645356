//! Server functions for accounts: registration, the profile, and the administration of people
//! (thin: the rules are in `registration` and `service`).
//!
//! A form's server function takes one argument per form field, so the long forms (registration,
//! invitation) exceed clippy's argument count; the generated client functions cannot carry an
//! item-level `allow`, hence this module-level one.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

use super::{MyProfile, UserSummary};
use crate::error::AppError;

/// Creates a trainee account, signs the new person in and sends them to `next` with a welcome
/// notice when it is a path on this site ([`crate::auth::SafeReturnPath`]), else to their
/// profile.
#[server(endpoint = "register")]
pub async fn register(
    email: String,
    password: String,
    full_name: String,
    country: String,
    #[server(default)] agency_id: String,
    #[server(default)] requested_agency: String,
    rank: String,
    affiliation: String,
    gender: Option<String>,
    preferred_language: String,
    #[server(default)] next: Option<String>,
) -> Result<(), AppError> {
    use crate::accounts::registration::Registration;
    use crate::accounts::rules::ProfileInput;
    use crate::auth::throttle::Scope;
    use crate::request;

    let gender = gender.unwrap_or_default();
    let typed = [
        ("email", email.as_str()),
        ("full_name", full_name.as_str()),
        ("country", country.as_str()),
        ("agency_id", agency_id.as_str()),
        ("requested_agency", requested_agency.as_str()),
        ("rank", rank.as_str()),
        ("affiliation", affiliation.as_str()),
        ("gender", gender.as_str()),
        ("preferred_language", preferred_language.as_str()),
    ];
    let db = request::db()?;
    let locale = request::locale();
    let client = request::client();
    let form = Registration {
        email: email.clone(),
        password: password.clone(),
        profile: ProfileInput {
            full_name: full_name.clone(),
            country: country.clone(),
            agency: String::new(),
            rank: rank.clone(),
            affiliation: affiliation.clone(),
            gender: gender.clone(),
            preferred_language: preferred_language.clone(),
        },
        agency_id: agency_id.clone(),
        requested_agency: requested_agency.clone(),
    };
    let outcome = async {
        request::count_attempt(Scope::Register).await?;
        crate::accounts::registration::register(&db, &request::site(), form, &client)
            .await
            .map_err(|e| e.for_page(locale))
    }
    .await;
    crate::forms::keep_typed(outcome, "register", &typed)?;
    let signed_in =
        crate::auth::service::login(&db, &email, &password, &client, &request::site().clock)
            .await
            .map_err(|_| AppError::Internal)?;
    crate::auth::api::start_session(&signed_in.token);
    leptos_axum::redirect(&crate::auth::return_path::after_registration(
        next.as_deref(),
    ));
    Ok(())
}

/// The signed-in person's profile.
#[server(endpoint = "load_profile")]
pub async fn load_profile() -> Result<MyProfile, AppError> {
    use crate::request;
    let (db, user, _) = request::signed_in().await?;
    crate::accounts::service::profile_of(&db, user.id)
        .await
        .map_err(|e| e.for_page(request::locale()))
}

/// Saves the signed-in person's profile.
#[server(endpoint = "update_profile")]
pub async fn update_profile(
    full_name: String,
    country: String,
    rank: String,
    affiliation: String,
    gender: Option<String>,
    preferred_language: String,
) -> Result<MyProfile, AppError> {
    use crate::accounts::rules::ProfileInput;
    use crate::request;
    let gender = gender.unwrap_or_default();
    let (db, user, _) = request::signed_in().await?;
    let input = ProfileInput {
        full_name: full_name.clone(),
        country: country.clone(),
        agency: String::new(),
        rank: rank.clone(),
        affiliation: affiliation.clone(),
        gender: gender.clone(),
        preferred_language: preferred_language.clone(),
    };
    let outcome = crate::accounts::service::update_profile(&db, &user, input)
        .await
        .map_err(|e| e.for_page(request::locale()));
    let saved = crate::forms::keep_typed(
        outcome,
        "update_profile",
        &[
            ("full_name", &full_name),
            ("country", &country),
            ("rank", &rank),
            ("affiliation", &affiliation),
            ("gender", &gender),
            ("preferred_language", &preferred_language),
        ],
    )?;
    leptos_axum::redirect("/profile?saved=profile");
    Ok(saved)
}

/// People matching `q`: everyone for an administrator, the own agency for a coordinator.
#[server(endpoint = "search_people")]
pub async fn search_people(q: String) -> Result<Vec<UserSummary>, AppError> {
    use crate::request;
    let (db, user, _) = request::signed_in().await?;
    crate::accounts::service::search_users(&db, &user, &q, 100)
        .await
        .map_err(|e| e.for_page(request::locale()))
}

/// Replaces a person's roles (administrators). Each role is a checkbox.
#[server(endpoint = "set_person_roles")]
pub async fn set_person_roles(
    user_id: i64,
    trainee: Option<String>,
    instructor: Option<String>,
    coordinator: Option<String>,
    administrator: Option<String>,
) -> Result<(), AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    let roles: Vec<String> = [
        (trainee, "trainee"),
        (instructor, "instructor"),
        (coordinator, "coordinator"),
        (administrator, "administrator"),
    ]
    .into_iter()
    .filter_map(|(checked, code)| checked.map(|_| code.to_string()))
    .collect();
    crate::accounts::service::change_roles(&db, &caller, user_id, &roles)
        .await
        .map_err(|e| e.for_page(request::locale()))?;
    Ok(())
}

/// Deactivates (`active = false`) or reactivates an account (administrators).
#[server(endpoint = "set_person_active")]
pub async fn set_person_active(user_id: i64, active: bool) -> Result<(), AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    crate::accounts::service::set_active(&db, &caller, user_id, active)
        .await
        .map_err(|e| e.for_page(request::locale()))
}

/// Changes a person's affiliation and country, with a reason (their coordinator, or an
/// administrator).
#[server(endpoint = "change_person_standing")]
pub async fn change_person_standing(
    user_id: i64,
    affiliation: String,
    country: String,
    reason: String,
) -> Result<(), AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    let outcome = crate::accounts::service::change_standing(
        &db,
        &caller,
        user_id,
        &affiliation,
        &country,
        &reason,
    )
    .await
    .map_err(|e| e.for_page(request::locale()));
    crate::forms::keep_typed(
        outcome,
        &format!("standing-{user_id}"),
        &[("reason", &reason)],
    )
}

/// Creates an account and emails an invitation to set a password.
#[server(endpoint = "invite_person")]
pub async fn invite_person(
    email: String,
    full_name: String,
    country: String,
    agency: String,
    rank: String,
    affiliation: String,
    preferred_language: String,
    trainee: Option<String>,
    instructor: Option<String>,
    coordinator: Option<String>,
) -> Result<String, AppError> {
    use crate::accounts::registration::Invitation;
    use crate::accounts::rules::ProfileInput;
    use crate::request;
    let typed = [
        ("email", email.clone()),
        ("full_name", full_name.clone()),
        ("country", country.clone()),
        ("agency", agency.clone()),
        ("rank", rank.clone()),
        ("affiliation", affiliation.clone()),
        ("preferred_language", preferred_language.clone()),
    ];
    let (db, caller, _) = request::signed_in().await?;
    let roles = [
        (trainee, "trainee"),
        (instructor, "instructor"),
        (coordinator, "coordinator"),
    ]
    .into_iter()
    .filter_map(|(checked, code)| checked.map(|_| code.to_string()))
    .collect();
    let outcome = crate::accounts::registration::invite(
        &db,
        &request::site(),
        &caller,
        Invitation {
            email,
            profile: ProfileInput {
                full_name,
                country,
                agency,
                rank,
                affiliation,
                gender: String::new(),
                preferred_language,
            },
            roles,
        },
    )
    .await
    .map_err(|e| e.for_page(request::locale()));
    let typed: Vec<(&str, &str)> = typed.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let created = crate::forms::keep_typed(outcome, "invite_person", &typed)?;
    // A plain form post comes back to the page, which says where the invitation went.
    crate::forms::flash("invite_person_sent", &[("email", &created.email)]);
    Ok(created.email)
}

/// A checked import of the caller's, for review.
#[server(endpoint = "load_import")]
pub async fn load_import(batch: i64) -> Result<super::ImportBatchView, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    crate::accounts::import::load_import(&db, &caller, batch)
        .await
        .map_err(|e| e.for_page(request::locale()))
}

/// Creates and invites the people of a checked import (all or none).
#[server(endpoint = "confirm_import")]
pub async fn confirm_import(batch: i64) -> Result<super::ImportBatchView, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    let view = crate::accounts::import::confirm_import(
        &db,
        &request::site(),
        &caller,
        batch,
        request::locale(),
    )
    .await
    .map_err(|e| e.for_page(request::locale()))?;
    leptos_axum::redirect(&format!("/admin/people/import?batch={batch}"));
    Ok(view)
}

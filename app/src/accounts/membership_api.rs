//! Server functions for verification and memberships: thin adapters over `membership`.

use leptos::prelude::*;

use super::PendingMember;
use crate::error::AppError;

/// Follows an address-verification link (the button on `/verify-email`), then returns to that
/// page saying so. Needs no session: the link is the proof.
#[server(endpoint = "verify_email")]
pub async fn verify_email(token: String) -> Result<(), AppError> {
    use crate::request;
    let db = request::db()?;
    let locale = request::locale();
    request::count_attempt(crate::auth::throttle::Scope::EmailVerification).await?;
    super::membership::verify_email(&db, &request::site(), &token, &request::client())
        .await
        .map_err(|e| e.for_page(locale))?;
    leptos_axum::redirect("/verify-email?verified=1");
    Ok(())
}

/// Emails the signed-in person a new verification link, then returns to their profile.
#[server(endpoint = "resend_verification")]
pub async fn resend_verification() -> Result<(), AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    super::membership::send_verification(&db, &request::site(), &caller)
        .await
        .map_err(|e| e.for_page(request::locale()))?;
    leptos_axum::redirect("/profile?saved=verification");
    Ok(())
}

/// The people waiting for the caller to confirm their membership.
#[server(endpoint = "pending_members")]
pub async fn pending_members() -> Result<Vec<PendingMember>, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    super::membership::pending(&db, &caller)
        .await
        .map_err(|e| e.for_page(request::locale()))
}

/// Confirms or declines a membership (`decision` is `confirm` or `decline`; a decline needs a
/// `reason`), then returns to the memberships page saying so.
#[server(endpoint = "decide_membership")]
pub async fn decide_membership(
    user_id: i64,
    decision: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    let locale = request::locale();
    let decision = super::MembershipDecision::from_code(&decision).ok_or_else(|| {
        crate::error::DomainError::invalid("decision", crate::i18n::Key::MembershipDecisionUnknown)
            .for_page(locale)
    })?;
    let decided =
        super::membership::decide(&db, &request::site(), &caller, user_id, decision, &reason)
            .await
            .map_err(|e| e.for_page(locale));
    let decided = crate::forms::keep_typed(decided, "decide_membership", &[("reason", &reason)])?;
    leptos_axum::redirect(&format!("/memberships?outcome={}", decided.membership));
    Ok(())
}

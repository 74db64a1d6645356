//! `/verify-email`: the page an address-verification link opens. The link itself changes
//! nothing (mail scanners follow links); the person presses the button, which works without
//! JavaScript.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::accounts::VerifyEmail;
use crate::forms::{FormAlert, action_error};
use crate::i18n::{Key, use_i18n};

/// Confirms the address of the link's token, or says it has been confirmed.
#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let verify = ServerAction::<VerifyEmail>::new();
    let error = action_error(verify);
    let token = move || query.read().get("token").unwrap_or_default();
    let verified = move || query.read().get("verified").is_some();
    view! {
        <Title text=i18n.t(Key::MembershipVerifyTitle) />
        <section class="form-page" aria-labelledby="verify-title">
            <h1 id="verify-title">{i18n.t(Key::MembershipVerifyTitle)}</h1>
            {move || if verified() {
                view! {
                    <p class="form-notice" role="status" id="verify-done">{i18n.t(Key::MembershipVerified)}</p>
                    <p>{i18n.t(Key::MembershipVerifiedNext)}</p>
                    <p class="form-links"><a href="/catalog">{i18n.t(Key::NavCatalog)}</a></p>
                }.into_any()
            } else if token().trim().is_empty() {
                view! { <p role="alert">{i18n.t(Key::MembershipLinkInvalid)}</p> }.into_any()
            } else {
                view! {
                    <p>{i18n.t(Key::MembershipVerifyLead)}</p>
                    <ActionForm action=verify attr:class="stacked-form" attr:id="verify-form">
                        <FormAlert error=error />
                        <input type="hidden" name="token" value=token() />
                        <button type="submit" class="primary-button">{i18n.t(Key::MembershipVerifySubmit)}</button>
                    </ActionForm>
                }.into_any()
            }}
        </section>
    }
}

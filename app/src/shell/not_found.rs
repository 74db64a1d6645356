//! The 404 page and the generic error page.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::i18n::{Key, use_i18n};

/// Shown for any address that is not a page; answers with HTTP 404.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t(Key::NotFoundTitle) />
        <section class="message-page">
            <h1>{i18n.t(Key::NotFoundTitle)}</h1>
            <p>{i18n.t(Key::NotFoundText)}</p>
            <p>
                <A href="/">{i18n.t(Key::NotFoundHomeLink)}</A>
            </p>
        </section>
    }
}

/// Shown when a page failed to render; the details are in the server log, never here.
#[component]
pub fn ErrorPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::INTERNAL_SERVER_ERROR);
    }
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t(Key::ErrorTitle) />
        <section class="message-page" role="alert">
            <h1>{i18n.t(Key::ErrorTitle)}</h1>
            <p>{i18n.t(Key::ErrorText)}</p>
            <p>
                <A href="/">{i18n.t(Key::NotFoundHomeLink)}</A>
            </p>
        </section>
    }
}

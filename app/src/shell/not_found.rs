//! The 404 page and the generic error page.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::i18n::{Key, use_i18n};

/// A page that only says what happened and offers the way home, with its HTTP status.
#[component]
fn MessagePage(status: u16, title: Key, text: Key, #[prop(optional)] alert: bool) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let (Some(response), Ok(code)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(status),
    ) {
        response.set_status(code);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = status;
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t(title) />
        <section class="message-page" role=alert.then_some("alert")>
            <h1>{i18n.t(title)}</h1>
            <p>{i18n.t(text)}</p>
            <p>
                <A href="/">{i18n.t(Key::NotFoundHomeLink)}</A>
            </p>
        </section>
    }
}

/// Shown for any address that is not a page; answers with HTTP 404.
#[component]
pub fn NotFound() -> impl IntoView {
    view! { <MessagePage status=404 title=Key::NotFoundTitle text=Key::NotFoundText /> }
}

/// Shown when a page failed to render; the details are in the server log, never here.
#[component]
pub fn ErrorPage() -> impl IntoView {
    view! { <MessagePage status=500 title=Key::ErrorTitle text=Key::ErrorText alert=true /> }
}

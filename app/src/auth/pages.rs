//! Sign-in, forgotten and reset passwords, and the header's user menu.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_location, use_query_map};

use super::{CurrentUser, ForgotPassword, ResetPassword, SafeReturnPath, SignIn, SignOut};
use crate::forms::{Field, FormAlert, action_error, typed_value};
use crate::i18n::{Key, use_i18n};

/// The signed-in person and the sign-out action, shared by the header and pages.
#[derive(Clone, Copy)]
pub struct AuthActions {
    /// Submitted by the sign-out button.
    pub sign_out: ServerAction<SignOut>,
    /// Who is signed in, known before the page is rendered (a sign-in or sign-out redirects,
    /// and the next page is rendered knowing it).
    pub user: Signal<Option<CurrentUser>>,
}

/// Creates the sign-out action and reads who is signed in.
pub fn provide_auth() -> AuthActions {
    let sign_out = ServerAction::<SignOut>::new();
    let actions = AuthActions {
        sign_out,
        user: Signal::stored(page_user()),
    };
    provide_context(actions);
    actions
}

/// The person the server found signed in for this page. The server looks them up before
/// rendering and leaves them in the request ([`super::SignedInUser`]); the header then needs no
/// `<Suspense>`, so the navigation is in the HTML from the first byte. (Two suspense boundaries
/// reading one resource made Leptos leave some responses unfinished under load.)
fn page_user() -> Option<CurrentUser> {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<super::SignedInUser>().cloned())
            .and_then(|signed_in| signed_in.0)
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

/// The shared authentication state.
pub fn use_auth() -> AuthActions {
    expect_context::<AuthActions>()
}

/// "Signed in as …" with links to the profile and a sign-out button, or a sign-in link.
#[component]
pub fn UserMenu() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    view! {
        <div class="user-menu">
            {move || match auth.user.get() {
                Some(user) => {
                    let name = user.full_name.clone();
                    view! {
                        <A href="/profile" attr:class="user-menu__name">
                            {move || i18n.locale().format(Key::AuthSignedInAs, &[("name", &name)])}
                        </A>
                        <ActionForm action=auth.sign_out attr:class="inline-form">
                            <button type="submit" class="link-button">
                                {i18n.t(Key::NavSignOut)}
                            </button>
                        </ActionForm>
                    }
                        .into_any()
                }
                None => {
                    // Signing in or registering from a page comes back to it.
                    let here = SafeReturnPath::parse(&current_path())
                        .filter(|path| path.as_str() != "/");
                    let (sign_in, register) = match here {
                        Some(path) => (path.carried_to("/sign-in"), path.carried_to("/register")),
                        None => ("/sign-in".to_string(), "/register".to_string()),
                    };
                    view! {
                        <a href=sign_in>{i18n.t(Key::NavSignIn)}</a>
                        <a href=register>{i18n.t(Key::NavRegister)}</a>
                    }
                        .into_any()
                }
            }}
        </div>
    }
}

/// A confirmation shown above a form, from a `?name=value` the server redirected to.
#[component]
pub fn Notice(
    /// The query parameter.
    param: &'static str,
    /// (value, text) pairs.
    texts: &'static [(&'static str, Key)],
) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let text = move || {
        let value = query.read().get(param)?;
        texts
            .iter()
            .find(|(v, _)| *v == value)
            .map(|(_, key)| i18n.locale().text(*key))
    };
    view! {
        <Show when=move || text().is_some()>
            <p class="form-notice" role="status">{text}</p>
        </Show>
    }
}

/// The page to return to after signing in or registering: the `?next=` of this page's address,
/// when it is a path on this site.
pub fn next_param() -> Option<SafeReturnPath> {
    use_query_map()
        .read_untracked()
        .get("next")
        .and_then(|next| SafeReturnPath::parse(&next))
}

/// "Welcome to PICAP…", on the page a new person lands on after registering (`?welcome=1`).
#[component]
pub fn WelcomeNotice() -> impl IntoView {
    view! { <Notice param="welcome" texts=&[("1", Key::RegisterWelcome)] /> }
}

/// This page's path and query, without the error Leptos adds to a refused form's address.
fn current_path() -> String {
    let location = use_location();
    let path = location.pathname.get_untracked();
    let search = location.search.get_untracked();
    let kept: Vec<&str> = search
        .trim_start_matches('?')
        .split('&')
        .filter(|pair| !pair.is_empty() && !pair.starts_with("__"))
        .collect();
    if kept.is_empty() {
        path
    } else {
        format!("{path}?{}", kept.join("&"))
    }
}

/// Shown instead of a page that needs a signed-in person: a sign-in link that brings them back
/// to this page.
#[component]
pub fn SignInFirst() -> impl IntoView {
    let i18n = use_i18n();
    let here = current_path();
    let href = SafeReturnPath::parse(&here).map_or_else(
        || "/sign-in".to_string(),
        |path| path.carried_to("/sign-in"),
    );
    view! {
        <section class="form-page">
            <p class="form-error" role="alert">{i18n.t(Key::FormSignInRequired)}</p>
            <p>
                <a href=href class="primary-button">{i18n.t(Key::NavSignIn)}</a>
            </p>
        </section>
    }
}

/// The sign-in page: a form that works with or without JavaScript. A `?next=` path on this site
/// is kept in the form (and through a refusal, whose redirect keeps this address) and carried on
/// to the registration link.
#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SignIn>::new();
    let error = action_error(action);
    let next = next_param();
    let register_href = next.as_ref().map_or_else(
        || "/register".to_string(),
        |path| path.carried_to("/register"),
    );
    let next = next.map(|path| path.as_str().to_string());
    view! {
        <Title text=i18n.t(Key::SignInTitle) />
        <section class="form-page" aria-labelledby="sign-in-title">
            <h1 id="sign-in-title">{i18n.t(Key::SignInTitle)}</h1>
            <Notice param="password" texts=&[("set", Key::ResetDone)] />
            <ActionForm action=action attr:class="stacked-form" attr:id="sign-in-form">
                <FormAlert error=error />
                {next.map(|next| view! { <input type="hidden" name="next" value=next /> })}
                <Field
                    form="sign-in"
                    name="email"
                    label=Key::SignInEmail
                    kind="email"
                    autocomplete="username"
                    required=true
                    maxlength=320
                    value=typed_value("sign_in", "email").unwrap_or_default()
                    error=error
                />
                <Field
                    form="sign-in"
                    name="password"
                    label=Key::SignInPassword
                    kind="password"
                    autocomplete="current-password"
                    required=true
                    maxlength=512
                    error=error
                />
                <button type="submit" class="primary-button">
                    {i18n.t(Key::SignInSubmit)}
                </button>
            </ActionForm>
            <p class="form-links">
                <A href="/forgot-password">{i18n.t(Key::ForgotLink)}</A>
                " · "
                <a href=register_href>{i18n.t(Key::RegisterLink)}</a>
            </p>
        </section>
    }
}

/// "Forgot password": asks for the address and emails a link.
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<ForgotPassword>::new();
    let error = action_error(action);
    view! {
        <Title text=i18n.t(Key::ForgotTitle) />
        <section class="form-page" aria-labelledby="forgot-title">
            <h1 id="forgot-title">{i18n.t(Key::ForgotTitle)}</h1>
            <Notice param="sent" texts=&[("1", Key::ForgotSent)] />
            <p>{i18n.t(Key::ForgotLead)}</p>
            <ActionForm action=action attr:class="stacked-form">
                <FormAlert error=error />
                <Field
                    form="forgot"
                    name="email"
                    label=Key::SignInEmail
                    kind="email"
                    autocomplete="username"
                    required=true
                    maxlength=320
                    value=typed_value("forgot_password", "email").unwrap_or_default()
                    error=error
                />
                <button type="submit" class="primary-button">
                    {i18n.t(Key::ForgotSubmit)}
                </button>
            </ActionForm>
        </section>
    }
}

/// Sets a new password from the emailed link (`?token=…`).
#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let action = ServerAction::<ResetPassword>::new();
    let error = action_error(action);
    view! {
        <Title text=i18n.t(Key::ResetTitle) />
        <section class="form-page" aria-labelledby="reset-title">
            <h1 id="reset-title">{i18n.t(Key::ResetTitle)}</h1>
            <ActionForm action=action attr:class="stacked-form">
                <FormAlert error=error />
                <input type="hidden" name="token" value=token />
                <Field
                    form="reset"
                    name="new_password"
                    label=Key::PasswordNew
                    kind="password"
                    autocomplete="new-password"
                    required=true
                    maxlength=512
                    hint=Key::PasswordHint
                    error=error
                />
                <button type="submit" class="primary-button">
                    {i18n.t(Key::ResetSubmit)}
                </button>
            </ActionForm>
            <p class="form-links">
                <A href="/forgot-password">{i18n.t(Key::ResetAskAgain)}</A>
            </p>
        </section>
    }
}

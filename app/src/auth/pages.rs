//! The sign-in page and the header's user menu.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use super::{CurrentUser, SignIn, SignOut, who_am_i};
use crate::error::AppError;
use crate::i18n::{Key, use_i18n};

/// The sign-in and sign-out actions and the signed-in person, shared by the header and pages.
#[derive(Clone, Copy)]
pub struct AuthActions {
    /// Submitted by the sign-in form.
    pub sign_in: ServerAction<SignIn>,
    /// Submitted by the sign-out button.
    pub sign_out: ServerAction<SignOut>,
    /// Who is signed in; refetched after each sign-in or sign-out.
    pub user: Resource<Option<CurrentUser>>,
}

/// Creates the shared actions and the current-user resource.
pub fn provide_auth() -> AuthActions {
    let sign_in = ServerAction::<SignIn>::new();
    let sign_out = ServerAction::<SignOut>::new();
    let user = Resource::new(
        move || (sign_in.version().get(), sign_out.version().get()),
        |_| async { who_am_i().await.ok().flatten() },
    );
    let actions = AuthActions {
        sign_in,
        sign_out,
        user,
    };
    provide_context(actions);
    actions
}

fn use_auth() -> AuthActions {
    expect_context::<AuthActions>()
}

/// "Signed in as …" with a sign-out button, or a sign-in link.
#[component]
pub fn UserMenu() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    view! {
        <div class="user-menu">
            <Transition fallback=|| ()>
                {move || {
                    auth.user
                        .get()
                        .map(|user| match user {
                            Some(user) => {
                                let name = user.full_name.clone();
                                view! {
                                    <span class="user-menu__name">
                                        {move || {
                                            i18n.locale().format(Key::AuthSignedInAs, &[("name", &name)])
                                        }}
                                    </span>
                                    <ActionForm action=auth.sign_out attr:class="inline-form">
                                        <button type="submit" class="link-button">
                                            {i18n.t(Key::NavSignOut)}
                                        </button>
                                    </ActionForm>
                                }
                                    .into_any()
                            }
                            None => {
                                view! { <A href="/sign-in">{i18n.t(Key::NavSignIn)}</A> }.into_any()
                            }
                        })
                }}
            </Transition>
        </div>
    }
}

/// The sign-in page: a form that works with or without JavaScript.
#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let error = move || match auth.sign_in.value().get() {
        Some(Err(AppError::Invalid { message, .. }))
        | Some(Err(AppError::TooManyRequests(message))) => Some(message),
        Some(Err(_)) => Some(i18n.locale().text(Key::ErrorText).to_string()),
        _ => None,
    };
    view! {
        <Title text=i18n.t(Key::SignInTitle) />
        <section class="form-page" aria-labelledby="sign-in-title">
            <h1 id="sign-in-title">{i18n.t(Key::SignInTitle)}</h1>
            <ActionForm action=auth.sign_in attr:class="stacked-form">
                <Show when=move || error().is_some()>
                    <p class="form-error" role="alert" id="sign-in-error">
                        {error}
                    </p>
                </Show>
                <label for="sign-in-email">{i18n.t(Key::SignInEmail)}</label>
                <input
                    id="sign-in-email"
                    type="email"
                    name="email"
                    autocomplete="username"
                    required
                    maxlength="320"
                />
                <label for="sign-in-password">{i18n.t(Key::SignInPassword)}</label>
                <input
                    id="sign-in-password"
                    type="password"
                    name="password"
                    autocomplete="current-password"
                    required
                    maxlength="512"
                />
                <button type="submit" class="primary-button">
                    {i18n.t(Key::SignInSubmit)}
                </button>
            </ActionForm>
        </section>
    }
}

//! Header (brand, navigation, language) and footer.

use leptos::prelude::*;
use leptos_router::components::A;

use super::nav::visible_items;
use crate::i18n::{Key, LanguageSwitcher, use_i18n};

/// The site header. On small screens the navigation folds behind a Menu button once the page is
/// interactive; before that (or without JavaScript) it is simply shown.
#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    let enhanced = RwSignal::new(false);
    Effect::new(move |_| enhanced.set(true));
    let auth = crate::auth::use_auth();
    // The entries follow the signed-in person's roles (a visitor sees the public ones).
    let items = move || {
        let roles = auth
            .user
            .get()
            .flatten()
            .map(|user| user.roles)
            .unwrap_or_default();
        visible_items(&roles)
    };
    view! {
        <header class="site-header" data-enhanced=move || enhanced.get().to_string()>
            <div class="site-header__inner">
                <A href="/" attr:class="brand">
                    <span class="brand__mark" aria-hidden="true">"PICAP"</span>
                    <span class="brand__name">{i18n.t(Key::SiteFullName)}</span>
                </A>
                <button
                    type="button"
                    class="menu-toggle"
                    aria-controls="primary-nav"
                    aria-expanded=move || open.get().to_string()
                    on:click=move |_| open.update(|o| *o = !*o)
                >
                    {i18n.t(Key::NavMenu)}
                </button>
                <nav
                    id="primary-nav"
                    class="primary-nav"
                    aria-label=i18n.t(Key::NavLabel)
                    data-open=move || open.get().to_string()
                >
                    <ul>
                        <Transition fallback=|| ()>
                            {move || {
                                items()
                                    .into_iter()
                                    .map(|item| {
                                        view! {
                                            <li>
                                                <A href=item.href>{i18n.t(item.label)}</A>
                                            </li>
                                        }
                                    })
                                    .collect_view()
                            }}
                        </Transition>
                    </ul>
                    <crate::auth::UserMenu />
                    <LanguageSwitcher />
                </nav>
            </div>
        </header>
    }
}

/// The site footer.
#[component]
pub fn Footer() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <footer class="site-footer">
            <p>{i18n.t(Key::FooterText)}</p>
        </footer>
    }
}

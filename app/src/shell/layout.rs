//! Header (brand, navigation, language) and footer.

use leptos::prelude::*;
use leptos_router::components::A;

use super::menu::Menu;
use super::nav::visible_items;
use crate::i18n::{Key, LanguageSwitcher, use_i18n};

/// The site header: brand, navigation, the signed-in person and the language switcher, all
/// rendered on the server; only the Menu button ([`Menu`]) runs in the browser.
#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let auth = crate::auth::use_auth();
    // The entries follow the signed-in person's roles (a visitor sees the public ones).
    let items = move || {
        let roles = auth.user.get().map(|user| user.roles).unwrap_or_default();
        visible_items(&roles)
    };
    let locale = i18n.locale();
    view! {
        <header class="site-header">
            <div class="site-header__inner">
                <A href="/" attr:class="brand">
                    <span class="brand__mark" aria-hidden="true">"PICAP"</span>
                    <span class="brand__name">{i18n.t(Key::SiteFullName)}</span>
                </A>
                <Menu
                    label=locale.text(Key::NavMenu).to_string()
                    nav_label=locale.text(Key::NavLabel).to_string()
                >
                    <ul>
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
                    </ul>
                    <crate::auth::UserMenu />
                    <LanguageSwitcher />
                </Menu>
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

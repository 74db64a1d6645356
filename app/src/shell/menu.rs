//! The header's Menu button: the one part of every page that needs code in the browser.

use leptos::prelude::*;

/// The primary navigation behind a Menu button. On a small screen the links fold behind the
/// button once this island runs; before that, or without JavaScript, they are simply shown.
///
/// An island hydrates on its own, without the page's context: the texts come as props, already
/// in the reader's language, and the links as server-rendered children.
#[island]
pub fn Menu(
    /// The button's text ("Menu").
    label: String,
    /// The navigation's accessible name.
    nav_label: String,
    /// The links, the user menu and the language switcher.
    children: Children,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let enhanced = RwSignal::new(false);
    // Effects run only in the browser: this marks the page interactive for the stylesheet (and
    // for the browser tests, which wait for `<html data-hydrated>`).
    Effect::new(move |_| {
        enhanced.set(true);
        #[cfg(feature = "hydrate")]
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.set_attribute("data-hydrated", "true");
        }
    });
    view! {
        <div class="menu" data-enhanced=move || enhanced.get().to_string()>
            <button
                type="button"
                class="menu-toggle"
                aria-controls="primary-nav"
                aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)
            >
                {label}
            </button>
            <nav
                id="primary-nav"
                class="primary-nav"
                aria-label=nav_label
                data-open=move || open.get().to_string()
                // A choice closes the menu (and resets `aria-expanded`), as does Escape.
                on:click=move |ev| {
                    #[cfg(feature = "hydrate")]
                    {
                        use wasm_bindgen::JsCast;
                        let chose = ev
                            .target()
                            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                            .and_then(|e| e.closest("a, button[type=submit]").ok().flatten())
                            .is_some();
                        if chose {
                            open.set(false);
                        }
                    }
                    let _ = ev;
                }
                on:keydown=move |ev| {
                    if ev.key() == "Escape" {
                        open.set(false);
                    }
                }
            >
                {children()}
            </nav>
        </div>
    }
}

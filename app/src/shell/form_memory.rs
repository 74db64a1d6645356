//! Nothing typed is lost when a form is refused.
//!
//! Forms are plain HTML posts to server functions: a refusal comes back as a redirect to the form's
//! page, and the server re-renders it with its field errors (the refusal travels in a short-lived
//! cookie, see `server/src/refusals.rs`, so the address stays clean), but not what was typed.
//! This island remembers each form's fields in the tab's `sessionStorage` as the form is sent,
//! and puts them back into the same form when the page returns with that form's refusal (the
//! server tells it which form through the `refused` prop). Passwords
//! and files are never kept. Without JavaScript, the forms that matter most (sign-in,
//! registration, profile) carry their values through the server instead (`forms::keep_typed`).

use leptos::prelude::*;

/// Keeps and restores what was typed into forms. Rendered once per page; shows nothing.
#[island]
pub fn FormMemory(
    /// The server function whose refusal this page shows (its `__path`), if any.
    refused: Option<String>,
) -> impl IntoView {
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        browser::restore_refused_form(refused.clone());
        #[cfg(not(feature = "hydrate"))]
        let _ = &refused;
    });
    let listener = window_event_listener(leptos::ev::submit, move |ev| {
        #[cfg(feature = "hydrate")]
        browser::remember(&ev);
        let _ = ev;
    });
    on_cleanup(move || listener.remove());
}

#[cfg(feature = "hydrate")]
mod browser {
    use wasm_bindgen::JsCast;
    use web_sys::{
        Element, HtmlFormElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement, Storage,
    };

    const PREFIX: &str = "picap-form:";

    /// One control's state: its name, its value, and for a checkbox or radio button whether it
    /// was ticked.
    type Saved = (String, String, Option<bool>);

    fn storage() -> Option<Storage> {
        web_sys::window()?.session_storage().ok()?
    }

    /// What a control holds, unless it is one never to keep (passwords, files, buttons).
    fn state(element: &Element) -> Option<Saved> {
        if let Some(input) = element.dyn_ref::<HtmlInputElement>() {
            let kind = input.type_();
            if matches!(
                kind.as_str(),
                "password" | "file" | "submit" | "button" | "reset" | "image"
            ) || input.name().is_empty()
            {
                return None;
            }
            let checked = matches!(kind.as_str(), "checkbox" | "radio").then(|| input.checked());
            return Some((input.name(), input.value(), checked));
        }
        if let Some(select) = element.dyn_ref::<HtmlSelectElement>() {
            return (!select.name().is_empty()).then(|| (select.name(), select.value(), None));
        }
        if let Some(area) = element.dyn_ref::<HtmlTextAreaElement>() {
            return (!area.name().is_empty()).then(|| (area.name(), area.value(), None));
        }
        None
    }

    fn controls(form: &HtmlFormElement) -> Vec<Element> {
        let all = form.elements();
        (0..all.length()).filter_map(|i| all.item(i)).collect()
    }

    fn is_hidden(element: &Element) -> bool {
        element
            .dyn_ref::<HtmlInputElement>()
            .is_some_and(|input| input.type_() == "hidden")
    }

    /// Saves the fields of the form being sent, keyed by the server function it posts to.
    pub fn remember(event: &web_sys::Event) {
        let Some(form) = event
            .target()
            .and_then(|t| t.dyn_into::<HtmlFormElement>().ok())
        else {
            return;
        };
        let Some(action) = form.get_attribute("action") else {
            return;
        };
        let saved: Vec<Saved> = controls(&form).iter().filter_map(state).collect();
        if let (Some(storage), Ok(json)) = (storage(), serde_json::to_string(&saved)) {
            let _ = storage.set_item(&format!("{PREFIX}{action}"), &json);
        }
    }

    /// When the page came back with a form's refusal, fills that form in again; otherwise forgets
    /// what was kept.
    pub fn restore_refused_form(refused: Option<String>) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let Some(storage) = storage() else {
            return;
        };
        if let Some(action) = refused {
            let key = format!("{PREFIX}{action}");
            let saved: Option<Vec<Saved>> = storage
                .get_item(&key)
                .ok()
                .flatten()
                .and_then(|json| serde_json::from_str(&json).ok());
            if let Some(saved) = saved {
                fill_form(&window, &action, &saved);
            }
            let _ = storage.remove_item(&key);
        } else {
            forget_all(&storage);
        }
    }

    fn forget_all(storage: &Storage) {
        let keys: Vec<String> = (0..storage.length().unwrap_or(0))
            .filter_map(|i| storage.key(i).ok().flatten())
            .filter(|key| key.starts_with(PREFIX))
            .collect();
        for key in keys {
            let _ = storage.remove_item(&key);
        }
    }

    /// Several forms on a page may post to the same server function (one per row of a table):
    /// the right one is the form whose hidden fields (the row's ids) match what was sent.
    fn fill_form(window: &web_sys::Window, action: &str, saved: &[Saved]) {
        let Some(document) = window.document() else {
            return;
        };
        let Ok(forms) = document.query_selector_all("form[action]") else {
            return;
        };
        let form = (0..forms.length())
            .filter_map(|i| forms.item(i))
            .filter_map(|node| node.dyn_into::<HtmlFormElement>().ok())
            .filter(|form| form.get_attribute("action").as_deref() == Some(action))
            .find(|form| {
                controls(form).iter().filter(|c| is_hidden(c)).all(|c| {
                    state(c).is_none_or(|(name, value, _)| {
                        saved.iter().all(|(n, v, _)| n != &name || v == &value)
                    })
                })
            });
        let Some(form) = form else {
            return;
        };
        for control in controls(&form) {
            if is_hidden(&control) {
                continue;
            }
            let Some((name, value, _)) = state(&control) else {
                continue;
            };
            if let Some(input) = control.dyn_ref::<HtmlInputElement>() {
                if matches!(input.type_().as_str(), "checkbox" | "radio") {
                    let ticked = saved
                        .iter()
                        .any(|(n, v, c)| n == &name && v == &value && *c == Some(true));
                    input.set_checked(ticked);
                } else if let Some((_, v, _)) = saved.iter().find(|(n, _, _)| n == &name) {
                    input.set_value(v);
                }
            } else if let Some((_, v, _)) = saved.iter().find(|(n, _, _)| n == &name) {
                if let Some(select) = control.dyn_ref::<HtmlSelectElement>() {
                    select.set_value(v);
                } else if let Some(area) = control.dyn_ref::<HtmlTextAreaElement>() {
                    area.set_value(v);
                }
            }
        }
    }
}

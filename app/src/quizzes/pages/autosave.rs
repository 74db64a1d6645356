//! With JavaScript, an attempt saves each answer as the trainee goes (a dropped connection loses
//! only the answer being typed) and shows the time left by the server's deadline. Without it,
//! the attempt form's buttons save and submit, and the deadline is written on the page.

#[cfg(feature = "hydrate")]
use std::collections::BTreeMap;

use leptos::prelude::*;

/// How long typing in a text answer must pause before it is saved, in milliseconds.
#[cfg(feature = "hydrate")]
const PAUSE_MS: u64 = 800;

/// The attempt form's answers as its fields hold them: (asked, answer, choice).
#[cfg(feature = "hydrate")]
type Fields = (
    BTreeMap<String, String>,
    BTreeMap<String, String>,
    BTreeMap<String, String>,
);

/// Reads the attempt form's fields.
#[cfg(feature = "hydrate")]
fn read_form() -> Option<Fields> {
    use wasm_bindgen::JsCast;
    let form = document()
        .get_element_by_id("attempt-form")?
        .dyn_into::<web_sys::HtmlFormElement>()
        .ok()?;
    let elements = form.elements();
    let (mut asked, mut answer, mut choice) = (BTreeMap::new(), BTreeMap::new(), BTreeMap::new());
    for i in 0..elements.length() {
        let Some(element) = elements.item(i) else {
            continue;
        };
        let (name, value) =
            if let Ok(input) = element.clone().dyn_into::<web_sys::HtmlInputElement>() {
                let kind = input.type_();
                if (kind == "radio" || kind == "checkbox") && !input.checked() {
                    continue;
                }
                (input.name(), input.value())
            } else if let Ok(area) = element.dyn_into::<web_sys::HtmlTextAreaElement>() {
                (area.name(), area.value())
            } else {
                continue;
            };
        let Some((map, key)) = name
            .split_once('[')
            .map(|(m, k)| (m.to_string(), k.trim_end_matches(']').to_string()))
        else {
            continue;
        };
        match map.as_str() {
            "asked" => asked.insert(key, value),
            "answer" => answer.insert(key, value),
            "choice" => choice.insert(key, value),
            _ => None,
        };
    }
    Some((asked, answer, choice))
}

/// Saves the attempt's answers on each change (and a moment after typing stops), and says
/// whether the last save reached the server.
#[island]
pub fn AutoSave(
    /// The attempt.
    attempt_id: i64,
    /// What is said once answers are saved, in the reader's language (islands are given their
    /// texts: the translation tables stay out of the wasm).
    saved: String,
    /// What is said when a save did not reach the server.
    failed: String,
) -> impl IntoView {
    // None: nothing saved yet; Some(true): saved; Some(false): the last save failed.
    let state = RwSignal::new(None::<bool>);
    let version = StoredValue::new(0u64);
    let save = move || {
        #[cfg(feature = "hydrate")]
        {
            let mine = version.get_value() + 1;
            version.set_value(mine);
            set_timeout(
                move || {
                    if version.get_value() != mine {
                        return;
                    }
                    let Some((asked, answer, choice)) = read_form() else {
                        return;
                    };
                    leptos::task::spawn_local(async move {
                        let saved = super::super::api::autosave_answers(
                            attempt_id,
                            Some(asked),
                            Some(answer),
                            Some(choice),
                        )
                        .await;
                        if version.get_value() == mine {
                            state.set(Some(saved.is_ok()));
                        }
                    });
                },
                std::time::Duration::from_millis(PAUSE_MS),
            );
        }
        let _ = (&version, attempt_id);
    };
    let on_change = window_event_listener(leptos::ev::change, move |_| save());
    let on_input = window_event_listener(leptos::ev::input, move |_| save());
    on_cleanup(move || {
        on_change.remove();
        on_input.remove();
    });
    view! {
        <p class="field-hint" id="autosave-state" role="status" aria-live="polite">
            {move || match state.get() {
                None => String::new(),
                Some(true) => saved.clone(),
                Some(false) => failed.clone(),
            }}
        </p>
    }
}

/// Minutes and seconds left by the server's deadline; counts down with JavaScript.
#[island]
pub fn Countdown(
    /// Seconds left when the page was rendered.
    seconds: i64,
    /// "Time left: {time}" in the reader's language.
    left_text: String,
    /// "Time is up." in the reader's language.
    up_text: String,
) -> impl IntoView {
    let left = RwSignal::new(seconds.max(0));
    #[cfg(feature = "hydrate")]
    {
        if let Ok(handle) = set_interval_with_handle(
            move || left.update(|s| *s = (*s - 1).max(0)),
            std::time::Duration::from_secs(1),
        ) {
            on_cleanup(move || handle.clear());
        }
    }
    view! {
        <span id="time-left">
            {move || {
                let s = left.get();
                if s == 0 {
                    up_text.clone()
                } else {
                    let time = if s >= 3600 {
                        format!("{}:{:02}:{:02}", s / 3600, s % 3600 / 60, s % 60)
                    } else {
                        format!("{}:{:02}", s / 60, s % 60)
                    };
                    left_text.replace("{time}", &time)
                }
            }}
        </span>
    }
}

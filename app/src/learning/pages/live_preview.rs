//! The lesson editor's preview, kept up to date as the author types (with JavaScript): the
//! text goes to the server a moment after typing stops, and comes back rendered and sanitised
//! exactly as trainees will see it. Without JavaScript the preview button does the same.

use leptos::prelude::*;

#[cfg(feature = "hydrate")]
use super::super::api::preview_lesson;

/// How long typing must pause before the text is sent, in milliseconds.
#[cfg(feature = "hydrate")]
const PAUSE_MS: u64 = 600;

/// The preview of lesson `lesson_id`: its title and rendered text, starting from what the
/// server rendered, then following the editor's title and text fields.
#[island]
pub fn LivePreview(
    /// The lesson.
    lesson_id: i64,
    /// The title shown first.
    title: String,
    /// The rendered text shown first (already sanitised on the server).
    html: String,
) -> impl IntoView {
    let title = RwSignal::new(title);
    // Rendered with the page (no suspense), so the preview is there without JavaScript too.
    let current = RwSignal::new(html);
    let version = StoredValue::new(0u64);
    // The fields belong to the server-rendered form: follow their `input` events from here.
    let listener = window_event_listener(leptos::ev::input, move |ev| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let target = ev.target();
            if let Some(input) = target
                .clone()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                .filter(|i| i.id() == "lesson-title")
            {
                title.set(input.value());
            }
            if let Some(area) = target
                .and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
                .filter(|a| a.id() == "lesson-markdown")
            {
                let text = area.value();
                let mine = version.get_value() + 1;
                version.set_value(mine);
                set_timeout(
                    move || {
                        if version.get_value() != mine {
                            return;
                        }
                        leptos::task::spawn_local(async move {
                            // An answer that arrives after newer typing is dropped.
                            if let Ok(html) = preview_lesson(lesson_id, text).await
                                && version.get_value() == mine
                            {
                                current.set(html);
                            }
                        });
                    },
                    std::time::Duration::from_millis(PAUSE_MS),
                );
            }
        }
        let _ = (ev, lesson_id, &version, &title, &current);
    });
    on_cleanup(move || listener.remove());
    view! {
        <h3 class="lesson-body__title">{move || title.get()}</h3>
        <div id="live-preview" inner_html=move || current.get()></div>
    }
}

//! A destructive action behind a second, deliberate click, with or without JavaScript.
//!
//! The first button is the `<summary>` of a `<details>`: it only opens a panel that says what
//! will happen and holds the real form. The browser does the opening, so the same two steps
//! work with JavaScript off, and nothing changes on one stray tap.

use leptos::prelude::*;

/// "Retirarme" → "¿Retirarse de Análisis delictivo? …" [Sí, retirarme].
///
/// `children` is the form that acts (hidden ids, any required reason, and its submit button,
/// whose text should repeat the action: "Sí, retirarme").
#[component]
pub fn Confirm(
    /// The visible text of the first button.
    #[prop(into)]
    label: Signal<String>,
    /// What a screen reader hears for the first button when the visible text alone is
    /// ambiguous in a list ("Retirarme de Análisis delictivo"); it starts with the visible text.
    #[prop(optional, into)]
    context: Option<Signal<String>>,
    /// What will happen, asked as a question.
    #[prop(into)]
    question: Signal<String>,
    /// Marks the panel as acting on something that cannot be undone.
    #[prop(optional)]
    danger: bool,
    children: Children,
) -> impl IntoView {
    view! {
        <details class="confirm" class:confirm--danger=danger>
            <summary class="confirm__open" aria-label=move || context.map(|c| c.get())>
                {move || label.get()}
            </summary>
            <div class="confirm__panel">
                <p class="confirm__question">{move || question.get()}</p>
                {children()}
            </div>
        </details>
    }
}

//! The module form's hint: modules the catalog already teaches that resemble the title being
//! typed. The form itself is plain server-rendered HTML; this island listens to its code and
//! title inputs and asks the server while the administrator types.

use leptos::prelude::*;

use super::api::similar_modules;

/// Titles shorter than this are too vague to compare.
const MIN_CHARS: usize = 4;

/// Lists similar modules under the title fields while a module's code or titles are typed.
/// Without JavaScript nothing is shown, and the form works as before.
#[island]
pub fn SimilarModules(
    /// The sentence above the list ("The catalog already has similar modules:").
    intro: String,
    /// The module's code when editing, so the module is not offered as similar to itself.
    code: String,
) -> impl IntoView {
    let title = RwSignal::new(String::new());
    let code = RwSignal::new(code);
    // The inputs belong to the server-rendered form: follow their `input` events from here.
    let listener = window_event_listener(leptos::ev::input, move |ev| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let Some(input) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            else {
                return;
            };
            let name = input.name();
            if name == "code" {
                code.set(input.value());
            } else if name.starts_with("title[") {
                title.set(input.value());
            }
        }
        let _ = ev;
    });
    on_cleanup(move || listener.remove());
    let similar = Resource::new(
        move || (title.get(), code.get()),
        |(text, code)| async move {
            if text.trim().chars().count() < MIN_CHARS {
                Ok(Vec::new())
            } else {
                similar_modules(text, code).await
            }
        },
    );
    view! {
        <Transition fallback=|| ()>
            {move || {
                similar
                    .get()
                    .and_then(Result::ok)
                    .filter(|list| !list.is_empty())
                    .map(|list| {
                        view! {
                            <div class="similar" role="status" id="similar-modules">
                                <p>{intro.clone()}</p>
                                <ul>
                                    {list
                                        .into_iter()
                                        .map(|(code, title)| {
                                            view! {
                                                <li>
                                                    <a href=format!("/modules/{code}")>{title}</a>
                                                    " ("
                                                    {code}
                                                    ")"
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            </div>
                        }
                    })
            }}
        </Transition>
    }
}

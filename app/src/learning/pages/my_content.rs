//! "Course content" (`/my-content`): the modules an instructor writes, each leading to its
//! content editor.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use super::super::api::my_content_modules;
use crate::catalog::forbidden_or_error;
use crate::i18n::{Key, use_i18n};

/// The modules the caller is named an author of.
#[component]
pub fn MyContentPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| my_content_modules());
    view! {
        <Title text=i18n.t(Key::ContentNav) />
        <section class="wide-page" aria-labelledby="my-content-title">
            <h1 id="my-content-title">{i18n.t(Key::ContentNav)}</h1>
            <Suspense fallback=|| ()>
                {move || {
                    data.get()
                        .map(|found| match found {
                            Err(e) => forbidden_or_error(e),
                            Ok(modules) if modules.is_empty() => {
                                view! { <p>{i18n.t(Key::ContentNoModules)}</p> }.into_any()
                            }
                            Ok(modules) => view! {
                                <ul class="link-list" id="my-content">
                                    {modules
                                        .into_iter()
                                        .map(|(id, code, title)| view! {
                                            <li>
                                                <A href=format!("/admin/catalog/modules/{id}/content")>{format!("{code} · {title}")}</A>
                                            </li>
                                        })
                                        .collect_view()}
                                </ul>
                            }
                            .into_any(),
                        })
                }}
            </Suspense>
        </section>
    }
}

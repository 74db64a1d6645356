//! Administration → people → import from a CSV file.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::accounts::{ConfirmImport, ImportBatchView, load_import};
use crate::auth::SignInFirst;
use crate::error::AppError;
use crate::forms::{FormAlert, action_error};
use crate::i18n::{Key, use_i18n};

/// Administration → people → import: upload a CSV file, review every line, then confirm.
///
/// The upload is a plain multipart form handled by the server (`POST /admin/people/import/upload`),
/// which checks the file, keeps it, and sends the browser to this page with `?batch=ID`. It
/// works the same with and without JavaScript.
#[component]
pub fn ImportPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let batch = move || {
        query
            .read()
            .get("batch")
            .and_then(|b| b.parse::<i64>().ok())
    };
    let upload_error = move || {
        let key = match query.read().get("error")?.as_str() {
            "no_file" => Key::ImportNoFile,
            "too_large" => Key::ImportTooLarge,
            "forbidden" => Key::FormForbidden,
            "sign_in" => Key::FormSignInRequired,
            "unreadable" => Key::ImportUnreadable,
            "columns" => Key::ImportColumnsMissing,
            "empty" => Key::ImportEmpty,
            _ => Key::ErrorText,
        };
        Some(i18n.locale().text(key))
    };
    let confirm = ServerAction::<ConfirmImport>::new();
    let confirm_error = action_error(confirm);
    let loaded = Resource::new(
        move || (batch(), confirm.version().get()),
        |(batch, _)| async move {
            match batch {
                Some(id) => load_import(id).await.map(Some),
                None => Ok(None),
            }
        },
    );
    view! {
        <Title text=i18n.t(Key::ImportTitle) />
        <section class="wide-page" aria-labelledby="import-title">
            <h1 id="import-title">{i18n.t(Key::ImportTitle)}</h1>
            <p>{i18n.t(Key::ImportLead)}</p>
            <pre class="sample">"email,full_name,country,agency,rank,affiliation,roles,preferred_language\nana.soto@pnp.gob.pe,Ana Soto,PE,Policía Nacional del Perú,Mayor,police,trainee,es"</pre>
            <p class="field-hint">{i18n.t(Key::AccountsImportOptionalColumns)}</p>
            <Show when=move || upload_error().is_some()>
                <p class="form-error" role="alert">{upload_error}</p>
            </Show>
            <form
                method="post"
                action="/admin/people/import/upload"
                enctype="multipart/form-data"
                class="stacked-form"
                id="import-form"
            >
                <div class="field">
                    <label for="import-file">{i18n.t(Key::ImportFile)}</label>
                    <input id="import-file" type="file" name="file" accept=".csv,text/csv" required />
                </div>
                <button type="submit" class="primary-button">{i18n.t(Key::ImportCheck)}</button>
            </form>
            <FormAlert error=confirm_error />
            <Transition fallback=|| ()>
                {move || {
                    loaded
                        .get()
                        .map(|found| match found {
                            Ok(None) => ().into_any(),
                            Ok(Some(view)) => view! { <ImportReview view confirm /> }.into_any(),
                            Err(AppError::SignInRequired) => view! { <SignInFirst /> }.into_any(),
                            Err(AppError::Forbidden) => {
                                view! { <p class="form-error" role="alert">{i18n.t(Key::FormForbidden)}</p> }
                                    .into_any()
                            }
                            Err(AppError::NotFound) => {
                                view! { <p class="form-error" role="alert">{i18n.t(Key::ImportNotFound)}</p> }
                                    .into_any()
                            }
                            Err(_) => view! { <crate::shell::ErrorPage /> }.into_any(),
                        })
                }}
            </Transition>
        </section>
    }
}

#[component]
fn ImportReview(view: ImportBatchView, confirm: ServerAction<ConfirmImport>) -> impl IntoView {
    let i18n = use_i18n();
    let rejected = view.report.rejected().count();
    let accepted = view.report.accepted;
    let summary = move || {
        let locale = i18n.locale();
        if view.imported {
            locale.format(
                Key::ImportDone,
                &[("count", &locale.integer(accepted as i64))],
            )
        } else {
            locale.format(
                Key::ImportSummary,
                &[
                    ("accepted", &locale.integer(accepted as i64)),
                    ("rejected", &locale.integer(rejected as i64)),
                ],
            )
        }
    };
    let summary_class = if rejected > 0 {
        "form-error"
    } else {
        "form-notice"
    };
    let batch_id = view.id.to_string();
    let can_import = !view.imported && rejected == 0 && accepted > 0;
    view! {
        <h2>{view.file_name.clone().unwrap_or_default()}</h2>
        <p class=summary_class role="status" id="import-summary">
            {summary}
        </p>
        {can_import
            .then(|| {
                view! {
                    <ActionForm action=confirm attr:class="inline-form">
                        <input type="hidden" name="batch" value=batch_id />
                        <button type="submit" class="primary-button">
                            {move || {
                                i18n.locale().format(Key::ImportConfirm, &[("count", &i18n.locale().integer(accepted as i64))])
                            }}
                        </button>
                    </ActionForm>
                }
            })}
        <table class="data-table" id="import-lines">
            <thead>
                <tr>
                    <th scope="col">{i18n.t(Key::ImportLine)}</th>
                    <th scope="col">{i18n.t(Key::SignInEmail)}</th>
                    <th scope="col">{i18n.t(Key::ImportProblems)}</th>
                </tr>
            </thead>
            <tbody>
                {view
                    .report
                    .lines
                    .into_iter()
                    .map(|line| {
                        let ok = line.problems.is_empty();
                        let locale = i18n.locale();
                        view! {
                            <tr class:rejected=!ok>
                                <td data-label=locale.text(Key::ImportLine)>{line.line}</td>
                                <td data-label=locale.text(Key::SignInEmail) class="person-email">{line.email}</td>
                                <td data-label=locale.text(Key::ImportProblems)>
                                    {if ok {
                                        view! { <span>{i18n.t(Key::ImportLineOk)}</span> }.into_any()
                                    } else {
                                        view! {
                                            <ul class="problems">
                                                {line.problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
                                            </ul>
                                        }
                                            .into_any()
                                    }}
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

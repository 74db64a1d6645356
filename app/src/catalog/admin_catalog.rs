//! Administration → catalog (`/admin/catalog`): every programme, module and offering, with
//! links to edit them and to an offering's applicants, and the status changes. A change that
//! hides something (archiving) asks first, with [`Confirm`].

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos_meta::Title;

use super::admin::forbidden_or_error;
use super::api::{SetCatalogStatus, admin_modules, admin_programmes};
use super::dto::{OfferingView, pick};
use crate::auth::Notice;
use crate::error::AppError;
use crate::forms::{FormAlert, action_error};
use crate::i18n::{Key, Locale, use_i18n};
use crate::shell::Confirm;

/// Every offering, drafts included, for administrators.
#[server(endpoint = "admin_offerings")]
pub async fn admin_offerings() -> Result<Vec<OfferingView>, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    crate::catalog::offerings::all_offerings(&db, &caller)
        .await
        .map_err(|e| e.for_page(request::locale()))
}

fn status_label(status: &str) -> Key {
    match status {
        "published" => Key::StatusPublished,
        "archived" => Key::StatusArchived,
        "cancelled" => Key::StatusCancelled,
        "completed" => Key::StatusCompleted,
        _ => Key::StatusDraft,
    }
}

/// Administration → catalog: every programme, module and offering, with links to edit them,
/// buttons to publish or archive them, and links to add an offering and to see applicants.
#[component]
pub fn AdminCatalogPage() -> impl IntoView {
    let i18n = use_i18n();
    let change = ServerAction::<SetCatalogStatus>::new();
    let modules = Resource::new(move || change.version().get(), |_| admin_modules());
    let programmes = Resource::new(move || change.version().get(), |_| admin_programmes());
    let offerings = Resource::new(|| (), |_| admin_offerings());
    let error = action_error(change);
    view! {
        <Title text=i18n.t(Key::AdminCatalogTitle) />
        <section class="wide-page" aria-labelledby="admin-catalog-title">
            <h1 id="admin-catalog-title">{i18n.t(Key::AdminCatalogTitle)}</h1>
            <Notice param="status" texts=&[("changed", Key::AdminStatusChanged)] />
            <FormAlert error=error />
            <p class="page-actions">
                <a href="/admin/catalog/modules/new" class="primary-button">{i18n.t(Key::AdminNewModule)}</a>
                " "
                <a href="/admin/catalog/offerings/new" class="secondary-button">{i18n.t(Key::AdminNewOffering)}</a>
                " "
                <a href="/admin/catalog/programmes/new" class="secondary-button">{i18n.t(Key::AdminNewProgramme)}</a>
                " "
                <a href="/admin/catalog/lookalikes" class="secondary-button">{i18n.t(Key::LookalikeLink)}</a>
            </p>
            <h2>{i18n.t(Key::AdminProgrammes)}</h2>
            <Transition fallback=|| ()>
                {move || {
                    programmes.get().map(|found| {
                        found.map(|list| {
                            list.into_iter()
                                .map(|p| CatalogRow {
                                    id: p.id,
                                    code: p.code,
                                    title: p.title,
                                    status: p.status,
                                    edit: format!("/admin/catalog/programmes/{}", p.id),
                                    add_offering: None,
                                })
                                .collect()
                        })
                    })
                    .map(|rows| view! { <CatalogTable table_id="admin-programmes" item="programme" rows action=change /> })
                }}
            </Transition>
            <h2>{i18n.t(Key::AdminModules)}</h2>
            <Transition fallback=|| ()>
                {move || {
                    modules.get().map(|found| {
                        found.map(|list| {
                            list.into_iter()
                                .map(|m| CatalogRow {
                                    id: m.id,
                                    code: m.code,
                                    title: m.title,
                                    status: m.status,
                                    edit: format!("/admin/catalog/modules/{}", m.id),
                                    add_offering: Some(format!("/admin/catalog/offerings/new?module={}", m.id)),
                                })
                                .collect()
                        })
                    })
                    .map(|rows| view! { <CatalogTable table_id="admin-modules" item="module" rows action=change /> })
                }}
            </Transition>
            <h2>{i18n.t(Key::CatalogAdminOfferings)}</h2>
            <Transition fallback=|| ()>
                {move || offerings.get().map(|rows| view! { <OfferingsTable rows /> })}
            </Transition>
        </section>
    }
}

/// One line of a catalog administration table.
#[derive(Clone, Debug, PartialEq, Eq)]
struct CatalogRow {
    id: i64,
    code: String,
    title: BTreeMap<String, String>,
    status: String,
    edit: String,
    add_offering: Option<String>,
}

/// Programmes or modules with their status, Edit, and the status changes.
#[component]
fn CatalogTable(
    table_id: &'static str,
    item: &'static str,
    rows: Result<Vec<CatalogRow>, AppError>,
    action: ServerAction<SetCatalogStatus>,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.locale();
    let (code_label, title_label, status_label_text, actions_label) = (
        locale.text(Key::AdminModuleCode),
        locale.text(Key::AdminModuleTitle),
        locale.text(Key::AdminStatus),
        locale.text(Key::CatalogAdminActions),
    );
    match rows {
        Err(e) => forbidden_or_error(e),
        Ok(rows) => view! {
            <table class="data-table" id=table_id>
                <thead>
                    <tr>
                        <th scope="col">{code_label}</th>
                        <th scope="col">{title_label}</th>
                        <th scope="col">{status_label_text}</th>
                        <th scope="col"><span class="visually-hidden">{actions_label}</span></th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|row| {
                            let title = pick(&row.title, locale);
                            let edit_name = format!("{} {title}", locale.text(Key::AdminEdit));
                            let add_name = format!("{} — {title}", locale.text(Key::AdminAddOffering));
                            view! {
                                <tr>
                                    <td class="code" data-label=code_label>{row.code.clone()}</td>
                                    <td data-label=title_label>{title.clone()}</td>
                                    <td data-label=status_label_text>{locale.text(status_label(&row.status))}</td>
                                    <td class="row-actions" data-label=actions_label>
                                        <a href=row.edit.clone() class="action-link" aria-label=edit_name>{locale.text(Key::AdminEdit)}</a>
                                        {row.add_offering.clone().map(|href| view! {
                                            <a href=href class="action-link" aria-label=add_name>{locale.text(Key::AdminAddOffering)}</a>
                                        })}
                                        {(item == "module").then(|| view! {
                                            <a href=format!("{}/content", row.edit) class="action-link"
                                                aria-label=format!("{} · {title}", locale.text(Key::ContentLink))>
                                                {locale.text(Key::ContentLink)}
                                            </a>
                                        })}
                                        <StatusButtons action item id=row.id status=row.status.clone() title />
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        }
        .into_any(),
    }
}

/// The status changes a catalog row offers: publish a draft, archive what is published (after
/// a confirmation: it leaves the public catalog), and bring back an archived item as a draft.
#[component]
fn StatusButtons(
    action: ServerAction<SetCatalogStatus>,
    item: &'static str,
    id: i64,
    status: String,
    /// The item's title, to name the buttons in a list.
    title: String,
) -> impl IntoView {
    let locale = use_i18n().locale();
    let form = move |to: &'static str, label: Key, class: &'static str, name: String| {
        view! {
            <ActionForm action=action attr:class="inline-form">
                <input type="hidden" name="item" value=item />
                <input type="hidden" name="id" value=id.to_string() />
                <input type="hidden" name="status" value=to />
                <button type="submit" class=class data-status=to aria-label=name>{locale.text(label)}</button>
            </ActionForm>
        }
    };
    let question = locale.format(Key::CatalogAdminArchiveQuestion, &[("title", &title)]);
    let named = move |key: Key| format!("{} {title}", locale.text(key));
    match status.as_str() {
        "draft" => form(
            "published",
            Key::AdminPublish,
            "secondary-button",
            named(Key::AdminPublish),
        )
        .into_any(),
        "published" => {
            let label = locale.text(Key::AdminArchive).to_string();
            let context = named(Key::AdminArchive);
            let confirm = named(Key::CatalogAdminArchiveConfirm);
            view! {
                <Confirm label=label context=context question=question>
                    {form("archived", Key::CatalogAdminArchiveConfirm, "primary-button", confirm.clone())}
                </Confirm>
            }
            .into_any()
        }
        _ => form(
            "draft",
            Key::AdminToDraft,
            "secondary-button",
            named(Key::AdminToDraft),
        )
        .into_any(),
    }
}

/// Every offering: module, dates, status, seats, and links to edit it and to its applicants.
#[component]
fn OfferingsTable(rows: Result<Vec<OfferingView>, AppError>) -> impl IntoView {
    let locale = use_i18n().locale();
    let labels = [
        locale.text(Key::AdminModule),
        locale.text(Key::CatalogAdminDates),
        locale.text(Key::AdminStatus),
        locale.text(Key::CatalogAdminSeats),
        locale.text(Key::CatalogAdminActions),
    ];
    match rows {
        Err(e) => forbidden_or_error(e),
        Ok(rows) if rows.is_empty() => {
            view! { <p>{locale.text(Key::CatalogAdminNoOfferings)}</p> }.into_any()
        }
        Ok(rows) => view! {
            <table class="data-table" id="admin-offerings">
                <thead>
                    <tr>
                        {labels[..4].iter().map(|l| view! { <th scope="col">{*l}</th> }).collect_view()}
                        <th scope="col"><span class="visually-hidden">{labels[4]}</span></th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|o| offering_row(o, locale, labels)).collect_view()}
                </tbody>
            </table>
        }
        .into_any(),
    }
}

/// One offering's line; its links are named with the module and the first day ("Editar
/// Análisis delictivo — 14 de enero de 2027"), since every line has the same ones.
fn offering_row(o: OfferingView, locale: Locale, labels: [&'static str; 5]) -> impl IntoView {
    let title = pick(&o.module_title, locale);
    let first_day = locale.date(&o.starts_on);
    let dates = format!("{first_day} – {}", locale.date(&o.ends_on));
    let context = format!("{title} — {first_day}");
    let named = |key: Key| format!("{} {context}", locale.text(key));
    let seats = locale.format(
        Key::CatalogAdminSeatsTaken,
        &[
            ("taken", &locale.integer(o.seats_taken.into())),
            ("capacity", &locale.integer(o.capacity.into())),
        ],
    );
    let waiting = (o.waitlist_length > 0).then(|| {
        locale.format(
            Key::CatalogAdminWaiting,
            &[("count", &locale.integer(o.waitlist_length.into()))],
        )
    });
    view! {
        <tr>
            <td data-label=labels[0]>
                <span class="code">{o.module_code.clone()}</span>
                " "
                {title.clone()}
            </td>
            <td data-label=labels[1]>{dates}</td>
            <td data-label=labels[2]>{locale.text(status_label(&o.status))}</td>
            <td data-label=labels[3]>
                {seats}
                {waiting.map(|w| view! { <br /> {w} })}
            </td>
            <td class="row-actions" data-label=labels[4]>
                <a href=format!("/admin/catalog/offerings/{}", o.id) class="action-link" aria-label=named(Key::AdminEdit)>
                    {locale.text(Key::AdminEdit)}
                </a>
                <a href=format!("/admin/offerings/{}/enrollments", o.id) class="action-link"
                    aria-label=named(Key::CatalogAdminApplicants)>
                    {locale.text(Key::CatalogAdminApplicants)}
                </a>
                <a href=format!("/admin/offerings/{}/progress", o.id) class="action-link"
                    aria-label=named(Key::ProgressLink)>
                    {locale.text(Key::ProgressLink)}
                </a>
                <a href=format!("/admin/offerings/{}/quizzes", o.id) class="action-link"
                    aria-label=named(Key::ResultsTitle)>
                    {locale.text(Key::ResultsTitle)}
                </a>
                <a href=format!("/admin/offerings/{}/attendance", o.id) class="action-link"
                    aria-label=named(Key::AttendanceTitle)>
                    {locale.text(Key::AttendanceTitle)}
                </a>
            </td>
        </tr>
    }
}

//! Scholarship pages: "My scholarships" for trainees; the programme list, the new-programme
//! form and each programme's budget page (review queue, balances, ledger) for administrators.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::api::{
    ApplyForScholarship, CreateScholarshipProgramme, DecideScholarship, admin_scholarships,
    my_scholarships, scholarship_budget,
};
use super::dto::{ScholarshipApplicationView, ScholarshipProgrammeView};
use crate::auth::Notice;
use crate::forms::{Field, FieldMessage, FormAlert, action_error};
use crate::i18n::{Key, Locale, use_i18n};

fn cover_key(code: &str) -> Key {
    match code {
        "tuition" => Key::ScholarshipCoverTuition,
        "travel" => Key::ScholarshipCoverTravel,
        "lodging" => Key::ScholarshipCoverLodging,
        _ => Key::ScholarshipCoverPerDiem,
    }
}

fn status_key(code: &str) -> Key {
    match code {
        "awarded" => Key::ScholarshipStatusAwarded,
        "rejected" => Key::ScholarshipStatusRejected,
        _ => Key::ScholarshipStatusSubmitted,
    }
}

fn covers_text(locale: Locale, covers: &[String]) -> String {
    covers
        .iter()
        .map(|c| locale.text(cover_key(c)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn error_view(e: crate::error::AppError) -> AnyView {
    let e = Signal::derive(move || Some(e.clone()));
    view! { <FormAlert error=e /> }.into_any()
}

/// A programme's description for a possible applicant: funder, what it pays for, which
/// modules, window and conditions.
#[component]
fn ProgrammeSummary(p: ScholarshipProgrammeView) -> impl IntoView {
    let i18n = use_i18n();
    let covers = p.covers.clone();
    view! {
        <dl class="facts">
            <dt>{i18n.t(Key::ScholarshipFunder)}</dt>
            <dd>{p.funder.clone()}</dd>
            <dt>{i18n.t(Key::ScholarshipCovers)}</dt>
            <dd>{move || covers_text(i18n.locale(), &covers)}</dd>
            <dt>{i18n.t(Key::ScholarshipPerPersonMax)}</dt>
            <dd>{format!("{} {}", p.per_person_max, p.currency)}</dd>
            <dt>{i18n.t(Key::ScholarshipModules)}</dt>
            <dd>
                <ul class="plain-list">
                    {p.covered_modules
                        .iter()
                        .map(|m| view! {
                            <li><A href=format!("/modules/{}", m.code)>{format!("{} · {}", m.code, m.title)}</A></li>
                        })
                        .collect_view()}
                </ul>
            </dd>
            <dt>{i18n.t(Key::ScholarshipWindow)}</dt>
            <dd>{format!("{} – {}", p.opens, p.closes)}</dd>
            {(!p.conditions.is_empty()).then(|| view! {
                <dt>{i18n.t(Key::ScholarshipConditions)}</dt>
                <dd>{p.conditions.clone()}</dd>
            })}
        </dl>
    }
}

/// "My scholarships": programmes open to the person with an application form, their
/// applications, and their grants with what each has paid for.
#[component]
pub fn MyScholarshipsPage() -> impl IntoView {
    let i18n = use_i18n();
    let apply = ServerAction::<ApplyForScholarship>::new();
    let error = action_error(apply);
    let data = Resource::new(move || apply.version().get(), |_| my_scholarships());
    view! {
        <Title text=i18n.t(Key::ScholarshipMine) />
        <section class="wide-page" aria-labelledby="my-scholarships-title">
            <h1 id="my-scholarships-title">{i18n.t(Key::ScholarshipMine)}</h1>
            <Notice param="applied" texts=&[("1", Key::ScholarshipApplied)] />
            <FormAlert error=error />
            <Transition fallback=|| ()>
                {move || {
                    data.get().map(|found| match found {
                        Err(e) => error_view(e),
                        Ok(mine) => {
                            let nothing = mine.open.is_empty() && mine.applications.is_empty() && mine.grants.is_empty();
                            view! {
                                {nothing.then(|| view! { <p>{i18n.t(Key::ScholarshipNoneOpen)}</p> })}
                                {(!mine.grants.is_empty()).then(|| view! { <h2>{i18n.t(Key::ScholarshipGrants)}</h2> })}
                                {mine.grants.into_iter().map(|g| {
                                    let currency = g.currency.clone();
                                    let money = move |v: &str| format!("{v} {currency}");
                                    let (amount, committed, spent, available) = (money(&g.amount), money(&g.committed), money(&g.spent), money(&g.available));
                                    let covered = g.covered_modules.clone();
                                    view! {
                                        <article class="grant" id=format!("grant-{}", g.id)>
                                            <h3>{g.programme_name.clone()}</h3>
                                            <p>
                                                {move || i18n.locale().format(Key::ScholarshipGrantSummary, &[
                                                    ("amount", &amount),
                                                    ("committed", &committed),
                                                    ("spent", &spent),
                                                    ("available", &available),
                                                ])}
                                            </p>
                                            <p>{i18n.t(Key::ScholarshipValidFor)}" "
                                                {covered.into_iter().map(|m| view! {
                                                    <A href=format!("/modules/{}", m.code)>{m.code.clone()}</A>" "
                                                }).collect_view()}
                                            </p>
                                            {(!g.commitments.is_empty()).then(|| view! {
                                                <ul class="plain-list">
                                                    {g.commitments.iter().map(|c| {
                                                        let line = format!("{} · {} {} · ", c.module_code, c.amount, g.currency);
                                                        let key = match c.status.as_str() {
                                                            "spent" => Key::ScholarshipCommitmentSpent,
                                                            "released" => Key::ScholarshipCommitmentReleased,
                                                            _ => Key::ScholarshipCommitmentCommitted,
                                                        };
                                                        view! { <li>{line}{i18n.t(key)}</li> }
                                                    }).collect_view()}
                                                </ul>
                                            })}
                                        </article>
                                    }
                                }).collect_view()}
                                {(!mine.applications.is_empty()).then(|| view! {
                                    <h2>{i18n.t(Key::ScholarshipMyApplications)}</h2>
                                    <table class="data-table" id="my-scholarship-applications">
                                        <thead><tr>
                                            <th scope="col">{i18n.t(Key::ScholarshipProgramme)}</th>
                                            <th scope="col">{i18n.t(Key::EnrollmentStatus)}</th>
                                            <th scope="col">{i18n.t(Key::ScholarshipComment)}</th>
                                        </tr></thead>
                                        <tbody>
                                            {mine.applications.iter().map(|a| view! {
                                                <tr data-status=a.status.clone()>
                                                    <td>{a.programme_name.clone()}</td>
                                                    <td>{i18n.t(status_key(&a.status))}" "{a.awarded.clone()}</td>
                                                    <td>{a.comment.clone()}</td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                })}
                                {(!mine.open.is_empty()).then(|| view! { <h2>{i18n.t(Key::ScholarshipOpen)}</h2> })}
                                {mine.open.into_iter().map(|p| {
                                    let id = p.id;
                                    let field = format!("statement-{id}");
                                    view! {
                                        <article class="scholarship" id=format!("scholarship-{id}")>
                                            <h3>{p.name.clone()}</h3>
                                            <ProgrammeSummary p=p />
                                            <ActionForm action=apply attr:class="stacked-form">
                                                <input type="hidden" name="programme_id" value=id.to_string() />
                                                <label for=field.clone()>{i18n.t(Key::ScholarshipStatement)}</label>
                                                <p class="field-hint">{i18n.t(Key::ScholarshipStatementHint)}</p>
                                                <textarea id=field name="statement" rows="5" minlength="20" maxlength="4000" required></textarea>
                                                <button type="submit" class="primary-button">{i18n.t(Key::ScholarshipApply)}</button>
                                            </ActionForm>
                                        </article>
                                    }
                                }).collect_view()}
                            }.into_any()
                        }
                    })
                }}
            </Transition>
        </section>
    }
}

/// Administration → scholarships: every programme with its balances, and the form for a new
/// one.
#[component]
pub fn AdminScholarshipsPage() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateScholarshipProgramme>::new();
    let error = action_error(create);
    let data = Resource::new(|| (), |_| admin_scholarships());
    view! {
        <Title text=i18n.t(Key::ScholarshipAdminTitle) />
        <section class="wide-page" aria-labelledby="scholarships-title">
            <h1 id="scholarships-title">{i18n.t(Key::ScholarshipAdminTitle)}</h1>
            <Suspense fallback=|| ()>
                {move || {
                    data.get().map(|found| match found {
                        Err(e) => error_view(e),
                        Ok((programmes, modules)) => view! {
                            {if programmes.is_empty() {
                                view! { <p>{i18n.t(Key::ScholarshipNoProgrammes)}</p> }.into_any()
                            } else {
                                view! {
                                    <table class="data-table" id="scholarship-programmes">
                                        <thead><tr>
                                            <th scope="col">{i18n.t(Key::ScholarshipProgramme)}</th>
                                            <th scope="col">{i18n.t(Key::ScholarshipBudget)}</th>
                                            <th scope="col">{i18n.t(Key::ScholarshipAwarded)}</th>
                                            <th scope="col">{i18n.t(Key::ScholarshipCommitted)}</th>
                                            <th scope="col">{i18n.t(Key::ScholarshipSpent)}</th>
                                            <th scope="col">{i18n.t(Key::ScholarshipRemaining)}</th>
                                            <th scope="col">{i18n.t(Key::ScholarshipPending)}</th>
                                        </tr></thead>
                                        <tbody>
                                            {programmes.into_iter().map(|p| view! {
                                                <tr>
                                                    <td><A href=format!("/admin/scholarships/{}", p.id)>{p.name.clone()}</A><br /><span class="field-hint">{p.funder.clone()}</span></td>
                                                    <td class="number">{format!("{} {}", p.budget, p.currency)}</td>
                                                    <td class="number">{p.awarded.clone()}</td>
                                                    <td class="number">{p.committed.clone()}</td>
                                                    <td class="number">{p.spent.clone()}</td>
                                                    <td class="number">{p.remaining.clone()}</td>
                                                    <td class="number">{p.pending_applications}</td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                }.into_any()
                            }}
                            <h2>{i18n.t(Key::ScholarshipNew)}</h2>
                            <ActionForm action=create attr:class="stacked-form" attr:id="scholarship-form">
                                <FormAlert error=error />
                                <Field form="scholarship" name="name" label=Key::ScholarshipName required=true error=error />
                                <Field form="scholarship" name="funder" label=Key::ScholarshipFunder required=true error=error />
                                <Field form="scholarship" name="currency" label=Key::ScholarshipCurrency required=true maxlength=3 value="USD".to_string() error=error />
                                <Field form="scholarship" name="budget" label=Key::ScholarshipBudget required=true maxlength=16 error=error />
                                <Field form="scholarship" name="per_person_max" label=Key::ScholarshipPerPersonMax required=true maxlength=16 error=error />
                                <fieldset class="field">
                                    <legend>{i18n.t(Key::ScholarshipCovers)}</legend>
                                    {super::dto::COVERS.iter().map(|c| view! {
                                        <label class="checkbox">
                                            <input type="checkbox" name=format!("covers[{c}]") value="on" />
                                            {i18n.t(cover_key(c))}
                                        </label>
                                    }).collect_view()}
                                    <FieldMessage error=error name="covers" />
                                </fieldset>
                                <fieldset class="field">
                                    <legend>{i18n.t(Key::ScholarshipModules)}</legend>
                                    {modules.into_iter().map(|(id, title)| view! {
                                        <label class="checkbox">
                                            <input type="checkbox" name=format!("modules[{id}]") value="on" />
                                            {title}
                                        </label>
                                    }).collect_view()}
                                    <FieldMessage error=error name="covered_module_ids" />
                                </fieldset>
                                <Field form="scholarship" name="eligible_countries" label=Key::ScholarshipCountries hint=Key::ScholarshipCountriesHint error=error />
                                <fieldset class="field">
                                    <legend>{i18n.t(Key::ScholarshipAffiliations)}</legend>
                                    <label class="checkbox"><input type="checkbox" name="affiliations[police]" value="on" />{i18n.t(Key::AffiliationPolice)}</label>
                                    <label class="checkbox"><input type="checkbox" name="affiliations[civilian]" value="on" />{i18n.t(Key::AffiliationCivilian)}</label>
                                    <FieldMessage error=error name="eligible_affiliations" />
                                </fieldset>
                                <Field form="scholarship" name="opens" label=Key::ScholarshipOpens kind="date" required=true error=error />
                                <Field form="scholarship" name="closes" label=Key::ScholarshipCloses kind="date" required=true error=error />
                                <Field form="scholarship" name="conditions" label=Key::ScholarshipConditions maxlength=4000 error=error />
                                <button type="submit" class="primary-button">{i18n.t(Key::FormSave)}</button>
                            </ActionForm>
                        }.into_any(),
                    })
                }}
            </Suspense>
        </section>
    }
}

/// A programme's budget page: balances, the review queue with a decision form per
/// application, and the ledger with a CSV export.
#[component]
pub fn ScholarshipBudgetPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok())
            .unwrap_or_default()
    };
    let decide = ServerAction::<DecideScholarship>::new();
    let error = action_error(decide);
    let data = Resource::new(
        move || (id(), decide.version().get()),
        |(id, _)| scholarship_budget(id),
    );
    view! {
        <Title text=i18n.t(Key::ScholarshipBudgetTitle) />
        <section class="wide-page" aria-labelledby="budget-title">
            <Notice param="decided" texts=&[("1", Key::EnrollmentDecided)] />
            <FormAlert error=error />
            <Suspense fallback=|| ()>
                {move || {
                    data.get().map(|found| match found {
                        Err(e) => view! {
                            <h1 id="budget-title">{i18n.t(Key::ScholarshipBudgetTitle)}</h1>
                            {error_view(e)}
                        }.into_any(),
                        Ok(page) => {
                            let p = page.programme.clone();
                            let money = move |v: &str| format!("{v} {}", p.currency);
                            let pid = p.id;
                            view! {
                                <h1 id="budget-title">{p.name.clone()}</h1>
                                <p><A href="/admin/scholarships">{i18n.t(Key::ScholarshipAdminTitle)}</A></p>
                                <dl class="facts" id="budget">
                                    <dt>{i18n.t(Key::ScholarshipBudget)}</dt><dd>{money(&p.budget)}</dd>
                                    <dt>{i18n.t(Key::ScholarshipAwarded)}</dt><dd>{money(&p.awarded)}</dd>
                                    <dt>{i18n.t(Key::ScholarshipCommitted)}</dt><dd>{money(&p.committed)}</dd>
                                    <dt>{i18n.t(Key::ScholarshipSpent)}</dt><dd>{money(&p.spent)}</dd>
                                    <dt>{i18n.t(Key::ScholarshipRemaining)}</dt><dd id="remaining">{money(&p.remaining)}</dd>
                                </dl>
                                <ProgrammeSummary p=page.programme.clone() />
                                <h2>{i18n.t(Key::ScholarshipReviewQueue)}</h2>
                                {if page.applications.is_empty() {
                                    view! { <p>{i18n.t(Key::ScholarshipNoApplications)}</p> }.into_any()
                                } else {
                                    view! {
                                        <table class="data-table" id="scholarship-applications">
                                            <thead><tr>
                                                <th scope="col">{i18n.t(Key::EnrollmentPerson)}</th>
                                                <th scope="col">{i18n.t(Key::ScholarshipStatement)}</th>
                                                <th scope="col">{i18n.t(Key::EnrollmentStatus)}</th>
                                                <th scope="col">{i18n.t(Key::EnrollmentDecision)}</th>
                                            </tr></thead>
                                            <tbody>
                                                {page.applications.into_iter().map(|a| view! {
                                                    <ReviewRow a=a programme_id=pid action=decide />
                                                }).collect_view()}
                                            </tbody>
                                        </table>
                                    }.into_any()
                                }}
                                <h2>{i18n.t(Key::ScholarshipLedger)}</h2>
                                <p><a href=format!("/api/v1/scholarship-programmes/{pid}/ledger.csv") download="">{i18n.t(Key::ScholarshipLedgerCsv)}</a></p>
                                <table class="data-table" id="ledger">
                                    <thead><tr>
                                        <th scope="col">"#"</th>
                                        <th scope="col">{i18n.t(Key::ScholarshipLedgerWhen)}</th>
                                        <th scope="col">{i18n.t(Key::ScholarshipLedgerKind)}</th>
                                        <th scope="col">{i18n.t(Key::ScholarshipLedgerAmount)}</th>
                                        <th scope="col">{i18n.t(Key::ScholarshipLedgerWho)}</th>
                                        <th scope="col">{i18n.t(Key::EnrollmentReason)}</th>
                                    </tr></thead>
                                    <tbody>
                                        {page.ledger.into_iter().map(|r| {
                                            let kind = match r.kind.as_str() {
                                                "award" => Key::ScholarshipKindAward,
                                                "commit" => Key::ScholarshipKindCommit,
                                                "release" => Key::ScholarshipKindRelease,
                                                _ => Key::ScholarshipKindSpend,
                                            };
                                            view! {
                                                <tr>
                                                    <td>{r.id}</td>
                                                    <td>{r.at.chars().take(16).collect::<String>().replace('T', " ")}</td>
                                                    <td>{i18n.t(kind)}</td>
                                                    <td class="number">{r.amount.clone()}</td>
                                                    <td>{r.actor.clone()}</td>
                                                    <td>{r.reason.clone()}</td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            }.into_any()
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn ReviewRow(
    a: ScholarshipApplicationView,
    programme_id: i64,
    action: ServerAction<DecideScholarship>,
) -> impl IntoView {
    let i18n = use_i18n();
    let affiliation = if a.affiliation == "civilian" {
        Key::AffiliationCivilian
    } else {
        Key::AffiliationPolice
    };
    let who = format!("{} ({})", a.agency, a.country);
    let pending = a.status == "submitted";
    let application_id = a.id;
    let ids = move |part: &str| format!("{part}-{application_id}");
    view! {
        <tr data-status=a.status.clone()>
            <td>{a.full_name.clone()}<br /><span class="field-hint">{who}" · "{i18n.t(affiliation)}</span></td>
            <td class="statement">{a.statement.clone()}</td>
            <td>{i18n.t(status_key(&a.status))}" "{a.awarded.clone()}
                {a.score.map(|s| format!(" · {s}/100"))}
                {a.comment.clone().map(|c| view! { <br /><span class="field-hint">{c}</span> })}
            </td>
            <td>
                {pending.then(|| view! {
                    <ActionForm action=action attr:class="decision-form">
                        <input type="hidden" name="programme_id" value=programme_id.to_string() />
                        <input type="hidden" name="id" value=a.id.to_string() />
                        <label for=ids("score")>{i18n.t(Key::ScholarshipScore)}</label>
                        <input id=ids("score") name="score" type="number" min="0" max="100" />
                        <label for=ids("amount")>{i18n.t(Key::ScholarshipAmount)}</label>
                        <input id=ids("amount") name="amount" inputmode="decimal" maxlength="16" />
                        <label for=ids("comment")>{i18n.t(Key::ScholarshipComment)}</label>
                        <input id=ids("comment") name="comment" maxlength="4000" />
                        <button type="submit" name="decision" value="award" class="primary-button">{i18n.t(Key::ScholarshipAward)}</button>
                        " "
                        <button type="submit" name="decision" value="reject" class="link-button">{i18n.t(Key::ScholarshipReject)}</button>
                    </ActionForm>
                })}
            </td>
        </tr>
    }
}

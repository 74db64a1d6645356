//! "My learning" and the Apply button of an offering.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::api::{ApplyToOffering, Withdraw, my_enrollments};
use super::dto::EnrollmentStatus;
use crate::forms::{FormAlert, action_error};
use crate::i18n::{Key, use_i18n};

/// The Apply button under an offering on the module page. Without JavaScript it is a plain
/// form post; refusals (window closed, prerequisites…) come back as a sentence above it.
#[component]
pub fn ApplyButton(offering_id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let apply = ServerAction::<ApplyToOffering>::new();
    let error = action_error(apply);
    view! {
        <ActionForm action=apply attr:class="apply-form">
            <FormAlert error=error />
            <input type="hidden" name="offering_id" value=offering_id.to_string() />
            <button type="submit" class="primary-button" data-offering=offering_id.to_string()>
                {i18n.t(Key::EnrollmentApply)}
            </button>
        </ActionForm>
    }
}

/// "My learning": the person's applications and enrolments, with waitlist positions and a
/// Withdraw button while withdrawing is possible.
#[component]
pub fn MyLearningPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let withdraw = ServerAction::<Withdraw>::new();
    let error = action_error(withdraw);
    let list = Resource::new(
        move || (withdraw.version().get(), query.read().get("applied")),
        |_| my_enrollments(),
    );
    let notice = move || {
        let applied = query.read().get("applied")?;
        Some(match applied.as_str() {
            "enrolled" => i18n
                .locale()
                .text(Key::EnrollmentAppliedEnrolled)
                .to_string(),
            "waitlisted" => i18n.locale().text(Key::EnrollmentWaitlisted).to_string(),
            "pending_endorsement" => i18n
                .locale()
                .text(Key::EnrollmentAppliedPending)
                .to_string(),
            "withdrawn" => i18n
                .locale()
                .text(Key::EnrollmentWithdrawnNotice)
                .to_string(),
            _ => return None,
        })
    };
    view! {
        <Title text=i18n.t(Key::EnrollmentMyLearning) />
        <section class="wide-page" aria-labelledby="my-learning-title">
            <h1 id="my-learning-title">{i18n.t(Key::EnrollmentMyLearning)}</h1>
            <Show when=move || notice().is_some()>
                <p class="form-notice" role="status">{notice}</p>
            </Show>
            <FormAlert error=error />
            <Transition fallback=|| ()>
                {move || {
                    list.get()
                        .map(|found| match found {
                            Err(e) => {
                                let e = Signal::derive(move || Some(e.clone()));
                                view! { <FormAlert error=e /> }.into_any()
                            }
                            Ok(items) if items.is_empty() => {
                                view! {
                                    <p>{i18n.t(Key::EnrollmentNone)}</p>
                                    <p><A href="/catalog">{i18n.t(Key::EnrollmentBrowse)}</A></p>
                                }
                                    .into_any()
                            }
                            Ok(items) => {
                                view! {
                                    <table class="data-table" id="my-enrollments">
                                        <thead>
                                            <tr>
                                                <th scope="col">{i18n.t(Key::EnrollmentModule)}</th>
                                                <th scope="col">{i18n.t(Key::EnrollmentDates)}</th>
                                                <th scope="col">{i18n.t(Key::EnrollmentStatus)}</th>
                                                <th scope="col"><span class="visually-hidden">{i18n.t(Key::EnrollmentWithdraw)}</span></th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {items
                                                .into_iter()
                                                .map(|e| {
                                                    let status = EnrollmentStatus::from_code(&e.status);
                                                    let label = status.map(|s| i18n.t(s.label()));
                                                    let position = e.waitlist_position.map(|p| {
                                                        move || i18n.locale().format(Key::EnrollmentPosition, &[("position", &p.to_string())])
                                                    });
                                                    let may_withdraw = status.is_some_and(|s| matches!(s,
                                                        EnrollmentStatus::PendingEndorsement | EnrollmentStatus::PendingAcceptance
                                                        | EnrollmentStatus::Enrolled | EnrollmentStatus::Waitlisted));
                                                    view! {
                                                        <tr data-status=e.status.clone()>
                                                            <td>
                                                                <A href=format!("/modules/{}", e.module_code)>{e.module_title.clone()}</A>
                                                                " "<span class="code">{e.module_code.clone()}</span>
                                                            </td>
                                                            <td>{format!("{} – {}", e.starts_on, e.ends_on)}</td>
                                                            <td class="enrollment-status">{label}" "{position}</td>
                                                            <td>
                                                                <Show when=move || may_withdraw>
                                                                    <ActionForm action=withdraw attr:class="inline-form">
                                                                        <input type="hidden" name="id" value=e.id.to_string() />
                                                                        <button type="submit" class="link-button">{i18n.t(Key::EnrollmentWithdraw)}</button>
                                                                    </ActionForm>
                                                                </Show>
                                                            </td>
                                                        </tr>
                                                    }
                                                })
                                                .collect_view()}
                                        </tbody>
                                    </table>
                                }
                                    .into_any()
                            }
                        })
                }}
            </Transition>
        </section>
    }
}

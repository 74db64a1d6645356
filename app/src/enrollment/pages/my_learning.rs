//! "My learning" (`/my-learning`): the person's applications and enrolments.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::super::api::{Withdraw, my_enrollments};
use super::super::dto::{EnrollmentStatus, EnrollmentView, reason_text};
use crate::forms::{FormAlert, action_error};
use crate::i18n::{Key, use_i18n};
use crate::shell::Confirm;

/// "My learning": the person's applications and enrolments, with waitlist positions and a
/// Withdraw button, behind a confirmation, while withdrawing is possible.
#[component]
pub fn MyLearningPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let withdraw = ServerAction::<Withdraw>::new();
    let error = action_error(withdraw);
    let list = Resource::new(
        move || {
            (
                withdraw.version().get(),
                query.read().get("applied"),
                query.read().get("withdrawn"),
            )
        },
        |_| my_enrollments(),
    );
    // What happened, as it happened: the seat is said to have gone to someone only when it did.
    let notice = move || {
        let locale = i18n.locale();
        let read = query.read();
        if let Some(seat) = read.get("withdrawn") {
            return Some(
                locale
                    .text(match seat.as_str() {
                        "passed_on" => Key::WithdrawalSeatPassedOn,
                        "freed" => Key::WithdrawalSeatFreed,
                        _ => Key::WithdrawalLeft,
                    })
                    .to_string(),
            );
        }
        Some(match read.get("applied")?.as_str() {
            "enrolled" => locale.text(Key::EnrollmentAppliedEnrolled).to_string(),
            "waitlisted" => locale.text(Key::EnrollmentWaitlisted).to_string(),
            "pending_endorsement" => locale.text(Key::EnrollmentAppliedPending).to_string(),
            _ => return None,
        })
    };
    view! {
        <Title text=i18n.t(Key::EnrollmentMyLearning) />
        <section class="wide-page" aria-labelledby="my-learning-title">
            <h1 id="my-learning-title">{i18n.t(Key::EnrollmentMyLearning)}</h1>
            <Show when=move || notice().is_some()>
                <p class="form-notice" role="status" id="my-learning-notice">{notice}</p>
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
                                    <p>
                                        <A href="/catalog" attr:class="action-link">
                                            {i18n.t(Key::EnrollmentBrowse)}
                                        </A>
                                    </p>
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
                                                <th scope="col">
                                                    <span class="visually-hidden">
                                                        {i18n.t(Key::EnrollmentWithdraw)}
                                                    </span>
                                                </th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {items
                                                .into_iter()
                                                .map(|e| view! { <EnrollmentRow e=e withdraw=withdraw /> })
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

/// One application or enrolment, with "Retirarme" behind a confirmation while possible.
#[component]
fn EnrollmentRow(e: EnrollmentView, withdraw: ServerAction<Withdraw>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.locale();
    let status = EnrollmentStatus::from_code(&e.status);
    let label = status.map(|s| locale.text(s.label()));
    let position = e.waitlist_position.map(|p| {
        locale.format(
            Key::EnrollmentPosition,
            &[("position", &locale.integer(p.into()))],
        )
    });
    let may_withdraw = status.is_some_and(|s| {
        matches!(
            s,
            EnrollmentStatus::PendingEndorsement
                | EnrollmentStatus::PendingAcceptance
                | EnrollmentStatus::Enrolled
                | EnrollmentStatus::Waitlisted
        )
    });
    let module = e.module_title.clone();
    // Where, beside when: two runs of the same course are told apart at a glance.
    let place = crate::accounts::countries::find(&e.country)
        .map(|c| format!(" · {}", c.name(locale)))
        .unwrap_or_default();
    let dates = format!(
        "{} – {}{place}",
        locale.date(&e.starts_on),
        locale.date(&e.ends_on)
    );
    let reason = e.reason.as_deref().map(|r| reason_text(locale, r));
    let funded = e
        .scholarship
        .clone()
        .map(|amount| locale.format(Key::ScholarshipFundedWith, &[("amount", &amount)]));
    let withdraw_form = may_withdraw.then(|| {
        let context = locale.format(Key::WithdrawalOpenPerson, &[("module", &module)]);
        let question = locale.format(Key::WithdrawalQuestion, &[("module", &module)]);
        view! {
            <Confirm
                label=locale.text(Key::EnrollmentWithdraw).to_string()
                context=context
                question=question
                danger=true
            >
                <ActionForm action=withdraw attr:class="inline-form">
                    <input type="hidden" name="id" value=e.id.to_string() />
                    <button type="submit" class="primary-button danger-button">
                        {locale.text(Key::WithdrawalConfirm)}
                    </button>
                </ActionForm>
            </Confirm>
        }
    });
    // Enrolled and past trainees open the course (its lessons, or its outline until they open).
    let course = matches!(
        status,
        Some(EnrollmentStatus::Enrolled | EnrollmentStatus::Completed)
    )
    .then(|| {
        view! {
            <br />
            <A href=format!("/learn/{}", e.id) attr:class="action-link course-link">
                {locale.text(Key::CourseOpen)}
            </A>
        }
    });
    let column = |key: Key| locale.text(key);
    view! {
        <tr data-status=e.status.clone()>
            <td data-label=column(Key::EnrollmentModule)>
                <A href=format!("/modules/{}", e.module_code)>{e.module_title.clone()}</A>
                " "
                <span class="code">{e.module_code.clone()}</span>
                {course}
            </td>
            <td data-label=column(Key::EnrollmentDates)>{dates}</td>
            <td data-label=column(Key::EnrollmentStatus) class="enrollment-status">
                {label}
                {position.map(|p| format!(" {p}"))}
                {reason
                    .map(|r| {
                        view! {
                            <br />
                            <span class="field-hint enrollment-reason">{r}</span>
                        }
                    })}
                {funded
                    .map(|f| {
                        view! {
                            <br />
                            <A href="/my-scholarships" attr:class="field-hint">
                                {f}
                            </A>
                        }
                    })}
            </td>
            <td data-label=column(Key::EnrollmentWithdraw)>{withdraw_form}</td>
        </tr>
    }
}

//! One applicant on an offering's applicants page: their status now and a button per legal
//! move, with refusals and other losses behind a confirmation.

use leptos::prelude::*;

use super::super::RosterEntry;
use super::super::api::DecideEnrollment;
use super::super::dto::{EnrollmentStatus, reason_text};
use super::applicants::country_name;
use crate::error::AppError;
use crate::forms::typed_value;
use crate::i18n::{Key, Locale, use_i18n};
use crate::shell::Confirm;

/// What every row of the applicants table shares.
#[derive(Clone)]
pub(super) struct RowContext {
    pub(super) offering_id: i64,
    /// The module's title in the reader's language, for the confirmation questions.
    pub(super) module: String,
    /// The offering's last day (ISO), after which "completed" may be recorded.
    pub(super) ends_on: String,
    pub(super) action: ServerAction<DecideEnrollment>,
    pub(super) fund: ServerAction<crate::scholarships::FundEnrollment>,
    pub(super) error: Signal<Option<AppError>>,
}

/// A move shown as its own button: its visible text and its screen-reader label (the text,
/// then the person's name).
fn move_texts(
    locale: Locale,
    from: EnrollmentStatus,
    to: EnrollmentStatus,
    name: &str,
) -> (String, String) {
    use EnrollmentStatus::*;
    let (text, context) = match (from, to) {
        (_, Enrolled) => (Key::DecisionAccept, Key::DecisionAcceptPerson),
        (_, Waitlisted) => (Key::DecisionWaitlist, Key::DecisionWaitlistPerson),
        (_, PendingAcceptance) => (Key::AgencyEndorse, Key::DecisionEndorsePerson),
        (_, Completed) => (Key::DecisionComplete, Key::DecisionCompletePerson),
        (_, Rejected) => (Key::DecisionReject, Key::DecisionRejectPerson),
        _ => (Key::DecisionWithdraw, Key::DecisionWithdrawPerson),
    };
    (
        locale.text(text).to_string(),
        locale.format(context, &[("name", name)]),
    )
}

/// One row of the applicants table.
#[component]
pub(super) fn ApplicantRow(entry: RosterEntry, context: RowContext) -> impl IntoView {
    use EnrollmentStatus::*;
    let i18n = use_i18n();
    let locale = i18n.locale();
    let RowContext {
        offering_id,
        module,
        ends_on,
        action,
        fund,
        error,
    } = context;
    let id = entry.enrollment_id;
    let name = entry.full_name.clone();
    let status = EnrollmentStatus::from_code(&entry.status);
    let moves: Vec<EnrollmentStatus> = entry
        .moves
        .iter()
        .filter_map(|m| EnrollmentStatus::from_code(m))
        .collect();
    let label = status.map(|s| locale.text(s.label()));
    let position = entry.waitlist_position.map(|p| {
        locale.format(
            Key::EnrollmentPosition,
            &[("position", &locale.integer(p.into()))],
        )
    });
    let affiliation = locale.text(if entry.affiliation == "civilian" {
        Key::AffiliationCivilian
    } else {
        Key::AffiliationPolice
    });
    let belongs = format!(
        "{} ({}) · {affiliation}",
        entry.agency,
        country_name(locale, &entry.country)
    );
    let reason = entry.reason.as_deref().map(|r| reason_text(locale, r));
    let funding = entry
        .scholarship
        .clone()
        .map(|amount| locale.format(Key::ScholarshipFundedWith, &[("amount", &amount)]));
    let may_fund = entry.scholarship.is_none()
        && entry.grant_available.is_some()
        && status.is_some_and(|s| {
            matches!(
                s,
                PendingEndorsement | PendingAcceptance | Enrolled | Waitlisted
            )
        });
    let available = entry.grant_available.clone().unwrap_or_default();
    let amount_id = format!("fund-{id}");

    // A move that takes something away (a refusal, a seat, the application itself) is confirmed
    // first; the others are one tap on a button that names them.
    let takes_away = |to: EnrollmentStatus| {
        matches!(to, Rejected | Withdrawn) || (status == Some(Enrolled) && to == Waitlisted)
    };
    let Some(from) = status else {
        return view! { <tr><td colspan="4">{entry.full_name.clone()}</td></tr> }.into_any();
    };
    let direct: Vec<EnrollmentStatus> = moves
        .iter()
        .copied()
        .filter(|to| !takes_away(*to))
        .collect();
    let confirmed: Vec<EnrollmentStatus> =
        moves.iter().copied().filter(|to| takes_away(*to)).collect();
    // The refused form is the one whose typed reason came back: its error is shown there.
    let came_back =
        move |to: EnrollmentStatus| typed_value(&format!("decide-{id}-{}", to.code()), "reason");
    let field_error = move |to: EnrollmentStatus| {
        came_back(to).and_then(|_| {
            error
                .get_untracked()
                .and_then(|e| e.field_message("reason"))
        })
    };
    let direct_form = (!direct.is_empty()).then(|| {
        let typed = direct.iter().find_map(|to| came_back(*to)).unwrap_or_default();
        let reason_id = format!("reason-{id}");
        let buttons = direct
            .iter()
            .enumerate()
            .map(|(i, to)| {
                let (text, aria) = move_texts(locale, from, *to, &name);
                let class = if i == 0 { "primary-button" } else { "secondary-button" };
                view! {
                    <button type="submit" name="to" value=to.code() class=class aria-label=aria>
                        {text}
                    </button>
                }
            })
            .collect_view();
        view! {
            <ActionForm action=action attr:class="decision-form">
                <input type="hidden" name="offering_id" value=offering_id.to_string() />
                <input type="hidden" name="id" value=id.to_string() />
                <div class="field">
                    <label for=reason_id.clone()>{locale.text(Key::DecisionReasonOptionalLabel)}</label>
                    <input id=reason_id.clone() name="reason" maxlength="500" value=typed
                        aria-describedby=format!("{reason_id}-hint") />
                    <p class="field-hint" id=format!("{reason_id}-hint")>{locale.text(Key::DecisionReasonHint)}</p>
                </div>
                <div class="decision-buttons">{buttons}</div>
            </ActionForm>
        }
    });
    let confirmed_forms = confirmed
        .iter()
        .map(|to| {
            let to = *to;
            let (text, aria) = move_texts(locale, from, to, &name);
            let args = [("name", name.as_str()), ("module", module.as_str())];
            let (question, confirm) = match to {
                Rejected => (Key::DecisionRejectQuestion, Key::DecisionRejectConfirm),
                Waitlisted => (Key::DecisionUnseatQuestion, Key::DecisionUnseatConfirm),
                _ => (Key::DecisionWithdrawQuestion, Key::DecisionWithdrawConfirm),
            };
            let question = locale.format(question, &args);
            let typed = came_back(to).unwrap_or_default();
            let problem = field_error(to);
            let invalid = problem.is_some();
            let reason_id = format!("reason-{id}-{}", to.code());
            let reason_field = match to {
                Rejected => view! {
                    <div class="field" class:field--invalid=invalid>
                        <label for=reason_id.clone()>{locale.text(Key::DecisionReasonRequiredLabel)}</label>
                        <textarea id=reason_id.clone() name="reason" maxlength="500" rows="3" required
                            aria-invalid=invalid.then_some("true")
                            aria-describedby=format!("{reason_id}-hint")>{typed}</textarea>
                        <p class="field-hint" id=format!("{reason_id}-hint")>{locale.text(Key::DecisionReasonHint)}</p>
                        {problem.map(|p| view! { <p class="field-error">{p}</p> })}
                    </div>
                }
                .into_any(),
                Waitlisted => view! {
                    <div class="field">
                        <label for=reason_id.clone()>{locale.text(Key::DecisionReasonOptionalLabel)}</label>
                        <input id=reason_id.clone() name="reason" maxlength="500" value=typed />
                    </div>
                }
                .into_any(),
                _ => view! { <input type="hidden" name="reason" value="" /> }.into_any(),
            };
            view! {
                <Confirm label=text context=aria question=question danger=true>
                    <ActionForm action=action attr:class="decision-form">
                        <input type="hidden" name="offering_id" value=offering_id.to_string() />
                        <input type="hidden" name="id" value=id.to_string() />
                        <input type="hidden" name="to" value=to.code() />
                        {reason_field}
                        <button type="submit" class="primary-button danger-button">
                            {locale.text(confirm)}
                        </button>
                    </ActionForm>
                </Confirm>
            }
        })
        .collect_view();
    // "Completed" is not offered before the offering's last day is over: say when it will be.
    let complete_later = (from == Enrolled && !moves.contains(&Completed) && !moves.is_empty())
        .then(|| {
            locale.format(
                Key::DecisionCompleteLater,
                &[("date", &locale.date(&ends_on))],
            )
        });
    let nothing = moves.is_empty() && !may_fund;
    let fund_label = format!(
        "{} · {}",
        locale.text(Key::ScholarshipFund),
        entry.full_name
    );
    let fund_form = may_fund.then(|| {
        view! {
            <ActionForm action=fund attr:class="decision-form fund-form">
                <input type="hidden" name="offering_id" value=offering_id.to_string() />
                <input type="hidden" name="id" value=id.to_string() />
                <label for=amount_id.clone()>
                    {locale.format(Key::ScholarshipFundLabel, &[("available", &available)])}
                </label>
                <input id=amount_id.clone() name="amount" inputmode="decimal" maxlength="16" required />
                <button type="submit" class="secondary-button"
                    aria-label=fund_label>
                    {locale.text(Key::ScholarshipFund)}
                </button>
            </ActionForm>
        }
    });
    let column = |key: Key| locale.text(key);
    view! {
        <tr data-status=entry.status.clone() id=format!("applicant-{id}")>
            <td data-label=column(Key::EnrollmentPerson)>
                {entry.full_name.clone()}
                <br />
                <span class="field-hint">{entry.email.clone()}</span>
            </td>
            <td data-label=column(Key::EnrollmentAgency)>{belongs}</td>
            <td data-label=column(Key::EnrollmentStatus)>
                <strong class="enrollment-status">{label}</strong>
                {position.map(|p| format!(" {p}"))}
                {reason.map(|r| view! { <br /><span class="field-hint enrollment-reason">{r}</span> })}
                {funding.map(|f| view! { <br /><span class="field-hint scholarship-funding">{f}</span> })}
            </td>
            <td data-label=column(Key::EnrollmentDecision) class="decision-cell">
                {direct_form}
                {(!confirmed.is_empty()).then(|| view! { <div class="decision-confirms">{confirmed_forms}</div> })}
                {complete_later.map(|t| view! { <p class="field-hint">{t}</p> })}
                {fund_form}
                {nothing.then(|| view! { <span class="field-hint">{locale.text(Key::DecisionNone)}</span> })}
            </td>
        </tr>
    }
    .into_any()
}

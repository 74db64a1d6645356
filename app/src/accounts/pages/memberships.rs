//! `/memberships`: coordinators confirm or decline the people who registered as members of
//! their agency; administrators see everyone waiting, and decide where an agency has no
//! coordinator. Also the membership box of "My profile". Plain forms: works without JavaScript.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::accounts::{
    DecideMembership, MembershipHold, PendingMember, ResendVerification, pending_members,
};
use crate::auth::{SignInFirst, use_auth};
use crate::error::AppError;
use crate::forms::{FormAlert, action_error};
use crate::i18n::{Key, use_i18n};
use crate::shell::Confirm;

/// The memberships waiting for the signed-in coordinator or administrator.
#[component]
pub fn MembershipsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let decide = ServerAction::<DecideMembership>::new();
    let error = action_error(decide);
    let pending = Resource::new(move || decide.version().get(), |_| pending_members());
    let admin = move || {
        use_auth()
            .user
            .get()
            .is_some_and(|u| u.roles.contains(&crate::accounts::Role::Administrator))
    };
    view! {
        <Title text=i18n.t(Key::MembershipTitle) />
        <section class="wide-page" aria-labelledby="memberships-title">
            <h1 id="memberships-title">{i18n.t(Key::MembershipTitle)}</h1>
            <p class="lead">
                {move || i18n.t(if admin() { Key::MembershipLeadAdmin } else { Key::MembershipLeadCoordinator })()}
            </p>
            <FormAlert error=error />
            <Suspense fallback=|| ()>
                {move || pending.get().map(|found| match found {
                    Err(AppError::SignInRequired) => view! { <SignInFirst /> }.into_any(),
                    Err(e) => {
                        let e = Signal::derive(move || Some(e.clone()));
                        view! { <FormAlert error=e /> }.into_any()
                    }
                    Ok(people) => {
                        let notice = match query.get_untracked().get("outcome").as_deref() {
                            Some("confirmed") => Some(Key::MembershipConfirmedDone),
                            Some("declined") => Some(Key::MembershipDeclinedDone),
                            _ => None,
                        };
                        view! {
                            {notice.map(|key| view! {
                                <p class="form-notice" role="status" id="memberships-notice">
                                    {i18n.locale().text(key)}
                                </p>
                            })}
                            <PendingTable people=people decide=decide error=error />
                        }.into_any()
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The people waiting, with a decision for each.
#[component]
fn PendingTable(
    people: Vec<PendingMember>,
    decide: ServerAction<DecideMembership>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let locale = use_i18n().locale();
    if people.is_empty() {
        return view! { <p id="memberships-empty">{locale.text(Key::MembershipNone)}</p> }
            .into_any();
    }
    let rows = people
        .into_iter()
        .map(|p| view! { <PendingRow person=p decide=decide error=error /> })
        .collect_view();
    view! {
        <table class="data-table" id="memberships">
            <thead><tr>
                <th scope="col">{locale.text(Key::MembershipColPerson)}</th>
                <th scope="col">{locale.text(Key::MembershipColAgency)}</th>
                <th scope="col">{locale.text(Key::MembershipColRegistered)}</th>
                <th scope="col">{locale.text(Key::MembershipColAction)}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

/// One person waiting: who, which agency, and confirm or decline (with a reason).
#[component]
fn PendingRow(
    person: PendingMember,
    decide: ServerAction<DecideMembership>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let locale = use_i18n().locale();
    let p = person;
    let country = crate::accounts::countries::find(&p.country)
        .map(|c| c.name(locale).to_string())
        .unwrap_or_else(|| p.country.clone());
    let registered = locale.date(p.registered_at.get(..10).unwrap_or_default());
    let confirm_label = locale.format(Key::MembershipConfirmLabel, &[("name", &p.full_name)]);
    let decline_context = locale.format(Key::MembershipDeclineLabel, &[("name", &p.full_name)]);
    let question = locale.format(
        Key::MembershipDeclineQuestion,
        &[("name", &p.full_name), ("agency", &p.agency)],
    );
    let notes = [
        (!p.email_verified).then(|| locale.text(Key::MembershipUnverified)),
        (!p.agency_listed).then(|| locale.text(Key::MembershipRequestedAgencyBadge)),
        (p.agency_listed && !p.agency_has_coordinator)
            .then(|| locale.text(Key::MembershipNoCoordinator)),
    ]
    .into_iter()
    .flatten()
    .map(|note| view! { <br /><span class="badge">{note}</span> })
    .collect_view();
    let may_confirm = p.email_verified && p.agency_listed;
    let id = p.id.to_string();
    let reason_id = format!("decline-reason-{}", p.id);
    // A refused decline names the reason; only the open panel shows it.
    let reason_error = move || error.get().and_then(|e| e.field_message("reason"));
    view! {
        <tr id=format!("member-{}", p.id)>
            <td data-label=locale.text(Key::MembershipColPerson)>
                {p.full_name.clone()}<br /><span class="field-hint">{p.email.clone()}</span>
            </td>
            <td data-label=locale.text(Key::MembershipColAgency)>
                {p.agency.clone()} " (" {country} ")" {notes}
            </td>
            <td data-label=locale.text(Key::MembershipColRegistered)>{registered}</td>
            <td class="decision-cell" data-label=locale.text(Key::MembershipColAction)>
                {may_confirm.then({
                    let id = id.clone();
                    move || view! {
                    <ActionForm action=decide attr:class="decision-form">
                        <input type="hidden" name="user_id" value=id />
                        <input type="hidden" name="decision" value="confirm" />
                        <button type="submit" class="primary-button" aria-label=confirm_label.clone()>
                            {locale.text(Key::MembershipConfirm)}
                        </button>
                    </ActionForm>
                }})}
                <Confirm label=locale.text(Key::MembershipDecline).to_string() context=decline_context
                    question=question danger=true>
                    <ActionForm action=decide attr:class="decision-form">
                        <input type="hidden" name="user_id" value=id.clone() />
                        <input type="hidden" name="decision" value="decline" />
                        <div class="field" class:field--invalid=move || reason_error().is_some()>
                            <label for=reason_id.clone()>{locale.text(Key::MembershipReason)}</label>
                            <input id=reason_id.clone() name="reason" required minlength="5" maxlength="500"
                                aria-invalid=move || reason_error().is_some().then_some("true") />
                            <Show when=move || reason_error().is_some()>
                                <p class="field-error">{reason_error}</p>
                            </Show>
                        </div>
                        <button type="submit" class="primary-button danger-button">
                            {locale.text(Key::MembershipDecline)}
                        </button>
                    </ActionForm>
                </Confirm>
            </td>
        </tr>
    }
}

/// "My profile": whether the address is confirmed (with a button to send the link again) and
/// where the membership stands.
#[component]
pub fn MyMembership() -> impl IntoView {
    let i18n = use_i18n();
    let resend = ServerAction::<ResendVerification>::new();
    let error = action_error(resend);
    move || {
        let user = use_auth().user.get()?;
        let locale = i18n.locale();
        let unverified = user.hold == Some(MembershipHold::EmailUnverified);
        let status = match user.hold {
            None => Key::MembershipStatusConfirmed,
            Some(MembershipHold::Declined) => Key::MembershipStatusDeclined,
            Some(_) => Key::MembershipStatusPending,
        };
        Some(view! {
            <dl class="facts" id="my-membership">
                <dt>{locale.text(Key::MembershipEmailLabel)}</dt>
                <dd id="email-status">
                    {locale.text(if unverified { Key::MembershipEmailUnverified } else { Key::MembershipEmailVerified })}
                </dd>
                <dt>{locale.text(Key::MembershipStatusLabel)}</dt>
                <dd id="membership-status">{locale.text(status)}</dd>
            </dl>
            {user.hold.map(|hold| view! { <p class="field-hint">{locale.text(crate::accounts::hold_key(hold))}</p> })}
            {unverified.then(|| view! {
                <ActionForm action=resend attr:class="inline-form" attr:id="resend-form">
                    <FormAlert error=error />
                    <button type="submit" class="secondary-button">{locale.text(Key::MembershipResend)}</button>
                </ActionForm>
            })}
        })
    }
}

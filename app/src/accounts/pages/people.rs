//! Administration → people: search, roles, deactivation and invitations.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{A, Form};
use leptos_router::hooks::use_query_map;

use super::{affiliation_options, country_options, language_options, role_label};
use crate::accounts::{
    ChangePersonStanding, InvitePerson, Role, SetPersonActive, SetPersonRoles, UserSummary,
    search_people,
};
use crate::auth::SignInFirst;
use crate::catalog::form_controls::options_html;
use crate::error::AppError;
use crate::forms::{Field, FormAlert, SelectField, action_error, typed_value};
use crate::i18n::{Key, use_i18n};
use crate::shell::Confirm;

/// Administration → people: search, roles, deactivation and invitations. Administrators see
/// everyone; coordinators the officers of their own agency.
#[component]
pub fn PeoplePage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let roles = ServerAction::<SetPersonRoles>::new();
    let activate = ServerAction::<SetPersonActive>::new();
    let standing = ServerAction::<ChangePersonStanding>::new();
    let invite = ServerAction::<InvitePerson>::new();
    let q = move || query.read().get("q").unwrap_or_default();
    let people = Resource::new(
        move || {
            (
                q(),
                roles.version().get(),
                activate.version().get(),
                standing.version().get(),
                invite.version().get(),
            )
        },
        |(q, ..)| search_people(q),
    );
    let list_error = Signal::derive(move || {
        action_error(roles)
            .get()
            .or_else(|| action_error(activate).get())
            .or_else(|| action_error(standing).get())
    });
    let invite_error = action_error(invite);
    let sent_without_js = StoredValue::new(typed_value("invite_person_sent", "email"));
    let invited = move || {
        let email = match invite.value().get() {
            Some(Ok(email)) => Some(email),
            _ => sent_without_js.get_value(),
        }?;
        Some(i18n.locale().format(Key::InviteSent, &[("email", &email)]))
    };
    let typed = |field| typed_value("invite_person", field).unwrap_or_default();
    view! {
        <Title text=i18n.t(Key::PeopleTitle) />
        <section class="wide-page" aria-labelledby="people-title">
            <h1 id="people-title">{i18n.t(Key::PeopleTitle)}</h1>
            <Form method="GET" action="" attr:class="search-form" attr:role="search">
                <label for="people-q">{i18n.t(Key::PeopleSearch)}</label>
                <input id="people-q" type="search" name="q" value=q maxlength="200" />
                <button type="submit" class="primary-button">{i18n.t(Key::PeopleSearchSubmit)}</button>
            </Form>
            <p>
                <A href="/admin/people/import">{i18n.t(Key::PeopleImportLink)}</A>
            </p>
            <FormAlert error=list_error />
            <Transition fallback=|| ()>
                {move || {
                    people
                        .get()
                        .map(|found| match found {
                            Err(AppError::SignInRequired) => view! { <SignInFirst /> }.into_any(),
                            Err(AppError::Forbidden) => {
                                view! { <p class="form-error" role="alert">{i18n.t(Key::FormForbidden)}</p> }
                                    .into_any()
                            }
                            Err(_) => view! { <crate::shell::ErrorPage /> }.into_any(),
                            Ok(list) if list.is_empty() => {
                                view! { <p>{i18n.t(Key::PeopleNone)}</p> }.into_any()
                            }
                            Ok(list) => {
                                view! {
                                    <table class="data-table" id="people">
                                        <thead>
                                            <tr>
                                                <th scope="col">{i18n.t(Key::ProfileFullName)}</th>
                                                <th scope="col">{i18n.t(Key::ProfileAgency)}</th>
                                                <th scope="col">{i18n.t(Key::PeopleRoles)}</th>
                                                <th scope="col">{i18n.t(Key::PeopleStatus)}</th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {list
                                                .into_iter()
                                                .map(|person| view! { <PersonRow person roles activate standing /> })
                                                .collect_view()}
                                        </tbody>
                                    </table>
                                }
                                    .into_any()
                            }
                        })
                }}
            </Transition>

            <h2 id="invite-title">{i18n.t(Key::InviteTitle)}</h2>
            <p>{i18n.t(Key::InviteLead)}</p>
            <Show when=move || invited().is_some()>
                <p class="form-notice" role="status">{invited}</p>
            </Show>
            <ActionForm action=invite attr:class="stacked-form" attr:id="invite-form">
                <FormAlert error=invite_error />
                <Field form="invite" name="email" label=Key::SignInEmail kind="email" required=true
                    maxlength=320 value=typed("email") error=invite_error />
                <Field form="invite" name="full_name" label=Key::ProfileFullName required=true
                    value=typed("full_name") error=invite_error />
                <SelectField form="invite" name="country" label=Key::ProfileCountry required=true
                    placeholder=Key::FormChoose options=country_options(i18n.locale())
                    selected=typed("country") error=invite_error />
                <Field form="invite" name="agency" label=Key::ProfileAgency required=true
                    value=typed("agency") error=invite_error />
                <Field form="invite" name="rank" label=Key::ProfileRank maxlength=100
                    value=typed("rank") error=invite_error />
                <SelectField form="invite" name="affiliation" label=Key::ProfileAffiliation required=true
                    placeholder=Key::FormChoose options=affiliation_options(i18n)
                    selected=typed("affiliation") error=invite_error />
                <SelectField form="invite" name="preferred_language" label=Key::ProfileLanguage required=true
                    options=language_options()
                    selected=typed_value("invite_person", "preferred_language")
                        .unwrap_or_else(|| i18n.locale().code().to_string())
                    error=invite_error />
                <fieldset class="field">
                    <legend>{i18n.t(Key::PeopleRoles)}</legend>
                    {[Role::Trainee, Role::Instructor, Role::Coordinator]
                        .into_iter()
                        .map(|role| {
                            view! {
                                <label class="checkbox">
                                    <input type="checkbox" name=role.code() value="on"
                                        checked=role == Role::Trainee />
                                    {i18n.t(role_label(role))}
                                </label>
                            }
                        })
                        .collect_view()}
                    <Show when=move || invite_error.get().and_then(|e| e.field_message("roles")).is_some()>
                        <p class="field-error">
                            {move || invite_error.get().and_then(|e| e.field_message("roles"))}
                        </p>
                    </Show>
                </fieldset>
                <button type="submit" class="primary-button">{i18n.t(Key::InviteSubmit)}</button>
            </ActionForm>
        </section>
    }
}

/// One person in the list: roles to tick and save, and the account's status. Deactivating asks
/// for confirmation first; every repeated button names the person for screen readers.
#[component]
fn PersonRow(
    person: UserSummary,
    roles: ServerAction<SetPersonRoles>,
    activate: ServerAction<SetPersonActive>,
    standing: ServerAction<ChangePersonStanding>,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.locale();
    let id = person.id.to_string();
    let id_for_roles = id.clone();
    let id_for_standing = id.clone();
    let standing_question = locale.format(Key::StandingQuestion, &[("name", &person.full_name)]);
    // The screen-reader name starts with the visible text, as on the other buttons here.
    let standing_context = format!(
        "{} — {}",
        locale.text(Key::StandingChange),
        person.full_name
    );
    let held = person.roles.clone();
    let name = person.full_name.clone();
    let status = if person.active {
        Key::PeopleActive
    } else {
        Key::PeopleInactive
    };
    let save_label = format!("{} — {name}", locale.text(Key::PeopleSaveRoles));
    let roles_legend = format!("{} — {name}", locale.text(Key::PeopleRoles));
    let active_form = if person.active {
        let question = locale.format(Key::AccountsDeactivateQuestion, &[("name", &name)]);
        view! {
            <Confirm
                label=locale.text(Key::PeopleDeactivate).to_string()
                context=format!("{} — {name}", locale.text(Key::PeopleDeactivate))
                question=question
                danger=true
            >
                <ActionForm action=activate attr:class="inline-form">
                    <input type="hidden" name="user_id" value=id.clone() />
                    <input type="hidden" name="active" value="false" />
                    <button type="submit" class="primary-button danger-button">
                        {locale.text(Key::AccountsDeactivateConfirm)}
                    </button>
                </ActionForm>
            </Confirm>
        }
        .into_any()
    } else {
        view! {
            <ActionForm action=activate attr:class="inline-form">
                <input type="hidden" name="user_id" value=id />
                <input type="hidden" name="active" value="true" />
                <button
                    type="submit"
                    class="secondary-button"
                    aria-label=format!("{} — {name}", locale.text(Key::PeopleReactivate))
                >
                    {locale.text(Key::PeopleReactivate)}
                </button>
            </ActionForm>
        }
        .into_any()
    };
    // Affiliation and country decide eligibility, quotas and scholarships: their correction is
    // a deliberate, reasoned and audited step (the service checks who may take it).
    let standing_form = {
        let ids = format!("standing-{id_for_standing}");
        let affiliations =
            options_html(&super::affiliation_options(i18n), &person.affiliation, None);
        let countries = options_html(&super::country_options(locale), &person.country, None);
        view! {
            <Confirm
                label=locale.text(Key::StandingChange).to_string()
                context=standing_context
                question=standing_question
            >
                <ActionForm action=standing attr:class="stacked-form standing-form">
                    <input type="hidden" name="user_id" value=id_for_standing.clone() />
                    <div class="field">
                        <label for=format!("{ids}-affiliation")>{locale.text(Key::ProfileAffiliation)}</label>
                        <select id=format!("{ids}-affiliation") name="affiliation" inner_html=affiliations></select>
                    </div>
                    <div class="field">
                        <label for=format!("{ids}-country")>{locale.text(Key::ProfileCountry)}</label>
                        <select id=format!("{ids}-country") name="country" inner_html=countries></select>
                    </div>
                    <div class="field">
                        <label for=format!("{ids}-reason")>{locale.text(Key::StandingReason)}</label>
                        <textarea id=format!("{ids}-reason") name="reason" rows="2" maxlength="500" required>
                            {typed_value(&ids, "reason").unwrap_or_default()}
                        </textarea>
                    </div>
                    <button type="submit" class="primary-button">{locale.text(Key::StandingConfirm)}</button>
                </ActionForm>
            </Confirm>
        }
    };
    view! {
        <tr class:inactive=!person.active>
            <td data-label=locale.text(Key::ProfileFullName)>
                <strong>{person.full_name.clone()}</strong>
                <br />
                <span class="muted person-email">{person.email.clone()}</span>
            </td>
            <td data-label=locale.text(Key::ProfileAgency)>
                {person.agency.clone()} " (" {person.country.clone()} ")"
                <br />
                <span class="muted">{i18n.t(if person.affiliation == "civilian" { Key::AffiliationCivilian } else { Key::AffiliationPolice })}</span>
                {standing_form}
            </td>
            <td data-label=locale.text(Key::PeopleRoles)>
                <ActionForm action=roles attr:class="roles-form">
                    <input type="hidden" name="user_id" value=id_for_roles />
                    <fieldset class="roles-fieldset">
                        <legend class="visually-hidden">{roles_legend}</legend>
                        {Role::ALL
                            .into_iter()
                            .map(|role| {
                                view! {
                                    <label class="checkbox">
                                        <input type="checkbox" name=role.code() value="on"
                                            checked=held.contains(&role) />
                                        {i18n.t(role_label(role))}
                                    </label>
                                }
                            })
                            .collect_view()}
                    </fieldset>
                    <button type="submit" class="secondary-button" aria-label=save_label>
                        {i18n.t(Key::PeopleSaveRoles)}
                    </button>
                </ActionForm>
            </td>
            <td data-label=locale.text(Key::PeopleStatus)>
                <p class="person-status">{i18n.t(status)}</p>
                {active_form}
            </td>
        </tr>
    }
}

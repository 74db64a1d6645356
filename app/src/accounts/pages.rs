//! Registration, "My profile" (profile, password, sessions) and the people administration page.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{A, Form};
use leptos_router::hooks::use_query_map;

use super::{
    InvitePerson, Register, Role, SetPersonActive, SetPersonRoles, UpdateProfile, load_profile,
    search_people,
};
use crate::auth::{ChangePassword, EndSession, Notice, my_sessions};
use crate::error::AppError;
use crate::forms::{Field, FormAlert, SelectField, action_error, typed_value};
use crate::i18n::{I18n, Key, Locale, use_i18n};

fn country_options(locale: Locale) -> Vec<(String, String)> {
    super::countries::options(locale)
}

fn affiliation_options(i18n: I18n) -> Vec<(String, String)> {
    let locale = i18n.locale();
    vec![
        ("police".into(), locale.text(Key::AffiliationPolice).into()),
        (
            "civilian".into(),
            locale.text(Key::AffiliationCivilian).into(),
        ),
    ]
}

fn gender_options(i18n: I18n) -> Vec<(String, String)> {
    let locale = i18n.locale();
    vec![
        ("female".into(), locale.text(Key::GenderFemale).into()),
        ("male".into(), locale.text(Key::GenderMale).into()),
        ("other".into(), locale.text(Key::GenderOther).into()),
    ]
}

fn language_options() -> Vec<(String, String)> {
    Locale::ALL
        .into_iter()
        .map(|l| (l.code().to_string(), l.native_name().to_string()))
        .collect()
}

fn role_label(role: Role) -> Key {
    match role {
        Role::Trainee => Key::RoleTrainee,
        Role::Instructor => Key::RoleInstructor,
        Role::Coordinator => Key::RoleCoordinator,
        Role::Administrator => Key::RoleAdministrator,
    }
}

/// Shown instead of a page that needs a signed-in person.
#[component]
fn SignInFirst() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="form-page">
            <p class="form-error" role="alert">{i18n.t(Key::FormSignInRequired)}</p>
            <p>
                <A href="/sign-in">{i18n.t(Key::NavSignIn)}</A>
            </p>
        </section>
    }
}

/// Self-registration: creates a trainee account and signs them in.
#[component]
pub fn RegisterPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<Register>::new();
    let error = action_error(action);
    let typed = |field| typed_value("register", field).unwrap_or_default();
    let language = typed_value("register", "preferred_language")
        .unwrap_or_else(|| i18n.locale().code().to_string());
    view! {
        <Title text=i18n.t(Key::RegisterTitle) />
        <section class="form-page form-page--wide" aria-labelledby="register-title">
            <h1 id="register-title">{i18n.t(Key::RegisterTitle)}</h1>
            <p>{i18n.t(Key::RegisterLead)}</p>
            <ActionForm action=action attr:class="stacked-form" attr:id="register-form">
                <FormAlert error=error />
                <Field form="register" name="email" label=Key::SignInEmail kind="email"
                    autocomplete="email" required=true maxlength=320 value=typed("email") error=error />
                <Field form="register" name="password" label=Key::SignInPassword kind="password"
                    autocomplete="new-password" required=true maxlength=512 hint=Key::PasswordHint error=error />
                <Field form="register" name="full_name" label=Key::ProfileFullName
                    autocomplete="name" required=true value=typed("full_name") error=error />
                <SelectField form="register" name="country" label=Key::ProfileCountry required=true
                    placeholder=Key::FormChoose options=country_options(i18n.locale())
                    selected=typed("country") error=error />
                <Field form="register" name="agency" label=Key::ProfileAgency
                    autocomplete="organization" required=true value=typed("agency") error=error />
                <Field form="register" name="rank" label=Key::ProfileRank
                    autocomplete="organization-title" maxlength=100 value=typed("rank") error=error />
                <SelectField form="register" name="affiliation" label=Key::ProfileAffiliation required=true
                    placeholder=Key::FormChoose options=affiliation_options(i18n)
                    selected=typed("affiliation") error=error />
                <SelectField form="register" name="gender" label=Key::ProfileGender
                    placeholder=Key::GenderUnstated options=gender_options(i18n)
                    selected=typed("gender") error=error />
                <SelectField form="register" name="preferred_language" label=Key::ProfileLanguage required=true
                    options=language_options() selected=language error=error />
                <button type="submit" class="primary-button">{i18n.t(Key::RegisterSubmit)}</button>
            </ActionForm>
            <p class="form-links">
                <A href="/sign-in">{i18n.t(Key::RegisterHaveAccount)}</A>
            </p>
        </section>
    }
}

/// "My profile": the profile, the password and the active sessions.
#[component]
pub fn ProfilePage() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<UpdateProfile>::new();
    let change = ServerAction::<ChangePassword>::new();
    let end = ServerAction::<EndSession>::new();
    let profile = Resource::new(move || save.version().get(), |_| load_profile());
    let sessions = Resource::new(
        move || (change.version().get(), end.version().get()),
        |_| my_sessions(),
    );
    let save_error = action_error(save);
    let change_error = action_error(change);
    let end_error = action_error(end);
    view! {
        <Title text=i18n.t(Key::ProfileTitle) />
        <Suspense fallback=|| ()>
            {move || {
                profile
                    .get()
                    .map(|loaded| match loaded {
                        Err(AppError::SignInRequired) => view! { <SignInFirst /> }.into_any(),
                        Err(_) => view! { <crate::shell::ErrorPage /> }.into_any(),
                        Ok(me) => {
                            let typed = move |field: &str, stored: &str| {
                                typed_value("update_profile", field)
                                    .unwrap_or_else(|| stored.to_string())
                            };
                            view! {
                                <section class="form-page form-page--wide" aria-labelledby="profile-title">
                                    <h1 id="profile-title">{i18n.t(Key::ProfileTitle)}</h1>
                                    <Notice
                                        param="saved"
                                        texts=&[
                                            ("profile", Key::ProfileSaved),
                                            ("password", Key::PasswordChanged),
                                            ("session", Key::SessionsEnded),
                                            ("welcome", Key::RegisterWelcome),
                                        ]
                                    />
                                    <dl class="facts">
                                        <dt>{i18n.t(Key::SignInEmail)}</dt>
                                        <dd id="profile-email">{me.email.clone()}</dd>
                                        <dt>{i18n.t(Key::ProfileAgency)}</dt>
                                        <dd>{me.agency.clone()}</dd>
                                    </dl>
                                    <p class="field-hint">{i18n.t(Key::ProfileAgencyByAdmin)}</p>
                                    <ActionForm action=save attr:class="stacked-form" attr:id="profile-form">
                                        <FormAlert error=save_error />
                                        <Field form="profile" name="full_name" label=Key::ProfileFullName
                                            autocomplete="name" required=true
                                            value=typed("full_name", &me.full_name) error=save_error />
                                        <SelectField form="profile" name="country" label=Key::ProfileCountry
                                            required=true options=country_options(i18n.locale())
                                            selected=typed("country", &me.country) error=save_error />
                                        <Field form="profile" name="rank" label=Key::ProfileRank
                                            autocomplete="organization-title" maxlength=100
                                            value=typed("rank", &me.rank) error=save_error />
                                        <SelectField form="profile" name="affiliation" label=Key::ProfileAffiliation
                                            required=true options=affiliation_options(i18n)
                                            selected=typed("affiliation", &me.affiliation) error=save_error />
                                        <SelectField form="profile" name="gender" label=Key::ProfileGender
                                            placeholder=Key::GenderUnstated options=gender_options(i18n)
                                            selected=typed("gender", &me.gender) error=save_error />
                                        <SelectField form="profile" name="preferred_language" label=Key::ProfileLanguage
                                            required=true options=language_options()
                                            selected=typed("preferred_language", &me.preferred_language)
                                            error=save_error />
                                        <button type="submit" class="primary-button">{i18n.t(Key::FormSave)}</button>
                                    </ActionForm>

                                    <h2 id="password-title">{i18n.t(Key::PasswordChangeTitle)}</h2>
                                    <ActionForm action=change attr:class="stacked-form" attr:id="password-form">
                                        <FormAlert error=change_error />
                                        <Field form="password" name="current_password" label=Key::PasswordCurrent
                                            kind="password" autocomplete="current-password" required=true
                                            maxlength=512 error=change_error />
                                        <Field form="password" name="new_password" label=Key::PasswordNew
                                            kind="password" autocomplete="new-password" required=true
                                            maxlength=512 hint=Key::PasswordHint error=change_error />
                                        <button type="submit" class="primary-button">
                                            {i18n.t(Key::PasswordChangeSubmit)}
                                        </button>
                                    </ActionForm>

                                    <crate::catalog::CalendarFeedSection />
                                    <h2>{i18n.t(Key::SessionsTitle)}</h2>
                                    <FormAlert error=end_error />
                                    <SessionList sessions=sessions end=end />
                                </section>
                            }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
}

#[component]
fn SessionList(
    sessions: Resource<Result<Vec<crate::auth::SessionInfo>, AppError>>,
    end: ServerAction<EndSession>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Transition fallback=|| ()>
            {move || {
                sessions
                    .get()
                    .map(|found| {
                        let list = found.unwrap_or_default();
                        view! {
                            <table class="data-table" id="sessions">
                                <thead>
                                    <tr>
                                        <th scope="col">{i18n.t(Key::SessionsBrowser)}</th>
                                        <th scope="col">{i18n.t(Key::SessionsSignedIn)}</th>
                                        <th scope="col">{i18n.t(Key::SessionsLastSeen)}</th>
                                        <th scope="col"><span class="visually-hidden">{i18n.t(Key::SessionsEnd)}</span></th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {list
                                        .into_iter()
                                        .map(|s| {
                                            let browser = format!(
                                                "{} ({})",
                                                crate::auth::rules::browser_summary(
                                                    s.user_agent.as_deref().unwrap_or_default(),
                                                ),
                                                s.ip.clone().unwrap_or_default()
                                            );
                                            view! {
                                                <tr>
                                                    <td>{browser}</td>
                                                    <td><time datetime=s.created_at.clone()>{s.created_at.replace('T', " ")}</time></td>
                                                    <td><time datetime=s.last_seen_at.clone()>{s.last_seen_at.replace('T', " ")}</time></td>
                                                    <td>
                                                        {if s.current {
                                                            view! { <span class="badge">{i18n.t(Key::SessionsThisOne)}</span> }.into_any()
                                                        } else {
                                                            view! {
                                                                <ActionForm action=end attr:class="inline-form">
                                                                    <input type="hidden" name="id" value=s.id.clone() />
                                                                    <button type="submit" class="link-button">{i18n.t(Key::SessionsEnd)}</button>
                                                                </ActionForm>
                                                            }.into_any()
                                                        }}
                                                    </td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        }
                    })
            }}
        </Transition>
    }
}

/// Administration → people: search, roles, deactivation and invitations. Administrators see
/// everyone; coordinators the officers of their own agency.
#[component]
pub fn PeoplePage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let roles = ServerAction::<SetPersonRoles>::new();
    let activate = ServerAction::<SetPersonActive>::new();
    let invite = ServerAction::<InvitePerson>::new();
    let q = move || query.read().get("q").unwrap_or_default();
    let people = Resource::new(
        move || {
            (
                q(),
                roles.version().get(),
                activate.version().get(),
                invite.version().get(),
            )
        },
        |(q, ..)| search_people(q),
    );
    let list_error = Signal::derive(move || {
        action_error(roles)
            .get()
            .or_else(|| action_error(activate).get())
    });
    let invite_error = action_error(invite);
    let invited = move || match invite.value().get() {
        Some(Ok(email)) => Some(i18n.locale().format(Key::InviteSent, &[("email", &email)])),
        _ => None,
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
                                                .map(|person| view! { <PersonRow person roles activate /> })
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

#[component]
fn PersonRow(
    person: super::UserSummary,
    roles: ServerAction<SetPersonRoles>,
    activate: ServerAction<SetPersonActive>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = person.id.to_string();
    let id_for_active = id.clone();
    let held = person.roles.clone();
    let status = if person.active {
        Key::PeopleActive
    } else {
        Key::PeopleInactive
    };
    view! {
        <tr class:inactive=!person.active>
            <td>
                <strong>{person.full_name.clone()}</strong>
                <br />
                <span class="muted">{person.email.clone()}</span>
            </td>
            <td>{person.agency.clone()} " (" {person.country.clone()} ")"</td>
            <td>
                <ActionForm action=roles attr:class="roles-form">
                    <input type="hidden" name="user_id" value=id.clone() />
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
                    <button type="submit" class="link-button">{i18n.t(Key::PeopleSaveRoles)}</button>
                </ActionForm>
            </td>
            <td>
                {i18n.t(status)}
                <ActionForm action=activate attr:class="inline-form">
                    <input type="hidden" name="user_id" value=id_for_active.clone() />
                    <input type="hidden" name="active" value=(!person.active).to_string() />
                    <button type="submit" class="link-button">
                        {if person.active { i18n.t(Key::PeopleDeactivate)() } else { i18n.t(Key::PeopleReactivate)() }}
                    </button>
                </ActionForm>
            </td>
        </tr>
    }
}

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
    let confirm = ServerAction::<super::ConfirmImport>::new();
    let confirm_error = action_error(confirm);
    let loaded = Resource::new(
        move || (batch(), confirm.version().get()),
        |(batch, _)| async move {
            match batch {
                Some(id) => super::load_import(id).await.map(Some),
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
fn ImportReview(
    view: super::ImportBatchView,
    confirm: ServerAction<super::ConfirmImport>,
) -> impl IntoView {
    let i18n = use_i18n();
    let rejected = view.report.rejected().count();
    let accepted = view.report.accepted;
    let summary = move || {
        let locale = i18n.locale();
        if view.imported {
            locale.format(Key::ImportDone, &[("count", &accepted.to_string())])
        } else {
            locale.format(
                Key::ImportSummary,
                &[
                    ("accepted", &accepted.to_string()),
                    ("rejected", &rejected.to_string()),
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
                                i18n.locale().format(Key::ImportConfirm, &[("count", &accepted.to_string())])
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
                        view! {
                            <tr class:rejected=!ok>
                                <td>{line.line}</td>
                                <td>{line.email}</td>
                                <td>
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

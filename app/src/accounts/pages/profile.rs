//! "My profile": the profile, the password, the calendar link and the signed-in devices.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{affiliation_options, country_options, gender_options, language_options};
use crate::accounts::{UpdateProfile, load_profile};
use crate::auth::{ChangePassword, EndSession, Notice, SignInFirst, my_sessions};
use crate::error::AppError;
use crate::forms::{Field, FormAlert, SelectField, action_error, typed_value};
use crate::i18n::{Key, use_i18n};

/// "My profile": the profile, the password and the devices signed in to the account.
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
                                            ("verification", Key::MembershipResent),
                                        ]
                                    />
                                    <dl class="facts">
                                        <dt>{i18n.t(Key::SignInEmail)}</dt>
                                        <dd id="profile-email">{me.email.clone()}</dd>
                                        <dt>{i18n.t(Key::ProfileAgency)}</dt>
                                        <dd>{me.agency.clone()}</dd>
                                    </dl>
                                    <p class="field-hint">{i18n.t(Key::ProfileAgencyByAdmin)}</p>
                                    <crate::accounts::MyMembership />
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
                                    <h2 id="devices-title">{i18n.t(Key::SessionsTitle)}</h2>
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
                            <table class="data-table" id="sessions" aria-labelledby="devices-title">
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
                                            let locale = i18n.locale();
                                            let end_label = format!("{} — {browser}", locale.text(Key::SessionsEnd));
                                            view! {
                                                <tr>
                                                    <td data-label=locale.text(Key::SessionsBrowser)>{browser.clone()}</td>
                                                    <td data-label=locale.text(Key::SessionsSignedIn)>
                                                        <time datetime=s.created_at.clone()>{locale.date_time(&s.created_at)}</time>
                                                    </td>
                                                    <td data-label=locale.text(Key::SessionsLastSeen)>
                                                        <time datetime=s.last_seen_at.clone()>{locale.date_time(&s.last_seen_at)}</time>
                                                    </td>
                                                    <td>
                                                        {if s.current {
                                                            view! { <span class="badge">{i18n.t(Key::SessionsThisOne)}</span> }.into_any()
                                                        } else {
                                                            view! {
                                                                <ActionForm action=end attr:class="inline-form">
                                                                    <input type="hidden" name="id" value=s.id.clone() />
                                                                    <button type="submit" class="secondary-button" aria-label=end_label>{i18n.t(Key::SessionsEnd)}</button>
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

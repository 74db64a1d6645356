//! Self-registration, in two steps that work without JavaScript: the country (a plain GET
//! form), then the form with that country's agencies to pick from, or the name of one that is
//! not listed.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{affiliation_options, country_options, gender_options, language_options};
use crate::accounts::Register;
use crate::forms::{Field, FormAlert, SelectField, action_error, typed_value};
use crate::i18n::{Key, use_i18n};

/// Self-registration: creates a trainee account and signs them in. A `?next=` path on this
/// site (from the sign-in page) is kept in the form, and the new person lands there.
#[component]
pub fn RegisterPage() -> impl IntoView {
    let i18n = use_i18n();
    let next = crate::auth::next_param();
    let sign_in_href = next.as_ref().map_or_else(
        || "/sign-in".to_string(),
        |path| path.carried_to("/sign-in"),
    );
    let change_href = next.as_ref().map_or_else(
        || "/register".to_string(),
        |path| path.carried_to("/register"),
    );
    let next = next.map(|path| path.as_str().to_string());
    let action = ServerAction::<Register>::new();
    let error = action_error(action);
    let typed = |field| typed_value("register", field).unwrap_or_default();
    let language = typed_value("register", "preferred_language")
        .unwrap_or_else(|| i18n.locale().code().to_string());
    let query = use_query_map();
    // The country of the address (step 1), else the one a refused post typed.
    let country = query
        .get_untracked()
        .get("country")
        .or_else(|| typed_value("register", "country"))
        .map(|c| c.trim().to_uppercase())
        .filter(|c| super::super::countries::find(c).is_some());
    let Some(country) = country else {
        return view! {
            <Title text=i18n.t(Key::RegisterTitle) />
            <section class="form-page form-page--wide" aria-labelledby="register-title">
                <h1 id="register-title">{i18n.t(Key::RegisterTitle)}</h1>
                <p>{i18n.t(Key::RegisterLead)}</p>
                <p>{i18n.t(Key::MembershipRegisterSteps)}</p>
                <form method="get" action="/register" class="stacked-form" id="register-country">
                    {next.map(|next| view! { <input type="hidden" name="next" value=next /> })}
                    <p class="field-hint">{i18n.t(Key::MembershipPickCountry)}</p>
                    <SelectField form="register-country" name="country" label=Key::ProfileCountry required=true
                        placeholder=Key::FormChoose options=country_options(i18n.locale()) error=error />
                    <button type="submit" class="primary-button">{i18n.t(Key::MembershipShowAgencies)}</button>
                </form>
                <p class="form-links">
                    <a href=sign_in_href>{i18n.t(Key::RegisterHaveAccount)}</a>
                </p>
            </section>
        }
        .into_any();
    };
    let country_label = super::super::countries::find(&country)
        .map(|c| c.name(i18n.locale()).to_string())
        .unwrap_or_else(|| country.clone());
    let agencies = Resource::new(
        {
            let country = country.clone();
            move || country.clone()
        },
        |country| crate::agencies::api::list_agencies(Some(country)),
    );
    let picked = typed("agency_id");
    view! {
        <Title text=i18n.t(Key::RegisterTitle) />
        <section class="form-page form-page--wide" aria-labelledby="register-title">
            <h1 id="register-title">{i18n.t(Key::RegisterTitle)}</h1>
            <p>{i18n.t(Key::RegisterLead)}</p>
            <ActionForm action=action attr:class="stacked-form" attr:id="register-form">
                <FormAlert error=error />
                {next.map(|next| view! { <input type="hidden" name="next" value=next /> })}
                <Field form="register" name="email" label=Key::SignInEmail kind="email"
                    autocomplete="email" required=true maxlength=320 value=typed("email") error=error />
                <Field form="register" name="password" label=Key::SignInPassword kind="password"
                    autocomplete="new-password" required=true maxlength=512 hint=Key::PasswordHint error=error />
                <Field form="register" name="full_name" label=Key::ProfileFullName
                    autocomplete="name" required=true value=typed("full_name") error=error />
                <input type="hidden" name="country" value=country.clone() />
                <p id="register-country-chosen">
                    {i18n.locale().format(Key::MembershipCountryChosen, &[("country", &country_label)])} " "
                    <a href=change_href>{i18n.t(Key::MembershipChangeCountry)}</a>
                </p>
                <Suspense fallback=|| ()>
                    {move || agencies.get().map(|found| {
                        let mut options: Vec<(String, String)> = found
                            .unwrap_or_default()
                            .into_iter()
                            .map(|a| (a.id.to_string(), format!("{} ({})", a.name, a.short_name)))
                            .collect();
                        options.push(("other".into(), i18n.locale().text(Key::MembershipAgencyNotListed).into()));
                        view! {
                            <SelectField form="register" name="agency_id" label=Key::MembershipAgencyLabel
                                required=true placeholder=Key::FormChoose options=options
                                selected=picked.clone() error=error />
                        }
                    })}
                </Suspense>
                <Field form="register" name="requested_agency" label=Key::MembershipRequestedAgency
                    autocomplete="organization" hint=Key::MembershipRequestedHint
                    value=typed("requested_agency") error=error />
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
                <a href=sign_in_href>{i18n.t(Key::RegisterHaveAccount)}</a>
            </p>
        </section>
    }
    .into_any()
}

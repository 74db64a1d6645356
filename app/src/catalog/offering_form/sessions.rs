//! The session rows of the offering form: one fieldset per session, each field with its own
//! error, the zone and country as lists, and the buttons that add or remove a row without
//! JavaScript.

use leptos::prelude::*;

use super::rows::{Intent, SessionRow};
use crate::accounts::countries;
use crate::catalog::form_controls::described;
use crate::catalog::zones;
use crate::error::AppError;
use crate::i18n::{Key, Locale, use_i18n};

/// `<option>`s for `selected` among every country, with an empty first choice.
pub(super) fn country_options(locale: Locale, selected: &str) -> String {
    let mut html = format!(
        "<option value=\"\">{}</option>{}",
        countries::escape_html(locale.text(Key::FormChoose)),
        countries::options_html(locale)
    );
    if let Some(country) = countries::find(selected) {
        let option = format!("<option value=\"{}\">", country.code);
        html = html.replacen(
            &option,
            &format!("<option value=\"{}\" selected>", country.code),
            1,
        );
    }
    html
}

/// `<optgroup>`s of zones, the countries in `first` at the top, with `selected` marked. A zone
/// that is not in the list (typed through the API, or refused) is kept as the first choice, so
/// that the refusal beside it shows what was sent.
pub(super) fn zone_options(locale: Locale, first: &[&str], selected: &str) -> String {
    let escape = countries::escape_html;
    let option = |zone: &str, text: &str| {
        format!(
            "<option value=\"{}\"{}>{}</option>",
            escape(zone),
            if zone == selected { " selected" } else { "" },
            escape(text)
        )
    };
    let mut html = format!(
        "<option value=\"\">{}</option>",
        escape(locale.text(Key::FormChoose))
    );
    if !selected.is_empty() && !zones::is_known(selected) {
        html.push_str(&option(selected, selected));
    }
    for group in zones::grouped(first, locale) {
        let label = match countries::find(group.country) {
            Some(country) => country.name(locale).to_string(),
            None => locale.text(Key::OfferingFormZoneUniversal).to_string(),
        };
        html.push_str(&format!("<optgroup label=\"{}\">", escape(&label)));
        for zone in group.zones {
            html.push_str(&option(zone, &zones::place(zone)));
        }
        html.push_str("</optgroup>");
    }
    html
}

/// One session row. `removable` rows have a button that takes them out (the spare empty row
/// at the end has none: it is left empty instead).
#[component]
pub(super) fn SessionFieldset(
    /// Place of the row, from 0.
    index: usize,
    /// What the row holds.
    row: SessionRow,
    /// The offering's country, which comes first in the zone list and fills a new row's country.
    offering_country: String,
    /// Whether the row may be removed.
    removable: bool,
    /// The form's error.
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.locale();
    let name = move |part: &str| format!("sessions[{index}][{part}]");
    let id = move |part: &str| format!("offering-session-{index}-{part}");
    let number = (index + 1).to_string();
    let legend = locale.format(Key::AdminSessionN, &[("n", &number)]);
    let message = move |part: &str| {
        let field = format!("sessions[{index}].{part}");
        error.get().and_then(|e| e.field_message(&field))
    };
    // A new row takes the offering's country and, when it has only one, its zone.
    let blank = row.is_blank();
    let country = if blank && row.country.is_empty() {
        offering_country.clone()
    } else {
        row.country.clone()
    };
    let zone = match (blank && row.timezone.is_empty(), zones::only_zone(&country)) {
        (true, Some(only)) => only.to_string(),
        _ => row.timezone.clone(),
    };
    let kind = if row.kind.is_empty() {
        "onsite".to_string()
    } else {
        row.kind.clone()
    };
    let first: Vec<&str> = [offering_country.as_str(), country.as_str()]
        .into_iter()
        .filter(|c| !c.is_empty())
        .collect();
    let zone_html = zone_options(locale, &first, &zone);
    let country_html = country_options(locale, &country);
    // One labelled control with its hint and error; `control` draws the input itself.
    let field = move |part: &'static str,
                      label: String,
                      hint: Option<String>,
                      control: &dyn Fn(Option<String>, bool) -> AnyView| {
        let error_text = message(part);
        let hint_id = hint.as_ref().map(|_| id(&format!("{part}-hint")));
        let error_id = error_text.as_ref().map(|_| id(&format!("{part}-error")));
        let describedby = described(hint_id.as_deref(), error_id.as_deref());
        let invalid = error_text.is_some();
        view! {
            <div class="field" class:field--invalid=invalid>
                <label for=id(part)>{label}</label>
                {hint.map(|hint| view! { <p class="field-hint" id=hint_id.clone()>{hint}</p> })}
                {control(describedby, invalid)}
                {error_text.map(|text| view! { <p class="field-error" id=error_id.clone()>{text}</p> })}
            </div>
        }
        .into_any()
    };
    let invalid_attr = |invalid: bool| invalid.then_some("true");
    let (starts, ends, venue, city, meeting_url) =
        (row.starts, row.ends, row.venue, row.city, row.meeting_url);
    view! {
        <fieldset class="field session-row" id=format!("offering-session-{index}")>
            <legend>{legend.clone()}</legend>
            <input type="hidden" name=name("id") value=row.id />
            {field("kind", locale.text(Key::AdminSessionKind).to_string(), None, &|described, invalid| view! {
                <select id=id("kind") name=name("kind") aria-describedby=described aria-invalid=invalid_attr(invalid)>
                    <option value="onsite" selected=kind == "onsite">{locale.text(Key::ModeOnsite)}</option>
                    <option value="distance" selected=kind == "distance">{locale.text(Key::ModeDistance)}</option>
                    <option value="live" selected=kind == "live">{locale.text(Key::SessionLive)}</option>
                </select>
            }.into_any())}
            {field("starts_at", locale.text(Key::AdminSessionStarts).to_string(), Some(locale.text(Key::OfferingFormLocalTimeHint).to_string()), &|described, invalid| view! {
                <input id=id("starts_at") type="datetime-local" name=name("starts") value=starts.clone()
                    aria-describedby=described aria-invalid=invalid_attr(invalid) />
            }.into_any())}
            {field("ends_at", locale.text(Key::AdminSessionEnds).to_string(), None, &|described, invalid| view! {
                <input id=id("ends_at") type="datetime-local" name=name("ends") value=ends.clone()
                    aria-describedby=described aria-invalid=invalid_attr(invalid) />
            }.into_any())}
            {field("timezone", locale.text(Key::OfferingFormSessionTimezone).to_string(), Some(locale.text(Key::OfferingFormTimezoneHint).to_string()), &|described, invalid| view! {
                <select id=id("timezone") name=name("timezone") inner_html=zone_html.clone()
                    aria-describedby=described aria-invalid=invalid_attr(invalid)></select>
            }.into_any())}
            {field("venue", locale.text(Key::AdminSessionVenue).to_string(), None, &|described, invalid| view! {
                <input id=id("venue") name=name("venue") maxlength="200" value=venue.clone()
                    aria-describedby=described aria-invalid=invalid_attr(invalid) />
            }.into_any())}
            {field("city", locale.text(Key::AdminSessionCity).to_string(), None, &|described, invalid| view! {
                <input id=id("city") name=name("city") maxlength="120" value=city.clone()
                    aria-describedby=described aria-invalid=invalid_attr(invalid) />
            }.into_any())}
            {field("country", locale.text(Key::OfferingFormSessionCountry).to_string(), None, &|described, invalid| view! {
                <select id=id("country") name=name("country") inner_html=country_html.clone()
                    aria-describedby=described aria-invalid=invalid_attr(invalid)></select>
            }.into_any())}
            {field("meeting_url", locale.text(Key::OfferingFormSessionMeetingUrl).to_string(), Some(locale.text(Key::OfferingFormSessionMeetingUrlHint).to_string()), &|described, invalid| view! {
                <input id=id("meeting_url") type="url" name=name("meeting_url") maxlength="500" value=meeting_url.clone()
                    aria-describedby=described aria-invalid=invalid_attr(invalid) />
            }.into_any())}
            {removable.then(|| view! {
                <button type="submit" class="secondary-button" name="intent" value=Intent::RemoveSession(index).value()
                    formnovalidate aria-label=locale.format(Key::OfferingFormRemoveSessionN, &[("n", &number)])>
                    {locale.text(Key::OfferingFormRemoveSession)}
                </button>
            })}
        </fieldset>
    }
    .into_any()
}

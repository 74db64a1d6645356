//! The demo catalog: four programmes and twenty-five modules drawn from the topics the
//! civil-society recommendations ask PICAP to teach, with offerings across the Americas in every
//! delivery mode. It is `app/data/demo-catalog.json`, embedded in the binary and loaded through
//! the catalog services as the demo administrator. Every entry is read and checked before
//! anything is written; an error names the entry.
//!
//! `modules` (each after its prerequisites) and `programmes` are the bodies of `POST
//! /api/v1/modules` and `POST /api/v1/programmes`, read with the API's types and checked by
//! their `parse`. Offerings are relative to the day the demo is loaded, so there is always
//! something upcoming: each wraps a `body` of `POST /api/v1/offerings` with its `module` code,
//! `starts_in_days` (from the day of loading), the `timezone` of its sessions and, if it meets
//! somewhere, a `venue` (`name`, `city`). The loader fills in the rest of the body: `module_id`,
//! `instructor_ids` (the demo instructor), the dates (enrolment opens ten days before the day of
//! loading and closes a week before the first day) and `sessions`: an on-site module meets for
//! five days, 09:00–17:00; a blended one has two weeks at a distance, then meets on days 14 to
//! 16; an offering without a venue is four weeks at a distance.

use chrono::{Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use serde_json::{Map, Value};

use super::rules::SessionKind::{Distance, Onsite};
use super::rules::{DeliveryMode, ModuleInput, OfferingInput, ProgrammeInput, SessionInput};
use crate::auth::CurrentUser;
use crate::error::DomainError;

const FILE: &str = include_str!("../../data/demo-catalog.json");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogFile {
    modules: Vec<Value>,
    programmes: Vec<Value>,
    offerings: Vec<OfferingEntry>,
}

/// An offering as the file gives it (see the module comment).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OfferingEntry {
    module: String,
    starts_in_days: i64,
    timezone: String,
    venue: Option<Venue>,
    body: Map<String, Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Venue {
    name: String,
    city: String,
}

/// The requests that load the demo, checked, in order.
struct Plan {
    modules: Vec<ModuleInput>,
    programmes: Vec<ProgrammeInput>,
    /// Each with its module's code; `module_id` is set once that module exists.
    offerings: Vec<(String, OfferingInput)>,
}

/// Reads the catalog file `text` for a demo loaded on `today`, checking it as the API would.
fn plan(text: &str, today: NaiveDate, instructor_id: i64) -> Result<Plan, String> {
    let file: CatalogFile = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let modules: Vec<ModuleInput> = entries("module", file.modules, ModuleInput::parse)?;
    let programmes = entries("programme", file.programmes, ProgrammeInput::parse)?;
    let mut offerings = Vec::new();
    for (i, offering) in file.offerings.into_iter().enumerate() {
        let entry = format!("offering #{} ({})", i + 1, offering.module);
        let Some(module) = modules.iter().find(|m| m.code == offering.module) else {
            return Err(format!("{entry}: the module is not listed"));
        };
        let input = offering_input(&offering, module, today, instructor_id)
            .map_err(|e| format!("{entry}: {e}"))?;
        offerings.push((offering.module, input));
    }
    Ok(Plan {
        modules,
        programmes,
        offerings,
    })
}

/// Reads the API bodies of one kind of entry, checking each with `parse`.
fn entries<T: DeserializeOwned + Serialize, D, P: std::fmt::Debug>(
    kind: &str,
    values: Vec<Value>,
    parse: impl Fn(&T) -> Result<D, P>,
) -> Result<Vec<T>, String> {
    (values.into_iter().enumerate())
        .map(|(i, value)| {
            let code = value["code"].as_str().unwrap_or("no code");
            let entry = format!("{kind} #{} ({code})", i + 1);
            let input: T = read(value).map_err(|e| format!("{entry}: {e}"))?;
            parse(&input).map_err(|p| format!("{entry}: {p:?}"))?;
            Ok(input)
        })
        .collect()
}

/// Reads an API body with its own type, refusing a field the type lacks: the API would ignore
/// it, but in this file it is a typo.
fn read<T: DeserializeOwned + Serialize>(value: Value) -> Result<T, String> {
    let input: T = serde_json::from_value(value.clone()).map_err(|e| e.to_string())?;
    let known = serde_json::to_value(&input).map_err(|e| e.to_string())?;
    match unknown_field(&value, &known) {
        Some(path) => Err(format!("unknown field `{path}`")),
        None => Ok(input),
    }
}

/// The path (`modules.0.required`) of the first field of `given`, at any depth, that `known`
/// lacks.
fn unknown_field(given: &Value, known: &Value) -> Option<String> {
    let inner = |step: String, g, k| unknown_field(g, k).map(|rest| format!("{step}.{rest}"));
    match (given, known) {
        (Value::Object(given), Value::Object(known)) => given.iter().find_map(|(key, g)| {
            (known.get(key)).map_or(Some(key.clone()), |k| inner(key.clone(), g, k))
        }),
        (Value::Array(given), Value::Array(known)) => {
            (given.iter().zip(known).enumerate()).find_map(|(i, (g, k))| inner(i.to_string(), g, k))
        }
        _ => None,
    }
}

/// The offering's API body for a demo loaded on `today`, checked as the API checks it.
fn offering_input(
    offering: &OfferingEntry,
    module: &ModuleInput,
    today: NaiveDate,
    instructor_id: i64,
) -> Result<OfferingInput, String> {
    let mode = DeliveryMode::from_code(&module.delivery_mode);
    // The distance window (first and last day, from the offering's first) and the days on site.
    let (window, days_on_site) = match (mode, &offering.venue) {
        (_, None) => (Some((0, 27)), 0..0),
        (Some(DeliveryMode::Onsite), Some(_)) => (None, 0..5),
        (Some(DeliveryMode::Blended), Some(_)) => (Some((0, 13)), 14..17),
        _ => return Err("a distance module's offering has no venue".into()),
    };
    let starts = today + Duration::days(offering.starts_in_days);
    let zone = &offering.timezone;
    let tz: chrono_tz::Tz = zone.parse().map_err(|_| format!("unknown zone {zone}"))?;
    let at = |day: i64, hour: u32, minute: u32| -> Result<String, String> {
        let time = NaiveTime::from_hms_opt(hour, minute, 0).ok_or("no such time")?;
        let local = (starts + Duration::days(day)).and_time(time);
        // A time that a daylight-saving change skips (00:00 in Santiago on the day clocks go
        // forward) becomes the first instant after the gap.
        let earliest = |t| tz.from_local_datetime(&t).earliest();
        let instant = earliest(local).or_else(|| earliest(local + Duration::hours(1)));
        let instant = instant.ok_or_else(|| format!("no time {local} in {zone}"))?;
        Ok(instant.to_rfc3339())
    };
    let country = offering.body.get("country").and_then(Value::as_str);
    let session = |kind: &str, starts_at, ends_at, venue: Option<&Venue>| SessionInput {
        id: None,
        kind: kind.into(),
        starts_at,
        ends_at,
        timezone: zone.clone(),
        venue: venue.map(|v| v.name.clone()),
        city: venue.map(|v| v.city.clone()),
        country: venue.and(country).map(Into::into),
        meeting_url: None,
    };
    let mut sessions = Vec::new();
    if let Some((first, last)) = window {
        let (from, to) = (at(first, 0, 0)?, at(last, 23, 59)?);
        sessions.push(session(Distance.code(), from, to, None));
    }
    for day in days_on_site.clone() {
        let (from, to) = (at(day, 9, 0)?, at(day, 17, 0)?);
        sessions.push(session(Onsite.code(), from, to, offering.venue.as_ref()));
    }
    let length = window.map_or(0, |(_, last)| last).max(days_on_site.end - 1);
    let day = |d: NaiveDate| Value::from(d.format("%Y-%m-%d").to_string());
    let sessions = serde_json::to_value(&sessions).map_err(|e| e.to_string())?;
    let mut body = offering.body.clone();
    for (key, value) in [
        // The module's id is set once the module exists.
        ("module_id", Value::from(0)),
        ("starts_on", day(starts)),
        ("ends_on", day(starts + Duration::days(length))),
        ("enrollment_opens", day(today - Duration::days(10))),
        ("enrollment_closes", day(starts - Duration::days(7))),
        ("instructor_ids", Value::from(vec![instructor_id])),
        ("sessions", sessions),
    ] {
        if body.insert(key.into(), value).is_some() {
            return Err(format!("`body.{key}` is set by the loader"));
        }
    }
    let input: OfferingInput = read(Value::Object(body))?;
    input.parse().map_err(|p| format!("{p:?}"))?;
    Ok(input)
}

/// Loads the demo catalog through the catalog services, as `admin`.
pub async fn seed(
    db: &sea_orm::DatabaseConnection,
    admin: &CurrentUser,
    instructor_id: i64,
) -> Result<(), DomainError> {
    let plan = plan(FILE, Utc::now().date_naive(), instructor_id)
        .map_err(|e| DomainError::Internal(format!("app/data/demo-catalog.json: {e}")))?;
    let mut ids = std::collections::HashMap::new();
    for input in plan.modules {
        let code = input.code.clone();
        let created = super::service::create_module(db, admin, input).await?;
        ids.insert(code, created.id);
    }
    for input in plan.programmes {
        super::programmes::create_programme(db, admin, input).await?;
    }
    for (code, mut input) in plan.offerings {
        input.module_id = (ids.get(&code).copied())
            .ok_or_else(|| DomainError::Internal(format!("demo module {code} not created")))?;
        super::offerings::create_offering(db, admin, input).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    fn day(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).expect("a date")
    }

    #[test]
    fn the_embedded_file_passes_the_apis_checks_whatever_the_day() {
        // Two years of days of loading, so that every daylight-saving change meets a session.
        let mut today = day(2026, 1, 1);
        while today < day(2028, 1, 1) {
            if let Err(e) = plan(FILE, today, 7) {
                panic!("loaded on {today}: {e}");
            }
            today += Duration::days(1);
        }
    }

    #[test]
    fn the_demo_catalog_covers_every_topic_and_mode_in_order() {
        let plan = plan(FILE, day(2026, 3, 2), 7).expect("the demo catalog");
        assert!(plan.modules.len() >= 25, "about 25 modules");
        assert_eq!(plan.programmes.len(), 4);
        let topics: HashSet<&str> = (plan.modules.iter())
            .flat_map(|m| m.topics.iter().map(String::as_str))
            .collect();
        let taught = "progressive_use_of_force human_rights conflict_resolution gender_based_violence \
            organized_crime policing_models security_plans citizen_participation \
            public_policy_evaluation";
        for topic in taught.split_whitespace() {
            assert!(topics.contains(topic), "{topic} is taught");
        }
        let module = |code: &str| plan.modules.iter().position(|m| m.code == code);
        let modes: HashSet<_> = (plan.offerings.iter())
            .filter_map(|(code, _)| Some(&plan.modules[module(code)?].delivery_mode))
            .collect();
        assert_eq!(modes.len(), 3, "every delivery mode is offered");
        let zones: HashSet<_> = plan
            .offerings
            .iter()
            .map(|(_, o)| &o.sessions[0].timezone)
            .collect();
        assert!(zones.len() >= 8, "offerings across time zones");
        // The services refuse a prerequisite or a programme's module not created yet.
        for (i, m) in plan.modules.iter().enumerate() {
            let before = |p: &String| module(p).is_some_and(|j| j < i);
            assert!(
                m.prerequisites.iter().all(before),
                "{}'s prerequisites",
                m.code
            );
        }
        for p in plan.programmes.iter().flat_map(|p| &p.modules) {
            assert!(module(&p.code).is_some(), "{} is a module", p.code);
        }
    }

    #[test]
    fn offerings_are_dated_from_the_day_of_loading() {
        let plan = plan(FILE, day(2026, 3, 2), 7).expect("the demo catalog");
        let (code, o) = &plan.offerings[0];
        assert_eq!(code, "PICAP-PHR-101");
        assert_eq!(
            (o.starts_on.as_str(), o.ends_on.as_str()),
            ("2026-03-23", "2026-04-08")
        );
        assert_eq!(
            o.enrollment_opens, "2026-02-20",
            "ten days before the day of loading"
        );
        assert_eq!(
            o.enrollment_closes, "2026-03-16",
            "a week before the first day"
        );
        // Blended: two weeks at a distance from midnight in Lima, then three days on site.
        let starts: Vec<_> = o.sessions.iter().map(|s| &s.starts_at[5..16]).collect();
        assert_eq!(
            starts,
            ["03-23T00:00", "04-06T09:00", "04-07T09:00", "04-08T09:00"]
        );
        assert_eq!(
            (&o.sessions[0].starts_at[16..], &o.instructor_ids[..]),
            (":00-05:00", &[7][..])
        );
        let quotas = plan
            .offerings
            .iter()
            .filter(|(_, o)| o.quotas != Default::default());
        let quotas: Vec<_> = quotas
            .map(|(code, o)| format!("{code} {}", o.country))
            .collect();
        assert_eq!(
            quotas,
            ["PICAP-PSM-101 US"],
            "the OAS course's cohort quotas"
        );
    }

    #[test]
    fn a_bad_entry_is_refused_by_name() {
        for case in [
            r#"modules.0.sumary = {} => module #1 (PICAP-PSM-101): unknown field `sumary`"#,
            r#"modules.0.credits = 99 => module #1 (PICAP-PSM-101): [("credits""#,
            r#"programmes.0.modules.0.requried = false => programme #1 (PICAP-PSM): unknown field `modules.0.requried`"#,
            r#"offerings.0.body.ends_on = "2027-01-01" => offering #1 (PICAP-PHR-101): `body.ends_on` is set by the loader"#,
            r#"offerings.0.body.capacity = 0 => offering #1 (PICAP-PHR-101): [("capacity""#,
            r#"offerings.0.module = "X-1" => offering #1 (X-1): the module is not listed"#,
        ] {
            let (change, expected) = case.split_once(" => ").expect("a case");
            let (path, value) = change.split_once(" = ").expect("a change");
            let mut file: Value = serde_json::from_str(FILE).expect("the demo catalog");
            let mut at = &mut file;
            for step in path.split('.') {
                at = match step.parse::<usize>() {
                    Ok(i) => &mut at[i],
                    Err(_) => &mut at[step],
                };
            }
            *at = serde_json::from_str(value).expect("a JSON value");
            let error = plan(&file.to_string(), day(2026, 3, 2), 7).err();
            assert!(
                error.as_deref().unwrap_or_default().starts_with(expected),
                "{case}: {error:?}"
            );
        }
    }
}

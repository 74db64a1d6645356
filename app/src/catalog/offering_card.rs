//! One offering as the module page and "My offerings" show it: when and where it meets (every
//! session, in the session's own time zone), who may enrol and how, seats, and what the reader
//! can do about it.

use leptos::prelude::*;

use super::dto::{OfferingStanding, OfferingView, SessionView, pick};
use crate::accounts::countries;
use crate::auth::policy::{Action, Relation, allowed, offering_relation};
use crate::enrollment::ApplyToOffering;
use crate::forms::{FormAlert, action_error};
use crate::i18n::{Key, Locale, use_i18n};

/// "UTC−05:00" from the offset at the end of an RFC 3339 time (`…T09:00:00-05:00`).
fn utc_offset(rfc3339: &str) -> String {
    if rfc3339.ends_with('Z') {
        return "UTC".to_string();
    }
    let tail = rfc3339.get(rfc3339.len().saturating_sub(6)..).unwrap_or("");
    match tail.strip_prefix('-') {
        Some(rest) => format!("UTC\u{2212}{rest}"),
        None => format!("UTC{tail}"),
    }
}

/// The place part of an IANA zone, for people: `America/Argentina/Buenos_Aires` → "Buenos Aires".
fn zone_city(zone: &str) -> String {
    zone.rsplit('/').next().unwrap_or(zone).replace('_', " ")
}

/// "09:00–13:00" from two RFC 3339 times.
fn hours(start: &str, end: &str) -> String {
    format!(
        "{}\u{2013}{}",
        start.get(11..16).unwrap_or(""),
        end.get(11..16).unwrap_or("")
    )
}

/// Where an on-site session meets, in words: venue, city, country name.
fn session_place(session: &SessionView, locale: Locale) -> Option<String> {
    let country = session
        .country
        .as_deref()
        .and_then(countries::find)
        .map(|c| c.name(locale).to_string());
    let parts: Vec<String> = [session.venue.clone(), session.city.clone(), country]
        .into_iter()
        .flatten()
        .filter(|p| !p.trim().is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// The sessions of an offering, one line each. `<time datetime>` carries the instant, so the
/// [`LocalTimes`](super::LocalTimes) island can add the reader's own clock when it differs.
#[component]
fn SessionList(sessions: Vec<SessionView>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.locale();
    let count = sessions.len();
    let summary = locale.format(Key::OfferingSessionsCount, &[("count", &count.to_string())]);
    view! {
        <details class="sessions" open=count <= 4>
            <summary>{summary}</summary>
            <ol class="session-list">
                {sessions
                    .into_iter()
                    .map(|s| {
                        let kind = locale.text(
                            crate::catalog::codes::SessionKind::from_code(&s.kind)
                                .map_or(Key::ModeDistance, crate::attendance::session_kind_key),
                        );
                        let place = session_place(&s, locale);
                        let zone = format!("{}, {}", zone_city(&s.timezone), utc_offset(&s.starts_at));
                        view! {
                            <li class="session">
                                <time datetime=s.starts_at.clone() data-end=s.ends_at.clone()>
                                    {locale.date(&s.starts_at)} ", " {hours(&s.starts_at, &s.ends_at)}
                                </time>
                                " " <span class="muted">"(" {zone} ")"</span>
                                <br />
                                <span class="session__place">{kind} {place.map(|p| format!(" · {p}"))}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </details>
    }
}

/// What the reader can do about this offering, and if nothing, why: told before any click.
#[component]
fn StandingNote(offering: OfferingView, standing: OfferingStanding) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.locale();
    let title = pick(&offering.module_title, locale);
    let dates = locale.format(
        Key::OfferingDates,
        &[
            ("start", &locale.date(&offering.starts_on)),
            ("end", &locale.date(&offering.ends_on)),
        ],
    );
    let note = |key: Key, args: &[(&str, &str)]| {
        view! { <p class="standing">{locale.format(key, args)}</p> }.into_any()
    };
    match standing {
        OfferingStanding::Nothing => ().into_any(),
        OfferingStanding::SignedOut => {
            let next = format!("/sign-in?next=/modules/{}", offering.module_code);
            view! {
                <p class="standing">
                    <a class="secondary-button" href=next>{locale.text(Key::EnrollmentSignInToApply)}</a>
                </p>
            }
            .into_any()
        }
        OfferingStanding::MayApply { waitlist } => {
            let label = locale.format(
                Key::OfferingApplyFor,
                &[("title", &title), ("dates", &dates)],
            );
            let apply = ServerAction::<ApplyToOffering>::new();
            let error = action_error(apply);
            view! {
                {waitlist.then(|| view! { <p class="standing">{locale.text(Key::OfferingFullWaitlist)}</p> })}
                <ActionForm action=apply attr:class="apply-form">
                    <FormAlert error=error />
                    <input type="hidden" name="offering_id" value=offering.id.to_string() />
                    <button type="submit" class="primary-button" aria-label=label data-offering=offering.id.to_string()>
                        {locale.text(Key::EnrollmentApply)}
                    </button>
                </ActionForm>
            }
            .into_any()
        }
        OfferingStanding::NeedsNomination => note(Key::OfferingAskNomination, &[]),
        OfferingStanding::Applied {
            status,
            enrollment_id,
        } => {
            let status = crate::enrollment::EnrollmentStatus::from_code(&status);
            let label = status.map(|s| locale.text(s.label())).unwrap_or_default();
            // An enrolled trainee goes straight to the course: its lessons, or when they open.
            let course = (status == Some(crate::enrollment::EnrollmentStatus::Enrolled)).then(|| {
                view! {
                    " "
                    <a class="secondary-button" href=format!("/learn/{enrollment_id}")>{locale.text(Key::CourseOpen)}</a>
                }
            });
            view! {
                <p class="standing standing--applied">
                    {locale.format(Key::OfferingYourStatus, &[("status", label)])} " "
                    <a href="/my-learning">{locale.text(Key::EnrollmentMyLearning)}</a>
                    {course}
                </p>
            }
            .into_any()
        }
        OfferingStanding::NotOpenYet { opens } => {
            note(Key::EnrollmentNotOpenYet, &[("date", &locale.date(&opens))])
        }
        OfferingStanding::Closed { closed } => {
            note(Key::EnrollmentClosed, &[("date", &locale.date(&closed))])
        }
        OfferingStanding::Audience { audience } => note(
            if audience == "police" {
                Key::EnrollmentAudiencePolice
            } else {
                Key::EnrollmentAudienceCivilian
            },
            &[],
        ),
        OfferingStanding::Prerequisites { missing } => {
            let titles = missing
                .into_iter()
                .map(|(_, title)| title)
                .collect::<Vec<_>>()
                .join(", ");
            note(Key::OfferingMissingPrerequisites, &[("titles", &titles)])
        }
        OfferingStanding::Clash { module_title } => {
            note(Key::EnrollmentClash, &[("code", &module_title)])
        }
        OfferingStanding::Unconfirmed { hold } => view! {
            <p class="standing">
                {locale.text(crate::accounts::hold_key(hold))} " "
                <a href="/profile">{locale.text(Key::MembershipSeeProfile)}</a>
            </p>
        }
        .into_any(),
    }
}

/// One offering: dates, place and language, how to enrol, seats, sessions, and the reader's
/// next step.
#[component]
pub fn OfferingItem(
    offering: OfferingView,
    /// What the reader may do; [`OfferingStanding::Nothing`] on pages that act elsewhere.
    #[prop(optional)]
    standing: Option<OfferingStanding>,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.locale();
    let country = countries::find(&offering.country)
        .map(|c| c.name(locale).to_string())
        .unwrap_or_else(|| offering.country.clone());
    let onsite_city = offering
        .sessions
        .iter()
        .find(|s| s.kind == "onsite")
        .and_then(|s| s.city.clone());
    let place = match onsite_city {
        Some(city) => format!("{city}, {country}"),
        None => country,
    };
    let language = Locale::from_code(&offering.language)
        .map(|l| locale.format(Key::OfferingTaughtIn, &[("language", l.name_in(locale))]))
        .unwrap_or_default();
    let dates = locale.format(
        Key::OfferingDates,
        &[
            ("start", &locale.date(&offering.starts_on)),
            ("end", &locale.date(&offering.ends_on)),
        ],
    );
    let window = if offering.status == "cancelled" {
        locale.text(Key::OfferingCancelled).to_string()
    } else {
        locale.format(
            Key::OfferingEnrolmentWindow,
            &[
                ("opens", &locale.date(&offering.enrollment_opens)),
                ("closes", &locale.date(&offering.enrollment_closes)),
            ],
        )
    };
    let policy = if offering.enrollment_policy == "nomination" {
        locale.text(Key::OfferingPolicyNomination)
    } else {
        locale.text(Key::OfferingPolicyOpen)
    };
    let seats = locale.format(
        Key::OfferingSeats,
        &[
            ("left", &locale.integer(offering.seats_left.into())),
            ("capacity", &locale.integer(offering.capacity.into())),
        ],
    );
    let title = pick(&offering.module_title, locale);
    let calendar = format!("/offerings/{}/calendar.ics", offering.id);
    let calendar_text = locale.text(Key::OfferingCalendar);
    // The accessible name starts with the visible text (WCAG 2.5.3), then says whose calendar.
    let calendar_label = format!("{calendar_text} · {title}, {dates}");
    let auth = crate::auth::use_auth();
    let user = auth.user.get_untracked();
    // The links follow the same rules the services apply (`auth::policy`).
    let is_admin = user
        .as_ref()
        .is_some_and(|u| allowed(&u.roles, Action::EditCatalog, Relation::Other));
    let sees_applicants = user.as_ref().is_some_and(|u| {
        let teaching = offering_relation(u.id, &offering.instructor_ids);
        allowed(&u.roles, Action::ReadRoster, teaching)
    });
    let sees_progress = user.as_ref().is_some_and(|u| {
        let teaching = offering_relation(u.id, &offering.instructor_ids);
        allowed(&u.roles, Action::ReadProgress, teaching)
    });
    let progress = format!("/admin/offerings/{}/progress", offering.id);
    let progress_label = format!("{} · {title}, {dates}", locale.text(Key::ProgressLink));
    let quizzes = format!("/admin/offerings/{}/quizzes", offering.id);
    let quizzes_label = format!("{} · {title}, {dates}", locale.text(Key::ResultsTitle));
    let sees_attendance = user.as_ref().is_some_and(|u| {
        let teaching = offering_relation(u.id, &offering.instructor_ids);
        allowed(&u.roles, Action::TakeAttendance, teaching)
    });
    let attendance = format!("/admin/offerings/{}/attendance", offering.id);
    let attendance_label = format!("{} · {title}, {dates}", locale.text(Key::AttendanceTitle));
    let practicals = format!("/admin/offerings/{}/practical-tests", offering.id);
    let practicals_label = format!("{} · {title}, {dates}", locale.text(Key::PracticalTitle));
    let edit = format!("/admin/catalog/offerings/{}", offering.id);
    let applicants = format!("/admin/offerings/{}/enrollments", offering.id);
    let edit_label = format!("{} · {title}, {dates}", locale.text(Key::AdminEdit));
    let applicants_label = format!(
        "{} · {title}, {dates}",
        locale.text(Key::EnrollmentApplicants)
    );
    let standing = standing.unwrap_or(OfferingStanding::Nothing);
    view! {
        <li class="offering" id=format!("offering-{}", offering.id)>
            <h3 class="offering__dates">{dates.clone()}</h3>
            <p>{place} {(!offering.host_agency.is_empty()).then(|| format!(" · {}", offering.host_agency))} " · " {language}</p>
            <p>{seats} " · " {window}</p>
            <p class="offering__policy">{policy}</p>
            {(!offering.sessions.is_empty()).then(|| view! { <SessionList sessions=offering.sessions.clone() /> })}
            <p class="offering__links">
                <a href=calendar download class="action-link" aria-label=calendar_label>{calendar_text}</a>
                {is_admin.then(|| view! { <a class="action-link" href=edit aria-label=edit_label>{locale.text(Key::AdminEdit)}</a> })}
                {sees_applicants.then(|| view! {
                    <a class="action-link" href=applicants aria-label=applicants_label>{locale.text(Key::EnrollmentApplicants)}</a>
                })}
                {sees_progress.then(|| view! {
                    <a class="action-link" href=progress aria-label=progress_label>{locale.text(Key::ProgressLink)}</a>
                    <a class="action-link" href=quizzes aria-label=quizzes_label>{locale.text(Key::ResultsTitle)}</a>
                })}
                {sees_attendance.then(|| view! {
                    <a class="action-link" href=attendance aria-label=attendance_label>{locale.text(Key::AttendanceTitle)}</a>
                    <a class="action-link" href=practicals aria-label=practicals_label>{locale.text(Key::PracticalTitle)}</a>
                })}
            </p>
            <StandingNote offering=offering.clone() standing />
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_and_zones_read_as_people_write_them() {
        assert_eq!(utc_offset("2027-01-14T09:00:00-05:00"), "UTC\u{2212}05:00");
        assert_eq!(utc_offset("2027-01-14T09:00:00+01:00"), "UTC+01:00");
        assert_eq!(utc_offset("2027-01-14T09:00:00Z"), "UTC");
        assert_eq!(zone_city("America/Argentina/Buenos_Aires"), "Buenos Aires");
        assert_eq!(zone_city("UTC"), "UTC");
        assert_eq!(
            hours("2027-01-14T09:00:00-05:00", "2027-01-14T13:30:00-05:00"),
            "09:00\u{2013}13:30"
        );
    }
}

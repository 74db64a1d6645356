//! Enrolment rules without I/O: the state machine every status change goes through, what a
//! decision needs beyond it (a finished offering to complete, a reason to refuse), and
//! eligibility to apply. All are table-tested below.

use chrono::{DateTime, NaiveDate, Utc};

pub use super::dto::EnrollmentStatus;

/// Who asks for a status change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Actor {
    /// The trainee the enrolment belongs to.
    Trainee,
    /// A coordinator of the trainee's agency.
    Coordinator,
    /// An administrator.
    Administrator,
    /// The system itself: promotion from the waitlist, cancellation of an offering.
    System,
}

/// Why a status change is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TransitionRefused {
    /// No such change exists from this status.
    NotFromHere,
    /// The change exists, but not for this actor.
    NotYours,
}

/// The state machine: may `actor` move an enrolment from `from` to `to`?
pub fn transition(
    from: EnrollmentStatus,
    to: EnrollmentStatus,
    actor: Actor,
) -> Result<(), TransitionRefused> {
    use Actor::*;
    use EnrollmentStatus::*;
    let allowed: &[Actor] = match (from, to) {
        (PendingEndorsement, PendingAcceptance) => &[Coordinator, Administrator],
        (PendingEndorsement, Rejected) => &[Coordinator, Administrator],
        (PendingAcceptance, Enrolled | Waitlisted | Rejected) => &[Administrator],
        (Waitlisted, Enrolled) => &[Administrator, System],
        (Waitlisted, Rejected) => &[Administrator],
        (Enrolled, Waitlisted) => &[Administrator],
        (Enrolled, Completed) => &[Administrator, System],
        (PendingEndorsement | PendingAcceptance | Waitlisted | Enrolled, Withdrawn) => {
            &[Trainee, Administrator]
        }
        (PendingEndorsement | PendingAcceptance | Waitlisted | Enrolled, Cancelled) => &[System],
        _ => return Err(TransitionRefused::NotFromHere),
    };
    if allowed.contains(&actor) {
        Ok(())
    } else {
        Err(TransitionRefused::NotYours)
    }
}

/// Why a decision is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecisionRefused {
    /// The state machine has no such change from this status.
    NotFromHere,
    /// The change exists, but not for this actor.
    NotYours,
    /// "Completed" before the offering's last day is over.
    NotEnded,
    /// A refusal ("not accepted", "not endorsed") without a reason.
    ReasonRequired,
}

/// Whether an offering whose last day is `ends_on` is over on `today`.
pub fn offering_ended(ends_on: NaiveDate, today: NaiveDate) -> bool {
    today > ends_on
}

/// May `actor` offer the move `from` → `to` now? The state machine, and completion only once
/// the offering has ended. The reason is judged by [`decide`].
pub fn may_move(
    from: EnrollmentStatus,
    to: EnrollmentStatus,
    actor: Actor,
    ended: bool,
) -> Result<(), DecisionRefused> {
    transition(from, to, actor).map_err(|refused| match refused {
        TransitionRefused::NotFromHere => DecisionRefused::NotFromHere,
        TransitionRefused::NotYours => DecisionRefused::NotYours,
    })?;
    if to == EnrollmentStatus::Completed && !ended {
        return Err(DecisionRefused::NotEnded);
    }
    Ok(())
}

/// A decision as a whole: [`may_move`], and a reason for a refusal (the person is told why).
pub fn decide(
    from: EnrollmentStatus,
    to: EnrollmentStatus,
    actor: Actor,
    ended: bool,
    reason: &str,
) -> Result<(), DecisionRefused> {
    may_move(from, to, actor, ended)?;
    if to == EnrollmentStatus::Rejected && reason.trim().is_empty() {
        return Err(DecisionRefused::ReasonRequired);
    }
    Ok(())
}

/// The moves `actor` may make from `from` now, in the order of [`EnrollmentStatus::ALL`]: the
/// buttons a page offers.
pub fn moves(from: EnrollmentStatus, actor: Actor, ended: bool) -> Vec<EnrollmentStatus> {
    EnrollmentStatus::ALL
        .iter()
        .copied()
        .filter(|to| may_move(from, *to, actor, ended).is_ok())
        .collect()
}

/// What eligibility is judged on, gathered by the service.
#[derive(Clone, Debug)]
pub struct Application {
    /// Now.
    pub now: DateTime<Utc>,
    /// The offering is published.
    pub published: bool,
    /// Enrolment opens (first day).
    pub enrollment_opens: NaiveDate,
    /// Enrolment closes (last day).
    pub enrollment_closes: NaiveDate,
    /// The module's audience: `police`, `civilian` or `both`.
    pub audience: String,
    /// The trainee's affiliation: `police` or `civilian`.
    pub affiliation: String,
    /// The trainee already applied to this offering (an active application).
    pub already_applied: bool,
    /// Codes of the module's prerequisites the trainee has not completed.
    pub missing_prerequisites: Vec<String>,
    /// Code of a module whose on-site sessions, in an offering the trainee is enrolled in,
    /// overlap this offering's on-site sessions.
    pub clash_with: Option<String>,
    /// What keeps the person from applying at all, if anything: an unverified address or an
    /// unconfirmed membership of their agency.
    pub hold: Option<crate::accounts::MembershipHold>,
}

/// Why a trainee may not apply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ineligible {
    /// The offering is not open to the public.
    NotPublished,
    /// Enrolment has not opened yet.
    NotOpenYet(NaiveDate),
    /// Enrolment has closed.
    Closed(NaiveDate),
    /// The module is for police only, or for civilians only.
    Audience(String),
    /// Already applied.
    AlreadyApplied,
    /// Prerequisites not completed (codes).
    Prerequisites(Vec<String>),
    /// On-site sessions overlap those of another offering (module code).
    Clash(String),
    /// The person's address or agency membership is not confirmed yet.
    Unconfirmed(crate::accounts::MembershipHold),
}

impl Ineligible {
    /// A stable code for API clients.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotPublished => "not_published",
            Self::NotOpenYet(_) => "enrollment_not_open",
            Self::Closed(_) => "enrollment_closed",
            Self::Audience(_) => "audience",
            Self::AlreadyApplied => "already_applied",
            Self::Prerequisites(_) => "prerequisites",
            Self::Clash(_) => "session_clash",
            Self::Unconfirmed(crate::accounts::MembershipHold::EmailUnverified) => {
                "email_unverified"
            }
            Self::Unconfirmed(crate::accounts::MembershipHold::Pending) => "membership_pending",
            Self::Unconfirmed(crate::accounts::MembershipHold::Declined) => "membership_declined",
        }
    }
}

/// Checks an application, reporting the first reason that stops it (in the order a trainee
/// can do something about: the window, then who may come, then their own record).
pub fn eligibility(a: &Application) -> Result<(), Ineligible> {
    let today = a.now.date_naive();
    if !a.published {
        return Err(Ineligible::NotPublished);
    }
    if today < a.enrollment_opens {
        return Err(Ineligible::NotOpenYet(a.enrollment_opens));
    }
    if today > a.enrollment_closes {
        return Err(Ineligible::Closed(a.enrollment_closes));
    }
    if a.audience != "both" && a.audience != a.affiliation {
        return Err(Ineligible::Audience(a.audience.clone()));
    }
    if let Some(hold) = a.hold {
        return Err(Ineligible::Unconfirmed(hold));
    }
    if a.already_applied {
        return Err(Ineligible::AlreadyApplied);
    }
    if !a.missing_prerequisites.is_empty() {
        return Err(Ineligible::Prerequisites(a.missing_prerequisites.clone()));
    }
    if let Some(code) = &a.clash_with {
        return Err(Ineligible::Clash(code.clone()));
    }
    Ok(())
}

/// The first of `theirs` (time span, module code) that overlaps one of `ours`. Spans touching
/// at an end do not overlap: a session may start when another ends.
pub fn first_clash<'a>(
    ours: &[(DateTime<Utc>, DateTime<Utc>)],
    theirs: &'a [(DateTime<Utc>, DateTime<Utc>, String)],
) -> Option<&'a str> {
    theirs
        .iter()
        .find(|(start, end, _)| ours.iter().any(|(s, e)| s < end && start < e))
        .map(|(_, _, code)| code.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use Actor::*;
    use EnrollmentStatus::*;
    use chrono::TimeZone;

    #[test]
    fn the_state_machine_allows_exactly_these_changes() {
        // (from, to, actors allowed); every other pair is refused as NotFromHere.
        let table: &[(EnrollmentStatus, EnrollmentStatus, &[Actor])] = &[
            (
                PendingEndorsement,
                PendingAcceptance,
                &[Coordinator, Administrator],
            ),
            (PendingEndorsement, Rejected, &[Coordinator, Administrator]),
            (PendingEndorsement, Withdrawn, &[Trainee, Administrator]),
            (PendingEndorsement, Cancelled, &[System]),
            (PendingAcceptance, Enrolled, &[Administrator]),
            (PendingAcceptance, Waitlisted, &[Administrator]),
            (PendingAcceptance, Rejected, &[Administrator]),
            (PendingAcceptance, Withdrawn, &[Trainee, Administrator]),
            (PendingAcceptance, Cancelled, &[System]),
            (Waitlisted, Enrolled, &[Administrator, System]),
            (Waitlisted, Rejected, &[Administrator]),
            (Waitlisted, Withdrawn, &[Trainee, Administrator]),
            (Waitlisted, Cancelled, &[System]),
            (Enrolled, Waitlisted, &[Administrator]),
            (Enrolled, Completed, &[Administrator, System]),
            (Enrolled, Withdrawn, &[Trainee, Administrator]),
            (Enrolled, Cancelled, &[System]),
        ];
        let actors = [Trainee, Coordinator, Administrator, System];
        for &from in EnrollmentStatus::ALL {
            for &to in EnrollmentStatus::ALL {
                let row = table.iter().find(|(f, t, _)| *f == from && *t == to);
                for actor in actors {
                    let expected = match row {
                        None => Err(TransitionRefused::NotFromHere),
                        Some((_, _, who)) if who.contains(&actor) => Ok(()),
                        Some(_) => Err(TransitionRefused::NotYours),
                    };
                    assert_eq!(
                        transition(from, to, actor),
                        expected,
                        "{from:?} → {to:?} by {actor:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn finished_enrolments_never_move_again() {
        for from in [Rejected, Withdrawn, Cancelled, Completed] {
            for &to in EnrollmentStatus::ALL {
                assert_eq!(
                    transition(from, to, Administrator),
                    Err(TransitionRefused::NotFromHere)
                );
            }
        }
    }

    #[test]
    fn codes_round_trip_and_active_statuses_block_a_second_application() {
        for &s in EnrollmentStatus::ALL {
            assert_eq!(EnrollmentStatus::from_code(s.code()), Some(s));
        }
        let active: Vec<_> = EnrollmentStatus::ALL
            .iter()
            .filter(|s| s.is_active())
            .collect();
        assert_eq!(
            active,
            [
                &PendingEndorsement,
                &PendingAcceptance,
                &Enrolled,
                &Waitlisted,
                &Completed
            ]
        );
    }

    #[test]
    fn decisions_complete_only_ended_offerings_and_refuse_only_with_a_reason() {
        // (from, to, who, offering ended, reason, expected)
        type Case<'a> = (
            EnrollmentStatus,
            EnrollmentStatus,
            Actor,
            bool,
            &'a str,
            Result<(), DecisionRefused>,
        );
        let cases: &[Case] = &[
            (Enrolled, Completed, Administrator, true, "", Ok(())),
            (
                Enrolled,
                Completed,
                Administrator,
                false,
                "",
                Err(DecisionRefused::NotEnded),
            ),
            (
                Enrolled,
                Completed,
                System,
                false,
                "",
                Err(DecisionRefused::NotEnded),
            ),
            (
                Waitlisted,
                Completed,
                Administrator,
                true,
                "",
                Err(DecisionRefused::NotFromHere),
            ),
            (
                Enrolled,
                Completed,
                Coordinator,
                true,
                "",
                Err(DecisionRefused::NotYours),
            ),
            (
                PendingAcceptance,
                Rejected,
                Administrator,
                false,
                "",
                Err(DecisionRefused::ReasonRequired),
            ),
            (
                PendingAcceptance,
                Rejected,
                Administrator,
                false,
                "  \n ",
                Err(DecisionRefused::ReasonRequired),
            ),
            (
                PendingAcceptance,
                Rejected,
                Administrator,
                false,
                "Full cohort",
                Ok(()),
            ),
            (
                PendingEndorsement,
                Rejected,
                Coordinator,
                false,
                "",
                Err(DecisionRefused::ReasonRequired),
            ),
            (
                PendingEndorsement,
                Rejected,
                Coordinator,
                false,
                "On duty",
                Ok(()),
            ),
            (
                Waitlisted,
                Rejected,
                Administrator,
                false,
                "",
                Err(DecisionRefused::ReasonRequired),
            ),
            (
                PendingAcceptance,
                Enrolled,
                Administrator,
                false,
                "",
                Ok(()),
            ),
            (
                PendingEndorsement,
                PendingAcceptance,
                Coordinator,
                false,
                "",
                Ok(()),
            ),
            (Enrolled, Withdrawn, Administrator, false, "", Ok(())),
            (
                Rejected,
                Enrolled,
                Administrator,
                false,
                "Changed my mind",
                Err(DecisionRefused::NotFromHere),
            ),
        ];
        for (from, to, actor, ended, reason, expected) in cases {
            assert_eq!(
                decide(*from, *to, *actor, *ended, reason),
                *expected,
                "{from:?} → {to:?} by {actor:?}, ended {ended}, reason {reason:?}"
            );
        }
    }

    #[test]
    fn the_buttons_offered_are_the_legal_moves_now() {
        let cases: &[(EnrollmentStatus, Actor, bool, &[EnrollmentStatus])] = &[
            (
                PendingAcceptance,
                Administrator,
                false,
                &[Enrolled, Waitlisted, Rejected, Withdrawn],
            ),
            (Enrolled, Administrator, false, &[Waitlisted, Withdrawn]),
            (
                Enrolled,
                Administrator,
                true,
                &[Waitlisted, Withdrawn, Completed],
            ),
            (
                Waitlisted,
                Administrator,
                false,
                &[Enrolled, Rejected, Withdrawn],
            ),
            (
                PendingEndorsement,
                Coordinator,
                false,
                &[PendingAcceptance, Rejected],
            ),
            (Rejected, Administrator, true, &[]),
            (Enrolled, Trainee, false, &[Withdrawn]),
        ];
        for (from, actor, ended, expected) in cases {
            assert_eq!(
                moves(*from, *actor, *ended),
                expected.to_vec(),
                "{from:?} by {actor:?}, ended {ended}"
            );
        }
        let today = NaiveDate::from_ymd_opt(2027, 3, 10).unwrap();
        assert!(
            !offering_ended(today, today),
            "the last day is still part of the offering"
        );
        assert!(offering_ended(today - chrono::Duration::days(1), today));
        assert!(!offering_ended(today + chrono::Duration::days(1), today));
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, 3, d).unwrap()
    }

    fn open_application() -> Application {
        Application {
            now: Utc.with_ymd_and_hms(2027, 3, 10, 12, 0, 0).unwrap(),
            published: true,
            enrollment_opens: day(1),
            enrollment_closes: day(20),
            audience: "both".into(),
            affiliation: "police".into(),
            already_applied: false,
            missing_prerequisites: vec![],
            clash_with: None,
            hold: None,
        }
    }

    #[test]
    fn eligibility_names_the_reason() {
        type Spoil = fn(&mut Application);
        let cases: &[(Spoil, Result<(), Ineligible>)] = &[
            (|_| {}, Ok(())),
            (|a| a.published = false, Err(Ineligible::NotPublished)),
            (
                |a| a.enrollment_opens = day(11),
                Err(Ineligible::NotOpenYet(day(11))),
            ),
            (|a| a.enrollment_opens = day(10), Ok(())),
            (|a| a.enrollment_closes = day(10), Ok(())),
            (
                |a| a.enrollment_closes = day(9),
                Err(Ineligible::Closed(day(9))),
            ),
            (
                |a| a.audience = "civilian".into(),
                Err(Ineligible::Audience("civilian".into())),
            ),
            (|a| a.audience = "police".into(), Ok(())),
            (
                |a| a.already_applied = true,
                Err(Ineligible::AlreadyApplied),
            ),
            (
                |a| a.missing_prerequisites = vec!["PICAP-HR-101".into()],
                Err(Ineligible::Prerequisites(vec!["PICAP-HR-101".into()])),
            ),
            (
                |a| a.clash_with = Some("PICAP-UF-201".into()),
                Err(Ineligible::Clash("PICAP-UF-201".into())),
            ),
            (
                |a| a.hold = Some(crate::accounts::MembershipHold::Pending),
                Err(Ineligible::Unconfirmed(
                    crate::accounts::MembershipHold::Pending,
                )),
            ),
            // An unconfirmed person hears about that before their own record.
            (
                |a| {
                    a.hold = Some(crate::accounts::MembershipHold::EmailUnverified);
                    a.already_applied = true;
                },
                Err(Ineligible::Unconfirmed(
                    crate::accounts::MembershipHold::EmailUnverified,
                )),
            ),
            // The window is reported before anything about the person.
            (
                |a| {
                    a.enrollment_closes = day(9);
                    a.already_applied = true;
                },
                Err(Ineligible::Closed(day(9))),
            ),
        ];
        for (i, (spoil, expected)) in cases.iter().enumerate() {
            let mut a = open_application();
            spoil(&mut a);
            assert_eq!(eligibility(&a), *expected, "case {i}");
        }
    }

    #[test]
    fn clashes_are_overlaps_not_touches() {
        let at = |h: u32| Utc.with_ymd_and_hms(2027, 4, 5, h, 0, 0).unwrap();
        let ours = [(at(9), at(12))];
        let cases: &[(u32, u32, bool)] = &[
            (12, 14, false), // starts when ours ends
            (7, 9, false),   // ends when ours starts
            (11, 13, true),
            (8, 10, true),
            (10, 11, true), // inside
            (8, 13, true),  // around
            (13, 15, false),
        ];
        for (start, end, clash) in cases {
            let theirs = vec![(at(*start), at(*end), "PICAP-X-1".to_string())];
            assert_eq!(
                first_clash(&ours, &theirs).is_some(),
                *clash,
                "{start}–{end}"
            );
        }
    }
}

//! Distance learning's pure decisions: when an enrolment opens a module's lessons, which
//! translation a reader is shown, what a lesson and a unit must be, and the progress a set of
//! read lessons adds up to. No I/O; each is tested with a table of cases.

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};

use super::dto::Direction;
use crate::enrollment::dto::EnrollmentStatus;
use crate::i18n::{Key, Locale};

/// Longest lesson title, in characters.
pub const TITLE_MAX: usize = 200;
/// Longest lesson text, in characters: a long chapter, far below what would slow a phone.
pub const MARKDOWN_MAX: usize = 100_000;

/// What an enrolment lets its trainee do with the module's lessons.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContentAccess {
    /// Read the lessons and mark them read.
    Open,
    /// Enrolled, but the distance window opens on this date: the outline only until then.
    OpensOn(NaiveDate),
    /// Waitlisted, pending, withdrawn, rejected or cancelled: the outline only.
    OutlineOnly,
}

impl ContentAccess {
    /// Whether lessons can be read.
    pub fn is_open(self) -> bool {
        self == ContentAccess::Open
    }
}

/// The first day lessons open: the first distance session's day when the offering has any,
/// else its first day. Dates are UTC calendar days, as enrolment windows are.
pub fn opens_on(starts_on: NaiveDate, distance_starts: &[DateTime<Utc>]) -> NaiveDate {
    distance_starts
        .iter()
        .min()
        .map(|at| at.date_naive())
        .unwrap_or(starts_on)
}

/// Whether an enrolment in `status` opens the lessons `today`. Enrolled trainees read from the
/// day the window opens; after completion the lessons stay readable; anyone else sees the
/// outline.
pub fn content_access(
    status: EnrollmentStatus,
    today: NaiveDate,
    opens_on: NaiveDate,
) -> ContentAccess {
    match status {
        EnrollmentStatus::Completed => ContentAccess::Open,
        EnrollmentStatus::Enrolled if today >= opens_on => ContentAccess::Open,
        EnrollmentStatus::Enrolled => ContentAccess::OpensOn(opens_on),
        EnrollmentStatus::PendingEndorsement
        | EnrollmentStatus::PendingAcceptance
        | EnrollmentStatus::Waitlisted
        | EnrollmentStatus::Rejected
        | EnrollmentStatus::Withdrawn
        | EnrollmentStatus::Cancelled => ContentAccess::OutlineOnly,
    }
}

/// The translation a reader is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shown {
    /// The language shown.
    pub language: Locale,
    /// Set when it is not the language asked for: the page says so.
    pub instead_of: Option<Locale>,
}

/// Which of a lesson's written languages to show a reader who wants `wanted`: that one, else
/// the module's primary language, else the first written (English, Spanish, Portuguese,
/// French). `None` when nothing is written yet: the lesson is not shown at all.
pub fn pick_translation(written: &[Locale], wanted: Locale, primary: Locale) -> Option<Shown> {
    let found = |l: Locale| written.contains(&l).then_some(l);
    if let Some(language) = found(wanted) {
        return Some(Shown {
            language,
            instead_of: None,
        });
    }
    found(primary)
        .or_else(|| Locale::ALL.into_iter().find_map(found))
        .map(|language| Shown {
            language,
            instead_of: Some(wanted),
        })
}

/// A lesson as its author typed it, checked: trimmed title of 1 to [`TITLE_MAX`] characters
/// and a text of at most [`MARKDOWN_MAX`]. Problems are reported per field.
pub fn check_lesson(
    title: &str,
    markdown: &str,
) -> Result<(String, String), Vec<(&'static str, Key)>> {
    let title = title.trim();
    // Browsers send each line end of a textarea as CR LF but count it as one character against
    // `maxlength`: count what is kept, so text the form accepted is never refused as too long.
    let markdown = markdown.replace("\r\n", "\n");
    let mut problems = Vec::new();
    if title.is_empty() || title.chars().count() > TITLE_MAX {
        problems.push(("title", Key::LessonTitleInvalid));
    }
    if markdown.chars().count() > MARKDOWN_MAX {
        problems.push(("markdown", Key::LessonTextTooLong));
    }
    if problems.is_empty() {
        Ok((title.to_string(), markdown))
    } else {
        Err(problems)
    }
}

/// A unit's titles, checked: at least one language, each trimmed to 1 to [`TITLE_MAX`]
/// characters; empty languages are dropped.
pub fn check_unit_title(
    titles: &BTreeMap<String, String>,
) -> Result<BTreeMap<Locale, String>, Vec<(&'static str, Key)>> {
    let mut checked = BTreeMap::new();
    for (code, text) in titles {
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        match Locale::from_code(code) {
            Some(l) if text.chars().count() <= TITLE_MAX => {
                checked.insert(l, text.to_string());
            }
            _ => return Err(vec![("title", Key::UnitTitleInvalid)]),
        }
    }
    if checked.is_empty() {
        Err(vec![("title", Key::UnitTitleInvalid)])
    } else {
        Ok(checked)
    }
}

/// Read lessons against the lessons there are.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Lessons read.
    pub read: usize,
    /// Lessons in all.
    pub total: usize,
}

/// Progress through a module: per unit, in all, and the lesson to continue with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Progress {
    /// One tally per unit, in the units' order.
    pub units: Vec<Tally>,
    /// The whole module.
    pub overall: Tally,
    /// The first lesson not read yet, in course order; `None` when all are read.
    pub next: Option<i64>,
}

/// Adds up `read` over `units` (each a list of lesson ids in order). Lessons read that are no
/// longer in the course (retired) count for nothing.
pub fn progress(units: &[Vec<i64>], read: &HashSet<i64>) -> Progress {
    let mut overall = Tally::default();
    let mut next = None;
    let units = units
        .iter()
        .map(|lessons| {
            let mut tally = Tally {
                read: 0,
                total: lessons.len(),
            };
            for id in lessons {
                if read.contains(id) {
                    tally.read += 1;
                } else if next.is_none() {
                    next = Some(*id);
                }
            }
            overall.read += tally.read;
            overall.total += tally.total;
            tally
        })
        .collect();
    Progress {
        units,
        overall,
        next,
    }
}

/// The order of `ids` after moving `id` one place in `direction`; unchanged at either end or
/// when `id` is not there.
pub fn moved(ids: &[i64], id: i64, direction: Direction) -> Vec<i64> {
    let mut ids = ids.to_vec();
    if let Some(at) = ids.iter().position(|x| *x == id) {
        match direction {
            Direction::Up if at > 0 => ids.swap(at, at - 1),
            Direction::Down if at + 1 < ids.len() => ids.swap(at, at + 1),
            _ => {}
        }
    }
    ids
}

#[cfg(test)]
#[allow(clippy::type_complexity)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, 3, d).expect("date")
    }

    #[test]
    fn lessons_open_to_enrolled_trainees_from_the_window_and_stay_open_after_completion() {
        use EnrollmentStatus::*;
        let opens = day(10);
        let cases = [
            (Enrolled, day(9), ContentAccess::OpensOn(opens)),
            (Enrolled, day(10), ContentAccess::Open),
            (Enrolled, day(30), ContentAccess::Open),
            (Completed, day(1), ContentAccess::Open),
            (Waitlisted, day(12), ContentAccess::OutlineOnly),
            (Withdrawn, day(12), ContentAccess::OutlineOnly),
            (Rejected, day(12), ContentAccess::OutlineOnly),
            (Cancelled, day(12), ContentAccess::OutlineOnly),
            (PendingEndorsement, day(12), ContentAccess::OutlineOnly),
            (PendingAcceptance, day(12), ContentAccess::OutlineOnly),
        ];
        for (status, today, expected) in cases {
            assert_eq!(
                content_access(status, today, opens),
                expected,
                "{status:?} on {today}"
            );
        }
    }

    #[test]
    fn the_window_opens_with_the_first_distance_session_else_the_offering() {
        let at = |d: u32, h: u32| Utc.with_ymd_and_hms(2027, 3, d, h, 0, 0).unwrap();
        assert_eq!(opens_on(day(1), &[]), day(1));
        assert_eq!(opens_on(day(1), &[at(15, 9), at(8, 23)]), day(8));
    }

    #[test]
    fn a_reader_gets_their_language_else_the_primary_one_with_a_note() {
        use Locale::*;
        let cases: &[(&[Locale], Locale, Locale, Option<(Locale, Option<Locale>)>)] = &[
            (&[Es, En], Es, En, Some((Es, None))),
            (&[Es, En], Fr, En, Some((En, Some(Fr)))),
            (&[Es, Pt], Fr, En, Some((Es, Some(Fr)))),
            (&[Pt], Es, Es, Some((Pt, Some(Es)))),
            (&[Fr, Pt], En, Pt, Some((Pt, Some(En)))),
            (&[], Es, Es, None),
        ];
        for (written, wanted, primary, expected) in cases {
            assert_eq!(
                pick_translation(written, *wanted, *primary).map(|s| (s.language, s.instead_of)),
                *expected,
                "{written:?} for {wanted:?} (primary {primary:?})"
            );
        }
    }

    #[test]
    fn a_lesson_needs_a_title_and_a_text_of_reasonable_length() {
        let long_title = "x".repeat(TITLE_MAX + 1);
        let long_text = "y".repeat(MARKDOWN_MAX + 1);
        let cases: &[(&str, &str, Result<(&str, &str), Vec<&str>>)] = &[
            ("  Principios  ", "a\r\nb", Ok(("Principios", "a\nb"))),
            ("   ", "text", Err(vec!["title"])),
            (&long_title, &long_text, Err(vec!["title", "markdown"])),
        ];
        for (title, text, expected) in cases {
            let got = check_lesson(title, text);
            match expected {
                Ok((t, m)) => assert_eq!(got, Ok((t.to_string(), m.to_string()))),
                Err(fields) => assert_eq!(
                    got.map_err(|p| p.into_iter().map(|(f, _)| f).collect::<Vec<_>>()),
                    Err(fields.clone())
                ),
            }
        }
        // The limit counts characters, not bytes: accented titles get the full length.
        let accented = "Á".repeat(TITLE_MAX);
        assert!(check_lesson(&accented, "").is_ok());
        // A text at the limit once its CR LF line ends count as one character, as the
        // browser's `maxlength` counted them.
        let at_limit = "a\r\n".repeat(MARKDOWN_MAX / 2);
        assert!(check_lesson("T", &at_limit).is_ok());
    }

    #[test]
    fn a_unit_title_needs_one_known_language() {
        let map = |pairs: &[(&str, &str)]| {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect::<BTreeMap<_, _>>()
        };
        assert_eq!(
            check_unit_title(&map(&[("es", " Principios "), ("en", "")])),
            Ok(BTreeMap::from([(Locale::Es, "Principios".to_string())]))
        );
        for bad in [map(&[]), map(&[("es", "  ")]), map(&[("de", "Grundsätze")])] {
            assert_eq!(
                check_unit_title(&bad),
                Err(vec![("title", Key::UnitTitleInvalid)]),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn progress_counts_per_unit_and_continues_at_the_first_unread_lesson() {
        let units = vec![vec![1, 2, 3], vec![4], vec![]];
        let cases: &[(&[i64], &[(usize, usize)], (usize, usize), Option<i64>)] = &[
            (&[], &[(0, 3), (0, 1), (0, 0)], (0, 4), Some(1)),
            (&[1, 3], &[(2, 3), (0, 1), (0, 0)], (2, 4), Some(2)),
            (&[1, 2, 3, 4], &[(3, 3), (1, 1), (0, 0)], (4, 4), None),
            // A retired lesson's read (99) counts for nothing.
            (&[4, 99], &[(0, 3), (1, 1), (0, 0)], (1, 4), Some(1)),
        ];
        for (read, per_unit, overall, next) in cases {
            let got = progress(&units, &read.iter().copied().collect());
            let tallies: Vec<(usize, usize)> =
                got.units.iter().map(|t| (t.read, t.total)).collect();
            assert_eq!(&tallies, per_unit, "{read:?}");
            assert_eq!((got.overall.read, got.overall.total), *overall, "{read:?}");
            assert_eq!(got.next, *next, "{read:?}");
        }
    }

    #[test]
    fn moving_swaps_with_the_neighbour_and_stops_at_the_ends() {
        use Direction::*;
        let ids = [10, 20, 30];
        assert_eq!(moved(&ids, 20, Up), [20, 10, 30]);
        assert_eq!(moved(&ids, 20, Down), [10, 30, 20]);
        assert_eq!(moved(&ids, 10, Up), ids);
        assert_eq!(moved(&ids, 30, Down), ids);
        assert_eq!(moved(&ids, 99, Up), ids);
    }
}

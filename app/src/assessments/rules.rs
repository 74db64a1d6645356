//! Pure rules of observed practical tests: what a test must be, and the outcome of a trainee's
//! marks (score over the criteria observed; a critical criterion not met fails whatever the
//! score; complete once every criterion is marked and every critical one observed). No I/O;
//! tables of cases below.

use super::codes::CriterionMark;
use crate::i18n::Key;

/// The most criteria one test has.
pub const MAX_CRITERIA: usize = 30;
/// The longest criterion, feedback or reason.
pub const TEXT_MAX: usize = 400;

/// One criterion as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CriterionInput {
    /// An existing criterion's id (kept when the test is edited before any result).
    pub id: Option<i64>,
    pub text: String,
    pub points: String,
    pub critical: bool,
}

/// A practical test as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TestInput {
    pub title: String,
    pub instructions: String,
    pub pass_percent: String,
    /// Rows left empty are ignored.
    pub criteria: Vec<CriterionInput>,
}

/// A checked criterion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CriterionDraft {
    pub id: Option<i64>,
    pub text: String,
    pub points: i32,
    pub critical: bool,
}

/// A checked practical test.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TestDraft {
    pub title: String,
    pub instructions: Option<String>,
    pub pass_percent: i32,
    pub criteria: Vec<CriterionDraft>,
}

impl TestInput {
    /// Checks a test: a title (≤ 200), a scenario (≤ 2,000), a pass mark from 1 to 100, and 1 to
    /// [`MAX_CRITERIA`] criteria, each a text (≤ [`TEXT_MAX`]) with points from 1 to 100.
    pub fn check(&self) -> Result<TestDraft, Vec<(&'static str, Key)>> {
        let mut problems = Vec::new();
        let title = self.title.trim();
        if title.is_empty() {
            problems.push(("title", Key::PracticalTitleMissing));
        } else if title.chars().count() > 200 {
            problems.push(("title", Key::PracticalTitleTooLong));
        }
        let instructions = self.instructions.trim();
        if instructions.chars().count() > 2_000 {
            problems.push(("instructions", Key::PracticalInstructionsTooLong));
        }
        let pass_percent = self.pass_percent.trim().parse::<i32>().ok();
        if !pass_percent.is_some_and(|p| (1..=100).contains(&p)) {
            problems.push(("pass_percent", Key::PracticalPassInvalid));
        }
        let rows: Vec<&CriterionInput> = self
            .criteria
            .iter()
            .filter(|c| !c.text.trim().is_empty() || c.id.is_some())
            .collect();
        let mut criteria = Vec::new();
        let mut bad_criterion = false;
        for row in &rows {
            let text = row.text.trim();
            let points = row
                .points
                .trim()
                .parse::<i32>()
                .ok()
                .filter(|p| (1..=100).contains(p));
            match points {
                Some(points) if !text.is_empty() && text.chars().count() <= TEXT_MAX => {
                    criteria.push(CriterionDraft {
                        id: row.id,
                        text: text.to_string(),
                        points,
                        critical: row.critical,
                    });
                }
                _ => bad_criterion = true,
            }
        }
        if bad_criterion {
            problems.push(("criteria", Key::PracticalCriterionInvalid));
        } else if rows.is_empty() {
            problems.push(("criteria", Key::PracticalCriteriaMissing));
        } else if rows.len() > MAX_CRITERIA {
            problems.push(("criteria", Key::PracticalCriteriaTooMany));
        }
        match pass_percent {
            Some(pass_percent) if problems.is_empty() => Ok(TestDraft {
                title: title.to_string(),
                instructions: (!instructions.is_empty()).then(|| instructions.to_string()),
                pass_percent,
                criteria,
            }),
            _ => Err(problems),
        }
    }
}

/// One criterion as the outcome reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Criterion {
    pub id: i64,
    pub points: i32,
    pub critical: bool,
}

/// A trainee's outcome of a practical test.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// Points met over points observed, in hundredths of a percent; none before anything is
    /// observed.
    pub score: Option<i32>,
    /// Every criterion marked, and every critical one observed.
    pub complete: bool,
    /// A critical criterion was not met.
    pub critical_failed: bool,
    /// Failed as soon as a critical criterion is not met; otherwise decided once complete.
    pub passed: Option<bool>,
}

/// The outcome of `marks` (criterion id → mark) against `criteria` and the pass mark.
pub fn practical_outcome(
    criteria: &[Criterion],
    marks: &[(i64, CriterionMark)],
    pass_percent: i32,
) -> Outcome {
    let mark_of = |id: i64| marks.iter().find(|(c, _)| *c == id).map(|(_, m)| *m);
    let (mut met, mut observed) = (0i64, 0i64);
    let mut complete = true;
    let mut critical_failed = false;
    for criterion in criteria {
        match mark_of(criterion.id) {
            Some(CriterionMark::Met) => {
                met += i64::from(criterion.points);
                observed += i64::from(criterion.points);
            }
            Some(CriterionMark::NotMet) => {
                observed += i64::from(criterion.points);
                critical_failed |= criterion.critical;
            }
            Some(CriterionMark::NotObserved) => complete &= !criterion.critical,
            None => complete = false,
        }
    }
    let score = (observed > 0).then(|| {
        // Rounded to the nearest hundredth of a percent.
        i32::try_from((met * 10_000 * 2 + observed) / (observed * 2)).unwrap_or(10_000)
    });
    let passed = if critical_failed {
        Some(false)
    } else if complete {
        Some(score.unwrap_or(0) >= pass_percent * 100)
    } else {
        None
    };
    Outcome {
        score,
        complete,
        critical_failed,
        passed,
    }
}

#[cfg(test)]
mod tests {
    use super::CriterionMark::{Met, NotMet, NotObserved};
    use super::*;

    fn criteria() -> Vec<Criterion> {
        vec![
            Criterion {
                id: 1,
                points: 2,
                critical: true,
            },
            Criterion {
                id: 2,
                points: 1,
                critical: false,
            },
            Criterion {
                id: 3,
                points: 1,
                critical: false,
            },
        ]
    }

    #[test]
    fn outcomes() {
        let o = |score, complete, critical_failed, passed| Outcome {
            score,
            complete,
            critical_failed,
            passed,
        };
        type Case<'a> = (&'a [(i64, CriterionMark)], i32, Outcome);
        let cases: &[Case] = &[
            // Nothing marked yet.
            (&[], 70, o(None, false, false, None)),
            // All met.
            (
                &[(1, Met), (2, Met), (3, Met)],
                70,
                o(Some(10_000), true, false, Some(true)),
            ),
            // 3 of 4 points: 75 % passes at 70, fails at 80; the boundary passes.
            (
                &[(1, Met), (2, Met), (3, NotMet)],
                70,
                o(Some(7_500), true, false, Some(true)),
            ),
            (
                &[(1, Met), (2, Met), (3, NotMet)],
                80,
                o(Some(7_500), true, false, Some(false)),
            ),
            (
                &[(1, Met), (2, Met), (3, NotMet)],
                75,
                o(Some(7_500), true, false, Some(true)),
            ),
            // A critical criterion not met fails whatever the score, even before the end.
            (
                &[(1, NotMet), (2, Met), (3, Met)],
                10,
                o(Some(5_000), true, true, Some(false)),
            ),
            (&[(1, NotMet)], 10, o(Some(0), false, true, Some(false))),
            // Not observed is left out of the score; a critical one not observed leaves the
            // test incomplete (undecided).
            (
                &[(1, Met), (2, Met), (3, NotObserved)],
                70,
                o(Some(10_000), true, false, Some(true)),
            ),
            (
                &[(1, NotObserved), (2, Met), (3, Met)],
                70,
                o(Some(10_000), false, false, None),
            ),
            // Part marked: a score so far, undecided.
            (&[(1, Met)], 70, o(Some(10_000), false, false, None)),
            // Nothing observed at all, but complete: no score, not passed.
            (
                &[(2, NotObserved), (3, NotObserved), (1, NotObserved)],
                70,
                o(None, false, false, None),
            ),
        ];
        for (marks, pass, expected) in cases {
            assert_eq!(
                practical_outcome(&criteria(), marks, *pass),
                *expected,
                "{marks:?} at {pass}"
            );
        }
        // Thirds round to the nearest hundredth of a percent.
        let thirds = [
            Criterion {
                id: 1,
                points: 1,
                critical: false,
            },
            Criterion {
                id: 2,
                points: 1,
                critical: false,
            },
            Criterion {
                id: 3,
                points: 1,
                critical: false,
            },
        ];
        let two_of_three = practical_outcome(&thirds, &[(1, Met), (2, Met), (3, NotMet)], 60);
        assert_eq!(two_of_three.score, Some(6_667));
    }

    #[test]
    fn what_a_test_must_be() {
        let row = |text: &str, points: &str| CriterionInput {
            text: text.into(),
            points: points.into(),
            ..CriterionInput::default()
        };
        let good = TestInput {
            title: " Detención con salvaguardas ".into(),
            instructions: "".into(),
            pass_percent: "70".into(),
            criteria: vec![
                row("Se identifica", "1"),
                row("", ""),
                row("Informa derechos", "2"),
            ],
        };
        let draft = good.check().expect("accepted");
        assert_eq!(draft.title, "Detención con salvaguardas");
        assert_eq!(draft.criteria.len(), 2, "empty rows are ignored");
        assert_eq!(draft.instructions, None);
        let cases: &[(TestInput, &[(&str, Key)])] = &[
            (
                TestInput {
                    title: " ".into(),
                    ..good.clone()
                },
                &[("title", Key::PracticalTitleMissing)],
            ),
            (
                TestInput {
                    title: "x".repeat(201),
                    ..good.clone()
                },
                &[("title", Key::PracticalTitleTooLong)],
            ),
            (
                TestInput {
                    pass_percent: "0".into(),
                    ..good.clone()
                },
                &[("pass_percent", Key::PracticalPassInvalid)],
            ),
            (
                TestInput {
                    pass_percent: "abc".into(),
                    ..good.clone()
                },
                &[("pass_percent", Key::PracticalPassInvalid)],
            ),
            (
                TestInput {
                    criteria: vec![row("", "")],
                    ..good.clone()
                },
                &[("criteria", Key::PracticalCriteriaMissing)],
            ),
            (
                TestInput {
                    criteria: vec![row("Algo", "0")],
                    ..good.clone()
                },
                &[("criteria", Key::PracticalCriterionInvalid)],
            ),
            (
                TestInput {
                    criteria: vec![row(&"x".repeat(TEXT_MAX + 1), "1")],
                    ..good.clone()
                },
                &[("criteria", Key::PracticalCriterionInvalid)],
            ),
            (
                TestInput {
                    criteria: vec![row("a", "1"); MAX_CRITERIA + 1],
                    ..good.clone()
                },
                &[("criteria", Key::PracticalCriteriaTooMany)],
            ),
            (
                TestInput {
                    title: "".into(),
                    instructions: "y".repeat(2_001),
                    ..good.clone()
                },
                &[
                    ("title", Key::PracticalTitleMissing),
                    ("instructions", Key::PracticalInstructionsTooLong),
                ],
            ),
        ];
        for (input, problems) in cases {
            assert_eq!(input.check(), Err(problems.to_vec()), "{input:?}");
        }
    }
}

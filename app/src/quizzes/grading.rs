//! Quiz grading as pure rules (issue 19, quizzes): how each kind of question is scored, which
//! attempt counts, a trainee's knowledge gain between pre- and post-test, and each question's
//! statistics across attempts. No I/O; each rule is tested with a table of cases.
//!
//! Scores are whole hundredths of a point ([`Score`]), so sums and comparisons are exact.

use std::collections::BTreeSet;

/// A score in hundredths of a point.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Score(pub u32);

impl Score {
    /// `points` whole points.
    pub const fn points(points: u32) -> Score {
        Score(points * 100)
    }
}

/// What a question accepts as right (stored as JSON in `questions.answer_key`; never sent to a
/// trainee).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", content = "right", rename_all = "snake_case")]
pub enum AnswerKey {
    /// One option is right.
    Single(u32),
    /// Several options are right (by option id); the others are wrong.
    Multiple(BTreeSet<u32>),
    /// A statement is true or false.
    TrueFalse(bool),
    /// A number, right within `tolerance` either side.
    Numeric {
        /// The right value.
        value: f64,
        /// How far from it still counts (0 for exact).
        tolerance: f64,
    },
    /// Any of these texts, compared without case, accents or extra spaces.
    ShortText(Vec<String>),
    /// Graded by an instructor.
    Essay,
}

/// What a trainee answered (stored as JSON in `attempt_answers.response`).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", content = "given", rename_all = "snake_case")]
pub enum Response {
    /// Nothing (or not yet).
    Blank,
    /// The options ticked.
    Choices(BTreeSet<u32>),
    /// True or false.
    Bool(bool),
    /// What was typed (a number, a short answer, an essay).
    Text(String),
}

/// A graded answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Graded {
    /// Scored by the rules.
    Scored(Score),
    /// Waits for an instructor (an essay).
    ForInstructor,
}

/// The score of `response` to a question worth `points` with answer key `key`.
///
/// Multiple choice gives partial credit: each right option ticked earns its share of the
/// points, each wrong option ticked takes one share away, and the score never goes below zero
/// (ticking everything earns nothing).
pub fn grade(key: &AnswerKey, points: Score, response: &Response) -> Graded {
    let all_or_nothing = |right: bool| Graded::Scored(if right { points } else { Score(0) });
    match (key, response) {
        (AnswerKey::Essay, _) => Graded::ForInstructor,
        (_, Response::Blank) => Graded::Scored(Score(0)),
        (AnswerKey::Single(right), Response::Choices(ticked)) => {
            all_or_nothing(ticked.len() == 1 && ticked.contains(right))
        }
        (AnswerKey::Multiple(right), Response::Choices(ticked)) => {
            if right.is_empty() {
                return all_or_nothing(ticked.is_empty());
            }
            let hits = ticked.intersection(right).count() as i64;
            let misses = ticked.difference(right).count() as i64;
            let shares = (hits - misses).max(0) as u64;
            let earned = u64::from(points.0) * shares / right.len() as u64;
            Graded::Scored(Score(u32::try_from(earned).unwrap_or(points.0)))
        }
        (AnswerKey::TrueFalse(right), Response::Bool(given)) => all_or_nothing(right == given),
        (AnswerKey::Numeric { value, tolerance }, Response::Text(text)) => {
            all_or_nothing(parse_number(text).is_some_and(|given| {
                // A little slack for decimals that binary floating point cannot hold exactly.
                (given - value).abs() <= tolerance.abs() + 1e-9 * value.abs().max(1.0)
            }))
        }
        (AnswerKey::ShortText(accepted), Response::Text(text)) => {
            let given = comparable(text);
            all_or_nothing(!given.is_empty() && accepted.iter().any(|a| comparable(a) == given))
        }
        // An answer of another shape than the question's (a forged request): no points.
        _ => Graded::Scored(Score(0)),
    }
}

/// A number as people type it: `3.5`, `3,5` (a decimal comma), `-2`, ` 1 000,25 ` (spaces
/// between thousands); `None` for anything else.
pub fn parse_number(text: &str) -> Option<f64> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty() || compact.matches([',', '.']).count() > 1 {
        return None;
    }
    compact
        .replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite())
}

/// A short answer as it is compared: lower case, accents removed, spaces collapsed, and
/// punctuation at either end ignored.
pub fn comparable(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    let plain: String = text
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .collect::<String>()
        .to_lowercase();
    plain
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_matches(|c: char| c.is_ascii_punctuation())
        .to_string()
}

pub use super::codes::Counted;

/// The score that counts among `attempts` (oldest first); `None` when there is none.
pub fn counted(rule: Counted, attempts: &[Score]) -> Option<Score> {
    match rule {
        Counted::Best => attempts.iter().max().copied(),
        Counted::Last => attempts.last().copied(),
        Counted::Average => (!attempts.is_empty()).then(|| {
            let sum: u64 = attempts.iter().map(|s| u64::from(s.0)).sum();
            Score((sum / attempts.len() as u64) as u32)
        }),
    }
}

/// What a trainee learnt between the pre-test and the post-test.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Gain {
    /// Post − pre, in hundredths of a point (negative when the post-test went worse).
    pub raw: i64,
    /// (post − pre) / (max − pre): the share of what there was to learn that was learnt;
    /// `None` when the pre-test was already at the maximum (shown as "—").
    pub normalised: Option<f64>,
}

/// The knowledge gain from `pre` to `post` on tests out of `max`.
pub fn gain(pre: Score, post: Score, max: Score) -> Gain {
    let raw = i64::from(post.0) - i64::from(pre.0);
    let room = i64::from(max.0) - i64::from(pre.0);
    Gain {
        raw,
        normalised: (room > 0).then(|| raw as f64 / room as f64),
    }
}

/// A question's statistics across the attempts that answered it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ItemStats {
    /// How many answered it.
    pub answered: usize,
    /// The share who got it right (0 to 1).
    pub share_right: f64,
    /// Share right among the top third of attempts (by total score) minus among the bottom
    /// third: near 0 or below, the question does not tell those who learnt from those who did
    /// not. `None` with fewer than 3 attempts.
    pub discrimination: Option<f64>,
    /// Set when nobody, or everybody, got it right (with at least 5 answers).
    pub flag: Option<ItemFlag>,
}

/// Why a question deserves a second look.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemFlag {
    /// Nobody got it right: too hard, or a wrong answer key.
    NobodyRight,
    /// Everybody got it right: it measures nothing.
    EverybodyRight,
}

/// Statistics of one question from `(attempt's total score, this question right)` pairs.
pub fn item_stats(answers: &[(Score, bool)]) -> ItemStats {
    let answered = answers.len();
    let right = answers.iter().filter(|(_, r)| *r).count();
    let share = |part: &[(Score, bool)]| {
        part.iter().filter(|(_, r)| *r).count() as f64 / part.len().max(1) as f64
    };
    let discrimination = (answered >= 3).then(|| {
        let mut sorted = answers.to_vec();
        sorted.sort_by_key(|(total, _)| std::cmp::Reverse(*total));
        let third = answered / 3;
        share(&sorted[..third.max(1)]) - share(&sorted[answered - third.max(1)..])
    });
    let flag = match right {
        _ if answered < 5 => None,
        0 => Some(ItemFlag::NobodyRight),
        r if r == answered => Some(ItemFlag::EverybodyRight),
        _ => None,
    };
    ItemStats {
        answered,
        share_right: share(answers),
        discrimination,
        flag,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(ids: &[u32]) -> BTreeSet<u32> {
        ids.iter().copied().collect()
    }

    fn text(t: &str) -> Response {
        Response::Text(t.to_string())
    }

    #[test]
    fn each_kind_of_question_is_scored_by_its_rule() {
        let four = Score::points(4);
        let multiple = AnswerKey::Multiple(set(&[1, 2]));
        let numeric = AnswerKey::Numeric {
            value: 3.5,
            tolerance: 0.1,
        };
        let short = AnswerKey::ShortText(vec!["Proporcionalidad".into(), "proportionality".into()]);
        let cases: Vec<(&AnswerKey, Response, Graded)> = vec![
            (
                &AnswerKey::Single(2),
                Response::Choices(set(&[2])),
                Graded::Scored(four),
            ),
            (
                &AnswerKey::Single(2),
                Response::Choices(set(&[1])),
                Graded::Scored(Score(0)),
            ),
            // Ticking several where one is right earns nothing.
            (
                &AnswerKey::Single(2),
                Response::Choices(set(&[1, 2])),
                Graded::Scored(Score(0)),
            ),
            (
                &multiple,
                Response::Choices(set(&[1, 2])),
                Graded::Scored(four),
            ),
            (
                &multiple,
                Response::Choices(set(&[1])),
                Graded::Scored(Score(200)),
            ),
            (
                &multiple,
                Response::Choices(set(&[1, 3])),
                Graded::Scored(Score(0)),
            ),
            (
                &multiple,
                Response::Choices(set(&[1, 2, 3])),
                Graded::Scored(Score(200)),
            ),
            (
                &multiple,
                Response::Choices(set(&[1, 2, 3, 4])),
                Graded::Scored(Score(0)),
            ),
            (
                &AnswerKey::TrueFalse(false),
                Response::Bool(false),
                Graded::Scored(four),
            ),
            (
                &AnswerKey::TrueFalse(false),
                Response::Bool(true),
                Graded::Scored(Score(0)),
            ),
            (&numeric, text("3,55"), Graded::Scored(four)),
            (&numeric, text(" 3.6 "), Graded::Scored(four)),
            (&numeric, text("3.7"), Graded::Scored(Score(0))),
            (&numeric, text("tres"), Graded::Scored(Score(0))),
            (&short, text("  PROPORCIONALIDAD. "), Graded::Scored(four)),
            (&short, text("proporcionalídad"), Graded::Scored(four)),
            (&short, text("necesidad"), Graded::Scored(Score(0))),
            (&short, text(""), Graded::Scored(Score(0))),
            (
                &AnswerKey::Essay,
                text("Una respuesta larga."),
                Graded::ForInstructor,
            ),
            (
                &AnswerKey::Single(2),
                Response::Blank,
                Graded::Scored(Score(0)),
            ),
            // A forged answer of another shape earns nothing.
            (
                &AnswerKey::TrueFalse(true),
                text("true"),
                Graded::Scored(Score(0)),
            ),
        ];
        for (key, response, expected) in cases {
            assert_eq!(
                grade(key, four, &response),
                expected,
                "{key:?} ← {response:?}"
            );
        }
    }

    #[test]
    fn numbers_are_read_as_people_type_them() {
        let cases = [
            ("3,5", Some(3.5)),
            ("3.5", Some(3.5)),
            ("-2", Some(-2.0)),
            ("1 000,25", Some(1000.25)),
            ("1.000,25", None),
            ("", None),
            ("NaN", None),
            ("inf", None),
            ("12abc", None),
        ];
        for (typed, expected) in cases {
            assert_eq!(parse_number(typed), expected, "{typed:?}");
        }
    }

    #[test]
    fn the_attempt_that_counts_follows_the_quizs_rule() {
        let attempts = [Score(500), Score(900), Score(700)];
        assert_eq!(counted(Counted::Best, &attempts), Some(Score(900)));
        assert_eq!(counted(Counted::Last, &attempts), Some(Score(700)));
        assert_eq!(counted(Counted::Average, &attempts), Some(Score(700)));
        assert_eq!(
            counted(Counted::Average, &[Score(1), Score(2)]),
            Some(Score(1))
        );
        for rule in [Counted::Best, Counted::Last, Counted::Average] {
            assert_eq!(counted(rule, &[]), None);
        }
    }

    #[test]
    fn knowledge_gain_is_raw_and_normalised_with_a_dash_at_the_maximum() {
        let max = Score::points(10);
        let cases = [
            (Score::points(4), Score::points(7), 300, Some(0.5)),
            (Score::points(4), Score::points(10), 600, Some(1.0)),
            (Score::points(6), Score::points(4), -200, Some(-0.5)),
            (Score::points(10), Score::points(10), 0, None),
            (Score::points(0), Score::points(5), 500, Some(0.5)),
        ];
        for (pre, post, raw, normalised) in cases {
            let g = gain(pre, post, max);
            assert_eq!(
                (g.raw, g.normalised),
                (raw, normalised),
                "{pre:?} → {post:?}"
            );
        }
    }

    #[test]
    fn item_statistics_tell_good_questions_from_broken_ones() {
        // Those with the best totals got it right, the weakest did not: it discriminates.
        let good = [
            (Score(900), true),
            (Score(850), true),
            (Score(600), true),
            (Score(500), false),
            (Score(300), false),
            (Score(200), false),
        ];
        let stats = item_stats(&good);
        assert_eq!((stats.answered, stats.share_right), (6, 0.5));
        assert_eq!(stats.discrimination, Some(1.0));
        assert_eq!(stats.flag, None);
        let everybody: Vec<(Score, bool)> = (0..5).map(|i| (Score(i * 100), true)).collect();
        assert_eq!(item_stats(&everybody).flag, Some(ItemFlag::EverybodyRight));
        assert_eq!(item_stats(&everybody).discrimination, Some(0.0));
        let nobody: Vec<(Score, bool)> = (0..5).map(|i| (Score(i * 100), false)).collect();
        assert_eq!(item_stats(&nobody).flag, Some(ItemFlag::NobodyRight));
        // Too few answers to say anything.
        let few = item_stats(&[(Score(100), true), (Score(50), false)]);
        assert_eq!((few.discrimination, few.flag), (None, None));
    }
}

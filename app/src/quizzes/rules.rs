//! Quizzes' pure decisions: what a question must be, when a quiz can be started and answered,
//! the deadline, which questions an attempt draws, and when feedback is shown. No I/O; each is
//! tested with a table of cases. How answers are scored is in [`super::grading`].

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use rand::Rng;
use rand::seq::SliceRandom;

use super::codes::{Counted, FeedbackTiming, QuestionKind, QuizRole};
use super::grading::{AnswerKey, Response, Score};
use crate::i18n::{Key, Locale};

/// How long after the deadline an answer or a submission is still taken: the request of a
/// trainee who pressed "Submit" in the last second is on its way.
pub const GRACE: Duration = Duration::seconds(10);
/// Longest prompt or feedback, in characters.
pub const TEXT_MAX: usize = 5_000;
/// Longest option, in characters.
pub const OPTION_MAX: usize = 300;
/// Most options a choice question can have.
pub const OPTIONS_MAX: usize = 10;
/// Longest essay, in characters.
pub const ESSAY_MAX: usize = 20_000;
/// Longest short or numeric answer, in characters.
pub const SHORT_MAX: usize = 200;
/// Most points a question is worth.
pub const POINTS_MAX: u32 = 100;

/// A question as its author typed it in one language (and the fields every language shares).
#[derive(Clone, Debug, Default)]
pub struct QuestionForm {
    /// The kind's code.
    pub kind: String,
    /// Points, as typed (`1`, `1,5`).
    pub points: String,
    /// Tags, separated by commas or spaces.
    pub tags: String,
    /// The prompt (Markdown).
    pub prompt: String,
    /// The options, one per line (choice questions).
    pub options: String,
    /// Choice questions: the right options' numbers (`2`, `1, 3`); true/false: `true` or
    /// `false`; numeric: the value; short text: the accepted answers, one per line.
    pub answer: String,
    /// Numeric: how far from the value still counts.
    pub tolerance: String,
    /// Feedback shown after the attempt (Markdown).
    pub feedback: String,
}

/// A question checked: what every language shares, and this language's texts.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckedQuestion {
    /// Its kind.
    pub kind: QuestionKind,
    /// Worth.
    pub points: Score,
    /// Normalised tags (lower case, sorted, no duplicates).
    pub tags: Vec<String>,
    /// The prompt, trimmed.
    pub prompt: String,
    /// The options, trimmed, in order.
    pub options: Vec<String>,
    /// The answer key.
    pub key: AnswerKey,
    /// The feedback, trimmed.
    pub feedback: String,
}

/// Checks a question form; `option_count` is the number of options the question already has
/// in its other languages (every language lists the same options). Problems are reported per
/// field.
pub fn check_question(
    form: &QuestionForm,
    option_count: Option<usize>,
) -> Result<CheckedQuestion, Vec<(&'static str, Key)>> {
    let mut problems = Vec::new();
    let kind = QuestionKind::from_code(&form.kind);
    if kind.is_none() {
        problems.push(("kind", Key::QuestionKindInvalid));
    }
    let points = parse_points(&form.points);
    if points.is_none() {
        problems.push(("points", Key::QuestionPointsInvalid));
    }
    let tags = parse_tags(&form.tags);
    if tags.is_none() {
        problems.push(("tags", Key::QuestionTagsInvalid));
    }
    let prompt = form.prompt.replace("\r\n", "\n").trim().to_string();
    if prompt.is_empty() || prompt.chars().count() > TEXT_MAX {
        problems.push(("prompt", Key::QuestionPromptInvalid));
    }
    let feedback = form.feedback.replace("\r\n", "\n").trim().to_string();
    if feedback.chars().count() > TEXT_MAX {
        problems.push(("feedback", Key::QuestionFeedbackTooLong));
    }
    let options: Vec<String> = form
        .options
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    let mut key = None;
    if let Some(kind) = kind {
        if kind.has_options() {
            if options.len() < 2
                || options.len() > OPTIONS_MAX
                || options.iter().any(|o| o.chars().count() > OPTION_MAX)
            {
                problems.push(("options", Key::QuestionOptionsInvalid));
            } else if option_count.is_some_and(|n| n != options.len()) {
                problems.push(("options", Key::QuestionOptionsMismatch));
            }
        }
        match answer_key(kind, &form.answer, &form.tolerance, options.len()) {
            Ok(k) => key = Some(k),
            Err(p) => problems.push(p),
        }
    }
    match (kind, points, tags, key) {
        (Some(kind), Some(points), Some(tags), Some(key)) if problems.is_empty() => {
            Ok(CheckedQuestion {
                kind,
                points,
                tags,
                prompt,
                options: if kind.has_options() {
                    options
                } else {
                    Vec::new()
                },
                key,
                feedback,
            })
        }
        _ => Err(problems),
    }
}

/// The answer key a form states for a question of `kind` with `options` options.
fn answer_key(
    kind: QuestionKind,
    answer: &str,
    tolerance: &str,
    options: usize,
) -> Result<AnswerKey, (&'static str, Key)> {
    let numbers = || -> Option<BTreeSet<u32>> {
        let mut set = BTreeSet::new();
        for part in answer
            .split([',', ';', ' '])
            .filter(|p| !p.trim().is_empty())
        {
            let n: u32 = part.trim().parse().ok()?;
            if n == 0 || n as usize > options {
                return None;
            }
            // Option numbers are 1-based on the form and 0-based in the key.
            set.insert(n - 1);
        }
        Some(set)
    };
    match kind {
        QuestionKind::Single => match numbers() {
            Some(set) if set.len() == 1 => Ok(AnswerKey::Single(*set.iter().next().unwrap_or(&0))),
            _ => Err(("answer", Key::QuestionKeySingleInvalid)),
        },
        QuestionKind::Multiple => match numbers() {
            Some(set) if !set.is_empty() => Ok(AnswerKey::Multiple(set)),
            _ => Err(("answer", Key::QuestionKeyMultipleInvalid)),
        },
        QuestionKind::TrueFalse => match answer.trim() {
            "true" => Ok(AnswerKey::TrueFalse(true)),
            "false" => Ok(AnswerKey::TrueFalse(false)),
            _ => Err(("answer", Key::QuestionKeyTrueFalseInvalid)),
        },
        QuestionKind::Numeric => {
            let value = super::grading::parse_number(answer)
                .ok_or(("answer", Key::QuestionKeyNumericInvalid))?;
            let tolerance = if tolerance.trim().is_empty() {
                0.0
            } else {
                super::grading::parse_number(tolerance)
                    .filter(|t| *t >= 0.0)
                    .ok_or(("tolerance", Key::QuestionToleranceInvalid))?
            };
            Ok(AnswerKey::Numeric { value, tolerance })
        }
        QuestionKind::ShortText => {
            let accepted: Vec<String> = answer
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect();
            if accepted.is_empty()
                || accepted.len() > 20
                || accepted.iter().any(|a| a.chars().count() > SHORT_MAX)
            {
                Err(("answer", Key::QuestionKeyShortInvalid))
            } else {
                Ok(AnswerKey::ShortText(accepted))
            }
        }
        QuestionKind::Essay => Ok(AnswerKey::Essay),
    }
}

/// Points as typed (`2`, `1.5`, `1,5`) in hundredths: more than 0, at most [`POINTS_MAX`],
/// at most two decimals.
pub fn parse_points(text: &str) -> Option<Score> {
    parse_score(text).filter(|s| (1..=POINTS_MAX * 100).contains(&s.0))
}

/// A score as an instructor types it (`3`, `3,5`, `0`, `0,00`) in hundredths: 0 or more, at
/// most two decimals, at most `max`.
pub fn parse_score_within(text: &str, max: Score) -> Option<Score> {
    parse_score(text).filter(|s| *s <= max)
}

/// A number of points as typed, in hundredths: 0 or more, at most two decimals.
fn parse_score(text: &str) -> Option<Score> {
    let value = super::grading::parse_number(text)?;
    let hundredths = (value * 100.0).round();
    let exact = ((value * 100.0) - hundredths).abs() < 1e-6;
    (exact && (0.0..=f64::from(u32::MAX)).contains(&hundredths)).then_some(Score(hundredths as u32))
}

/// Tags separated by commas or spaces, lower-cased, sorted, without duplicates: at most 10,
/// each 1 to 40 letters, digits or dashes. `None` when one is not.
pub fn parse_tags(text: &str) -> Option<Vec<String>> {
    let tags: BTreeSet<String> = text
        .split([',', ' ', ';'])
        .map(|t| t.trim().to_lowercase())
        .filter(|t| !t.is_empty())
        .collect();
    let ok = tags.len() <= 10
        && tags.iter().all(|t| {
            t.chars().count() <= 40
                && t.chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        });
    ok.then(|| tags.into_iter().collect())
}

/// A quiz's settings as its author typed them.
#[derive(Clone, Debug, Default)]
pub struct QuizForm {
    /// Titles per language code (at least one).
    pub title: BTreeMap<String, String>,
    /// The role's code.
    pub role: String,
    /// How many questions to draw (empty: the fixed list).
    pub draw_count: String,
    /// Tags to draw from.
    pub draw_tags: String,
    /// Shuffle questions and options.
    pub shuffle: bool,
    /// Attempts allowed.
    pub attempts_allowed: String,
    /// Minutes per attempt (empty: no limit).
    pub time_limit_minutes: String,
    /// Which attempt counts (code).
    pub counted: String,
    /// When feedback is shown (code).
    pub feedback: String,
}

/// A quiz's settings, checked.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckedQuiz {
    /// Titles per language.
    pub title: BTreeMap<Locale, String>,
    /// Role.
    pub role: QuizRole,
    /// Draw this many, or ask the fixed list.
    pub draw_count: Option<u32>,
    /// Normalised tags to draw from.
    pub draw_tags: Vec<String>,
    /// Shuffle.
    pub shuffle: bool,
    /// 1 to 20.
    pub attempts_allowed: u32,
    /// 1 to 600 minutes, or none.
    pub time_limit_minutes: Option<u32>,
    /// Which attempt counts.
    pub counted: Counted,
    /// When feedback is shown.
    pub feedback: FeedbackTiming,
}

/// Checks a quiz form; problems are reported per field.
pub fn check_quiz(form: &QuizForm) -> Result<CheckedQuiz, Vec<(&'static str, Key)>> {
    let mut problems = Vec::new();
    let title = crate::learning::rules::check_unit_title(&form.title).ok();
    if title.is_none() {
        problems.push(("title", Key::QuizTitleInvalid));
    }
    let role = QuizRole::from_code(&form.role);
    if role.is_none() {
        problems.push(("role", Key::QuizRoleInvalid));
    }
    let whole = |text: &str, range: std::ops::RangeInclusive<u32>| -> Option<Option<u32>> {
        let text = text.trim();
        if text.is_empty() {
            return Some(None);
        }
        text.parse::<u32>()
            .ok()
            .filter(|n| range.contains(n))
            .map(Some)
    };
    let draw_count = whole(&form.draw_count, 1..=100);
    if draw_count.is_none() {
        problems.push(("draw_count", Key::QuizDrawCountInvalid));
    }
    let draw_tags = parse_tags(&form.draw_tags);
    if draw_tags.is_none() {
        problems.push(("draw_tags", Key::QuestionTagsInvalid));
    }
    let attempts = whole(&form.attempts_allowed, 1..=20);
    if !matches!(attempts, Some(Some(_))) {
        problems.push(("attempts_allowed", Key::QuizAttemptsInvalid));
    }
    let limit = whole(&form.time_limit_minutes, 1..=600);
    if limit.is_none() {
        problems.push(("time_limit_minutes", Key::QuizTimeLimitInvalid));
    }
    let counted = Counted::from_code(&form.counted);
    let feedback = FeedbackTiming::from_code(&form.feedback);
    if counted.is_none() || feedback.is_none() {
        problems.push(("counted", Key::QuizRoleInvalid));
    }
    match (
        title, role, draw_count, draw_tags, attempts, limit, counted, feedback,
    ) {
        (
            Some(title),
            Some(role),
            Some(draw_count),
            Some(draw_tags),
            Some(Some(attempts_allowed)),
            Some(time_limit_minutes),
            Some(counted),
            Some(feedback),
        ) if problems.is_empty() => Ok(CheckedQuiz {
            title,
            role,
            draw_count,
            draw_tags,
            shuffle: form.shuffle,
            attempts_allowed,
            time_limit_minutes,
            counted,
            feedback,
        }),
        _ => Err(problems),
    }
}

/// An offering's own dates for a quiz: opening, closing, and attempts allowed if it says.
pub type Schedule = (DateTime<Utc>, DateTime<Utc>, Option<u32>);

/// Field problems, each a field's name and its explanation.
pub type Problems = Vec<(&'static str, Key)>;

/// An offering's own dates for a quiz, as typed (`2027-03-01T09:00`, UTC): the opening must be
/// before the closing.
pub fn check_schedule(
    opens_at: &str,
    closes_at: &str,
    attempts_allowed: &str,
) -> Result<Schedule, Problems> {
    let parse = |t: &str| {
        chrono::NaiveDateTime::parse_from_str(t.trim(), "%Y-%m-%dT%H:%M")
            .ok()
            .map(|d| d.and_utc())
    };
    let mut problems = Vec::new();
    let opens = parse(opens_at);
    let closes = parse(closes_at);
    if opens.is_none() {
        problems.push(("opens_at", Key::QuizScheduleInvalid));
    }
    if closes.is_none() || matches!((opens, closes), (Some(o), Some(c)) if c <= o) {
        problems.push(("closes_at", Key::QuizScheduleOrder));
    }
    let attempts = match attempts_allowed.trim() {
        "" => Some(None),
        t => t
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=20).contains(n))
            .map(Some),
    };
    if attempts.is_none() {
        problems.push(("attempts_allowed", Key::QuizAttemptsInvalid));
    }
    match (opens, closes, attempts) {
        (Some(o), Some(c), Some(a)) if problems.is_empty() => Ok((o, c, a)),
        _ => Err(problems),
    }
}

/// When a quiz is open for an offering: its own schedule, else the offering's distance window
/// (from the day lessons open to the end of the offering's last day, UTC).
pub fn window(
    schedule: Option<(DateTime<Utc>, DateTime<Utc>)>,
    opens_on: NaiveDate,
    ends_on: NaiveDate,
) -> (DateTime<Utc>, DateTime<Utc>) {
    schedule.unwrap_or_else(|| {
        let opens = opens_on.and_time(NaiveTime::MIN).and_utc();
        let closes = (ends_on + Duration::days(1))
            .and_time(NaiveTime::MIN)
            .and_utc();
        (opens, closes.max(opens + Duration::days(1)))
    })
}

/// Why an attempt cannot be started.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StartRefused {
    /// The quiz opens later.
    NotYetOpen(DateTime<Utc>),
    /// The quiz has closed.
    Closed,
    /// Every attempt allowed has been used.
    NoAttemptsLeft,
}

impl StartRefused {
    /// The stable code API clients read.
    pub fn code(self) -> &'static str {
        match self {
            StartRefused::NotYetOpen(_) => "quiz_not_open",
            StartRefused::Closed => "quiz_closed",
            StartRefused::NoAttemptsLeft => "no_attempts_left",
        }
    }

    /// What the trainee reads.
    pub fn key(self) -> Key {
        match self {
            StartRefused::NotYetOpen(_) => Key::QuizNotYetOpen,
            StartRefused::Closed => Key::QuizClosed,
            StartRefused::NoAttemptsLeft => Key::QuizNoAttemptsLeft,
        }
    }
}

/// Whether a new attempt can start at `now` in `window`, after `used` of `allowed` attempts.
pub fn can_start(
    now: DateTime<Utc>,
    (opens, closes): (DateTime<Utc>, DateTime<Utc>),
    used: u32,
    allowed: u32,
) -> Result<(), StartRefused> {
    if now < opens {
        Err(StartRefused::NotYetOpen(opens))
    } else if now >= closes {
        Err(StartRefused::Closed)
    } else if used >= allowed {
        Err(StartRefused::NoAttemptsLeft)
    } else {
        Ok(())
    }
}

/// The deadline of an attempt started at `started`: the time limit, and never after the quiz
/// closes.
pub fn deadline(
    started: DateTime<Utc>,
    limit_minutes: Option<u32>,
    closes: DateTime<Utc>,
) -> DateTime<Utc> {
    match limit_minutes {
        Some(m) => (started + Duration::minutes(i64::from(m))).min(closes),
        None => closes,
    }
}

/// Whether an answer or a submission arriving at `now` (the server's clock; whatever the client
/// says) is still taken for an attempt due at `deadline`.
pub fn accepts(now: DateTime<Utc>, deadline: DateTime<Utc>) -> bool {
    now <= deadline + GRACE
}

/// Whether a trainee sees each question's result and feedback now.
pub fn feedback_shown(timing: FeedbackTiming, now: DateTime<Utc>, closes: DateTime<Utc>) -> bool {
    match timing {
        FeedbackTiming::AfterAttempt => true,
        FeedbackTiming::AfterClose => now >= closes,
        FeedbackTiming::Never => false,
    }
}

/// The questions an attempt asks, in order: the fixed list, or `draw` of `pool` at random; then
/// shuffled when the quiz says so. Too small a pool gives all of it.
pub fn pick_questions(
    fixed: &[i64],
    pool: &[i64],
    draw: Option<u32>,
    shuffle: bool,
    rng: &mut impl Rng,
) -> Vec<i64> {
    let mut picked: Vec<i64> = match draw {
        Some(n) => {
            let mut pool = pool.to_vec();
            pool.shuffle(rng);
            pool.truncate(n as usize);
            pool
        }
        None => fixed.to_vec(),
    };
    if shuffle {
        picked.shuffle(rng);
    }
    picked
}

/// The options of a question in the order an attempt shows them (by option id).
pub fn option_order(count: usize, shuffle: bool, rng: &mut impl Rng) -> Vec<u32> {
    let mut order: Vec<u32> = (0..count as u32).collect();
    if shuffle {
        order.shuffle(rng);
    }
    order
}

/// An answer as a form or the API sends it: `values` are the ticked option ids (choice
/// questions), `true`/`false`, or the typed text. Blank when nothing was given; `None` when the
/// answer cannot be one to this question (an option it does not have, a text too long).
pub fn response_from(kind: QuestionKind, values: &[String], options: usize) -> Option<Response> {
    let texts: Vec<&str> = values
        .iter()
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
        .collect();
    if texts.is_empty() {
        return Some(Response::Blank);
    }
    match kind {
        QuestionKind::Single | QuestionKind::Multiple => {
            let mut set = BTreeSet::new();
            for t in &texts {
                let id: u32 = t.parse().ok()?;
                if id as usize >= options {
                    return None;
                }
                set.insert(id);
            }
            (kind == QuestionKind::Multiple || set.len() == 1).then_some(Response::Choices(set))
        }
        QuestionKind::TrueFalse => match texts.as_slice() {
            ["true"] => Some(Response::Bool(true)),
            ["false"] => Some(Response::Bool(false)),
            _ => None,
        },
        QuestionKind::Numeric | QuestionKind::ShortText | QuestionKind::Essay => {
            let text = values.join("\n").replace("\r\n", "\n");
            let max = if kind == QuestionKind::Essay {
                ESSAY_MAX
            } else {
                SHORT_MAX
            };
            (text.chars().count() <= max).then(|| Response::Text(text.trim().to_string()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn form(kind: &str, options: &str, answer: &str) -> QuestionForm {
        QuestionForm {
            kind: kind.into(),
            points: "2".into(),
            tags: "Use-of-force, rights".into(),
            prompt: "Which?".into(),
            options: options.into(),
            answer: answer.into(),
            tolerance: String::new(),
            feedback: String::new(),
        }
    }

    #[test]
    fn a_question_states_a_key_its_kind_can_hold() {
        let three = "a\nb\n\nc\n";
        type Case = (
            QuestionForm,
            Option<usize>,
            Result<AnswerKey, Vec<&'static str>>,
        );
        let cases: Vec<Case> = vec![
            (form("single", three, "2"), None, Ok(AnswerKey::Single(1))),
            (form("single", three, "1, 2"), None, Err(vec!["answer"])),
            (form("single", three, "4"), None, Err(vec!["answer"])),
            (form("single", "only one", "1"), None, Err(vec!["options"])),
            (
                form("single", "only one", "2"),
                None,
                Err(vec!["options", "answer"]),
            ),
            (form("single", three, "1"), Some(4), Err(vec!["options"])),
            (
                form("multiple", three, "1; 3"),
                None,
                Ok(AnswerKey::Multiple([0, 2].into_iter().collect())),
            ),
            (form("multiple", three, ""), None, Err(vec!["answer"])),
            (
                form("true_false", "", "false"),
                None,
                Ok(AnswerKey::TrueFalse(false)),
            ),
            (form("true_false", "", "yes"), None, Err(vec!["answer"])),
            (
                form("numeric", "", "3,5"),
                None,
                Ok(AnswerKey::Numeric {
                    value: 3.5,
                    tolerance: 0.0,
                }),
            ),
            (form("numeric", "", "three"), None, Err(vec!["answer"])),
            (
                form("short_text", "", "proporcionalidad\nproportionality\n"),
                None,
                Ok(AnswerKey::ShortText(vec![
                    "proporcionalidad".into(),
                    "proportionality".into(),
                ])),
            ),
            (form("short_text", "", "  \n"), None, Err(vec!["answer"])),
            (form("essay", "", ""), None, Ok(AnswerKey::Essay)),
            (form("poem", "", ""), None, Err(vec!["kind"])),
        ];
        for (f, count, expected) in cases {
            let got = check_question(&f, count)
                .map(|q| q.key)
                .map_err(|p| p.into_iter().map(|(field, _)| field).collect::<Vec<_>>());
            assert_eq!(got, expected, "{f:?}");
        }
    }

    #[test]
    fn every_field_of_a_bad_question_is_named() {
        let bad = QuestionForm {
            kind: "numeric".into(),
            points: "0".into(),
            tags: "bad tag!".into(),
            prompt: " ".into(),
            options: String::new(),
            answer: "1".into(),
            tolerance: "-1".into(),
            feedback: "x".repeat(TEXT_MAX + 1),
        };
        let fields: Vec<&str> = check_question(&bad, None)
            .unwrap_err()
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        assert_eq!(
            fields,
            ["points", "tags", "prompt", "feedback", "tolerance"]
        );
    }

    #[test]
    fn a_quiz_names_each_bad_setting() {
        let good = QuizForm {
            title: [("es".to_string(), "Prueba inicial".to_string())].into(),
            role: "pre_test".into(),
            draw_count: String::new(),
            draw_tags: String::new(),
            shuffle: true,
            attempts_allowed: "1".into(),
            time_limit_minutes: "20".into(),
            counted: "best".into(),
            feedback: "after_attempt".into(),
        };
        let checked = check_quiz(&good).unwrap();
        assert_eq!(checked.time_limit_minutes, Some(20));
        assert_eq!(checked.role, QuizRole::PreTest);
        type Spoil = fn(&mut QuizForm);
        let cases: Vec<(Spoil, &str)> = vec![
            (|f| f.title.clear(), "title"),
            (|f| f.role = "final".into(), "role"),
            (|f| f.draw_count = "0".into(), "draw_count"),
            (|f| f.attempts_allowed = "".into(), "attempts_allowed"),
            (|f| f.attempts_allowed = "21".into(), "attempts_allowed"),
            (|f| f.time_limit_minutes = "-5".into(), "time_limit_minutes"),
            (|f| f.counted = "first".into(), "counted"),
        ];
        for (spoil, field) in cases {
            let mut form = good.clone();
            spoil(&mut form);
            let fields: Vec<&str> = check_quiz(&form)
                .unwrap_err()
                .into_iter()
                .map(|(f, _)| f)
                .collect();
            assert_eq!(fields, [field]);
        }
    }

    #[test]
    fn an_offerings_dates_for_a_quiz_open_before_they_close() {
        assert_eq!(
            check_schedule("2027-03-01T09:00", "2027-03-01T11:00", "2"),
            Ok((
                at("2027-03-01T09:00:00Z"),
                at("2027-03-01T11:00:00Z"),
                Some(2)
            ))
        );
        let fields = |r: Result<_, Vec<(&'static str, Key)>>| {
            r.unwrap_err()
                .into_iter()
                .map(|(f, _)| f)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            fields(check_schedule("2027-03-01T09:00", "2027-03-01T09:00", "")),
            ["closes_at"]
        );
        assert_eq!(
            fields(check_schedule("soon", "2027-03-01T09:00", "0")),
            ["opens_at", "attempts_allowed"]
        );
    }

    #[test]
    fn points_take_a_decimal_comma_and_at_most_two_decimals() {
        let cases = [
            ("2", Some(200)),
            ("1,5", Some(150)),
            ("0.25", Some(25)),
            ("0.125", None),
            ("0", None),
            ("-1", None),
            ("101", None),
            ("100", Some(10_000)),
            ("", None),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_points(text).map(|s| s.0), expected, "{text}");
        }
    }

    #[test]
    fn an_essays_score_is_from_zero_to_the_questions_points() {
        let four = Score::points(4);
        let cases = [
            ("3,5", Some(350)),
            ("0", Some(0)),
            ("0,00", Some(0)),
            ("4", Some(400)),
            ("4.01", None),
            ("9", None),
            ("-1", None),
            ("1,005", None),
            ("tres", None),
        ];
        for (text, expected) in cases {
            assert_eq!(
                parse_score_within(text, four).map(|s| s.0),
                expected,
                "{text}"
            );
        }
    }

    #[test]
    fn tags_are_normalised() {
        assert_eq!(
            parse_tags("Force, derechos  force;detención"),
            Some(vec!["derechos".into(), "detención".into(), "force".into()])
        );
        assert_eq!(parse_tags(""), Some(vec![]));
        assert_eq!(parse_tags("<script>"), None);
    }

    #[test]
    fn a_quiz_starts_inside_its_window_with_attempts_left() {
        let day = NaiveDate::from_ymd_opt(2027, 3, 1).unwrap();
        let w = window(None, day, NaiveDate::from_ymd_opt(2027, 3, 5).unwrap());
        assert_eq!(w, (at("2027-03-01T00:00:00Z"), at("2027-03-06T00:00:00Z")));
        let cases = [
            (
                "2027-02-28T23:59:59Z",
                0,
                1,
                Err(StartRefused::NotYetOpen(w.0)),
            ),
            ("2027-03-01T00:00:00Z", 0, 1, Ok(())),
            ("2027-03-05T23:59:59Z", 1, 2, Ok(())),
            (
                "2027-03-05T12:00:00Z",
                2,
                2,
                Err(StartRefused::NoAttemptsLeft),
            ),
            ("2027-03-06T00:00:00Z", 0, 2, Err(StartRefused::Closed)),
        ];
        for (now, used, allowed, expected) in cases {
            assert_eq!(can_start(at(now), w, used, allowed), expected, "{now}");
        }
        let own = (at("2027-04-01T10:00:00Z"), at("2027-04-01T12:00:00Z"));
        assert_eq!(window(Some(own), day, day), own);
    }

    #[test]
    fn the_deadline_is_the_time_limit_but_never_after_the_close() {
        let closes = at("2027-03-06T00:00:00Z");
        let cases = [
            ("2027-03-01T10:00:00Z", Some(20), "2027-03-01T10:20:00Z"),
            ("2027-03-05T23:50:00Z", Some(20), "2027-03-06T00:00:00Z"),
            ("2027-03-01T10:00:00Z", None, "2027-03-06T00:00:00Z"),
        ];
        for (started, limit, expected) in cases {
            assert_eq!(deadline(at(started), limit, closes), at(expected));
        }
    }

    #[test]
    fn answers_are_taken_until_the_grace_after_the_deadline_by_the_server_clock() {
        let due = at("2027-03-01T10:20:00Z");
        let cases = [
            ("2027-03-01T10:19:59Z", true),
            ("2027-03-01T10:20:10Z", true),
            ("2027-03-01T10:20:11Z", false),
            ("2027-03-02T00:00:00Z", false),
        ];
        for (now, expected) in cases {
            assert_eq!(accepts(at(now), due), expected, "{now}");
        }
    }

    #[test]
    fn feedback_follows_the_quizs_timing() {
        let closes = at("2027-03-06T00:00:00Z");
        let before = at("2027-03-05T00:00:00Z");
        let cases = [
            (FeedbackTiming::AfterAttempt, before, true),
            (FeedbackTiming::AfterClose, before, false),
            (FeedbackTiming::AfterClose, closes, true),
            (FeedbackTiming::Never, closes, false),
        ];
        for (timing, now, expected) in cases {
            assert_eq!(feedback_shown(timing, now, closes), expected, "{timing:?}");
        }
    }

    #[test]
    fn an_attempt_draws_from_the_pool_or_asks_the_fixed_list() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        let fixed = [1, 2, 3];
        let pool = [10, 11, 12, 13, 14];
        assert_eq!(pick_questions(&fixed, &pool, None, false, &mut rng), fixed);
        let mut shuffled = pick_questions(&fixed, &pool, None, true, &mut rng);
        shuffled.sort();
        assert_eq!(shuffled, fixed);
        let drawn = pick_questions(&fixed, &pool, Some(3), false, &mut rng);
        assert_eq!(drawn.len(), 3);
        assert!(drawn.iter().all(|q| pool.contains(q)));
        assert_eq!(drawn.iter().collect::<BTreeSet<_>>().len(), 3);
        assert_eq!(
            pick_questions(&fixed, &pool, Some(9), false, &mut rng).len(),
            5
        );
        let mut order = option_order(4, true, &mut rng);
        order.sort();
        assert_eq!(order, [0, 1, 2, 3]);
    }

    #[test]
    fn answers_are_read_for_their_question_kind() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let set = |v: &[u32]| Response::Choices(v.iter().copied().collect());
        let cases = [
            (QuestionKind::Single, s(&["2"]), 3, Some(set(&[2]))),
            (QuestionKind::Single, s(&["1", "2"]), 3, None),
            (QuestionKind::Single, s(&["3"]), 3, None),
            (
                QuestionKind::Multiple,
                s(&["0", "2"]),
                3,
                Some(set(&[0, 2])),
            ),
            (QuestionKind::Multiple, s(&[]), 3, Some(Response::Blank)),
            (
                QuestionKind::TrueFalse,
                s(&["true"]),
                0,
                Some(Response::Bool(true)),
            ),
            (QuestionKind::TrueFalse, s(&["maybe"]), 0, None),
            (
                QuestionKind::Numeric,
                s(&[" 3,5 "]),
                0,
                Some(Response::Text("3,5".into())),
            ),
            (
                QuestionKind::ShortText,
                s(&[&"x".repeat(SHORT_MAX + 1)]),
                0,
                None,
            ),
            (
                QuestionKind::Essay,
                s(&["<script>alert(1)</script>"]),
                0,
                Some(Response::Text("<script>alert(1)</script>".into())),
            ),
        ];
        for (kind, values, options, expected) in cases {
            assert_eq!(
                response_from(kind, &values, options),
                expected,
                "{kind:?} {values:?}"
            );
        }
    }
}

//! What the quiz pages and API send. Nothing a trainee receives before an attempt is submitted
//! holds an answer key: [`AttemptQuestion`] carries the prompt and options as shown, and a
//! [`QuestionResult`] only once the quiz's feedback timing allows it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use super::codes::{
    Counted, FeedbackTiming, GradeReason, QuestionKind, QuizRole, SubmittedHow,
};

/// One question of a module's bank, as its authors list it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuestionRow {
    /// Id.
    pub id: i64,
    /// Its kind.
    pub kind: QuestionKind,
    /// Worth, in points.
    pub points: f64,
    /// Topic tags.
    pub tags: Vec<String>,
    /// The start of its prompt as plain text, in the reader's language if written.
    pub excerpt: String,
    /// The languages it is written in.
    pub languages: Vec<String>,
    /// Answers given to it in submitted attempts.
    pub answered: u64,
    /// Retired: kept for past attempts, left out of new ones.
    pub retired: bool,
}

/// A quiz of the module, as its authors list it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuizRow {
    /// Id.
    pub id: i64,
    /// Its title in the reader's language.
    pub title: String,
    /// The unit it ends.
    pub unit_title: String,
    /// Practice, pre-test or post-test.
    pub role: QuizRole,
    /// How many questions an attempt asks.
    pub questions: u32,
    /// Attempts submitted, all offerings together.
    pub attempts: u64,
}

/// A module's question bank and quizzes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuestionBank {
    /// The module.
    pub module_id: i64,
    /// Its code.
    pub module_code: String,
    /// Its title in the reader's language.
    pub module_title: String,
    /// The questions, newest first.
    pub questions: Vec<QuestionRow>,
    /// The quizzes, in unit order.
    pub quizzes: Vec<QuizRow>,
    /// The module's units (id, title), for a new quiz.
    pub units: Vec<(i64, String)>,
}

/// A question in its editor, in one language.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuestionEditor {
    /// The question; `None` for a new one.
    pub id: Option<i64>,
    /// The module.
    pub module_id: i64,
    /// Its title.
    pub module_title: String,
    /// The language being edited.
    pub language: String,
    /// The languages already written.
    pub languages: Vec<String>,
    /// Kind code.
    pub kind: String,
    /// Points as shown in the form.
    pub points: String,
    /// Tags, comma-separated.
    pub tags: String,
    /// The prompt (Markdown).
    pub prompt: String,
    /// Options, one per line.
    pub options: String,
    /// The key as the form states it.
    pub answer: String,
    /// Numeric tolerance.
    pub tolerance: String,
    /// Feedback (Markdown).
    pub feedback: String,
    /// The prompt as trainees will see it.
    pub preview_html: String,
    /// Which correction of the key is current.
    pub key_number: i32,
    /// Answers to it in submitted attempts (a changed key can regrade them).
    pub answered: u64,
    /// Retired.
    pub retired: bool,
}

/// A question as a quiz's editor offers it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuizQuestionChoice {
    /// The question.
    pub id: i64,
    /// Its kind.
    pub kind: QuestionKind,
    /// Start of its prompt.
    pub excerpt: String,
    /// Its tags.
    pub tags: Vec<String>,
    /// Points.
    pub points: f64,
    /// On the quiz's fixed list.
    pub chosen: bool,
}

/// A quiz in its editor.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuizEditor {
    /// The quiz; `None` for a new one.
    pub id: Option<i64>,
    /// The module.
    pub module_id: i64,
    /// Its title.
    pub module_title: String,
    /// The unit it ends.
    pub unit_id: i64,
    /// The module's units (id, title).
    pub units: Vec<(i64, String)>,
    /// Titles per language code.
    pub title: BTreeMap<String, String>,
    /// Role.
    pub role: QuizRole,
    /// Draw this many from the tags instead of the fixed list.
    pub draw_count: Option<u32>,
    /// Tags drawn from.
    pub draw_tags: String,
    /// Shuffle questions and options.
    pub shuffle: bool,
    /// Attempts allowed (offerings may change it).
    pub attempts_allowed: u32,
    /// Time limit in minutes.
    pub time_limit_minutes: Option<u32>,
    /// Which attempt counts.
    pub counted: Counted,
    /// When feedback is shown.
    pub feedback: FeedbackTiming,
    /// The bank's live questions, chosen or not.
    pub questions: Vec<QuizQuestionChoice>,
}

/// A quiz as one offering runs it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct OfferingQuiz {
    /// The quiz.
    pub quiz_id: i64,
    /// Its title.
    pub title: String,
    /// Its role.
    pub role: QuizRole,
    /// Opens (RFC 3339).
    pub opens_at: String,
    /// Closes (RFC 3339).
    pub closes_at: String,
    /// Attempts allowed here.
    pub attempts_allowed: u32,
    /// Set by the offering (else the distance window and the quiz's own number).
    pub own_schedule: bool,
    /// Trainees with a submitted attempt.
    pub trainees_attempted: u32,
    /// Essays waiting for grading.
    pub essays_pending: u32,
}

/// One trainee's pre-test, post-test and knowledge gain.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TraineeGain {
    /// The enrolment.
    pub enrollment_id: i64,
    /// The trainee's name.
    pub name: String,
    /// Counted pre-test score, points.
    pub pre: Option<f64>,
    /// Counted post-test score, points.
    pub post: Option<f64>,
    /// Post − pre, points.
    pub raw: Option<f64>,
    /// (post − pre)/(max − pre); `None` ("—") when the pre-test was at the maximum or a test
    /// is missing.
    pub normalised: Option<f64>,
}

/// An offering's quizzes, results and knowledge gain (instructors and administrators).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct OfferingQuizzes {
    /// The offering.
    pub offering_id: i64,
    /// Its module's title.
    pub module_title: String,
    /// Its first day (ISO 8601).
    pub starts_on: String,
    /// Its quizzes.
    pub quizzes: Vec<OfferingQuiz>,
    /// The pre- and post-tests' maximum, points (when both exist).
    pub max: Option<f64>,
    /// One row per trainee.
    pub gains: Vec<TraineeGain>,
    /// Mean raw gain over trainees with both tests.
    pub mean_raw: Option<f64>,
    /// Mean normalised gain over trainees with both tests and room to learn.
    pub mean_normalised: Option<f64>,
    /// Whether the caller may change the quizzes' dates here.
    pub can_schedule: bool,
}

/// An attempt as its trainee lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AttemptRow {
    /// Id.
    pub id: i64,
    /// 1, 2…
    pub number: u32,
    /// Submitted (RFC 3339), `None` while open.
    pub submitted_at: Option<String>,
    /// Points so far; `None` while open.
    pub score: Option<f64>,
    /// What it is out of (its own questions').
    pub max: f64,
    /// Essays still waiting for an instructor.
    pub pending: u32,
}

/// A quiz as a trainee sees it before and between attempts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct QuizIntro {
    /// The quiz.
    pub quiz_id: i64,
    /// The trainee's enrolment.
    pub enrollment_id: i64,
    /// Title.
    pub title: String,
    /// The module's title.
    pub module_title: String,
    /// Practice, pre-test or post-test.
    pub role: QuizRole,
    /// How many questions an attempt asks.
    pub questions: u32,
    /// Points in all.
    pub max: f64,
    /// Minutes per attempt.
    pub time_limit_minutes: Option<u32>,
    /// Attempts allowed.
    pub attempts_allowed: u32,
    /// Opens (RFC 3339).
    pub opens_at: String,
    /// Closes (RFC 3339).
    pub closes_at: String,
    /// Which attempt counts.
    pub counted: Counted,
    /// The score that counts so far.
    pub counted_score: Option<f64>,
    /// Why a new attempt cannot start now (translated); `None` when it can.
    pub refused: Option<String>,
    /// The attempt in progress, to resume.
    pub open_attempt: Option<i64>,
    /// Past attempts, oldest first.
    pub attempts: Vec<AttemptRow>,
}

/// A question as an attempt shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AttemptQuestion {
    /// The question.
    pub question_id: i64,
    /// 1, 2…
    pub position: u32,
    /// Its kind.
    pub kind: QuestionKind,
    /// Worth, points.
    pub points: f64,
    /// The prompt, sanitised HTML, as shown when the attempt started.
    pub prompt_html: String,
    /// The options (id, text) in the order shown.
    pub options: Vec<ShownOption>,
    /// The trainee's answer so far.
    pub answer: GivenAnswer,
    /// How it went, once the quiz's feedback timing allows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<QuestionResult>,
}

/// An option as shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ShownOption {
    /// What the answer sends.
    pub id: u32,
    /// The text (plain text).
    pub text: String,
}

/// A trainee's answer to one question.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct GivenAnswer {
    /// Option ids ticked (choice questions).
    #[serde(default)]
    pub choices: Vec<u32>,
    /// True or false.
    #[serde(default)]
    pub truth: Option<bool>,
    /// Text typed (numeric, short text, essay).
    #[serde(default)]
    pub text: Option<String>,
}

/// One question's outcome, shown after the attempt as the quiz allows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct QuestionResult {
    /// Points earned; `None` while an essay waits for grading.
    pub score: Option<f64>,
    /// Full marks.
    pub right: bool,
    /// The question's feedback, sanitised HTML.
    pub feedback_html: String,
    /// The instructor's comment on an essay.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// An attempt: to answer while open, its results once submitted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Attempt {
    /// Id.
    pub id: i64,
    /// The quiz.
    pub quiz_id: i64,
    /// The enrolment.
    pub enrollment_id: i64,
    /// The quiz's title.
    pub quiz_title: String,
    /// 1, 2…
    pub number: u32,
    /// The language of the questions.
    pub language: String,
    /// When answers stop being taken (RFC 3339), kept by the server.
    pub deadline: String,
    /// Seconds left by the server's clock when this was sent (0 once past).
    pub seconds_left: i64,
    /// Submitted (RFC 3339).
    pub submitted_at: Option<String>,
    /// Who submitted it.
    pub submitted_how: Option<SubmittedHow>,
    /// Points (graded so far) once submitted.
    pub score: Option<f64>,
    /// Points in all.
    pub max: f64,
    /// Essays still waiting for an instructor.
    pub pending: u32,
    /// Whether each question's result and feedback are shown.
    pub feedback_shown: bool,
    /// The questions in order.
    pub questions: Vec<AttemptQuestion>,
}

/// An essay waiting for (or given) a grade.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EssayToGrade {
    /// The attempt.
    pub attempt_id: i64,
    /// The question.
    pub question_id: i64,
    /// The offering.
    pub offering_id: i64,
    /// The module's title and the offering's first day.
    pub offering: String,
    /// The quiz's title.
    pub quiz_title: String,
    /// The trainee's name.
    pub trainee: String,
    /// The prompt as shown.
    pub prompt_html: String,
    /// The essay (plain text).
    pub essay: String,
    /// Worth, points.
    pub points: f64,
    /// Submitted (RFC 3339).
    pub submitted_at: String,
    /// Given score, when graded.
    pub score: Option<f64>,
    /// Given comment.
    pub comment: Option<String>,
    /// Every grade given or changed, oldest first.
    pub history: Vec<GradeEvent>,
}

/// A grade given or changed (`grade_changes`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GradeEvent {
    /// When (RFC 3339).
    pub at: String,
    /// Who, by name.
    pub by: Option<String>,
    /// The score before, points.
    pub old: Option<f64>,
    /// The score after, points.
    pub new: f64,
    /// An essay graded, or a corrected key applied.
    pub reason: super::codes::GradeReason,
}

/// Essays for the caller to grade, and those they graded lately.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GradingQueue {
    /// Waiting, oldest first.
    pub waiting: Vec<EssayToGrade>,
    /// Graded, newest first (the last 20).
    pub graded: Vec<EssayToGrade>,
}

/// One question's statistics across the quiz's submitted attempts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ItemRow {
    /// The question.
    pub question_id: i64,
    /// Start of its prompt.
    pub excerpt: String,
    /// Kind.
    pub kind: QuestionKind,
    /// Answers.
    pub answered: u32,
    /// Share with full marks (0–1).
    pub share_right: f64,
    /// Top third minus bottom third (−1 to 1), with 3 attempts or more.
    pub discrimination: Option<f64>,
    /// `nobody_right` or `everybody_right`, with 5 answers or more.
    pub flag: Option<String>,
}

/// A quiz's item statistics.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ItemStatistics {
    /// The quiz.
    pub quiz_id: i64,
    /// Its title.
    pub title: String,
    /// The module.
    pub module_id: i64,
    /// Attempts counted.
    pub attempts: u32,
    /// One row per question asked.
    pub items: Vec<ItemRow>,
}

/// A quiz in a course outline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct OutlineQuiz {
    /// The quiz.
    pub id: i64,
    /// Its title.
    pub title: String,
    /// Role.
    pub role: QuizRole,
    /// The counted score so far, points.
    pub score: Option<f64>,
    /// Points in all.
    pub max: f64,
}

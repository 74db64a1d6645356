//! What distance learning's pages and API send: the course outline with the reader's progress,
//! a lesson in the reader's language, an author's view of the content, and an offering's
//! progress table.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Which way an author moves a unit or lesson in its list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Towards the start.
    Up,
    /// Towards the end.
    Down,
}

code_enum!(
    /// What an enrolment lets its trainee do with the lessons.
    AccessCode {
        /// The lessons can be read.
        Open => "open",
        /// Enrolled; the lessons open on `opens_on`.
        NotYet => "not_yet",
        /// Not (or no longer) enrolled: the outline only.
        Outline => "outline",
    }
);

code_enum!(
    /// What an attachment is, as its bytes say.
    AttachmentKind {
        /// A PDF document.
        Pdf => "pdf",
        /// A PNG, JPEG or WebP image.
        Image => "image",
        /// An MP3, Ogg, M4A or WAV recording.
        Audio => "audio",
    }
);

/// A file a lesson shows or offers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Attachment {
    /// Id.
    pub id: i64,
    /// PDF, image or audio.
    pub kind: AttachmentKind,
    /// Its media type.
    pub media_type: String,
    /// The name it downloads under.
    pub file_name: String,
    /// Size in bytes.
    pub size_bytes: i64,
    /// An image's alternative text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alt_text: Option<String>,
    /// An audio recording's transcript.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transcript: Option<String>,
    /// Where it is served (for whoever may read the lesson).
    pub url: String,
    /// Added since the lesson was last published: trainees get it with the next publish.
    #[serde(default)]
    pub pending: bool,
}

/// A module's units and lessons as one reader sees them, with their progress when they read
/// through an enrolment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Outline {
    /// The module.
    pub module_id: i64,
    /// Its code.
    pub module_code: String,
    /// Its title in the reader's language.
    pub module_title: String,
    /// The enrolment the reader reads through; absent for authors and instructors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enrollment_id: Option<i64>,
    /// The offering of that enrolment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offering_id: Option<i64>,
    /// What the reader may do with the lessons.
    pub access: AccessCode,
    /// When `access` is `not_yet`: the day the lessons open (ISO 8601).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opens_on: Option<String>,
    /// The units in order.
    pub units: Vec<OutlineUnit>,
    /// Lessons read, in all.
    pub read: u32,
    /// Lessons, in all.
    pub total: u32,
    /// The first lesson not read yet, where "continue" leads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_lesson_id: Option<i64>,
}

/// A unit of the outline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct OutlineUnit {
    /// Id.
    pub id: i64,
    /// Title in the reader's language (else the module's primary language).
    pub title: String,
    /// Its lessons in order.
    pub lessons: Vec<OutlineLesson>,
    /// Lessons of the unit read.
    pub read: u32,
    /// Lessons of the unit.
    pub total: u32,
    /// About how many bytes the unit's offline copy weighs (when the lessons are open).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offline_bytes: Option<u64>,
    /// Its quizzes (pre-test first, post-test last), with the reader's counted score.
    #[serde(default)]
    pub quizzes: Vec<crate::quizzes::dto::OutlineQuiz>,
}

/// A lesson of the outline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct OutlineLesson {
    /// Id.
    pub id: i64,
    /// Title in the reader's language (else the module's primary language).
    pub title: String,
    /// Whether the reader marked it read.
    pub read: bool,
}

/// One lesson as a reader sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Lesson {
    /// Id.
    pub id: i64,
    /// The revision shown: marking the lesson read records it.
    pub revision_id: i64,
    /// The enrolment it is read through, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enrollment_id: Option<i64>,
    /// The module.
    pub module_id: i64,
    /// The module's title.
    pub module_title: String,
    /// The unit's title.
    pub unit_title: String,
    /// Title.
    pub title: String,
    /// The text, rendered and sanitised on the server.
    pub html: String,
    /// The language shown (`en`, `es`, `pt`, `fr`).
    pub language: String,
    /// Set when the reader's language has no translation: the language they wanted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instead_of: Option<String>,
    /// Whether the reader marked it read.
    pub read: bool,
    /// Whether it was revised since the reader marked it read.
    pub revised_since_read: bool,
    /// The lesson before, in course order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<LessonLink>,
    /// The lesson after, in course order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<LessonLink>,
    /// Its files, in the order they were added.
    #[serde(default)]
    pub attachments: Vec<Attachment>,
}

/// A neighbouring lesson.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LessonLink {
    /// Id.
    pub id: i64,
    /// Title.
    pub title: String,
}

/// What marking a lesson read recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ReadMark {
    /// The lesson.
    pub lesson_id: i64,
    /// The revision recorded as read.
    pub revision_id: i64,
    /// The enrolment it counts for.
    pub enrollment_id: i64,
    /// Lessons read in the module, now.
    pub read: u32,
    /// Lessons in the module.
    pub total: u32,
}

/// A module's content as its authors see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleContent {
    /// The module.
    pub module_id: i64,
    /// Its code.
    pub module_code: String,
    /// Its title in the reader's language.
    pub module_title: String,
    /// The language lessons are written in first.
    pub primary_language: String,
    /// Units in order, with every lesson (retired ones too, marked).
    pub units: Vec<AuthorUnit>,
    /// The instructors named as authors: (id, name, email).
    pub authors: Vec<(i64, String, String)>,
    /// Whether the reader may name authors (administrators).
    pub may_name_authors: bool,
}

/// A unit as its authors see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorUnit {
    /// Id.
    pub id: i64,
    /// Language → title.
    pub title: BTreeMap<String, String>,
    /// Lessons in order.
    pub lessons: Vec<AuthorLesson>,
}

/// A lesson as its authors see it in the list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorLesson {
    /// Id.
    pub id: i64,
    /// Its title in the reader's language, else any written.
    pub title: String,
    /// Languages with a published revision, and its number.
    pub published: Vec<(String, i32)>,
    /// Languages with a draft not yet published.
    pub drafts: Vec<String>,
    /// Whether it was retired.
    pub retired: bool,
}

/// A lesson in one language in its editor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LessonEditor {
    /// The lesson.
    pub lesson_id: i64,
    /// Its module.
    pub module_id: i64,
    /// The module's title.
    pub module_title: String,
    /// The unit's title.
    pub unit_title: String,
    /// The language being edited.
    pub language: String,
    /// The module's primary language.
    pub primary_language: String,
    /// What is in the form: the draft if there is one, else the published text.
    pub title: String,
    /// The Markdown in the form.
    pub markdown: String,
    /// The form's text rendered exactly as trainees will see it.
    pub preview_html: String,
    /// Whether the form holds an unpublished draft.
    pub is_draft: bool,
    /// The newest published revision in this language, if any.
    pub published_number: Option<i32>,
    /// The revision the text in the form started from: the draft's, else the newest.
    pub based_on: Option<i32>,
    /// Other authors with a draft in this language: (name, RFC 3339 time of their last save).
    pub others_drafting: Vec<(String, String)>,
    /// Every revision, newest first: (language, number, author, ISO time).
    pub revisions: Vec<(String, i32, String, String)>,
    /// Per language (`en`, `es`, `pt`, `fr`): its published revision number, and whether a
    /// draft waits.
    pub languages: Vec<(String, Option<i32>, bool)>,
    /// Whether it was retired.
    pub retired: bool,
    /// Its files, in the order they were added.
    pub attachments: Vec<Attachment>,
    /// The largest file accepted, in megabytes.
    pub max_upload_mb: u64,
}

/// An offering's progress table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct OfferingProgress {
    /// The offering.
    pub offering_id: i64,
    /// Its module.
    pub module_id: i64,
    /// The module's title.
    pub module_title: String,
    /// First day (ISO 8601).
    pub starts_on: String,
    /// The units, in order, with their number of lessons.
    pub units: Vec<ProgressUnit>,
    /// One row per enrolled or completed trainee, by name.
    pub trainees: Vec<TraineeProgress>,
}

/// A column of the progress table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ProgressUnit {
    /// Id.
    pub id: i64,
    /// Title in the reader's language.
    pub title: String,
    /// Lessons.
    pub total: u32,
}

/// A row of the progress table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TraineeProgress {
    /// The enrolment.
    pub enrollment_id: i64,
    /// The trainee's name.
    pub name: String,
    /// `enrolled` or `completed`.
    pub status: String,
    /// Lessons read per unit, in the units' order.
    pub per_unit: Vec<u32>,
    /// Lessons read in all.
    pub read: u32,
    /// Lessons in all.
    pub total: u32,
    /// When they last marked a lesson read (RFC 3339), if ever.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_read_at: Option<String>,
}

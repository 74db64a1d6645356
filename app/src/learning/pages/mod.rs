//! Distance learning's pages: for authors (content, lesson editor, their modules), trainees
//! (course, lesson) and instructors (progress).

mod content;
mod course;
mod editor;
mod lesson;
mod live_preview;
mod my_content;
mod progress;

pub use content::ModuleContentPage;
pub use course::CoursePage;
pub use editor::LessonEditorPage;
pub use lesson::LessonPage;
pub use my_content::MyContentPage;
pub use progress::ProgressPage;

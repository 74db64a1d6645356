//! The declared access of every server function, by path. Server functions register
//! themselves (leptos' `#[server]` through `inventory`); the route-inventory test compares
//! this table with that registry both ways, so a new server function without a row, or a row
//! for one that no longer exists, fails it. The function's service checks the action; the
//! authorization matrix test checks that it does.

use app::auth::policy::Access::{self, Action as Needs, AnyOf, Public, SignedIn};
use app::auth::policy::Action::*;

/// The moves of an application: endorse, decide or withdraw, depending on the move and whose.
const MOVES: &[app::auth::policy::Action] = &[Endorse, DecideApplication, Withdraw];

/// Every server function: (path, access).
pub static SERVER_FNS: &[(&str, Access)] = &[
    // Accounts and sessions.
    ("/api/sign_in", Public),
    ("/api/sign_out", Public),
    ("/api/who_am_i", Public),
    ("/api/register", Public),
    ("/api/forgot_password", Public),
    ("/api/reset_password", Public),
    ("/api/set_language", Public),
    ("/api/change_password", SignedIn),
    ("/api/my_sessions", SignedIn),
    ("/api/end_session", SignedIn),
    ("/api/load_profile", SignedIn),
    ("/api/update_profile", SignedIn),
    ("/api/verify_email", Public),
    ("/api/resend_verification", SignedIn),
    ("/api/pending_members", Needs(ConfirmMembership)),
    ("/api/decide_membership", Needs(ConfirmMembership)),
    ("/api/accept_agency", Needs(ManageAgencies)),
    // People.
    ("/api/search_people", Needs(ListUsers)),
    ("/api/set_person_roles", Needs(ChangeRoles)),
    ("/api/set_person_active", Needs(DeactivateUsers)),
    ("/api/change_person_standing", Needs(ChangeStanding)),
    ("/api/invite_person", Needs(InviteUsers)),
    ("/api/load_import", Needs(InviteUsers)),
    ("/api/confirm_import", Needs(InviteUsers)),
    // Agencies.
    ("/api/list_agencies", Public),
    ("/api/save_agency", Needs(ManageAgencies)),
    ("/api/merge_agencies", Needs(ManageAgencies)),
    // Administration.
    ("/api/mail_overview", Needs(ManageMail)),
    ("/api/retry_mail", Needs(ManageMail)),
    ("/api/audit_log", Needs(ReadAudit)),
    // Catalog.
    ("/api/load_catalog", Public),
    ("/api/catalog_topics", Public),
    ("/api/load_module_page", Public),
    ("/api/list_programmes", Public),
    ("/api/load_programme", Public),
    ("/api/my_offerings", SignedIn),
    ("/api/calendar_feed_status", SignedIn),
    ("/api/create_calendar_feed", SignedIn),
    ("/api/revoke_calendar_feed", SignedIn),
    ("/api/admin_modules", Needs(EditCatalog)),
    ("/api/admin_offerings", Needs(EditCatalog)),
    ("/api/admin_programmes", Needs(EditCatalog)),
    ("/api/catalog_form_data", Needs(EditCatalog)),
    ("/api/similar_modules", Needs(EditCatalog)),
    ("/api/save_module", Needs(EditCatalog)),
    ("/api/set_catalog_status", Needs(EditCatalog)),
    ("/api/programme_for_edit", Needs(EditCatalog)),
    ("/api/save_programme", Needs(EditCatalog)),
    ("/api/offering_for_edit", Needs(EditCatalog)),
    ("/api/save_offering", Needs(EditCatalog)),
    ("/api/module_lookalikes", Needs(EditCatalog)),
    ("/api/lookalike_pairs", Needs(EditCatalog)),
    // Enrolment.
    ("/api/apply_to_offering", Needs(Apply)),
    ("/api/withdraw_enrollment", Needs(Withdraw)),
    ("/api/my_enrollments", SignedIn),
    ("/api/offering_applicants", Needs(ReadRoster)),
    ("/api/decide_enrollment", AnyOf(MOVES)),
    ("/api/endorse_application", Needs(Endorse)),
    ("/api/agency_overview", Needs(Nominate)),
    ("/api/nominate_officer", Needs(Nominate)),
    ("/api/nomination_options", Needs(Nominate)),
    ("/api/officer_applications", Needs(ReadApplications)),
    // Distance learning.
    ("/api/load_module_content", Needs(EditContent)),
    ("/api/add_unit", Needs(EditContent)),
    ("/api/rename_unit", Needs(EditContent)),
    ("/api/move_content", Needs(EditContent)),
    ("/api/add_lesson", Needs(EditContent)),
    ("/api/retire_lesson", Needs(EditContent)),
    ("/api/load_lesson_editor", Needs(EditContent)),
    ("/api/edit_lesson", Needs(EditContent)),
    ("/api/set_module_author", Needs(NameAuthors)),
    ("/api/my_content_modules", Needs(EditContent)),
    ("/api/course_outline", Needs(Study)),
    ("/api/read_lesson", Needs(Study)),
    ("/api/mark_lesson_read", Needs(Study)),
    ("/api/load_offering_progress", Needs(ReadProgress)),
    ("/api/remove_attachment", Needs(EditContent)),
    ("/api/preview_lesson", Needs(EditContent)),
    // Quizzes.
    ("/api/load_question_bank", Needs(EditContent)),
    ("/api/load_question_editor", Needs(EditContent)),
    ("/api/save_question", Needs(EditContent)),
    ("/api/retire_question", Needs(EditContent)),
    ("/api/load_quiz_editor", Needs(EditContent)),
    ("/api/save_quiz", Needs(EditContent)),
    ("/api/retire_quiz", Needs(EditContent)),
    ("/api/load_offering_quizzes", Needs(ReadProgress)),
    ("/api/schedule_quiz", Needs(ScheduleQuizzes)),
    ("/api/load_quiz_intro", Needs(Study)),
    ("/api/start_attempt", Needs(Study)),
    ("/api/load_attempt", Needs(Study)),
    ("/api/answer_attempt", Needs(Study)),
    ("/api/autosave_answers", Needs(Study)),
    ("/api/load_grading_queue", Needs(GradeAnswers)),
    ("/api/grade_essay", Needs(GradeAnswers)),
    (
        "/api/load_item_statistics",
        AnyOf(&[ReadContent, EditContent]),
    ),
    // Attendance.
    ("/api/load_offering_attendance", Needs(TakeAttendance)),
    ("/api/save_attendance_settings", Needs(TakeAttendance)),
    ("/api/load_roll_call", Needs(TakeAttendance)),
    ("/api/take_roll_call", Needs(TakeAttendance)),
    ("/api/load_check_in_code", Needs(TakeAttendance)),
    ("/api/load_check_in", Needs(CheckIn)),
    ("/api/check_in", Needs(CheckIn)),
    ("/api/load_my_attendance", Needs(CheckIn)),
    // Practical tests.
    ("/api/load_offering_practicals", Needs(Assess)),
    ("/api/load_practical_editor", Needs(Assess)),
    ("/api/save_practical", Needs(Assess)),
    ("/api/load_practical_sheet", Needs(Assess)),
    ("/api/release_practical", Needs(Assess)),
    ("/api/load_observation", Needs(Assess)),
    ("/api/observe_trainee", Needs(Assess)),
    ("/api/load_my_practicals", Needs(ReadOwnResults)),
    // Scholarships.
    ("/api/my_scholarships", SignedIn),
    ("/api/apply_for_scholarship", Needs(ApplyForScholarship)),
    ("/api/admin_scholarships", Needs(ManageScholarships)),
    (
        "/api/create_scholarship_programme",
        Needs(ManageScholarships),
    ),
    ("/api/scholarship_budget", Needs(ReadBudget)),
    ("/api/decide_scholarship", Needs(DecideScholarship)),
    ("/api/fund_enrollment", Needs(FundEnrollment)),
];

/// The declared access of the server function at `path`, if it has one.
pub fn declared(path: &str) -> Option<Access> {
    SERVER_FNS
        .iter()
        .find(|(declared, _)| *declared == path)
        .map(|(_, access)| *access)
}

/// Every registered server function as (path, method), sorted.
pub fn registered() -> Vec<(String, String)> {
    let mut all: Vec<_> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, method)| (path.to_string(), method.to_string()))
        .collect();
    all.sort();
    all
}

//! Who may do what: the one table of authorization rules, read in one place.
//!
//! A rule grants an action to a role for objects in a given relation to the caller. Every
//! service checks [`allowed`] with the caller's roles *and* their relation to the object, so a
//! role alone never opens another person's records (compare Moodle CVE-2020-14321, where a
//! teacher could make themself manager).

use crate::accounts::Role;

#[cfg(feature = "ssr")]
pub use super::relation::relation_of;
pub use super::relation::relation_to;

/// What the caller wants to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// See a person's profile and roles.
    ReadProfile,
    /// Search people.
    ListUsers,
    /// Grant or remove roles.
    ChangeRoles,
    /// Create accounts and send invitations (coordinators: trainees of their own agency).
    InviteUsers,
    /// Deactivate or reactivate accounts (never one's own).
    DeactivateUsers,
    /// See the mail outbox and send failed messages again.
    ManageMail,
    /// Create and change programmes, modules and offerings, and see drafts.
    EditCatalog,
    /// Create, correct and merge agencies of the registry.
    ManageAgencies,
    /// Change a person's affiliation or country after they have applied (never one's own).
    ChangeStanding,
    /// Nominate an officer for an offering (which endorses the nomination at once).
    Nominate,
    /// See a person's applications, decided or not (their history).
    ReadApplications,
    /// Endorse (or decline to endorse) an application waiting for the agency's approval.
    Endorse,
    /// Accept, waitlist, reject or complete an application as the programme.
    DecideApplication,
    /// Read a scholarship programme's budget and balances (awarded, committed, spent,
    /// remaining) and its ledger.
    ReadBudget,
    /// Read and export the audit log.
    ReadAudit,
    /// Apply to an offering for oneself.
    Apply,
    /// See who applied to an offering (the roster), and its applicants page.
    ReadRoster,
    /// Withdraw an enrolment: one's own, or anyone's as the programme.
    Withdraw,
    /// Create scholarship programmes and list them all.
    ManageScholarships,
    /// Apply to a scholarship programme for oneself.
    ApplyForScholarship,
    /// Award or reject a person's scholarship application.
    DecideScholarship,
    /// Have a person's grant pay for one of their enrolments (commit money to it).
    FundEnrollment,
    /// Confirm (or refuse) a person's pending membership of an agency.
    ConfirmMembership,
    /// Write a module's units and lessons (distance content), and preview them.
    EditContent,
    /// Name the instructors who write a module's content.
    NameAuthors,
    /// Read a module's lessons through one's own enrolment, and mark them read (when the
    /// enrolment opens them: `learning::rules::content_access`).
    Study,
    /// Read a module's lessons without an enrolment: its authors, and the instructors of its
    /// offerings.
    ReadContent,
    /// See an offering's progress table (lessons read per trainee), its quiz results and
    /// knowledge gain.
    ReadProgress,
    /// Grade the essays of an offering's quiz attempts.
    GradeAnswers,
    /// Set when an offering opens and closes a quiz, and how many attempts it allows.
    ScheduleQuizzes,
    /// Take an offering's attendance (roll call, corrections, the check-in code), see its
    /// attendance sheet, and choose whether trainees may check themselves in.
    TakeAttendance,
    /// Check oneself in to a session with the code shown, and see one's own attendance.
    CheckIn,
    /// Write an offering's practical tests, observe its trainees against them, and release
    /// the results.
    Assess,
    /// See one's own released results.
    ReadOwnResults,
}

/// How the object relates to the caller.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relation {
    /// The caller's own record.
    Own,
    /// A person of the caller's agency.
    SameAgency,
    /// An offering the caller is assigned to teach ([`relation_to_offering`]), or a module
    /// with an offering they teach.
    TeachesOffering,
    /// A module the caller is named an author of (`module_authors`).
    AuthorsModule,
    /// Anyone (or anything) else.
    Other,
}

/// What a route or server function declares it needs, read by the route-inventory test. The
/// declaration says which rule the handler's service applies; the authorization matrix test
/// checks that it really does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not.
    Public,
    /// Whoever holds the secret in the address (a calendar feed's token).
    Token,
    /// Any signed-in person, on their own records.
    SignedIn,
    /// A signed-in person whom the policy allows this action (on the object the route names).
    Action(Action),
    /// A signed-in person whom the policy allows one of these actions, which one depending on
    /// the request (an application's move: endorse, decide or withdraw).
    AnyOf(&'static [Action]),
}

use Action::*;
use Relation::*;
use Role::*;

/// The rules: (action, role, the relations for which that role may do it).
pub const RULES: &[(Action, Role, &[Relation])] = &[
    (ReadProfile, Trainee, &[Own]),
    (ReadProfile, Instructor, &[Own]),
    (ReadProfile, Coordinator, &[Own, SameAgency]),
    (ReadProfile, Administrator, &[Own, SameAgency, Other]),
    (ListUsers, Coordinator, &[SameAgency]),
    (ListUsers, Administrator, &[Own, SameAgency, Other]),
    (ChangeRoles, Administrator, &[Own, SameAgency, Other]),
    (InviteUsers, Coordinator, &[SameAgency]),
    (InviteUsers, Administrator, &[SameAgency, Other]),
    (DeactivateUsers, Administrator, &[SameAgency, Other]),
    (ManageMail, Administrator, &[Other]),
    (EditCatalog, Administrator, &[Other]),
    (ManageAgencies, Administrator, &[Other]),
    (ChangeStanding, Coordinator, &[SameAgency]),
    (ChangeStanding, Administrator, &[SameAgency, Other]),
    (Nominate, Coordinator, &[SameAgency]),
    (ReadApplications, Trainee, &[Own]),
    (ReadApplications, Coordinator, &[Own, SameAgency]),
    (ReadApplications, Administrator, &[Own, SameAgency, Other]),
    // Nobody approves their own application: `Own` is left out on purpose (issue 17).
    (Endorse, Coordinator, &[SameAgency]),
    (Endorse, Administrator, &[SameAgency, Other]),
    (DecideApplication, Administrator, &[SameAgency, Other]),
    (ReadBudget, Administrator, &[Other]),
    (ReadAudit, Administrator, &[Other]),
    (Apply, Trainee, &[Own]),
    // The programme sees every roster; an instructor only those of offerings they teach.
    (ReadRoster, Instructor, &[TeachesOffering]),
    (ReadRoster, Administrator, &[TeachesOffering, Other]),
    // Everyone may withdraw what is their own (before the offering starts: `enrollment::rules`).
    (Withdraw, Trainee, &[Own]),
    (Withdraw, Instructor, &[Own]),
    (Withdraw, Coordinator, &[Own]),
    (Withdraw, Administrator, &[Own, SameAgency, Other]),
    (ManageScholarships, Administrator, &[Other]),
    (ApplyForScholarship, Trainee, &[Own]),
    // Nobody awards themself a scholarship or spends their own grant.
    (DecideScholarship, Administrator, &[SameAgency, Other]),
    (FundEnrollment, Administrator, &[SameAgency, Other]),
    // An agency's coordinator confirms its members; an administrator any agency's (those
    // without a coordinator). Nobody confirms their own membership.
    (ConfirmMembership, Coordinator, &[SameAgency]),
    (ConfirmMembership, Administrator, &[SameAgency, Other]),
    // Content is the programme's, written by administrators and the instructors they name.
    (EditContent, Instructor, &[AuthorsModule]),
    (
        EditContent,
        Administrator,
        &[AuthorsModule, TeachesOffering, Other],
    ),
    (
        NameAuthors,
        Administrator,
        &[AuthorsModule, TeachesOffering, Other],
    ),
    (Study, Trainee, &[Own]),
    (Study, Instructor, &[Own]),
    (Study, Coordinator, &[Own]),
    (Study, Administrator, &[Own]),
    (ReadContent, Instructor, &[AuthorsModule, TeachesOffering]),
    (
        ReadContent,
        Administrator,
        &[AuthorsModule, TeachesOffering, Other],
    ),
    (ReadProgress, Instructor, &[TeachesOffering]),
    (ReadProgress, Administrator, &[TeachesOffering, Other]),
    // An offering's instructors grade and schedule its quizzes; the programme any offering's.
    (GradeAnswers, Instructor, &[TeachesOffering]),
    (GradeAnswers, Administrator, &[TeachesOffering, Other]),
    (ScheduleQuizzes, Instructor, &[TeachesOffering]),
    (ScheduleQuizzes, Administrator, &[TeachesOffering, Other]),
    // An offering's instructors take its attendance; the programme any offering's.
    (TakeAttendance, Instructor, &[TeachesOffering]),
    (TakeAttendance, Administrator, &[TeachesOffering, Other]),
    // Nobody checks in for someone else: the code proves the person is in the room.
    (CheckIn, Trainee, &[Own]),
    (CheckIn, Instructor, &[Own]),
    (CheckIn, Coordinator, &[Own]),
    (CheckIn, Administrator, &[Own]),
    // An offering's instructors assess its trainees; the programme any offering's.
    (Assess, Instructor, &[TeachesOffering]),
    (Assess, Administrator, &[TeachesOffering, Other]),
    // Results are their trainee's alone (instructors see them through Assess).
    (ReadOwnResults, Trainee, &[Own]),
    (ReadOwnResults, Instructor, &[Own]),
    (ReadOwnResults, Coordinator, &[Own]),
    (ReadOwnResults, Administrator, &[Own]),
];

/// Whether a caller holding `roles` may do `action` to an object in `relation` to them.
pub fn allowed(roles: &[Role], action: Action, relation: Relation) -> bool {
    RULES.iter().any(|(a, role, relations)| {
        *a == action && roles.contains(role) && relations.contains(&relation)
    })
}

/// Whether `action` is refused *only* because the object is the caller's own: their roles let
/// them do it to others (a coordinator endorsing or nominating themself, an administrator
/// deciding their own application). Callers answer this with its own explanation rather than a
/// bare "forbidden".
pub fn refused_as_own(roles: &[Role], action: Action) -> bool {
    !allowed(roles, action, Own)
        && (allowed(roles, action, SameAgency) || allowed(roles, action, Other))
}

/// The relation of an offering to the caller: [`TeachesOffering`] when the caller is among its
/// instructors (`offering_instructors`), else [`Other`]. Pages pass the instructor ids they
/// already hold; services read them with `catalog::teaching::relation_to_offering`.
pub fn offering_relation(caller_id: i64, instructor_ids: &[i64]) -> Relation {
    if instructor_ids.contains(&caller_id) {
        TeachesOffering
    } else {
        Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authorization_table() {
        let cases: &[(&[Role], Action, Relation, bool)] = &[
            (&[Trainee], ReadProfile, Own, true),
            (&[Trainee], ReadProfile, SameAgency, false),
            (&[Trainee], ListUsers, Own, false),
            (&[Trainee], ChangeRoles, Own, false),
            (&[Instructor], ChangeRoles, Own, false),
            (&[Instructor], ChangeRoles, Other, false),
            (&[Instructor, Trainee], ListUsers, SameAgency, false),
            (&[Coordinator], ReadProfile, SameAgency, true),
            (&[Coordinator], ReadProfile, Other, false),
            (&[Coordinator], ListUsers, SameAgency, true),
            (&[Coordinator], ListUsers, Other, false),
            (&[Coordinator], ChangeRoles, SameAgency, false),
            (&[Administrator], ChangeRoles, Other, true),
            (&[Administrator], ChangeRoles, Own, true),
            (&[Administrator], ListUsers, Other, true),
            (&[], ReadProfile, Own, false),
            (&[Coordinator], InviteUsers, SameAgency, true),
            (&[Coordinator], InviteUsers, Other, false),
            (&[Instructor], InviteUsers, SameAgency, false),
            (&[Administrator], InviteUsers, Other, true),
            (&[Administrator], DeactivateUsers, Other, true),
            (&[Administrator], DeactivateUsers, Own, false),
            (&[Coordinator], DeactivateUsers, SameAgency, false),
            (&[Administrator], ManageMail, Other, true),
            (&[Administrator], EditCatalog, Other, true),
            (&[Administrator], ManageAgencies, Other, true),
            (
                &[Coordinator, Instructor, Trainee],
                ManageAgencies,
                Other,
                false,
            ),
            (&[Coordinator], ManageAgencies, SameAgency, false),
            (&[Coordinator], ChangeStanding, SameAgency, true),
            (&[Coordinator], ChangeStanding, Other, false),
            (&[Coordinator, Administrator], ChangeStanding, Own, false),
            (&[Administrator], ChangeStanding, Other, true),
            (&[Trainee, Instructor], ChangeStanding, SameAgency, false),
            (&[Instructor, Coordinator], EditCatalog, Other, false),
            (
                &[Coordinator, Instructor, Trainee],
                ManageMail,
                Other,
                false,
            ),
            (&[Coordinator], Nominate, SameAgency, true),
            (&[Coordinator], Nominate, Other, false),
            (&[Administrator, Trainee], Nominate, SameAgency, false),
            (&[Coordinator], ReadApplications, SameAgency, true),
            (&[Coordinator], ReadApplications, Other, false),
            (&[Trainee], ReadApplications, SameAgency, false),
            (&[Administrator], ReadApplications, Other, true),
            (&[Coordinator], Endorse, SameAgency, true),
            (&[Coordinator], Endorse, Own, false),
            (&[Coordinator], Endorse, Other, false),
            (&[Coordinator, Trainee], Endorse, Own, false),
            (&[Administrator], Endorse, Other, true),
            (&[Administrator], Endorse, Own, false),
            (&[Coordinator], DecideApplication, SameAgency, false),
            (&[Administrator], DecideApplication, SameAgency, true),
            (&[Administrator], DecideApplication, Own, false),
            (&[Coordinator, Trainee], Nominate, Own, false),
            (&[Administrator], ReadBudget, Other, true),
            (&[Coordinator], ReadBudget, Other, false),
            (&[Trainee], ReadBudget, Other, false),
            (&[Instructor], ReadBudget, Other, false),
            (&[Administrator], ReadAudit, Other, true),
            (&[Coordinator], ReadAudit, SameAgency, false),
            (&[Instructor, Trainee], ReadAudit, Other, false),
            (&[Trainee], Apply, Own, true),
            (&[Trainee], Apply, SameAgency, false),
            (&[Coordinator, Instructor, Administrator], Apply, Own, false),
            (&[Instructor], ReadRoster, TeachesOffering, true),
            (&[Instructor], ReadRoster, Other, false),
            (&[Trainee], ReadRoster, TeachesOffering, false),
            (&[Instructor], EditContent, AuthorsModule, true),
            (&[Instructor], EditContent, TeachesOffering, false),
            (&[Instructor], EditContent, Other, false),
            (&[Coordinator, Trainee], EditContent, AuthorsModule, false),
            (&[Administrator], EditContent, Other, true),
            (&[Instructor], NameAuthors, AuthorsModule, false),
            (&[Administrator], NameAuthors, Other, true),
            (&[Trainee], Study, Own, true),
            (&[Trainee], Study, SameAgency, false),
            (&[Instructor], Study, TeachesOffering, false),
            (&[Instructor], ReadContent, TeachesOffering, true),
            (&[Instructor], ReadContent, AuthorsModule, true),
            (&[Instructor], ReadContent, Other, false),
            (&[Trainee, Coordinator], ReadContent, Other, false),
            (&[Administrator], ReadContent, Other, true),
            (&[Instructor], ReadProgress, TeachesOffering, true),
            (&[Instructor], ReadProgress, Other, false),
            (&[Instructor], ReadProgress, AuthorsModule, false),
            (&[Coordinator], ReadProgress, SameAgency, false),
            (&[Administrator], ReadProgress, Other, true),
            (&[Coordinator], ReadRoster, Other, false),
            (&[Administrator], ReadRoster, Other, true),
            (&[Administrator], ReadRoster, TeachesOffering, true),
            (&[Trainee], Withdraw, Own, true),
            (&[Instructor], Withdraw, Own, true),
            (&[Trainee], Withdraw, SameAgency, false),
            (&[Coordinator], Withdraw, SameAgency, false),
            (&[Instructor], Withdraw, TeachesOffering, false),
            (&[Administrator], Withdraw, Other, true),
            (&[Administrator], ManageScholarships, Other, true),
            (
                &[Coordinator, Instructor, Trainee],
                ManageScholarships,
                Other,
                false,
            ),
            (&[Trainee], ApplyForScholarship, Own, true),
            (&[Coordinator], ApplyForScholarship, Own, false),
            (&[Trainee], ApplyForScholarship, SameAgency, false),
            (&[Administrator], DecideScholarship, Other, true),
            (&[Administrator, Trainee], DecideScholarship, Own, false),
            (&[Coordinator], DecideScholarship, SameAgency, false),
            (&[Administrator], FundEnrollment, SameAgency, true),
            (&[Administrator], FundEnrollment, Own, false),
            (&[Coordinator], FundEnrollment, SameAgency, false),
            (&[Coordinator], ConfirmMembership, SameAgency, true),
            (&[Coordinator], ConfirmMembership, Other, false),
            (&[Coordinator], ConfirmMembership, Own, false),
            (&[Administrator], ConfirmMembership, SameAgency, true),
            (&[Administrator], ConfirmMembership, Other, true),
            (&[Administrator], ConfirmMembership, Own, false),
            (&[Trainee, Instructor], ConfirmMembership, SameAgency, false),
            // Teaching an offering opens its roster and nothing else.
            (&[Instructor], EditCatalog, TeachesOffering, false),
            (&[Instructor], DecideApplication, TeachesOffering, false),
            (&[Instructor], TakeAttendance, TeachesOffering, true),
            (&[Instructor], TakeAttendance, Other, false),
            (&[Coordinator], TakeAttendance, SameAgency, false),
            (&[Trainee], TakeAttendance, Own, false),
            (&[Administrator], TakeAttendance, Other, true),
            (&[Trainee], CheckIn, Own, true),
            (&[Trainee], CheckIn, Other, false),
            (&[Administrator], CheckIn, Other, false),
            (&[Instructor], CheckIn, TeachesOffering, false),
            (&[Instructor], Assess, TeachesOffering, true),
            (&[Instructor], Assess, Other, false),
            (&[Trainee], Assess, Own, false),
            (&[Administrator], Assess, Other, true),
            (&[Trainee], ReadOwnResults, Own, true),
            (&[Instructor, Administrator], ReadOwnResults, Other, false),
        ];
        for (roles, action, relation, expected) in cases {
            assert_eq!(
                allowed(roles, *action, *relation),
                *expected,
                "{roles:?} {action:?} {relation:?}"
            );
        }
    }

    #[test]
    fn own_refusals_are_told_apart() {
        let cases: &[(&[Role], Action, bool)] = &[
            (&[Coordinator], Endorse, true),
            (&[Coordinator], Nominate, true),
            (&[Administrator], DecideApplication, true),
            (&[Trainee], Endorse, false),
            (&[Trainee], DecideApplication, false),
            (&[Coordinator], DecideApplication, false),
            (&[Trainee], ReadProfile, false),
            (&[Administrator], DecideScholarship, true),
            (&[Administrator], FundEnrollment, true),
            (&[Coordinator], ConfirmMembership, true),
            (&[Trainee], Withdraw, false),
        ];
        for (roles, action, expected) in cases {
            assert_eq!(
                refused_as_own(roles, *action),
                *expected,
                "{roles:?} {action:?}"
            );
        }
    }

    #[test]
    fn an_offering_is_taught_by_its_instructors_only() {
        assert_eq!(offering_relation(3, &[1, 3]), TeachesOffering);
        assert_eq!(offering_relation(2, &[1, 3]), Other);
        assert_eq!(offering_relation(2, &[]), Other);
    }
}

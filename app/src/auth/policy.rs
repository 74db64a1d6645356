//! Who may do what: the one table of authorization rules, read in one place.
//!
//! A rule grants an action to a role for objects in a given relation to the caller. Every
//! service checks [`allowed`] with the caller's roles *and* their relation to the object, so a
//! role alone never opens another person's records (compare Moodle CVE-2020-14321, where a
//! teacher could make themself manager).

use crate::accounts::Role;

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
    /// Nominate an officer for an offering (which endorses the nomination at once).
    Nominate,
    /// See a person's applications, decided or not (their history).
    ReadApplications,
}

/// How the object relates to the caller.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relation {
    /// The caller's own record.
    Own,
    /// A person of the caller's agency.
    SameAgency,
    /// Anyone else.
    Other,
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
    (Nominate, Coordinator, &[SameAgency]),
    (ReadApplications, Trainee, &[Own]),
    (ReadApplications, Coordinator, &[Own, SameAgency]),
    (ReadApplications, Administrator, &[Own, SameAgency, Other]),
];

/// Whether a caller holding `roles` may do `action` to an object in `relation` to them.
pub fn allowed(roles: &[Role], action: Action, relation: Relation) -> bool {
    RULES.iter().any(|(a, role, relations)| {
        *a == action && roles.contains(role) && relations.contains(&relation)
    })
}

/// The relation of a person (by id and agency) to the caller.
pub fn relation_to(
    caller_id: i64,
    caller_agency: &str,
    object_id: i64,
    object_agency: &str,
) -> Relation {
    if caller_id == object_id {
        Own
    } else if caller_agency
        .trim()
        .eq_ignore_ascii_case(object_agency.trim())
    {
        SameAgency
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
    fn relation_is_own_then_agency_then_other() {
        assert_eq!(relation_to(1, "PNP", 1, "Other"), Own);
        assert_eq!(
            relation_to(1, "Policía Nacional", 2, " policía nacional "),
            SameAgency
        );
        assert_eq!(relation_to(1, "PNP", 2, "PF"), Other);
    }
}

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

/// The relation of a person (by id, country and agency) to the caller. Two people share an
/// agency when they are of the same country and their agency names compare equal the one way
/// names are compared ([`crate::agencies::rules::name_key`]: NFC, case folding, spaces): the
/// same name in two countries is two agencies.
#[cfg(feature = "ssr")]
pub fn relation_to(
    caller_id: i64,
    caller_country: &str,
    caller_agency: &str,
    object_id: i64,
    object_country: &str,
    object_agency: &str,
) -> Relation {
    use crate::agencies::rules::name_key;
    if caller_id == object_id {
        Own
    } else if caller_country
        .trim()
        .eq_ignore_ascii_case(object_country.trim())
        && !name_key(caller_agency).is_empty()
        && name_key(caller_agency) == name_key(object_agency)
    {
        SameAgency
    } else {
        Other
    }
}

/// The relation of a person's account to the caller ([`relation_to`] on their id, country and
/// agency).
#[cfg(feature = "ssr")]
pub fn relation_of(caller: &crate::auth::CurrentUser, person: &entity::user::Model) -> Relation {
    relation_to(
        caller.id,
        &caller.country,
        &caller.agency,
        person.id,
        &person.country,
        &person.agency,
    )
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
    fn relation_is_own_then_agency_then_other() {
        let cases = [
            ((1, "PE", "PNP"), (1, "BR", "Other"), Own),
            (
                (1, "PE", "Policía Nacional"),
                (2, "pe", " POLICÍA  nacional "),
                SameAgency,
            ),
            (
                (1, "BR", "Polícia Federal"),
                (2, "BR", "Poli\u{301}cia Federal"),
                SameAgency,
            ),
            ((1, "PE", "PNP"), (2, "PE", "PF"), Other),
            // The same name in two countries is two agencies.
            (
                (1, "AR", "Ministerio del Interior"),
                (2, "UY", "Ministerio del Interior"),
                Other,
            ),
            ((1, "PE", ""), (2, "PE", ""), Other),
        ];
        for ((a, ac, an), (b, bc, bn), expected) in cases {
            assert_eq!(relation_to(a, ac, an, b, bc, bn), expected, "{an} / {bn}");
        }
    }
}

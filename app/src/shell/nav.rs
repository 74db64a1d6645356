//! The main navigation, as a table: each entry says which roles see it. Features add their
//! entries here; the table is the one place that decides what a role is offered.

use crate::accounts::Role;
use crate::i18n::Key;

/// One link in the main navigation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NavItem {
    /// Where it goes.
    pub href: &'static str,
    /// Its label.
    pub label: Key,
    /// Who sees it: `None` means everyone, signed in or not.
    pub roles: Option<&'static [Role]>,
}

/// Every navigation entry, in display order.
pub const NAV_ITEMS: &[NavItem] = &[
    NavItem {
        href: "/",
        label: Key::NavHome,
        roles: None,
    },
    NavItem {
        href: "/catalog",
        label: Key::NavCatalog,
        roles: None,
    },
    NavItem {
        href: "/my-learning",
        label: Key::EnrollmentMyLearning,
        roles: Some(&[Role::Trainee]),
    },
    NavItem {
        href: "/my-scholarships",
        label: Key::ScholarshipMine,
        roles: Some(&[Role::Trainee]),
    },
    NavItem {
        href: "/my-agency",
        label: Key::AgencyTitle,
        roles: Some(&[Role::Coordinator]),
    },
    NavItem {
        href: "/my-offerings",
        label: Key::NavMyOfferings,
        roles: Some(&[Role::Instructor]),
    },
    NavItem {
        href: "/my-content",
        label: Key::ContentNav,
        roles: Some(&[Role::Instructor]),
    },
    NavItem {
        href: "/grading",
        label: Key::GradingTitle,
        roles: Some(&[Role::Instructor]),
    },
    NavItem {
        href: "/profile",
        label: Key::NavProfile,
        roles: Some(&Role::ALL),
    },
    NavItem {
        href: "/admin/people",
        label: Key::NavPeople,
        roles: Some(&[Role::Coordinator, Role::Administrator]),
    },
    NavItem {
        href: "/memberships",
        label: Key::MembershipNav,
        roles: Some(&[Role::Coordinator, Role::Administrator]),
    },
    NavItem {
        href: "/admin/catalog",
        label: Key::NavAdminCatalog,
        roles: Some(&[Role::Administrator]),
    },
    NavItem {
        href: "/admin/scholarships",
        label: Key::ScholarshipAdminTitle,
        roles: Some(&[Role::Administrator]),
    },
    NavItem {
        href: "/admin/agencies",
        label: Key::AgenciesNav,
        roles: Some(&[Role::Administrator]),
    },
    NavItem {
        href: "/admin/mail",
        label: Key::NavMail,
        roles: Some(&[Role::Administrator]),
    },
    NavItem {
        href: "/admin/audit",
        label: Key::NavAudit,
        roles: Some(&[Role::Administrator]),
    },
];

/// The entries a person holding `roles` sees (no roles: a visitor who is not signed in).
pub fn visible_items(roles: &[Role]) -> Vec<NavItem> {
    NAV_ITEMS
        .iter()
        .filter(|item| match item.roles {
            None => true,
            Some(allowed) => allowed.iter().any(|r| roles.contains(r)),
        })
        .copied()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn everyone_sees_home_and_entries_are_unique() {
        for roles in [&[][..], &[Role::Trainee], &Role::ALL] {
            let items = visible_items(roles);
            assert!(items.iter().any(|i| i.href == "/"), "{roles:?} sees Home");
        }
        let mut hrefs: Vec<_> = NAV_ITEMS.iter().map(|i| i.href).collect();
        hrefs.sort();
        hrefs.dedup();
        assert_eq!(hrefs.len(), NAV_ITEMS.len(), "no link appears twice");
        let trainee: Vec<_> = visible_items(&[Role::Trainee])
            .iter()
            .map(|i| i.href)
            .collect();
        assert_eq!(
            trainee,
            [
                "/",
                "/catalog",
                "/my-learning",
                "/my-scholarships",
                "/profile"
            ],
            "a trainee sees their learning and is not offered administration"
        );
        let coordinator = visible_items(&[Role::Coordinator]);
        assert!(coordinator.iter().any(|i| i.href == "/admin/people"));
        assert_eq!(
            visible_items(&[]).len(),
            2,
            "a visitor sees Home and the catalog"
        );
    }
}

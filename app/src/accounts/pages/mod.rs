//! Account pages: registration, "My profile" (profile, password, signed-in devices), the
//! people administration page and the CSV import, one file per page.

mod import;
mod memberships;
mod people;
mod profile;
mod register;
mod verify;

pub use import::ImportPage;
pub use memberships::{MembershipsPage, MyMembership};
pub use people::PeoplePage;
pub use profile::ProfilePage;
pub use register::RegisterPage;
pub use verify::VerifyEmailPage;

use super::Role;
use crate::i18n::{I18n, Key, Locale};

pub(super) fn country_options(locale: Locale) -> Vec<(String, String)> {
    super::countries::options(locale)
}

pub(super) fn affiliation_options(i18n: I18n) -> Vec<(String, String)> {
    let locale = i18n.locale();
    vec![
        ("police".into(), locale.text(Key::AffiliationPolice).into()),
        (
            "civilian".into(),
            locale.text(Key::AffiliationCivilian).into(),
        ),
    ]
}

pub(super) fn gender_options(i18n: I18n) -> Vec<(String, String)> {
    let locale = i18n.locale();
    vec![
        ("female".into(), locale.text(Key::GenderFemale).into()),
        ("male".into(), locale.text(Key::GenderMale).into()),
        ("other".into(), locale.text(Key::GenderOther).into()),
    ]
}

pub(super) fn language_options() -> Vec<(String, String)> {
    Locale::ALL
        .into_iter()
        .map(|l| (l.code().to_string(), l.native_name().to_string()))
        .collect()
}

pub(super) fn role_label(role: Role) -> Key {
    match role {
        Role::Trainee => Key::RoleTrainee,
        Role::Instructor => Key::RoleInstructor,
        Role::Coordinator => Key::RoleCoordinator,
        Role::Administrator => Key::RoleAdministrator,
    }
}

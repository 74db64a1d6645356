//! How an object relates to the caller: the second half of every authorization question
//! ([`super::policy::allowed`]).

use super::policy::Relation;

/// The relation of a person (by account id and agency id) to the caller. Two people share an
/// agency when both belong to the same agency of the registry: agencies are rows, one per name
/// and country, so two spellings of one institution were merged into one id and the same name
/// in two countries is two ids. A person without an agency shares it with nobody.
pub fn relation_to(
    caller_id: i64,
    caller_agency: Option<i64>,
    object_id: i64,
    object_agency: Option<i64>,
) -> Relation {
    if caller_id == object_id {
        Relation::Own
    } else if caller_agency.is_some() && caller_agency == object_agency {
        Relation::SameAgency
    } else {
        Relation::Other
    }
}

/// The relation of a person's account to the caller ([`relation_to`] on their ids).
#[cfg(feature = "ssr")]
pub fn relation_of(caller: &crate::auth::CurrentUser, person: &entity::user::Model) -> Relation {
    relation_to(caller.id, caller.agency_id, person.id, person.agency_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Relation::*;

    #[test]
    fn relation_is_own_then_agency_then_other() {
        let cases = [
            ((1, Some(7)), (1, Some(8)), Own),
            ((1, None), (1, None), Own),
            ((1, Some(7)), (2, Some(7)), SameAgency),
            ((1, Some(7)), (2, Some(8)), Other),
            // Without an agency nobody is of one's agency, not even another person without one.
            ((1, None), (2, None), Other),
            ((1, Some(7)), (2, None), Other),
            ((1, None), (2, Some(7)), Other),
        ];
        for ((a, aa), (b, ba), expected) in cases {
            assert_eq!(
                relation_to(a, aa, b, ba),
                expected,
                "{a}:{aa:?} / {b}:{ba:?}"
            );
        }
    }
}

//! Cohort quotas without I/O: may this person take a seat, given who already holds one?
//!
//! Three optional rules, checked whenever a seat is granted (on application, on promotion from
//! the waiting list, on an administrator's decision):
//! - a minimum share of civilians (or of police): that many seats are held back for them until
//!   enrolment closes, then released to whoever waits;
//! - a maximum number of seats per agency;
//! - a maximum number of seats per country.

use super::dto::Quotas;

/// Who holds the seats now, counted for one applicant.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Cohort {
    /// The offering's seats.
    pub capacity: i32,
    /// Seats held now.
    pub seats_taken: i32,
    /// Seats held by people of the protected affiliation.
    pub protected_holders: i32,
    /// Seats held by people of the applicant's agency.
    pub same_agency: i32,
    /// Seats held by people of the applicant's country.
    pub same_country: i32,
}

/// Why a quota keeps a seat from someone. Each maps to a translated message and a stable code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuotaBlock {
    /// The remaining seats are held for the protected affiliation until enrolment closes.
    HeldForShare,
    /// The applicant's agency has reached its maximum.
    Agency,
    /// The applicant's country has reached its maximum.
    Country,
}

impl QuotaBlock {
    /// The code stored as the waitlisted enrolment's reason and sent to API clients.
    pub const fn code(self) -> &'static str {
        match self {
            Self::HeldForShare => "quota_share",
            Self::Agency => "quota_agency",
            Self::Country => "quota_country",
        }
    }
}

/// Seats the share rule holds for the protected affiliation.
pub fn reserved_seats(quotas: &Quotas, capacity: i32) -> i32 {
    quotas.reserved_seats(capacity)
}

/// Seats still held back now: reserved seats the protected affiliation has not yet filled,
/// while enrolment is open; none once it has closed.
pub fn held_seats(quotas: &Quotas, cohort: &Cohort, enrollment_closed: bool) -> i32 {
    if enrollment_closed {
        return 0;
    }
    (reserved_seats(quotas, cohort.capacity) - cohort.protected_holders).max(0)
}

/// May a person of `affiliation` take a seat? Does not check that a seat is free: the seat
/// counter does that, in the database.
pub fn seat_allowed(
    quotas: &Quotas,
    cohort: &Cohort,
    affiliation: &str,
    enrollment_closed: bool,
) -> Result<(), QuotaBlock> {
    if let Some(max) = quotas.max_per_agency
        && cohort.same_agency >= max
    {
        return Err(QuotaBlock::Agency);
    }
    if let Some(max) = quotas.max_per_country
        && cohort.same_country >= max
    {
        return Err(QuotaBlock::Country);
    }
    // A full offering with nothing held is simply full: that is the seat counter's answer,
    // not a quota's.
    let protected = quotas.affiliation.as_deref() == Some(affiliation);
    let held = held_seats(quotas, cohort, enrollment_closed);
    if !protected && held > 0 && cohort.seats_taken + held >= cohort.capacity {
        return Err(QuotaBlock::HeldForShare);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quotas(share: Option<(&str, i32)>, agency: Option<i32>, country: Option<i32>) -> Quotas {
        Quotas {
            affiliation: share.map(|(a, _)| a.to_string()),
            min_percent: share.map(|(_, p)| p),
            max_per_agency: agency,
            max_per_country: country,
        }
    }

    fn cohort(taken: i32, protected: i32, agency: i32, country: i32) -> Cohort {
        Cohort {
            capacity: 10,
            seats_taken: taken,
            protected_holders: protected,
            same_agency: agency,
            same_country: country,
        }
    }

    #[test]
    fn reserved_seats_round_up() {
        let cases = [
            (None, 10, 0),
            (Some(("civilian", 30)), 10, 3),
            (Some(("civilian", 25)), 10, 3),
            (Some(("civilian", 1)), 10, 1),
            (Some(("police", 100)), 10, 10),
            (Some(("civilian", 0)), 10, 0),
            (Some(("civilian", 50)), 1, 1),
        ];
        for (share, capacity, expected) in cases {
            assert_eq!(
                reserved_seats(&quotas(share, None, None), capacity),
                expected,
                "{share:?} of {capacity}"
            );
        }
    }

    #[test]
    fn seats_follow_every_quota() {
        use QuotaBlock::*;
        let share = Some(("civilian", 30)); // 3 of 10 held for civilians
        // (quotas, cohort, applicant's affiliation, enrolment closed, expected)
        type Case<'a> = (Quotas, Cohort, &'a str, bool, Result<(), QuotaBlock>);
        let cases: Vec<Case> = vec![
            // No quotas: always allowed (the seat counter decides about free seats).
            (
                quotas(None, None, None),
                cohort(9, 0, 9, 9),
                "police",
                false,
                Ok(()),
            ),
            // Share: police may fill 7 seats while civilians have none.
            (
                quotas(share, None, None),
                cohort(6, 0, 0, 0),
                "police",
                false,
                Ok(()),
            ),
            (
                quotas(share, None, None),
                cohort(7, 0, 0, 0),
                "police",
                false,
                Err(HeldForShare),
            ),
            // Civilians may always take the held seats.
            (
                quotas(share, None, None),
                cohort(7, 0, 0, 0),
                "civilian",
                false,
                Ok(()),
            ),
            // Two civilians hold seats, one seat is still held: police may fill seats until 9 of
            // 10 are taken, the tenth waits for a civilian.
            (
                quotas(share, None, None),
                cohort(9, 2, 0, 0),
                "police",
                false,
                Err(HeldForShare),
            ),
            (
                quotas(share, None, None),
                cohort(8, 2, 0, 0),
                "police",
                false,
                Ok(()),
            ),
            // The share is met: nothing is held.
            (
                quotas(share, None, None),
                cohort(9, 3, 0, 0),
                "police",
                false,
                Ok(()),
            ),
            // Full with the share met: no seat, but no quota to blame either.
            (
                quotas(share, None, None),
                cohort(10, 3, 0, 0),
                "police",
                false,
                Ok(()),
            ),
            // Enrolment closed: held seats are released.
            (
                quotas(share, None, None),
                cohort(7, 0, 0, 0),
                "police",
                true,
                Ok(()),
            ),
            // A police share works the same way for civilians.
            (
                quotas(Some(("police", 50)), None, None),
                cohort(5, 0, 0, 0),
                "civilian",
                false,
                Err(HeldForShare),
            ),
            // Per agency and per country.
            (
                quotas(None, Some(2), None),
                cohort(3, 0, 1, 0),
                "police",
                false,
                Ok(()),
            ),
            (
                quotas(None, Some(2), None),
                cohort(3, 0, 2, 0),
                "police",
                false,
                Err(Agency),
            ),
            (
                quotas(None, None, Some(4)),
                cohort(5, 0, 0, 4),
                "civilian",
                false,
                Err(Country),
            ),
            (
                quotas(None, None, Some(4)),
                cohort(5, 0, 0, 3),
                "civilian",
                false,
                Ok(()),
            ),
            // Agency and country caps hold after enrolment closes, and for protected people.
            (
                quotas(share, Some(1), None),
                cohort(2, 0, 1, 0),
                "civilian",
                true,
                Err(Agency),
            ),
            // The agency cap is reported before the country cap.
            (
                quotas(None, Some(1), Some(1)),
                cohort(2, 0, 1, 1),
                "police",
                false,
                Err(Agency),
            ),
        ];
        for (q, c, affiliation, closed, expected) in cases {
            assert_eq!(
                seat_allowed(&q, &c, affiliation, closed),
                expected,
                "{q:?} {c:?} {affiliation} closed={closed}"
            );
        }
    }
}

//! The codes of the scholarship money trail: where an application is, where a commitment is,
//! and what a ledger row records. The database checks each column against the same list.

code_enum!(
    /// Where a scholarship application is.
    ApplicationStatus {
        /// Waiting for a decision.
        Submitted => "submitted",
        /// Awarded: the person has a grant.
        Awarded => "awarded",
        /// Refused; final.
        Rejected => "rejected",
    }
);

code_enum!(
    /// Where the money a grant holds for one enrolment is.
    CommitmentStatus {
        /// Held for the enrolment.
        Committed => "committed",
        /// Given back to the grant: the enrolment ended without completion.
        Released => "released",
        /// Paid: the enrolment was completed.
        Spent => "spent",
    }
);

code_enum!(
    /// What one ledger row records.
    LedgerKind {
        /// An award taken from the programme's budget.
        Award => "award",
        /// Money a grant holds for an enrolment.
        Commit => "commit",
        /// A commitment given back to its grant.
        Release => "release",
        /// A commitment paid.
        Spend => "spend",
    }
);

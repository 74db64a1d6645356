//! The codes of assessments: what kind of item, and how a criterion was observed.

code_enum!(
    /// What kind of graded item.
    AssessmentKind {
        /// An observed practical test: a checklist filled during a scenario.
        Practical => "practical",
    }
);

code_enum!(
    /// How a criterion of a practical test was observed.
    CriterionMark {
        /// Done as required.
        Met => "met",
        /// Not done, or done wrongly.
        NotMet => "not_met",
        /// The scenario did not show it.
        NotObserved => "not_observed",
    }
);

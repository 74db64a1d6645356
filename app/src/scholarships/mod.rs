//! Modular scholarships: a funder's programme, applications and their review, grants valid for
//! every covered module, commitments per enrolment, and the budget ledger.

mod api;
pub mod codes;
pub mod dto;
mod pages;
#[cfg(feature = "ssr")]
pub mod rules;
#[cfg(feature = "ssr")]
pub mod service;

pub use api::{
    ApplyForScholarship, CreateScholarshipProgramme, DecideScholarship, FundEnrollment,
    admin_scholarships, apply_for_scholarship, create_scholarship_programme, decide_scholarship,
    fund_enrollment, my_scholarships, scholarship_budget,
};
pub use codes::{ApplicationStatus, CommitmentStatus, LedgerKind};
pub use dto::{
    Amount, Balances, BudgetPage, DecisionInput, GrantView, LedgerRow, ProgrammeTexts,
    ScholarshipApplicationView, ScholarshipProgrammeInput, ScholarshipProgrammeView,
    ScholarshipsOverview, TranslatedText,
};
pub use pages::{AdminScholarshipsPage, MyScholarshipsPage, ScholarshipBudgetPage};

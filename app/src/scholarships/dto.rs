//! Scholarship shapes shared by pages, server functions and the JSON API. Amounts travel as
//! decimal strings in the programme's currency ("1500.00"): exact, unlike binary floats.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::i18n::Locale;

/// What a scholarship may pay for.
pub const COVERS: [&str; 4] = ["tuition", "travel", "lodging", "per_diem"];

/// One of [`COVERS`]: the OpenAPI schema of what a scholarship may pay for.
#[cfg(feature = "ssr")]
pub struct Cover;

#[cfg(feature = "ssr")]
impl utoipa::PartialSchema for Cover {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::schema::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .enum_values(Some(COVERS))
            .into()
    }
}

#[cfg(feature = "ssr")]
impl utoipa::ToSchema for Cover {}

/// An amount as a client may send it: a JSON number (`1500`, `1500.5`) or a string
/// (`"1500.50"`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum Amount {
    /// A JSON number, kept as written.
    #[cfg_attr(feature = "ssr", schema(value_type = f64))]
    Number(serde_json::Number),
    /// A decimal string.
    Text(String),
}

impl Default for Amount {
    fn default() -> Self {
        Amount::Text(String::new())
    }
}

impl Amount {
    /// The amount as the text the person wrote.
    pub fn text(&self) -> String {
        match self {
            Amount::Number(n) => n.to_string(),
            Amount::Text(t) => t.trim().to_string(),
        }
    }
}

/// Cents as a decimal string: `150050` → `"1500.50"`.
pub fn format_cents(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.unsigned_abs();
    format!("{sign}{}.{:02}", cents / 100, cents % 100)
}

/// A text in several languages, kept as module titles are (language code → text). On input a
/// plain string is accepted too, as before: it is taken as the text in the primary language
/// (English), which readers of every language see until it is translated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum TranslatedText {
    /// `{"en": …, "es": …}`.
    ByLanguage(BTreeMap<String, String>),
    /// One text, for the primary language.
    Plain(String),
}

impl Default for TranslatedText {
    fn default() -> Self {
        TranslatedText::ByLanguage(BTreeMap::new())
    }
}

impl From<&str> for TranslatedText {
    fn from(text: &str) -> Self {
        TranslatedText::Plain(text.to_string())
    }
}

impl From<String> for TranslatedText {
    fn from(text: String) -> Self {
        TranslatedText::Plain(text)
    }
}

impl TranslatedText {
    /// Language code → text, a plain string under the primary language.
    pub fn by_language(&self) -> BTreeMap<String, String> {
        match self {
            TranslatedText::ByLanguage(texts) => texts.clone(),
            TranslatedText::Plain(text) => {
                BTreeMap::from([(Locale::default().code().to_string(), text.clone())])
            }
        }
    }
}

/// A programme's texts in every language it has them, for editing and for API clients.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ProgrammeTexts {
    /// Language → name.
    pub name: BTreeMap<String, String>,
    /// Language → funder.
    pub funder: BTreeMap<String, String>,
    /// Language → conditions.
    pub conditions: BTreeMap<String, String>,
}

/// A scholarship programme as an administrator creates it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ssr", schema(as = ScholarshipProgrammeInput))]
pub struct ScholarshipProgrammeInput {
    /// Name, e.g. "OAS scholarships for community policing 2027", by language.
    pub name: TranslatedText,
    /// Who pays, by language.
    pub funder: TranslatedText,
    /// ISO 4217 code, e.g. `USD`.
    #[cfg_attr(feature = "ssr", schema(pattern = "^[A-Za-z]{3}$"))]
    pub currency: String,
    /// Total budget.
    pub budget: Amount,
    /// Most one person may be awarded.
    pub per_person_max: Amount,
    /// What it pays for (at least one).
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(value_type = Vec<Cover>))]
    pub covers: Vec<String>,
    /// Modules it covers.
    #[serde(default)]
    pub covered_module_ids: Vec<i64>,
    /// Whole programmes it covers (their modules are added to the covered modules).
    #[serde(default)]
    pub covered_programme_ids: Vec<i64>,
    /// Countries whose people may apply (ISO 3166-1 alpha-2); empty: every country.
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(value_type = Vec<crate::accounts::countries::CountryCode>))]
    pub eligible_countries: Vec<String>,
    /// Police and/or civilians; empty: both.
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(value_type = Vec<crate::accounts::Affiliation>))]
    pub eligible_affiliations: Vec<String>,
    /// First day applications are accepted (ISO 8601).
    #[cfg_attr(feature = "ssr", schema(format = Date))]
    pub opens: String,
    /// Last day, not before the first.
    #[cfg_attr(feature = "ssr", schema(format = Date))]
    pub closes: String,
    /// Conditions the holder accepts, e.g. minimum attendance, by language.
    #[serde(default)]
    pub conditions: TranslatedText,
}

/// A covered module, by code and title.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CoveredModule {
    /// Id.
    pub id: i64,
    /// Code.
    pub code: String,
    /// Title in the reader's language.
    pub title: String,
}

/// A scholarship programme with its balances.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ssr", schema(as = ScholarshipProgramme))]
pub struct ScholarshipProgrammeView {
    /// Id.
    pub id: i64,
    /// Name, in the reader's language (or another when missing).
    pub name: String,
    /// Funder, in the reader's language (or another when missing).
    pub funder: String,
    /// Currency.
    pub currency: String,
    /// Most one person may be awarded.
    pub per_person_max: String,
    /// What it pays for.
    #[cfg_attr(feature = "ssr", schema(value_type = Vec<Cover>))]
    pub covers: Vec<String>,
    /// Covered modules.
    pub covered_module_ids: Vec<i64>,
    /// Covered modules, for display.
    pub covered_modules: Vec<CoveredModule>,
    /// Eligible countries (empty: all).
    pub eligible_countries: Vec<String>,
    /// Eligible affiliations (empty: both).
    pub eligible_affiliations: Vec<String>,
    /// Applications open (ISO 8601).
    pub opens: String,
    /// Applications close.
    pub closes: String,
    /// Conditions, in the reader's language (or another when missing).
    pub conditions: String,
    /// Name, funder and conditions in every language they are written in.
    pub translations: ProgrammeTexts,
    /// The money, for those the policy lets read budgets (administrators); absent for others,
    /// in JSON too.
    #[serde(flatten)]
    pub balances: Option<Balances>,
}

/// A scholarship programme's budget and where it went.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Balances {
    /// Total budget.
    pub budget: String,
    /// Sum of grants awarded.
    pub awarded: String,
    /// Committed to enrolments.
    pub committed: String,
    /// Spent on completed enrolments.
    pub spent: String,
    /// Budget not yet awarded: `budget − awarded`.
    pub remaining: String,
    /// Applications waiting for a decision.
    pub pending_applications: i64,
}

/// An application, as the review queue and its author see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ssr", schema(as = ScholarshipApplication))]
pub struct ScholarshipApplicationView {
    /// Id.
    pub id: i64,
    /// The programme.
    pub programme_id: i64,
    /// The programme's name.
    pub programme_name: String,
    /// The applicant.
    pub user_id: i64,
    /// Name.
    pub full_name: String,
    /// Agency.
    pub agency: String,
    /// Country.
    pub country: String,
    /// `police` or `civilian`.
    pub affiliation: String,
    /// Why they apply.
    pub statement: String,
    /// `submitted`, `awarded` or `rejected`.
    #[cfg_attr(feature = "ssr", schema(pattern = "^(submitted|awarded|rejected)$"))]
    pub status: String,
    /// Reviewer's score, 0–100.
    pub score: Option<i32>,
    /// Reviewer's comment.
    pub comment: Option<String>,
    /// Amount awarded, if awarded.
    pub awarded: Option<String>,
    /// When it was sent (RFC 3339).
    pub created_at: String,
}

/// An administrator's decision on a scholarship application.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ssr", schema(as = ScholarshipDecision))]
pub struct DecisionInput {
    /// `award` or `reject`.
    #[cfg_attr(feature = "ssr", schema(pattern = "^(award|reject)$"))]
    pub decision: String,
    /// The amount, for an award.
    #[serde(default)]
    pub amount: Option<Amount>,
    /// Reviewer's score, 0–100.
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(minimum = 0, maximum = 100))]
    pub score: Option<i32>,
    /// Reviewer's comment (sent to the applicant with a rejection).
    #[serde(default)]
    pub comment: String,
}

/// Money a grant has set aside for an enrolment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ssr", schema(as = Commitment))]
pub struct CommitmentView {
    /// Id.
    pub id: i64,
    /// The enrolment.
    pub enrollment_id: i64,
    /// The module's code.
    pub module_code: String,
    /// Amount.
    pub amount: String,
    /// `committed`, `released` or `spent`.
    pub status: String,
}

/// A grant, as its holder sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantView {
    /// Id.
    pub id: i64,
    /// The programme.
    pub programme_id: i64,
    /// The programme's name.
    pub programme_name: String,
    /// Currency.
    pub currency: String,
    /// Amount awarded.
    pub amount: String,
    /// Committed to enrolments.
    pub committed: String,
    /// Spent.
    pub spent: String,
    /// Still available: `amount − committed − spent`.
    pub available: String,
    /// Modules it may pay for.
    pub covered_modules: Vec<CoveredModule>,
    /// Its commitments.
    pub commitments: Vec<CommitmentView>,
}

/// One ledger row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerRow {
    /// Id (the ledger's order).
    pub id: i64,
    /// When (RFC 3339).
    pub at: String,
    /// `award`, `commit`, `release` or `spend`.
    pub kind: String,
    /// Amount.
    pub amount: String,
    /// Who: a name, or empty for the system.
    pub actor: String,
    /// The grant concerned.
    pub grant_id: Option<i64>,
    /// The enrolment concerned.
    pub enrollment_id: Option<i64>,
    /// Why.
    pub reason: String,
}

/// An administrator's budget page: the programme, its review queue, and its ledger.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetPage {
    /// The programme and its balances.
    pub programme: ScholarshipProgrammeView,
    /// Every application, those awaiting a decision first.
    pub applications: Vec<ScholarshipApplicationView>,
    /// Every movement, oldest first.
    pub ledger: Vec<LedgerRow>,
}

/// A trainee's scholarships page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScholarshipsOverview {
    /// Programmes open now that the person may apply to and has not.
    pub open: Vec<ScholarshipProgrammeView>,
    /// Their applications.
    pub applications: Vec<ScholarshipApplicationView>,
    /// Their grants.
    pub grants: Vec<GrantView>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cents_format_with_two_decimals() {
        for (cents, text) in [
            (0, "0.00"),
            (5, "0.05"),
            (150050, "1500.50"),
            (-250, "-2.50"),
        ] {
            assert_eq!(format_cents(cents), text);
        }
    }
}

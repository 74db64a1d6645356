//! Scholarships over the database: programmes (`programmes`), applications (`applications`),
//! awards, commitments and the budget they move (`money`), and what people read (`reports`).
//!
//! Budget safety under concurrency comes from the database. Every change of a balance is a
//! conditional update (`… SET awarded = awarded + x WHERE awarded + x <= budget`), which on
//! PostgreSQL waits for the row lock and re-checks its condition against the committed row, and
//! on SQLite runs inside an IMMEDIATE transaction. CHECK constraints back it up: even a bug here
//! could not store a negative balance. Every movement is also written to the append-only
//! ledger, in the same transaction, so the ledger always sums to the balances.

use std::collections::BTreeMap;

use chrono::Utc;
use entity::{
    enrollment, grant, grant_commitment, module, offering, programme_module,
    scholarship_application, scholarship_ledger, scholarship_module, scholarship_programme, user,
};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, QueryFilter, QueryOrder, Set,
};

use super::codes::{ApplicationStatus, CommitmentStatus, LedgerKind};
use super::dto::{
    Balances, BudgetPage, CommitmentView, CoveredModule, DecisionInput, GrantView, LedgerRow,
    ProgrammeTexts, ScholarshipApplicationView, ScholarshipProgrammeInput,
    ScholarshipProgrammeView, ScholarshipsOverview, format_cents,
};
use super::rules::{CannotApply, may_apply, parse_cents};
use crate::auth::CurrentUser;
use crate::auth::policy::{Action, Relation, allowed, relation_of};
use crate::catalog::pick;
use crate::db::begin_write;
use crate::error::{DomainError, FieldError};
use crate::i18n::{Key, Locale};
use crate::mail::{OutgoingMail, enqueue};
use crate::site::Site;

mod applications;
mod money;
mod programmes;
mod reports;

pub use applications::apply;
pub use money::{Settlement, commit, decide, funding_for_offering, settle};
pub use programmes::{create_programme, get_programme, list_programmes};
pub use reports::{budget_page, ledger_csv, my_scholarships};

/// Refuses callers whose roles never allow `action`, before anything is read: they learn
/// nothing about which programmes, applications or enrolments exist.
fn may_ever(caller: &CurrentUser, action: Action) -> Result<(), DomainError> {
    let relations = [Relation::Own, Relation::SameAgency, Relation::Other];
    if relations.iter().any(|r| allowed(&caller.roles, action, *r)) {
        Ok(())
    } else {
        Err(DomainError::Forbidden)
    }
}

/// Refuses `action` on the records of the person `person_id` unless the policy allows it in
/// their relation to the caller. One's own is refused with `own` as the explanation: nobody
/// awards themself a scholarship or spends their own grant.
async fn may_act_on<C: ConnectionTrait>(
    conn: &C,
    caller: &CurrentUser,
    action: Action,
    person_id: i64,
    own: Key,
) -> Result<(), DomainError> {
    let person = user::Entity::find_by_id(person_id)
        .one(conn)
        .await?
        .ok_or(DomainError::NotFound)?;
    let relation = relation_of(caller, &person);
    if allowed(&caller.roles, action, relation) {
        Ok(())
    } else if relation == Relation::Own {
        Err(DomainError::Denied(own))
    } else {
        Err(DomainError::Forbidden)
    }
}

fn list(json: &str) -> Vec<String> {
    serde_json::from_str(json).unwrap_or_default()
}

/// A stored text by language (name, funder, conditions: JSON like module titles).
fn texts(json: &str) -> BTreeMap<String, String> {
    crate::i18n::Texts::from_stored(json).into_map()
}

/// A programme's name in `locale`, or in another language when it has none in that one.
fn name_in(p: &scholarship_programme::Model, locale: Locale) -> String {
    pick(&texts(&p.name), locale)
}

/// The language a person reads.
fn locale_of(person: &user::Model) -> Locale {
    Locale::from_code(&person.preferred_language).unwrap_or_default()
}

async fn covered_modules<C: ConnectionTrait>(
    conn: &C,
    programme_id: i64,
    locale: Locale,
) -> Result<Vec<CoveredModule>, DomainError> {
    let ids: Vec<i64> = scholarship_module::Entity::find()
        .filter(scholarship_module::Column::ProgrammeId.eq(programme_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|m| m.module_id)
        .collect();
    let mut modules: Vec<CoveredModule> = module::Entity::find()
        .filter(module::Column::Id.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|m| CoveredModule {
            id: m.id,
            title: crate::i18n::Texts::from_stored(&m.title).pick(locale),
            code: m.code,
        })
        .collect();
    modules.sort_by(|a, b| a.code.cmp(&b.code));
    Ok(modules)
}

/// Whether `caller` may read budgets and balances (the policy's `ReadBudget`).
fn reads_budgets(caller: &CurrentUser) -> bool {
    allowed(&caller.roles, Action::ReadBudget, Relation::Other)
}

/// Refuses callers the policy does not let read budgets.
fn budget_reader(caller: &CurrentUser) -> Result<(), DomainError> {
    if reads_budgets(caller) {
        Ok(())
    } else {
        Err(DomainError::Forbidden)
    }
}

/// A programme as `caller` may see it: its balances only for those who read budgets.
async fn programme_view<C: ConnectionTrait>(
    conn: &C,
    p: scholarship_programme::Model,
    caller: &CurrentUser,
    locale: Locale,
) -> Result<ScholarshipProgrammeView, DomainError> {
    let covered = covered_modules(conn, p.id, locale).await?;
    let balances = if reads_budgets(caller) {
        let pending = scholarship_application::Entity::find()
            .filter(scholarship_application::Column::ProgrammeId.eq(p.id))
            .filter(scholarship_application::Column::Status.eq(ApplicationStatus::Submitted.code()))
            .all(conn)
            .await?
            .len() as i64;
        Some(Balances {
            budget: format_cents(p.budget),
            awarded: format_cents(p.awarded),
            committed: format_cents(p.committed),
            spent: format_cents(p.spent),
            remaining: format_cents(p.budget - p.awarded),
            pending_applications: pending,
        })
    } else {
        None
    };
    let translations = ProgrammeTexts {
        name: texts(&p.name),
        funder: texts(&p.funder),
        conditions: texts(&p.conditions),
    };
    Ok(ScholarshipProgrammeView {
        id: p.id,
        name: pick(&translations.name, locale),
        funder: pick(&translations.funder, locale),
        currency: p.currency,
        per_person_max: format_cents(p.per_person_max),
        covers: list(&p.covers),
        covered_module_ids: covered.iter().map(|m| m.id).collect(),
        covered_modules: covered,
        eligible_countries: list(&p.eligible_countries),
        eligible_affiliations: list(&p.eligible_affiliations),
        opens: p.opens.format("%Y-%m-%d").to_string(),
        closes: p.closes.format("%Y-%m-%d").to_string(),
        conditions: pick(&translations.conditions, locale),
        translations,
        balances,
    })
}

fn application_view(
    a: &scholarship_application::Model,
    programme_name: &str,
    person: Option<&user::Model>,
    awarded: Option<i64>,
) -> ScholarshipApplicationView {
    ScholarshipApplicationView {
        id: a.id,
        programme_id: a.programme_id,
        programme_name: programme_name.to_string(),
        user_id: a.user_id,
        full_name: person.map(|p| p.full_name.clone()).unwrap_or_default(),
        agency: person.map(|p| p.agency.clone()).unwrap_or_default(),
        country: person.map(|p| p.country.clone()).unwrap_or_default(),
        affiliation: person.map(|p| p.affiliation.clone()).unwrap_or_default(),
        statement: a.statement.clone(),
        status: a.status.clone(),
        score: a.score,
        comment: a.comment.clone(),
        awarded: awarded.map(format_cents),
        created_at: a.created_at.to_rfc3339(),
    }
}

async fn mail(
    txn: &DatabaseTransaction,
    site: &Site,
    person: &user::Model,
    (subject, body): (Key, Key),
    args: &[(&str, &str)],
) -> Result<(), DomainError> {
    let locale = Locale::from_code(&person.preferred_language).unwrap_or_default();
    let link = site.link("/my-scholarships");
    let mut all: Vec<(&str, &str)> = vec![("name", &person.full_name), ("link", &link)];
    all.extend_from_slice(args);
    enqueue(
        txn,
        OutgoingMail {
            to: person.email.clone(),
            subject: locale.format(subject, &all),
            body_text: locale.format(body, &all),
        },
    )
    .await?;
    Ok(())
}

async fn offering_code<C: ConnectionTrait>(
    conn: &C,
    offering_id: i64,
) -> Result<String, DomainError> {
    let Some(o) = offering::Entity::find_by_id(offering_id).one(conn).await? else {
        return Ok(String::new());
    };
    Ok(module::Entity::find_by_id(o.module_id)
        .one(conn)
        .await?
        .map(|m| m.code)
        .unwrap_or_default())
}

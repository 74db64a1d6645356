//! Catalog search: published modules matching words and filters, ordered by their next
//! upcoming offering (modules with none come last, by code), a page at a time.
//!
//! The cost of a search must not grow with the size of the catalog. Words are looked up in a
//! full-text index (migration 0008: FTS5 on SQLite, a GIN-indexed `tsvector` on PostgreSQL),
//! and the order is found one of three ways, all read from indexes:
//!
//! - **by next start**, the usual way: each module carries the start date and id of its first
//!   upcoming offering, kept by the database (migration 0012), and the index on those two
//!   columns is walked in order until the page is full. One statement gives the page with
//!   everything a result card shows. It cannot serve a language, country or seats filter,
//!   which changes which offering is a module's next one, nor the minutes after midnight (UTC) before
//!   the periodic job has moved past dates on ([`refresh_past_next_starts`]).
//! - **by module**: for each matching module, the first of its upcoming offerings, one index
//!   seek each. Cheap when few modules match.
//! - **by offering**: walk upcoming offerings in date order and keep each module's first one,
//!   stopping once the page is full. Cheap when many modules match, and for browsing with no
//!   words at all, where the by-module way would touch every module.
//!
//! All give the same order: next start date (on the same day, the offering created first),
//! then, for modules without an upcoming offering, code.
//!
//! On SQLite a search with words and an offering filter is ranked by offering, counted in the
//! same statement: both read the full-text index's matches from one materialized table.
//!
//! The steps, one file each: the query is parsed into [`Filters`](filters::Filters)
//! (`filters`), the matches are counted and the way to rank them chosen (`plan`), then one
//! ranking fills the page (`next_start`, or `offerings` by module or by offering) and the
//! result cards are read (`cards`).

use chrono::NaiveDate;
use entity::{module, module_topic, offering};
use sea_orm::sea_query::{
    Alias, Cond, Expr, ExprTrait, Func, NullOrdering, Order, Query, SelectStatement,
};
use sea_orm::{
    Condition, ConnectionTrait, DatabaseBackend, DatabaseConnection, FromQueryResult, Statement,
};
use std::collections::HashMap;

use super::dto::{ModuleCard, ModulePage, ModuleQuery, pick};
use super::rules::{Audience, DeliveryMode, OfferingStatus};
use super::service::json_map;
use crate::error::DomainError;
use crate::i18n::Locale;

mod cards;
mod filters;
mod next_start;
mod offerings;
mod plan;

use cards::{CardRow, Ranked, card_select, cards_of};
use filters::Filters;
use plan::{Plan, count, plan};

pub use next_start::refresh_past_next_starts;

/// How the order of the results is found; all give the same results.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ranking {
    /// Chosen from the filters and the number of matches.
    Auto,
    /// The modules' own next start date, when it can serve the search (else as `Auto`).
    ByNextStart,
    /// First upcoming offering of each matching module.
    ByModule,
    /// Upcoming offerings in date order, first one of each module.
    ByOffering,
}

/// The words of a search as the full-text index splits text: lower case, accents removed,
/// letters and digits only (anything else separates words), at most eight.
pub fn search_words(q: &str) -> Vec<String> {
    super::service::fold(q)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(8)
        .map(str::to_string)
        .collect()
}

/// The condition "the module's search text has a word starting with each of the words", for
/// the engine's own full-text index. On SQLite the index also holds each module's mode and
/// audience (migration 0023), and the condition includes those filters. With `drive` false,
/// SQLite is kept from starting from the list of matches (so that it walks an index in the
/// wanted order instead).
fn words_match(backend: DatabaseBackend, filters: &Filters, drive: bool) -> Expr {
    if backend == DatabaseBackend::Postgres {
        let query = filters
            .words
            .iter()
            .map(|w| format!("{w}:*"))
            .collect::<Vec<_>>()
            .join(" & ");
        Expr::cust_with_values(
            r#""modules"."search_vector" @@ to_tsquery('simple', $1)"#,
            [query],
        )
    } else {
        let id = if drive { "" } else { "+" };
        Expr::cust_with_values(
            format!(
                r#"{id}"modules"."id" IN (SELECT rowid FROM module_search WHERE module_search MATCH ?)"#
            ),
            [fts_query(filters)],
        )
    }
}

/// The FTS5 query for the words of `filters`, and their mode and audience (migration 0023):
/// each word quoted, so that none is read as an operator, and matched as a word prefix in the
/// search text only; the filters as whole words of the facets column.
fn fts_query(filters: &Filters) -> String {
    let mut parts: Vec<String> = filters
        .words
        .iter()
        .map(|w| format!("search_text : \"{}\"*", w.replace('"', "")))
        .collect();
    if let Some(mode) = filters.mode {
        parts.push(format!("facets : \"mode{}\"", mode.code()));
    }
    if let Some(audience) = filters.audience {
        // A module for both audiences suits either.
        parts.push(format!(
            "(facets : \"audience{}\" OR facets : \"audience{}\")",
            audience.code(),
            Audience::Both.code()
        ));
    }
    parts.join(" AND ")
}

/// `'published'`, written into the statement instead of bound. PostgreSQL can only use the
/// partial full-text index (migration 0013) when it can see the value at planning time. SQLite,
/// with the statistics of `ANALYZE`, prepares again any statement whose bound value it used
/// to choose an index, on every execution: a fifth of the cost of the count.
fn published() -> Expr {
    literal("published")
}

/// `code` as an SQL string literal; only for codes of our own (statuses, locales), never input.
fn literal(code: &'static str) -> Expr {
    debug_assert!(code.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
    Expr::cust(format!("'{code}'"))
}

/// A day written into the statement, for the same reason as [`published`] (a date from
/// `chrono`, never from input).
fn day(date: NaiveDate) -> Expr {
    Expr::cust(format!("'{}'", date.format("%Y-%m-%d")))
}

/// Searches the published modules. See the module documentation for how.
pub async fn search_modules(
    db: &DatabaseConnection,
    query: &ModuleQuery,
    locale: Locale,
    today: NaiveDate,
) -> Result<ModulePage, DomainError> {
    search_modules_ranked(db, query, locale, Ranking::Auto, today).await
}

/// [`search_modules`], choosing how to rank (the tests check that every way agrees).
pub async fn search_modules_ranked(
    db: &DatabaseConnection,
    query: &ModuleQuery,
    locale: Locale,
    ranking: Ranking,
    today: NaiveDate,
) -> Result<ModulePage, DomainError> {
    let filters = Filters::parse(query, today);
    if db.get_database_backend() == DatabaseBackend::Sqlite
        && !filters.words.is_empty()
        && filters.offering_filtered()
        && matches!(ranking, Ranking::Auto | Ranking::ByOffering)
        && let Some((total, ranked)) = offerings::by_offering_counted(db, &filters).await?
    {
        return Ok(ModulePage {
            items: cards_of(db, locale, ranked).await?,
            total,
            page: filters.page,
            per_page: filters.per_page,
        });
    }
    let (total, plan) = plan(db, &filters, ranking).await?;
    let items = match plan {
        None => Vec::new(),
        Some(Plan::WalkNextStart { from_matches }) => {
            next_start::by_next_start(db, &filters, locale, from_matches).await?
        }
        Some(Plan::EachModule) => {
            cards_of(db, locale, offerings::by_module(db, &filters).await?).await?
        }
        Some(Plan::WalkOfferings) => {
            cards_of(db, locale, offerings::by_offering(db, &filters).await?).await?
        }
    };
    Ok(ModulePage {
        items,
        total,
        page: filters.page,
        per_page: filters.per_page,
    })
}

/// The rows of `select`, as `T`.
async fn fetch<T: FromQueryResult>(
    db: &DatabaseConnection,
    select: SelectStatement,
) -> Result<Vec<T>, DomainError> {
    Ok(
        T::find_by_statement(db.get_database_backend().build(&select))
            .all(db)
            .await?,
    )
}

#[cfg(test)]
mod tests {
    use super::search_words;

    #[test]
    fn search_words_split_as_the_index_does() {
        let cases: &[(&str, &[&str])] = &[
            ("", &[]),
            ("  ", &[]),
            ("Fuerza", &["fuerza"]),
            ("VIOLENCIA género", &["violencia", "genero"]),
            ("PICAP-HR-101", &["picap", "hr", "101"]),
            ("l'usage de la force", &["l", "usage", "de", "la", "force"]),
            ("\"fuerza\" OR *", &["fuerza", "or"]),
            ("a:* & b | !c", &["a", "b", "c"]),
            (
                "uno dos tres cuatro cinco seis siete ocho nueve",
                &[
                    "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho",
                ],
            ),
        ];
        for (q, words) in cases {
            assert_eq!(search_words(q), *words, "{q}");
        }
    }

    #[test]
    fn the_index_query_keeps_words_in_the_text_and_filters_in_the_facets() {
        use super::{ModuleQuery, filters::Filters, fts_query};
        let query = |q: &str, mode: Option<&str>, audience: Option<&str>| ModuleQuery {
            q: Some(q.to_string()),
            mode: mode.map(str::to_string),
            audience: audience.map(str::to_string),
            ..ModuleQuery::default()
        };
        let cases: &[(ModuleQuery, &str)] = &[
            (query("fuerza", None, None), r#"search_text : "fuerza"*"#),
            (
                query("Violencia género", Some("blended"), None),
                r#"search_text : "violencia"* AND search_text : "genero"* AND facets : "modeblended""#,
            ),
            (
                query("modeonsite", None, Some("police")),
                r#"search_text : "modeonsite"* AND (facets : "audiencepolice" OR facets : "audienceboth")"#,
            ),
            // Unknown codes filter nothing, as everywhere in the search.
            (
                query("fuerza", Some("online"), Some("everyone")),
                r#"search_text : "fuerza"*"#,
            ),
        ];
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default();
        for (q, expected) in cases {
            assert_eq!(fts_query(&Filters::parse(q, today)), *expected, "{q:?}");
        }
    }
}

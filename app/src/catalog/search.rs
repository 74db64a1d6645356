//! Catalog search: published modules matching words and filters, ordered by their next
//! upcoming offering (modules with none come last, by code), a page at a time.
//!
//! The cost of a search must not grow with the size of the catalog. Words are looked up in a
//! full-text index (migration 0008: FTS5 on SQLite, a GIN-indexed `tsvector` on PostgreSQL), and the order is
//! found one of two ways, both read from indexes:
//!
//! - **by module**: for each matching module, the first of its upcoming offerings, one index
//!   seek each. Cheap when few modules match.
//! - **by offering**: walk upcoming offerings in date order and keep each module's first one,
//!   stopping once the page is full. Cheap when many modules match, and for browsing with no
//!   words at all, where the by-module way would touch every module.
//!
//! Both give the same order: next start date (on the same day, the offering created first),
//! then, for modules without an upcoming offering, code.

use chrono::{NaiveDate, Utc};
use entity::{module, module_topic, offering, topic};
use sea_orm::sea_query::{
    Alias, Cond, Expr, ExprTrait, Func, NullOrdering, Order, Query, SelectStatement,
};
use sea_orm::{
    ColumnTrait, Condition, DatabaseBackend, DatabaseConnection, EntityTrait, FromQueryResult,
    QueryFilter,
};
use std::collections::HashMap;

use super::dto::{ModuleCard, ModulePage, ModuleQuery, pick};
use super::rules::{Audience, DeliveryMode, OfferingStatus};
use super::service::{fold, json_map, topic_name};
use crate::error::DomainError;
use crate::i18n::Locale;

/// Up to this many matching modules, the by-module way is the cheaper one.
const FEW_MATCHES: u64 = 200;

/// How the order of the results is found; both give the same results.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ranking {
    /// Chosen from the number of matches.
    Auto,
    /// First upcoming offering of each matching module.
    ByModule,
    /// Upcoming offerings in date order, first one of each module.
    ByOffering,
}

/// The words of a search as the full-text index splits text: lower case, accents removed,
/// letters and digits only (anything else separates words), at most eight.
pub fn search_words(q: &str) -> Vec<String> {
    fold(q)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(8)
        .map(str::to_string)
        .collect()
}

/// The condition "the module's search text has a word starting with each of `words`", for the
/// engine's own full-text index.
fn words_match(backend: DatabaseBackend, words: &[String]) -> Expr {
    if backend == DatabaseBackend::Postgres {
        let query = words
            .iter()
            .map(|w| format!("{w}:*"))
            .collect::<Vec<_>>()
            .join(" & ");
        Expr::cust_with_values(
            r#""modules"."search_vector" @@ to_tsquery('simple', $1)"#,
            [query],
        )
    } else {
        // Quoted, so that no word is read as an FTS5 operator.
        let query = words
            .iter()
            .map(|w| format!("\"{}\"*", w.replace('"', "")))
            .collect::<Vec<_>>()
            .join(" AND ");
        Expr::cust_with_values(
            r#""modules"."id" IN (SELECT rowid FROM module_search WHERE module_search MATCH ?)"#,
            [query],
        )
    }
}

/// Searches the published modules. See the module documentation for how.
pub async fn search_modules(
    db: &DatabaseConnection,
    query: &ModuleQuery,
    locale: Locale,
) -> Result<ModulePage, DomainError> {
    search_modules_ranked(db, query, locale, Ranking::Auto).await
}

/// [`search_modules`], choosing how to rank (the tests check that both ways agree).
pub async fn search_modules_ranked(
    db: &DatabaseConnection,
    query: &ModuleQuery,
    locale: Locale,
    ranking: Ranking,
) -> Result<ModulePage, DomainError> {
    let backend = db.get_database_backend();
    let today = Utc::now().date_naive();
    let per_page = query.per_page.unwrap_or(20).clamp(1, 100);
    let page = std::cmp::max(query.page.unwrap_or(1), 1);
    let offset = (page - 1).saturating_mul(per_page);
    let words = search_words(query.q.as_deref().unwrap_or_default());

    let language = query.language.as_deref().and_then(Locale::from_code);
    let country = query
        .country
        .as_deref()
        .map(|c| c.trim().to_uppercase())
        .filter(|c| !c.is_empty());
    // Upcoming published offerings (under `alias`), narrowed by the offering filters.
    let upcoming = |alias: &str| -> Condition {
        let col = |c: offering::Column| Expr::col((Alias::new(alias), c));
        Cond::all()
            .add(col(offering::Column::Status).eq(OfferingStatus::Published.code()))
            .add(col(offering::Column::StartsOn).gte(today))
            .add_option(language.map(|l| col(offering::Column::Language).eq(l.code())))
            .add_option(
                country
                    .clone()
                    .map(|c| col(offering::Column::Country).eq(c)),
            )
    };
    let of_the_module = |alias: &str| {
        upcoming(alias).add(
            Expr::col((Alias::new(alias), offering::Column::ModuleId))
                .equals((module::Entity, module::Column::Id)),
        )
    };
    let has_upcoming = || {
        Expr::exists(
            Query::select()
                .expr(Expr::val(1))
                .from_as(offering::Entity, Alias::new("u"))
                .cond_where(of_the_module("u"))
                .to_owned(),
        )
    };
    let offering_filtered = language.is_some() || country.is_some() || query.upcoming == Some(true);

    // What the module itself must be.
    let m = |c: module::Column| Expr::col((module::Entity, c));
    let mut wanted = Cond::all().add(m(module::Column::Status).eq("published"));
    if !words.is_empty() {
        wanted = wanted.add(words_match(backend, &words));
    }
    if let Some(mode) = query.mode.as_deref().and_then(DeliveryMode::from_code) {
        wanted = wanted.add(m(module::Column::DeliveryMode).eq(mode.code()));
    }
    if let Some(audience) = query.audience.as_deref().and_then(Audience::from_code) {
        // A module for both audiences suits either.
        wanted = wanted.add(m(module::Column::Audience).is_in([audience.code(), "both"]));
    }
    if let Some(topic) = query.topic.as_deref().filter(|t| !t.trim().is_empty()) {
        wanted = wanted.add(
            m(module::Column::Id).in_subquery(
                Query::select()
                    .column(module_topic::Column::ModuleId)
                    .from(module_topic::Entity)
                    .and_where(
                        Expr::col(module_topic::Column::TopicCode).eq(topic.trim().to_lowercase()),
                    )
                    .to_owned(),
            ),
        );
    }
    if offering_filtered {
        wanted = wanted.add(has_upcoming());
    }

    let total = count(db, wanted.clone()).await?;
    let by_offering = match ranking {
        Ranking::ByOffering => true,
        Ranking::ByModule => false,
        Ranking::Auto => words.is_empty() || total > FEW_MATCHES,
    };
    let ranked: Vec<Ranked> = if total == 0 || offset >= total {
        Vec::new()
    } else if by_offering {
        // Each module's first upcoming offering: no earlier one of the same module (the lower
        // id breaks a tie on the same day).
        let (o, o2) = ("o", "o2");
        let col = |alias: &str, c: offering::Column| Expr::col((Alias::new(alias), c));
        let earlier = Query::select()
            .expr(Expr::val(1))
            .from_as(offering::Entity, Alias::new(o2))
            .cond_where(
                upcoming(o2)
                    .add(
                        col(o2, offering::Column::ModuleId)
                            .equals((Alias::new(o), offering::Column::ModuleId)),
                    )
                    .add(
                        Cond::any()
                            .add(
                                col(o2, offering::Column::StartsOn)
                                    .lt(col(o, offering::Column::StartsOn)),
                            )
                            .add(
                                Cond::all()
                                    .add(
                                        col(o2, offering::Column::StartsOn)
                                            .eq(col(o, offering::Column::StartsOn)),
                                    )
                                    .add(
                                        col(o2, offering::Column::Id)
                                            .lt(col(o, offering::Column::Id)),
                                    ),
                            ),
                    ),
            )
            .to_owned();
        let mut walk = Query::select()
            .expr_as(col(o, offering::Column::ModuleId), Alias::new("id"))
            .expr_as(col(o, offering::Column::StartsOn), Alias::new("next_start"))
            .from_as(offering::Entity, Alias::new(o))
            .cond_where(upcoming(o))
            .to_owned();
        if backend == DatabaseBackend::Sqlite {
            // The matching modules as a list, built once; the unary plus keeps the list from
            // driving the walk. Joined as a table instead, SQLite (3.42 and later) first builds
            // a Bloom filter over every published module, and the walk cannot stop early: on
            // the bench catalog, q=fuerza took 4.1 ms that way and 0.9 ms this way.
            walk.and_where(
                Expr::cust(r#"+"o"."module_id""#).in_subquery(
                    Query::select()
                        .column((module::Entity, module::Column::Id))
                        .from(module::Entity)
                        .cond_where(wanted.clone())
                        .to_owned(),
                ),
            );
        } else {
            // PostgreSQL walks the date index and checks each offering's module by key.
            walk.inner_join(
                module::Entity,
                m(module::Column::Id).equals((Alias::new(o), offering::Column::ModuleId)),
            )
            .cond_where(wanted.clone());
        }
        walk.and_where(Expr::exists(earlier).not())
            // The index on (status, starts_on) yields this order as it is, so the walk stops
            // as soon as the page is full: no sort.
            .order_by((Alias::new(o), offering::Column::StartsOn), Order::Asc)
            .order_by((Alias::new(o), offering::Column::Id), Order::Asc)
            .limit(per_page)
            .offset(offset);
        let mut rows = fetch(db, walk).await?;
        // Past the modules with upcoming offerings come those without, by code.
        let short = per_page - rows.len() as u64;
        if short > 0 && !offering_filtered {
            let with_upcoming = count(db, wanted.clone().add(has_upcoming())).await?;
            let rest = Query::select()
                .column((module::Entity, module::Column::Id))
                .expr_as(Expr::cust("NULL"), Alias::new("next_start"))
                .from(module::Entity)
                .cond_where(wanted.clone().add(has_upcoming().not()))
                .order_by((module::Entity, module::Column::Code), Order::Asc)
                .limit(short)
                .offset(offset.saturating_sub(with_upcoming))
                .to_owned();
            rows.extend(fetch(db, rest).await?);
        }
        rows
    } else {
        let next_start = Query::select()
            .expr(Func::min(Expr::col((
                Alias::new("n"),
                offering::Column::StartsOn,
            ))))
            .from_as(offering::Entity, Alias::new("n"))
            .cond_where(of_the_module("n"))
            .to_owned();
        // Same-day ties go to the module whose offering was created first, as in the walk.
        let first_offering = Query::select()
            .column((Alias::new("f"), offering::Column::Id))
            .from_as(offering::Entity, Alias::new("f"))
            .cond_where(of_the_module("f"))
            .order_by((Alias::new("f"), offering::Column::StartsOn), Order::Asc)
            .order_by((Alias::new("f"), offering::Column::Id), Order::Asc)
            .limit(1)
            .to_owned();
        let mut select = Query::select()
            .column((module::Entity, module::Column::Id))
            .expr_as(
                Expr::SubQuery(None, Box::new(next_start.into())),
                Alias::new("next_start"),
            )
            .expr_as(
                Expr::SubQuery(None, Box::new(first_offering.into())),
                Alias::new("first_offering"),
            )
            .from(module::Entity)
            .cond_where(wanted.clone())
            .limit(per_page)
            .offset(offset)
            .to_owned();
        select
            .order_by_expr_with_nulls(
                Expr::col(Alias::new("next_start")),
                Order::Asc,
                NullOrdering::Last,
            )
            .order_by_expr(Expr::col(Alias::new("first_offering")), Order::Asc)
            .order_by((module::Entity, module::Column::Code), Order::Asc);
        fetch(db, select).await?
    };

    let ids: Vec<i64> = ranked.iter().map(|r| r.id).collect();
    let modules: HashMap<i64, module::Model> = module::Entity::find()
        .filter(module::Column::Id.is_in(ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.id, m))
        .collect();
    let topic_rows = module_topic::Entity::find()
        .filter(module_topic::Column::ModuleId.is_in(ids))
        .all(db)
        .await?;
    let names: HashMap<String, String> = if topic_rows.is_empty() {
        HashMap::new()
    } else {
        topic::Entity::find()
            .all(db)
            .await?
            .iter()
            .map(|t| (t.code.clone(), topic_name(t, locale)))
            .collect()
    };
    let items = ranked
        .into_iter()
        .filter_map(|r| {
            let found = modules.get(&r.id)?;
            Some(ModuleCard {
                topics: topic_rows
                    .iter()
                    .filter(|t| t.module_id == r.id)
                    .filter_map(|t| names.get(&t.topic_code).cloned())
                    .collect(),
                id: r.id,
                code: found.code.clone(),
                title: pick(&json_map(&found.title), locale),
                summary: pick(&json_map(&found.summary), locale),
                credits: found.credits,
                hours: found.hours,
                delivery_mode: found.delivery_mode.clone(),
                audience: found.audience.clone(),
                next_start: r.next_start.map(|d| d.format("%Y-%m-%d").to_string()),
            })
        })
        .collect();
    Ok(ModulePage {
        items,
        total,
        page,
        per_page,
    })
}

/// A module's place in the results.
#[derive(FromQueryResult)]
struct Ranked {
    id: i64,
    next_start: Option<NaiveDate>,
}

async fn fetch(
    db: &DatabaseConnection,
    select: SelectStatement,
) -> Result<Vec<Ranked>, DomainError> {
    Ok(
        Ranked::find_by_statement(db.get_database_backend().build(&select))
            .all(db)
            .await?,
    )
}

async fn count(db: &DatabaseConnection, wanted: Condition) -> Result<u64, DomainError> {
    #[derive(FromQueryResult)]
    struct Count {
        n: i64,
    }
    let select = Query::select()
        .expr_as(
            Expr::col(sea_orm::sea_query::Asterisk).count(),
            Alias::new("n"),
        )
        .from(module::Entity)
        .cond_where(wanted)
        .to_owned();
    let found = Count::find_by_statement(db.get_database_backend().build(&select))
        .one(db)
        .await?;
    Ok(found.map_or(0, |c| u64::try_from(c.n).unwrap_or(0)))
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
}

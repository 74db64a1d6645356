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

use chrono::{NaiveDate, Utc};
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

/// Up to this many matching modules, the cheaper way is to look each one up.
const FEW_MATCHES: u64 = 200;

/// Separates topic names in the one text column a result row carries them in (the ASCII unit
/// separator, which no name contains).
const NAME_SEPARATOR: char = '\u{1f}';

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

/// The condition "the module's search text has a word starting with each of `words`", for the
/// engine's own full-text index. With `drive` false, SQLite is kept from starting from the
/// list of matches (so that it walks an index in the wanted order instead).
fn words_match(backend: DatabaseBackend, words: &[String], drive: bool) -> Expr {
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
        let id = if drive { "" } else { "+" };
        Expr::cust_with_values(
            format!(
                r#"{id}"modules"."id" IN (SELECT rowid FROM module_search WHERE module_search MATCH ?)"#
            ),
            [fts_query(words)],
        )
    }
}

/// The FTS5 query for `words`: each one quoted, so that none is read as an operator, and
/// matched as a word prefix.
fn fts_query(words: &[String]) -> String {
    words
        .iter()
        .map(|w| format!("\"{}\"*", w.replace('"', "")))
        .collect::<Vec<_>>()
        .join(" AND ")
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
) -> Result<ModulePage, DomainError> {
    search_modules_ranked(db, query, locale, Ranking::Auto).await
}

/// [`search_modules`], choosing how to rank (the tests check that every way agrees).
pub async fn search_modules_ranked(
    db: &DatabaseConnection,
    query: &ModuleQuery,
    locale: Locale,
    ranking: Ranking,
) -> Result<ModulePage, DomainError> {
    let backend = db.get_database_backend();
    let today = Utc::now().date_naive();
    let per_page = query.per_page.unwrap_or(20).clamp(1, 100);
    let page = query.page.unwrap_or(1).clamp(1, crate::db::MAX_PAGE);
    let offset = (page - 1).saturating_mul(per_page);
    let words = search_words(query.q.as_deref().unwrap_or_default());

    let language = query.language.as_deref().and_then(Locale::from_code);
    let country = query
        .country
        .as_deref()
        .map(|c| c.trim().to_uppercase())
        .filter(|c| !c.is_empty());
    let seats_available = query.seats_available == Some(true);
    // Upcoming published offerings (under `alias`), narrowed by the offering filters.
    let upcoming = |alias: &str| -> Condition {
        let col = |c: offering::Column| Expr::col((Alias::new(alias), c));
        // Constants as literals, as in [`published`]; the language comes from the closed set
        // of locales. The country is the caller's text, so it stays bound.
        Cond::all()
            .add(col(offering::Column::Status).eq(literal(OfferingStatus::Published.code())))
            .add(col(offering::Column::StartsOn).gte(day(today)))
            .add_option(language.map(|l| col(offering::Column::Language).eq(literal(l.code()))))
            .add_option(
                country
                    .clone()
                    .map(|c| col(offering::Column::Country).eq(c)),
            )
            // A seat someone could still take: free, and enrolment not yet closed.
            .add_option(seats_available.then(|| {
                Cond::all()
                    .add(col(offering::Column::SeatsTaken).lt(col(offering::Column::Capacity)))
                    .add(col(offering::Column::EnrollmentCloses).gte(day(today)))
            }))
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
    // Filters on the offering change which offering is a module's next one.
    let by_offering_filters = language.is_some() || country.is_some() || seats_available;
    let only_upcoming = query.upcoming == Some(true);
    let offering_filtered = by_offering_filters || only_upcoming;

    // What the module itself must be (besides having an upcoming offering, when asked).
    let m = |c: module::Column| Expr::col((module::Entity, c));
    // Mode and audience are parsed into our own codes and written as literals, as in
    // [`published`]: both are in an index (migration 0014), so SQLite would otherwise prepare
    // the statement again on every run.
    let base = |drive: bool| -> Condition {
        let mut wanted = Cond::all().add(m(module::Column::Status).eq(published()));
        if !words.is_empty() {
            wanted = wanted.add(words_match(backend, &words, drive));
        }
        if let Some(mode) = query.mode.as_deref().and_then(DeliveryMode::from_code) {
            wanted = wanted.add(m(module::Column::DeliveryMode).eq(literal(mode.code())));
        }
        if let Some(audience) = query.audience.as_deref().and_then(Audience::from_code) {
            // A module for both audiences suits either.
            wanted = wanted.add(
                m(module::Column::Audience)
                    .is_in([literal(audience.code()), literal(Audience::Both.code())]),
            );
        }
        if let Some(topic) = query.topic.as_deref().filter(|t| !t.trim().is_empty()) {
            wanted = wanted.add(
                m(module::Column::Id).in_subquery(
                    Query::select()
                        .column(module_topic::Column::ModuleId)
                        .from(module_topic::Entity)
                        .and_where(
                            Expr::col(module_topic::Column::TopicCode)
                                .eq(topic.trim().to_lowercase()),
                        )
                        .to_owned(),
                ),
            );
        }
        wanted
    };
    let next_start = || Expr::col((module::Entity, Alias::new("next_start")));
    // Read from the offerings themselves: right whatever the filters and the hour.
    let exact = |drive: bool| base(drive).add_option(offering_filtered.then(has_upcoming));

    let may_use_next_start =
        !by_offering_filters && matches!(ranking, Ranking::Auto | Ranking::ByNextStart);
    // Only words: the full-text index holds just the published modules (migration 0013), so
    // on SQLite it counts the matches alone.
    let words_only = !words.is_empty()
        && !only_upcoming
        && query
            .mode
            .as_deref()
            .and_then(DeliveryMode::from_code)
            .is_none()
        && query
            .audience
            .as_deref()
            .and_then(Audience::from_code)
            .is_none()
        && query.topic.as_deref().is_none_or(|t| t.trim().is_empty());
    let (total, use_next_start) = if may_use_next_start {
        let (total, stale) = if words_only && backend == DatabaseBackend::Sqlite {
            count_words(db, &words, today).await?
        } else {
            let wanted = base(true).add_option(only_upcoming.then(|| next_start().gte(day(today))));
            count(db, wanted, Some(today)).await?
        };
        match (stale, only_upcoming) {
            (false, _) => (total, true),
            (true, false) => (total, false),
            (true, true) => (count(db, exact(true), None).await?.0, false),
        }
    } else {
        (count(db, exact(true), None).await?.0, false)
    };
    if total == 0 || offset >= total {
        return Ok(ModulePage {
            items: Vec::new(),
            total,
            page,
            per_page,
        });
    }
    let many = words.is_empty() || total > FEW_MATCHES;

    let items = if use_next_start {
        // With many matches, SQLite walks the next-start index and checks each module against
        // the words; with few, it starts from the matches and sorts them.
        let mut first = card_select(backend, locale);
        first
            .cond_where(base(!many).add(next_start().gte(day(today))))
            .order_by_expr(next_start(), Order::Asc)
            .order_by_expr(
                Expr::col((module::Entity, Alias::new("next_offering_id"))),
                Order::Asc,
            )
            .limit(per_page)
            .offset(offset);
        let mut rows = fetch::<CardRow>(db, first).await?;
        // Past the modules with upcoming offerings come those without, by code.
        let short = per_page - rows.len() as u64;
        if short > 0 && !only_upcoming {
            let with_upcoming = match rows.len() as u64 {
                0 if offset > 0 => {
                    count(db, base(true).add(next_start().gte(day(today))), None)
                        .await?
                        .0
                }
                found => offset + found,
            };
            let mut rest = card_select(backend, locale);
            rest.cond_where(base(true).add(next_start().is_null()))
                .order_by((module::Entity, module::Column::Code), Order::Asc)
                .limit(short)
                .offset(offset.saturating_sub(with_upcoming));
            rows.extend(fetch::<CardRow>(db, rest).await?);
        }
        rows.into_iter().map(|row| row.into_card(locale)).collect()
    } else {
        let wanted = exact(true);
        let by_offering = match ranking {
            Ranking::ByOffering => true,
            Ranking::ByModule => false,
            Ranking::Auto | Ranking::ByNextStart => many,
        };
        let ranked: Vec<Ranked> = if by_offering {
            // The walk only meets upcoming offerings that pass the offering filters, so the
            // modules it keeps have one by construction: checking it again for every matching
            // module (as `wanted` does) would only repeat the count's work.
            let listed = base(true);
            // Each module's first upcoming offering: no earlier one of the same module (the
            // lower id breaks a tie on the same day).
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
                // The matching modules as a list, built once; the unary plus keeps the list
                // from driving the walk. Joined as a table instead, SQLite (3.42 and later)
                // first builds a Bloom filter over every published module, and the walk cannot
                // stop early: on the bench catalog, q=fuerza took 4.1 ms that way and 0.9 ms
                // this way.
                walk.and_where(
                    Expr::cust(r#"+"o"."module_id""#).in_subquery(
                        Query::select()
                            .column((module::Entity, module::Column::Id))
                            .from(module::Entity)
                            .cond_where(listed)
                            .to_owned(),
                    ),
                );
            } else {
                // PostgreSQL walks the date index and checks each offering's module by key.
                walk.inner_join(
                    module::Entity,
                    m(module::Column::Id).equals((Alias::new(o), offering::Column::ModuleId)),
                )
                .cond_where(listed);
            }
            walk.and_where(Expr::exists(earlier).not())
                // The index on (status, starts_on) yields this order as it is, so the walk
                // stops as soon as the page is full: no sort.
                .order_by((Alias::new(o), offering::Column::StartsOn), Order::Asc)
                .order_by((Alias::new(o), offering::Column::Id), Order::Asc)
                .limit(per_page)
                .offset(offset);
            let mut rows = fetch::<Ranked>(db, walk).await?;
            // Past the modules with upcoming offerings come those without, by code.
            let short = per_page - rows.len() as u64;
            if short > 0 && !offering_filtered {
                let with_upcoming = match rows.len() as u64 {
                    0 if offset > 0 => count(db, wanted.clone().add(has_upcoming()), None).await?.0,
                    found => offset + found,
                };
                let rest = Query::select()
                    .column((module::Entity, module::Column::Id))
                    .expr_as(Expr::cust("NULL"), Alias::new("next_start"))
                    .from(module::Entity)
                    .cond_where(wanted.clone().add(has_upcoming().not()))
                    .order_by((module::Entity, module::Column::Code), Order::Asc)
                    .limit(short)
                    .offset(offset.saturating_sub(with_upcoming))
                    .to_owned();
                rows.extend(fetch::<Ranked>(db, rest).await?);
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
            fetch::<Ranked>(db, select).await?
        };
        // The cards of the ranked modules, in one statement.
        let ids: Vec<i64> = ranked.iter().map(|r| r.id).collect();
        let mut select = card_select(backend, locale);
        select.and_where(m(module::Column::Id).is_in(ids));
        let mut found: HashMap<i64, CardRow> = fetch::<CardRow>(db, select)
            .await?
            .into_iter()
            .map(|row| (row.id, row))
            .collect();
        ranked
            .into_iter()
            .filter_map(|r| {
                let mut row = found.remove(&r.id)?;
                row.next_start = r.next_start;
                Some(row.into_card(locale))
            })
            .collect()
    };
    Ok(ModulePage {
        items,
        total,
        page,
        per_page,
    })
}

/// Moves on the next start of every module whose stored one has passed (see migration 0012):
/// its offering has begun, so the module's next one is a later offering, or none. Run by the
/// server's periodic job; until it has run after midnight (UTC), searches rank from the
/// offerings themselves. Safe to run from several processes at once. Returns how many modules
/// it moved on.
pub async fn refresh_past_next_starts(db: &DatabaseConnection) -> Result<u64, DomainError> {
    let today = Utc::now().date_naive();
    let backend = db.get_database_backend();
    // Read first: on all but the first run after midnight there is nothing to do, and a write
    // transaction would take SQLite's write lock every minute for nothing.
    let due = Query::select()
        .expr_as(
            Expr::exists(
                Query::select()
                    .expr(Expr::val(1))
                    .from(module::Entity)
                    .and_where(Expr::col(Alias::new("next_start")).lt(today))
                    .to_owned(),
            ),
            Alias::new("due"),
        )
        .to_owned();
    let due = db
        .query_one(&due)
        .await?
        .map(|row| row.try_get::<bool>("", "due"))
        .transpose()?
        .unwrap_or(false);
    if !due {
        return Ok(0);
    }
    let txn = crate::db::begin_write(db).await?;
    let moved = if backend == DatabaseBackend::Postgres {
        // The function locks each module before reading its offerings.
        let rows = txn
            .query_all_raw(Statement::from_sql_and_values(
                backend,
                "SELECT refresh_module_next_start(id) FROM modules WHERE next_start < $1",
                [today.into()],
            ))
            .await?;
        rows.len() as u64
    } else {
        txn.execute_raw(Statement::from_sql_and_values(
            backend,
            "UPDATE modules SET (next_start, next_offering_id) = (SELECT o.starts_on, o.id \
             FROM offerings o WHERE o.module_id = modules.id AND o.status = 'published' \
             AND o.starts_on >= ? ORDER BY o.starts_on, o.id LIMIT 1) WHERE next_start < ?",
            [today.into(), today.into()],
        ))
        .await?
        .rows_affected()
    };
    txn.commit().await?;
    Ok(moved)
}

/// What a result card shows, as one row: the module's own columns, its next start, and its
/// topic names in the reader's language joined by [`NAME_SEPARATOR`].
fn card_select(backend: DatabaseBackend, locale: Locale) -> SelectStatement {
    let (join, separator) = if backend == DatabaseBackend::Postgres {
        ("string_agg", "chr(31)")
    } else {
        ("group_concat", "char(31)")
    };
    // The column name comes from the closed set of locales, never from input.
    let name = format!("name_{}", locale.code());
    let topic_names = format!(
        r#"(SELECT {join}("t"."{name}", {separator}) FROM "module_topics" "mt" JOIN "topics" "t" ON "t"."code" = "mt"."topic_code" WHERE "mt"."module_id" = "modules"."id")"#
    );
    Query::select()
        .columns([
            (module::Entity, module::Column::Id),
            (module::Entity, module::Column::Code),
            (module::Entity, module::Column::Title),
            (module::Entity, module::Column::Summary),
            (module::Entity, module::Column::Credits),
            (module::Entity, module::Column::Hours),
            (module::Entity, module::Column::DeliveryMode),
            (module::Entity, module::Column::Audience),
        ])
        .expr_as(
            Expr::col((module::Entity, Alias::new("next_start"))),
            Alias::new("next_start"),
        )
        .expr_as(Expr::cust(topic_names), Alias::new("topic_names"))
        .from(module::Entity)
        .to_owned()
}

/// One result card as read by [`card_select`].
#[derive(FromQueryResult)]
struct CardRow {
    id: i64,
    code: String,
    title: String,
    summary: String,
    credits: i32,
    hours: i32,
    delivery_mode: String,
    audience: String,
    next_start: Option<NaiveDate>,
    topic_names: Option<String>,
}

impl CardRow {
    fn into_card(self, locale: Locale) -> ModuleCard {
        ModuleCard {
            id: self.id,
            title: pick(&json_map(&self.title), locale),
            summary: pick(&json_map(&self.summary), locale),
            code: self.code,
            credits: self.credits,
            hours: self.hours,
            delivery_mode: self.delivery_mode,
            audience: self.audience,
            topics: self
                .topic_names
                .map(|names| sorted_names(&names))
                .unwrap_or_default(),
            next_start: self.next_start.map(|d| d.format("%Y-%m-%d").to_string()),
        }
    }
}

/// Topic names as [`card_select`] joins them, in alphabetical order (accents and case aside).
/// Sorted here rather than in SQL: an ordered aggregate made SQLite build a temporary B-tree
/// for every result card.
fn sorted_names(joined: &str) -> Vec<String> {
    let mut names: Vec<(String, String)> = joined
        .split(NAME_SEPARATOR)
        .map(|name| (super::service::fold(name), name.to_string()))
        .collect();
    names.sort();
    names.into_iter().map(|(_, name)| name).collect()
}

/// A module's place in the results.
#[derive(FromQueryResult)]
struct Ranked {
    id: i64,
    next_start: Option<NaiveDate>,
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

/// How many modules are `wanted`; with `stale_before_day`, also whether any module's stored
/// next start is before that day (so cannot be used: see migration 0012), in the same statement.
async fn count(
    db: &DatabaseConnection,
    wanted: Condition,
    stale_before_day: Option<NaiveDate>,
) -> Result<(u64, bool), DomainError> {
    let stale = match stale_before_day {
        Some(day) => stale_before(day),
        None => Expr::val(false),
    };
    let select = Query::select()
        .expr_as(
            Expr::col(sea_orm::sea_query::Asterisk).count(),
            Alias::new("n"),
        )
        .expr_as(stale, Alias::new("stale"))
        .from(module::Entity)
        .cond_where(wanted)
        .to_owned();
    count_row(db, select).await
}

/// Whether any module's stored next start is before `day` (so cannot be used).
fn stale_before(day: NaiveDate) -> Expr {
    Expr::exists(
        Query::select()
            .expr(Expr::val(1))
            .from_as(module::Entity, Alias::new("s"))
            .and_where(Expr::col((Alias::new("s"), Alias::new("next_start"))).lt(self::day(day)))
            .to_owned(),
    )
}

/// Runs a count made by [`count`] or [`count_words`].
async fn count_row(
    db: &DatabaseConnection,
    select: SelectStatement,
) -> Result<(u64, bool), DomainError> {
    #[derive(FromQueryResult)]
    struct Count {
        n: i64,
        stale: bool,
    }
    let found = fetch::<Count>(db, select).await?;
    Ok(found
        .first()
        .map_or((0, false), |c| (u64::try_from(c.n).unwrap_or(0), c.stale)))
}

/// How many published modules match `words`, read from the SQLite full-text index alone, and
/// whether any module's stored next start is before `today` (as [`count`]).
async fn count_words(
    db: &DatabaseConnection,
    words: &[String],
    today: NaiveDate,
) -> Result<(u64, bool), DomainError> {
    let select = Query::select()
        .expr_as(
            Expr::col(sea_orm::sea_query::Asterisk).count(),
            Alias::new("n"),
        )
        .expr_as(stale_before(today), Alias::new("stale"))
        .from(Alias::new("module_search"))
        .and_where(Expr::cust_with_values(
            "module_search MATCH ?",
            [fts_query(words)],
        ))
        .to_owned();
    count_row(db, select).await
}

#[cfg(test)]
mod tests {
    use super::{NAME_SEPARATOR, search_words, sorted_names};

    #[test]
    fn topic_names_read_in_alphabetical_order() {
        let cases: &[(&[&str], &[&str])] = &[
            (&["Uso de la fuerza"], &["Uso de la fuerza"]),
            (
                &["Violencia de género", "Derechos humanos"],
                &["Derechos humanos", "Violencia de género"],
            ),
            (
                &["Évaluation", "Droits humains", "Police"],
                &["Droits humains", "Évaluation", "Police"],
            ),
            (&["policía", "Participación"], &["Participación", "policía"]),
        ];
        for (joined, sorted) in cases {
            let joined = joined.join(&NAME_SEPARATOR.to_string());
            assert_eq!(sorted_names(&joined), *sorted, "{joined}");
        }
    }

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

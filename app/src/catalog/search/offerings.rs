//! Ranking from the offerings themselves, right whatever the filters and the hour: by module
//! (few matches) or by offering (many, or none at all).

use super::*;
use sea_orm::sea_query::{CommonTableExpression, WithClause};

/// For each matching module, the first of its upcoming offerings, one index seek each. Cheap
/// when few modules match.
pub(super) async fn by_module(
    db: &DatabaseConnection,
    filters: &Filters,
) -> Result<Vec<Ranked>, DomainError> {
    let wanted = filters.exact(db.get_database_backend(), true);
    let (per_page, offset) = (filters.per_page, filters.offset);
    let next_start = Query::select()
        .expr(Func::min(Expr::col((
            Alias::new("n"),
            offering::Column::StartsOn,
        ))))
        .from_as(offering::Entity, Alias::new("n"))
        .cond_where(filters.of_the_module("n"))
        .to_owned();
    // Same-day ties go to the module whose offering was created first, as in the walk.
    let first_offering = Query::select()
        .column((Alias::new("f"), offering::Column::Id))
        .from_as(offering::Entity, Alias::new("f"))
        .cond_where(filters.of_the_module("f"))
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
        .cond_where(wanted)
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
    fetch::<Ranked>(db, select).await
}

/// Upcoming offerings in date order, keeping each module's first one, until the page is full;
/// then the matching modules without an upcoming offering, by code. Cheap when many modules
/// match, and for browsing with no words at all.
pub(super) async fn by_offering(
    db: &DatabaseConnection,
    filters: &Filters,
) -> Result<Vec<Ranked>, DomainError> {
    let backend = db.get_database_backend();
    let (per_page, offset) = (filters.per_page, filters.offset);
    let wanted = filters.exact(backend, true);
    let mut rows = fetch::<Ranked>(db, walk(filters, backend, None)).await?;
    // Past the modules with upcoming offerings come those without, by code.
    let short = per_page - rows.len() as u64;
    if short > 0 && !filters.offering_filtered() {
        let with_upcoming = match rows.len() as u64 {
            0 if offset > 0 => {
                count(db, wanted.clone().add(filters.has_upcoming()), None)
                    .await?
                    .0
            }
            found => offset + found,
        };
        let rest = Query::select()
            .column((module::Entity, module::Column::Id))
            .expr_as(Expr::cust("NULL"), Alias::new("next_start"))
            .from(module::Entity)
            .cond_where(wanted.clone().add(filters.has_upcoming().not()))
            .order_by((module::Entity, module::Column::Code), Order::Asc)
            .limit(short)
            .offset(offset.saturating_sub(with_upcoming))
            .to_owned();
        rows.extend(fetch::<Ranked>(db, rest).await?);
    }
    Ok(rows)
}

/// [`by_offering`] for a search with words and an offering filter on SQLite, with the count
/// of the matches, in one statement: the full-text index is read once, into a materialized
/// table both use, where apart each would read it. `None` when the page is empty (the count
/// is then made apart).
pub(super) async fn by_offering_counted(
    db: &DatabaseConnection,
    filters: &Filters,
) -> Result<Option<(u64, Vec<Ranked>)>, DomainError> {
    #[derive(FromQueryResult)]
    struct Row {
        id: i64,
        next_start: Option<NaiveDate>,
        total: i64,
    }
    let mut matches = filters.index_matches();
    matches.clear_selects().expr_as(
        Expr::col((Alias::new("module_search"), Alias::new("rowid"))),
        Alias::new("id"),
    );
    let ids = Query::select()
        .column((Alias::new("matches"), Alias::new("id")))
        .from(Alias::new("matches"))
        .to_owned();
    let total = Query::select()
        .expr(Expr::col(sea_orm::sea_query::Asterisk).count())
        .from(Alias::new("matches"))
        .and_where(filters.has_upcoming_by_id("matches", "id"))
        .to_owned();
    let mut page = walk(filters, DatabaseBackend::Sqlite, Some(ids));
    page.expr_as(
        Expr::SubQuery(None, Box::new(total.into())),
        Alias::new("total"),
    );
    let statement = page.with(
        WithClause::new()
            .cte(
                CommonTableExpression::new()
                    .table_name(Alias::new("matches"))
                    .query(matches)
                    .materialized(true)
                    .to_owned(),
            )
            .to_owned(),
    );
    let rows = Row::find_by_statement(DatabaseBackend::Sqlite.build(&statement))
        .all(db)
        .await?;
    let Some(total) = rows.first().map(|r| u64::try_from(r.total).unwrap_or(0)) else {
        return Ok(None);
    };
    let ranked = rows
        .into_iter()
        .map(|r| Ranked {
            id: r.id,
            next_start: r.next_start,
        })
        .collect();
    Ok(Some((total, ranked)))
}

/// The walk of [`by_offering`]: upcoming offerings passing the filters in date order, each
/// module's first one, a page of them. The matching modules' ids come from `matches` when
/// given, else from the filters.
fn walk(
    filters: &Filters,
    backend: DatabaseBackend,
    matches: Option<SelectStatement>,
) -> SelectStatement {
    let (per_page, offset) = (filters.per_page, filters.offset);
    let m = |c: module::Column| Expr::col((module::Entity, c));
    // The walk only meets upcoming offerings that pass the offering filters, so the
    // modules it keeps have one by construction: checking it again for every matching
    // module (as the count does) would only repeat the count's work.
    let listed = filters.base(backend, true);
    // Each module's first upcoming offering: no earlier one of the same module (the
    // lower id breaks a tie on the same day).
    let (o, o2) = ("o", "o2");
    let col = |alias: &str, c: offering::Column| Expr::col((Alias::new(alias), c));
    let earlier = Query::select()
        .expr(Expr::val(1))
        .from_as(offering::Entity, Alias::new(o2))
        .cond_where(
            filters
                .upcoming(o2)
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
                                    col(o2, offering::Column::Id).lt(col(o, offering::Column::Id)),
                                ),
                        ),
                ),
        )
        .to_owned();
    let mut walk = Query::select()
        .expr_as(col(o, offering::Column::ModuleId), Alias::new("id"))
        .expr_as(col(o, offering::Column::StartsOn), Alias::new("next_start"))
        .from_as(offering::Entity, Alias::new(o))
        .cond_where(filters.upcoming(o))
        .to_owned();
    if backend == DatabaseBackend::Sqlite {
        // The matching modules as a list, built once; the unary plus keeps the list
        // from driving the walk. Joined as a table instead, SQLite (3.42 and later)
        // first builds a Bloom filter over every published module, and the walk cannot
        // stop early (figures in docs/performance.md). With words, the list comes from
        // the full-text index alone.
        let list = match matches {
            Some(matches) => matches,
            None if filters.words.is_empty() => Query::select()
                .column((module::Entity, module::Column::Id))
                .from(module::Entity)
                .cond_where(listed)
                .to_owned(),
            None => filters.index_matches(),
        };
        walk.and_where(Expr::cust(r#"+"o"."module_id""#).in_subquery(list));
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
    walk
}

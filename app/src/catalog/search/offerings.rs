//! Ranking from the offerings themselves, right whatever the filters and the hour: by module
//! (few matches) or by offering (many, or none at all).

use super::*;

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
    let m = |c: module::Column| Expr::col((module::Entity, c));
    let wanted = filters.exact(backend, true);
    // The walk only meets upcoming offerings that pass the offering filters, so the
    // modules it keeps have one by construction: checking it again for every matching
    // module (as `wanted` does) would only repeat the count's work.
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
        // stop early (figures in docs/performance.md).
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

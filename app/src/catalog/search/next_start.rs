//! Ranking by the modules' own next start (migration 0012), and the job that moves a stored
//! next start on once its offering has begun.

use super::*;

/// The page ranked by the modules' own next start: one statement walks the index on it and
/// reads the cards as it goes; the modules without an upcoming offering follow, by code.
/// `from_matches`: start from the word matches rather than walk the index.
pub(super) async fn by_next_start(
    db: &DatabaseConnection,
    filters: &Filters,
    locale: Locale,
    from_matches: bool,
) -> Result<Vec<ModuleCard>, DomainError> {
    let backend = db.get_database_backend();
    let Filters {
        today,
        per_page,
        offset,
        only_upcoming,
        ..
    } = *filters;
    let base = |drive: bool| filters.base(backend, drive);
    let next_start = || Expr::col((module::Entity, Alias::new("next_start")));
    let mut first = card_select(backend, locale);
    first
        .cond_where(base(from_matches).add(next_start().gte(day(today))))
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
    Ok(rows.into_iter().map(|row| row.into_card(locale)).collect())
}

/// Moves on the next start of every module whose stored one has passed (see migration 0012):
/// its offering has begun, so the module's next one is a later offering, or none. Run by the
/// server's job runner just after midnight (UTC) by the application clock, `today` being the
/// new day; until it has run, searches rank from the offerings themselves. Safe to run from
/// several processes at once. Returns how many modules it moved on.
pub async fn refresh_past_next_starts(
    db: &DatabaseConnection,
    today: NaiveDate,
) -> Result<u64, DomainError> {
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

//! The plan: how many modules match, and which ranking fills the page (see the module
//! documentation of [`super`] for the three ways).

use super::*;

/// Up to this many matching modules, the cheaper way is to look each one up.
const FEW_MATCHES: u64 = 200;

/// The ranking that fills a page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Plan {
    /// The modules' own next start; `from_matches`: start from the word matches (few of them)
    /// rather than walk the next-start index.
    WalkNextStart { from_matches: bool },
    /// First upcoming offering of each matching module.
    EachModule,
    /// Upcoming offerings in date order, first one of each module.
    WalkOfferings,
}

/// How many modules match, and, unless there are none or the page is past them, which
/// ranking fills the page.
pub(super) async fn plan(
    db: &DatabaseConnection,
    filters: &Filters,
    ranking: Ranking,
) -> Result<(u64, Option<Plan>), DomainError> {
    let (total, use_next_start) = count_matches(db, filters, ranking).await?;
    if total == 0 || filters.offset >= total {
        return Ok((total, None));
    }
    Ok((total, Some(choose(filters, ranking, total, use_next_start))))
}

/// How many modules match, and whether the modules' own next start can rank them: it cannot
/// serve the offering filters, nor a day when some stored next start has passed.
async fn count_matches(
    db: &DatabaseConnection,
    filters: &Filters,
    ranking: Ranking,
) -> Result<(u64, bool), DomainError> {
    let backend = db.get_database_backend();
    let today = filters.today;
    let next_start = || Expr::col((module::Entity, Alias::new("next_start")));
    let may_use_next_start =
        !filters.by_offering_filters() && matches!(ranking, Ranking::Auto | Ranking::ByNextStart);
    // On SQLite a search with words is counted from the full-text index, which holds the
    // published modules with their mode and audience: no module row is read.
    let in_index = backend == DatabaseBackend::Sqlite && !filters.words.is_empty();
    let exact = || async {
        if in_index {
            count_in_index(db, filters, None, filters.offering_filtered()).await
        } else {
            count(db, filters.exact(backend, true), None).await
        }
    };
    Ok(if may_use_next_start {
        let (total, stale) = if in_index && !filters.only_upcoming {
            count_in_index(db, filters, Some(today), false).await?
        } else {
            let wanted = filters
                .base(backend, true)
                .add_option(filters.only_upcoming.then(|| next_start().gte(day(today))));
            count(db, wanted, Some(today)).await?
        };
        match (stale, filters.only_upcoming) {
            (false, _) => (total, true),
            (true, false) => (total, false),
            (true, true) => (exact().await?.0, false),
        }
    } else {
        (exact().await?.0, false)
    })
}

/// The ranking for `total` matches: the modules' own next start when it can serve, else the
/// one asked for, else the cheaper way for that many matches.
fn choose(filters: &Filters, ranking: Ranking, total: u64, use_next_start: bool) -> Plan {
    let many = filters.words.is_empty() || total > FEW_MATCHES;
    if use_next_start {
        // With many matches, SQLite walks the next-start index and checks each module against
        // the words; with few, it starts from the matches and sorts them.
        return Plan::WalkNextStart {
            from_matches: !many,
        };
    }
    match ranking {
        Ranking::ByOffering => Plan::WalkOfferings,
        Ranking::ByModule => Plan::EachModule,
        Ranking::Auto | Ranking::ByNextStart if many => Plan::WalkOfferings,
        Ranking::Auto | Ranking::ByNextStart => Plan::EachModule,
    }
}

/// How many modules are `wanted`; with `stale_before_day`, also whether any module's stored
/// next start is before that day (so cannot be used: see migration 0012), in the same statement.
pub(super) async fn count(
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
pub(super) fn stale_before(day: NaiveDate) -> Expr {
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

/// How many published modules match the words, mode, audience and topic of `filters` (with
/// `upcoming`, and have an upcoming offering passing its offering filters), read from the
/// SQLite full-text index and the offerings, never a module row; with `stale_before_day`, also
/// whether any module's stored next start is before that day (as [`count`]).
async fn count_in_index(
    db: &DatabaseConnection,
    filters: &Filters,
    stale_before_day: Option<NaiveDate>,
    upcoming: bool,
) -> Result<(u64, bool), DomainError> {
    let stale = match stale_before_day {
        Some(day) => stale_before(day),
        None => Expr::val(false),
    };
    let mut select = filters.index_matches();
    select
        .clear_selects()
        .expr_as(
            Expr::col(sea_orm::sea_query::Asterisk).count(),
            Alias::new("n"),
        )
        .expr_as(stale, Alias::new("stale"));
    if upcoming {
        select.and_where(filters.has_upcoming_by_id("module_search", "rowid"));
    }
    count_row(db, select).await
}

//! A search's query, parsed once into one typed value, and the conditions its filters make.

use super::*;

/// What a search asks for, parsed: which page, the words, and the filters on the module and on
/// its offerings. Unknown codes (a mode, an audience or a language we do not have) filter
/// nothing.
pub(super) struct Filters {
    /// The day the search is made: offerings from it on are upcoming.
    pub(super) today: NaiveDate,
    /// Results per page (1 to 100).
    pub(super) per_page: u64,
    /// The page, from 1.
    pub(super) page: u64,
    /// How many results come before this page.
    pub(super) offset: u64,
    /// The words, as the full-text index splits them ([`search_words`]).
    pub(super) words: Vec<String>,
    /// Offerings taught in this language.
    pub(super) language: Option<Locale>,
    /// Offerings held in this country (upper case, as typed otherwise: it stays bound).
    pub(super) country: Option<String>,
    /// Offerings with a seat someone could still take.
    pub(super) seats_available: bool,
    /// Only modules with an upcoming offering.
    pub(super) only_upcoming: bool,
    /// Modules taught this way.
    pub(super) mode: Option<DeliveryMode>,
    /// Modules for this audience (or for both).
    pub(super) audience: Option<Audience>,
    /// Modules on this topic (its code, lower case).
    pub(super) topic: Option<String>,
}

impl Filters {
    /// Parses `query`, searched on `today`.
    pub(super) fn parse(query: &ModuleQuery, today: NaiveDate) -> Self {
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
        let only_upcoming = query.upcoming == Some(true);
        let mode = query.mode.as_deref().and_then(DeliveryMode::from_code);
        let audience = query.audience.as_deref().and_then(Audience::from_code);
        let topic = query
            .topic
            .as_deref()
            .filter(|t| !t.trim().is_empty())
            .map(|t| t.trim().to_lowercase());
        Self {
            today,
            per_page,
            page,
            offset,
            words,
            language,
            country,
            seats_available,
            only_upcoming,
            mode,
            audience,
            topic,
        }
    }

    /// Filters on the offering change which offering is a module's next one.
    pub(super) fn by_offering_filters(&self) -> bool {
        self.language.is_some() || self.country.is_some() || self.seats_available
    }

    /// Some filter is on the offerings (or asks for one upcoming at all).
    pub(super) fn offering_filtered(&self) -> bool {
        self.by_offering_filters() || self.only_upcoming
    }

    /// The ids (`rowid`) of the modules SQLite's full-text index matches for the words, mode
    /// and audience (migration 0023), narrowed to the topic: the published modules
    /// [`Self::base`] wants, without reading a module row.
    pub(super) fn index_matches(&self) -> SelectStatement {
        let mut select = Query::select()
            .column((Alias::new("module_search"), Alias::new("rowid")))
            .from(Alias::new("module_search"))
            .and_where(Expr::cust_with_values(
                "module_search MATCH ?",
                [fts_query(self)],
            ))
            .to_owned();
        if let Some(topic) = &self.topic {
            select.and_where(
                Expr::col((Alias::new("module_search"), Alias::new("rowid"))).in_subquery(
                    Query::select()
                        .column(module_topic::Column::ModuleId)
                        .from(module_topic::Entity)
                        .and_where(Expr::col(module_topic::Column::TopicCode).eq(topic.clone()))
                        .to_owned(),
                ),
            );
        }
        select
    }

    /// Upcoming published offerings (under `alias`), narrowed by the offering filters.
    pub(super) fn upcoming(&self, alias: &str) -> Condition {
        let today = self.today;
        let col = |c: offering::Column| Expr::col((Alias::new(alias), c));
        // Constants as literals, as in [`published`]; the language comes from the closed set
        // of locales. The country is the caller's text, so it stays bound.
        Cond::all()
            .add(col(offering::Column::Status).eq(literal(OfferingStatus::Published.code())))
            .add(col(offering::Column::StartsOn).gte(day(today)))
            .add_option(
                self.language
                    .map(|l| col(offering::Column::Language).eq(literal(l.code()))),
            )
            .add_option(
                self.country
                    .clone()
                    .map(|c| col(offering::Column::Country).eq(c)),
            )
            // A seat someone could still take: free, and enrolment not yet closed.
            .add_option(self.seats_available.then(|| {
                Cond::all()
                    .add(col(offering::Column::SeatsTaken).lt(col(offering::Column::Capacity)))
                    .add(col(offering::Column::EnrollmentCloses).gte(day(today)))
            }))
    }

    /// [`Self::upcoming`], of the module being read.
    pub(super) fn of_the_module(&self, alias: &str) -> Condition {
        self.upcoming(alias).add(
            Expr::col((Alias::new(alias), offering::Column::ModuleId))
                .equals((module::Entity, module::Column::Id)),
        )
    }

    /// The module whose id is `table`.`column` has an upcoming offering that passes the
    /// offering filters.
    pub(super) fn has_upcoming_by_id(&self, table: &str, column: &str) -> Expr {
        Expr::exists(
            Query::select()
                .expr(Expr::val(1))
                .from_as(offering::Entity, Alias::new("u"))
                .cond_where(
                    self.upcoming("u").add(
                        Expr::col((Alias::new("u"), offering::Column::ModuleId))
                            .equals((Alias::new(table), Alias::new(column))),
                    ),
                )
                .to_owned(),
        )
    }

    /// The module has an upcoming offering that passes the offering filters.
    pub(super) fn has_upcoming(&self) -> Expr {
        Expr::exists(
            Query::select()
                .expr(Expr::val(1))
                .from_as(offering::Entity, Alias::new("u"))
                .cond_where(self.of_the_module("u"))
                .to_owned(),
        )
    }

    /// What the module itself must be (besides having an upcoming offering, when asked).
    /// With `drive` false, SQLite is kept from starting from the word matches
    /// ([`words_match`]).
    pub(super) fn base(&self, backend: DatabaseBackend, drive: bool) -> Condition {
        let m = |c: module::Column| Expr::col((module::Entity, c));
        // Mode and audience are parsed into our own codes and written as literals, as in
        // [`published`]: both are in an index (migration 0014), so SQLite would otherwise prepare
        // the statement again on every run.
        let mut wanted = Cond::all();
        if !self.words.is_empty() && backend == DatabaseBackend::Sqlite {
            // SQLite's full-text index holds only published modules, with their mode and
            // audience (migrations 0013 and 0023): its matches need no other check.
            wanted = wanted.add(words_match(backend, self, drive));
        } else {
            wanted = wanted.add(m(module::Column::Status).eq(published()));
            if !self.words.is_empty() {
                wanted = wanted.add(words_match(backend, self, drive));
            }
            if let Some(mode) = self.mode {
                wanted = wanted.add(m(module::Column::DeliveryMode).eq(literal(mode.code())));
            }
            if let Some(audience) = self.audience {
                // A module for both audiences suits either.
                wanted = wanted.add(
                    m(module::Column::Audience)
                        .is_in([literal(audience.code()), literal(Audience::Both.code())]),
                );
            }
        }
        if let Some(topic) = &self.topic {
            wanted = wanted.add(
                m(module::Column::Id).in_subquery(
                    Query::select()
                        .column(module_topic::Column::ModuleId)
                        .from(module_topic::Entity)
                        .and_where(Expr::col(module_topic::Column::TopicCode).eq(topic.clone()))
                        .to_owned(),
                ),
            );
        }
        wanted
    }

    /// Read from the offerings themselves: right whatever the filters and the hour.
    pub(super) fn exact(&self, backend: DatabaseBackend, drive: bool) -> Condition {
        self.base(backend, drive)
            .add_option(self.offering_filtered().then(|| self.has_upcoming()))
    }
}

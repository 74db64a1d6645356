//! The result cards: what one shows, read in one statement, and the cards of modules already
//! ranked.

use super::*;

/// Separates topic names in the one text column a result row carries them in (the ASCII unit
/// separator, which no name contains).
const NAME_SEPARATOR: char = '\u{1f}';

/// What a result card shows, as one row: the module's own columns, its next start, and its
/// topic names in the reader's language joined by [`NAME_SEPARATOR`].
pub(super) fn card_select(backend: DatabaseBackend, locale: Locale) -> SelectStatement {
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
pub(super) struct CardRow {
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
    /// The card, its texts in `locale`.
    pub(super) fn into_card(self, locale: Locale) -> ModuleCard {
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
        .map(|name| (crate::catalog::service::fold(name), name.to_string()))
        .collect();
    names.sort();
    names.into_iter().map(|(_, name)| name).collect()
}

/// A module's place in the results.
#[derive(FromQueryResult)]
pub(super) struct Ranked {
    pub(super) id: i64,
    pub(super) next_start: Option<NaiveDate>,
}

/// The cards of the `ranked` modules, in their order, in one statement.
pub(super) async fn cards_of(
    db: &DatabaseConnection,
    locale: Locale,
    ranked: Vec<Ranked>,
) -> Result<Vec<ModuleCard>, DomainError> {
    let m = |c: module::Column| Expr::col((module::Entity, c));
    let ids: Vec<i64> = ranked.iter().map(|r| r.id).collect();
    let mut select = card_select(db.get_database_backend(), locale);
    select.and_where(m(module::Column::Id).is_in(ids));
    let mut found: HashMap<i64, CardRow> = fetch::<CardRow>(db, select)
        .await?
        .into_iter()
        .map(|row| (row.id, row))
        .collect();
    Ok(ranked
        .into_iter()
        .filter_map(|r| {
            let mut row = found.remove(&r.id)?;
            row.next_start = r.next_start;
            Some(row.into_card(locale))
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::{NAME_SEPARATOR, sorted_names};

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
}

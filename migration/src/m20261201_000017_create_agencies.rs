//! The registry of agencies, the move of every agency named in free text onto it, and the
//! organising agency of modules.
//!
//! Until now `users.agency` and `offerings.host_agency` were whatever a person typed, so
//! "Policía Nacional del Perú" and "policia nacional del peru " were two agencies. This
//! migration creates `agencies` (one row per name and country, the name compared after
//! trimming, NFC normalisation and Unicode case folding), creates one row per distinct name
//! and country found in users and offerings, and points `users.agency_id` and
//! `offerings.host_agency_id` at it. What it merged is printed, one line per merged group, so
//! whoever runs the migration sees which spellings became one agency.
//!
//! The text columns stay, holding the agency's name as it was typed, until every reader has
//! moved to the id.
//!
//! `name_key` is the compared form. Its function is copied here on purpose: a migration is
//! frozen history and may not call the application's code, which may change later.

use std::collections::BTreeMap;

use caseless::default_case_fold_str;
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, FromQueryResult, Statement};
use unicode_normalization::UnicodeNormalization;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(Iden)]
enum Agencies {
    Table,
    Id,
    Name,
    ShortName,
    Country,
    Kind,
    NameKey,
    CreatedAt,
    UpdatedAt,
}

#[derive(Iden)]
enum Users {
    Table,
    Id,
    AgencyId,
}

#[derive(Iden)]
enum Offerings {
    Table,
    Id,
    HostAgencyId,
}

#[derive(Iden)]
enum Modules {
    Table,
    OrganisingAgencyId,
}

/// The compared form of an agency name: NFC, trimmed, inner runs of spaces made one, and
/// Unicode case folding (so "Polícia" and "POLÍCIA" are one name, on either engine).
fn name_key(name: &str) -> String {
    let composed: String = name.nfc().collect();
    let spaced = composed.split_whitespace().collect::<Vec<_>>().join(" ");
    default_case_fold_str(&spaced).nfc().collect()
}

/// Initials of the capitalised words ("Policía Nacional del Perú" → "PNP"), or the name itself
/// when that gives fewer than two letters. Administrators correct it on the agencies page.
fn short_name(name: &str) -> String {
    let initials: String = name
        .split_whitespace()
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase())
        .collect();
    if initials.chars().count() >= 2 {
        initials.chars().take(30).collect()
    } else {
        name.trim().chars().take(30).collect()
    }
}

/// A first guess at the kind, from who belongs to it and its name.
fn kind(name_key: &str, any_police_member: bool) -> &'static str {
    let has = |words: &[&str]| words.iter().any(|w| name_key.contains(w));
    if has(&["univers", "academia de ciencias", "instituto de investig"]) {
        "academic"
    } else if has(&[
        "organización de los estados",
        "organization of american",
        "oea",
        "oas ",
    ]) {
        "international"
    } else if any_police_member
        || has(&[
            "polic", "políc", "carabin", "gendarm", "guardia", "guarda", "sûreté", "police",
        ])
    {
        "police"
    } else {
        "government"
    }
}

#[derive(FromQueryResult)]
struct Named {
    id: i64,
    name: String,
    country: String,
    police: bool,
}

/// One agency to create, with every spelling found and the rows that named it.
#[derive(Default)]
struct Group {
    spellings: BTreeMap<String, usize>,
    police: bool,
    users: Vec<i64>,
    offerings: Vec<i64>,
}

impl Group {
    /// The spelling most rows used; on a tie, one in mixed case ("Polícia Federal" rather than
    /// "POLÍCIA FEDERAL") and already composed (NFC). Returned composed, spaces collapsed.
    fn name(&self) -> String {
        let rank = |spelling: &str, count: usize| {
            let mixed = spelling.chars().any(char::is_lowercase)
                && spelling.chars().any(char::is_uppercase);
            let composed = spelling.nfc().eq(spelling.chars());
            (count, mixed, composed)
        };
        self.spellings
            .iter()
            .max_by(|(a, x), (b, y)| rank(a, **x).cmp(&rank(b, **y)).then_with(|| b.cmp(a)))
            .map(|(s, _)| {
                let composed: String = s.nfc().collect();
                composed.split_whitespace().collect::<Vec<_>>().join(" ")
            })
            .unwrap_or_default()
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Agencies::Table)
                    .col(
                        ColumnDef::new(Agencies::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    // In the agency's own language, as it writes it.
                    .col(ColumnDef::new(Agencies::Name).string_len(200).not_null())
                    .col(
                        ColumnDef::new(Agencies::ShortName)
                            .string_len(30)
                            .not_null(),
                    )
                    // ISO 3166-1 alpha-2.
                    .col(ColumnDef::new(Agencies::Country).string_len(2).not_null())
                    .col(
                        ColumnDef::new(Agencies::Kind)
                            .string_len(24)
                            .not_null()
                            .check(Expr::col(Agencies::Kind).is_in([
                                "police",
                                "government",
                                "civil_society",
                                "academic",
                                "international",
                            ])),
                    )
                    .col(ColumnDef::new(Agencies::NameKey).string_len(400).not_null())
                    .col(
                        ColumnDef::new(Agencies::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Agencies::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;
        // One agency per name and country: a second spelling of the same name is a conflict.
        manager
            .create_index(
                Index::create()
                    .name("ux_agencies_country_name_key")
                    .table(Agencies::Table)
                    .col(Agencies::Country)
                    .col(Agencies::NameKey)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(ColumnDef::new(Users::AgencyId).big_integer().null())
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Offerings::Table)
                    .add_column(ColumnDef::new(Offerings::HostAgencyId).big_integer().null())
                    .to_owned(),
            )
            .await?;
        // The agency that builds and owns a module, so that two agencies' modules on one subject
        // can be shown to each other's authors. Unknown for the modules made before.
        manager
            .alter_table(
                Table::alter()
                    .table(Modules::Table)
                    .add_column(
                        ColumnDef::new(Modules::OrganisingAgencyId)
                            .big_integer()
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, table, column) in [
            (
                "idx_users_agency_id",
                Users::Table.to_string(),
                Users::AgencyId.to_string(),
            ),
            (
                "idx_offerings_host_agency_id",
                Offerings::Table.to_string(),
                Offerings::HostAgencyId.to_string(),
            ),
            (
                "idx_modules_organising_agency_id",
                Modules::Table.to_string(),
                Modules::OrganisingAgencyId.to_string(),
            ),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(Alias::new(table))
                        .col(Alias::new(column))
                        .to_owned(),
                )
                .await?;
        }
        move_text_to_rows(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, table) in [
            ("idx_users_agency_id", Users::Table.to_string()),
            ("idx_offerings_host_agency_id", Offerings::Table.to_string()),
            (
                "idx_modules_organising_agency_id",
                Modules::Table.to_string(),
            ),
        ] {
            manager
                .drop_index(Index::drop().name(name).table(Alias::new(table)).to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Modules::Table)
                    .drop_column(Modules::OrganisingAgencyId)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Offerings::Table)
                    .drop_column(Offerings::HostAgencyId)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .drop_column(Users::AgencyId)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(Agencies::Table).to_owned())
            .await
    }
}

/// Creates one agency per distinct (country, name key) named by a person or an offering, and
/// links the rows to it.
async fn move_text_to_rows(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let backend = manager.get_database_backend();
    let people = Named::find_by_statement(Statement::from_string(
        backend,
        "SELECT id, agency AS name, country, affiliation = 'police' AS police FROM users",
    ))
    .all(db)
    .await?;
    let hosts = Named::find_by_statement(Statement::from_string(
        backend,
        "SELECT id, host_agency AS name, country, 1 = 0 AS police FROM offerings",
    ))
    .all(db)
    .await?;
    let mut groups: BTreeMap<(String, String), Group> = BTreeMap::new();
    for (rows, is_person) in [(people, true), (hosts, false)] {
        for row in rows {
            let key = name_key(&row.name);
            if key.is_empty() {
                continue;
            }
            let group = groups.entry((row.country.to_uppercase(), key)).or_default();
            *group
                .spellings
                .entry(row.name.trim().to_string())
                .or_default() += 1;
            group.police |= row.police;
            if is_person {
                group.users.push(row.id);
            } else {
                group.offerings.push(row.id);
            }
        }
    }
    let now = chrono_now(backend);
    for ((country, key), group) in &groups {
        let name = group.name();
        if group.spellings.len() > 1 {
            let all: Vec<&str> = group.spellings.keys().map(String::as_str).collect();
            println!("agencies: merged {all:?} ({country}) into \"{name}\"");
        }
        let insert = Query::insert()
            .into_table(Agencies::Table)
            .columns([
                Agencies::Name,
                Agencies::ShortName,
                Agencies::Country,
                Agencies::Kind,
                Agencies::NameKey,
                Agencies::CreatedAt,
                Agencies::UpdatedAt,
            ])
            .values_panic([
                name.clone().into(),
                short_name(&name).into(),
                country.clone().into(),
                kind(key, group.police).into(),
                key.clone().into(),
                now.clone(),
                now.clone(),
            ])
            .to_owned();
        manager.exec_stmt(insert).await?;
        let found = Query::select()
            .column(Agencies::Id)
            .from(Agencies::Table)
            .and_where(Expr::col(Agencies::Country).eq(country.clone()))
            .and_where(Expr::col(Agencies::NameKey).eq(key.clone()))
            .to_owned();
        let row = db
            .query_one_raw(backend.build(&found))
            .await?
            .ok_or_else(|| DbErr::Custom(format!("agency {name} ({country}) not created")))?;
        let id: i64 = row.try_get("", "id")?;
        for chunk in group.users.chunks(500) {
            let update = Query::update()
                .table(Users::Table)
                .value(Users::AgencyId, id)
                .and_where(Expr::col(Users::Id).is_in(chunk.iter().copied()))
                .to_owned();
            manager.exec_stmt(update).await?;
        }
        for chunk in group.offerings.chunks(500) {
            let update = Query::update()
                .table(Offerings::Table)
                .value(Offerings::HostAgencyId, id)
                .and_where(Expr::col(Offerings::Id).is_in(chunk.iter().copied()))
                .to_owned();
            manager.exec_stmt(update).await?;
        }
    }
    println!(
        "agencies: {} created from the names in users and offerings",
        groups.len()
    );
    Ok(())
}

/// The current time as each engine stores a timestamp with time zone (RFC 3339 text in SQLite,
/// as sqlx writes it).
fn chrono_now(backend: sea_orm_migration::sea_orm::DatabaseBackend) -> SimpleExpr {
    match backend {
        sea_orm_migration::sea_orm::DatabaseBackend::Sqlite => {
            Expr::cust("strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')")
        }
        _ => Expr::cust("CURRENT_TIMESTAMP"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_compare_after_nfc_case_folding_and_spaces() {
        let cases: &[(&str, &str, bool)] = &[
            ("Polícia Federal", "POLÍCIA FEDERAL", true),
            // "í" precomposed against "i" + combining acute (NFD).
            ("Polícia Federal", "Poli\u{301}cia Federal", true),
            (" Policía  Nacional ", "policía nacional", true),
            ("Straße", "STRASSE", true),
            ("Policía Nacional", "Policia Nacional", false),
            ("Carabineros de Chile", "Carabineros", false),
        ];
        for (a, b, same) in cases {
            assert_eq!(name_key(a) == name_key(b), *same, "{a:?} vs {b:?}");
        }
    }

    #[test]
    fn short_names_are_initials_of_capitalised_words() {
        assert_eq!(short_name("Policía Nacional del Perú"), "PNP");
        assert_eq!(short_name("Carabineros de Chile"), "CC");
        assert_eq!(short_name("gendarmería"), "gendarmería");
    }

    #[test]
    fn kind_is_guessed_from_members_and_name() {
        assert_eq!(kind(&name_key("Universidad de Chile"), false), "academic");
        assert_eq!(
            kind(&name_key("Ministerio del Interior"), false),
            "government"
        );
        assert_eq!(kind(&name_key("Ministerio del Interior"), true), "police");
        assert_eq!(kind(&name_key("Gendarmerie nationale"), false), "police");
    }
}

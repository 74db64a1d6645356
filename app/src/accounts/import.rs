//! Bulk import of officers from a CSV file, with a dry run.
//!
//! The file has a header row naming its columns: `email`, `full_name`, `country`, `agency`,
//! `rank`, `affiliation`, `roles` (several separated by `;`), and optionally
//! `preferred_language` (default: the importer's language). Every line is checked before
//! anything is written, and the import is all or nothing: one bad line and no account is
//! created, so a corrected file can simply be imported again.

use std::collections::{HashMap, HashSet};

use entity::user;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

use super::registration::{Invitation, check_invitation, may_invite};
use super::rules::ProfileInput;
use crate::auth::CurrentUser;
use crate::error::DomainError;
use crate::i18n::{Key, Locale};
use crate::site::Site;

/// Lines beyond this are refused: a larger roster is imported in parts.
pub const MAX_LINES: usize = 2000;

/// The columns a file must have.
pub const REQUIRED_COLUMNS: [&str; 7] = [
    "email",
    "full_name",
    "country",
    "agency",
    "rank",
    "affiliation",
    "roles",
];

pub use super::{ImportBatchView, ImportLine, ImportReport};

/// One parsed data line: its number and its cells by column name.
type Row = (usize, HashMap<String, String>);

/// Reads the file into rows. A missing column or an unreadable file is a field error on `csv`.
pub fn parse_rows(text: &str) -> Result<Vec<Row>, Key> {
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|_| Key::ImportUnreadable)?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    if REQUIRED_COLUMNS
        .iter()
        .any(|column| !headers.iter().any(|h| h == column))
    {
        return Err(Key::ImportColumnsMissing);
    }
    let mut rows = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let record = record.map_err(|_| Key::ImportUnreadable)?;
        // The line the record starts on, as an editor shows it. Counted from the byte offset:
        // the reader's own line count passes over blank lines.
        // The reported offset is where reading resumed, before any blank lines it skipped.
        let line = record
            .position()
            .and_then(|p| usize::try_from(p.byte()).ok())
            .and_then(|byte| {
                let rest = text.get(byte..)?;
                let skipped = rest.len() - rest.trim_start_matches(['\r', '\n']).len();
                text.get(..byte + skipped)
            })
            .map_or(index + 2, |before| before.matches('\n').count() + 1);
        if record.iter().all(str::is_empty) {
            continue;
        }
        if rows.len() == MAX_LINES {
            return Err(Key::ImportTooLarge);
        }
        let cells = headers
            .iter()
            .cloned()
            .zip(record.iter().map(str::to_string))
            .collect();
        rows.push((line, cells));
    }
    if rows.is_empty() {
        return Err(Key::ImportEmpty);
    }
    Ok(rows)
}

/// Checks (and unless `dry_run`, writes) an import. Administrators may import anyone;
/// coordinators trainees of their own agency.
pub async fn import_people(
    db: &DatabaseConnection,
    site: &Site,
    caller: &CurrentUser,
    text: &str,
    dry_run: bool,
    locale: Locale,
) -> Result<ImportReport, DomainError> {
    if !may_invite(caller) {
        return Err(DomainError::Forbidden);
    }
    let rows = parse_rows(text).map_err(|key| DomainError::invalid("csv", key))?;
    let importer_language = Locale::from_code(&caller.preferred_language).unwrap_or(locale);

    let emails: Vec<String> = rows
        .iter()
        .filter_map(|(_, cells)| cells.get("email"))
        .map(|e| e.trim().to_lowercase())
        .collect();
    let mut taken: HashSet<String> = HashSet::new();
    for chunk in emails.chunks(500) {
        let found = user::Entity::find()
            .filter(user::Column::Email.is_in(chunk.to_vec()))
            .all(db)
            .await?;
        taken.extend(found.into_iter().map(|u| u.email));
    }

    let mut seen: HashSet<String> = HashSet::new();
    // One lookup per distinct (country, agency) of the file, not one per line.
    let mut agencies: std::collections::HashMap<
        (String, String),
        Result<entity::agency::Model, Key>,
    > = std::collections::HashMap::new();
    let mut report = ImportReport::default();
    let mut ready = Vec::new();
    for (line, cells) in rows {
        let cell = |name: &str| cells.get(name).cloned().unwrap_or_default();
        let email = cell("email");
        let invitation = Invitation {
            email: email.clone(),
            profile: ProfileInput {
                full_name: cell("full_name"),
                country: cell("country"),
                agency: cell("agency"),
                rank: cell("rank"),
                affiliation: cell("affiliation").to_lowercase(),
                gender: String::new(),
                preferred_language: cells
                    .get("preferred_language")
                    .filter(|l| !l.is_empty())
                    .cloned()
                    .unwrap_or_else(|| importer_language.code().to_string()),
            },
            roles: cell("roles")
                .split([';', '|'])
                .map(|r| r.trim().to_lowercase())
                .filter(|r| !r.is_empty())
                .collect(),
        };
        let mut problems = Vec::new();
        let place = (
            invitation.profile.country.trim().to_uppercase(),
            invitation.profile.agency.trim().to_string(),
        );
        if !agencies.contains_key(&place) {
            let found = crate::agencies::registry::resolve(db, &place.0, &place.1).await?;
            agencies.insert(place.clone(), found);
        }
        let agency = agencies
            .get(&place)
            .map_or(Err(Key::MembershipRegistryUnknown), |a| {
                a.as_ref().map_err(|k| *k)
            });
        match check_invitation(caller, &invitation, agency) {
            Ok(new) => {
                let address = new.email.as_str().to_string();
                if taken.contains(&address) {
                    problems.push(locale.text(Key::AccountEmailTaken).to_string());
                } else if !seen.insert(address) {
                    problems.push(locale.text(Key::ImportDuplicate).to_string());
                } else {
                    ready.push(new);
                }
            }
            Err(fields) => problems.extend(fields.into_iter().map(|f| f.text(locale))),
        }
        report.lines.push(ImportLine {
            line,
            email,
            problems,
        });
    }
    report.accepted = ready.len();
    if dry_run || report.rejected().next().is_some() {
        return Ok(report);
    }
    super::registration::write_invitations(db, site, caller, ready).await?;
    report.written = true;
    Ok(report)
}

const CHECKED: &str = "checked";
const IMPORTED: &str = "imported";

/// Checks a file and keeps it with its report, for the person to review and confirm. Returns the
/// batch's id. Nothing else is written.
pub async fn check_import(
    db: &DatabaseConnection,
    site: &Site,
    caller: &CurrentUser,
    file_name: Option<String>,
    text: &str,
    locale: Locale,
) -> Result<i64, DomainError> {
    let report = import_people(db, site, caller, text, true, locale).await?;
    let batch = entity::import_batch::ActiveModel {
        created_by: Set(caller.id),
        created_at: Set(chrono::Utc::now()),
        file_name: Set(file_name.map(|n| n.chars().take(200).collect())),
        csv_text: Set(text.to_string()),
        report: Set(serde_json::to_string(&report)
            .map_err(|e| DomainError::Internal(format!("report: {e}")))?),
        status: Set(CHECKED.to_string()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(batch.id)
}

async fn own_batch(
    db: &impl sea_orm::ConnectionTrait,
    caller: &CurrentUser,
    batch_id: i64,
) -> Result<entity::import_batch::Model, DomainError> {
    // Someone else's batch is "not found": ids reveal nothing.
    entity::import_batch::Entity::find_by_id(batch_id)
        .one(db)
        .await?
        .filter(|b| b.created_by == caller.id)
        .ok_or(DomainError::NotFound)
}

/// A checked or imported batch of the caller's.
pub async fn load_import(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    batch_id: i64,
) -> Result<ImportBatchView, DomainError> {
    if !may_invite(caller) {
        return Err(DomainError::Forbidden);
    }
    let batch = own_batch(db, caller, batch_id).await?;
    Ok(ImportBatchView {
        id: batch.id,
        file_name: batch.file_name,
        imported: batch.status == IMPORTED,
        report: serde_json::from_str(&batch.report)
            .map_err(|e| DomainError::Internal(format!("stored report: {e}")))?,
    })
}

/// Imports a checked batch: the file is checked again (accounts may have appeared since), then
/// every person is created and invited, or none. A batch is imported once: the status changes
/// with a conditional update.
pub async fn confirm_import(
    db: &DatabaseConnection,
    site: &Site,
    caller: &CurrentUser,
    batch_id: i64,
    locale: Locale,
) -> Result<ImportBatchView, DomainError> {
    if !may_invite(caller) {
        return Err(DomainError::Forbidden);
    }
    let batch = own_batch(db, caller, batch_id).await?;
    if batch.status == IMPORTED {
        return Err(DomainError::Conflict(Key::ImportAlreadyDone));
    }
    let claimed = entity::import_batch::Entity::update_many()
        .col_expr(
            entity::import_batch::Column::Status,
            sea_orm::sea_query::Expr::value(IMPORTED),
        )
        .filter(entity::import_batch::Column::Id.eq(batch_id))
        .filter(entity::import_batch::Column::Status.eq(CHECKED))
        .exec(db)
        .await?;
    if claimed.rows_affected != 1 {
        return Err(DomainError::Conflict(Key::ImportAlreadyDone));
    }
    let outcome = import_people(db, site, caller, &batch.csv_text, false, locale).await;
    let report = match outcome {
        Ok(report) => report,
        Err(e) => {
            reopen(db, batch_id).await?;
            return Err(e);
        }
    };
    let stored = serde_json::to_string(&report)
        .map_err(|e| DomainError::Internal(format!("report: {e}")))?;
    entity::import_batch::Entity::update_many()
        .col_expr(
            entity::import_batch::Column::Report,
            sea_orm::sea_query::Expr::value(stored),
        )
        .filter(entity::import_batch::Column::Id.eq(batch_id))
        .exec(db)
        .await?;
    if !report.written {
        reopen(db, batch_id).await?;
    }
    Ok(ImportBatchView {
        id: batch_id,
        file_name: batch.file_name,
        imported: report.written,
        report,
    })
}

async fn reopen(db: &DatabaseConnection, batch_id: i64) -> Result<(), DomainError> {
    entity::import_batch::Entity::update_many()
        .col_expr(
            entity::import_batch::Column::Status,
            sea_orm::sea_query::Expr::value(CHECKED),
        )
        .filter(entity::import_batch::Column::Id.eq(batch_id))
        .exec(db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_read_by_column_name() {
        let text = "\u{feff}Email,Full_Name,Country,Agency,Rank,Affiliation,Roles\n\
                    ana@pnp.gob.pe, Ana Soto ,PE,PNP,Mayor,police,trainee\n\
                    \n\
                    \"luis@pnp.gob.pe\",\"Soto, Luis\",PE,PNP,,civilian,trainee;instructor\n";
        let rows = parse_rows(text).expect("readable");
        assert_eq!(rows.len(), 2, "blank lines are skipped");
        assert_eq!(rows[0].0, 2);
        assert_eq!(rows[0].1["full_name"], "Ana Soto");
        assert_eq!(rows[1].0, 4, "line numbers count the blank line");
        assert_eq!(rows[1].1["full_name"], "Soto, Luis");
        assert_eq!(rows[1].1["roles"], "trainee;instructor");
    }

    #[test]
    fn unusable_files_say_why() {
        type Case = (&'static str, Key);
        let cases: &[Case] = &[
            (
                "email,full_name\nana@x.org,Ana\n",
                Key::ImportColumnsMissing,
            ),
            (
                "email,full_name,country,agency,rank,affiliation,roles\n",
                Key::ImportEmpty,
            ),
            ("", Key::ImportColumnsMissing),
        ];
        for (text, key) in cases {
            assert_eq!(parse_rows(text).map(|r| r.len()), Err(*key), "{text:?}");
        }
        let mut big = String::from("email,full_name,country,agency,rank,affiliation,roles\n");
        for i in 0..=MAX_LINES {
            big.push_str(&format!("p{i}@x.org,P {i},PE,PNP,,police,trainee\n"));
        }
        assert_eq!(parse_rows(&big).map(|r| r.len()), Err(Key::ImportTooLarge));
    }
}

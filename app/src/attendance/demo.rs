//! Demo attendance: the course under way (human rights, Mexico City, in its second week) lets
//! its trainees check themselves in, and meets twice live online besides its on-site week:
//! yesterday (held, its roll call taken, one mark corrected with a reason) and today, with
//! check-in open from the moment the demo is loaded, so the code, the QR code and the trainee's
//! check-in page all have something real to show.
//!
//! The live sessions are written here directly, as the learning demo moves the course's dates:
//! the offering service would (rightly) refuse a session that has already begun.

use chrono::{Duration, Utc};
use entity::{offering, offering_session};
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, IntoActiveModel, Set};

use super::rules::MarkInput;
use super::service::roll_call::record;
use super::service::trainees_of;
use crate::accounts::Role;
use crate::enrollment::demo::{as_caller, offering_of};
use crate::error::DomainError;

/// The course under way (as `learning::demo` names it).
const MODULE: &str = "PICAP-PHR-101";
const COUNTRY: &str = "MX";
const MEETING: &str = "https://meet.example.org/picap-phr-101-mx";

/// Loads the demo attendance; run after the learning demo.
pub async fn seed(db: &DatabaseConnection) -> Result<(), DomainError> {
    let offering_id = offering_of(db, MODULE, COUNTRY).await?;
    let row = offering::Entity::find_by_id(offering_id)
        .one(db)
        .await?
        .ok_or_else(|| DomainError::Internal("demo offering missing".into()))?;
    let mut changed = row.into_active_model();
    changed.self_check_in = Set(true);
    changed.update(db).await?;

    let now = Utc::now();
    let live = |starts_at, hours| offering_session::ActiveModel {
        offering_id: Set(offering_id),
        kind: Set(crate::catalog::codes::SessionKind::Live.code().to_string()),
        starts_at: Set(starts_at),
        ends_at: Set(starts_at + Duration::hours(hours)),
        timezone: Set("America/Mexico_City".to_string()),
        meeting_url: Set(Some(MEETING.to_string())),
        sequence: Set(0),
        ..Default::default()
    };
    let yesterday = live(now - Duration::hours(26), 2).insert(db).await?;
    // Begun ten minutes ago, for two hours: check-in is open while the demo is looked at.
    live(now - Duration::minutes(10), 2).insert(db).await?;

    let instructor = as_caller(db, "instructor@picap.example.org", vec![Role::Instructor]).await?;
    let trainees = trainees_of(db, offering_id).await?;
    let marks: Vec<MarkInput> = trainees
        .iter()
        .map(|t| {
            let (status, note) = match t.name.as_str() {
                "Carlos Ramírez" => ("late", "Joined 20 minutes late: connection problems"),
                "Rosa Martínez" => ("absent", ""),
                _ => ("present", ""),
            };
            MarkInput {
                enrollment_id: t.enrollment_id,
                status: status.into(),
                note: note.into(),
                was: None,
            }
        })
        .collect();
    let taken = yesterday.ends_at + Duration::minutes(5);
    record(db, &instructor, yesterday.id, &marks, "", taken).await?;
    // The next morning Rosa brings a medical certificate: a correction, with its reason.
    if let Some(rosa) = trainees.iter().find(|t| t.name == "Rosa Martínez") {
        let corrected = [MarkInput {
            enrollment_id: rosa.enrollment_id,
            status: "excused".into(),
            note: "Medical certificate".into(),
            was: Some("absent".into()),
        }];
        let reason = "Presented a medical certificate for the day of the session";
        record(
            db,
            &instructor,
            yesterday.id,
            &corrected,
            reason,
            now - Duration::hours(1),
        )
        .await?;
    }
    Ok(())
}

//! Where the reader stands with each offering of a module page: the same eligibility rule the
//! application itself goes through (`enrollment::rules::eligibility`), asked before the click
//! so the page can say "you may apply", "ask your agency for a nomination" or why not.
//!
//! Reads only; the application re-checks everything inside its own transaction.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::{enrollment, module};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use super::dto::{ModuleView, OfferingStanding, OfferingView, pick};
use super::service::json_map;
use crate::auth::CurrentUser;
use crate::auth::policy::{Action, Relation, allowed};
use crate::enrollment::EnrollmentStatus;
use crate::enrollment::rules::{Application, Ineligible, eligibility};
use crate::enrollment::service::{clash, missing_prerequisites};
use crate::error::DomainError;
use crate::i18n::Locale;

/// The reader's standing with each of `offerings` (all of one module), in their order.
pub async fn standings(
    db: &DatabaseConnection,
    reader: Option<&CurrentUser>,
    module: &ModuleView,
    offerings: &[OfferingView],
    locale: Locale,
    now: DateTime<Utc>,
) -> Result<Vec<(i64, OfferingStanding)>, DomainError> {
    let Some(reader) = reader else {
        let each = |o: &OfferingView| {
            let standing = if o.status == "published" {
                OfferingStanding::SignedOut
            } else {
                OfferingStanding::Nothing
            };
            (o.id, standing)
        };
        return Ok(offerings.iter().map(each).collect());
    };
    if !allowed(&reader.roles, Action::Apply, Relation::Own) || offerings.is_empty() {
        return Ok(offerings
            .iter()
            .map(|o| (o.id, OfferingStanding::Nothing))
            .collect());
    }
    // The reader's active applications to these offerings, by offering.
    let active: HashMap<i64, (i64, String)> = enrollment::Entity::find()
        .filter(enrollment::Column::UserId.eq(reader.id))
        .filter(enrollment::Column::OfferingId.is_in(offerings.iter().map(|o| o.id)))
        .filter(
            enrollment::Column::Status.is_in(
                EnrollmentStatus::ALL
                    .iter()
                    .filter(|s| s.is_active())
                    .map(|s| s.code()),
            ),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|e| (e.offering_id, (e.id, e.status)))
        .collect();
    let missing = missing_prerequisites(db, module.id, reader.id).await?;
    let missing_titles: Vec<(String, String)> = if missing.is_empty() {
        Vec::new()
    } else {
        module::Entity::find()
            .filter(module::Column::Code.is_in(missing.clone()))
            .all(db)
            .await?
            .into_iter()
            .map(|m| {
                let title = pick(&json_map(&m.title), locale);
                (m.code, title)
            })
            .collect()
    };
    let mut out = Vec::with_capacity(offerings.len());
    for offering in offerings {
        let (Ok(opens), Ok(closes)) = (
            offering.enrollment_opens.parse(),
            offering.enrollment_closes.parse(),
        ) else {
            out.push((offering.id, OfferingStanding::Nothing));
            continue;
        };
        let application = Application {
            now,
            published: offering.status == "published" && module.status == "published",
            enrollment_opens: opens,
            enrollment_closes: closes,
            audience: module.audience.clone(),
            affiliation: reader.affiliation.clone(),
            already_applied: active.contains_key(&offering.id),
            missing_prerequisites: missing.clone(),
            clash_with: clash(db, offering.id, reader.id).await?,
            hold: reader.hold,
        };
        let standing = match eligibility(&application) {
            Ok(()) if offering.enrollment_policy == "nomination" => {
                OfferingStanding::NeedsNomination
            }
            Ok(()) => OfferingStanding::MayApply {
                waitlist: offering.seats_left <= 0,
            },
            Err(reason) => {
                refusal(reason, &active, offering.id, &missing_titles, db, locale).await?
            }
        };
        out.push((offering.id, standing));
    }
    Ok(out)
}

/// The standing that says why the reader may not apply.
async fn refusal(
    reason: Ineligible,
    active: &HashMap<i64, (i64, String)>,
    offering_id: i64,
    missing_titles: &[(String, String)],
    db: &DatabaseConnection,
    locale: Locale,
) -> Result<OfferingStanding, DomainError> {
    Ok(match reason {
        Ineligible::NotPublished => OfferingStanding::Nothing,
        Ineligible::NotOpenYet(opens) => OfferingStanding::NotOpenYet {
            opens: opens.to_string(),
        },
        Ineligible::Closed(closed) => OfferingStanding::Closed {
            closed: closed.to_string(),
        },
        Ineligible::Audience(audience) => OfferingStanding::Audience { audience },
        Ineligible::AlreadyApplied => {
            let (enrollment_id, status) = active.get(&offering_id).cloned().unwrap_or_default();
            OfferingStanding::Applied {
                status,
                enrollment_id,
            }
        }
        Ineligible::Prerequisites(_) => OfferingStanding::Prerequisites {
            missing: missing_titles.to_vec(),
        },
        Ineligible::Unconfirmed(hold) => OfferingStanding::Unconfirmed { hold },
        Ineligible::Clash(code) => {
            let title = module::Entity::find()
                .filter(module::Column::Code.eq(code.clone()))
                .one(db)
                .await?
                .map(|m| pick(&json_map(&m.title), locale))
                .unwrap_or(code);
            OfferingStanding::Clash {
                module_title: title,
            }
        }
    })
}

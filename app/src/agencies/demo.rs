//! Demo agencies: the registry of the demo data, with real short names and kinds, in the
//! countries the demo people and offerings come from.

use chrono::Utc;
use entity::{agency, module};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

use super::dto::AgencyKind;
use super::rules::name_key;
use crate::error::DomainError;

/// (country, name, short name, kind).
const AGENCIES: &[(&str, &str, &str, AgencyKind)] = &[
    (
        "AR",
        "Ministerio de Seguridad",
        "MinSeg",
        AgencyKind::Government,
    ),
    ("BR", "Polícia Federal", "PF", AgencyKind::Police),
    (
        "BR",
        "Polícia Militar do Estado de São Paulo",
        "PMESP",
        AgencyKind::Police,
    ),
    (
        "BR",
        "Ministério da Justiça e Segurança Pública",
        "MJSP",
        AgencyKind::Government,
    ),
    (
        "BR",
        "Fórum Brasileiro de Segurança Pública",
        "FBSP",
        AgencyKind::CivilSociety,
    ),
    ("CA", "Public Safety Canada", "PS", AgencyKind::Government),
    (
        "CL",
        "Carabineros de Chile",
        "Carabineros",
        AgencyKind::Police,
    ),
    (
        "CO",
        "Policía Nacional de Colombia",
        "PONAL",
        AgencyKind::Police,
    ),
    (
        "CO",
        "Alcaldía de Medellín",
        "Medellín",
        AgencyKind::Government,
    ),
    (
        "CR",
        "Ministerio de Seguridad Pública",
        "MSP",
        AgencyKind::Government,
    ),
    ("DO", "Policía Nacional", "PN", AgencyKind::Police),
    ("GT", "Policía Nacional Civil", "PNC", AgencyKind::Police),
    ("HT", "Police Nationale d'Haïti", "PNH", AgencyKind::Police),
    (
        "JM",
        "Jamaica Constabulary Force",
        "JCF",
        AgencyKind::Police,
    ),
    (
        "MX",
        "Secretaría de Seguridad y Protección Ciudadana",
        "SSPC",
        AgencyKind::Government,
    ),
    (
        "MX",
        "Universidad Nacional Autónoma de México",
        "UNAM",
        AgencyKind::Academic,
    ),
    ("PA", "Policía Nacional de Panamá", "PN", AgencyKind::Police),
    ("PE", "Policía Nacional del Perú", "PNP", AgencyKind::Police),
    (
        "PE",
        "Ministerio del Interior",
        "MININTER",
        AgencyKind::Government,
    ),
    (
        "PY",
        "Policía Nacional del Paraguay",
        "PN",
        AgencyKind::Police,
    ),
    ("SV", "Policía Nacional Civil", "PNC", AgencyKind::Police),
    (
        "TT",
        "Trinidad and Tobago Police Service",
        "TTPS",
        AgencyKind::Police,
    ),
    (
        "US",
        "Organization of American States",
        "OAS",
        AgencyKind::International,
    ),
    (
        "UY",
        "Ministerio del Interior",
        "MI",
        AgencyKind::Government,
    ),
];

/// Creates the demo agencies, then links every person and offering to theirs.
pub async fn seed(db: &DatabaseConnection) -> Result<(), DomainError> {
    let now = Utc::now();
    for (country, name, short_name, kind) in AGENCIES {
        // The demo people were linked as they were created: give their rows the real short name
        // and kind; add the agencies nobody named yet.
        match super::service::find_by_name(db, country, name).await? {
            Some(found) => {
                let mut row: agency::ActiveModel = found.into();
                row.short_name = Set(short_name.to_string());
                row.kind = Set(kind.code().to_string());
                row.update(db).await?;
            }
            None => {
                agency::ActiveModel {
                    name: Set(name.to_string()),
                    short_name: Set(short_name.to_string()),
                    country: Set(country.to_string()),
                    kind: Set(kind.code().to_string()),
                    name_key: Set(name_key(name)),
                    created_at: Set(now),
                    updated_at: Set(now),
                    ..Default::default()
                }
                .insert(db)
                .await?;
            }
        }
    }
    super::service::link_named(db).await?;
    // Who builds which demo modules: several agencies, so that lookalikes across agencies show.
    for (prefix, country, name) in ORGANISERS {
        let Some(organiser) = super::service::find_by_name(db, country, name).await? else {
            continue;
        };
        module::Entity::update_many()
            .col_expr(
                module::Column::OrganisingAgencyId,
                Expr::value(organiser.id),
            )
            .filter(module::Column::Code.starts_with(*prefix))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// (module code prefix, country, organising agency), the more specific prefixes last.
const ORGANISERS: &[(&str, &str, &str)] = &[
    ("PICAP-", "US", "Organization of American States"),
    ("PICAP-PHR-1", "PE", "Policía Nacional del Perú"),
    ("PICAP-CPP-", "CO", "Policía Nacional de Colombia"),
    ("PICAP-OCI-", "BR", "Polícia Federal"),
];

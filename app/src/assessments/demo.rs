//! Demo practical test: the course under way in Mexico City has a use-of-force and detention
//! scenario, observed for two of its four trainees (one passed; one failed on a critical
//! criterion despite a fair score), results not released yet, so the instructor can finish the
//! sheet on a phone and release it.

use chrono::{Duration, Utc};
use sea_orm::DatabaseConnection;

use super::codes::CriterionMark::{self, Met, NotMet, NotObserved};
use super::rules::{CriterionInput, TestInput};
use super::service::{criteria_of, observe, practical};
use crate::accounts::Role;
use crate::attendance::service::trainees_of;
use crate::enrollment::demo::{as_caller, offering_of};
use crate::error::DomainError;

/// (criterion, points, critical)
const CHECKLIST: [(&str, &str, bool); 5] = [
    (
        "Se identifica como policía y explica el motivo de la intervención",
        "1",
        false,
    ),
    (
        "Usa la fuerza mínima necesaria y la reduce en cuanto cesa la resistencia",
        "2",
        true,
    ),
    (
        "Informa a la persona de sus derechos al detenerla",
        "2",
        true,
    ),
    (
        "Revisa las esposas y la postura para evitar la asfixia posicional",
        "1",
        false,
    ),
    (
        "Registra la cadena de custodia con hora, nombre y firma",
        "1",
        false,
    ),
];

/// Loads the demo practical test; run after the learning demo.
pub async fn seed(db: &DatabaseConnection) -> Result<(), DomainError> {
    let offering_id = offering_of(db, "PICAP-PHR-101", "MX").await?;
    let instructor = as_caller(db, "instructor@picap.example.org", vec![Role::Instructor]).await?;
    let now = Utc::now();
    let input = TestInput {
        title: "Detención con salvaguardas de derechos humanos".into(),
        instructions: "Escenario: una persona se resiste a la detención en la vía pública tras \
            un altercado. El participante interviene con un compañero; el instructor observa."
            .into(),
        pass_percent: "70".into(),
        criteria: CHECKLIST
            .iter()
            .map(|(text, points, critical)| CriterionInput {
                id: None,
                text: (*text).into(),
                points: (*points).into(),
                critical: *critical,
            })
            .collect(),
    };
    let test = practical::save(db, &instructor, offering_id, None, &input, now).await?;
    let criteria: Vec<i64> = criteria_of(db, test).await?.iter().map(|c| c.id).collect();
    let observed: [(&str, [CriterionMark; 5], &str); 2] = [
        (
            "Lucía Hernández",
            [Met, Met, Met, Met, NotObserved],
            "Intervención serena y proporcional; la custodia no llegó a registrarse en el tiempo del ejercicio.",
        ),
        (
            "Carlos Ramírez",
            [Met, Met, NotMet, Met, Met],
            "Buena técnica, pero no informó a la persona de sus derechos: es un criterio crítico.",
        ),
    ];
    let trainees = trainees_of(db, offering_id).await?;
    for (name, marks, feedback) in observed {
        let Some(t) = trainees.iter().find(|t| t.name == name) else {
            continue;
        };
        let given: Vec<_> = criteria.iter().copied().zip(marks).collect();
        let at = now - Duration::hours(2);
        observe::record(
            db,
            &instructor,
            test,
            t.enrollment_id,
            &given,
            feedback,
            "",
            at,
        )
        .await?;
    }
    Ok(())
}

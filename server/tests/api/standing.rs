//! Affiliation and country decide eligibility, quotas and scholarships: once a person has
//! applied, they cannot change them themself (reproduced before: a civilian trainee became
//! police with one profile form post); their coordinator or an administrator can, with a
//! reason, and the change is audited.

use app::accounts::Role;
use reqwest::Method;
use sea_orm::EntityTrait;
use serde_json::{Value, json};

use crate::helpers::{Engine, audit_trail, create_person_in, offering, spawn_app};

const PASSWORD: &str = "protect and serve with care";

async fn standing_of(app: &crate::helpers::TestApp, id: i64) -> (String, String) {
    let person = entity::user::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    (person.affiliation, person.country)
}

on_both_engines! {
    async fn after_applying_affiliation_and_country_change_only_through_the_coordinator(engine: Engine) {
        let app = spawn_app(engine).await;
        let civilian = create_person_in(&app.db, "analista@mininter.example.org", PASSWORD, "PE", "Ministerio del Interior", vec![Role::Trainee]).await;
        sea_orm::ActiveModelTrait::update(
            entity::user::ActiveModel {
                id: sea_orm::Set(civilian),
                affiliation: sea_orm::Set("civilian".into()),
                ..Default::default()
            },
            &app.db,
        )
        .await
        .unwrap();
        let trainee = app.sign_in("analista@mininter.example.org", PASSWORD).await;
        let profile_post = |affiliation: &str, country: &str| {
            format!("full_name=Analista+Civil&country={country}&rank=Analista&affiliation={affiliation}&gender=&preferred_language=es")
        };
        // Before any application the person may still correct themself.
        let free = app.post_form("/api/update_profile", &profile_post("civilian", "PE"), &[("cookie", &trainee)]).await;
        assert!(free.status().is_success(), "{}", free.status());

        let offering_id = offering(&app, "PICAP-STD-101", "both", 10, 20).await;
        let applied = app.send_json(Method::POST, &format!("/api/v1/offerings/{offering_id}/enrollments"), &json!({}), Some(&trainee)).await;
        assert!(applied.status().is_success(), "{}", applied.status());

        for (affiliation, country) in [("police", "PE"), ("civilian", "CO")] {
            let refused = app.post_form("/api/update_profile", &profile_post(affiliation, country), &[("cookie", &trainee)]).await;
            assert!(!refused.status().is_success(), "{affiliation} {country}: {}", refused.status());
            assert_eq!(standing_of(&app, civilian).await, ("civilian".to_string(), "PE".to_string()));
        }

        // A coordinator of another agency, the person themself, a missing reason: refused.
        create_person_in(&app.db, "coord@pnp.example.org", PASSWORD, "PE", "Policía Nacional del Perú", vec![Role::Coordinator]).await;
        let stranger = app.sign_in("coord@pnp.example.org", PASSWORD).await;
        let change = json!({"affiliation": "police", "country": "PE", "reason": "Pasó a la carrera policial."});
        let path = format!("/api/v1/users/{civilian}/standing");
        assert_eq!(app.send_json(Method::PUT, &path, &change, Some(&stranger)).await.status(), 403);
        assert_eq!(app.send_json(Method::PUT, &path, &change, Some(&trainee)).await.status(), 403);
        create_person_in(&app.db, "coord@mininter.example.org", PASSWORD, "PE", "Ministerio del Interior", vec![Role::Coordinator]).await;
        let coordinator = app.sign_in("coord@mininter.example.org", PASSWORD).await;
        let no_reason = app.send_json(Method::PUT, &path, &json!({"affiliation": "police", "country": "XX", "reason": ""}), Some(&coordinator)).await;
        assert_eq!(no_reason.status(), 422);
        let problem: Value = no_reason.json().await.unwrap();
        assert!(problem["errors"]["reason"].is_string() && problem["errors"]["country"].is_string(), "{problem}");

        // Their own coordinator changes it, and the audit log says so.
        assert_eq!(app.send_json(Method::PUT, &path, &change, Some(&coordinator)).await.status(), 204);
        assert_eq!(standing_of(&app, civilian).await, ("police".to_string(), "PE".to_string()));
        assert!(audit_trail(&app.db, civilian).await.contains(&"standing_change".to_string()));
        app.stop().await;
    }
}

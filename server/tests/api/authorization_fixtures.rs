//! The people and objects of the authorization matrix: two agencies, one person of each kind,
//! and fresh objects made on demand for requests that change something.

use chrono::{Duration, Utc};
use reqwest::Method;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::{Value, json};

use app::accounts::Role;
use app::accounts::rules::EmailAddress;
use app::accounts::service::{NewUser, create_user};
use app::auth::passwords::TokenPurpose;

use crate::helpers::{TestApp, create_person_in, module_of, offering};

pub const PASSWORD: &str = "matrix passphrase 2031";
pub const STATEMENT: &str =
    "I lead the community policing unit of my district and will train my colleagues.";

/// Who asks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Who {
    Anonymous,
    /// The trainee whose object it is.
    Trainee,
    /// Another trainee of the same agency.
    OtherTrainee,
    /// The offering's instructor.
    Instructor,
    /// An instructor of another offering.
    OtherInstructor,
    /// A coordinator of the trainee's agency.
    CoordinatorSame,
    /// A coordinator of another agency.
    CoordinatorOther,
    Administrator,
}

/// The callers, in the order of each row's expected statuses.
pub const WHO: [Who; 8] = [
    Who::Anonymous,
    Who::Trainee,
    Who::OtherTrainee,
    Who::Instructor,
    Who::OtherInstructor,
    Who::CoordinatorSame,
    Who::CoordinatorOther,
    Who::Administrator,
];

/// What a row's `{id}` names: a shared object, or one made fresh for each request.
#[derive(Clone, Copy, Debug)]
#[allow(clippy::enum_variant_names)] // "Fresh" names what each variant makes anew.
pub enum Fresh {
    Nothing,
    Module,
    Offering,
    SpareOffering,
    Programme,
    Scholarship,
    /// A trainee of the agency whose account the row changes (never signed in).
    Victim,
    SpareAgency,
    FreshOffering,
    FreshNominationOffering,
    /// The trainee's enrolment in a fresh open offering.
    FreshEnrolment,
    /// The trainee's application to a fresh nomination offering, awaiting endorsement.
    FreshApplication,
    FreshScholarship,
    /// The trainee's application to a fresh scholarship programme.
    FreshScholarshipApplication,
    /// The trainee's enrolment in a module their awarded grant covers.
    FreshFundable,
    /// A newcomer of the trainee's agency with an unused address-verification link, whose
    /// token is [`verification_token`] of the request's number.
    VerificationLink,
    /// A newcomer of the trainee's agency, address verified, membership pending.
    PendingMember,
    /// An agency a newcomer asked for, not listed yet.
    RequestedAgency,
    /// Another session of the trainee (its id is the token's hash, not a number).
    TraineeSession,
    /// A module with one published lesson, whose offering the trainee is enrolled in (the
    /// distance window open) and the instructor teaches.
    LearningModule,
    /// That offering.
    LearningOffering,
    /// That lesson.
    Lesson,
    /// A practice quiz of that module (one true/false question, 20 attempts).
    Quiz,
    /// An open attempt of the trainee's at a new quiz of that module, asking
    /// [`Fixture::question_id`].
    FreshAttempt,
    /// A live session of that offering, under way, with self check-in on and a known key
    /// ([`CHECK_IN_SECRET`]).
    LiveSession,
    /// The trainee's enrolment in that offering.
    LearningEnrolment,
    /// A practical test of that offering, with one criterion ([`Fixture::criterion_id`]).
    PracticalTest,
}

/// The check-in key of [`Fresh::LiveSession`].
pub const CHECK_IN_SECRET: &str = "matrix-check-in-secret";

/// The check-in code of `session` now.
pub fn check_in_code(session: i64) -> String {
    use app::attendance::rules::{code_for, step_at};
    code_for(CHECK_IN_SECRET.as_bytes(), session, step_at(Utc::now()))
}

/// The token of the verification link made for request `n` ([`Fresh::VerificationLink`]).
pub fn verification_token(n: usize) -> String {
    format!("matrix-verification-link-{n}")
}

pub struct Fixture {
    cookies: Vec<(Who, String)>,
    admin: String,
    pub trainee_id: i64,
    pub instructor_id: i64,
    pub victim_id: i64,
    /// The trainee's agency.
    pub agency_id: i64,
    pub agency_name: String,
    pub spare_target: i64,
    pub login_email: String,
    pub module_id: i64,
    pub module_code: String,
    pub offering_id: i64,
    pub spare_offering_id: i64,
    pub programme_id: i64,
    pub programme_code: String,
    pub scholarship_id: i64,
    pub learning_module_id: i64,
    pub learning_offering_id: i64,
    pub lesson_id: i64,
    pub unit_id: i64,
    /// The learning module's one question.
    pub question_id: i64,
    pub quiz_id: i64,
    pub live_session_id: i64,
    pub learning_enrollment_id: i64,
    pub practical_test_id: i64,
    /// The one criterion of [`Fixture::practical_test_id`].
    pub criterion_id: i64,
}

/// A practical test of `offering` with one criterion: (test, criterion).
async fn practical_test(app: &TestApp, offering: i64) -> (i64, i64) {
    let now = Utc::now();
    let test = entity::assessment::ActiveModel {
        offering_id: Set(offering),
        kind: Set("practical".into()),
        title: Set("Matriz".into()),
        pass_percent: Set(70),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let criterion = entity::assessment_criterion::ActiveModel {
        assessment_id: Set(test.id),
        position: Set(0),
        text: Set("Se identifica".into()),
        critical: Set(true),
        points: Set(1),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    (test.id, criterion.id)
}

/// A module with a published lesson; the trainee enrolled in its offering, whose distance
/// window opened yesterday; the instructor teaching it. Returns (module, offering, lesson, unit).
async fn learning(app: &TestApp, instructor: i64, trainee: &str) -> (i64, i64, i64, i64, i64) {
    let offering_id = offering(app, "MTX-LEARN", "both", 30, 10).await;
    let module_id = module_of(app, offering_id).await;
    entity::offering_instructor::ActiveModel {
        offering_id: Set(offering_id),
        user_id: Set(instructor),
    }
    .insert(&app.db)
    .await
    .unwrap();
    let now = Utc::now();
    let unit = entity::unit::ActiveModel {
        module_id: Set(module_id),
        position: Set(0),
        title: Set(r#"{"es":"Unidad"}"#.into()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let lesson = entity::lesson::ActiveModel {
        unit_id: Set(unit.id),
        position: Set(0),
        retired_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    entity::lesson_revision::ActiveModel {
        lesson_id: Set(lesson.id),
        language: Set("es".into()),
        number: Set(1),
        title: Set("Lección".into()),
        markdown: Set("Texto.".into()),
        html: Set("<p>Texto.</p>".into()),
        author_id: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    entity::offering_session::ActiveModel {
        offering_id: Set(offering_id),
        kind: Set("distance".into()),
        starts_at: Set(now - Duration::days(1)),
        ends_at: Set(now + Duration::days(20)),
        timezone: Set("America/Lima".into()),
        sequence: Set(1),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let path = format!("/api/v1/offerings/{offering_id}/enrollments");
    let enrolment = id_of(&send(app, Method::POST, &path, &json!({}), trainee).await);
    (module_id, offering_id, lesson.id, unit.id, enrolment)
}

/// A live session of `offering`, begun ten minutes ago, with self check-in on.
async fn live_session(app: &TestApp, offering: i64) -> i64 {
    let now = Utc::now();
    entity::offering::Entity::update_many()
        .col_expr(entity::offering::Column::SelfCheckIn, Expr::value(true))
        .filter(entity::offering::Column::Id.eq(offering))
        .exec(&app.db)
        .await
        .unwrap();
    entity::offering_session::ActiveModel {
        offering_id: Set(offering),
        kind: Set("live".into()),
        starts_at: Set(now - Duration::minutes(10)),
        ends_at: Set(now + Duration::hours(2)),
        timezone: Set("America/Lima".into()),
        sequence: Set(0),
        meeting_url: Set(Some("https://meet.example.org/matrix".into())),
        check_in_secret: Set(Some(CHECK_IN_SECRET.into())),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap()
    .id
}

/// A true/false question of `module` (its answer: true).
async fn quiz_question(app: &TestApp, module: i64) -> i64 {
    let now = Utc::now();
    let q = entity::question::ActiveModel {
        module_id: Set(module),
        kind: Set("true_false".into()),
        points: Set(100),
        tags: Set(String::new()),
        option_count: Set(0),
        answer_key: Set(r#"{"kind":"true_false","right":true}"#.into()),
        key_number: Set(1),
        retired_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    entity::question_text::ActiveModel {
        question_id: Set(q.id),
        language: Set("es".into()),
        prompt: Set("¿Verdadero?".into()),
        prompt_html: Set("<p>¿Verdadero?</p>".into()),
        options: Set("[]".into()),
        feedback: Set(String::new()),
        feedback_html: Set(String::new()),
        updated_at: Set(now),
    }
    .insert(&app.db)
    .await
    .unwrap();
    q.id
}

/// A practice quiz of `module` at the end of `unit`, asking `question`, 20 attempts.
pub async fn practice_quiz(app: &TestApp, module: i64, unit: i64, question: i64) -> i64 {
    let now = Utc::now();
    let quiz = entity::quiz::ActiveModel {
        module_id: Set(module),
        unit_id: Set(unit),
        title: Set(r#"{"es":"Práctica"}"#.into()),
        role: Set("practice".into()),
        draw_count: Set(None),
        draw_tags: Set(String::new()),
        shuffle: Set(false),
        attempts_allowed: Set(20),
        time_limit_minutes: Set(None),
        counted: Set("best".into()),
        feedback: Set("after_attempt".into()),
        retired_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    entity::quiz_question::ActiveModel {
        quiz_id: Set(quiz.id),
        question_id: Set(question),
        position: Set(0),
    }
    .insert(&app.db)
    .await
    .unwrap();
    quiz.id
}

/// A scholarship programme open now, covering `module`.
pub fn scholarship_body(module: i64) -> Value {
    let today = Utc::now().date_naive();
    json!({
        "name": "Becas de la matriz", "funder": "OAS", "currency": "USD",
        "budget": "100000", "per_person_max": "5000", "covers": ["tuition"],
        "covered_module_ids": [module], "eligible_countries": [], "eligible_affiliations": [],
        "opens": (today - Duration::days(5)).to_string(),
        "closes": (today + Duration::days(5)).to_string(),
        "conditions": "Attendance"
    })
}

async fn agency(app: &TestApp, name: &str, country: &str) -> i64 {
    listed_or_not(app, name, country, true).await
}

/// An agency of the registry; `listed: false` is a newcomer's request.
async fn listed_or_not(app: &TestApp, name: &str, country: &str, listed: bool) -> i64 {
    let now = Utc::now();
    entity::agency::ActiveModel {
        name: Set(name.into()),
        short_name: Set(app::agencies::rules::initials(name)),
        country: Set(country.into()),
        kind: Set("police".into()),
        name_key: Set(app::agencies::rules::name_key(name)),
        listed: Set(listed),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("agency created")
    .id
}

/// A confirmed, verified member of `agency` with `roles`.
async fn member(app: &TestApp, email: &str, agency: (i64, &str, &str), roles: Vec<Role>) -> i64 {
    let (agency_id, name, country) = agency;
    let id = create_person_in(&app.db, email, PASSWORD, country, name, roles).await;
    entity::user::Entity::update_many()
        .col_expr(entity::user::Column::AgencyId, Expr::value(agency_id))
        .col_expr(entity::user::Column::Membership, Expr::value("confirmed"))
        .col_expr(
            entity::user::Column::EmailVerifiedAt,
            Expr::value(Utc::now()),
        )
        .filter(entity::user::Column::Id.eq(id))
        .exec(&app.db)
        .await
        .expect("membership confirmed");
    id
}

async fn send(app: &TestApp, method: Method, path: &str, body: &Value, cookie: &str) -> Value {
    let response = app.send_json(method, path, body, Some(cookie)).await;
    let status = response.status();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    assert!(status.is_success(), "{path}: {status} {body}");
    body
}

fn id_of(body: &Value) -> i64 {
    body["id"].as_i64().expect("an id")
}

impl Fixture {
    pub async fn build(app: &TestApp) -> Fixture {
        let a = agency(app, "Policía Matriz", "PE").await;
        let b = agency(app, "Polícia Matriz", "BR").await;
        let oas = agency(app, "OEA Matriz", "US").await;
        let spare_target = agency(app, "Destino Matriz", "CL").await;
        let pe = (a, "Policía Matriz", "PE");
        let people = [
            (
                Who::Trainee,
                "trainee@matrix.example.org",
                pe,
                Role::Trainee,
            ),
            (
                Who::OtherTrainee,
                "other.trainee@matrix.example.org",
                pe,
                Role::Trainee,
            ),
            (
                Who::Instructor,
                "instructor@matrix.example.org",
                pe,
                Role::Instructor,
            ),
            (
                Who::OtherInstructor,
                "other.instructor@matrix.example.org",
                pe,
                Role::Instructor,
            ),
            (
                Who::CoordinatorSame,
                "coordinator@matrix.example.org",
                pe,
                Role::Coordinator,
            ),
            (
                Who::CoordinatorOther,
                "coordinator@br.matrix.example.org",
                (b, "Polícia Matriz", "BR"),
                Role::Coordinator,
            ),
            (
                Who::Administrator,
                "admin@matrix.example.org",
                (oas, "OEA Matriz", "US"),
                Role::Administrator,
            ),
        ];
        let mut cookies = Vec::new();
        let mut ids = Vec::new();
        for (who, email, agency, role) in people {
            ids.push((who, member(app, email, agency, vec![role]).await));
            cookies.push((who, app.sign_in(email, PASSWORD).await));
        }
        let id = |who| {
            ids.iter()
                .find(|(w, _)| *w == who)
                .map(|(_, id)| *id)
                .unwrap()
        };
        let victim_id = member(app, "victim@matrix.example.org", pe, vec![Role::Trainee]).await;
        let login_email = "login@matrix.example.org".to_string();
        member(app, &login_email, pe, vec![Role::Trainee]).await;
        let admin = cookies
            .iter()
            .find(|(w, _)| *w == Who::Administrator)
            .unwrap()
            .1
            .clone();

        let offering_id = offering(app, "MTX-BASE", "both", 30, 10).await;
        let module_id = module_of(app, offering_id).await;
        entity::offering_instructor::ActiveModel {
            offering_id: Set(offering_id),
            user_id: Set(id(Who::Instructor)),
        }
        .insert(&app.db)
        .await
        .unwrap();
        let spare_offering_id = offering(app, "MTX-SPARE", "both", 30, 10).await;
        let programme_code = "MTX-PROG".to_string();
        let programme = json!({
            "code": programme_code, "title": {"en": "Matrix", "es": "Matriz"},
            "credits_required": 2, "modules": [{"code": "MTX-BASE"}], "status": "draft"
        });
        let programme_id =
            id_of(&send(app, Method::POST, "/api/v1/programmes", &programme, &admin).await);
        let scholarship_id = id_of(
            &send(
                app,
                Method::POST,
                "/api/v1/scholarship-programmes",
                &scholarship_body(module_id),
                &admin,
            )
            .await,
        );
        let (learning_module_id, learning_offering_id, lesson_id, unit_id, learning_enrollment_id) =
            learning(
                app,
                id(Who::Instructor),
                cookies
                    .iter()
                    .find(|(w, _)| *w == Who::Trainee)
                    .unwrap()
                    .1
                    .as_str(),
            )
            .await;
        let question_id = quiz_question(app, learning_module_id).await;
        let quiz_id = practice_quiz(app, learning_module_id, unit_id, question_id).await;
        let live_session_id = live_session(app, learning_offering_id).await;
        let (practical_test_id, criterion_id) = practical_test(app, learning_offering_id).await;
        Fixture {
            practical_test_id,
            criterion_id,
            live_session_id,
            learning_enrollment_id,
            unit_id,
            question_id,
            quiz_id,
            learning_module_id,
            learning_offering_id,
            lesson_id,
            trainee_id: id(Who::Trainee),
            instructor_id: id(Who::Instructor),
            cookies,
            admin,
            victim_id,
            agency_id: a,
            agency_name: "Policía Matriz".into(),
            spare_target,
            login_email,
            module_id,
            module_code: "MTX-BASE".into(),
            offering_id,
            spare_offering_id,
            programme_id,
            programme_code,
            scholarship_id,
        }
    }

    pub fn cookie(&self, who: Who) -> Option<&str> {
        self.cookies
            .iter()
            .find(|(w, _)| *w == who)
            .map(|(_, c)| c.as_str())
    }

    fn trainee(&self) -> &str {
        self.cookie(Who::Trainee).expect("the trainee signed in")
    }

    /// What a row's `{id}` stands for, made fresh when the row changes it.
    pub async fn object(&self, app: &TestApp, kind: Fresh, n: usize) -> String {
        match kind {
            Fresh::TraineeSession => {
                let hash = app::auth::service::token_hash(&format!("matrix-session-{n}"));
                let now = Utc::now();
                entity::session::ActiveModel {
                    token_hash: Set(hash.clone()),
                    user_id: Set(self.trainee_id),
                    created_at: Set(now),
                    last_seen_at: Set(now),
                    user_agent: Set(None),
                    ip: Set(None),
                }
                .insert(&app.db)
                .await
                .expect("session stored");
                hash
            }
            kind => self.object_id(app, kind, n).await.to_string(),
        }
    }

    async fn object_id(&self, app: &TestApp, kind: Fresh, n: usize) -> i64 {
        match kind {
            Fresh::Nothing | Fresh::TraineeSession => 0,
            Fresh::Module => self.module_id,
            Fresh::LearningModule => self.learning_module_id,
            Fresh::LearningOffering => self.learning_offering_id,
            Fresh::Lesson => self.lesson_id,
            Fresh::Quiz => self.quiz_id,
            Fresh::LiveSession => self.live_session_id,
            Fresh::LearningEnrolment => self.learning_enrollment_id,
            Fresh::PracticalTest => self.practical_test_id,
            Fresh::FreshAttempt => {
                let quiz =
                    practice_quiz(app, self.learning_module_id, self.unit_id, self.question_id)
                        .await;
                let path = format!("/api/v1/quizzes/{quiz}/attempts");
                id_of(&send(app, Method::POST, &path, &json!({}), self.trainee()).await)
            }
            Fresh::Offering => self.offering_id,
            Fresh::SpareOffering => self.spare_offering_id,
            Fresh::Programme => self.programme_id,
            Fresh::Scholarship => self.scholarship_id,
            Fresh::Victim => self.victim_id,
            Fresh::SpareAgency => agency(app, &format!("Agencia de repuesto {n}"), "CL").await,
            Fresh::FreshOffering => offering(app, &format!("MTX-F{n}"), "both", 30, 10).await,
            Fresh::FreshNominationOffering => self.nomination_offering(app, n).await,
            Fresh::FreshEnrolment => {
                let o = offering(app, &format!("MTX-F{n}"), "both", 30, 10).await;
                self.apply(app, o).await
            }
            Fresh::FreshApplication => {
                let o = self.nomination_offering(app, n).await;
                self.apply(app, o).await
            }
            Fresh::FreshScholarship => self.scholarship(app, self.module_id).await,
            Fresh::FreshScholarshipApplication => {
                let s = self.scholarship(app, self.module_id).await;
                self.apply_for_scholarship(app, s).await
            }
            Fresh::FreshFundable => {
                let o = offering(app, &format!("MTX-F{n}"), "both", 30, 10).await;
                let s = self.scholarship(app, module_of(app, o).await).await;
                let application = self.apply_for_scholarship(app, s).await;
                let award = json!({"decision": "award", "amount": 1000, "comment": "Matriz"});
                let path = format!("/api/v1/scholarship-applications/{application}/decision");
                send(app, Method::POST, &path, &award, &self.admin).await;
                self.apply(app, o).await
            }
            Fresh::VerificationLink => {
                let id = self.newcomer(app, n, false).await;
                let now = Utc::now();
                entity::password_token::ActiveModel {
                    token_hash: Set(app::auth::service::token_hash(&verification_token(n))),
                    user_id: Set(id),
                    purpose: Set(TokenPurpose::EmailVerification.code().into()),
                    created_at: Set(now),
                    expires_at: Set(now + Duration::hours(48)),
                    used_at: Set(None),
                    ..Default::default()
                }
                .insert(&app.db)
                .await
                .expect("verification link stored");
                id
            }
            Fresh::PendingMember => self.newcomer(app, n, true).await,
            Fresh::RequestedAgency => {
                listed_or_not(app, &format!("Agencia pedida {n}"), "PE", false).await
            }
        }
    }

    /// A self-registered trainee of the trainee's agency, membership pending, with the
    /// address verified or not.
    async fn newcomer(&self, app: &TestApp, n: usize, verified: bool) -> i64 {
        let person = create_user(
            &app.db,
            NewUser {
                email: EmailAddress::parse(&format!("newcomer{n}@matrix.example.org")).unwrap(),
                full_name: format!("Newcomer {n}"),
                country: "PE".into(),
                agency: self.agency_name.clone(),
                rank: "Suboficial".into(),
                affiliation: app::accounts::Affiliation::Police,
                gender: None,
                preferred_language: app::i18n::Locale::Es,
                roles: vec![Role::Trainee],
                agency_id: Some(self.agency_id),
                self_registered: true,
            },
            None,
        )
        .await
        .expect("newcomer registered");
        assert_eq!(person.membership, "pending");
        if verified {
            entity::user::Entity::update_many()
                .col_expr(
                    entity::user::Column::EmailVerifiedAt,
                    Expr::value(Utc::now()),
                )
                .filter(entity::user::Column::Id.eq(person.id))
                .exec(&app.db)
                .await
                .expect("address verified");
        }
        person.id
    }

    async fn nomination_offering(&self, app: &TestApp, n: usize) -> i64 {
        let o = offering(app, &format!("MTX-N{n}"), "both", 30, 10).await;
        entity::offering::Entity::update_many()
            .col_expr(
                entity::offering::Column::EnrollmentPolicy,
                Expr::value("nomination"),
            )
            .filter(entity::offering::Column::Id.eq(o))
            .exec(&app.db)
            .await
            .unwrap();
        o
    }

    async fn apply(&self, app: &TestApp, offering: i64) -> i64 {
        let path = format!("/api/v1/offerings/{offering}/enrollments");
        id_of(&send(app, Method::POST, &path, &json!({}), self.trainee()).await)
    }

    async fn scholarship(&self, app: &TestApp, module: i64) -> i64 {
        let body = scholarship_body(module);
        id_of(
            &send(
                app,
                Method::POST,
                "/api/v1/scholarship-programmes",
                &body,
                &self.admin,
            )
            .await,
        )
    }

    async fn apply_for_scholarship(&self, app: &TestApp, programme: i64) -> i64 {
        let path = format!("/api/v1/scholarship-programmes/{programme}/applications");
        let body = json!({"statement": STATEMENT});
        id_of(&send(app, Method::POST, &path, &body, self.trainee()).await)
    }
}

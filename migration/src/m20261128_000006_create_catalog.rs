//! The catalog: topics, programmes, modules (with prerequisites and topics), offerings, their
//! instructors and their teaching sessions.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The managed vocabulary of topics, seeded from the civil-society recommendations:
/// (code, English, Spanish, Portuguese, French).
const TOPICS: &[(&str, &str, &str, &str, &str)] = &[
    (
        "progressive_use_of_force",
        "Progressive use of force",
        "Uso progresivo de la fuerza",
        "Uso progressivo da força",
        "Usage progressif de la force",
    ),
    (
        "human_rights",
        "Policing and human rights",
        "Función policial y derechos humanos",
        "Polícia e direitos humanos",
        "Police et droits humains",
    ),
    (
        "conflict_resolution",
        "Conflict resolution",
        "Resolución de conflictos",
        "Resolução de conflitos",
        "Résolution des conflits",
    ),
    (
        "security_policy_management",
        "Design and management of security policies",
        "Diseño y gestión de políticas de seguridad",
        "Desenho e gestão de políticas de segurança",
        "Conception et gestion des politiques de sécurité",
    ),
    (
        "public_policy_evaluation",
        "Follow-up and evaluation of public policies",
        "Seguimiento y evaluación de políticas públicas",
        "Acompanhamento e avaliação de políticas públicas",
        "Suivi et évaluation des politiques publiques",
    ),
    (
        "security_and_coexistence",
        "Security and civic coexistence",
        "Seguridad y convivencia ciudadana",
        "Segurança e convivência cidadã",
        "Sécurité et vivre-ensemble",
    ),
    (
        "risk_factors",
        "Factors associated with insecurity and risk",
        "Factores asociados a la inseguridad y de riesgo",
        "Fatores associados à insegurança e de risco",
        "Facteurs d'insécurité et de risque",
    ),
    (
        "social_capital",
        "Social capital",
        "Capital social",
        "Capital social",
        "Capital social",
    ),
    (
        "gender_based_violence",
        "Family and gender-based violence",
        "Violencia familiar y de género",
        "Violência familiar e de gênero",
        "Violences familiales et fondées sur le genre",
    ),
    (
        "justice_system",
        "Strengthening the justice system",
        "Fortalecimiento del sistema de justicia",
        "Fortalecimento do sistema de justiça",
        "Renforcement du système judiciaire",
    ),
    (
        "police_strengthening",
        "Strengthening the police",
        "Fortalecimiento policial",
        "Fortalecimento policial",
        "Renforcement de la police",
    ),
    (
        "organized_crime",
        "Organized crime",
        "Crimen organizado",
        "Crime organizado",
        "Criminalité organisée",
    ),
    (
        "urban_contexts",
        "Social and urban contexts",
        "Contextos sociales y urbanos",
        "Contextos sociais e urbanos",
        "Contextes sociaux et urbains",
    ),
    (
        "security_diagnosis",
        "Diagnosing security and public policies",
        "Diagnóstico de seguridad y políticas públicas",
        "Diagnóstico de segurança e políticas públicas",
        "Diagnostic de sécurité et des politiques publiques",
    ),
    (
        "policing_models",
        "Policing models",
        "Modelos policiales",
        "Modelos de policiamento",
        "Modèles de police",
    ),
    (
        "security_plans",
        "Security plans",
        "Planes de seguridad",
        "Planos de segurança",
        "Plans de sécurité",
    ),
    (
        "media_and_security",
        "Mass media and citizen security",
        "Medios de comunicación y seguridad ciudadana",
        "Meios de comunicação e segurança cidadã",
        "Médias et sécurité citoyenne",
    ),
    (
        "citizen_participation",
        "Citizen participation and oversight",
        "Participación ciudadana y control social",
        "Participação cidadã e controle social",
        "Participation citoyenne et contrôle social",
    ),
    (
        "prevention",
        "Prevention and oversight",
        "Prevención y fiscalización",
        "Prevenção e fiscalização",
        "Prévention et contrôle",
    ),
    (
        "weapons_amnesties",
        "Weapons amnesties",
        "Amnistías de armas",
        "Anistias de armas",
        "Amnisties d'armes",
    ),
    (
        "private_security_oversight",
        "Oversight of private security",
        "Supervisión de la seguridad privada",
        "Fiscalização da segurança privada",
        "Contrôle de la sécurité privée",
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Topics::Table)
                    .col(
                        ColumnDef::new(Topics::Code)
                            .string_len(48)
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Topics::NameEn).string_len(120).not_null())
                    .col(ColumnDef::new(Topics::NameEs).string_len(120).not_null())
                    .col(ColumnDef::new(Topics::NamePt).string_len(120).not_null())
                    .col(ColumnDef::new(Topics::NameFr).string_len(120).not_null())
                    .to_owned(),
            )
            .await?;
        let mut seed = Query::insert()
            .into_table(Topics::Table)
            .columns([
                Topics::Code,
                Topics::NameEn,
                Topics::NameEs,
                Topics::NamePt,
                Topics::NameFr,
            ])
            .to_owned();
        for (code, en, es, pt, fr) in TOPICS {
            seed.values([
                (*code).into(),
                (*en).into(),
                (*es).into(),
                (*pt).into(),
                (*fr).into(),
            ])
            .map_err(|e| DbErr::Custom(e.to_string()))?;
        }
        manager.exec_stmt(seed).await?;

        manager
            .create_table(
                Table::create()
                    .table(Modules::Table)
                    .col(
                        ColumnDef::new(Modules::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(Modules::Code)
                            .string_len(40)
                            .not_null()
                            .unique_key(),
                    )
                    // Language code → text, as JSON: {"en": "...", "es": "..."}.
                    .col(ColumnDef::new(Modules::Title).text().not_null())
                    .col(ColumnDef::new(Modules::Summary).text().not_null())
                    // Lower-cased code, titles, summaries and topic names in every language: what
                    // the catalog search reads.
                    .col(ColumnDef::new(Modules::SearchText).text().not_null())
                    .col(ColumnDef::new(Modules::Credits).integer().not_null())
                    .col(ColumnDef::new(Modules::Hours).integer().not_null())
                    .col(ColumnDef::new(Modules::Level).string_len(16).not_null())
                    .col(
                        ColumnDef::new(Modules::DeliveryMode)
                            .string_len(16)
                            .not_null(),
                    )
                    .col(ColumnDef::new(Modules::Audience).string_len(16).not_null())
                    .col(ColumnDef::new(Modules::Status).string_len(16).not_null())
                    .col(
                        ColumnDef::new(Modules::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Modules::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_modules_status")
                    .table(Modules::Table)
                    .col(Modules::Status)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ModuleTopics::Table)
                    .col(
                        ColumnDef::new(ModuleTopics::ModuleId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ModuleTopics::TopicCode)
                            .string_len(48)
                            .not_null(),
                    )
                    .primary_key(
                        Index::create()
                            .col(ModuleTopics::ModuleId)
                            .col(ModuleTopics::TopicCode),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_module_topics_module")
                            .from(ModuleTopics::Table, ModuleTopics::ModuleId)
                            .to(Modules::Table, Modules::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_module_topics_topic")
                            .from(ModuleTopics::Table, ModuleTopics::TopicCode)
                            .to(Topics::Table, Topics::Code),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_module_topics_topic")
                    .table(ModuleTopics::Table)
                    .col(ModuleTopics::TopicCode)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ModulePrerequisites::Table)
                    .col(
                        ColumnDef::new(ModulePrerequisites::ModuleId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ModulePrerequisites::PrerequisiteId)
                            .big_integer()
                            .not_null(),
                    )
                    .primary_key(
                        Index::create()
                            .col(ModulePrerequisites::ModuleId)
                            .col(ModulePrerequisites::PrerequisiteId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_prerequisites_module")
                            .from(ModulePrerequisites::Table, ModulePrerequisites::ModuleId)
                            .to(Modules::Table, Modules::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_prerequisites_prerequisite")
                            .from(
                                ModulePrerequisites::Table,
                                ModulePrerequisites::PrerequisiteId,
                            )
                            .to(Modules::Table, Modules::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Programmes::Table)
                    .col(
                        ColumnDef::new(Programmes::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(Programmes::Code)
                            .string_len(40)
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(Programmes::Title).text().not_null())
                    .col(ColumnDef::new(Programmes::Description).text().not_null())
                    .col(
                        ColumnDef::new(Programmes::CreditsRequired)
                            .integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(Programmes::Status).string_len(16).not_null())
                    .col(
                        ColumnDef::new(Programmes::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Programmes::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ProgrammeModules::Table)
                    .col(
                        ColumnDef::new(ProgrammeModules::ProgrammeId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ProgrammeModules::ModuleId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ProgrammeModules::Position)
                            .integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ProgrammeModules::Required)
                            .boolean()
                            .not_null(),
                    )
                    .primary_key(
                        Index::create()
                            .col(ProgrammeModules::ProgrammeId)
                            .col(ProgrammeModules::ModuleId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_programme_modules_programme")
                            .from(ProgrammeModules::Table, ProgrammeModules::ProgrammeId)
                            .to(Programmes::Table, Programmes::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_programme_modules_module")
                            .from(ProgrammeModules::Table, ProgrammeModules::ModuleId)
                            .to(Modules::Table, Modules::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Offerings::Table)
                    .col(
                        ColumnDef::new(Offerings::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Offerings::ModuleId).big_integer().not_null())
                    .col(ColumnDef::new(Offerings::StartsOn).date().not_null())
                    .col(ColumnDef::new(Offerings::EndsOn).date().not_null())
                    .col(ColumnDef::new(Offerings::EnrollmentOpens).date().not_null())
                    .col(
                        ColumnDef::new(Offerings::EnrollmentCloses)
                            .date()
                            .not_null(),
                    )
                    .col(ColumnDef::new(Offerings::Capacity).integer().not_null())
                    .col(ColumnDef::new(Offerings::Language).string_len(2).not_null())
                    .col(ColumnDef::new(Offerings::Country).string_len(2).not_null())
                    .col(
                        ColumnDef::new(Offerings::HostAgency)
                            .string_len(200)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Offerings::EnrollmentPolicy)
                            .string_len(16)
                            .not_null(),
                    )
                    .col(ColumnDef::new(Offerings::Status).string_len(16).not_null())
                    .col(
                        ColumnDef::new(Offerings::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Offerings::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_offerings_module")
                            .from(Offerings::Table, Offerings::ModuleId)
                            .to(Modules::Table, Modules::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                // A module's next published offering, read for every search result: with all
                // three columns this is one index seek, where SQLite otherwise chose
                // (status, starts_on) and scanned every offering for each result.
                Index::create()
                    .name("idx_offerings_module_status_start")
                    .table(Offerings::Table)
                    .col(Offerings::ModuleId)
                    .col(Offerings::Status)
                    .col(Offerings::StartsOn)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_offerings_status_start")
                    .table(Offerings::Table)
                    .col(Offerings::Status)
                    .col(Offerings::StartsOn)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(OfferingInstructors::Table)
                    .col(
                        ColumnDef::new(OfferingInstructors::OfferingId)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(OfferingInstructors::UserId)
                            .big_integer()
                            .not_null(),
                    )
                    .primary_key(
                        Index::create()
                            .col(OfferingInstructors::OfferingId)
                            .col(OfferingInstructors::UserId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_offering_instructors_offering")
                            .from(OfferingInstructors::Table, OfferingInstructors::OfferingId)
                            .to(Offerings::Table, Offerings::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_offering_instructors_user")
                            .from(OfferingInstructors::Table, OfferingInstructors::UserId)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_offering_instructors_user")
                    .table(OfferingInstructors::Table)
                    .col(OfferingInstructors::UserId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(OfferingSessions::Table)
                    .col(
                        ColumnDef::new(OfferingSessions::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(OfferingSessions::OfferingId)
                            .big_integer()
                            .not_null(),
                    )
                    // `onsite` or `distance`.
                    .col(
                        ColumnDef::new(OfferingSessions::Kind)
                            .string_len(16)
                            .not_null(),
                    )
                    // Stored in UTC; the IANA zone is kept beside them for display and calendars.
                    .col(
                        ColumnDef::new(OfferingSessions::StartsAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(OfferingSessions::EndsAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(OfferingSessions::Timezone)
                            .string_len(64)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(OfferingSessions::Venue)
                            .string_len(200)
                            .null(),
                    )
                    .col(
                        ColumnDef::new(OfferingSessions::City)
                            .string_len(120)
                            .null(),
                    )
                    .col(
                        ColumnDef::new(OfferingSessions::Country)
                            .string_len(2)
                            .null(),
                    )
                    // Bumped whenever the session changes (iCalendar SEQUENCE).
                    .col(
                        ColumnDef::new(OfferingSessions::Sequence)
                            .integer()
                            .not_null()
                            .default(0),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_offering_sessions_offering")
                            .from(OfferingSessions::Table, OfferingSessions::OfferingId)
                            .to(Offerings::Table, Offerings::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_offering_sessions_offering")
                    .table(OfferingSessions::Table)
                    .col(OfferingSessions::OfferingId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            OfferingSessions::Table.into_iden(),
            OfferingInstructors::Table.into_iden(),
            Offerings::Table.into_iden(),
            ProgrammeModules::Table.into_iden(),
            Programmes::Table.into_iden(),
            ModulePrerequisites::Table.into_iden(),
            ModuleTopics::Table.into_iden(),
            Modules::Table.into_iden(),
            Topics::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Topics {
    Table,
    Code,
    NameEn,
    NameEs,
    NamePt,
    NameFr,
}

#[derive(DeriveIden)]
enum Modules {
    Table,
    Id,
    Code,
    Title,
    Summary,
    SearchText,
    Credits,
    Hours,
    Level,
    DeliveryMode,
    Audience,
    Status,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ModuleTopics {
    Table,
    ModuleId,
    TopicCode,
}

#[derive(DeriveIden)]
enum ModulePrerequisites {
    Table,
    ModuleId,
    PrerequisiteId,
}

#[derive(DeriveIden)]
enum Programmes {
    Table,
    Id,
    Code,
    Title,
    Description,
    CreditsRequired,
    Status,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ProgrammeModules {
    Table,
    ProgrammeId,
    ModuleId,
    Position,
    Required,
}

#[derive(DeriveIden)]
enum Offerings {
    Table,
    Id,
    ModuleId,
    StartsOn,
    EndsOn,
    EnrollmentOpens,
    EnrollmentCloses,
    Capacity,
    Language,
    Country,
    HostAgency,
    EnrollmentPolicy,
    Status,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum OfferingInstructors {
    Table,
    OfferingId,
    UserId,
}

#[derive(DeriveIden)]
enum OfferingSessions {
    Table,
    Id,
    OfferingId,
    Kind,
    StartsAt,
    EndsAt,
    Timezone,
    Venue,
    City,
    Country,
    Sequence,
}

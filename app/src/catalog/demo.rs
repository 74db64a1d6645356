//! The demo catalog: four programmes and twenty-five modules drawn from the topics the
//! civil-society recommendations ask PICAP to teach, with offerings across the Americas in every
//! delivery mode. Dates are relative to the day the demo is loaded, so there is always something
//! upcoming.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveTime, TimeZone, Utc};

use super::rules::{
    ModuleInput, OfferingInput, ProgrammeInput, ProgrammeModuleInput, SessionInput,
};
use crate::auth::CurrentUser;
use crate::error::DomainError;

/// (code, [en, es, pt, fr] titles, [en, es] summaries, topics, credits, hours, level, mode,
/// audience, prerequisites)
type DemoModule = (
    &'static str,
    [&'static str; 4],
    [&'static str; 2],
    &'static [&'static str],
    i32,
    i32,
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
);

const MODULES: &[DemoModule] = &[
    (
        "PICAP-PSM-101",
        [
            "Foundations of public security management",
            "Fundamentos de la gestión de la seguridad pública",
            "Fundamentos da gestão da segurança pública",
            "Fondements de la gestion de la sécurité publique",
        ],
        [
            "How security policies are designed, funded and steered at national and local level.",
            "Cómo se diseñan, financian y conducen las políticas de seguridad en el nivel nacional y local.",
        ],
        &["security_policy_management", "security_and_coexistence"],
        3,
        40,
        "introductory",
        "blended",
        "both",
        &[],
    ),
    (
        "PICAP-PSM-110",
        [
            "Diagnosing insecurity: data and methods",
            "Diagnóstico de la inseguridad: datos y métodos",
            "Diagnóstico da insegurança: dados e métodos",
            "Diagnostiquer l'insécurité : données et méthodes",
        ],
        [
            "Victimisation surveys, crime mapping and risk factors as the base of any plan.",
            "Encuestas de victimización, mapas del delito y factores de riesgo como base de todo plan.",
        ],
        &["security_diagnosis", "risk_factors"],
        3,
        36,
        "introductory",
        "distance",
        "both",
        &[],
    ),
    (
        "PICAP-PSM-201",
        [
            "Designing local security plans",
            "Diseño de planes locales de seguridad",
            "Desenho de planos locais de segurança",
            "Concevoir des plans locaux de sécurité",
        ],
        [
            "From diagnosis to a costed plan with goals, responsibilities and indicators.",
            "Del diagnóstico a un plan costeado con metas, responsables e indicadores.",
        ],
        &["security_plans", "urban_contexts"],
        4,
        48,
        "intermediate",
        "blended",
        "both",
        &["PICAP-PSM-110"],
    ),
    (
        "PICAP-PSM-210",
        [
            "Policing models: management and oversight",
            "Modelos policiales: gestión y control",
            "Modelos de policiamento: gestão e controle",
            "Modèles de police : gestion et contrôle",
        ],
        [
            "Comparing management, planning, organisation and oversight across police forces of the region.",
            "Comparación de la gestión, la planificación, la organización y el control de las policías de la región.",
        ],
        &["policing_models", "police_strengthening"],
        4,
        48,
        "intermediate",
        "onsite",
        "police",
        &["PICAP-PSM-101"],
    ),
    (
        "PICAP-PSM-301",
        [
            "Evaluating public security policies",
            "Evaluación de políticas de seguridad pública",
            "Avaliação de políticas de segurança pública",
            "Évaluer les politiques de sécurité publique",
        ],
        [
            "Theories of change, indicators and impact evaluation of security programmes.",
            "Teorías de cambio, indicadores y evaluación de impacto de programas de seguridad.",
        ],
        &["public_policy_evaluation"],
        5,
        60,
        "advanced",
        "distance",
        "civilian",
        &["PICAP-PSM-201"],
    ),
    (
        "PICAP-PSM-310",
        [
            "Budgeting and managing security institutions",
            "Presupuesto y gestión de instituciones de seguridad",
            "Orçamento e gestão de instituições de segurança",
            "Budget et gestion des institutions de sécurité",
        ],
        [
            "Results-based budgeting, procurement and human resources in police institutions.",
            "Presupuesto por resultados, compras y recursos humanos en instituciones policiales.",
        ],
        &["security_policy_management", "police_strengthening"],
        4,
        40,
        "advanced",
        "onsite",
        "both",
        &["PICAP-PSM-101"],
    ),
    (
        "PICAP-PHR-101",
        [
            "Policing and human rights",
            "Función policial y derechos humanos",
            "Polícia e direitos humanos",
            "Police et droits humains",
        ],
        [
            "International standards that govern police work, applied to everyday situations.",
            "Estándares internacionales que rigen la labor policial, aplicados a situaciones cotidianas.",
        ],
        &["human_rights"],
        3,
        40,
        "introductory",
        "blended",
        "both",
        &[],
    ),
    (
        "PICAP-PHR-120",
        [
            "Progressive use of force",
            "Uso progresivo de la fuerza",
            "Uso progressivo da força",
            "Usage progressif de la force",
        ],
        [
            "Necessity, proportionality and accountability, practised in scenario training.",
            "Necesidad, proporcionalidad y rendición de cuentas, practicadas con ejercicios de escenario.",
        ],
        &["progressive_use_of_force", "human_rights"],
        4,
        48,
        "intermediate",
        "onsite",
        "police",
        &["PICAP-PHR-101"],
    ),
    (
        "PICAP-PHR-130",
        [
            "Conflict resolution and de-escalation",
            "Resolución de conflictos y desescalada",
            "Resolução de conflitos e desescalada",
            "Résolution des conflits et désescalade",
        ],
        [
            "Communication and mediation techniques that keep encounters from turning violent.",
            "Técnicas de comunicación y mediación que evitan que los encuentros se vuelvan violentos.",
        ],
        &["conflict_resolution"],
        3,
        32,
        "introductory",
        "onsite",
        "police",
        &[],
    ),
    (
        "PICAP-PHR-140",
        [
            "Detention, custody and due process",
            "Detención, custodia y debido proceso",
            "Detenção, custódia e devido processo",
            "Arrestation, garde à vue et procès équitable",
        ],
        [
            "The rights of detained persons from arrest to the judge, and how to document them.",
            "Los derechos de las personas detenidas desde el arresto hasta el juez, y cómo documentarlos.",
        ],
        &["human_rights", "justice_system"],
        3,
        36,
        "intermediate",
        "distance",
        "police",
        &["PICAP-PHR-101"],
    ),
    (
        "PICAP-PHR-150",
        [
            "Policing public demonstrations",
            "Gestión policial de manifestaciones públicas",
            "Policiamento de manifestações públicas",
            "Maintien de l'ordre lors des manifestations",
        ],
        [
            "Protecting the right to protest while keeping public order, with lessons from the region.",
            "Proteger el derecho a la protesta manteniendo el orden público, con lecciones de la región.",
        ],
        &[
            "progressive_use_of_force",
            "conflict_resolution",
            "human_rights",
        ],
        4,
        40,
        "advanced",
        "blended",
        "police",
        &["PICAP-PHR-120"],
    ),
    (
        "PICAP-PHR-160",
        [
            "Internal affairs and police accountability",
            "Asuntos internos y rendición de cuentas policial",
            "Corregedoria e responsabilização policial",
            "Inspection interne et redevabilité de la police",
        ],
        [
            "Complaint systems, internal investigations and external oversight bodies.",
            "Sistemas de denuncias, investigaciones internas y órganos de control externo.",
        ],
        &["police_strengthening", "citizen_participation"],
        3,
        32,
        "advanced",
        "distance",
        "both",
        &["PICAP-PHR-101"],
    ),
    (
        "PICAP-CPP-101",
        [
            "Community policing",
            "Policía comunitaria",
            "Polícia comunitária",
            "Police de proximité",
        ],
        [
            "Working with neighbourhoods to solve problems before they become crimes.",
            "Trabajar con los barrios para resolver problemas antes de que se conviertan en delitos.",
        ],
        &["security_and_coexistence", "citizen_participation"],
        3,
        40,
        "introductory",
        "blended",
        "both",
        &[],
    ),
    (
        "PICAP-CPP-110",
        [
            "Preventing family and gender-based violence",
            "Prevención de la violencia familiar y de género",
            "Prevenção da violência familiar e de gênero",
            "Prévenir les violences familiales et fondées sur le genre",
        ],
        [
            "Risk assessment, protection orders and coordinated response with health and justice services.",
            "Evaluación de riesgo, medidas de protección y respuesta coordinada con salud y justicia.",
        ],
        &["gender_based_violence", "prevention"],
        4,
        44,
        "introductory",
        "distance",
        "both",
        &[],
    ),
    (
        "PICAP-CPP-120",
        [
            "Youth, risk factors and violence prevention",
            "Juventud, factores de riesgo y prevención de la violencia",
            "Juventude, fatores de risco e prevenção da violência",
            "Jeunesse, facteurs de risque et prévention de la violence",
        ],
        [
            "Programmes that reduce youth involvement in violence, and how to work with schools and families.",
            "Programas que reducen la participación juvenil en la violencia y cómo trabajar con escuelas y familias.",
        ],
        &["risk_factors", "social_capital", "prevention"],
        3,
        36,
        "intermediate",
        "blended",
        "both",
        &["PICAP-CPP-101"],
    ),
    (
        "PICAP-CPP-130",
        [
            "Citizen participation and oversight",
            "Participación ciudadana y control social",
            "Participação cidadã e controle social",
            "Participation citoyenne et contrôle social",
        ],
        [
            "Local security councils, citizen oversight and the role of civil society organisations.",
            "Consejos locales de seguridad, veeduría ciudadana y el papel de las organizaciones de la sociedad civil.",
        ],
        &["citizen_participation"],
        2,
        24,
        "introductory",
        "distance",
        "civilian",
        &[],
    ),
    (
        "PICAP-CPP-140",
        [
            "Media and citizen security",
            "Medios de comunicación y seguridad ciudadana",
            "Meios de comunicação e segurança cidadã",
            "Médias et sécurité citoyenne",
        ],
        [
            "Communicating with the press and the public during crises and ordinary times.",
            "Comunicación con la prensa y la ciudadanía en crisis y en tiempos normales.",
        ],
        &["media_and_security"],
        2,
        24,
        "intermediate",
        "distance",
        "both",
        &[],
    ),
    (
        "PICAP-CPP-150",
        [
            "Urban security and public space",
            "Seguridad urbana y espacio público",
            "Segurança urbana e espaço público",
            "Sécurité urbaine et espace public",
        ],
        [
            "Lighting, design and services: reducing crime through the environment.",
            "Iluminación, diseño y servicios: reducir el delito a través del entorno.",
        ],
        &["urban_contexts", "prevention"],
        3,
        32,
        "intermediate",
        "onsite",
        "civilian",
        &["PICAP-CPP-101"],
    ),
    (
        "PICAP-CPP-160",
        [
            "Weapons amnesties and voluntary disarmament",
            "Amnistías de armas y desarme voluntario",
            "Anistias de armas e desarmamento voluntário",
            "Amnisties d'armes et désarmement volontaire",
        ],
        [
            "Successful campaigns of the region: design, legal framework and destruction of weapons.",
            "Campañas exitosas de la región: diseño, marco legal y destrucción de armas.",
        ],
        &["weapons_amnesties", "prevention"],
        2,
        20,
        "intermediate",
        "blended",
        "both",
        &[],
    ),
    (
        "PICAP-OCI-101",
        [
            "Understanding organized crime",
            "Comprender el crimen organizado",
            "Compreender o crime organizado",
            "Comprendre la criminalité organisée",
        ],
        [
            "Markets, structures and the corruption that sustains criminal organisations.",
            "Mercados, estructuras y la corrupción que sostiene a las organizaciones criminales.",
        ],
        &["organized_crime"],
        3,
        40,
        "introductory",
        "distance",
        "both",
        &[],
    ),
    (
        "PICAP-OCI-120",
        [
            "Criminal intelligence analysis",
            "Análisis de inteligencia criminal",
            "Análise de inteligência criminal",
            "Analyse du renseignement criminel",
        ],
        [
            "Link analysis, financial flows and turning information into operational decisions.",
            "Análisis de vínculos, flujos financieros y cómo convertir información en decisiones operativas.",
        ],
        &["organized_crime", "police_strengthening"],
        4,
        48,
        "intermediate",
        "onsite",
        "police",
        &["PICAP-OCI-101"],
    ),
    (
        "PICAP-OCI-130",
        [
            "Investigating trafficking in persons",
            "Investigación de la trata de personas",
            "Investigação do tráfico de pessoas",
            "Enquêter sur la traite des personnes",
        ],
        [
            "Identifying victims, working across borders and building cases that stand in court.",
            "Identificar víctimas, trabajar entre fronteras y construir casos que se sostengan en juicio.",
        ],
        &["organized_crime", "human_rights", "justice_system"],
        4,
        44,
        "intermediate",
        "blended",
        "police",
        &["PICAP-OCI-101"],
    ),
    (
        "PICAP-OCI-140",
        [
            "Cooperation between police and the justice system",
            "Cooperación entre policía y sistema de justicia",
            "Cooperação entre polícia e sistema de justiça",
            "Coopération entre police et justice",
        ],
        [
            "Chain of custody, the accusatory system and working with prosecutors.",
            "Cadena de custodia, sistema acusatorio y trabajo con fiscalías.",
        ],
        &["justice_system"],
        3,
        36,
        "intermediate",
        "distance",
        "both",
        &[],
    ),
    (
        "PICAP-OCI-150",
        [
            "Oversight of private security",
            "Supervisión de la seguridad privada",
            "Fiscalização da segurança privada",
            "Contrôle de la sécurité privée",
        ],
        [
            "Licensing, inspection and the relationship between public and private security.",
            "Licencias, inspección y la relación entre seguridad pública y privada.",
        ],
        &["private_security_oversight"],
        2,
        24,
        "advanced",
        "distance",
        "civilian",
        &[],
    ),
    (
        "PICAP-OCI-160",
        [
            "Training of trainers: multiplying what you learned",
            "Formación de formadores: multiplicar lo aprendido",
            "Formação de formadores: multiplicar o aprendido",
            "Formation de formateurs : démultiplier ce que l'on a appris",
        ],
        [
            "Preparing graduates to replicate PICAP modules with colleagues in their own agencies.",
            "Preparar a los egresados para replicar los módulos de PICAP con colegas en sus instituciones.",
        ],
        &["police_strengthening", "conflict_resolution"],
        2,
        24,
        "intermediate",
        "blended",
        "both",
        &[],
    ),
];

/// (code, [en, es] titles, [en, es] descriptions, credits required, modules (code, required))
type DemoProgramme = (
    &'static str,
    [&'static str; 2],
    [&'static str; 2],
    i32,
    &'static [(&'static str, bool)],
);

const PROGRAMMES: &[DemoProgramme] = &[
    (
        "PICAP-PSM",
        [
            "Public security management",
            "Gestión de la seguridad pública",
        ],
        [
            "For officers and civilians who design, fund and evaluate security policies.",
            "Para policías y civiles que diseñan, financian y evalúan políticas de seguridad.",
        ],
        18,
        &[
            ("PICAP-PSM-101", true),
            ("PICAP-PSM-110", true),
            ("PICAP-PSM-201", true),
            ("PICAP-PSM-210", false),
            ("PICAP-PSM-301", true),
            ("PICAP-PSM-310", false),
        ],
    ),
    (
        "PICAP-PHR",
        ["Police and human rights", "Policía y derechos humanos"],
        [
            "Standards and practice for policing that respects rights and keeps public trust.",
            "Estándares y práctica de una función policial que respeta los derechos y mantiene la confianza pública.",
        ],
        14,
        &[
            ("PICAP-PHR-101", true),
            ("PICAP-PHR-120", true),
            ("PICAP-PHR-130", true),
            ("PICAP-PHR-140", false),
            ("PICAP-PHR-150", false),
            ("PICAP-PHR-160", false),
        ],
    ),
    (
        "PICAP-CPP",
        [
            "Community policing and prevention",
            "Policía comunitaria y prevención",
        ],
        [
            "Prevention-first approaches built with communities, schools and local government.",
            "Enfoques preventivos construidos con la comunidad, las escuelas y los gobiernos locales.",
        ],
        14,
        &[
            ("PICAP-CPP-101", true),
            ("PICAP-CPP-110", true),
            ("PICAP-CPP-120", true),
            ("PICAP-CPP-130", false),
            ("PICAP-CPP-140", false),
            ("PICAP-CPP-150", false),
            ("PICAP-CPP-160", false),
        ],
    ),
    (
        "PICAP-OCI",
        [
            "Organized crime and investigation",
            "Crimen organizado e investigación",
        ],
        [
            "Investigating criminal organisations within the law and in cooperation with justice.",
            "Investigar a las organizaciones criminales dentro de la ley y en cooperación con la justicia.",
        ],
        14,
        &[
            ("PICAP-OCI-101", true),
            ("PICAP-OCI-120", true),
            ("PICAP-OCI-130", false),
            ("PICAP-OCI-140", true),
            ("PICAP-OCI-150", false),
            ("PICAP-OCI-160", false),
        ],
    ),
];

/// (module, days from today, teaching language, country, host agency, city, venue, IANA zone,
/// capacity, policy)
type DemoOffering = (
    &'static str,
    i64,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    i32,
    &'static str,
);

const OFFERINGS: &[DemoOffering] = &[
    (
        "PICAP-PHR-101",
        21,
        "es",
        "PE",
        "Policía Nacional del Perú",
        "Lima",
        "Escuela de Oficiales de la PNP",
        "America/Lima",
        30,
        "open",
    ),
    (
        "PICAP-PHR-101",
        95,
        "pt",
        "BR",
        "Polícia Federal",
        "Brasília",
        "Academia Nacional de Polícia",
        "America/Sao_Paulo",
        35,
        "open",
    ),
    (
        "PICAP-PHR-120",
        45,
        "es",
        "CO",
        "Policía Nacional de Colombia",
        "Bogotá",
        "Escuela de Cadetes General Santander",
        "America/Bogota",
        24,
        "nomination",
    ),
    (
        "PICAP-PHR-130",
        30,
        "fr",
        "HT",
        "Police Nationale d'Haïti",
        "Port-au-Prince",
        "Académie Nationale de Police",
        "America/Port-au-Prince",
        25,
        "nomination",
    ),
    (
        "PICAP-PHR-140",
        60,
        "es",
        "MX",
        "Secretaría de Seguridad y Protección Ciudadana",
        "Ciudad de México",
        "",
        "America/Mexico_City",
        80,
        "open",
    ),
    (
        "PICAP-PHR-150",
        120,
        "es",
        "CL",
        "Carabineros de Chile",
        "Santiago",
        "Escuela de Carabineros",
        "America/Santiago",
        24,
        "nomination",
    ),
    (
        "PICAP-PSM-101",
        14,
        "en",
        "US",
        "Organization of American States",
        "Washington",
        "OAS Main Building",
        "America/New_York",
        40,
        "open",
    ),
    (
        "PICAP-PSM-101",
        75,
        "es",
        "CR",
        "Ministerio de Seguridad Pública",
        "San José",
        "Academia Nacional de Policía",
        "America/Costa_Rica",
        30,
        "open",
    ),
    (
        "PICAP-PSM-110",
        28,
        "es",
        "AR",
        "Ministerio de Seguridad",
        "Buenos Aires",
        "",
        "America/Argentina/Buenos_Aires",
        100,
        "open",
    ),
    (
        "PICAP-PSM-201",
        110,
        "es",
        "CO",
        "Alcaldía de Medellín",
        "Medellín",
        "Centro de Convenciones Plaza Mayor",
        "America/Bogota",
        30,
        "open",
    ),
    (
        "PICAP-PSM-210",
        80,
        "en",
        "TT",
        "Trinidad and Tobago Police Service",
        "Port of Spain",
        "Police Training Academy",
        "America/Port_of_Spain",
        25,
        "nomination",
    ),
    (
        "PICAP-PSM-301",
        140,
        "en",
        "CA",
        "Public Safety Canada",
        "Ottawa",
        "",
        "America/Toronto",
        60,
        "open",
    ),
    (
        "PICAP-CPP-101",
        35,
        "pt",
        "BR",
        "Polícia Militar do Estado de São Paulo",
        "São Paulo",
        "Academia de Polícia Militar do Barro Branco",
        "America/Sao_Paulo",
        30,
        "open",
    ),
    (
        "PICAP-CPP-110",
        18,
        "es",
        "GT",
        "Policía Nacional Civil",
        "Ciudad de Guatemala",
        "",
        "America/Guatemala",
        120,
        "open",
    ),
    (
        "PICAP-CPP-110",
        50,
        "fr",
        "HT",
        "Police Nationale d'Haïti",
        "Port-au-Prince",
        "",
        "America/Port-au-Prince",
        60,
        "open",
    ),
    (
        "PICAP-CPP-120",
        65,
        "es",
        "SV",
        "Policía Nacional Civil",
        "San Salvador",
        "Academia Nacional de Seguridad Pública",
        "America/El_Salvador",
        28,
        "open",
    ),
    (
        "PICAP-CPP-130",
        40,
        "es",
        "UY",
        "Ministerio del Interior",
        "Montevideo",
        "",
        "America/Montevideo",
        90,
        "open",
    ),
    (
        "PICAP-CPP-160",
        90,
        "es",
        "PA",
        "Policía Nacional de Panamá",
        "Ciudad de Panamá",
        "Instituto Superior Policial",
        "America/Panama",
        30,
        "open",
    ),
    (
        "PICAP-OCI-101",
        25,
        "en",
        "JM",
        "Jamaica Constabulary Force",
        "Kingston",
        "",
        "America/Jamaica",
        100,
        "open",
    ),
    (
        "PICAP-OCI-120",
        100,
        "es",
        "PY",
        "Policía Nacional del Paraguay",
        "Asunción",
        "Academia Nacional de Policía",
        "America/Asuncion",
        20,
        "nomination",
    ),
    (
        "PICAP-OCI-130",
        70,
        "es",
        "DO",
        "Policía Nacional",
        "Santo Domingo",
        "Instituto Policial de Educación",
        "America/Santo_Domingo",
        25,
        "nomination",
    ),
    (
        "PICAP-OCI-140",
        55,
        "pt",
        "BR",
        "Ministério da Justiça e Segurança Pública",
        "Brasília",
        "",
        "America/Sao_Paulo",
        80,
        "open",
    ),
];

fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// Loads the demo catalog through the catalog services, as `admin`.
pub async fn seed(
    db: &sea_orm::DatabaseConnection,
    admin: &CurrentUser,
    instructor_id: i64,
) -> Result<(), DomainError> {
    // Prerequisites must exist first: MODULES lists every module after its prerequisites.
    let mut ids = std::collections::HashMap::new();
    for (code, titles, summaries, topics, credits, hours, level, mode, audience, prerequisites) in
        MODULES
    {
        let created = super::service::create_module(
            db,
            admin,
            ModuleInput {
                code: code.to_string(),
                title: map(&[
                    ("en", titles[0]),
                    ("es", titles[1]),
                    ("pt", titles[2]),
                    ("fr", titles[3]),
                ]),
                summary: map(&[("en", summaries[0]), ("es", summaries[1])]),
                topics: topics.iter().map(|t| t.to_string()).collect(),
                credits: *credits,
                hours: *hours,
                level: level.to_string(),
                delivery_mode: mode.to_string(),
                audience: audience.to_string(),
                prerequisites: prerequisites.iter().map(|p| p.to_string()).collect(),
                status: "published".into(),
                // Set once the agency registry is loaded (`agencies::demo`).
                organising_agency_id: None,
            },
        )
        .await?;
        ids.insert(*code, (created.id, *mode));
    }
    for (code, titles, descriptions, credits, modules) in PROGRAMMES {
        super::programmes::create_programme(
            db,
            admin,
            ProgrammeInput {
                code: code.to_string(),
                title: map(&[("en", titles[0]), ("es", titles[1])]),
                description: map(&[("en", descriptions[0]), ("es", descriptions[1])]),
                credits_required: *credits,
                modules: modules
                    .iter()
                    .map(|(code, required)| ProgrammeModuleInput {
                        code: code.to_string(),
                        required: *required,
                    })
                    .collect(),
                status: "published".into(),
            },
        )
        .await?;
    }
    let today = Utc::now().date_naive();
    for (code, days, language, country, agency, city, venue, zone, capacity, policy) in OFFERINGS {
        let Some((module_id, mode)) = ids.get(code).copied() else {
            continue;
        };
        let starts = today + Duration::days(*days);
        let tz: chrono_tz::Tz = zone
            .parse()
            .map_err(|_| DomainError::Internal(format!("demo zone {zone}")))?;
        let at = |day: i64, hour: u32, minute: u32| -> Result<String, DomainError> {
            let time = NaiveTime::from_hms_opt(hour, minute, 0)
                .ok_or(DomainError::Internal("demo time".into()))?;
            tz.from_local_datetime(&(starts + Duration::days(day)).and_time(time))
                .earliest()
                .map(|t| t.to_rfc3339())
                .ok_or(DomainError::Internal("demo local time".into()))
        };
        let onsite = |day: i64| -> Result<SessionInput, DomainError> {
            Ok(SessionInput {
                id: None,
                kind: "onsite".into(),
                starts_at: at(day, 9, 0)?,
                ends_at: at(day, 17, 0)?,
                timezone: zone.to_string(),
                venue: Some(venue.to_string()),
                city: Some(city.to_string()),
                country: Some(country.to_string()),
            })
        };
        let distance = |from: i64, to: i64| -> Result<SessionInput, DomainError> {
            Ok(SessionInput {
                id: None,
                kind: "distance".into(),
                starts_at: at(from, 0, 0)?,
                ends_at: at(to, 23, 59)?,
                timezone: zone.to_string(),
                venue: None,
                city: None,
                country: None,
            })
        };
        let (sessions, length) = match (mode, venue.is_empty()) {
            ("onsite", false) => (
                vec![onsite(0)?, onsite(1)?, onsite(2)?, onsite(3)?, onsite(4)?],
                4,
            ),
            ("blended", false) => (
                vec![distance(0, 13)?, onsite(14)?, onsite(15)?, onsite(16)?],
                16,
            ),
            _ => (vec![distance(0, 27)?], 27),
        };
        super::offerings::create_offering(
            db,
            admin,
            OfferingInput {
                module_id,
                starts_on: starts.format("%Y-%m-%d").to_string(),
                ends_on: (starts + Duration::days(length))
                    .format("%Y-%m-%d")
                    .to_string(),
                enrollment_opens: (today - Duration::days(10)).format("%Y-%m-%d").to_string(),
                enrollment_closes: (starts - Duration::days(7)).format("%Y-%m-%d").to_string(),
                capacity: *capacity,
                language: language.to_string(),
                country: country.to_string(),
                host_agency: agency.to_string(),
                enrollment_policy: policy.to_string(),
                instructor_ids: vec![instructor_id],
                sessions,
                status: "published".into(),
                // The OAS course in Washington shows cohort quotas: 30 % of seats held for
                // civilians until enrolment closes, at most 4 per agency and 8 per country.
                quotas: if *code == "PICAP-PSM-101" && *country == "US" {
                    crate::enrollment::Quotas {
                        affiliation: Some("civilian".into()),
                        min_percent: Some(30),
                        max_per_agency: Some(4),
                        max_per_country: Some(8),
                    }
                } else {
                    Default::default()
                },
            },
        )
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_catalog_covers_every_topic_and_mode() {
        assert!(MODULES.len() >= 25, "about 25 modules");
        assert_eq!(PROGRAMMES.len(), 4);
        let topics: std::collections::HashSet<&str> =
            MODULES.iter().flat_map(|m| m.3.iter().copied()).collect();
        for topic in [
            "progressive_use_of_force",
            "human_rights",
            "conflict_resolution",
            "gender_based_violence",
            "organized_crime",
            "policing_models",
            "security_plans",
            "citizen_participation",
            "public_policy_evaluation",
        ] {
            assert!(topics.contains(topic), "{topic} is taught");
        }
        for mode in ["onsite", "distance", "blended"] {
            assert!(
                OFFERINGS
                    .iter()
                    .any(|o| MODULES.iter().any(|m| m.0 == o.0 && m.7 == mode)),
                "{mode} is offered"
            );
        }
        let zones: std::collections::HashSet<&str> = OFFERINGS.iter().map(|o| o.7).collect();
        assert!(zones.len() >= 8, "offerings across time zones");
        // Every prerequisite is listed before the module that needs it.
        for (i, module) in MODULES.iter().enumerate() {
            for prerequisite in module.9 {
                assert!(
                    MODULES[..i].iter().any(|m| m.0 == *prerequisite),
                    "{} after {prerequisite}",
                    module.0
                );
            }
        }
    }
}

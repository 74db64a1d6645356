//! An offering's quizzes (`/admin/offerings/{id}/quizzes`): when each opens and closes here and
//! how many attempts it allows (changed by the offering's instructors), how many trainees took
//! it, essays waiting, and each trainee's pre-test, post-test and knowledge gain.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::super::api::{ScheduleQuiz, load_offering_quizzes};
use super::super::dto::{OfferingQuiz, OfferingQuizzes};
use super::{param_id, role_key};
use crate::auth::Notice;
use crate::catalog::forbidden_or_error;
use crate::forms::{FieldMessage, FormAlert, action_error, typed_value};
use crate::i18n::{Key, use_i18n};

/// An offering's quizzes and knowledge gain.
#[component]
pub fn OfferingQuizzesPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let data = Resource::new(
        move || param_id(&params.read(), "id"),
        |id| async move {
            match id {
                Some(id) => load_offering_quizzes(id).await,
                None => Err(crate::error::AppError::NotFound),
            }
        },
    );
    view! {
        <Title text=i18n.t(Key::ResultsTitle) />
        <section class="wide-page" aria-labelledby="results-title">
            <Suspense fallback=|| ()>
                {move || {
                    data.get()
                        .map(|found| match found {
                            Err(e) => forbidden_or_error(e),
                            Ok(results) => view! { <Results results /> }.into_any(),
                        })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn Results(results: OfferingQuizzes) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.locale();
    let offering = results.offering_id;
    let heading = locale.format(
        Key::ResultsHeading,
        &[(
            "offering",
            &format!(
                "{} · {}",
                results.module_title,
                locale.date(&results.starts_on)
            ),
        )],
    );
    let dash = || "—".to_string();
    let can_schedule = results.can_schedule;
    view! {
        <h1 id="results-title">{heading}</h1>
        <Notice param="saved" texts=&[("1", Key::ResultsScheduleSaved)] />
        <p>
            <A href=format!("/admin/offerings/{offering}/progress")>{i18n.t(Key::ResultsProgressLink)}</A>
            " · "
            <A href="/grading">{i18n.t(Key::GradingTitle)}</A>
        </p>
        <h2>{i18n.t(Key::BankQuizzes)}</h2>
        {results.quizzes.is_empty().then(|| view! { <p>{i18n.t(Key::BankNoQuizzes)}</p> })}
        <ul class="grading-list" id="offering-quizzes">
            {results.quizzes.into_iter().map(|q| view! { <Scheduled quiz=q offering can_schedule /> }).collect_view()}
        </ul>
        <h2 id="gain-title">{i18n.t(Key::GainTitle)}</h2>
        <p class="page-intro">{i18n.t(Key::GainIntro)}</p>
        <table class="data-table" id="gain" aria-labelledby="gain-title">
            <thead><tr>
                <th scope="col">{i18n.t(Key::GainTrainee)}</th>
                <th scope="col">{i18n.t(Key::RolePreTest)}</th>
                <th scope="col">{i18n.t(Key::RolePostTest)}</th>
                <th scope="col">{i18n.t(Key::GainRaw)}</th>
                <th scope="col">{i18n.t(Key::GainNormalised)}</th>
            </tr></thead>
            <tbody>
                {results.gains.iter().map(|g| view! {
                    <tr>
                        <th scope="row">{g.name.clone()}</th>
                        <td>{g.pre.map(|s| locale.points(s)).unwrap_or_else(dash)}</td>
                        <td>{g.post.map(|s| locale.points(s)).unwrap_or_else(dash)}</td>
                        <td>{g.raw.map(|s| locale.points(s)).unwrap_or_else(dash)}</td>
                        <td>{g.normalised.map(|s| locale.percent(s)).unwrap_or_else(dash)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
            <tfoot><tr>
                <th scope="row">{i18n.t(Key::GainMean)}</th>
                <td></td>
                <td>{results.max.map(|m| locale.format(Key::GainOutOf, &[("max", &locale.points(m))]))}</td>
                <td id="gain-mean-raw">{results.mean_raw.map(|s| locale.points(s)).unwrap_or_else(dash)}</td>
                <td id="gain-mean-normalised">{results.mean_normalised.map(|s| locale.percent(s)).unwrap_or_else(dash)}</td>
            </tr></tfoot>
        </table>
    }
}

#[component]
fn Scheduled(quiz: OfferingQuiz, offering: i64, can_schedule: bool) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.locale();
    let schedule = ServerAction::<ScheduleQuiz>::new();
    // Each quiz's form posts to the same function: a refusal belongs to the quiz it names.
    let typed_here = typed_value("schedule_quiz", "quiz_id") == Some(quiz.quiz_id.to_string());
    let typed = move |field: &str| {
        typed_here
            .then(|| typed_value("schedule_quiz", field))
            .flatten()
    };
    let all_errors = action_error(schedule);
    let error = Signal::derive(move || all_errors.get().filter(|_| typed_here));
    let id = format!("quiz-{}", quiz.quiz_id);
    let (opens_id, closes_id, attempts_id) = (
        format!("{id}-opens"),
        format!("{id}-closes"),
        format!("{id}-attempts"),
    );
    let local = |rfc: &str| rfc.get(..16).unwrap_or_default().to_string();
    view! {
        <li class="card" id=id.clone()>
            <h3>{quiz.title.clone()}" "<span class="badge">{i18n.t(role_key(quiz.role))}</span></h3>
            <p>
                {locale.format(Key::ResultsWindow, &[
                    ("opens", &locale.date_time(&quiz.opens_at)),
                    ("closes", &locale.date_time(&quiz.closes_at)),
                    ("attempts", &quiz.attempts_allowed.to_string()),
                ])}
                {(!quiz.own_schedule).then(|| view! { " " <span class="field-hint">{i18n.t(Key::ResultsDefaultWindow)}</span> })}
            </p>
            <p>
                {locale.format(Key::ResultsTaken, &[
                    ("count", &quiz.trainees_attempted.to_string()),
                    ("pending", &quiz.essays_pending.to_string()),
                ])}
                " · "
                <A href=format!("/admin/catalog/quizzes/{}/statistics", quiz.quiz_id)>{i18n.t(Key::StatsLink)}</A>
            </p>
            {can_schedule.then(|| view! {
                <details open=typed_here>
                    <summary>{i18n.t(Key::ResultsChangeDates)}</summary>
                    <ActionForm action=schedule attr:class="stacked-form">
                        <FormAlert error=error />
                        <input type="hidden" name="offering_id" value=offering />
                        <input type="hidden" name="quiz_id" value=quiz.quiz_id />
                        <div class="field">
                            <label for=opens_id.clone()>{i18n.t(Key::ResultsOpens)}</label>
                            <input type="datetime-local" id=opens_id.clone() name="opens_at" value=typed("opens_at").unwrap_or_else(|| local(&quiz.opens_at)) />
                            <FieldMessage error name="opens_at" />
                        </div>
                        <div class="field">
                            <label for=closes_id.clone()>{i18n.t(Key::ResultsCloses)}</label>
                            <input type="datetime-local" id=closes_id.clone() name="closes_at" value=typed("closes_at").unwrap_or_else(|| local(&quiz.closes_at)) />
                            <FieldMessage error name="closes_at" />
                        </div>
                        <div class="field">
                            <label for=attempts_id.clone()>{i18n.t(Key::QuizAttempts)}</label>
                            <input id=attempts_id.clone() name="attempts_allowed" inputmode="numeric" maxlength="2"
                                value=typed("attempts_allowed").unwrap_or_else(|| quiz.attempts_allowed.to_string()) />
                            <FieldMessage error name="attempts_allowed" />
                        </div>
                        <p class="field-hint">{i18n.t(Key::ResultsUtcHint)}</p>
                        <button type="submit" class="primary-button">{i18n.t(Key::ResultsSaveDates)}</button>
                    </ActionForm>
                </details>
            })}
        </li>
    }
}

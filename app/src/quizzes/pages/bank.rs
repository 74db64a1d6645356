//! A module's question bank and quizzes (`/admin/catalog/modules/{id}/questions`), and a
//! quiz's item statistics (`/admin/catalog/quizzes/{id}/statistics`).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::super::api::{RetireQuestion, RetireQuiz, load_item_statistics, load_question_bank};
use super::super::dto::{ItemStatistics, QuestionBank};
use super::{kind_key, param_id, role_key};
use crate::auth::Notice;
use crate::catalog::forbidden_or_error;
use crate::i18n::{Key, use_i18n};

/// The question bank of one module, for its authors and administrators.
#[component]
pub fn QuestionBankPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let data = Resource::new(
        move || param_id(&params.read(), "id"),
        |id| async move {
            match id {
                Some(id) => load_question_bank(id).await,
                None => Err(crate::error::AppError::NotFound),
            }
        },
    );
    view! {
        <Title text=i18n.t(Key::BankTitle) />
        <section class="wide-page" aria-labelledby="bank-title">
            <Suspense fallback=|| ()>
                {move || {
                    data.get()
                        .map(|found| match found {
                            Err(e) => forbidden_or_error(e),
                            Ok(bank) => view! { <Bank bank /> }.into_any(),
                        })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn Bank(bank: QuestionBank) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.locale();
    let retire = ServerAction::<RetireQuestion>::new();
    let retire_quiz = ServerAction::<RetireQuiz>::new();
    let module_id = bank.module_id;
    let heading = locale.format(
        Key::BankHeading,
        &[(
            "module",
            &format!("{} · {}", bank.module_code, bank.module_title),
        )],
    );
    let no_units = bank.units.is_empty();
    view! {
        <h1 id="bank-title">{heading}</h1>
        <Notice param="saved" texts=&[("quiz", Key::QuizSaved)] />
        <p class="page-intro">{i18n.t(Key::BankIntro)}</p>
        <p>
            <A href=format!("/admin/catalog/modules/{module_id}/content")>{i18n.t(Key::BankBackToContent)}</A>
        </p>
        <h2 id="quizzes-title">{i18n.t(Key::BankQuizzes)}</h2>
        {bank.quizzes.is_empty().then(|| view! { <p id="quizzes-empty">{i18n.t(Key::BankNoQuizzes)}</p> })}
        <table class="data-table" id="quizzes" aria-labelledby="quizzes-title">
            <thead>
                <tr>
                    <th scope="col">{i18n.t(Key::QuizTitleLabel)}</th>
                    <th scope="col">{i18n.t(Key::QuizUnit)}</th>
                    <th scope="col">{i18n.t(Key::QuizRole)}</th>
                    <th scope="col">{i18n.t(Key::BankQuestions)}</th>
                    <th scope="col">{i18n.t(Key::BankAttempts)}</th>
                    <th scope="col"><span class="visually-hidden">{i18n.t(Key::BankActions)}</span></th>
                </tr>
            </thead>
            <tbody>
                {bank
                    .quizzes
                    .into_iter()
                    .map(|q| {
                        view! {
                            <tr id=format!("quiz-{}", q.id)>
                                <td><A href=format!("/admin/catalog/modules/{module_id}/quizzes/{}", q.id)>{q.title.clone()}</A></td>
                                <td>{q.unit_title.clone()}</td>
                                <td>{i18n.t(role_key(q.role))}</td>
                                <td>{q.questions}</td>
                                <td>{q.attempts}</td>
                                <td class="row-actions">
                                    <A href=format!("/admin/catalog/quizzes/{}/statistics", q.id)>{i18n.t(Key::StatsLink)}</A>
                                    <ActionForm action=retire_quiz attr:class="inline-form">
                                        <input type="hidden" name="quiz_id" value=q.id />
                                        <button type="submit" class="link-button">{i18n.t(Key::QuizRetire)}</button>
                                    </ActionForm>
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
        {if no_units {
            view! { <p>{i18n.t(Key::BankNeedsUnit)}</p> }.into_any()
        } else {
            view! {
                <form method="get" action=format!("/admin/catalog/modules/{module_id}/quizzes/new") class="inline-form" id="new-quiz">
                    <label for="new-quiz-unit">{i18n.t(Key::QuizUnit)}</label>
                    <select id="new-quiz-unit" name="unit">
                        {bank.units.iter().map(|(id, title)| view! { <option value=*id>{title.clone()}</option> }).collect_view()}
                    </select>
                    <button type="submit" class="secondary-button">{i18n.t(Key::BankNewQuiz)}</button>
                </form>
            }
                .into_any()
        }}
        <h2 id="questions-title">{i18n.t(Key::BankQuestionsTitle)}</h2>
        <p>
            <A href=format!("/admin/catalog/modules/{module_id}/questions/new") attr:class="primary-button" attr:id="new-question">
                {i18n.t(Key::BankNewQuestion)}
            </A>
        </p>
        {bank.questions.is_empty().then(|| view! { <p id="questions-empty">{i18n.t(Key::BankNoQuestions)}</p> })}
        <table class="data-table" id="questions" aria-labelledby="questions-title">
            <thead>
                <tr>
                    <th scope="col">{i18n.t(Key::QuestionPrompt)}</th>
                    <th scope="col">{i18n.t(Key::QuestionKind)}</th>
                    <th scope="col">{i18n.t(Key::QuestionPoints)}</th>
                    <th scope="col">{i18n.t(Key::QuestionTags)}</th>
                    <th scope="col">{i18n.t(Key::ContentLanguage)}</th>
                    <th scope="col">{i18n.t(Key::BankAnswered)}</th>
                    <th scope="col"><span class="visually-hidden">{i18n.t(Key::BankActions)}</span></th>
                </tr>
            </thead>
            <tbody>
                {bank
                    .questions
                    .into_iter()
                    .map(|q| {
                        let retired = q.retired;
                        view! {
                            <tr id=format!("question-{}", q.id) class:retired=retired>
                                <td>
                                    <A href=format!("/admin/catalog/modules/{module_id}/questions/{}", q.id)>{q.excerpt.clone()}</A>
                                    {retired.then(|| view! { " " <span class="badge">{i18n.t(Key::QuestionRetired)}</span> })}
                                </td>
                                <td>{i18n.t(kind_key(q.kind))}</td>
                                <td>{locale.points(q.points)}</td>
                                <td>{q.tags.join(", ")}</td>
                                <td>{q.languages.join(" · ")}</td>
                                <td>{q.answered}</td>
                                <td>
                                    <ActionForm action=retire attr:class="inline-form">
                                        <input type="hidden" name="question_id" value=q.id />
                                        <input type="hidden" name="retire" value=(!retired).to_string() />
                                        <button type="submit" class="link-button">
                                            {i18n.t(if retired { Key::QuestionRestore } else { Key::QuestionRetire })}
                                        </button>
                                    </ActionForm>
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

/// A quiz's item statistics.
#[component]
pub fn ItemStatisticsPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let data = Resource::new(
        move || param_id(&params.read(), "id"),
        |id| async move {
            match id {
                Some(id) => load_item_statistics(id).await,
                None => Err(crate::error::AppError::NotFound),
            }
        },
    );
    view! {
        <Title text=i18n.t(Key::StatsTitle) />
        <section class="wide-page" aria-labelledby="stats-title">
            <Suspense fallback=|| ()>
                {move || {
                    data.get()
                        .map(|found| match found {
                            Err(e) => forbidden_or_error(e),
                            Ok(stats) => view! { <Statistics stats /> }.into_any(),
                        })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn Statistics(stats: ItemStatistics) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.locale();
    view! {
        <h1 id="stats-title">{locale.format(Key::StatsHeading, &[("quiz", &stats.title)])}</h1>
        <p class="page-intro">
            {locale.format(Key::StatsIntro, &[("attempts", &stats.attempts.to_string())])}
        </p>
        <p><A href=format!("/admin/catalog/modules/{}/questions", stats.module_id)>{i18n.t(Key::BankBack)}</A></p>
        {stats.items.is_empty().then(|| view! { <p id="stats-empty">{i18n.t(Key::StatsNone)}</p> })}
        <table class="data-table" id="item-stats">
            <thead>
                <tr>
                    <th scope="col">{i18n.t(Key::QuestionPrompt)}</th>
                    <th scope="col">{i18n.t(Key::QuestionKind)}</th>
                    <th scope="col">{i18n.t(Key::StatsAnswered)}</th>
                    <th scope="col">{i18n.t(Key::StatsShareRight)}</th>
                    <th scope="col">{i18n.t(Key::StatsDiscrimination)}</th>
                    <th scope="col">{i18n.t(Key::StatsFlag)}</th>
                </tr>
            </thead>
            <tbody>
                {stats
                    .items
                    .into_iter()
                    .map(|item| {
                        let flag = item.flag.as_deref().map(|f| {
                            i18n.t(if f == "nobody_right" { Key::StatsNobodyRight } else { Key::StatsEverybodyRight })
                        });
                        view! {
                            <tr>
                                <td>{item.excerpt.clone()}</td>
                                <td>{i18n.t(kind_key(item.kind))}</td>
                                <td>{item.answered}</td>
                                <td>{locale.percent(item.share_right)}</td>
                                <td>{item.discrimination.map(|d| locale.points(d)).unwrap_or_else(|| "—".into())}</td>
                                <td>{flag}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
        <p class="field-hint">{i18n.t(Key::StatsHint)}</p>
    }
}

//! A module's content (`/admin/catalog/modules/{id}/content`): its units and lessons in order,
//! with each lesson's languages, and its authors. Every change is a small form of its own.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::super::api::{
    AddLesson, AddUnit, MoveContent, RenameUnit, RetireLesson, SetModuleAuthor, load_module_content,
};
use super::super::dto::{AuthorLesson, AuthorUnit, ModuleContent};
use crate::auth::Notice;
use crate::catalog::{LanguageTexts, forbidden_or_error};
use crate::forms::{FormAlert, action_error};
use crate::i18n::{Key, Locale, use_i18n};

/// The content editor of one module, for its authors and administrators.
#[component]
pub fn ModuleContentPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let module_id = move || {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok())
    };
    let data = Resource::new(module_id, |id| async move {
        match id {
            Some(id) => load_module_content(id).await,
            None => Err(crate::error::AppError::NotFound),
        }
    });
    view! {
        <Title text=i18n.t(Key::ContentTitle) />
        <section class="wide-page" aria-labelledby="content-title">
            <Suspense fallback=|| ()>
                {move || {
                    data.get()
                        .map(|found| match found {
                            Err(e) => forbidden_or_error(e),
                            Ok(content) => view! { <Content content /> }.into_any(),
                        })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn Content(content: ModuleContent) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.locale();
    let add_unit = ServerAction::<AddUnit>::new();
    let error = action_error(add_unit);
    let heading = locale.format(
        Key::ContentHeading,
        &[(
            "module",
            &format!("{} · {}", content.module_code, content.module_title),
        )],
    );
    let primary = Locale::from_code(&content.primary_language).unwrap_or_default();
    let module_id = content.module_id;
    let units = content.units.len();
    view! {
        <h1 id="content-title">{heading}</h1>
        <Notice param="saved" texts=&[("unit", Key::ContentSaved), ("authors", Key::ContentSaved)] />
        <p class="page-intro">
            {locale.format(Key::ContentIntro, &[("language", primary.name_in(locale))])}
        </p>
        <p>
            <A href=format!("/admin/catalog/modules/{module_id}")>{i18n.t(Key::ContentBackToModule)}</A>
            " · "
            <A href=format!("/admin/catalog/modules/{module_id}/questions") attr:id="content-questions-link">{i18n.t(Key::BankQuestionsAndQuizzes)}</A>
        </p>
        {(units == 0).then(|| view! { <p id="content-empty">{i18n.t(Key::ContentNoUnits)}</p> })}
        <ol class="content-units">
            {content
                .units
                .into_iter()
                .enumerate()
                .map(|(i, unit)| view! { <UnitBlock module_id unit first=i == 0 last=i + 1 == units primary /> })
                .collect_view()}
        </ol>
        <h2>{i18n.t(Key::ContentAddUnit)}</h2>
        <ActionForm action=add_unit attr:class="stacked-form" attr:id="add-unit-form">
            <FormAlert error=error />
            <input type="hidden" name="module_id" value=module_id />
            <LanguageTexts form="add-unit" name="title" legend=Key::ContentUnitTitle
                label=Key::AdminTitleIn texts=vec![String::new(); 4] error />
            <button type="submit" class="primary-button">{i18n.t(Key::ContentAddUnit)}</button>
        </ActionForm>
        <Authors module_id authors=content.authors may_name=content.may_name_authors />
    }
}

/// One unit: its title, its lessons with their languages, and the forms that change them.
#[component]
fn UnitBlock(
    module_id: i64,
    unit: AuthorUnit,
    first: bool,
    last: bool,
    primary: Locale,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.locale();
    let rename = ServerAction::<RenameUnit>::new();
    let add_lesson = ServerAction::<AddLesson>::new();
    let rename_error = action_error(rename);
    let lesson_error = action_error(add_lesson);
    let title = crate::i18n::pick(&unit.title, locale);
    let texts: Vec<String> = Locale::ALL
        .iter()
        .map(|l| unit.title.get(l.code()).cloned().unwrap_or_default())
        .collect();
    let lessons = unit.lessons.len();
    let unit_id = unit.id;
    view! {
        <li class="content-unit" id=format!("unit-{unit_id}")>
            <div class="content-unit__head">
                <h2>{title}</h2>
                <MoveButtons module_id item="unit" id=unit_id first last />
            </div>
            {(lessons == 0).then(|| view! { <p>{i18n.t(Key::ContentNoLessons)}</p> })}
            <ol class="content-lessons">
                {unit
                    .lessons
                    .into_iter()
                    .enumerate()
                    .map(|(i, lesson)| view! { <LessonRow module_id lesson first=i == 0 last=i + 1 == lessons /> })
                    .collect_view()}
            </ol>
            <details class="content-unit__forms">
                <summary>{i18n.t(Key::ContentAddLesson)}</summary>
                <ActionForm action=add_lesson attr:class="inline-form">
                    <FormAlert error=lesson_error />
                    <input type="hidden" name="unit_id" value=unit_id />
                    <div class="field">
                        <label for=format!("new-lesson-title-{unit_id}")>{i18n.t(Key::ContentLessonTitle)}</label>
                        <input id=format!("new-lesson-title-{unit_id}") name="title" maxlength="200" required />
                    </div>
                    <div class="field">
                        <label for=format!("new-lesson-language-{unit_id}")>{i18n.t(Key::ContentLanguage)}</label>
                        <select id=format!("new-lesson-language-{unit_id}") name="language">
                            {Locale::ALL
                                .iter()
                                .map(|l| view! { <option value=l.code() selected=*l == primary>{l.name_in(locale)}</option> })
                                .collect_view()}
                        </select>
                    </div>
                    <button type="submit" class="secondary-button">{i18n.t(Key::ContentAddLesson)}</button>
                </ActionForm>
            </details>
            <details class="content-unit__forms">
                <summary>{i18n.t(Key::ContentRenameUnit)}</summary>
                <ActionForm action=rename attr:class="stacked-form">
                    <FormAlert error=rename_error />
                    <input type="hidden" name="module_id" value=module_id />
                    <input type="hidden" name="unit_id" value=unit_id />
                    <LanguageTexts form=format!("unit-{unit_id}") name="title" legend=Key::ContentUnitTitle
                        label=Key::AdminTitleIn texts error=rename_error />
                    <button type="submit" class="secondary-button">{i18n.t(Key::FormSave)}</button>
                </ActionForm>
            </details>
        </li>
    }
}

/// One lesson of the list: title, languages published (with their revision) and drafted.
#[component]
fn LessonRow(module_id: i64, lesson: AuthorLesson, first: bool, last: bool) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.locale();
    let retire = ServerAction::<RetireLesson>::new();
    let lesson_id = lesson.id;
    let languages = Locale::ALL
        .iter()
        .filter_map(|l| {
            let published = lesson
                .published
                .iter()
                .find(|(c, _)| c == l.code())
                .map(|(_, n)| *n);
            let draft = lesson.drafts.iter().any(|c| c == l.code());
            let state = match (published, draft) {
                (Some(n), false) => {
                    locale.format(Key::ContentPublishedRevision, &[("number", &n.to_string())])
                }
                (Some(n), true) => format!(
                    "{} · {}",
                    locale.format(Key::ContentPublishedRevision, &[("number", &n.to_string())]),
                    locale.text(Key::ContentDraft)
                ),
                (None, true) => locale.text(Key::ContentDraft).to_string(),
                (None, false) => return None,
            };
            Some(view! {
                <li>
                    <a href=format!("/admin/catalog/lessons/{lesson_id}?language={}", l.code())>
                        {l.name_in(locale)}
                    </a>
                    ": "
                    {state}
                </li>
            })
        })
        .collect_view();
    let title = if lesson.title.is_empty() {
        locale.text(Key::ContentUntitled).to_string()
    } else {
        lesson.title.clone()
    };
    let unpublished = lesson.published.is_empty();
    view! {
        <li class="content-lesson" class:content-lesson--retired=lesson.retired id=format!("lesson-{lesson_id}")>
            <div class="content-lesson__head">
                <a class="content-lesson__title" href=format!("/admin/catalog/lessons/{lesson_id}")>{title}</a>
                {lesson.retired.then(|| view! { <span class="badge">{i18n.t(Key::ContentRetired)}</span> })}
                {(unpublished && !lesson.retired).then(|| view! { <span class="badge">{i18n.t(Key::ContentNotPublished)}</span> })}
            </div>
            <ul class="content-lesson__languages">{languages}</ul>
            <div class="content-lesson__actions">
                <MoveButtons module_id item="lesson" id=lesson_id first last />
                <ActionForm action=retire attr:class="inline-form">
                    <input type="hidden" name="module_id" value=module_id />
                    <input type="hidden" name="lesson_id" value=lesson_id />
                    <input type="hidden" name="retired" value=(!lesson.retired).to_string() />
                    <button type="submit" class="link-button">
                        {i18n.t(if lesson.retired { Key::ContentRestore } else { Key::ContentRetire })}
                    </button>
                </ActionForm>
            </div>
        </li>
    }
}

/// "Move up" and "Move down" for a unit or lesson; each a one-button form.
#[component]
fn MoveButtons(
    module_id: i64,
    item: &'static str,
    id: i64,
    first: bool,
    last: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<MoveContent>::new();
    let button = move |direction: &'static str, key: Key, disabled: bool| {
        view! {
            <ActionForm action=action attr:class="inline-form">
                <input type="hidden" name="module_id" value=module_id />
                <input type="hidden" name="item" value=item />
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="direction" value=direction />
                <button type="submit" class="link-button" disabled=disabled>{i18n.t(key)}</button>
            </ActionForm>
        }
    };
    view! {
        <div class="move-buttons">
            {button("up", Key::ContentMoveUp, first)}
            {button("down", Key::ContentMoveDown, last)}
        </div>
    }
}

/// The module's authors, and for administrators the forms that name and remove them.
#[component]
fn Authors(module_id: i64, authors: Vec<(i64, String, String)>, may_name: bool) -> impl IntoView {
    let i18n = use_i18n();
    let set = ServerAction::<SetModuleAuthor>::new();
    let error = action_error(set);
    let typed = crate::forms::typed_value("authors", "email").unwrap_or_default();
    view! {
        <h2 id="authors">{i18n.t(Key::ContentAuthors)}</h2>
        <p>{i18n.t(Key::ContentAuthorsIntro)}</p>
        {authors.is_empty().then(|| view! { <p>{i18n.t(Key::ContentNoAuthors)}</p> })}
        <ul class="content-authors">
            {authors
                .into_iter()
                .map(|(id, name, email)| {
                    view! {
                        <li>
                            {name}" ("{email}")"
                            {may_name.then(|| view! {
                                <ActionForm action=set attr:class="inline-form">
                                    <input type="hidden" name="module_id" value=module_id />
                                    <input type="hidden" name="remove" value=id />
                                    <button type="submit" class="link-button">{i18n.t(Key::ContentRemoveAuthor)}</button>
                                </ActionForm>
                            })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
        {may_name.then(|| view! {
            <ActionForm action=set attr:class="inline-form" attr:id="authors-form">
                <FormAlert error=error />
                <input type="hidden" name="module_id" value=module_id />
                <div class="field">
                    <label for="authors-email">{i18n.t(Key::ContentAuthorEmail)}</label>
                    <input id="authors-email" name="email" type="email" maxlength="254" value=typed required />
                </div>
                <button type="submit" class="secondary-button">{i18n.t(Key::ContentAddAuthor)}</button>
            </ActionForm>
        })}
    }
}

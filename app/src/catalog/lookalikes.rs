//! Modules of other agencies that look like a module: shown to the module's author on its form,
//! and every such pair listed for administrators, so no agency builds a course twice.
//!
//! The comparison itself is the pure [`super::likeness`]. This file loads what it needs in three
//! queries (modules, their topics, agencies) and compares only pairs that share a topic or a
//! word, through an index from each topic and word to the modules that have it; a word that a
//! fifth of the catalog uses says nothing and is left out of the index.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::i18n::{Key, use_i18n};

/// One module as a possible duplicate of another.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Lookalike {
    /// The module's id.
    pub id: i64,
    /// Its code.
    pub code: String,
    /// Its title in the reader's language (or the first it has).
    pub title: String,
    /// The name of its organising agency, when known.
    pub agency: Option<String>,
    /// How alike, 0–100.
    pub likeness: u8,
}

/// Two modules of different agencies that look alike.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LookalikePair {
    /// One module (`likeness` is the pair's).
    pub first: Lookalike,
    /// The other.
    pub second: Lookalike,
}

#[cfg(feature = "ssr")]
pub mod service {
    //! Finding lookalikes over the database.

    use std::collections::{BTreeMap, BTreeSet, HashMap};

    use entity::{agency, module, module_topic};
    use sea_orm::{ConnectionTrait, EntityTrait};

    use super::{Lookalike, LookalikePair};
    use crate::auth::CurrentUser;
    use crate::catalog::dto::pick;
    use crate::catalog::likeness::{Profile, THRESHOLD, likeness};
    use crate::catalog::service::{json_map, may_edit};
    use crate::error::DomainError;
    use crate::i18n::Locale;

    /// At most this many lookalikes are shown for one module.
    const SHOWN: usize = 5;

    struct Entry {
        model: module::Model,
        profile: Profile,
    }

    /// Every module with its profile, and the agencies' names.
    async fn load<C: ConnectionTrait>(
        db: &C,
    ) -> Result<(Vec<Entry>, HashMap<i64, String>), DomainError> {
        let mut topics: HashMap<i64, Vec<String>> = HashMap::new();
        for t in module_topic::Entity::find().all(db).await? {
            topics.entry(t.module_id).or_default().push(t.topic_code);
        }
        let agencies = agency::Entity::find()
            .all(db)
            .await?
            .into_iter()
            .map(|a| (a.id, a.name))
            .collect();
        let entries = module::Entity::find()
            .all(db)
            .await?
            .into_iter()
            .map(|m| {
                let titles = json_map(&m.title);
                let summaries = json_map(&m.summary);
                let texts: Vec<&str> = titles
                    .values()
                    .chain(summaries.values())
                    .map(String::as_str)
                    .collect();
                let held = topics.get(&m.id).map(Vec::as_slice).unwrap_or_default();
                let profile = Profile::of(held.iter().map(String::as_str), texts);
                Entry { model: m, profile }
            })
            .collect();
        Ok((entries, agencies))
    }

    /// The topics and words a module is indexed under.
    fn keys(e: &Entry) -> impl Iterator<Item = String> + '_ {
        e.profile
            .topics
            .iter()
            .map(|t| format!("t:{t}"))
            .chain(e.profile.words.iter().map(|w| format!("w:{w}")))
    }

    /// For each module (by index), the indexes of the modules that share a topic or a
    /// significant word with it: the only pairs worth comparing. A topic or word that a fifth
    /// of the catalog has says little, and would make every module everyone's candidate.
    fn candidates(entries: &[Entry]) -> Vec<BTreeSet<usize>> {
        let mut index: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, e) in entries.iter().enumerate() {
            for key in keys(e) {
                index.entry(key).or_default().push(i);
            }
        }
        let common = (entries.len() / 5).max(8);
        let mut near = vec![BTreeSet::new(); entries.len()];
        for holders in index.values() {
            if holders.len() > common {
                continue;
            }
            for &a in holders {
                near[a].extend(holders.iter().copied().filter(|&b| b != a));
            }
        }
        near
    }

    /// Whether two modules belong to different agencies (a module whose agency is unknown is
    /// compared with everyone's).
    fn other_agencies(a: &module::Model, b: &module::Model) -> bool {
        match (a.organising_agency_id, b.organising_agency_id) {
            (Some(x), Some(y)) => x != y,
            _ => true,
        }
    }

    fn view(e: &Entry, agencies: &HashMap<i64, String>, score: u8, locale: Locale) -> Lookalike {
        Lookalike {
            id: e.model.id,
            code: e.model.code.clone(),
            title: pick(&json_map(&e.model.title), locale),
            agency: e
                .model
                .organising_agency_id
                .and_then(|id| agencies.get(&id).cloned()),
            likeness: score,
        }
    }

    /// The modules of other agencies most like module `id`, best first (administrators, who
    /// author modules).
    pub async fn lookalikes<C: ConnectionTrait>(
        db: &C,
        caller: &CurrentUser,
        id: i64,
        locale: Locale,
    ) -> Result<Vec<Lookalike>, DomainError> {
        if !may_edit(Some(caller)) {
            return Err(DomainError::Forbidden);
        }
        let (entries, agencies) = load(db).await?;
        let Some(me) = entries.iter().position(|e| e.model.id == id) else {
            return Err(DomainError::NotFound);
        };
        // Only this module's candidates: the modules sharing one of its topics or words.
        let mine: BTreeSet<String> = keys(&entries[me]).collect();
        let mut found: Vec<Lookalike> = entries
            .iter()
            .enumerate()
            .filter(|(i, other)| *i != me && keys(other).any(|k| mine.contains(&k)))
            .map(|(_, other)| other)
            .filter(|other| other_agencies(&entries[me].model, &other.model))
            .map(|other| (other, likeness(&entries[me].profile, &other.profile)))
            .filter(|(_, score)| *score >= THRESHOLD)
            .map(|(other, score)| view(other, &agencies, score, locale))
            .collect();
        found.sort_by(|a, b| {
            b.likeness
                .cmp(&a.likeness)
                .then_with(|| a.code.cmp(&b.code))
        });
        found.truncate(SHOWN);
        Ok(found)
    }

    /// Every pair of modules of different agencies at or above the threshold, most alike
    /// first, at most `limit` (administrators).
    pub async fn lookalike_pairs<C: ConnectionTrait>(
        db: &C,
        caller: &CurrentUser,
        limit: usize,
        locale: Locale,
    ) -> Result<Vec<LookalikePair>, DomainError> {
        if !may_edit(Some(caller)) {
            return Err(DomainError::Forbidden);
        }
        let (entries, agencies) = load(db).await?;
        let near = candidates(&entries);
        let mut pairs = Vec::new();
        for (a, others) in near.iter().enumerate() {
            for &b in others.iter().filter(|&&b| b > a) {
                let (x, y) = (&entries[a], &entries[b]);
                if !other_agencies(&x.model, &y.model) {
                    continue;
                }
                let score = likeness(&x.profile, &y.profile);
                if score >= THRESHOLD {
                    pairs.push(LookalikePair {
                        first: view(x, &agencies, score, locale),
                        second: view(y, &agencies, score, locale),
                    });
                }
            }
        }
        pairs.sort_by(|p, q| {
            q.first
                .likeness
                .cmp(&p.first.likeness)
                .then_with(|| p.first.code.cmp(&q.first.code))
        });
        pairs.truncate(limit);
        Ok(pairs)
    }
}

/// The modules of other agencies like module `id` (administrators).
#[server(endpoint = "module_lookalikes")]
pub async fn module_lookalikes(id: i64) -> Result<Vec<Lookalike>, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    let locale = request::locale();
    service::lookalikes(&db, &caller, id, locale)
        .await
        .map_err(|e| e.for_page(locale))
}

/// Every pair of lookalike modules of different agencies (administrators).
#[server(endpoint = "lookalike_pairs")]
pub async fn lookalike_pairs() -> Result<Vec<LookalikePair>, AppError> {
    use crate::request;
    let (db, caller, _) = request::signed_in().await?;
    let locale = request::locale();
    service::lookalike_pairs(&db, &caller, 200, locale)
        .await
        .map_err(|e| e.for_page(locale))
}

fn agency_text(l: &Lookalike, unknown: &str) -> String {
    l.agency.clone().unwrap_or_else(|| unknown.to_string())
}

/// On a module's form: the modules of other agencies that look like it, with how alike.
#[component]
pub fn ModuleLookalikes(
    /// The module being edited.
    id: i64,
) -> impl IntoView {
    let i18n = use_i18n();
    let found = Resource::new(move || id, module_lookalikes);
    view! {
        <Suspense fallback=|| ()>
            {move || {
                found.get().and_then(Result::ok).map(|list| {
                    let locale = i18n.locale();
                    let unknown = locale.text(Key::LookalikeAgencyUnknown).to_string();
                    view! {
                        <section class="lookalikes" aria-labelledby="lookalikes-title" id="module-lookalikes">
                            <h2 id="lookalikes-title">{locale.text(Key::LookalikeTitle)}</h2>
                            {if list.is_empty() {
                                view! { <p>{locale.text(Key::LookalikeNone)}</p> }.into_any()
                            } else {
                                view! {
                                    <p>{locale.text(Key::LookalikeIntro)}</p>
                                    <ul>
                                        {list.into_iter().map(|l| {
                                            let share = locale.format(Key::LookalikeShare, &[("percent", &l.likeness.to_string())]);
                                            let agency = agency_text(&l, &unknown);
                                            view! {
                                                <li>
                                                    <A href=format!("/modules/{}", l.code)>{l.title.clone()}</A>
                                                    " · " {agency} " · " <strong>{share}</strong>
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                        </section>
                    }
                })
            }}
        </Suspense>
    }
}

/// Administration → catalog → possible duplicates across agencies.
#[component]
pub fn LookalikesPage() -> impl IntoView {
    let i18n = use_i18n();
    let pairs = Resource::new(|| (), |_| lookalike_pairs());
    view! {
        <Title text=i18n.t(Key::LookalikePageTitle) />
        <section class="wide-page" aria-labelledby="lookalike-page-title">
            <h1 id="lookalike-page-title">{i18n.t(Key::LookalikePageTitle)}</h1>
            <p><A href="/admin/catalog">{i18n.t(Key::AdminBackToCatalog)}</A></p>
            <p class="lead">{i18n.t(Key::LookalikePageLead)}</p>
            <Suspense fallback=|| ()>
                {move || pairs.get().map(|found| match found {
                    Err(AppError::SignInRequired) => view! { <crate::auth::SignInFirst /> }.into_any(),
                    Err(e) => {
                        let e = Signal::derive(move || Some(e.clone()));
                        view! { <crate::forms::FormAlert error=e /> }.into_any()
                    }
                    Ok(pairs) if pairs.is_empty() => view! { <p id="lookalikes-none">{i18n.t(Key::LookalikePageNone)}</p> }.into_any(),
                    Ok(pairs) => {
                        let locale = i18n.locale();
                        let unknown = locale.text(Key::LookalikeAgencyUnknown).to_string();
                        let cell = move |l: &Lookalike| {
                            let (href, title, code) = (format!("/admin/catalog/modules/{}", l.id), l.title.clone(), l.code.clone());
                            let agency = agency_text(l, &unknown);
                            view! {
                                <A href=href>{title}</A>
                                " (" {code} ")"<br />
                                <span class="field-hint">{agency}</span>
                            }
                        };
                        view! {
                            <table class="data-table" id="lookalike-pairs">
                                <thead><tr>
                                    <th scope="col">{locale.text(Key::LookalikeModule)}</th>
                                    <th scope="col">{locale.text(Key::LookalikeOther)}</th>
                                    <th scope="col">{locale.text(Key::LookalikeScore)}</th>
                                </tr></thead>
                                <tbody>
                                    {pairs.into_iter().map(|p| view! {
                                        <tr>
                                            <td data-label=locale.text(Key::LookalikeModule)>{cell(&p.first)}</td>
                                            <td data-label=locale.text(Key::LookalikeOther)>{cell(&p.second)}</td>
                                            <td class="number" data-label=locale.text(Key::LookalikeScore)>
                                                {locale.format(Key::LookalikeShare, &[("percent", &p.first.likeness.to_string())])}
                                            </td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any()
                    }
                })}
            </Suspense>
        </section>
    }
}

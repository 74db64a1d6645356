//! How alike two modules are, so that no agency builds a course another agency already teaches.
//!
//! Two modules are compared by their topics and by the words of their titles and summaries in
//! every language they are written in. Words are folded (lower case, no accents) and short or
//! empty words are dropped, so "Detención" and "detencion" are one word, while "detención"
//! and "detenção" are not: a module written in Spanish and one written in Portuguese meet
//! through their shared topics and the words the languages share ("humanos", "policial").

use std::collections::BTreeSet;

use super::service::fold;

/// Below this percentage two modules are not worth showing as possible duplicates.
pub const THRESHOLD: u8 = 35;

/// Words of four letters or more that say nothing about a module's subject, in the four
/// languages.
const EMPTY_WORDS: &[&str] = &[
    // en
    "with",
    "from",
    "that",
    "this",
    "their",
    "into",
    "about",
    "how",
    "what",
    "when",
    "course",
    "module",
    "training",
    // es
    "para",
    "como",
    "sobre",
    "entre",
    "desde",
    "cada",
    "todo",
    "todos",
    "todas",
    "curso",
    "modulo",
    "formacion",
    "capacitacion",
    "cómo",
    "según",
    "segun",
    "hacia",
    "ante",
    // pt
    "pelo",
    "pela",
    "pelos",
    "pelas",
    "numa",
    "curso",
    "formacao",
    "capacitacao",
    "sobre",
    // fr
    "dans",
    "pour",
    "avec",
    "leur",
    "leurs",
    "sont",
    "etre",
    "cette",
    "comment",
    "formation",
    "cours",
];

/// What a module is compared by.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Profile {
    /// Topic codes.
    pub topics: BTreeSet<String>,
    /// Folded significant words of every title and summary.
    pub words: BTreeSet<String>,
}

impl Profile {
    /// The profile of a module from its topics and its texts in any languages.
    pub fn of<'a>(
        topics: impl IntoIterator<Item = &'a str>,
        texts: impl IntoIterator<Item = &'a str>,
    ) -> Self {
        Profile {
            topics: topics.into_iter().map(str::to_string).collect(),
            words: texts.into_iter().flat_map(words).collect(),
        }
    }
}

/// The significant words of `text`: folded, four letters or more, not in [`EMPTY_WORDS`].
pub fn words(text: &str) -> Vec<String> {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 4 && !EMPTY_WORDS.contains(w))
        .map(str::to_string)
        .collect()
}

fn jaccard(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    let union = a.union(b).count();
    if union == 0 {
        return 0.0;
    }
    a.intersection(b).count() as f64 / union as f64
}

/// How alike two modules are, 0–100: four parts words to six parts topics when both name
/// topics (topics are the same in every language; words are not), words alone otherwise.
pub fn likeness(a: &Profile, b: &Profile) -> u8 {
    let words = jaccard(&a.words, &b.words);
    let score = if a.topics.is_empty() || b.topics.is_empty() {
        words
    } else {
        0.6 * jaccard(&a.topics, &b.topics) + 0.4 * words
    };
    (score * 100.0).round().clamp(0.0, 100.0) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(topics: &[&str], texts: &[&str]) -> Profile {
        Profile::of(topics.iter().copied(), texts.iter().copied())
    }

    #[test]
    fn likeness_of_modules() {
        let detention_es = profile(
            &["human-rights", "detention"],
            &[
                "Derechos humanos en la detención policial",
                "Cómo detener respetando los derechos humanos de la persona detenida.",
            ],
        );
        let detention_pt = profile(
            &["human-rights", "detention"],
            &[
                "Direitos humanos na detenção policial",
                "Como deter respeitando os direitos humanos da pessoa detida.",
            ],
        );
        let detention_es_again = profile(
            &["human-rights", "detention"],
            &[
                "DERECHOS HUMANOS EN LA DETENCION POLICIAL",
                "Detención y derechos humanos.",
            ],
        );
        let cybercrime = profile(
            &["cybercrime"],
            &[
                "Investigación de delitos informáticos",
                "Evidencia digital y cadena de custodia.",
            ],
        );
        let no_topics = profile(&[], &["Derechos humanos en la detención policial"]);
        let cases: &[(&Profile, &Profile, u8, u8)] = &[
            // Same subject, same language, other words: a duplicate.
            (&detention_es, &detention_es_again, 70, 100),
            // Same subject in Spanish and in Portuguese: shown (topics and shared words).
            (&detention_es, &detention_pt, THRESHOLD, 80),
            // Another subject: never shown.
            (&detention_es, &cybercrime, 0, THRESHOLD - 1),
            // Without topics, words alone decide.
            (&detention_es_again, &no_topics, 30, 100),
            (&cybercrime, &no_topics, 0, 5),
        ];
        for (a, b, low, high) in cases {
            let score = likeness(a, b);
            assert!(
                (*low..=*high).contains(&score),
                "{score} not in {low}..={high}: {a:?} / {b:?}"
            );
            assert_eq!(score, likeness(b, a), "symmetric");
        }
        assert_eq!(likeness(&detention_es, &detention_es), 100);
    }

    #[test]
    fn short_and_empty_words_are_dropped() {
        assert_eq!(
            words("Curso sobre la Detención, con ética y para todos"),
            ["detencion", "etica"]
        );
    }
}

//! Generates the translation tables from `locales/{en,es,pt,fr}.json` and the per-feature
//! `locales/<feature>/{en,es,pt,fr}.json`.
//!
//! Every key must exist in all four languages, with the same `{placeholders}`: a missing or
//! mistyped translation fails the build instead of showing a trainee an English fallback or a raw
//! key.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

const LANGUAGES: [&str; 4] = ["en", "es", "pt", "fr"];

fn placeholders(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) => {
                found.insert(after[..end].to_string());
                rest = &after[end + 1..];
            }
            None => break,
        }
    }
    found
}

fn variant_name(key: &str) -> String {
    key.split(['.', '_', '-'])
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect::<String>(),
                None => String::new(),
            }
        })
        .collect()
}

fn main() {
    let dir = Path::new("locales");
    println!("cargo::rerun-if-changed=locales");
    let mut tables: Vec<BTreeMap<String, String>> = Vec::new();
    let mut problems = Vec::new();
    // `locales/{lang}.json` holds the shared texts; a feature may keep its own in
    // `locales/<feature>/{lang}.json`. A key may be defined once only.
    let mut sources = vec![dir.to_path_buf()];
    let mut parts: Vec<_> = std::fs::read_dir(dir)
        .expect("read locales")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.is_dir())
        .collect();
    parts.sort();
    sources.extend(parts);
    for lang in LANGUAGES {
        let mut table = BTreeMap::new();
        for source in &sources {
            let path = source.join(format!("{lang}.json"));
            println!("cargo::rerun-if-changed={}", path.display());
            if source.as_path() != dir && !path.exists() {
                problems.push(format!("{} is missing", path.display()));
                continue;
            }
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            let part: BTreeMap<String, String> = serde_json::from_str(&text).unwrap_or_else(|e| {
                panic!(
                    "{} is not a flat JSON object of strings: {e}",
                    path.display()
                )
            });
            for (key, value) in part {
                if table.insert(key.clone(), value).is_some() {
                    problems.push(format!("\"{key}\" is defined twice for {lang}"));
                }
            }
        }
        tables.push(table);
    }
    let keys: Vec<&String> = tables[0].keys().collect();
    for (i, lang) in LANGUAGES.iter().enumerate().skip(1) {
        for key in &keys {
            match tables[i].get(*key) {
                None => problems.push(format!("{lang} lacks \"{key}\"")),
                Some(text) if placeholders(text) != placeholders(&tables[0][*key]) => {
                    problems.push(format!("{lang} \"{key}\" has other placeholders than en"))
                }
                Some(_) => {}
            }
        }
        for key in tables[i].keys() {
            if !tables[0].contains_key(key) {
                problems.push(format!("{lang} has \"{key}\", which en lacks"));
            }
        }
    }
    if !problems.is_empty() {
        panic!("translations are incomplete:\n  {}", problems.join("\n  "));
    }

    let mut out = String::new();
    out.push_str("/// Every user-visible text, by key. Generated from `app/locales/*.json`.\n");
    out.push_str("#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]\npub enum Key {\n");
    for key in &keys {
        let _ = writeln!(out, "    /// `{key}`\n    {},", variant_name(key));
    }
    out.push_str("}\n\n");
    let _ = writeln!(out, "const KEY_COUNT: usize = {};\n", keys.len());
    out.push_str("impl Key {\n    /// The key as written in the locale files.\n    pub const fn name(self) -> &'static str {\n        match self {\n");
    for key in &keys {
        let _ = writeln!(out, "            Key::{} => {:?},", variant_name(key), key);
    }
    out.push_str("        }\n    }\n}\n\n");
    for (i, lang) in LANGUAGES.iter().enumerate() {
        let _ = writeln!(out, "static {}: [&str; KEY_COUNT] = [", lang.to_uppercase());
        for key in &keys {
            let _ = writeln!(out, "    {:?},", tables[i][*key]);
        }
        out.push_str("];\n\n");
    }
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(Path::new(&out_dir).join("i18n_table.rs"), out).expect("write i18n table");
}

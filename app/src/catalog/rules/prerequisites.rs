//! Prerequisite cycles: a module may not, through its prerequisites, require itself.

use std::collections::{HashMap, HashSet};

/// If giving `module` the `prerequisites` would close a loop in the existing prerequisite graph
/// (`graph`: module code → its prerequisite codes), the loop, starting and ending at `module`.
pub fn find_cycle(
    graph: &HashMap<String, Vec<String>>,
    module: &str,
    prerequisites: &[String],
) -> Option<Vec<String>> {
    // Depth-first from each new prerequisite along existing edges, looking for `module`.
    fn walk(
        graph: &HashMap<String, Vec<String>>,
        target: &str,
        at: &str,
        path: &mut Vec<String>,
        seen: &mut HashSet<String>,
    ) -> bool {
        path.push(at.to_string());
        if at == target {
            return true;
        }
        if seen.insert(at.to_string()) {
            for next in graph.get(at).into_iter().flatten() {
                if walk(graph, target, next, path, seen) {
                    return true;
                }
            }
        }
        path.pop();
        false
    }
    let mut seen = HashSet::new();
    for first in prerequisites {
        let mut path = vec![module.to_string()];
        if walk(graph, module, first, &mut path, &mut seen) {
            return Some(path);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycles_are_found_and_named() {
        let graph: HashMap<String, Vec<String>> = HashMap::from([
            ("B".to_string(), vec!["A".to_string()]),
            ("C".to_string(), vec!["B".to_string()]),
            ("D".to_string(), vec![]),
        ]);
        type Case<'a> = (&'a str, &'a [&'a str], Option<&'a [&'a str]>);
        let cases: &[Case] = &[
            ("A", &["C"], Some(&["A", "C", "B", "A"])),
            ("A", &["D"], None),
            ("D", &["C"], None),
            ("A", &["B"], Some(&["A", "B", "A"])),
            ("E", &["C", "D"], None),
        ];
        for (module, prerequisites, expected) in cases {
            let prerequisites: Vec<String> = prerequisites.iter().map(|s| s.to_string()).collect();
            let found = find_cycle(&graph, module, &prerequisites);
            let expected =
                expected.map(|path| path.iter().map(|s| s.to_string()).collect::<Vec<_>>());
            assert_eq!(found, expected, "{module} after {prerequisites:?}");
        }
    }
}

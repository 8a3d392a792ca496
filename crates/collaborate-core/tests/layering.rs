//! The core's modules depend on each other one way only: no module imports one that imports it
//! back, however far round. Read from the sources' `crate::` paths (comments and test modules
//! aside), so a loop fails here before it tangles the parts.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Every module of the core but tests and mocks, by path (`requests::use_cases`), with its text.
fn modules() -> BTreeMap<String, String> {
    fn walk(dir: &Path, found: &mut BTreeMap<String, String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, found);
                continue;
            }
            let relative = path.strip_prefix(source()).unwrap().with_extension("");
            let mut parts: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if parts.last().is_some_and(|p| p == "mod") {
                parts.pop();
            }
            let test_only = parts.iter().any(|p| p == "tests" || p == "mock");
            if parts == ["lib"] || test_only {
                continue;
            }
            found.insert(
                parts.join("::"),
                without_tests(&std::fs::read_to_string(&path).unwrap()),
            );
        }
    }
    let mut found = BTreeMap::new();
    walk(&source(), &mut found);
    found
}

fn source() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The text without its comments and its inline test module (always the file's last item).
fn without_tests(text: &str) -> String {
    let code = text
        .split("#[cfg(test)]\nmod tests {")
        .next()
        .unwrap_or_default();
    code.lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The paths a text names under `crate::`, each group of a `use` spelt out.
fn paths_named(text: &str) -> BTreeSet<String> {
    let mut named = BTreeSet::new();
    for (at, _) in text.match_indices("crate::") {
        let rest = &text[at + "crate::".len()..];
        let base: String = rest
            .chars()
            .take_while(|c| c.is_ascii_lowercase() || *c == '_' || *c == ':')
            .collect();
        let base = base.trim_end_matches(':').to_owned();
        if let Some(group) = rest[base.len()..].strip_prefix("::{") {
            let group = &group[..group.find("};").unwrap_or(group.len())];
            for item in group.split([',', '{', '}']) {
                let item = item.trim();
                if item.starts_with(|c: char| c.is_ascii_lowercase()) {
                    let module = item.split(' ').next().unwrap().trim_end_matches(':');
                    named.insert(format!("{base}::{module}"));
                }
            }
        }
        named.insert(base);
    }
    named
}

/// Which modules each module imports: a path names the longest module it starts with.
fn imports(modules: &BTreeMap<String, String>) -> BTreeMap<&str, BTreeSet<&str>> {
    let mut graph = BTreeMap::new();
    for (module, text) in modules {
        let mut imported = BTreeSet::new();
        for path in paths_named(text) {
            let segments: Vec<&str> = path.split("::").collect();
            let target = (1..=segments.len())
                .rev()
                .map(|n| segments[..n].join("::"))
                .find(|candidate| modules.contains_key(candidate));
            if let Some((target, _)) = target.and_then(|t| modules.get_key_value(&t)) {
                let inside = module.starts_with(&format!("{target}::"));
                if target != module && !inside {
                    imported.insert(target.as_str());
                }
            }
        }
        graph.insert(module.as_str(), imported);
    }
    graph
}

/// A loop of imports, if there is one, as the modules along it.
fn a_loop<'a>(graph: &BTreeMap<&'a str, BTreeSet<&'a str>>) -> Option<Vec<&'a str>> {
    fn visit<'a>(
        at: &'a str,
        graph: &BTreeMap<&'a str, BTreeSet<&'a str>>,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) -> Option<Vec<&'a str>> {
        if let Some(start) = path.iter().position(|m| *m == at) {
            return Some([&path[start..], &[at]].concat());
        }
        if !done.insert(at) {
            return None;
        }
        path.push(at);
        for next in graph.get(at).into_iter().flatten() {
            if let Some(found) = visit(next, graph, path, done) {
                return Some(found);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|start| visit(start, graph, &mut Vec::new(), &mut done))
}

#[test]
fn no_module_of_the_core_imports_one_that_imports_it_back() {
    let modules = modules();
    assert!(
        modules.contains_key("requests::use_cases"),
        "the sources were read"
    );
    let graph = imports(&modules);
    assert_eq!(a_loop(&graph), None, "a loop of imports");
}

#[test]
fn the_check_finds_a_loop_and_the_paths_a_use_groups() {
    let named = paths_named("use crate::groups::{Admission, invitations::{Withdrawn}, use_cases};");
    assert!(named.contains("groups::invitations"));
    assert!(named.contains("groups::use_cases"));
    let graph = BTreeMap::from([
        ("a", BTreeSet::from(["b"])),
        ("b", BTreeSet::from(["c"])),
        ("c", BTreeSet::from(["a"])),
    ]);
    assert_eq!(a_loop(&graph), Some(vec!["a", "b", "c", "a"]));
    let line = BTreeMap::from([("a", BTreeSet::from(["b"])), ("b", BTreeSet::new())]);
    assert_eq!(a_loop(&line), None);
}

//! The shape of the code, checked from its `use` lines: the modules of `src/` depend on one
//! another without a cycle, the console's state (`app`) never reaches into its view (`ui`),
//! and the domain never names the terminal.
//!
//! A module here is a file's first two path parts (`event/store/copy.rs` is `event::store`);
//! a module and its own submodules are one unit (a parent declares its children, the children
//! use the parent's types), so only edges between siblings and across the top level count.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src").flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `["event", "store"]` for `src/event/store/copy.rs`; `["lib"]` for `src/lib.rs`.
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let rel = file
        .strip_prefix(src)
        .expect("under src")
        .with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// Whether `src/a/b.rs` or `src/a/b/mod.rs` is a module (else `b` is an item of `a`).
fn is_module(src: &Path, parts: &[&str]) -> bool {
    let base = parts.iter().fold(src.to_path_buf(), |p, part| p.join(part));
    base.with_extension("rs").is_file() || base.join("mod.rs").is_file()
}

/// The node a path of modules lands on: its first two parts that are modules.
fn node(src: &Path, path: &[&str]) -> String {
    let mut taken = Vec::new();
    for part in path.iter().take(2) {
        let mut next = taken.clone();
        next.push(*part);
        if !is_module(src, &next) {
            break;
        }
        taken = next;
    }
    taken.join("::")
}

/// The code of a file without its `#[cfg(test)]` module (tests may reach anywhere).
fn without_tests(text: &str) -> &str {
    text.find("#[cfg(test)]\nmod tests")
        .map_or(text, |i| &text[..i])
}

/// Every `crate::…` and `super::…` path a file names, resolved from its module.
fn references(module: &[String], text: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    for start in ["crate::", "super::"] {
        for (i, _) in text.match_indices(start) {
            if i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_') {
                continue;
            }
            let rest: String = text[i..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            let mut parts: Vec<&str> = rest.split("::").filter(|p| !p.is_empty()).collect();
            let mut base: Vec<String> = Vec::new();
            if parts.first() == Some(&"crate") {
                parts.remove(0);
            } else {
                base = module.to_vec();
                // A `mod.rs` file's `super` is its parent; so is a plain file's.
                while parts.first() == Some(&"super") {
                    parts.remove(0);
                    base.pop();
                }
            }
            let full: Vec<String> = base
                .into_iter()
                .chain(parts.iter().map(|p| (*p).to_owned()))
                .filter(|p| p.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
                .collect();
            out.push(full);
        }
    }
    out
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files {
        let module = module_of(&src, &file);
        let from = node(&src, &module.iter().map(String::as_str).collect::<Vec<_>>());
        let text = std::fs::read_to_string(&file).expect("read");
        for path in references(&module, without_tests(&text)) {
            let to = node(&src, &path.iter().map(String::as_str).collect::<Vec<_>>());
            let related = to.is_empty()
                || from.is_empty()
                || to == from
                || to.starts_with(&format!("{from}::"))
                || from.starts_with(&format!("{to}::"));
            if !related {
                edges.entry(from.clone()).or_default().insert(to);
            }
        }
    }
    edges
}

/// A cycle through the graph, if it has one.
fn cycle(edges: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        n: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| p == n) {
            let mut c = path[i..].to_vec();
            c.push(n.to_owned());
            return Some(c);
        }
        if done.contains(n) {
            return None;
        }
        path.push(n.to_owned());
        // A node's edges, and those of its submodules: a unit depends on what any part needs.
        let mut next: BTreeSet<&String> = BTreeSet::new();
        for (from, to) in edges {
            if from == n || from.starts_with(&format!("{n}::")) {
                next.extend(to.iter().filter(|t| !t.starts_with(&format!("{n}::"))));
            }
        }
        for t in next {
            // An edge into a submodule is an edge into its top unit at the top level.
            let target = if n.contains("::") {
                t.clone()
            } else {
                t.split("::").next().unwrap_or(t).to_owned()
            };
            if let Some(c) = visit(&target, edges, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(n.to_owned());
        None
    }
    let tops: BTreeSet<String> = edges
        .keys()
        .map(|k| k.split("::").next().unwrap_or(k).to_owned())
        .collect();
    let mut done = BTreeSet::new();
    for top in &tops {
        if let Some(c) = visit(top, edges, &mut Vec::new(), &mut done) {
            return Some(c);
        }
    }
    // Among the submodules of each top module.
    let subs: BTreeSet<String> = edges.keys().filter(|k| k.contains("::")).cloned().collect();
    let sub_edges: BTreeMap<String, BTreeSet<String>> = edges
        .iter()
        .filter(|(k, _)| k.contains("::"))
        .map(|(k, v)| {
            let top = k.split("::").next().unwrap_or(k);
            let inside: BTreeSet<String> = v
                .iter()
                .filter(|t| t.starts_with(&format!("{top}::")))
                .cloned()
                .collect();
            (k.clone(), inside)
        })
        .collect();
    let mut done = BTreeSet::new();
    for sub in &subs {
        if let Some(c) = visit(sub, &sub_edges, &mut Vec::new(), &mut done) {
            return Some(c);
        }
    }
    None
}

#[test]
fn the_modules_depend_on_one_another_without_a_cycle() {
    let edges = graph();
    assert!(
        edges.contains_key("app") && edges.contains_key("event::document"),
        "the graph was read: {edges:?}"
    );
    if let Some(c) = cycle(&edges) {
        panic!("a cycle: {}", c.join(" → "));
    }
}

#[test]
fn the_console_state_never_names_its_view() {
    let edges = graph();
    let into_ui: Vec<_> = edges
        .iter()
        .filter(|(from, to)| {
            from.split("::").next() == Some("app")
                && to.iter().any(|t| t == "ui" || t.starts_with("ui::"))
        })
        .map(|(from, _)| from.clone())
        .collect();
    assert!(into_ui.is_empty(), "app names ui in {into_ui:?}");
}

#[test]
fn the_domain_never_names_the_terminal() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for domain in [
        "event",
        "map",
        "script",
        "thrive.rs",
        "ids.rs",
        "input.rs",
        "export",
    ] {
        let mut files = Vec::new();
        let path = src.join(domain);
        if path.is_dir() {
            sources(&path, &mut files);
        } else {
            files.push(path);
        }
        for file in files {
            let text = std::fs::read_to_string(&file).expect("read");
            assert!(
                !without_tests(&text).contains("ratatui"),
                "{} names ratatui",
                file.display()
            );
        }
    }
}

#[test]
fn a_cycle_is_found_when_there_is_one() {
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    edges.entry("a".into()).or_default().insert("b::x".into());
    edges.entry("b::x".into()).or_default().insert("a".into());
    assert!(cycle(&edges).is_some());
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    edges
        .entry("e::r".into())
        .or_default()
        .insert("e::c".into());
    edges
        .entry("e::c".into())
        .or_default()
        .insert("e::r".into());
    assert!(cycle(&edges).is_some(), "between siblings too");
}

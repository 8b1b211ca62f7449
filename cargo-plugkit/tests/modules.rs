//! The crate's modules form no cycle, and the commands (`sync`, `add`, `new`, `list`) never
//! use each other: what two commands share lives in a module of its own. Read from the
//! sources' `crate::…` paths, items re-exported by `lib.rs` counted for the module defining
//! them.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail by panicking

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const COMMANDS: &[&str] = &["add", "list", "scaffold", "sync"];

/// The first path segment of each `crate::` path in `text` (`crate::{a, b::C}` gives a, b).
fn crate_paths(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (at, _) in text.match_indices("crate::") {
        let rest = &text[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0;
            let mut entry = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        out.push(first_segment(&entry));
                        entry.clear();
                        continue;
                    }
                    _ => {}
                }
                entry.push(c);
            }
            out.push(first_segment(&entry));
        } else {
            out.push(first_segment(rest));
        }
    }
    out.retain(|s| !s.is_empty());
    out
}

fn first_segment(path: &str) -> String {
    path.trim()
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

/// Module -> the modules it uses.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    // `pub use module::{Item, …};` and `pub use module::Item;`
    let mut defined_in: BTreeMap<String, String> = BTreeMap::new();
    for line in lib.lines() {
        if let Some(rest) = line.strip_prefix("pub use ") {
            let (module, items) = rest.split_once("::").unwrap();
            for item in items
                .trim_end_matches(';')
                .trim_matches(['{', '}'])
                .split(',')
            {
                defined_in.insert(item.trim().to_owned(), module.to_owned());
            }
        }
    }
    let mut graph = BTreeMap::new();
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if matches!(name.as_str(), "lib" | "main") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let uses: BTreeSet<String> = crate_paths(&text)
            .into_iter()
            .map(|seg| defined_in.get(&seg).cloned().unwrap_or(seg))
            .filter(|m| *m != name)
            .collect();
        graph.insert(name, uses);
    }
    graph
}

#[test]
fn reads_crate_paths() {
    assert_eq!(
        crate_paths(
            "use crate::{Error, write::{Change, Created}, diff};\nlet x = crate::paths::relative(a);"
        ),
        ["Error", "write", "diff", "paths"]
    );
}

#[test]
fn commands_never_use_each_other() {
    let graph = graph();
    for command in COMMANDS {
        let uses = &graph[*command];
        let others: Vec<&&str> = COMMANDS.iter().filter(|c| uses.contains(**c)).collect();
        assert!(
            others.is_empty(),
            "`{command}` uses the command(s) {others:?}"
        );
    }
}

#[test]
fn modules_form_no_cycle() {
    let graph = graph();
    // Depth-first search; a module met again on the current path closes a cycle.
    fn visit(
        module: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) {
        if let Some(at) = path.iter().position(|m| m == module) {
            panic!("module cycle: {} -> {module}", path[at..].join(" -> "));
        }
        if done.contains(module) {
            return;
        }
        path.push(module.to_owned());
        for next in graph.get(module).into_iter().flatten() {
            visit(next, graph, path, done);
        }
        path.pop();
        done.insert(module.to_owned());
    }
    let mut done = BTreeSet::new();
    for module in graph.keys() {
        visit(module, &graph, &mut Vec::new(), &mut done);
    }
    // The path helpers are a leaf: they use no other module of the crate.
    assert_eq!(graph["paths"], BTreeSet::new());
}

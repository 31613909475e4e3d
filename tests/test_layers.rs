//! The house in layers: each top-level module of `src/` sits in a layer,
//! and a module may name (`crate::…`) only modules of its own layer or
//! below. Data flows up: a file becomes sheets (`read`), sheets become
//! records (`inputs`), records become tables (`report`), tables become
//! files (`render`), and the commands drive it all. A lower layer that
//! names a higher one, or two modules of a layer naming each other, is a
//! failure that names the file and line.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::fixtures::{rust_files, source_dir};

/// Lowest first. The base layer is the team's vocabulary every layer
/// shares: months, exact hours, text rules, findings and the template.
const LAYERS: [&[&str]; 6] = [
    &["month", "text", "hours", "findings", "template"],
    &["read"],
    &["inputs"],
    &["report"],
    &["render"],
    &["pipeline", "output", "cmd", "cli", "main", "lib"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// Every `crate::NAME` a file names outside comments, with its line.
fn named_modules(text: &str) -> Vec<(usize, String)> {
    let mut named = Vec::new();
    for (at, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or_default();
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            rest = &rest[i + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                named.push((at + 1, name));
            }
        }
    }
    named
}

#[test]
fn every_module_names_only_its_own_layer_or_below() {
    let src = source_dir();
    let files = rust_files(&src);
    assert!(files.len() > 20, "src/ looks empty: {files:?}");
    let mut wrong = Vec::new();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let relative = file.strip_prefix(&src).expect("inside src");
        let first = relative.components().next().expect("a path");
        let module = Path::new(first.as_os_str())
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("a module name")
            .to_string();
        let Some(own) = layer_of(&module) else {
            wrong.push(format!(
                "{}: module `{module}` is in no layer; add it to LAYERS",
                relative.display()
            ));
            continue;
        };
        let text = std::fs::read_to_string(file).expect("read source");
        for (line, named) in named_modules(&text) {
            let Some(theirs) = layer_of(&named) else {
                wrong.push(format!(
                    "{}:{line}: names `crate::{named}`, which is in no layer",
                    relative.display()
                ));
                continue;
            };
            if theirs > own {
                wrong.push(format!(
                    "{}:{line}: `{module}` names `crate::{named}`, a higher layer",
                    relative.display()
                ));
            }
            if named != module {
                edges.entry(module.clone()).or_default().insert(named);
            }
        }
    }
    // Within a layer, no two modules may lean on each other.
    for (from, tos) in &edges {
        for to in tos {
            if edges.get(to).is_some_and(|back| back.contains(from)) && from < to {
                wrong.push(format!("`{from}` and `{to}` name each other"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_checker_sees_a_name_and_not_a_comment() {
    let text = "use crate::report::Part; // crate::render is only mentioned\n/// see crate::cmd\nlet x = crate::month::Month::new(2019, 3);";
    let named: Vec<String> = named_modules(text).into_iter().map(|(_, n)| n).collect();
    assert_eq!(named, ["report", "month"]);
}

/// Each layer's folder says in its `mod.rs` what it takes and what it gives.
#[test]
fn each_layer_folder_says_what_it_takes_and_gives() {
    let src = source_dir();
    for folder in ["read", "inputs", "report", "render"] {
        let text = std::fs::read_to_string(src.join(folder).join("mod.rs")).expect("mod.rs");
        let doc: String = text
            .lines()
            .take_while(|l| l.starts_with("//!"))
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        assert!(
            doc.contains("takes") && doc.contains("gives"),
            "src/{folder}/mod.rs: its opening doc must say what it takes and what it gives: {doc}"
        );
    }
}

/// The files a layer's folder holds name each other without a circle: a
/// file that leans on another never has that one lean back, however many
/// files lie between, so each can be read (and changed) before the ones it
/// names.
#[test]
fn the_files_of_a_layer_name_each_other_without_a_circle() {
    let src = source_dir();
    let mut wrong = Vec::new();
    for folder in ["read", "inputs", "report", "render", "cmd"] {
        let files = rust_files(&src.join(folder));
        let stems: BTreeSet<String> = files
            .iter()
            .filter_map(|f| f.file_stem()?.to_str().map(str::to_string))
            .collect();
        let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for file in &files {
            let stem = file.file_stem().and_then(|s| s.to_str()).expect("a name");
            let text = std::fs::read_to_string(file).expect("read source");
            // The tests at a file's end (`use super::*`) name its own items.
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            let prefix = format!("crate::{folder}::");
            for named in sibling_names(code, "super::")
                .into_iter()
                .chain(sibling_names(code, &prefix))
            {
                if named != stem && named != "mod" && stems.contains(&named) {
                    edges.entry(stem.to_string()).or_default().insert(named);
                }
            }
        }
        if let Some(circle) = find_circle(&edges) {
            wrong.push(format!("src/{folder}/: {}", circle.join(" → ")));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Every `PREFIXname` outside comments, and each name inside a
/// `PREFIX{a, b::c}` list.
fn sibling_names(text: &str, prefix: &str) -> Vec<String> {
    let word = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let mut named = Vec::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or_default();
        let mut rest = code;
        while let Some(i) = rest.find(prefix) {
            rest = &rest[i + prefix.len()..];
            if let Some(list) = rest.strip_prefix('{') {
                let list = list.split('}').next().unwrap_or_default();
                named.extend(list.split(',').map(|item| word(item.trim())));
            } else {
                named.push(word(rest));
            }
        }
    }
    named.retain(|n| !n.is_empty());
    named
}

/// A path that comes back to where it began, if the edges hold one.
fn find_circle(edges: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn walk(
        at: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|p| p == at) {
            let mut circle = path[start..].to_vec();
            circle.push(at.to_string());
            return Some(circle);
        }
        if done.contains(at) {
            return None;
        }
        path.push(at.to_string());
        for next in edges.get(at).into_iter().flatten() {
            if let Some(circle) = walk(next, edges, path, done) {
                return Some(circle);
            }
        }
        path.pop();
        done.insert(at.to_string());
        None
    }
    let mut done = BTreeSet::new();
    edges
        .keys()
        .find_map(|start| walk(start, edges, &mut Vec::new(), &mut done))
}

#[test]
fn a_circle_of_three_files_is_found() {
    let edges: BTreeMap<String, BTreeSet<String>> = [("a", "b"), ("b", "c"), ("c", "a")]
        .into_iter()
        .map(|(from, to)| (from.to_string(), BTreeSet::from([to.to_string()])))
        .collect();
    assert_eq!(find_circle(&edges).expect("a circle"), ["a", "b", "c", "a"]);
    assert_eq!(
        sibling_names(
            "use super::{cell::Raw, error};\nlet x = super::xls::sheets(); // super::no",
            "super::"
        ),
        ["cell", "error", "xls"]
    );
}

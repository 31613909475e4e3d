//! No function in `src/` runs over 100 lines, counted from its `fn` line
//! to its closing brace: a longer one does several things, and each wants
//! a name. A failure names every function over the limit with its file,
//! line and length.

use crate::fixtures::{rust_files, source_dir};

const MOST_LINES: usize = 100;

/// The name of the function a line opens, if it opens one (`fn`, with any
/// of `pub`, `pub(crate)`, `const`, `async`, `unsafe` before it).
fn opens_function(line: &str) -> Option<String> {
    let mut words = line.split_whitespace();
    loop {
        match words.next()? {
            "fn" => break,
            w if w == "pub" || w.starts_with("pub(") => {}
            "const" | "async" | "unsafe" => {}
            _ => return None,
        }
    }
    let name: String = words
        .next()?
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    (!name.is_empty()).then_some(name)
}

/// Each function of a file with its first line (1-based) and its length:
/// from the `fn` line to the first line after it that is its indentation
/// and a closing brace. A declaration without a body (`;`) is not one.
fn functions(text: &str) -> Vec<(String, usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    for (at, line) in lines.iter().enumerate() {
        let Some(name) = opens_function(line) else {
            continue;
        };
        if line.trim_end().ends_with(';') {
            continue;
        }
        let indent = &line[..line.len() - line.trim_start().len()];
        let close = format!("{indent}}}");
        if let Some(end) = lines[at..].iter().position(|l| l.trim_end() == close) {
            found.push((name, at + 1, end + 1));
        }
    }
    found
}

#[test]
fn no_function_in_src_is_over_a_hundred_lines() {
    let src = source_dir();
    let files = rust_files(&src);
    let mut long = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).expect("read a source file");
        for (name, line, length) in functions(&text) {
            if length > MOST_LINES {
                let file = path.strip_prefix(&src).unwrap_or(path).display();
                long.push(format!("src/{file}:{line} {name}: {length} lines"));
            }
        }
    }
    assert!(
        files.len() > 50 && long.is_empty(),
        "functions over {MOST_LINES} lines (split each by meaning):\n{}",
        long.join("\n")
    );
}

#[test]
fn the_counter_sees_a_long_function_and_not_a_declaration() {
    let body = "    let x = 1;\n".repeat(101);
    let text = format!(
        "pub(crate) fn long(\n    a: u8,\n) -> u8 {{\n{body}}}\n\ntrait T {{\n    fn declared(&self);\n    fn short(&self) {{\n    }}\n}}\n"
    );
    let found = functions(&text);
    assert_eq!(
        found,
        vec![("long".to_string(), 1, 105), ("short".to_string(), 109, 2),]
    );
}

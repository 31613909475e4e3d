//! The input kinds' schema (`src/template/schema.rs`) against what is said
//! of it elsewhere: the README's table of each kind's columns is the one
//! the schema gives, and the built-in template spells every role of every
//! kind and no role the schema does not declare; a template from before
//! the later kinds and columns still loads with the spellings it had.

use opsreport::inputs::kinds::specs;
use opsreport::template::schema::{INPUTS, Need};
use opsreport::template::{BUILTIN, Template};

const START: &str = "<!-- The columns of each kind: made from src/template/schema.rs; \
                     tests/test_schema.rs checks it. -->";
const END: &str = "<!-- end of the columns of each kind -->";

/// The README's table of columns as the schema and the built-in template
/// give it: each kind, each column in the order a header's cells are
/// claimed, its spellings, and whether it is needed.
fn columns_table(template: &Template) -> String {
    let mut table =
        String::from("| kind | column | header spellings | needed |\n|---|---|---|---|\n");
    for spec in specs(template) {
        for (i, column) in spec.input.columns.iter().enumerate() {
            let kind = if i == 0 { spec.kind.label() } else { "" };
            let spellings = template
                .synonyms(spec.input, column.role)
                .join(", ")
                .replace('|', "\\|");
            let needed = match spec.input.need(column.role) {
                Need::Required => "yes".to_string(),
                Need::OneOf(group) => {
                    let names: Vec<String> = group.iter().map(|r| r.to_string()).collect();
                    format!("one of {}", names.join(", "))
                }
                Need::Optional => "no".to_string(),
            };
            table += &format!("| {kind} | {} | {spellings} | {needed} |\n", column.role);
        }
    }
    table
}

#[test]
fn the_readme_lists_each_kinds_columns_as_the_schema_declares() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let template = Template::load(None).expect("the built-in template loads");
    let expected = columns_table(&template);
    let shown = readme
        .split_once(START)
        .and_then(|(_, rest)| rest.split_once(END))
        .map(|(table, _)| table.trim_start_matches('\n'))
        .unwrap_or_else(|| panic!("the README has no table between {START:?} and {END:?}"));
    assert!(
        shown == expected,
        "the README's table of columns differs from the schema; put this between its markers:\n\n{expected}"
    );
}

#[test]
fn the_builtin_template_spells_every_role_and_only_the_schemas() {
    let document: toml::Table = toml::from_str(BUILTIN).expect("the built-in template is TOML");
    let headers = document["headers"].as_table().expect("[headers]");
    for input in INPUTS {
        let section = headers
            .get(input.section)
            .and_then(|s| s.as_table())
            .unwrap_or_else(|| panic!("no [headers.{}]", input.section));
        for column in input.columns {
            let spellings = section
                .get(column.role.key())
                .and_then(|v| v.as_array())
                .unwrap_or_else(|| panic!("[headers.{}] has no {}", input.section, column.role));
            assert!(
                !spellings.is_empty(),
                "[headers.{}] {} has no spelling",
                input.section,
                column.role
            );
        }
        for key in section.keys() {
            assert!(
                input.columns.iter().any(|c| c.role.key() == key),
                "[headers.{}] {key} is no role of the schema",
                input.section
            );
        }
    }
    let sections: Vec<&str> = INPUTS.iter().map(|i| i.section).collect();
    for name in headers.keys() {
        assert!(
            name == "weekly_grid" || sections.contains(&name.as_str()),
            "[headers.{name}] is no kind of the schema"
        );
    }
}

/// A template written before the paper notes, the staff list and the
/// time trackers' and helpdesk systems' exports were read: without those
/// sections, and without the keys added for the exports and meeting links.
fn older_template() -> (String, Vec<(&'static str, &'static str)>) {
    let mut text = BUILTIN.to_string();
    for section in ["[headers.cover]", "[headers.highlights]", "[headers.staff]"] {
        let at = text.find(section).expect("the section");
        let end = text[at..].find("\n\n").expect("its end") + at;
        text.replace_range(at..end, "");
    }
    let later = [
        ("timesheet", "project"),
        ("timesheet", "task"),
        ("timesheet", "account"),
        ("timesheet", "epic"),
        ("timesheet", "component"),
        ("timesheet", "seconds"),
        ("timesheet", "time_spent"),
        ("helpdesk", "group"),
        ("helpdesk", "tags"),
        ("meetings", "link"),
    ];
    let lines: Vec<&str> = text
        .lines()
        .filter(|line| {
            !later
                .iter()
                .any(|(_, key)| line.starts_with(&format!("{key} = [")))
        })
        .collect();
    (lines.join("\n"), later.to_vec())
}

#[test]
fn an_older_template_still_loads_with_the_spellings_it_had() {
    let (text, later) = older_template();
    assert!(!text.contains("[headers.staff]") && !text.contains("\nproject = ["));
    let older = Template::parse(&text).expect("an older template loads");
    let builtin = Template::load(None).expect("the built-in template loads");
    for input in INPUTS {
        for column in input.columns {
            let spellings = older.synonyms(input, column.role);
            if later.contains(&(input.section, column.role.key())) {
                // As before: a key its own section leaves out is not looked for.
                assert!(spellings.is_empty(), "{}.{}", input.section, column.role);
            } else {
                // Its own spellings, or the built-in ones for a section it lacks.
                assert_eq!(
                    spellings,
                    builtin.synonyms(input, column.role),
                    "{}.{}",
                    input.section,
                    column.role
                );
            }
        }
    }
}

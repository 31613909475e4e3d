//! The template's `[tables]` is data keyed by the registry's table names:
//! a misspelt name stops the run with a did-you-mean, and a table a
//! template leaves out keeps the built-in entry (as `[headers.<kind>]`).

use opsreport::report::tables::TABLES;
use opsreport::template::{BUILTIN, Template};

/// The built-in template with one `[tables.<name>]` header replaced.
fn with_section(from: &str, to: &str) -> String {
    let header = format!("[tables.{from}]");
    assert!(
        BUILTIN.contains(&header),
        "{header} in the built-in template"
    );
    BUILTIN.replace(&header, to)
}

#[test]
fn a_misspelt_table_is_an_error_that_names_the_table_meant() {
    let text = with_section("meetings", "[tables.meeting]");
    let error = format!(
        "{:#}",
        Template::parse(&text).expect_err("a misspelt table")
    );
    assert!(
        error.contains("unknown field `meeting` in [tables]"),
        "{error}"
    );
    assert!(error.contains("meant to be `meetings`"), "{error}");
}

#[test]
fn a_table_left_out_keeps_the_built_in_sheet_and_caption() {
    // Remove [tables.meetings] and its two lines.
    let start = BUILTIN.find("[tables.meetings]").expect("the section");
    let end = start + BUILTIN[start..].find("\n\n").expect("its end");
    let text = format!("{}{}", &BUILTIN[..start], &BUILTIN[end..]);
    assert!(!text.contains("[tables.meetings]"));
    let template = Template::parse(&text).expect("a template without Table 7's titles");
    let title = template.file.tables.title("meetings");
    assert_eq!(title.sheet, "Table 7 Meetings");
    assert_eq!(
        title.caption,
        "Table 7: Meetings hosted and attended by SECAS"
    );
}

#[test]
fn a_caption_edited_in_the_template_is_the_tables_caption() {
    let text = BUILTIN.replace(
        "caption = \"Table 5: SECAS Helpdesk Emails\"",
        "caption = \"Table 5: Helpdesk mail\"",
    );
    let template = Template::parse(&text).expect("the edited template");
    let unit = TABLES
        .iter()
        .find(|u| u.name == "Table 5")
        .expect("Table 5");
    assert_eq!(unit.titles(&template).caption, "Table 5: Helpdesk mail");
}

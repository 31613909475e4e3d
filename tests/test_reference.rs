//! `--reference-doc`, and last month's paper found in the folder: the Word
//! draft takes the reference's styles, page and header/footer, with this
//! month's fields filled. The reference is made here from a draft of our
//! own, rewritten to look like another team's February paper.

use crate::Test;

#[path = "../examples/make_reference.rs"]
mod make_reference;

use make_reference::{bytes_of, make_reference, part};

/// The sample month in `test`, its plain draft, and a February reference
/// made from it (outside the folder).
fn setup(test: &Test) -> (std::path::PathBuf, Vec<u8>, std::path::PathBuf) {
    let month = crate::fixtures::sample_month(test, "2019-03");
    let plain = test.dir.path().join("plain");
    let run = Test::new().build_to(&month, &plain).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let draft = plain.join("operations-report-2019-03.docx");
    let reference = test.dir.path().join("February paper.docx");
    make_reference(&draft, &reference);
    (month, std::fs::read(&draft).expect("draft"), reference)
}

#[test]
fn the_draft_takes_the_reference_documents_styles_page_and_header() {
    let test = Test::new();
    let (month, plain, reference) = setup(&test);
    let run = test
        .build(&month)
        .args(["--reference-doc", reference.to_str().expect("path")])
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let draft = test.out().join("operations-report-2019-03.docx");
    assert_ne!(std::fs::read(&draft).expect("draft"), plain);

    let styles = part(&draft, "word/styles.xml").expect("styles");
    assert!(styles.contains("Georgia"), "the reference's fonts");
    assert!(!styles.contains("Arial"), "our fonts are gone");
    let heading = styles.find("w:styleId=\"Heading1\"").expect("Heading1");
    assert!(
        styles[heading..]
            .split("</w:style>")
            .next()
            .unwrap_or("")
            .contains("C00000")
    );
    assert_eq!(styles.matches("w:styleId=\"Heading1\"").count(), 1);
    assert!(
        styles.contains("w:styleId=\"Hyperlink\""),
        "ours, which it lacks"
    );

    let document = part(&draft, "word/document.xml").expect("document");
    let sect = &document[document.rfind("<w:sectPr").expect("sectPr")..];
    assert!(sect.contains("w:w=\"12240\" w:h=\"15840\""), "{sect}");
    assert!(sect.contains("w:left=\"1418\""), "{sect}");

    let rels = part(&draft, "word/_rels/document.xml.rels").expect("rels");
    assert!(!rels.contains("Target=\"header1.xml\""), "{rels}");
    let header = part(&draft, "word/reference-header1.xml").expect("the reference's header");
    assert!(
        header.contains("SECP_67_1204_19 – Operations Report – March 2019"),
        "{header}"
    );
    assert!(!header.contains("February") && !header.contains("SECP_66"));
    let header_rels = part(&draft, "word/_rels/reference-header1.xml.rels").expect("its rels");
    assert!(
        header_rels.contains("Target=\"media/reference-logo.png\""),
        "{header_rels}"
    );
    assert_eq!(
        bytes_of(&draft, "word/media/reference-logo.png"),
        bytes_of(&reference, "word/media/logo.png"),
        "the header's picture comes along"
    );
    let footer = part(&draft, "word/reference-footer2.xml").expect("the reference's footer");
    assert!(
        footer.contains(">Sheet <") && footer.contains("NUMPAGES"),
        "{footer}"
    );
    let types = part(&draft, "[Content_Types].xml").expect("types");
    assert!(types.contains("/word/reference-header1.xml"));
    assert!(!types.contains("/word/header1.xml"));
    assert!(sect.contains(r#"r:id="rIdReference1""#), "{sect}");
}

#[test]
fn last_months_paper_in_the_folder_is_the_reference_by_default() {
    let test = Test::new();
    let (month, _, reference) = setup(&test);
    let given = test.dir.path().join("given");
    let run = Test::new()
        .build_to(&month, &given)
        .args(["--reference-doc", reference.to_str().expect("path")])
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    std::fs::copy(&reference, month.join("SECP_66 February paper.docx")).expect("copy");
    let run = test.build(&month).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("SECP_66 February paper.docx")
            && run
                .stderr
                .contains("styles, page and header/footer taken from it"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read(test.out().join("operations-report-2019-03.docx")).expect("default"),
        std::fs::read(given.join("operations-report-2019-03.docx")).expect("given"),
    );
}

#[test]
fn two_of_last_months_papers_or_another_document_leave_the_built_in_look() {
    let test = Test::new();
    let (month, plain, reference) = setup(&test);
    std::fs::copy(&reference, month.join("a.docx")).expect("copy");
    std::fs::copy(&reference, month.join("b.docx")).expect("copy");
    let run = test.build(&month).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("a.docx, b.docx all look like last month's paper"),
        "{}",
        run.stderr
    );
    let draft = test.out().join("operations-report-2019-03.docx");
    assert_eq!(std::fs::read(&draft).expect("draft"), plain);
    // This month's own draft is not last month's paper.
    std::fs::remove_file(month.join("a.docx")).expect("remove");
    std::fs::remove_file(month.join("b.docx")).expect("remove");
    std::fs::write(month.join("notes.docx"), &plain).expect("write");
    let run = test.build(&month).args(["--force"]).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(std::fs::read(&draft).expect("draft"), plain);
}

#[test]
fn a_bad_reference_document_is_refused_with_a_sentence() {
    let test = Test::new();
    let month = crate::fixtures::sample_month(&test, "2019-03");
    let bad = test.dir.path().join("letterhead.docx");
    std::fs::write(&bad, "not a zip at all").expect("write");
    let run = test
        .build(&month)
        .args(["--reference-doc", bad.to_str().expect("path")])
        .run();
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("letterhead.docx cannot be used")
            && run.stderr.contains("Word Document (.docx)"),
        "{}",
        run.stderr
    );
    assert!(!test.out().exists(), "nothing is written");
}

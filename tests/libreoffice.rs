//! Opening the output as a user would: LibreOffice headless recalculates the
//! workbook and prints it to PDF; Gnumeric recalculates it a second way. The
//! tests that do are `#[ignore]`d with what to install; `.ci/run` installs
//! both and runs them.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The `soffice` program. The tests that need it are `#[ignore]`d, saying
/// what to install, and run with `cargo test -- --include-ignored` (as
/// `.ci/run` does); run so without LibreOffice, they fail saying so, never
/// pass unseen.
pub fn soffice() -> PathBuf {
    on_path("soffice").unwrap_or_else(|| {
        panic!(
            "LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui \
             libreoffice-writer-nogui poppler-utils, or run cargo test without \
             --include-ignored to leave the LibreOffice tests out"
        )
    })
}

/// `program` as found on the PATH.
fn on_path(program: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(program))
            .find(|candidate| candidate.is_file())
    })
}

/// A private LibreOffice profile that recalculates every formula on load,
/// so what it saves is LibreOffice's own result, not our cached value.
fn profile(dir: &Path) -> String {
    let user = dir.join("profile/user");
    std::fs::create_dir_all(&user).expect("profile folder");
    let settings = r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"#;
    std::fs::write(user.join("registrymodifications.xcu"), settings).expect("profile settings");
    format!(
        "-env:UserInstallation=file://{}",
        dir.join("profile").display()
    )
}

/// Convert `input` with LibreOffice (`xlsx`, `pdf`) into `out_dir`; returns
/// the converted file.
pub fn convert(soffice: &Path, input: &Path, format: &str, out_dir: &Path) -> PathBuf {
    try_convert(soffice, input, format, out_dir).unwrap_or_else(|why| panic!("{why}"))
}

/// `convert`, or why it did not: a machine may have LibreOffice's Calc and
/// not its Writer, which the Word draft needs.
pub fn try_convert(
    soffice: &Path,
    input: &Path,
    format: &str,
    out_dir: &Path,
) -> Result<PathBuf, String> {
    std::fs::create_dir_all(out_dir).expect("output folder");
    let status = Command::new(soffice)
        .arg(profile(out_dir))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            format,
            "--outdir",
        ])
        .arg(out_dir)
        .arg(input)
        .output()
        .expect("run soffice");
    if !status.status.success() {
        return Err(format!(
            "soffice failed: {}",
            String::from_utf8_lossy(&status.stderr)
        ));
    }
    let stem = input
        .file_stem()
        .expect("file stem")
        .to_string_lossy()
        .to_string();
    let converted = out_dir.join(format!("{stem}.{format}"));
    if converted.exists() {
        Ok(converted)
    } else {
        Err(format!(
            "LibreOffice wrote no {}: {}",
            converted.display(),
            String::from_utf8_lossy(&status.stderr)
        ))
    }
}

/// The text of each page of a PDF (poppler's pdftotext).
pub fn pdf_pages(pdf: &Path) -> Vec<String> {
    let output = Command::new("pdftotext")
        .args(["-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("run pdftotext (apt-get install poppler-utils)");
    assert!(
        output.status.success(),
        "pdftotext {}: {}",
        pdf.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8_lossy(&output.stdout).to_string();
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// Recalculate a workbook with Gnumeric (`ssconvert --recalc`), saved as
/// xlsx into `out_dir`.
pub fn gnumeric_recalculate(input: &Path, out_dir: &Path) -> PathBuf {
    let ssconvert = on_path("ssconvert").unwrap_or_else(|| {
        panic!(
            "Gnumeric (ssconvert) is not installed: apt-get install gnumeric, or run cargo test \
             without --include-ignored to leave the spreadsheet-engine tests out"
        )
    });
    std::fs::create_dir_all(out_dir).expect("output folder");
    let stem = input.file_stem().expect("file stem").to_string_lossy();
    let converted = out_dir.join(format!("{stem}.xlsx"));
    let output = Command::new(ssconvert)
        .args(["--recalc", "--export-type=Gnumeric_Excel:xlsx2"])
        .arg(input)
        .arg(&converted)
        .output()
        .expect("run ssconvert");
    assert!(
        output.status.success() && converted.is_file(),
        "ssconvert failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    converted
}

/// A word as poppler's `pdftotext -bbox` places it on its page, in points.
#[derive(Debug, Clone)]
pub struct WordBox {
    pub text: String,
    pub x_max: f64,
    pub width: f64,
    pub height: f64,
}

/// Each page's words, in reading order, with their boxes.
pub fn word_boxes(pdf: &Path) -> Vec<Vec<WordBox>> {
    let output = Command::new("pdftotext")
        .arg("-bbox")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("run pdftotext (poppler-utils)");
    // A failed pdftotext would give no pages, and a test looping over
    // them would pass having seen nothing.
    assert!(
        output.status.success(),
        "pdftotext -bbox {}: {}",
        pdf.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    let html = String::from_utf8_lossy(&output.stdout);
    html.split("<page ")
        .skip(1)
        .map(|page| {
            page.lines()
                .filter(|l| l.contains("<word "))
                .map(|line| {
                    let attribute = |name: &str| -> f64 {
                        line.split(&format!("{name}=\""))
                            .nth(1)
                            .and_then(|rest| rest.split('"').next())
                            .and_then(|v| v.parse().ok())
                            .expect("a word box")
                    };
                    WordBox {
                        text: line
                            .split('>')
                            .nth(1)
                            .and_then(|rest| rest.split('<').next())
                            .unwrap_or_default()
                            .to_string(),
                        x_max: attribute("xMax"),
                        width: attribute("xMax") - attribute("xMin"),
                        height: attribute("yMax") - attribute("yMin"),
                    }
                })
                .collect()
        })
        .collect()
}

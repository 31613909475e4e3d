//! Fuzz target: any bytes as an input file. The first byte picks the file's
//! extension (xlsx, xls, xlsb, ods, csv), the rest are its bytes; reading
//! them with the built-in template must give findings, never a panic.
//! A panic while a workbook is read (in calamine) is caught and becomes an
//! `unreadable-file` finding, so what this reports is a panic in the code
//! after the read.

#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use opsreport::findings::Findings;
use opsreport::inputs::{InputFile, Inputs, read_file};
use opsreport::template::Template;

const EXTENSIONS: [&str; 5] = ["xlsx", "xls", "xlsb", "ods", "csv"];

fn template() -> &'static Template {
    static TEMPLATE: OnceLock<Template> = OnceLock::new();
    TEMPLATE.get_or_init(|| Template::load(None).expect("the built-in template loads"))
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let name = format!("fuzz.{}", EXTENSIONS[usize::from(pick) % EXTENSIONS.len()]);
    let file = InputFile::in_memory(&name, bytes.to_vec());
    let mut inputs = Inputs::default();
    let mut findings = Findings::default();
    read_file(&file, template(), &mut inputs, &mut findings);
    // read_file always leaves a source: the sheets read, or a note why not.
    assert!(!inputs.sources.is_empty() || !findings.sorted().is_empty());
});

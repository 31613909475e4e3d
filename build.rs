//! Tells the tests which spreadsheet programs this machine has. A test that
//! recalculates a workbook with LibreOffice (`soffice`) or Gnumeric
//! (`ssconvert`) is ignored, and the build says so, where the program is
//! missing, rather than passed unrun; under CI (`CI=true`) nothing is
//! ignored, so a missing program fails those tests.

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=PATH");
    println!("cargo::rerun-if-env-changed=CI");
    println!("cargo::rustc-check-cfg=cfg(missing_soffice)");
    println!("cargo::rustc-check-cfg=cfg(missing_ssconvert)");
    let ci = std::env::var("CI").as_deref() == Ok("true");
    for program in ["soffice", "ssconvert"] {
        let found = std::env::var_os("PATH").is_some_and(|paths| {
            std::env::split_paths(&paths).any(|dir| dir.join(program).is_file())
        });
        if !found && !ci {
            println!("cargo::rustc-cfg=missing_{program}");
            println!(
                "cargo::warning=*** {program} not found: the tests that recalculate workbooks with it are IGNORED (apt-get install libreoffice-calc-nogui gnumeric) ***"
            );
        }
    }
}

//! A month's folder dropped on the program (`cmd/dropped.rs`): its path as
//! the only argument, as Windows Explorer passes it, builds the month into
//! `<folder> report` beside it, and with no console of its own (here stdin
//! is a pipe, held open) the program ends without waiting for Enter.
//! Anything else on the command line is clap's, with its usual errors.

use std::path::Path;
use std::time::Duration;

use crate::{Test, samples};

/// Run the binary with one argument in `cwd`, stdin an open pipe that is
/// never written to: a program waiting for Enter would wait for ever, so
/// it must end on its own within the limit. Exit code and stderr.
fn drop_on(cwd: &Path, argument: &Path) -> (i32, String) {
    // A run that outlives the limit is one waiting for Enter.
    let run = Test::new()
        .arg(argument)
        .current_dir(cwd)
        .stdin_held_open()
        .timeout(Duration::from_secs(300))
        .run();
    (run.code, run.stderr)
}

#[test]
fn a_folder_as_the_only_argument_builds_its_month_beside_it_without_waiting() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let month = dir.path().join("2019-03");
    crate::copy_dir(samples(), &month);
    let before = std::fs::read_dir(&month).expect("folder").count();
    // Explorer passes the full path.
    let (code, stderr) = drop_on(dir.path(), &month);
    assert_eq!(code, 0, "{stderr}");
    let out = dir.path().join("2019-03 report");
    assert!(
        stderr.contains("into ") && stderr.contains("2019-03 report"),
        "{stderr}"
    );
    assert!(
        stderr.contains("Operations Report for March 2019"),
        "{stderr}"
    );
    assert!(!stderr.contains("Press Enter"), "{stderr}");
    for file in [
        "operations-report-2019-03.xlsx",
        "operations-report-2019-03.docx",
        "csv/table4_effort_by_driver.csv",
    ] {
        assert!(out.join(file).is_file(), "{file} beside the folder");
    }
    let table4 = crate::read_csv(&out.join("csv/table4_effort_by_driver.csv"));
    assert!(
        table4
            .iter()
            .any(|row| row[1] == "Grand Total" && row[2] == "633"),
        "{table4:?}"
    );
    assert_eq!(
        std::fs::read_dir(&month).expect("folder").count(),
        before,
        "nothing is written inside the dropped folder"
    );
    // Dropped again after a fix: the report it wrote is replaced.
    let (code, stderr) = drop_on(dir.path(), Path::new("2019-03"));
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn a_dropped_folder_with_errors_writes_nothing_and_says_why() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let month = dir.path().join("2019-03");
    crate::copy_dir(samples(), &month);
    std::fs::write(
        month.join("helpdesk-2019-03.csv"),
        "Received;Category\r\n04/03/2019;Modifcations\r\n",
    )
    .expect("write");
    let (code, stderr) = drop_on(dir.path(), &month);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("did you mean \"Modifications\"?"),
        "{stderr}"
    );
    assert!(!dir.path().join("2019-03 report/csv").exists());
}

#[test]
fn anything_but_one_existing_folder_is_left_to_clap() {
    let dir = tempfile::tempdir().expect("temporary folder");
    // A folder named like a command is still the command.
    std::fs::create_dir(dir.path().join("check")).expect("folder");
    std::fs::write(dir.path().join("notes.txt"), "a file").expect("file");
    for (args, says) in [
        (&["check"][..], "required arguments were not provided"),
        (
            &["no-such-folder"][..],
            "unrecognized subcommand 'no-such-folder'",
        ),
        (&["notes.txt"][..], "unrecognized subcommand 'notes.txt'"),
        (&["check", "--out"][..], "unexpected argument '--out'"),
    ] {
        let run = Test::new().args(args).current_dir(dir.path()).run();
        let stderr = &run.stderr;
        assert_eq!(run.code, 2, "{args:?}: {stderr}");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
    }
    assert!(!dir.path().join("check report").exists());
}

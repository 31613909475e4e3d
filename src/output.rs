//! Putting a run's files in the output folder safely: everything is written
//! aside first, then swapped in — the workbook and the whole `csv/` folder —
//! with the previous report kept until the new one is in place, and put back
//! if anything fails. A reader of the folder sees the old report or the new
//! one, never a mixture or a half-written file.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::render::OutputFile;

/// Set to `stage` or `swap` to make that step fail, so the tests can show
/// that a failure leaves the previous report whole. Not for users.
const FAIL_AT: &str = "OPSREPORT_TEST_FAIL_AT";

fn injected(step: &str) -> Result<()> {
    if std::env::var(FAIL_AT).as_deref() == Ok(step) {
        bail!("a failure was injected at the {step} step ({FAIL_AT})");
    }
    Ok(())
}

/// The names the output folder's own working folders start with.
pub const WORKING_PREFIX: &str = ".opsreport-";

/// Write `files` (paths relative to `out`) and return where they went.
pub fn write(out: &Path, files: &[OutputFile]) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(out)
        .with_context(|| format!("cannot create the output folder {}", out.display()))?;
    let id = std::process::id();
    let staging = out.join(format!("{WORKING_PREFIX}new-{id}"));
    let backup = out.join(format!("{WORKING_PREFIX}old-{id}"));
    let result = stage(&staging, files).and_then(|tops| swap(out, &staging, &backup, &tops));
    let _ = std::fs::remove_dir_all(&staging);
    let _ = std::fs::remove_dir_all(&backup);
    result?;
    Ok(files.iter().map(|f| out.join(&f.path)).collect())
}

/// Write every file under `staging`; returns the top-level entries (the
/// workbook, `csv`) to swap in.
fn stage(staging: &Path, files: &[OutputFile]) -> Result<Vec<String>> {
    let _ = std::fs::remove_dir_all(staging);
    let mut tops: Vec<String> = Vec::new();
    for (i, file) in files.iter().enumerate() {
        if i == files.len() / 2 {
            injected("stage")?;
        }
        let path = staging.join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&path, &file.bytes)
            .with_context(|| format!("cannot write {}", path.display()))?;
        let top = file
            .path
            .split('/')
            .next()
            .unwrap_or(&file.path)
            .to_string();
        if !tops.contains(&top) {
            tops.push(top);
        }
    }
    Ok(tops)
}

/// Move the old entries aside, the new ones in; on failure, undo.
fn swap(out: &Path, staging: &Path, backup: &Path, tops: &[String]) -> Result<()> {
    std::fs::create_dir_all(backup)
        .with_context(|| format!("cannot create {}", backup.display()))?;
    let mut moved_aside: Vec<&String> = Vec::new();
    let mut moved_in: Vec<&String> = Vec::new();
    let result = (|| -> Result<()> {
        for top in tops {
            let target = out.join(top);
            if target.exists() {
                std::fs::rename(&target, backup.join(top)).with_context(|| {
                    format!("cannot move the previous {} aside", target.display())
                })?;
                moved_aside.push(top);
            }
        }
        for (i, top) in tops.iter().enumerate() {
            if i == tops.len() / 2 {
                injected("swap")?;
            }
            std::fs::rename(staging.join(top), out.join(top)).with_context(|| {
                format!("cannot move the new {} into place", out.join(top).display())
            })?;
            moved_in.push(top);
        }
        Ok(())
    })();
    if result.is_err() {
        for top in moved_in {
            let _ = std::fs::remove_dir_all(out.join(top))
                .or_else(|_| std::fs::remove_file(out.join(top)));
        }
        for top in moved_aside {
            let _ = std::fs::rename(backup.join(top), out.join(top));
        }
    }
    result
}

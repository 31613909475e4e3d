//! `opsreport templates OUT`: write a blank input workbook for each kind, so
//! the team starts from files the converter reads and whose drop-downs only
//! offer the report's own names.

use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use crate::cli::TemplatesArgs;
use crate::render::templates;
use crate::template::Template;

pub fn run(args: &TemplatesArgs) -> Result<ExitCode> {
    let template = Template::load(args.template.as_deref())?;
    let files = templates::render(&template)?;
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create {}", args.out.display()))?;
    if !args.force
        && let Some(existing) = files
            .iter()
            .map(|f| args.out.join(&f.path))
            .find(|p| p.exists())
    {
        bail!(
            "{} already exists; give --force to replace the blank workbooks",
            existing.display()
        );
    }
    for file in &files {
        let path = args.out.join(&file.path);
        // Written aside and renamed, like every output.
        let partial = args.out.join(format!(".{}.partial", file.path));
        std::fs::write(&partial, &file.bytes)
            .with_context(|| format!("cannot write {}", partial.display()))?;
        std::fs::rename(&partial, &path)
            .with_context(|| format!("cannot write {}", path.display()))?;
        eprintln!("wrote {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

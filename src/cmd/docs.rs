//! `opsreport completions SHELL` and `opsreport man`: the shell completion
//! script and the manual page, generated from the same clap definition as
//! `--help`, so they never fall out of step with the program. The manual is
//! one page for the whole program: every command with its synopsis,
//! description and options, then the exit status and examples.

use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::CommandFactory;
use clap_mangen::Man;

use crate::cli::{Cli, CompletionsArgs, ManArgs};

pub fn completions(args: &CompletionsArgs) -> Result<ExitCode> {
    let mut command = Cli::command();
    clap_complete::generate(
        args.shell,
        &mut command,
        "opsreport",
        &mut std::io::stdout(),
    );
    Ok(ExitCode::SUCCESS)
}

pub fn man(args: &ManArgs) -> Result<ExitCode> {
    let page = manual_page()?;
    match &args.out {
        None => {
            use std::io::Write;
            std::io::stdout().write_all(&page)?;
        }
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            let path = dir.join("opsreport.1");
            std::fs::write(&path, page)
                .with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!("wrote {}", path.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// What each exit code means, as `cmd::run` and the README give them.
const EXIT_STATUS: [(&str, &str); 3] = [
    (
        "0",
        "Done: the report was written (build), the input has no errors (check), \
         or the command did what it was asked.",
    ),
    (
        "1",
        "Nothing was written because the input has errors; the findings name the \
         file, sheet and cell of each. With --strict, warnings count as errors.",
    ),
    (
        "2",
        "A usage or environment problem: a bad flag, a month that cannot be told, \
         a folder that cannot be read, a file given where a folder belongs, or an \
         output that exists already without --force.",
    ),
];

/// The manual page (roff): clap_mangen's title, name, synopsis and
/// description of the program; a COMMANDS section with each command's
/// synopsis, description and options (clap_mangen's sections of the
/// command, as subsections); EXIT STATUS; and EXAMPLES from each command's
/// `--help` example.
pub fn manual_page() -> Result<Vec<u8>> {
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    let program = Man::new(command.clone());
    let mut page = Vec::new();
    program.render_title(&mut page)?;
    program.render_name_section(&mut page)?;
    program.render_synopsis_section(&mut page)?;
    program.render_description_section(&mut page)?;
    page.extend_from_slice(
        b".PP\nEach command, its options and an example are under COMMANDS; \
          the exit codes under EXIT STATUS.\n.SH COMMANDS\n",
    );
    let mut examples = Vec::new();
    for sub in command.get_subcommands() {
        let name = format!("opsreport {}", sub.get_name());
        let man = Man::new(sub.clone());
        let mut section = Vec::new();
        man.render_synopsis_section(&mut section)?;
        man.render_description_section(&mut section)?;
        man.render_options_section(&mut section)?;
        let section = String::from_utf8(section).context("clap_mangen wrote UTF-8")?;
        // Each section of the command's own page becomes part of a
        // subsection of this one.
        for line in section.lines() {
            let line = match line {
                ".SH SYNOPSIS" => format!(".SS \"{name}\""),
                ".SH DESCRIPTION" => ".PP".to_string(),
                ".SH OPTIONS" => ".PP\nOptions:".to_string(),
                other => other.to_string(),
            };
            page.extend_from_slice(line.as_bytes());
            page.push(b'\n');
        }
        let help = sub.get_after_help().map(|h| h.to_string());
        examples.extend(
            help.iter()
                .flat_map(|h| h.lines().skip_while(|l| !l.starts_with("Example")).skip(1))
                .map(|l| l.trim().to_string())
                .filter(|l| !l.is_empty()),
        );
    }
    page.extend_from_slice(b".SH \"EXIT STATUS\"\n");
    for (code, meaning) in EXIT_STATUS {
        page.extend_from_slice(format!(".TP\n{code}\n{}\n", roff_text(meaning)).as_bytes());
    }
    page.extend_from_slice(b".SH EXAMPLES\n");
    for example in examples {
        page.extend_from_slice(format!(".PP\n.nf\n{}\n.fi\n", roff_text(&example)).as_bytes());
    }
    program.render_version_section(&mut page)?;
    Ok(once_defined(&page))
}

/// The page with the string definition each clap_mangen section starts
/// with (`.ie \n(.g .ds Aq …`, `.el .ds Aq …`) kept only the first time.
fn once_defined(page: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(page);
    let mut seen = std::collections::HashSet::new();
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let definition = line.starts_with(".ie \\n(.g .ds Aq") || line.starts_with(".el .ds Aq");
        if !definition || seen.insert(line) {
            out.push_str(line);
            out.push('\n');
        }
    }
    out.into_bytes()
}

/// Plain text as a roff line: backslashes and hyphens escaped, and a
/// leading `.` or `'` kept from reading as a request.
fn roff_text(text: &str) -> String {
    let escaped = text.replace('\\', "\\e").replace('-', "\\-");
    if escaped.starts_with(['.', '\'']) {
        format!("\\&{escaped}")
    } else {
        escaped
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roff_text_escapes_what_roff_would_read() {
        assert_eq!(roff_text("a --force"), "a \\-\\-force");
        assert_eq!(roff_text(".hidden"), "\\&.hidden");
        assert_eq!(roff_text("C:\\dir"), "C:\\edir");
    }
}

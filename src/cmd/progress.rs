//! A progress bar over the files of a run, on a terminal only, and only once
//! the run has taken more than a moment (a quick run stays quiet).

use std::io::IsTerminal;
use std::path::Path;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long a run goes before its progress is worth showing.
const SHOW_AFTER: Duration = Duration::from_millis(400);

pub struct FileProgress {
    bar: Option<ProgressBar>,
    started: Instant,
    shown: bool,
}

impl FileProgress {
    /// A bar that draws on stderr when it is a terminal and `wanted`.
    pub fn new(wanted: bool) -> Self {
        let bar = (wanted && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
            if let Ok(style) =
                ProgressStyle::with_template("{spinner} reading {pos}/{len} {bar:30} {wide_msg}")
            {
                bar.set_style(style);
            }
            bar
        });
        FileProgress {
            bar,
            started: Instant::now(),
            shown: false,
        }
    }

    pub fn file(&mut self, index: usize, total: usize, path: &Path) {
        let Some(bar) = &self.bar else { return };
        if !self.shown && self.started.elapsed() >= SHOW_AFTER {
            bar.set_draw_target(ProgressDrawTarget::stderr());
            self.shown = true;
        }
        bar.set_length(total as u64);
        bar.set_position(index as u64);
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        bar.set_message(name);
    }

    pub fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

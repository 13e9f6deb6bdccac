//! A progress bar on standard error while large inputs are read: only when standard error is
//! a terminal (a log or a pipe gets nothing), and only for inputs of about 50 MB or more, which
//! take seconds; smaller ones are read before a bar would be worth drawing.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::PathBuf;

/// Inputs this large (in bytes, all files together) get a bar.
pub const THRESHOLD: u64 = 50 * 1024 * 1024;

/// The environment variable that sets another threshold in bytes (for tests of the bar).
pub const THRESHOLD_VAR: &str = "TONLE_PROGRESS_BYTES";

/// A bar over the files' bytes, or `None`: standard error is no terminal, or the files are
/// small (standard input, of unknown size, counts as nothing).
pub fn for_files(files: &[PathBuf]) -> Option<ProgressBar> {
    let total: u64 = files
        .iter()
        .filter(|p| p.as_os_str() != "-")
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    let threshold = std::env::var(THRESHOLD_VAR)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(THRESHOLD);
    wanted(total, threshold, std::io::stderr().is_terminal()).then(|| bar(total))
}

/// Whether a bar is drawn.
fn wanted(total: u64, threshold: u64, terminal: bool) -> bool {
    terminal && total > 0 && total >= threshold
}

fn bar(total: u64) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    // The template is a constant: it parses.
    if let Ok(style) =
        ProgressStyle::with_template("reading {bar:40} {bytes}/{total_bytes} ({eta} left)")
    {
        bar.set_style(style);
    }
    bar
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bar_only_on_a_terminal_and_for_large_inputs() {
        assert!(wanted(THRESHOLD, THRESHOLD, true));
        assert!(
            !wanted(THRESHOLD, THRESHOLD, false),
            "not on a pipe or a log"
        );
        assert!(
            !wanted(THRESHOLD - 1, THRESHOLD, true),
            "not for small inputs"
        );
        assert!(!wanted(0, 0, true), "not for standard input alone");
    }
}

//! The `tonle` binary, run for real in temporary folders: exit codes, exact messages
//! (snapshots), outputs, and what a failed run leaves behind.

// Tests fail by panicking; that is their contract, not something to document.
#![allow(clippy::missing_panics_doc)]

mod commit;
mod concurrent;
mod displacement;
mod edges;
mod export;
mod failures;
mod fix;
mod gazetteer;
#[cfg(feature = "geoparquet")]
mod geoparquet;
mod gpkg;
mod hostile;
mod publish;
mod scale;
mod sheets;
mod story;
mod template;
mod validate;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The project root, where the fixtures are.
pub(crate) fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// What a run of the binary did.
#[derive(Debug)]
pub(crate) struct Run {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

impl Run {
    /// Exit code, stdout and stderr in one text, for snapshots.
    pub(crate) fn transcript(&self) -> String {
        format!(
            "exit: {}\n--- stdout\n{}--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// Runs `tonle ARGS` in `dir`.
pub(crate) fn tonle_in(dir: &Path, args: &[&str]) -> Run {
    let output: Output = Command::new(env!("CARGO_BIN_EXE_tonle"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the tonle binary runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Every file in `dir` with its bytes, but the lock file every export leaves (it is empty,
/// and no output).
pub(crate) fn files(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry"))
        .filter(|e| e.path().is_file() && e.file_name() != tonle::io::LOCK_FILE)
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect()
}

/// Runs `tonle export --out DIR EXTRA...` in the project root.
pub(crate) fn export_into(dir: &Path, extra: &[&str]) -> Run {
    let out = dir.display().to_string();
    let mut args = vec!["export", "--out", out.as_str()];
    args.extend_from_slice(extra);
    tonle(&args)
}

/// Runs `tonle ARGS` in the project root (so fixture paths in messages are relative).
pub(crate) fn tonle(args: &[&str]) -> Run {
    tonle_in(&root(), args)
}

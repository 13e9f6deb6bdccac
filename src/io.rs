//! Where bytes come from and go to: `-` as standard input, and outputs that appear whole or
//! not at all.
//!
//! Every output file is written to a temporary file in the output folder, flushed and synced,
//! and renamed into place only after every output of the run was written. A failed or killed
//! run therefore leaves the previous outputs untouched; a temporary file that a killed run
//! left behind (`.tonle-*.tmp`) is removed by the next run.

use std::fs;
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

/// Opens a path for reading; `-` is standard input.
pub fn open(path: &Path) -> io::Result<Box<dyn Read>> {
    if path == Path::new("-") {
        Ok(Box::new(io::stdin().lock()))
    } else {
        Ok(Box::new(fs::File::open(path)?))
    }
}

/// A writer that counts the bytes that pass through it.
pub struct Counting<W> {
    inner: W,
    /// Bytes written so far.
    pub bytes: u64,
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// One output written to its temporary file and waiting to be renamed into place.
struct Pending {
    temp: tempfile::NamedTempFile,
    target: PathBuf,
}

/// A written output: where it will be, how many items it holds, how big it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The final path.
    pub path: PathBuf,
    /// Items in it (features, slides, rows), and what they are called.
    pub items: (usize, &'static str),
    /// Its size.
    pub bytes: u64,
}

/// The outputs of one run, committed together.
pub struct OutputSet {
    dir: PathBuf,
    pending: Vec<Pending>,
    written: Vec<Written>,
}

const TEMP_PREFIX: &str = ".tonle-";
const TEMP_SUFFIX: &str = ".tmp";

impl OutputSet {
    /// Prepares the output folder (creating it if needed) and removes temporary files that an
    /// interrupted run left there.
    pub fn new(dir: &Path) -> io::Result<OutputSet> {
        fs::create_dir_all(dir)?;
        for entry in fs::read_dir(dir)? {
            let entry = entry?;
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with(TEMP_PREFIX)
                && name.ends_with(TEMP_SUFFIX)
                && entry.file_type()?.is_file()
            {
                // A leftover that cannot be removed is harmless: it is never renamed into place.
                let _ = fs::remove_file(entry.path());
            }
        }
        Ok(OutputSet {
            dir: dir.to_owned(),
            pending: Vec::new(),
            written: Vec::new(),
        })
    }

    /// Writes one output through `write`, which returns how many items it wrote.
    pub fn write(
        &mut self,
        name: &str,
        what: &'static str,
        write: impl FnOnce(&mut dyn Write) -> io::Result<usize>,
    ) -> io::Result<()> {
        self.write_together(&[(name, what)], |outs| {
            let out = outs
                .first_mut()
                .ok_or_else(|| io::Error::other("no writer for the one output"))?;
            Ok(vec![write(&mut **out)?])
        })
    }

    /// Writes several outputs at once through `write`, which gets a writer per output (in the
    /// order of `outputs`) and returns how many items each holds: what a streaming export
    /// needs, reading each event once and writing it to every output.
    pub fn write_together(
        &mut self,
        outputs: &[(&str, &'static str)],
        write: impl FnOnce(&mut [&mut (dyn Write + Send)]) -> io::Result<Vec<usize>>,
    ) -> io::Result<()> {
        let mut temps = Vec::with_capacity(outputs.len());
        for (name, _) in outputs {
            let target = self.dir.join(name);
            if target.is_dir() {
                return Err(io::Error::new(
                    io::ErrorKind::AlreadyExists,
                    format!(
                        "{} is a folder; remove it or choose another --out",
                        target.display()
                    ),
                ));
            }
            let temp = tempfile::Builder::new()
                .prefix(TEMP_PREFIX)
                .suffix(TEMP_SUFFIX)
                .tempfile_in(&self.dir)
                .map_err(|e| {
                    // tempfile names the random path it tried; the folder is what matters.
                    let cause = std::io::Error::from(e.kind());
                    io::Error::new(e.kind(), format!("cannot create a file in it ({cause})"))
                })?;
            temps.push((temp, target));
        }
        let mut outs: Vec<Counting<BufWriter<&fs::File>>> = temps
            .iter()
            .map(|(temp, _)| Counting {
                inner: BufWriter::with_capacity(1 << 16, temp.as_file()),
                bytes: 0,
            })
            .collect();
        let mut dyns: Vec<&mut (dyn Write + Send)> = outs
            .iter_mut()
            .map(|o| o as &mut (dyn Write + Send))
            .collect();
        let items = write(&mut dyns)?;
        drop(dyns);
        let mut sizes = Vec::with_capacity(outs.len());
        for mut out in outs {
            out.flush()?;
            sizes.push(out.bytes);
        }
        for (((temp, target), (_, what)), (items, bytes)) in temps
            .into_iter()
            .zip(outputs)
            .zip(items.into_iter().zip(sizes))
        {
            readable_by_all(temp.as_file())?;
            temp.as_file().sync_all()?;
            self.written.push(Written {
                path: target.clone(),
                items: (items, what),
                bytes,
            });
            self.pending.push(Pending { temp, target });
        }
        Ok(())
    }

    /// Renames every written output into place.
    pub fn commit(self) -> io::Result<Vec<Written>> {
        for pending in self.pending {
            pending.temp.persist(&pending.target).map_err(|e| {
                io::Error::new(
                    e.error.kind(),
                    format!("{}: {}", pending.target.display(), e.error),
                )
            })?;
        }
        Ok(self.written)
    }
}

/// Temporary files are created private (0600); an output is an ordinary file (0644).
#[cfg(unix)]
fn readable_by_all(file: &fs::File) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    file.set_permissions(fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn readable_by_all(_file: &fs::File) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .expect("dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// A writer that fails part-way, as a full disk does: the set is dropped uncommitted, the
    /// earlier output is untouched and no temporary file is left.
    #[test]
    fn a_write_that_fails_midway_leaves_earlier_outputs_and_no_temp_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::write(dir.path().join("a.json"), "earlier a").expect("write");
        let mut outputs = OutputSet::new(dir.path()).expect("set");
        outputs
            .write("b.json", "items", |out| out.write_all(b"new b").map(|()| 1))
            .expect("b written");
        let failed = outputs.write("a.json", "items", |out| {
            out.write_all(&vec![b'x'; 100_000])?;
            Err(io::Error::new(
                io::ErrorKind::StorageFull,
                "no space left on device",
            ))
        });
        assert_eq!(
            failed.expect_err("fails").kind(),
            io::ErrorKind::StorageFull
        );
        drop(outputs);
        assert_eq!(names(dir.path()), ["a.json"]);
        assert_eq!(
            fs::read_to_string(dir.path().join("a.json")).expect("read"),
            "earlier a"
        );
    }

    #[test]
    fn commit_renames_every_output_into_place() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut outputs = OutputSet::new(dir.path()).expect("set");
        for name in ["a.json", "b.json"] {
            outputs
                .write(name, "items", |out| {
                    out.write_all(name.as_bytes()).map(|()| 1)
                })
                .expect("write");
        }
        assert_eq!(names(dir.path()).len(), 2, "only temporary files so far");
        assert!(names(dir.path()).iter().all(|n| n.starts_with(TEMP_PREFIX)));
        let written = outputs.commit().expect("commit");
        assert_eq!(written.iter().map(|w| w.bytes).collect::<Vec<_>>(), [6, 6]);
        assert_eq!(names(dir.path()), ["a.json", "b.json"]);
    }
}

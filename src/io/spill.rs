//! Spill files: values written to an unnamed temporary file in order and read back in the same
//! order, for sorting more events than memory may hold (`crate::export::sort`).
//!
//! A value is encoded with its serde derive in postcard (a compact binary format), each record
//! preceded by its length. Values an event shares with thousands of others (its input's name,
//! its input's extra columns) are written once per spill session as a number
//! ([`SharedValues`], [`shared`]), and read back as the same `Arc`. Days are written as day
//! numbers ([`day`], [`maybe_day`]), not as text.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::any::Any;
use std::cell::RefCell;
use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

/// Bytes buffered for each spill file, writing or reading: a merge of many runs holds one
/// buffer per run.
const BUFFER: usize = 64 * 1024;

/// A spill file being written.
pub struct SpillWriter {
    out: BufWriter<File>,
    scratch: Vec<u8>,
    records: u64,
}

impl SpillWriter {
    /// An unnamed temporary file in `dir`: the system removes it when it is closed, even after
    /// a crash.
    pub fn new(dir: &Path) -> io::Result<SpillWriter> {
        Ok(SpillWriter {
            out: BufWriter::with_capacity(BUFFER, tempfile::tempfile_in(dir)?),
            scratch: Vec::new(),
            records: 0,
        })
    }

    /// Appends a value.
    pub fn push<T: Serialize>(&mut self, value: &T) -> io::Result<()> {
        self.scratch.clear();
        let bytes = postcard::to_extend(value, std::mem::take(&mut self.scratch))
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
        let len = u32::try_from(bytes.len())
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "a record over 4 GB"))?;
        self.out.write_all(&len.to_le_bytes())?;
        self.out.write_all(&bytes)?;
        self.scratch = bytes;
        self.records += 1;
        Ok(())
    }

    /// The values written, to be read back from the first.
    pub fn finish(self) -> io::Result<SpillReader> {
        let mut file = self
            .out
            .into_inner()
            .map_err(io::IntoInnerError::into_error)?;
        file.seek(SeekFrom::Start(0))?;
        Ok(SpillReader {
            input: BufReader::with_capacity(BUFFER, file),
            buf: self.scratch,
            left: self.records,
        })
    }
}

/// A spill file being read back.
pub struct SpillReader {
    input: BufReader<File>,
    buf: Vec<u8>,
    left: u64,
}

impl SpillReader {
    /// The next value, `None` after the last.
    pub fn read<T: DeserializeOwned>(&mut self) -> io::Result<Option<T>> {
        if self.left == 0 {
            return Ok(None);
        }
        let mut len = [0; 4];
        self.input.read_exact(&mut len)?;
        self.buf.resize(u32::from_le_bytes(len) as usize, 0);
        self.input.read_exact(&mut self.buf)?;
        self.left -= 1;
        postcard::from_bytes(&self.buf)
            .map(Some)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
    }
}

/// Values shared between many spilled ones, each written once as its number. Encoding and
/// decoding happen inside [`SharedValues::enter`], on whichever thread does them.
#[derive(Clone, Default)]
pub struct SharedValues(Arc<Mutex<Table>>);

#[derive(Default)]
struct Table {
    /// The number of each value, by its address (kept alive in `values`, so never reused).
    numbers: HashMap<usize, u32>,
    values: Vec<Arc<dyn Any + Send + Sync>>,
}

thread_local! {
    static CURRENT: RefCell<Option<SharedValues>> = const { RefCell::new(None) };
}

/// While alive, [`shared`] encodes and decodes with a [`SharedValues`] on this thread.
pub struct Entered(Option<SharedValues>);

impl Drop for Entered {
    fn drop(&mut self) {
        let before = self.0.take();
        CURRENT.with(|c| *c.borrow_mut() = before);
    }
}

impl SharedValues {
    /// Makes this table the one values are shared through on this thread, until the guard
    /// is dropped.
    pub fn enter(&self) -> Entered {
        Entered(CURRENT.with(|c| c.replace(Some(self.clone()))))
    }

    fn with<R>(f: impl FnOnce(&mut Table) -> R) -> Option<R> {
        CURRENT.with(|c| {
            let current = c.borrow();
            let shared = current.as_ref()?;
            let mut table = shared.0.lock().unwrap_or_else(PoisonError::into_inner);
            Some(f(&mut table))
        })
    }
}

const OUTSIDE: &str = "a shared value is encoded only inside a spill session";

/// `#[serde(with = "crate::io::spill::shared")]` for an `Arc` many values share: written as
/// its number in the current [`SharedValues`].
pub mod shared {
    use super::{Any, Arc, Deserialize, Deserializer, Serializer, SharedValues, OUTSIDE};
    use serde::de::Error as _;
    use serde::ser::Error as _;

    /// Writes the value's number.
    pub fn serialize<T: Any + Send + Sync, S: Serializer>(
        value: &Arc<T>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        let number = SharedValues::with(|t| {
            let address = Arc::as_ptr(value).cast::<()>() as usize;
            let next = u32::try_from(t.values.len()).unwrap_or(u32::MAX);
            *t.numbers.entry(address).or_insert_with(|| {
                t.values.push(value.clone());
                next
            })
        })
        .ok_or_else(|| S::Error::custom(OUTSIDE))?;
        s.serialize_u32(number)
    }

    /// Reads a number back as the value.
    pub fn deserialize<'de, T: Any + Send + Sync, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Arc<T>, D::Error> {
        let number = u32::deserialize(d)? as usize;
        let value = SharedValues::with(|t| t.values.get(number).cloned())
            .ok_or_else(|| D::Error::custom(OUTSIDE))?
            .ok_or_else(|| D::Error::custom("a shared value that was never written"))?;
        value
            .downcast::<T>()
            .map_err(|_| D::Error::custom("a shared value of another type"))
    }
}

/// `#[serde(with = "crate::io::spill::shared_pair")]` for an optional shared `Arc` with a value
/// of its own.
pub mod shared_pair {
    use super::{Any, Arc, Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Serialize)]
    struct Out<'a, T: Any + Send + Sync, V>(#[serde(with = "super::shared")] &'a Arc<T>, &'a V);

    #[derive(Deserialize)]
    #[serde(bound(deserialize = "T: Any + Send + Sync, V: Deserialize<'de>"))]
    struct In<T: Any + Send + Sync, V>(#[serde(with = "super::shared")] Arc<T>, V);

    /// Writes the pair, the `Arc` as its number.
    pub fn serialize<T: Any + Send + Sync, V: Serialize, S: Serializer>(
        value: &Option<(Arc<T>, V)>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        value.as_ref().map(|(a, v)| Out(a, v)).serialize(s)
    }

    /// Reads the pair back.
    pub fn deserialize<'de, T: Any + Send + Sync, V: Deserialize<'de>, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<(Arc<T>, V)>, D::Error> {
        Ok(Option::<In<T, V>>::deserialize(d)?.map(|In(a, v)| (a, v)))
    }
}

/// `#[serde(with = "crate::io::spill::day")]`: a day as its number from 1 January of year 1.
pub mod day {
    use super::{Deserialize, Deserializer, Serializer};
    use chrono::{Datelike, NaiveDate};
    use serde::de::Error as _;

    /// Writes the day's number.
    pub fn serialize<S: Serializer>(day: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i32(day.num_days_from_ce())
    }

    /// Reads a day's number back.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        let n = i32::deserialize(d)?;
        NaiveDate::from_num_days_from_ce_opt(n).ok_or_else(|| D::Error::custom("no such day"))
    }
}

/// `#[serde(with = "crate::io::spill::maybe_day")]`: [`day`] for an optional day.
pub mod maybe_day {
    use super::{Deserialize, Deserializer, Serialize, Serializer};
    use chrono::NaiveDate;

    #[derive(Serialize, Deserialize)]
    struct Day(#[serde(with = "super::day")] NaiveDate);

    /// Writes the day's number, if any.
    pub fn serialize<S: Serializer>(day: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        day.map(Day).serialize(s)
    }

    /// Reads it back.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        Ok(Option::<Day>::deserialize(d)?.map(|Day(day)| day))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_come_back_in_order_and_shared_values_stay_shared() {
        #[derive(Debug, PartialEq, Serialize, Deserialize)]
        struct Row {
            #[serde(with = "shared")]
            name: Arc<String>,
            #[serde(with = "day")]
            day: chrono::NaiveDate,
            text: String,
        }
        let name = Arc::new("a.csv".to_owned());
        let dir = tempfile::tempdir().expect("dir");
        let values = SharedValues::default();
        let _in = values.enter();
        let mut spill = SpillWriter::new(dir.path()).expect("spill");
        let rows: Vec<Row> = (0..1000)
            .map(|i| Row {
                name: name.clone(),
                day: chrono::NaiveDate::from_num_days_from_ce_opt(700_000 + i).expect("day"),
                text: "é".repeat(usize::try_from(i % 7).expect("small")),
            })
            .collect();
        for row in &rows {
            spill.push(row).expect("push");
        }
        let mut back = spill.finish().expect("finish");
        let mut read = Vec::new();
        while let Some(row) = back.read::<Row>().expect("next") {
            read.push(row);
        }
        assert_eq!(read, rows);
        assert!(Arc::ptr_eq(&read[0].name, &read[999].name));
        assert_eq!(
            std::fs::read_dir(dir.path()).expect("dir").count(),
            0,
            "unnamed"
        );
    }

    #[test]
    fn outside_a_session_a_shared_value_is_an_error_not_a_panic() {
        #[derive(Serialize)]
        struct Row(#[serde(with = "shared")] Arc<String>);
        assert!(postcard::to_stdvec(&Row(Arc::new(String::new()))).is_err());
    }
}

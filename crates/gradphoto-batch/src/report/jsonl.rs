//! The JSON Lines stream: one record per photo, flushed one at a time.

use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, BufReader, Seek, SeekFrom, Write};
use std::ops::ControlFlow;
use std::path::Path;

use serde::de::DeserializeOwned;

use crate::record::Record;

/// Writes records, one line each, flushing after every record so that a
/// `kill -9` loses at most the photos in flight.
pub struct JsonlWriter {
    out: Box<dyn Write + Send>,
    line: Vec<u8>,
}

impl JsonlWriter {
    /// Write to any stream (standard output, a file).
    pub fn new(out: Box<dyn Write + Send>) -> JsonlWriter {
        JsonlWriter {
            out,
            line: Vec::with_capacity(4096),
        }
    }

    /// Create (truncate) a file, or open it for appending (`--resume`).
    ///
    /// # Errors
    /// The file cannot be created or opened.
    pub fn create(path: &Path, append: bool) -> io::Result<JsonlWriter> {
        let file = OpenOptions::new()
            .create(true)
            .write(true)
            .append(append)
            .truncate(!append)
            .open(path)?;
        Ok(JsonlWriter::new(Box::new(file)))
    }

    /// Write one record as one line and flush it.
    ///
    /// # Errors
    /// I/O errors.
    pub fn write(&mut self, record: &Record) -> io::Result<()> {
        self.line.clear();
        serde_json::to_writer(&mut self.line, record)?;
        self.line.push(b'\n');
        self.out.write_all(&self.line)?;
        self.out.flush()
    }
}

/// Why a results file cannot be read (to resume, report or score).
#[derive(Debug, thiserror::Error)]
pub enum ResumeError {
    /// Reading or truncating failed.
    #[error("{path}")]
    Io {
        /// The results file.
        path: String,
        /// The I/O error.
        source: io::Error,
    },
    /// A complete line is not a record.
    #[error("{path}: line {line} is not a gradphoto record ({message})")]
    NotARecord {
        /// The results file.
        path: String,
        /// 1-based line number.
        line: u64,
        /// The parser's message.
        message: String,
    },
}

/// Read the records of an earlier, possibly interrupted run, calling
/// `each` for every complete record. A last line without its newline (the
/// run was killed while writing it) is cut off the file, so that appending
/// continues on a clean line. Returns the number of records.
///
/// Only `--resume` may change its results file this way; reports and
/// scoring read results with [`read_results`], which leaves them alone.
///
/// # Errors
/// [`ResumeError`]; a missing file is not an error (nothing to resume).
pub fn read_existing(path: &Path, mut each: impl FnMut(Record)) -> Result<u64, ResumeError> {
    let scanned = scan(path, |line| {
        each(line.parse()?);
        Ok(ControlFlow::Continue(()))
    })?;
    let Some(file) = scanned.file else {
        return Ok(0);
    };
    let io_err = |source| ResumeError::Io {
        path: path.display().to_string(),
        source,
    };
    let len = file.metadata().map_err(io_err)?.len();
    if len != scanned.complete_bytes {
        let mut file = OpenOptions::new().write(true).open(path).map_err(io_err)?;
        file.set_len(scanned.complete_bytes).map_err(io_err)?;
        file.seek(SeekFrom::End(0)).map_err(io_err)?;
    }
    Ok(scanned.records)
}

/// Read a results file without changing it: `each` gets every complete
/// record, parsed as `T` (a [`Record`], or a type that takes only the
/// fields it needs — the rest is skipped unparsed), until it breaks. A
/// half-written last line (a run still writing, or killed) is skipped.
/// Returns the number of records handed over.
///
/// # Errors
/// [`ResumeError`] (I/O, or a line that is not a record); a missing file
/// reads as empty.
pub fn read_results<T: DeserializeOwned>(
    path: &Path,
    mut each: impl FnMut(T) -> ControlFlow<()>,
) -> Result<u64, ResumeError> {
    Ok(scan(path, |line| Ok(each(line.parse()?)))?.records)
}

/// One complete line of a results file, and where it is.
struct Line<'a> {
    path: &'a Path,
    /// 1-based line number.
    number: u64,
    bytes: &'a [u8],
}

impl Line<'_> {
    fn parse<T: DeserializeOwned>(&self) -> Result<T, ResumeError> {
        serde_json::from_slice(self.bytes).map_err(|e| ResumeError::NotARecord {
            path: self.path.display().to_string(),
            line: self.number,
            message: e.to_string(),
        })
    }
}

/// What [`scan`] read.
struct Scanned {
    /// Records handed over.
    records: u64,
    /// Bytes up to the end of the last complete line read.
    complete_bytes: u64,
    /// The file, read up to there; `None` when there is none.
    file: Option<File>,
}

/// Hand every complete, non-blank line of a results file to `each` until
/// it breaks; a last line without its newline is not handed over.
fn scan(
    path: &Path,
    mut each: impl FnMut(&Line<'_>) -> Result<ControlFlow<()>, ResumeError>,
) -> Result<Scanned, ResumeError> {
    let io_err = |source| ResumeError::Io {
        path: path.display().to_string(),
        source,
    };
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Ok(Scanned {
                records: 0,
                complete_bytes: 0,
                file: None,
            });
        }
        Err(e) => return Err(io_err(e)),
    };
    let mut reader = BufReader::new(file);
    let mut line = Vec::new();
    let (mut complete_bytes, mut records, mut number) = (0u64, 0u64, 0u64);
    loop {
        line.clear();
        let n = reader.read_until(b'\n', &mut line).map_err(io_err)?;
        if n == 0 {
            break;
        }
        number += 1;
        if line.last() != Some(&b'\n') {
            tracing::warn!(path = %path.display(), line = number, "an incomplete last record (a run killed or still writing)");
            break;
        }
        complete_bytes += n as u64;
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        records += 1;
        let flow = each(&Line {
            path,
            number,
            bytes: &line,
        })?;
        if flow.is_break() {
            break;
        }
    }
    Ok(Scanned {
        records,
        complete_bytes,
        file: Some(reader.into_inner()),
    })
}

/// Hand every record line of a results file to `each` with its record
/// number (0-based; blank lines are not records, as [`read_existing`]
/// counts).
fn for_each_record_line(path: &Path, mut each: impl FnMut(u32, &[u8]) -> io::Result<()>) -> io::Result<()> {
    let mut reader = BufReader::new(File::open(path)?);
    let (mut line, mut number) = (Vec::new(), 0u32);
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            return Ok(());
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        each(number, &line)?;
        number += 1;
    }
}

fn parse(line: &[u8]) -> io::Result<Record> {
    serde_json::from_slice(line).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}

/// The records numbered `wanted` (sorted), read back from a results file.
///
/// # Errors
/// I/O errors; a wanted line that is not a record.
pub fn read_records(path: &Path, wanted: &[u32]) -> io::Result<Vec<(u32, Record)>> {
    let mut out = Vec::with_capacity(wanted.len());
    for_each_record_line(path, |n, line| {
        if wanted.binary_search(&n).is_ok() {
            out.push((n, parse(line)?));
        }
        Ok(())
    })?;
    Ok(out)
}

/// Rewrite a results file atomically, passing the records numbered
/// `wanted` (sorted) through `edit`; every other line is copied unparsed.
///
/// # Errors
/// I/O errors; a wanted line that is not a record.
pub fn amend(path: &Path, wanted: &[u32], mut edit: impl FnMut(u32, &mut Record)) -> io::Result<()> {
    super::write_atomically(path, |out| {
        for_each_record_line(path, |n, line| {
            if wanted.binary_search(&n).is_err() {
                return out.write_all(line);
            }
            let mut record = parse(line)?;
            edit(n, &mut record);
            serde_json::to_writer(&mut *out, &record)?;
            out.write_all(b"\n")
        })
    })
}

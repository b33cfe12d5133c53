//! JUnit XML for CI systems: one `<testcase>` per photo, one `<failure>` per
//! rule that rejected it, an `<error>` for a photo that could not be
//! analysed, warnings in `<system-out>`.
//!
//! Test cases stream into a temporary file while the run goes on; the final
//! file (whose header carries the counts) is assembled and renamed into place
//! at the end.

use std::fs::File;
use std::io::{self, BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use gradphoto::{Severity, Status};

use super::{escape, write_atomically};
use crate::record::Record;

/// Streams test cases; [`JunitWriter::finish`] writes the report.
pub struct JunitWriter {
    target: PathBuf,
    suite: String,
    body: BufWriter<File>,
    tests: u64,
    failures: u64,
    errors: u64,
}

impl JunitWriter {
    /// Start a report that will be written to `target`.
    ///
    /// # Errors
    /// The temporary body file cannot be created.
    pub fn new(target: &Path, profile: &str) -> io::Result<JunitWriter> {
        let body = tempfile::tempfile()?;
        Ok(JunitWriter {
            target: target.to_owned(),
            suite: format!("gradphoto.{profile}"),
            body: BufWriter::new(body),
            tests: 0,
            failures: 0,
            errors: 0,
        })
    }

    /// Add one photo.
    ///
    /// # Errors
    /// I/O errors on the temporary file.
    pub fn add(&mut self, record: &Record) -> io::Result<()> {
        self.tests += 1;
        let v = &record.verdict;
        let w = &mut self.body;
        write!(
            w,
            "    <testcase classname=\"{}\" name=\"{}\"",
            escape(&self.suite),
            escape(&record.path)
        )?;
        if v.status == Status::Pass {
            return writeln!(w, "/>");
        }
        writeln!(w, ">")?;
        if v.status == Status::Error {
            self.errors += 1;
            let why = v.error.as_ref().map_or("cannot be analysed", |m| m.en.as_str());
            writeln!(w, "      <error message=\"{}\" type=\"error\"/>", escape(why))?;
        } else if v.status == Status::Fail {
            self.failures += 1;
        }
        let mut warnings = String::new();
        for f in &v.findings {
            match f.severity {
                Severity::Error => writeln!(
                    w,
                    "      <failure message=\"{}: {}\" type=\"{}\">{}\n{}</failure>",
                    f.rule,
                    escape(&f.message.en),
                    f.rule,
                    escape(&f.message.zh),
                    escape(&f.message.en)
                )?,
                Severity::Warn => warnings.push_str(&format!("warning {}: {}\n", f.rule, f.message.en)),
            }
        }
        if !warnings.is_empty() {
            writeln!(w, "      <system-out>{}</system-out>", escape(&warnings))?;
        }
        writeln!(w, "    </testcase>")
    }

    /// Add one failing case for a group of photos found after their own
    /// cases were written (`batch.duplicate-photo`).
    ///
    /// # Errors
    /// I/O errors on the temporary file.
    pub fn add_group(&mut self, rule: gradphoto::RuleId, files: &[String], message: &str) -> io::Result<()> {
        self.tests += 1;
        self.failures += 1;
        writeln!(
            self.body,
            "    <testcase classname=\"{}\" name=\"{}\">\n      <failure message=\"{rule}: {}\" type=\"{rule}\"/>\n    </testcase>",
            escape(&self.suite),
            escape(&files.join(" ")),
            escape(message)
        )
    }

    /// Write the report atomically.
    ///
    /// # Errors
    /// I/O errors, with the target path named.
    pub fn finish(self, elapsed_seconds: f64) -> io::Result<()> {
        let mut body = self.body.into_inner().map_err(io::IntoInnerError::into_error)?;
        body.seek(SeekFrom::Start(0))?;
        let (tests, failures, errors, suite) = (self.tests, self.failures, self.errors, escape(&self.suite));
        write_atomically(&self.target, |out| {
            writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
            writeln!(
                out,
                "<testsuites name=\"gradphoto\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" time=\"{elapsed_seconds:.3}\">"
            )?;
            writeln!(
                out,
                "  <testsuite name=\"{suite}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"0\" time=\"{elapsed_seconds:.3}\">"
            )?;
            io::copy(&mut body, out)?;
            writeln!(out, "  </testsuite>")?;
            writeln!(out, "</testsuites>")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_markup_and_drops_control_characters() {
        assert_eq!(
            escape("a<b & \"c\" 'd'>\u{1}\n"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;\n"
        );
        assert_eq!(escape("照片"), "照片");
    }
}

//! Reports: JSON Lines records, the JSON summary, JUnit XML, the HTML page.
//!
//! Every report but the JSON Lines stream is written atomically (a temporary
//! file in the target's folder, renamed over the target when complete). The
//! JSON Lines stream is appended one flushed record at a time, so that a
//! killed run can be resumed.

pub mod html;
pub mod jsonl;
pub mod junit;
pub mod summary;

use std::io::{self, BufWriter, Write};
use std::path::Path;

/// Write a file atomically: `fill` writes into a temporary file beside
/// `path`, which then replaces `path`.
///
/// # Errors
/// I/O errors, with the path named.
pub fn write_atomically(path: &Path, fill: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let named = |e: io::Error| io::Error::new(e.kind(), format!("{}: {e}", path.display()));
    let mut builder = tempfile::Builder::new();
    builder.prefix(".gradphoto-");
    // A report is for others to read: created as any new file is (0666
    // less the umask), not with the temporary file's private 0600.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let tmp = builder.tempfile_in(dir).map_err(named)?;
    let mut w = BufWriter::new(tmp);
    fill(&mut w).map_err(named)?;
    let tmp = w.into_inner().map_err(|e| named(e.into_error()))?;
    tmp.as_file().sync_all().map_err(named)?;
    tmp.persist(path).map_err(|e| named(e.error))?;
    Ok(())
}

/// Escape text for XML and HTML, attributes and content; drops the
/// characters XML 1.0 cannot carry.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

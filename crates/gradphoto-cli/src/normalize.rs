//! `gradphoto normalize`: compliant copies of photos that fail only on
//! geometry, pixel size or file size.
//!
//! Each input gets one line in `DIR/normalize.jsonl`: `written` (with the
//! output, the crop, the scale, the JPEG quality and the rules it fixes),
//! `compliant` (nothing to do), `refused` (why: a subject rule fails, the
//! crop would leave the photo, an upscale past the profile's limit, no
//! quality fits the size window) or `error` (unreadable). Originals are
//! only read; every output goes through a temporary file in `DIR` and a
//! rename, and a copy never replaces its own original.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{Context, Result};
use gradphoto::{Engine, NotNormalized};
use gradphoto_batch::InputSet;
use rayon::prelude::*;
use serde_json::{Value, json};

/// What happened to one input.
fn one(engine: &Engine, path: &Path, out_dir: &Path) -> Value {
    let shown = path.display().to_string();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => return json!({ "path": shown, "status": "error", "reason": e.to_string() }),
    };
    let stem = Path::new(&name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let target = out_dir.join(format!("{stem}.jpg"));
    if same_file(path, &target) {
        return json!({ "path": shown, "status": "refused", "reason": "the output would replace the original" });
    }
    match engine.normalize(&name, &bytes) {
        Ok(n) => match write_atomically(&target, &n.bytes) {
            Ok(()) => json!({
                "path": shown,
                "status": "written",
                "output": target.display().to_string(),
                "fixed": n.fixed,
                "crop": n.crop.map(|v| (v * 10.0).round() / 10.0),
                "scale": (n.scale * 1e4).round() / 1e4,
                "width": n.width,
                "height": n.height,
                "quality": n.quality,
                "bytes": n.bytes.len(),
            }),
            Err(e) => json!({ "path": shown, "status": "error", "reason": format!("{}: {e}", target.display()) }),
        },
        Err(NotNormalized::Compliant) => json!({ "path": shown, "status": "compliant" }),
        Err(NotNormalized::Unreadable { message }) => json!({ "path": shown, "status": "error", "reason": message }),
        Err(why) => json!({ "path": shown, "status": "refused", "reason": why.to_string(), "detail": why }),
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Write through `.NAME.partial` in the same folder and rename.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.partial"));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}

/// Counts per status.
#[derive(Debug, Default)]
pub struct Tally {
    pub written: u64,
    pub compliant: u64,
    pub refused: u64,
    pub errors: u64,
}

/// Normalise every input into `out_dir`, in parallel; the report goes to
/// `out_dir/normalize.jsonl` (through a temporary file).
pub fn run(engine: &Engine, inputs: &InputSet, out_dir: &Path, jobs: usize) -> Result<(Tally, PathBuf)> {
    std::fs::create_dir_all(out_dir).with_context(|| format!("creating {}", out_dir.display()))?;
    let report = out_dir.join("normalize.jsonl");
    let tmp = out_dir.join(".normalize.jsonl.partial");
    let file = std::fs::File::create(&tmp).with_context(|| format!("creating {}", tmp.display()))?;
    let sink = Mutex::new((std::io::BufWriter::new(file), Tally::default(), None::<std::io::Error>));
    let pool = rayon::ThreadPoolBuilder::new().num_threads(jobs).build()?;
    let seen = Mutex::new(std::collections::HashSet::new());
    // Inputs in chunks: the walk streams, memory stays flat.
    let mut walk = inputs.iter().peekable();
    while walk.peek().is_some() {
        let chunk: Vec<_> = walk.by_ref().take(4096).collect();
        pool.install(|| chunk.par_iter().for_each(|input| {
            let line = match &input.problem {
                Some(p) => json!({ "path": input.path.display().to_string(), "status": "error", "reason": p }),
                None => {
                    let stem = input.path.file_stem().map(|s| s.to_string_lossy().into_owned());
                    let fresh = stem.is_some_and(|s| seen.lock().map(|mut set| set.insert(s)).unwrap_or(false));
                    if fresh {
                        one(engine, &input.path, out_dir)
                    } else {
                        json!({ "path": input.path.display().to_string(), "status": "refused", "reason": "another input has the same file name" })
                    }
                }
            };
            let mut guard = sink.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            let (w, tally, err) = &mut *guard;
            match line["status"].as_str() {
                Some("written") => tally.written += 1,
                Some("compliant") => tally.compliant += 1,
                Some("refused") => tally.refused += 1,
                _ => tally.errors += 1,
            }
            if let Err(e) = writeln!(w, "{line}") {
                err.get_or_insert(e);
            }
        }));
    }
    let (mut w, tally, err) = sink.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(e) = err {
        return Err(e).context("writing the report");
    }
    w.flush()?;
    drop(w);
    std::fs::rename(&tmp, &report)?;
    Ok((tally, report))
}

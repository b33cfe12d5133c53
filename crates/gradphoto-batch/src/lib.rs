//! # gradphoto-batch
//!
//! The batch driver: streams inputs (folders, lists) through a
//! [`gradphoto::Engine`] on a rayon pool, in bounded chunks, writing one
//! JSON Lines record per photo as it goes, in input order.
//!
//! - **Bounded memory.** At most one chunk of photos is in flight; records
//!   are written and dropped; the summary is an aggregate. What grows with
//!   the batch is 8 bytes per photo for the duplicate-ID index, 20 for the
//!   duplicate-photo index ([`duplicates`]) and 8 per resumed record.
//! - **Resumable.** Records are flushed one at a time; `resume` skips the
//!   files an earlier run recorded and appends the rest.
//! - **Nothing stops the batch** but a fatal I/O error on the outputs: an
//!   unreadable file, a corrupt image or a panic inside one photo's analysis
//!   becomes that photo's `error` record.
#![warn(missing_docs)]

pub mod duplicates;
pub mod eval;
pub mod inputs;
pub mod record;
pub mod report;

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::{self, IsTerminal, Read};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use std::time::Instant;

use gradphoto::{Engine, Scratch, Verdict};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

pub use inputs::{Input, InputSet};
pub use record::{Record, record_schema};
use report::jsonl::{JsonlWriter, ResumeError, read_existing};
use report::junit::JunitWriter;
pub use report::summary::{DuplicateGroup, DuplicatePhotoGroup, Summary, SummaryBuilder};

/// What a batch run needs besides the engine and the inputs.
#[derive(Clone, Debug, Default)]
pub struct BatchOptions {
    /// Worker threads; 0 means one per core.
    pub jobs: usize,
    /// JSON Lines output file; `None` writes to standard output.
    pub out: Option<PathBuf>,
    /// Append to `out`, skipping files it already records.
    pub resume: bool,
    /// JUnit XML output file.
    pub junit: Option<PathBuf>,
    /// Show a progress bar (only drawn when standard error is a terminal).
    pub progress: bool,
}

/// A fatal error: the batch cannot go on (per-photo problems never are).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BatchError {
    /// An output cannot be written.
    #[error("cannot write {what}")]
    Output {
        /// Which output.
        what: String,
        /// The I/O error.
        source: io::Error,
    },
    /// The earlier results cannot be resumed.
    #[error("cannot resume from the earlier results")]
    Resume(#[from] ResumeError),
    /// The worker pool cannot be started.
    #[error("cannot start {0} worker threads: {1}")]
    Pool(usize, String),
    /// `resume` without an output file.
    #[error("--resume needs --out FILE: there is nothing to resume on standard output")]
    ResumeWithoutOut,
}

/// What the batch needs from the engine. [`Engine`] implements it; tests
/// substitute checkers that misbehave.
pub trait Checker: Sync {
    /// The engine.
    fn engine(&self) -> &Engine;
    /// Check one photo.
    fn check(&self, scratch: &mut Scratch, name: &str, bytes: &[u8]) -> Verdict {
        self.engine().check_with(scratch, name, bytes)
    }
}

impl Checker for Engine {
    fn engine(&self) -> &Engine {
        self
    }
}

/// A worker's buffers: the file's bytes and the engine's scratch.
#[derive(Default)]
struct Worker {
    bytes: Vec<u8>,
    scratch: Scratch,
}

/// The run's workers, lent to the pool's tasks and handed back after each.
///
/// They belong to the run, not to the pool's threads: they are dropped
/// with the run, on its thread, rather than in thread-local destructors
/// when the pool's threads exit — where the face detector's run state,
/// which unregisters itself from tract's own thread-locals on drop, may
/// outlive those thread-locals and abort the process.
#[derive(Default)]
struct Workers(Mutex<Vec<Worker>>);

impl Workers {
    fn lease(&self) -> Lease<'_> {
        let worker = self
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop()
            .unwrap_or_default();
        Lease { workers: self, worker }
    }
}

/// A worker out on loan; goes back to the run's workers when dropped.
struct Lease<'a> {
    workers: &'a Workers,
    worker: Worker,
}

impl Drop for Lease<'_> {
    fn drop(&mut self) {
        let worker = std::mem::take(&mut self.worker);
        self.workers
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(worker);
    }
}

/// Read a whole file into `buf`, refusing files over `limit` bytes unread.
pub(crate) fn read_file(path: &Path, limit: u64, buf: &mut Vec<u8>) -> io::Result<()> {
    let file = std::fs::File::open(path)?;
    let len = file.metadata()?.len();
    if len > limit {
        return Err(io::Error::other(format!(
            "the file is {len} bytes, over the limit of {limit} bytes; not read"
        )));
    }
    buf.clear();
    buf.try_reserve_exact(len as usize)
        .map_err(|_| io::Error::other("out of memory"))?;
    file.take(limit + 1).read_to_end(buf)?;
    if buf.len() as u64 > limit {
        return Err(io::Error::other(format!(
            "the file grew past the limit of {limit} bytes while being read"
        )));
    }
    Ok(())
}

/// Check one input; never panics.
fn process<C: Checker>(checker: &C, worker: &mut Worker, input: &Input) -> Record {
    let name = input.path.to_string_lossy().into_owned();
    let engine = checker.engine();
    let Worker { bytes, scratch } = worker;
    let verdict = match &input.problem {
        Some(problem) => engine.unreadable(&name, problem),
        None => match read_file(&input.path, engine.profile().limits.max_file_bytes, bytes) {
            Err(e) => engine.unreadable(&name, &e.to_string()),
            Ok(()) => match catch_unwind(AssertUnwindSafe(|| checker.check(scratch, &name, bytes))) {
                Ok(v) => v,
                Err(panic) => {
                    *scratch = Scratch::default();
                    let what = gradphoto::panic_message(panic.as_ref());
                    tracing::error!(path = %name, what, "panic while checking a photo");
                    engine.internal_error(&name, bytes.len() as u64, &what)
                }
            },
        },
    };
    Record { path: name, verdict }
}

/// Fixed-key hash (stable across runs and platforms).
fn key(text: &str) -> u64 {
    let mut h = DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

/// The duplicate-ID key of a path: its stem, upper-cased (`x` = `X`).
fn id_key(path: &str) -> u64 {
    key(&gradphoto::stem(path).to_uppercase())
}

/// A pool of `jobs` worker threads (0: one per core); the number asked
/// for and why where it cannot be started.
pub(crate) fn worker_pool(jobs: usize) -> Result<rayon::ThreadPool, (usize, String)> {
    let threads = if jobs == 0 { rayon::current_num_threads() } else { jobs };
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("gradphoto-{i}"))
        .build()
        .map_err(|e| (threads, e.to_string()))
}

/// Photos handed to the pool at a time, per worker thread.
const CHUNK_PER_THREAD: usize = 32;

/// Photos between two returns of freed memory to the system.
const TRIM_EVERY: usize = 256;

/// Hand the allocator's free pages back to the system. glibc's allocator
/// keeps them: with the network's per-photo activations (up to 350 KB
/// each, allocated and freed by tract on every run) interleaved with the
/// records' small allocations, a run's resident memory climbed to 500 MB
/// on some input orders (2 threads, 12,000 photos with duplicate IDs)
/// although nothing stayed allocated; trimming every 256 photos holds it
/// under 95 MB (60 MB without duplicates), at no measurable cost on
/// photos without duplicates.
fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `malloc_trim` only releases memory the allocator holds free.
    unsafe {
        libc::malloc_trim(0);
    }
}

fn progress_bar(enabled: bool) -> ProgressBar {
    if !enabled || !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    bar.set_style(ProgressStyle::with_template("{spinner} scanning… {pos} files").expect("valid template"));
    bar
}

/// Run a batch: check every input, write records (and JUnit), and return
/// the summary. Per-photo problems become `error` records; only output and
/// resume errors stop the run.
///
/// # Errors
/// [`BatchError`].
pub fn run<C: Checker>(checker: &C, inputs: &InputSet, options: &BatchOptions) -> Result<Summary, BatchError> {
    let start = Instant::now();
    let engine = checker.engine();
    let profile = engine.profile();
    let out_err = |what: &str| {
        let what = what.to_owned();
        move |source| BatchError::Output { what, source }
    };
    if options.resume && options.out.is_none() {
        return Err(BatchError::ResumeWithoutOut);
    }
    let pool = worker_pool(options.jobs).map_err(|(n, e)| BatchError::Pool(n, e))?;
    let threads = pool.current_num_threads();

    // Pass 1: count the inputs and index their IDs (8 bytes per photo).
    let bar = progress_bar(options.progress);
    let duplicate_rule = profile.rules.batch_duplicate_id.as_ref();
    let mut total = 0u64;
    let mut id_keys = Vec::new();
    for input in inputs.iter() {
        total += 1;
        if duplicate_rule.is_some() {
            id_keys.push(id_key(&input.path.to_string_lossy()));
        }
        if total % 4096 == 0 {
            bar.set_position(total);
        }
    }
    id_keys.sort_unstable();
    let mut id_counts: HashMap<u64, u64> = HashMap::new();
    for pair in id_keys.windows(2) {
        if pair[0] == pair[1] {
            *id_counts.entry(pair[0]).or_insert(1) += 1;
        }
    }
    drop(id_keys);
    tracing::info!(files = total, duplicate_ids = id_counts.len(), "scanned inputs");

    let mut groups: HashMap<u64, DuplicateGroup> = HashMap::new();
    let note_group = |path: &str, groups: &mut HashMap<u64, DuplicateGroup>| {
        let k = id_key(path);
        if id_counts.contains_key(&k) {
            let group = groups.entry(k).or_insert_with(|| DuplicateGroup {
                id: gradphoto::stem(path).to_owned(),
                files: Vec::new(),
            });
            group.files.push(path.to_owned());
        }
    };

    // Resume: fold the earlier records into the reports, remember their paths.
    let mut summary = SummaryBuilder::new(&profile.name, engine.not_implemented());
    let mut junit = options
        .junit
        .as_deref()
        .map(|p| JunitWriter::new(p, &profile.name))
        .transpose()
        .map_err(out_err("the JUnit report"))?;
    let mut done: Vec<u64> = Vec::new();
    let photo_rule = profile.rules.batch_duplicate_photo.as_ref();
    let mut prints = duplicates::PhotoHashes::default();
    let remember = |record: &Record, prints: &mut duplicates::PhotoHashes| {
        if photo_rule.is_some() {
            prints.push(
                record.verdict.measurements.fingerprint.as_ref(),
                id_key(&record.path) as u32,
            );
        }
    };
    if options.resume {
        let out = options.out.as_deref().expect("checked above");
        let mut junit_error = None;
        let resumed = read_existing(out, |record| {
            remember(&record, &mut prints);
            done.push(key(&record.path));
            note_group(&record.path, &mut groups);
            summary.add(&record, true);
            if let Some(j) = junit.as_mut() {
                if let Err(e) = j.add(&record) {
                    junit_error.get_or_insert(e);
                }
            }
        })?;
        if let Some(e) = junit_error {
            return Err(out_err("the JUnit report")(e));
        }
        done.sort_unstable();
        tracing::info!(records = resumed, "resuming after an interrupted run");
    }
    let mut writer = match &options.out {
        Some(path) => JsonlWriter::create(path, options.resume).map_err(out_err(&path.display().to_string()))?,
        None => JsonlWriter::new(Box::new(io::stdout())),
    };

    // Pass 2: check, in chunks, in input order.
    bar.set_length(total.saturating_sub(done.len() as u64));
    bar.set_position(0);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} photos  {per_sec}  ETA {eta}").expect("valid template"),
    );
    let chunk_len = threads * CHUNK_PER_THREAD;
    let mut pending = inputs
        .iter()
        .filter(|i| done.binary_search(&key(&i.path.to_string_lossy())).is_err())
        .peekable();
    let mut chunk: Vec<Input> = Vec::with_capacity(chunk_len);
    let workers = Workers::default();
    let mut since_trim = 0;
    while pending.peek().is_some() {
        chunk.clear();
        chunk.extend(pending.by_ref().take(chunk_len));
        let records: Vec<Record> = pool.install(|| {
            chunk
                .par_iter()
                .map_init(
                    || workers.lease(),
                    |lease, input| process(checker, &mut lease.worker, input),
                )
                .collect()
        });
        for mut record in records {
            if let Some(rule) = duplicate_rule {
                let count = id_counts.get(&id_key(&record.path)).copied().unwrap_or(1);
                match gradphoto::checks::identity::duplicate_id(&record.verdict.id.value, count, rule) {
                    Some(finding) => {
                        note_group(&record.path, &mut groups);
                        record.verdict.add_finding(finding);
                    }
                    None => record.verdict.mark_checked(gradphoto::RuleId::BatchDuplicateId),
                }
            }
            // Checked at the end of the run, over every photo with a
            // fingerprint; the records in a group are amended then.
            if photo_rule.is_some() && record.verdict.measurements.fingerprint.is_some() {
                record.verdict.mark_checked(gradphoto::RuleId::BatchDuplicatePhoto);
            }
            remember(&record, &mut prints);
            writer.write(&record).map_err(out_err("the results"))?;
            summary.add(&record, false);
            if let Some(j) = junit.as_mut() {
                j.add(&record).map_err(out_err("the JUnit report"))?;
            }
            bar.inc(1);
        }
        since_trim += chunk.len();
        if since_trim >= TRIM_EVERY {
            since_trim = 0;
            release_free_memory();
        }
    }
    bar.finish_and_clear();
    drop(writer);

    // Pass 3: the same picture under different IDs.
    let photo_groups = match photo_rule {
        Some(rule) => {
            let found = prints.groups(&rule.params.tolerances());
            drop(prints);
            let groups =
                name_photo_groups(&found, options, inputs, rule, &mut summary).map_err(out_err("the results"))?;
            if let Some(j) = junit.as_mut() {
                for g in &groups {
                    let message = format!("the same picture under {} IDs: {}", g.ids.len(), g.ids.join(", "));
                    j.add_group(gradphoto::RuleId::BatchDuplicatePhoto, &g.files, &message)
                        .map_err(out_err("the JUnit report"))?;
                }
            }
            groups
        }
        None => Vec::new(),
    };

    let mut groups: Vec<DuplicateGroup> = groups.into_values().collect();
    for g in &mut groups {
        g.files.sort();
    }
    groups.sort_by(|a, b| a.id.cmp(&b.id));
    let elapsed = start.elapsed().as_secs_f64();
    if let Some(j) = junit {
        j.finish(elapsed).map_err(out_err("the JUnit report"))?;
    }
    Ok(summary.finish(groups, photo_groups, elapsed))
}

/// Name the members of each duplicate-picture group and, where the results
/// are a file, add a `batch.duplicate-photo` finding to their records
/// (rewriting the file atomically, the summary amended to match). Results
/// on standard output are gone by now: the groups are in the summary only.
fn name_photo_groups(
    found: &[duplicates::PhotoGroup],
    options: &BatchOptions,
    inputs: &InputSet,
    rule: &gradphoto::rules::Rule<gradphoto::params::DuplicatePhotoParams>,
    summary: &mut SummaryBuilder,
) -> io::Result<Vec<DuplicatePhotoGroup>> {
    if found.is_empty() {
        return Ok(Vec::new());
    }
    // Record number → group.
    let mut wanted: Vec<(u32, usize)> = found
        .iter()
        .enumerate()
        .flat_map(|(g, group)| group.records.iter().map(move |&r| (r, g)))
        .collect();
    wanted.sort_unstable();
    let numbers: Vec<u32> = wanted.iter().map(|w| w.0).collect();
    let group_of = |n: u32| wanted[wanted.partition_point(|w| w.0 < n)].1;
    let mut named: Vec<DuplicatePhotoGroup> = found
        .iter()
        .map(|g| DuplicatePhotoGroup {
            files: Vec::with_capacity(g.records.len()),
            ids: Vec::with_capacity(g.records.len()),
            max_distance: g.max_distance,
        })
        .collect();
    match &options.out {
        Some(path) => {
            for (n, record) in report::jsonl::read_records(path, &numbers)? {
                let g = &mut named[group_of(n)];
                g.files.push(record.path);
                g.ids.push(record.verdict.id.value);
            }
            report::jsonl::amend(path, &numbers, |n, record| {
                let g = &named[group_of(n)];
                let others: Vec<(String, String)> = g
                    .files
                    .iter()
                    .zip(&g.ids)
                    .filter(|(f, _)| **f != record.path)
                    .map(|(f, id)| (f.clone(), id.clone()))
                    .collect();
                let before = record.clone();
                let (w, h) = (
                    record.verdict.measurements.file.width.unwrap_or(0),
                    record.verdict.measurements.file.height.unwrap_or(0),
                );
                let finding = gradphoto::checks::identity::duplicate_photo(&others, g.max_distance, w, h, rule);
                // A resumed run finds the groups of the records it carried
                // over again: one finding, naming the whole group now.
                let rule_id = gradphoto::RuleId::BatchDuplicatePhoto;
                record.verdict.findings.retain(|f| f.rule != rule_id);
                record.verdict.add_finding(finding);
                summary.amend(&before, record);
            })?;
        }
        None => {
            // No resume on standard output: record n is input n.
            let mut at = 0;
            for (n, input) in inputs.iter().enumerate() {
                if at == numbers.len() {
                    break;
                }
                if numbers[at] as usize == n {
                    let path = input.path.to_string_lossy().into_owned();
                    let g = &mut named[group_of(n as u32)];
                    g.ids.push(gradphoto::stem(&path).to_owned());
                    g.files.push(path);
                    at += 1;
                }
            }
            tracing::warn!(
                groups = named.len(),
                "pictures filed under several IDs: listed in the summary; the records already written to standard output lack the finding"
            );
        }
    }
    Ok(named)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_keys_ignore_folders_extension_and_case() {
        assert_eq!(
            id_key("a/11010519491231002x.jpg"),
            id_key("b/c/11010519491231002X.JPEG")
        );
        assert_ne!(id_key("a/1.jpg"), id_key("a/2.jpg"));
    }

    #[test]
    fn read_file_refuses_oversized_files_unread() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("big.jpg");
        std::fs::write(&p, vec![0u8; 100]).unwrap();
        let mut buf = Vec::new();
        assert!(
            read_file(&p, 99, &mut buf)
                .unwrap_err()
                .to_string()
                .contains("over the limit")
        );
        read_file(&p, 100, &mut buf).unwrap();
        assert_eq!(buf.len(), 100);
    }
}

#[cfg(test)]
mod batch_tests {
    use super::*;
    use gradphoto::Profile;

    /// An engine that panics on one photo.
    struct Flaky(Engine);

    impl Checker for Flaky {
        fn engine(&self) -> &Engine {
            &self.0
        }
        fn check(&self, scratch: &mut Scratch, name: &str, bytes: &[u8]) -> Verdict {
            assert!(!name.contains("boom"), "injected failure");
            self.0.check_with(scratch, name, bytes)
        }
    }

    #[test]
    fn a_panic_in_one_photo_is_that_photos_error_and_the_batch_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["a.jpg", "boom.jpg", "c.jpg"] {
            std::fs::write(dir.path().join(name), b"\xFF\xD8\xFF").unwrap();
        }
        let out = dir.path().join("r.jsonl");
        let checker = Flaky(Engine::new(Profile::builtin("chsi").unwrap()).unwrap());
        let options = BatchOptions {
            jobs: 2,
            out: Some(out.clone()),
            ..BatchOptions::default()
        };
        let summary = run(&checker, &InputSet::new(vec![dir.path().to_owned()]), &options).unwrap();
        assert_eq!(summary.files, 3);
        let text = std::fs::read_to_string(&out).unwrap();
        let records: Vec<Record> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        let boom = records.iter().find(|r| r.path.ends_with("boom.jpg")).unwrap();
        assert_eq!(boom.verdict.status, gradphoto::Status::Error);
        assert!(boom.verdict.error.as_ref().unwrap().en.contains("injected failure"));
        assert!(
            records.iter().filter(|r| !r.path.ends_with("boom.jpg")).all(|r| r
                .verdict
                .error
                .as_ref()
                .is_some_and(|e| !e.en.contains("internal")))
        );
    }
}

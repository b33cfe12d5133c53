//! Scoring the engine against labelled photos (`gradphoto eval`).
//!
//! A label is one JSON line; only `file` and `expected_rules` are required,
//! so that schools can hand-label their own photos:
//!
//! ```json
//! {"file": "110105200101011234.jpg", "expected_rules": ["clothing.colour"]}
//! ```
//!
//! `file` is relative to the labels file. Everything else (the generator's
//! `attributes`, `geometry`, `violations`, `profile`) is optional.
//!
//! Per rule, over the photos where the rule was evaluated (or was expected):
//! *false-reject rate* = fired where it should not / photos where it should
//! not; *false-accept rate* = missed / photos where it should fire;
//! precision and recall as usual; *unjudged* counts the misses on photos
//! whose record says the rule was not evaluated there (the measure it
//! needs was impossible), which recall counts as misses all the same.
//! Rules the profile declares but this build
//! never evaluated are listed apart with their support — never scored as
//! passes.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::io::{self, BufRead};
use std::path::{Path, PathBuf};

use gradphoto::{Profile, RuleId, Severity, Status};
use serde::{Deserialize, Serialize};

use crate::record::Record;

/// One labelled photo.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Label {
    /// Path relative to the labels file.
    pub file: String,
    /// Rules that must fire.
    pub expected_rules: Vec<RuleId>,
    /// The profile the labels were made for, if stated.
    #[serde(default)]
    pub profile: Option<String>,
    /// Ground-truth landmarks, if known (the generator writes them).
    #[serde(default)]
    pub geometry: Option<TrueGeometry>,
}

/// The landmarks a label may carry, in pixels of the photo.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct TrueGeometry {
    /// Top of the hair, y.
    pub head_top: f32,
    /// Bottom of the chin, y.
    pub chin: f32,
    /// Left eye centre (image left).
    pub eye_left: [f32; 2],
    /// Right eye centre.
    pub eye_right: [f32; 2],
    /// Face box `[x, y, width, height]`: its height is the yardstick.
    pub face_box: [f32; 4],
}

/// How far one landmark lands from the truth, as a share of the face's
/// height (the labelled face box's).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LandmarkError {
    /// `eye-left`, `eye-right`, `head-top` or `chin`.
    pub landmark: &'static str,
    /// Photos where both the truth and a measurement exist.
    pub photos: u64,
    /// Labelled photos where the engine did not measure it.
    pub missing: u64,
    /// Median error.
    pub median: Option<f64>,
    /// 95th percentile.
    pub p95: Option<f64>,
}

fn landmark_errors(pairs: &[(&TrueGeometry, Option<&gradphoto::landmarks::Landmarks>)]) -> Vec<LandmarkError> {
    type Measure = fn(&TrueGeometry, &gradphoto::landmarks::Landmarks) -> Option<f32>;
    fn dist(a: [f32; 2], b: [f32; 2]) -> f32 {
        (a[0] - b[0]).hypot(a[1] - b[1])
    }
    let measures: [(&'static str, Measure); 4] = [
        ("eye-left", |t, m| Some(dist(t.eye_left, m.eyes[0]))),
        ("eye-right", |t, m| Some(dist(t.eye_right, m.eyes[1]))),
        ("head-top", |t, m| m.head_top.map(|v| (v - t.head_top).abs())),
        ("chin", |t, m| m.chin.map(|v| (v - t.chin).abs())),
    ];
    measures
        .iter()
        .map(|&(landmark, measure)| {
            let mut errors: Vec<f64> = Vec::new();
            let mut missing = 0;
            for (truth, found) in pairs {
                match found.and_then(|m| measure(truth, m)) {
                    Some(e) if truth.face_box[3] > 0.0 => errors.push(f64::from(e / truth.face_box[3])),
                    _ => missing += 1,
                }
            }
            errors.sort_by(f64::total_cmp);
            let at = |q: f64| (!errors.is_empty()).then(|| errors[((errors.len() - 1) as f64 * q).round() as usize]);
            LandmarkError {
                landmark,
                photos: errors.len() as u64,
                missing,
                median: at(0.5),
                p95: at(0.95),
            }
        })
        .collect()
}

/// Read a labels file.
///
/// # Errors
/// I/O errors, or a line that is not a label (the line number is named).
pub fn read_labels(path: &Path) -> io::Result<Vec<Label>> {
    let file = std::fs::File::open(path).map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
    let mut labels = Vec::new();
    for (i, line) in io::BufReader::new(file).lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let label = serde_json::from_str(&line).map_err(|e| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("{} line {}: not a label: {e}", path.display(), i + 1),
            )
        })?;
        labels.push(label);
    }
    Ok(labels)
}

/// The paths of the labelled photos, resolved against the labels file's folder.
pub fn label_paths(labels_file: &Path, labels: &[Label]) -> Vec<PathBuf> {
    let dir = labels_file.parent().unwrap_or(Path::new(""));
    labels.iter().map(|l| dir.join(&l.file)).collect()
}

/// Counts and rates for one rule.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RuleScore {
    /// The rule.
    pub rule: RuleId,
    /// Photos where it should fire.
    pub support: u64,
    /// Photos where it should not fire (and was evaluated).
    pub negatives: u64,
    /// Fired and should.
    pub true_positives: u64,
    /// Fired but should not (false rejects).
    pub false_positives: u64,
    /// Missed (false accepts).
    pub false_negatives: u64,
    /// Of the misses, photos whose record says the rule was not evaluated
    /// (what it measures could not be measured: shoulders below the frame,
    /// clothing merged with the backdrop, an unreadable file).
    pub unjudged: u64,
    /// False-reject rate: false positives / negatives.
    pub false_reject_rate: Option<f64>,
    /// False-accept rate: false negatives / support.
    pub false_accept_rate: Option<f64>,
    /// True positives / all that fired.
    pub precision: Option<f64>,
    /// True positives / support.
    pub recall: Option<f64>,
}

fn ratio(num: u64, den: u64) -> Option<f64> {
    (den > 0).then(|| num as f64 / den as f64)
}

impl RuleScore {
    fn new(rule: RuleId) -> RuleScore {
        RuleScore {
            rule,
            support: 0,
            negatives: 0,
            true_positives: 0,
            false_positives: 0,
            false_negatives: 0,
            unjudged: 0,
            false_reject_rate: None,
            false_accept_rate: None,
            precision: None,
            recall: None,
        }
    }

    fn finish(mut self) -> RuleScore {
        self.false_reject_rate = ratio(self.false_positives, self.negatives);
        self.false_accept_rate = ratio(self.false_negatives, self.support);
        self.precision = ratio(self.true_positives, self.true_positives + self.false_positives);
        self.recall = ratio(self.true_positives, self.support);
        self
    }
}

/// A declared rule this build never evaluated.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Unevaluated {
    /// The rule.
    pub rule: RuleId,
    /// Photos where it should fire.
    pub support: u64,
}

/// Photo-level accept/reject confusion.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Confusion {
    /// Rejected, and should be.
    pub rejected_correctly: u64,
    /// Rejected, but should be accepted.
    pub rejected_wrongly: u64,
    /// Accepted, but should be rejected.
    pub accepted_wrongly: u64,
    /// Accepted, and should be.
    pub accepted_correctly: u64,
}

/// The result of an evaluation.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct EvalReport {
    /// The profile the engine applied.
    pub profile: String,
    /// Labelled photos.
    pub labelled: u64,
    /// Labelled photos without a record (not scored).
    pub missing_records: Vec<String>,
    /// Rules evaluated by this build, in catalogue order.
    pub rules: Vec<RuleScore>,
    /// Declared rules this build never evaluated.
    pub not_evaluated: Vec<Unevaluated>,
    /// Photo verdicts against all expected rules: a photo should be rejected
    /// when an expected rule has severity `error`.
    pub photos: Confusion,
    /// The same, counting only the expectations of evaluated rules.
    pub photos_evaluated_rules: Confusion,
    /// Landmark errors against the labels' geometry, over analysed photos
    /// (empty when the labels carry none).
    pub landmarks: Vec<LandmarkError>,
    /// The run's duplicate-picture groups against `duplicates.jsonl`, when
    /// the labels' folder has one (`gradphoto synth --copies`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duplicates: Option<DuplicateScore>,
}

/// `batch.duplicate-photo` against its ground truth.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct DuplicateScore {
    /// Photos copied (sets of a photo and its copies).
    pub sets: u64,
    /// Sets found as one group, exactly.
    pub whole: u64,
    /// Copies in all.
    pub copies: u64,
    /// Copies in the same group as their original.
    pub copies_found: u64,
    /// Groups holding files of more than one set, or files of none.
    pub false_groups: u64,
    /// Sets whose original has no fingerprint (refused before decoding,
    /// as a PNG named `.jpg` is, or undecodable): they cannot come out
    /// whole, though their copies may group among themselves.
    pub originals_unprinted: u64,
}

/// One line of `duplicates.jsonl`.
#[derive(Deserialize)]
struct DuplicateSet {
    original: String,
    copies: Vec<(String, String)>,
}

/// The file name of a path.
fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

/// Score the groups the records' `batch.duplicate-photo` findings form
/// against `duplicates.jsonl` (files matched by name).
///
/// # Errors
/// The file cannot be read or a line is not a set.
pub fn score_duplicates(path: &Path, records: &HashMap<String, Record>) -> io::Result<DuplicateScore> {
    let text = std::fs::read_to_string(path)?;
    let mut sets: Vec<Vec<String>> = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let set: DuplicateSet =
            serde_json::from_str(line).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
        let mut files = vec![set.original];
        files.extend(set.copies.into_iter().map(|(_, f)| f));
        sets.push(files);
    }
    // Each member's finding names the others: its group is itself and them.
    let mut groups: Vec<Vec<String>> = records
        .values()
        .filter_map(|r| {
            let f = r
                .verdict
                .findings
                .iter()
                .find(|f| f.rule == RuleId::BatchDuplicatePhoto)?;
            let others = f.measured.as_ref()?["files"].as_array()?.clone();
            let mut group: Vec<String> = others
                .iter()
                .filter_map(|o| o.as_str().map(|p| file_name(p).to_owned()))
                .chain([file_name(&r.path).to_owned()])
                .collect();
            group.sort();
            Some(group)
        })
        .collect();
    groups.sort();
    groups.dedup();
    let group_of = |file: &str| groups.iter().find(|g| g.iter().any(|m| m == file));
    let mut score = DuplicateScore {
        sets: sets.len() as u64,
        ..DuplicateScore::default()
    };
    let printed: std::collections::HashSet<&str> = records
        .values()
        .filter(|r| r.verdict.measurements.fingerprint.is_some())
        .map(|r| file_name(&r.path))
        .collect();
    score.originals_unprinted = sets.iter().filter(|s| !printed.contains(s[0].as_str())).count() as u64;
    for set in &sets {
        let mut sorted = set.clone();
        sorted.sort();
        score.whole += u64::from(groups.contains(&sorted));
        score.copies += set.len() as u64 - 1;
        if let Some(g) = group_of(&set[0]) {
            score.copies_found += set[1..].iter().filter(|c| g.contains(c)).count() as u64;
        }
    }
    score.false_groups = groups
        .iter()
        .filter(|g| !sets.iter().any(|s| g.iter().all(|m| s.contains(m))))
        .count() as u64;
    Ok(score)
}

fn record_for<'r>(records: &'r HashMap<String, Record>, base_dir: &Path, file: &str) -> Option<&'r Record> {
    let joined = base_dir.join(file);
    records
        .get(joined.to_string_lossy().as_ref())
        .or_else(|| records.get(file))
        .or_else(|| {
            let suffix = format!("/{file}");
            records.values().find(|r| r.path.ends_with(&suffix))
        })
}

/// Score `records` against `labels` under `profile`. `base_dir` is the
/// labels file's folder, against which label paths are resolved.
pub fn score(labels: &[Label], records: &HashMap<String, Record>, base_dir: &Path, profile: &Profile) -> EvalReport {
    let declared: Vec<RuleId> = profile.rules.declared().collect();
    let is_reject = |rule: &RuleId| rule.is_fatal() || profile.rules.severity(*rule) == Some(Severity::Error);
    let mut per_rule: BTreeMap<RuleId, RuleScore> = declared.iter().map(|&r| (r, RuleScore::new(r))).collect();
    let mut ever_checked: Vec<RuleId> = Vec::new();
    let mut report = EvalReport {
        profile: profile.name.clone(),
        labelled: labels.len() as u64,
        ..EvalReport::default()
    };
    let mut located = Vec::new();
    let tally = |c: &mut Confusion, should: bool, did: bool| match (should, did) {
        (true, true) => c.rejected_correctly += 1,
        (false, true) => c.rejected_wrongly += 1,
        (true, false) => c.accepted_wrongly += 1,
        (false, false) => c.accepted_correctly += 1,
    };
    for label in labels {
        let Some(record) = record_for(records, base_dir, &label.file) else {
            report.missing_records.push(label.file.clone());
            continue;
        };
        let v = &record.verdict;
        if let (Some(truth), Status::Pass | Status::Warn | Status::Fail) = (&label.geometry, v.status) {
            located.push((truth, v.measurements.landmarks.as_ref()));
        }
        for rule in &v.checked {
            if !ever_checked.contains(rule) {
                ever_checked.push(*rule);
            }
        }
        for (&rule, s) in per_rule.iter_mut() {
            let expected = label.expected_rules.contains(&rule);
            let fired = v.findings.iter().any(|f| f.rule == rule);
            let checked = v.checked.contains(&rule);
            match (expected, fired) {
                (true, true) => s.true_positives += 1,
                (true, false) => {
                    s.false_negatives += 1;
                    s.unjudged += u64::from(!checked);
                }
                (false, true) => s.false_positives += 1,
                (false, false) if checked => s.negatives += 1,
                (false, false) => {}
            }
            if expected {
                s.support += 1;
            }
        }
        let rejected = matches!(v.status, Status::Fail | Status::Error);
        tally(&mut report.photos, label.expected_rules.iter().any(is_reject), rejected);
        // A rule counts here where this photo's record says it was evaluated,
        // so that scoring a results file from another build stays honest.
        let evaluated_reject = label
            .expected_rules
            .iter()
            .any(|r| is_reject(r) && v.checked.contains(r));
        tally(&mut report.photos_evaluated_rules, evaluated_reject, rejected);
    }
    for (rule, mut s) in per_rule {
        if ever_checked.contains(&rule) {
            s.negatives += s.false_positives;
            report.rules.push(s.finish());
        } else {
            report.not_evaluated.push(Unevaluated {
                rule,
                support: s.support,
            });
        }
    }
    if !located.is_empty() {
        report.landmarks = landmark_errors(&located);
    }
    report
}

fn pct(x: Option<f64>) -> String {
    x.map_or_else(|| "—".into(), |v| format!("{:.1}%", v * 100.0))
}

impl EvalReport {
    /// The report as a table for a person.
    pub fn human(&self) -> String {
        let mut out = String::new();
        let scored = self.labelled - self.missing_records.len() as u64;
        let _ = writeln!(
            out,
            "gradphoto eval: {} labelled photos, {scored} with a record, profile `{}`",
            self.labelled, self.profile
        );
        if !self.missing_records.is_empty() {
            let _ = writeln!(
                out,
                "  {} labelled photos have no record (first: {})",
                self.missing_records.len(),
                self.missing_records[0]
            );
        }
        if let Some(d) = &self.duplicates {
            let _ = writeln!(
                out,
                "  duplicate pictures: {} of {} copied photos grouped whole with their copies; {} of {} copies grouped with their original; {} false groups{}",
                d.whole,
                d.sets,
                d.copies_found,
                d.copies,
                d.false_groups,
                match d.originals_unprinted {
                    0 => String::new(),
                    n => format!(" ({n} of the originals have no fingerprint: refused before decoding or undecodable)"),
                }
            );
        }
        let _ = writeln!(
            out,
            "\n{:<24} {:>8} {:>9} {:>9} {:>10} {:>8} {:>9}",
            "rule", "support", "FRR", "FAR", "precision", "recall", "unjudged"
        );
        for s in &self.rules {
            let _ = writeln!(
                out,
                "{:<24} {:>8} {:>9} {:>9} {:>10} {:>8} {:>9}",
                s.rule.as_str(),
                s.support,
                pct(s.false_reject_rate),
                pct(s.false_accept_rate),
                pct(s.precision),
                pct(s.recall),
                s.unjudged
            );
        }
        if !self.not_evaluated.is_empty() {
            let _ = writeln!(
                out,
                "\nnot evaluated by this build ({} rules; support = photos where the rule should fire):",
                self.not_evaluated.len()
            );
            for chunk in self.not_evaluated.chunks(4) {
                let line: Vec<String> = chunk
                    .iter()
                    .map(|u| format!("{:<22} {:>5}", u.rule.as_str(), u.support))
                    .collect();
                let _ = writeln!(out, "  {}", line.join("   "));
            }
        }
        for (title, c) in [
            ("all expected rules", &self.photos),
            ("expected rules this build evaluates", &self.photos_evaluated_rules),
        ] {
            let _ = writeln!(out, "\nphotos, against {title}:");
            let _ = writeln!(out, "  {:<22} {:>10} {:>10}", "", "rejected", "accepted");
            let _ = writeln!(
                out,
                "  {:<22} {:>10} {:>10}",
                "should be rejected", c.rejected_correctly, c.accepted_wrongly
            );
            let _ = writeln!(
                out,
                "  {:<22} {:>10} {:>10}",
                "should be accepted", c.rejected_wrongly, c.accepted_correctly
            );
        }
        if !self.landmarks.is_empty() {
            let _ = writeln!(
                out,
                "\nlandmarks, error as a share of the face's height:\n  {:<12} {:>8} {:>8} {:>8} {:>8}",
                "landmark", "photos", "missing", "median", "p95"
            );
            for l in &self.landmarks {
                let _ = writeln!(
                    out,
                    "  {:<12} {:>8} {:>8} {:>8} {:>8}",
                    l.landmark,
                    l.photos,
                    l.missing,
                    pct(l.median),
                    pct(l.p95)
                );
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gradphoto::id::IdInfo;
    use gradphoto::verdict::{FileMeasurements, Finding, Measurements, Message, Verdict};

    fn record(path: &str, status: Status, fired: &[RuleId], checked: &[RuleId]) -> (String, Record) {
        let findings = fired
            .iter()
            .map(|&rule| Finding {
                rule,
                severity: Severity::Error,
                message: Message::new("", ""),
                measured: None,
                expected: None,
                region: None,
            })
            .collect();
        let verdict = Verdict {
            status,
            error: None,
            id: IdInfo {
                value: String::new(),
                kind: "unknown".into(),
                valid: false,
            },
            findings,
            measurements: Measurements {
                file: FileMeasurements::of_size(0),
                segmentation: None,
                landmarks: None,
                parts: None,
                quality: None,
                fingerprint: None,
            },
            checked: checked.to_vec(),
        };
        (
            path.to_owned(),
            Record {
                path: path.to_owned(),
                verdict,
            },
        )
    }

    fn label(file: &str, expected: &[RuleId]) -> Label {
        Label {
            file: file.into(),
            expected_rules: expected.to_vec(),
            profile: None,
            geometry: None,
        }
    }

    #[test]
    fn landmark_errors_are_shares_of_the_face_height() {
        use gradphoto::landmarks::Landmarks;
        let profile = Profile::builtin("chsi").unwrap();
        let truth = TrueGeometry {
            head_top: 80.0,
            chin: 400.0,
            eye_left: [190.0, 240.0],
            eye_right: [290.0, 240.0],
            face_box: [140.0, 100.0, 200.0, 300.0],
        };
        let mut records: HashMap<String, Record> = HashMap::new();
        for (name, dy, chin) in [("a.jpg", 3.0, Some(406.0)), ("b.jpg", 9.0, None)] {
            let (path, mut rec) = record(&format!("set/{name}"), Status::Pass, &[], &[RuleId::FileDecode]);
            rec.verdict.measurements.landmarks = Some(Landmarks {
                eyes: [[190.0, 240.0 + dy], [290.0, 240.0]],
                head_top: Some(80.0 - dy),
                chin,
                ..Landmarks::default()
            });
            records.insert(path, rec);
        }
        let labels: Vec<Label> = ["a.jpg", "b.jpg", "c.jpg"]
            .iter()
            .map(|f| Label {
                geometry: Some(truth.clone()),
                ..label(f, &[])
            })
            .collect();
        let report = score(&labels, &records, Path::new("set"), &profile);
        let get = |name: &str| report.landmarks.iter().find(|l| l.landmark == name).unwrap().clone();
        let left = get("eye-left");
        assert_eq!((left.photos, left.missing), (2, 0));
        let near = |v: Option<f64>, want: f64| v.is_some_and(|v| (v - want).abs() < 1e-6);
        assert!(near(left.p95, 0.03), "9 px of 300: {left:?}");
        assert!(near(get("eye-right").median, 0.0));
        let chin = get("chin");
        assert_eq!((chin.photos, chin.missing), (1, 1));
        assert!(near(chin.median, 0.02), "{chin:?}");
        assert!(report.human().contains("head-top"));
    }

    #[test]
    fn arithmetic_on_a_hand_made_pair() {
        use RuleId::*;
        let profile = Profile::builtin("chsi").unwrap();
        let checked = [FileDecode, FileFormat, FileDimensions, FileSize, IdFilename];
        let records: HashMap<String, Record> = [
            record("set/a.jpg", Status::Fail, &[IdFilename], &checked), // TP id
            record("set/b.jpg", Status::Fail, &[IdFilename], &checked), // FP id
            record("set/c.jpg", Status::Pass, &[], &checked[..4]),      // FN id, not evaluated
            record("set/d.jpg", Status::Pass, &[], &checked),           // TN id; expects clothing.pattern (unevaluated)
            record("set/e.jpg", Status::Fail, &[FileDimensions], &checked), // TP dims
        ]
        .into_iter()
        .collect();
        let labels = [
            label("a.jpg", &[IdFilename]),
            label("b.jpg", &[]),
            label("c.jpg", &[IdFilename]),
            label("d.jpg", &[ClothingPattern]),
            label("e.jpg", &[FileDimensions]),
            label("missing.jpg", &[]),
        ];
        let report = score(&labels, &records, Path::new("set"), &profile);
        assert_eq!(report.missing_records, ["missing.jpg"]);
        let id = report.rules.iter().find(|s| s.rule == IdFilename).unwrap();
        assert_eq!(
            (
                id.support,
                id.negatives,
                id.true_positives,
                id.false_positives,
                id.false_negatives
            ),
            (2, 3, 1, 1, 1)
        );
        assert_eq!(id.false_reject_rate, Some(1.0 / 3.0));
        assert_eq!(id.false_accept_rate, Some(0.5));
        assert_eq!(id.precision, Some(0.5));
        assert_eq!(id.recall, Some(0.5));
        assert_eq!(id.unjudged, 1, "c's record says the rule was not evaluated");
        let dims = report.rules.iter().find(|s| s.rule == FileDimensions).unwrap();
        assert_eq!(
            (dims.support, dims.negatives, dims.recall, dims.false_reject_rate),
            (1, 4, Some(1.0), Some(0.0))
        );
        let size = report.rules.iter().find(|s| s.rule == FileSize).unwrap();
        assert_eq!((size.support, size.precision, size.recall), (0, None, None));
        let colour = report.not_evaluated.iter().find(|u| u.rule == ClothingPattern).unwrap();
        assert_eq!(colour.support, 1);
        assert!(
            report.rules.iter().all(|s| s.rule != ClothingPattern),
            "an unevaluated rule is never scored"
        );
        // a, c, d, e should be rejected; a, b, e were.
        assert_eq!(
            report.photos,
            Confusion {
                rejected_correctly: 2,
                rejected_wrongly: 1,
                accepted_wrongly: 2,
                accepted_correctly: 0
            }
        );
        // Counting only evaluated rules, c and d should be accepted.
        assert_eq!(
            report.photos_evaluated_rules,
            Confusion {
                rejected_correctly: 2,
                rejected_wrongly: 1,
                accepted_wrongly: 0,
                accepted_correctly: 2
            }
        );
        let text = report.human();
        assert!(text.contains("not evaluated by this build") && text.contains("clothing.pattern"));
    }
}

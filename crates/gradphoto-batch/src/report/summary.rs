//! The aggregate over a whole run: counts, not records, so its size does not
//! grow with the number of photos.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use gradphoto::{RuleId, Severity, Status};
use serde::{Deserialize, Serialize};

use crate::record::Record;

/// Photos per status.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusCounts {
    /// No rule fired.
    pub pass: u64,
    /// Only warnings.
    pub warn: u64,
    /// Rejected.
    pub fail: u64,
    /// Could not be analysed.
    pub error: u64,
}

impl StatusCounts {
    fn slot(&mut self, status: Status) -> &mut u64 {
        match status {
            Status::Pass => &mut self.pass,
            Status::Warn => &mut self.warn,
            Status::Fail => &mut self.fail,
            Status::Error => &mut self.error,
        }
    }

    /// The count for one status.
    pub fn get(&self, status: Status) -> u64 {
        match status {
            Status::Pass => self.pass,
            Status::Warn => self.warn,
            Status::Fail => self.fail,
            Status::Error => self.error,
        }
    }

    /// Photos whose status is `at_least` or worse.
    pub fn at_or_above(&self, at_least: Status) -> u64 {
        Status::ALL
            .iter()
            .filter(|&&s| s >= at_least)
            .map(|&s| self.get(s))
            .sum()
    }
}

/// How often one rule fired.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleCount {
    /// The rule.
    pub rule: RuleId,
    /// Photos on which it fired as an error.
    pub errors: u64,
    /// Photos on which it fired as a warning.
    pub warnings: u64,
}

/// Photos that share one ID.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuplicateGroup {
    /// The ID (file stem).
    pub id: String,
    /// The files, in input order.
    pub files: Vec<String>,
}

/// The JSON summary of a run (`--summary`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// The profile applied.
    pub profile: String,
    /// Photos with a record (this run and any resumed run).
    pub files: u64,
    /// Records carried over from an interrupted run (`--resume`).
    pub resumed: u64,
    /// Photos per status.
    pub statuses: StatusCounts,
    /// Rules that fired, most frequent first.
    pub rules: Vec<RuleCount>,
    /// Rules the profile declares that this build does not check yet: no
    /// photo passed them, they were not evaluated.
    pub not_implemented: Vec<RuleId>,
    /// Groups of files that share one ID.
    pub duplicate_ids: Vec<DuplicateGroup>,
    /// Groups of files under different IDs that show the same picture
    /// (`batch.duplicate-photo`).
    #[serde(default)]
    pub duplicate_photos: Vec<DuplicatePhotoGroup>,
    /// Wall-clock seconds of this run.
    pub elapsed_seconds: f64,
    /// Photos checked per second in this run (resumed records excluded).
    pub photos_per_second: f64,
}

/// Files under different IDs that show one picture.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuplicatePhotoGroup {
    /// The files, in the order of the results.
    pub files: Vec<String>,
    /// Their IDs, in the same order.
    pub ids: Vec<String>,
    /// The largest hash distance between matched members, bits.
    pub max_distance: u32,
}

/// Builds a [`Summary`] from records as they stream past.
#[derive(Debug, Default)]
pub struct SummaryBuilder {
    summary: Summary,
    rules: BTreeMap<RuleId, (u64, u64)>,
}

/// A record's findings as the counts read them: rule and severity.
fn outcome(record: &Record) -> impl Iterator<Item = (RuleId, Severity)> + '_ {
    record.verdict.findings.iter().map(|f| (f.rule, f.severity))
}

impl SummaryBuilder {
    /// Start a summary for a profile.
    pub fn new(profile: &str, not_implemented: Vec<RuleId>) -> SummaryBuilder {
        SummaryBuilder {
            summary: Summary {
                profile: profile.to_owned(),
                not_implemented,
                ..Summary::default()
            },
            rules: BTreeMap::new(),
        }
    }

    /// Count one record; `resumed` for records of an earlier run.
    pub fn add(&mut self, record: &Record, resumed: bool) {
        self.add_outcome(record.verdict.status, outcome(record), resumed);
    }

    /// Count one photo from its status and its findings' rules and
    /// severities alone (what a report reads of a record).
    pub fn add_outcome(&mut self, status: Status, findings: impl Iterator<Item = (RuleId, Severity)>, resumed: bool) {
        self.summary.files += 1;
        self.summary.resumed += u64::from(resumed);
        self.tally(status, findings, 1);
    }

    /// Replace a record counted earlier by its amended version.
    pub fn amend(&mut self, before: &Record, after: &Record) {
        for (record, delta) in [(before, -1), (after, 1)] {
            self.tally(record.verdict.status, outcome(record), delta);
        }
        self.rules.retain(|_, (e, w)| *e + *w > 0);
    }

    /// Add (`delta` 1) or take back (−1) a photo's status and findings.
    fn tally(&mut self, status: Status, findings: impl Iterator<Item = (RuleId, Severity)>, delta: i64) {
        let status = self.summary.statuses.slot(status);
        *status = status.saturating_add_signed(delta);
        for (rule, severity) in findings {
            let slot = self.rules.entry(rule).or_default();
            let count = match severity {
                Severity::Error => &mut slot.0,
                Severity::Warn => &mut slot.1,
            };
            *count = count.saturating_add_signed(delta);
        }
    }

    /// Finish with the duplicate groups and the timing of this run.
    pub fn finish(
        mut self,
        duplicate_ids: Vec<DuplicateGroup>,
        duplicate_photos: Vec<DuplicatePhotoGroup>,
        elapsed_seconds: f64,
    ) -> Summary {
        let mut rules: Vec<_> = self
            .rules
            .into_iter()
            .map(|(rule, (errors, warnings))| RuleCount { rule, errors, warnings })
            .collect();
        rules.sort_by(|a, b| {
            (b.errors + b.warnings)
                .cmp(&(a.errors + a.warnings))
                .then(a.rule.cmp(&b.rule))
        });
        let s = &mut self.summary;
        s.rules = rules;
        s.duplicate_ids = duplicate_ids;
        s.duplicate_photos = duplicate_photos;
        s.elapsed_seconds = elapsed_seconds;
        let checked_now = s.files - s.resumed;
        s.photos_per_second = if elapsed_seconds > 0.0 {
            checked_now as f64 / elapsed_seconds
        } else {
            0.0
        };
        self.summary
    }
}

impl Summary {
    /// A one-screen summary for a person.
    pub fn human(&self, top: usize) -> String {
        let s = &self.statuses;
        let mut out = String::new();
        let _ = writeln!(
            out,
            "gradphoto: {} photos checked against profile `{}`",
            self.files, self.profile
        );
        if self.resumed > 0 {
            let _ = writeln!(out, "  ({} carried over from the interrupted run)", self.resumed);
        }
        let _ = writeln!(
            out,
            "  pass {}   warn {}   fail {}   error {}",
            s.pass, s.warn, s.fail, s.error
        );
        if !self.rules.is_empty() {
            let _ = writeln!(out, "most frequent findings:");
            for r in self.rules.iter().take(top) {
                let _ = writeln!(
                    out,
                    "  {:>8}  {:<22} {}",
                    r.errors + r.warnings,
                    r.rule.as_str(),
                    r.rule.title_en()
                );
            }
        }
        if !self.duplicate_ids.is_empty() {
            let _ = writeln!(
                out,
                "{} IDs are used by more than one file (see the summary JSON)",
                self.duplicate_ids.len()
            );
        }
        if !self.duplicate_photos.is_empty() {
            let _ = writeln!(
                out,
                "{} pictures are filed under more than one ID (see the summary JSON)",
                self.duplicate_photos.len()
            );
        }
        if !self.not_implemented.is_empty() {
            let _ = writeln!(
                out,
                "not checked by this build ({} rules of the profile): {}",
                self.not_implemented.len(),
                self.not_implemented
                    .iter()
                    .map(|r| r.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        if self.photos_per_second > 0.0 {
            let _ = writeln!(
                out,
                "{:.1} s, {:.0} photos/s",
                self.elapsed_seconds, self.photos_per_second
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_rules_this_build_leaves_out_are_named() {
        let none = SummaryBuilder::new("chsi", Vec::new()).finish(Vec::new(), Vec::new(), 0.0);
        assert!(!none.human(5).contains("not checked"), "{}", none.human(5));
        let left_out = vec![RuleId::ClothingCollar, RuleId::QualityRetouched];
        let some = SummaryBuilder::new("custom", left_out.clone()).finish(Vec::new(), Vec::new(), 0.0);
        assert_eq!(some.not_implemented, left_out);
        assert!(
            some.human(5)
                .contains("not checked by this build (2 rules of the profile): clothing.collar, quality.retouched"),
            "{}",
            some.human(5)
        );
    }
}

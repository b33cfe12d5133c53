//! Stage 5: checks. Each family is a module of pure functions of what earlier
//! stages measured and the rule's parameters, returning `Option<Finding>`:
//! a check never fails and never does I/O.

pub mod accessory;
pub mod background;
pub mod clothing;
pub mod file;
pub mod geometry;
pub mod hair;
pub mod identity;
pub mod occlusion;
pub mod pose;

use serde_json::Value;

use crate::rules::{Rule, RuleId};
use crate::verdict::{Finding, Message, Region};

/// A rule that could not be judged on this photo: what it measures was not
/// measurable (a part outside the frame, covered, hidden by glare). The
/// rule is then left out of the record's `checked` list — never a pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotJudged;

/// `v` rounded to `decimals` places, as the f64 a JSON number holds: an f32
/// put into `json!` as it is becomes 0.699999988 where 0.7 was meant.
pub(crate) fn num(v: f32, decimals: i32) -> f64 {
    let k = 10f64.powi(decimals);
    (f64::from(v) * k).round() / k
}

/// A declared rule of severity `error` with these parameters, for tests.
#[cfg(test)]
pub(crate) fn error_rule<P>(params: P) -> Rule<P> {
    Rule {
        severity: crate::rules::Severity::Error,
        params,
    }
}

/// Build a finding for a declared rule.
pub(crate) fn finding<P>(
    id: RuleId,
    rule: &Rule<P>,
    message: Message,
    measured: Value,
    expected: Value,
    region: Option<Region>,
) -> Finding {
    Finding {
        rule: id,
        severity: rule.severity,
        message,
        measured: Some(measured),
        expected: Some(expected),
        region,
    }
}

//! Stage 3: checks. Each family is a module of pure functions of what earlier
//! stages measured and the rule's parameters, returning `Option<Finding>`:
//! a check never fails and never does I/O.

pub mod background;
pub mod clothing;
pub mod file;
pub mod identity;

use serde_json::Value;

use crate::rules::{Rule, RuleId};
use crate::verdict::{Finding, Message, Region};

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

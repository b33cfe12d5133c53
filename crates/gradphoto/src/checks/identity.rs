//! Identity rules: `id.filename`, `batch.duplicate-id`.

use serde_json::json;

use super::finding;
use crate::id::{IdInfo, IdProblem};
use crate::params::{IdParams, NoParams};
use crate::rules::{Rule, RuleId};
use crate::verdict::{Finding, Message};

/// `id.filename`: the file stem is an identifier the profile accepts.
pub fn filename(info: &IdInfo, problem: Option<&IdProblem>, rule: &Rule<IdParams>) -> Option<Finding> {
    let problem = problem?;
    let (zh, en) = problem.message(&info.value);
    let expected = match problem {
        IdProblem::FifteenDigit { upgraded } => json!(upgraded),
        IdProblem::CheckDigit { expected, .. } => json!(expected.to_string()),
        _ => {
            let mut kinds: Vec<&str> = rule.params.resident_id.then_some("resident-id").into_iter().collect();
            kinds.extend(rule.params.patterns.iter().map(|p| p.name.as_str()));
            json!(kinds)
        }
    };
    Some(finding(
        RuleId::IdFilename,
        rule,
        Message::new(zh, en),
        json!(info.value),
        expected,
        None,
    ))
}

/// `batch.duplicate-id`: `count` files in the batch carry this photo's ID.
pub fn duplicate_id(id: &str, count: u64, rule: &Rule<NoParams>) -> Option<Finding> {
    if count < 2 {
        return None;
    }
    let message = Message::new(
        format!("本批次中有 {count} 个文件使用同一证件号 {id}"),
        format!("{count} files in this batch carry the same ID {id}"),
    );
    Some(finding(
        RuleId::BatchDuplicateId,
        rule,
        message,
        json!(count),
        json!(1),
        None,
    ))
}

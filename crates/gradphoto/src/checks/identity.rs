//! Identity rules: `id.filename`, `batch.duplicate-id`,
//! `batch.duplicate-photo`.

use serde_json::json;

use super::finding;
use crate::id::{IdInfo, IdProblem};
use crate::params::{DuplicatePhotoParams, IdParams, NoParams};
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

/// `batch.duplicate-photo`: this photo shows the same picture as `others`
/// (`(file, ID)` of each), found by the batch's grouping; `distance` is the
/// group's largest hash distance. Names at most five of the others.
pub fn duplicate_photo(
    others: &[(String, String)],
    distance: u32,
    width: u32,
    height: u32,
    rule: &Rule<DuplicatePhotoParams>,
) -> Finding {
    const NAMED: usize = 5;
    let mut names: Vec<String> = others.iter().take(NAMED).map(|(f, id)| format!("{f} ({id})")).collect();
    if others.len() > NAMED {
        names.push(format!("… +{}", others.len() - NAMED));
    }
    let list = names.join(", ");
    let message = Message::new(
        format!("与其他证件号的 {} 张照片为同一张照片：{list}", others.len()),
        format!(
            "the same picture as {} photo(s) filed under other IDs: {list}",
            others.len()
        ),
    );
    finding(
        RuleId::BatchDuplicatePhoto,
        rule,
        message,
        json!({
            "files": others.iter().map(|(f, _)| f).collect::<Vec<_>>(),
            "ids": others.iter().map(|(_, id)| id).collect::<Vec<_>>(),
            "distance": distance,
        }),
        json!({
            "max_distance": rule.params.max_distance,
            "max_colour_difference": rule.params.max_colour_difference,
            "max_luma_difference": rule.params.max_luma_difference,
            "max_detail_difference": rule.params.max_detail_difference,
        }),
        Some(super::whole_frame(width, height)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::error_rule;

    #[test]
    fn a_duplicate_photo_names_the_others() {
        let others: Vec<(String, String)> = (0..7).map(|k| (format!("{k}.jpg"), format!("ID{k}"))).collect();
        let f = duplicate_photo(&others, 3, 480, 640, &error_rule(DuplicatePhotoParams::default()));
        assert!(f.message.en.contains("7 photo(s)"), "{}", f.message.en);
        assert!(
            f.message.en.contains("0.jpg (ID0)") && f.message.en.ends_with("… +2"),
            "{}",
            f.message.en
        );
        assert_eq!(f.measured.unwrap()["files"].as_array().unwrap().len(), 7);
    }
}

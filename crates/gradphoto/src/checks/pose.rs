//! Pose rules: `pose.frontal` (roll and yaw), `pose.shoulders` (tilt).

use serde_json::json;

use super::geometry::region_of;
use super::{finding, num};
use crate::landmarks::Landmarks;
use crate::params::{FrontalParams, ShouldersParams};
use crate::rules::{Rule, RuleId};
use crate::verdict::{Finding, Message};

/// `pose.frontal`: the head neither tilted (roll) nor turned (yaw) past the
/// profile's limits.
pub fn frontal(lm: &Landmarks, width: u32, height: u32, rule: &Rule<FrontalParams>) -> Option<Finding> {
    let p = &rule.params;
    let (roll, yaw) = (lm.pose.roll, lm.pose.yaw);
    let mut zh = Vec::new();
    let mut en = Vec::new();
    if roll.abs() > p.max_roll_deg {
        zh.push(format!("头部歪斜 {:.1}°（最多 {}°）", roll.abs(), p.max_roll_deg));
        en.push(format!(
            "the head is tilted {:.1}° (at most {}°)",
            roll.abs(),
            p.max_roll_deg
        ));
    }
    if yaw.abs() > p.max_yaw_deg {
        let side = if yaw > 0.0 { ("右", "right") } else { ("左", "left") };
        zh.push(format!(
            "头部向{}转 {:.0}°（最多 {}°）",
            side.0,
            yaw.abs(),
            p.max_yaw_deg
        ));
        en.push(format!(
            "the head is turned {:.0}° to the {} (at most {}°)",
            yaw.abs(),
            side.1,
            p.max_yaw_deg
        ));
    }
    if zh.is_empty() {
        return None;
    }
    Some(finding(
        RuleId::PoseFrontal,
        rule,
        Message::new(zh.join("；"), en.join("; ")),
        json!({ "roll_deg": num(roll, 1), "yaw_deg": num(yaw, 1), "pitch_deg": num(lm.pose.pitch, 1) }),
        json!({ "max_roll_deg": p.max_roll_deg, "max_yaw_deg": p.max_yaw_deg }),
        Some(region_of(lm.face_box(), width, height)),
    ))
}

/// `pose.shoulders`: the shoulder line level within the profile's limit.
/// Not evaluated (`None`) when the shoulders were not located.
pub fn shoulders(lm: &Landmarks, width: u32, height: u32, rule: &Rule<ShouldersParams>) -> Option<Finding> {
    let (tilt, [l, r]) = (lm.pose.shoulders?, lm.shoulders?);
    let limit = rule.params.max_tilt_deg;
    if tilt.abs() <= limit {
        return None;
    }
    let lower = if tilt > 0.0 { ("右", "right") } else { ("左", "left") };
    let pad = 0.05 * (r[0] - l[0]);
    Some(finding(
        RuleId::PoseShoulders,
        rule,
        Message::new(
            format!("双肩不平：{}肩低 {:.1}°（最多 {limit}°）", lower.0, tilt.abs()),
            format!(
                "the shoulders are not level: the {} one is {:.1}° lower (at most {limit}°)",
                lower.1,
                tilt.abs()
            ),
        ),
        json!({ "tilt_deg": num(tilt, 1) }),
        json!({ "max_tilt_deg": limit }),
        Some(region_of(
            [l[0] - pad, l[1].min(r[1]) - pad, r[0] + pad, l[1].max(r[1]) + pad],
            width,
            height,
        )),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::error_rule;
    use crate::landmarks::Pose;

    #[test]
    fn roll_and_yaw_limits() {
        let rule = error_rule(FrontalParams::default());
        let mut lm = Landmarks {
            pose: Pose {
                roll: 4.0,
                yaw: -11.0,
                ..Pose::default()
            },
            ..Landmarks::default()
        };
        assert!(frontal(&lm, 480, 640, &rule).is_none());
        lm.pose.roll = -7.5;
        lm.pose.yaw = -20.0;
        let f = frontal(&lm, 480, 640, &rule).expect("tilted and turned");
        assert!(f.message.en.contains("tilted 7.5°"), "{}", f.message.en);
        assert!(f.message.en.contains("20° to the left"), "{}", f.message.en);
    }

    #[test]
    fn shoulders_need_both_points_and_a_tilt() {
        let rule = error_rule(ShouldersParams::default());
        let mut lm = Landmarks::default();
        assert!(shoulders(&lm, 480, 640, &rule).is_none());
        lm.shoulders = Some([[40.0, 500.0], [440.0, 540.0]]);
        lm.pose.shoulders = Some(40f32.atan2(400.0).to_degrees());
        let f = shoulders(&lm, 480, 640, &rule).expect("5.7° tilt");
        assert!(f.message.en.contains("right one is 5.7° lower"), "{}", f.message.en);
        lm.pose.shoulders = Some(2.0);
        assert!(shoulders(&lm, 480, 640, &rule).is_none());
    }
}

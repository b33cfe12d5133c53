//! Pose rules: `pose.frontal` (roll and yaw), `pose.shoulders` (tilt),
//! `pose.eyes-open`, `pose.mouth-closed`.

use serde_json::json;

use super::geometry::region_of;
use super::{NotJudged, finding, num};
use crate::landmarks::Landmarks;
use crate::params::{EyesOpenParams, FrontalParams, MouthClosedParams, ShouldersParams};
use crate::parts::FaceParts;
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

/// `pose.eyes-open`: every eye that can be seen is open. An eye under
/// glare past `max_glare`, or covered (no opening measured), is not
/// judged; `None` (not evaluated) when neither eye can be.
///
/// On blown-out skin (over-exposed: the skin tone at L\* 97 or more) every
/// light pixel of a lens box reads as glare, so glare hides nothing there;
/// but a blown lid can erase one open eye's iris as well (3 of 234 such
/// open faces on seeds 1–7 and 1001–1008 read one eye under 0.02, the other
/// 0.11–0.18, where every closed pair read both under 0.04). Such a face is
/// judged on both eyes: closed where the wider one is.
pub fn eyes_open(
    lm: &Landmarks,
    parts: &FaceParts,
    width: u32,
    height: u32,
    rule: &Rule<EyesOpenParams>,
) -> Result<Option<Finding>, NotJudged> {
    /// Skin tone lightness from which the skin is blown out.
    const BLOWN_SKIN: f32 = 97.0;
    let p = &rule.params;
    let (opening, glare) = (parts.eye_opening.ok_or(NotJudged)?, parts.lens_glare.ok_or(NotJudged)?);
    let blown = parts.skin.as_ref().is_some_and(|s| s.lab[0] >= BLOWN_SKIN);
    let (eye, least) = if blown {
        let [Some(l), Some(r)] = opening else {
            return Err(NotJudged);
        };
        if l >= r { (0, l) } else { (1, r) }
    } else {
        let seen = (0..2)
            .filter(|&i| glare[i] <= p.max_glare)
            .filter_map(|i| opening[i].map(|o| (i, o)));
        seen.min_by(|a, b| a.1.total_cmp(&b.1)).ok_or(NotJudged)?
    };
    if least >= p.min_opening {
        return Ok(None);
    }
    let d = lm.eye_distance();
    let side = if eye == 0 {
        ("左侧", "image-left")
    } else {
        ("右侧", "image-right")
    };
    let [x, y] = lm.eyes[eye];
    Ok(Some(finding(
        RuleId::PoseEyesOpen,
        rule,
        Message::new(
            format!(
                "眼睛未睁开：{}眼睁开程度 {:.3}（至少 {}，以两眼间距计）",
                side.0, least, p.min_opening
            ),
            format!(
                "the {} eye is not open: opening {:.3} of the eye distance (at least {})",
                side.1, least, p.min_opening
            ),
        ),
        json!({ "opening": opening.map(|o| o.map(|v| num(v, 3))), "glare": glare.map(|g| num(g, 3)) }),
        json!({ "min_opening": num(p.min_opening, 4), "max_glare": num(p.max_glare, 4) }),
        Some(region_of(
            [x - 0.3 * d, y - 0.2 * d, x + 0.3 * d, y + 0.2 * d],
            width,
            height,
        )),
    )))
}

/// `pose.mouth-closed`: the lips meet — their gap at most `max_gap` eye
/// distances (`max_gap_dark` on dark skin). Not judged (`Err`) where the gap
/// was not measured or the lower face is covered (a mask).
pub fn mouth_closed(
    lm: &Landmarks,
    parts: &FaceParts,
    width: u32,
    height: u32,
    rule: &Rule<MouthClosedParams>,
) -> Result<Option<Finding>, NotJudged> {
    let gap = parts.mouth_gap.ok_or(NotJudged)?;
    if parts.lower_face_skin.is_none_or(|s| s < rule.params.min_skin_share) {
        return Err(NotJudged);
    }
    let p = &rule.params;
    let dark = parts.skin.as_ref().is_some_and(|s| s.lab[0] < p.dark_skin_lightness);
    let limit = if dark { p.max_gap_dark } else { p.max_gap };
    if gap <= limit {
        return Ok(None);
    }
    let d = lm.eye_distance();
    let [x, y] = lm.mouth;
    Ok(Some(finding(
        RuleId::PoseMouthClosed,
        rule,
        Message::new(
            format!("嘴唇未闭合：唇间开口 {gap:.3}（最多 {limit}，以两眼间距计）"),
            format!("the lips are parted: a gap of {gap:.3} of the eye distance (at most {limit})"),
        ),
        json!({ "gap": num(gap, 3) }),
        json!({ "max_gap": num(limit, 4) }),
        Some(region_of(
            [x - 0.35 * d, y - 0.2 * d, x + 0.35 * d, y + 0.2 * d],
            width,
            height,
        )),
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::error_rule;
    use crate::landmarks::Pose;
    use crate::parts::SkinTone;

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

    #[test]
    fn closed_eyes_fire_unless_glare_or_hair_hides_them() {
        let rule = error_rule(EyesOpenParams::default());
        let lm = Landmarks {
            eyes: [[200.0, 250.0], [280.0, 250.0]],
            mouth: [240.0, 340.0],
            ..Landmarks::default()
        };
        let parts = |opening: [Option<f32>; 2], glare: [f32; 2]| FaceParts {
            eye_opening: Some(opening),
            lens_glare: Some(glare),
            ..FaceParts::default()
        };
        assert_eq!(
            eyes_open(&lm, &parts([Some(0.15), Some(0.14)], [0.0; 2]), 480, 640, &rule),
            Ok(None)
        );
        let f = eyes_open(&lm, &parts([Some(0.15), Some(0.02)], [0.0; 2]), 480, 640, &rule)
            .unwrap()
            .unwrap();
        assert!(f.message.en.contains("image-right"), "{}", f.message.en);
        assert_eq!(f.region.unwrap().x, 256);
        // Glare over the closed-looking eye: only the other one is judged.
        assert_eq!(
            eyes_open(&lm, &parts([Some(0.15), Some(0.0)], [0.0, 0.1]), 480, 640, &rule),
            Ok(None)
        );
        // Hair over one eye, glare over the other: nothing to judge.
        assert_eq!(
            eyes_open(&lm, &parts([None, Some(0.0)], [0.0, 0.1]), 480, 640, &rule),
            Err(NotJudged)
        );
        assert_eq!(eyes_open(&lm, &FaceParts::default(), 480, 640, &rule), Err(NotJudged));
        // Blown-out skin: glare everywhere says nothing, both eyes are
        // read, and one erased iris is not a closed eye.
        let blown = |opening| FaceParts {
            skin: Some(SkinTone {
                lab: [99.5, 0.0, 1.0],
                chroma_tolerance: 8.0,
                patches: Vec::new(),
            }),
            ..parts(opening, [0.9, 0.9])
        };
        assert!(
            eyes_open(&lm, &blown([Some(0.03), Some(0.0)]), 480, 640, &rule)
                .unwrap()
                .is_some()
        );
        assert_eq!(
            eyes_open(&lm, &blown([Some(0.0), Some(0.16)]), 480, 640, &rule),
            Ok(None)
        );
        assert_eq!(
            eyes_open(&lm, &blown([None, Some(0.0)]), 480, 640, &rule),
            Err(NotJudged)
        );
    }

    #[test]
    fn parted_lips_fire_unless_the_lower_face_is_covered() {
        let rule = error_rule(MouthClosedParams::default());
        let lm = Landmarks {
            eyes: [[200.0, 250.0], [280.0, 250.0]],
            mouth: [240.0, 340.0],
            ..Landmarks::default()
        };
        let parts = |gap: f32, skin: f32| FaceParts {
            mouth_gap: Some(gap),
            lower_face_skin: Some(skin),
            ..FaceParts::default()
        };
        assert_eq!(mouth_closed(&lm, &parts(0.02, 0.98), 480, 640, &rule), Ok(None));
        let f = mouth_closed(&lm, &parts(0.12, 0.98), 480, 640, &rule).unwrap().unwrap();
        assert!(f.message.zh.contains("0.120"), "{}", f.message.zh);
        assert_eq!(mouth_closed(&lm, &parts(0.12, 0.05), 480, 640, &rule), Err(NotJudged));
        // On dark skin a narrower gap is already parted lips.
        let on_skin = |lightness: f32| FaceParts {
            skin: Some(crate::parts::skin::SkinTone {
                lab: [lightness, 12.0, 18.0],
                chroma_tolerance: 8.0,
                patches: vec![crate::parts::skin::SkinPatch::LeftCheek],
            }),
            ..parts(0.04, 0.98)
        };
        assert!(mouth_closed(&lm, &on_skin(36.0), 480, 640, &rule).unwrap().is_some());
        assert_eq!(mouth_closed(&lm, &on_skin(70.0), 480, 640, &rule), Ok(None));
    }
}

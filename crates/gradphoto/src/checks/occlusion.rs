//! Occlusion rules: `occlusion.face`.

use serde_json::json;

use super::geometry::region_of;
use super::{NotJudged, finding, num};
use crate::landmarks::Landmarks;
use crate::params::FaceOcclusionParams;
use crate::parts::FaceParts;
use crate::rules::{Rule, RuleId};
use crate::verdict::{Finding, Message};

/// `occlusion.face`: the lower face is skin, not a mask, a scarf or an
/// object. Not judged where the lower face was not measured.
pub fn face(
    lm: &Landmarks,
    parts: &FaceParts,
    width: u32,
    height: u32,
    rule: &Rule<FaceOcclusionParams>,
) -> Result<Option<Finding>, NotJudged> {
    let share = parts.lower_face_skin.ok_or(NotJudged)?;
    let least = rule.params.min_skin_share;
    if share >= least {
        return Ok(None);
    }
    let d = lm.eye_distance();
    let (top, bottom) = (lm.nose[1], lm.predicted_chin());
    let x = lm.face_centre();
    let pct = |v: f32| v * 100.0;
    Ok(Some(finding(
        RuleId::OcclusionFace,
        rule,
        Message::new(
            format!(
                "面部下方有遮挡：鼻下至下巴只有 {:.0}% 为皮肤（至少 {:.0}%）",
                pct(share),
                pct(least)
            ),
            format!(
                "something covers the lower face: only {:.0} % of it is skin (at least {:.0} %)",
                pct(share),
                pct(least)
            ),
        ),
        json!({ "skin_share": num(share, 3) }),
        json!({ "min_skin_share": num(least, 4) }),
        Some(region_of([x - 0.6 * d, top, x + 0.6 * d, bottom], width, height)),
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::error_rule;

    fn face_at() -> Landmarks {
        Landmarks {
            eyes: [[200.0, 250.0], [280.0, 250.0]],
            nose: [240.0, 300.0],
            mouth: [240.0, 340.0],
            ..Landmarks::default()
        }
    }

    #[test]
    fn a_covered_lower_face_fires_and_an_unmeasured_one_is_not_judged() {
        let rule = error_rule(FaceOcclusionParams::default());
        let lm = face_at();
        let parts = |share| FaceParts {
            lower_face_skin: share,
            ..FaceParts::default()
        };
        assert_eq!(face(&lm, &parts(Some(0.95)), 480, 640, &rule), Ok(None));
        let f = face(&lm, &parts(Some(0.05)), 480, 640, &rule).unwrap().unwrap();
        assert_eq!(f.rule, RuleId::OcclusionFace);
        assert!(f.message.en.contains("5 %"), "{}", f.message.en);
        let region = f.region.unwrap();
        assert!(region.y == 300 && region.height > 50, "{region:?}");
        assert_eq!(face(&lm, &parts(None), 480, 640, &rule), Err(NotJudged));
    }
}

//! Quality rules: `quality.skin-shine`.

use serde_json::json;

use super::geometry::region_of;
use super::{NotJudged, finding, num};
use crate::landmarks::Landmarks;
use crate::params::SkinShineParams;
use crate::parts::FaceParts;
use crate::rules::{Rule, RuleId};
use crate::verdict::{Finding, Message};

/// `quality.skin-shine`: no oily shine or flash highlights on the face
/// ("不要过油，不要高光高亮"). Not judged where the face was not measured.
pub fn skin_shine(
    lm: &Landmarks,
    parts: &FaceParts,
    width: u32,
    height: u32,
    rule: &Rule<SkinShineParams>,
) -> Result<Option<Finding>, NotJudged> {
    let share = parts.shine.ok_or(NotJudged)?;
    let most = rule.params.max_share;
    if share <= most {
        return Ok(None);
    }
    let d = lm.eye_distance();
    let x = lm.face_centre();
    let pct = |v: f32| v * 100.0;
    Ok(Some(finding(
        RuleId::QualitySkinShine,
        rule,
        Message::new(
            format!("面部反光：{:.1}% 的皮肤为高光（最多 {:.1}%）", pct(share), pct(most)),
            format!(
                "shiny skin: {:.1} % of the face is a specular highlight (at most {:.1} %)",
                pct(share),
                pct(most)
            ),
        ),
        json!({ "share": num(share, 4) }),
        json!({ "max_share": num(most, 4) }),
        Some(region_of(
            [x - 0.6 * d, lm.eye_line() - 0.7 * d, x + 0.6 * d, lm.mouth[1]],
            width,
            height,
        )),
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::error_rule;

    #[test]
    fn shine_past_the_limit_fires() {
        let rule = error_rule(SkinShineParams::default());
        let lm = Landmarks {
            eyes: [[200.0, 250.0], [280.0, 250.0]],
            nose: [240.0, 300.0],
            mouth: [240.0, 340.0],
            ..Landmarks::default()
        };
        let parts = |shine| FaceParts {
            shine,
            ..FaceParts::default()
        };
        assert_eq!(skin_shine(&lm, &parts(Some(0.01)), 480, 640, &rule), Ok(None));
        let f = skin_shine(&lm, &parts(Some(0.2)), 480, 640, &rule).unwrap().unwrap();
        assert!(f.message.en.contains("20.0 %") && f.message.zh.contains("20.0%"));
        assert_eq!(skin_shine(&lm, &parts(None), 480, 640, &rule), Err(NotJudged));
    }
}

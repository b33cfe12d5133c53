//! Accessory rules: `accessory.headwear`.

use serde_json::json;

use super::{NotJudged, finding, head_top_region, num};
use crate::landmarks::Landmarks;
use crate::params::HeadwearParams;
use crate::parts::FaceParts;
use crate::parts::skin::skin_like;
use crate::rules::{Rule, RuleId};
use crate::verdict::{Finding, Message};

/// `accessory.headwear`: nothing worn on the head — the crown is hair
/// (dark, of little colour) or on the skin locus (fair hair, a shaved
/// head), not a colour of its own. Not judged without a head top. A cap
/// the colour of dark hair is not seen.
pub fn headwear(
    lm: &Landmarks,
    parts: &FaceParts,
    width: u32,
    height: u32,
    rule: &Rule<HeadwearParams>,
) -> Result<Option<Finding>, NotJudged> {
    let p = &rule.params;
    let [l, a, b] = parts.crown.ok_or(NotJudged)?;
    let (chroma, hue) = (a.hypot(b), b.atan2(a).to_degrees());
    let hair = l < p.max_hair_lightness && chroma < p.max_hair_chroma;
    let skin = skin_like([l, a, b]) && chroma <= p.max_skin_chroma;
    if hair || skin {
        return Ok(None);
    }
    Ok(Some(finding(
        RuleId::AccessoryHeadwear,
        rule,
        Message::new(
            format!("疑似戴帽子或头饰：头顶颜色（L* {l:.0}，彩度 {chroma:.0}）既非头发也非皮肤"),
            format!(
                "something is worn on the head: the crown's colour (L* {l:.0}, chroma {chroma:.0}) is neither hair nor skin"
            ),
        ),
        json!({ "lab": [num(l, 1), num(a, 1), num(b, 1)], "chroma": num(chroma, 1), "hue_deg": num(hue, 0) }),
        json!({
            "max_hair_lightness": num(p.max_hair_lightness, 2),
            "max_hair_chroma": num(p.max_hair_chroma, 2),
            "max_skin_chroma": num(p.max_skin_chroma, 2),
        }),
        Some(head_top_region(lm, [0.5, 0.0, 0.5, 0.35], width, height)),
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::error_rule;
    use crate::colour::lab_fast;

    #[test]
    fn a_coloured_crown_is_headwear_hair_and_skin_are_not() {
        let rule = error_rule(HeadwearParams::default());
        let lm = Landmarks {
            eyes: [[200.0, 250.0], [280.0, 250.0]],
            head_top: Some(80.0),
            face_edges: Some([140.0, 340.0]),
            ..Landmarks::default()
        };
        let crown = |rgb: [u8; 3]| FaceParts {
            crown: Some(lab_fast(rgb)),
            ..FaceParts::default()
        };
        for bare in [[30, 24, 22], [70, 50, 40], [200, 170, 120], [220, 180, 150]] {
            assert_eq!(headwear(&lm, &crown(bare), 480, 640, &rule), Ok(None), "{bare:?}");
        }
        for worn in [[160, 35, 40], [40, 60, 150], [235, 235, 235]] {
            let f = headwear(&lm, &crown(worn), 480, 640, &rule).unwrap();
            assert!(f.is_some_and(|f| f.region.unwrap().y == 80), "{worn:?}");
        }
        assert_eq!(headwear(&lm, &FaceParts::default(), 480, 640, &rule), Err(NotJudged));
    }
}

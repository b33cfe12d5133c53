//! Accessory rules: `accessory.earrings`, `accessory.headwear`.

use serde_json::json;

use super::{NotJudged, finding, geometry, head_top_region, num};
use crate::landmarks::Landmarks;
use crate::params::{EarringsParams, HeadwearParams};
use crate::parts::FaceParts;
use crate::parts::skin::skin_like;
use crate::rules::{Rule, RuleId};
use crate::verdict::{Finding, Message};

/// `accessory.earrings`: no jewellery at the earlobes — under each ear
/// point, no jewel-sized blob lighter or more colourful than the skin that
/// is neither skin, backdrop nor hair (`parts::earrings`). Not judged
/// without a skin tone or with both windows out of the frame.
pub fn earrings(
    lm: &Landmarks,
    parts: &FaceParts,
    width: u32,
    height: u32,
    rule: &Rule<EarringsParams>,
) -> Result<Option<Finding>, NotJudged> {
    let min = rule.params.min_blob;
    let blobs = parts.earrings.ok_or(NotJudged)?;
    if blobs.iter().all(Option::is_none) {
        return Err(NotJudged);
    }
    let (side, blob) = (0..2)
        .filter_map(|i| blobs[i].map(|b| (i, b)))
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .ok_or(NotJudged)?;
    if blob < min {
        return Ok(None);
    }
    let (zh_side, en_side) = [("左", "image-left"), ("右", "image-right")][side];
    let (c, half) = crate::parts::earrings::zone(lm, lm.ears[side]);
    let region = geometry::region_of(
        [c[0] - half[0], c[1] - half[1], c[0] + half[0], c[1] + half[1]],
        width,
        height,
    );
    Ok(Some(finding(
        RuleId::AccessoryEarrings,
        rule,
        Message::new(
            format!("疑似佩戴耳饰：画面{zh_side}侧耳垂下方有明亮或鲜艳的小块（{blob:.4} 倍眼距平方）"),
            format!(
                "earrings: a small bright or colourful blob under the {en_side} ear ({blob:.4} square eye distances, from {min})"
            ),
        ),
        json!({
            "blob": [blobs[0].map(|b| num(b, 4)), blobs[1].map(|b| num(b, 4))],
            "side": en_side,
        }),
        json!({ "min_blob": num(min, 4) }),
        Some(region),
    )))
}

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
    fn earrings_fire_on_the_larger_blob_and_need_a_measure() {
        let rule = error_rule(EarringsParams::default());
        let lm = Landmarks {
            eyes: [[200.0, 250.0], [280.0, 250.0]],
            ears: [[150.0, 270.0], [330.0, 270.0]],
            face_edges: Some([140.0, 340.0]),
            ..Landmarks::default()
        };
        let with = |blobs: [Option<f32>; 2]| FaceParts {
            earrings: Some(blobs),
            ..FaceParts::default()
        };
        assert_eq!(
            earrings(&lm, &with([Some(0.001), Some(0.0)]), 480, 640, &rule),
            Ok(None)
        );
        let f = earrings(&lm, &with([Some(0.001), Some(0.01)]), 480, 640, &rule)
            .unwrap()
            .expect("a blob under the image-right ear");
        let r = f.region.unwrap();
        assert!(r.x > 300 && r.y > 270, "{r:?}");
        assert!(f.message.en.contains("image-right"), "{}", f.message.en);
        assert_eq!(earrings(&lm, &with([None, None]), 480, 640, &rule), Err(NotJudged));
        assert_eq!(earrings(&lm, &FaceParts::default(), 480, 640, &rule), Err(NotJudged));
    }

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

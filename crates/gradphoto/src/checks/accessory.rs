//! Accessory rules: `accessory.earrings`, `accessory.necklace`, `accessory.glasses`,
//! `accessory.lens-glare`, `accessory.headwear`.

use serde_json::json;

use super::{NotJudged, finding, geometry, head_top_region, num, window_region};
use crate::landmarks::Landmarks;
use crate::params::{EarringsParams, GlassesParams, HeadwearParams, LensGlareParams, NecklaceParams};
use crate::parts::FaceParts;
use crate::parts::glare::lens_box;
use crate::parts::glasses::GlassesFrame;
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
    let region = window_region(crate::parts::earrings::zone(lm, lm.ears[side]), width, height);
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
///
/// In a photo whose tones are squeezed towards grey (`parts.squeezed`) a
/// cap's colour is squeezed with them, to a dark hair's lightness and
/// chroma: there the crown is also read with the levels stretched back,
/// and is headwear where it then has more chroma than skin or hair may
/// (`max_skin_chroma`; the stretch is rough, so dark hair's own limit is
/// not asked of it — on the tuning seeds generated caps stretched back
/// read chroma 59–72, hair at most 33).
pub fn headwear(
    lm: &Landmarks,
    parts: &FaceParts,
    width: u32,
    height: u32,
    rule: &Rule<HeadwearParams>,
) -> Result<Option<Finding>, NotJudged> {
    let p = &rule.params;
    let crown = parts.crown.ok_or(NotJudged)?;
    let [l, a, b] = crown;
    let (chroma, hue) = (a.hypot(b), b.atan2(a).to_degrees());
    let hair = l < p.max_hair_lightness && chroma < p.max_hair_chroma;
    let skin = skin_like([l, a, b]) && chroma <= p.max_skin_chroma;
    let stretched = parts.squeezed.map(|levels| crate::colour::stretched(crown, levels));
    let colourful_when_stretched = stretched.is_some_and(|[_, a, b]| a.hypot(b) > p.max_skin_chroma);
    if (hair || skin) && !colourful_when_stretched {
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
        json!({
            "lab": [num(l, 1), num(a, 1), num(b, 1)],
            "chroma": num(chroma, 1),
            "hue_deg": num(hue, 0),
            "stretched_lab": stretched.map(|s| s.map(|v| num(v, 1))),
        }),
        json!({
            "max_hair_lightness": num(p.max_hair_lightness, 2),
            "max_hair_chroma": num(p.max_hair_chroma, 2),
            "max_skin_chroma": num(p.max_skin_chroma, 2),
        }),
        Some(head_top_region(lm, [0.5, 0.0, 0.5, 0.35], width, height)),
    )))
}

/// `accessory.necklace`: no necklace — no jewel-like thin line (lighter or
/// more colourful than what lies either side, not a mix of it) joined
/// across the neck over more than `max_line` eye distances, nor a shorter
/// one (over `max_line_with_arms`) with arms down the neck's sides over
/// `max_arms` together: a chain hanging in a U whose bottom lies on
/// clothing of its own colour (`parts::necklace`). Not judged where the
/// neck is out of the frame. A chain the clothing's colour all along, or
/// darker than the skin and the clothing, is not seen.
pub fn necklace(
    lm: &Landmarks,
    parts: &FaceParts,
    width: u32,
    height: u32,
    rule: &Rule<NecklaceParams>,
) -> Result<Option<Finding>, NotJudged> {
    let p = &rule.params;
    let lines = parts.necklace.ok_or(NotJudged)?;
    let hanging = lines.across > p.max_line_with_arms && lines.arms > p.max_arms;
    if lines.across <= p.max_line && !hanging {
        return Ok(None);
    }
    let (zh, en) = if lines.across > p.max_line {
        (
            format!("颈部有一条 {:.2} 倍眼距长的细亮线", lines.across),
            format!(
                "a thin bright or colourful line {:.2} eye distances long across the neck, over {}",
                lines.across, p.max_line
            ),
        )
    } else {
        (
            format!(
                "颈部有一条 {:.2} 倍眼距长的细亮线，两侧沿颈下垂共 {:.2} 倍眼距",
                lines.across, lines.arms
            ),
            format!(
                "a thin bright or colourful line {:.2} eye distances across the neck and {:.2} down its sides, over {} \
                 and {}",
                lines.across, lines.arms, p.max_line_with_arms, p.max_arms
            ),
        )
    };
    Ok(Some(finding(
        RuleId::AccessoryNecklace,
        rule,
        Message::new(format!("疑似佩戴项链：{zh}"), format!("necklace: {en}")),
        json!({ "line": num(lines.across, 3), "arms": num(lines.arms, 3) }),
        json!({
            "max_line": num(p.max_line, 3),
            "max_line_with_arms": num(p.max_line_with_arms, 3),
            "max_arms": num(p.max_arms, 3),
        }),
        Some(window_region(crate::parts::necklace::window(lm), width, height)),
    )))
}

/// The spectacles' region: both lens boxes and the frame around them.
fn glasses_region(lm: &Landmarks, width: u32, height: u32) -> crate::verdict::Region {
    let d = lm.eye_distance();
    let [l, r] = lm.eyes;
    geometry::region_of(
        [
            l[0].min(r[0]) - 0.6 * d,
            l[1].min(r[1]) - 0.35 * d,
            l[0].max(r[0]) + 0.6 * d,
            l[1].max(r[1]) + 0.45 * d,
        ],
        width,
        height,
    )
}

/// The glasses' frame and its lines when at least `min_lines` of its five
/// windows hold one (`faint`: lines of `parts::glasses::FAINT_LINE`
/// contrast counted), `None` for a face without glasses; not judged unless
/// three windows were measured (fewer: too much of the face is out of the
/// frame to tell).
fn worn_glasses(parts: &FaceParts, min_lines: usize, faint: bool) -> Result<Option<(GlassesFrame, usize)>, NotJudged> {
    let frame = parts.glasses.ok_or(NotJudged)?;
    let (lines, measured) = frame.lines();
    if measured < 3 {
        return Err(NotJudged);
    }
    let lines = if faint { lines.max(frame.faint_lines) } else { lines };
    Ok((lines >= min_lines).then_some((frame, lines)))
}

/// `accessory.glasses`: no spectacles (`forbid_all`), or none whose frame
/// crosses the eyes. Glasses are found by their frame's thin lines
/// (`parts::glasses`): at least `min_lines` of its five windows. Without
/// `forbid_all`, a face without glasses passes and one with glasses is not
/// judged — where the frame runs relative to the eyes is not measured.
pub fn glasses(
    lm: &Landmarks,
    parts: &FaceParts,
    width: u32,
    height: u32,
    rule: &Rule<GlassesParams>,
) -> Result<Option<Finding>, NotJudged> {
    let p = &rule.params;
    let Some((frame, lines)) = worn_glasses(parts, p.min_lines, false)? else {
        return Ok(None);
    };
    if !p.forbid_all {
        return Err(NotJudged);
    }
    let share = |s: Option<f32>| s.map(|v| num(v, 2));
    Ok(Some(finding(
        RuleId::AccessoryGlasses,
        rule,
        Message::new(
            format!("疑似佩戴眼镜：眼周有 {lines} 处镜框线条（镜框下缘、鼻梁、外缘）"),
            format!(
                "glasses: {lines} of the frame's lines (lower rims, bridge, outer rims) around the eyes, from {}",
                p.min_lines
            ),
        ),
        json!({
            "lines": lines,
            "lower_rims": frame.lower_rims.map(share),
            "bridge": share(frame.bridge),
            "outer_rims": frame.outer_rims.map(share),
        }),
        json!({ "min_lines": p.min_lines, "forbid_all": p.forbid_all }),
        Some(glasses_region(lm, width, height)),
    )))
}

/// `accessory.lens-glare`: no reflection in spectacle lenses — on a face
/// wearing glasses (`min_lines` frame lines, the reflection one of them),
/// neither lens box's brightest
/// colourless patch is larger than `max_patch` square eye distances
/// (`parts::glare::LensGlare::patches`: a reflection is one broad patch,
/// the eyes' whites two small ones). A face without glasses passes: there
/// is no lens to reflect.
pub fn lens_glare(
    lm: &Landmarks,
    parts: &FaceParts,
    width: u32,
    height: u32,
    rule: &Rule<LensGlareParams>,
) -> Result<Option<Finding>, NotJudged> {
    let p = &rule.params;
    // The reflection, a lens's own sign, counts as one of the frame's
    // lines (a thin or low-contrast frame shows one line of the two), and
    // beside it faint lines count (a frame smeared by blur).
    let Some((_, lines)) = worn_glasses(parts, p.min_lines.saturating_sub(1), true)? else {
        return Ok(None);
    };
    let patch = parts.glare_patch.ok_or(NotJudged)?;
    let side = usize::from(patch[1] > patch[0]);
    if patch[side] <= p.max_patch {
        return Ok(None);
    }
    let (zh_side, en_side) = [("左", "image-left"), ("右", "image-right")][side];
    Ok(Some(finding(
        RuleId::AccessoryLensGlare,
        rule,
        Message::new(
            format!(
                "眼镜反光：画面{zh_side}侧镜片内有一片 {:.3} 倍眼距平方的高光",
                patch[side]
            ),
            format!(
                "lens glare: a bright reflection of {:.3} square eye distances in the {en_side} lens, over {}",
                patch[side], p.max_patch
            ),
        ),
        json!({ "patch": patch.map(|g| num(g, 4)), "side": en_side, "frame_lines": lines }),
        json!({ "max_patch": num(p.max_patch, 4), "min_lines": p.min_lines }),
        Some(window_region(lens_box(lm, lm.eyes[side]), width, height)),
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::{error_rule, test_face};
    use crate::colour::lab_fast;

    #[test]
    fn earrings_fire_on_the_larger_blob_and_need_a_measure() {
        let rule = error_rule(EarringsParams::default());
        let lm = Landmarks {
            ears: [[150.0, 270.0], [330.0, 270.0]],
            ..test_face()
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
            head_top: Some(80.0),
            ..test_face()
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
        // Tones squeezed to 0.35 around 128 (levels 83–172): a red cap
        // reads like dark brown hair, dark hair like grey; stretched back,
        // only the cap is colourful.
        let squeeze = |rgb: [u8; 3]| rgb.map(|c| (128.0 + 0.35 * (f32::from(c) - 128.0)).round() as u8);
        let squeezed = |rgb: [u8; 3]| FaceParts {
            squeezed: Some([83, 172]),
            ..crown(squeeze(rgb))
        };
        let red_cap = [170, 30, 40];
        assert_eq!(headwear(&lm, &crown(squeeze(red_cap)), 480, 640, &rule), Ok(None));
        assert!(headwear(&lm, &squeezed(red_cap), 480, 640, &rule).unwrap().is_some());
        for hair in [[30, 24, 22], [70, 50, 40]] {
            assert_eq!(headwear(&lm, &squeezed(hair), 480, 640, &rule), Ok(None), "{hair:?}");
        }
    }

    #[test]
    fn glasses_are_found_by_their_lines_and_glare_needs_glasses() {
        let lm = test_face();
        let parts = |lines: [f32; 5], glare: [f32; 2]| FaceParts {
            glasses: Some(GlassesFrame {
                lower_rims: [Some(lines[0]), Some(lines[1])],
                bridge: Some(lines[2]),
                outer_rims: [Some(lines[3]), Some(lines[4])],
                faint_lines: lines.iter().filter(|&&l| l >= 0.6).count(),
            }),
            glare_patch: Some(glare),
            ..FaceParts::default()
        };
        let (worn, bare) = (
            parts([0.9, 0.8, 0.9, 0.1, 0.7], [0.0, 0.1]),
            parts([0.2, 0.0, 0.5, 0.1, 0.0], [0.0, 0.1]),
        );
        let forbid = error_rule(GlassesParams {
            forbid_all: true,
            ..GlassesParams::default()
        });
        let f = glasses(&lm, &worn, 480, 640, &forbid).unwrap().expect("glasses");
        assert!(f.message.en.contains("4 of the frame's lines"), "{}", f.message.en);
        assert_eq!(glasses(&lm, &bare, 480, 640, &forbid), Ok(None));
        // Frames over the eyes only: glasses are not judged, bare faces pass.
        let over_eyes = error_rule(GlassesParams::default());
        assert_eq!(glasses(&lm, &worn, 480, 640, &over_eyes), Err(NotJudged));
        assert_eq!(glasses(&lm, &bare, 480, 640, &over_eyes), Ok(None));
        // Glare: only in glasses, on the lens over the limit.
        let rule = error_rule(LensGlareParams::default());
        let f = lens_glare(&lm, &worn, 480, 640, &rule).unwrap().expect("glare");
        assert!(
            f.message.en.contains("image-right") && f.region.unwrap().x > 220,
            "{f:?}"
        );
        assert_eq!(lens_glare(&lm, &bare, 480, 640, &rule), Ok(None));
        // One frame line and a lens's reflection are glasses with glare.
        let thin = parts([0.2, 0.0, 0.7, 0.1, 0.0], [0.0, 0.1]);
        assert_eq!(glasses(&lm, &thin, 480, 640, &forbid), Ok(None));
        assert!(lens_glare(&lm, &thin, 480, 640, &rule).unwrap().is_some());
        assert_eq!(
            lens_glare(&lm, &parts([0.9; 5], [0.004, 0.006]), 480, 640, &rule),
            Ok(None)
        );
        // A blurred frame: no line of full contrast, two faint ones. With a
        // reflection they are glasses with glare; alone they are no glasses.
        let blurred = |glare| {
            let mut faint = parts([0.3, 0.2, 0.4, 0.0, 0.1], glare);
            if let Some(frame) = faint.glasses.as_mut() {
                frame.faint_lines = 2;
            }
            faint
        };
        assert!(
            lens_glare(&lm, &blurred([0.0, 0.1]), 480, 640, &rule)
                .unwrap()
                .is_some()
        );
        assert_eq!(
            lens_glare(&lm, &parts([0.3, 0.2, 0.4, 0.0, 0.1], [0.0, 0.1]), 480, 640, &rule),
            Ok(None)
        );
        assert_eq!(glasses(&lm, &blurred([0.0, 0.1]), 480, 640, &forbid), Ok(None));
        // Most windows out of the frame: nothing to judge.
        let cut = FaceParts {
            glasses: Some(GlassesFrame {
                lower_rims: [Some(0.9), None],
                bridge: Some(0.9),
                outer_rims: [None, None],
                faint_lines: 2,
            }),
            ..worn.clone()
        };
        assert_eq!(glasses(&lm, &cut, 480, 640, &forbid), Err(NotJudged));
        assert_eq!(lens_glare(&lm, &cut, 480, 640, &rule), Err(NotJudged));
    }

    #[test]
    fn a_long_line_across_the_neck_is_a_necklace() {
        let rule = error_rule(NecklaceParams::default());
        let lm = Landmarks {
            chin: Some(400.0),
            ..test_face()
        };
        let lines = |across: f32, arms: f32| FaceParts {
            necklace: Some(crate::parts::necklace::NeckLines { across, arms }),
            ..FaceParts::default()
        };
        let line = |l: Option<f32>| FaceParts {
            necklace: l.map(|across| crate::parts::necklace::NeckLines { across, arms: 0.0 }),
            ..FaceParts::default()
        };
        // A chain in a U whose bottom is the clothing's colour: a short
        // line across, its arms down the neck.
        let f = necklace(&lm, &lines(0.25, 0.7), 480, 640, &rule)
            .unwrap()
            .expect("a hanging chain");
        assert!(f.message.en.contains("down its sides"), "{}", f.message.en);
        assert_eq!(necklace(&lm, &lines(0.1, 0.7), 480, 640, &rule), Ok(None));
        assert_eq!(necklace(&lm, &lines(0.25, 0.3), 480, 640, &rule), Ok(None));
        assert_eq!(necklace(&lm, &line(Some(0.3)), 480, 640, &rule), Ok(None));
        let f = necklace(&lm, &line(Some(1.1)), 480, 640, &rule)
            .unwrap()
            .expect("a necklace");
        assert!(f.region.unwrap().y > 400, "{f:?}");
        assert_eq!(necklace(&lm, &line(None), 480, 640, &rule), Err(NotJudged));
    }
}

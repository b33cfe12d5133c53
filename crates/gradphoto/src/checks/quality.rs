//! Image-quality rules: `quality.exposure`, `quality.contrast`,
//! `quality.sharpness`, `quality.noise`, `quality.compression`,
//! `quality.colour-cast`, `quality.retouched`, `quality.skin-shine` — on
//! what the quality stage measured (`crate::quality`) and the face's parts.

use serde_json::json;

use super::{NotJudged, finding, num, whole_frame};
use crate::params::{
    ColourCastParams, CompressionParams, ContrastParams, ExposureParams, NoiseParams, RetouchedParams, SharpnessParams,
    SkinShineParams,
};
use crate::parts::FaceParts;
use crate::quality::ImageQuality;
use crate::rules::{Rule, RuleId};
use crate::segment::BackgroundModel;
use crate::verdict::{Finding, Message, Region};

/// The face's centre is washed out (over-exposed: light and blown): its
/// colour and texture are not this person's any more. Fixed at the
/// defaults of `quality.exposure`, which reports those photos.
fn face_washed_out(q: &ImageQuality) -> bool {
    let e = ExposureParams::default();
    q.face
        .is_some_and(|f| f.lightness > e.max_face_lightness || f.clipped > e.max_face_blown)
}

/// The whole picture's tones are squeezed towards grey
/// ([`crate::quality::squeezed`]).
fn squeezed(q: &ImageQuality) -> bool {
    crate::quality::squeezed([q.luma[0], q.highlight])
}

/// A colour (L\*a\*b\*) with the frame's levels stretched
/// ([`crate::colour::stretched`]: luma's 1st percentile to black, the
/// brightest channel's 99th to white), undoing a squeeze of the tones
/// towards grey.
fn levelled(lab: [f32; 3], q: &ImageQuality) -> [f32; 3] {
    crate::colour::stretched(lab, [q.luma[0], q.highlight])
}

/// Frame lines from which a face wears glasses (`accessory.glasses`'
/// default): their lenses' reflections clip the whites of the eyes too.
const GLASSES_LINES: usize = 2;

/// `quality.exposure`: nothing in the frame is bright (under-exposed), or
/// the face is blown out, a coloured backdrop washed pale or the whites of
/// the eyes of a face without glasses clipped to white (over-exposed).
pub fn exposure(
    q: &ImageQuality,
    parts: &FaceParts,
    backdrop: Option<&BackgroundModel>,
    face: Option<Region>,
    width: u32,
    height: u32,
    rule: &Rule<ExposureParams>,
) -> Option<Finding> {
    let p = &rule.params;
    let measured = json!({
        "highlight": q.highlight,
        "face_lightness": q.face.map(|f| num(f.lightness, 1)),
        "face_blown": q.face.map(|f| num(f.clipped, 3)),
        "backdrop_lightness": backdrop.map(|b| num(b.lab[0], 1)),
        "whites_lightness": parts.sclera.map(|w| num(w[0], 1)),
    });
    let expected = json!({
        "min_highlight": p.min_highlight,
        "max_face_lightness": num(p.max_face_lightness, 1),
        "max_face_blown": num(p.max_face_blown, 3),
        "max_backdrop_lightness": num(p.max_backdrop_lightness, 1),
        "max_whites_lightness": num(p.max_whites_lightness, 1),
    });
    let region = face.unwrap_or_else(|| whole_frame(width, height));
    if q.highlight < p.min_highlight {
        let message = Message::new(
            format!("照片曝光不足：最亮处仅 {}（应至少 {}）", q.highlight, p.min_highlight),
            format!(
                "under-exposed: the brightest tones reach only {} (at least {})",
                q.highlight, p.min_highlight
            ),
        );
        return Some(finding(
            RuleId::QualityExposure,
            rule,
            message,
            measured,
            expected,
            Some(whole_frame(width, height)),
        ));
    }
    let (why_zh, why_en) = if let Some(f) = q.face.filter(|f| f.lightness > p.max_face_lightness) {
        (
            format!("面部亮度 L* {:.0}（最多 {:.0}）", f.lightness, p.max_face_lightness),
            format!(
                "the face's lightness L* {:.0} (at most {:.0})",
                f.lightness, p.max_face_lightness
            ),
        )
    } else if let Some(f) = q.face.filter(|f| f.clipped > p.max_face_blown) {
        (
            format!(
                "面部 {:.0}% 过曝（最多 {:.0}%）",
                100.0 * f.clipped,
                100.0 * p.max_face_blown
            ),
            format!(
                "{:.0} % of the face blown out (at most {:.0} %)",
                100.0 * f.clipped,
                100.0 * p.max_face_blown
            ),
        )
    } else if let Some(b) = backdrop
        .filter(|b| b.lab[0] > p.max_backdrop_lightness && b.lab[1].hypot(b.lab[2]) > p.coloured_backdrop_chroma)
    {
        (
            format!(
                "彩色背景亮度 L* {:.0}（最多 {:.0}）",
                b.lab[0], p.max_backdrop_lightness
            ),
            format!(
                "the coloured backdrop's lightness L* {:.0} (at most {:.0})",
                b.lab[0], p.max_backdrop_lightness
            ),
        )
    } else if let Some([l, ..]) = parts
        .sclera
        .filter(|w| w[0] >= p.max_whites_lightness && parts.glasses.is_some_and(|g| g.lines().0 < GLASSES_LINES))
    {
        (
            format!(
                "眼白过曝为纯白：L* {l:.1}（未戴眼镜，应低于 {:.0}）",
                p.max_whites_lightness
            ),
            format!(
                "the whites of the eyes clipped to white: L* {l:.1} (no glasses; under {:.0})",
                p.max_whites_lightness
            ),
        )
    } else {
        return None;
    };
    Some(finding(
        RuleId::QualityExposure,
        rule,
        Message::new(format!("照片曝光过度：{why_zh}"), format!("over-exposed: {why_en}")),
        measured,
        expected,
        Some(region),
    ))
}

/// `quality.contrast`: no deep shadow and no bright highlight — the tones
/// squeezed towards mid-grey.
pub fn contrast(q: &ImageQuality, width: u32, height: u32, rule: &Rule<ContrastParams>) -> Option<Finding> {
    let p = &rule.params;
    let (black, white) = (q.luma[0], q.highlight);
    if black <= p.min_black || white >= p.max_white {
        return None;
    }
    Some(finding(
        RuleId::QualityContrast,
        rule,
        Message::new(
            format!(
                "对比度过低：最暗处 {black}（应不高于 {}），最亮处 {white}（应不低于 {}）",
                p.min_black, p.max_white
            ),
            format!(
                "low contrast: the darkest tones are {black} (at most {}) and the brightest {white} (at least {})",
                p.min_black, p.max_white
            ),
        ),
        json!({ "black": black, "white": white, "range": q.range }),
        json!({ "max_black": p.min_black, "min_white": p.max_white }),
        Some(whole_frame(width, height)),
    ))
}

/// `quality.sharpness`: the frame's strong edges are steep. Not judged on
/// a frame without strong edges.
pub fn sharpness(
    q: &ImageQuality,
    width: u32,
    height: u32,
    rule: &Rule<SharpnessParams>,
) -> Result<Option<Finding>, NotJudged> {
    let s = q.sharpness.ok_or(NotJudged)?;
    let least = rule.params.min_sharpness;
    if s >= least {
        return Ok(None);
    }
    Ok(Some(finding(
        RuleId::QualitySharpness,
        rule,
        Message::new(
            format!("照片模糊：边缘锐度 {s:.2}（应至少 {least}）"),
            format!("blurred: edge steepness {s:.2} (at least {least})"),
        ),
        json!({ "sharpness": num(s, 3) }),
        json!({ "min_sharpness": num(least, 3) }),
        Some(whole_frame(width, height)),
    )))
}

/// `quality.noise`: the backdrop's grain. Not judged without a segmented
/// backdrop.
pub fn noise(
    q: &ImageQuality,
    width: u32,
    height: u32,
    rule: &Rule<NoiseParams>,
) -> Result<Option<Finding>, NotJudged> {
    let sigma = q.noise.ok_or(NotJudged)?;
    let most = rule.params.max_sigma;
    if sigma <= most {
        return Ok(None);
    }
    Ok(Some(finding(
        RuleId::QualityNoise,
        rule,
        Message::new(
            format!("噪点过多：背景噪声 σ {sigma:.1}（最多 {most}）"),
            format!("noisy: the backdrop's noise σ is {sigma:.1} levels (at most {most})"),
        ),
        json!({ "noise_sigma": num(sigma, 2) }),
        json!({ "max_sigma": num(most, 2) }),
        Some(whole_frame(width, height)),
    )))
}

/// `quality.compression`: a JPEG quantised too coarsely (its table says
/// so), or blocky (re-saved after a coarse compression).
pub fn compression(
    q: &ImageQuality,
    jpeg_quality: Option<u8>,
    width: u32,
    height: u32,
    rule: &Rule<CompressionParams>,
) -> Option<Finding> {
    let p = &rule.params;
    let message = match jpeg_quality {
        Some(jq) if jq < p.min_jpeg_quality => Message::new(
            format!("压缩过度：JPEG 质量约 {jq}（应至少 {}）", p.min_jpeg_quality),
            format!(
                "over-compressed: JPEG quality about {jq} (at least {})",
                p.min_jpeg_quality
            ),
        ),
        _ if q.blocking > p.max_blocking => Message::new(
            format!(
                "有明显的压缩方块：块边界梯度比 {:.2}（最多 {}）",
                q.blocking, p.max_blocking
            ),
            format!(
                "visible compression blocks: block-edge ratio {:.2} (at most {})",
                q.blocking, p.max_blocking
            ),
        ),
        _ => return None,
    };
    Some(finding(
        RuleId::QualityCompression,
        rule,
        message,
        json!({ "jpeg_quality": jpeg_quality, "blocking": num(q.blocking, 3) }),
        json!({ "min_jpeg_quality": p.min_jpeg_quality, "max_blocking": num(p.max_blocking, 3) }),
        Some(whole_frame(width, height)),
    ))
}

/// `quality.colour-cast`: the whites of the eyes tinted, or the skin's
/// colour far off natural skin, or off and the backdrop shifted from its
/// known colour the same way — unless the whites are plainly neutral (the
/// whites are the photo's white reference; a skin tone far from the
/// cluster is more often a skin the cluster does not cover). The whites
/// count where they were read on open eyes: lighter than
/// `min_sclera_lightness`, and at least `min_sclera_gap` lighter than the
/// skin or that far from its colour, and not clipped (clipped whites count
/// only when they kept a tint). The skin counts where its tone was measured
/// on two patches or more and the face is not washed out (its colour is
/// then gone, not shifted). Not judged where neither counts.
pub fn colour_cast(
    q: &ImageQuality,
    parts: &FaceParts,
    backdrop: Option<&BackgroundModel>,
    face: Option<Region>,
    rule: &Rule<ColourCastParams>,
) -> Result<Option<Finding>, NotJudged> {
    use crate::parts::sclera;
    let p = &rule.params;
    let skin_tone = parts.skin.as_ref().ok_or(NotJudged)?;
    let whites = parts.sclera.and_then(|w| {
        let [l, a, b] = skin_tone.lab;
        let apart = w[0] - l >= p.min_sclera_gap || (w[1] - a).hypot(w[2] - b) >= p.min_sclera_gap;
        // Tones squeezed towards grey squeeze the whites' lightness and
        // tint with them: those are read with the frame's levels stretched
        // back (the gap to the skin is not: a stretch widens it).
        let w = if squeezed(q) { levelled(w, q) } else { w };
        let lit = (p.min_sclera_lightness..=p.max_sclera_lightness).contains(&w[0])
            || w[0] > p.max_sclera_lightness && sclera::tint(w) > p.max_sclera_tint;
        (apart && lit).then_some(w)
    });
    let tint = whites.map(sclera::tint);
    // Whites no further from the skin than a lid is: on a pale face under
    // a cast the whites and the skin take the same tint. A cast where the
    // reading is light and tinted past the limit and the skin off natural
    // skin too (a closed eye on natural skin reads the skin's own, natural
    // colour).
    let tone_distance = crate::quality::cast::skin_distance(skin_tone.lab);
    let shared_tint = parts
        .sclera
        .filter(|w| whites.is_none() && w[0] >= p.min_sclera_lightness)
        .map(sclera::tint)
        .filter(|&t| t > p.max_sclera_tint && tone_distance > p.max_skin_distance);
    let skin = Some(skin_tone).filter(|s| s.patches.len() >= 2 && !face_washed_out(q) && !squeezed(q));
    if skin.is_none() && whites.is_none() && shared_tint.is_none() {
        return Err(NotJudged);
    }
    let distance = skin.map(|_| tone_distance);
    let shift = skin
        .zip(backdrop)
        .and_then(|(s, b)| crate::quality::cast::backdrop_shift_along(s.lab, b.rgb, p.backdrop));
    let far = distance.is_some_and(|d| d > p.max_skin_distance);
    let confirmed =
        distance.is_some_and(|d| d > p.shifted_skin_distance) && shift.is_some_and(|s| s >= p.min_backdrop_shift);
    let tinted = tint.is_some_and(|t| t > p.max_sclera_tint);
    let clean = tint.is_some_and(|t| t < p.clean_sclera_tint);
    if !(tinted || shared_tint.is_some() || (far || confirmed) && !clean) {
        return Ok(None);
    }
    let most = p.max_skin_distance;
    let d = distance.unwrap_or_default();
    let (zh, en) = if let Some(t) = shared_tint.filter(|_| !tinted) {
        let d = tone_distance;
        (
            format!("照片偏色：眼白与肤色同样偏色，眼白偏离中性 {t:.0}（彩度），肤色偏离自然肤色 {d:.1} 个标准差"),
            format!(
                "colour cast: the whites of the eyes and the skin share a tint, the whites chroma {t:.0} off neutral, \
                 the skin {d:.1} standard deviations off natural skin"
            ),
        )
    } else if tinted {
        let t = tint.unwrap_or_default();
        let most = p.max_sclera_tint;
        (
            format!("照片偏色：眼白偏离中性 {t:.0}（彩度，最多 {most}）"),
            format!("colour cast: the whites of the eyes are tinted, chroma {t:.0} off neutral (at most {most})"),
        )
    } else if far {
        (
            format!("照片偏色：肤色偏离自然肤色 {d:.1} 个标准差（最多 {most}）"),
            format!("colour cast: the skin's colour is {d:.1} standard deviations off natural skin (at most {most})"),
        )
    } else {
        let s = shift.unwrap_or_default();
        (
            format!("照片偏色：肤色偏离 {d:.1} 个标准差，背景同向偏移 {s:.2}"),
            format!(
                "colour cast: the skin is {d:.1} standard deviations off and the backdrop shifted {s:.2} the same way"
            ),
        )
    };
    Ok(Some(finding(
        RuleId::QualityColourCast,
        rule,
        Message::new(zh, en),
        json!({
            "sclera_tint": tint.or(shared_tint).map(|t| num(t, 1)),
            "skin_distance": distance.map(|d| num(d, 2)),
            "backdrop_shift": shift.map(|s| num(s, 3)),
            "skin_lab": skin_tone.lab.map(|v| num(v, 1)),
        }),
        json!({
            "max_sclera_tint": num(p.max_sclera_tint, 2),
            "clean_sclera_tint": num(p.clean_sclera_tint, 2),
            "max_skin_distance": num(most, 2),
            "shifted_skin_distance": num(p.shifted_skin_distance, 2),
            "min_backdrop_shift": num(p.min_backdrop_shift, 3),
        }),
        face,
    )))
}

/// `quality.retouched`: the skin far smoother than the photo's own grain
/// (a beauty filter). Not judged where the texture is gone for another
/// reason: coarse compression, a washed-out face, or no skin tone to place
/// the windows on skin and a lower face that is not skin (a mask).
pub fn retouched(
    q: &ImageQuality,
    parts: &FaceParts,
    jpeg_quality: Option<u8>,
    face: Option<Region>,
    rule: &Rule<RetouchedParams>,
) -> Result<Option<Finding>, NotJudged> {
    /// Under this JPEG quality the quantiser, not a filter, smooths skin.
    const MIN_JUDGED_QUALITY: u8 = 50;
    /// Under this share of skin below the nose the cheeks may be covered.
    const MIN_LOWER_FACE_SKIN: f32 = 0.4;
    let (Some(texture), Some(ratio)) = (q.skin_texture, q.skin_to_noise) else {
        return Err(NotJudged);
    };
    let masked = parts.skin.is_none() && parts.lower_face_skin.is_some_and(|s| s < MIN_LOWER_FACE_SKIN);
    if jpeg_quality.is_some_and(|jq| jq < MIN_JUDGED_QUALITY) || face_washed_out(q) || masked {
        return Err(NotJudged);
    }
    let p = &rule.params;
    let smooth = texture < p.max_skin_texture && ratio < p.max_skin_to_noise;
    let smoother_than_grain = texture < p.max_grainy_skin_texture && ratio < p.max_grainy_skin_to_noise;
    if !smooth && !smoother_than_grain {
        return Ok(None);
    }
    Ok(Some(finding(
        RuleId::QualityRetouched,
        rule,
        Message::new(
            format!("疑似美颜磨皮：皮肤纹理 {texture:.2}，为背景噪声的 {ratio:.2} 倍，皮肤过于平滑"),
            format!(
                "looks retouched (beauty filter): the skin's texture is {texture:.2}, {ratio:.2} times the backdrop's grain — too smooth"
            ),
        ),
        json!({ "skin_texture": num(texture, 3), "skin_to_noise": num(ratio, 3) }),
        json!({
            "min_skin_texture": num(p.max_skin_texture, 3),
            "min_skin_to_noise": num(p.max_skin_to_noise, 3),
            "min_grainy_skin_texture": num(p.max_grainy_skin_texture, 3),
            "min_grainy_skin_to_noise": num(p.max_grainy_skin_to_noise, 3),
        }),
        face,
    )))
}

/// `quality.skin-shine`: no oily shine or strong highlights on the face —
/// no more than `max_share` of the face's skin (`max_share_fair` of fair
/// skin) much lighter than its darker half and washed of its colour
/// (`parts::shine`). Not judged on a washed-out face (over-exposed: shine
/// and skin are both blown).
pub fn skin_shine(
    q: &ImageQuality,
    parts: &FaceParts,
    face: Option<Region>,
    rule: &Rule<SkinShineParams>,
) -> Result<Option<Finding>, NotJudged> {
    let share = parts.shine.ok_or(NotJudged)?;
    if face_washed_out(q) {
        return Err(NotJudged);
    }
    let p = &rule.params;
    let fair = parts.skin.as_ref().is_some_and(|s| s.lab[0] >= p.fair_skin_lightness);
    let max = if fair { p.max_share_fair } else { p.max_share };
    if share <= max {
        return Ok(None);
    }
    Ok(Some(finding(
        RuleId::QualitySkinShine,
        rule,
        Message::new(
            format!(
                "面部有油光或高光：{:.0}% 的皮肤为高光（应不超过 {:.1}%）",
                100.0 * share,
                100.0 * max
            ),
            format!(
                "oily shine or highlights: {:.0} % of the face's skin is a highlight (at most {:.1} %)",
                100.0 * share,
                100.0 * max
            ),
        ),
        json!({ "shine": num(share, 3) }),
        json!({ "max_share": num(max, 3) }),
        face,
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::error_rule;
    use crate::quality::FaceTone;

    fn normal() -> ImageQuality {
        ImageQuality {
            luma: [20, 120, 230],
            highlight: 250,
            range: 210,
            sharpness: Some(0.8),
            noise: Some(1.5),
            blocking: 1.4,
            face: Some(FaceTone {
                lightness: 70.0,
                clipped: 0.0,
                a: 12.0,
                b: 20.0,
            }),
            skin_texture: Some(1.8),
            skin_to_noise: Some(1.3),
        }
    }

    #[test]
    fn a_normal_photo_passes_every_quality_rule() {
        let q = normal();
        let parts = FaceParts::default();
        assert_eq!(
            exposure(
                &q,
                &FaceParts::default(),
                None,
                None,
                480,
                640,
                &error_rule(ExposureParams::default())
            ),
            None
        );
        assert_eq!(contrast(&q, 480, 640, &error_rule(ContrastParams::default())), None);
        assert_eq!(
            sharpness(&q, 480, 640, &error_rule(SharpnessParams::default())),
            Ok(None)
        );
        assert_eq!(noise(&q, 480, 640, &error_rule(NoiseParams::default())), Ok(None));
        assert_eq!(
            compression(&q, Some(85), 480, 640, &error_rule(CompressionParams::default())),
            None
        );
        assert_eq!(
            retouched(&q, &parts, Some(85), None, &error_rule(RetouchedParams::default())),
            Ok(None)
        );
    }

    #[test]
    fn each_defect_fires_its_rule() {
        let rule = error_rule(ExposureParams::default());
        let judge = |q: &ImageQuality, parts: &FaceParts| exposure(q, parts, None, None, 480, 640, &rule);
        let dark = ImageQuality {
            highlight: 120,
            ..normal()
        };
        let f = judge(&dark, &FaceParts::default()).unwrap();
        assert!(f.message.en.starts_with("under-exposed"), "{}", f.message.en);
        let blown = ImageQuality {
            face: Some(FaceTone {
                lightness: 97.0,
                clipped: 0.9,
                a: 0.0,
                b: 2.0,
            }),
            ..normal()
        };
        let f = judge(&blown, &FaceParts::default()).unwrap();
        assert!(f.message.en.starts_with("over-exposed"), "{}", f.message.en);
        // Dark skin over-exposed: the face reads a normal lightness, the
        // whites of its eyes are clipped — unless glasses reflect there.
        let eyes = |whites: f32, lines: f32| FaceParts {
            sclera: Some([whites, 0.0, 0.0]),
            glasses: Some(crate::parts::glasses::GlassesFrame {
                lower_rims: [Some(lines); 2],
                bridge: Some(0.0),
                outer_rims: [Some(0.0); 2],
                faint_lines: 0,
            }),
            ..FaceParts::default()
        };
        let f = judge(&normal(), &eyes(99.6, 0.0)).expect("clipped whites");
        assert!(f.message.en.contains("whites of the eyes"), "{}", f.message.en);
        assert_eq!(judge(&normal(), &eyes(99.6, 0.9)), None);
        assert_eq!(judge(&normal(), &eyes(92.0, 0.0)), None);
        let flat = ImageQuality {
            luma: [80, 128, 170],
            highlight: 180,
            ..normal()
        };
        assert!(contrast(&flat, 480, 640, &error_rule(ContrastParams::default())).is_some());
        let soft = ImageQuality {
            sharpness: Some(0.3),
            ..normal()
        };
        assert!(
            sharpness(&soft, 480, 640, &error_rule(SharpnessParams::default()))
                .unwrap()
                .is_some()
        );
        let grainy = ImageQuality {
            noise: Some(12.0),
            ..normal()
        };
        assert!(
            noise(&grainy, 480, 640, &error_rule(NoiseParams::default()))
                .unwrap()
                .is_some()
        );
        let rule = error_rule(CompressionParams::default());
        assert!(compression(&normal(), Some(15), 480, 640, &rule).is_some());
        let blocky = ImageQuality {
            blocking: 3.0,
            ..normal()
        };
        assert!(compression(&blocky, Some(95), 480, 640, &rule).is_some());
        let smooth = ImageQuality {
            skin_texture: Some(0.4),
            skin_to_noise: Some(0.3),
            ..normal()
        };
        let rule = error_rule(RetouchedParams::default());
        assert!(
            retouched(&smooth, &FaceParts::default(), Some(85), None, &rule)
                .unwrap()
                .is_some()
        );
        // The quantiser, not a filter, smoothed this skin: not judged.
        assert_eq!(
            retouched(&smooth, &FaceParts::default(), Some(20), None, &rule),
            Err(NotJudged)
        );
        // Skin with a filter's leftover of heavy grain: over the absolute
        // floor, but a third of the backdrop's grain.
        let grainy = |ratio| ImageQuality {
            skin_texture: Some(1.0),
            skin_to_noise: Some(ratio),
            ..normal()
        };
        let judge = |q: &ImageQuality| retouched(q, &FaceParts::default(), Some(85), None, &rule).unwrap();
        assert!(judge(&grainy(0.3)).is_some());
        assert!(judge(&grainy(0.7)).is_none());
    }

    #[test]
    fn a_cast_needs_two_skin_patches_and_an_unwashed_face() {
        use crate::colour::lab_fast;
        use crate::parts::skin::{SkinPatch, SkinTone};
        let skin = |rgb: [u8; 3], patches: Vec<SkinPatch>| FaceParts {
            skin: Some(SkinTone {
                lab: lab_fast(rgb),
                chroma_tolerance: 8.0,
                patches,
            }),
            ..FaceParts::default()
        };
        let both = || vec![SkinPatch::LeftCheek, SkinPatch::RightCheek];
        let rule = error_rule(ColourCastParams::default());
        let q = normal();
        // Skin under a green gain (0.85, 1.25, 0.85), and natural skin.
        let green = skin([170, 187, 102], both());
        assert!(colour_cast(&q, &green, None, None, &rule).unwrap().is_some());
        assert_eq!(
            colour_cast(&q, &skin([200, 150, 120], both()), None, None, &rule),
            Ok(None)
        );
        let one = skin([170, 187, 102], vec![SkinPatch::LeftCheek]);
        assert_eq!(colour_cast(&q, &one, None, None, &rule), Err(NotJudged));
        let washed = ImageQuality {
            face: Some(FaceTone {
                lightness: 98.0,
                clipped: 0.95,
                a: 0.0,
                b: 0.0,
            }),
            ..normal()
        };
        assert_eq!(colour_cast(&washed, &green, None, None, &rule), Err(NotJudged));

        // The whites of the eyes: tinted whites (RGB (236, 230, 224) under a
        // warm gain) are a cast whatever the skin says, neutral ones overrule
        // a skin far off the cluster, and the whites of a washed-out face
        // still count.
        let with_whites = |parts: FaceParts, white: [u8; 3]| FaceParts {
            sclera: Some(lab_fast(white)),
            ..parts
        };
        let natural = skin([200, 150, 120], both());
        let f = colour_cast(&q, &with_whites(natural.clone(), [255, 230, 168]), None, None, &rule)
            .unwrap()
            .expect("tinted whites");
        assert!(f.message.en.contains("whites"), "{}", f.message.en);
        assert!(f.measured.as_ref().unwrap()["sclera_tint"].as_f64().unwrap() > 15.0);
        assert_eq!(
            colour_cast(&q, &with_whites(green.clone(), [236, 230, 224]), None, None, &rule),
            Ok(None),
            "neutral whites overrule the skin"
        );
        assert!(
            colour_cast(&washed, &with_whites(green.clone(), [255, 230, 168]), None, None, &rule)
                .unwrap()
                .is_some()
        );
        // Tones squeezed towards grey (by 0.4 around 128): the tinted
        // whites read L* 69, too dark to count as they are, and count with
        // the frame's levels (70 to 185) stretched back; neutral whites so
        // squeezed pass.
        let squeeze = |rgb: [u8; 3]| rgb.map(|c| (76.8 + 0.4 * f32::from(c)).round() as u8);
        let grey = ImageQuality {
            luma: [70, 120, 175],
            highlight: 185,
            range: 105,
            ..normal()
        };
        let squeezed_skin = skin(squeeze([200, 150, 120]), both());
        let f = colour_cast(
            &grey,
            &with_whites(squeezed_skin.clone(), squeeze([255, 230, 168])),
            None,
            None,
            &rule,
        )
        .unwrap()
        .expect("squeezed tinted whites");
        assert!(f.message.en.contains("whites"), "{}", f.message.en);
        assert_eq!(
            colour_cast(
                &grey,
                &with_whites(squeezed_skin, squeeze([236, 230, 224])),
                None,
                None,
                &rule
            ),
            Ok(None)
        );
        // "Whites" no lighter than the skin and of its colour are skin
        // (closed eyes): they do not count, however tinted.
        assert_eq!(
            colour_cast(&q, &with_whites(one, [175, 192, 106]), None, None, &rule),
            Err(NotJudged)
        );
        // A pale face under a yellow cast: whites and skin take the same
        // tint (too near each other to count as whites), the skin off
        // natural skin — a cast even where the face is washed out; pale
        // natural skin with its lids read as whites is none.
        let yellow = skin([255, 236, 150], both());
        let f = colour_cast(&washed, &with_whites(yellow, [255, 245, 160]), None, None, &rule)
            .unwrap()
            .expect("a shared tint");
        assert!(f.message.en.contains("share a tint"), "{}", f.message.en);
        let pale = skin([250, 215, 195], both());
        assert_eq!(
            colour_cast(&q, &with_whites(pale, [252, 220, 200]), None, None, &rule),
            Ok(None)
        );
    }

    #[test]
    fn shine_fires_over_its_share_unless_the_face_is_washed_out() {
        let rule = error_rule(SkinShineParams::default());
        let shine = |s: Option<f32>| FaceParts {
            shine: s,
            ..FaceParts::default()
        };
        assert_eq!(skin_shine(&normal(), &shine(Some(0.01)), None, &rule), Ok(None));
        let f = skin_shine(&normal(), &shine(Some(0.12)), None, &rule)
            .unwrap()
            .expect("shine");
        assert!(f.message.en.contains("12 %"), "{}", f.message.en);
        assert_eq!(skin_shine(&normal(), &shine(None), None, &rule), Err(NotJudged));
        let washed = ImageQuality {
            face: Some(FaceTone {
                lightness: 97.0,
                clipped: 0.6,
                a: 1.0,
                b: 2.0,
            }),
            ..normal()
        };
        assert_eq!(skin_shine(&washed, &shine(Some(0.5)), None, &rule), Err(NotJudged));
        // On fair skin a smaller share is already shine.
        let on_skin = |lightness: f32, s: f32| FaceParts {
            skin: Some(crate::parts::skin::SkinTone {
                lab: [lightness, 6.0, 12.0],
                chroma_tolerance: 8.0,
                patches: vec![crate::parts::skin::SkinPatch::LeftCheek],
            }),
            ..shine(Some(s))
        };
        assert!(
            skin_shine(&normal(), &on_skin(88.0, 0.03), None, &rule)
                .unwrap()
                .is_some()
        );
        assert_eq!(skin_shine(&normal(), &on_skin(60.0, 0.03), None, &rule), Ok(None));
        let f = skin_shine(&normal(), &on_skin(88.0, 0.02), None, &rule)
            .unwrap()
            .unwrap();
        assert_eq!(f.expected.as_ref().unwrap()["max_share"], 0.015);
    }
}

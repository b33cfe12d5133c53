//! Occlusion rules: `occlusion.eyebrows`, `occlusion.eyes`, `occlusion.ears`,
//! `occlusion.face`.

use serde_json::json;

use super::geometry::region_of;
use super::{NotJudged, finding, num, windows_region};
use crate::landmarks::Landmarks;
use crate::params::{EarsParams, EyebrowsParams, EyesCoverParams, FaceOcclusionParams};
use crate::parts::FaceParts;
use crate::rules::{Rule, RuleId};
use crate::verdict::{Finding, Message, Region};

/// `occlusion.ears`: both ears show — at neither ear point is the zone
/// beside the face mostly the hair's colour (`parts::ears`; under headwear
/// or a hood the engine measures the zones against the hair's colour read
/// in the brow bands, `parts::fringe::hair_under_cover`). Not judged
/// without a hair colour to compare with, or with both zones out of the
/// frame. `covered`: under a hood or headwear (`max_hair_cover_covered`).
pub fn ears(
    lm: &Landmarks,
    parts: &FaceParts,
    covered: bool,
    width: u32,
    height: u32,
    rule: &Rule<EarsParams>,
) -> Result<Option<Finding>, NotJudged> {
    let cover = parts.ear_hair.ok_or(NotJudged)?;
    let p = &rule.params;
    let most = if covered {
        p.max_hair_cover_covered
    } else {
        p.max_hair_cover
    };
    if cover.iter().all(Option::is_none) {
        return Err(NotJudged);
    }
    let covered: Vec<usize> = (0..2).filter(|&i| cover[i].is_some_and(|c| c > most)).collect();
    let Some(&first) = covered.first() else {
        return Ok(None);
    };
    let (zh, en) = match covered.as_slice() {
        [_, _] => ("双耳".to_string(), "both ears".to_string()),
        _ => (
            format!("画面{}侧耳朵", ["左", "右"][first]),
            format!("the {} ear", ["image-left", "image-right"][first]),
        ),
    };
    let region = windows_region(
        covered.iter().map(|&i| crate::parts::ears::zone(lm, lm.ears[i])),
        width,
        height,
    );
    let worst = covered.iter().filter_map(|&i| cover[i]).fold(0f32, f32::max);
    Ok(Some(hair_finding(
        RuleId::OcclusionEars,
        rule,
        [&zh, "耳部"],
        [&en, "the ear's zone"],
        [worst, most],
        cover,
        HAIR_KEYS,
        region,
    )))
}

/// The names of a hair share and its limit in a finding.
const HAIR_KEYS: [&str; 2] = ["hair_cover", "max_hair_cover"];

/// A finding of hair over a part of the face: `zh`/`en` name the part
/// covered and the window measured; `[share, most]` the covered share and
/// its limit; `cover` both sides' shares; `[measured, limit]` their names
/// in the finding ([`HAIR_KEYS`] but for the lightness share).
#[allow(clippy::too_many_arguments)]
fn hair_finding<P>(
    id: RuleId,
    rule: &Rule<P>,
    zh: [&str; 2],
    en: [&str; 2],
    [share, most]: [f32; 2],
    cover: [Option<f32>; 2],
    [measured, limit]: [&str; 2],
    region: Region,
) -> Finding {
    let pct = |v: f32| v * 100.0;
    finding(
        id,
        rule,
        Message::new(
            format!(
                "头发遮挡{}：{} {:.0}% 为头发颜色（至多 {:.0}%）",
                zh[0],
                zh[1],
                pct(share),
                pct(most)
            ),
            format!(
                "hair covers {}: {:.0} % of {} is the hair's colour (at most {:.0} %)",
                en[0],
                pct(share),
                en[1],
                pct(most)
            ),
        ),
        json!({ measured: cover.map(|c| c.map(|c| num(c, 3))) }),
        json!({ limit: num(most, 3) }),
        Some(region),
    )
}

/// `occlusion.eyebrows`: the brows show — the less covered of the two brow
/// bands is not mostly the hair's colour (`parts::fringe`; a fringe covers
/// both, one side may be measured alone), nor, where the hair is about the
/// skin's colour (within `max_hair_skin_distance`), are both bands
/// textured in strands (`max_strand_share`). Under headwear or a hood the
/// engine measures the bands against the hair's colour read in them
/// (`parts::fringe::hair_under_cover`). Not judged without a hair colour
/// (no crown; under a cover, none but the skin's) or with both bands out of
/// the frame; `covered`: under a hood or headwear
/// (`max_hair_cover_covered`).
pub fn eyebrows(
    lm: &Landmarks,
    parts: &FaceParts,
    covered: bool,
    width: u32,
    height: u32,
    rule: &Rule<EyebrowsParams>,
) -> Result<Option<Finding>, NotJudged> {
    let fringe = parts.fringe.ok_or(NotJudged)?;
    let p = &rule.params;
    let most = if covered {
        p.max_hair_cover_covered
    } else {
        p.max_hair_cover
    };
    let least_covered = fold_sides(fringe.brows, f32::min).ok_or(NotJudged)?;
    let region = windows_region(
        lm.eyes.iter().map(|&e| crate::parts::fringe::brow_band(lm, e)),
        width,
        height,
    );
    if least_covered > most {
        return Ok(Some(hair_finding(
            RuleId::OcclusionEyebrows,
            rule,
            ["眉毛", "眉毛区域"],
            ["the eyebrows", "the brow band"],
            [least_covered, most],
            fringe.brows,
            HAIR_KEYS,
            region,
        )));
    }
    let strands = fringe.brow_strands;
    let least_stranded = fold_sides(strands, f32::min);
    Ok(
        Strands::over(parts, p.max_hair_skin_distance, least_stranded, p.max_strand_share).map(|s| {
            s.finding(
                RuleId::OcclusionEyebrows,
                rule,
                ["眉毛", "眉毛区域"],
                ["the eyebrows", "the brow band"],
                [fringe.brows, strands],
                region,
            )
        }),
    )
}

/// `occlusion.eyes`: no hair over the eyes — neither eye window is mostly
/// the hair's colour (`parts::fringe`), both are not mostly the hair's
/// colour told from the skin by lightness (`max_lightness_cover`: hair of
/// the skin's hue), nor, where the hair is about the
/// skin's colour (within `max_hair_skin_distance`), textured in strands
/// (`max_strand_share`). Not judged as [`eyebrows`]; `covered` as there.
pub fn eyes(
    lm: &Landmarks,
    parts: &FaceParts,
    covered: bool,
    width: u32,
    height: u32,
    rule: &Rule<EyesCoverParams>,
) -> Result<Option<Finding>, NotJudged> {
    let fringe = parts.fringe.ok_or(NotJudged)?;
    let p = &rule.params;
    let most = if covered {
        p.max_hair_cover_covered
    } else {
        p.max_hair_cover
    };
    let worst = fold_sides(fringe.eyes, f32::max).ok_or(NotJudged)?;
    let over = |shares: [Option<f32>; 2], limit: f32| {
        let sides = (0..2).filter(move |&i| shares[i].is_some_and(|c| c > limit));
        windows_region(
            sides.map(|i| crate::parts::fringe::eye_window(lm, lm.eyes[i])),
            width,
            height,
        )
    };
    if worst > most {
        return Ok(Some(hair_finding(
            RuleId::OcclusionEyes,
            rule,
            ["眼睛", "眼部"],
            ["the eyes", "an eye's window"],
            [worst, most],
            fringe.eyes,
            HAIR_KEYS,
            over(fringe.eyes, most),
        )));
    }
    // Hair of the skin's hue, told by lightness: over both eyes (an eye in
    // shade alone is not hair).
    let by_lightness = fringe.eyes_by_lightness;
    if let Some(least) = fold_sides(by_lightness, f32::min).filter(|&s| s > p.max_lightness_cover) {
        return Ok(Some(hair_finding(
            RuleId::OcclusionEyes,
            rule,
            ["眼睛", "双眼区域"],
            ["the eyes", "each eye's window"],
            [least, p.max_lightness_cover],
            by_lightness,
            ["hair_cover_by_lightness", "max_lightness_cover"],
            over(by_lightness, p.max_lightness_cover),
        )));
    }
    let strands = fringe.eye_strands;
    let most_stranded = fold_sides(strands, f32::max);
    Ok(
        Strands::over(parts, p.max_hair_skin_distance, most_stranded, p.max_strand_share).map(|s| {
            s.finding(
                RuleId::OcclusionEyes,
                rule,
                ["眼睛", "眼部"],
                ["the eyes", "an eye's window"],
                [fringe.eyes, strands],
                over(strands, s.limit),
            )
        }),
    )
}

/// Both sides' measures folded into one (`f32::min`: the less covered;
/// `f32::max`: the worse), the sides out of the frame left out; `None`
/// when both are.
fn fold_sides(sides: [Option<f32>; 2], pick: fn(f32, f32) -> f32) -> Option<f32> {
    sides.into_iter().flatten().reduce(pick)
}

/// Hair told from skin by its strands, where it is too close to the
/// skin's colour for the colour shares (`parts::fringe`'s strand shares).
struct Strands {
    /// ΔE between the hair's colour (`FringeCover::hair`) and the skin
    /// model.
    apart: f32,
    /// The hair's distance from the skin under which strands decide.
    max_apart: f32,
    /// The strand share that decided, and its limit.
    share: f32,
    limit: f32,
}

impl Strands {
    /// Strands over their limit where the hair is within `max_apart` ΔE of
    /// the skin; `None` elsewhere (dark hair on fair skin is told by its
    /// colour; a lash line or a frame's side can run down as well).
    fn over(parts: &FaceParts, max_apart: f32, share: Option<f32>, limit: f32) -> Option<Strands> {
        let (skin, hair) = (parts.skin.as_ref()?, parts.fringe?.hair);
        let apart = crate::colour::delta_e_lab(skin.lab, hair);
        let share = share?;
        (apart <= max_apart && share > limit).then_some(Strands {
            apart,
            max_apart,
            share,
            limit,
        })
    }

    /// The finding: `zh`/`en` name the part covered and the window measured,
    /// `[cover, strands]` both sides' colour and strand shares.
    fn finding<P>(
        &self,
        id: RuleId,
        rule: &Rule<P>,
        zh: [&str; 2],
        en: [&str; 2],
        [cover, strands]: [[Option<f32>; 2]; 2],
        region: Region,
    ) -> Finding {
        let pct = |v: f32| v * 100.0;
        let sides = |v: [Option<f32>; 2]| v.map(|c| c.map(|c| num(c, 3)));
        finding(
            id,
            rule,
            Message::new(
                format!(
                    "头发遮挡{}：{}纹理 {:.0}% 为发丝走向（至多 {:.0}%；发色与肤色仅差 ΔE {:.1}，无法按颜色区分）",
                    zh[0],
                    zh[1],
                    pct(self.share),
                    pct(self.limit),
                    self.apart
                ),
                format!(
                    "hair covers {}: {:.0} % of the texture in {} runs in strands (at most {:.0} %; the hair is ΔE \
                     {:.1} from the skin, too close to tell by colour)",
                    en[0],
                    pct(self.share),
                    en[1],
                    pct(self.limit),
                    self.apart
                ),
            ),
            json!({ "hair_cover": sides(cover), "strands": sides(strands), "hair_skin_distance": num(self.apart, 2) }),
            json!({ "max_strand_share": num(self.limit, 3), "max_hair_skin_distance": num(self.max_apart, 2) }),
            Some(region),
        )
    }
}

/// Least b\* of the whites of the eyes that reads warm (natural whites read
/// about 3.5; a blue cast turns them blue).
const WARM_WHITES: f32 = 3.0;

/// Whether the face's skin model is a covering's colour: where no patch
/// under the eyes is skin-like, the model is the most common smooth colour
/// there — a mask's, when one covers the cheeks and the nose. No colour
/// cast makes skin blue (b\* < 0, off the skin locus) and leaves the whites
/// of the eyes warm; the whites must be about as light as the model or
/// lighter (not an eye window in shade).
fn skin_is_a_covering(parts: &FaceParts) -> bool {
    parts.skin.as_ref().zip(parts.sclera).is_some_and(|(skin, whites)| {
        let [l, _, b] = skin.lab;
        b < 0.0 && !crate::parts::skin::skin_like(skin.lab) && whites[2] > WARM_WHITES && whites[0] > l - 5.0
    })
}

/// `occlusion.face`: the lower face is skin, not a mask, a scarf or an
/// object — at least `min_skin_share` of it matches the skin model, and
/// the model itself is not a covering's blue under warm whites of the eyes
/// (`skin_is_a_covering`). Not judged where neither was measured.
pub fn face(
    lm: &Landmarks,
    parts: &FaceParts,
    width: u32,
    height: u32,
    rule: &Rule<FaceOcclusionParams>,
) -> Result<Option<Finding>, NotJudged> {
    let covering = skin_is_a_covering(parts);
    let share = match parts.lower_face_skin {
        Some(share) => share,
        None if covering => 0.0,
        None => return Err(NotJudged),
    };
    let least = rule.params.min_skin_share;
    if share >= least && !covering {
        return Ok(None);
    }
    let d = lm.eye_distance();
    let (top, bottom) = (lm.nose[1], lm.predicted_chin());
    let x = lm.face_centre();
    let pct = |v: f32| v * 100.0;
    let message = if covering {
        Message::new(
            "面部下方有遮挡：眼下可见的唯一平整颜色为蓝色，而眼白偏暖，并非偏色的皮肤（疑似口罩）".to_owned(),
            "something covers the lower face: the only smooth colour under the eyes is blue while the whites of the eyes are warm — not skin under a cast (a mask)".to_owned(),
        )
    } else {
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
        )
    };
    Ok(Some(finding(
        RuleId::OcclusionFace,
        rule,
        message,
        json!({
            "skin_share": parts.lower_face_skin.map(|s| num(s, 3)),
            "skin_model_lab": parts.skin.as_ref().map(|s| s.lab.map(|v| num(v, 1))),
            "whites_lab": parts.sclera.map(|w| w.map(|v| num(v, 1))),
            "covering": covering,
        }),
        json!({ "min_skin_share": num(least, 4), "min_whites_b": WARM_WHITES }),
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

    /// A skin model of colour `lab`, sampled on both cheeks.
    fn skin_model(lab: [f32; 3]) -> crate::parts::skin::SkinTone {
        use crate::parts::skin::{SkinPatch, SkinTone};
        SkinTone {
            lab,
            chroma_tolerance: 8.0,
            patches: vec![SkinPatch::LeftCheek, SkinPatch::RightCheek],
        }
    }

    #[test]
    fn hair_over_an_ear_fires_for_that_side_and_needs_a_measure() {
        let rule = error_rule(EarsParams::default());
        let lm = Landmarks {
            ears: [[150.0, 270.0], [330.0, 270.0]],
            face_edges: Some([140.0, 340.0]),
            ..face_at()
        };
        let parts = |cover| FaceParts {
            ear_hair: cover,
            ..FaceParts::default()
        };
        assert_eq!(
            ears(&lm, &parts(Some([Some(0.1), Some(0.2)])), false, 480, 640, &rule),
            Ok(None)
        );
        let f = ears(&lm, &parts(Some([Some(0.1), Some(0.95)])), false, 480, 640, &rule)
            .unwrap()
            .expect("the image-right ear is covered");
        assert!(f.message.en.contains("image-right ear"), "{}", f.message.en);
        assert!(f.region.unwrap().x > 300, "{:?}", f.region);
        let both = ears(&lm, &parts(Some([Some(0.9), Some(0.95)])), false, 480, 640, &rule)
            .unwrap()
            .unwrap();
        assert!(both.message.en.contains("both ears"), "{}", both.message.en);
        let r = both.region.unwrap();
        assert!(r.x < 150 && r.x + r.width > 330, "{r:?}");
        assert_eq!(
            ears(&lm, &parts(Some([None, None])), false, 480, 640, &rule),
            Err(NotJudged)
        );
        assert_eq!(ears(&lm, &parts(None), false, 480, 640, &rule), Err(NotJudged));
        // Under a hood or a cap the stricter limit: 0.8 passes, 0.95 fires.
        let under = |c: f32| ears(&lm, &parts(Some([Some(0.1), Some(c)])), true, 480, 640, &rule);
        assert_eq!(under(0.8), Ok(None));
        assert!(under(0.95).unwrap().is_some());
    }

    #[test]
    fn a_fringe_over_both_brows_fires_and_hair_over_one_eye_fires() {
        let lm = Landmarks {
            face_edges: Some([140.0, 340.0]),
            ..face_at()
        };
        let parts = |brows, eyes| FaceParts {
            fringe: Some(crate::parts::fringe::FringeCover {
                hair: [20.0, 3.0, 5.0],
                brows,
                eyes,
                brow_strands: [Some(0.4); 2],
                eye_strands: [Some(0.4); 2],
                eyes_by_lightness: [Some(0.35); 2],
            }),
            ..FaceParts::default()
        };
        let brows_rule = error_rule(EyebrowsParams::default());
        let eyes_rule = error_rule(EyesCoverParams::default());
        let bare = parts([Some(0.3), Some(0.35)], [Some(0.4), Some(0.45)]);
        assert_eq!(eyebrows(&lm, &bare, false, 480, 640, &brows_rule), Ok(None));
        assert_eq!(eyes(&lm, &bare, false, 480, 640, &eyes_rule), Ok(None));
        // A lock over one brow only is not a fringe over the brows.
        let one = parts([Some(0.9), Some(0.3)], [Some(0.4), Some(0.4)]);
        assert_eq!(eyebrows(&lm, &one, false, 480, 640, &brows_rule), Ok(None));
        let fringe = parts([Some(0.9), Some(0.8)], [Some(0.95), Some(0.4)]);
        let f = eyebrows(&lm, &fringe, false, 480, 640, &brows_rule).unwrap().unwrap();
        let r = f.region.unwrap();
        assert!(
            r.y < 250 && r.y + r.height < 250 && r.x < 200 && r.x + r.width > 280,
            "{r:?}"
        );
        let f = eyes(&lm, &fringe, false, 480, 640, &eyes_rule).unwrap().unwrap();
        let r = f.region.unwrap();
        assert!(
            r.x + r.width < 240 && r.y < 250 && r.y + r.height > 250,
            "the image-left eye: {r:?}"
        );
        let none = parts([None, None], [None, None]);
        assert_eq!(eyebrows(&lm, &none, false, 480, 640, &brows_rule), Err(NotJudged));
        assert_eq!(
            eyes(&lm, &FaceParts::default(), false, 480, 640, &eyes_rule),
            Err(NotJudged)
        );
    }

    #[test]
    fn hair_of_the_skins_colour_over_the_eyes_and_brows_fires_by_its_strands() {
        let lm = Landmarks {
            face_edges: Some([140.0, 340.0]),
            ..face_at()
        };
        let rule = error_rule(EyesCoverParams::default());
        // Light brown hair on brown skin: half the eye windows "hair"
        // either way, the image-right one textured in strands.
        let parts = |hair: [f32; 3]| FaceParts {
            fringe: Some(crate::parts::fringe::FringeCover {
                hair,
                brows: [Some(0.4); 2],
                eyes: [Some(0.45), Some(0.5)],
                brow_strands: [Some(0.8); 2],
                eye_strands: [Some(0.42), Some(0.84)],
                eyes_by_lightness: [Some(0.4); 2],
            }),
            skin: Some(skin_model([30.0, 10.0, 15.0])),
            crown: Some(hair),
            ..FaceParts::default()
        };
        let f = eyes(&lm, &parts([27.0, 8.5, 12.5]), false, 480, 640, &rule)
            .unwrap()
            .expect("strands over the image-right eye");
        assert!(f.message.en.contains("84 %"), "{}", f.message.en);
        assert!(f.region.unwrap().x > 240, "{:?}", f.region);
        assert_eq!(f.measured.as_ref().unwrap()["strands"][1], 0.84);
        // Both brow bands in strands too: the brows are covered.
        let brows_rule = error_rule(EyebrowsParams::default());
        let f = eyebrows(&lm, &parts([27.0, 8.5, 12.5]), false, 480, 640, &brows_rule)
            .unwrap()
            .expect("strands over both brows");
        assert!(
            f.message.en.contains("80 % of the texture in the brow band"),
            "{}",
            f.message.en
        );
        // Dark hair is told from the skin by colour; the texture is not
        // asked (a lash line, a frame's side).
        assert_eq!(eyes(&lm, &parts([10.0, 2.0, 3.0]), false, 480, 640, &rule), Ok(None));
        assert_eq!(
            eyebrows(&lm, &parts([10.0, 2.0, 3.0]), false, 480, 640, &brows_rule),
            Ok(None)
        );
    }

    #[test]
    fn hair_of_the_skins_hue_over_both_eyes_fires_by_its_lightness() {
        let lm = Landmarks {
            face_edges: Some([140.0, 340.0]),
            ..face_at()
        };
        let rule = error_rule(EyesCoverParams::default());
        // Dark brown hair over brown skin: the colour shares read the
        // fringe as skin in shade, its lightness does not.
        let parts = |by_lightness| FaceParts {
            fringe: Some(crate::parts::fringe::FringeCover {
                hair: [27.0, 8.0, 12.0],
                brows: [Some(0.6); 2],
                eyes: [Some(0.5), Some(0.6)],
                brow_strands: [Some(0.5); 2],
                eye_strands: [Some(0.5); 2],
                eyes_by_lightness: by_lightness,
            }),
            skin: Some(skin_model([50.0, 15.0, 22.0])),
            ..FaceParts::default()
        };
        let f = eyes(&lm, &parts([Some(0.97), Some(0.92)]), false, 480, 640, &rule)
            .unwrap()
            .expect("both eyes under the fringe");
        assert!(f.message.en.contains("92 % of each eye's window"), "{}", f.message.en);
        assert_eq!(f.measured.as_ref().unwrap()["hair_cover_by_lightness"][0], 0.97);
        assert_eq!(f.expected.as_ref().unwrap()["max_lightness_cover"], 0.8);
        let r = f.region.unwrap();
        assert!(r.x < 200 && r.x + r.width > 280, "both windows: {r:?}");
        // One eye dark (in shade, a lock over it) is not enough by lightness.
        assert_eq!(
            eyes(&lm, &parts([Some(0.97), Some(0.45)]), false, 480, 640, &rule),
            Ok(None)
        );
        assert_eq!(eyes(&lm, &parts([None, None]), false, 480, 640, &rule), Ok(None));
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

        // A light-blue mask over cheeks and nose became the skin model (no
        // patch under the eyes was skin-like), so all of the lower face
        // "is skin"; the whites of the eyes are warm, which no cast that
        // turns skin blue allows.
        let masked = |whites: [f32; 3]| FaceParts {
            lower_face_skin: Some(1.0),
            skin: Some(skin_model([72.0, -5.0, -12.0])),
            sclera: Some(whites),
            ..FaceParts::default()
        };
        let f = face(&lm, &masked([88.0, 4.0, 10.0]), 480, 640, &rule)
            .unwrap()
            .expect("a mask");
        assert!(f.message.en.contains("mask"), "{}", f.message.en);
        assert_eq!(f.measured.as_ref().unwrap()["covering"], true);
        // Pale skin under a blue cast: blue skin and blue whites.
        assert_eq!(face(&lm, &masked([88.0, -6.0, -18.0]), 480, 640, &rule), Ok(None));
    }
}

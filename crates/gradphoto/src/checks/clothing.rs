//! Clothing rules: `clothing.colour` (colour histogram of the torso),
//! `clothing.contrast`, `clothing.pattern`, `clothing.hood`.

use serde_json::json;

use super::{NotJudged, finding, num, window_region};
use crate::colour::delta_e;
use crate::landmarks::Landmarks;
use crate::params::{
    ClothingColourParams, ClothingContrastParams, ClothingHoodParams, ClothingPatternParams, CollarParams, ColourName,
};
use crate::parts::FaceParts;
use crate::rules::{Rule, RuleId};
use crate::segment::{Hood, Lining, Pattern, Segmentation, Torso};
use crate::verdict::{Finding, Message};

fn name_en(c: ColourName) -> String {
    serde_json::to_value(c)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The Chinese name of a palette colour.
pub fn name_zh(c: ColourName) -> &'static str {
    use ColourName::*;
    match c {
        White => "白色",
        LightBlue => "浅蓝色",
        SkyBlue => "天蓝色",
        Blue => "蓝色",
        Navy => "藏青色",
        Yellow => "黄色",
        YellowGreen => "黄绿色",
        Green => "绿色",
        Purple => "紫色",
        Pink => "粉色",
        Red => "红色",
        Orange => "橙色",
        Brown => "棕色",
        Beige => "米色",
        Grey => "灰色",
        Black => "黑色",
    }
}

/// `clothing.colour`: the dominant colour of the torso is not forbidden.
pub fn colour(torso: &Torso, rule: &Rule<ClothingColourParams>) -> Option<Finding> {
    if !rule.params.forbidden.contains(&torso.dominant) {
        return None;
    }
    let (zh, en) = (name_zh(torso.dominant), name_en(torso.dominant));
    let message = Message::new(
        format!("服装主色为{zh}（占 {:.0}%），本规范不允许", torso.share * 100.0),
        format!(
            "the clothing is mainly {en} ({:.0} % of the torso), which this profile forbids",
            torso.share * 100.0
        ),
    );
    let measured = json!({ "colour": torso.dominant, "share": num(torso.share, 2), "rgb": torso.rgb });
    Some(finding(
        RuleId::ClothingColour,
        rule,
        message,
        measured,
        json!({ "forbidden": rule.params.forbidden }),
        Some(torso.region),
    ))
}

/// `clothing.contrast`: the clothing stands out from the background
/// (CHSI's "black edge" test).
pub fn contrast(seg: &Segmentation, torso: &Torso, rule: &Rule<ClothingContrastParams>) -> Option<Finding> {
    let d = delta_e(torso.mean_rgb, seg.background.rgb);
    let min = rule.params.min_delta_e;
    if d >= min {
        return None;
    }
    let message = Message::new(
        format!("服装与背景颜色过于接近：色差 ΔE = {d:.1}，至少应为 {min}"),
        format!("the clothing is too close to the background: ΔE = {d:.1}, at least {min} needed"),
    );
    let measured = json!({ "delta_e": num(d, 1), "clothing_rgb": torso.mean_rgb, "background_rgb": seg.background.rgb, "separated": torso.from_mask });
    Some(finding(
        RuleId::ClothingContrast,
        rule,
        message,
        measured,
        json!(num(min, 4)),
        Some(torso.region),
    ))
}

/// `clothing.pattern`: no stripes or checks on the clothing.
pub fn pattern(p: &Pattern, rule: &Rule<ClothingPatternParams>) -> Option<Finding> {
    let max = rule.params.max_strength;
    if p.strength() <= max {
        return None;
    }
    // Both ways within a factor of 1.6 (the strength's own rule): checks.
    let (weak, strong) = (p.vertical.min(p.horizontal), p.vertical.max(p.horizontal));
    let (zh, en) = if 1.6 * weak >= strong {
        ("格子或复杂", "checks or a complex pattern")
    } else if p.vertical > p.horizontal {
        ("竖条纹", "vertical stripes")
    } else {
        ("横条纹", "horizontal stripes")
    };
    let message = Message::new(
        format!("服装有{zh}图案：强度 {:.2}，上限 {max}", p.strength()),
        format!(
            "the clothing has {en}: strength {:.2}, at most {max} allowed",
            p.strength()
        ),
    );
    Some(finding(
        RuleId::ClothingPattern,
        rule,
        message,
        json!({ "vertical": num(p.vertical, 3), "horizontal": num(p.horizontal, 3) }),
        json!({ "max_strength": num(max, 4) }),
        Some(p.region),
    ))
}

/// `clothing.hood`: no hood framing the head. Where the clothing stands
/// apart from the backdrop, by the head's outline ([`Hood`]): its width is
/// judged against the face's where the face was located, else against the
/// shoulders'. Where it merged with the backdrop, by a shaded lining on
/// both sides of the face ([`Lining`]). Not judged when neither was
/// measured (no shoulders, or no face).
pub fn hood(
    h: Option<&Hood>,
    lining: Option<&Lining>,
    rule: &Rule<ClothingHoodParams>,
) -> Result<Option<Finding>, NotJudged> {
    match (h, lining) {
        (Some(h), _) => Ok(outlined_hood(h, rule)),
        (None, Some(l)) => Ok(lined_hood(l, rule)),
        (None, None) => Err(NotJudged),
    }
}

fn outlined_hood(h: &Hood, rule: &Rule<ClothingHoodParams>) -> Option<Finding> {
    let p = &rule.params;
    // Shaded inside and wide: the usual hood.
    let lined_and_wide = h.lining <= p.max_lining
        && match h.face_share {
            Some(share) => share >= p.min_face_share,
            None => h.width_share >= p.min_width_share,
        };
    // A garment too dark to show shade inside may make up for it in width.
    let dark_and_wider = h.garment_lightness < p.dark_garment_lightness
        && h.face_share.is_some_and(|share| share >= p.min_dark_face_share);
    if h.rim_match() < p.min_rim_match
        || !(lined_and_wide || dark_and_wider)
        || !(p.min_aspect..=p.max_aspect).contains(&h.aspect)
    {
        return None;
    }
    let rim = h.rim_match() * 100.0;
    let (width_zh, width_en) = match h.face_share {
        Some(share) => (
            format!("宽度为脸宽的 {share:.2} 倍"),
            format!("{share:.2} face widths wide"),
        ),
        None => {
            let width = h.width_share * 100.0;
            (
                format!("宽度为画面的 {width:.0}%"),
                format!("{width:.0} % of the frame wide"),
            )
        }
    };
    let (inside_zh, inside_en) = if lined_and_wide {
        ("，内侧偏暗", ", and shaded inside")
    } else {
        ("", "")
    };
    let message = Message::new(
        format!("疑似穿带帽子的衣服：头部轮廓 {rim:.0}% 为服装颜色，{width_zh}{inside_zh}"),
        format!("a hooded top: {rim:.0} % of the head's outline is the clothing's colour, it is {width_en}{inside_en}"),
    );
    Some(finding(
        RuleId::ClothingHood,
        rule,
        message,
        json!({
            "rim_match": num(h.rim_match(), 2),
            "face_share": h.face_share.map(|v| num(v, 2)),
            "width_share": num(h.width_share, 2),
            "aspect": num(h.aspect, 2),
            "lining": num(h.lining, 2),
            "garment_lightness": num(h.garment_lightness, 1),
        }),
        json!({
            "min_rim_match": num(p.min_rim_match, 4),
            "min_face_share": num(if lined_and_wide { p.min_face_share } else { p.min_dark_face_share }, 4),
            "min_width_share": num(p.min_width_share, 4),
            "aspect": [num(p.min_aspect, 4), num(p.max_aspect, 4)],
            "max_lining": num(p.max_lining, 4),
        }),
        Some(h.region),
    ))
}

fn lined_hood(l: &Lining, rule: &Rule<ClothingHoodParams>) -> Option<Finding> {
    let p = &rule.params;
    if l.both() < p.min_lining_share {
        return None;
    }
    let (left, right) = (l.left * 100.0, l.right * 100.0);
    let message = Message::new(
        format!("疑似穿与背景同色的带帽衣服：脸两侧 {left:.0}% 和 {right:.0}% 为帽子内侧的阴影"),
        format!(
            "a hooded top of the backdrop's colour: its shaded lining fills {left:.0} % and {right:.0} % of the bands beside the face"
        ),
    );
    Some(finding(
        RuleId::ClothingHood,
        rule,
        message,
        json!({ "lining_left": num(l.left, 3), "lining_right": num(l.right, 3) }),
        json!({ "min_lining_share": num(p.min_lining_share, 4) }),
        Some(l.region),
    ))
}

/// `clothing.collar`: a collared top — a collar's wings close in over the
/// neck (its skin narrows to at most `max_narrowest` face widths above the
/// neckline) or it stands up the neck (the neckline lies at most
/// `max_depth` eye distances under the chin), where a round neckline
/// leaves the whole neck bare down to the chest (`parts::collar`). Not
/// judged where the neck or its neckline was not found (out of the frame,
/// clothing of the skin's colour).
pub fn collar(
    lm: &Landmarks,
    parts: &FaceParts,
    width: u32,
    height: u32,
    rule: &Rule<CollarParams>,
) -> Result<Option<Finding>, NotJudged> {
    let neck = parts.neck.ok_or(NotJudged)?;
    let p = &rule.params;
    if neck.narrowest <= p.max_narrowest || neck.depth <= p.max_depth {
        return Ok(None);
    }
    let (narrowest, depth) = (neck.narrowest, neck.depth);
    Ok(Some(finding(
        RuleId::ClothingCollar,
        rule,
        Message::new(
            format!(
                "疑似未穿有领上衣：颈部皮肤最窄处为脸宽的 {narrowest:.2} 倍，领口在下巴下方 {depth:.2} 倍眼距处（有领上衣会遮住颈部两侧或立在颈上）"
            ),
            format!(
                "no collar: the neck's skin is {narrowest:.2} face widths at its narrowest and the neckline {depth:.2} eye distances under the chin (a collar closes in to {} or stands up to {})",
                p.max_narrowest, p.max_depth
            ),
        ),
        json!({ "narrowest": num(narrowest, 3), "depth": num(depth, 3), "width": num(neck.width, 3) }),
        json!({ "max_narrowest": num(p.max_narrowest, 4), "max_depth": num(p.max_depth, 4) }),
        Some(window_region(crate::parts::collar::window(lm, &neck), width, height)),
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::{error_rule, test_face};
    use crate::verdict::Region;

    const REGION: Region = Region {
        x: 100,
        y: 60,
        width: 280,
        height: 400,
    };

    #[test]
    fn stripes_and_checks_are_named_by_direction() {
        let rule = error_rule(ClothingPatternParams::default());
        let p = |vertical, horizontal| Pattern {
            vertical,
            horizontal,
            columns: 100,
            region: REGION,
        };
        assert!(pattern(&p(0.01, 0.02), &rule).is_none());
        let f = pattern(&p(0.08, 0.01), &rule).unwrap();
        assert!(f.message.en.contains("vertical stripes") && f.message.zh.contains("竖条纹"));
        assert_eq!(f.region, Some(REGION));
        let f = pattern(&p(0.01, 0.05), &rule).unwrap();
        assert!(f.message.en.contains("horizontal stripes"));
        // Checks: weaker each way than stripes, but both ways.
        let f = pattern(&p(0.025, 0.025), &rule).unwrap();
        assert!(f.message.en.contains("checks"), "{}", f.message.en);
    }

    #[test]
    fn a_hood_needs_colour_width_and_a_shaded_lining() {
        let rule = error_rule(ClothingHoodParams::default());
        let found = Hood {
            side_match: 0.8,
            top_match: 0.7,
            width_share: 0.64,
            aspect: 0.75,
            width_px: 280.0,
            face_share: None,
            lining: 0.6,
            garment_lightness: 30.0,
            region: REGION,
        };
        let hood = |h: &Hood, rule: &Rule<ClothingHoodParams>| hood(Some(h), None, rule).unwrap();
        let f = hood(&found, &rule).unwrap();
        assert_eq!(f.measured.as_ref().unwrap()["rim_match"], 0.7);
        assert!(f.message.zh.contains("帽"));
        let not_a_hood = |h: Hood| hood(&h, &rule).is_none();
        // Hair of the clothing's colour over the head but not beside it.
        assert!(not_a_hood(Hood {
            side_match: 0.3,
            ..found.clone()
        }));
        // Hair hugging the head: too narrow.
        assert!(not_a_hood(Hood {
            width_share: 0.45,
            ..found.clone()
        }));
        // Long hair hanging to the shoulders: narrow for its height.
        assert!(not_a_hood(Hood {
            aspect: 0.6,
            ..found.clone()
        }));
        // Lit as brightly inside as outside: no lining.
        assert!(not_a_hood(Hood {
            lining: 1.1,
            ..found.clone()
        }));
        // Against the face, the shoulders' share no longer counts: 1.45
        // face widths is a hood even in a frame that shows broad shoulders,
        // 1.2 is hair hugging the head.
        let f = hood(&found.clone().with_face(280.0 / 1.45), &rule).expect("wide against the face");
        assert!(f.message.en.contains("1.45 face widths"), "{}", f.message.en);
        assert!(not_a_hood(found.clone().with_face(280.0 / 1.2)));
        // Against the face, a cap over the hood's top does not hide it.
        let capped = Hood {
            top_match: 0.1,
            ..found.clone()
        };
        assert!(not_a_hood(capped.clone()));
        assert!(hood(&capped.with_face(280.0 / 1.45), &rule).is_some());
        // A black garment shows no shade inside: lit as brightly as its
        // outline, it is a hood only when wider still.
        let black = Hood {
            lining: 1.1,
            garment_lightness: 10.0,
            ..found.clone()
        };
        assert!(not_a_hood(black.clone().with_face(280.0 / 1.36)));
        let f = hood(&black.clone().with_face(280.0 / 1.45), &rule).expect("a wide black hood");
        assert!(!f.message.en.contains("shaded"), "{}", f.message.en);
        assert_eq!(f.expected.as_ref().unwrap()["min_face_share"], 1.4);
        assert!(not_a_hood(black), "without a face, the lining is still asked for");
    }

    #[test]
    fn a_hood_of_the_backdrops_colour_is_told_by_its_lining_on_both_sides() {
        let rule = error_rule(ClothingHoodParams::default());
        let lining = |left, right| Lining {
            left,
            right,
            region: REGION,
        };
        let f = hood(None, Some(&lining(0.25, 0.3)), &rule)
            .unwrap()
            .expect("lined on both sides");
        assert_eq!(f.rule, RuleId::ClothingHood);
        assert_eq!(f.measured.as_ref().unwrap()["lining_left"], 0.25);
        assert!(f.message.zh.contains("同色"), "{}", f.message.zh);
        assert_eq!(
            hood(None, Some(&lining(0.3, 0.04)), &rule),
            Ok(None),
            "a shadow on one side"
        );
        assert_eq!(hood(None, None, &rule), Err(NotJudged));
    }

    #[test]
    fn a_collar_closes_in_or_stands_up_and_a_bare_neck_fails() {
        let rule = error_rule(CollarParams::default());
        let lm = Landmarks {
            chin: Some(400.0),
            ..test_face()
        };
        let parts = |narrowest, depth| FaceParts {
            neck: Some(crate::parts::collar::Neck {
                width: 0.42,
                narrowest,
                depth,
                cut: false,
            }),
            ..FaceParts::default()
        };
        let check = |p: &FaceParts| collar(&lm, p, 480, 640, &rule);
        assert_eq!(check(&parts(0.17, 0.9)), Ok(None), "wings over the neck");
        assert_eq!(check(&parts(0.42, 0.48)), Ok(None), "standing up the neck");
        let f = check(&parts(0.41, 0.75)).unwrap().expect("a round neckline");
        assert_eq!(f.rule, RuleId::ClothingCollar);
        assert_eq!(f.measured.as_ref().unwrap()["narrowest"], 0.41);
        let region = f.region.unwrap();
        assert!(region.y > 400 && region.y + region.height < 480, "{region:?}");
        assert!(f.message.zh.contains("有领"));
        assert_eq!(check(&FaceParts::default()), Err(NotJudged));
    }
}

//! Background rules: `background.colour`, `background.uniform`,
//! `background.shadow`.

use serde_json::json;

use super::{finding, num};
use crate::colour::{in_region, rgb_to_hsv};
use crate::params::{BackgroundColourParams, BackgroundShadowParams, BackgroundUniformParams};
use crate::rules::{Rule, RuleId};
use crate::segment::{Beside, Segmentation, Shadow};
use crate::verdict::{Finding, Message, Region};

/// The band along the top edge, where the background is measured.
fn top_band(seg: &Segmentation) -> Region {
    Region {
        x: 0,
        y: 0,
        width: seg.width * seg.factor,
        height: 3 * seg.factor,
    }
}

/// `background.colour`: the modelled background colour at the frame's
/// centre lies in one of the profile's accepted regions.
pub fn colour(seg: &Segmentation, rule: &Rule<BackgroundColourParams>) -> Option<Finding> {
    let bg = &seg.background;
    if rule.params.accepted.iter().any(|r| in_region(bg.rgb, r)) {
        return None;
    }
    let [h, s, v] = rgb_to_hsv(bg.rgb);
    let [r, g, b] = bg.rgb;
    let names: Vec<&str> = rule.params.accepted.iter().map(|r| r.name.as_str()).collect();
    let message = Message::new(
        format!(
            "背景颜色为 RGB({r},{g},{b})，不在允许的范围（{}）内；参考色为 RGB{:?}",
            names.join("、"),
            rule.params.reference
        ),
        format!(
            "the background is RGB({r},{g},{b}), outside the accepted {}; the reference is RGB{:?}",
            names.join(", "),
            rule.params.reference
        ),
    );
    let measured = json!({ "rgb": bg.rgb, "hsv": [num(h, 0), num(s, 2), num(v, 2)] });
    Some(finding(
        RuleId::BackgroundColour,
        rule,
        message,
        measured,
        json!(rule.params.accepted),
        Some(top_band(seg)),
    ))
}

/// `background.uniform`: no strong lighting gradient, no stray objects.
pub fn uniform(seg: &Segmentation, beside: Option<&Beside>, rule: &Rule<BackgroundUniformParams>) -> Option<Finding> {
    let bg = &seg.background;
    let gradient = bg.gradient_vertical.abs().max(bg.gradient_horizontal.abs());
    let p = &rule.params;
    let object = seg
        .objects
        .iter()
        .filter(|(_, share)| *share > p.max_object_share)
        .max_by(|a, b| a.1.total_cmp(&b.1));
    let beside = beside.filter(|b| b.share > p.max_object_share);
    if gradient <= p.max_gradient && object.is_none() && beside.is_none() {
        return None;
    }
    let (zh, en, region) = match (object, beside) {
        (Some((region, share)), _) => (
            format!("背景中有杂物（占画面 {:.1}%）", share * 100.0),
            format!("an object in the background ({:.1} % of the frame)", share * 100.0),
            *region,
        ),
        (None, Some(b)) => (
            format!(
                "人像后方有他人或物体，与人像轮廓相连（头部旁，占画面 {:.1}%）",
                b.share * 100.0
            ),
            format!(
                "someone or something behind the person, joined to the silhouette beside the head ({:.1} % of the frame)",
                b.share * 100.0
            ),
            b.region,
        ),
        (None, None) => (
            format!("背景明暗不均：亮度差 ΔL* = {gradient:.1}，上限 {}", p.max_gradient),
            format!(
                "the background is uneven: lightness changes by ΔL* = {gradient:.1} across the frame, at most {} allowed",
                p.max_gradient
            ),
            super::whole_frame(seg.width * seg.factor, seg.height * seg.factor),
        ),
    };
    let measured = json!({ "gradient": num(gradient, 1), "objects": seg.objects.len(), "largest_object_share": object.map(|o| num(o.1, 4)), "beside_head_share": beside.map(|b| num(b.share, 4)) });
    let expected = json!({ "max_gradient": num(p.max_gradient, 4), "max_object_share": num(p.max_object_share, 4) });
    Some(finding(
        RuleId::BackgroundUniform,
        rule,
        Message::new(zh, en),
        measured,
        expected,
        Some(region),
    ))
}

/// `background.shadow`: no darker band of backdrop hugging the head and
/// shoulders.
pub fn shadow(seg: &Segmentation, shadow: &Shadow, rule: &Rule<BackgroundShadowParams>) -> Option<Finding> {
    let max = rule.params.max_share;
    if shadow.share <= max {
        return None;
    }
    let percent = shadow.share * 100.0;
    let message = Message::new(
        format!(
            "人像周围背景有阴影：轮廓外 {percent:.0}% 的背景偏暗（平均亮度低 {:.0}），上限 {:.0}%",
            shadow.darkening,
            max * 100.0
        ),
        format!(
            "a shadow on the background around the person: {percent:.0} % of the backdrop beside the silhouette is darker (by ΔL* = {:.0} on average), at most {:.0} % allowed",
            shadow.darkening,
            max * 100.0
        ),
    );
    let measured =
        json!({ "share": num(shadow.share, 3), "darkening": num(shadow.darkening, 1), "zone_pixels": shadow.zone });
    Some(finding(
        RuleId::BackgroundShadow,
        rule,
        message,
        measured,
        json!({ "max_share": num(max, 4) }),
        shadow.region.or(seg.person),
    ))
}

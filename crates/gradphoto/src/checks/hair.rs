//! Hair rules: `hair.bun`.

use serde_json::json;

use super::{NotJudged, finding, head_top_region, num};
use crate::landmarks::Landmarks;
use crate::params::HairBunParams;
use crate::parts::FaceParts;
use crate::rules::{Rule, RuleId};
use crate::verdict::{Finding, Message};

/// `hair.bun`: no bun pinned on top of the head ("不扎丸子头"). Not judged
/// where the head's outline was not seen (no mask, a head whose sides the
/// frame's top cuts), nor where the frame's top cuts its middle and what
/// shows rises no further than the limit (the rest may be out of view).
/// Under a hood (`hooded`: `clothing.hood` found one) the fabric stretched
/// over a bun rounds it off, and the hood's own outline is smoother than
/// hair: the limit there is `max_rise_hooded`.
pub fn bun(
    lm: &Landmarks,
    parts: &FaceParts,
    hooded: bool,
    width: u32,
    height: u32,
    rule: &Rule<HairBunParams>,
) -> Result<Option<Finding>, NotJudged> {
    let rise = parts.head_bump.ok_or(NotJudged)?;
    let p = &rule.params;
    let most = if hooded { p.max_rise_hooded } else { p.max_rise };
    if rise <= most {
        return if parts.head_cut { Err(NotJudged) } else { Ok(None) };
    }
    let (zh_least, en_least) = if parts.head_cut {
        ("至少", "at least ")
    } else {
        ("", "")
    };
    Ok(Some(finding(
        RuleId::HairBun,
        rule,
        Message::new(
            format!("头顶有发髻（丸子头）：头顶高出头部轮廓{zh_least} {rise:.2} 个脸宽（最多 {most}）"),
            format!(
                "a bun on top of the head: the top rises {en_least}{rise:.2} face widths over the head's outline (at \
                 most {most})"
            ),
        ),
        json!({ "rise": num(rise, 3), "cut_by_frame": parts.head_cut }),
        json!({ "max_rise": num(most, 4), "hooded": hooded }),
        Some(head_top_region(lm, [0.3, 0.05, 0.3, 0.35], width, height)),
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::{error_rule, test_face};

    #[test]
    fn a_rise_past_the_limit_fires_and_an_unseen_outline_is_not_judged() {
        let rule = error_rule(HairBunParams::default());
        let lm = Landmarks {
            head_top: Some(80.0),
            ..test_face()
        };
        let parts = |rise| FaceParts {
            head_bump: rise,
            ..FaceParts::default()
        };
        assert_eq!(bun(&lm, &parts(Some(0.01)), false, 480, 640, &rule), Ok(None));
        let f = bun(&lm, &parts(Some(0.15)), false, 480, 640, &rule).unwrap().unwrap();
        assert!(f.message.en.contains("0.15 face widths"), "{}", f.message.en);
        let r = f.region.unwrap();
        assert_eq!((r.x, r.y), (180, 70));
        assert_eq!(bun(&lm, &parts(None), false, 480, 640, &rule), Err(NotJudged));
        // A hood's smooth outline: a smaller rise is a bun under it.
        assert_eq!(bun(&lm, &parts(Some(0.07)), false, 480, 640, &rule), Ok(None));
        assert!(bun(&lm, &parts(Some(0.07)), true, 480, 640, &rule).unwrap().is_some());
        // The frame's top cutting the middle: a rise past the limit is a
        // bun all the same, one under it may hide the rest.
        let cut = |rise| FaceParts {
            head_cut: true,
            ..parts(Some(rise))
        };
        let f = bun(&lm, &cut(0.15), false, 480, 640, &rule).unwrap().unwrap();
        assert!(f.message.en.contains("at least 0.15"), "{}", f.message.en);
        assert_eq!(bun(&lm, &cut(0.01), false, 480, 640, &rule), Err(NotJudged));
    }
}

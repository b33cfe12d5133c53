//! Geometry rules: `geometry.single-face`, `geometry.head-size`,
//! `geometry.position`. Profile numbers are for a 480 × 640 photo and scale
//! with the frame: x by width / 480, y by height / 640.

use serde_json::json;

use super::{finding, num};
use crate::landmarks::Landmarks;
use crate::params::{HeadSizeParams, NoParams, PositionParams};
use crate::rules::{Rule, RuleId};
use crate::verdict::{Finding, Message, Region};

/// A box `[x0, y0, x1, y1]` as a region clipped to the frame.
pub(crate) fn region_of(b: [f32; 4], width: u32, height: u32) -> Region {
    let x0 = b[0].clamp(0.0, width as f32);
    let y0 = b[1].clamp(0.0, height as f32);
    let x1 = b[2].clamp(x0, width as f32);
    let y1 = b[3].clamp(y0, height as f32);
    Region {
        x: x0 as u32,
        y: y0 as u32,
        width: (x1 - x0).round() as u32,
        height: (y1 - y0).round() as u32,
    }
}

/// The head from the hair to the chin, across the face box.
fn head_region(lm: &Landmarks, width: u32, height: u32) -> Region {
    let b = lm.face_box();
    let top = lm.head_top.unwrap_or(b[1]).min(b[1]);
    let bottom = lm.chin.unwrap_or(b[3]).max(b[3]);
    region_of([b[0], top, b[2], bottom], width, height)
}

/// `geometry.single-face`: exactly one face. `lm` is `None` when no face
/// was found.
pub fn single_face(lm: Option<&Landmarks>, width: u32, height: u32, rule: &Rule<NoParams>) -> Option<Finding> {
    let faces = lm.map_or(0, |l| l.faces.len());
    if faces == 1 {
        return None;
    }
    let (message, region) = if faces == 0 {
        (Message::new("照片中未检测到人脸", "no face found in the photo"), None)
    } else {
        let boxes: Vec<[f32; 4]> = lm
            .into_iter()
            .flat_map(|l| l.faces.iter().skip(1).map(|f| f.bbox))
            .collect();
        let union = boxes.iter().fold([f32::MAX, f32::MAX, f32::MIN, f32::MIN], |u, b| {
            [u[0].min(b[0]), u[1].min(b[1]), u[2].max(b[2]), u[3].max(b[3])]
        });
        (
            Message::new(
                format!("照片中有 {faces} 张人脸，只能有一人"),
                format!("{faces} faces in the photo; only the graduate may be in it"),
            ),
            Some(region_of(union, width, height)),
        )
    };
    Some(finding(
        RuleId::GeometrySingleFace,
        rule,
        message,
        json!({ "faces": faces }),
        json!({ "faces": 1 }),
        region,
    ))
}

/// `geometry.head-size`: face width (and head height, where the profile
/// sets a range) within the profile's range.
pub fn head_size(lm: &Landmarks, width: u32, height: u32, rule: &Rule<HeadSizeParams>) -> Option<Finding> {
    let (kx, ky) = (width as f32 / 480.0, height as f32 / 640.0);
    let p = &rule.params;
    let face_range = p.face_width_px.map(|v| v * kx);
    let face = lm.face_width();
    let head = lm.head_top.zip(lm.chin).map(|(t, c)| c - t);
    let outside = |v: f32, r: [f32; 2]| v < r[0] || v > r[1];
    let face_bad = face.is_some_and(|f| outside(f, face_range));
    let head_range = p.head_height_px.map(|r| r.map(|v| v * ky));
    let head_bad = head.zip(head_range).is_some_and(|(h, r)| outside(h, r));
    if !face_bad && !head_bad {
        return None;
    }
    let mut zh = Vec::new();
    let mut en = Vec::new();
    if let (true, Some(f)) = (face_bad, face) {
        let small = f < face_range[0];
        zh.push(format!(
            "脸宽 {f:.0} 像素，{}（应为 {:.0}–{:.0}）",
            if small { "头部过小" } else { "头部过大" },
            face_range[0],
            face_range[1]
        ));
        en.push(format!(
            "the face is {f:.0} px wide, {} (accepted {:.0}–{:.0})",
            if small { "too small" } else { "too large" },
            face_range[0],
            face_range[1]
        ));
    }
    if let (true, Some(h), Some(r)) = (head_bad, head, head_range) {
        zh.push(format!("头高 {h:.0} 像素（应为 {:.0}–{:.0}）", r[0], r[1]));
        en.push(format!("the head is {h:.0} px high (accepted {:.0}–{:.0})", r[0], r[1]));
    }
    Some(finding(
        RuleId::GeometryHeadSize,
        rule,
        Message::new(zh.join("；"), en.join("; ")),
        json!({ "face_width_px": face.map(|v| num(v, 1)), "head_height_px": head.map(|v| num(v, 1)) }),
        json!({ "face_width_px": face_range, "head_height_px": head_range }),
        Some(head_region(lm, width, height)),
    ))
}

/// `geometry.position`: head top and eye line at the profile's heights,
/// the face centred, the chin and the shoulders inside the frame.
/// `shoulders_in_frame` comes from segmentation (the shoulder line).
pub fn position(
    lm: &Landmarks,
    width: u32,
    height: u32,
    shoulders_in_frame: bool,
    rule: &Rule<PositionParams>,
) -> Option<Finding> {
    let (kx, ky) = (width as f32 / 480.0, height as f32 / 640.0);
    let p = &rule.params;
    let top_range = p.head_top_px.map(|v| v * ky);
    let eye_range = p.eye_line_px.map(|v| v * ky);
    let max_offset = p.max_centre_offset_px * kx;
    let eye_line = lm.eye_line();
    let offset = lm.face_centre() - width as f32 / 2.0;
    let mut zh = Vec::new();
    let mut en = Vec::new();
    // A height below the top edge outside its range, named in both languages.
    let mut below_top = |what: (&str, &str), v: f32, r: [f32; 2]| {
        if v < r[0] || v > r[1] {
            zh.push(format!(
                "{}距上边缘 {v:.0} 像素（应为 {:.0}–{:.0}）",
                what.0, r[0], r[1]
            ));
            en.push(format!(
                "the {} is {v:.0} px below the top edge (accepted {:.0}–{:.0})",
                what.1, r[0], r[1]
            ));
        }
    };
    if let Some(top) = lm.head_top {
        below_top(("头顶", "head top"), top, top_range);
    }
    below_top(("眼睛", "eye line"), eye_line, eye_range);
    if offset.abs() > max_offset {
        zh.push(format!("面部偏离中线 {:.0} 像素（最多 {max_offset:.0}）", offset.abs()));
        en.push(format!(
            "the face is {:.0} px off the centre line (at most {max_offset:.0})",
            offset.abs()
        ));
    }
    let chin_cut = lm.chin.is_none_or(|c| c >= height as f32 - 1.0) && lm.predicted_chin() >= height as f32;
    if chin_cut {
        zh.push("下巴超出画面".to_string());
        en.push("the chin is cut off".to_string());
    }
    if !shoulders_in_frame {
        zh.push("双肩未完整入镜".to_string());
        en.push("the shoulders are not in the frame".to_string());
    }
    if zh.is_empty() {
        return None;
    }
    Some(finding(
        RuleId::GeometryPosition,
        rule,
        Message::new(zh.join("；"), en.join("; ")),
        json!({
            "head_top_px": lm.head_top.map(|v| num(v, 1)),
            "eye_line_px": num(eye_line, 1),
            "centre_offset_px": num(offset, 1),
            "chin_in_frame": !chin_cut,
            "shoulders_in_frame": shoulders_in_frame,
        }),
        json!({
            "head_top_px": top_range,
            "eye_line_px": eye_range,
            "max_centre_offset_px": num(max_offset, 1),
        }),
        Some(head_region(lm, width, height)),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::error_rule;
    use crate::landmarks::FaceBox;

    fn landmarks() -> Landmarks {
        Landmarks {
            faces: vec![FaceBox {
                score: 0.9,
                bbox: [140.0, 150.0, 340.0, 400.0],
            }],
            eyes: [[195.0, 250.0], [285.0, 250.0]],
            nose: [240.0, 300.0],
            mouth: [240.0, 340.0],
            ears: [[140.0, 260.0], [340.0, 260.0]],
            head_top: Some(80.0),
            chin: Some(410.0),
            face_edges: Some([140.0, 340.0]),
            face_width_y: Some(300.0),
            ..Landmarks::default()
        }
    }

    #[test]
    fn a_well_placed_head_passes_every_geometry_rule() {
        let lm = landmarks();
        assert!(single_face(Some(&lm), 480, 640, &error_rule(NoParams {})).is_none());
        assert!(head_size(&lm, 480, 640, &error_rule(HeadSizeParams::default())).is_none());
        assert!(position(&lm, 480, 640, true, &error_rule(PositionParams::default())).is_none());
    }

    #[test]
    fn no_face_or_two_faces_fail_single_face() {
        let rule = error_rule(NoParams {});
        let none = single_face(None, 480, 640, &rule).expect("no face");
        assert_eq!(none.measured, Some(json!({ "faces": 0 })));
        let mut lm = landmarks();
        lm.faces.push(FaceBox {
            score: 0.8,
            bbox: [20.0, 30.0, 60.0, 80.0],
        });
        let two = single_face(Some(&lm), 480, 640, &rule).expect("two faces");
        assert_eq!(two.region.map(|r| (r.x, r.y, r.width)), Some((20, 30, 40)));
    }

    #[test]
    fn head_size_scales_with_the_frame() {
        let mut lm = landmarks();
        lm.face_edges = Some([190.0, 350.0]); // 160 px: small at 480 wide
        let rule = error_rule(HeadSizeParams::default());
        let f = head_size(&lm, 480, 640, &rule).expect("too small");
        assert!(f.message.en.contains("too small"), "{}", f.message.en);
        // The same face in a 240 × 320 frame is large: 160 > 150.
        let f = head_size(&lm, 240, 320, &rule).expect("too large");
        assert!(f.message.en.contains("too large"), "{}", f.message.en);
        let heights = HeadSizeParams {
            head_height_px: Some([200.0, 300.0]),
            ..HeadSizeParams::default()
        };
        let f = head_size(&landmarks(), 480, 640, &error_rule(heights)).expect("head 330 px");
        assert!(f.message.en.contains("330 px high"), "{}", f.message.en);
    }

    #[test]
    fn position_names_each_failure() {
        let rule = error_rule(PositionParams::default());
        let mut lm = landmarks();
        lm.head_top = Some(20.0);
        lm.face_edges = Some([200.0, 400.0]);
        let f = position(&lm, 480, 640, false, &rule).expect("misplaced");
        for part in ["head top is 20 px", "60 px off the centre", "shoulders"] {
            assert!(f.message.en.contains(part), "{part}: {}", f.message.en);
        }
        assert!(!f.message.en.contains("eye line"));
        let mut low = landmarks();
        low.eyes = [[195.0, 320.0], [285.0, 320.0]];
        let f = position(&low, 480, 640, true, &rule).expect("eyes low");
        assert!(f.message.en.contains("eye line is 320 px"), "{}", f.message.en);
    }
}

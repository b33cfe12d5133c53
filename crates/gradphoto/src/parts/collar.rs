//! A collar: clothing that closes in over the neck, or stands up it.
//!
//! Under the chin the neck is a band of skin. A round or crew neckline
//! leaves the whole neck bare down to the chest (a T-shirt's neck hole is,
//! if anything, wider than the neck); a collar covers part of it — its
//! wings close in over the neck's sides (a buttoned collar's points, an
//! open collar's V), or its band stands up the neck, so the clothing
//! begins close under the chin.
//!
//! The measure follows the neck's centre line (the face's, `d` the eye
//! distance) down from 0.2 d under the chin to the neckline: the first row
//! whose colour (a 5 × 3 box) lies ΔE76 over [`MIN_EDGE_DELTA_E`] from the
//! colour 0.1 d above (a blurred neckline's change is spread over a few
//! rows). On each row on the way it walks left and right from the centre
//! to the first such change against the pixel 0.04 d nearer the centre
//! (3 × 3 boxes: sensor noise does not stop the walk): the skin's width.
//! It reports the skin's width over the neck's upper half, its narrowest
//! above the neckline's last 0.15 d (where a round neckline's U closes), in
//! face widths, and the neckline's depth under the chin, in eye distances.
//! A neck that runs out of the frame's bottom before a neckline (a
//! close-up) is measured down to the edge; one that runs on for 1.6 d is
//! not measured (clothing of the skin's colour).
//!
//! Known weaknesses: clothing of the skin's colour (no edge where it
//! begins), a turtleneck (no neckline under the chin: not measured), a
//! collarless V-neck (a V, read as a collar's); the thresholds
//! (`CollarParams`) fit the generator's short necks.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::colour::{delta_e_lab, lab_fast};
use crate::decode::Frame;
use crate::landmarks::Landmarks;

/// Least colour difference (ΔE76) that counts as the skin's edge: across,
/// against the pixel 0.04 d nearer the centre; down the centre line,
/// against the colour 0.1 d above.
pub const MIN_EDGE_DELTA_E: f32 = 9.0;

/// What the neck's outline shows of the top.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Neck {
    /// The skin's width over the upper half of the neck, in face widths.
    pub width: f32,
    /// The narrowest skin above the neckline's last 0.15 eye distances, in
    /// face widths: a collar's wings closing in over the neck.
    pub narrowest: f32,
    /// From the chin down to the neckline on the centre line, in eye
    /// distances: a collar stands up the neck.
    pub depth: f32,
    /// Whether the neck runs out of the frame's bottom before a neckline:
    /// `depth` is then down to the frame's edge.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub cut: bool,
}

/// The neck's window, as (centre, half-size): from 0.2 eye distances under
/// the chin down to the neckline, around the skin's width.
pub fn window(lm: &Landmarks, neck: &Neck) -> ([f32; 2], [f32; 2]) {
    let d = lm.eye_distance();
    let chin = lm.chin_or_predicted();
    let (top, bottom) = (chin + 0.2 * d, chin + neck.depth.max(0.3) * d);
    (
        [lm.face_centre(), 0.5 * (top + bottom)],
        [
            0.5 * neck.width * lm.face_width().unwrap_or(2.5 * d) + 0.25 * d,
            0.5 * (bottom - top) + 0.1 * d,
        ],
    )
}

/// The neck's outline; `None` where the neck leaves the frame, the face's
/// width was not measured, or no neckline is found within 1.6 eye
/// distances of the chin (clothing of the skin's colour, a turtleneck).
pub fn neck(frame: &Frame<'_>, lm: &Landmarks) -> Option<Neck> {
    let d = lm.eye_distance();
    let face = lm.face_width()?;
    let (w, h) = (frame.width as usize, frame.height as usize);
    let chin = lm.chin_or_predicted();
    let cx = lm.face_centre().round();
    let span = (1.5 * d).round();
    if cx - span < 2.0 || cx + span + 2.0 >= w as f32 {
        return None;
    }
    let (cx, span) = (cx as usize, span as usize);
    // Across, an edge is sought `reach` pixels back towards the centre; down
    // the centre line, a blurred neckline's change is spread over more rows
    // and is compared `down` rows back.
    let reach = ((0.04 * d).round() as usize).max(2);
    let down = ((0.1 * d).round() as usize).max(2);
    let y0 = (chin + 0.2 * d).round().max(1.0) as usize + down;
    let deepest = (chin + 1.6 * d).round() as usize;
    let y1 = deepest.min(h - 1);
    if y0 + 4 * reach >= y1 {
        return None;
    }
    // Colours are means of small boxes (three rows by three columns, five on
    // the centre line), so that noise and a seam's pixel-wide line do not end
    // the skin.
    let box_lab = |x0: usize, x1: usize, y: usize| {
        let mut sum = [0u32; 3];
        for row in y - 1..=y + 1 {
            let i = (row * w + x0) * 3;
            for px in frame.rgb[i..(row * w + x1) * 3].chunks_exact(3) {
                for (s, &c) in sum.iter_mut().zip(px) {
                    *s += u32::from(c);
                }
            }
        }
        let n = (3 * (x1 - x0)) as u32;
        lab_fast(sum.map(|s| (s / n) as u8))
    };
    let centre = |y: usize| box_lab(cx - 2, cx + 3, y);
    let mut widths: Vec<f32> = Vec::with_capacity(y1 - y0);
    let mut line: Vec<[f32; 3]> = Vec::with_capacity(span + 1);
    let mut end = None;
    for y in y0..y1 {
        if delta_e_lab(centre(y), centre(y - down)) > MIN_EDGE_DELTA_E {
            end = Some(y - down / 2);
            break;
        }
        // Walk out to the first edge each way (capped at the span: nothing
        // stops the walk on clothing of the skin's colour), each column's
        // colour converted once.
        let mut side = |dir: isize| {
            line.clear();
            for k in 0..=span {
                let x = cx.wrapping_add_signed(dir * k as isize);
                line.push(box_lab(x - 1, x + 2, y));
                if k >= reach && delta_e_lab(line[k], line[k - reach]) > MIN_EDGE_DELTA_E {
                    return k as f32 - 0.5 * reach as f32;
                }
            }
            span as f32
        };
        let width = side(-1) + side(1);
        widths.push(width);
    }
    // A neck that runs out of the frame's bottom (a close-up) is measured
    // down to there; one that runs on for 1.6 d is not a neck.
    let cut = end.is_none();
    let end = end.or((y1 < deepest).then_some(y1))?;
    let rows = widths.len();
    let width = if rows == 0 {
        0.0
    } else {
        super::median(&mut widths[..rows.div_ceil(2)].to_vec())
    };
    // The narrowest skin above the neckline's last 0.15 d (where a round
    // neckline's U closes); none at all where the neckline lies right under
    // the chin.
    let last = ((0.15 * d).round() as usize).min(rows);
    let narrowest = widths[..rows - last].iter().copied().fold(width, f32::min);
    Some(Neck {
        width: width / face,
        narrowest: narrowest / face,
        depth: (end as f32 - chin) / d,
        cut,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: usize = 200;
    const H: usize = 300;
    const SKIN: [u8; 3] = [200, 150, 120];
    const SHIRT: [u8; 3] = [236, 236, 232];
    const BACKDROP: [u8; 3] = [100, 197, 255];

    /// A frame whose pixels are `colour(x, y)` (pixel centres).
    fn paint(height: usize, colour: impl Fn(f32, f32) -> [u8; 3]) -> Vec<u8> {
        (0..W * height)
            .flat_map(|i| colour((i % W) as f32 + 0.5, (i / W) as f32 + 0.5))
            .collect()
    }

    fn measure(rgb: &[u8], lm: &Landmarks) -> Option<Neck> {
        let frame = Frame {
            width: W as u32,
            height: (rgb.len() / (3 * W)) as u32,
            rgb,
        };
        neck(&frame, lm)
    }

    /// Eyes 60 px apart, the chin at 180, a face 120 px wide; the neck 50
    /// px wide on the centre line x = 100.
    fn landmarks() -> Landmarks {
        Landmarks {
            eyes: [[70.0, 100.0], [130.0, 100.0]],
            chin: Some(180.0),
            face_edges: Some([40.0, 160.0]),
            ..Landmarks::default()
        }
    }

    /// The face (down to the chin) and the neck, else `below`.
    fn neck_or(x: f32, y: f32, below: [u8; 3]) -> [u8; 3] {
        let half = if y < 180.0 { 45.0 } else { 25.0 };
        if (x - 100.0).abs() < half { SKIN } else { below }
    }

    #[test]
    fn a_round_neckline_leaves_the_neck_whole_and_a_collar_closes_in() {
        let lm = landmarks();
        // A T-shirt whose neckline dips in a U from 225 at the neck's sides
        // to 240 on the centre line.
        let tshirt = |x: f32, y: f32| {
            let u = ((x - 100.0) / 30.0).powi(2).min(1.0);
            if y >= 240.0 - 15.0 * u {
                SHIRT
            } else {
                neck_or(x, y, BACKDROP)
            }
        };
        let round = measure(&paint(H, tshirt), &lm).expect("a neck");
        assert!((round.width - 50.0 / 120.0).abs() < 0.05, "{round:?}");
        assert!(round.narrowest > 0.38, "{round:?}"); // no collar under 0.33
        assert!((round.depth - 1.0).abs() < 0.1, "{round:?}"); // …nor under 0.56
        assert!(!round.cut);
        // A shirt: the same neckline, with two collar wings running from
        // beside the knot (8 px off the centre line, 15 px under the chin)
        // down and out over the neck's sides.
        let wing = |x: f32, y: f32| {
            let (dx, t) = ((x - 100.0).abs(), ((y - 195.0) / 40.0).clamp(0.0, 1.0));
            (dx - (8.0 + 37.0 * t)).abs() < 6.0 && (195.0..=235.0).contains(&y)
        };
        let shirt = paint(H, |x, y| if wing(x, y) { SHIRT } else { tshirt(x, y) });
        let collared = measure(&shirt, &lm).expect("a neck");
        assert!(collared.narrowest < 0.25, "{collared:?}");
    }

    #[test]
    fn a_neck_without_a_neckline_is_not_measured_unless_the_frame_cuts_it() {
        let lm = landmarks();
        // Skin down to 1.6 eye distances under the chin and on: clothing of
        // the skin's colour, or no clothing seen — not judged.
        let bare = paint(H, |x, y| neck_or(x, y, BACKDROP));
        assert_eq!(measure(&bare, &lm), None);
        // The frame's bottom edge 1.2 eye distances under the chin: the neck
        // runs out of the frame, measured down to there.
        let close_up = paint(252, |x, y| neck_or(x, y, BACKDROP));
        let cut = measure(&close_up, &lm).expect("measured to the edge");
        assert!(cut.cut && cut.depth > 1.1, "{cut:?}");
        assert!(cut.narrowest > 0.38, "{cut:?}");
        // The neck's columns leave the frame: nothing measured.
        let off = Landmarks {
            face_edges: Some([-40.0, 80.0]),
            ..lm
        };
        assert_eq!(measure(&bare, &off), None);
    }
}

//! A necklace: a thin line of its own colour running across the neck.
//!
//! A chain or a string of beads crosses the neck and the open collar as a
//! thin line that differs from what lies either side of it — skin above,
//! skin or clothing below — where the neckline itself is an edge (skin on
//! one side, clothing on the other). The window: 1.6 d wide on the face's
//! centre line (`d` the eye distance), from 0.15 to 1.4 d under the chin
//! (cut at the frame's bottom edge where a large or low head puts it there,
//! if still [`MIN_DEPTH`] deep); every other column is read.
//!
//! In each column the strongest thin line is the row whose colour lies
//! furthest (ΔE) from any mix of the pixels 0.035 d (at least 2 px) above
//! and below it — a pixel on the border of two colours is a mix of them; a
//! chain is under 0.07 d thick, a collar's edge broader — and stands out
//! from both as jewellery does: lighter than both, or more colourful than
//! both (a neckline's rib or a fold is a darker shade; a black string of
//! beads is not seen). A column has a line where that distance is at least
//! [`MIN_LINE_DELTA_E`]. The measure is the longest run of columns whose
//! lines join (rows at most twice that reach apart; gaps of up to 0.15 d
//! bridged: a pendant), in eye distances: a necklace runs across the neck
//! for about one eye distance, seams, folds and noise make short lines.
//! The same is traced down each half of the window, row by row (every
//! fourth row of the converted columns): a chain hanging in a U shows its
//! arms down the neck's sides where its bottom lies on clothing of its own
//! colour ([`NeckLines::arms`]).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Window;
use crate::colour::{chroma, lab_fast};
use crate::decode::Frame;
use crate::landmarks::Landmarks;

/// Least colour difference of a necklace's line from any mix of its sides
/// (ΔE).
pub const MIN_LINE_DELTA_E: f32 = 16.0;

/// How far under the chin the window must reach where the frame's bottom
/// edge cuts it, eye distances (it runs to 1.4): the neck, at least, in
/// view (on a large head the generator's chains hang from about 0.35 to
/// 0.7 under the chin; the 11 generated necklaces of 16 seeds whose window
/// the frame cut kept 0.46–0.79 of it in view).
pub const MIN_DEPTH: f32 = 0.45;

/// The columns' step, pixels.
const STEP: usize = 2;
/// The rows' step, pixels, for a chain's arms (read on the columns
/// already converted: no pixel is converted twice).
const ROW_STEP: usize = 4;

/// How much lighter than a side a jewel's line is, at least (L\*)…
pub const LIGHTER: f32 = 5.0;
/// …or how much more colourful (chroma).
pub const MORE_CHROMA: f32 = 10.0;

/// The window searched under the chin: its centre and half-size.
pub fn window(lm: &Landmarks) -> ([f32; 2], [f32; 2]) {
    let d = lm.eye_distance();
    let chin = lm.chin_or_predicted();
    ([lm.face_centre(), chin + 0.775 * d], [0.8 * d, 0.625 * d])
}

/// The thin lines traced under the chin, in eye distances.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct NeckLines {
    /// The longest line joined across the neck (column by column).
    pub across: f32,
    /// The longest line joined down each half of the window (row by row),
    /// both halves together: a chain hanging in a U shows its arms down the
    /// neck's sides where its bottom lies on clothing of its own colour.
    pub arms: f32,
}

/// The thin lines across and down the neck; `None` when the window leaves
/// the frame but at its bottom, or when the frame's bottom edge cuts it
/// less than [`MIN_DEPTH`] eye distances under the chin.
pub fn lines(frame: &Frame<'_>, lm: &Landmarks) -> Option<NeckLines> {
    let d = lm.eye_distance();
    let (c, half) = window(lm);
    let window = Window::around(frame, c, half).or_else(|| {
        // A large head (or one placed low) pushes the window's bottom out
        // of the frame: a necklace lies around the neckline, on the
        // window's upper part; the rest is read.
        let (top, bottom) = (c[1] - half[1], frame.height as f32);
        let deep_enough = bottom >= lm.chin_or_predicted() + MIN_DEPTH * d;
        let kept = [c[0], 0.5 * (top + bottom)];
        deep_enough
            .then(|| Window::around(frame, kept, [half[0], 0.5 * (bottom - top)]))
            .flatten()
    })?;
    let (w, h) = (window.width(), window.height());
    let k = ((0.035 * d).round() as usize).max(2);
    if h < 2 * k + 1 || w < 4 * k + 2 {
        return None;
    }
    // Every other column, converted once: L*, a*, b* and chroma, column by
    // column (a chain is a few pixels thick and runs across: no column of
    // it is lost by the step).
    let stride = frame.width as usize;
    let mut columns: Vec<[f32; 4]> = Vec::with_capacity(w.div_ceil(STEP) * h);
    for x in (0..w).step_by(STEP) {
        columns.extend((0..h).map(|y| {
            let i = ((window.y0 + y) * stride + window.x0 + x) * 3;
            let [l, a, b] = lab_fast([frame.rgb[i], frame.rgb[i + 1], frame.rgb[i + 2]]);
            [l, a, b, chroma(a, b)]
        }));
    }
    // Every fourth row of those columns, copied (a chain's arms run down
    // the neck for half an eye distance and more: the step keeps them).
    let n = columns.len() / h;
    let rows: Vec<[f32; 4]> = (0..h)
        .step_by(ROW_STEP)
        .flat_map(|y| (0..n).map(move |c| (c, y)))
        .map(|(c, y)| columns[c * h + y])
        .collect();
    // A pendant (taller than a line) or a bead interrupts the line for a few
    // profiles: gaps up to 0.15 d are bridged.
    let max_gap = |step: usize| (0.15 * d / step as f32).round() as usize;
    let across = longest_run(columns.chunks_exact(h), k, max_gap(STEP), 2 * k);
    // Along a row the samples are two pixels apart (the columns'), four rows
    // apart: an arm slanting out 45° moves as far between them.
    let k_row = k.div_ceil(STEP);
    let arm = |half: std::ops::Range<usize>| {
        let profiles = rows.chunks_exact(n).map(|r| &r[half.clone()]);
        longest_run(profiles, k_row, max_gap(ROW_STEP), 2 * k_row.max(ROW_STEP / STEP))
    };
    let (left, right) = (arm(0..n / 2), arm(n / 2..n));
    let length = |run: usize, step: usize| (run * step) as f32 / d;
    Some(NeckLines {
        across: length(across, STEP),
        arms: length(left + right, ROW_STEP),
    })
}

/// The longest run of consecutive profiles (columns or rows) whose
/// strongest thin lines join: each profile's line is where its colour lies
/// furthest from any mix of the pixels `k` either side and stands out from
/// both, by at least [`MIN_LINE_DELTA_E`]; neighbouring profiles' lines
/// join within `reach` of each other, gaps of up to `max_gap` profiles
/// bridged.
fn longest_run<'a>(profiles: impl Iterator<Item = &'a [[f32; 4]]>, k: usize, max_gap: usize, reach: usize) -> usize {
    let (mut longest, mut run, mut last, mut gap) = (0usize, 0usize, None::<usize>, 0usize);
    for profile in profiles {
        // Squared differences: the root is taken of none.
        let (mut best, mut at) = (0.0f32, 0usize);
        for i in k..profile.len().saturating_sub(k) {
            let (centre, before, after) = (profile[i], profile[i - k], profile[i + k]);
            if !stands_out(centre, before, after) {
                continue;
            }
            let strength = off_mix(centre, before, after);
            if strength > best {
                (best, at) = (strength, i);
            }
        }
        if best < MIN_LINE_DELTA_E * MIN_LINE_DELTA_E {
            gap += 1;
            if gap > max_gap {
                (run, last) = (0, None);
            }
            continue;
        }
        run = match last {
            Some(l) if at.abs_diff(l) <= reach => run + gap + 1,
            _ => 1,
        };
        (last, gap) = (Some(at), 0);
        longest = longest.max(run);
    }
    longest
}

/// Whether a line's colour stands out from both sides' as jewellery does:
/// lighter than both (by [`LIGHTER`] L\*) or more colourful than both (by
/// [`MORE_CHROMA`]) — metal, beads and pendants catch the light or carry a
/// colour of their own, where the rib of a neckline or a fold is a darker
/// shade.
#[inline]
fn stands_out(line: [f32; 4], above: [f32; 4], below: [f32; 4]) -> bool {
    line[0] >= above[0].max(below[0]) + LIGHTER || line[3] >= above[3].max(below[3]) + MORE_CHROMA
}

/// The squared ΔE76 from `c` to the nearest mix of `a` and `b` (the segment
/// between them in L\*a\*b\*): a pixel on the border of two colours is a
/// mix of them, a line has a colour of its own.
#[inline]
fn off_mix(c: [f32; 4], a: [f32; 4], b: [f32; 4]) -> f32 {
    let ab = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
    let ac = [c[0] - a[0], c[1] - a[1], c[2] - a[2]];
    let len = ab[0] * ab[0] + ab[1] * ab[1] + ab[2] * ab[2];
    let t = if len > 0.0 {
        ((ac[0] * ab[0] + ac[1] * ab[1] + ac[2] * ab[2]) / len).clamp(0.0, 1.0)
    } else {
        0.0
    };
    (0..3).map(|i| (ac[i] - t * ab[i]).powi(2)).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: usize = 200;
    const H: usize = 300;

    fn paint(rgb: &mut [u8], inside: impl Fn(f32, f32) -> bool, colour: [u8; 3]) {
        for (i, px) in rgb.chunks_exact_mut(3).enumerate() {
            if inside((i % W) as f32, (i / W) as f32) {
                px.copy_from_slice(&colour);
            }
        }
    }

    #[test]
    fn a_chain_across_the_neck_is_a_long_line_and_a_neckline_is_not() {
        let lm = Landmarks {
            eyes: [[70.0, 100.0], [130.0, 100.0]],
            chin: Some(180.0),
            face_edges: Some([40.0, 160.0]),
            ..Landmarks::default()
        };
        // Skin down to a red T-shirt whose neckline has a darker rib.
        let mut rgb = [214u8, 168, 132].repeat(W * H);
        paint(&mut rgb, |_, y| y >= 256.0, [200, 30, 35]);
        paint(&mut rgb, |_, y| (252.0..256.0).contains(&y), [150, 22, 26]);
        let frame = Frame {
            width: W as u32,
            height: H as u32,
            rgb: &rgb,
        };
        let bare = lines(&frame, &lm).expect("measured").across;
        assert!(bare < 0.2, "{bare}");
        // A gold chain hanging in an arc down the neck, a
        // pendant at its lowest point.
        let arc = |x: f32, y: f32| {
            let r = ((x - 100.0) / 40.0).hypot((y - 205.0) / 35.0);
            y >= 205.0 && (r - 1.0).abs() * 37.0 < 1.5
        };
        paint(&mut rgb, arc, [225, 190, 90]);
        paint(&mut rgb, |x, y| (x - 100.0).hypot(y - 244.0) <= 3.5, [235, 200, 100]);
        let frame = Frame {
            width: W as u32,
            height: H as u32,
            rgb: &rgb,
        };
        let worn = lines(&frame, &lm).expect("measured").across;
        assert!(worn > 0.6, "{worn}"); // the rule fires over 0.4
        // The frame's bottom edge cutting the window under the chain: what
        // it shows is read.
        let cut = Frame {
            width: W as u32,
            height: 260,
            rgb: &rgb[..W * 260 * 3],
        };
        let seen = lines(&cut, &lm).expect("measured").across;
        assert!(seen > 0.6, "{seen}");
        // The neck out of the frame (under 0.45 d of it shown): nothing
        // measured.
        let low = Landmarks {
            chin: Some(290.0),
            ..lm
        };
        assert_eq!(lines(&frame, &low), None);
    }
}

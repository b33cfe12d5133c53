//! A bun on top of the head ("丸子头"): a compact bump over the head's
//! outline.
//!
//! The head's top outline, seen in the person mask, follows the skull's arc
//! (hair, a cap, even a tall hairstyle, stay smooth across the head); a bun
//! pinned on top rises out of it over a narrow span. The measure: the
//! mask's topmost person row (the first of two, so that a stray pixel of
//! noise does not count) in each column within half a face width of the
//! face's centre line; a parabola fitted to the outline's outer parts
//! (0.25–0.5 face widths out, both sides) predicts where the top should be
//! over the middle; the bump is how far the highest point within
//! [`MIDDLE`] face widths of the centre rises above that prediction, over
//! the face width. `None` where the outline is not seen (no mask, no face
//! width, a head whose outer parts the frame's top cuts, too few columns on
//! either side). Where the frame's top cuts only the middle (a head placed
//! high, a bun reaching out of the frame), the cut columns count as topping
//! out at the frame's edge: the rise measured is then a lower bound
//! ([`Bump::cut`]).

use crate::landmarks::Landmarks;
use crate::segment::{PERSON, Segmentation};

/// Half-width of the middle span where a bun is looked for, in face
/// widths.
pub const MIDDLE: f32 = 0.15;

/// The head's top over its arc.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bump {
    /// How far the top rises over the arc, in face widths.
    pub rise: f32,
    /// The frame's top edge cuts the middle: the top rises at least `rise`.
    pub cut: bool,
}

/// How far the top of the head rises over its arc, in face widths.
pub fn bump(seg: &Segmentation, lm: &Landmarks) -> Option<Bump> {
    let fw = lm.face_width()?;
    let (w, k) = (seg.width as usize, seg.factor as f32);
    if fw < 8.0 * k || w == 0 {
        return None;
    }
    let cx = lm.face_centre();
    let above = ((lm.eye_line() / k).max(0.0) as usize).min((seg.mask.len() / w).saturating_sub(1));
    // (offset from the centre in face widths, top row in full-resolution
    // pixels) per column.
    let tops: Vec<(f32, f32)> = (0..w)
        .filter_map(|i| {
            let u = ((i as f32 + 0.5) * k - cx) / fw;
            if u.abs() > 0.5 {
                return None;
            }
            // The first of two person pixels in a row down the column: a
            // stray pixel of noise over the head is not its top.
            let person = |j: usize| seg.mask[j * w + i] == PERSON;
            let mut j = (0..above).find(|&j| person(j) && person(j + 1))?;
            if j == 0 {
                // A run down from the frame's top edge that ends before the
                // eye line is no head the frame cuts (noise along the edge
                // in a grainy photo): the head's top is the next one.
                if let Some(end) = (0..above).find(|&r| !person(r)) {
                    j = (end..above).find(|&j| person(j) && person(j + 1))?;
                }
            }
            Some((u, j as f32 * k))
        })
        .collect();
    let middle = || tops.iter().filter(|t| t.0.abs() <= MIDDLE);
    let outer: Vec<(f32, f32)> = tops.iter().copied().filter(|t| t.0.abs() >= 0.25).collect();
    let left = outer.iter().filter(|t| t.0 < 0.0).count();
    let right = outer.len() - left;
    // A head whose outer parts the frame's top cuts shows no arc to
    // measure from.
    if left < 3 || right < 3 || middle().next().is_none() || outer.iter().any(|t| t.1 <= 0.0) {
        return None;
    }
    let [a, b, c] = fit_parabola(&outer)?;
    let rise = middle()
        .map(|&(u, top)| (a + b * u + c * u * u) - top)
        .fold(f32::NEG_INFINITY, f32::max);
    Some(Bump {
        rise: rise / fw,
        cut: middle().any(|t| t.1 <= 0.0),
    })
}

/// Least-squares `y = a + b x + c x²` through the points; `None` when they
/// do not determine it.
fn fit_parabola(points: &[(f32, f32)]) -> Option<[f32; 3]> {
    // Normal equations, in f64.
    let mut m = [[0f64; 4]; 3];
    for &(x, y) in points {
        let (x, y) = (f64::from(x), f64::from(y));
        let row = [1.0, x, x * x];
        for r in 0..3 {
            for c in 0..3 {
                m[r][c] += row[r] * row[c];
            }
            m[r][3] += row[r] * y;
        }
    }
    // Gauss–Jordan with partial pivoting.
    for col in 0..3 {
        let pivot = (col..3).max_by(|&p, &q| m[p][col].abs().total_cmp(&m[q][col].abs()))?;
        if m[pivot][col].abs() < 1e-9 {
            return None;
        }
        m.swap(col, pivot);
        let pivot_row = m[col];
        for (r, row) in m.iter_mut().enumerate() {
            if r != col {
                let f = row[col] / pivot_row[col];
                for (v, p) in row.iter_mut().zip(pivot_row).skip(col) {
                    *v -= f * p;
                }
            }
        }
    }
    Some(std::array::from_fn(|i| (m[i][3] / m[i][i]) as f32))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::Frame;
    use crate::landmarks::FaceBox;
    use crate::segment::SegmentScratch;

    /// A 240 × 320 portrait on CHSI blue: dark hair over a skin face, dark
    /// clothing at the bottom, and maybe a bun on top; its top `crop` rows
    /// cut off.
    fn rise(with_bun: bool, crop: usize) -> Option<Bump> {
        let (w, h) = (240usize, 320usize);
        let mut rgb = [100u8, 197, 255].repeat(w * h);
        let mut paint = |inside: &dyn Fn(f32, f32) -> bool, c: [u8; 3]| {
            for y in 0..h {
                for x in 0..w {
                    if inside(x as f32, y as f32) {
                        rgb[(y * w + x) * 3..(y * w + x) * 3 + 3].copy_from_slice(&c);
                    }
                }
            }
        };
        paint(&|x, y| y > 250.0 && (x - 120.0).abs() < 110.0, [30, 30, 40]);
        paint(
            &|x, y| ((x - 120.0) / 56.0).powi(2) + ((y - 150.0) / 76.0).powi(2) <= 1.0,
            [35, 25, 25],
        );
        paint(
            &|x, y| ((x - 120.0) / 50.0).powi(2) + ((y - 165.0) / 65.0).powi(2) <= 1.0 && y > 120.0,
            [220, 180, 150],
        );
        if with_bun {
            paint(
                &|x, y| ((x - 120.0) / 16.0).powi(2) + ((y - 72.0) / 14.0).powi(2) <= 1.0,
                [35, 25, 25],
            );
        }
        let frame = Frame {
            width: w as u32,
            height: (h - crop) as u32,
            rgb: &rgb[crop * w * 3..],
        };
        let seg = crate::segment::run(&frame, &mut SegmentScratch::default()).unwrap();
        let up = crop as f32;
        let lm = Landmarks {
            faces: vec![FaceBox {
                score: 0.9,
                bbox: [75.0, 110.0 - up, 165.0, 220.0 - up],
            }],
            eyes: [[100.0, 150.0 - up], [140.0, 150.0 - up]],
            face_edges: Some([70.0, 170.0]),
            ..Landmarks::default()
        };
        bump(&seg, &lm)
    }

    #[test]
    fn a_bun_rises_over_the_heads_arc() {
        let plain = rise(false, 0).expect("outline seen");
        let bun = rise(true, 0).expect("outline seen");
        assert!(plain.rise.abs() < 0.03 && !plain.cut, "{plain:?}");
        assert!(bun.rise > 0.1 && !bun.cut, "{bun:?}");
        // The frame's top through the bun: a rise of at least what shows.
        let cut = rise(true, 64).expect("outline seen");
        assert!(cut.cut && cut.rise > 0.05 && cut.rise < bun.rise, "{cut:?}");
    }

    #[test]
    fn a_parabola_through_exact_points_is_recovered() {
        let pts: Vec<(f32, f32)> = [-0.5f32, -0.4, -0.3, 0.3, 0.4, 0.5]
            .iter()
            .map(|&x| (x, 100.0 - 20.0 * x + 300.0 * x * x))
            .collect();
        let [a, b, c] = fit_parabola(&pts).unwrap();
        assert!((a - 100.0).abs() < 1e-3 && (b + 20.0).abs() < 1e-3 && (c - 300.0).abs() < 1e-2);
        assert!(fit_parabola(&[(0.3, 1.0), (0.3, 2.0)]).is_none());
    }
}

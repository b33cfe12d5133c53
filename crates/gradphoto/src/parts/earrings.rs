//! Jewellery at the earlobes.
//!
//! A window under each ear point (the detector's tragion), from 0.15 to
//! 0.8 eye distances `d` below it and from 0.2 d inside to 0.35 d outside
//! it: the earlobe and what hangs from it. A pixel there is *jewel-like*
//! when it stands out as jewellery does — much lighter than the skin
//! (metal, pearls, a specular glint), or much more colourful in a hue of
//! its own or not darker than the skin (gold, gems, enamel; an ear's fold
//! in shade deepens in the skin's hue), which dark hair never is — and is
//! none of what else belongs there: this face's skin (lit or in shade),
//! the backdrop (the segmentation's plane at that place), or a blend of
//! the two (the face's outline). The measure is the largest 8-connected
//! blob of such pixels that does not touch the window's edge, is at most
//! [`MAX_AREA`] and stands out from its surround by [`MIN_CONTRAST`], in d²
//! (a stud of 0.06 d across covers about 0.003 d², the generator's gold
//! drops about 0.009 d² as measured).
//!
//! Those distances are for a photo of full tonal range. In one whose tones
//! are squeezed towards grey or that is under-exposed
//! ([`super::tonal_scale`]: 0.3–0.5 on generated low-contrast photos, about
//! 0.35–0.55 on under-exposed ones) a jewel lies nearer the skin by that
//! scale, and so do the limits it must pass ([`LIGHTER`], [`MORE_CHROMA`],
//! [`MIN_CONTRAST`]); the limits that keep the backdrop and the face's
//! outline out ([`BACKDROP`], [`BLEND`]) stay as they are — scaled too, they
//! let a squeezed backdrop through (on seeds 1–4, 6, 7: 0.3–0.7 % more
//! photos without earrings fired, for the same recall).

use super::{SkinTone, Window};
use crate::colour::{chroma, delta_e_shade};
use crate::decode::Frame;
use crate::landmarks::Landmarks;
use crate::segment::{Segmentation, eval_plane};

/// How much lighter than the skin's mean (L\*) a jewel-like pixel is.
pub const LIGHTER: f32 = 14.0;
/// How much more chroma than the skin's a jewel-like pixel has.
pub const MORE_CHROMA: f32 = 16.0;
/// Distance (as [`BACKDROP`]) from the mix of skin and backdrop under which
/// a pixel is the face's outline, not jewellery.
pub const BLEND: f32 = 8.0;
/// Smallest difference (as [`BACKDROP`]) between a blob's mean colour and
/// its surround's.
pub const MIN_CONTRAST: f32 = 12.0;
/// Largest blob that is jewellery, in d² (a hoop or a drop 0.2 d across).
pub const MAX_AREA: f32 = 0.04;
/// Smallest turn of hue from the skin's (radians, 15°) for a pixel that is
/// more colourful but not lighter than the skin to stand out.
pub const MIN_HUE_TURN: f32 = 15.0 * std::f32::consts::PI / 180.0;
/// Distance (ΔE, lightness counting half) to the backdrop's plane under
/// which a pixel is backdrop.
pub const BACKDROP: f32 = 12.0;

/// The largest jewel-like blob under each ear (image-left, image-right),
/// in square eye distances; `None` for a side whose window leaves the
/// frame.
pub fn blobs(
    frame: &Frame<'_>,
    seg: Option<&Segmentation>,
    lm: &Landmarks,
    skin: &SkinTone,
    tones: f32,
) -> [Option<f32>; 2] {
    let d = lm.eye_distance();
    let mut grid = Grid::default();
    lm.ears.map(|ear| {
        let (c, half) = zone(lm, ear);
        let window = Window::around(frame, c, half)?;
        grid.fill(frame, seg, skin, window, tones);
        let largest = grid.largest_jewel((MAX_AREA * d * d) as usize, MIN_CONTRAST * tones);
        Some(largest as f32 / (d * d))
    })
}

/// The window searched under an ear point: its centre and half-size.
pub fn zone(lm: &Landmarks, ear: [f32; 2]) -> ([f32; 2], [f32; 2]) {
    let d = lm.eye_distance();
    let out = lm.outward(ear[0]);
    let (x0, x1) = (ear[0] - 0.2 * d * out, ear[0] + 0.35 * d * out);
    ([0.5 * (x0 + x1), ear[1] + 0.475 * d], [0.275 * d, 0.325 * d])
}

/// A window's pixels (L\*a\*b\*) and which are jewel-like, row by row.
#[derive(Default)]
struct Grid {
    width: usize,
    lab: Vec<[f32; 3]>,
    /// 0: not jewel-like; 1: jewel-like, not yet in a blob; ≥ 2: blob id.
    label: Vec<u32>,
    stack: Vec<usize>,
}

impl Grid {
    /// `tones`: the photo's tonal scale, which the standing-out limits take.
    fn fill(&mut self, frame: &Frame<'_>, seg: Option<&Segmentation>, skin: &SkinTone, win: Window, tones: f32) {
        let model = skin.model();
        let [sl, sa, sb] = skin.lab;
        let (bright, colourful) = (sl + LIGHTER * tones, chroma(sa, sb) + MORE_CHROMA * tones);
        let skin_hue = sb.atan2(sa);
        let (fw, fh) = (frame.width as f32, frame.height as f32);
        self.width = win.width();
        win.lab(frame, &mut self.lab);
        self.label.clear();
        for (k, &p) in self.lab.iter().enumerate() {
            let (x, y) = (win.x0 + k % self.width, win.y0 + k / self.width);
            // More colourful counts in a hue of its own, or lighter: skin in
            // shade (an ear's fold) deepens in its own hue.
            let standout = p[0] >= bright
                || chroma(p[1], p[2]) >= colourful
                    && (p[0] >= sl || hue_turn(p[2].atan2(p[1]), skin_hue) >= MIN_HUE_TURN);
            let jewel = standout
                && !model.matches(p)
                && seg.is_none_or(|s| {
                    let m = eval_plane(&s.plane, (x as f32 + 0.5) / fw, (y as f32 + 0.5) / fh);
                    delta_e_shade(p, m) > BACKDROP && delta_e_shade(p, blend(p, skin.lab, m)) > BLEND
                });
            self.label.push(u32::from(jewel));
        }
    }

    /// Size of the largest jewel-sized blob (8-connected jewel-like
    /// pixels): at most `max_area` pixels, not touching the window's edge
    /// (a mask, a collar or a lit backdrop runs on past it), and standing
    /// out from the pixels around it by at least `min_contrast` ([`MIN_CONTRAST`]
    /// at full tonal range: a flush of colour or a broad highlight fades
    /// into the skin).
    fn largest_jewel(&mut self, max_area: usize, min_contrast: f32) -> usize {
        let (width, height) = (self.width, self.label.len() / self.width.max(1));
        let mut best = 0;
        let mut id = 1;
        for start in 0..self.label.len() {
            if self.label[start] != 1 {
                continue;
            }
            id += 1;
            self.label[start] = id;
            self.stack.clear();
            self.stack.push(start);
            let (mut size, mut edge, mut sum) = (0, false, [0f32; 3]);
            let mut bbox = [usize::MAX, usize::MAX, 0, 0];
            while let Some(k) = self.stack.pop() {
                size += 1;
                let (x, y) = (k % width, k / width);
                (0..3).for_each(|c| sum[c] += self.lab[k][c]);
                bbox = [bbox[0].min(x), bbox[1].min(y), bbox[2].max(x), bbox[3].max(y)];
                edge |= x == 0 || y == 0 || x + 1 == width || y + 1 == height;
                for ny in y.saturating_sub(1)..(y + 2).min(height) {
                    for nx in x.saturating_sub(1)..(x + 2).min(width) {
                        let n = ny * width + nx;
                        if self.label[n] == 1 {
                            self.label[n] = id;
                            self.stack.push(n);
                        }
                    }
                }
            }
            if edge || size > max_area || size <= best {
                continue;
            }
            // The surround: the blob's box grown by two pixels, less the blob.
            let (mut around, mut n) = ([0f32; 3], 0u32);
            for y in bbox[1].saturating_sub(2)..(bbox[3] + 3).min(height) {
                for x in bbox[0].saturating_sub(2)..(bbox[2] + 3).min(width) {
                    let k = y * width + x;
                    if self.label[k] != id {
                        (0..3).for_each(|c| around[c] += self.lab[k][c]);
                        n += 1;
                    }
                }
            }
            let mean = sum.map(|v| v / size as f32);
            if n > 0 && delta_e_shade(mean, around.map(|v| v / n as f32)) >= min_contrast {
                best = size;
            }
        }
        best
    }
}

/// The angle between two hues (radians), 0 to π.
fn hue_turn(a: f32, b: f32) -> f32 {
    let t = (a - b).abs() % std::f32::consts::TAU;
    t.min(std::f32::consts::TAU - t)
}

/// The point of the line from `a` to `b` (clamped to the segment)
/// nearest `p`: a pixel on the face's outline mixes skin and backdrop.
fn blend(p: [f32; 3], a: [f32; 3], b: [f32; 3]) -> [f32; 3] {
    let ab = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
    let len = ab[0] * ab[0] + ab[1] * ab[1] + ab[2] * ab[2];
    if len <= f32::EPSILON {
        return a;
    }
    let t = (((p[0] - a[0]) * ab[0] + (p[1] - a[1]) * ab[1] + (p[2] - a[2]) * ab[2]) / len).clamp(0.0, 1.0);
    [a[0] + t * ab[0], a[1] + t * ab[1], a[2] + t * ab[2]]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(cells: &[u8], width: usize) -> Grid {
        Grid {
            width,
            lab: cells
                .iter()
                .map(|&c| if c == 1 { [85.0, 0.0, 45.0] } else { [60.0, 12.0, 20.0] })
                .collect(),
            label: cells.iter().map(|&c| u32::from(c == 1)).collect(),
            stack: Vec::new(),
        }
    }

    #[test]
    fn the_largest_jewel_joins_diagonal_neighbours_and_skips_edges_and_large_ones() {
        #[rustfmt::skip]
        let cells = [
            0, 0, 0, 0, 0, 0,
            0, 1, 0, 0, 0, 1,
            0, 0, 1, 0, 0, 1,
            0, 0, 0, 1, 0, 0,
            0, 0, 0, 0, 0, 0,
        ];
        assert_eq!(
            grid(&cells, 6).largest_jewel(10, MIN_CONTRAST),
            3,
            "the pair at the edge does not count"
        );
        assert_eq!(
            grid(&cells, 6).largest_jewel(2, MIN_CONTRAST),
            0,
            "too large for jewellery"
        );
        // The same blob in a colour barely off its surround is no jewel.
        // (ΔE 5.4 with lightness counting half)…
        let faint = || {
            let mut g = grid(&cells, 6);
            for (p, &c) in g.lab.iter_mut().zip(&cells) {
                *p = if c == 1 { [66.0, 14.0, 24.0] } else { [60.0, 12.0, 20.0] };
            }
            g
        };
        assert_eq!(faint().largest_jewel(10, MIN_CONTRAST), 0);
        // …but it stands out in a photo squeezed to 40 % of its range.
        assert_eq!(faint().largest_jewel(10, MIN_CONTRAST * 0.4), 3);
    }
}

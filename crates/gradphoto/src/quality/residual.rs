//! The high-pass residual of the luma plane: Immerkær's 3 × 3 mask
//!
//! ```text
//!  1 -2  1
//! -2  4 -2
//!  1 -2  1
//! ```
//!
//! (the difference of two Laplacians) is zero on any linear ramp, so the
//! backdrop's lighting gradient and vignette vanish and what is left is
//! noise and fine texture. For Gaussian noise of σ the residual has a
//! standard deviation of 6σ and its absolute value a median of
//! 0.6745 · 6σ; the median (not the mean) keeps a stray edge or a speck
//! from counting.
//!
//! The mask runs over k × k cell *sums* of the luma plane (k bringing the
//! frame nearest to 240 px wide), not their means rounded to a level:
//! rounding adds σ 0.29 levels of its own to every cell, as much as a
//! retouched face's whole texture, and leaves the median a handful of
//! values (residuals of whole levels).
//!
//! Immerkær, "Fast noise variance estimation", CVIU 64(2), 1996.

use crate::landmarks::Landmarks;
use crate::parts::Window;
use crate::parts::skin::{SkinPatch, SkinTone};
use crate::segment::{BACKGROUND, Segmentation};

use super::Luma;

/// Residuals (of cell sums) are counted up to this value (larger ones land
/// in the last bin): a σ of 40 levels in 2 × 2 cells, far past any photo
/// worth measuring.
const MAX_RESIDUAL: usize = 4095;

/// Luma levels that still carry noise: clipping flattens it.
const UNCLIPPED: std::ops::RangeInclusive<u8> = 6..=249;

/// The luma plane's k × k cell sums, `k` the factor that brings the frame
/// nearest to 240 px wide (at least 1).
#[derive(Clone, Copy, Debug)]
pub struct Cells<'a> {
    /// Cells across.
    pub width: usize,
    /// Cells down.
    pub height: usize,
    /// The cell's side, pixels.
    pub k: usize,
    /// The sums, rows top to bottom.
    pub data: &'a [u16],
}

impl<'a> Cells<'a> {
    /// Sum `plane` into `out` (`k` up to 16, so that a sum fits 16 bits).
    pub fn sum(plane: &Luma<'_>, out: &'a mut Vec<u16>) -> Cells<'a> {
        let k = ((plane.width as f32 / 240.0).round() as usize).clamp(1, 16);
        let (w, h) = (plane.width / k, plane.height / k);
        out.clear();
        out.reserve(w * h);
        for rows in plane.data.chunks_exact(k * plane.width).take(h) {
            if k == 2 {
                // The common case (480 px wide), in a form that vectorises.
                let (a, b) = rows.split_at(plane.width);
                out.extend(
                    a[..2 * w]
                        .chunks_exact(2)
                        .zip(b[..2 * w].chunks_exact(2))
                        .map(|(p, q)| u16::from(p[0]) + u16::from(p[1]) + u16::from(q[0]) + u16::from(q[1])),
                );
                continue;
            }
            for x in 0..w {
                let mut sum = 0u16;
                for row in rows.chunks_exact(plane.width) {
                    sum += row[x * k..(x + 1) * k].iter().map(|&v| u16::from(v)).sum::<u16>();
                }
                out.push(sum);
            }
        }
        Cells {
            width: w,
            height: h,
            k,
            data: out,
        }
    }

    /// The mean luma of the cell at `(x, y)`, rounded down.
    #[cfg(test)]
    fn level(&self, x: usize, y: usize) -> u8 {
        (usize::from(self.data[y * self.width + x]) / (self.k * self.k)) as u8
    }

    /// The cell sums whose mean luma, rounded down, lies in `levels`.
    fn sums(&self, levels: std::ops::RangeInclusive<u8>) -> std::ops::RangeInclusive<u16> {
        let area = (self.k * self.k) as u16;
        u16::from(*levels.start()) * area..=(u16::from(*levels.end()) + 1) * area - 1
    }

    /// σ of Gaussian noise, in levels of the full-resolution plane, whose
    /// median |residual| over these cells is `median`: the cell sums carry
    /// k² times the mean, whose σ is the pixels' over k.
    pub fn sigma(&self, median: f32) -> f32 {
        median / (MEDIAN_PER_SIGMA * self.k as f32)
    }
}

/// Median |residual| over σ for Gaussian noise: 0.6745 × 6.
const MEDIAN_PER_SIGMA: f32 = 4.047;

/// A histogram of absolute residuals, reused between measures.
#[derive(Debug)]
pub struct Histogram(Box<[u32; MAX_RESIDUAL + 1]>);

impl Default for Histogram {
    fn default() -> Self {
        Histogram(Box::new([0; MAX_RESIDUAL + 1]))
    }
}

impl Histogram {
    fn clear(&mut self) {
        self.0.fill(0);
    }

    #[inline]
    fn add(&mut self, residual: i32) {
        self.0[(residual.unsigned_abs() as usize).min(MAX_RESIDUAL)] += 1;
    }

    /// The median, interpolated inside its bin; `None` when fewer than
    /// `min` residuals were counted.
    fn median(&self, min: u32) -> Option<f32> {
        let total: u32 = self.0.iter().sum();
        if total < min.max(1) {
            return None;
        }
        let half = total as f32 / 2.0;
        let mut seen = 0u32;
        for (v, &c) in self.0.iter().enumerate() {
            if c > 0 && (seen + c) as f32 >= half {
                return Some(v as f32 + (half - seen as f32) / c as f32 - 0.5);
            }
            seen += c;
        }
        None
    }
}

/// The residual at `(x, y)`; needs a one-cell margin.
#[inline]
fn at(p: &Cells<'_>, x: usize, y: usize) -> i32 {
    let w = p.width;
    let r = |yy: usize| {
        let row = &p.data[yy * w + x - 1..yy * w + x + 2];
        (i32::from(row[0]), i32::from(row[1]), i32::from(row[2]))
    };
    let (a, b, c) = r(y - 1);
    let (d, e, f) = r(y);
    let (g, h, i) = r(y + 1);
    a + c + g + i - 2 * (b + d + f + h) + 4 * e
}

/// The median |residual| over the backdrop: one sample per mask cell whose
/// eight neighbours are backdrop too (so no sample is near the person's
/// outline) and whose luma is not clipped. `None` with under 100 samples.
pub fn backdrop(p: &Cells<'_>, seg: &Segmentation, hist: &mut Histogram) -> Option<f32> {
    hist.clear();
    let (mw, mh) = (seg.width as usize, seg.height as usize);
    let is_bg = |x: usize, y: usize| seg.mask[y * mw + x] == BACKGROUND;
    // A mask cell's centre in the reduced plane.
    let scale = seg.factor as f32 / p.k as f32;
    let unclipped = p.sums(UNCLIPPED);
    for my in 1..mh.saturating_sub(1) {
        for mx in 1..mw.saturating_sub(1) {
            let (x, y) = (
                ((mx as f32 + 0.5) * scale) as usize,
                ((my as f32 + 0.5) * scale) as usize,
            );
            if x == 0 || y == 0 || x + 1 >= p.width || y + 1 >= p.height {
                continue;
            }
            // A clipped sample has lost its noise (a blown-out or black
            // backdrop reads as clean as it is flat).
            if unclipped.contains(&p.data[y * p.width + x])
                && (my - 1..=my + 1).all(|y| (mx - 1..=mx + 1).all(|x| is_bg(x, y)))
            {
                hist.add(at(p, x, y));
            }
        }
    }
    hist.median(100)
}

/// The median |residual| over the face's skin:
/// both cheeks (below each eye, beside the nose), or, where the face's
/// skin tone was voted without both cheeks (a mask, a hand, hair over
/// them), over the patches it was voted from (nose bridge, forehead, one
/// cheek). `None` if a window leaves the frame.
pub fn skin(p: &Cells<'_>, lm: &Landmarks, tone: Option<&SkinTone>, hist: &mut Histogram) -> Option<f32> {
    const CHEEKS: [SkinPatch; 2] = [SkinPatch::LeftCheek, SkinPatch::RightCheek];
    hist.clear();
    // Whole cheeks (0.4 × 0.3 eye distances: 2.5 times the samples of a
    // skin-tone-sized window, which steadies the median); the skin tone's
    // own patches where a cheek is covered.
    let (patches, half): (&[SkinPatch], [f32; 2]) = match tone {
        Some(t) if !CHEEKS.iter().all(|c| t.patches.contains(c)) => (&t.patches, [0.12, 0.1]),
        _ => (&CHEEKS, [0.2, 0.15]),
    };
    let k = p.k as f32;
    let d = lm.eye_distance() / k;
    let size = [p.width as u32, p.height as u32];
    for patch in patches {
        let [x, y] = patch.centre(lm);
        let w = Window::inside(size, [x / k, y / k], [half[0] * d, half[1] * d])?;
        for y in w.y0.max(1)..w.y1.min(p.height - 1) {
            for x in w.x0.max(1)..w.x1.min(p.width - 1) {
                hist.add(at(p, x, y));
            }
        }
    }
    hist.median(8)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plane(w: usize, h: usize, f: impl Fn(usize, usize) -> u8) -> Vec<u8> {
        (0..h)
            .flat_map(|y| (0..w).map(move |x| (x, y)))
            .map(|(x, y)| f(x, y))
            .collect()
    }

    /// The cells of a plane `width` wide (one pixel each up to 360 wide).
    fn cells<'a>(width: usize, data: &[u8], out: &'a mut Vec<u16>) -> Cells<'a> {
        let plane = Luma {
            width,
            height: data.len() / width,
            data,
        };
        Cells::sum(&plane, out)
    }

    #[test]
    fn cells_keep_the_fractions_a_rounded_mean_loses() {
        // 480 wide: 2 × 2 cells. Rows alternate 100 and 101, so every cell
        // sums to 402 (a mean of 100.5, which rounding would make 100 or 101).
        let data = plane(480, 4, |_, y| 100 + (y % 2) as u8);
        let mut out = Vec::new();
        let c = cells(480, &data, &mut out);
        assert_eq!((c.width, c.height, c.k), (240, 2, 2));
        assert!(c.data.iter().all(|&v| v == 402));
        assert_eq!(c.level(3, 1), 100);
        // Means 6–249 rounded down: sums 24–999 of four pixels.
        assert_eq!(c.sums(UNCLIPPED), 24..=999);
        // A 1,000-wide frame: 4 × 4 cells, the last two columns left out.
        let data = plane(1000, 8, |x, _| (x % 256) as u8);
        let c = cells(1000, &data, &mut out);
        assert_eq!((c.width, c.height, c.k), (250, 2, 4));
        assert_eq!(c.data[1], 4 * (4 + 5 + 6 + 7));
        // The median residual of σ levels at full resolution reads σ
        // whatever the cell.
        assert!((c.sigma(MEDIAN_PER_SIGMA * 4.0 * 3.0) - 3.0).abs() < 1e-5);
    }

    #[test]
    fn a_ramp_has_no_residual_and_a_checkerboard_a_large_one() {
        let mut out = Vec::new();
        let ramp = plane(10, 10, |x, y| (10 * x + 3 * y) as u8);
        assert_eq!(at(&cells(10, &ramp, &mut out), 5, 5), 0);
        let chess = plane(10, 10, |x, y| if (x + y) % 2 == 0 { 100 } else { 110 });
        let p = cells(10, &chess, &mut out);
        // Corners 100 (+4 × 100), edges 110 (−8 × 110), centre 100 (+400).
        assert_eq!(at(&p, 5, 5), -80);
    }

    #[test]
    fn the_median_is_interpolated_and_needs_enough_samples() {
        let mut h = Histogram::default();
        for r in [0, 4, 4, 4, 8, -8] {
            h.add(r);
        }
        assert!((h.median(1).unwrap() - 4.0).abs() < 0.5);
        assert_eq!(h.median(7), None);
    }

    #[test]
    fn covered_cheeks_are_read_on_the_skin_tone_s_own_patches() {
        let lm = crate::parts::flat_face();
        // Flat below y = 120 (a mask over the cheeks), grainy above.
        let data = plane(200, 240, |x, y| {
            if y >= 120 {
                120
            } else {
                120 + ((x * 7 + y * 13) % 5) as u8 * 4
            }
        });
        let mut out = Vec::new();
        let p = cells(200, &data, &mut out);
        let mut hist = Histogram::default();
        assert_eq!(skin(&p, &lm, None, &mut hist), Some(0.0));
        let tone = SkinTone {
            lab: [60.0, 15.0, 20.0],
            chroma_tolerance: 8.0,
            patches: vec![SkinPatch::NoseBridge, SkinPatch::Forehead],
        };
        assert!(skin(&p, &lm, Some(&tone), &mut hist).unwrap() > 4.0);
    }
}

//! Fabric patterns: stripes and checks on the clothing.
//!
//! Measured at full resolution — a stripe a few pixels wide vanishes at a
//! quarter — over the two shoulder boxes that the clothing colour uses (x
//! 12–32 % and 68–88 %, y 88–98 % of the frame), narrowed to the columns the
//! person mask covers, so that the edge of an arm against the backdrop is not
//! taken for a stripe.
//!
//! Per box, the luma plane is averaged along columns and along rows: the
//! column profile carries vertical stripes, the row profile horizontal ones.
//! Each profile is high-passed by subtracting its moving average over a
//! window of a sixtieth of the frame width each side (8 px at 480), which
//! removes the lighting falloff across the body and the broad folds. A
//! pattern is the same in the upper and the lower half of a box (and in the
//! left and right half, for the row profile); sensor noise and JPEG block
//! errors are not. So the box is split in two, and the *amplitude* is the
//! square root of the covariance of the two halves' high-passed profiles:
//! noise cancels, the pattern stays. The amplitude over the box's mean luma
//! (at least 12) is the *strength* in that direction, averaged over the
//! boxes. Stripes are strong one way, checks both ways.
//!
//! Known weakness: heavy JPEG compression of a flat dark garment leaves a
//! staircase of 8-pixel blocks across a lighting ramp, which is the same in
//! both halves and can read as faint stripes.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{PERSON, Segmentation};
use crate::decode::Frame;
use crate::verdict::Region;

/// The pattern measure of the clothing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Pattern {
    /// Strength of vertical stripes (RMS of the high-passed column profile
    /// over mean luma), the mean over the measured boxes.
    pub vertical: f32,
    /// The same for horizontal stripes (row profile).
    pub horizontal: f32,
    /// Columns measured, over both boxes (full resolution).
    pub columns: u32,
    /// The span of the measured boxes (full resolution).
    pub region: Region,
}

impl Pattern {
    /// The stronger of the two directions; for checks, which are weaker
    /// each way than stripes, 1.6 times the weaker direction if that is more.
    pub fn strength(&self) -> f32 {
        self.vertical
            .max(self.horizontal)
            .max(1.6 * self.vertical.min(self.horizontal))
    }
}

/// `profile` minus its moving average over `2·r + 1` samples (the window
/// shrinks at the ends), in place.
fn high_pass(profile: &mut [f32], r: usize, prefix: &mut Vec<f32>) {
    let n = profile.len();
    prefix.clear();
    prefix.push(0f32);
    for &v in profile.iter() {
        prefix.push(prefix[prefix.len() - 1] + v);
    }
    for (i, v) in profile.iter_mut().enumerate() {
        let (a, b) = (i.saturating_sub(r), (i + r + 1).min(n));
        *v -= (prefix[b] - prefix[a]) / (b - a) as f32;
    }
}

/// The pattern amplitude two halves of a box share: the square root of the
/// covariance of their high-passed profiles. Stripes are the same in both
/// halves; sensor noise and JPEG block errors are not, and cancel out.
fn shared_amplitude(first: &mut [f32], second: &mut [f32], r: usize, prefix: &mut Vec<f32>) -> f32 {
    high_pass(first, r, prefix);
    high_pass(second, r, prefix);
    let cov = first.iter().zip(second.iter()).map(|(a, b)| a * b).sum::<f32>() / first.len().max(1) as f32;
    cov.max(0.0).sqrt()
}

impl Segmentation {
    /// Measure stripes and checks on the clothing. `None` when neither
    /// shoulder box has 24 columns of clothing.
    pub fn pattern(&self, frame: &Frame<'_>) -> Option<Pattern> {
        let (fw, fh) = (frame.width as usize, frame.height as usize);
        let (mw, f) = (self.width as usize, self.factor as usize);
        let (y0, y1) = (fh * 88 / 100, fh * 98 / 100);
        let r = (fw / 60).max(2);
        let (mut vertical, mut horizontal, mut columns, mut boxes) = (0f32, 0f32, 0u32, 0u32);
        let (mut x_min, mut x_max) = (fw, 0);
        let mut prefix = Vec::new();
        for (x0, x1) in [(fw * 12 / 100, fw * 32 / 100), (fw * 68 / 100, fw * 88 / 100)] {
            // The longest run of columns the person covers in at least 90 % of the rows.
            let covered = |x: usize| {
                let person = (y0..y1)
                    .step_by(f)
                    .filter(|&y| self.mask[(y / f) * mw + x / f] == PERSON)
                    .count();
                person == (y0..y1).step_by(f).count()
            };
            let (mut best, mut start) = ((0, 0), None);
            for x in x0..=x1 {
                match (x < x1 && covered(x), start) {
                    (true, None) => start = Some(x),
                    (false, Some(s)) => {
                        if x - s > best.1 - best.0 {
                            best = (s, x);
                        }
                        start = None;
                    }
                    _ => {}
                }
            }
            // Three reduced pixels off the mask's edge: there person and
            // backdrop blend, and JPEG rings around the edge.
            let (a, b) = (best.0 + 3 * f, best.1.saturating_sub(3 * f).max(best.0 + 3 * f));
            if b - a < 24 {
                continue;
            }
            // Column profiles of the upper and lower halves, row profiles of
            // the left and right halves.
            let (ym, xm) = ((y0 + y1) / 2, (a + b) / 2);
            let mut cols = [vec![0f32; b - a], vec![0f32; b - a]];
            let mut rows = [vec![0f32; y1 - y0], vec![0f32; y1 - y0]];
            let mut total = 0f32;
            for (y, k) in (y0..y1).zip(0..) {
                let line = &frame.rgb[(y * fw + a) * 3..(y * fw + b) * 3];
                let col = &mut cols[usize::from(y >= ym)];
                for ((p, c), x) in line.chunks_exact(3).zip(col.iter_mut()).zip(a..) {
                    let luma = crate::colour::luma([p[0], p[1], p[2]].map(f32::from));
                    *c += luma;
                    rows[usize::from(x >= xm)][k] += luma;
                    total += luma;
                }
            }
            let mean = (total / ((y1 - y0) * (b - a)) as f32).max(12.0);
            let [top, bottom] = &mut cols;
            let (nt, nb) = ((ym - y0) as f32, (y1 - ym) as f32);
            top.iter_mut().for_each(|v| *v /= nt);
            bottom.iter_mut().for_each(|v| *v /= nb);
            let [left, right] = &mut rows;
            let (nl, nr) = ((xm - a) as f32, (b - xm) as f32);
            left.iter_mut().for_each(|v| *v /= nl);
            right.iter_mut().for_each(|v| *v /= nr);
            vertical += shared_amplitude(top, bottom, r, &mut prefix) / mean;
            horizontal += shared_amplitude(left, right, r, &mut prefix) / mean;
            columns += (b - a) as u32;
            (x_min, x_max) = (x_min.min(a), x_max.max(b));
            boxes += 1;
        }
        (boxes > 0).then(|| Pattern {
            vertical: vertical / boxes as f32,
            horizontal: horizontal / boxes as f32,
            columns,
            region: Region {
                x: x_min as u32,
                y: y0 as u32,
                width: (x_max - x_min) as u32,
                height: (y1 - y0) as u32,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{high_pass, shared_amplitude};

    #[test]
    fn high_pass_ignores_ramps() {
        let mut ramp: Vec<f32> = (0..100).map(|i| i as f32).collect();
        high_pass(&mut ramp, 8, &mut Vec::new());
        // Only the shrinking window at the ends leaves a residue.
        assert!(ramp[10..90].iter().all(|v| v.abs() < 1e-3));
    }

    #[test]
    fn stripes_are_shared_and_noise_is_not() {
        let stripes = |i: usize| if (i / 4) % 2 == 0 { 100.0 } else { 50.0 };
        let (mut a, mut b): (Vec<f32>, Vec<f32>) = ((0..100).map(stripes).collect(), (0..100).map(stripes).collect());
        assert!(shared_amplitude(&mut a, &mut b, 8, &mut Vec::new()) > 20.0);
        // Two independent noise sequences (a fixed xorshift stream).
        let mut state = 0x2545_f491u32;
        let mut noise = || {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            (state % 41) as f32 - 20.0
        };
        let (mut a, mut b): (Vec<f32>, Vec<f32>) =
            ((0..400).map(|_| noise()).collect(), (0..400).map(|_| noise()).collect());
        assert!(shared_amplitude(&mut a, &mut b, 8, &mut Vec::new()) < 5.0);
    }
}

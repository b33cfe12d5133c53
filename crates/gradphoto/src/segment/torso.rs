//! The clothing: where it is, what colour it is, whether it is patterned.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{PERSON, Segmentation};
use crate::params::ColourName;
use crate::verdict::Region;

/// The clothing: where it is and what colour it is.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Torso {
    /// The region measured (full resolution).
    pub region: Region,
    /// Pixels of the reduced image measured.
    pub pixels: u32,
    /// The most frequent palette colour.
    pub dominant: ColourName,
    /// Its share of the measured pixels.
    pub share: f32,
    /// Mean colour of the pixels of the dominant colour, sRGB.
    pub rgb: [u8; 3],
    /// Mean colour of all measured pixels, sRGB.
    pub mean_rgb: [u8; 3],
    /// Whether the torso came from the person mask (`true`) or, the clothing
    /// having merged with the background, from the shoulder boxes (`false`).
    pub from_mask: bool,
}

/// Palette colours in shades from 70 % to 100 % of their value, as clothing
/// looks under studio light: (palette index, L\*a\*b\*).
fn shaded_palette() -> &'static [(usize, [f32; 3])] {
    static TABLE: std::sync::LazyLock<Vec<(usize, [f32; 3])>> = std::sync::LazyLock::new(|| {
        crate::colour::PALETTE
            .iter()
            .enumerate()
            .flat_map(|(index, &(_, rgb))| {
                [0.7f32, 0.8, 0.9, 1.0].map(|k| {
                    (
                        index,
                        crate::colour::srgb_to_lab(rgb.map(|c| (f32::from(c) * k).round() as u8)),
                    )
                })
            })
            .collect()
    });
    &TABLE
}

/// The index in [`crate::colour::PALETTE`] of the colour nearest to `lab`
/// (ΔE76 to any of its shades).
fn palette_index(lab: [f32; 3]) -> usize {
    let d = |q: &[f32; 3]| (lab[0] - q[0]).powi(2) + (lab[1] - q[1]).powi(2) + (lab[2] - q[2]).powi(2);
    shaded_palette()
        .iter()
        .min_by(|a, b| d(&a.1).total_cmp(&d(&b.1)))
        .map(|(i, _)| *i)
        .expect("palette is not empty")
}

/// [`palette_index`] of `lab_fast(rgb)`, memoised: `lab_fast` quantises
/// each channel to 64 levels, so the answer depends on those levels only,
/// and a 64³ table of atomics (filled on first sight, by whichever thread
/// gets there; every thread computes the same value) makes the per-pixel
/// path one load.
fn palette_index_fast(rgb: [u8; 3]) -> usize {
    use std::sync::atomic::{AtomicU8, Ordering};
    const UNKNOWN: u8 = u8::MAX;
    static TABLE: std::sync::LazyLock<Vec<AtomicU8>> =
        std::sync::LazyLock::new(|| (0..64 * 64 * 64).map(|_| AtomicU8::new(UNKNOWN)).collect());
    let [r, g, b] = rgb.map(|c| usize::from(c >> 2));
    let cell = &TABLE[(r << 12) | (g << 6) | b];
    match cell.load(Ordering::Relaxed) {
        UNKNOWN => {
            let index = palette_index(crate::colour::lab_fast(rgb));
            cell.store(index as u8, Ordering::Relaxed);
            index
        }
        known => usize::from(known),
    }
}

/// The palette name nearest to a colour (ΔE76 to any of its shades).
pub fn colour_name(lab: [f32; 3]) -> ColourName {
    crate::colour::PALETTE[palette_index(lab)].0
}

impl Segmentation {
    /// Measure the clothing over two boxes at the bottom of the frame, one
    /// over each shoulder (x 12–32 % and 68–88 %, y 88–98 %): in a diploma
    /// photo they always hold clothing, and they avoid the neckline, so a
    /// dark suit over a white shirt reads as dark. Pixels of the boxes that
    /// segmentation put in the background are left out, unless they are most
    /// of the boxes: then the clothing has merged with the background, and
    /// all of the boxes are measured (`from_mask` is `false`).
    pub fn torso(&self) -> Option<Torso> {
        let (w, h) = (self.width as usize, self.height as usize);
        let boxes: Vec<usize> = (h * 88 / 100..h * 98 / 100)
            .flat_map(|j| {
                (w * 12 / 100..w * 32 / 100)
                    .chain(w * 68 / 100..w * 88 / 100)
                    .map(move |i| j * w + i)
            })
            .collect();
        let person: Vec<usize> = boxes.iter().copied().filter(|&k| self.mask[k] == PERSON).collect();
        let from_mask = person.len() * 2 >= boxes.len();
        if !from_mask {
            // Background over the shoulders: either the clothing has merged
            // with the background, or the shoulders are below the frame (a
            // head far too large). In the second case the neck reaches the
            // bottom edge under the person's centre, and there is no clothing
            // to judge.
            let p = self.person?;
            let centre = ((p.x + p.width / 2) / self.factor) as usize;
            let half = w * 8 / 100;
            let bottom: Vec<u8> = (h - 3..h)
                .flat_map(|j| (centre.saturating_sub(half)..(centre + half).min(w)).map(move |i| j * w + i))
                .map(|k| self.mask[k])
                .collect();
            if bottom.iter().filter(|&&m| m == PERSON).count() * 2 >= bottom.len() {
                return None;
            }
        }
        let picked = if from_mask { person } else { boxes };
        if picked.is_empty() {
            return None;
        }
        let mut counts = [0u32; 16];
        let mut sums = [[0f64; 3]; 16];
        let mut all = [0f64; 3];
        let (mut x0, mut y0, mut x1, mut y1) = (usize::MAX, usize::MAX, 0, 0);
        for &k in &picked {
            let name = palette_index_fast(self.rgb[k]);
            counts[name] += 1;
            for c in 0..3 {
                sums[name][c] += f64::from(self.rgb[k][c]);
                all[c] += f64::from(self.rgb[k][c]);
            }
            let (i, j) = (k % w, k / w);
            (x0, y0, x1, y1) = (x0.min(i), y0.min(j), x1.max(i), y1.max(j));
        }
        let (best, &n) = counts.iter().enumerate().max_by_key(|(_, c)| **c)?;
        let name = crate::colour::PALETTE[best].0;
        let mean = |s: [f64; 3], n: f64| s.map(|v| (v / n).round() as u8);
        Some(Torso {
            region: self.region([x0, y0, x1, y1]),
            pixels: picked.len() as u32,
            dominant: name,
            share: n as f32 / picked.len() as f32,
            rgb: mean(sums[best], f64::from(n)),
            mean_rgb: mean(all, picked.len() as f64),
            from_mask,
        })
    }
}

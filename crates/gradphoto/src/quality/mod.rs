//! Stage 5: image quality, measured once per photo.
//!
//! One pass over the frame makes a full-resolution luma plane (BT.601,
//! integer weights) and two histograms — luma and the brightest channel —
//! that give the frame's tonal range. Every other measure reads that plane
//! or a few windows placed by the landmarks:
//!
//! - [`residual`]: the high-pass residual (Immerkær's 3 × 3 mask, which
//!   cancels any linear shading) of the plane summed over cells to about
//!   240 px wide — JPEG quantises single-pixel noise away but keeps it at
//!   that scale —, summarised by its median: on the backdrop it is the sensor's
//!   noise, on the cheeks the skin's fine texture; a beauty filter leaves
//!   the skin far smoother than the backdrop's noise;
//! - [`sharpness`]: how steep the frame's strong edges are at one pixel's
//!   reach against eight (1 for a step, falling towards 0 with blur),
//!   corrected for the noise;
//! - [`blocking`]: luma steps on the 8 × 8 JPEG block grid against steps
//!   off it;
//! - the face's centre (between the eyes and the mouth): its lightness,
//!   blown-out share and mean chroma, for exposure;
//! - [`cast`]: the face's skin tone (from `parts`) against natural skin
//!   in log-chromaticity, and the backdrop against its known colour, for
//!   a colour cast (`checks::quality`).
//!
//! The JPEG quality estimated from the file's quantisation table comes
//! with the header ([`crate::decode::Header::jpeg_quality`]).
//!
//! Each measure is `None` where its region is missing (no backdrop
//! segmented, no face located). The rules' thresholds are in the profile
//! (`checks::quality`).

pub mod blocking;
pub mod cast;
pub mod residual;
pub mod sharpness;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::decode::Frame;
use crate::landmarks::Landmarks;
use crate::parts::{SkinTone, Window};
use crate::segment::Segmentation;

/// What the quality stage measured on one photo.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ImageQuality {
    /// Luma (0–255) at the 1st, 50th and 99th percentiles of the frame.
    pub luma: [u8; 3],
    /// The 99th percentile of the brightest channel over the frame: a
    /// light backdrop or shirt reaches 220 and more in a normal exposure.
    pub highlight: u8,
    /// Tonal range: luma's 99th minus its 1st percentile.
    pub range: u8,
    /// Steepness of the strong edges at one pixel's reach against eight,
    /// noise removed: about 1 for a step edge, towards 0 as blur widens it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sharpness: Option<f32>,
    /// The backdrop's noise, σ in 8-bit luma levels, from the median
    /// absolute residual at 240 px wide (scaled back to the frame).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub noise: Option<f32>,
    /// Mean luma step across the 8 × 8 block grid over the mean step off it
    /// (1: no blocking).
    pub blocking: f32,
    /// The face's centre: median L\*, share of blown-out pixels, mean a\*
    /// and b\*.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub face: Option<FaceTone>,
    /// The skin's fine texture (both cheeks, or the patches the skin tone
    /// was voted from where a cheek is covered), as the σ of noise that
    /// would give the same high-pass residual (levels): grain and pores of
    /// unretouched skin; a beauty filter wipes it out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skin_texture: Option<f32>,
    /// The skin's residual over the backdrop's: under 1 when the skin is
    /// smoother than the photo's own noise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skin_to_noise: Option<f32>,
}

/// Lightness and colour of the face's centre.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FaceTone {
    /// Median L\*.
    pub lightness: f32,
    /// Share of pixels with two or three channels at 250 or more (blown
    /// out: one clipped channel is the red of fair skin in good light).
    pub clipped: f32,
    /// Mean a\* (green–red).
    pub a: f32,
    /// Mean b\* (blue–yellow).
    pub b: f32,
}

/// Buffers of the quality stage, reused from photo to photo.
#[derive(Debug, Default)]
pub struct QualityScratch {
    luma: Vec<u8>,
    cells: Vec<u16>,
    residuals: residual::Histogram,
}

/// A luma plane, `width × height`, rows top to bottom.
#[derive(Clone, Copy, Debug)]
pub struct Luma<'a> {
    /// Width, pixels.
    pub width: usize,
    /// Height, pixels.
    pub height: usize,
    /// The samples.
    pub data: &'a [u8],
}

/// Fill `out` with the frame's luma and return the histograms of luma and
/// of the brightest channel, over every other pixel of every other row (the
/// same distribution for a percentile, a quarter of the increments, which
/// cannot run in parallel).
pub fn luma_plane(frame: &Frame<'_>, out: &mut Vec<u8>) -> ([u32; 256], [u32; 256]) {
    out.clear();
    out.resize(frame.rgb.len() / 3, 0);
    luma_into(frame.rgb, out);
    let (mut luma, mut bright) = ([0u32; 256], [0u32; 256]);
    let width = (frame.width as usize).max(1);
    let rows = frame
        .rgb
        .chunks_exact(3 * width)
        .zip(out.chunks_exact(width))
        .step_by(2);
    for (rgb, y) in rows {
        for (p, &v) in rgb.chunks_exact(6).zip(y.iter().step_by(2)) {
            luma[usize::from(v)] += 1;
            bright[usize::from(p[0].max(p[1]).max(p[2]))] += 1;
        }
    }
    (luma, bright)
}

/// BT.601 luma of each pixel of `rgb` into `out`, in integer weights (77,
/// 150, 29)/256. Compiled twice, dispatched at run time like
/// fast_image_resize's kernels: the three-byte stride defeats SSE2
/// (about 0.8 ns a pixel), AVX2 shuffles it (about 0.15 ns).
fn luma_into(rgb: &[u8], out: &mut [u8]) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU has AVX2 (checked just above), all that a
        // `target_feature` function asks of its caller.
        unsafe { luma_into_avx2(rgb, out) };
        return;
    }
    luma_pixels(rgb, out);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn luma_into_avx2(rgb: &[u8], out: &mut [u8]) {
    luma_pixels(rgb, out);
}

#[inline(always)]
fn luma_pixels(rgb: &[u8], out: &mut [u8]) {
    for (y, p) in out.iter_mut().zip(rgb.chunks_exact(3)) {
        *y = luma([p[0], p[1], p[2]]);
    }
}

/// BT.601 luma of one pixel in integer weights (77, 150, 29)/256.
#[inline(always)]
pub fn luma([r, g, b]: [u8; 3]) -> u8 {
    ((77 * u32::from(r) + 150 * u32::from(g) + 29 * u32::from(b) + 128) >> 8) as u8
}

/// Whether a frame's levels — its luma's 1st percentile and its brightest
/// channel's 99th — are squeezed towards grey, as `quality.contrast` judges
/// at its defaults (black lifted over 60, white under 200): every colour is
/// nearer neutral.
pub fn squeezed([black, white]: [u8; 2]) -> bool {
    let c = crate::params::ContrastParams::default();
    black > c.min_black && white < c.max_white
}

/// The value below which a share `q` of a histogram's count lies.
pub fn percentile(hist: &[u32; 256], q: f32) -> u8 {
    let total: u64 = hist.iter().map(|&c| u64::from(c)).sum();
    let target = (q.clamp(0.0, 1.0) as f64 * total as f64).ceil() as u64;
    let mut seen = 0u64;
    for (v, &c) in hist.iter().enumerate() {
        seen += u64::from(c);
        if seen >= target.max(1) {
            return v as u8;
        }
    }
    255
}

/// Measure the photo's quality.
pub fn measure(
    frame: &Frame<'_>,
    seg: Option<&Segmentation>,
    lm: Option<&Landmarks>,
    skin: Option<&SkinTone>,
    scratch: &mut QualityScratch,
) -> ImageQuality {
    let (luma_hist, bright_hist) = luma_plane(frame, &mut scratch.luma);
    let plane = Luma {
        width: frame.width as usize,
        height: frame.height as usize,
        data: &scratch.luma,
    };
    let luma = [0.01, 0.5, 0.99].map(|q| percentile(&luma_hist, q));
    // Noise and skin texture on the 240-px-wide plane: JPEG quantises away
    // most single-pixel noise, but keeps it at two pixels' scale.
    let cells = residual::Cells::sum(&plane, &mut scratch.cells);
    let backdrop = seg.and_then(|s| residual::backdrop(&cells, s, &mut scratch.residuals));
    let face = lm.filter(|lm| lm.eye_distance() >= 8.0);
    let cheeks = face.and_then(|lm| residual::skin(&cells, lm, skin, &mut scratch.residuals));
    let to_sigma = |median: f32| cells.sigma(median);
    let noise = backdrop.map(to_sigma);
    ImageQuality {
        luma,
        highlight: percentile(&bright_hist, 0.99),
        range: luma[2] - luma[0],
        sharpness: sharpness::measure(&plane, noise.unwrap_or(0.0)),
        noise,
        blocking: blocking::measure(&plane),
        face: face.and_then(|lm| face_tone(frame, lm)),
        skin_texture: cheeks.map(to_sigma),
        skin_to_noise: cheeks.zip(backdrop).map(|(c, b)| c / b.max(0.25)),
    }
}

/// The face's centre: between the eye centres, from just under the eye
/// line to just above the mouth (nose and inner cheeks).
fn face_centre(frame: &Frame<'_>, lm: &Landmarks) -> Option<Window> {
    let d = lm.eye_distance();
    let top = lm.eye_line() + 0.2 * d;
    let bottom = lm.mouth[1] - 0.12 * d;
    let mid = 0.5 * (lm.eyes[0][0] + lm.eyes[1][0]);
    if bottom <= top {
        return None;
    }
    Window::around(frame, [mid, 0.5 * (top + bottom)], [0.4 * d, 0.5 * (bottom - top)])
}

/// A channel at this level or above is clipped.
const CLIPPED: u8 = 250;

fn face_tone(frame: &Frame<'_>, lm: &Landmarks) -> Option<FaceTone> {
    let window = face_centre(frame, lm)?;
    let (mut n, mut clipped, mut a, mut b) = (0u32, 0u32, 0.0f32, 0.0f32);
    let mut lightness = [0u32; 101];
    let w = frame.width as usize;
    window.for_each_lab(frame, 2, &[], |lab| {
        n += 1;
        a += lab[1];
        b += lab[2];
        lightness[lab[0].clamp(0.0, 100.0) as usize] += 1;
    });
    for y in (window.y0..window.y1).step_by(2) {
        let row = &frame.rgb[(y * w + window.x0) * 3..(y * w + window.x1) * 3];
        clipped += row
            .chunks_exact(6)
            .filter(|p| p[..3].iter().filter(|&&c| c >= CLIPPED).count() >= 2)
            .count() as u32;
    }
    if n == 0 {
        return None;
    }
    let mut seen = 0;
    let median = lightness
        .iter()
        .position(|&c| {
            seen += c;
            2 * seen >= n
        })
        .unwrap_or(100);
    let n = n as f32;
    Some(FaceTone {
        lightness: median as f32,
        clipped: clipped as f32 / n,
        a: a / n,
        b: b / n,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dispatched_luma_is_the_portable_one_at_every_length() {
        // Every channel value in every position, and lengths that leave
        // the vector loop a remainder.
        let rgb: Vec<u8> = (0..3 * 1031).map(|i: usize| (i.wrapping_mul(97) % 256) as u8).collect();
        for n in [0, 1, 7, 31, 32, 33, 1031] {
            let (mut fast, mut plain) = (vec![0; n], vec![0; n]);
            luma_into(&rgb[..3 * n], &mut fast);
            luma_pixels(&rgb[..3 * n], &mut plain);
            assert_eq!(fast, plain, "{n} pixels");
        }
        let mut one = [0u8; 1];
        luma_into(&[255, 255, 255], &mut one);
        assert_eq!(one, [255]);
        luma_into(&[255, 0, 0], &mut one);
        assert_eq!(one, [77]);
    }

    #[test]
    fn percentiles_of_a_histogram() {
        let mut h = [0u32; 256];
        h[10] = 50;
        h[200] = 50;
        assert_eq!(percentile(&h, 0.0), 10);
        assert_eq!(percentile(&h, 0.5), 10);
        assert_eq!(percentile(&h, 0.51), 200);
        assert_eq!(percentile(&h, 1.0), 200);
    }

    #[test]
    fn luma_weights_sum_to_white() {
        let rgb = [255u8, 255, 255, 0, 0, 0, 255, 0, 0, 0, 0, 0];
        let frame = Frame {
            width: 4,
            height: 1,
            rgb: &rgb,
        };
        let mut out = Vec::new();
        let (luma, bright) = luma_plane(&frame, &mut out);
        assert_eq!(out, [255, 0, 77, 0]);
        // The histograms sample every other pixel: white and red.
        assert_eq!(luma.iter().sum::<u32>(), 2);
        assert_eq!((luma[255], bright[255]), (1, 2));
    }
}

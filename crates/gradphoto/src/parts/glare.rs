//! Glare over the eyes: near-white, colourless reflections in the lens area.
//!
//! Spectacle lenses mirror the lights; on a photo the reflection is a patch
//! close to white (L\* ≥ [`GLARE_LIGHTNESS`], chroma under
//! [`GLARE_CHROMA`]) over the eye's surroundings. The measure: the share of
//! such pixels in each lens box (0.64 d wide, 0.44 d tall on the eye
//! centre, `d` the eye distance). A catch-light in a bare eye is a few
//! pixels of that box; the whites of the eyes stay under the lightness.

use super::Window;
use crate::colour::lab_fast;
use crate::decode::Frame;
use crate::landmarks::Landmarks;

/// Least L\* of a glare pixel.
pub const GLARE_LIGHTNESS: f32 = 94.0;
/// Largest chroma of a glare pixel.
pub const GLARE_CHROMA: f32 = 12.0;
/// No channel this bright (sRGB), no L\* of 94: the pixel is not glare.
const MIN_CHANNEL: u8 = 236;

/// Share of glare in each lens box (image-left, image-right); `None` when
/// a box leaves the frame.
pub fn shares(frame: &Frame<'_>, lm: &Landmarks) -> Option<[f32; 2]> {
    let d = lm.eye_distance();
    let w = frame.width as usize;
    let one = |eye: [f32; 2]| -> Option<f32> {
        let window = Window::around(frame, eye, [0.32 * d, 0.22 * d])?;
        let mut glare = 0usize;
        for y in window.y0..window.y1 {
            let row = &frame.rgb[(y * w + window.x0) * 3..(y * w + window.x1) * 3];
            for p in row.chunks_exact(3) {
                // L* ≥ 94 needs Y ≥ 0.853, so a channel at sRGB 238 or more
                // (236 leaves a margin): darker pixels skip the conversion.
                if p[0].max(p[1]).max(p[2]) < MIN_CHANNEL {
                    continue;
                }
                let lab = lab_fast([p[0], p[1], p[2]]);
                glare += usize::from(lab[0] >= GLARE_LIGHTNESS && lab[1].hypot(lab[2]) < GLARE_CHROMA);
            }
        }
        Some(glare as f32 / (window.width() * window.height()) as f32)
    };
    Some([one(lm.eyes[0])?, one(lm.eyes[1])?])
}

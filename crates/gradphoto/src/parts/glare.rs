//! Glare over the eyes: near-white, colourless reflections in the lens area.
//!
//! Spectacle lenses mirror the lights; on a photo the reflection is a patch
//! close to white (L\* ≥ [`GLARE_LIGHTNESS`], chroma under
//! [`GLARE_CHROMA`]) over the eye's surroundings. The measure: the share of
//! such pixels in each lens box (0.64 d wide, 0.44 d tall on the eye
//! centre, `d` the eye distance). A catch-light in a bare eye is a few
//! pixels of that box; the whites of the eyes stay under the lightness.

use super::Window;
use crate::decode::Frame;
use crate::landmarks::Landmarks;

/// Least L\* of a glare pixel.
pub const GLARE_LIGHTNESS: f32 = 94.0;
/// Largest chroma of a glare pixel.
pub const GLARE_CHROMA: f32 = 12.0;

/// Share of glare in each lens box (image-left, image-right); `None` when
/// a box leaves the frame.
pub fn shares(frame: &Frame<'_>, lm: &Landmarks) -> Option<[f32; 2]> {
    let d = lm.eye_distance();
    let mut pixels = Vec::new();
    let mut one = |eye: [f32; 2]| -> Option<f32> {
        let window = Window::around(frame, eye, [0.32 * d, 0.22 * d])?;
        window.lab(frame, &mut pixels);
        let glare = pixels
            .iter()
            .filter(|p| p[0] >= GLARE_LIGHTNESS && p[1].hypot(p[2]) < GLARE_CHROMA)
            .count();
        Some(glare as f32 / pixels.len() as f32)
    };
    Some([one(lm.eyes[0])?, one(lm.eyes[1])?])
}

//! Hair over the ears.
//!
//! Beside the face at each ear point (the detector's tragion) the ear
//! shows: skin standing out from the head's outline. Hair worn over the
//! ears puts the hair's colour there instead. The zone: 0.2 × 0.5 eye
//! distances `d`, centred 0.12 d outward of the ear point. The measure is
//! the share of its pixels that are the hair's colour — near the crown's
//! (the median under the head's top: [`super::crown`]; ΔE under
//! [`HAIR_DISTANCE`], lightness counting half) and nearer to it than to
//! this face's skin at the pixel's own lightness (a buzz cut or fair hair
//! can sit close to the skin; an ear in shade stays skin). Without a crown
//! colour there is nothing to compare with (`None`).

use super::{SkinTone, Window};
use crate::colour::delta_e_shade;
use crate::decode::Frame;
use crate::landmarks::Landmarks;

/// Largest distance (ΔE, lightness counting half) from the crown's colour
/// for a pixel to be hair.
pub const HAIR_DISTANCE: f32 = 10.0;

/// The deepest shade of the skin compared with, as a share of its
/// lightness: darker than that is hair, not skin in shade.
pub const SHADE: f32 = 0.6;

/// The zone searched at an ear point: its centre and half-size.
pub fn zone(lm: &Landmarks, ear: [f32; 2]) -> ([f32; 2], [f32; 2]) {
    let d = lm.eye_distance();
    let out = lm.outward(ear[0]);
    ([ear[0] + out * 0.12 * d, ear[1]], [0.1 * d, 0.25 * d])
}

/// The share of each ear zone (image-left, image-right) that is the hair's
/// colour; `None` for a side whose zone leaves the frame.
pub fn hair_cover(frame: &Frame<'_>, lm: &Landmarks, skin: &SkinTone, crown: [f32; 3]) -> [Option<f32>; 2] {
    lm.ears.map(|ear| {
        let (c, half) = zone(lm, ear);
        hair_share(frame, Window::around(frame, c, half)?, skin, crown)
    })
}

/// The share of a window's pixels in the hair's colour: within
/// [`HAIR_DISTANCE`] of `crown` and nearer to it than to the skin at the
/// pixel's own lightness; `None` for an empty window.
pub(crate) fn hair_share(frame: &Frame<'_>, win: Window, skin: &SkinTone, crown: [f32; 3]) -> Option<f32> {
    win.share(frame, |p| is_hair(p, skin, crown))
}

/// Whether a pixel is the hair's colour: within [`HAIR_DISTANCE`] of
/// `crown` and nearer to it than to the skin at its own lightness.
#[inline]
pub(crate) fn is_hair(p: [f32; 3], skin: &SkinTone, crown: [f32; 3]) -> bool {
    let to_hair = delta_e_shade(p, crown);
    to_hair < HAIR_DISTANCE && to_hair < to_skin(p, skin)
}

/// A pixel's distance ([`delta_e_shade`]) from this face's skin at the
/// pixel's own lightness (scaled down to [`SHADE`] of it, up to 1.25 times):
/// skin in shade or in light stays near.
#[inline]
pub(crate) fn to_skin(p: [f32; 3], skin: &SkinTone) -> f32 {
    let [sl, sa, sb] = skin.lab;
    let k = (p[0] / sl.max(1.0)).clamp(SHADE, 1.25);
    delta_e_shade(p, [sl * k, sa * k, sb * k])
}

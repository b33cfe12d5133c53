//! How much of the lower face is skin.
//!
//! The band from just under the nose tip to the chin, 0.9 d wide on the
//! face's centre line (`d` the eye distance), the lips left out: on an
//! uncovered face nearly all of it is skin — it matches this face's skin
//! model (lit or in shade) or lies on the skin locus (the model may come
//! from shiny cheeks); a mask, a scarf or an object over it does not.
//! Sampled every other pixel.

use super::skin::skin_like;
use super::{SkinTone, Window, lips_box};
use crate::decode::Frame;
use crate::landmarks::Landmarks;

/// Share of the band that is skin; `None` when the band leaves the frame
/// or the face is too small to hold it.
pub fn skin_share(frame: &Frame<'_>, lm: &Landmarks, skin: &SkinTone) -> Option<f32> {
    let d = lm.eye_distance();
    let span = lm.mouth[1] - lm.eye_line();
    if span < 0.3 * d {
        return None;
    }
    let (top, bottom) = (lm.nose[1] + 0.1 * span, lm.mouth[1] + 0.35 * span);
    if bottom < top + 4.0 {
        return None;
    }
    let band = Window::around(
        frame,
        [lm.face_centre(), 0.5 * (top + bottom)],
        [0.45 * d, 0.5 * (bottom - top)],
    )?;
    let model = skin.model();
    let (mut total, mut matched) = (0u32, 0u32);
    band.for_each_lab(frame, 2, &[lips_box(lm)], |p| {
        total += 1;
        matched += u32::from(model.matches(p) || skin_like(p));
    });
    (total > 0).then(|| matched as f32 / total as f32)
}

//! The gap between the lips.
//!
//! Closed lips meet in a dark line 0.01–0.03 d thick (`d` the eye
//! distance); parted lips show the mouth's dark inside and pale teeth,
//! 0.08 d and more. The measure: in a window 0.2 d wide and 0.36 d tall on
//! the mouth centre, pixels that are cavity (L\* under [`CAVITY_SHARE`] of
//! the skin's) or teeth (as light as the skin at least, with under
//! [`TEETH_CHROMA_SHARE`] of its chroma: lips and skin are coloured, teeth
//! are not); per column the longest such run, the median over the
//! columns, over `d`.

use super::{SkinTone, Window, column_run};
use crate::colour::chroma;
use crate::decode::Frame;
use crate::landmarks::Landmarks;

/// Mouth cavity: darker than this share of the skin's L\*.
pub const CAVITY_SHARE: f32 = 0.38;
/// Teeth: less chroma than this share of the skin's.
pub const TEETH_CHROMA_SHARE: f32 = 0.5;

/// The gap between the lips over the eye distance; `None` when the window
/// leaves the frame.
pub fn gap(frame: &Frame<'_>, lm: &Landmarks, skin: &SkinTone) -> Option<f32> {
    let d = lm.eye_distance();
    let window = Window::around(frame, lm.mouth, [0.1 * d, 0.18 * d])?;
    let mut pixels = Vec::new();
    window.lab(frame, &mut pixels);
    let [sl, sa, sb] = skin.lab;
    let skin_chroma = chroma(sa, sb);
    let open: Vec<bool> = pixels
        .iter()
        .map(|p| {
            p[0] < CAVITY_SHARE * sl || (p[0] >= 0.95 * sl && chroma(p[1], p[2]) < TEETH_CHROMA_SHARE * skin_chroma)
        })
        .collect();
    Some(column_run(&open, window.width(), 0..window.height(), 0.5) / d)
}

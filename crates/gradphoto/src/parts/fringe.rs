//! Hair over the eyebrows and the eyes.
//!
//! A fringe puts the hair's colour where the brows and the eyes should be
//! seen. Over each eye two windows, scaled by the eye distance `d`: the
//! brow band (0.5 d wide, from 0.15 to 0.41 d above the eye centre) and
//! the eye (0.4 × 0.16 d on its centre). The measure is each window's
//! share in the hair's colour (`super::ears::hair_share`: near the
//! crown's, nearer to it than to the skin). A bare brow is a thin dark
//! line in skin (about 0.3 of its band reads as hair), an open eye a dark
//! iris in its white (about 0.4); under a fringe both read 0.6–1.0.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::ears::hair_share;
use super::{SkinTone, Window};
use crate::decode::Frame;
use crate::landmarks::Landmarks;

/// The shares of the brow bands and the eye windows in the hair's colour
/// (image-left, image-right); `null` for a window out of the frame.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FringeCover {
    /// The brow bands.
    pub brows: [Option<f32>; 2],
    /// The eye windows.
    pub eyes: [Option<f32>; 2],
}

/// The brow band over an eye centre: its centre and half-size.
pub fn brow_band(lm: &Landmarks, eye: [f32; 2]) -> ([f32; 2], [f32; 2]) {
    let d = lm.eye_distance();
    ([eye[0], eye[1] - 0.28 * d], [0.25 * d, 0.13 * d])
}

/// The eye window on an eye centre: its centre and half-size.
pub fn eye_window(lm: &Landmarks, eye: [f32; 2]) -> ([f32; 2], [f32; 2]) {
    (eye, [0.2 * lm.eye_distance(), 0.08 * lm.eye_distance()])
}

/// Measure both windows over both eyes against the crown's colour.
pub fn cover(frame: &Frame<'_>, lm: &Landmarks, skin: &SkinTone, crown: [f32; 3]) -> FringeCover {
    let share = |(c, half): ([f32; 2], [f32; 2])| hair_share(frame, Window::around(frame, c, half)?, skin, crown);
    FringeCover {
        brows: lm.eyes.map(|e| share(brow_band(lm, e))),
        eyes: lm.eyes.map(|e| share(eye_window(lm, e))),
    }
}

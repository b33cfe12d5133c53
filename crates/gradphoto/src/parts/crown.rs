//! The colour on top of the head, for headwear.
//!
//! Just under the head's top, over its middle, a bare head shows hair (dark
//! and of little colour, or on the skin locus: fair hair, a shaved head);
//! a cap, a hat or a headscarf shows its own colour. The measure: the
//! median L\*, a\* and b\* of the window from 0.04 to 0.22 face widths under
//! the head top, 0.4 face widths wide on the face's centre line, sampled
//! every other pixel. `None` without a head top or a face width, or where
//! the window leaves the frame.

use super::{LabMedian, Window};
use crate::decode::Frame;
use crate::landmarks::Landmarks;

/// Median L\*a\*b\* of the crown.
pub fn colour(frame: &Frame<'_>, lm: &Landmarks) -> Option<[f32; 3]> {
    let top = lm.head_top?;
    let fw = lm.face_width()?;
    let window = Window::around(frame, [lm.face_centre(), top + 0.13 * fw], [0.2 * fw, 0.09 * fw])?;
    let mut samples = LabMedian::default();
    window.for_each_lab(frame, 2, &[], |lab| samples.push(lab));
    samples.median()
}

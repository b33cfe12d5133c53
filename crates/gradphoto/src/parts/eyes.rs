//! How open each eye is.
//!
//! Through an open eye, the iris and pupil are a dark disc about 0.2 d
//! across (`d` the eye distance), cut by the lids to 0.12–0.2 d; a closed
//! eye shows a dark lid line and lashes 0.02–0.05 d thick on skin. The
//! measure: in a window 0.3 d wide and 0.24 d tall on the eye centre (the
//! iris centroid), pixels darker than [`DARK_SHARE`] of the way from the
//! window's darkest pixels (5th percentile of L\*) up to the skin's
//! lightness — relative to both, so that dark skin, a blurred or a flat
//! photo keep the iris dark; per column the longest dark run through the
//! middle rows (± 0.03 d: the iris or the lid line, not a fringe above
//! them), the [`COLUMN_QUANTILE`] quantile over the columns, over `d`.
//! Brows (0.25 d and more above the centre) and glasses rims around the
//! lens stay outside the window; a catch-light inside the iris is bridged. Where the window's lightness
//! spreads less than [`MIN_CONTRAST`] (5th to 95th percentile), there is no
//! structure of an eye to be seen open: opening 0; where nothing in it is
//! as light as [`COVERED_SHARE`] of the skin, the eye is covered (a fringe,
//! a hand) and not measured.

use super::{SkinTone, Window, column_run};
use crate::decode::Frame;
use crate::landmarks::Landmarks;

/// A pixel is dark (iris, pupil, lid line) below this share of the way
/// from the window's darkest L\* to the skin's.
pub const DARK_SHARE: f32 = 0.7;
/// The quantile of the columns' runs taken: the iris covers about two
/// thirds of the window's width, a catch-light or a centre found a little
/// off the iris's middle spoils a few columns.
pub const COLUMN_QUANTILE: f32 = 0.7;
/// Least spread of L\* in the window (5th to 95th percentile) for an eye
/// to be seen open: an iris against the white, or a lid line on skin.
pub const MIN_CONTRAST: f32 = 15.0;
/// An eye window whose lightest pixels (95th percentile) stay under this
/// share of the skin's L\* is covered (hair, a hand): not judged.
pub const COVERED_SHARE: f32 = 0.75;

/// Opening of each eye (image-left, image-right) over the eye distance,
/// `None` for an eye covered by something darker than skin (hair); `None`
/// for both when a window leaves the frame.
pub fn opening(frame: &Frame<'_>, lm: &Landmarks, skin: &SkinTone) -> Option<[Option<f32>; 2]> {
    let d = lm.eye_distance();
    let (mut pixels, mut lightness, mut dark) = (Vec::new(), Vec::new(), Vec::new());
    // `None`: the window leaves the frame; `Some(None)`: the eye is covered.
    let mut one = |eye: [f32; 2]| -> Option<Option<f32>> {
        let window = Window::around(frame, eye, [0.15 * d, 0.12 * d])?;
        window.lab(frame, &mut pixels);
        lightness.clear();
        lightness.extend(pixels.iter().map(|p| p[0]));
        let at = lightness.len() / 20;
        let darkest = *lightness.select_nth_unstable_by(at, f32::total_cmp).1;
        let at = lightness.len() - 1 - lightness.len() / 20;
        let lightest = *lightness.select_nth_unstable_by(at, f32::total_cmp).1;
        if lightest < COVERED_SHARE * skin.lab[0] {
            // Nothing in the window as light as skin: hair or an object
            // over the eye; whether it is open cannot be seen.
            return Some(None);
        }
        if lightest - darkest < MIN_CONTRAST {
            // No lid line, no iris against the white: no eye structure to
            // be seen open (a smoothed-over closed eye, a blank patch).
            return Some(Some(0.0));
        }
        let limit = darkest + DARK_SHARE * (skin.lab[0] - darkest);
        dark.clear();
        dark.extend(pixels.iter().map(|p| p[0] < limit));
        // Runs through the middle rows: the iris or the lid line, not a
        // fringe above them.
        let mid = window.height() / 2;
        let band = (0.03 * d).ceil() as usize;
        let rows = mid.saturating_sub(band)..mid + band + 1;
        Some(Some(column_run(&dark, window.width(), rows, COLUMN_QUANTILE) / d))
    };
    Some([one(lm.eyes[0])?, one(lm.eyes[1])?])
}

//! Glare over the eyes: near-white, colourless reflections in the lens area.
//!
//! Spectacle lenses mirror the lights; on a photo the reflection is a patch
//! close to white (L\* ≥ [`GLARE_LIGHTNESS`], chroma under
//! [`GLARE_CHROMA`]) over the eye's surroundings. Two measures in each lens
//! box (0.64 d wide, 0.44 d tall on the eye centre, `d` the eye distance):
//! the share of such pixels (a catch-light in a bare eye is a few pixels of
//! the box; the whites of the eyes mostly stay under the lightness), and
//! the largest patch of the box's brightest colourless pixels
//! ([`LensGlare::patches`]).
//!
//! The patch's colourless is read against the photo's white, as for skin
//! shine ([`super::sclera::white_offset`]): under a colour cast a reflection
//! takes the cast's tint.

use super::Window;
use crate::colour::chroma;
use crate::decode::Frame;
use crate::landmarks::Landmarks;

/// Least L\* of a glare pixel.
pub const GLARE_LIGHTNESS: f32 = 94.0;
/// Largest chroma of a glare pixel.
pub const GLARE_CHROMA: f32 = 12.0;
/// A pixel belongs to a lens box's brightest patch within this much of
/// the box's lightest pixel (L\*).
pub const NEAR_BRIGHTEST: f32 = 6.0;

/// The lens box over an eye centre (0.64 d wide, 0.44 d tall): its centre
/// and half-size.
pub fn lens_box(lm: &Landmarks, eye: [f32; 2]) -> ([f32; 2], [f32; 2]) {
    let d = lm.eye_distance();
    (eye, [0.32 * d, 0.22 * d])
}

/// What each lens box (image-left, image-right) shows of a reflection.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LensGlare {
    /// Share of near-white glare in each box.
    pub shares: [f32; 2],
    /// The largest patch (8-connected) of each box's brightest colourless
    /// pixels — within [`NEAR_BRIGHTEST`] L\* of the box's lightest, chroma
    /// under [`GLARE_CHROMA`] — in square eye distances.
    ///
    /// A reflection in a lens is the brightest thing in the box however
    /// the photo is exposed, and one broad patch; without it the brightest
    /// pixels are the whites of the eyes, two small lobes either side of
    /// the iris (generated glare: 0.013–0.04 d², eyes' whites under
    /// 0.006 d² but for over-exposed faces).
    pub patches: [f32; 2],
}

/// Both measures over both lens boxes, each box converted to L\*a\*b\*
/// once, the patches' chroma read after taking `white` out; `None` when a
/// box leaves the frame.
pub fn lenses(frame: &Frame<'_>, lm: &Landmarks, white: [f32; 2]) -> Option<LensGlare> {
    let d = lm.eye_distance();
    let (mut lab, mut on, mut stack) = (Vec::new(), Vec::new(), Vec::new());
    let mut one = |eye: [f32; 2]| -> Option<(f32, f32)> {
        let (c, half) = lens_box(lm, eye);
        let window = Window::around(frame, c, half)?;
        window.lab(frame, &mut lab);
        let top = lab.iter().map(|p| p[0]).fold(f32::MIN, f32::max);
        let mut glare = 0usize;
        on.clear();
        on.extend(lab.iter().map(|p| {
            // The share stays against neutral (it tells `pose.eyes-open`
            // which eye is under glare: read against a cast's white, the
            // near-white skin of an over-exposed face would be glare).
            glare += usize::from(chroma(p[1], p[2]) < GLARE_CHROMA && p[0] >= GLARE_LIGHTNESS);
            chroma(p[1] - white[0], p[2] - white[1]) < GLARE_CHROMA && p[0] >= top - NEAR_BRIGHTEST
        }));
        let patch = largest_patch(&mut on, window.width(), &mut stack) as f32 / (d * d);
        Some((glare as f32 / lab.len() as f32, patch))
    };
    let (l, r) = (one(lm.eyes[0])?, one(lm.eyes[1])?);
    Some(LensGlare {
        shares: [l.0, r.0],
        patches: [l.1, r.1],
    })
}

/// The size of the largest 8-connected patch of `true` cells in a grid
/// `width` wide; clears the cells it visits.
fn largest_patch(on: &mut [bool], width: usize, stack: &mut Vec<usize>) -> usize {
    let height = on.len() / width.max(1);
    let mut best = 0;
    for start in 0..on.len() {
        if !on[start] {
            continue;
        }
        on[start] = false;
        stack.clear();
        stack.push(start);
        let mut size = 0;
        while let Some(k) = stack.pop() {
            size += 1;
            let (x, y) = (k % width, k / width);
            for ny in y.saturating_sub(1)..(y + 2).min(height) {
                for nx in x.saturating_sub(1)..(x + 2).min(width) {
                    let n = ny * width + nx;
                    if on[n] {
                        on[n] = false;
                        stack.push(n);
                    }
                }
            }
        }
        best = best.max(size);
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patches_join_diagonals_and_the_largest_counts() {
        #[rustfmt::skip]
        let mut on = [
            true,  false, false, true,
            false, true,  false, true,
            false, false, false, true,
        ];
        let mut stack = Vec::new();
        assert_eq!(largest_patch(&mut on, 4, &mut stack), 3);
        assert!(on.iter().all(|&c| !c));
        assert_eq!(largest_patch(&mut [], 0, &mut stack), 0);
    }
}

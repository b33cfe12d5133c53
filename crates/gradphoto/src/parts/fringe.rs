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
//!
//! Where the hair is the skin's colour (light brown hair on brown skin)
//! the shares cannot tell them apart; the windows' texture can. Hair falls
//! in strands, so across a fringe the luma changes from column to column
//! far more than from row to row; an eye's edges (lids, lashes' line, the
//! iris's top and bottom) and a brow run mostly across. The strand share
//! is the window's energy of horizontal differences over that of both:
//! open eyes read 0.4 (under 0.64 for 99 %, at most 0.71 of 9,000
//! generated eyes), bare brow bands 0.06 (at most 0.62), closed eyes less,
//! hair over the eyes and the brows 0.75–0.9.
//!
//! Dark brown hair over brown skin is another matter: the hair's colour
//! is then a deep shade of the skin's (the same hue, the chroma falling
//! with the lightness), which the shares above count as skin in shade —
//! eyes under such a fringe read 0.4–0.7 of the hair's colour. Lightness
//! tells them apart: the second measure of the eye windows
//! ([`FringeCover::eyes_by_lightness`]) is the share of pixels of the
//! hair's colour whose L\* is nearer the hair's than the skin's. An open
//! eye's iris and lashes pass it, its whites and lids do not: open eyes
//! read up to 0.73 (0.88 at most) of both windows on 16,745 generated
//! faces, eyes under a fringe 0.8–1.0 of both.
//!
//! Under a hood or headwear the crown shows the cover, not the hair. There
//! the hair's colour is read where a fringe would be
//! ([`hair_under_cover`]): the median of the brow bands' pixels that are
//! neither this face's skin nor the cover's colour — a fringe's own, or,
//! without one, the brows' (dark lines in skin, which then read as bare
//! brows do against dark hair).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::ears::{HAIR_DISTANCE, SHADE, hair_share, to_skin};
use super::{LabMedian, SkinTone, Window};
use crate::colour::delta_e_shade;
use crate::decode::Frame;
use crate::landmarks::Landmarks;

/// The shares of the brow bands and the eye windows in the hair's colour
/// (image-left, image-right); `null` for a window out of the frame.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FringeCover {
    /// The hair's colour (L\*a\*b\*) the shares were measured against: the
    /// crown's, or under a hood or headwear [`hair_under_cover`]'s.
    pub hair: [f32; 3],
    /// The brow bands.
    pub brows: [Option<f32>; 2],
    /// The eye windows.
    pub eyes: [Option<f32>; 2],
    /// The brow bands' strand shares: horizontal over all luma difference
    /// energy.
    pub brow_strands: [Option<f32>; 2],
    /// The eye windows' strand shares.
    pub eye_strands: [Option<f32>; 2],
    /// The eye windows' shares in the hair's colour told from the skin by
    /// lightness (`is_hair_by_lightness`).
    #[serde(default)]
    pub eyes_by_lightness: [Option<f32>; 2],
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

/// Measure both windows over both eyes against the hair's colour (the
/// crown's, or [`hair_under_cover`]'s).
pub fn cover(frame: &Frame<'_>, lm: &Landmarks, skin: &SkinTone, hair: [f32; 3]) -> FringeCover {
    let share = |(c, half): ([f32; 2], [f32; 2])| hair_share(frame, Window::around(frame, c, half)?, skin, hair);
    let strands = |(c, half): ([f32; 2], [f32; 2])| strand_share(frame, Window::around(frame, c, half)?);
    FringeCover {
        hair,
        brows: lm.eyes.map(|e| share(brow_band(lm, e))),
        eyes: lm.eyes.map(|e| share(eye_window(lm, e))),
        brow_strands: lm.eyes.map(|e| strands(brow_band(lm, e))),
        eye_strands: lm.eyes.map(|e| strands(eye_window(lm, e))),
        eyes_by_lightness: lm.eyes.map(|e| {
            let (c, half) = eye_window(lm, e);
            Window::around(frame, c, half)?.share(frame, |p| is_hair_by_lightness(p, skin, hair))
        }),
    }
}

/// Whether a pixel is the hair's colour by lightness: within
/// [`HAIR_DISTANCE`] of `hair` (lightness counting half), and its L\*
/// nearer the hair's than the skin's. Unlike [`super::ears::is_hair`] it
/// does not compare the pixel with the skin at its own lightness, so a
/// fringe that is a deep shade of the skin's colour counts.
#[inline]
fn is_hair_by_lightness(p: [f32; 3], skin: &SkinTone, hair: [f32; 3]) -> bool {
    delta_e_shade(p, hair) < HAIR_DISTANCE && (p[0] - hair[0]).abs() < (p[0] - skin.lab[0]).abs()
}

/// Least distance from the skin (`to_skin`) of a pixel that is not skin,
/// for [`hair_under_cover`].
pub const NOT_SKIN: f32 = 12.0;

/// Least share of the brow bands' pixels that must be neither skin nor the
/// cover for [`hair_under_cover`] to name a colour.
pub const MIN_HAIR_SHARE: f32 = 0.005;

/// The hair's colour under a hood or headwear: the median L\*a\*b\* of the
/// brow bands' pixels over [`NOT_SKIN`] from the skin or darker than its
/// deepest shade ([`SHADE`] of its lightness: dark brown hair is a shade
/// of brown skin's colour, but not skin) and, where the
/// cover's colour is given (headwear: the crown shows it), over
/// [`HAIR_DISTANCE`] from it (a brim reaching into a band is not hair).
/// `None` where under [`MIN_HAIR_SHARE`] of the bands are such — hair and
/// brows of about the skin's colour, which colour cannot tell apart — or
/// both bands leave the frame.
pub fn hair_under_cover(
    frame: &Frame<'_>,
    lm: &Landmarks,
    skin: &SkinTone,
    cover: Option<[f32; 3]>,
) -> Option<[f32; 3]> {
    let mut hair = LabMedian::default();
    let mut n = 0usize;
    for e in lm.eyes {
        let (c, half) = brow_band(lm, e);
        let Some(win) = Window::around(frame, c, half) else {
            continue;
        };
        win.for_each_lab(frame, 1, &[], |p| {
            n += 1;
            let covering = cover.is_some_and(|c| delta_e_shade(p, c) < HAIR_DISTANCE);
            if !covering && (to_skin(p, skin) > NOT_SKIN || p[0] < SHADE * skin.lab[0]) {
                hair.push(p);
            }
        });
    }
    // Too few for a colour (none found: the median says `None` too).
    if (hair.len() as f32) < MIN_HAIR_SHARE * n as f32 {
        return None;
    }
    hair.median()
}

/// The energy of luma differences between neighbouring columns over that
/// between neighbouring columns and rows, across `win`; `None` for a flat
/// or a one-pixel window.
fn strand_share(frame: &Frame<'_>, win: Window) -> Option<f32> {
    let w = frame.width as usize;
    let luma = |x: usize, y: usize| {
        let i = (y * w + x) * 3;
        crate::colour::luma([frame.rgb[i], frame.rgb[i + 1], frame.rgb[i + 2]].map(f32::from))
    };
    let (mut across, mut down) = (0f32, 0f32);
    for y in win.y0..win.y1.saturating_sub(1) {
        for x in win.x0..win.x1.saturating_sub(1) {
            let p = luma(x, y);
            across += (luma(x + 1, y) - p).powi(2);
            down += (luma(x, y + 1) - p).powi(2);
        }
    }
    (across + down > 0.0).then(|| across / (across + down))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 40 × 20 frame painted by `paint(x, y)`, and its whole window.
    fn share_of(paint: impl Fn(usize, usize) -> u8) -> Option<f32> {
        let (w, h) = (40, 20);
        let rgb: Vec<u8> = (0..w * h).flat_map(|k| [paint(k % w, k / w); 3]).collect();
        let frame = Frame {
            width: w as u32,
            height: h as u32,
            rgb: &rgb,
        };
        let all = Window {
            x0: 0,
            y0: 0,
            x1: w,
            y1: h,
        };
        strand_share(&frame, all)
    }

    #[test]
    fn strands_run_down_and_an_eyes_edges_run_across() {
        // Hair: strands two pixels wide, alternately lit and in shade.
        let hair = share_of(|x, _| if (x / 2) % 2 == 0 { 90 } else { 60 });
        assert!(hair.is_some_and(|s| s > 0.95), "{hair:?}");
        // An open eye: lids above and below a white band, an iris across it.
        let eye = share_of(|x, y| match (y, x) {
            (0..6, _) | (14.., _) => 150,
            (_, 16..24) => 40,
            _ => 230,
        });
        assert!(eye.is_some_and(|s| s < 0.5), "{eye:?}");
        assert_eq!(share_of(|_, _| 128), None);
    }
}

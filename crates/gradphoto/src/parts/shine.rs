//! Specular highlights on the skin ("不要过油，不要高光高亮").
//!
//! `quality.skin-shine` judges it. Only strong highlights count: lit skin
//! in studio light is lighter and a little paler too (an earlier measure —
//! 10 L\* lighter, under 70 % of the chroma — read 17 % and 26 % of two
//! real, well-lit faces as shine); a highlight half-way to white is not.
//!
//! Oily or flash-lit skin reflects the light source: spots much lighter
//! than the skin and washed of its colour. The measure: over the face from
//! the forehead (0.6 d above the eye line, `d` the eye distance) to just
//! above the mouth, 1.1 d wide on the centre line, with the eyes and any
//! glasses' lenses (0.64 × 0.44 d boxes) and the lips left out, and only
//! skin-coloured or colourless pixels kept (not a mask or a fringe), the share
//! of pixels at least [`LIFT`] L\* lighter than the reference (or
//! [`HEADROOM`] of the way to white, on fair skin) with under
//! [`CHROMA_SHARE`] of its chroma. The reference is the darker half of the
//! region's skin-coloured pixels (median L\* and chroma), not the skin
//! patches: shine sits on the forehead, nose and cheeks, where the patches
//! are, and may spread over most of the face. Pixels of the crown's colour
//! (a fringe, a cap's brim: `ears::is_hair`) are not skin, and
//! colourless pixels darker than the reference are neither skin nor a
//! highlight (a dark fringe, grey hair, a nostril's shade): both are left
//! out. Counted in, a dark fringe over the forehead pulled the reference's
//! lightness and chroma down until no highlight on fair skin was washed
//! enough to count, and a brown fringe or a red cap, as saturated as skin
//! is pale, made the whole face read washed. Where a mask covers
//! the lower face (under [`MASKED_SKIN_SHARE`] of it skin, as
//! `occlusion.face` reads it) the region ends just under the eye line: a
//! mask's edge blends its colour with the skin's into pale greys that
//! read as highlights. Sampled every third pixel.
//!
//! "Washed of colour" is read against the photo's white: under a colour
//! cast a highlight takes the cast's tint (a yellow cast turns it cream,
//! 20–30 b\* from neutral). Where the whites of the eyes were read
//! ([`super::sclera`], lighter than [`super::sclera::WHITES_LIGHTNESS`])
//! and are tinted as a cast tints them (over [`super::sclera::CAST_TINT`]
//! off [`super::sclera::NATURAL`]), that tint is taken out of every pixel's
//! a\* and b\* before its chroma is measured. Whites misread on the skin
//! of a closed eye or a lid read 8–21 off natural: the cast's threshold
//! keeps most of them out (taking every tint out made 12 more false
//! rejections on seeds 1–4), and one taken out takes the skin's own colour
//! out, leaving the reference chroma low.

use super::ears::is_hair;
use super::glare::lens_box;
use super::skin::skin_like;
use super::{SkinTone, Window, box_around, lips_box, median};
use crate::colour::chroma;
use crate::decode::Frame;
use crate::landmarks::Landmarks;

/// A highlight is at least this much lighter than the skin (L\*), or
/// [`HEADROOM`] of the way from the skin's lightness to white, if less. In
/// a photo whose tones are squeezed towards grey, or an under-exposed one
/// (a flash spot on skin at L\* 37 reads 49), the lift scales with the
/// range kept ([`super::tonal_scale`]).
pub const LIFT: f32 = 15.0;
/// The share of the headroom above fair skin a highlight climbs at least.
pub const HEADROOM: f32 = 0.45;
/// A highlight keeps less than this share of the skin's chroma.
pub const CHROMA_SHARE: f32 = 0.5;
/// Below this chroma a pixel counts whatever its hue (white, grey).
pub const NEUTRAL_CHROMA: f32 = 6.0;
/// A lower face (`parts::lower_face`) less skin than this is masked: the
/// region stops [`MASKED_BOTTOM`] eye distances under the eye line (the
/// default of `occlusion.face`'s `min_skin_share`).
pub const MASKED_SKIN_SHARE: f32 = 0.4;
/// See [`MASKED_SKIN_SHARE`].
pub const MASKED_BOTTOM: f32 = 0.1;
/// Fewest skin-coloured samples for a reference.
const MIN_SAMPLES: usize = 16;
/// Share of the face's skin that is a highlight: chroma read after taking
/// `white` ([`super::sclera::white_offset`]) out, the lift scaled by
/// `tones` ([`super::tonal_scale`]), pixels of the `crown`'s colour not
/// skin, the region shortened where `lower_face_skin` says a mask covers
/// the face. `None` when the region leaves the frame or holds too little
/// skin.
pub fn share(
    frame: &Frame<'_>,
    lm: &Landmarks,
    tone: &SkinTone,
    crown: Option<[f32; 3]>,
    white: [f32; 2],
    tones: f32,
    lower_face_skin: Option<f32>,
) -> Option<f32> {
    let d = lm.eye_distance();
    let eye_y = lm.eye_line();
    let masked = lower_face_skin.is_some_and(|s| s < MASKED_SKIN_SHARE);
    let bottom = if masked {
        eye_y + MASKED_BOTTOM * d
    } else {
        lm.mouth[1] - 0.15 * d
    };
    let top = eye_y - 0.6 * d;
    if bottom < top + 4.0 {
        return None;
    }
    let face = Window::around(
        frame,
        [lm.face_centre(), 0.5 * (top + bottom)],
        [0.55 * d, 0.5 * (bottom - top)],
    )?;
    let lens = |eye| {
        let (c, half) = lens_box(lm, eye);
        box_around(c, half)
    };
    let holes = [lens(lm.eyes[0]), lens(lm.eyes[1]), lips_box(lm)];
    // (L*, chroma) of the region's skin-coloured samples and, apart, its
    // colourless ones (highlights, or a dark fringe); a mask's or a
    // coloured fringe's pixels are neither.
    let capacity = face.width() * face.height() / 9;
    let (mut skin, mut colourless) = (Vec::with_capacity(capacity), Vec::new());
    face.for_each_lab(frame, 3, &holes, |p| {
        let chroma = chroma(p[1] - white[0], p[2] - white[1]);
        if skin_like(p) && !crown.is_some_and(|c| is_hair(p, tone, c)) {
            skin.push([p[0], chroma]);
        } else if chroma < NEUTRAL_CHROMA {
            colourless.push([p[0], chroma]);
        }
    });
    if skin.len() < MIN_SAMPLES {
        return None;
    }
    // The reference: the darker half of the skin, where the light does not
    // reach; its median lightness and chroma.
    skin.sort_unstable_by(|a, b| a[0].total_cmp(&b[0]));
    let shade = &skin[..skin.len() / 2];
    let lightness = shade[shade.len() / 2][0];
    let chroma = median(&mut shade.iter().map(|s| s[1]).collect::<Vec<f32>>());
    let lift = (LIFT * tones).min(HEADROOM * (100.0 - lightness));
    let (lightest, greyest) = (lightness + lift, CHROMA_SHARE * chroma);
    let is_highlight = |s: &&[f32; 2]| s[0] >= lightest && s[1] < greyest;
    let lit = colourless.iter().filter(|s| s[0] >= lightness);
    let counted = skin.len() + lit.clone().count();
    let bright = skin.iter().filter(is_highlight).count() + lit.filter(is_highlight).count();
    Some(bright as f32 / counted as f32)
}

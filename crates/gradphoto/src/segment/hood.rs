//! Hoods: fabric of the clothing's colour framing the head.
//!
//! A hood turns the head's outline into clothing, and makes it wide:
//!
//! The outline is that of the person proper: a deep shadow on the backdrop
//! beside the head, segmented with the person, is left out.
//!
//! - the *rim*: three person pixels (reduced image) just inside the outline
//!   on each side of the head, from a quarter to seven tenths of the way
//!   down to the shoulder line, and three under the top over the middle
//!   third of the head (the outermost pixel, a blend with the backdrop, is
//!   skipped); a rim pixel *matches* when it lies within ΔE76
//!   [`MATCH_DELTA_E`] of the clothing's dominant or mean colour. Without a
//!   located face, `rim_match` is the smaller of the side and top shares, so
//!   hair of the clothing's colour at the sides only (a bob over a dark
//!   suit) does not count; with one, the width against the face tells that
//!   bob apart, and the side share alone counts (a cap or a bun over the
//!   hood hides its top);
//! - the *width*: the outline's widest row on the head over the face's
//!   width cheek to cheek ([`Hood::with_face`], from the landmarks), or,
//!   where no face was located, over the shoulders' width at the bottom
//!   edge (the frame's, where they fill it). A hood stands off the head all
//!   round; hair, even long hair of the clothing's colour, hugs it;
//! - the *aspect*: the same width over the outline's height from the top to
//!   the shoulder line. Long hair that hangs to the shoulders is narrow for
//!   its height; a hood is broad;
//! - the *lining*: lightness 6–9 reduced pixels in from the outline over
//!   that of the outline itself, beside the head: a hood's inside is in
//!   shade.
//!
//! A hood of the backdrop's colour leaves no outline: the garment merges
//! with the backdrop and there is no torso to compare the rim with. What
//! shows is its *lining*: beside the face, between the cheek and the hood's
//! rim, the garment's colour in deep shade ([`LINING_SHADE`] of its
//! lightness, deeper than a shadow cast on the backdrop), on both sides of
//! the face at once ([`Segmentation::lining`]). A shadow on the backdrop
//! falls to one side, and is lighter. Only a garment with a hue has a
//! lining to tell: beside a grey or white one, dark hair is as much its
//! colour in shade.
//!
//! Known weaknesses, measured in docs/accuracy.md: heavy compression and bold
//! patterns move the rim's colours away from the clothing's; without a
//! located face the width falls back to the shoulders', which the frame
//! cuts off.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::shadow::in_shade;
use super::{PERSON, Segmentation};
use crate::colour::{delta_e_lab, lab_fast};
use crate::verdict::Region;

/// Largest ΔE76 from the clothing colour at which a rim pixel is fabric.
pub const MATCH_DELTA_E: f32 = 14.0;

/// What the hood measure found.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Hood {
    /// Share of the rim beside the head that has the clothing's colour.
    pub side_match: f32,
    /// Share of the rim over the head that has the clothing's colour.
    pub top_match: f32,
    /// The outline's widest width on the head over the shoulders' width at
    /// the bottom edge (the frame's width where they fill it).
    pub width_share: f32,
    /// The outline's widest width over its height from the top to the
    /// shoulder line.
    pub aspect: f32,
    /// The outline's widest width on the head, full-resolution pixels.
    pub width_px: f32,
    /// That width over the face's width cheek to cheek, where the face was
    /// located (`Hood::with_face`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub face_share: Option<f32>,
    /// Lightness just inside the outline beside the head (6–9 reduced
    /// pixels in) over that of the outline itself.
    pub lining: f32,
    /// Lightness (L\*) of the clothing's dominant colour: a garment this
    /// dark shows no shade on its lining.
    #[serde(default)]
    pub garment_lightness: f32,
    /// The head's outline from the top to the shoulder line (full resolution).
    pub region: Region,
}

/// Lightness of a hood's lining, as a share of the garment's: a shadow
/// cast on the backdrop darkens it less (to about three quarters), and
/// black hair is darker still.
pub const LINING_SHADE: [f32; 2] = [0.35, 0.68];

/// Chroma (a\*b\*) under which a garment is neutral (white, grey, black):
/// dark hair beside the face is then as much its colour in shade as a
/// lining would be, and the lining is not measured.
pub const NEUTRAL_CHROMA: f32 = 8.0;

/// What the lining measure found beside the face (see the module notes).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Lining {
    /// Share of the band left of the face (in the image) that is the
    /// garment's colour in deep shade.
    pub left: f32,
    /// The same right of the face.
    pub right: f32,
    /// Both bands: from 0.4 to 0.8 face widths either side of the face's
    /// centre, from the nose to the mouth (full resolution).
    pub region: Region,
}

impl Lining {
    /// The lesser side: a hood lines both.
    pub fn both(&self) -> f32 {
        self.left.min(self.right)
    }
}

impl Hood {
    /// The outline's width measured against the face's (in pixels): a
    /// yardstick that does not depend on how much of the shoulders the
    /// frame shows.
    #[must_use]
    pub fn with_face(mut self, face_width: f32) -> Hood {
        self.face_share = (face_width > 0.0).then(|| self.width_px / face_width);
        self
    }

    /// The rim's match: the smaller of the side and top matches; only the
    /// side's where the width is judged against the face. Against the face,
    /// hair of the clothing's colour at the sides (a bob over a dark suit)
    /// is already told apart by its width, and the top may be hidden by a
    /// cap or a bun worn over the hood.
    pub fn rim_match(&self) -> f32 {
        match self.face_share {
            Some(_) => self.side_match,
            None => self.side_match.min(self.top_match),
        }
    }
}

/// Which sides of the head's outline the hood measure reads.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Sides {
    /// Both: the outermost person pixels either way.
    Both,
    /// Only the image-left side, mirrored about the face's centre line `x`
    /// (full resolution): someone behind the graduate is joined to the
    /// outline on the right.
    Left(f32),
    /// Only the image-right side, mirrored likewise.
    Right(f32),
}

impl Segmentation {
    /// Measure a hood framing the head, given the clothing's colours (sRGB:
    /// its dominant colour, and its mean, which differs on a patterned
    /// garment), on the given `sides` of the outline. `None` when the
    /// silhouette has no head above a shoulder line.
    pub fn hood(&self, clothing: &[[u8; 3]], sides: Sides) -> Option<Hood> {
        let w = self.width as usize;
        let (use_left, use_right) = match sides {
            Sides::Both => (true, true),
            Sides::Left(_) => (true, false),
            Sides::Right(_) => (false, true),
        };
        // Twice the face's centre line, in reduced columns.
        let mirror = |x: f32| (2.0 * x / self.factor as f32).round() as isize;
        let shoulders = self.shoulders?;
        let top = (0..shoulders).find(|&j| self.mask[j * w..(j + 1) * w].contains(&PERSON))?;
        if shoulders < top + 10 {
            return None;
        }
        // The outline per row: the outermost pixels of the person proper (a
        // deep shadow beside the head is segmented as the person, and is not
        // the hood). Where one side is crowded, the other's mirror image.
        let edges: Vec<Option<(usize, usize)>> = (top..shoulders)
            .map(|j| {
                let proper = |i: &usize| self.person_proper(j * w + i);
                let (l, r) = match sides {
                    Sides::Both => ((0..w).find(proper)?, (0..w).rev().find(proper)?),
                    Sides::Left(x) => {
                        let l = (0..w).find(proper)?;
                        (l, (mirror(x) - l as isize).min(w as isize - 1).try_into().ok()?)
                    }
                    Sides::Right(x) => {
                        let r = (0..w).rev().find(proper)?;
                        ((mirror(x) - r as isize).max(0) as usize, r)
                    }
                };
                (l < r).then_some((l, r))
            })
            .collect();
        let span = shoulders - top;
        let (widest, head_width) = edges[..span * 7 / 10]
            .iter()
            .enumerate()
            .map(|(k, e)| (k, e.map_or(0, |(l, r)| r + 1 - l)))
            .max_by_key(|&(k, wd)| (wd, usize::MAX - k))?;

        // The shoulders' width: the frame's, unless a small person's
        // shoulders end inside it.
        let last = &self.mask[(self.height as usize - 1) * w..];
        let shoulders_width = last.iter().filter(|&&m| m == PERSON).count();
        let cloth: Vec<[f32; 3]> = clothing.iter().map(|&c| lab_fast(c)).collect();
        let matches = |k: usize| u32::from(cloth.iter().any(|&c| delta_e_lab(self.lab[k], c) < MATCH_DELTA_E));
        let (mut side, mut side_n) = (0u32, 0u32);
        for (e, j) in edges.iter().zip(top..).take(span * 7 / 10).skip(span / 4) {
            let Some((l, r)) = *e else { continue };
            if r < l + 10 {
                continue;
            }
            let left = if use_left { l + 1..l + 4 } else { 0..0 };
            let right = if use_right { r - 3..r } else { 0..0 };
            for i in left.chain(right) {
                side_n += 1;
                side += matches(j * w + i);
            }
        }
        let (l0, r0) = edges[widest].unwrap_or((0, w - 1));
        let third = (r0 + 1 - l0) / 3;
        let (mut over, mut over_n) = (0u32, 0u32);
        for i in l0 + third..r0 + 1 - third {
            for j in (top..shoulders)
                .filter(|&j| self.person_proper(j * w + i))
                .skip(1)
                .take(3)
            {
                over_n += 1;
                over += matches(j * w + i);
            }
        }
        let (mut outer, mut inner) = (0f32, 0f32);
        for (e, j) in edges.iter().zip(top..).skip(widest).take(span / 5) {
            let Some((l, r)) = *e else { continue };
            if r < l + 24 {
                continue;
            }
            for (a, b) in [(use_left, l, l + 6), (use_right, r - 2, r - 9)]
                .into_iter()
                .filter_map(|(used, a, b)| used.then_some((a, b)))
            {
                outer += (0..3).map(|d| self.lab[j * w + a + d][0]).sum::<f32>();
                inner += (0..4).map(|d| self.lab[j * w + b + d][0]).sum::<f32>();
            }
        }
        let share = |n: u32, d: u32| if d == 0 { 0.0 } else { n as f32 / d as f32 };
        let (x0, x1) = edges
            .iter()
            .flatten()
            .fold((usize::MAX, 0), |(a, b), &(l, r)| (a.min(l), b.max(r)));
        Some(Hood {
            side_match: share(side, side_n),
            top_match: share(over, over_n),
            width_share: head_width as f32 / shoulders_width.max(1) as f32,
            aspect: head_width as f32 / span as f32,
            width_px: (head_width as u32 * self.factor) as f32,
            face_share: None,
            lining: if outer > 0.0 { inner * 3.0 / (outer * 4.0) } else { 1.0 },
            garment_lightness: cloth.first().map_or(0.0, |c| c[0]),
            region: self.region([x0, top, x1, shoulders - 1]),
        })
    }
}

impl Segmentation {
    /// Measure a hood's lining beside the face: the share of two bands, 0.4
    /// to 0.8 face widths either side of the face's centre `cx` and from
    /// 35 % to 75 % of the way from the eye line `eyes` to the `chin`
    /// (where the ears are not), whose pixels are the `garment`'s colour
    /// (sRGB) in deep shade ([`LINING_SHADE`]), of its hue. Coordinates in
    /// full resolution; `None` when the bands are empty or the garment is
    /// neutral (`NEUTRAL_CHROMA`).
    pub fn lining(&self, cx: f32, eyes: f32, chin: f32, face_width: f32, garment: [u8; 3]) -> Option<Lining> {
        let (w, h, k) = (self.width as usize, self.height as usize, self.factor as f32);
        let to_col = |x: f32| ((x / k).round().max(0.0) as usize).min(w);
        let to_row = |y: f32| ((y / k).round().max(0.0) as usize).min(h);
        let (top, bottom) = (to_row(eyes + 0.35 * (chin - eyes)), to_row(eyes + 0.75 * (chin - eyes)));
        let left = to_col(cx - 0.8 * face_width)..to_col(cx - 0.4 * face_width);
        let right = to_col(cx + 0.4 * face_width)..to_col(cx + 0.8 * face_width);
        if bottom <= top || left.is_empty() && right.is_empty() {
            return None;
        }
        let m = lab_fast(garment);
        if m[1].hypot(m[2]) < NEUTRAL_CHROMA {
            return None;
        }
        let [lo, hi] = LINING_SHADE;
        let share = |cols: &std::ops::Range<usize>| {
            let n = (bottom - top) * cols.len();
            let dark: usize = (top..bottom)
                .map(|j| {
                    let row = &self.lab[j * w..(j + 1) * w];
                    row[cols.clone()].iter().filter(|&&p| in_shade(p, m, lo, hi)).count()
                })
                .sum();
            if n == 0 { 0.0 } else { dark as f32 / n as f32 }
        };
        // The left band starts the region, the right band ends it.
        let (x0, x1) = (left.start, right.end.saturating_sub(1));
        Some(Lining {
            left: share(&left),
            right: share(&right),
            region: self.region([x0, top, x1.max(x0), bottom - 1]),
        })
    }
}

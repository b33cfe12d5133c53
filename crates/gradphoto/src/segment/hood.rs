//! Hoods: fabric of the clothing's colour framing the head.
//!
//! A hood turns the head's outline into clothing: the outermost pixels of
//! the silhouette beside the head and over it are the colour of the torso,
//! and the outline runs on down to the shoulders without narrowing at the
//! neck. Hair frames the head too, so both are measured:
//!
//! - the *rim*: the three outermost person pixels (reduced image) on each
//!   side of the silhouette, from a quarter of the way down the head to the
//!   shoulder line, and the three topmost over the middle third of the
//!   head; a rim pixel *matches* when it lies within ΔE76 [`MATCH_DELTA_E`]
//!   of the clothing's dominant colour. `rim_match` is the smaller of the
//!   side and top shares, so hair of the clothing's colour at the sides only
//!   (a bob over a dark suit) does not count;
//! - the *neck*: the silhouette's narrowest width between its widest row on
//!   the head and the shoulder line, over that widest width. A bare neck is
//!   about half the head; a hood stays about as wide as the head;
//! - the *strands*: long hair of the clothing's colour passes both tests
//!   above, so the texture just inside the outline beside the head tells
//!   hair (strands running down: luma changes across them, hardly along
//!   them) from fabric (smooth both ways).
//!
//! Known weaknesses, measured in docs/accuracy.md: a hood whose colour the
//! photo's exposure or cast moved away from the torso's, and dark hoods
//! whose folds read as strands, are missed.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{FACTOR, PERSON, Segmentation};
use crate::colour::{delta_e_lab, lab_fast};
use crate::decode::Frame;
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
    /// Narrowest width of the silhouette below the head over its widest.
    pub neck_ratio: f32,
    /// Strand texture just inside the outline beside the head: mean
    /// horizontal minus mean vertical luma gradient, over mean luma.
    pub strands: f32,
    /// The head and neck's outline from the top to the shoulder line (full resolution).
    pub region: Region,
}

impl Hood {
    /// The smaller of the side and top matches.
    pub fn rim_match(&self) -> f32 {
        self.side_match.min(self.top_match)
    }
}

impl Segmentation {
    /// Measure a hood framing the head, given the clothing colour (sRGB).
    /// `None` when the silhouette has no head above a shoulder line.
    pub fn hood(&self, frame: &Frame<'_>, clothing: [u8; 3]) -> Option<Hood> {
        let (w, h) = (self.width as usize, self.height as usize);
        let shoulders = self.shoulder_row()?;
        let row = |j: usize| &self.mask[j * w..(j + 1) * w];
        let top = (0..shoulders).find(|&j| row(j).contains(&PERSON))?;
        if shoulders < top + 10 || shoulders >= h {
            return None;
        }
        // The outline per row: the outermost person pixels.
        let edges: Vec<Option<(usize, usize)>> = (top..shoulders)
            .map(|j| {
                let r = row(j);
                let l = r.iter().position(|&m| m == PERSON)?;
                let rr = r.iter().rposition(|&m| m == PERSON)?;
                Some((l, rr))
            })
            .collect();
        let width = |e: &Option<(usize, usize)>| e.map_or(0, |(l, r)| r + 1 - l);
        let span = shoulders - top;
        let (widest, head_width) = edges[..span * 7 / 10]
            .iter()
            .enumerate()
            .map(|(k, e)| (k, width(e)))
            .max_by_key(|&(k, wd)| (wd, usize::MAX - k))?;
        let neck_width = edges[widest..span.saturating_sub(1).max(widest + 1)]
            .iter()
            .map(width)
            .min()
            .unwrap_or(head_width);

        let cloth = lab_fast(clothing);
        let matches = |k: usize| delta_e_lab(self.lab[k], cloth) < MATCH_DELTA_E;
        let (mut side, mut side_n) = (0u32, 0u32);
        for (e, j) in edges.iter().zip(top..).skip(span / 4) {
            let Some((l, r)) = *e else { continue };
            if r < l + 8 {
                continue;
            }
            for k in (l..l + 3).chain(r - 2..=r).map(|i| j * w + i) {
                side_n += 1;
                side += u32::from(matches(k));
            }
        }
        let (l0, r0) = edges[widest].unwrap_or((0, w - 1));
        let third = (r0 + 1 - l0) / 3;
        let (mut over, mut over_n) = (0u32, 0u32);
        for i in l0 + third..r0 + 1 - third {
            let column = (top..shoulders).filter(|&j| self.mask[j * w + i] == PERSON).take(3);
            for j in column {
                over_n += 1;
                over += u32::from(matches(j * w + i));
            }
        }
        let strands = strand_texture(frame, &edges[widest..], top + widest, self.factor as usize);
        let share = |n: u32, d: u32| if d == 0 { 0.0 } else { n as f32 / d as f32 };
        let (x0, x1) = edges
            .iter()
            .flatten()
            .fold((usize::MAX, 0), |(a, b), &(l, r)| (a.min(l), b.max(r)));
        let f = FACTOR;
        Some(Hood {
            side_match: share(side, side_n),
            top_match: share(over, over_n),
            neck_ratio: neck_width as f32 / head_width.max(1) as f32,
            strands,
            region: Region {
                x: x0 as u32 * f,
                y: top as u32 * f,
                width: (x1 + 1 - x0) as u32 * f,
                height: span as u32 * f,
            },
        })
    }
}

/// Hair falls in strands that run down beside the head: across them the
/// luma changes from pixel to pixel, along them it hardly does. Fabric is
/// smooth both ways, and sensor noise is the same both ways. Measured at
/// full resolution over bands 3 reduced pixels wide just inside the outline
/// (one reduced pixel in from the edge), over `edges` from its first row on
/// (`first` is that row in the reduced image) and a third of its length.
fn strand_texture(frame: &Frame<'_>, edges: &[Option<(usize, usize)>], first: usize, f: usize) -> f32 {
    let fw = frame.width as usize;
    let luma = |x: usize, y: usize| {
        let p = &frame.rgb[(y * fw + x) * 3..(y * fw + x) * 3 + 3];
        (77 * i32::from(p[0]) + 150 * i32::from(p[1]) + 29 * i32::from(p[2])) >> 8
    };
    let (mut gx, mut gy, mut sum, mut n) = (0i64, 0i64, 0i64, 0i64);
    let rows = edges.len() / 3;
    for (e, j) in edges[..rows].iter().zip(first..) {
        let Some((l, r)) = *e else { continue };
        if r < l + 10 {
            continue;
        }
        for x0 in [(l + 1) * f, (r - 3) * f] {
            for y in (j * f).max(1)..((j + 1) * f).min(frame.height as usize - 1) {
                for x in x0.max(1)..(x0 + 3 * f).min(fw - 1) {
                    gx += i64::from((luma(x + 1, y) - luma(x - 1, y)).abs());
                    gy += i64::from((luma(x, y + 1) - luma(x, y - 1)).abs());
                    sum += i64::from(luma(x, y));
                    n += 1;
                }
            }
        }
    }
    if n == 0 {
        return 0.0;
    }
    (gx - gy) as f32 / n as f32 / (sum as f32 / n as f32).max(12.0)
}

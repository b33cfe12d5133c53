//! Someone or something behind the graduate, joined to the silhouette.
//!
//! A second person standing behind the graduate, or a coat stand, overlaps
//! the graduate's outline and becomes part of the same mask component, so
//! it is not among the background's stray objects. Seen against the face
//! it is plain: beside the head, past where hair or a hood reach, the
//! graduate's outline stands no higher than the shoulders, which begin
//! below the chin. Person pixels there above the chin belong to someone or
//! something else.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{PERSON, Segmentation};
use crate::verdict::Region;

/// How far from the face's centre, in face widths, the graduate's own
/// outline above the chin may reach: hoods measure up to 0.9 face widths
/// either side, long hair about 0.7.
const HEAD_REACH: f32 = 0.9;

/// Narrowest run of raised columns that counts, in face widths (a lock of
/// hair or a strand of noise is narrower).
const MIN_WIDTH: f32 = 0.12;

/// A part of the silhouette beside the head that stands above the chin.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Beside {
    /// Where it is, full resolution: the columns it spans, from its top to
    /// the chin's row.
    pub region: Region,
    /// Its person pixels above the chin, as a share of the frame.
    pub share: f32,
}

impl Segmentation {
    /// The widest run of mask columns more than `HEAD_REACH` face widths
    /// to either side of the face's centre `cx` whose person pixels reach
    /// above the `chin` row (full-resolution coordinates), at least
    /// `MIN_WIDTH` face widths wide; `None` when there is none.
    pub fn beside_head(&self, cx: f32, chin: f32, face_width: f32) -> Option<Beside> {
        let (w, k) = (self.width as usize, self.factor as f32);
        let chin_row = ((chin / k).max(0.0) as usize).min(self.height as usize);
        let reach = HEAD_REACH * face_width / k;
        let (cx, min_width) = (cx / k, (MIN_WIDTH * face_width / k).max(2.0) as usize);
        // Person pixels above the chin and the highest of them, per column.
        let raised = |i: usize| {
            let mut count = 0;
            let mut top = None;
            for j in 0..chin_row {
                if self.mask[j * w + i] == PERSON {
                    count += 1;
                    top.get_or_insert(j);
                }
            }
            top.map(|t| (t, count))
        };
        let left_end = ((cx - reach).floor().max(0.0) as usize).min(w);
        let right_start = ((cx + reach).ceil().max(0.0) as usize).min(w);
        // (first column, last column, top row, pixels) of a run.
        let mut best: Option<(usize, usize, usize, usize)> = None;
        for side in [0..left_end, right_start..w] {
            let mut run: Option<(usize, usize, usize, usize)> = None;
            // One step past the side's end closes its last run.
            for i in side.start..=side.end {
                let column = if i < side.end { raised(i) } else { None };
                if let Some((top, n)) = column {
                    run = Some(match run {
                        Some((a, _, t, p)) => (a, i, t.min(top), p + n),
                        None => (i, i, top, n),
                    });
                } else if let Some(r) = run.take() {
                    if r.1 + 1 - r.0 >= min_width && best.is_none_or(|b| r.3 > b.3) {
                        best = Some(r);
                    }
                }
            }
        }
        let (first, last, top, pixels) = best?;
        Some(Beside {
            region: self.region([first, top, last, chin_row.saturating_sub(1).max(top)]),
            share: pixels as f32 / self.mask.len() as f32,
        })
    }
}

//! Shadows on the backdrop: a darker copy of the background hugging the
//! silhouette of the head and shoulders.
//!
//! A pixel is *shadow-like* when it is the background at its place (the
//! fitted plane), only darker: lightness 50–93 % of the model's and at least
//! 3 ΔL\* below it, the same hue, and chroma shrunk with the light (a
//! neutral backdrop stays neutral). Such
//! pixels may have been segmented as background (a soft shadow) or as part of
//! the person (a deep one): both count. The *zone* is every pixel that is not
//! the person proper (person pixels that are not shadow-like), lies 2 to
//! [`REACH`] reduced pixels from it and above the bottom fifth of the frame,
//! where the chair and the lower torso are. The ring right at the silhouette
//! is left out: there, hair and backdrop blend within a pixel.
//!
//! The measure is the share of the zone that is shadow-like. Without a
//! shadow it stays near zero; a shadow cast by a side light covers one side
//! of the zone.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{BACKGROUND, PERSON, Segmentation, against_plane, eval_plane};
use crate::verdict::Region;

/// How far from the silhouette the zone reaches, in reduced pixels.
pub const REACH: u16 = 10;

/// What the shadow measure found.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Shadow {
    /// Share of the zone around the silhouette that is shadow-like.
    pub share: f32,
    /// Mean lightness drop of the shadow-like pixels of the zone (ΔL\*).
    pub darkening: f32,
    /// Pixels of the zone (reduced image).
    pub zone: u32,
    /// The shadow-like pixels' bounding box (full resolution).
    pub region: Option<Region>,
}

/// Chamfer step from a neighbouring row: 3 straight across, 4 diagonally.
#[inline]
fn relax_from(row: &mut [u16], other: &[u16]) {
    let w = row.len();
    for (v, &o) in row.iter_mut().zip(other) {
        *v = (*v).min(o + 3);
    }
    for (v, &o) in row[1..].iter_mut().zip(&other[..w - 1]) {
        *v = (*v).min(o + 4);
    }
    for (v, &o) in row[..w - 1].iter_mut().zip(&other[1..]) {
        *v = (*v).min(o + 4);
    }
}

/// Smallest lightness drop (ΔL\*) of backdrop in shade: on a dark backdrop
/// 93 % of the model's lightness is within the noise.
const MIN_DROP: f32 = 3.0;

/// Whether `p` is the background model `m` in shade: lightness 50–93 % of
/// the model's and at least [`MIN_DROP`] below it; for a neutral model (chroma < 8) a neutral pixel; else the
/// same hue (cosine of the a\*b\* angle > 0.93) and chroma 30–110 % of the
/// model's. Written without square roots or divisions: it runs on every
/// pixel of the reduced image.
#[inline]
fn shaded(p: [f32; 3], m: [f32; 3]) -> bool {
    in_shade(p, m, 0.5, 0.93)
}

/// Whether `p` is the colour `m` in shade, its lightness `lo` to `hi` times
/// `m`'s (and at least [`MIN_DROP`] below it): see [`shaded`], which is this
/// for the backdrop's shadows.
#[inline]
pub(super) fn in_shade(p: [f32; 3], m: [f32; 3], lo: f32, hi: f32) -> bool {
    if p[0] < lo * m[0] || p[0] > (hi * m[0]).min(m[0] - MIN_DROP) {
        return false;
    }
    let cm2 = m[1] * m[1] + m[2] * m[2];
    let cp2 = p[1] * p[1] + p[2] * p[2];
    if cm2 < 64.0 {
        return cp2 < 64.0;
    }
    let dot = p[1] * m[1] + p[2] * m[2];
    dot > 0.0 && dot * dot > 0.93 * 0.93 * cm2 * cp2 && (0.09 * cm2..=1.21 * cm2).contains(&cp2)
}

impl Segmentation {
    /// Whether mask pixel `k` is the person proper: segmented as the person,
    /// and not the backdrop in shade (a deep shadow beside the head is
    /// segmented as the person).
    pub(super) fn person_proper(&self, k: usize) -> bool {
        let (w, h) = (self.width as usize, self.height as usize);
        let (x, y) = (((k % w) as f32 + 0.5) / w as f32, ((k / w) as f32 + 0.5) / h as f32);
        self.mask[k] == PERSON && !shaded(self.lab[k], eval_plane(&self.plane, x, y))
    }

    /// Measure the shadow on the backdrop around the silhouette.
    pub fn shadow(&self) -> Shadow {
        let (w, h) = (self.width as usize, self.height as usize);
        let (iw, ih) = (1.0 / w as f32, 1.0 / h as f32);
        // The model along a row changes by a constant step per pixel.
        let like = against_plane(&self.lab, w, &self.plane, shaded);

        // Chamfer distance (3 along an axis, 4 diagonally) to the person proper.
        const FAR: u16 = u16::MAX / 2;
        let mut d: Vec<u16> = self
            .mask
            .iter()
            .zip(&like)
            .map(|(&m, &s)| if m == PERSON && !s { 0 } else { FAR })
            .collect();
        // Two raster passes; in each row the neighbours of the row before
        // (a loop the compiler vectorises), then the sweep along the row.
        for j in 0..h {
            let (done, rest) = d.split_at_mut(j * w);
            let row = &mut rest[..w];
            if j > 0 {
                relax_from(row, &done[(j - 1) * w..]);
            }
            for i in 1..w {
                row[i] = row[i].min(row[i - 1] + 3);
            }
        }
        for j in (0..h).rev() {
            let (rest, done) = d.split_at_mut((j + 1) * w);
            let row = &mut rest[j * w..];
            if j + 1 < h {
                relax_from(row, &done[..w]);
            }
            for i in (0..w - 1).rev() {
                row[i] = row[i].min(row[i + 1] + 3);
            }
        }

        // Clothing may look like the backdrop in shade (grey on grey, blue on
        // blue): below the shoulder line only backdrop pixels count.
        let shoulders = self.shoulders.unwrap_or(h);
        let (mut zone, mut dark, mut drop) = (0u32, 0u32, 0f32);
        let (mut x0, mut y0, mut x1, mut y1) = (usize::MAX, usize::MAX, 0, 0);
        for j in 0..h * 8 / 10 {
            for i in 0..w {
                let k = j * w + i;
                let counted = self.mask[k] == BACKGROUND || (like[k] && j < shoulders);
                if !(6..=3 * REACH).contains(&d[k]) || !counted {
                    continue;
                }
                zone += 1;
                if like[k] {
                    dark += 1;
                    let (x, y) = ((i as f32 + 0.5) * iw, (j as f32 + 0.5) * ih);
                    drop += eval_plane(&self.plane, x, y)[0] - self.lab[k][0];
                    (x0, y0, x1, y1) = (x0.min(i), y0.min(j), x1.max(i), y1.max(j));
                }
            }
        }
        Shadow {
            share: if zone == 0 { 0.0 } else { dark as f32 / zone as f32 },
            darkening: if dark == 0 { 0.0 } else { drop / dark as f32 },
            zone,
            region: (dark > 0).then(|| self.region([x0, y0, x1, y1])),
        }
    }
}

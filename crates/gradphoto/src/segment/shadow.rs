//! Shadows on the backdrop: a darker copy of the background hugging the
//! silhouette of the head and shoulders.
//!
//! A pixel is *shadow-like* when it is the background at its place (the
//! fitted plane), only darker: lightness 50–93 % of the model's, the same hue,
//! and chroma shrunk with the light (a neutral backdrop stays neutral). Such
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

use super::{BACKGROUND, FACTOR, PERSON, Segmentation, eval_plane};
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

/// Whether `p` is the background model `m` in shade.
#[inline]
fn shaded(p: [f32; 3], m: [f32; 3]) -> bool {
    let ratio = p[0] / m[0].max(1.0);
    if !(0.5..=0.93).contains(&ratio) {
        return false;
    }
    let cm = (m[1] * m[1] + m[2] * m[2]).sqrt();
    let cp = (p[1] * p[1] + p[2] * p[2]).sqrt();
    if cm < 8.0 {
        return cp < 8.0;
    }
    let cos = (p[1] * m[1] + p[2] * m[2]) / (cm * cp.max(1e-3));
    cos > 0.93 && (0.3..=1.1).contains(&(cp / cm))
}

impl Segmentation {
    /// Measure the shadow on the backdrop around the silhouette.
    pub fn shadow(&self) -> Shadow {
        let (w, h) = (self.width as usize, self.height as usize);
        let (iw, ih) = (1.0 / w as f32, 1.0 / h as f32);
        let like: Vec<bool> = self
            .lab
            .iter()
            .enumerate()
            .map(|(k, &p)| {
                let (x, y) = (((k % w) as f32 + 0.5) * iw, ((k / w) as f32 + 0.5) * ih);
                shaded(p, eval_plane(&self.plane, x, y))
            })
            .collect();

        // Chamfer distance (3 along an axis, 4 diagonally) to the person proper.
        const FAR: u16 = u16::MAX / 2;
        let mut d: Vec<u16> = self
            .mask
            .iter()
            .zip(&like)
            .map(|(&m, &s)| if m == PERSON && !s { 0 } else { FAR })
            .collect();
        for j in 0..h {
            for i in 0..w {
                let k = j * w + i;
                let mut v = d[k];
                if i > 0 {
                    v = v.min(d[k - 1] + 3);
                }
                if j > 0 {
                    v = v.min(d[k - w] + 3);
                    if i > 0 {
                        v = v.min(d[k - w - 1] + 4);
                    }
                    if i + 1 < w {
                        v = v.min(d[k - w + 1] + 4);
                    }
                }
                d[k] = v;
            }
        }
        for j in (0..h).rev() {
            for i in (0..w).rev() {
                let k = j * w + i;
                let mut v = d[k];
                if i + 1 < w {
                    v = v.min(d[k + 1] + 3);
                }
                if j + 1 < h {
                    v = v.min(d[k + w] + 3);
                    if i + 1 < w {
                        v = v.min(d[k + w + 1] + 4);
                    }
                    if i > 0 {
                        v = v.min(d[k + w - 1] + 4);
                    }
                }
                d[k] = v;
            }
        }

        // Clothing may look like the backdrop in shade (grey on grey, blue on
        // blue): below the shoulder line only backdrop pixels count.
        let shoulders = self.shoulder_row().unwrap_or(h);
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
        let f = FACTOR;
        Shadow {
            share: if zone == 0 { 0.0 } else { dark as f32 / zone as f32 },
            darkening: if dark == 0 { 0.0 } else { drop / dark as f32 },
            zone,
            region: (dark > 0).then(|| Region {
                x: x0 as u32 * f,
                y: y0 as u32 * f,
                width: (x1 - x0 + 1) as u32 * f,
                height: (y1 - y0 + 1) as u32 * f,
            }),
        }
    }
}

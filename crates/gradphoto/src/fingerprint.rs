//! A fingerprint of the picture, for finding one photo filed under two IDs
//! (`batch.duplicate-photo`).
//!
//! The frame is averaged down to a 32 × 32 grid of cells (each the mean of
//! a 4 × 4 lattice of samples, so JPEG noise and resampling average out,
//! and a photo of any size gives the same grid). Two parts come out of it:
//!
//! - `hash`, 64 bits: the grid's luma through a 2-D DCT-II, its 64 lowest
//!   frequencies after the DC term (zig-zag order), 1 where a coefficient is
//!   above their median (the pHash of Zauner, 2010). Re-encoding, resizing
//!   and a 2 % crop move up to 8 of the bits; it is what the batch indexes.
//! - `colours`, 8 bytes: the mean luma and chroma (Y, Cb, Cr) of the
//!   frame's centre, where the face is, and of its bottom middle, where the
//!   clothes are, and the chroma of the top-left corner (the backdrop). The
//!   luma hash sees shapes, not colours: photos of different people in the
//!   same studio, framed alike, can hash alike, but their skin and clothes
//!   differ. Copies agree within a few levels.
//!
//! The whole frame, not a crop placed by the landmarks: the face detector's
//! keypoints wobble by a few pixels between copies, which moved a face
//! crop's hash by up to 16 bits where the frame's moved by 8
//! (docs/accuracy.md).

use std::sync::OnceLock;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::decode::Frame;

/// Cells per side of the reduced frame.
const CELLS: usize = 32;

/// Samples per cell, each way.
const TAPS: usize = 4;

/// Frequencies computed per axis: enough for the first 64 after DC in
/// zig-zag order (diagonals 0–10).
const KEPT: usize = 11;

/// A photo's fingerprint.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Fingerprint {
    /// The 64-bit perceptual hash of the frame's luma.
    pub hash: Hash64,
    /// Y, Cb, Cr of the frame's centre; Y, Cb, Cr of its bottom middle; Cb,
    /// Cr of its top-left corner.
    pub colours: [u8; 8],
}

impl Fingerprint {
    /// Whether two fingerprints show the same picture: hashes at most
    /// `max_distance` bits apart and every colour within
    /// `max_colour_difference` levels.
    pub fn same_picture(&self, other: &Fingerprint, max_distance: u32, max_colour_difference: u8) -> bool {
        distance(self.hash.0, other.hash.0) <= max_distance
            && colours_agree(&self.colours, &other.colours, max_colour_difference)
    }
}

/// Whether two colour signatures agree within `max_difference` levels.
pub fn colours_agree(a: &[u8; 8], b: &[u8; 8], max_difference: u8) -> bool {
    a.iter().zip(b).all(|(x, y)| x.abs_diff(*y) <= max_difference)
}

/// The fingerprint of a frame (at least 1 × 1 pixel).
pub fn fingerprint(frame: &Frame<'_>) -> Fingerprint {
    let cells = average_cells(frame);
    let luma = cells.map(crate::colour::luma);
    Fingerprint {
        hash: Hash64(hash_cells(&luma)),
        colours: colour_signature(&cells),
    }
}

/// Mean RGB of each of the frame's 32 × 32 cells, from a 4 × 4 lattice of
/// samples per cell.
fn average_cells(frame: &Frame<'_>) -> [[f32; 3]; CELLS * CELLS] {
    let (w, h) = (frame.width as usize, frame.height as usize);
    let at = |i: usize, n: usize, size: usize| ((i * 2 + 1) * size / (2 * n)).min(size - 1);
    std::array::from_fn(|i| {
        let (col, row) = (i % CELLS, i / CELLS);
        let mut sum = [0.0f32; 3];
        for ty in 0..TAPS {
            let y = at(row * TAPS + ty, CELLS * TAPS, h);
            for tx in 0..TAPS {
                let x = at(col * TAPS + tx, CELLS * TAPS, w);
                let p = &frame.rgb[(y * w + x) * 3..(y * w + x) * 3 + 3];
                for c in 0..3 {
                    sum[c] += f32::from(p[c]);
                }
            }
        }
        sum.map(|s| s / (TAPS * TAPS) as f32)
    })
}

/// Mean Y, Cb, Cr (BT.601, full range) over cells `x0..x1`, `y0..y1`.
fn region_ycbcr(cells: &[[f32; 3]; CELLS * CELLS], [x0, x1, y0, y1]: [usize; 4]) -> [u8; 3] {
    let mut sum = [0.0f32; 3];
    for y in y0..y1 {
        for cell in &cells[y * CELLS + x0..y * CELLS + x1] {
            for c in 0..3 {
                sum[c] += cell[c];
            }
        }
    }
    let mean = sum.map(|s| s / ((x1 - x0) * (y1 - y0)) as f32);
    let [r, g, b] = mean;
    [
        crate::colour::luma(mean),
        128.0 - 0.1687 * r - 0.3313 * g + 0.5 * b,
        128.0 + 0.5 * r - 0.4187 * g - 0.0813 * b,
    ]
    .map(|v| v.round().clamp(0.0, 255.0) as u8)
}

/// The colour signature: the centre (cells 13–18 × 9–15), the bottom middle
/// (10–21 × 27–31) and the top-left corner's chroma (0–3 × 0–5).
fn colour_signature(cells: &[[f32; 3]; CELLS * CELLS]) -> [u8; 8] {
    let face = region_ycbcr(cells, [13, 19, 9, 16]);
    let clothes = region_ycbcr(cells, [10, 22, 27, 32]);
    let backdrop = region_ycbcr(cells, [0, 4, 0, 6]);
    [
        face[0],
        face[1],
        face[2],
        clothes[0],
        clothes[1],
        clothes[2],
        backdrop[1],
        backdrop[2],
    ]
}

/// `COSINES[u][x] = cos((2x + 1) u π / 64)`: the DCT-II basis over 32 cells.
fn cosines() -> &'static [[f32; CELLS]; KEPT] {
    static TABLE: OnceLock<[[f32; CELLS]; KEPT]> = OnceLock::new();
    TABLE.get_or_init(|| {
        std::array::from_fn(|u| {
            std::array::from_fn(|x| ((2 * x + 1) as f32 * u as f32 * std::f32::consts::PI / (2 * CELLS) as f32).cos())
        })
    })
}

/// The 64 frequencies after DC in zig-zag order, as `(u, v)`.
fn zigzag() -> &'static [(usize, usize); 64] {
    static ORDER: OnceLock<[(usize, usize); 64]> = OnceLock::new();
    ORDER.get_or_init(|| {
        let mut all: Vec<(usize, usize)> = (0..KEPT).flat_map(|v| (0..KEPT).map(move |u| (u, v))).collect();
        // Along each anti-diagonal, alternating direction, as JPEG does.
        all.sort_by_key(|&(u, v)| (u + v, if (u + v) % 2 == 1 { v } else { u }));
        std::array::from_fn(|i| all[i + 1])
    })
}

/// The 64 bits of a 32 × 32 luma grid (see the module notes).
fn hash_cells(cells: &[f32; CELLS * CELLS]) -> u64 {
    let cos = cosines();
    // Rows first: the kept horizontal frequencies of every row…
    let mut rows = [[0.0f32; KEPT]; CELLS];
    for (y, out) in rows.iter_mut().enumerate() {
        let row = &cells[y * CELLS..(y + 1) * CELLS];
        for (u, o) in out.iter_mut().enumerate() {
            *o = row.iter().zip(&cos[u]).map(|(a, b)| a * b).sum();
        }
    }
    // …then the vertical frequency of each kept pair.
    let coefficients: [f32; 64] = zigzag().map(|(u, v)| (0..CELLS).map(|y| rows[y][u] * cos[v][y]).sum::<f32>());
    let mut sorted = coefficients;
    sorted.sort_unstable_by(f32::total_cmp);
    let median = 0.5 * (sorted[31] + sorted[32]);
    coefficients
        .iter()
        .enumerate()
        .fold(0u64, |h, (i, &c)| h | (u64::from(c > median) << i))
}

/// A 64-bit hash as records carry it: 16 hexadecimal digits (a JSON number
/// would lose bits in readers that parse numbers as doubles).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Hash64(pub u64);

impl Serialize for Hash64 {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("{:016x}", self.0))
    }
}

impl<'de> Deserialize<'de> for Hash64 {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        u64::from_str_radix(&text, 16)
            .map(Hash64)
            .map_err(|_| serde::de::Error::custom(format!("a hash is 16 hex digits, not {text:?}")))
    }
}

impl JsonSchema for Hash64 {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Hash64".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[0-9a-f]{16}$",
            "description": "a 64-bit perceptual hash, hexadecimal"
        })
    }
}

/// Bits that differ between two hashes.
pub fn distance(a: u64, b: u64) -> u32 {
    (a ^ b).count_ones()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 120 × 160 "portrait": backdrop, a face ellipse of `skin`, clothes.
    fn portrait(skin: [u8; 3], shift: f32) -> Vec<u8> {
        let mut rgb = Vec::with_capacity(120 * 160 * 3);
        for y in 0..160 {
            for x in 0..120 {
                let (u, v) = ((x as f32 - 60.0 - shift) / 25.0, (y as f32 - 65.0) / 32.0);
                let c = if u * u + v * v < 1.0 {
                    skin
                } else if y > 120 {
                    [30, 30, 40]
                } else {
                    [100, 197, 255]
                };
                rgb.extend_from_slice(&c);
            }
        }
        rgb
    }

    fn print(rgb: &[u8]) -> Fingerprint {
        fingerprint(&Frame {
            width: 120,
            height: 160,
            rgb,
        })
    }

    #[test]
    fn a_small_change_keeps_the_picture_and_another_skin_does_not() {
        let a = print(&portrait([220, 170, 140], 0.0));
        let b = print(&portrait([222, 171, 139], 1.0));
        assert!(a.same_picture(&b, 4, 8), "{a:?} {b:?}");
        let other = print(&portrait([140, 95, 70], 0.0));
        assert!(!a.same_picture(&other, 4, 8), "{a:?} {other:?}");
    }

    #[test]
    fn the_zigzag_starts_after_dc_and_has_no_repeats() {
        let z = zigzag();
        assert_eq!(&z[..5], &[(1, 0), (0, 1), (0, 2), (1, 1), (2, 0)]);
        let mut sorted = z.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), 64);
    }

    #[test]
    fn hashes_round_trip_as_hex() {
        let h = Hash64(0x00ab_cdef_0123_4567);
        let text = serde_json::to_string(&h).unwrap();
        assert_eq!(text, "\"00abcdef01234567\"");
        assert_eq!(serde_json::from_str::<Hash64>(&text).unwrap(), h);
        assert!(serde_json::from_str::<Hash64>("\"xyz\"").is_err());
    }
}

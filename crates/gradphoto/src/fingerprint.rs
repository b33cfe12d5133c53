//! A fingerprint of the picture, for finding one photo filed under two IDs
//! (`batch.duplicate-photo`).
//!
//! The frame is averaged down to grids of cells (32 × 32 over a view, 16 ×
//! 16 over a detail window), each grid through a 2-D DCT-II. Every cell is
//! the exact mean of the pixels it covers, read from a summed-area table of
//! the image (the engine passes the segmentation's box-filtered quarter of
//! the frame): JPEG noise and resampling average out, fine patterns cannot
//! alias, a photo of any size gives the same grid, and a window moved by a
//! fraction of a pixel moves its means by as little.
//!
//! Three views of the frame are taken: the whole frame, and the frame with
//! 1 % and with 2 % cut off every side — so a copy that was cropped by up
//! to 4 % (evenly) lines up with one view of its original (a copy's whole
//! frame against the original's cut view, or the other way round), and
//! everything is compared between views that line up. Each view ([`View`])
//! gives:
//!
//! - `hash`, 64 bits: the 64 lowest frequencies of the luma after the DC
//!   term (zig-zag order), 1 where a coefficient is above their median (the
//!   pHash of Zauner, 2010). Re-encoding and resizing move up to 2 of the
//!   bits on the generated sets; a 2 % crop up to 6 against its original's
//!   whole frame, 2 against the view that lines up. It is what the batch
//!   indexes;
//! - `colours`, 8 bytes: the mean luma and chroma (Y, Cb, Cr) of the view's
//!   centre, where the face is, and of its bottom middle, where the clothes
//!   are, and the chroma of its top-left corner (the backdrop). The hash
//!   sees shapes, not colours;
//! - `detail`, 16 signed bytes: the mean luma and the 15 lowest frequencies
//!   of the window of the forehead and eyes (the middle half of the view's
//!   width, 20–45 % of its height), as amplitudes, not bits. The hash is a
//!   sign pattern that the silhouette dominates: different people in one
//!   studio look, framed alike, can share it and their colours although one
//!   wears glasses or has brown hair for black; the window's amplitudes
//!   tell them apart (sums of absolute differences: different people from
//!   16 up, copies up to 7, on the generated sets).
//!
//! Views of the frame, not a crop placed by the landmarks: the face
//! detector's keypoints wobble by a few pixels between copies, which moved
//! a face crop's hash by up to 16 bits (docs/accuracy.md).

use std::sync::OnceLock;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::decode::Frame;

/// Cells per side of a view's grid.
const CELLS: usize = 32;

/// Cells per side of a detail window's grid (its 16 lowest frequencies
/// need no more).
const DETAIL_CELLS: usize = 16;

/// Frequencies computed per axis: enough for the first 64 after DC in
/// zig-zag order (diagonals 0–10).
const KEPT: usize = 11;

/// The views' cut, a fraction of the frame's width and height off every
/// side: the whole frame, then 1 % and 2 %.
pub const VIEW_CUTS: [f32; VIEWS] = [0.0, 0.01, 0.02];

/// Views per fingerprint.
pub const VIEWS: usize = 3;

/// The window of the forehead and eyes in a view, as fractions:
/// `[left, right, top, bottom]` (CHSI puts the eyes 31–47 % down).
const HEAD_WINDOW: [f32; 4] = [0.25, 0.75, 0.2, 0.45];

/// Amplitudes in a view's `detail`: the mean and 15 frequencies.
pub const DETAIL_LEN: usize = 16;

/// A photo's fingerprint: its whole frame's view, and its cut views.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Fingerprint {
    /// The 64-bit perceptual hash of the whole frame's luma.
    pub hash: Hash64,
    /// Y, Cb, Cr of the frame's centre; Y, Cb, Cr of its bottom middle; Cb,
    /// Cr of its top-left corner.
    pub colours: [u8; 8],
    /// The forehead-and-eyes window's mean luma − 128 and the 15 lowest
    /// frequencies of its 16 × 16 grid (÷ 128, clamped to ±127). Absent
    /// from records of earlier builds (read as zeros, which match no
    /// photo's).
    #[serde(default)]
    pub detail: Detail,
    /// The same three of the frame with 1 % and with 2 % cut off every
    /// side (absent from records of earlier builds: read as zeros).
    #[serde(default)]
    pub crops: [View; 2],
}

/// What one view of the frame gives: its hash, colours and head detail.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct View {
    /// The 64-bit perceptual hash of the view's luma.
    pub hash: Hash64,
    /// The colour signature of the view (regions as in
    /// [`Fingerprint::colours`]).
    pub colours: [u8; 8],
    /// The view's forehead-and-eyes amplitudes.
    pub detail: Detail,
}

/// The tolerances of "the same picture".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tolerances {
    /// Largest Hamming distance between two views' hashes.
    pub max_distance: u32,
    /// Largest difference of any chroma in the colour signatures, levels.
    pub max_colour_difference: u8,
    /// Largest difference of either luma in the colour signatures, levels.
    pub max_luma_difference: u8,
    /// Largest sum of absolute differences of the views' details.
    pub max_detail_difference: u32,
}

impl Fingerprint {
    /// The fingerprint of these views: the whole frame's, then the cut
    /// views' (the inverse of [`Fingerprint::views`]).
    pub fn from_views(whole: View, crops: [View; 2]) -> Fingerprint {
        Fingerprint {
            hash: whole.hash,
            colours: whole.colours,
            detail: whole.detail,
            crops,
        }
    }

    /// View `v`: 0 the whole frame, 1 and 2 the cut views.
    pub fn view(&self, v: usize) -> View {
        match v {
            0 => View {
                hash: self.hash,
                colours: self.colours,
                detail: self.detail,
            },
            v => self.crops[v - 1],
        }
    }

    /// Every view, whole frame first.
    pub fn views(&self) -> [View; VIEWS] {
        std::array::from_fn(|v| self.view(v))
    }

    /// Whether two fingerprints show the same picture, and if so the
    /// distance between their hashes in the views that line up best (the
    /// whole frame of one against any view of the other:
    /// [`View::matches`]).
    pub fn same_picture(&self, other: &Fingerprint, limits: &Tolerances) -> Option<u32> {
        ALIGNMENTS
            .iter()
            .filter_map(|&(a, b)| self.view(a).matches(&other.view(b), limits))
            .min()
    }
}

impl View {
    /// The distance between two views' hashes, when it is within
    /// `max_distance`, their details within
    /// `max_detail_difference` and their colours agree
    /// ([`colours_agree`]).
    pub fn matches(&self, other: &View, limits: &Tolerances) -> Option<u32> {
        let d = distance(self.hash.0, other.hash.0);
        (d <= limits.max_distance
            && self.detail.difference(&other.detail) <= limits.max_detail_difference
            && colours_agree(&self.colours, &other.colours, limits))
        .then_some(d)
    }
}

/// The pairs of views compared: the whole frames, and the whole frame of
/// either against a cut view of the other (a cut view against a cut view
/// lines up no better than the whole frames do).
pub const ALIGNMENTS: [(usize, usize); 5] = [(0, 0), (0, 1), (1, 0), (0, 2), (2, 0)];

/// Whether two colour signatures agree: the chroma (bytes 1, 2, 4, 5, 6,
/// 7) within `max_colour_difference` levels, the luma (bytes 0 and 3)
/// within `max_luma_difference`.
pub fn colours_agree(a: &[u8; 8], b: &[u8; 8], limits: &Tolerances) -> bool {
    a.iter().zip(b).enumerate().all(|(k, (x, y))| {
        x.abs_diff(*y)
            <= if k == 0 || k == 3 {
                limits.max_luma_difference
            } else {
                limits.max_colour_difference
            }
    })
}

/// The fingerprint of an image (at least 1 × 1 pixel): the frame, or its
/// reduction by a box filter (the engine passes the segmentation's
/// quarter, `Segmentation::rgb`: a sixteenth of the pixels to sum). The
/// views are fractions of the image, so a frame and its reduction give
/// nearly the same fingerprint.
pub fn fingerprint(image: &Frame<'_>) -> Fingerprint {
    fingerprint_with(image, &mut Vec::new())
}

/// [`fingerprint`] with a buffer for the image's summed-area table, kept
/// between photos.
pub fn fingerprint_with(image: &Frame<'_>, table: &mut Vec<u64>) -> Fingerprint {
    let sums = Integral::new(image, table);
    let (w, h) = (image.width as f32, image.height as f32);
    let [whole, cut1, cut2] = VIEW_CUTS.map(|cut| {
        let view = [cut * w, (1.0 - cut) * w, cut * h, (1.0 - cut) * h];
        let cells = sums.cells(view, CELLS);
        let [l, r, t, b] = HEAD_WINDOW;
        let (vw, vh) = (view[1] - view[0], view[3] - view[2]);
        let head = [view[0] + l * vw, view[0] + r * vw, view[2] + t * vh, view[2] + b * vh];
        let head_cells = sums.cells(head, DETAIL_CELLS);
        View {
            hash: Hash64(hash_cells(&cells.map(crate::colour::luma))),
            colours: colour_signature(&cells),
            detail: detail_of(&head_cells.map(crate::colour::luma)),
        }
    });
    Fingerprint::from_views(whole, [cut1, cut2])
}

/// An image's summed-area table: entry `(x, y)` (0 ≤ x ≤ w, 0 ≤ y ≤ h) holds
/// the sums of R, G and B over the pixels left of column `x` and above row
/// `y`. Between grid points the area under the image, a constant over each
/// pixel, is bilinear: so a cell of any fractional bounds gets its exact
/// mean, and a window moved by a fraction of a pixel moves its cells' means
/// by as little.
struct Integral<'a> {
    width: usize,
    height: usize,
    table: &'a [u64],
}

impl<'a> Integral<'a> {
    fn new(image: &Frame<'_>, table: &'a mut Vec<u64>) -> Integral<'a> {
        let (w, h) = (image.width as usize, image.height as usize);
        let stride = (w + 1) * 3;
        // Every entry is written below but the first row and column: no
        // need to clear the rest.
        table.resize(stride * (h + 1), 0);
        table[..stride].fill(0);
        for y in 1..=h {
            table[y * stride..y * stride + 3].fill(0);
        }
        for (y, row) in image.rgb.chunks_exact(w * 3).take(h).enumerate() {
            let (above, below) = table[y * stride..(y + 2) * stride].split_at_mut(stride);
            let mut run = [0u64; 3];
            for ((b, a), p) in below[3..]
                .chunks_exact_mut(3)
                .zip(above[3..].chunks_exact(3))
                .zip(row.chunks_exact(3))
            {
                for c in 0..3 {
                    run[c] += u64::from(p[c]);
                    b[c] = a[c] + run[c];
                }
            }
        }
        Integral {
            width: w,
            height: h,
            table,
        }
    }

    /// Where a fractional coordinate falls along an axis of `size` pixels:
    /// the grid point at or before it and the fraction of the way to the
    /// next (clamped to the image).
    fn locate(v: f32, size: usize) -> (usize, f32) {
        let v = v.clamp(0.0, size as f32);
        let i = (v as usize).min(size - 1);
        (i, v - i as f32)
    }

    /// Mean RGB of each of the `n` × `n` cells (`n` ≤ 32, row-major in the
    /// first `n²` entries) of the window `[x0, x1, y0, y1]` (pixels,
    /// fractional).
    fn cells(&self, [x0, x1, y0, y1]: [f32; 4], n: usize) -> [[f32; 3]; CELLS * CELLS] {
        let xs: [(usize, f32); CELLS + 1] =
            std::array::from_fn(|i| Self::locate(x0 + i as f32 * (x1 - x0) / n as f32, self.width));
        let ys: [(usize, f32); CELLS + 1] =
            std::array::from_fn(|i| Self::locate(y0 + i as f32 * (y1 - y0) / n as f32, self.height));
        let stride = (self.width + 1) * 3;
        // The sums at a row of the grid's corners: the table's bilinear
        // interpolation. In single precision: its relative error, about
        // 2⁻²⁴ of the whole image's sum, is 2⁻¹⁴ of a cell's at most.
        let corners = |(y, fy): (usize, f32), out: &mut [[f32; 3]; CELLS + 1]| {
            let (top, bottom) = (&self.table[y * stride..], &self.table[(y + 1) * stride..]);
            for (o, &(x, fx)) in out.iter_mut().zip(&xs[..=n]) {
                let k = x * 3;
                let (t0, t1, b0, b1) = (
                    &top[k..k + 3],
                    &top[k + 3..k + 6],
                    &bottom[k..k + 3],
                    &bottom[k + 3..k + 6],
                );
                for c in 0..3 {
                    let t = t0[c] as f32 + (t1[c] - t0[c]) as f32 * fx;
                    let b = b0[c] as f32 + (b1[c] - b0[c]) as f32 * fx;
                    o[c] = t + (b - t) * fy;
                }
            }
        };
        let mut above = [[0.0f32; 3]; CELLS + 1];
        let mut below = [[0.0f32; 3]; CELLS + 1];
        corners(ys[0], &mut above);
        let area = ((x1 - x0) * (y1 - y0) / (n * n) as f32).max(f32::MIN_POSITIVE);
        let mut out = [[0.0f32; 3]; CELLS * CELLS];
        for row in 0..n {
            corners(ys[row + 1], &mut below);
            for (col, cell) in out[row * n..(row + 1) * n].iter_mut().enumerate() {
                *cell = std::array::from_fn(|c| {
                    (below[col + 1][c] - below[col][c] - above[col + 1][c] + above[col][c]) / area
                });
            }
            std::mem::swap(&mut above, &mut below);
        }
        out
    }
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

/// `cos((2x + 1) u π / 2n)`, the DCT-II basis over `n` cells (32 or 16;
/// the first `n` entries of each row).
fn cosines(n: usize) -> &'static [[f32; CELLS]; KEPT] {
    static TABLES: [OnceLock<[[f32; CELLS]; KEPT]>; 2] = [OnceLock::new(), OnceLock::new()];
    TABLES[usize::from(n == DETAIL_CELLS)].get_or_init(|| {
        std::array::from_fn(|u| {
            std::array::from_fn(|x| ((2 * x + 1) as f32 * u as f32 * std::f32::consts::PI / (2 * n) as f32).cos())
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

/// The DC term and the first `k` frequencies after it (zig-zag order, `k`
/// ≤ 64) of an `n` × `n` grid's DCT-II (unnormalised: the DC term is the
/// grid's sum), the grid row-major in the first `n²` entries of `cells`.
fn low_frequencies<const K: usize>(cells: &[f32; CELLS * CELLS], n: usize) -> (f32, [f32; K]) {
    let cos = cosines(n);
    let order = &zigzag()[..K];
    // Frequencies needed along each axis.
    let kept = order.iter().map(|&(u, v)| u.max(v) + 1).max().unwrap_or(1);
    // Rows first: the kept horizontal frequencies of every row…
    let mut rows = [[0.0f32; KEPT]; CELLS];
    for (y, out) in rows.iter_mut().take(n).enumerate() {
        let row = &cells[y * n..(y + 1) * n];
        for (u, o) in out.iter_mut().take(kept).enumerate() {
            *o = row.iter().zip(&cos[u]).map(|(a, b)| a * b).sum();
        }
    }
    // …then the vertical frequency of each kept pair.
    let dc = rows[..n].iter().map(|r| r[0]).sum();
    (
        dc,
        std::array::from_fn(|k| {
            let (u, v) = order[k];
            (0..n).map(|y| rows[y][u] * cos[v][y]).sum::<f32>()
        }),
    )
}

/// The 64 bits of a 32 × 32 luma grid (see the module notes).
fn hash_cells(cells: &[f32; CELLS * CELLS]) -> u64 {
    let (_, coefficients) = low_frequencies::<64>(cells, CELLS);
    let mut sorted = coefficients;
    sorted.sort_unstable_by(f32::total_cmp);
    let median = 0.5 * (sorted[31] + sorted[32]);
    coefficients
        .iter()
        .enumerate()
        .fold(0u64, |h, (i, &c)| h | (u64::from(c > median) << i))
}

/// The detail of a 16 × 16 forehead-and-eyes luma grid (see
/// [`Fingerprint::detail`]): its mean − 128, then its 15 lowest frequencies
/// ÷ 128 (as the same frequencies of a 32 × 32 grid ÷ 512).
fn detail_of(cells: &[f32; CELLS * CELLS]) -> Detail {
    let (dc, coefficients) = low_frequencies::<{ DETAIL_LEN - 1 }>(cells, DETAIL_CELLS);
    let level = |x: f32| x.round().clamp(-128.0, 127.0) as i8;
    Detail(std::array::from_fn(|k| match k {
        0 => level(dc / (DETAIL_CELLS * DETAIL_CELLS) as f32 - 128.0),
        k => level(coefficients[k - 1] / 128.0),
    }))
}

/// A view's detail: its forehead-and-eyes window's mean luma − 128, then
/// 15 frequencies ÷ 128 (16 × 16 grid); records carry them as 32
/// hexadecimal digits (two's complement bytes).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Detail(pub [i8; DETAIL_LEN]);

impl Detail {
    /// The sum of absolute differences.
    pub fn difference(&self, other: &Detail) -> u32 {
        self.0
            .iter()
            .zip(&other.0)
            .map(|(a, b)| u32::from(a.abs_diff(*b)))
            .sum()
    }
}

impl Serialize for Detail {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0.iter().map(|&b| format!("{:02x}", b as u8)).collect::<String>())
    }
}

impl<'de> Deserialize<'de> for Detail {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        let bad = || serde::de::Error::custom(format!("a head detail is 32 hex digits, not {text:?}"));
        if text.len() != 2 * DETAIL_LEN || !text.is_ascii() {
            return Err(bad());
        }
        let mut out = [0i8; DETAIL_LEN];
        for (k, o) in out.iter_mut().enumerate() {
            *o = u8::from_str_radix(&text[2 * k..2 * k + 2], 16).map_err(|_| bad())? as i8;
        }
        Ok(Detail(out))
    }
}

impl JsonSchema for Detail {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Detail".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        hex_schema(
            2 * DETAIL_LEN,
            "16 signed bytes, hexadecimal: a forehead-and-eyes window's mean luma − 128 and 15 DCT amplitudes ÷ 128 of its 16 × 16 grid",
        )
    }
}

/// A 64-bit hash as records carry it: 16 hexadecimal digits (a JSON number
/// would lose bits in readers that parse numbers as doubles).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
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
        hex_schema(16, "a 64-bit perceptual hash, hexadecimal")
    }
}

/// The schema of a string of `digits` lower-case hexadecimal digits.
fn hex_schema(digits: usize, description: &str) -> schemars::Schema {
    schemars::json_schema!({
        "type": "string",
        "pattern": format!("^[0-9a-f]{{{digits}}}$"),
        "description": description
    })
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

    const LIMITS: Tolerances = Tolerances {
        max_distance: 4,
        max_colour_difference: 8,
        max_luma_difference: 8,
        max_detail_difference: 12,
    };

    #[test]
    fn a_small_change_keeps_the_picture_and_another_skin_does_not() {
        let a = print(&portrait([220, 170, 140], 0.0));
        let b = print(&portrait([222, 171, 139], 1.0));
        assert!(a.same_picture(&b, &LIMITS).is_some(), "{a:?} {b:?}");
        let other = print(&portrait([140, 95, 70], 0.0));
        assert!(a.same_picture(&other, &LIMITS).is_none(), "{a:?} {other:?}");
    }

    #[test]
    fn a_cropped_copy_lines_up_with_a_cut_view_of_its_original() {
        // A 240 × 320 portrait and its copy with 2 % cut off every side.
        let (w, h) = (240usize, 320usize);
        let mut rgb = Vec::with_capacity(w * h * 3);
        for y in 0..h {
            for x in 0..w {
                let (u, v) = ((x as f32 - 120.0) / 50.0, (y as f32 - 130.0) / 64.0);
                let stripe = ((x / 7 + y / 11) % 2) as u8 * 40;
                rgb.extend_from_slice(&if u * u + v * v < 1.0 {
                    [200 - stripe, 150, 120]
                } else if y > 240 {
                    [30 + stripe, 30, 40]
                } else {
                    [100, 197, 255]
                });
            }
        }
        let (dx, dy) = (w / 50, h / 50);
        let cropped: Vec<u8> = (dy..h - dy)
            .flat_map(|y| rgb[(y * w + dx) * 3..(y * w + w - dx) * 3].iter().copied())
            .collect();
        let whole = fingerprint(&Frame {
            width: w as u32,
            height: h as u32,
            rgb: &rgb,
        });
        let copy = fingerprint(&Frame {
            width: (w - 2 * dx) as u32,
            height: (h - 2 * dy) as u32,
            rgb: &cropped,
        });
        let aligned = copy.view(0).matches(&whole.view(2), &LIMITS);
        let unaligned = distance(copy.hash.0, whole.hash.0);
        assert!(
            aligned.is_some_and(|d| d <= 4 && d < unaligned),
            "{aligned:?} {unaligned}"
        );
        assert!(copy.detail.difference(&whole.crops[1].detail) <= 2);
        assert!(copy.same_picture(&whole, &LIMITS).is_some());
    }

    #[test]
    fn tiny_images_have_fingerprints() {
        for (w, h) in [(1u32, 1u32), (3, 2), (2, 5)] {
            let rgb = vec![120u8; (w * h * 3) as usize];
            let p = fingerprint(&Frame {
                width: w,
                height: h,
                rgb: &rgb,
            });
            // A flat grey: every mean 120, no frequency.
            assert_eq!(p.colours, [120, 128, 128, 120, 128, 128, 128, 128], "{w}×{h}");
            assert_eq!(p.crops[1].detail.0[0], -8, "{w}×{h}");
            assert!(p.detail.0[1..].iter().all(|&a| a == 0), "{w}×{h}: {p:?}");
        }
    }

    #[test]
    fn details_round_trip_as_hex() {
        let d = Detail(std::array::from_fn(|k| (k as i16 * 13 - 100) as i8));
        let text = serde_json::to_string(&d).unwrap();
        assert_eq!(text.len(), 34);
        assert_eq!(serde_json::from_str::<Detail>(&text).unwrap(), d);
        assert!(serde_json::from_str::<Detail>("\"00\"").is_err());
        assert_eq!(Detail([1; 16]).difference(&Detail([-1; 16])), 32);
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

//! Stage 2: background segmentation.
//!
//! The frame is reduced to a quarter of its size (box filter, fast_image_resize),
//! converted to L\*a\*b\* through a lookup table, and the background is modelled
//! from the image border — the top band and the upper parts of the side bands,
//! where the torso does not reach — as a plane per channel (a + b·x + c·y), fitted
//! by least squares twice, the second time without the samples that stray from
//! the first fit (hair touching the top edge, a shoulder touching a side). The
//! first fit is the better of the fit over all three bands and the fits over
//! each pair of them (someone behind the graduate can fill a whole side band).
//! A plane absorbs lighting gradients and vignetting.
//!
//! A pixel is background when its distance to the model is small, lightness
//! counting half (so that a shadow on the backdrop stays backdrop), and it is
//! connected to the border through such pixels (flood fill). What is left
//! falls into connected components: the largest is the person, the other
//! sizeable ones are objects in the background. Someone behind the graduate
//! joins the person's component; [`Segmentation::beside_head`] finds them
//! against the face.
//!
//! Guarantees: `mask` has `width × height` entries (`BACKGROUND`, `PERSON` or
//! `OBJECT`); every region is in full-resolution pixels; the background
//! statistics come from border samples that fit the model.

use std::collections::VecDeque;

use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::colour::{delta_e_shade, delta_e_shade_squared, lab_fast};
use crate::decode::Frame;
use crate::verdict::Region;

mod beside;
mod hood;
mod pattern;
mod shadow;
mod torso;

pub use beside::Beside;
pub use hood::{Hood, LINING_SHADE, Lining, Sides};
pub use pattern::Pattern;
pub use shadow::Shadow;
pub use torso::{Torso, colour_name};

/// Mask value of a background pixel.
pub const BACKGROUND: u8 = 0;
/// Mask value of a person pixel.
pub const PERSON: u8 = 1;
/// Mask value of a pixel of a stray object.
pub const OBJECT: u8 = 2;

/// How far the frame is reduced before segmenting.
pub const FACTOR: u32 = 4;

/// The fitted background.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct BackgroundModel {
    /// The background colour at the frame's centre, sRGB.
    pub rgb: [u8; 3],
    /// The same in L\*a\*b\*.
    pub lab: [f32; 3],
    /// Lightness change across the frame, top to bottom (ΔL\*).
    pub gradient_vertical: f32,
    /// Lightness change across the frame, left to right (ΔL\*).
    pub gradient_horizontal: f32,
    /// Median distance of the border samples from the model (ΔE).
    pub spread: f32,
    /// Border samples that fit the model, out of all taken.
    pub samples_used: u32,
    /// Border samples taken.
    pub samples: u32,
}

/// The output of segmentation.
#[derive(Clone, Debug, PartialEq)]
pub struct Segmentation {
    /// Width of the mask.
    pub width: u32,
    /// Height of the mask.
    pub height: u32,
    /// Frame pixels per mask pixel, each way.
    pub factor: u32,
    /// One entry per mask pixel: [`BACKGROUND`], [`PERSON`] or [`OBJECT`].
    pub mask: Vec<u8>,
    /// The reduced image, L\*a\*b\*, one entry per mask pixel.
    pub lab: Vec<[f32; 3]>,
    /// The reduced image, sRGB, one entry per mask pixel.
    pub rgb: Vec<[u8; 3]>,
    /// The background model.
    pub background: BackgroundModel,
    /// The person's bounding box (full resolution); `None` if no person.
    pub person: Option<Region>,
    /// Share of the frame the person covers.
    pub person_share: f32,
    /// Stray objects in the background (full resolution boxes) and their share of the frame.
    pub objects: Vec<(Region, f32)>,
    /// The background plane per L\*a\*b\* channel: `v = p[c][0] + p[c][1]·x + p[c][2]·y`,
    /// x and y from 0 to 1 across the frame.
    pub plane: [[f32; 3]; 3],
    /// The shoulder line, a row of the mask: see `shoulder_row`. `None`
    /// when the bottom row is not such a row.
    pub shoulders: Option<usize>,
}

impl Segmentation {
    /// The reduced image (one pixel per mask cell, box-filtered) as a frame.
    pub fn reduced(&self) -> Frame<'_> {
        Frame {
            width: self.width,
            height: self.height,
            rgb: self.rgb.as_flattened(),
        }
    }

    /// A box of mask pixels, corners inclusive, in full-resolution pixels.
    pub(crate) fn region(&self, [x0, y0, x1, y1]: [usize; 4]) -> Region {
        let f = self.factor;
        Region {
            x: x0 as u32 * f,
            y: y0 as u32 * f,
            width: (x1 + 1 - x0) as u32 * f,
            height: (y1 + 1 - y0) as u32 * f,
        }
    }
}

/// Per-thread buffers of segmentation. Hand a finished [`Segmentation`]
/// back with [`SegmentScratch::recycle`], and the next photo reuses its
/// planes instead of allocating them.
#[derive(Default)]
pub struct SegmentScratch {
    resizer: Resizer,
    small: Option<Image<'static>>,
    queue: VecDeque<u32>,
    mask: Vec<u8>,
    lab: Vec<[f32; 3]>,
    rgb: Vec<[u8; 3]>,
}

impl SegmentScratch {
    /// Keep a segmentation's planes for the next photo.
    pub fn recycle(&mut self, seg: Segmentation) {
        (self.mask, self.lab, self.rgb) = (seg.mask, seg.lab, seg.rgb);
    }
}

impl std::fmt::Debug for SegmentScratch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SegmentScratch").finish_non_exhaustive()
    }
}

/// Why segmentation failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SegmentError {
    /// The frame is too small to segment.
    #[error("the image is too small to analyse ({0}×{1})")]
    TooSmall(u32, u32),
    /// The resizer refused the frame.
    #[error("cannot reduce the image: {0}")]
    Resize(String),
}

/// How far (ΔE, lightness counting half) a border sample may lie from a
/// candidate plane and still vote for it.
const VOTE_DISTANCE: f32 = 6.0;

/// Share of the border samples a fit over two bands must win over the fit
/// over all three to replace it.
const SUBSET_GAIN: f32 = 0.1;

/// The first background plane: least squares over the whole border, and
/// over each pair of its three bands (top, left, right), the one most
/// border samples lie near. Something that fills much of one band — a
/// second person behind the graduate, a shoulder, a door frame — pulls a
/// fit over all three bands askew (and the trimmed refit cannot undo
/// that), but leaves the other two bands' fit alone.
fn first_plane(samples: &[(f32, f32, [f32; 3])], top: f32) -> [[f32; 3]; 3] {
    let band = |&(x, y, _): &(f32, f32, [f32; 3])| match (y < top, x < 0.5) {
        (true, _) => 0,
        (false, true) => 1,
        (false, false) => 2,
    };
    let votes = |plane: &[[f32; 3]; 3]| {
        let limit = VOTE_DISTANCE * VOTE_DISTANCE;
        samples
            .iter()
            .filter(|&&(x, y, v)| delta_e_shade_squared(v, eval_plane(plane, x, y)) <= limit)
            .count()
    };
    let flat = [[50.0, 0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]];
    let all = fit_plane(samples).unwrap_or(flat);
    // A band is left out only for a clear gain: a gradient or vignette the
    // plane cannot follow exactly costs all three bands a few votes alike.
    let margin = (SUBSET_GAIN * samples.len() as f32) as usize;
    let mut best = (all, votes(&all) + margin);
    if best.1 > samples.len() {
        // No fit can win by the margin.
        return all;
    }
    let mut subset = Vec::with_capacity(samples.len());
    for left_out in 0..3 {
        subset.clear();
        subset.extend(samples.iter().filter(|s| band(s) != left_out));
        let Some(plane) = fit_plane(&subset) else { continue };
        let n = votes(&plane);
        if n > best.1 {
            best = (plane, n);
        }
    }
    best.0
}

/// Least-squares plane v = a + b·x + c·y per channel over the samples.
fn fit_plane(samples: &[(f32, f32, [f32; 3])]) -> Option<[[f32; 3]; 3]> {
    let mut m = [[0f64; 3]; 3];
    let mut r = [[0f64; 3]; 3];
    for &(x, y, v) in samples {
        let basis = [1.0, f64::from(x), f64::from(y)];
        for i in 0..3 {
            for j in 0..3 {
                m[i][j] += basis[i] * basis[j];
            }
            for (c, &vc) in v.iter().enumerate() {
                r[c][i] += basis[i] * f64::from(vc);
            }
        }
    }
    let det = |m: &[[f64; 3]; 3]| {
        m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
            + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
    };
    let d = det(&m);
    if d.abs() < 1e-9 {
        return None;
    }
    // Cramer's rule for each channel.
    let mut out = [[0f32; 3]; 3];
    for c in 0..3 {
        for k in 0..3 {
            let mut mk = m;
            for i in 0..3 {
                mk[i][k] = r[c][i];
            }
            out[c][k] = (det(&mk) / d) as f32;
        }
    }
    Some(out)
}

/// `test(pixel, model)` for every pixel of `lab` (rows of `w`) against the
/// background plane at its place, in one pass: along a row the model changes
/// by a constant step, so it is added, not evaluated.
pub(crate) fn against_plane(
    lab: &[[f32; 3]],
    w: usize,
    plane: &[[f32; 3]; 3],
    test: impl Fn([f32; 3], [f32; 3]) -> bool,
) -> Vec<bool> {
    let h = lab.len() / w;
    let step = [plane[0][1] / w as f32, plane[1][1] / w as f32, plane[2][1] / w as f32];
    let mut out = vec![false; lab.len()];
    for ((j, row), flags) in lab.chunks_exact(w).enumerate().zip(out.chunks_exact_mut(w)) {
        let [mut m0, mut m1, mut m2] = eval_plane(plane, 0.5 / w as f32, (j as f32 + 0.5) / h as f32);
        for (&p, flag) in row.iter().zip(flags) {
            *flag = test(p, [m0, m1, m2]);
            (m0, m1, m2) = (m0 + step[0], m1 + step[1], m2 + step[2]);
        }
    }
    out
}

pub(crate) fn eval_plane(p: &[[f32; 3]; 3], x: f32, y: f32) -> [f32; 3] {
    [
        p[0][0] + p[0][1] * x + p[0][2] * y,
        p[1][0] + p[1][1] * x + p[1][2] * y,
        p[2][0] + p[2][1] * x + p[2][2] * y,
    ]
}

fn median(values: &mut [f32]) -> f32 {
    if values.is_empty() {
        return 0.0;
    }
    let mid = values.len() / 2;
    *values.select_nth_unstable_by(mid, f32::total_cmp).1
}

/// Segment a frame.
///
/// # Errors
/// A frame smaller than 32 × 32 pixels, or a resizer failure.
pub fn run(frame: &Frame<'_>, scratch: &mut SegmentScratch) -> Result<Segmentation, SegmentError> {
    if frame.width < 32 || frame.height < 32 {
        return Err(SegmentError::TooSmall(frame.width, frame.height));
    }
    let (w, h) = (frame.width.div_ceil(FACTOR), frame.height.div_ceil(FACTOR));
    let src = ImageRef::new(frame.width, frame.height, frame.rgb, PixelType::U8x3)
        .map_err(|e| SegmentError::Resize(e.to_string()))?;
    let small = match &mut scratch.small {
        Some(img) if img.width() == w && img.height() == h => img,
        slot => slot.insert(Image::new(w, h, PixelType::U8x3)),
    };
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Box));
    scratch
        .resizer
        .resize(&src, small, &options)
        .map_err(|e| SegmentError::Resize(e.to_string()))?;
    let mut rgb = std::mem::take(&mut scratch.rgb);
    rgb.clear();
    rgb.extend(small.buffer().chunks_exact(3).map(|p| [p[0], p[1], p[2]]));
    let mut lab = std::mem::take(&mut scratch.lab);
    lab.clear();
    lab.extend(rgb.iter().map(|&p| lab_fast(p)));
    let (wu, hu) = (w as usize, h as usize);
    let norm = |i: usize, j: usize| ((i as f32 + 0.5) / w as f32, (j as f32 + 0.5) / h as f32);

    // Border samples: the top band, the upper 60 % of the side bands.
    let band = 3usize;
    let mut samples = Vec::with_capacity(wu * band + 2 * band * hu);
    for j in 0..band.min(hu) {
        for i in 0..wu {
            let (x, y) = norm(i, j);
            samples.push((x, y, lab[j * wu + i]));
        }
    }
    for j in band..(hu * 6 / 10) {
        for i in (0..band).chain(wu - band..wu) {
            let (x, y) = norm(i, j);
            samples.push((x, y, lab[j * wu + i]));
        }
    }
    let total = samples.len() as u32;
    let mut plane = first_plane(&samples, band as f32 / h as f32);
    let mut residuals: Vec<f32> = samples
        .iter()
        .map(|&(x, y, v)| delta_e_shade(v, eval_plane(&plane, x, y)))
        .collect();
    let mad = median(&mut residuals.clone());
    let cut = (3.0 * mad).max(4.0);
    let inliers: Vec<_> = samples
        .iter()
        .zip(&residuals)
        .filter(|(_, r)| **r <= cut)
        .map(|(s, _)| *s)
        .collect();
    if inliers.len() >= 16 {
        if let Some(p) = fit_plane(&inliers) {
            plane = p;
        }
    }
    residuals.clear();
    residuals.extend(
        inliers
            .iter()
            .map(|&(x, y, v)| delta_e_shade(v, eval_plane(&plane, x, y))),
    );
    let spread = median(&mut residuals);

    // Flood fill of background from the border.
    let threshold = (3.5 * spread).clamp(8.0, 16.0);
    let mut mask = std::mem::take(&mut scratch.mask);
    mask.clear();
    mask.resize(wu * hu, PERSON);
    // Which pixels are near the model, in one pass over the plane (the model
    // changes by a constant step along a row; squared distances, no roots).
    let limit = threshold * threshold;
    let near = against_plane(&lab, wu, &plane, |p, m| delta_e_shade_squared(p, m) < limit);
    let is_bg = |k: usize| near[k];
    let queue = &mut scratch.queue;
    queue.clear();
    let border = (0..wu)
        .flat_map(|i| [i, (hu - 1) * wu + i])
        .chain((0..hu).flat_map(|j| [j * wu, j * wu + wu - 1]));
    for k in border {
        if mask[k] == PERSON && is_bg(k) {
            mask[k] = BACKGROUND;
            queue.push_back(k as u32);
        }
    }
    while let Some(k) = queue.pop_front() {
        let k = k as usize;
        let (i, j) = (k % wu, k / wu);
        let mut visit = |n: usize| {
            if mask[n] == PERSON && is_bg(n) {
                mask[n] = BACKGROUND;
                queue.push_back(n as u32);
            }
        };
        if i > 0 {
            visit(k - 1);
        }
        if i + 1 < wu {
            visit(k + 1);
        }
        if j > 0 {
            visit(k - wu);
        }
        if j + 1 < hu {
            visit(k + wu);
        }
    }

    // Components of what is left: the largest is the person.
    let components = label_components(&mut mask, wu, hu, queue);
    let largest = components
        .iter()
        .enumerate()
        .max_by_key(|(_, c)| c.area)
        .map(|(i, _)| i);
    let frame_area = (wu * hu) as f32;
    let to_region = |b: [usize; 4]| Region {
        x: b[0] as u32 * FACTOR,
        y: b[1] as u32 * FACTOR,
        width: ((b[2] - b[0] + 1) as u32 * FACTOR).min(frame.width - b[0] as u32 * FACTOR),
        height: ((b[3] - b[1] + 1) as u32 * FACTOR).min(frame.height - b[1] as u32 * FACTOR),
    };
    // Pieces of the person that clothing close to the background cut off
    // (a head above a white collar, shaded folds of a sky-blue shirt) touch
    // the bottom edge or sit in the middle of the frame; what does neither is
    // an object in the background.
    let belongs_to_person = |c: &Component| {
        let centre = (c.bbox[0] + c.bbox[2]) as f32 * 0.5 / wu as f32;
        c.bbox[3] + 1 == hu || (centre - 0.5).abs() < 0.22
    };
    let mut objects = Vec::new();
    let (mut person_box, mut person_area) = (None::<[usize; 4]>, 0usize);
    for (index, c) in components.iter().enumerate() {
        let label = if Some(index) == largest || belongs_to_person(c) {
            PERSON
        } else {
            OBJECT
        };
        for &k in &c.pixels {
            mask[k as usize] = label;
        }
        if label == PERSON {
            person_area += c.area;
            person_box = Some(person_box.map_or(c.bbox, |b| {
                [
                    b[0].min(c.bbox[0]),
                    b[1].min(c.bbox[1]),
                    b[2].max(c.bbox[2]),
                    b[3].max(c.bbox[3]),
                ]
            }));
        } else if c.area as f32 / frame_area >= 0.002 {
            objects.push((to_region(c.bbox), c.area as f32 / frame_area));
        }
    }
    let person = person_box.map(to_region);
    let person_share = person_area as f32 / frame_area;

    let shoulders = shoulder_row(&mask, wu);
    let centre = eval_plane(&plane, 0.5, 0.5);
    let background = BackgroundModel {
        rgb: crate::colour::lab_to_srgb(centre),
        lab: centre,
        gradient_vertical: plane[0][2],
        gradient_horizontal: plane[0][1],
        spread,
        samples_used: inliers.len() as u32,
        samples: total,
    };
    Ok(Segmentation {
        width: w,
        height: h,
        factor: FACTOR,
        mask,
        lab,
        rgb,
        background,
        person,
        person_share,
        objects,
        plane,
        shoulders,
    })
}

/// The shoulder line (reduced image): the first row of the run of rows,
/// down to the bottom edge, where the person covers at least 60 % of the
/// width, and at least 90 % of what it covers in the bottom row. A wide
/// head (a hood, big hair) over a narrower neck, or a hood that hangs down
/// to the shoulders, is not the shoulders. `None` when the bottom row is
/// not such a row.
fn shoulder_row(mask: &[u8], w: usize) -> Option<usize> {
    let widths: Vec<usize> = mask
        .chunks_exact(w)
        .map(|row| row.iter().filter(|&&m| m == PERSON).count())
        .collect();
    let bottom = *widths.last()?;
    let run = widths.iter().rev().take_while(|&&n| n * 10 >= w * 6).count();
    let start = widths.len() - run;
    (start..widths.len()).find(|&j| widths[j] * 10 >= bottom * 9)
}

struct Component {
    area: usize,
    bbox: [usize; 4],
    pixels: Vec<u32>,
}

/// 4-connected components of the non-background pixels.
fn label_components(mask: &mut [u8], w: usize, h: usize, queue: &mut VecDeque<u32>) -> Vec<Component> {
    const SEEN: u8 = 255;
    let mut out = Vec::new();
    for start in 0..mask.len() {
        if mask[start] != PERSON {
            continue;
        }
        mask[start] = SEEN;
        queue.clear();
        queue.push_back(start as u32);
        let mut c = Component {
            area: 0,
            bbox: [usize::MAX, usize::MAX, 0, 0],
            pixels: Vec::new(),
        };
        while let Some(k) = queue.pop_front() {
            let k = k as usize;
            let (i, j) = (k % w, k / w);
            c.area += 1;
            c.pixels.push(k as u32);
            c.bbox = [c.bbox[0].min(i), c.bbox[1].min(j), c.bbox[2].max(i), c.bbox[3].max(j)];
            for (ok, n) in [
                (i > 0, k.wrapping_sub(1)),
                (i + 1 < w, k + 1),
                (j > 0, k.wrapping_sub(w)),
                (j + 1 < h, k + w),
            ] {
                if ok && mask[n] == PERSON {
                    mask[n] = SEEN;
                    queue.push_back(n as u32);
                }
            }
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame_with(w: u32, h: u32, paint: impl Fn(u32, u32) -> [u8; 3]) -> Vec<u8> {
        let mut out = Vec::with_capacity((w * h * 3) as usize);
        for y in 0..h {
            for x in 0..w {
                out.extend(paint(x, y));
            }
        }
        out
    }

    #[test]
    fn finds_a_figure_on_a_graded_backdrop_and_a_stray_object() {
        let (w, h) = (480, 640);
        let rgb = frame_with(w, h, |x, y| {
            let (dx, dy) = (x as f32 - 240.0, y as f32 - 300.0);
            if (dx / 100.0).powi(2) + (dy / 130.0).powi(2) < 1.0 || y > 420 && (x as f32 - 240.0).abs() < 200.0 {
                [40, 40, 50]
            } else if (20..60).contains(&x) && (40..120).contains(&y) {
                [200, 60, 40]
            } else {
                // A gentle vertical gradient on CHSI blue.
                let k = 1.0 - 0.05 * (y as f32 / 640.0 - 0.5);
                [(100.0 * k) as u8, (197.0 * k) as u8, (255.0f32 * k).min(255.0) as u8]
            }
        });
        let frame = Frame {
            width: w,
            height: h,
            rgb: &rgb,
        };
        let seg = run(&frame, &mut SegmentScratch::default()).unwrap();
        assert_eq!((seg.width, seg.height), (120, 160));
        let bg = seg.background.rgb;
        assert!(crate::colour::delta_e(bg, [100, 197, 255]) < 4.0, "{bg:?}");
        let p = seg.person.unwrap();
        assert!((36..=44).contains(&p.x) && (160..=180).contains(&p.y), "{p:?}");
        assert_eq!(seg.objects.len(), 1, "{:?}", seg.objects);
        let (o, _) = seg.objects[0];
        assert!((16..=24).contains(&o.x) && (36..=44).contains(&o.y), "{o:?}");
        assert!(seg.person_share > 0.2 && seg.person_share < 0.5);
        assert!(seg.background.spread < 2.0);
    }

    /// A 480 × 640 portrait on CHSI blue: a head (skin, hair on top), a
    /// neck and shoulders in `cloth`; `extra` may paint over any pixel first.
    fn portrait(cloth: [u8; 3], extra: impl Fn(f32, f32) -> Option<[u8; 3]>) -> Vec<u8> {
        frame_with(480, 640, |x, y| {
            let (x, y) = (x as f32, y as f32);
            let head = ((x - 240.0) / 90.0).powi(2) + ((y - 250.0) / 115.0).powi(2);
            if let Some(c) = extra(x, y) {
                c
            } else if head < 1.0 {
                if y < 180.0 { [30, 24, 20] } else { [225, 180, 150] }
            } else if (x - 240.0).abs() < 45.0 && (330.0..480.0).contains(&y) {
                [210, 165, 135]
            } else if y > 470.0 && (x - 240.0).abs() < 230.0 {
                cloth
            } else {
                [100, 197, 255]
            }
        })
    }

    fn segment(rgb: &[u8]) -> Segmentation {
        let frame = Frame {
            width: 480,
            height: 640,
            rgb,
        };
        run(&frame, &mut SegmentScratch::default()).unwrap()
    }

    #[test]
    fn someone_behind_filling_a_side_band_is_joined_to_the_person_not_the_backdrop() {
        // A grey-shirted figure behind the graduate, from the head's height
        // down to the clothing, fills most of the right border band.
        let crowded = segment(&portrait([30, 30, 40], |x, y| {
            (x > 380.0 && (150.0..480.0).contains(&y)).then_some([70, 74, 82])
        }));
        let bg = crowded.background.rgb;
        assert!(crate::colour::delta_e(bg, [100, 197, 255]) < 4.0, "{bg:?}");
        let w = crowded.width as usize;
        // The backdrop low on the other side stays backdrop.
        assert_eq!(crowded.mask[(440 / 4) * w + 20 / 4], BACKGROUND);
        assert!(crowded.objects.is_empty(), "{:?}", crowded.objects);
        // Beside the head (face width 180, chin at 365): the figure.
        let b = crowded
            .beside_head(240.0, 365.0, 180.0)
            .expect("someone beside the head");
        assert!(b.region.x >= 400 && b.region.y <= 152 && b.share > 0.02, "{b:?}");
        let alone = segment(&portrait([30, 30, 40], |_, _| None));
        assert_eq!(alone.beside_head(240.0, 365.0, 180.0), None);
    }

    #[test]
    fn a_shadow_beside_the_head_is_measured_and_a_clean_backdrop_is_not() {
        let clean = segment(&portrait([30, 30, 40], |_, _| None));
        let s = clean.shadow();
        assert!(s.share < 0.03, "{s:?}");
        // The head's shadow cast to the right: the backdrop at 70 %.
        let shaded = segment(&portrait([30, 30, 40], |x, y| {
            let d = ((x - 275.0) / 100.0).powi(2) + ((y - 265.0) / 125.0).powi(2);
            (d < 1.0 && ((x - 240.0) / 90.0).powi(2) + ((y - 250.0) / 115.0).powi(2) >= 1.0).then_some([70, 138, 179])
        }));
        let s = shaded.shadow();
        assert!(s.share > 0.10 && s.darkening > 8.0, "{s:?}");
        let r = s.region.unwrap();
        assert!(r.x + r.width > 330, "the shadow is right of the head: {r:?}");
    }

    #[test]
    fn a_hood_frames_the_head_and_a_bare_neck_does_not() {
        let navy = [30, 35, 80];
        let bare = segment(&portrait(navy, |_, _| None));
        let h = bare.hood(&[bare.torso().unwrap().rgb], Sides::Both).unwrap();
        assert!(h.rim_match() < 0.55 && h.width_share < 0.5, "{h:?}");
        // A hood: a wide ring of the clothing's colour around the head,
        // shaded inside, running down to the shoulders.
        let hood = |x: f32, y: f32| {
            let ring = |rx: f32, ry: f32| ((x - 240.0) / rx).powi(2) + ((y - 245.0) / ry).powi(2) < 1.0;
            let head = ((x - 240.0) / 90.0).powi(2) + ((y - 250.0) / 115.0).powi(2) < 1.0;
            if head || y >= 470.0 || !(ring(150.0, 170.0) || y > 245.0 && (x - 240.0).abs() < 150.0) {
                None
            } else if ring(118.0, 140.0) {
                Some([18, 21, 48])
            } else {
                Some(navy)
            }
        };
        let hooded = segment(&portrait(navy, hood));
        let h = hooded.hood(&[hooded.torso().unwrap().rgb], Sides::Both).unwrap();
        assert!(
            h.rim_match() >= 0.55 && h.width_share >= 0.575 && (0.66..=1.2).contains(&h.aspect) && h.lining < 1.0,
            "{h:?}"
        );
    }

    #[test]
    fn a_hood_of_the_backdrops_colour_shows_its_lining_on_both_sides_and_a_shadow_does_not() {
        // Face centre 240, width 180, eyes at 220, chin at 365; sky-blue
        // clothing merged with the backdrop.
        let sky = [100, 197, 255];
        let measure = |rgb: &[u8]| segment(rgb).lining(240.0, 220.0, 365.0, 180.0, sky).unwrap();
        let bare = measure(&portrait(sky, |_, _| None));
        assert!(bare.both() < 0.02, "{bare:?}");
        // The hood: its lining (the garment at 55 %) hugs the face out to
        // 1.22 face half-widths, its rim (at 90 %) out to 1.48.
        let hooded = measure(&portrait(sky, |x, y| {
            let at = |rx: f32, ry: f32| ((x - 240.0) / rx).powi(2) + ((y - 250.0) / ry).powi(2) < 1.0;
            let head = at(90.0, 115.0);
            (!head && at(133.0, 160.0)).then_some(if at(110.0, 136.0) {
                [55, 108, 140]
            } else {
                [90, 177, 230]
            })
        }));
        assert!(hooded.left > 0.15 && hooded.right > 0.15, "{hooded:?}");
        let r = hooded.region;
        assert!(r.x <= 240 - 72 && r.x + r.width >= 240 + 72, "{r:?}");
        // The head's shadow cast to the right (the backdrop at 70 %): one
        // side, and not deep enough.
        let shadow = measure(&portrait(sky, |x, y| {
            let d = ((x - 275.0) / 100.0).powi(2) + ((y - 265.0) / 125.0).powi(2);
            (d < 1.0 && ((x - 240.0) / 90.0).powi(2) + ((y - 250.0) / 115.0).powi(2) >= 1.0).then_some([70, 138, 179])
        }));
        assert!(shadow.both() < 0.02, "{shadow:?}");
        // A grey garment: dark hair beside the face would pass for its
        // lining, so none is measured.
        assert_eq!(
            segment(&portrait(sky, |_, _| None)).lining(240.0, 220.0, 365.0, 180.0, [128, 128, 128]),
            None
        );
    }

    #[test]
    fn stripes_on_the_shirt_are_measured_and_a_plain_shirt_is_not() {
        let measure = |rgb: &[u8]| {
            let frame = Frame {
                width: 480,
                height: 640,
                rgb,
            };
            let seg = run(&frame, &mut SegmentScratch::default()).unwrap();
            seg.pattern(&frame).unwrap()
        };
        let plain = measure(&portrait([30, 30, 40], |_, _| None));
        assert!(plain.strength() < 0.01, "{plain:?}");
        // Vertical stripes 6 px wide, dark grey and mid grey.
        let striped = measure(&portrait([30, 30, 40], |x, y| {
            (y > 470.0 && (x - 240.0).abs() < 230.0).then_some(if (x as u32 / 6) % 2 == 0 {
                [60, 60, 66]
            } else {
                [120, 120, 128]
            })
        }));
        assert!(striped.vertical > 0.1 && striped.horizontal < 0.02, "{striped:?}");
    }

    #[test]
    fn tiny_frames_are_refused() {
        let rgb = vec![0u8; 16 * 16 * 3];
        assert!(
            run(
                &Frame {
                    width: 16,
                    height: 16,
                    rgb: &rgb
                },
                &mut SegmentScratch::default()
            )
            .is_err()
        );
    }
}

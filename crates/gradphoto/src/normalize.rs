//! Geometry normalisation: a compliant copy of a photo that fails only on
//! geometry, pixel size or file size.
//!
//! 1. Check the photo. Anything failing beyond `geometry.head-size`,
//!    `geometry.position`, `file.dimensions` and `file.size` (a wrong
//!    background, a subject rule) cannot be fixed by cropping: refused.
//! 2. Choose the scale and the crop from the landmarks: the face width at
//!    the middle of the profile's range when shrinking, else the least
//!    enlargement that fits (a face off centre needs a narrower crop, so a
//!    larger scale), the eye line and the
//!    head top as near the middle of theirs as both allow, the face centred.
//!    A crop that would leave the photo, or a scale above the profile's
//!    `max_upscale`, is refused: no pixels are invented.
//! 3. Resize the crop to the profile's pixel size with fast_image_resize
//!    (Lanczos3), encode a baseline JPEG (JFIF, 300 dpi, 4:2:0, nothing
//!    else: no EXIF, no comment) at the highest quality whose file fits the
//!    size window (binary search on quality).
//! 4. Check the copy: it must pass every rule (the geometry, dimension and
//!    size rules it was made for, and the subject rules the original
//!    passed), else it is refused, not returned.

use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use serde::{Deserialize, Serialize};

use crate::engine::{Engine, Scratch};
use crate::landmarks::Landmarks;
use crate::rules::RuleId;
use crate::verdict::{Status, Verdict};

/// The rules normalisation can fix.
pub const FIXABLE: [RuleId; 4] = [
    RuleId::FileDimensions,
    RuleId::FileSize,
    RuleId::GeometryHeadSize,
    RuleId::GeometryPosition,
];

/// A compliant copy and what was done.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Normalized {
    /// The new JPEG.
    pub bytes: Vec<u8>,
    /// The rules the original failed that the copy fixes.
    pub fixed: Vec<RuleId>,
    /// The crop in the original, `[x, y, width, height]`, pixels.
    pub crop: [f32; 4],
    /// Output pixels per original pixel.
    pub scale: f32,
    /// Output size, pixels.
    pub width: u32,
    /// Output height, pixels.
    pub height: u32,
    /// JPEG quality chosen.
    pub quality: u8,
}

/// Why no copy was made.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "reason", rename_all = "kebab-case")]
pub enum NotNormalized {
    /// The photo passes already: nothing to do.
    #[error("the photo is compliant already")]
    Compliant,
    /// The photo could not be analysed.
    #[error("the photo could not be analysed: {message}")]
    Unreadable {
        /// Why.
        message: String,
    },
    /// Rules fail that a crop cannot fix.
    #[error("rules fail that cropping cannot fix: {}", rules.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(", "))]
    Unfixable {
        /// Those rules.
        rules: Vec<RuleId>,
    },
    /// The landmarks a crop needs were not found.
    #[error("the face, eyes or head top were not located")]
    NotLocated,
    /// The crop would reach outside the photo.
    #[error("the crop would need {side} of the photo ({missing:.0} px missing)")]
    OutOfFrame {
        /// `left`, `right`, `above` or `below`.
        side: String,
        /// How far it reaches out, original pixels.
        missing: f32,
    },
    /// The scale would be an upscale past the profile's limit.
    #[error("it would need upscaling ×{scale:.2}, over the limit ×{limit:.2}")]
    Upscale {
        /// The scale needed.
        scale: f32,
        /// The profile's `max_upscale`.
        limit: f32,
    },
    /// No quality fits the size window.
    #[error("no JPEG quality fits the size window ({bytes} bytes at quality {quality})")]
    Size {
        /// The nearest size.
        bytes: usize,
        /// At this quality.
        quality: u8,
    },
    /// The copy still fails these rules (a bug, or a photo at the edge).
    #[error("the copy still fails: {}", rules.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(", "))]
    StillFails {
        /// Those rules.
        rules: Vec<RuleId>,
    },
}

/// Targets in output pixels, from the profile.
struct Targets {
    width: u32,
    height: u32,
    face: [f32; 2],
    head_top: [f32; 2],
    eye_line: [f32; 2],
    bytes: [usize; 2],
    min_quality: u8,
}

fn targets(engine: &Engine) -> Targets {
    let rules = &engine.profile().rules;
    let (width, height) = rules
        .file_dimensions
        .as_ref()
        .map_or((480, 640), |d| (d.params.width, d.params.height));
    let (kx, ky) = (width as f32 / 480.0, height as f32 / 640.0);
    let head = rules
        .geometry_head_size
        .as_ref()
        .map(|r| r.params.clone())
        .unwrap_or_default();
    let pos = rules
        .geometry_position
        .as_ref()
        .map(|r| r.params.clone())
        .unwrap_or_default();
    let size = rules.file_size.as_ref().map(|r| r.params.clone()).unwrap_or_default();
    let kb = |v: f64| (v * 1024.0) as usize;
    Targets {
        width,
        height,
        face: head.face_width_px.map(|v| v * kx),
        head_top: pos.head_top_px.map(|v| v * ky),
        eye_line: pos.eye_line_px.map(|v| v * ky),
        bytes: [kb(size.min_kb), kb(size.max_kb)],
        min_quality: rules
            .quality_compression
            .as_ref()
            .map_or(60, |c| c.params.min_jpeg_quality)
            .max(1),
    }
}

/// `[lo, hi]` ∩ `[lo, hi]`, if not empty.
fn intersect(a: [f32; 2], b: [f32; 2]) -> Option<[f32; 2]> {
    let r = [a[0].max(b[0]), a[1].min(b[1])];
    (r[0] <= r[1]).then_some(r)
}

/// The crop `[x, y, w, h]` (original pixels) and the scale, from the
/// landmarks: a pure function, tested on its own.
fn plan(lm: &Landmarks, frame: [u32; 2], t: &Targets, max_upscale: f32) -> Result<([f32; 4], f32), NotNormalized> {
    let (face, top) = match (lm.face_width(), lm.head_top) {
        (Some(f), Some(top)) if f > 0.0 => (f, top),
        _ => return Err(NotNormalized::NotLocated),
    };
    let eye = lm.eye_line();
    let mid = |r: [f32; 2]| 0.5 * (r[0] + r[1]);
    // Keep a margin inside every range: the copy is measured again.
    let inner = |r: [f32; 2]| {
        let m = 0.15 * (r[1] - r[0]);
        [r[0] + m, r[1] - m]
    };
    let (face_r, top_r, eye_r) = (inner(t.face), inner(t.head_top), inner(t.eye_line));
    // Scales that put the face width in range, and leave room between the
    // head top and the eye line for both ranges.
    let by_face = [face_r[0] / face, face_r[1] / face];
    let gap = (eye - top).max(1.0);
    let by_gap = [(eye_r[0] - top_r[1]).max(1.0) / gap, (eye_r[1] - top_r[0]) / gap];
    let scales = intersect(by_face, by_gap).unwrap_or(by_face);
    let centre = lm
        .face_edges
        .map_or(0.5 * (lm.face_box()[0] + lm.face_box()[2]), |[l, r]| 0.5 * (l + r));
    let (fw, fh) = (frame[0] as f32, frame[1] as f32);
    // The crop must stay in the photo: centred on the face, it can be no
    // wider than twice the room on the face's nearer side, and no higher
    // than the photo. Those set the smallest scale.
    let room = centre.min(fw - centre).max(1.0);
    let least = scales[0].max(0.5 * t.width as f32 / room).max(t.height as f32 / fh);
    if least > scales[1] {
        // Centred in the photo, the face would come out too large.
        let side = if centre < fw / 2.0 { "left" } else { "right" };
        return Err(NotNormalized::OutOfFrame {
            side: side.into(),
            missing: 0.5 * t.width as f32 / scales[1] - room,
        });
    }
    // No more enlargement than the ranges need: the middle of the face
    // range when shrinking, the smallest scale that fits when enlarging.
    let preferred = (mid(t.face) / face).min(1.0);
    let scale = preferred.clamp(least, scales[1]);
    if scale > max_upscale {
        return Err(NotNormalized::Upscale {
            scale,
            limit: max_upscale,
        });
    }
    // The top of the crop: eye line and head top in range, nearest their
    // middles, inside the photo where possible.
    let from_eye = [eye - eye_r[1] / scale, eye - eye_r[0] / scale];
    let from_top = [top - top_r[1] / scale, top - top_r[0] / scale];
    let y_range = intersect(from_eye, from_top).unwrap_or(from_eye);
    let (w, h) = (t.width as f32 / scale, t.height as f32 / scale);
    let y_range = intersect(y_range, [0.0, fh - h]).unwrap_or(y_range);
    let ideal = 0.5 * ((eye - mid(t.eye_line) / scale) + (top - mid(t.head_top) / scale));
    let y0 = ideal.clamp(y_range[0], y_range[1]);
    let x0 = centre - 0.5 * w;
    // Half a pixel of slack for rounding.
    for (side, missing) in [
        ("left", -x0),
        ("right", x0 + w - fw),
        ("above", -y0),
        ("below", y0 + h - fh),
    ] {
        if missing > 0.5 {
            return Err(NotNormalized::OutOfFrame {
                side: side.into(),
                missing,
            });
        }
    }
    Ok(([x0.max(0.0), y0.max(0.0), w.min(fw), h.min(fh)], scale))
}

/// Baseline JPEG, JFIF 300 dpi, 4:2:0, no other metadata.
pub(crate) fn encode(rgb: &[u8], width: u32, height: u32, quality: u8) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, quality);
    encoder.set_sampling_factor(jpeg_encoder::SamplingFactor::R_4_2_0);
    encoder.set_density(jpeg_encoder::PixelDensity::dpi(300));
    encoder
        .encode(
            rgb,
            u16::try_from(width).ok()?,
            u16::try_from(height).ok()?,
            jpeg_encoder::ColorType::Rgb,
        )
        .ok()?;
    Some(out)
}

/// The highest quality in `[min_quality, 100]` whose file is at most
/// `bytes[1]`; refused when that file is under `bytes[0]` or none fits.
fn encode_within(rgb: &[u8], width: u32, height: u32, t: &Targets) -> Result<(Vec<u8>, u8), NotNormalized> {
    let (mut lo, mut hi) = (t.min_quality, 100u8);
    let mut best: Option<(Vec<u8>, u8)> = None;
    let mut smallest = (usize::MAX, t.min_quality);
    while lo <= hi {
        let q = lo + (hi - lo) / 2;
        let bytes = encode(rgb, width, height, q).ok_or(NotNormalized::Size { bytes: 0, quality: q })?;
        smallest = smallest.min((bytes.len(), q));
        if bytes.len() <= t.bytes[1] {
            best = Some((bytes, q));
            lo = q + 1;
        } else if q == 0 {
            break;
        } else {
            hi = q - 1;
        }
    }
    match best {
        Some((bytes, q)) if bytes.len() >= t.bytes[0] => Ok((bytes, q)),
        Some((bytes, q)) => Err(NotNormalized::Size {
            bytes: bytes.len(),
            quality: q,
        }),
        None => Err(NotNormalized::Size {
            bytes: smallest.0,
            quality: smallest.1,
        }),
    }
}

fn failing(v: &Verdict) -> Vec<RuleId> {
    let mut rules: Vec<RuleId> = v.findings.iter().map(|f| f.rule).collect();
    rules.dedup();
    rules
}

impl Engine {
    /// A compliant copy of a photo that fails only on geometry, pixel size
    /// or file size (see the module [`normalize`](crate::normalize)). The
    /// input is never modified; `name` is its file name, as for
    /// [`Engine::check`].
    ///
    /// # Errors
    /// [`NotNormalized`] says why no copy was made.
    pub fn normalize(&self, name: &str, bytes: &[u8]) -> Result<Normalized, NotNormalized> {
        // The check decodes the photo into the scratch: its pixels are the
        // crop's source, not decoded a second time.
        let mut scratch = Scratch::default();
        let verdict = self.check_with(&mut scratch, name, bytes);
        if verdict.status == Status::Error {
            let message = verdict.error.map_or_else(|| "unknown".into(), |m| m.en);
            return Err(NotNormalized::Unreadable { message });
        }
        let fails = failing(&verdict);
        if fails.is_empty() {
            return Err(NotNormalized::Compliant);
        }
        let unfixable: Vec<RuleId> = fails.iter().copied().filter(|r| !FIXABLE.contains(r)).collect();
        if !unfixable.is_empty() {
            return Err(NotNormalized::Unfixable { rules: unfixable });
        }
        let lm = verdict
            .measurements
            .landmarks
            .as_ref()
            .ok_or(NotNormalized::NotLocated)?;
        let t = targets(self);
        let unreadable = |e: &dyn std::fmt::Display| NotNormalized::Unreadable { message: e.to_string() };
        let file = &verdict.measurements.file;
        let frame = [file.width.unwrap_or(0), file.height.unwrap_or(0)];
        let (crop, scale) = plan(lm, frame, &t, self.profile().limits.max_upscale)?;
        let src = ImageRef::new(frame[0], frame[1], &scratch.pixels, PixelType::U8x3).map_err(|e| unreadable(&e))?;
        let mut dst = Image::new(t.width, t.height, PixelType::U8x3);
        let options = ResizeOptions::new()
            .resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3))
            .crop(
                f64::from(crop[0]),
                f64::from(crop[1]),
                f64::from(crop[2]),
                f64::from(crop[3]),
            );
        Resizer::new()
            .resize(&src, &mut dst, &options)
            .map_err(|e| unreadable(&e))?;
        let (out, quality) = encode_within(dst.buffer(), t.width, t.height, &t)?;
        // The copy must pass every rule: the geometry it was made for, and
        // the subject rules the original passed (resampling must not tip a
        // borderline measure over).
        let again = self.check(name, &out);
        let still = failing(&again);
        if !still.is_empty() || again.status == Status::Error {
            return Err(NotNormalized::StillFails { rules: still });
        }
        Ok(Normalized {
            bytes: out,
            fixed: fails,
            crop,
            scale,
            width: t.width,
            height: t.height,
            quality,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::landmarks::FaceBox;

    fn targets() -> Targets {
        Targets {
            width: 480,
            height: 640,
            face: [180.0, 300.0],
            head_top: [50.0, 110.0],
            eye_line: [200.0, 300.0],
            bytes: [20 * 1024, 40 * 1024],
            min_quality: 60,
        }
    }

    /// A head in a 960 × 1280 frame: face 400 px wide centred at x 500,
    /// head top at 300, eyes at 600.
    fn landmarks() -> Landmarks {
        Landmarks {
            faces: vec![FaceBox {
                score: 0.9,
                bbox: [300.0, 400.0, 700.0, 900.0],
            }],
            eyes: [[420.0, 600.0], [580.0, 600.0]],
            head_top: Some(300.0),
            face_edges: Some([300.0, 700.0]),
            ..Landmarks::default()
        }
    }

    #[test]
    fn the_plan_puts_face_eyes_and_head_top_in_range() {
        let (crop, scale) = plan(&landmarks(), [960, 1280], &targets(), 1.25).unwrap();
        assert!((scale - 0.6).abs() < 1e-4, "face 400 → 240: {scale}");
        let out = |v: f32, origin: f32| (v - origin) * scale;
        let (top, eye) = (out(300.0, crop[1]), out(600.0, crop[1]));
        assert!((59.0..=101.0).contains(&top), "head top {top}");
        assert!((215.0..=285.0).contains(&eye), "eye line {eye}");
        let centre = out(500.0, crop[0]);
        assert!((centre - 240.0).abs() < 0.5, "centre {centre}");
        assert!(
            (crop[2] - 800.0).abs() < 0.1 && (crop[3] - 1066.67).abs() < 0.1,
            "{crop:?}"
        );
    }

    #[test]
    fn the_plan_refuses_what_it_cannot_do() {
        let t = targets();
        // A face near the left edge: the crop would leave the photo.
        let mut lm = landmarks();
        lm.face_edges = Some([0.0, 400.0]);
        assert!(matches!(
            plan(&lm, [960, 1280], &t, 1.25),
            Err(NotNormalized::OutOfFrame { side, .. }) if side == "left"
        ));
        // A tiny face: 60 px would need ×4.
        let mut small = landmarks();
        small.face_edges = Some([470.0, 530.0]);
        assert!(matches!(
            plan(&small, [960, 1280], &t, 1.25),
            Err(NotNormalized::Upscale { .. })
        ));
        // No head top: not located.
        let mut blind = landmarks();
        blind.head_top = None;
        assert_eq!(plan(&blind, [960, 1280], &t, 1.25), Err(NotNormalized::NotLocated));
    }
}

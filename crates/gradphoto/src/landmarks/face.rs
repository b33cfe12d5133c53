//! Face boxes and six keypoints: MediaPipe's BlazeFace (short range), run
//! with tract on a letterboxed 96 × 128 copy of the frame.
//!
//! The network is fully convolutional: trained on 128 × 128 inputs, it runs
//! on any size that keeps the faces' scale, and a portrait photo fills
//! 96 × 128 with no black bars (672 anchors instead of 896, a quarter less
//! work). The committed model is also spatially transposed (see
//! `models/convert-blazeface.sh`): it is fed the image lying on its side,
//! which tract's depthwise convolutions run faster (2.5 ms against 3.1 ms
//! upright); its outputs are the upright network's, anchor by anchor, in
//! column-major anchor order.
//!
//! The network predicts, for each fixed anchor, a face logit and a
//! box with six keypoints as offsets from the anchor. Decoding follows
//! MediaPipe's `TensorsToDetectionsCalculator` (unit anchors, offsets in
//! input pixels); overlapping detections are merged by MediaPipe's weighted
//! non-maximum suppression: the best detection absorbs every other one that
//! overlaps it by IoU > 0.3, and the group's box and keypoints are the
//! score-weighted mean of its members. Every merged face above the score
//! threshold is kept, so that a second person is seen.
//!
//! The model (`models/blazeface-short-range.onnx`, Apache-2.0, provenance in
//! `models/PROVENANCE.md`) is embedded in the binary and compiled once per
//! process.

use std::sync::{Arc, OnceLock};

use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use tract_onnx::prelude::*;

use crate::decode::Frame;

/// The embedded model.
pub(crate) const MODEL: &[u8] = include_bytes!("../../models/blazeface-short-range.onnx");
/// The embedded model's SHA-256, as in `models/PROVENANCE.md`.
pub const MODEL_SHA256: &str = "fd283758c5151c23237f657a4be068e792257886bb53083bb31ef77780f684da";

/// The network's input, width × height in the image's orientation: a
/// portrait 3 : 4 photo fills it exactly (a square input would spend a
/// quarter of its work on black bars).
pub const INPUT: [usize; 2] = [96, 128];
/// Smallest face score kept (MediaPipe's default).
pub const MIN_SCORE: f32 = 0.5;
/// IoU above which two detections are one face.
const MERGE_IOU: f32 = 0.3;

/// One detected face, in full-resolution pixels of the frame.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Face {
    /// Score, 0–1.
    pub score: f32,
    /// Box `[x0, y0, x1, y1]`.
    pub bbox: [f32; 4],
    /// Eye centres, image-left then image-right.
    pub eyes: [[f32; 2]; 2],
    /// Nose tip.
    pub nose: [f32; 2],
    /// Mouth centre.
    pub mouth: [f32; 2],
    /// Ear tragions, image-left then image-right (where the ears are,
    /// visible or not).
    pub ears: [[f32; 2]; 2],
}

type Plan = Arc<TypedRunnableModel>;

/// The compiled network, shared by every engine of the process.
#[derive(Clone)]
pub struct Detector {
    plan: Plan,
    anchors: Arc<[[f32; 2]]>,
}

impl std::fmt::Debug for Detector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Detector").finish_non_exhaustive()
    }
}

/// Why the detector could not be built or run.
#[derive(Debug, thiserror::Error)]
#[error("face detector: {0}")]
pub struct DetectorError(String);

impl From<TractError> for DetectorError {
    fn from(e: TractError) -> Self {
        DetectorError(format!("{e:#}"))
    }
}

impl Detector {
    /// The process-wide detector, compiled on first use (a few
    /// milliseconds).
    ///
    /// # Errors
    /// The embedded model does not load (a broken build).
    pub fn shared() -> Result<Detector, DetectorError> {
        static SHARED: OnceLock<Result<Detector, String>> = OnceLock::new();
        SHARED
            .get_or_init(|| {
                let plan = compile(INPUT).map_err(|e| e.0)?;
                Ok(Detector {
                    plan,
                    anchors: anchors(INPUT).into(),
                })
            })
            .clone()
            .map_err(DetectorError)
    }

    /// Faces in a frame, best first.
    ///
    /// # Errors
    /// The resizer or the network failed.
    pub fn detect(&self, frame: &Frame<'_>, scratch: &mut FaceScratch) -> Result<Vec<Face>, DetectorError> {
        let [w, h] = INPUT;
        let letterbox = scratch.letterbox(frame, INPUT)?;
        let input = Tensor::from_shape(&[1, 3, w, h], &scratch.input)?;
        let state = match &mut scratch.state {
            Some(state) => state,
            slot => slot.insert(self.plan.spawn()?),
        };
        let outputs = state.run(tvec!(input.into_tvalue()))?;
        let (regressors, logits) = (outputs[0].try_as_plain_ram()?, outputs[1].try_as_plain_ram()?);
        let (regressors, logits) = (regressors.as_slice::<f32>()?, logits.as_slice::<f32>()?);
        let anchors = self.anchors.len();
        if regressors.len() != anchors * 16 || logits.len() != anchors {
            return Err(DetectorError(format!(
                "unexpected output sizes {} and {}",
                regressors.len(),
                logits.len()
            )));
        }
        let raw = decode(regressors, logits, &self.anchors, MIN_SCORE);
        Ok(merge(raw).into_iter().map(|d| letterbox.face_in_frame(&d)).collect())
    }
}

fn compile([w, h]: [usize; 2]) -> Result<Plan, DetectorError> {
    // The network is transposed: its rows are the image's columns.
    let model = tract_onnx::onnx()
        .model_for_read(&mut std::io::Cursor::new(MODEL))?
        .with_input_fact(0, f32::fact([1, 3, w, h]).into())?
        .into_optimized()?
        .into_runnable()?;
    Ok(model)
}

/// Per-thread buffers of the detector.
#[derive(Default)]
pub struct FaceScratch {
    resizer: Resizer,
    small: Option<Image<'static>>,
    input: Vec<f32>,
    /// The network's run state (its buffers), spawned once per thread.
    state: Option<TypedSimpleState>,
}

impl std::fmt::Debug for FaceScratch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FaceScratch").finish_non_exhaustive()
    }
}

/// Where the frame sits in the network's input.
#[derive(Clone, Copy, Debug)]
struct Letterbox {
    scale: f32,
    pad: [f32; 2],
}

impl Letterbox {
    /// Input pixel → frame pixel.
    fn point(&self, p: [f32; 2]) -> [f32; 2] {
        [(p[0] - self.pad[0]) / self.scale, (p[1] - self.pad[1]) / self.scale]
    }

    fn face_in_frame(&self, d: &Face) -> Face {
        let [x0, y0] = self.point([d.bbox[0], d.bbox[1]]);
        let [x1, y1] = self.point([d.bbox[2], d.bbox[3]]);
        let mut eyes = d.eyes.map(|p| self.point(p));
        let mut ears = d.ears.map(|p| self.point(p));
        // The model's first eye is the image-left one on an upright face; a
        // face turned upside down or mirrored swaps them.
        if eyes[0][0] > eyes[1][0] {
            eyes.swap(0, 1);
            ears.swap(0, 1);
        }
        Face {
            score: d.score,
            bbox: [x0, y0, x1, y1],
            eyes,
            nose: self.point(d.nose),
            mouth: self.point(d.mouth),
            ears,
        }
    }
}

impl FaceScratch {
    /// Resize the frame into the input (aspect kept, black bars), scaled to
    /// [-1, 1], planar RGB, transposed (the network's rows are the image's
    /// columns).
    fn letterbox(&mut self, frame: &Frame<'_>, [iw, ih]: [usize; 2]) -> Result<Letterbox, DetectorError> {
        let scale = (iw as f32 / frame.width as f32).min(ih as f32 / frame.height as f32);
        let w = ((frame.width as f32 * scale).round() as u32).clamp(1, iw as u32);
        let h = ((frame.height as f32 * scale).round() as u32).clamp(1, ih as u32);
        let src = ImageRef::new(frame.width, frame.height, frame.rgb, PixelType::U8x3)
            .map_err(|e| DetectorError(e.to_string()))?;
        let small = match &mut self.small {
            Some(img) if img.width() == w && img.height() == h => img,
            slot => slot.insert(Image::new(w, h, PixelType::U8x3)),
        };
        let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Bilinear));
        self.resizer
            .resize(&src, small, &options)
            .map_err(|e| DetectorError(e.to_string()))?;
        let (px, py) = ((iw - w as usize) / 2, (ih - h as usize) / 2);
        let plane = iw * ih;
        self.input.clear();
        self.input.resize(3 * plane, -1.0);
        for (j, row) in small.buffer().chunks_exact(w as usize * 3).enumerate() {
            for (i, p) in row.chunks_exact(3).enumerate() {
                let at = (px + i) * ih + py + j;
                for (c, &v) in p.iter().enumerate() {
                    self.input[c * plane + at] = f32::from(v) * (1.0 / 127.5) - 1.0;
                }
            }
        }
        Ok(Letterbox {
            scale: w as f32 / frame.width as f32,
            pad: [px as f32, py as f32],
        })
    }
}

/// The anchor centres, in input pixels (image orientation), in the
/// network's output order: stride 8 (2 anchors per cell), then stride 16
/// (6 anchors per cell), each row by row of the transposed input, that is
/// column by column of the image.
fn anchors([w, h]: [usize; 2]) -> Vec<[f32; 2]> {
    let mut out = Vec::new();
    for (stride, per_cell) in [(8usize, 2usize), (16, 6)] {
        for x in 0..w.div_ceil(stride) {
            for y in 0..h.div_ceil(stride) {
                let centre = [(x as f32 + 0.5) * stride as f32, (y as f32 + 0.5) * stride as f32];
                out.extend(std::iter::repeat_n(centre, per_cell));
            }
        }
    }
    out
}

/// Detections above `min_score`, in input pixels.
fn decode(regressors: &[f32], logits: &[f32], anchors: &[[f32; 2]], min_score: f32) -> Vec<Face> {
    let min_logit = (min_score / (1.0 - min_score)).ln();
    let mut out = Vec::new();
    for ((r, &logit), a) in regressors.chunks_exact(16).zip(logits).zip(anchors) {
        if logit < min_logit {
            continue;
        }
        let score = 1.0 / (1.0 + (-logit.clamp(-80.0, 80.0)).exp());
        let (cx, cy, w, h) = (a[0] + r[0], a[1] + r[1], r[2], r[3]);
        if w <= 0.0 || h <= 0.0 {
            continue;
        }
        let k = |i: usize| [a[0] + r[4 + 2 * i], a[1] + r[5 + 2 * i]];
        out.push(Face {
            score,
            bbox: [cx - w / 2.0, cy - h / 2.0, cx + w / 2.0, cy + h / 2.0],
            eyes: [k(0), k(1)],
            nose: k(2),
            mouth: k(3),
            ears: [k(4), k(5)],
        });
    }
    out
}

fn iou(a: &[f32; 4], b: &[f32; 4]) -> f32 {
    let iw = (a[2].min(b[2]) - a[0].max(b[0])).max(0.0);
    let ih = (a[3].min(b[3]) - a[1].max(b[1])).max(0.0);
    let inter = iw * ih;
    let union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter;
    if union > 0.0 { inter / union } else { 0.0 }
}

/// Weighted non-maximum suppression: each group of overlapping detections
/// becomes one face, the score-weighted mean of its members with the best
/// member's score.
fn merge(mut raw: Vec<Face>) -> Vec<Face> {
    raw.sort_by(|a, b| b.score.total_cmp(&a.score));
    let mut out = Vec::new();
    while let Some(best) = raw.first().copied() {
        let (group, rest): (Vec<Face>, Vec<Face>) = raw.into_iter().partition(|d| iou(&best.bbox, &d.bbox) > MERGE_IOU);
        raw = rest;
        let total: f32 = group.iter().map(|d| d.score).sum();
        let mean = |f: &dyn Fn(&Face) -> f32| group.iter().map(|d| f(d) * d.score).sum::<f32>() / total;
        let point = |f: &dyn Fn(&Face) -> [f32; 2]| [mean(&|d| f(d)[0]), mean(&|d| f(d)[1])];
        out.push(Face {
            score: best.score,
            bbox: std::array::from_fn(|i| mean(&|d| d.bbox[i])),
            eyes: [point(&|d| d.eyes[0]), point(&|d| d.eyes[1])],
            nose: point(&|d| d.nose),
            mouth: point(&|d| d.mouth),
            ears: [point(&|d| d.ears[0]), point(&|d| d.ears[1])],
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn face(score: f32, x: f32) -> Face {
        Face {
            score,
            bbox: [x, 10.0, x + 20.0, 30.0],
            eyes: [[x + 5.0, 15.0], [x + 15.0, 15.0]],
            nose: [x + 10.0, 20.0],
            mouth: [x + 10.0, 25.0],
            ears: [[x, 18.0], [x + 20.0, 18.0]],
        }
    }

    #[test]
    fn anchors_cover_the_input_column_by_column() {
        let a = anchors(INPUT);
        // 12 × 16 cells of 2, then 6 × 8 cells of 6.
        assert_eq!(a.len(), 12 * 16 * 2 + 6 * 8 * 6);
        assert_eq!(a[0], [4.0, 4.0]);
        assert_eq!(a[1], [4.0, 4.0]);
        assert_eq!(a[2], [4.0, 12.0]);
        assert_eq!(a[32], [12.0, 4.0]);
        assert_eq!(a[383], [92.0, 124.0]);
        assert_eq!(a[384], [8.0, 8.0]);
        assert_eq!(a[a.len() - 1], [88.0, 120.0]);
    }

    #[test]
    fn decode_applies_anchor_offsets_and_the_threshold() {
        let anchors = anchors(INPUT);
        let mut reg = vec![0.0f32; anchors.len() * 16];
        let mut logits = vec![-10.0f32; anchors.len()];
        // Anchor 2 sits at (4, 12): a 10 × 12 box 1 px right, 2 px down.
        reg[2 * 16..2 * 16 + 4].copy_from_slice(&[1.0, 2.0, 10.0, 12.0]);
        reg[2 * 16 + 4] = -3.0; // first eye
        logits[2] = 2.0;
        logits[3] = 0.1; // score 0.525 but an empty box
        let d = decode(&reg, &logits, &anchors, 0.5);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].bbox, [0.0, 8.0, 10.0, 20.0]);
        assert_eq!(d[0].eyes[0], [1.0, 12.0]);
        assert!((d[0].score - 0.8808).abs() < 1e-3);
    }

    #[test]
    fn merge_averages_overlaps_and_keeps_separate_faces() {
        let merged = merge(vec![face(0.6, 2.0), face(0.9, 0.0), face(0.8, 60.0)]);
        assert_eq!(merged.len(), 2);
        assert_eq!(merged[0].score, 0.9);
        let x = (0.9 * 0.0 + 0.6 * 2.0) / 1.5;
        assert!((merged[0].bbox[0] - x).abs() < 1e-5);
        assert!((merged[0].nose[0] - (x + 10.0)).abs() < 1e-5);
        assert_eq!(merged[1].bbox[0], 60.0);
    }

    #[test]
    fn the_embedded_model_is_the_documented_one() {
        use sha2::Digest;
        let digest: String = sha2::Sha256::digest(MODEL).iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(digest, MODEL_SHA256);
    }
}

//! This face's skin colour.
//!
//! Four patches (0.16 d square, `d` the eye distance) are candidates: the
//! nose bridge under the eye line, each cheek under its eye, the forehead
//! over the brows, each summarised by its darker 70 % of pixels (a
//! highlight is not the skin's colour). A patch is skin-like when it is
//! smooth (lightness spread under [`MAX_PATCH_SPREAD`]) and its mean lies
//! on the skin locus (hue 15–95°, chroma ≥ 5, L\* 20–97: every skin tone,
//! not blue or white masks, black hair or grey fabric). The patch that the
//! most other skin-like patches agree with (the same chroma within
//! [`AGREE_CHROMA`], lightness within a factor 1.45: one side may be in
//! shade) wins, and the model is the mean of its group; where no patch is
//! skin-like (a strong colour cast), every smooth patch votes. A mask over
//! both cheeks, a fringe over the forehead or a glasses bridge each spoil
//! one or two patches, never the group. Two groups of two tie where a
//! fringe of brown hair (on the skin locus) reaches the nose bridge: the
//! bridge and the forehead agree as the cheeks do. There the group of the
//! crown's colour (within [`HAIR_DISTANCE`] of it, lightness counting half)
//! loses: it is the hair; otherwise the first patch in voting order wins.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Window;
use super::ears::HAIR_DISTANCE;
use crate::colour::{chroma, delta_e_shade};
use crate::decode::Frame;
use crate::landmarks::Landmarks;
use crate::landmarks::measure::Skin;

/// Largest standard deviation of L\* inside a skin-like patch.
pub const MAX_PATCH_SPREAD: f32 = 9.0;
/// Largest distance between two patches' mean a\*b\* (scaled to the same
/// lightness) for them to be the same skin.
pub const AGREE_CHROMA: f32 = 9.0;

/// The face's skin colour.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SkinTone {
    /// Mean L\*a\*b\* of the agreeing patches.
    pub lab: [f32; 3],
    /// Chroma tolerance of the model (ΔE over a\* and b\*).
    pub chroma_tolerance: f32,
    /// The patches it was sampled on.
    pub patches: Vec<SkinPatch>,
}

/// Where skin was sampled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum SkinPatch {
    /// Between the eyes, under the eye line.
    NoseBridge,
    /// Under the image-left eye.
    LeftCheek,
    /// Under the image-right eye.
    RightCheek,
    /// Over the brows.
    Forehead,
}

impl SkinPatch {
    /// Every patch, in voting order.
    pub const ALL: [SkinPatch; 4] = [
        SkinPatch::NoseBridge,
        SkinPatch::LeftCheek,
        SkinPatch::RightCheek,
        SkinPatch::Forehead,
    ];

    /// Where the patch is centred on this face.
    pub fn centre(self, lm: &Landmarks) -> [f32; 2] {
        let d = lm.eye_distance();
        let eye_y = lm.eye_line();
        let mid = 0.5 * (lm.eyes[0][0] + lm.eyes[1][0]);
        let down = 0.45 * (lm.mouth[1] - eye_y).max(0.0);
        match self {
            SkinPatch::NoseBridge => [mid, eye_y + 0.15 * d],
            SkinPatch::LeftCheek => [lm.eyes[0][0], lm.eyes[0][1] + down],
            SkinPatch::RightCheek => [lm.eyes[1][0], lm.eyes[1][1] + down],
            SkinPatch::Forehead => [mid, eye_y - 0.55 * d],
        }
    }
}

impl SkinTone {
    /// The colour model (lit or shaded skin of this tone).
    pub fn model(&self) -> Skin {
        Skin {
            mean: self.lab,
            chroma_tolerance: self.chroma_tolerance,
        }
    }
}

/// One candidate patch's pixels and summary.
struct Candidate {
    patch: SkinPatch,
    pixels: Vec<[f32; 3]>,
    mean: [f32; 3],
}

fn mean_of(pixels: &[[f32; 3]]) -> [f32; 3] {
    let n = pixels.len().max(1) as f32;
    std::array::from_fn(|c| pixels.iter().map(|p| p[c]).sum::<f32>() / n)
}

/// Whether a colour lies on the skin locus (hue 15–95°, chroma ≥ 5,
/// L\* 20–97).
pub fn skin_like([l, a, b]: [f32; 3]) -> bool {
    // The hue between 15° and 95° without an arctangent (called per
    // pixel): (a, b) lies on the far side of the 15° ray and the near side
    // of the 95° one.
    let (s15, c15) = 15f32.to_radians().sin_cos();
    let (s95, c95) = 95f32.to_radians().sin_cos();
    let past_15 = b * c15 - a * s15 >= 0.0;
    let before_95 = a * s95 - b * c95 >= 0.0;
    (20.0..=97.0).contains(&l) && chroma(a, b) >= 5.0 && past_15 && before_95
}

/// Whether two patch means are the same skin, one maybe in shade.
fn agree(p: [f32; 3], q: [f32; 3]) -> bool {
    let k = p[0] / q[0].max(1.0);
    (1.0 / 1.45..=1.45).contains(&k) && chroma(p[1] - q[1] * k, p[2] - q[2] * k) <= AGREE_CHROMA
}

/// The face's skin colour; `None` when no patch looks like skin. `crown`:
/// the colour on top of the head ([`super::crown::colour`]), which breaks a
/// tie between groups of patches (see the module's documentation).
pub fn tone(frame: &Frame<'_>, lm: &Landmarks, crown: Option<[f32; 3]>) -> Option<SkinTone> {
    let d = lm.eye_distance();
    let half = [0.08 * d, 0.08 * d];
    let places = SkinPatch::ALL.map(|p| (p, p.centre(lm)));
    let candidates: Vec<Candidate> = places
        .iter()
        .filter_map(|&(patch, at)| {
            let window = Window::around(frame, at, half)?;
            let mut pixels = Vec::with_capacity(window.width() * window.height());
            window.lab(frame, &mut pixels);
            // The darker 70 %: a highlight on the patch is not the skin's
            // colour.
            pixels.sort_unstable_by(|a, b| a[0].total_cmp(&b[0]));
            pixels.truncate((pixels.len() * 7).div_ceil(10));
            let mean = mean_of(&pixels);
            let spread = (pixels.iter().map(|p| (p[0] - mean[0]).powi(2)).sum::<f32>() / pixels.len() as f32).sqrt();
            (spread <= MAX_PATCH_SPREAD).then_some(Candidate { patch, pixels, mean })
        })
        .collect();
    // Skin-like patches vote; where none is (a strong colour cast moves
    // every patch off the locus), every smooth patch does.
    let (skin, other): (Vec<Candidate>, Vec<Candidate>) = candidates.into_iter().partition(|c| skin_like(c.mean));
    let candidates = if skin.is_empty() { other } else { skin };
    let group = |c: &Candidate| -> Vec<&Candidate> { candidates.iter().filter(|o| agree(o.mean, c.mean)).collect() };
    // The most agreed-with patch; on a tie a group not of the crown's
    // colour, then the first in `places` order.
    let of_crown = |g: &[&Candidate]| {
        let n = g.len().max(1) as f32;
        let mean = std::array::from_fn(|c| g.iter().map(|p| p.mean[c]).sum::<f32>() / n);
        crown.is_some_and(|crown| delta_e_shade(mean, crown) < HAIR_DISTANCE)
    };
    let best = candidates
        .iter()
        .map(group)
        .enumerate()
        .max_by_key(|(k, g)| (g.len(), !of_crown(g), usize::MAX - k))?
        .1;
    let pixels: Vec<[f32; 3]> = best.iter().flat_map(|c| c.pixels.iter().copied()).collect();
    let model = Skin::from_samples(&pixels);
    Some(SkinTone {
        lab: model.mean,
        chroma_tolerance: model.chroma_tolerance,
        patches: best.iter().map(|c| c.patch).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::colour::lab_fast;

    #[test]
    fn the_skin_locus_hue_is_the_arctangents() {
        // Every (a*, b*) of a grid over the locus' neighbourhood, half a step
        // off the 15° and 95° rays' exact values: the cross products agree
        // with the hue an arctangent gives.
        for i in -60..=60 {
            for j in -60..=60 {
                let (a, b) = (i as f32 + 0.25, j as f32 + 0.25);
                let hue = b.atan2(a).to_degrees();
                let want = chroma(a, b) >= 5.0 && (15.0..=95.0).contains(&hue);
                assert_eq!(skin_like([60.0, a, b]), want, "a* {a}, b* {b}, hue {hue}");
            }
        }
        assert!(!skin_like([10.0, 12.0, 18.0]), "too dark");
    }

    #[test]
    fn the_skin_locus_takes_every_skin_tone_and_refuses_masks_and_hair() {
        for rgb in [
            [230, 190, 160],
            [200, 150, 120],
            [140, 95, 70],
            [90, 60, 45],
            [75, 50, 38],
        ] {
            assert!(skin_like(lab_fast(rgb)), "{rgb:?}");
        }
        for rgb in [
            [165, 205, 230],
            [240, 240, 240],
            [25, 22, 24],
            [120, 120, 125],
            [30, 60, 150],
        ] {
            assert!(!skin_like(lab_fast(rgb)), "{rgb:?}");
        }
    }

    #[test]
    fn shaded_skin_agrees_with_lit_skin_but_not_with_lips() {
        let lit = lab_fast([220, 180, 150]);
        let shaded = lab_fast([170, 135, 110]);
        assert!(agree(lit, shaded) && agree(shaded, lit));
        assert!(!agree(lit, lab_fast([175, 85, 85])));
    }
}

//! Stage 4: the face's parts, measured around the landmarks.
//!
//! Every measure here reads a few small full-resolution patches placed by
//! the landmarks (the eye centres, the nose tip, the mouth centre) and
//! scaled by the eye distance `d`, so it means the same on any photo size:
//!
//! - [`skin`]: this face's skin colour, from whichever of four patches
//!   (nose bridge, both cheeks, forehead) look like skin and agree with
//!   each other — a mask over the cheeks or a fringe over the forehead
//!   leaves the others;
//! - [`eyes`]: how open each eye is — the dark iris's height through the
//!   eye centre (an open eye's iris is about 0.15 d tall, a closed eye's
//!   lid line 0.03 d);
//! - [`glasses`]: a spectacle frame's thin lines — the lower rims, the
//!   bridge and the outer rims — each the share of its window crossed by
//!   one coherent line;
//! - [`glare`]: near-white reflections over each eye, and the largest patch
//!   of each lens box's brightest colourless pixels (spectacle lenses);
//! - [`mouth`]: the gap between the lips — a dark mouth cavity or pale
//!   teeth under the mouth centre (closed lips leave a line 0.02 d thick);
//! - [`lower_face`]: the share of the face between nose and chin that is
//!   skin (a mask or a scarf covers it);
//! - [`crown`]: the colour just under the head's top (hair, or headwear);
//! - [`bun`]: how far the head's top outline (person mask) rises over its
//!   arc in the middle: a bun pinned on top;
//! - [`earrings`]: the largest jewel-like blob (lighter or more colourful
//!   than the skin, not skin, backdrop or hair) under each ear point;
//! - [`ears`]: the share of each ear's zone in the hair's colour (the
//!   crown's, nearer to it than to the skin);
//! - [`fringe`]: the shares of the brow bands and the eye windows in the
//!   hair's colour (a fringe over the brows or the eyes);
//! - [`necklace`]: the longest thin lines of their own colour joined
//!   across the neck under the chin and down its sides;
//! - [`collar`]: the neck's skin under the chin — its narrowest width
//!   and how far down the neckline lies (measured only where a profile
//!   declares `clothing.collar`: [`measure`] leaves it to the engine);
//! - [`shine`]: the share of the face's skin that is a strong specular
//!   highlight (much lighter, washed of colour).
//!
//! Each is a pure function of the frame and the landmarks, `None` where its
//! patches leave the frame; the rules' thresholds live in the profile
//! (`checks::pose`, `checks::occlusion`).

pub mod bun;
pub mod collar;
pub mod crown;
pub mod earrings;
pub mod ears;
pub mod eyes;
pub mod fringe;
pub mod glare;
pub mod glasses;
pub mod lower_face;
pub mod mouth;
pub mod necklace;
pub mod sclera;
pub mod shine;
pub mod skin;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::colour::lab_fast;
use crate::decode::Frame;
use crate::landmarks::Landmarks;
use crate::segment::Segmentation;

pub use skin::SkinTone;

/// What the parts measures found on a located face.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FaceParts {
    /// This face's skin colour and where it was sampled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skin: Option<SkinTone>,
    /// How open each eye is (image-left, image-right): the iris's height
    /// through the eye centre over the eye distance; `null` for an eye
    /// covered by hair or an object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eye_opening: Option<[Option<f32>; 2]>,
    /// The spectacle frame's lines: the shares of its windows crossed by a
    /// coherent thin line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub glasses: Option<glasses::GlassesFrame>,
    /// Share of near-white glare in each lens box (image-left,
    /// image-right).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lens_glare: Option<[f32; 2]>,
    /// The largest patch of each lens box's brightest colourless pixels,
    /// in square eye distances (a reflection in a lens).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub glare_patch: Option<[f32; 2]>,
    /// The gap between the lips over the eye distance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mouth_gap: Option<f32>,
    /// Share of the face between the nose and the chin that is skin.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lower_face_skin: Option<f32>,
    /// Median L\*a\*b\* just under the head's top, over its middle.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crown: Option<[f32; 3]>,
    /// How far the head's top rises over the arc of its outline, in face
    /// widths (a bun).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head_bump: Option<f32>,
    /// The frame's top edge cuts the head's top over its middle: it rises
    /// at least `head_bump`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub head_cut: bool,
    /// The largest jewel-like blob under each ear (image-left,
    /// image-right), in square eye distances; `null` for a side out of the
    /// frame.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub earrings: Option<[Option<f32>; 2]>,
    /// Share of each ear zone (image-left, image-right) in the hair's
    /// colour; `null` for a side out of the frame.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ear_hair: Option<[Option<f32>; 2]>,
    /// Shares of the brow bands and the eye windows in the hair's colour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fringe: Option<fringe::FringeCover>,
    /// The longest thin lines joined across the neck and down its sides,
    /// in eye distances (a necklace).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub necklace: Option<necklace::NeckLines>,
    /// Share of the face's skin that is a strong specular highlight.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shine: Option<f32>,
    /// The neck's skin down to the neckline (a collar narrows it); only
    /// where the profile declares `clothing.collar`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub neck: Option<collar::Neck>,
    /// Median L\*a\*b\* of the lightest tenth of the eye windows: the
    /// whites of open eyes (a colour cast tints them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sclera: Option<[f32; 3]>,
    /// The frame's black and white levels (luma's 1st percentile, brightest
    /// channel's 99th) where its tones are squeezed towards grey; absent
    /// otherwise. Colour limits scale with the range kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub squeezed: Option<[u8; 2]>,
}

/// Measure every part of the subject's face (the head's outline where the
/// photo was segmented).
pub fn measure(frame: &Frame<'_>, seg: Option<&Segmentation>, lm: &Landmarks) -> FaceParts {
    // Eyes under 8 px apart (or not located: NaN) leave nothing to measure.
    if lm.eye_distance().is_nan() || lm.eye_distance() < 8.0 {
        return FaceParts::default();
    }
    // What needs no skin colour to compare with…
    let whites = sclera::whites(frame, lm);
    let white = sclera::white_offset(whites);
    let lenses = glare::lenses(frame, lm, white);
    let levels = levels(frame, seg);
    let squeezed = crate::quality::squeezed(levels).then_some(levels);
    let tonal = tonal_scale(levels);
    let bump = seg.and_then(|seg| bun::bump(seg, lm));
    let unskinned = FaceParts {
        lens_glare: lenses.map(|g| g.shares),
        glare_patch: lenses.map(|g| g.patches),
        glasses: Some(glasses::frame(frame, lm)),
        necklace: necklace::lines(frame, lm),
        head_bump: bump.map(|b| b.rise),
        head_cut: bump.is_some_and(|b| b.cut),
        crown: crown::colour(frame, lm),
        sclera: whites,
        squeezed,
        ..FaceParts::default()
    };
    let Some(skin) = skin::tone(frame, lm, unskinned.crown) else {
        return unskinned;
    };
    // …and what does.
    let lower_face_skin = lower_face::skin_share(frame, lm, &skin);
    FaceParts {
        eye_opening: eyes::opening(frame, lm, &skin),
        mouth_gap: mouth::gap(frame, lm, &skin),
        lower_face_skin,
        shine: shine::share(frame, lm, &skin, unskinned.crown, white, tonal, lower_face_skin),
        earrings: Some(earrings::blobs(frame, seg, lm, &skin, tonal)),
        ear_hair: unskinned.crown.map(|crown| ears::hair_cover(frame, lm, &skin, crown)),
        fringe: unskinned.crown.map(|crown| fringe::cover(frame, lm, &skin, crown)),
        skin: Some(skin),
        ..unskinned
    }
}

/// [`frame_levels`] on the segmentation's reduction (every third pixel
/// of every third row: 2,100 samples of its 120 × 160 for 480 × 640), or on
/// every twelfth pixel of the frame.
pub fn levels(frame: &Frame<'_>, seg: Option<&Segmentation>) -> [u8; 2] {
    match seg {
        Some(s) => frame_levels(&s.reduced(), 3),
        None => frame_levels(frame, 12),
    }
}

/// [`frame_levels`] of a photo whose tones are squeezed towards grey
/// ([`crate::quality::squeezed`]); `None` for any other photo.
pub fn squeezed_levels(frame: &Frame<'_>, step: usize) -> Option<[u8; 2]> {
    let levels = frame_levels(frame, step);
    crate::quality::squeezed(levels).then_some(levels)
}

/// The black and white levels of a photo — its luma's 1st percentile and
/// its brightest channel's 99th —, read every `step`-th pixel of every
/// `step`-th row (on the segmentation's box-filtered reduction,
/// [`levels`]: the levels of broad areas decide).
pub fn frame_levels(frame: &Frame<'_>, step: usize) -> [u8; 2] {
    let width = frame.width as usize;
    let (mut luma, mut bright) = ([0u32; 256], [0u32; 256]);
    for row in frame.rgb.chunks_exact(3 * width.max(1)).step_by(step.max(1)) {
        for p in row.chunks_exact(3).step_by(step.max(1)) {
            luma[usize::from(crate::quality::luma([p[0], p[1], p[2]]))] += 1;
            bright[usize::from(p[0].max(p[1]).max(p[2]))] += 1;
        }
    }
    [
        crate::quality::percentile(&luma, 0.01),
        crate::quality::percentile(&bright, 0.99),
    ]
}

/// The share of the full tonal range a photo keeps: the span of its
/// levels ([`frame_levels`]) over 255 where its tones are squeezed towards
/// grey or it is under-exposed (nothing in it reaches `quality.exposure`'s
/// default `min_highlight`: a dim photo keeps the lower part of the range),
/// 1 for any other photo.
pub fn tonal_scale(levels: [u8; 2]) -> f32 {
    let [black, white] = levels;
    let dim = white < crate::params::ExposureParams::default().min_highlight;
    if crate::quality::squeezed(levels) || dim {
        f32::from(white.saturating_sub(black)) / 255.0
    } else {
        1.0
    }
}

/// The box `[x0, y0, x1, y1]` centred on `c`, `half` wide either side.
pub(crate) fn box_around(c: [f32; 2], half: [f32; 2]) -> [f32; 4] {
    [c[0] - half[0], c[1] - half[1], c[0] + half[0], c[1] + half[1]]
}

/// The lips' box (0.6 × 0.24 eye distances on the mouth centre), left out
/// of the skin measures.
fn lips_box(lm: &Landmarks) -> [f32; 4] {
    let d = lm.eye_distance();
    box_around(lm.mouth, [0.3 * d, 0.12 * d])
}

/// The median of `values` (the upper one of an even count); reorders them.
fn median(values: &mut [f32]) -> f32 {
    let mid = values.len() / 2;
    *values.select_nth_unstable_by(mid, f32::total_cmp).1
}

/// L\*a\*b\* samples gathered for their per-channel median (the crown's
/// colour, the hair's under a cover).
#[derive(Default)]
struct LabMedian([Vec<f32>; 3]);

impl LabMedian {
    fn push(&mut self, lab: [f32; 3]) {
        for (c, v) in self.0.iter_mut().zip(lab) {
            c.push(v);
        }
    }

    fn len(&self) -> usize {
        self.0[0].len()
    }

    /// The median of each channel; `None` without a sample.
    fn median(mut self) -> Option<[f32; 3]> {
        if self.len() == 0 {
            return None;
        }
        let [l, a, b] = &mut self.0;
        Some([median(l), median(a), median(b)])
    }
}

/// An axis-aligned window of the frame, clamped to it: `x0..x1`, `y0..y1`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Window {
    pub(crate) x0: usize,
    pub(crate) y0: usize,
    pub(crate) x1: usize,
    pub(crate) y1: usize,
}

impl Window {
    /// The window centred on `c`, `half` wide either side; `None` unless it
    /// lies wholly inside the frame and is at least 2 × 2.
    pub(crate) fn around(frame: &Frame<'_>, c: [f32; 2], half: [f32; 2]) -> Option<Window> {
        Window::inside([frame.width, frame.height], c, half)
    }

    /// [`Window::around`] in a plane of `size` (width, height).
    pub(crate) fn inside(size: [u32; 2], c: [f32; 2], half: [f32; 2]) -> Option<Window> {
        let (x0, x1) = ((c[0] - half[0]).round(), (c[0] + half[0]).round());
        let (y0, y1) = ((c[1] - half[1]).round(), (c[1] + half[1]).round());
        let inside = x0 >= 0.0 && y0 >= 0.0 && x1 <= size[0] as f32 && y1 <= size[1] as f32;
        (inside && x1 >= x0 + 2.0 && y1 >= y0 + 2.0).then_some(Window {
            x0: x0 as usize,
            y0: y0 as usize,
            x1: x1 as usize,
            y1: y1 as usize,
        })
    }

    fn width(&self) -> usize {
        self.x1 - self.x0
    }

    fn height(&self) -> usize {
        self.y1 - self.y0
    }

    /// Hand `visit` the L\*a\*b\* of every `step`-th pixel of the window
    /// (both ways), row by row, leaving out the pixels inside any of the
    /// boxes `holes` (`[x0, y0, x1, y1]`, edges included). Plain loops,
    /// inlined into each measure: an iterator chain ran them two to three
    /// times slower, an outlined call 20 % slower.
    #[inline]
    pub(crate) fn for_each_lab(
        self,
        frame: &Frame<'_>,
        step: usize,
        holes: &[[f32; 4]],
        mut visit: impl FnMut([f32; 3]),
    ) {
        let w = frame.width as usize;
        for y in (self.y0..self.y1).step_by(step) {
            for x in (self.x0..self.x1).step_by(step) {
                let (fx, fy) = (x as f32, y as f32);
                if holes
                    .iter()
                    .any(|b| (b[0]..=b[2]).contains(&fx) && (b[1]..=b[3]).contains(&fy))
                {
                    continue;
                }
                let i = (y * w + x) * 3;
                visit(lab_fast([frame.rgb[i], frame.rgb[i + 1], frame.rgb[i + 2]]));
            }
        }
    }

    /// The share of the window's pixels whose L\*a\*b\* colour passes
    /// `test`; `None` for an empty window.
    #[inline]
    pub(crate) fn share(self, frame: &Frame<'_>, mut test: impl FnMut([f32; 3]) -> bool) -> Option<f32> {
        let (mut n, mut hits) = (0u32, 0u32);
        self.for_each_lab(frame, 1, &[], |p| {
            n += 1;
            hits += u32::from(test(p));
        });
        (n > 0).then(|| hits as f32 / n as f32)
    }

    /// The window's pixels in L\*a\*b\*, row by row, into `out`.
    fn lab(&self, frame: &Frame<'_>, out: &mut Vec<[f32; 3]>) {
        out.clear();
        let w = frame.width as usize;
        for y in self.y0..self.y1 {
            let row = &frame.rgb[(y * w + self.x0) * 3..(y * w + self.x1) * 3];
            out.extend(row.chunks_exact(3).map(|p| lab_fast([p[0], p[1], p[2]])));
        }
    }
}

/// The quantile `q` (0.5: the median), over the columns of a `width`-wide
/// grid, of each column's longest run of `true` that reaches into rows
/// `band` (a single `false` inside a run is bridged: a catch-light in the
/// iris, a noisy pixel), in pixels; a column with no such run counts 0.
fn column_run(cells: &[bool], width: usize, band: std::ops::Range<usize>, q: f32) -> f32 {
    if width == 0 {
        return 0.0;
    }
    let height = cells.len() / width;
    let mut runs: Vec<usize> = (0..width)
        .map(|x| {
            let (mut best, mut start, mut len, mut gap) = (0, 0, 0, 0);
            for y in 0..=height {
                let on = y < height && cells[y * width + x];
                if on {
                    if len == 0 {
                        start = y;
                    }
                    len += 1 + gap;
                    gap = 0;
                } else if len > 0 && gap == 0 && y < height {
                    gap = 1;
                } else {
                    if len > 0 && start < band.end && start + len > band.start {
                        best = best.max(len);
                    }
                    len = 0;
                    gap = 0;
                }
            }
            best
        })
        .collect();
    runs.sort_unstable();
    let at = q.clamp(0.0, 1.0) * (runs.len() - 1) as f32;
    let (lo, hi) = (at.floor() as usize, at.ceil() as usize);
    let t = at - lo as f32;
    runs[lo] as f32 * (1.0 - t) + runs[hi] as f32 * t
}

/// A flat face for tests: eyes at (70, 100) and (130, 100) (d = 60),
/// nose tip (100, 140), mouth (100, 170), in a frame of at least 200 × 240.
#[cfg(test)]
pub(crate) fn flat_face() -> Landmarks {
    Landmarks {
        faces: vec![crate::landmarks::FaceBox {
            score: 0.9,
            bbox: [40.0, 50.0, 160.0, 210.0],
        }],
        eyes: [[70.0, 100.0], [130.0, 100.0]],
        nose: [100.0, 140.0],
        mouth: [100.0, 170.0],
        ..Landmarks::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: usize = 200;
    const H: usize = 240;
    const SKIN: [u8; 3] = [200, 150, 120];

    /// A flat face: eyes at (70, 100) and (130, 100) (d = 60), nose tip
    /// (100, 140), mouth (100, 170).
    fn landmarks() -> Landmarks {
        super::flat_face()
    }

    struct Canvas(Vec<u8>);

    impl Canvas {
        fn skin() -> Canvas {
            Canvas(SKIN.repeat(W * H))
        }
        /// Skin with open eyes and closed lips.
        fn face() -> Canvas {
            let mut face = Canvas::skin();
            face.eyes(true);
            face.mouth(false);
            face
        }
        fn fill(&mut self, inside: impl Fn(f32, f32) -> bool, rgb: [u8; 3]) {
            for y in 0..H {
                for x in 0..W {
                    if inside(x as f32, y as f32) {
                        self.0[(y * W + x) * 3..(y * W + x) * 3 + 3].copy_from_slice(&rgb);
                    }
                }
            }
        }
        fn eyes(&mut self, open: bool) {
            for cx in [70.0f32, 130.0] {
                if open {
                    self.fill(
                        |x, y| ((x - cx) / 14.0).powi(2) + ((y - 100.0) / 6.0).powi(2) <= 1.0,
                        [235, 230, 225],
                    );
                    self.fill(|x, y| (x - cx).hypot(y - 100.0) <= 5.5, [45, 32, 25]);
                } else {
                    self.fill(|x, y| (x - cx).abs() <= 13.0 && (y - 101.0).abs() <= 1.0, [40, 28, 24]);
                }
            }
        }
        fn mouth(&mut self, open: bool) {
            self.fill(
                |x, y| ((x - 100.0) / 18.0).powi(2) + ((y - 170.0) / 7.0).powi(2) <= 1.0,
                [175, 85, 85],
            );
            if open {
                self.fill(
                    |x, y| ((x - 100.0) / 14.0).powi(2) + ((y - 170.0) / 4.5).powi(2) <= 1.0,
                    [50, 20, 22],
                );
            } else {
                self.fill(
                    |x, y| (x - 100.0).abs() <= 16.0 && (y - 170.0).abs() < 0.5,
                    [90, 40, 40],
                );
            }
        }
        /// The frame, and the flat face's landmarks with ear points at
        /// (45, 110) and (155, 110).
        fn with_ears(&self) -> (Frame<'_>, Landmarks) {
            let frame = self.frame();
            let lm = Landmarks {
                ears: [[45.0, 110.0], [155.0, 110.0]],
                ..landmarks()
            };
            (frame, lm)
        }
        fn frame(&self) -> Frame<'_> {
            Frame {
                width: W as u32,
                height: H as u32,
                rgb: &self.0,
            }
        }
        fn measure(&self) -> FaceParts {
            measure(&self.frame(), None, &landmarks())
        }
    }

    #[test]
    fn hair_over_an_ear_is_the_crowns_colour_and_a_bare_ear_is_skin() {
        let hair = [45, 32, 25];
        let mut face = Canvas::face();
        // Hair falls over the image-left ear; the other ear is bare skin,
        // part of it in shade.
        face.fill(|x, y| x < 52.0 && (90.0..140.0).contains(&y), hair);
        face.fill(|x, y| x > 160.0 && (110.0..140.0).contains(&y), [150, 110, 88]);
        let (frame, lm) = face.with_ears();
        let skin = skin::tone(&frame, &lm, None).expect("skin");
        let crown = crate::colour::lab_fast(hair);
        let [l, r] = ears::hair_cover(&frame, &lm, &skin, crown);
        assert!(l.is_some_and(|c| c > 0.9) && r.is_some_and(|c| c < 0.05), "{l:?} {r:?}");
        // Fair hair close to the skin: the ear stays skin.
        let fair = crate::colour::lab_fast([210, 165, 125]);
        let [_, r] = ears::hair_cover(&frame, &lm, &skin, fair);
        assert!(r.is_some_and(|c| c < 0.3), "{r:?}");
    }

    #[test]
    fn a_fringe_over_the_brows_is_the_hairs_colour_and_bare_brows_are_not() {
        let hair = [45, 32, 25];
        let crown = crate::colour::lab_fast(hair);
        let mut face = Canvas::face();
        // Thin brows 0.25 d above the eyes.
        face.fill(
            |x, y| ((x - 70.0).abs() < 14.0 || (x - 130.0).abs() < 14.0) && (82.0..86.0).contains(&y),
            hair,
        );
        let (frame, lm) = face.with_ears();
        let skin = skin::tone(&frame, &lm, None).expect("skin");
        let bare = fringe::cover(&frame, &lm, &skin, crown);
        for share in bare.brows.iter().chain(&bare.eyes) {
            assert!(share.is_some_and(|s| s < 0.4), "{bare:?}");
        }
        // A fringe down to the eyes' middle.
        let mut face = Canvas::face();
        face.fill(|_, y| y < 101.0, hair);
        let (frame, lm) = face.with_ears();
        let fringed = fringe::cover(&frame, &lm, &skin, crown);
        for share in fringed.brows {
            assert!(share.is_some_and(|s| s > 0.95), "{fringed:?}");
        }
        for share in fringed.eyes {
            assert!(share.is_some_and(|s| s > 0.5), "{fringed:?}");
        }
    }

    #[test]
    fn under_a_cap_the_hair_is_read_in_the_brow_bands_not_on_the_crown() {
        let (hair, cap) = ([45, 32, 25], [160, 35, 40]);
        let cap_lab = crate::colour::lab_fast(cap);
        // A fringe down to the eyes' middle under a cap whose brim reaches
        // the brow bands' top.
        let mut face = Canvas::face();
        face.fill(|_, y| y < 101.0, hair);
        face.fill(|_, y| y < 79.0, cap);
        let (frame, lm) = face.with_ears();
        let skin = skin::tone(&frame, &lm, None).expect("skin");
        let found = fringe::hair_under_cover(&frame, &lm, &skin, Some(cap_lab)).expect("a colour");
        assert!(
            crate::colour::delta_e_lab(found, crate::colour::lab_fast(hair)) < 3.0,
            "{found:?}"
        );
        let fringed = fringe::cover(&frame, &lm, &skin, found);
        assert!(
            fringed
                .brows
                .iter()
                .chain(&fringed.eyes)
                .all(|s| s.is_some_and(|s| s > 0.5)),
            "{fringed:?}"
        );
        // Bare skin under the cap: nothing there but skin and the brim.
        let mut face = Canvas::face();
        face.fill(|_, y| y < 79.0, cap);
        let (frame, lm) = face.with_ears();
        assert_eq!(fringe::hair_under_cover(&frame, &lm, &skin, Some(cap_lab)), None);
        // Without the cap's colour to leave out, the brim is what is found.
        assert!(fringe::hair_under_cover(&frame, &lm, &skin, None).is_some());
    }

    #[test]
    fn a_brown_fringe_down_to_the_nose_bridge_ties_with_the_cheeks_and_loses_to_them() {
        // Brown hair (on the skin locus) over the forehead and the nose
        // bridge: two patches of hair agree, as the two cheeks do.
        let hair = [120, 80, 55];
        let mut face = Canvas::face();
        face.fill(|_, y| y < 116.0, hair);
        let frame = face.frame();
        let lm = landmarks();
        let skin_lab = crate::colour::lab_fast(SKIN);
        // Without the crown's colour the first patch in voting order wins.
        let blind = skin::tone(&frame, &lm, None).expect("skin");
        assert_eq!(blind.patches, [skin::SkinPatch::NoseBridge, skin::SkinPatch::Forehead]);
        // The group of the crown's colour is the hair.
        let seen = skin::tone(&frame, &lm, Some(crate::colour::lab_fast(hair))).expect("skin");
        assert_eq!(seen.patches, [skin::SkinPatch::LeftCheek, skin::SkinPatch::RightCheek]);
        assert!(crate::colour::delta_e_lab(seen.lab, skin_lab) < 3.0, "{:?}", seen.lab);
        // A crown of another colour (a cap) breaks no tie.
        let capped = skin::tone(&frame, &lm, Some(crate::colour::lab_fast([160, 35, 40]))).expect("skin");
        assert_eq!(capped.patches, blind.patches);
    }

    #[test]
    fn a_fringe_of_the_skins_hue_is_told_from_the_skin_by_its_lightness() {
        // Dark brown hair, a deep shade of the skin's colour (under half its
        // lightness, the same hue), over the eyes and under a cap.
        let (hair, cap) = ([88, 62, 50], [160, 35, 40]);
        let mut face = Canvas::face();
        face.fill(|_, y| y < 115.0, hair);
        face.fill(|_, y| y < 79.0, cap);
        let (frame, lm) = face.with_ears();
        let skin = skin::tone(&frame, &lm, None).expect("skin");
        let hair_lab = crate::colour::lab_fast(hair);
        // Compared with the skin at its own lightness the hair is skin in
        // shade…
        assert!(
            ears::to_skin(hair_lab, &skin) < fringe::NOT_SKIN,
            "{hair_lab:?} {skin:?}"
        );
        // …but darker than its deepest shade: under the cap it is found.
        let found = fringe::hair_under_cover(&frame, &lm, &skin, Some(crate::colour::lab_fast(cap))).expect("a colour");
        assert!(crate::colour::delta_e_lab(found, hair_lab) < 3.0, "{found:?}");
        // Both eye windows are the hair's colour by lightness.
        let fringed = fringe::cover(&frame, &lm, &skin, found);
        assert!(
            fringed.eyes_by_lightness.iter().all(|s| s.is_some_and(|s| s > 0.9)),
            "{fringed:?}"
        );
        // Bare open eyes: the iris passes, the whites and the lids do not.
        let face = Canvas::face();
        let bare = fringe::cover(&face.with_ears().0, &lm, &skin, found);
        assert!(
            bare.eyes_by_lightness.iter().all(|s| s.is_some_and(|s| s < 0.6)),
            "{bare:?}"
        );
    }

    #[test]
    fn a_gold_stud_under_an_ear_is_a_jewel_and_a_fold_in_shade_is_not() {
        let mut face = Canvas::face();
        // Under the image-left ear a gold stud; under the other a fold of
        // skin in shade (the skin's hue, deeper and darker).
        face.fill(|x, y| (x - 40.0).hypot(y - 140.0) <= 4.0, [235, 205, 110]);
        face.fill(|x, y| (x - 160.0).hypot(y - 140.0) <= 4.0, [150, 70, 40]);
        let (frame, lm) = face.with_ears();
        let [l, r] = measure(&frame, None, &lm).earrings.expect("measured");
        assert!(l.is_some_and(|b| b > 0.01) && r == Some(0.0), "{l:?} {r:?}");
        let bare = Canvas::skin();
        let frame = Frame { rgb: &bare.0, ..frame };
        assert_eq!(measure(&frame, None, &lm).earrings, Some([Some(0.0); 2]));
    }

    #[test]
    fn a_spectacle_frame_draws_lines_where_a_bare_face_has_none() {
        let frame_c = [35, 30, 30];
        let mut face = Canvas::face();
        // A shadow's edge across the cheeks is an edge, not a line.
        face.fill(|_, y| y >= 125.0, [180, 134, 107]);
        let bare = face.measure().glasses.expect("measured");
        assert_eq!(bare.lines(), (0, 5), "{bare:?}");
        // Rims 0.36 d either side of each eye and 0.2 d above and below
        // it, 2 px thick, and a bridge between them.
        for cx in [70.0f32, 130.0] {
            let rim = move |x: f32, y: f32| {
                let (dx, dy) = ((x - cx).abs(), (y - 100.0).abs());
                (dx <= 22.0 && (11.0..13.0).contains(&dy)) || (dy <= 13.0 && (20.0..22.0).contains(&dx))
            };
            face.fill(rim, frame_c);
        }
        face.fill(|x, y| (92.0..=108.0).contains(&x) && (96.0..98.0).contains(&y), frame_c);
        let worn = face.measure().glasses.expect("measured");
        assert_eq!(worn.lines(), (5, 5), "{worn:?}");
        assert_eq!(worn.faint_lines, 5, "{worn:?}");
        assert_eq!(bare.faint_lines, 0, "{bare:?}");
        // The same frame smeared by blur: 5 L* darker than the skin, under
        // a line's contrast, over a faint line's.
        let mut smeared = Canvas::face();
        smeared.fill(|_, y| y >= 125.0, [180, 134, 107]);
        for cx in [70.0f32, 130.0] {
            let rim = move |x: f32, y: f32| {
                let (dx, dy) = ((x - cx).abs(), (y - 100.0).abs());
                (dx <= 22.0 && (11.0..13.0).contains(&dy)) || (dy <= 13.0 && (20.0..22.0).contains(&dx))
            };
            smeared.fill(rim, [183, 136, 108]);
        }
        smeared.fill(
            |x, y| (92.0..=108.0).contains(&x) && (96.0..98.0).contains(&y),
            [183, 136, 108],
        );
        let faint = smeared.measure().glasses.expect("measured");
        assert_eq!((faint.lines(), faint.faint_lines), ((0, 5), 5), "{faint:?}");
        // Rims tilted 14° under each eye, as the landmarks' roll reports:
        // the lines still line up.
        let mut tilted = Canvas::skin();
        tilted.eyes(true);
        let slope = 14f32.to_radians().tan();
        for cx in [70.0f32, 130.0] {
            tilted.fill(
                move |x, y| (x - cx).abs() <= 22.0 && (11.0..13.0).contains(&(y - 100.0 - slope * (x - cx))),
                frame_c,
            );
        }
        let frame = tilted.frame();
        let mut lm = landmarks();
        lm.pose.roll = 14.0;
        let rolled = glasses::frame(&frame, &lm);
        let lower = |g: glasses::GlassesFrame| g.lower_rims.map(|s| s.unwrap_or(0.0));
        assert!(lower(rolled).iter().all(|&s| s > 0.9), "{rolled:?}");
    }

    #[test]
    fn open_and_closed_eyes_and_lips() {
        let face = Canvas::face();
        let parts = face.measure();
        let skin = parts.skin.as_ref().expect("skin found");
        assert_eq!(skin.patches.len(), 4, "{skin:?}");
        let [l, r] = parts.eye_opening.unwrap();
        assert!(l.unwrap() > 0.12 && r.unwrap() > 0.12, "{parts:?}");
        assert!(parts.mouth_gap.unwrap() < 0.03, "{parts:?}");
        assert!(parts.lower_face_skin.unwrap() > 0.95, "{parts:?}");
        assert!(parts.shine.unwrap() < 0.01, "{parts:?}");

        let mut face = Canvas::skin();
        face.eyes(false);
        face.mouth(true);
        let parts = face.measure();
        let [l, r] = parts.eye_opening.unwrap();
        assert!(l.unwrap() < 0.06 && r.unwrap() < 0.06, "{parts:?}");
        assert!(parts.mouth_gap.unwrap() > 0.1, "{parts:?}");
    }

    #[test]
    fn a_mask_covers_the_lower_face_and_highlights_shine() {
        let mut face = Canvas::skin();
        face.eyes(true);
        face.fill(|x, y| y >= 138.0 && (x - 100.0).abs() <= 60.0, [165, 205, 230]);
        let parts = face.measure();
        // The cheeks' patches stay above the mask; the skin is still found.
        assert!(parts.skin.is_some(), "{parts:?}");
        assert!(parts.lower_face_skin.unwrap() < 0.05, "{parts:?}");

        let mut face = Canvas::face();
        face.fill(|x, y| (x - 100.0).hypot(y - 70.0) <= 12.0, [252, 248, 242]);
        face.fill(|x, y| (x - 100.0).hypot(y - 135.0) <= 7.0, [252, 248, 242]);
        let parts = face.measure();
        assert!(parts.shine.unwrap() > 0.05, "{parts:?}");
        // A highlight on the forehead patch does not become the skin.
        assert!(parts.skin.unwrap().lab[0] < 70.0);
    }

    #[test]
    fn a_fringe_over_the_forehead_is_neither_skin_nor_a_highlight() {
        use crate::colour::lab_fast;
        // What `measure` does with a crown (the flat face has no head top).
        let shine = |face: &Canvas, hair: [u8; 3]| {
            let (frame, lm) = (face.frame(), landmarks());
            let skin = skin::tone(&frame, &lm, None).expect("skin");
            shine::share(&frame, &lm, &skin, Some(lab_fast(hair)), [0.0; 2], 1.0, Some(1.0)).unwrap()
        };
        let cheeks = |face: &mut Canvas| {
            for cx in [78.0, 122.0] {
                face.fill(|x, y| (x - cx).hypot(y - 132.0) <= 6.0, [252, 248, 242]);
            }
        };
        // Dark, colourless hair down to the brows leaves the highlights on
        // the cheeks reading as highlights (counted in, it made the skin's
        // reference dark and grey: nothing read washed).
        let (dark, brown) = ([40, 38, 36], [120, 72, 42]);
        let mut face = Canvas::face();
        cheeks(&mut face);
        face.fill(|_, y| y < 84.0, dark);
        assert!(shine(&face, dark) > 0.05, "{}", shine(&face, dark));
        // A brown fringe, as saturated as the skin is pale, does not make
        // the face read washed; with highlights it reads them.
        let mut face = Canvas::face();
        face.fill(|_, y| y < 84.0, brown);
        assert!(shine(&face, brown) < 0.01, "{}", shine(&face, brown));
        cheeks(&mut face);
        assert!(shine(&face, brown) > 0.05, "{}", shine(&face, brown));
    }

    #[test]
    fn under_a_mask_only_the_skin_above_it_is_read() {
        let mask = [165, 205, 230];
        let mut face = Canvas::face();
        // The mask's edge, blended with the skin into pale greys, and the
        // mask.
        face.fill(|_, y| (126.0..130.0).contains(&y), [205, 200, 198]);
        face.fill(|_, y| y >= 130.0, mask);
        let parts = face.measure();
        assert!(parts.lower_face_skin.unwrap() < 0.05, "{parts:?}");
        assert!(parts.shine.unwrap() < 0.01, "{parts:?}");
        // A highlight on the forehead still counts.
        face.fill(|x, y| (x - 100.0).hypot(y - 72.0) <= 8.0, [252, 248, 242]);
        assert!(face.measure().shine.unwrap() > 0.05);
    }

    #[test]
    fn hair_over_an_eye_is_not_measured() {
        let mut face = Canvas::skin();
        face.eyes(true);
        face.fill(|x, y| x < 100.0 && (70.0..=115.0).contains(&y), [30, 24, 22]);
        let [l, r] = face.measure().eye_opening.unwrap();
        assert_eq!(l, None);
        assert!(r.unwrap() > 0.12);
    }

    #[test]
    fn tones_squeezed_towards_grey_or_dim_scale_the_limits() {
        // A ramp over the whole range, then the same squeezed to 0.4 around
        // 128 (black at 77, white at 179).
        let ramp: Vec<u8> = (0..64 * 64).flat_map(|i| [((i % 64) * 4) as u8; 3]).collect();
        let frame = |rgb: &[u8]| {
            tonal_scale(frame_levels(
                &Frame {
                    width: 64,
                    height: 64,
                    rgb,
                },
                1,
            ))
        };
        assert_eq!(frame(&ramp), 1.0);
        let squeezed: Vec<u8> = ramp
            .iter()
            .map(|&v| (128.0 + 0.4 * (f32::from(v) - 128.0)) as u8)
            .collect();
        let scale = frame(&squeezed);
        assert!((0.35..0.42).contains(&scale), "{scale}");
        // A dark photo (nothing light) is not squeezed — its black is black
        // — but keeps only the range up to its white.
        let dark: Vec<u8> = ramp.iter().map(|&v| v / 2).collect();
        let dim = Frame {
            width: 64,
            height: 64,
            rgb: &dark,
        };
        assert_eq!(squeezed_levels(&dim, 1), None);
        let scale = frame(&dark);
        assert!((0.45..0.51).contains(&scale), "{scale}");
        // A photo whose white reaches `min_highlight` keeps the whole range.
        let lit: Vec<u8> = ramp.iter().map(|&v| (u16::from(v) * 2 / 3) as u8).collect();
        assert_eq!(frame(&lit), 1.0);
    }

    #[test]
    fn column_runs_bridge_single_gaps_and_take_a_quantile() {
        // Three columns: runs of 4 (one gap bridged), 1 and 4.
        #[rustfmt::skip]
        let cells = [
            true,  false, true,
            false, true,  true,
            true,  false, true,
            true,  false, true,
            false, false, false,
        ];
        assert_eq!(column_run(&cells, 3, 0..5, 0.5), 4.0);
        assert_eq!(column_run(&cells[..6], 3, 0..2, 0.5), 1.0);
        assert_eq!(column_run(&[], 0, 0..1, 0.5), 0.0);
        // Rows 1–4 only, runs reaching into their first row: column 0's
        // run (from that grid's row 1) counts 0, column 1's 1, column 2's 3.
        assert_eq!(column_run(&cells[3..], 3, 0..1, 0.5), 1.0);
        assert_eq!(column_run(&cells[3..], 3, 0..2, 0.5), 2.0);
        assert_eq!(column_run(&cells[3..], 3, 0..2, 0.75), 2.5);
    }

    #[test]
    fn windows_stay_inside_the_frame() {
        let rgb = vec![0u8; 20 * 10 * 3];
        let frame = Frame {
            width: 20,
            height: 10,
            rgb: &rgb,
        };
        let w = Window::around(&frame, [10.0, 5.0], [3.0, 2.0]).unwrap();
        assert_eq!((w.x0, w.y0, w.width(), w.height()), (7, 3, 6, 4));
        assert!(Window::around(&frame, [1.0, 5.0], [3.0, 2.0]).is_none());
        assert!(Window::around(&frame, [10.0, 5.0], [0.5, 0.5]).is_none());
    }
}

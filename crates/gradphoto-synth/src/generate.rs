//! Labelled photo sets: sample attributes (deterministic for a seed), paint
//! and encode in parallel, and write `labels.jsonl` whose expected rules are
//! computed from the attributes and the profile — one source of truth.

use std::collections::HashSet;
use std::path::Path;

use anyhow::{Context, Result, bail};
use fastrand::Rng;
use gradphoto::params::ColourName;
use gradphoto::{Profile, RuleId};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::attrs::{Attributes, FileCase, Geometry, HairStyle, NameCase, Neckline, PALETTE, Pattern, Rgb, palette};
use crate::paint::paint;
use crate::{JpegOptions, encode_jpeg};

/// The share of compliant photos and, among the others, of photos with
/// several violations. Parsed from `compliant=0.4,multi=0.25`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Mix {
    /// Share of photos with no violation. Default 0.4.
    pub compliant: f32,
    /// Share of violating photos with 2–3 violations. Default 0.25.
    pub multi: f32,
}

impl Default for Mix {
    fn default() -> Self {
        Mix {
            compliant: 0.4,
            multi: 0.25,
        }
    }
}

impl std::str::FromStr for Mix {
    type Err = String;
    fn from_str(s: &str) -> Result<Mix, String> {
        let mut mix = Mix::default();
        for part in s.split(',').filter(|p| !p.trim().is_empty()) {
            let (k, v) = part
                .split_once('=')
                .ok_or_else(|| format!("`{part}`: expected KEY=VALUE"))?;
            let v: f32 = v.trim().parse().map_err(|_| format!("`{part}`: not a number"))?;
            if !(0.0..=1.0).contains(&v) {
                return Err(format!("`{part}`: must be between 0 and 1"));
            }
            match k.trim() {
                "compliant" => mix.compliant = v,
                "multi" => mix.multi = v,
                other => return Err(format!("unknown mix key `{other}` (compliant, multi)")),
            }
        }
        Ok(mix)
    }
}

/// One line of `labels.jsonl`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Label {
    /// File name, relative to the labels file.
    pub file: String,
    /// The profile the expectations are for.
    pub profile: String,
    /// Rules that must fire on this photo under that profile.
    pub expected_rules: Vec<RuleId>,
    /// The violations the generator put in (its own vocabulary).
    pub violations: Vec<String>,
    /// Every attribute.
    pub attributes: Attributes,
    /// Ground-truth geometry, output pixels.
    pub geometry: Geometry,
}

/// Violation kinds the generator can put in a photo.
const KINDS: &[&str] = &[
    "background-white",
    "background-red",
    "background-grey",
    "background-dark",
    "background-gradient",
    "background-object",
    "background-shadow",
    "second-person",
    "clothing-forbidden",
    "clothing-low-contrast",
    "clothing-stripes",
    "clothing-checks",
    "hood",
    "no-collar",
    "earrings",
    "necklace",
    "glasses",
    "lens-glare",
    "headwear",
    "hair-over-eyebrows",
    "hair-over-eyes",
    "hair-over-ears",
    "face-mask",
    "top-bun",
    "eyes-closed",
    "mouth-open",
    "roll",
    "yaw",
    "shoulder-tilt",
    "head-small",
    "head-large",
    "off-centre",
    "head-high",
    "exposure-dark",
    "exposure-bright",
    "low-contrast",
    "blur",
    "noise",
    "heavy-compression",
    "colour-cast",
    "skin-shine",
    "beauty-filter",
    "wrong-dimensions",
    "too-large",
    "png-named-jpg",
    "truncated",
    "cmyk",
    "greyscale",
    "wrong-check-digit",
    "fifteen-digit-id",
    "not-an-id",
];

/// Violation kinds that break the file: they go alone, since nothing else
/// can be checked on such a file.
const FILE_BREAKING: &[&str] = &["png-named-jpg", "truncated", "cmyk", "greyscale"];

/// Thresholds the labels use for quantities that have no profile parameter
/// yet (documented in `testdata/README.md`); the sampled values keep well
/// clear of them, on both sides.
pub mod limits {
    /// Clothing–background ΔE76 kept clear of `clothing.contrast`'s
    /// threshold (the profile's `min_delta_e`, 20 in every built-in) when
    /// choosing compliant clothing colours.
    pub const MIN_CONTRAST_DELTA_E: f32 = 20.0;
    /// Background brightness change top to bottom beyond which `background.uniform` is expected,
    /// provided the photographed gradient exceeds the profile's `max_gradient` (ΔL\* per frame height).
    pub const MAX_GRADIENT: f32 = 0.15;
    /// Lightness drop (ΔL\*) of the backdrop in the core of the painted
    /// shadow, as photographed, from which `background.shadow` is expected:
    /// an over-exposed photo clips the lit backdrop and its shadow alike, and
    /// the shadow fades out of sight.
    pub const MIN_SHADOW_DELTA_L: f32 = 6.0;
    /// Share of the height below which the top of the shoulders must start
    /// for the clothing rules (colour, contrast, pattern) to be expected.
    pub const MIN_CLOTHING_TOP: f32 = 0.88;
    /// How much the painter's shadow darkens the backdrop at its core.
    pub const SHADOW_DEPTH: f32 = 0.28;
}

fn jitter(rng: &mut Rng, c: Rgb, by: i32) -> Rgb {
    c.map(|v| (i32::from(v) + rng.i32(-by..=by)).clamp(0, 255) as u8)
}

fn range(rng: &mut Rng, lo: f32, hi: f32) -> f32 {
    lo + rng.f32() * (hi - lo)
}

fn pick<T: Copy>(rng: &mut Rng, items: &[T]) -> T {
    items[rng.usize(..items.len())]
}

const SKINS: &[Rgb] = &[
    [241, 206, 180],
    [231, 188, 154],
    [214, 168, 132],
    [190, 140, 105],
    [160, 112, 80],
    [118, 80, 58],
];
const HAIRS: &[Rgb] = &[[22, 18, 17], [35, 27, 22], [55, 38, 28], [80, 58, 40]];
const CHSI_BLUE: Rgb = [100, 197, 255];
const STUDIO_BLUE: Rgb = [67, 142, 219];

/// A compliant photo under `profile`, varied by `rng`.
pub fn compliant(rng: &mut Rng, profile: &Profile) -> Attributes {
    let (bg, kind) = if rng.f32() < 0.7 {
        (jitter(rng, CHSI_BLUE, 6), "chsi-blue")
    } else {
        (jitter(rng, STUDIO_BLUE, 8), "studio-blue")
    };
    let collar_needed = profile.rules.clothing_collar.is_some();
    let neckline = if collar_needed {
        pick(rng, &[Neckline::Suit, Neckline::Suit, Neckline::Shirt])
    } else {
        pick(
            rng,
            &[Neckline::Suit, Neckline::Suit, Neckline::Shirt, Neckline::TShirt],
        )
    };
    let allowed = clothing_choices(profile, bg, false, neckline);
    let clothing_name = pick(rng, &allowed);
    let face_rx = range(rng, 96.0, 114.0);
    let face_ry = face_rx * range(rng, 1.26, 1.36);
    const STYLES: &[HairStyle] = &[
        HairStyle::Short,
        HairStyle::Short,
        HairStyle::Bob,
        HairStyle::LongBehind,
        HairStyle::Bangs,
        HairStyle::Buzz,
    ];
    let hair_style = pick(rng, STYLES);
    // Head top 62–98 px and eye line ≥ 208 px (CHSI: 50–110 and 200–300).
    let top = crate::paint::head_top_factor(hair_style, false, false);
    let head_top = range(rng, 62.0f32.max(208.0 - (top + crate::paint::EYE_V) * face_ry), 98.0);
    let (skin, hair) = (pick(rng, SKINS), pick(rng, HAIRS));
    Attributes {
        background: bg,
        background_kind: kind.into(),
        background_gradient: range(rng, 0.0, 0.06),
        background_shadow: false,
        background_object: false,
        second_person: false,
        skin: jitter(rng, skin, 6),
        hair: jitter(rng, hair, 5),
        hair_style,
        hair_over_eyebrows: false,
        hair_over_eyes: false,
        top_bun: false,
        neckline,
        clothing_name,
        clothing: jitter(rng, palette(clothing_name), 8),
        pattern: Pattern::Plain,
        earrings: false,
        necklace: false,
        glasses: profile
            .rules
            .accessory_glasses
            .as_ref()
            .is_none_or(|g| !g.params.forbid_all)
            && rng.f32() < 0.15,
        lens_glare: false,
        headwear: false,
        face_mask: false,
        eyes_closed: false,
        mouth_open: false,
        face_cx: 240.0 + range(rng, -8.0, 8.0),
        face_cy: head_top + top * face_ry,
        face_rx,
        face_ry,
        roll_deg: range(rng, -2.0, 2.0),
        yaw_deg: range(rng, -4.0, 4.0),
        shoulder_tilt_deg: range(rng, -2.0, 2.0),
        exposure: range(rng, 0.94, 1.06),
        contrast: range(rng, 0.95, 1.05),
        blur: 0.0,
        noise: range(rng, 1.2, 2.5),
        colour_gain: [range(rng, 0.98, 1.02), 1.0, range(rng, 0.98, 1.02)],
        skin_shine: false,
        beauty_filter: false,
        light_x: range(rng, -0.6, 0.6),
        file: FileCase::Normal,
        name: NameCase::Valid,
        width: 480,
        height: 640,
        jpeg_quality: rng.u8(85..=89),
    }
}

/// Clothing colours for a neckline: allowed ones (not forbidden, clearly
/// different from the background) or forbidden ones.
fn clothing_choices(profile: &Profile, bg: Rgb, forbidden: bool, neckline: Neckline) -> Vec<ColourName> {
    let banned: &[ColourName] = profile
        .rules
        .clothing_colour
        .as_ref()
        .map_or(&[], |r| &r.params.forbidden);
    let jackets = [ColourName::Black, ColourName::Navy, ColourName::Grey, ColourName::Brown];
    PALETTE
        .iter()
        .map(|(n, _)| *n)
        .filter(|n| banned.contains(n) == forbidden)
        .filter(|n| forbidden || neckline != Neckline::Suit || jackets.contains(n))
        .filter(|&n| gradphoto::colour::delta_e(palette(n), bg) > limits::MIN_CONTRAST_DELTA_E + 12.0)
        .collect()
}

/// Whether a violation kind can be expressed under this profile.
fn applicable(kind: &str, profile: &Profile) -> bool {
    let r = &profile.rules;
    match kind {
        "clothing-forbidden" => r
            .clothing_colour
            .as_ref()
            .is_some_and(|c| !c.params.forbidden.is_empty()),
        "no-collar" => r.clothing_collar.is_some(),
        "glasses" => r.accessory_glasses.as_ref().is_some_and(|g| g.params.forbid_all),
        _ => true,
    }
}

/// Apply one violation to compliant attributes.
fn apply(kind: &str, a: &mut Attributes, rng: &mut Rng, profile: &Profile) {
    match kind {
        "background-white" => (a.background, a.background_kind) = (jitter(rng, [250, 250, 250], 4), "white".into()),
        "background-red" => (a.background, a.background_kind) = (jitter(rng, [200, 30, 35], 10), "red".into()),
        "background-grey" => (a.background, a.background_kind) = (jitter(rng, [170, 172, 175], 12), "grey".into()),
        // Dark studio backdrops (navy, charcoal): dark hair against them is
        // the hard case of segmentation.
        "background-dark" => {
            (a.background, a.background_kind) = if rng.bool() {
                (jitter(rng, [28, 40, 82], 8), "dark-blue".into())
            } else {
                (jitter(rng, [58, 60, 64], 8), "charcoal".into())
            }
        }
        "background-gradient" => a.background_gradient = range(rng, 0.28, 0.45),
        "background-object" => a.background_object = true,
        "second-person" => a.second_person = true,
        "background-shadow" => a.background_shadow = true,
        "clothing-forbidden" => {
            let choices = clothing_choices(profile, a.background, true, Neckline::Shirt);
            if let Some(&name) = choices.get(rng.usize(..choices.len().max(1))) {
                a.neckline = Neckline::Shirt;
                (a.clothing_name, a.clothing) = (name, jitter(rng, palette(name), 6));
            }
        }
        "clothing-low-contrast" => {
            a.neckline = Neckline::Shirt;
            a.clothing = jitter(rng, a.background, 6);
            a.clothing_name = nearest_name(a.clothing);
        }
        "clothing-stripes" => a.pattern = Pattern::Stripes,
        "clothing-checks" => a.pattern = Pattern::Checks,
        "hood" => a.neckline = Neckline::Hoodie,
        "no-collar" => a.neckline = Neckline::TShirt,
        "earrings" => {
            a.earrings = true;
            if matches!(a.hair_style, HairStyle::LongOverEars) {
                a.hair_style = HairStyle::Short;
            }
        }
        "necklace" => {
            a.necklace = true;
            if profile.rules.clothing_collar.is_none() {
                a.neckline = Neckline::TShirt; // show the neck
            }
        }
        "glasses" => a.glasses = true,
        "lens-glare" => (a.glasses, a.lens_glare) = (true, true),
        "headwear" => (a.headwear, a.top_bun) = (true, false),
        "hair-over-eyebrows" => a.hair_over_eyebrows = true,
        "hair-over-eyes" => a.hair_over_eyes = true,
        "hair-over-ears" => (a.hair_style, a.earrings) = (HairStyle::LongOverEars, false),
        "face-mask" => a.face_mask = true,
        "top-bun" => (a.top_bun, a.headwear) = (true, false),
        "eyes-closed" => a.eyes_closed = true,
        "mouth-open" => a.mouth_open = true,
        "roll" => a.roll_deg = range(rng, 9.0, 16.0) * if rng.bool() { 1.0 } else { -1.0 },
        "yaw" => a.yaw_deg = range(rng, 22.0, 35.0) * if rng.bool() { 1.0 } else { -1.0 },
        "shoulder-tilt" => a.shoulder_tilt_deg = range(rng, 8.0, 14.0) * if rng.bool() { 1.0 } else { -1.0 },
        "head-small" => resize_face(a, range(rng, 64.0, 80.0)),
        "head-large" => resize_face(a, range(rng, 165.0, 180.0)),
        "off-centre" => a.face_cx = 240.0 + range(rng, 50.0, 75.0) * if rng.bool() { 1.0 } else { -1.0 },
        "head-high" => a.face_cy = range(rng, 10.0, 35.0) + crate::paint::HAIR_TOP * a.face_ry,
        "exposure-dark" => a.exposure = range(rng, 0.4, 0.55),
        "exposure-bright" => a.exposure = range(rng, 1.55, 1.85),
        "low-contrast" => a.contrast = range(rng, 0.3, 0.45),
        "blur" => a.blur = range(rng, 2.8, 4.5),
        "noise" => a.noise = range(rng, 14.0, 22.0),
        "heavy-compression" => a.jpeg_quality = rng.u8(6..=18),
        "colour-cast" => {
            a.colour_gain = pick(
                rng,
                &[[1.3, 1.0, 0.75], [0.75, 1.0, 1.3], [0.85, 1.25, 0.85], [1.2, 1.1, 0.7]],
            )
        }
        "skin-shine" => a.skin_shine = true,
        "beauty-filter" => a.beauty_filter = true,
        "wrong-dimensions" => {
            let (w, h) = pick(rng, &[(413, 579), (358, 441), (600, 800), (390, 567)]);
            (a.file, a.width, a.height) = (FileCase::WrongDimensions, w, h);
        }
        "too-large" => (a.file, a.jpeg_quality, a.noise) = (FileCase::TooLarge, 97, a.noise.max(4.0)),
        // A PNG export of the studio's clean master (noise would make it huge).
        "png-named-jpg" => (a.file, a.noise) = (FileCase::PngNamedJpg, 0.0),
        "truncated" => a.file = FileCase::Truncated,
        "cmyk" => a.file = FileCase::Cmyk,
        "greyscale" => a.file = FileCase::Greyscale,
        "wrong-check-digit" => a.name = NameCase::WrongCheck,
        "fifteen-digit-id" => a.name = NameCase::Fifteen,
        "not-an-id" => a.name = NameCase::NotAnId,
        other => unreachable!("unknown violation kind {other}"),
    }
}

/// Change the face size keeping the head top where it was.
fn resize_face(a: &mut Attributes, rx: f32) {
    let head_top = a.face_cy - crate::paint::HAIR_TOP * a.face_ry;
    let ratio = a.face_ry / a.face_rx;
    a.face_rx = rx;
    a.face_ry = rx * ratio;
    let head_top = if rx > 140.0 { head_top.min(60.0) } else { head_top };
    a.face_cy = head_top + crate::paint::HAIR_TOP * a.face_ry;
}

/// The palette name nearest to a colour (ΔE76).
pub fn nearest_name(c: Rgb) -> ColourName {
    PALETTE
        .iter()
        .min_by(|a, b| gradphoto::colour::delta_e(a.1, c).total_cmp(&gradphoto::colour::delta_e(b.1, c)))
        .map(|(n, _)| *n)
        .expect("palette is not empty")
}

/// Attributes and violations of photo `index` of a set.
pub fn sample(rng: &mut Rng, profile: &Profile, mix: Mix) -> (Attributes, Vec<String>) {
    let mut a = compliant(rng, profile);
    if rng.f32() < mix.compliant {
        return (a, Vec::new());
    }
    let kinds: Vec<&str> = KINDS.iter().copied().filter(|k| applicable(k, profile)).collect();
    let first = pick(rng, &kinds);
    let mut chosen = vec![first];
    if rng.f32() < mix.multi && !FILE_BREAKING.contains(&first) {
        let extra = rng.usize(1..=2);
        while chosen.len() < 1 + extra {
            let k = pick(rng, &kinds);
            if !chosen.contains(&k) && !FILE_BREAKING.contains(&k) {
                chosen.push(k);
            }
        }
    }
    for k in &chosen {
        apply(k, &mut a, rng, profile);
    }
    (a, chosen.into_iter().map(String::from).collect())
}

/// The rules that must fire on a photo with these attributes under
/// `profile`, given its geometry and the encoded file's size.
pub fn expected_rules(a: &Attributes, g: &Geometry, file_bytes: usize, profile: &Profile) -> Vec<RuleId> {
    use RuleId::*;
    let r = &profile.rules;
    let mut out = Vec::new();
    let mut want = |rule: RuleId, cond: bool| {
        if cond && r.severity(rule).is_some() {
            out.push(rule);
        }
    };
    // The file and its name.
    want(FileDecode, a.file == FileCase::Truncated);
    want(
        FileFormat,
        matches!(a.file, FileCase::PngNamedJpg | FileCase::Cmyk | FileCase::Greyscale),
    );
    if let Some(d) = &r.file_dimensions {
        want(FileDimensions, (a.width, a.height) != (d.params.width, d.params.height));
    }
    if let Some(s) = &r.file_size {
        let kb = file_bytes as f64 / 1024.0;
        want(FileSize, !(s.params.min_kb..=s.params.max_kb).contains(&kb));
    }
    want(IdFilename, a.name != NameCase::Valid);
    if matches!(
        a.file,
        FileCase::Truncated | FileCase::PngNamedJpg | FileCase::Cmyk | FileCase::Greyscale
    ) {
        // Nothing else is evaluated on a file that cannot be analysed.
        out.sort();
        return out;
    }
    // Background.
    // The background as photographed: exposure, colour cast and contrast included.
    let shown = photographed(a, a.background);
    if let Some(bc) = &r.background_colour {
        want(
            BackgroundColour,
            !bc.params
                .accepted
                .iter()
                .any(|region| gradphoto::colour::in_region(shown, region)),
        );
    }
    // A gradient counts as it shows: exposure, contrast and clipping can
    // flatten it. Measured as the engine sees the backdrop, from the top edge
    // down to 60 % of the height (below, the torso hides it), per frame height.
    let lightness_at = |v: f32| {
        let k = 1.0 - a.background_gradient * v - 0.10 * v * v;
        let c = a.background.map(|c| (f32::from(c) * k).round().clamp(0.0, 255.0) as u8);
        gradphoto::colour::srgb_to_lab(photographed(a, c))[0]
    };
    let visible_gradient = (lightness_at(-0.45) - lightness_at(0.1)).abs() / 0.55;
    let max_gradient = r.background_uniform.as_ref().map_or(8.0, |u| u.params.max_gradient);
    want(
        BackgroundUniform,
        a.background_object
            || crate::paint::second_person_visible(a)
            || (a.background_gradient > limits::MAX_GRADIENT && visible_gradient > max_gradient),
    );
    let shade = a
        .background
        .map(|c| (f32::from(c) * (1.0 - limits::SHADOW_DEPTH)).round() as u8);
    let shadow_drop =
        gradphoto::colour::srgb_to_lab(shown)[0] - gradphoto::colour::srgb_to_lab(photographed(a, shade))[0];
    want(
        BackgroundShadow,
        a.background_shadow && shadow_drop >= limits::MIN_SHADOW_DELTA_L,
    );
    // Clothing: its colour, contrast and pattern are judged where a
    // reviewer sees the clothing, over the shoulders. A head so large that
    // the shoulders start below 88 % of the height (geometry.head-size fails
    // it) leaves a sliver of collar, too little to judge.
    let clothing_shown = g.torso_box[1] < limits::MIN_CLOTHING_TOP * a.height as f32;
    let judged = |rule: RuleId| clothing_shown || !matches!(rule, ClothingColour | ClothingContrast | ClothingPattern);
    let mut want = |rule: RuleId, cond: bool| want(rule, cond && judged(rule));
    if let Some(cc) = &r.clothing_colour {
        // The garment as photographed over the shoulders (lit at about 89 %,
        // the painter's torso shading), named as the engine names colours:
        // a colour cast or an exposure error can change what the photo shows.
        let worn = a.clothing.map(|c| (f32::from(c) * 0.89).round() as u8);
        let shown = gradphoto::segment::colour_name(gradphoto::colour::srgb_to_lab(photographed(a, worn)));
        want(ClothingColour, cc.params.forbidden.contains(&shown));
    }
    if let Some(cc) = &r.clothing_contrast {
        // Over the shoulders the clothing is lit at about 89 % (the painter's
        // torso shading), and a pattern darkens it on average.
        let pattern = match a.pattern {
            Pattern::Plain => 1.0,
            Pattern::Stripes => 0.75,
            Pattern::Checks => 0.78,
        };
        let worn = a.clothing.map(|c| (f32::from(c) * 0.89 * pattern).round() as u8);
        let d = gradphoto::colour::delta_e(photographed(a, worn), photographed(a, a.background));
        want(ClothingContrast, d < cc.params.min_delta_e);
    }
    want(ClothingPattern, a.pattern != Pattern::Plain);
    want(ClothingHood, a.neckline == Neckline::Hoodie);
    want(
        ClothingCollar,
        matches!(a.neckline, Neckline::TShirt | Neckline::Hoodie),
    );
    // Accessories and occlusion.
    want(AccessoryEarrings, a.earrings);
    want(AccessoryNecklace, a.necklace);
    want(
        AccessoryGlasses,
        a.glasses && r.accessory_glasses.as_ref().is_some_and(|g| g.params.forbid_all),
    );
    want(AccessoryLensGlare, a.glasses && a.lens_glare);
    want(AccessoryHeadwear, a.headwear);
    want(OcclusionEyebrows, a.hair_over_eyebrows || a.hair_over_eyes);
    want(OcclusionEyes, a.hair_over_eyes);
    want(OcclusionEars, !g.ears_visible[0] || !g.ears_visible[1]);
    want(OcclusionFace, a.face_mask);
    want(HairBun, a.top_bun);
    // A second person hidden behind a large head is not in the photo.
    want(GeometrySingleFace, crate::paint::second_person_visible(a));
    // Pose.
    if let Some(f) = &r.pose_frontal {
        want(
            PoseFrontal,
            a.roll_deg.abs() > f.params.max_roll_deg || a.yaw_deg.abs() > f.params.max_yaw_deg,
        );
    }
    if let Some(s) = &r.pose_shoulders {
        want(PoseShoulders, a.shoulder_tilt_deg.abs() > s.params.max_tilt_deg);
    }
    // Closed eyes under a fringe down over them, and an open mouth under a
    // mask, are painted over: nothing of them is in the photo (which
    // occlusion.eyes or occlusion.face rejects), as a reviewer would see it.
    want(PoseEyesOpen, a.eyes_closed && !a.hair_over_eyes);
    want(PoseMouthClosed, a.mouth_open && !a.face_mask);
    // Geometry, against the profile's numbers scaled to the output size.
    let (kx, ky) = (a.width as f32 / 480.0, a.height as f32 / 640.0);
    if let Some(hs) = &r.geometry_head_size {
        let face_w = 2.0 * a.face_rx * kx;
        want(
            GeometryHeadSize,
            face_w < hs.params.face_width_px[0] * kx || face_w > hs.params.face_width_px[1] * kx,
        );
    }
    if let Some(p) = &r.geometry_position {
        let eye_line = 0.5 * (g.eye_left[1] + g.eye_right[1]);
        let outside = |v: f32, lim: [f32; 2]| v < lim[0] * ky || v > lim[1] * ky;
        want(
            GeometryPosition,
            outside(g.head_top, p.params.head_top_px)
                || outside(eye_line, p.params.eye_line_px)
                || (a.face_cx - 240.0).abs() > p.params.max_centre_offset_px,
        );
    }
    // Image quality.
    want(QualityExposure, (a.exposure - 1.0).abs() > 0.3);
    want(QualityContrast, a.contrast < 0.7);
    want(QualitySharpness, a.blur > 1.5);
    want(QualityNoise, a.noise > 8.0);
    if let Some(q) = &r.quality_compression {
        want(QualityCompression, a.jpeg_quality < q.params.min_jpeg_quality);
    }
    want(QualityColourCast, a.colour_gain.iter().any(|g| (g - 1.0).abs() > 0.15));
    want(QualitySkinShine, a.skin_shine);
    want(QualityRetouched, a.beauty_filter);
    out.sort();
    out
}

/// A colour as it comes out of the camera: exposure, per-channel gain and
/// contrast as the painter applies them.
fn photographed(a: &Attributes, c: Rgb) -> Rgb {
    std::array::from_fn(|i| {
        (((f32::from(c[i]) * a.exposure * a.colour_gain[i] - 128.0) * a.contrast + 128.0).clamp(0.0, 255.0)).round()
            as u8
    })
}

/// An ID for photo `index`: valid, or broken as the name case says. Unique
/// within a set (the caller checks).
fn file_stem(rng: &mut Rng, case: NameCase) -> String {
    const REGIONS: &[&str] = &[
        "110105", "310104", "330106", "440305", "510107", "420106", "370102", "500103", "210102", "610113",
    ];
    let region = pick(rng, REGIONS);
    let birth = format!("{}{:02}{:02}", rng.u32(1995..=2004), rng.u32(1..=12), rng.u32(1..=28));
    let seq = format!("{:03}", rng.u32(0..1000));
    let valid = crate::testdata::resident_id(region, &birth, &seq);
    match case {
        NameCase::Valid => valid,
        NameCase::WrongCheck => {
            let check = valid.as_bytes()[17];
            let wrong = if check == b'0' { '1' } else { '0' };
            format!("{}{wrong}", &valid[..17])
        }
        NameCase::Fifteen => format!("{region}{}{seq}", &birth[2..]),
        NameCase::NotAnId => {
            const NAMES: &[&str] = &["zhangwei", "wangfang", "liqiang", "chenjing", "liuyang", "huangmin"];
            format!("{}{}", pick(rng, NAMES), rng.u32(1..100))
        }
    }
}

/// Encode the painted pixels as the attributes say; returns the bytes and
/// the JPEG quality used.
fn encode(a: &Attributes, rgb: &[u8], profile: &Profile) -> Result<(Vec<u8>, u8)> {
    let (w, h) = (a.width, a.height);
    match a.file {
        FileCase::PngNamedJpg => {
            use image::ImageEncoder;
            let mut out = Vec::new();
            image::codecs::png::PngEncoder::new(&mut out).write_image(rgb, w, h, image::ExtendedColorType::Rgb8)?;
            Ok((out, a.jpeg_quality))
        }
        FileCase::Cmyk | FileCase::Greyscale => {
            let (data, colour): (Vec<u8>, _) = if a.file == FileCase::Cmyk {
                (
                    rgb.chunks_exact(3)
                        .flat_map(|p| [255 - p[0], 255 - p[1], 255 - p[2], 0])
                        .collect(),
                    jpeg_encoder::ColorType::Cmyk,
                )
            } else {
                (
                    rgb.chunks_exact(3)
                        .map(|p| ((u32::from(p[0]) * 77 + u32::from(p[1]) * 150 + u32::from(p[2]) * 29) >> 8) as u8)
                        .collect(),
                    jpeg_encoder::ColorType::Luma,
                )
            };
            let mut out = Vec::new();
            jpeg_encoder::Encoder::new(&mut out, a.jpeg_quality).encode(&data, w as u16, h as u16, colour)?;
            Ok((out, a.jpeg_quality))
        }
        FileCase::Truncated => {
            let full = encode_jpeg(
                rgb,
                w,
                h,
                &JpegOptions {
                    quality: a.jpeg_quality,
                    ..JpegOptions::default()
                },
            )?;
            Ok((full[..full.len() * 3 / 5].to_vec(), a.jpeg_quality))
        }
        FileCase::TooLarge | FileCase::WrongDimensions => Ok((
            encode_jpeg(
                rgb,
                w,
                h,
                &JpegOptions {
                    quality: a.jpeg_quality,
                    ..JpegOptions::default()
                },
            )?,
            a.jpeg_quality,
        )),
        FileCase::Normal => {
            // Studios re-encode at a lower quality until the file fits the
            // window. Near quality 85–92 these photos grow about 7 % per
            // quality step, which gives the next guess.
            let max = profile
                .rules
                .file_size
                .as_ref()
                .map_or(usize::MAX, |s| (s.params.max_kb * 1024.0) as usize);
            let mut q = a.jpeg_quality;
            loop {
                let bytes = encode_jpeg(
                    rgb,
                    w,
                    h,
                    &JpegOptions {
                        quality: q,
                        ..JpegOptions::default()
                    },
                )?;
                if bytes.len() <= max || q <= 60 {
                    return Ok((bytes, q));
                }
                let steps = ((bytes.len() as f32 / max as f32).ln() / 0.07).ceil() as u8 + 1;
                q = q.saturating_sub(steps).max(60);
            }
        }
    }
}

/// Statistics of a generated set.
#[derive(Clone, Debug, Default, Serialize)]
pub struct SetStats {
    /// Photos written.
    pub photos: usize,
    /// Photos with no expected rule.
    pub compliant: usize,
    /// Bytes written (photos).
    pub bytes: u64,
}

/// Generate `count` photos with `seed` into `out` (created), plus
/// `out/labels.jsonl`. Deterministic for (count, seed, profile, mix);
/// photos are painted in parallel.
///
/// # Errors
/// I/O and encoder errors.
pub fn generate(count: usize, seed: u64, out: &Path, profile: &Profile, mix: Mix) -> Result<SetStats> {
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    let mut rng = Rng::with_seed(seed);
    let mut stems = HashSet::new();
    let mut plan = Vec::with_capacity(count);
    for index in 0..count {
        let (attrs, violations) = sample(&mut rng, profile, mix);
        let stem = loop {
            let s = file_stem(&mut rng, attrs.name);
            if stems.insert(s.clone()) {
                break s;
            }
        };
        plan.push((index as u64, attrs, violations, format!("{stem}.jpg")));
    }
    let labels: Vec<Result<(Label, usize)>> = plan
        .into_par_iter()
        .map(|(index, mut attrs, violations, file)| {
            let photo_seed = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ index;
            let (rgb, geometry) = paint(&attrs, photo_seed);
            let (bytes, quality) = encode(&attrs, &rgb, profile)?;
            attrs.jpeg_quality = quality;
            crate::write_atomically(&out.join(&file), &bytes)?;
            let expected_rules = expected_rules(&attrs, &geometry, bytes.len(), profile);
            Ok((
                Label {
                    file,
                    profile: profile.name.clone(),
                    expected_rules,
                    violations,
                    attributes: attrs,
                    geometry,
                },
                bytes.len(),
            ))
        })
        .collect();
    let mut stats = SetStats::default();
    let mut text = Vec::new();
    for item in labels {
        let (label, bytes) = item?;
        stats.photos += 1;
        stats.bytes += bytes as u64;
        stats.compliant += usize::from(label.expected_rules.is_empty());
        serde_json::to_writer(&mut text, &label)?;
        text.push(b'\n');
    }
    crate::write_atomically(&out.join("labels.jsonl"), &text)?;
    if stats.photos != count {
        bail!("wrote {} of {count} photos", stats.photos);
    }
    Ok(stats)
}

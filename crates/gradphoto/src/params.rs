//! Typed parameters of the rules, as profiles write them.
//!
//! Every struct refuses unknown fields (a typo in a profile is an error, not
//! a silently ignored setting) and documents its default: the national CHSI
//! specification (`shared/RULES.md`). Geometry numbers are for a 480 × 640
//! photo and scale with the image.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A rule without parameters.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoParams {}

/// A container format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ImageFormat {
    /// JPEG (JFIF/EXIF), baseline or progressive.
    Jpeg,
    /// PNG.
    Png,
}

impl ImageFormat {
    /// Lower-case name, as in records.
    pub const fn as_str(self) -> &'static str {
        match self {
            ImageFormat::Jpeg => "jpeg",
            ImageFormat::Png => "png",
        }
    }
}

/// `file.format`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct FormatParams {
    /// Accepted container formats. Default: `["jpeg"]`.
    pub formats: Vec<ImageFormat>,
}

impl Default for FormatParams {
    fn default() -> Self {
        FormatParams {
            formats: vec![ImageFormat::Jpeg],
        }
    }
}

/// `file.dimensions`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct DimensionsParams {
    /// Required width in pixels. Default: 480.
    pub width: u32,
    /// Required height in pixels. Default: 640.
    pub height: u32,
}

impl Default for DimensionsParams {
    fn default() -> Self {
        DimensionsParams {
            width: 480,
            height: 640,
        }
    }
}

/// `file.size`. KB here means 1024 bytes, as the notices and Windows use it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct SizeParams {
    /// Smallest accepted file, KB. Default: 20.
    pub min_kb: f64,
    /// Largest accepted file, KB. Default: 40 (CHSI's "generally 20–40 KB").
    pub max_kb: f64,
}

impl Default for SizeParams {
    fn default() -> Self {
        SizeParams {
            min_kb: 20.0,
            max_kb: 40.0,
        }
    }
}

/// `batch.duplicate-photo`: two photos are the same picture when, in the
/// views of their frames that line up best, their fingerprints' hashes are
/// at most `max_distance` bits apart and their head amplitudes within
/// `max_detail_difference`, and their colour signatures agree
/// (`gradphoto::fingerprint`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct DuplicatePhotoParams {
    /// Largest Hamming distance between the hashes. Pairs up to 4 bits
    /// apart are always compared; further apart, most are (the batch's
    /// index, `gradphoto_batch::duplicates`). Default: 6.
    pub max_distance: u32,
    /// Largest difference of any chroma of the colour signatures, 8-bit
    /// levels (copies, in the views that line up: 0–2, 3 after crops
    /// between the views' cuts). Default: 3.
    pub max_colour_difference: u8,
    /// Largest difference of the signatures' two lumas, levels (copies:
    /// 0–1, 4 after crops between the views' cuts). Default: 8.
    pub max_luma_difference: u8,
    /// Largest sum of absolute differences of the details, the forehead
    /// and eyes' 16 amplitudes (copies re-encoded, resized or cropped by
    /// 2 %: up to 7; cropped by an amount between the views' cuts: up to
    /// 16; different people in one studio look, framed alike: from 16 up).
    /// Default: 12.
    pub max_detail_difference: u32,
}

impl DuplicatePhotoParams {
    /// The tolerances as the fingerprint compares them.
    pub fn tolerances(&self) -> crate::fingerprint::Tolerances {
        crate::fingerprint::Tolerances {
            max_distance: self.max_distance,
            max_colour_difference: self.max_colour_difference,
            max_luma_difference: self.max_luma_difference,
            max_detail_difference: self.max_detail_difference,
        }
    }
}

impl Default for DuplicatePhotoParams {
    fn default() -> Self {
        DuplicatePhotoParams {
            max_distance: 6,
            max_colour_difference: 3,
            max_luma_difference: 8,
            max_detail_difference: 12,
        }
    }
}

/// `file.edited`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct EditedParams {
    /// Substrings of a metadata `Software`/creator tag that name an editing
    /// program (case-insensitive). Default: common desktop and phone editors.
    pub editors: Vec<String>,
}

impl Default for EditedParams {
    fn default() -> Self {
        let editors = [
            "photoshop",
            "lightroom",
            "gimp",
            "snapseed",
            "meitu",
            "美图",
            "醒图",
            "picsart",
            "faceapp",
            "beautycam",
        ];
        EditedParams {
            editors: editors.iter().map(|s| s.to_string()).collect(),
        }
    }
}

/// Another identifier a profile accepts as a file name, e.g. a student
/// number for foreign students (seed 002) or a passport number.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IdPattern {
    /// Name recorded as the id's `kind`, e.g. `"student-number"`.
    pub name: String,
    /// Regular expression the whole file stem must match (anchors implied).
    pub regex: String,
}

/// `id.filename`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct IdParams {
    /// Accept 18-digit resident ID numbers (GB 11643-1999). Default: true.
    pub resident_id: bool,
    /// Other accepted identifiers. Default: none.
    pub patterns: Vec<IdPattern>,
}

impl Default for IdParams {
    fn default() -> Self {
        IdParams {
            resident_id: true,
            patterns: Vec::new(),
        }
    }
}

/// A named colour of the clothing palette.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[allow(missing_docs)]
pub enum ColourName {
    White,
    LightBlue,
    SkyBlue,
    Blue,
    Navy,
    Yellow,
    YellowGreen,
    Green,
    Purple,
    Pink,
    Red,
    Orange,
    Brown,
    Beige,
    Grey,
    Black,
}

/// A region of HSV space (hue in degrees, saturation and value in 0–1).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ColourRegion {
    /// A name for reports, e.g. `"chsi-blue"`.
    pub name: String,
    /// Hue range, degrees.
    pub hue: [f32; 2],
    /// Saturation range.
    pub saturation: [f32; 2],
    /// Value (brightness) range.
    pub value: [f32; 2],
}

/// `background.colour`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct BackgroundColourParams {
    /// The reference colour, RGB. Default: CHSI light blue (100, 197, 255).
    pub reference: [u8; 3],
    /// Accepted regions. Default: studio blues around the reference,
    /// RGB(100,197,255) and RGB(67,142,219) both inside.
    pub accepted: Vec<ColourRegion>,
}

impl Default for BackgroundColourParams {
    fn default() -> Self {
        BackgroundColourParams {
            reference: [100, 197, 255],
            accepted: vec![ColourRegion {
                name: "blue".into(),
                hue: [190.0, 225.0],
                saturation: [0.3, 1.0],
                value: [0.5, 1.0],
            }],
        }
    }
}

/// `clothing.colour`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ClothingColourParams {
    /// Colours the dominant clothing colour must not be. Default: none.
    pub forbidden: Vec<ColourName>,
}

/// `geometry.head-size` (480 × 640 numbers; scaled to the image).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct HeadSizeParams {
    /// Face width cheek to cheek, px. Default: [180, 300].
    pub face_width_px: [f32; 2],
    /// Head height, top of the hair to the chin, px; not checked unless a
    /// profile sets it (CHSI gives none). Default: none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub head_height_px: Option<[f32; 2]>,
}

impl Default for HeadSizeParams {
    fn default() -> Self {
        HeadSizeParams {
            face_width_px: [180.0, 300.0],
            head_height_px: None,
        }
    }
}

/// `geometry.position` (480 × 640 numbers; scaled to the image).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct PositionParams {
    /// Top of the hair below the top edge, px. Default: [50, 110].
    pub head_top_px: [f32; 2],
    /// Eye line below the top edge, px. Default: [200, 300].
    pub eye_line_px: [f32; 2],
    /// Largest horizontal distance of the face's centre from the frame's
    /// centre, px. Default: 30.
    pub max_centre_offset_px: f32,
}

impl Default for PositionParams {
    fn default() -> Self {
        PositionParams {
            head_top_px: [50.0, 110.0],
            eye_line_px: [200.0, 300.0],
            max_centre_offset_px: 30.0,
        }
    }
}

/// `pose.frontal`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct FrontalParams {
    /// Largest roll (eye-line tilt), degrees. Default: 5.
    pub max_roll_deg: f32,
    /// Largest yaw (head turned left or right), degrees. Default: 12.
    pub max_yaw_deg: f32,
}

impl Default for FrontalParams {
    fn default() -> Self {
        FrontalParams {
            max_roll_deg: 5.0,
            max_yaw_deg: 12.0,
        }
    }
}

/// `pose.eyes-open` (measured by `parts::eyes`, glare by `parts::glare`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct EyesOpenParams {
    /// Smallest opening of an eye: the dark iris's height through the eye
    /// centre over the eye distance (open eyes 0.1–0.2, closed 0–0.05).
    /// Default: 0.055.
    pub min_opening: f32,
    /// An eye whose lens box holds more than this share of glare is not
    /// judged (the reflection hides it). Default: 0.02.
    pub max_glare: f32,
}

impl Default for EyesOpenParams {
    fn default() -> Self {
        EyesOpenParams {
            min_opening: 0.055,
            max_glare: 0.02,
        }
    }
}

/// `pose.mouth-closed` (measured by `parts::mouth`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct MouthClosedParams {
    /// Largest gap between the lips (dark inside or teeth) over the eye
    /// distance (closed lips 0–0.03, parted 0.07 and more). Default: 0.05.
    pub max_gap: f32,
    /// The lips are judged only where at least this share of the lower
    /// face is skin (a mask hides them). Default: 0.4.
    pub min_skin_share: f32,
    /// The largest gap on dark skin — its tone's L\* under
    /// `dark_skin_lightness` — where the lips' own shade is close to the
    /// mouth's inside and only the gap's core reads (generated parted lips
    /// on dark skin 0.035 and more, closed ones at most 0.031 but for three
    /// in 1,600). Default: 0.033.
    pub max_gap_dark: f32,
    /// See `max_gap_dark`. Default: 45.
    pub dark_skin_lightness: f32,
}

impl Default for MouthClosedParams {
    fn default() -> Self {
        MouthClosedParams {
            max_gap: 0.05,
            min_skin_share: 0.4,
            max_gap_dark: 0.033,
            dark_skin_lightness: 45.0,
        }
    }
}

/// `occlusion.face` (measured by `parts::lower_face`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct FaceOcclusionParams {
    /// Smallest share of the lower face (nose to chin, lips left out) that
    /// is skin (uncovered faces 0.9–1.0, masks under 0.1). Default: 0.4.
    pub min_skin_share: f32,
}

impl Default for FaceOcclusionParams {
    fn default() -> Self {
        FaceOcclusionParams { min_skin_share: 0.4 }
    }
}

/// `accessory.earrings` (measured by `parts::earrings`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct EarringsParams {
    /// Smallest jewel-like blob under an ear, in square eye distances (a
    /// stud about 0.056 eye distances across; the generator's drops read
    /// about 0.009, its photos without earrings under 0.0025 but for about
    /// 1 %). Default: 0.0025.
    pub min_blob: f32,
}

impl Default for EarringsParams {
    fn default() -> Self {
        EarringsParams { min_blob: 0.0025 }
    }
}

/// `occlusion.ears` (measured by `parts::ears`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct EarsParams {
    /// Largest share of an ear's zone in the hair's colour (hair over the
    /// ears reads 0.78–1.0 on generated photos; visible ears under 0.3 but
    /// for about 1 %, most under a broad skin shine). Default: 0.7.
    pub max_hair_cover: f32,
    /// The same under a hood or headwear, where the hair's colour is read
    /// in the brow bands (`parts::fringe::hair_under_cover`): a hood of
    /// about that colour reads as hair beside the face. Hair over the ears
    /// read 1.0 there on tuning seeds 1–4, 6, 7, visible ears under 0.81
    /// but for 3 of 526 (0.97–0.98). Default: 0.9.
    pub max_hair_cover_covered: f32,
}

impl Default for EarsParams {
    fn default() -> Self {
        EarsParams {
            max_hair_cover: 0.7,
            max_hair_cover_covered: 0.9,
        }
    }
}

/// `occlusion.eyebrows` (measured by `parts::fringe`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct EyebrowsParams {
    /// Largest share of the less covered brow band in the hair's colour
    /// (bare brows read about 0.3, generated fringes 0.6–1.0; tuning seed 1
    /// had 1.3 % of its photos without a fringe above 0.5). Default: 0.5.
    pub max_hair_cover: f32,
    /// The same under a hood or headwear, where the hair's colour is read
    /// in the brow bands themselves (`parts::fringe::hair_under_cover`):
    /// found among the bands' own pixels, it matches more of them — bare
    /// brows and a fringe's edge above them read up to 0.67 (but for 2 of
    /// 518 on tuning seeds 1–4, 6, 7), fringes 0.78–1.0. Default: 0.7.
    pub max_hair_cover_covered: f32,
    /// Hair within this ΔE of the skin cannot be told from it by colour;
    /// there the brow bands' texture decides (as `occlusion.eyes`).
    /// Default: 12.
    pub max_hair_skin_distance: f32,
    /// Largest strand share of the less stranded brow band where the hair
    /// is the skin's colour: bare brows (a line across) read 0.06, at most
    /// 0.62 of 9,166 generated faces; a fringe 0.64 (median) to 0.89.
    /// Default: 0.7.
    pub max_strand_share: f32,
}

impl Default for EyebrowsParams {
    fn default() -> Self {
        EyebrowsParams {
            max_hair_cover: 0.5,
            max_hair_cover_covered: 0.7,
            max_hair_skin_distance: 12.0,
            max_strand_share: 0.7,
        }
    }
}

/// `occlusion.eyes` (measured by `parts::fringe`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct EyesCoverParams {
    /// Largest share of either eye window in the hair's colour (an open
    /// eye with a dark iris reads about 0.4, under 0.55 but for 1 %; hair
    /// over the eyes 0.86–1.0). Default: 0.7.
    pub max_hair_cover: f32,
    /// The same under a hood or headwear, against the hair's colour read
    /// in the brow bands (as `occlusion.eyebrows`): open eyes read up to
    /// 0.82 there, hair over the eyes 0.99–1.0 on tuning seeds 1–4, 6, 7.
    /// Default: 0.85.
    pub max_hair_cover_covered: f32,
    /// Hair within this ΔE of the skin (the fringe's hair colour,
    /// `FringeCover::hair`, against the skin model) cannot be told from
    /// skin by colour; there the eye windows' texture decides
    /// (`max_strand_share`). On generated photos whose hair is that close
    /// all hair over the eyes missed by colour was ΔE 1.7–7.2 away.
    /// Default: 12.
    pub max_hair_skin_distance: f32,
    /// Largest strand share of an eye window (horizontal over all luma
    /// difference energy) where the hair is the skin's colour: open eyes
    /// read 0.4, at most 0.71 of 9,000 generated eyes; hair over the eyes
    /// 0.75–0.9. Default: 0.75.
    pub max_strand_share: f32,
    /// Largest share of the less covered eye window in the hair's colour
    /// told from the skin by lightness (`parts::fringe`'s
    /// `eyes_by_lightness`: dark brown hair over brown skin, a deep shade
    /// of the skin's colour). Open eyes read up to 0.73 (but for 0.1 %) of
    /// 16,745 generated faces on tuning seeds 1–4, 6, 7, fringes over the
    /// eyes that the colour shares missed 0.8–1.0. Default: 0.8.
    pub max_lightness_cover: f32,
}

impl Default for EyesCoverParams {
    fn default() -> Self {
        EyesCoverParams {
            max_hair_cover: 0.7,
            max_hair_cover_covered: 0.85,
            max_hair_skin_distance: 12.0,
            max_strand_share: 0.75,
            max_lightness_cover: 0.8,
        }
    }
}

/// `accessory.headwear` (measured by `parts::crown`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct HeadwearParams {
    /// Hair is darker than this L\*… Default: 50.
    pub max_hair_lightness: f32,
    /// …and has less chroma than this. Default: 25.
    pub max_hair_chroma: f32,
    /// Skin or fair hair: on the skin locus (hue 15–95°, chroma at least 5)
    /// with at most this chroma; a red cap is far more colourful.
    /// Default: 40.
    pub max_skin_chroma: f32,
}

impl Default for HeadwearParams {
    fn default() -> Self {
        HeadwearParams {
            max_hair_lightness: 50.0,
            max_hair_chroma: 25.0,
            max_skin_chroma: 40.0,
        }
    }
}

/// `hair.bun` (measured by `parts::bun`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct HairBunParams {
    /// Largest rise of the head's top over the arc of its outline, in face
    /// widths (generated heads without a bun under 0.05 but for 0.1–0.2 %
    /// of them, generated buns 0.07–0.35; a real short haircut with volume
    /// on top reads 0.06). Default: 0.08.
    pub max_rise: f32,
    /// The same under a hood, whose fabric rounds a bun off (generated buns
    /// under hoods read 0.056–0.084) and whose outline is smoother than
    /// hair (hooded heads without a bun under 0.02 but for 2 of 237, 0.046
    /// and 0.064). Default: 0.065.
    pub max_rise_hooded: f32,
}

impl Default for HairBunParams {
    fn default() -> Self {
        HairBunParams {
            max_rise: 0.08,
            max_rise_hooded: 0.065,
        }
    }
}

/// `pose.shoulders`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ShouldersParams {
    /// Largest tilt of the shoulder line, degrees. Default: 5.
    pub max_tilt_deg: f32,
}

impl Default for ShouldersParams {
    fn default() -> Self {
        ShouldersParams { max_tilt_deg: 5.0 }
    }
}

/// `quality.exposure` (measured by `quality`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ExposureParams {
    /// Under-exposed when the frame's brightest channel, at its 99th
    /// percentile, stays below this (a lit backdrop or shirt reaches 220 and
    /// more; generated under-exposures 87–139, normal photos 207 and up).
    /// Default: 150.
    pub min_highlight: u8,
    /// Over-exposed when the face's centre has a median L\* above this
    /// (generated faces up to 89). Default: 90.
    pub max_face_lightness: f32,
    /// Over-exposed when more of the face's centre than this is blown out
    /// (two channels clipped). Default: 0.4.
    pub max_face_blown: f32,
    /// Over-exposed when a coloured backdrop (chroma over
    /// `coloured_backdrop_chroma`) is lighter than this L\* (generated
    /// light-blue backdrops up to 81 but for colour casts, over-exposed
    /// ones 77–95, most over 82). Default: 82.
    pub max_backdrop_lightness: f32,
    /// A backdrop with more chroma than this is coloured: a white backdrop
    /// is light by nature. Default: 12.
    pub coloured_backdrop_chroma: f32,
    /// Over-exposed when the whites of the eyes (`parts::sclera`) of a face
    /// without glasses read this L\* or more — clipped to white: in
    /// generated photos (seeds 1–7) all 202 such faces were over-exposed,
    /// the 31 others with whites this light wore glasses with a reflection
    /// over the eyes; dark skin over-exposed reads as a normal face's
    /// lightness, its whites do not. Default: 99.
    pub max_whites_lightness: f32,
}

impl Default for ExposureParams {
    fn default() -> Self {
        ExposureParams {
            min_highlight: 150,
            max_face_lightness: 90.0,
            max_face_blown: 0.4,
            max_backdrop_lightness: 82.0,
            coloured_backdrop_chroma: 12.0,
            max_whites_lightness: 99.0,
        }
    }
}

/// `quality.contrast`: tones squeezed towards mid-grey — no deep shadow and
/// no bright highlight.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ContrastParams {
    /// The frame's darkest 1 % (luma) is lighter than this… Default: 60.
    pub min_black: u8,
    /// …and its brightest channel's 99th percentile darker than this.
    /// Default: 200 (generated low-contrast photos 162–189, others 207
    /// and up).
    pub max_white: u8,
}

impl Default for ContrastParams {
    fn default() -> Self {
        ContrastParams {
            min_black: 60,
            max_white: 200,
        }
    }
}

/// `quality.sharpness`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct SharpnessParams {
    /// Lowest edge steepness (1 for a step edge; generated sharp photos
    /// 0.57 and up, blurred ones, σ 2.8–4.5 px, 0.28–0.34). Default: 0.45.
    pub min_sharpness: f32,
}

impl Default for SharpnessParams {
    fn default() -> Self {
        SharpnessParams { min_sharpness: 0.45 }
    }
}

/// `quality.noise`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct NoiseParams {
    /// Largest noise σ on the backdrop, 8-bit levels. Default: 8.
    pub max_sigma: f32,
}

impl Default for NoiseParams {
    fn default() -> Self {
        NoiseParams { max_sigma: 8.0 }
    }
}

/// `quality.compression`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct CompressionParams {
    /// Lowest JPEG quality (libjpeg scale, estimated from the luminance
    /// quantisation table) accepted. Default: 60 (CHSI).
    pub min_jpeg_quality: u8,
    /// Largest blocking ratio (steps on the 8 × 8 grid over steps off it):
    /// a photo compressed hard and re-saved at a high quality keeps its
    /// blocks. Default: 2.5 (generated photos at quality 85–97 up to 2.2).
    pub max_blocking: f32,
}

impl Default for CompressionParams {
    fn default() -> Self {
        CompressionParams {
            min_jpeg_quality: 60,
            max_blocking: 2.5,
        }
    }
}

/// `quality.colour-cast`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ColourCastParams {
    /// Largest distance of the skin's colour from natural skin, in standard
    /// deviations (Mahalanobis distance in log-chromaticity; generated
    /// skin under 3.1 for 99 % of faces). Default: 3.5.
    pub max_skin_distance: f32,
    /// A skin this far off (standard deviations)… Default: 2.
    pub shifted_skin_distance: f32,
    /// …is a cast when the backdrop moved at least this far from
    /// `backdrop` the same way (log-chromaticity). Default: 0.2.
    pub min_backdrop_shift: f32,
    /// The backdrop's colour without a cast, RGB. Default: CHSI light blue
    /// (100, 197, 255).
    pub backdrop: [u8; 3],
    /// Largest chroma of the whites of the eyes away from their natural
    /// colour (`parts::sclera`). Default: 15 (generated whites without a
    /// cast read under 3 on nine faces in ten; casts mostly 20–45).
    pub max_sclera_tint: f32,
    /// Whites this close to their natural colour (chroma) overrule the
    /// skin: a skin tone far from the cluster under neutral whites is a
    /// skin the cluster does not cover, not a cast. Default: 6.
    pub clean_sclera_tint: f32,
    /// The whites count only where they are at least this much lighter
    /// than the skin (L\*) or this far from its colour (ΔE in a\*b\*):
    /// else the lightest tenth of the eye windows is skin (closed eyes,
    /// hair over them, blur) — or, on a pale face under a cast, the whites
    /// share the skin's tint: those (at least `min_sclera_lightness`,
    /// tinted past `max_sclera_tint`) are a cast where the skin is also
    /// more than `max_skin_distance` off natural skin. Default: 10.
    pub min_sclera_gap: f32,
    /// …and where their lightness (L\*) is at least this… Default: 80.
    pub min_sclera_lightness: f32,
    /// …and at most this, unless tinted past `max_sclera_tint`: clipped
    /// whites have lost their tint. Default: 96.
    pub max_sclera_lightness: f32,
}

impl Default for ColourCastParams {
    fn default() -> Self {
        ColourCastParams {
            max_skin_distance: 3.5,
            shifted_skin_distance: 2.0,
            min_backdrop_shift: 0.2,
            backdrop: [100, 197, 255],
            max_sclera_tint: 15.0,
            clean_sclera_tint: 6.0,
            min_sclera_gap: 10.0,
            min_sclera_lightness: 80.0,
            max_sclera_lightness: 96.0,
        }
    }
}

/// `quality.retouched`: skin far smoother than the photo's own grain.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct RetouchedParams {
    /// Retouched when the cheeks' texture (σ-equivalent, levels) is below
    /// this… Default: 0.7.
    pub max_skin_texture: f32,
    /// …and below this share of the backdrop's noise. Default: 0.8.
    pub max_skin_to_noise: f32,
    /// On a grainy photo a filter leaves some of the grain on the skin:
    /// retouched too where the texture is below this… Default: 1.2.
    pub max_grainy_skin_texture: f32,
    /// …and below this share of the backdrop's noise. Default: 0.5.
    pub max_grainy_skin_to_noise: f32,
}

impl Default for RetouchedParams {
    fn default() -> Self {
        RetouchedParams {
            max_skin_texture: 0.7,
            max_skin_to_noise: 0.8,
            max_grainy_skin_texture: 1.2,
            max_grainy_skin_to_noise: 0.5,
        }
    }
}

/// `quality.skin-shine` (measured by `parts::shine`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct SkinShineParams {
    /// Largest share of the face's skin that is a strong highlight (the
    /// generator's shine reads 0.05–0.24 but on fair skin; photos without
    /// it under 0.03 but for 7 of 14,176 on seeds 1–4, 6, 7; the
    /// astronaut's real forehead highlight 0.010 — 0.037 while colourless
    /// pixels darker than the skin counted in its reference). Default:
    /// 0.045.
    pub max_share: f32,
    /// The same on fair skin — its tone's L\* at least
    /// `fair_skin_lightness` — where a highlight has little room to be
    /// lighter and only its core counts (generated shine on fair skin reads
    /// over 0.015 but for 8 of 238 on seeds 1–4, 6, 7; fair faces without
    /// it at most 0.027, 8 of 2,338 over 0.015). Default: 0.015.
    pub max_share_fair: f32,
    /// See `max_share_fair`. Default: 80.
    pub fair_skin_lightness: f32,
}

impl Default for SkinShineParams {
    fn default() -> Self {
        SkinShineParams {
            max_share: 0.045,
            max_share_fair: 0.015,
            fair_skin_lightness: 80.0,
        }
    }
}

/// `accessory.necklace` (measured by `parts::necklace`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct NecklaceParams {
    /// Longest jewel-like thin line joined across the neck, in eye
    /// distances (the generator's necklaces read 0.65–1.2, under 0.45
    /// where the chain is near the clothing's colour; its photos without a
    /// necklace under 0.36; Grace Hopper's white collar tip over her dark
    /// tie 0.29). Default: 0.4.
    pub max_line: f32,
    /// A shorter line across the neck than `max_line`, over this, is a
    /// necklace too when its arms run down the neck's sides over
    /// `max_arms` (a chain hanging in a U on clothing of its colour).
    /// Default: 0.2.
    pub max_line_with_arms: f32,
    /// Longest thin lines joined down both halves of the window, together,
    /// in eye distances, beside a line across over `max_line_with_arms`
    /// (generated necklaces: median 0.85; photos without one: 99 % under
    /// 0.51, but with a line across over 0.2 as well 2 of 14,699 over 0.5
    /// on seeds 1–4, 6 and 7). Default: 0.5.
    pub max_arms: f32,
}

impl Default for NecklaceParams {
    fn default() -> Self {
        NecklaceParams {
            max_line: 0.4,
            max_line_with_arms: 0.2,
            max_arms: 0.5,
        }
    }
}

/// `clothing.collar` (measured by `parts::collar`). A top has a collar
/// where either holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct CollarParams {
    /// Widest the neck's skin may be at its narrowest above the neckline,
    /// in face widths, for a collar's wings closing in over it (the
    /// generator's collars 0.15–0.27, its bare necks 0.38–0.46). Default:
    /// 0.33.
    pub max_narrowest: f32,
    /// Deepest the neckline may lie under the chin on the centre line, in
    /// eye distances, for a collar standing up the neck (the generator's
    /// collars 0.44–0.55, its round necklines 0.58–0.9). Default: 0.56.
    pub max_depth: f32,
}

impl Default for CollarParams {
    fn default() -> Self {
        CollarParams {
            max_narrowest: 0.33,
            max_depth: 0.56,
        }
    }
}

/// `accessory.glasses` (measured by `parts::glasses`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct GlassesParams {
    /// Reject any glasses (seed 004), not only frames over the eyes.
    /// Default: false.
    pub forbid_all: bool,
    /// Least number of the frame's five windows (lower rims, bridge, outer
    /// rims) crossed by a coherent thin line for glasses to be found
    /// (generated glasses show 4–5, bare faces 0–1). Default: 2.
    pub min_lines: usize,
}

impl Default for GlassesParams {
    fn default() -> Self {
        GlassesParams {
            forbid_all: false,
            min_lines: 2,
        }
    }
}

/// `accessory.lens-glare` (measured by `parts::glare` in the lens boxes of
/// glasses that `parts::glasses` found).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct LensGlareParams {
    /// Largest patch of a lens box's brightest colourless pixels, in square
    /// eye distances (generated glare reads 0.013–0.04, the eyes' whites
    /// under 0.006). Default: 0.01.
    pub max_patch: f32,
    /// Least number of frame lines (as `accessory.glasses`' `min_lines`)
    /// for the face to wear glasses, the reflection counted as one (a
    /// lens's reflection is itself a sign of glasses; without glasses there
    /// is no lens to reflect). Default: 2 — one frame line and the
    /// reflection.
    pub min_lines: usize,
}

impl Default for LensGlareParams {
    fn default() -> Self {
        LensGlareParams {
            max_patch: 0.01,
            min_lines: 2,
        }
    }
}

/// `background.uniform`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct BackgroundUniformParams {
    /// Largest lightness change across the frame (ΔL\*, either direction). Default: 8.
    pub max_gradient: f32,
    /// Largest share of the frame a stray object may cover. Default: 0.002.
    pub max_object_share: f32,
}

impl Default for BackgroundUniformParams {
    fn default() -> Self {
        BackgroundUniformParams {
            max_gradient: 8.0,
            max_object_share: 0.002,
        }
    }
}

/// `clothing.contrast`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ClothingContrastParams {
    /// Smallest colour difference (ΔE76) between clothing and background. Default: 20.
    pub min_delta_e: f32,
}

impl Default for ClothingContrastParams {
    fn default() -> Self {
        ClothingContrastParams { min_delta_e: 20.0 }
    }
}

/// `background.shadow`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct BackgroundShadowParams {
    /// Largest share of the zone around the silhouette (2–10 reduced pixels
    /// out, above the bottom fifth) that may be backdrop in shade. Default: 0.10.
    pub max_share: f32,
}

impl Default for BackgroundShadowParams {
    fn default() -> Self {
        BackgroundShadowParams { max_share: 0.10 }
    }
}

/// `clothing.hood`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ClothingHoodParams {
    /// Smallest share of the head's outline in the clothing's colour: beside
    /// the head where the face was located, else the smaller of beside and
    /// over it (see `segment::hood`). Default: 0.55.
    pub min_rim_match: f32,
    /// Smallest width of the outline on the head over the face's width
    /// cheek to cheek (a hood stands off the head; hair hugs it). Default:
    /// 1.33 (generated hoods 1.36–1.78; heads without a hood 98 % below
    /// 1.29).
    pub min_face_share: f32,
    /// Where no face was located: smallest width of the outline on the
    /// head as a share of the shoulders' width at the bottom edge.
    /// Default: 0.575.
    pub min_width_share: f32,
    /// The outline's width over its height from the top to the shoulder
    /// line, at least (a hood is broad for its height; long hair hangs
    /// narrow) and at most (anything broader is not a head). Defaults: 0.66
    /// and 1.2.
    pub min_aspect: f32,
    /// See `min_aspect`.
    pub max_aspect: f32,
    /// Largest lightness just inside the outline over the outline's own
    /// (a hood's lining is in shade). Default: 1.0.
    pub max_lining: f32,
    /// A garment darker than this (L\* of its dominant colour) shows no
    /// shade on its lining: the lining is not asked for, and the outline
    /// must instead be at least `min_dark_face_share` face widths wide.
    /// Default: 20.
    pub dark_garment_lightness: f32,
    /// See `dark_garment_lightness`. Default: 1.4 (generated hoods
    /// 1.36–1.78; heads of black hair over black clothing up to 1.38).
    pub min_dark_face_share: f32,
    /// Where the clothing merged with the backdrop (a hood of its colour
    /// has no outline): smallest share of each band beside the face that is
    /// the garment's colour in deep shade, a hood's lining (see
    /// `segment::Lining`). Default: 0.12 (generated hoods of the backdrop's
    /// colour 0.19–0.31, photos without one at most 0.05).
    pub min_lining_share: f32,
}

impl Default for ClothingHoodParams {
    fn default() -> Self {
        ClothingHoodParams {
            min_rim_match: 0.55,
            min_face_share: 1.33,
            min_width_share: 0.575,
            min_aspect: 0.66,
            max_aspect: 1.2,
            max_lining: 1.0,
            dark_garment_lightness: 20.0,
            min_dark_face_share: 1.4,
            min_lining_share: 0.12,
        }
    }
}

/// `clothing.pattern`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ClothingPatternParams {
    /// Largest pattern strength (the amplitude of the luma profile across the
    /// shoulders that both halves of a box share, over mean luma; see
    /// `segment::pattern`). Default: 0.03.
    pub max_strength: f32,
}

impl Default for ClothingPatternParams {
    fn default() -> Self {
        ClothingPatternParams { max_strength: 0.03 }
    }
}

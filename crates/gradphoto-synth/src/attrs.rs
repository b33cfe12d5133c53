//! What a synthetic photo shows: every attribute the generator varies,
//! recorded in the labels, and the violations they stand for.

use gradphoto::params::ColourName;
use serde::{Deserialize, Serialize};

/// An 8-bit RGB colour.
pub type Rgb = [u8; 3];

/// Hair styles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum HairStyle {
    /// Short, ears and forehead free.
    Short,
    /// Chin-length bob, tucked behind the ears.
    Bob,
    /// Long, falling behind the shoulders, ears free.
    LongBehind,
    /// Long, falling over the ears and shoulders.
    LongOverEars,
    /// A fringe down to the eyebrows.
    Bangs,
    /// Shaved or very short.
    Buzz,
}

/// Necklines of the top.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Neckline {
    /// A collared shirt, buttoned.
    Shirt,
    /// A jacket over a white shirt: lapels, collar, a V of shirt.
    Suit,
    /// A round-necked T-shirt (no collar).
    TShirt,
    /// A hooded top: round neck, hood behind the head.
    Hoodie,
}

/// Fabric patterns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Pattern {
    /// One colour.
    Plain,
    /// Vertical stripes.
    Stripes,
    /// A check (plaid).
    Checks,
}

pub use gradphoto::colour::{PALETTE, palette};

/// How the file is written or broken.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FileCase {
    /// A studio JPEG inside the profile's size window.
    Normal,
    /// Not the profile's pixel size.
    WrongDimensions,
    /// Above the size window.
    TooLarge,
    /// PNG data with a `.jpg` name.
    PngNamedJpg,
    /// Cut off in the middle.
    Truncated,
    /// CMYK JPEG.
    Cmyk,
    /// Greyscale JPEG.
    Greyscale,
}

/// What the file name says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NameCase {
    /// A valid 18-digit ID.
    Valid,
    /// 18 digits with a wrong check character.
    WrongCheck,
    /// An old 15-digit ID.
    Fifteen,
    /// Not an ID (pinyin name).
    NotAnId,
}

/// Every attribute of one synthetic photo. Pixel quantities are for a
/// 480 × 640 frame and scale with the output size.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Attributes {
    /// Background colour at the centre.
    pub background: Rgb,
    /// Name of the background family: `chsi-blue`, `studio-blue`, `white`, `red`, `grey`, `dark-blue`, `charcoal`.
    pub background_kind: String,
    /// Brightness difference top to bottom of the background, 0–1.
    pub background_gradient: f32,
    /// A shadow of the head and shoulders on the background.
    pub background_shadow: bool,
    /// A stray object in the background.
    pub background_object: bool,
    /// A second person in the background, beside the graduate.
    #[serde(default)]
    pub second_person: bool,
    /// Skin tone.
    pub skin: Rgb,
    /// Hair colour.
    pub hair: Rgb,
    /// Hair style.
    pub hair_style: HairStyle,
    /// Hair falls over the eyebrows.
    pub hair_over_eyebrows: bool,
    /// Hair falls over the eyes.
    pub hair_over_eyes: bool,
    /// A top bun (丸子头).
    pub top_bun: bool,
    /// Neckline of the top.
    pub neckline: Neckline,
    /// Dominant clothing colour name.
    pub clothing_name: ColourName,
    /// Dominant clothing colour.
    pub clothing: Rgb,
    /// Fabric pattern.
    pub pattern: Pattern,
    /// Earrings.
    pub earrings: bool,
    /// A necklace.
    pub necklace: bool,
    /// Glasses.
    pub glasses: bool,
    /// A specular glare on a lens.
    pub lens_glare: bool,
    /// A cap on the head.
    pub headwear: bool,
    /// A face mask over the lower face.
    pub face_mask: bool,
    /// Eyes closed.
    pub eyes_closed: bool,
    /// Mouth open.
    pub mouth_open: bool,
    /// Face centre x (480-wide frame).
    pub face_cx: f32,
    /// Face centre y.
    pub face_cy: f32,
    /// Face half-width (cheek to cheek / 2).
    pub face_rx: f32,
    /// Face half-height (hairline-ish to chin / 2).
    pub face_ry: f32,
    /// Head roll, degrees (positive: clockwise).
    pub roll_deg: f32,
    /// Head yaw, degrees (positive: turned to the photo's right).
    pub yaw_deg: f32,
    /// Shoulder line tilt, degrees.
    pub shoulder_tilt_deg: f32,
    /// Exposure multiplier (1 = normal).
    pub exposure: f32,
    /// Contrast multiplier around mid-grey (1 = normal).
    pub contrast: f32,
    /// Gaussian blur sigma in pixels (0 = sharp).
    pub blur: f32,
    /// Sensor noise sigma in 8-bit levels.
    pub noise: f32,
    /// Per-channel gains (1, 1, 1 = neutral).
    pub colour_gain: [f32; 3],
    /// Oily highlights on forehead, nose and cheeks.
    pub skin_shine: bool,
    /// Beauty-filter smoothing of the skin.
    pub beauty_filter: bool,
    /// Light direction, x (-1 left … 1 right).
    pub light_x: f32,
    /// File-level case.
    pub file: FileCase,
    /// File-name case.
    pub name: NameCase,
    /// Output width.
    pub width: u32,
    /// Output height.
    pub height: u32,
    /// JPEG quality (for `jpeg` outputs).
    pub jpeg_quality: u8,
}

/// Ground-truth geometry, pixels of the output image.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Geometry {
    /// Top of the hair (or headwear), y.
    pub head_top: f32,
    /// Bottom of the chin, y.
    pub chin: f32,
    /// Left eye centre (image left), [x, y].
    pub eye_left: [f32; 2],
    /// Right eye centre (image right), [x, y].
    pub eye_right: [f32; 2],
    /// Face box [x, y, width, height].
    pub face_box: [f32; 4],
    /// Ear boxes [x, y, width, height], image-left then image-right.
    pub ear_boxes: [[f32; 4]; 2],
    /// Whether each ear is visible (not under hair).
    pub ears_visible: [bool; 2],
    /// Torso box [x, y, width, height] (clipped to the image).
    pub torso_box: [f32; 4],
}

//! The last stage: findings → status → [`Verdict`].
//!
//! A verdict is plain data (`Clone + Debug + Serialize`), the same for the
//! library, the batch driver and the HTTP endpoint. Its JSON form is the body
//! of a JSON Lines record (`docs/record.schema.json`).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::decode::{ColourModel, Header};
use crate::id::IdInfo;
use crate::params::ImageFormat;
use crate::rules::{RuleId, Severity};

/// The outcome for one photo, from best to worst.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// No rule fired.
    Pass,
    /// Only `warn` rules fired: a person should look.
    Warn,
    /// An `error` rule fired: the photo is rejected.
    Fail,
    /// The file could not be analysed (unreadable, undecodable, wrong format,
    /// internal error): nothing beyond the file rules was checked.
    Error,
}

impl Status {
    /// Lower-case name, as in records.
    pub const fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Warn => "warn",
            Status::Fail => "fail",
            Status::Error => "error",
        }
    }

    /// All statuses, best first.
    pub const ALL: [Status; 4] = [Status::Pass, Status::Warn, Status::Fail, Status::Error];
}

/// A message in both languages of the notices.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Message {
    /// Chinese.
    pub zh: String,
    /// English.
    pub en: String,
}

impl Message {
    /// A message from its two texts.
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Message {
        Message {
            zh: zh.into(),
            en: en.into(),
        }
    }
}

/// A rectangle in image pixels (after EXIF orientation).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Region {
    /// Left edge.
    pub x: u32,
    /// Top edge.
    pub y: u32,
    /// Width.
    pub width: u32,
    /// Height.
    pub height: u32,
}

/// One rule that fired on one photo.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Finding {
    /// The rule id.
    pub rule: RuleId,
    /// The severity the profile gives the rule.
    pub severity: Severity,
    /// What is wrong, for a person.
    pub message: Message,
    /// What was measured (number, pair, string or object; rule-specific).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measured: Option<Value>,
    /// What the profile asks for, in the same shape as `measured`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected: Option<Value>,
    /// Where in the image; absent for rules about the whole file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<Region>,
}

/// What the file's header says, as measured.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FileMeasurements {
    /// File size in bytes.
    pub bytes: u64,
    /// Container format from the signature.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<ImageFormat>,
    /// Width after EXIF orientation, pixels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    /// Height after EXIF orientation, pixels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    /// Colour model as stored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub colour: Option<ColourModel>,
    /// Bits per channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bit_depth: Option<u8>,
    /// Progressive JPEG.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub progressive: Option<bool>,
    /// JPEG chroma subsampling.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subsampling: Option<String>,
    /// EXIF orientation, 1–8.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub orientation: Option<u8>,
    /// Stated pixel density, dots per inch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dpi: Option<u16>,
    /// JPEG quality estimated from the luminance quantisation table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jpeg_quality: Option<u8>,
    /// What the metadata says about the programs that wrote the file
    /// (`decode::software_tags`; measured when `file.edited` applies).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub software: Vec<String>,
}

impl FileMeasurements {
    /// Size only, for files whose header could not be read.
    pub fn of_size(bytes: u64) -> FileMeasurements {
        FileMeasurements {
            bytes,
            ..FileMeasurements::default()
        }
    }

    /// Size and header.
    pub fn of_header(bytes: u64, header: &Header) -> FileMeasurements {
        FileMeasurements {
            bytes,
            format: Some(header.format),
            width: Some(header.width()),
            height: Some(header.height()),
            colour: Some(header.colour),
            bit_depth: Some(header.bit_depth),
            progressive: Some(header.progressive),
            subsampling: header.subsampling.clone(),
            orientation: Some(header.orientation),
            dpi: header.dpi,
            jpeg_quality: header.jpeg_quality,
            software: Vec::new(),
        }
    }
}

/// What segmentation measured.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SegmentMeasurements {
    /// The background model.
    pub background: crate::segment::BackgroundModel,
    /// The person's bounding box.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<Region>,
    /// Share of the frame the person covers.
    pub person_share: f32,
    /// Bounding boxes of stray objects in the background.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub objects: Vec<Region>,
    /// Someone or something behind the graduate, joined to the silhouette
    /// beside the head (measured against the face; absent without one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub beside_head: Option<crate::segment::Beside>,
    /// The clothing, where it could be measured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clothing: Option<crate::segment::Torso>,
    /// The shadow measure around the silhouette.
    pub shadow: crate::segment::Shadow,
    /// Stripes and checks on the clothing, where it could be measured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<crate::segment::Pattern>,
    /// The outline of the head and neck against the clothing colour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hood: Option<crate::segment::Hood>,
    /// A hood's shaded lining beside the face, measured where the clothing
    /// merged with the backdrop (a hood of its colour has no outline).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lining: Option<crate::segment::Lining>,
}

/// Measurements of a photo; each stage adds its own section.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Measurements {
    /// The file and its header.
    pub file: FileMeasurements,
    /// Background and person (absent when the photo could not be segmented).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segmentation: Option<SegmentMeasurements>,
    /// Faces, keypoints, head top, chin, face width, shoulders and pose
    /// (absent when no face was found or no rule needs them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub landmarks: Option<crate::landmarks::Landmarks>,
    /// The face's parts: skin tone, eye opening, lip gap, lower-face skin,
    /// highlights (absent without a located face or a rule needing them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parts: Option<crate::parts::FaceParts>,
    /// Image quality: tonal range, sharpness, noise, blocking, the face's
    /// exposure and colour, skin texture (absent when no rule needs it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quality: Option<crate::quality::ImageQuality>,
    /// The picture's fingerprint, for `batch.duplicate-photo` (absent when
    /// the profile does not check it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fingerprint: Option<crate::fingerprint::Fingerprint>,
}

/// The engine's answer for one photo.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Verdict {
    /// The worst outcome over all findings.
    pub status: Status,
    /// Why the photo could not be analysed (status `error` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<Message>,
    /// The identity its file name gives.
    pub id: IdInfo,
    /// The rules that fired, in catalogue order.
    pub findings: Vec<Finding>,
    /// What was measured.
    pub measurements: Measurements,
    /// The rules that were actually evaluated, in catalogue order. A rule the
    /// profile declares but this list lacks was not checked: never a pass.
    pub checked: Vec<RuleId>,
}

impl Verdict {
    /// Add a finding from a later stage (e.g. the batch's duplicate-ID check),
    /// recording the rule as checked and updating the status.
    pub fn add_finding(&mut self, finding: Finding) {
        self.mark_checked(finding.rule);
        self.status = self.status.max(status_of(finding.severity));
        let at = self.findings.partition_point(|f| f.rule <= finding.rule);
        self.findings.insert(at, finding);
    }

    /// Record that a rule was evaluated (whether or not it fired).
    pub fn mark_checked(&mut self, rule: RuleId) {
        if let Err(at) = self.checked.binary_search(&rule) {
            self.checked.insert(at, rule);
        }
    }
}

/// The status a finding of this severity implies, on an analysed photo.
pub const fn status_of(severity: Severity) -> Status {
    match severity {
        Severity::Warn => Status::Warn,
        Severity::Error => Status::Fail,
    }
}

//! The rule catalogue: every rule id of `shared/RULES.md`, its parameters, and
//! whether this build implements it.
//!
//! Ids are stable strings (`family.name`). A profile declares which rules
//! apply, with a [`Severity`] and typed parameters; the [`RuleSet`] is
//! generated from the same table as [`RuleId`], so a rule cannot exist in one
//! and not the other.

use std::fmt;
use std::str::FromStr;

use schemars::JsonSchema;
use serde::de::{self, DeserializeOwned};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::params::*;

/// How a failed rule counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Flags the photo for a person to look at (status `warn`).
    Warn,
    /// Rejects the photo (status `fail`, or `error` for the fatal file rules).
    Error,
}

/// A rule as a profile declares it: a severity and the rule's parameters.
///
/// In TOML the severity sits beside the parameters:
/// `[rules."file.size"]` / `severity = "warn"` / `min_kb = 20`.
/// `severity = "off"` removes a rule that an `extends`ed profile declared.
#[derive(Clone, Debug, PartialEq)]
pub struct Rule<P> {
    /// What a failure of this rule does to the photo's status.
    pub severity: Severity,
    /// The rule's parameters.
    pub params: P,
}

impl<P: Serialize> Serialize for Rule<P> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut value = serde_json::to_value(&self.params).map_err(serde::ser::Error::custom)?;
        let map = value
            .as_object_mut()
            .ok_or_else(|| serde::ser::Error::custom("rule parameters must be a table"))?;
        map.insert(
            "severity".into(),
            serde_json::to_value(self.severity).map_err(serde::ser::Error::custom)?,
        );
        map.serialize(serializer)
    }
}

/// Deserialises to `None` for `severity = "off"`.
fn deserialize_rule<'de, D, P>(deserializer: D) -> Result<Option<Rule<P>>, D::Error>
where
    D: Deserializer<'de>,
    P: DeserializeOwned,
{
    let mut map = serde_json::Map::deserialize(deserializer)?;
    let severity = match map.remove("severity") {
        None => return Err(de::Error::missing_field("severity")),
        Some(serde_json::Value::String(s)) if s == "off" => return Ok(None),
        Some(v) => Severity::deserialize(v)
            .map_err(|e| de::Error::custom(format!("severity: {e} (expected \"error\", \"warn\" or \"off\")")))?,
    };
    let params = P::deserialize(serde_json::Value::Object(map)).map_err(de::Error::custom)?;
    Ok(Some(Rule { severity, params }))
}

fn serialize_rule<S: Serializer, P: Serialize>(rule: &Option<Rule<P>>, s: S) -> Result<S::Ok, S::Error> {
    match rule {
        Some(r) => r.serialize(s),
        None => s.serialize_none(),
    }
}

macro_rules! catalogue {
    ($( $variant:ident, $field:ident, $id:literal, $params:ty, $implemented:expr, $en:literal, $zh:literal; )*) => {
        /// A rule id from the catalogue (`shared/RULES.md`).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
        pub enum RuleId {
            $(
                #[doc = $en]
                #[serde(rename = $id)]
                $variant,
            )*
        }

        impl RuleId {
            /// Every rule of the catalogue, in catalogue order.
            pub const ALL: &'static [RuleId] = &[$(RuleId::$variant),*];

            /// The stable id, e.g. `"file.size"`.
            pub const fn as_str(self) -> &'static str {
                match self { $(RuleId::$variant => $id,)* }
            }

            /// What the rule asks of a photo, in English.
            pub const fn title_en(self) -> &'static str {
                match self { $(RuleId::$variant => $en,)* }
            }

            /// What the rule asks of a photo, in Chinese.
            pub const fn title_zh(self) -> &'static str {
                match self { $(RuleId::$variant => $zh,)* }
            }

            /// Whether this build evaluates the rule. A declared rule that is
            /// not implemented is listed as such in every report, never
            /// counted as a pass.
            pub const fn is_implemented(self) -> bool {
                match self { $(RuleId::$variant => $implemented,)* }
            }
        }

        impl FromStr for RuleId {
            type Err = UnknownRule;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($id => Ok(RuleId::$variant),)*
                    _ => Err(UnknownRule(s.to_owned())),
                }
            }
        }

        /// The rules a profile declares, each with its severity and typed
        /// parameters. Unknown rule ids and unknown parameters are errors.
        #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct RuleSet {
            $(
                #[doc = $en]
                #[serde(rename = $id, default, deserialize_with = "deserialize_rule", serialize_with = "serialize_rule", skip_serializing_if = "Option::is_none")]
                pub $field: Option<Rule<$params>>,
            )*
        }

        impl RuleSet {
            /// The severity of a declared rule, `None` if the profile does not declare it.
            pub fn severity(&self, id: RuleId) -> Option<Severity> {
                match id { $(RuleId::$variant => self.$field.as_ref().map(|r| r.severity),)* }
            }
        }
    };
}

catalogue! {
    FileDecode, file_decode, "file.decode", NoParams, true,
        "the file decodes completely", "文件可完整解码";
    FileFormat, file_format, "file.format", FormatParams, true,
        "JPEG, 8-bit, 3-channel colour", "JPEG 格式、8 位、三通道彩色";
    FileDimensions, file_dimensions, "file.dimensions", DimensionsParams, true,
        "pixel size as the profile says", "像素尺寸符合要求";
    FileSize, file_size, "file.size", SizeParams, true,
        "file size inside the profile's window", "文件大小在规定范围内";
    FileEdited, file_edited, "file.edited", EditedParams, true,
        "no editing program or re-save in the metadata", "元数据中无修图软件或二次保存痕迹";
    IdFilename, id_filename, "id.filename", IdParams, true,
        "the file name is a valid 18-digit ID number", "文件名为有效的 18 位身份证号";
    BatchDuplicateId, batch_duplicate_id, "batch.duplicate-id", NoParams, true,
        "one file per ID in a batch", "同一证件号只有一张照片";
    BatchDuplicatePhoto, batch_duplicate_photo, "batch.duplicate-photo", DuplicatePhotoParams, true,
        "no identical picture under two IDs", "不同证件号不得使用相同照片";
    BackgroundColour, background_colour, "background.colour", BackgroundColourParams, true,
        "the background is the profile's colour", "背景颜色符合要求";
    BackgroundUniform, background_uniform, "background.uniform", BackgroundUniformParams, true,
        "an even background, no objects", "背景均匀、无杂物";
    BackgroundShadow, background_shadow, "background.shadow", BackgroundShadowParams, true,
        "no shadow on the background", "背景无阴影";
    ClothingColour, clothing_colour, "clothing.colour", ClothingColourParams, true,
        "clothing is not a forbidden colour", "服装颜色不在禁止之列";
    ClothingContrast, clothing_contrast, "clothing.contrast", ClothingContrastParams, true,
        "clothing stands out from the background", "服装与背景颜色区分明显";
    ClothingPattern, clothing_pattern, "clothing.pattern", ClothingPatternParams, true,
        "no stripes, checks or complex patterns", "服装无条纹、格子或复杂图案";
    ClothingHood, clothing_hood, "clothing.hood", ClothingHoodParams, true,
        "no hooded top", "不穿带帽子的衣服";
    ClothingCollar, clothing_collar, "clothing.collar", CollarParams, true,
        "a collared top", "穿有领上衣";
    AccessoryEarrings, accessory_earrings, "accessory.earrings", EarringsParams, true,
        "no earrings", "不佩戴耳环";
    AccessoryNecklace, accessory_necklace, "accessory.necklace", NecklaceParams, true,
        "no necklace", "不佩戴项链";
    AccessoryGlasses, accessory_glasses, "accessory.glasses", GlassesParams, true,
        "no glasses (or none over the eyes)", "不戴眼镜（镜框不遮挡眼睛）";
    AccessoryLensGlare, accessory_lens_glare, "accessory.lens-glare", LensGlareParams, true,
        "no reflections on glasses", "镜片无反光";
    AccessoryHeadwear, accessory_headwear, "accessory.headwear", HeadwearParams, true,
        "bare-headed", "免冠";
    OcclusionEyebrows, occlusion_eyebrows, "occlusion.eyebrows", EyebrowsParams, true,
        "eyebrows visible", "头发不遮挡眉毛";
    OcclusionEyes, occlusion_eyes, "occlusion.eyes", EyesCoverParams, true,
        "eyes not covered", "头发不遮挡眼睛";
    OcclusionEars, occlusion_ears, "occlusion.ears", EarsParams, true,
        "both ears visible", "露出双耳";
    OcclusionFace, occlusion_face, "occlusion.face", FaceOcclusionParams, true,
        "nothing over the face", "面部无遮挡";
    HairBun, hair_bun, "hair.bun", HairBunParams, true,
        "no top bun", "不扎丸子头";
    PoseFrontal, pose_frontal, "pose.frontal", FrontalParams, true,
        "frontal pose, eyes level", "正面端正、双眼平视";
    PoseShoulders, pose_shoulders, "pose.shoulders", ShouldersParams, true,
        "shoulders level", "双肩平衡";
    PoseEyesOpen, pose_eyes_open, "pose.eyes-open", EyesOpenParams, true,
        "eyes open", "双眼自然睁开";
    PoseMouthClosed, pose_mouth_closed, "pose.mouth-closed", MouthClosedParams, true,
        "lips closed", "嘴唇自然闭合";
    GeometrySingleFace, geometry_single_face, "geometry.single-face", NoParams, true,
        "exactly one person", "照片中只有一人";
    GeometryHeadSize, geometry_head_size, "geometry.head-size", HeadSizeParams, true,
        "head size within range", "头部大小符合要求";
    GeometryPosition, geometry_position, "geometry.position", PositionParams, true,
        "head centred, margins within range", "头部居中、位置符合要求";
    QualityExposure, quality_exposure, "quality.exposure", ExposureParams, true,
        "face neither under- nor over-exposed", "面部曝光正常";
    QualityContrast, quality_contrast, "quality.contrast", ContrastParams, true,
        "enough contrast", "对比度正常";
    QualitySharpness, quality_sharpness, "quality.sharpness", SharpnessParams, true,
        "sharp, not blurred", "图像清晰";
    QualityNoise, quality_noise, "quality.noise", NoiseParams, true,
        "low noise", "噪点少";
    QualityCompression, quality_compression, "quality.compression", CompressionParams, true,
        "no visible compression blocking", "无明显压缩块效应";
    QualityColourCast, quality_colour_cast, "quality.colour-cast", ColourCastParams, true,
        "no colour cast", "无偏色";
    QualitySkinShine, quality_skin_shine, "quality.skin-shine", SkinShineParams, true,
        "no oily shine or highlights", "面部不过油、无高光";
    QualityRetouched, quality_retouched, "quality.retouched", RetouchedParams, true,
        "not retouched (no beauty filter)", "未经美颜精修";
}

impl RuleId {
    /// The family part of the id (`"file"` for `file.size`).
    pub fn family(self) -> &'static str {
        let s = self.as_str();
        &s[..s.find('.').unwrap_or(s.len())]
    }

    /// Rules whose failure means the photo could not be analysed at all:
    /// they make the status `error` rather than `fail`.
    pub const fn is_fatal(self) -> bool {
        matches!(self, RuleId::FileDecode | RuleId::FileFormat)
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A string that is not a rule id of the catalogue.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown rule id `{0}`")]
pub struct UnknownRule(pub String);

impl RuleSet {
    /// The rules this set declares, in catalogue order.
    pub fn declared(&self) -> impl Iterator<Item = RuleId> + '_ {
        RuleId::ALL.iter().copied().filter(|&id| self.severity(id).is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for &id in RuleId::ALL {
            assert!(seen.insert(id.as_str()), "duplicate id {id}");
            assert_eq!(id.as_str().parse::<RuleId>().unwrap(), id);
            let json = serde_json::to_string(&id).unwrap();
            assert_eq!(json, format!("\"{}\"", id.as_str()));
            assert!(id.as_str().starts_with(id.family()));
        }
        assert_eq!(RuleId::ALL.len(), 41);
        assert!("file.nope".parse::<RuleId>().is_err());
    }

    #[test]
    fn off_removes_a_rule_and_unknown_fields_are_refused() {
        let set: RuleSet = serde_json::from_str(r#"{"file.size": {"severity": "off"}}"#).unwrap();
        assert_eq!(set.severity(RuleId::FileSize), None);
        let err = serde_json::from_str::<RuleSet>(r#"{"file.size": {"severity": "warn", "min_kbb": 3}}"#).unwrap_err();
        assert!(err.to_string().contains("min_kbb"), "{err}");
        let err = serde_json::from_str::<RuleSet>(r#"{"file.sizes": {"severity": "warn"}}"#).unwrap_err();
        assert!(err.to_string().contains("file.sizes"), "{err}");
        let err = serde_json::from_str::<RuleSet>(r#"{"file.size": {"severity": "fatal"}}"#).unwrap_err();
        assert!(err.to_string().contains("severity"), "{err}");
    }
}

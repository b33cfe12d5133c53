//! File rules: `file.decode`, `file.format`, `file.dimensions`, `file.size`,
//! `file.edited`.

use serde_json::json;

use super::finding;
use crate::decode::{ColourModel, DecodeError, Header};
use crate::params::{DimensionsParams, EditedParams, FormatParams, ImageFormat, SizeParams};
use crate::rules::{Rule, RuleId, Severity};
use crate::verdict::{Finding, Message};

/// `file.decode`: the file could not be read or decoded. Always an error:
/// nothing else can be checked on such a file.
pub fn decode(error: &DecodeError) -> Finding {
    Finding {
        rule: RuleId::FileDecode,
        severity: Severity::Error,
        message: Message::new(error.message_zh(), error.to_string()),
        measured: None,
        expected: None,
        region: None,
    }
}

/// `file.decode` for a file that could not even be read from disk.
pub fn unreadable(reason: &str) -> Finding {
    Finding {
        rule: RuleId::FileDecode,
        severity: Severity::Error,
        message: Message::new(
            format!("无法读取文件：{reason}"),
            format!("cannot read the file: {reason}"),
        ),
        measured: None,
        expected: None,
        region: None,
    }
}

/// The image format a file name's extension claims, if it names one.
fn claimed_format(name: &str) -> Option<ImageFormat> {
    let ext = name.rsplit_once('.')?.1;
    if ext.eq_ignore_ascii_case("jpg") || ext.eq_ignore_ascii_case("jpeg") || ext.eq_ignore_ascii_case("jpe") {
        Some(ImageFormat::Jpeg)
    } else if ext.eq_ignore_ascii_case("png") {
        Some(ImageFormat::Png)
    } else {
        None
    }
}

/// `file.format`: container format allowed, the name's extension telling the
/// truth, 8-bit, 3-channel colour.
pub fn format(name: &str, header: &Header, rule: &Rule<FormatParams>) -> Option<Finding> {
    let mut zh = Vec::new();
    let mut en = Vec::new();
    let actual = header.format.as_str().to_ascii_uppercase();
    if let Some(claimed) = claimed_format(name).filter(|&c| c != header.format) {
        zh.push(format!(
            "文件内容是 {actual}，但扩展名是 {}",
            claimed.as_str().to_ascii_uppercase()
        ));
        en.push(format!(
            "the content is {actual} but the name says {}",
            claimed.as_str().to_ascii_uppercase()
        ));
    }
    if !rule.params.formats.contains(&header.format) {
        let allowed: Vec<_> = rule
            .params
            .formats
            .iter()
            .map(|f| f.as_str().to_ascii_uppercase())
            .collect();
        zh.push(format!("要求 {} 格式", allowed.join("/")));
        en.push(format!("{} is required", allowed.join(" or ")));
    }
    if header.colour != ColourModel::Rgb {
        zh.push(format!(
            "色彩模式为{}，要求 24 位 RGB 彩色",
            header.colour.describe_zh()
        ));
        en.push(format!(
            "the image is {}, 24-bit RGB colour is required",
            header.colour.describe()
        ));
    }
    if header.bit_depth != 8 {
        zh.push(format!("每通道 {} 位，要求 8 位", header.bit_depth));
        en.push(format!("{} bits per channel, 8 are required", header.bit_depth));
    }
    if en.is_empty() {
        return None;
    }
    let measured = json!({ "format": header.format, "colour": header.colour, "bit_depth": header.bit_depth, "extension": name.rsplit_once('.').map(|(_, e)| e) });
    let expected = json!({ "formats": rule.params.formats, "colour": ColourModel::Rgb, "bit_depth": 8 });
    Some(finding(
        RuleId::FileFormat,
        rule,
        Message::new(zh.join("；"), en.join("; ")),
        measured,
        expected,
        None,
    ))
}

/// `file.dimensions`: the pixel size (after EXIF orientation) as the profile says.
pub fn dimensions(header: &Header, rule: &Rule<DimensionsParams>) -> Option<Finding> {
    let (w, h) = (header.width(), header.height());
    let DimensionsParams { width, height } = rule.params;
    if (w, h) == (width, height) {
        return None;
    }
    let message = Message::new(
        format!("图像尺寸为 {w}×{h} 像素，要求 {width}×{height}（宽×高）"),
        format!("the image is {w}×{h} pixels; {width}×{height} (width × height) is required"),
    );
    Some(finding(
        RuleId::FileDimensions,
        rule,
        message,
        json!([w, h]),
        json!([width, height]),
        None,
    ))
}

/// `file.size`: the file size inside the window (KB = 1024 bytes).
pub fn size(bytes: u64, rule: &Rule<SizeParams>) -> Option<Finding> {
    let kb = bytes as f64 / 1024.0;
    let SizeParams { min_kb, max_kb } = rule.params;
    if (min_kb..=max_kb).contains(&kb) {
        return None;
    }
    let (zh, en) = if kb < min_kb {
        ("小于", "below")
    } else {
        ("大于", "above")
    };
    let message = Message::new(
        format!("文件大小 {kb:.1} KB，{zh}要求的 {min_kb}–{max_kb} KB"),
        format!("the file is {kb:.1} KB, {en} the {min_kb}–{max_kb} KB window"),
    );
    Some(finding(
        RuleId::FileSize,
        rule,
        message,
        json!((kb * 10.0).round() / 10.0),
        json!([min_kb, max_kb]),
        None,
    ))
}

/// `file.edited`: the metadata names an editing program
/// ([`crate::decode::software_tags`]; the profile's `editors`, matched
/// case-insensitively). A camera's or a studio tool's name passes.
pub fn edited(tags: &[String], rule: &Rule<EditedParams>) -> Option<Finding> {
    let hits: Vec<&String> = tags
        .iter()
        .filter(|t| {
            let lower = t.to_lowercase();
            rule.params.editors.iter().any(|e| lower.contains(&e.to_lowercase()))
        })
        .collect();
    let first = hits.first()?;
    Some(finding(
        RuleId::FileEdited,
        rule,
        Message::new(
            format!("元数据显示照片经修图软件处理：{first}"),
            format!("the metadata names an editing program: {first}"),
        ),
        json!(hits),
        json!({ "editors": rule.params.editors }),
        None,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::error_rule as rule;

    fn header(format: ImageFormat, w: u32, h: u32, orientation: u8) -> Header {
        Header {
            format,
            stored_width: w,
            stored_height: h,
            colour: ColourModel::Rgb,
            bit_depth: 8,
            progressive: false,
            subsampling: None,
            orientation,
            dpi: None,
            jpeg_quality: None,
        }
    }

    #[test]
    fn dimensions_follow_orientation() {
        let r = rule(DimensionsParams::default());
        assert!(dimensions(&header(ImageFormat::Jpeg, 480, 640, 1), &r).is_none());
        assert!(
            dimensions(&header(ImageFormat::Jpeg, 640, 480, 6), &r).is_none(),
            "rotated 90° on display"
        );
        let f = dimensions(&header(ImageFormat::Jpeg, 413, 531, 1), &r).unwrap();
        assert_eq!(f.measured, Some(json!([413, 531])));
        assert!(f.message.en.contains("413×531") && f.message.zh.contains("480×640"));
    }

    #[test]
    fn size_window_is_inclusive_in_kib() {
        let r = rule(SizeParams {
            min_kb: 20.0,
            max_kb: 40.0,
        });
        assert!(size(20 * 1024, &r).is_none());
        assert!(size(40 * 1024, &r).is_none());
        assert!(size(40 * 1024 + 1, &r).unwrap().message.en.contains("above"));
        let f = size(10 * 1024, &r).unwrap();
        assert_eq!(f.measured, Some(json!(10.0)));
        assert!(f.message.zh.contains("小于"));
    }

    #[test]
    fn format_catches_renames_colour_and_depth() {
        let r = rule(FormatParams::default());
        assert!(format("a.JPG", &header(ImageFormat::Jpeg, 1, 1, 1), &r).is_none());
        assert!(format("a", &header(ImageFormat::Jpeg, 1, 1, 1), &r).is_none());
        let png = format("a.jpg", &header(ImageFormat::Png, 1, 1, 1), &r).unwrap();
        assert!(
            png.message.en.contains("content is PNG but the name says JPEG"),
            "{}",
            png.message.en
        );
        assert!(png.message.en.contains("JPEG is required"));
        let mut cmyk = header(ImageFormat::Jpeg, 1, 1, 1);
        cmyk.colour = ColourModel::Cmyk;
        assert!(format("a.jpg", &cmyk, &r).unwrap().message.en.contains("CMYK"));
        let mut deep = header(ImageFormat::Png, 1, 1, 1);
        deep.bit_depth = 16;
        let allow_png = rule(FormatParams {
            formats: vec![ImageFormat::Jpeg, ImageFormat::Png],
        });
        let f = format("a.png", &deep, &allow_png).unwrap();
        assert!(f.message.en.contains("16 bits") && !f.message.en.contains("required;"));
    }

    #[test]
    fn an_editor_in_the_metadata_fires_and_a_camera_does_not() {
        let rule = Rule {
            severity: Severity::Warn,
            params: EditedParams::default(),
        };
        let camera = vec!["EXIF Software: Canon EOS 5D Mark IV Firmware 1.2".to_owned()];
        assert_eq!(edited(&camera, &rule), None);
        let tags = vec![
            "EXIF Software: Canon".to_owned(),
            "XMP xmp:CreatorTool: Adobe Photoshop 25.0 (Windows)".to_owned(),
        ];
        let f = edited(&tags, &rule).unwrap();
        assert_eq!(f.severity, Severity::Warn);
        assert!(f.message.en.contains("Photoshop 25.0"), "{}", f.message.en);
        assert!(edited(&["comment: 美图秀秀".to_owned()], &rule).is_some());
    }
}

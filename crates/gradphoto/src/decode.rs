//! Stage 1: bytes → header → RGB pixels.
//!
//! [`probe`] reads only the header (signature, size, colour model, bit depth,
//! EXIF orientation) and allocates no pixel buffer, so that an absurd header is
//! refused before any memory is spent on it. [`decode_into`] then decodes into
//! a buffer the caller owns and reuses, and applies the EXIF orientation.
//!
//! Guarantees of a successful [`decode_into`]: the buffer holds exactly
//! `width × height × 3` bytes of 8-bit sRGB, rows top to bottom, upright as a
//! viewer shows the photo.

use std::io::Cursor;

use image::ImageDecoder;
use image::codecs::png::PngDecoder;
use image::metadata::Orientation;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use zune_core::bytestream::ZCursor;
use zune_core::colorspace::ColorSpace;
use zune_core::options::DecoderOptions;
use zune_jpeg::JpegDecoder;
use zune_jpeg::SampleRatios;

use crate::params::ImageFormat;

/// What a file's first bytes say it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Signature {
    /// A format this engine decodes.
    Supported(ImageFormat),
    /// An image format this engine does not decode (GIF, WebP, HEIC, …).
    OtherImage(&'static str),
    /// Not a known image signature.
    Unknown,
}

/// Identify the container format from the magic bytes.
pub fn sniff(bytes: &[u8]) -> Signature {
    match bytes {
        [0xFF, 0xD8, 0xFF, ..] => Signature::Supported(ImageFormat::Jpeg),
        [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => Signature::Supported(ImageFormat::Png),
        [b'G', b'I', b'F', b'8', ..] => Signature::OtherImage("GIF"),
        [b'B', b'M', ..] => Signature::OtherImage("BMP"),
        [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => Signature::OtherImage("WebP"),
        [b'I', b'I', 42, 0, ..] | [b'M', b'M', 0, 42, ..] => Signature::OtherImage("TIFF"),
        [_, _, _, _, b'f', b't', b'y', b'p', b'h', b'e', b'i', b'c' | b'x', ..] => Signature::OtherImage("HEIC"),
        [_, _, _, _, b'f', b't', b'y', b'p', b'a', b'v', b'i', b'f', ..] => Signature::OtherImage("AVIF"),
        [_, _, _, _, b'f', b't', b'y', b'p', b'm', b'i', b'f', b'1', ..] => Signature::OtherImage("HEIF"),
        [0xFF, 0x0A, ..] | [0, 0, 0, 0x0C, b'J', b'X', b'L', b' ', ..] => Signature::OtherImage("JPEG XL"),
        [0, 0, 0, 0x0C, b'j', b'P', b' ', b' ', ..] => Signature::OtherImage("JPEG 2000"),
        _ => Signature::Unknown,
    }
}

/// The colour model stored in the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ColourModel {
    /// Three colour channels (YCbCr or RGB).
    Rgb,
    /// Colour with an alpha channel.
    RgbAlpha,
    /// One grey channel.
    Grey,
    /// Grey with alpha.
    GreyAlpha,
    /// Four-channel print colour (CMYK or YCCK).
    Cmyk,
    /// Anything else (palette PNGs are expanded and count as `rgb`).
    Other,
}

impl ColourModel {
    /// English name for messages.
    pub const fn describe(self) -> &'static str {
        match self {
            ColourModel::Rgb => "RGB colour",
            ColourModel::RgbAlpha => "RGB with an alpha channel",
            ColourModel::Grey => "greyscale",
            ColourModel::GreyAlpha => "greyscale with alpha",
            ColourModel::Cmyk => "CMYK",
            ColourModel::Other => "an unusual colour model",
        }
    }
    /// Chinese name for messages.
    pub const fn describe_zh(self) -> &'static str {
        match self {
            ColourModel::Rgb => "RGB 彩色",
            ColourModel::RgbAlpha => "带透明通道的 RGB",
            ColourModel::Grey => "灰度",
            ColourModel::GreyAlpha => "带透明通道的灰度",
            ColourModel::Cmyk => "CMYK 印刷色",
            ColourModel::Other => "非常见色彩模式",
        }
    }
}

/// Everything the header says, read without decoding pixels.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Header {
    /// Container format.
    pub format: ImageFormat,
    /// Width as stored, pixels.
    pub stored_width: u32,
    /// Height as stored, pixels.
    pub stored_height: u32,
    /// Colour model as stored.
    pub colour: ColourModel,
    /// Bits per channel.
    pub bit_depth: u8,
    /// Progressive JPEG (or interlaced PNG).
    pub progressive: bool,
    /// JPEG chroma subsampling, e.g. `"4:2:0"`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subsampling: Option<String>,
    /// EXIF orientation tag, 1–8 (1 when absent).
    pub orientation: u8,
    /// Pixel density in dots per inch, when the file states one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dpi: Option<u16>,
    /// The JPEG quality (libjpeg's 1–100 scale) whose luminance table is
    /// closest to the file's ([`estimate_quality`]); JPEG only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jpeg_quality: Option<u8>,
}

impl Header {
    /// Width after applying the EXIF orientation.
    pub fn width(&self) -> u32 {
        if self.orientation >= 5 {
            self.stored_height
        } else {
            self.stored_width
        }
    }
    /// Height after applying the EXIF orientation.
    pub fn height(&self) -> u32 {
        if self.orientation >= 5 {
            self.stored_width
        } else {
            self.stored_height
        }
    }
    /// Width × height.
    pub fn pixels(&self) -> u64 {
        u64::from(self.stored_width) * u64::from(self.stored_height)
    }

    /// Refuse an image whose header claims more than `max_pixels` pixels,
    /// before any pixel buffer is allocated.
    ///
    /// # Errors
    /// [`DecodeError::TooManyPixels`].
    pub fn within(&self, max_pixels: u64) -> Result<(), DecodeError> {
        if self.pixels() > max_pixels {
            return Err(DecodeError::TooManyPixels {
                width: self.width(),
                height: self.height(),
                pixels: self.pixels(),
                limit: max_pixels,
            });
        }
        Ok(())
    }
}

/// Why the pixels could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// A zero-byte file.
    #[error("the file is empty (0 bytes)")]
    Empty,
    /// An image format this engine does not decode.
    #[error("the file is a {0} image, which is not supported")]
    OtherFormat(&'static str),
    /// Not an image at all.
    #[error("the file is not an image (unrecognised signature {0})")]
    NotAnImage(String),
    /// The header claims more pixels than the limit allows.
    #[error("the header claims {width}×{height} pixels ({mp:.1} MP), over the limit of {limit_mp:.1} MP; refused before decoding", mp = *pixels as f64 / 1e6, limit_mp = *limit as f64 / 1e6)]
    TooManyPixels {
        /// Claimed width.
        width: u32,
        /// Claimed height.
        height: u32,
        /// width × height.
        pixels: u64,
        /// The limit.
        limit: u64,
    },
    /// The data ends before the image does.
    #[error("the file is truncated: the image data ends early ({0})")]
    Truncated(String),
    /// The data is damaged or not valid for its format.
    #[error("the file is corrupt: {0}")]
    Corrupt(String),
    /// Memory for the pixels could not be reserved.
    #[error("cannot allocate {0} bytes for the pixels")]
    OutOfMemory(usize),
    /// The pixel format cannot be converted to RGB by this engine.
    #[error("cannot decode {0} pixels")]
    Unsupported(&'static str),
}

impl DecodeError {
    /// The Chinese message.
    pub fn message_zh(&self) -> String {
        match self {
            DecodeError::Empty => "文件为空（0 字节）".into(),
            DecodeError::OtherFormat(f) => format!("文件是 {f} 图像，不受支持"),
            DecodeError::NotAnImage(_) => "文件不是图像（无法识别的文件头）".into(),
            DecodeError::TooManyPixels {
                width, height, limit, ..
            } => {
                format!(
                    "文件头声称 {width}×{height} 像素，超过上限 {:.1} 百万像素，拒绝解码",
                    *limit as f64 / 1e6
                )
            }
            DecodeError::Truncated(_) => "文件不完整：图像数据提前结束".into(),
            DecodeError::Corrupt(_) => "文件已损坏，无法解码".into(),
            DecodeError::OutOfMemory(n) => format!("无法为像素分配 {n} 字节内存"),
            DecodeError::Unsupported(what) => format!("无法解码 {what} 像素"),
        }
    }
}

fn jpeg_options() -> DecoderOptions {
    // JPEG cannot exceed 65535 in either direction; our own pixel limit is
    // applied with a clear message before any decoding.
    DecoderOptions::default()
        .set_max_width(usize::from(u16::MAX))
        .set_max_height(usize::from(u16::MAX))
        .set_strict_mode(true)
}

/// Read the header of a JPEG or PNG file. Allocates no pixel buffer.
///
/// # Errors
/// [`DecodeError`] for an empty file, a foreign or unknown format, or a
/// header that cannot be parsed.
pub fn probe(bytes: &[u8]) -> Result<Header, DecodeError> {
    match sniff(bytes) {
        _ if bytes.is_empty() => Err(DecodeError::Empty),
        Signature::Supported(ImageFormat::Jpeg) => probe_jpeg(bytes),
        Signature::Supported(ImageFormat::Png) => probe_png(bytes),
        Signature::OtherImage(name) => Err(DecodeError::OtherFormat(name)),
        Signature::Unknown => Err(DecodeError::NotAnImage(
            bytes
                .iter()
                .take(8)
                .map(|b| format!("{b:02X}"))
                .collect::<Vec<_>>()
                .join(" "),
        )),
    }
}

fn jpeg_error(e: zune_jpeg::errors::DecodeErrors) -> DecodeError {
    let text = e.to_string();
    let lower = text.to_ascii_lowercase();
    if lower.contains("no more bytes")
        || lower.contains("eof")
        || lower.contains("end of")
        || lower.contains("exhausted")
    {
        DecodeError::Truncated(text)
    } else {
        DecodeError::Corrupt(text)
    }
}

fn probe_jpeg(bytes: &[u8]) -> Result<Header, DecodeError> {
    let mut decoder = JpegDecoder::new_with_options(ZCursor::new(bytes), jpeg_options());
    decoder.decode_headers().map_err(jpeg_error)?;
    let info = decoder
        .info()
        .ok_or_else(|| DecodeError::Corrupt("no frame header".into()))?;
    let colour = match decoder.input_colorspace() {
        Some(ColorSpace::YCbCr | ColorSpace::RGB) if info.components == 3 => ColourModel::Rgb,
        Some(ColorSpace::Luma) => ColourModel::Grey,
        Some(ColorSpace::CMYK | ColorSpace::YCCK) => ColourModel::Cmyk,
        _ => ColourModel::Other,
    };
    let progressive = info.sof.is_progressive();
    let subsampling = (colour == ColourModel::Rgb).then(|| {
        match info.sample_ratio {
            SampleRatios::None => "4:4:4",
            SampleRatios::H => "4:2:2",
            SampleRatios::V => "4:4:0",
            SampleRatios::HV => "4:2:0",
            SampleRatios::Generic(..) => "other",
        }
        .to_owned()
    });
    let orientation = decoder
        .exif()
        .and_then(|exif| Orientation::from_exif_chunk(exif))
        .map_or(1, Orientation::to_exif);
    let dpi = jfif_dpi(bytes);
    let jpeg_quality = luma_table(bytes).map(|t| estimate_quality(&t));
    Ok(Header {
        format: ImageFormat::Jpeg,
        stored_width: u32::from(info.width),
        stored_height: u32::from(info.height),
        colour,
        // zune-jpeg decodes 8-bit baseline/extended/progressive only; a
        // 12-bit file fails in decode with a clear message.
        bit_depth: 8,
        progressive,
        subsampling,
        orientation,
        dpi,
        jpeg_quality,
    })
}

/// The segments of a JPEG before its first scan: `(marker, payload)`.
/// Stops at the first scan, at a malformed length or at the end of the
/// data; never reads past `bytes`.
pub fn jpeg_segments(bytes: &[u8]) -> impl Iterator<Item = (u8, &[u8])> {
    let mut at = 2;
    std::iter::from_fn(move || {
        // Fill bytes (0xFF runs) may precede a marker.
        while bytes.get(at) == Some(&0xFF) && bytes.get(at + 1) == Some(&0xFF) {
            at += 1;
        }
        let &[0xFF, marker, hi, lo] = bytes.get(at..at + 4)? else {
            return None;
        };
        let len = usize::from(u16::from_be_bytes([hi, lo]));
        if marker == 0xDA || marker == 0xD9 || len < 2 {
            return None;
        }
        let payload = bytes.get(at + 4..at + 2 + len)?;
        at += 2 + len;
        Some((marker, payload))
    })
}

/// What a JPEG's metadata says about the programs that wrote it: EXIF
/// `Software` and `ProcessingSoftware`, XMP `CreatorTool` and history
/// `softwareAgent`, a Photoshop resource block (APP13), and comments (COM).
/// Each entry is `"<where>: <text>"`, e.g. `"EXIF Software: Adobe
/// Photoshop 25.0"`. Empty for a PNG or a JPEG without such metadata.
pub fn software_tags(bytes: &[u8]) -> Vec<String> {
    let mut tags = Vec::new();
    if sniff(bytes) != Signature::Supported(ImageFormat::Jpeg) {
        return tags;
    }
    for (marker, payload) in jpeg_segments(bytes) {
        match marker {
            0xE1 if payload.starts_with(b"Exif\0\0") => exif_software(&payload[6..], &mut tags),
            0xE1 if payload.starts_with(b"http://ns.adobe.com/xap/1.0/\0") => {
                let xml = String::from_utf8_lossy(&payload[29..]);
                for key in ["xmp:CreatorTool", "stEvt:softwareAgent"] {
                    for value in xml_values(&xml, key) {
                        tags.push(format!("XMP {key}: {value}"));
                    }
                }
            }
            0xED if payload.starts_with(b"Photoshop 3.0\0") => tags.push("APP13: Photoshop 3.0 resource block".into()),
            0xFE => {
                let text = String::from_utf8_lossy(payload);
                let text = text.trim_matches(|c: char| c.is_control() || c.is_whitespace());
                if !text.is_empty() {
                    tags.push(format!("comment: {}", text.chars().take(200).collect::<String>()));
                }
            }
            _ => {}
        }
    }
    tags
}

/// The software fields of an EXIF block (TIFF data).
fn exif_software(tiff: &[u8], tags: &mut Vec<String>) {
    let Ok(exif) = exif::Reader::new().read_raw(tiff.to_vec()) else {
        return;
    };
    /// EXIF's ProcessingSoftware (0x000B), which the crate does not name.
    const PROCESSING_SOFTWARE: u16 = 0x000B;
    for field in exif.fields() {
        let name = match field.tag {
            exif::Tag::Software => "Software",
            t if t.number() == PROCESSING_SOFTWARE => "ProcessingSoftware",
            _ => continue,
        };
        let exif::Value::Ascii(ref parts) = field.value else {
            continue;
        };
        let text: Vec<String> = parts
            .iter()
            .map(|p| String::from_utf8_lossy(p).trim().to_owned())
            .collect();
        let text = text.join(" ");
        if !text.is_empty() {
            tags.push(format!("EXIF {name}: {text}"));
        }
    }
}

/// Values of `key` in XMP text, as an attribute (`key="v"`) or an element
/// (`<key>v</key>`).
fn xml_values(xml: &str, key: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (at, _) in xml.match_indices(key) {
        let rest = &xml[at + key.len()..];
        let value = if let Some(v) = rest.strip_prefix("=\"") {
            v.split('"').next()
        } else if let Some(v) = rest.strip_prefix('>') {
            v.split('<').next()
        } else {
            None
        };
        if let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) {
            out.push(v.to_owned());
        }
    }
    out
}

/// The luminance quantisation table (table 0) of a JPEG, in the file's
/// (zig-zag) order.
fn luma_table(bytes: &[u8]) -> Option<[u16; 64]> {
    for (marker, mut dqt) in jpeg_segments(bytes) {
        if marker != 0xDB {
            continue;
        }
        // A DQT segment may hold several tables: precision and id, then 64
        // values of 8 or 16 bits.
        while let Some((&pq_tq, rest)) = dqt.split_first() {
            let wide = pq_tq >> 4 == 1;
            let size = if wide { 128 } else { 64 };
            let values = rest.get(..size)?;
            if pq_tq & 0x0F == 0 {
                return Some(std::array::from_fn(|i| {
                    if wide {
                        u16::from_be_bytes([values[2 * i], values[2 * i + 1]])
                    } else {
                        u16::from(values[i])
                    }
                }));
            }
            dqt = &rest[size..];
        }
    }
    None
}

/// The JPEG standard's example luminance table (ITU T.81 Annex K.1), from
/// which libjpeg and most encoders scale their tables.
const STANDARD_LUMA: [u16; 64] = [
    16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51,
    87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101,
    72, 92, 95, 98, 112, 100, 103, 99,
];

/// The libjpeg quality (1–100) whose scaled standard table has the sum
/// closest to `table`'s: the sum does not depend on the order the table is
/// stored in, and an encoder with its own tables still lands near the
/// quality of the same coarseness.
pub fn estimate_quality(table: &[u16; 64]) -> u8 {
    let total = |t: &[u16; 64]| t.iter().map(|&v| u32::from(v)).sum::<u32>();
    let target = total(table);
    (1..=100u8)
        .min_by_key(|&q| {
            let scale = if q < 50 {
                5000 / u32::from(q)
            } else {
                200 - 2 * u32::from(q)
            };
            let scaled: u32 = STANDARD_LUMA
                .iter()
                .map(|&v| ((u32::from(v) * scale + 50) / 100).clamp(1, 255))
                .sum();
            scaled.abs_diff(target)
        })
        .unwrap_or(100)
}

/// The pixel density of a JFIF APP0 segment (right after SOI, where JFIF
/// puts it), in dots per inch.
fn jfif_dpi(bytes: &[u8]) -> Option<u16> {
    let app0 = bytes.get(2..18)?;
    if app0[..2] != [0xFF, 0xE0] || &app0[4..9] != b"JFIF\0" {
        return None;
    }
    let (units, x_density) = (app0[11], u16::from_be_bytes([app0[12], app0[13]]));
    match units {
        1 if x_density > 0 => Some(x_density),
        2 if x_density > 0 => Some((f32::from(x_density) * 2.54).round() as u16),
        _ => None,
    }
}

fn png_decoder(bytes: &[u8]) -> Result<PngDecoder<Cursor<&[u8]>>, DecodeError> {
    PngDecoder::new(Cursor::new(bytes)).map_err(|e| image_error(&e))
}

fn image_error(e: &image::ImageError) -> DecodeError {
    let text = e.to_string();
    match e {
        image::ImageError::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            DecodeError::Truncated(text)
        }
        _ if text.to_ascii_lowercase().contains("eof") || text.contains("end of") => DecodeError::Truncated(text),
        _ => DecodeError::Corrupt(text),
    }
}

fn probe_png(bytes: &[u8]) -> Result<Header, DecodeError> {
    use image::ColorType;
    let mut decoder = png_decoder(bytes)?;
    let (width, height) = decoder.dimensions();
    let colour_type = decoder.color_type();
    let (colour, bit_depth) = match colour_type {
        ColorType::Rgb8 => (ColourModel::Rgb, 8),
        ColorType::Rgba8 => (ColourModel::RgbAlpha, 8),
        ColorType::L8 => (ColourModel::Grey, 8),
        ColorType::La8 => (ColourModel::GreyAlpha, 8),
        ColorType::Rgb16 => (ColourModel::Rgb, 16),
        ColorType::Rgba16 => (ColourModel::RgbAlpha, 16),
        ColorType::L16 => (ColourModel::Grey, 16),
        ColorType::La16 => (ColourModel::GreyAlpha, 16),
        _ => (
            ColourModel::Other,
            (colour_type.bits_per_pixel() / u16::from(colour_type.channel_count())) as u8,
        ),
    };
    let orientation = decoder.orientation().map_or(1, Orientation::to_exif);
    Ok(Header {
        format: ImageFormat::Png,
        stored_width: width,
        stored_height: height,
        colour,
        bit_depth,
        progressive: false,
        subsampling: None,
        orientation,
        dpi: None,
        jpeg_quality: None,
    })
}

/// Decode a probed image into `out` (cleared and resized to
/// `width × height × 3`) and apply its EXIF orientation. Only 8-bit RGB
/// sources are decoded.
///
/// # Errors
/// [`DecodeError`] for truncated or corrupt data, an unsupported pixel
/// format, or memory that cannot be reserved.
pub fn decode_into(bytes: &[u8], header: &Header, out: &mut Vec<u8>) -> Result<(), DecodeError> {
    if header.colour != ColourModel::Rgb || header.bit_depth != 8 {
        return Err(DecodeError::Unsupported(header.colour.describe()));
    }
    let len = usize::try_from(header.pixels())
        .ok()
        .and_then(|p| p.checked_mul(3))
        .ok_or(DecodeError::OutOfMemory(usize::MAX))?;
    reserve(out, len)?;
    match header.format {
        ImageFormat::Jpeg => {
            let mut decoder = JpegDecoder::new_with_options(
                ZCursor::new(bytes),
                jpeg_options().jpeg_set_out_colorspace(ColorSpace::RGB),
            );
            decoder.decode_into(out).map_err(jpeg_error)?;
            if !ends_with_eoi(bytes) {
                return Err(DecodeError::Truncated("no end-of-image marker".into()));
            }
        }
        ImageFormat::Png => {
            let decoder = png_decoder(bytes)?;
            decoder.read_image(out).map_err(|e| image_error(&e))?;
        }
    }
    if header.orientation != 1 {
        orient(out, header)?;
    }
    Ok(())
}

/// A JPEG whose entropy-coded data stops early can still decode (the decoder
/// fills the rest); the missing end-of-image marker gives it away. Trailing
/// padding after the marker is allowed.
fn ends_with_eoi(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(4096)..];
    tail.windows(2).any(|w| w == [0xFF, 0xD9])
}

fn reserve(buf: &mut Vec<u8>, len: usize) -> Result<(), DecodeError> {
    buf.clear();
    buf.try_reserve_exact(len).map_err(|_| DecodeError::OutOfMemory(len))?;
    buf.resize(len, 0);
    Ok(())
}

/// Apply the EXIF orientation (rare in studio files, so a copy is fine).
fn orient(pixels: &mut Vec<u8>, header: &Header) -> Result<(), DecodeError> {
    let Some(orientation) = Orientation::from_exif(header.orientation) else {
        return Ok(());
    };
    let taken = std::mem::take(pixels);
    let image = image::RgbImage::from_raw(header.stored_width, header.stored_height, taken)
        .ok_or(DecodeError::Corrupt("pixel buffer size mismatch".into()))?;
    let mut dynamic = image::DynamicImage::ImageRgb8(image);
    dynamic.apply_orientation(orientation);
    *pixels = dynamic.into_rgb8().into_raw();
    Ok(())
}

/// A decoded photo: the output of stage 1, the input of every later stage.
#[derive(Clone, Copy, Debug)]
pub struct Frame<'a> {
    /// Width, pixels (after EXIF orientation).
    pub width: u32,
    /// Height, pixels (after EXIF orientation).
    pub height: u32,
    /// Packed 8-bit RGB, `width × height × 3` bytes, rows top to bottom.
    pub rgb: &'a [u8],
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_signatures() {
        assert_eq!(
            sniff(&[0xFF, 0xD8, 0xFF, 0xE0]),
            Signature::Supported(ImageFormat::Jpeg)
        );
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Signature::Supported(ImageFormat::Png));
        assert_eq!(sniff(b"GIF89a"), Signature::OtherImage("GIF"));
        assert_eq!(sniff(b"\0\0\0\x18ftypheic"), Signature::OtherImage("HEIC"));
        assert_eq!(sniff(b"hello"), Signature::Unknown);
        assert_eq!(probe(b""), Err(DecodeError::Empty));
        assert!(matches!(probe(b"hello world"), Err(DecodeError::NotAnImage(_))));
    }

    #[test]
    fn jfif_density() {
        let mut app0 = vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 16];
        app0.extend_from_slice(b"JFIF\0\x01\x02\x01\x01\x2C\x01\x2C\0\0");
        assert_eq!(jfif_dpi(&app0), Some(300));
        app0[13] = 2; // dots per cm
        app0[14..16].copy_from_slice(&118u16.to_be_bytes());
        assert_eq!(jfif_dpi(&app0), Some(300));
        app0[13] = 0;
        assert_eq!(jfif_dpi(&app0), None);
        assert_eq!(jfif_dpi(&app0[..10]), None);
    }

    #[test]
    fn header_junk_is_an_error_not_a_panic() {
        for n in 0..64 {
            let mut bytes = vec![0xFF, 0xD8, 0xFF];
            bytes.extend((0..n).map(|i| (i * 37 + n) as u8));
            let _ = probe(&bytes);
            let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
            png.extend((0..n).map(|i| (i * 11) as u8));
            let _ = probe(&png);
        }
    }

    /// A JPEG carrying `segments` (marker, payload) after SOI.
    fn jpeg_with(segments: &[(u8, &[u8])]) -> Vec<u8> {
        let mut out = vec![0xFF, 0xD8];
        for (marker, payload) in segments {
            out.extend_from_slice(&[0xFF, *marker]);
            out.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
            out.extend_from_slice(payload);
        }
        out.extend_from_slice(&[0xFF, 0xDA, 0, 2, 0xFF, 0xD9]);
        out
    }

    #[test]
    fn software_tags_come_from_exif_xmp_photoshop_and_comments() {
        // A big-endian TIFF with one IFD entry: Software (0x0131), ASCII.
        let text = b"Adobe Photoshop 25.0\0";
        let mut tiff = b"MM\0\x2A\0\0\0\x08\0\x01\x01\x31\0\x02".to_vec();
        tiff.extend_from_slice(&(text.len() as u32).to_be_bytes());
        tiff.extend_from_slice(&26u32.to_be_bytes()); // value offset
        tiff.extend_from_slice(&[0, 0, 0, 0]); // no next IFD
        tiff.extend_from_slice(text);
        let mut exif = b"Exif\0\0".to_vec();
        exif.extend_from_slice(&tiff);
        let xmp =
            b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><rdf:Description xmp:CreatorTool=\"Meitu 9.1\"/></x:xmpmeta>";
        let bytes = jpeg_with(&[
            (0xE1, &exif),
            (0xE1, xmp),
            (0xED, b"Photoshop 3.0\0 8BIM"),
            (0xFE, b"edited with GIMP\0"),
        ]);
        assert_eq!(
            software_tags(&bytes),
            [
                "EXIF Software: Adobe Photoshop 25.0",
                "XMP xmp:CreatorTool: Meitu 9.1",
                "APP13: Photoshop 3.0 resource block",
                "comment: edited with GIMP",
            ]
        );
        assert!(software_tags(&jpeg_with(&[])).is_empty());
        assert!(software_tags(b"\x89PNG\r\n\x1a\n").is_empty());
    }

    #[test]
    fn the_quality_estimate_inverts_libjpeg_scaling() {
        for q in [10u8, 50, 60, 85, 97] {
            let scale = if q < 50 {
                5000 / u32::from(q)
            } else {
                200 - 2 * u32::from(q)
            };
            let table = STANDARD_LUMA.map(|v| ((u32::from(v) * scale + 50) / 100).clamp(1, 255) as u16);
            assert_eq!(estimate_quality(&table), q);
        }
    }
}

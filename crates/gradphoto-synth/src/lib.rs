//! Deterministic synthetic graduation photos with ground truth, and the
//! committed test data.
//!
//! [`attrs::Attributes`] describe a photo (background, person, clothes,
//! accessories, pose, photographic defects, file case); [`paint::paint`]
//! paints it with soft shading, anti-aliased edges, hair texture, lighting
//! gradients and sensor noise, and returns the ground-truth geometry;
//! [`encode_jpeg`] writes it the way studios do (JFIF, 300 dpi, 4:2:0).
//! [`generate`] samples labelled sets whose expected rules follow from the
//! attributes and a profile; [`copies`] files copies of some under new
//! IDs (re-encoded, resized, cropped); [`testdata`] builds the committed
//! files.
//!
//! The same (attributes, seed) always gives the same bytes.

pub mod attrs;
pub mod copies;
pub mod generate;
pub mod paint;
pub mod testdata;

use std::path::Path;

use anyhow::Result;

/// Write a file through a temporary name in the same folder, so that a
/// reader never sees half a file.
///
/// # Errors
/// I/O errors.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    let tmp = path.with_file_name(format!(".{name}.partial"));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)?;
    Ok(())
}

/// How to write a JPEG.
#[derive(Clone, Debug)]
pub struct JpegOptions {
    /// Quality 1–100.
    pub quality: u8,
    /// Progressive rather than baseline.
    pub progressive: bool,
    /// An EXIF orientation tag to embed (1–8), if any.
    pub orientation: Option<u8>,
}

impl Default for JpegOptions {
    fn default() -> Self {
        JpegOptions {
            quality: 85,
            progressive: false,
            orientation: None,
        }
    }
}

/// A minimal big-endian EXIF block holding only an orientation tag.
fn exif_orientation(value: u8) -> Vec<u8> {
    let mut t = b"MM\0\x2A\0\0\0\x08".to_vec();
    t.extend_from_slice(&[0, 1]); // one entry
    t.extend_from_slice(&[0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, value, 0, 0]); // Orientation, SHORT, 1
    t.extend_from_slice(&[0, 0, 0, 0]); // no next IFD
    t
}

/// Encode packed RGB as a JFIF JPEG with 4:2:0 chroma subsampling.
///
/// # Errors
/// Dimensions over 65535 or an encoder failure.
pub fn encode_jpeg(rgb: &[u8], width: u32, height: u32, options: &JpegOptions) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, options.quality);
    encoder.set_sampling_factor(jpeg_encoder::SamplingFactor::R_4_2_0);
    encoder.set_progressive(options.progressive);
    encoder.set_density(jpeg_encoder::PixelDensity::dpi(300));
    if let Some(o) = options.orientation {
        encoder.add_exif_metadata(&exif_orientation(o))?;
    }
    encoder.encode(
        rgb,
        u16::try_from(width)?,
        u16::try_from(height)?,
        jpeg_encoder::ColorType::Rgb,
    )?;
    Ok(out)
}

/// Encode with the highest quality whose file fits under `max_bytes`
/// (binary search on quality), as studios do to meet a size window.
///
/// # Errors
/// As [`encode_jpeg`].
pub fn encode_jpeg_within(
    rgb: &[u8],
    width: u32,
    height: u32,
    max_bytes: usize,
    options: &JpegOptions,
) -> Result<Vec<u8>> {
    let (mut lo, mut hi) = (1u8, 100u8);
    let mut best = encode_jpeg(
        rgb,
        width,
        height,
        &JpegOptions {
            quality: 1,
            ..options.clone()
        },
    )?;
    while lo <= hi {
        let mid = lo + (hi - lo) / 2;
        let bytes = encode_jpeg(
            rgb,
            width,
            height,
            &JpegOptions {
                quality: mid,
                ..options.clone()
            },
        )?;
        if bytes.len() <= max_bytes {
            best = bytes;
            lo = mid + 1;
        } else {
            hi = mid - 1;
        }
    }
    Ok(best)
}

//! Small previews of photos for reports a person looks at.
//!
//! A photo is probed, refused over the profile's pixel limit before any
//! buffer is allocated (as the engine refuses it), decoded with its EXIF
//! orientation applied — so that a finding's region, given in the oriented
//! image's pixels, falls on the same place of the preview —, scaled to fit
//! a box with fast_image_resize (a bilinear kernel widened to the scale, so
//! shrinking averages rather than skips), and JPEG-encoded.

use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};

use crate::decode::{self, DecodeError};

/// A preview: a JPEG no larger than the box it was fitted to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Thumbnail {
    /// The JPEG file.
    pub jpeg: Vec<u8>,
    /// Its width, pixels.
    pub width: u32,
    /// Its height, pixels.
    pub height: u32,
    /// The photo's size after EXIF orientation, `[width, height]`: the
    /// frame its regions and landmarks are given in.
    pub source: [u32; 2],
}

/// The JPEG quality previews are encoded at.
pub const QUALITY: u8 = 80;

/// The size of a `source`-sized image fitted into `fit` (`[width, height]`),
/// aspect kept, never enlarged, at least one pixel each way.
pub fn fitted(source: [u32; 2], fit: [u32; 2]) -> [u32; 2] {
    let scale = (f64::from(fit[0]) / f64::from(source[0].max(1)))
        .min(f64::from(fit[1]) / f64::from(source[1].max(1)))
        .min(1.0);
    source.map(|side| ((f64::from(side) * scale).round() as u32).max(1))
}

/// A preview of the image in `bytes`, fitted into `fit` pixels; `pixels`
/// is a buffer reused across calls for the decoded image.
///
/// # Errors
/// [`DecodeError`] where the image cannot be decoded (or is over
/// `max_pixels`), as the engine reports it.
pub fn thumbnail(bytes: &[u8], max_pixels: u64, fit: [u32; 2], pixels: &mut Vec<u8>) -> Result<Thumbnail, DecodeError> {
    let header = decode::probe(bytes)?;
    header.within(max_pixels)?;
    decode::decode_into(bytes, &header, pixels)?;
    let source = [header.width(), header.height()];
    let [width, height] = fitted(source, fit);
    let internal = |e: &dyn std::fmt::Display| DecodeError::Corrupt(e.to_string());
    let src = ImageRef::new(source[0], source[1], pixels, PixelType::U8x3).map_err(|e| internal(&e))?;
    let mut dst = Image::new(width, height, PixelType::U8x3);
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Bilinear));
    Resizer::new()
        .resize(&src, &mut dst, &options)
        .map_err(|e| internal(&e))?;
    let jpeg = crate::normalize::encode(dst.buffer(), width, height, QUALITY)
        .ok_or_else(|| DecodeError::Corrupt("the preview cannot be encoded".into()))?;
    Ok(Thumbnail {
        jpeg,
        width,
        height,
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fitting_keeps_the_aspect_and_never_enlarges() {
        assert_eq!(fitted([480, 640], [150, 200]), [150, 200]);
        assert_eq!(fitted([640, 480], [150, 200]), [150, 113]);
        assert_eq!(fitted([100, 120], [150, 200]), [100, 120]);
        assert_eq!(fitted([10_000, 1], [150, 200]), [150, 1]);
    }

    #[test]
    fn a_photo_becomes_a_small_jpeg_of_its_oriented_size() {
        // A 96 × 128 JPEG: a dark left half, a light right half.
        let rgb: Vec<u8> = (0..96 * 128)
            .flat_map(|i| if i % 96 < 48 { [40u8, 40, 40] } else { [220, 220, 220] })
            .collect();
        let jpeg = crate::normalize::encode(&rgb, 96, 128, 90).expect("encoded");
        let mut buf = Vec::new();
        let t = thumbnail(&jpeg, 40_000_000, [48, 48], &mut buf).expect("a preview");
        assert_eq!((t.width, t.height, t.source), (36, 48, [96, 128]));
        let header = decode::probe(&t.jpeg).expect("a JPEG");
        assert_eq!((header.width(), header.height()), (36, 48));
        let mut small = Vec::new();
        decode::decode_into(&t.jpeg, &header, &mut small).expect("decodes");
        let (left, right) = (small[(24 * 36 + 4) * 3], small[(24 * 36 + 31) * 3]);
        assert!(left < 70 && right > 190, "{left} {right}");
        // Over the pixel limit: refused as the engine refuses it.
        assert!(matches!(
            thumbnail(&jpeg, 1000, [48, 48], &mut buf),
            Err(DecodeError::TooManyPixels { .. })
        ));
        assert!(thumbnail(&jpeg[..jpeg.len() / 2], 40_000_000, [48, 48], &mut buf).is_err());
    }
}

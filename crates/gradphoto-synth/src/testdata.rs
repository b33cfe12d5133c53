//! The committed test data: `testdata/samples/` (photos the README's first
//! command checks) and `testdata/malformed/` (one file per kind of bad
//! input). Regenerate with `cargo run -p gradphoto-synth --bin gradphoto-testdata`;
//! a test checks that the committed files are exactly what this code writes.

use std::path::Path;

use anyhow::{Context, Result, bail};
use image::ImageEncoder;
use image::codecs::png::PngEncoder;

use crate::attrs::Attributes;
use crate::generate::compliant;
use crate::paint::paint;
use crate::{JpegOptions, encode_jpeg, encode_jpeg_within};

/// A file to write: name, bytes, and what the engine must say of it.
#[derive(Clone, Debug)]
pub struct TestFile {
    /// File name.
    pub name: String,
    /// Contents.
    pub bytes: Vec<u8>,
    /// Status under the `chsi` profile: `pass`, `warn`, `fail` or `error`.
    pub status: &'static str,
    /// The rules that must fire under `chsi`.
    pub rules: &'static [&'static str],
    /// What the file is, for the README.
    pub about: &'static str,
}

/// A valid 18-digit ID from region, birth date and sequence.
pub fn resident_id(region: &str, birth: &str, seq: &str) -> String {
    let first17 = format!("{region}{birth}{seq}");
    let check = gradphoto::id::check_char(&first17).expect("17 digits");
    format!("{first17}{check}")
}

/// Size window the compliant samples are encoded into (CHSI: 20–40 KB).
const MAX_SAMPLE_BYTES: usize = 38 * 1024;

/// A compliant CHSI photo painted with `seed`, adjusted by `tweak`.
fn painted(seed: u64, tweak: impl FnOnce(&mut Attributes)) -> (Vec<u8>, u32, u32) {
    let profile = gradphoto::Profile::builtin("chsi").expect("built-in");
    let mut a = compliant(&mut fastrand::Rng::with_seed(seed), &profile);
    tweak(&mut a);
    let (rgb, _) = paint(&a, seed);
    (rgb, a.width, a.height)
}

fn chsi_photo(seed: u64, options: &JpegOptions) -> Result<Vec<u8>> {
    let (rgb, w, h) = painted(seed, |_| {});
    encode_jpeg_within(&rgb, w, h, MAX_SAMPLE_BYTES, options)
}

/// Rotate packed RGB 90° counter-clockwise (so that EXIF orientation 6,
/// "rotate 90° clockwise to display", shows it upright again).
fn rotate_ccw(rgb: &[u8], w: usize, h: usize) -> Vec<u8> {
    let mut out = vec![0u8; rgb.len()];
    for y in 0..h {
        for x in 0..w {
            let (nx, ny) = (y, w - 1 - x);
            let (src, dst) = ((y * w + x) * 3, (ny * h + nx) * 3);
            out[dst..dst + 3].copy_from_slice(&rgb[src..src + 3]);
        }
    }
    out
}

/// The sample photos.
///
/// # Errors
/// An encoder failure.
pub fn samples() -> Result<Vec<TestFile>> {
    let baseline = JpegOptions::default();
    let mut files = Vec::new();
    for (i, (region, birth)) in [
        ("110105", "20010314"),
        ("330106", "20000709"),
        ("440305", "19991102"),
        ("510107", "20020521"),
    ]
    .iter()
    .enumerate()
    {
        files.push(TestFile {
            name: format!("{}.jpg", resident_id(region, birth, &format!("{:03}", 120 + i))),
            bytes: chsi_photo(i as u64 + 1, &baseline)?,
            status: "pass",
            rules: &[],
            about: "compliant studio-style photo, baseline JPEG 4:2:0, 20–40 KB, valid ID",
        });
    }
    files.push(TestFile {
        name: format!("{}.jpg", resident_id("320102", "20010101", "233")),
        bytes: chsi_photo(
            11,
            &JpegOptions {
                progressive: true,
                ..baseline.clone()
            },
        )?,
        status: "pass",
        rules: &[],
        about: "compliant, progressive JPEG",
    });
    let (rgb, w, h) = painted(12, |_| {});
    let rotated = rotate_ccw(&rgb, w as usize, h as usize);
    files.push(TestFile {
        name: format!("{}.jpg", resident_id("420106", "20000229", "045")),
        bytes: encode_jpeg_within(
            &rotated,
            h,
            w,
            MAX_SAMPLE_BYTES,
            &JpegOptions {
                orientation: Some(6),
                ..baseline.clone()
            },
        )?,
        status: "pass",
        rules: &[],
        about: "stored 640×480 with EXIF orientation 6: upright 480×640 once oriented",
    });
    files.push(TestFile {
        name: "110105800314122.jpg".into(),
        bytes: chsi_photo(13, &baseline)?,
        status: "fail",
        rules: &["id.filename"],
        about: "named by an old 15-digit ID: the message gives the 18-digit upgrade",
    });
    let good = resident_id("310104", "20011224", "066");
    let wrong_check = format!("{}{}", &good[..17], if good.ends_with('0') { '1' } else { '0' });
    files.push(TestFile {
        name: format!("{wrong_check}.jpg"),
        bytes: chsi_photo(14, &baseline)?,
        status: "fail",
        rules: &["id.filename"],
        about: "18-digit ID with a wrong check character",
    });
    files.push(TestFile {
        name: "zhangsan.jpg".into(),
        bytes: chsi_photo(15, &baseline)?,
        status: "fail",
        rules: &["id.filename"],
        about: "named by a person's name, not an ID",
    });
    let (rgb, w, h) = painted(16, |a| (a.width, a.height) = (413, 579));
    files.push(TestFile {
        name: format!("{}.jpg", resident_id("370102", "20020808", "317")),
        bytes: encode_jpeg_within(&rgb, w, h, MAX_SAMPLE_BYTES, &baseline)?,
        status: "fail",
        rules: &["file.dimensions"],
        about: "a 413×579 \"two-inch\" photo instead of 480×640",
    });
    let (rgb, w, h) = painted(17, |a| a.noise = 6.0);
    files.push(TestFile {
        name: format!("{}.jpg", resident_id("500103", "20030615", "128")),
        bytes: encode_jpeg(
            &rgb,
            w,
            h,
            &JpegOptions {
                quality: 97,
                ..baseline
            },
        )?,
        status: "warn",
        rules: &["file.size"],
        about: "quality-97 JPEG, larger than CHSI's 20–40 KB window (a warning in `chsi`)",
    });
    for f in &files {
        let kb = f.bytes.len() / 1024;
        if f.status == "pass" && !(20..40).contains(&kb) {
            bail!("sample {} is {kb} KB, outside 20–40 KB", f.name);
        }
    }
    Ok(files)
}

fn small_photo_rgb() -> (Vec<u8>, u32, u32) {
    painted(99, |a| (a.width, a.height) = (120, 160))
}

fn png(pixels: &[u8], w: u32, h: u32, colour: image::ExtendedColorType) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    PngEncoder::new(&mut out).write_image(pixels, w, h, colour)?;
    Ok(out)
}

/// Set the frame size in a JPEG's SOF0 header.
fn patch_sof(mut jpeg: Vec<u8>, width: u16, height: u16) -> Result<Vec<u8>> {
    let at = jpeg
        .windows(2)
        .position(|m| m == [0xFF, 0xC0])
        .context("no SOF0 marker")?;
    jpeg[at + 5..at + 7].copy_from_slice(&height.to_be_bytes());
    jpeg[at + 7..at + 9].copy_from_slice(&width.to_be_bytes());
    Ok(jpeg)
}

/// One file per kind of bad input. All must give status `error`.
///
/// # Errors
/// An encoder failure.
pub fn malformed() -> Result<Vec<TestFile>> {
    let (rgb, w, h) = small_photo_rgb();
    let jpeg = encode_jpeg(&rgb, w, h, &JpegOptions::default())?;
    let grey: Vec<u8> = rgb
        .chunks_exact(3)
        .map(|p| ((u32::from(p[0]) * 77 + u32::from(p[1]) * 150 + u32::from(p[2]) * 29) >> 8) as u8)
        .collect();
    let cmyk: Vec<u8> = rgb
        .chunks_exact(3)
        .flat_map(|p| [255 - p[0], 255 - p[1], 255 - p[2], 0])
        .collect();
    let encode_as = |data: &[u8], colour| -> Result<Vec<u8>> {
        let mut out = Vec::new();
        jpeg_encoder::Encoder::new(&mut out, 85).encode(data, w as u16, h as u16, colour)?;
        Ok(out)
    };
    let rgb16: Vec<u8> = rgb.iter().flat_map(|&v| (u16::from(v) * 257).to_be_bytes()).collect();
    let rgba: Vec<u8> = rgb.chunks_exact(3).flat_map(|p| [p[0], p[1], p[2], 200]).collect();
    let mut corrupt = jpeg[..20].to_vec();
    let mut rng = fastrand::Rng::with_seed(7);
    corrupt.extend((0..2000).map(|_| rng.u8(..)));
    let e = |name: &str, bytes: Vec<u8>, rules: &'static [&'static str], about: &'static str| TestFile {
        name: name.into(),
        bytes,
        status: "error",
        rules,
        about,
    };
    Ok(vec![
        e("zero-byte.jpg", Vec::new(), &["file.decode"], "an empty file"),
        e("truncated.jpg", jpeg[..jpeg.len() * 11 / 20].to_vec(), &["file.decode"], "a JPEG cut off after 55 % of its bytes"),
        e("corrupt.jpg", corrupt, &["file.decode"], "a JPEG signature followed by random bytes"),
        e("not-an-image.jpg", b"ID,name\n11010519491231002X,Zhang San\n".to_vec(), &["file.decode"], "a CSV file named .jpg"),
        e("gif-named.jpg", b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;".to_vec(), &["file.decode"], "a GIF named .jpg"),
        e("cmyk.jpg", encode_as(&cmyk, jpeg_encoder::ColorType::Cmyk)?, &["file.format"], "a CMYK JPEG"),
        e("greyscale.jpg", encode_as(&grey, jpeg_encoder::ColorType::Luma)?, &["file.format"], "a greyscale JPEG"),
        e("png-named.jpg", png(&rgb, w, h, image::ExtendedColorType::Rgb8)?, &["file.format"], "a PNG file named .jpg"),
        e("rgb16.png", png(&rgb16, w, h, image::ExtendedColorType::Rgb16)?, &["file.format"], "a 16-bit PNG"),
        e("alpha.png", png(&rgba, w, h, image::ExtendedColorType::Rgba8)?, &["file.format"], "a PNG with an alpha channel"),
        e("huge-header.jpg", patch_sof(jpeg, 60000, 60000)?, &["file.decode"], "a JPEG whose header claims 60000×60000 pixels"),
    ])
}

/// Write both sets under `root` (`samples/`, `malformed/`), replacing what
/// is there.
///
/// # Errors
/// I/O errors.
pub fn write_all(root: &Path) -> Result<()> {
    for (dir, files) in [("samples", samples()?), ("malformed", malformed()?)] {
        let dir = root.join(dir);
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir_all(&dir)?;
        for f in files {
            std::fs::write(dir.join(&f.name), &f.bytes).with_context(|| format!("writing {}", f.name))?;
        }
    }
    Ok(())
}

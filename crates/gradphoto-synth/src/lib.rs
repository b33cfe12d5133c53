//! Deterministic synthetic graduation photos, and the committed test data.
//!
//! [`render`] paints a studio-style head-and-shoulders portrait from a
//! [`Portrait`] description: a lit background with a gradient and vignette,
//! a shaded torso with a collar, neck, head, hair, ears and facial features,
//! all with anti-aliased edges, plus sensor noise. [`encode_jpeg`] writes it
//! the way studios do (baseline or progressive, 4:2:0 chroma subsampling).
//! [`testdata`] builds the sample photos and the malformed files under
//! `testdata/` from these pieces.
//!
//! The same (description, seed) always gives the same bytes.

pub mod testdata;

use anyhow::Result;

/// An 8-bit RGB colour.
pub type Rgb = [u8; 3];

/// What to paint. Coordinates are in pixels of a `width × height` image.
#[derive(Clone, Debug)]
pub struct Portrait {
    /// Image width.
    pub width: u32,
    /// Image height.
    pub height: u32,
    /// Background colour at the centre.
    pub background: Rgb,
    /// Skin tone.
    pub skin: Rgb,
    /// Hair colour.
    pub hair: Rgb,
    /// Jacket or top colour.
    pub clothing: Rgb,
    /// Shirt colour showing at the collar.
    pub shirt: Rgb,
    /// Centre of the face, x.
    pub face_cx: f32,
    /// Centre of the face, y.
    pub face_cy: f32,
    /// Half the face width.
    pub face_rx: f32,
    /// Half the face height.
    pub face_ry: f32,
    /// Standard deviation of the sensor noise, in 8-bit levels.
    pub noise: f32,
    /// Seed of the noise.
    pub seed: u64,
}

impl Portrait {
    /// A compliant CHSI-style portrait (480 × 640, light blue background,
    /// dark suit, white shirt), varied by `seed`.
    pub fn chsi(seed: u64) -> Portrait {
        let mut rng = fastrand::Rng::with_seed(seed);
        let skins: [Rgb; 4] = [[236, 198, 170], [222, 176, 140], [190, 140, 105], [150, 105, 75]];
        let suits: [Rgb; 3] = [[30, 32, 38], [45, 48, 56], [28, 36, 62]];
        let jitter = |rng: &mut fastrand::Rng, c: u8, by: i32| (i32::from(c) + rng.i32(-by..=by)).clamp(0, 255) as u8;
        let bg = [
            jitter(&mut rng, 100, 6),
            jitter(&mut rng, 197, 6),
            jitter(&mut rng, 255, 2),
        ];
        Portrait {
            width: 480,
            height: 640,
            background: bg,
            skin: skins[rng.usize(..skins.len())],
            hair: [
                jitter(&mut rng, 28, 8),
                jitter(&mut rng, 24, 8),
                jitter(&mut rng, 22, 8),
            ],
            clothing: suits[rng.usize(..suits.len())],
            shirt: [245, 245, 242],
            face_cx: 240.0 + rng.f32() * 8.0 - 4.0,
            face_cy: 252.0 + rng.f32() * 10.0 - 5.0,
            face_rx: 100.0 + rng.f32() * 14.0,
            face_ry: 132.0 + rng.f32() * 10.0,
            noise: 2.0,
            seed,
        }
    }
}

/// Coverage of a pixel by a shape from its signed distance (negative inside):
/// a one-pixel anti-aliased edge.
fn coverage(sdf: f32) -> f32 {
    (0.5 - sdf).clamp(0.0, 1.0)
}

/// Approximate signed distance to an axis-aligned ellipse.
fn ellipse(x: f32, y: f32, cx: f32, cy: f32, rx: f32, ry: f32) -> f32 {
    let (dx, dy) = ((x - cx) / rx, (y - cy) / ry);
    ((dx * dx + dy * dy).sqrt() - 1.0) * rx.min(ry)
}

fn mix(base: [f32; 3], top: [f32; 3], alpha: f32) -> [f32; 3] {
    [
        base[0] + (top[0] - base[0]) * alpha,
        base[1] + (top[1] - base[1]) * alpha,
        base[2] + (top[2] - base[2]) * alpha,
    ]
}

fn f(c: Rgb) -> [f32; 3] {
    [f32::from(c[0]), f32::from(c[1]), f32::from(c[2])]
}

fn shade(c: Rgb, k: f32) -> [f32; 3] {
    [f32::from(c[0]) * k, f32::from(c[1]) * k, f32::from(c[2]) * k]
}

/// Paint the portrait; returns packed RGB, `width × height × 3` bytes.
pub fn render(p: &Portrait) -> Vec<u8> {
    let (w, h) = (p.width as usize, p.height as usize);
    let mut out = vec![0u8; w * h * 3];
    let mut rng = fastrand::Rng::with_seed(p.seed ^ 0x9E37_79B9_7F4A_7C15);
    let (cx, cy, rx, ry) = (p.face_cx, p.face_cy, p.face_rx, p.face_ry);
    let eye_y = cy - ry * 0.12;
    let eye_dx = rx * 0.42;
    let shoulder_y = cy + ry * 1.55;
    for (j, row) in out.chunks_exact_mut(w * 3).enumerate() {
        let y = j as f32 + 0.5;
        for (i, px) in row.chunks_exact_mut(3).enumerate() {
            let x = i as f32 + 0.5;
            // Background: light from the upper left, soft vignette.
            let (u, v) = (x / w as f32 - 0.5, y / h as f32 - 0.5);
            let light = 1.0 + 0.03 * (-u - v) - 0.06 * (u * u + v * v);
            let mut c = shade(p.background, light);
            // Neck, then the torso over its lower end.
            let neck = ((x - cx).abs() - rx * 0.45).max(cy + ry * 0.6 - y);
            c = mix(c, shade(p.skin, 0.8), coverage(neck));
            let torso_top = shoulder_y - ry * 0.35;
            let torso = ellipse(x, y, cx, shoulder_y + ry * 0.9, rx * 2.3, ry * 1.25).max(torso_top - y);
            let torso_light = 0.8 + 0.2 * (1.0 - ((x - cx) / (rx * 2.3)).abs());
            c = mix(c, shade(p.clothing, torso_light), coverage(torso));
            // Shirt: a V between the lapels, inside the torso.
            let shirt = ((x - cx).abs() - (torso_top + ry * 0.75 - y) * 0.4).max(torso);
            c = mix(c, shade(p.shirt, 0.97), coverage(shirt));
            // Ears at eye level.
            for side in [-1.0f32, 1.0] {
                let ear = ellipse(x, y, cx + side * rx * 0.98, eye_y + ry * 0.12, rx * 0.14, ry * 0.2);
                c = mix(c, shade(p.skin, 0.88), coverage(ear));
            }
            // Hair behind the head (top and sides).
            let hair = ellipse(x, y, cx, cy - ry * 0.12, rx * 1.06, ry * 1.0).max(y - eye_y + ry * 0.25);
            c = mix(c, shade(p.hair, 1.0 - 0.2 * ((y - cy) / ry).abs()), coverage(hair));
            // Face: lit from the front, darker towards the edges.
            let face = ellipse(x, y, cx, cy, rx, ry);
            let (nx, ny) = ((x - cx) / rx, (y - cy) / ry);
            let lambert = (1.0 - (nx * nx + ny * ny)).max(0.0).sqrt();
            c = mix(c, shade(p.skin, 0.78 + 0.24 * lambert), coverage(face));
            // Fringe: hair over the top of the forehead.
            let fringe = ellipse(x, y, cx, cy - ry * 0.95, rx * 1.0, ry * 0.42);
            c = mix(c, f(p.hair), coverage(fringe.max(face - 2.0)) * coverage(face));
            // Eyebrows, eyes, nose, mouth.
            for side in [-1.0f32, 1.0] {
                let ex = cx + side * eye_dx;
                let brow = ellipse(x, y, ex, eye_y - ry * 0.16, rx * 0.2, ry * 0.035);
                c = mix(c, shade(p.hair, 1.1), coverage(brow) * 0.9);
                let white = ellipse(x, y, ex, eye_y, rx * 0.15, ry * 0.055);
                c = mix(c, [235.0, 232.0, 228.0], coverage(white));
                let iris = ellipse(x, y, ex, eye_y, ry * 0.05, ry * 0.05).max(white);
                c = mix(c, [45.0, 30.0, 25.0], coverage(iris));
            }
            let nose = ellipse(x, y, cx, cy + ry * 0.18, rx * 0.11, ry * 0.06);
            c = mix(c, shade(p.skin, 0.72), coverage(nose) * 0.6);
            let mouth = ellipse(x, y, cx, cy + ry * 0.45, rx * 0.26, ry * 0.035);
            c = mix(c, [150.0, 70.0, 70.0], coverage(mouth));
            // Sensor noise.
            let n = (rng.f32() + rng.f32() + rng.f32() - 1.5) * 2.0 * p.noise;
            for (o, v) in px.iter_mut().zip(c) {
                *o = (v + n).round().clamp(0.0, 255.0) as u8;
            }
        }
    }
    out
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

//! Colour spaces and differences used by the colour rules and by the
//! generator's labels: BT.601 luma, sRGB → CIE L\*a\*b\* (D65), ΔE (CIE76),
//! sRGB → HSV.

use crate::params::{ColourName, ColourRegion};

/// Luma (BT.601 weights) of an RGB triple, in the triple's own scale.
#[inline]
pub fn luma([r, g, b]: [f32; 3]) -> f32 {
    0.299 * r + 0.587 * g + 0.114 * b
}

/// sRGB (0–255) → CIE L\*a\*b\* under D65.
pub fn srgb_to_lab(rgb: [u8; 3]) -> [f32; 3] {
    let lin = |c: u8| {
        let c = f32::from(c) / 255.0;
        if c <= 0.040_45 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let (r, g, b) = (lin(rgb[0]), lin(rgb[1]), lin(rgb[2]));
    let x = (0.412_456_4 * r + 0.357_576_1 * g + 0.180_437_5 * b) / 0.950_47;
    let y = 0.212_672_9 * r + 0.715_152_2 * g + 0.072_175 * b;
    let z = (0.019_333_9 * r + 0.119_192 * g + 0.950_304_1 * b) / 1.088_83;
    let f = |t: f32| {
        if t > 216.0 / 24389.0 {
            t.cbrt()
        } else {
            (24389.0 / 27.0 * t + 16.0) / 116.0
        }
    };
    let (fx, fy, fz) = (f(x), f(y), f(z));
    [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
}

/// sRGB → L\*a\*b\* through a 64 × 64 × 64 table built once (each channel
/// quantised to 4 levels; error below 1.5 ΔE): the per-pixel path. The
/// table holds 1/256ths in 16 bits (1.5 MB, half of what `f32`s took: its
/// loads were the segmentation's largest cost, missing the cache).
pub fn lab_fast(rgb: [u8; 3]) -> [f32; 3] {
    const SCALE: f32 = 256.0;
    static TABLE: std::sync::LazyLock<Vec<[i16; 3]>> = std::sync::LazyLock::new(|| {
        let centre = |i: usize| (i * 4 + 2) as u8;
        (0..64 * 64 * 64)
            .map(|k| {
                srgb_to_lab([centre(k >> 12), centre((k >> 6) & 63), centre(k & 63)])
                    .map(|v| (v * SCALE).round().clamp(-32768.0, 32767.0) as i16)
            })
            .collect()
    });
    let [r, g, b] = rgb.map(|c| usize::from(c >> 2));
    TABLE[(r << 12) | (g << 6) | b].map(|v| f32::from(v) * (1.0 / SCALE))
}

/// CIE L\*a\*b\* (D65) → sRGB, clamped to the gamut.
pub fn lab_to_srgb(lab: [f32; 3]) -> [u8; 3] {
    let fy = (lab[0] + 16.0) / 116.0;
    let (fx, fz) = (fy + lab[1] / 500.0, fy - lab[2] / 200.0);
    let inv = |t: f32| {
        if t > 6.0 / 29.0 {
            t * t * t
        } else {
            3.0 * (6.0f32 / 29.0).powi(2) * (t - 4.0 / 29.0)
        }
    };
    let (x, y, z) = (inv(fx) * 0.950_47, inv(fy), inv(fz) * 1.088_83);
    let r = 3.240_454_2 * x - 1.537_138_5 * y - 0.498_531_4 * z;
    let g = -0.969_266 * x + 1.876_010_8 * y + 0.041_556 * z;
    let b = 0.055_643_4 * x - 0.204_025_9 * y + 1.057_225_2 * z;
    let gamma = |c: f32| {
        let c = c.clamp(0.0, 1.0);
        let v = if c <= 0.003_130_8 {
            12.92 * c
        } else {
            1.055 * c.powf(1.0 / 2.4) - 0.055
        };
        (v * 255.0).round() as u8
    };
    [gamma(r), gamma(g), gamma(b)]
}

/// A colour (L\*a\*b\*) with a frame's levels `[black, white]` stretched
/// to the full range: `black` to 0 and `white` — or the colour's own
/// brightest channel, if brighter: the stretch never clips it — to 255,
/// undoing a squeeze of the tones towards grey. The colour as it is where
/// the levels are less than 16 apart.
pub fn stretched(lab: [f32; 3], [black, white]: [u8; 2]) -> [f32; 3] {
    let rgb = lab_to_srgb(lab);
    let black = f32::from(black);
    let white = f32::from(white.max(rgb[0]).max(rgb[1]).max(rgb[2]));
    if white < black + 16.0 {
        return lab;
    }
    let k = 255.0 / (white - black);
    srgb_to_lab(rgb.map(|c| ((f32::from(c) - black) * k).round().clamp(0.0, 255.0) as u8))
}

/// CIE76 colour difference of two sRGB colours.
pub fn delta_e(a: [u8; 3], b: [u8; 3]) -> f32 {
    delta_e_lab(srgb_to_lab(a), srgb_to_lab(b))
}

/// Chroma, `√(a² + b²)`: `hypot` without its guard against overflow,
/// which L\*a\*b\* values never need (glibc's `hypotf` costs about ten
/// times a square root, and the parts call this per pixel).
#[inline]
pub fn chroma(a: f32, b: f32) -> f32 {
    (a * a + b * b).sqrt()
}

/// CIE76 colour difference of two L\*a\*b\* colours.
#[inline]
pub fn delta_e_lab(p: [f32; 3], q: [f32; 3]) -> f32 {
    ((p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2) + (p[2] - q[2]).powi(2)).sqrt()
}

/// Colour difference of two L\*a\*b\* colours with lightness counting
/// half, so that a shade of the same colour stays near (a shadow on the
/// backdrop, skin in shade).
#[inline]
pub fn delta_e_shade(p: [f32; 3], q: [f32; 3]) -> f32 {
    delta_e_shade_squared(p, q).sqrt()
}

/// The square of [`delta_e_shade`], for comparisons against a squared
/// limit in per-pixel loops.
#[inline]
pub fn delta_e_shade_squared(p: [f32; 3], q: [f32; 3]) -> f32 {
    let (dl, da, db) = ((p[0] - q[0]) * 0.5, p[1] - q[1], p[2] - q[2]);
    dl * dl + da * da + db * db
}

/// sRGB → (hue in degrees 0–360, saturation 0–1, value 0–1).
pub fn rgb_to_hsv(rgb: [u8; 3]) -> [f32; 3] {
    let [r, g, b] = rgb.map(|c| f32::from(c) / 255.0);
    let max = r.max(g).max(b);
    let min = r.min(g).min(b);
    let d = max - min;
    let hue = if d == 0.0 {
        0.0
    } else if max == r {
        60.0 * ((g - b) / d).rem_euclid(6.0)
    } else if max == g {
        60.0 * ((b - r) / d + 2.0)
    } else {
        60.0 * ((r - g) / d + 4.0)
    };
    [hue, if max == 0.0 { 0.0 } else { d / max }, max]
}

/// Whether an sRGB colour lies inside an HSV region.
pub fn in_region(rgb: [u8; 3], region: &ColourRegion) -> bool {
    let [h, s, v] = rgb_to_hsv(rgb);
    let within = |x: f32, r: [f32; 2]| x >= r[0] && x <= r[1];
    within(h, region.hue) && within(s, region.saturation) && within(v, region.value)
}

/// The named clothing palette, with a representative sRGB value for each
/// name: what `clothing.colour` names a torso's dominant colour with, and
/// what the generator dresses people in.
pub const PALETTE: &[(ColourName, [u8; 3])] = &[
    (ColourName::White, [242, 242, 238]),
    (ColourName::LightBlue, [170, 205, 235]),
    (ColourName::SkyBlue, [110, 180, 235]),
    (ColourName::Blue, [40, 90, 190]),
    (ColourName::Navy, [25, 35, 75]),
    (ColourName::Yellow, [235, 205, 50]),
    (ColourName::YellowGreen, [160, 200, 60]),
    (ColourName::Green, [40, 130, 60]),
    (ColourName::Purple, [110, 50, 140]),
    (ColourName::Pink, [235, 150, 180]),
    (ColourName::Red, [180, 30, 40]),
    (ColourName::Orange, [230, 120, 40]),
    (ColourName::Brown, [105, 70, 45]),
    (ColourName::Beige, [215, 195, 160]),
    (ColourName::Grey, [120, 120, 122]),
    (ColourName::Black, [25, 25, 28]),
];

/// The representative colour of a palette name.
pub fn palette(name: ColourName) -> [u8; 3] {
    PALETTE
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, c)| *c)
        .expect("every name has a colour")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::BackgroundColourParams;

    #[test]
    fn lab_of_reference_colours() {
        let white = srgb_to_lab([255, 255, 255]);
        assert!(
            (white[0] - 100.0).abs() < 0.1 && white[1].abs() < 0.1 && white[2].abs() < 0.1,
            "{white:?}"
        );
        let black = srgb_to_lab([0, 0, 0]);
        assert!(black[0].abs() < 0.01);
        let red = srgb_to_lab([255, 0, 0]);
        assert!(
            (red[0] - 53.24).abs() < 0.1 && (red[1] - 80.09).abs() < 0.2 && (red[2] - 67.20).abs() < 0.2,
            "{red:?}"
        );
        assert!(delta_e([100, 197, 255], [100, 197, 255]) == 0.0);
    }

    #[test]
    fn fast_lab_and_the_inverse() {
        for rgb in [
            [100, 197, 255],
            [0, 0, 0],
            [255, 255, 255],
            [25, 35, 75],
            [242, 242, 238],
            [180, 30, 40],
            [3, 129, 254],
        ] {
            let (exact, fast) = (srgb_to_lab(rgb), lab_fast(rgb));
            let d = ((exact[0] - fast[0]).powi(2) + (exact[1] - fast[1]).powi(2) + (exact[2] - fast[2]).powi(2)).sqrt();
            assert!(d < 1.5, "{rgb:?}: {exact:?} vs {fast:?}");
            let back = lab_to_srgb(exact);
            assert!(
                back.iter().zip(rgb).all(|(a, b)| a.abs_diff(b) <= 1),
                "{rgb:?} -> {back:?}"
            );
        }
    }

    #[test]
    fn hsv_and_the_chsi_region() {
        let [h, s, v] = rgb_to_hsv([100, 197, 255]);
        assert!((h - 202.45).abs() < 0.1 && (s - 0.608).abs() < 0.01 && (v - 1.0).abs() < 1e-6);
        let region = &BackgroundColourParams::default().accepted[0];
        assert!(in_region([100, 197, 255], region) && in_region([67, 142, 219], region));
        for other in [[255, 255, 255], [240, 240, 240], [200, 30, 30], [20, 40, 120]] {
            assert!(!in_region(other, region), "{other:?}");
        }
    }
}

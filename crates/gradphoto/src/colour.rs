//! Colour spaces and differences used by the colour rules and by the
//! generator's labels: sRGB → CIE L\*a\*b\* (D65), ΔE (CIE76), sRGB → HSV.

use crate::params::ColourRegion;

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

/// CIE76 colour difference of two sRGB colours.
pub fn delta_e(a: [u8; 3], b: [u8; 3]) -> f32 {
    let (p, q) = (srgb_to_lab(a), srgb_to_lab(b));
    ((p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2) + (p[2] - q[2]).powi(2)).sqrt()
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

//! Colour cast, read on the skin: a cast multiplies each channel by its own
//! gain, which in log-chromaticity — `(ln R/G, ln B/G)` — is a plain shift,
//! the same for every lightness. Skin of every tone sits in one compact,
//! elongated cluster there (darker skin redder), so the distance of this
//! face's skin tone from the cluster, in standard deviations along its own
//! axes (Mahalanobis), tells a cast apart from a different skin.
//!
//! A cast also shifts the backdrop, whose colour the profile knows: where
//! the skin is off by less (a blue cast moves skin towards neutral, which
//! is where pale skin already is), the backdrop's own shift from the
//! profile's reference colour, measured along the skin's shift, confirms a
//! common cause ([`backdrop_shift_along`]).
//!
//! The cluster was fitted on the skin tones of the generator's five skin
//! palettes as photographed (tuning seeds 1 and 2, 3,445 faces); real
//! portraits land inside it (docs/accuracy.md). A washed-out face — a
//! highlight, a squeezed contrast — moves towards neutral, as a blue cast
//! does: the rule leaves such faces unjudged.

use crate::colour::lab_to_srgb;

/// The natural skin cluster: mean of `(ln R/G, ln B/G)`…
const MEAN: [f32; 2] = [0.310, -0.252];
/// …and covariance `[xx, yy, xy]`.
const COVARIANCE: [f32; 3] = [0.0086, 0.0079, -0.0052];

/// A colour's log-chromaticity `(ln R/G, ln B/G)` (channels floored at 1).
pub fn log_chromaticity(rgb: [u8; 3]) -> [f32; 2] {
    let [r, g, b] = rgb.map(|c| f32::from(c.max(1)));
    [(r / g).ln(), (b / g).ln()]
}

/// How far a skin colour (L\*a\*b\*) lies from natural skin, in standard
/// deviations.
pub fn skin_distance(lab: [f32; 3]) -> f32 {
    let [x, y] = log_chromaticity(lab_to_srgb(lab));
    let (dx, dy) = (x - MEAN[0], y - MEAN[1]);
    let [sxx, syy, sxy] = COVARIANCE;
    let det = sxx * syy - sxy * sxy;
    ((syy * dx * dx - 2.0 * sxy * dx * dy + sxx * dy * dy) / det)
        .max(0.0)
        .sqrt()
}

/// How far the backdrop moved from the profile's `reference` colour, in
/// log-chromaticity, along the direction the skin moved from natural skin
/// (`None` when the skin sits at the cluster's centre, or the backdrop is
/// not a strong colour within 45° of the reference's hue: a white or red
/// backdrop is the wrong backdrop, not a cast one).
pub fn backdrop_shift_along(skin_lab: [f32; 3], backdrop: [u8; 3], reference: [u8; 3]) -> Option<f32> {
    let [hue, saturation, _] = crate::colour::rgb_to_hsv(backdrop);
    let [ref_hue, ..] = crate::colour::rgb_to_hsv(reference);
    let hue_gap = (hue - ref_hue).abs().min(360.0 - (hue - ref_hue).abs());
    if saturation < 0.3 || hue_gap > 45.0 {
        return None;
    }
    let [x, y] = log_chromaticity(lab_to_srgb(skin_lab));
    let skin = [x - MEAN[0], y - MEAN[1]];
    let length = skin[0].hypot(skin[1]);
    if length < 1e-3 {
        return None;
    }
    let (b, r) = (log_chromaticity(backdrop), log_chromaticity(reference));
    Some(((b[0] - r[0]) * skin[0] + (b[1] - r[1]) * skin[1]) / length)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::colour::lab_fast;

    #[test]
    fn skin_tones_are_near_and_cast_skin_far() {
        for rgb in [[224, 172, 150], [200, 150, 120], [140, 95, 70], [90, 60, 45]] {
            let d = skin_distance(lab_fast(rgb));
            assert!(d < 2.5, "{rgb:?}: {d}");
        }
        // The same skin under a green and a blue gain. (A warm gain moves
        // it along the cluster, 3 σ: that cast needs the backdrop.)
        for rgb in [[170, 187, 102], [150, 150, 156]] {
            let d = skin_distance(lab_fast(rgb));
            assert!(d > 3.5, "{rgb:?}: {d}");
        }
    }

    #[test]
    fn a_blue_cast_moves_skin_and_backdrop_the_same_way() {
        let chsi = [100, 197, 255];
        // Skin and the CHSI blue under gains (0.75, 1, 1.3).
        let shift = backdrop_shift_along(lab_fast([150, 150, 156]), [75, 197, 255], chsi).unwrap();
        assert!(shift > 0.2, "{shift}");
        // Pale skin on an untouched backdrop: no shift.
        let shift = backdrop_shift_along(lab_fast([235, 205, 190]), chsi, chsi).unwrap();
        assert!(shift.abs() < 0.01, "{shift}");
        // A red backdrop is not a cast blue one.
        assert_eq!(
            backdrop_shift_along(lab_fast([150, 150, 156]), [200, 30, 40], chsi),
            None
        );
    }
}

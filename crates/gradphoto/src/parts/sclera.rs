//! The whites of the eyes: the photo's own white reference.
//!
//! Whatever the skin's tone, the whites of the eyes are nearly neutral (a
//! little warm: [`NATURAL`]), and a colour cast tints them as it tints
//! everything else. In a window over each eye (0.44 d wide, 0.1 d tall on
//! the eye centre, `d` the eye distance) the lightest tenth of the pixels
//! are the whites, two lobes either side of the iris — where the eye is
//! open and its whites are lighter than the skin around it, which the rule
//! checks ([`crate::checks::quality::colour_cast`]): closed eyes, hair over
//! the eyes or a blurred eye leave the lightest tenth on skin. Where they
//! are light and tinted as a cast tints them, their tint is the photo's
//! white point for the measures that ask what is colourless (skin shine,
//! lens glare: [`white_offset`]).

use super::{Window, median};
use crate::decode::Frame;
use crate::landmarks::Landmarks;

/// a\* and b\* of the whites of the eyes without a cast (the generator
/// paints them RGB (236, 230, 224); real ones are as warm or warmer).
pub const NATURAL: [f32; 2] = [1.0, 3.5];

/// Least eye distance (pixels) at which the whites are read: under it a
/// window holds too few of them (40 px: a window 18 × 4, its lightest
/// tenth seven pixels; a CHSI photo's eyes are about 90 px apart).
pub const MIN_EYE_DISTANCE: f32 = 40.0;

/// Median L\*a\*b\* of the lightest tenth of the pixels of both eye windows;
/// `None` when a window leaves the frame or the eyes are under
/// [`MIN_EYE_DISTANCE`] apart.
pub fn whites(frame: &Frame<'_>, lm: &Landmarks) -> Option<[f32; 3]> {
    let d = lm.eye_distance();
    if d.is_nan() || d < MIN_EYE_DISTANCE {
        return None;
    }
    let mut lab = Vec::new();
    let mut lightest = Vec::new();
    for eye in lm.eyes {
        let window = Window::around(frame, eye, [0.22 * d, 0.05 * d])?;
        window.lab(frame, &mut lab);
        let keep = (lab.len() / 10).max(1);
        lab.select_nth_unstable_by(keep - 1, |a, b| b[0].total_cmp(&a[0]));
        lightest.extend_from_slice(&lab[..keep]);
    }
    let channel = |c: usize| {
        let mut values: Vec<f32> = lightest.iter().map(|p| p[c]).collect();
        median(&mut values)
    };
    Some([channel(0), channel(1), channel(2)])
}

/// How far whites of colour `lab` are tinted: their chroma away from
/// [`NATURAL`].
pub fn tint(lab: [f32; 3]) -> f32 {
    (lab[1] - NATURAL[0]).hypot(lab[2] - NATURAL[1])
}

/// Least L\* of the whites of the eyes taken as the photo's white.
pub const WHITES_LIGHTNESS: f32 = 80.0;
/// Least tint of the whites (chroma off natural) taken as a cast's
/// (`quality.colour-cast`'s default limit).
pub const CAST_TINT: f32 = 15.0;

/// The a\* and b\* to take out of every pixel for the photo's white: the
/// whites' tint off natural, when they are light enough to be whites and
/// tinted as by a cast; none otherwise.
pub fn white_offset(whites: Option<[f32; 3]>) -> [f32; 2] {
    match whites {
        Some(w @ [l, a, b]) if l >= WHITES_LIGHTNESS && tint(w) > CAST_TINT => [a - NATURAL[0], b - NATURAL[1]],
        _ => [0.0, 0.0],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eyes_on_skin(white: [u8; 3]) -> Vec<u8> {
        // Skin, and at each eye (200, 250) and (280, 250) an iris of
        // radius 7 between two whites 16 px wide and 10 tall.
        let mut rgb = Vec::with_capacity(480 * 640 * 3);
        for y in 0..640i32 {
            for x in 0..480i32 {
                let p = [200, 280]
                    .iter()
                    .find_map(|&cx| {
                        let (dx, dy) = (x - cx, y - 250);
                        if dx * dx + dy * dy < 49 {
                            Some([60, 40, 30])
                        } else if dx.abs() < 22 && dy.abs() < 5 {
                            Some(white)
                        } else {
                            None
                        }
                    })
                    .unwrap_or([200, 150, 120]);
                rgb.extend(p);
            }
        }
        rgb
    }

    /// The whites read with the landmarks' eyes at `eyes`.
    fn measure(white: [u8; 3], eyes: [[f32; 2]; 2]) -> Option<[f32; 3]> {
        let rgb = eyes_on_skin(white);
        let frame = Frame {
            width: 480,
            height: 640,
            rgb: &rgb,
        };
        let lm = Landmarks {
            eyes,
            ..crate::checks::test_face()
        };
        whites(&frame, &lm)
    }

    #[test]
    fn the_whites_of_the_eyes_are_read_and_a_cast_tints_them() {
        let at_the_eyes = [[200.0, 250.0], [280.0, 250.0]];
        let natural = measure([236, 230, 224], at_the_eyes).expect("inside the frame");
        assert!(natural[0] > 88.0 && tint(natural) < 3.0, "{natural:?}");
        // Eyes too close together to read: none.
        assert_eq!(measure([236, 230, 224], [[220.0, 250.0], [250.0, 250.0]]), None);
        // The same whites under a warm gain (1.3, 1, 0.75) and a blue one.
        for white in [[255, 230, 168], [177, 230, 255]] {
            let cast = measure(white, at_the_eyes).expect("inside the frame");
            assert!(tint(cast) > 18.0, "{white:?}: {cast:?}");
        }
    }
}

//! Edge steepness: blur shows as edges that climb over many pixels.
//!
//! At every sampled pixel two central differences are taken along a row
//! and along a column: a narrow one, `Y(x+k) − Y(x−k)`, and a wide one,
//! `Y(x+4k) − Y(x−4k)` (`k` is one pixel of a 480-wide frame, so that the
//! measure means the same at any size). Where the wide difference marks a
//! strong edge, the narrow one's energy over the wide one's is
//! 2 / 8 on an ideal step (the narrow difference sees the step at two
//! pixels of the eight the wide one does) and shrinks as blur spreads the
//! step out. The expected noise energy (2σ² in each difference) is taken
//! out of both first, or noise would pass for detail; the result is scaled
//! by 4, so that a step edge reads 1.

use super::Luma;

/// A wide difference must clear this many luma levels to count as an edge
/// (more on a noisy photo: four noise σ of the difference).
const MIN_EDGE: i32 = 24;

/// Fewer edge samples than this (a blank frame) give no measure.
const MIN_SAMPLES: u32 = 64;

/// The steepness of the plane's strong edges (see the module notes);
/// `noise` is the noise σ in luma levels. `None` on a frame without edges.
pub fn measure(p: &Luma<'_>, noise: f32) -> Option<f32> {
    let k = ((p.width as f32 / 480.0).round() as usize).max(1);
    let reach = 4 * k;
    if p.width <= 2 * reach || p.height <= 2 * reach {
        return None;
    }
    let min_edge = MIN_EDGE.max((4.0 * std::f32::consts::SQRT_2 * noise) as i32);
    let (mut narrow, mut wide, mut n) = (0u64, 0u64, 0u32);
    let mut add = |near: i32, far: i32| {
        if far.abs() >= min_edge {
            narrow += (near * near) as u64;
            wide += (far * far) as u64;
            n += 1;
        }
    };
    let w = p.width;
    // Along rows, then along columns, at every other pixel of every other
    // line: an edge a few pixels wide is still met on every line it
    // crosses.
    for y in (0..p.height).step_by(2) {
        let row = &p.data[y * w..(y + 1) * w];
        for x in (reach..w - reach).step_by(2) {
            let near = i32::from(row[x + k]) - i32::from(row[x - k]);
            let far = i32::from(row[x + reach]) - i32::from(row[x - reach]);
            add(near, far);
        }
    }
    for y in (reach..p.height - reach).step_by(2) {
        let (up, down) = (&p.data[(y - k) * w..], &p.data[(y + k) * w..]);
        let (top, bottom) = (&p.data[(y - reach) * w..], &p.data[(y + reach) * w..]);
        for x in (0..w).step_by(2) {
            let near = i32::from(down[x]) - i32::from(up[x]);
            let far = i32::from(bottom[x]) - i32::from(top[x]);
            add(near, far);
        }
    }
    if n < MIN_SAMPLES {
        return None;
    }
    let noise_energy = 2.0 * f64::from(noise) * f64::from(noise);
    let per = |sum: u64| (sum as f64 / f64::from(n) - noise_energy).max(0.0);
    let (narrow, wide) = (per(narrow), per(wide));
    (wide > 0.0).then(|| (4.0 * narrow / wide) as f32)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 96 × 96 plane with a vertical edge at x = 48 from 40 to 200,
    /// spread over `ramp` pixels.
    fn edge(ramp: usize) -> Vec<u8> {
        (0..96 * 96)
            .map(|i| {
                let x = i % 96;
                let t = ((x as f32 - 48.0) / ramp.max(1) as f32 + 0.5).clamp(0.0, 1.0);
                (40.0 + 160.0 * t).round() as u8
            })
            .collect()
    }

    fn sharpness(data: &[u8]) -> f32 {
        measure(
            &Luma {
                width: 96,
                height: 96,
                data,
            },
            0.0,
        )
        .unwrap()
    }

    #[test]
    fn a_step_reads_about_one_and_a_ramp_far_less() {
        let step = sharpness(&edge(1));
        let soft = sharpness(&edge(12));
        assert!((0.8..=1.2).contains(&step), "{step}");
        assert!(soft < 0.4 * step, "{soft} vs {step}");
    }

    #[test]
    fn a_blank_frame_has_no_sharpness() {
        let flat = vec![128u8; 96 * 96];
        assert_eq!(
            measure(
                &Luma {
                    width: 96,
                    height: 96,
                    data: &flat
                },
                0.0
            ),
            None
        );
    }
}

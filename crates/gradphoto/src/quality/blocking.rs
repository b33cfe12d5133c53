//! JPEG blocking: a coarsely quantised JPEG flattens each 8 × 8 block and
//! leaves a step where blocks meet. The measure is the mean absolute luma
//! step across the block grid (between columns 7 and 8, 15 and 16, …, and
//! the same for rows) over the mean step everywhere else: about 1 on a
//! clean photo, 1.5 and more on a blocky one. The grid is the file's, so a
//! photo cropped off the grid after compression hides its blocks — the
//! quantisation table ([`crate::decode::Header::jpeg_quality`]) still tells.

use super::Luma;

/// The blocking ratio of a plane (1 on a blank one).
pub fn measure(p: &Luma<'_>) -> f32 {
    let w = p.width;
    // [on the grid, off it]: sums of |step| and counts.
    let mut sum = [0u64; 2];
    let mut count = [0u64; 2];
    for y in (0..p.height).step_by(2) {
        let row = &p.data[y * w..(y + 1) * w];
        for x in 1..w {
            let step = u64::from(row[x].abs_diff(row[x - 1]));
            let off = usize::from(x % 8 != 0);
            sum[off] += step;
            count[off] += 1;
        }
    }
    for y in 1..p.height {
        let off = usize::from(y % 8 != 0);
        let (above, here) = (&p.data[(y - 1) * w..y * w], &p.data[y * w..(y + 1) * w]);
        let steps: u64 = above
            .iter()
            .zip(here)
            .step_by(2)
            .map(|(a, b)| u64::from(a.abs_diff(*b)))
            .sum();
        sum[off] += steps;
        count[off] += w.div_ceil(2) as u64;
    }
    if count[0] == 0 || count[1] == 0 {
        return 1.0;
    }
    // A twentieth of a level on both sides: a blank frame reads 1.
    let mean = |i: usize| sum[i] as f64 / count[i] as f64 + 0.05;
    (mean(0) / mean(1)) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flat_blocks_read_blocky_and_a_smooth_ramp_does_not() {
        let (w, h) = (64, 64);
        // Each 8 × 8 block one flat value: every step is on the grid.
        let blocks: Vec<u8> = (0..w * h).map(|i| ((i % w / 8) * 9 + (i / w / 8) * 5) as u8).collect();
        let ramp: Vec<u8> = (0..w * h).map(|i| ((i % w) * 3 + i / w) as u8).collect();
        let ratio = |data: &[u8]| {
            measure(&Luma {
                width: w,
                height: h,
                data,
            })
        };
        assert!(ratio(&blocks) > 5.0, "{}", ratio(&blocks));
        assert!((ratio(&ramp) - 1.0).abs() < 0.1, "{}", ratio(&ramp));
    }
}

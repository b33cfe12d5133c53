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
    let step = |a: &u8, b: &u8| u32::from(a.abs_diff(*b));
    // Across columns, every other row: seven steps inside each block of
    // eight, one where a block meets the next.
    for row in p.data.chunks_exact(w.max(1)).step_by(2) {
        let (mut on, mut off) = (0u32, 0u32);
        for (b, block) in row.chunks_exact(8).enumerate() {
            off += block.iter().zip(&block[1..]).map(|(a, c)| step(a, c)).sum::<u32>();
            if b > 0 {
                on += step(&row[8 * b - 1], &row[8 * b]);
            }
        }
        let blocks = (w / 8) as u64;
        sum[0] += u64::from(on);
        sum[1] += u64::from(off);
        count[0] += blocks.saturating_sub(1);
        count[1] += 7 * blocks;
    }
    // Across rows: whole rows at a time.
    for y in 1..p.height {
        let (above, here) = (&p.data[(y - 1) * w..y * w], &p.data[y * w..(y + 1) * w]);
        let steps: u32 = above.iter().zip(here).map(|(a, b)| step(a, b)).sum();
        let off = usize::from(y % 8 != 0);
        sum[off] += u64::from(steps);
        count[off] += w as u64;
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

    /// Encode packed RGB at `quality` and decode it again.
    fn jpeg_round_trip(rgb: &[u8], w: u16, h: u16, quality: u8) -> (Vec<u8>, Vec<u8>) {
        let mut bytes = Vec::new();
        jpeg_encoder::Encoder::new(&mut bytes, quality)
            .encode(rgb, w, h, jpeg_encoder::ColorType::Rgb)
            .unwrap();
        let header = crate::decode::probe(&bytes).unwrap();
        let mut out = Vec::new();
        crate::decode::decode_into(&bytes, &header, &mut out).unwrap();
        (bytes, out)
    }

    fn luma_blocking(rgb: &[u8], w: usize, h: usize) -> f32 {
        let frame = crate::decode::Frame {
            width: w as u32,
            height: h as u32,
            rgb,
        };
        let mut luma = Vec::new();
        crate::quality::luma_plane(&frame, &mut luma);
        measure(&Luma {
            width: w,
            height: h,
            data: &luma,
        })
    }

    #[test]
    fn a_hard_compression_resaved_at_high_quality_keeps_its_blocks() {
        // Soft shading with a disc: what a backdrop and a face look like.
        let (w, h) = (240usize, 240usize);
        let rgb: Vec<u8> = (0..w * h)
            .flat_map(|i| {
                let (x, y) = ((i % w) as f32, (i / w) as f32);
                let disc = ((x - 120.0).powi(2) + (y - 110.0).powi(2)).sqrt() < 60.0;
                let v = if disc { 200.0 - 0.3 * y } else { 60.0 + 0.5 * x };
                [v as u8, (v * 0.9) as u8, (v * 0.8) as u8]
            })
            .collect();
        let (_, clean) = jpeg_round_trip(&rgb, w as u16, h as u16, 95);
        let (_, coarse) = jpeg_round_trip(&rgb, w as u16, h as u16, 10);
        let (resaved, again) = jpeg_round_trip(&coarse, w as u16, h as u16, 95);
        let limit = crate::params::CompressionParams::default().max_blocking;
        assert!(luma_blocking(&clean, w, h) < limit, "{}", luma_blocking(&clean, w, h));
        assert!(luma_blocking(&again, w, h) > limit, "{}", luma_blocking(&again, w, h));
        // The table says 95: only the blocks tell.
        let header = crate::decode::probe(&resaved).unwrap();
        assert_eq!(header.jpeg_quality, Some(95));
    }
}

//! Draw what segmentation sees, for development: the photo with the
//! background tinted, stray objects in red, the person's outline and the
//! shoulder line.
//!
//! Usage: `cargo run --release -p gradphoto --example segment -- PHOTO OUT.png`

use gradphoto::decode::{self, Frame};
use gradphoto::segment::{self, BACKGROUND, OBJECT, SegmentScratch};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(input), Some(output)) = (args.next(), args.next()) else {
        return Err("usage: segment PHOTO OUT.png".into());
    };
    let bytes = std::fs::read(&input)?;
    let header = decode::probe(&bytes)?;
    let mut rgb = Vec::new();
    decode::decode_into(&bytes, &header, &mut rgb)?;
    let frame = Frame {
        width: header.width(),
        height: header.height(),
        rgb: &rgb,
    };
    let seg = segment::run(&frame, &mut SegmentScratch::default())?;
    let (w, f) = (seg.width as usize, seg.factor as usize);
    let shoulders = seg.shoulders;
    let mut out = rgb.clone();
    for (k, p) in out.chunks_exact_mut(3).enumerate() {
        let (x, y) = (k % frame.width as usize, k / frame.width as usize);
        let (i, j) = (x / f, y / f);
        let m = seg.mask[j * w + i];
        let edge = [(i.wrapping_sub(1), j), (i + 1, j), (i, j.wrapping_sub(1)), (i, j + 1)]
            .iter()
            .any(|&(a, b)| a < w && b < seg.height as usize && seg.mask[b * w + a] != m);
        if edge && x % f == 0 || shoulders == Some(j) && y % f == 0 {
            p.copy_from_slice(&[255, 0, 255]);
        } else if m == BACKGROUND {
            p.iter_mut().for_each(|c| *c = *c / 3 + 170);
        } else if m == OBJECT {
            p.copy_from_slice(&[220, 40, 40]);
        }
    }
    image::save_buffer(&output, &out, frame.width, frame.height, image::ExtendedColorType::Rgb8)?;
    println!(
        "{}",
        serde_json::json!({ "hood": seg.torso().and_then(|t| seg.hood(&[t.rgb, t.mean_rgb], segment::Sides::Both)), "torso": seg.torso(), "shadow": seg.shadow() })
    );
    Ok(())
}

//! Shared inputs for the criterion benchmarks in `benches/benches/`.
//!
//! Inputs are built once, outside the timed closures: compliant CHSI-style
//! photos from `gradphoto-synth` (480 × 640, 4:2:0, the highest quality under
//! 38 KB), each painted with its own seed so that the decoder sees different
//! data every iteration.

use gradphoto_synth::generate::compliant;
use gradphoto_synth::paint::paint;
use gradphoto_synth::{JpegOptions, encode_jpeg_within};

/// A named photo in memory.
pub struct Photo {
    /// File name (a valid ID).
    pub name: String,
    /// JPEG bytes.
    pub bytes: Vec<u8>,
}

/// `n` compliant CHSI-style photos (seeds 1..=n), named by valid IDs.
pub fn photos(n: u64) -> Vec<Photo> {
    let profile = gradphoto::Profile::builtin("chsi").expect("built-in");
    (1..=n)
        .map(|seed| {
            let a = compliant(&mut fastrand::Rng::with_seed(seed), &profile);
            let (rgb, _) = paint(&a, seed);
            let bytes =
                encode_jpeg_within(&rgb, a.width, a.height, 38 * 1024, &JpegOptions::default()).expect("encodes");
            let name = format!(
                "{}.jpg",
                gradphoto_synth::testdata::resident_id("110105", "20010101", &format!("{:03}", seed % 1000))
            );
            Photo { name, bytes }
        })
        .collect()
}

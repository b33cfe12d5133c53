//! Shared inputs for the criterion benchmarks in `benches/benches/`.
//!
//! Inputs are built once, outside the timed closures: the compliant sample
//! photos of `gradphoto-synth` (480 × 640, 4:2:0, 20–40 KB), rendered with
//! several seeds so that the decoder sees different data each iteration.

use gradphoto_synth::{JpegOptions, Portrait, encode_jpeg_within, render};

/// A named photo in memory.
pub struct Photo {
    /// File name (a valid ID).
    pub name: String,
    /// JPEG bytes.
    pub bytes: Vec<u8>,
}

/// `n` compliant CHSI-style photos (seeds 1..=n), named by valid IDs.
pub fn photos(n: u64) -> Vec<Photo> {
    (1..=n)
        .map(|seed| {
            let p = Portrait::chsi(seed);
            let bytes = encode_jpeg_within(&render(&p), p.width, p.height, 38 * 1024, &JpegOptions::default())
                .expect("encodes");
            let name = format!(
                "{}.jpg",
                gradphoto_synth::testdata::resident_id("110105", "20010101", &format!("{:03}", seed % 1000))
            );
            Photo { name, bytes }
        })
        .collect()
}

//! Shared inputs for the criterion benchmarks in `benches/benches/`.
//!
//! The benchmarks run over a labelled set of 2,000 synthetic graduation
//! photos (`gradphoto synth --count 2000 --seed 1`, profile `chsi`),
//! generated once into `bench-cache/` at the workspace root (not committed)
//! and reused by later runs.

use std::path::{Path, PathBuf};

/// Photos in the benchmark set.
pub const SET_SIZE: usize = 2000;
/// Seed of the benchmark set.
pub const SET_SEED: u64 = 1;

/// A named photo in memory.
pub struct Photo {
    /// File name.
    pub name: String,
    /// File contents.
    pub bytes: Vec<u8>,
}

/// The folder of the benchmark set, generated on first use.
pub fn photo_set() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../bench-cache")
        .join(format!("chsi-{SET_SIZE}-seed{SET_SEED}"));
    if !dir.join("labels.jsonl").exists() {
        let profile = gradphoto::Profile::builtin("chsi").expect("built-in");
        eprintln!("generating the benchmark set in {} (once)…", dir.display());
        gradphoto_synth::generate::generate(
            SET_SIZE,
            SET_SEED,
            &dir,
            &profile,
            gradphoto_synth::generate::Mix::default(),
        )
        .expect("the benchmark set is generated");
    }
    dir
}

/// The photos of the set that are JPEG files the engine decodes completely
/// (the set also holds broken files on purpose), loaded into memory.
pub fn decodable_photos(dir: &Path) -> Vec<Photo> {
    let mut photos: Vec<Photo> = std::fs::read_dir(dir)
        .expect("the set exists")
        .map(|e| e.expect("readable").path())
        .filter(|p| p.extension().is_some_and(|e| e == "jpg"))
        .map(|p| Photo {
            name: p.file_name().unwrap().to_string_lossy().into_owned(),
            bytes: std::fs::read(&p).expect("readable"),
        })
        .filter(|p| {
            let mut pixels = Vec::new();
            gradphoto::decode::probe(&p.bytes).is_ok_and(|h| {
                h.format == gradphoto::params::ImageFormat::Jpeg
                    && gradphoto::decode::decode_into(&p.bytes, &h, &mut pixels).is_ok()
            })
        })
        .collect();
    photos.sort_by(|a, b| a.name.cmp(&b.name));
    photos
}

//! Copies of a photo as they turn up under a second ID: re-encoded at
//! another quality, resized, or cropped by 2 % — the ground truth of
//! `batch.duplicate-photo`.

use std::path::Path;

use anyhow::{Context, Result, anyhow};
use image::{RgbImage, imageops};
use serde::{Deserialize, Serialize};

use crate::{JpegOptions, encode_jpeg, write_atomically};

/// One line of `duplicates.jsonl`: a labelled photo and its copies, each
/// filed under an ID of its own.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuplicateSet {
    /// The labelled photo.
    pub original: String,
    /// `(kind, file)` of each copy.
    pub copies: Vec<(String, String)>,
}

/// Make every kind of copy of the first `count` decodable photos listed in
/// `dir/labels.jsonl`, under new valid IDs (region 120101, which the
/// generator never uses), and list them in `dir/duplicates.jsonl`.
/// The copies are not labelled: they are the ground truth of
/// `batch.duplicate-photo` only.
///
/// # Errors
/// I/O errors, an unreadable labels file, fewer decodable photos than
/// `count`.
pub fn write_copies(dir: &Path, count: usize) -> Result<Vec<DuplicateSet>> {
    let labels = std::fs::read_to_string(dir.join("labels.jsonl")).context("reading labels.jsonl")?;
    let mut sets = Vec::with_capacity(count);
    let mut serial = 0u32;
    for line in labels.lines() {
        if sets.len() == count {
            break;
        }
        let label: crate::generate::Label = serde_json::from_str(line).context("a line of labels.jsonl")?;
        let original = std::fs::read(dir.join(&label.file))?;
        let Ok(made) = CopyKind::ALL
            .iter()
            .map(|&kind| copy(&original, kind).map(|bytes| (kind, bytes)))
            .collect::<Result<Vec<_>>>()
        else {
            continue; // a broken file (truncated, CMYK…) has no copies
        };
        let mut copies = Vec::with_capacity(made.len());
        for (kind, bytes) in made {
            serial += 1;
            let birth = format!("2000{:02}{:02}", 1 + serial / 28 % 12, 1 + serial % 28);
            let id = crate::testdata::resident_id("120101", &birth, &format!("{:03}", serial % 1000));
            let file = format!("{id}.jpg");
            write_atomically(&dir.join(&file), &bytes)?;
            copies.push((kind.as_str().to_owned(), file));
        }
        sets.push(DuplicateSet {
            original: label.file,
            copies,
        });
    }
    anyhow::ensure!(sets.len() == count, "only {} photos could be copied", sets.len());
    let text: String = sets
        .iter()
        .map(|s| serde_json::to_string(s).map(|l| l + "\n"))
        .collect::<Result<_, _>>()?;
    write_atomically(&dir.join("duplicates.jsonl"), text.as_bytes())?;
    Ok(sets)
}

/// How a copy was made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CopyKind {
    /// Decoded and saved again at quality 70.
    Reencoded,
    /// Scaled to 80 % (Lanczos), saved at quality 85.
    Resized,
    /// 1 % cut off every side (2 % of each dimension), saved at quality 85.
    Cropped,
}

impl CopyKind {
    /// Every kind.
    pub const ALL: [CopyKind; 3] = [CopyKind::Reencoded, CopyKind::Resized, CopyKind::Cropped];

    /// Name for labels.
    pub fn as_str(self) -> &'static str {
        match self {
            CopyKind::Reencoded => "reencoded",
            CopyKind::Resized => "resized",
            CopyKind::Cropped => "cropped",
        }
    }
}

/// A copy of the JPEG `original`, made as `kind` says.
///
/// # Errors
/// The original does not decode, or the encoder fails.
pub fn copy(original: &[u8], kind: CopyKind) -> Result<Vec<u8>> {
    let header = gradphoto::decode::probe(original).map_err(|e| anyhow!("{e}"))?;
    let mut rgb = Vec::new();
    gradphoto::decode::decode_into(original, &header, &mut rgb).map_err(|e| anyhow!("{e}"))?;
    let (w, h) = (header.width(), header.height());
    let image = RgbImage::from_raw(w, h, rgb).context("pixel buffer size")?;
    let (image, quality) = match kind {
        CopyKind::Reencoded => (image, 70),
        CopyKind::Resized => {
            let (nw, nh) = ((w * 4).div_ceil(5), (h * 4).div_ceil(5));
            (imageops::resize(&image, nw, nh, imageops::FilterType::Lanczos3), 85)
        }
        CopyKind::Cropped => {
            let (dx, dy) = (w / 100, h / 100);
            (
                imageops::crop_imm(&image, dx, dy, w - 2 * dx, h - 2 * dy).to_image(),
                85,
            )
        }
    };
    encode_jpeg(
        image.as_raw(),
        image.width(),
        image.height(),
        &JpegOptions {
            quality,
            ..JpegOptions::default()
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_decode_at_their_sizes() {
        let rgb: Vec<u8> = (0..200 * 100 * 3).map(|i| (i % 251) as u8).collect();
        let jpeg = encode_jpeg(&rgb, 200, 100, &JpegOptions::default()).unwrap();
        for (kind, size) in [
            (CopyKind::Reencoded, (200, 100)),
            (CopyKind::Resized, (160, 80)),
            (CopyKind::Cropped, (196, 98)),
        ] {
            let out = copy(&jpeg, kind).unwrap();
            let header = gradphoto::decode::probe(&out).unwrap();
            assert_eq!((header.width(), header.height()), size, "{}", kind.as_str());
        }
    }
}

//! `batch.duplicate-photo`: one picture filed under two IDs.
//!
//! Each record carries its picture's fingerprint
//! ([`gradphoto::fingerprint`]: a 64-bit perceptual hash and 8 bytes of
//! colours); the run keeps 20 bytes per photo — the fingerprint and a
//! 32-bit digest of the ID — indexed by the record's line in the results,
//! and groups them at the end.
//!
//! Grouping finds pairs of near hashes without comparing all pairs
//! (multi-index hashing, Norouzi et al., 2012): the 64 bits are cut into
//! five bands, and two hashes four or fewer bits apart agree exactly on at
//! least one band (pigeonhole); most hashes a few bits further apart do
//! too. So for each band the photos are sorted by that band's bits and
//! only photos in the same run of equal bits are compared. A pair is counted in the first band it agrees
//! on, and is the same picture when its colours agree too. Pairs with
//! different IDs join groups (union–find); a group is reported when it
//! spans two IDs or more.
//!
//! Cost: five sorts of the photos plus the comparisons inside runs, each
//! photo against the run's photos whose centre is as light within the
//! colour tolerance;
//! memory: the 20 bytes per photo, 4 more per photo for one band's order
//! and 8 for the union–find, while grouping.

use gradphoto::fingerprint::{Fingerprint, colours_agree, distance};

/// Bands of the index: pairs up to `BANDS − 1` = 4 bits apart always
/// share one; pairs further apart (up to the rule's `max_distance`) are
/// found when one band holds none of their differing bits — for 6 bits,
/// most do. Five 13-bit bands keep the runs short: about 120 photos each
/// in a million uniform hashes.
const BANDS: usize = 5;

/// Marks a record without a face hash.
const NO_HASH: u32 = u32::MAX;

/// The hashes of a run, in record order.
#[derive(Debug, Default)]
pub struct PhotoHashes {
    hashes: Vec<u64>,
    colours: Vec<[u8; 8]>,
    /// 32-bit digest of each record's ID; [`NO_HASH`] for a record without
    /// a hash.
    ids: Vec<u32>,
}

/// A set of records showing the same picture under different IDs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PhotoGroup {
    /// Record indices (lines of the results), ascending.
    pub records: Vec<u32>,
    /// The largest distance, in bits, between a member and the member it
    /// was matched to.
    pub max_distance: u32,
}

impl PhotoHashes {
    /// Remember the next record: its fingerprint (if any) and its ID's
    /// digest.
    pub fn push(&mut self, print: Option<&Fingerprint>, id_digest: u32) {
        let hash = print.map(|p| p.hash.0);
        self.hashes.push(hash.unwrap_or(0));
        self.colours.push(print.map_or([0; 8], |p| p.colours));
        // The sentinel is reserved: an ID hashing to it moves one over.
        let id = if id_digest == NO_HASH { 0 } else { id_digest };
        self.ids.push(if hash.is_some() { id } else { NO_HASH });
    }

    /// Records remembered.
    pub fn len(&self) -> usize {
        self.hashes.len()
    }

    /// Whether none was.
    pub fn is_empty(&self) -> bool {
        self.hashes.is_empty()
    }

    /// The groups of records showing the same picture — hashes at most
    /// `max_distance` bits apart, colours within `max_colour_difference` —
    /// (chained), spanning two IDs or more; ordered by first record.
    pub fn groups(&self, max_distance: u32, max_colour_difference: u8) -> Vec<PhotoGroup> {
        let bands = band_masks(BANDS);
        let n = self.hashes.len();
        let mut parent: Vec<u32> = (0..n as u32).collect();
        let mut widest = vec![0u32; n];
        let mut order: Vec<u32> = (0..n as u32).filter(|&i| self.ids[i as usize] != NO_HASH).collect();
        // Within a run the photos are ordered by their centre's luma too,
        // and a photo is compared only with those whose centre is within
        // the colour tolerance (no pair further apart could pass): photos
        // of one studio share a band's bits far more often than random
        // hashes, but not their faces' lightness.
        let face_luma = |i: u32| self.colours[i as usize][0];
        for (b, &mask) in bands.iter().enumerate() {
            // One integer key: the band's bits (at most 13 of them here),
            // then the luma byte.
            let shift = mask.trailing_zeros();
            order.sort_unstable_by_key(|&i| ((self.hashes[i as usize] & mask) >> shift) << 8 | u64::from(face_luma(i)));
            for run in order.chunk_by(|&i, &j| (self.hashes[i as usize] ^ self.hashes[j as usize]) & mask == 0) {
                for (k, &i) in run.iter().enumerate() {
                    let near = run[k + 1..]
                        .iter()
                        .take_while(|&&j| face_luma(j) - face_luma(i) <= max_colour_difference);
                    for &j in near {
                        let (hi, hj) = (self.hashes[i as usize], self.hashes[j as usize]);
                        let d = distance(hi, hj);
                        // Same ID: `batch.duplicate-id`'s business. Found in
                        // an earlier band: already joined.
                        if d > max_distance
                            || self.ids[i as usize] == self.ids[j as usize]
                            || !colours_agree(
                                &self.colours[i as usize],
                                &self.colours[j as usize],
                                max_colour_difference,
                            )
                            || bands[..b].iter().any(|&m| (hi ^ hj) & m == 0)
                        {
                            continue;
                        }
                        let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
                        let root = ri.min(rj);
                        parent[ri.max(rj) as usize] = root;
                        let wide = widest[ri as usize].max(widest[rj as usize]).max(d);
                        widest[root as usize] = wide;
                    }
                }
            }
        }
        drop(order);
        // Members of each group, in record order (the root is the group's
        // smallest record).
        let mut members: Vec<(u32, u32)> = (0..n as u32)
            .filter_map(|i| {
                let r = find(&mut parent, i);
                (r != i).then_some((r, i))
            })
            .collect();
        members.sort_unstable();
        let mut groups: Vec<PhotoGroup> = Vec::new();
        for run in members.chunk_by(|a, b| a.0 == b.0) {
            let root = run[0].0;
            let mut records: Vec<u32> = std::iter::once(root).chain(run.iter().map(|m| m.1)).collect();
            records.sort_unstable();
            groups.push(PhotoGroup {
                records,
                max_distance: widest[root as usize],
            });
        }
        groups.sort_by_key(|g| g.records[0]);
        groups
    }
}

/// Union–find root with path halving.
fn find(parent: &mut [u32], mut i: u32) -> u32 {
    while parent[i as usize] != i {
        let up = parent[parent[i as usize] as usize];
        parent[i as usize] = up;
        i = up;
    }
    i
}

/// `count` masks cutting the 64 bits into contiguous bands as even as can
/// be (1 to 64 bands).
fn band_masks(count: usize) -> Vec<u64> {
    let count = count.clamp(1, 64);
    let mut masks = Vec::with_capacity(count);
    let mut start = 0usize;
    for b in 0..count {
        let width = 64 / count + usize::from(b < 64 % count);
        let mask = if width == 64 {
            u64::MAX
        } else {
            ((1u64 << width) - 1) << start
        };
        masks.push(mask);
        start += width;
    }
    masks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_cover_every_bit_once() {
        for count in [1, 4, 5, 7, 64, 200] {
            let masks = band_masks(count);
            assert_eq!(masks.iter().fold(0u64, |a, m| a | m), u64::MAX, "{count}");
            assert_eq!(masks.iter().map(|m| m.count_ones()).sum::<u32>(), 64, "{count}");
        }
    }

    #[test]
    fn near_hashes_under_different_ids_group_and_nothing_else_does() {
        let mut rng = fastrand::Rng::with_seed(7);
        let mut h = PhotoHashes::default();
        let base: Vec<u64> = (0..500).map(|_| rng.u64(..)).collect();
        for (k, &b) in base.iter().enumerate() {
            h.push(Some(&print(b, 100)), k as u32);
        }
        // Record 500: record 3 with 4 bits flipped; 501: record 3 under its
        // own ID (a duplicate ID, not this rule's); 502: no fingerprint.
        h.push(Some(&print(base[3] ^ 0b1011_0000_0000_0001, 104)), 9999);
        h.push(Some(&print(base[3], 100)), 3);
        h.push(None, 12345);
        // 503: record 10 with 5 bits flipped, one too many for distance 4;
        // 504: record 20's hash in other colours.
        h.push(Some(&print(base[10] ^ 0b1_1111, 100)), 8888);
        h.push(Some(&print(base[20], 130)), 7777);
        let groups = h.groups(4, 8);
        assert_eq!(
            groups,
            vec![PhotoGroup {
                records: vec![3, 500, 501],
                max_distance: 4
            }]
        );
        assert_eq!(h.groups(5, 8).len(), 2);
        assert_eq!(h.groups(4, 40).len(), 2);
    }

    fn print(hash: u64, colour: u8) -> Fingerprint {
        Fingerprint {
            hash: gradphoto::fingerprint::Hash64(hash),
            colours: [colour; 8],
        }
    }

    #[test]
    fn random_hashes_do_not_group() {
        let mut rng = fastrand::Rng::with_seed(11);
        let mut h = PhotoHashes::default();
        for k in 0..20_000 {
            h.push(Some(&print(rng.u64(..), 100)), k);
        }
        assert!(h.groups(4, 8).is_empty());
    }
}

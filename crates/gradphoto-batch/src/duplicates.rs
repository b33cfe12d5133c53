//! `batch.duplicate-photo`: one picture filed under two IDs.
//!
//! Each record carries its picture's fingerprint
//! ([`gradphoto::fingerprint`]: a 64-bit perceptual hash, 8 bytes of
//! colours and 16 of detail in each of three views of the frame — whole,
//! 1 % and 2 % cut off every side); the run keeps 100 bytes per photo — the
//! fingerprint and a 32-bit digest of the ID — indexed by the record's line
//! in the results, and groups them at the end.
//!
//! Grouping finds pairs of near hashes without comparing all pairs
//! (multi-index hashing, Norouzi et al., 2012): every view of every photo
//! is an entry, the 64 bits are cut into five bands, and two hashes four or
//! fewer bits apart agree exactly on at least one band (pigeonhole); most
//! hashes a few bits further apart do too. So for each band the entries are
//! sorted by that band's bits and only entries in the same run of equal
//! bits are compared — a photo's whole frame against the other's whole
//! frame or cut views (a cropped copy's whole frame lines up with a cut
//! view of its original). A pair of entries is counted in the first band
//! it agrees on, and is the same picture when the two views' details and
//! colours agree too ([`View::matches`]). Pairs with different
//! IDs join groups (union–find); a group is reported when it spans two IDs
//! or more.
//!
//! Cost: five sorts of the entries (three per photo, each a packed 64-bit
//! key) plus the comparisons inside runs: each entry is walked past the
//! run's entries whose clothes' chroma is within the colour tolerance, and
//! compared with those whose face's luma is within the luma tolerance too;
//! memory: the 100 bytes per photo, 36 more per photo for the entries and
//! one band's order of them and 8 for the union–find, while grouping.

use gradphoto::fingerprint::{Fingerprint, Tolerances, VIEWS, View, distance};

/// Bands of the index: pairs up to `BANDS − 1` = 4 bits apart always
/// share one; pairs further apart (up to the rule's `max_distance`) are
/// found when one band holds none of their differing bits — for 6 bits,
/// most do. Five 13-bit bands keep the runs short: about 370 entries each
/// in a million uniform photos.
const BANDS: usize = 5;

/// Marks a record without a face hash.
const NO_HASH: u32 = u32::MAX;

/// The fingerprints of a run, in record order.
#[derive(Debug, Default)]
pub struct PhotoHashes {
    views: Vec<[View; VIEWS]>,
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
        self.views
            .push(print.map_or([View::default(); VIEWS], Fingerprint::views));
        // The sentinel is reserved: an ID hashing to it moves one over.
        let id = if id_digest == NO_HASH { 0 } else { id_digest };
        self.ids.push(if print.is_some() { id } else { NO_HASH });
    }

    /// Records remembered.
    pub fn len(&self) -> usize {
        self.views.len()
    }

    /// Whether none was.
    pub fn is_empty(&self) -> bool {
        self.views.is_empty()
    }

    /// The groups of records showing the same picture within `limits`
    /// (chained), spanning two IDs or more; ordered by first record.
    pub fn groups(&self, limits: &Tolerances) -> Vec<PhotoGroup> {
        let bands = band_masks(BANDS);
        let n = self.views.len();
        let mut parent: Vec<u32> = (0..n as u32).collect();
        let mut widest = vec![0u32; n];
        // Entry `e` is view `e % VIEWS` of photo `e / VIEWS`.
        let split = |e: u32| ((e as usize) / VIEWS, (e as usize) % VIEWS);
        let view = |e: u32| {
            let (i, v) = split(e);
            &self.views[i][v]
        };
        let hash = |e: u32| view(e).hash.0;
        // The bottom middle's red chroma (the clothes') and the centre's
        // luma (the face's): views that match agree on them within the
        // colour and luma tolerances.
        let clothes = |e: u32| view(e).colours[5];
        let face = |e: u32| view(e).colours[0];
        // A record of an earlier build has no cut views (read as zeros):
        // only its whole frame is indexed, or every such record would
        // share one run.
        let valid: Vec<u32> = (0..(n * VIEWS) as u32)
            .filter(|&e| {
                let (i, v) = split(e);
                self.ids[i] != NO_HASH && (v == 0 || self.views[i][v] != View::default())
            })
            .collect();
        // Entries sorted on one packed integer each: the band's bits (at
        // most 13), the clothes' chroma and the face's luma (8 bits each),
        // the entry (32 bits) — plain integers sort fast, where a key read
        // through the photo would miss the cache at every comparison; and
        // the two colours prune a run's pairs before any photo is read.
        let mut keyed: Vec<u64> = Vec::with_capacity(valid.len());
        let (chroma_tolerance, luma_tolerance) = (limits.max_colour_difference, limits.max_luma_difference);
        let clothes_of = |key: u64| (key >> 40) as u8;
        let face_of = |key: u64| (key >> 32) as u8;
        for (b, &mask) in bands.iter().enumerate() {
            let shift = mask.trailing_zeros();
            debug_assert!(
                mask.count_ones() <= 13,
                "a band's bits, two colours and the entry fit 64 bits"
            );
            keyed.clear();
            keyed.extend(valid.iter().map(|&e| {
                ((hash(e) & mask) >> shift) << 48
                    | u64::from(clothes(e)) << 40
                    | u64::from(face(e)) << 32
                    | u64::from(e)
            }));
            keyed.sort_unstable();
            for run in keyed.chunk_by(|a, b| a >> 48 == b >> 48) {
                for (k, &ke) in run.iter().enumerate() {
                    let near = run[k + 1..]
                        .iter()
                        .take_while(|&&kf| clothes_of(kf) - clothes_of(ke) <= chroma_tolerance)
                        .filter(|&&kf| face_of(kf).abs_diff(face_of(ke)) <= luma_tolerance);
                    for &kf in near {
                        let (e, f) = (ke as u32, kf as u32);
                        let ((i, vi), (j, vj)) = (split(e), split(f));
                        let (he, hf) = (hash(e), hash(f));
                        // Two cut views line up no better than the whole
                        // frames. Same ID: `batch.duplicate-id`'s business.
                        // Found in an earlier band: already joined.
                        if i == j
                            || (vi != 0 && vj != 0)
                            || self.ids[i] == self.ids[j]
                            || distance(he, hf) > limits.max_distance
                            || bands[..b].iter().any(|&m| (he ^ hf) & m == 0)
                        {
                            continue;
                        }
                        let Some(d) = view(e).matches(view(f), limits) else {
                            continue;
                        };
                        let (ri, rj) = (find(&mut parent, i as u32), find(&mut parent, j as u32));
                        let root = ri.min(rj);
                        parent[ri.max(rj) as usize] = root;
                        let wide = widest[ri as usize].max(widest[rj as usize]).max(d);
                        widest[root as usize] = wide;
                    }
                }
            }
        }
        drop((valid, keyed));
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
    use gradphoto::fingerprint::{Detail, Hash64};

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
        h.push(Some(&flipped(print(base[3], 104), 0b1011_0000_0000_0001)), 9999);
        h.push(Some(&print(base[3], 100)), 3);
        h.push(None, 12345);
        // 503: record 10 with 5 bits flipped, one too many for distance 4;
        // 504: record 20's hash in other colours.
        h.push(Some(&flipped(print(base[10], 100), 0b1_1111)), 8888);
        h.push(Some(&print(base[20], 130)), 7777);
        let groups = h.groups(&limits(4, 8));
        assert_eq!(
            groups,
            vec![PhotoGroup {
                records: vec![3, 500, 501],
                max_distance: 4
            }]
        );
        assert_eq!(h.groups(&limits(5, 8)).len(), 2);
        assert_eq!(h.groups(&limits(4, 40)).len(), 2);
    }

    #[test]
    fn a_cropped_copy_groups_through_a_cut_view_and_a_twin_does_not() {
        let mut rng = fastrand::Rng::with_seed(5);
        let mut h = PhotoHashes::default();
        let prints: Vec<Fingerprint> = (0..300).map(|_| print(rng.u64(..), 100)).collect();
        for (k, p) in prints.iter().enumerate() {
            h.push(Some(p), k as u32);
        }
        // 300: record 7 cropped by 4 %, its whole frame record 7's 2 % cut
        // view (two bits and a colour level off), its own cut views new.
        let mut cropped = print(prints[7].crops[1].hash.0 ^ 0b101, 101);
        cropped.detail = prints[7].crops[1].detail;
        h.push(Some(&cropped), 1000);
        // 301: record 9's "studio twin": its hashes and colours, other eyes
        // (glasses: the window's mean 14 levels darker).
        let mut twin = prints[9];
        twin.detail.0[0] -= 14;
        for v in &mut twin.crops {
            v.detail.0[0] -= 14;
        }
        h.push(Some(&twin), 1001);
        let groups = h.groups(&limits(6, 3));
        assert_eq!(
            groups,
            vec![PhotoGroup {
                records: vec![7, 300],
                max_distance: 2
            }]
        );
        // The twin's head within a looser tolerance: one group more.
        let loose = Tolerances {
            max_detail_difference: 14,
            ..limits(6, 3)
        };
        assert_eq!(h.groups(&loose).len(), 2);
    }

    /// `print` with bits of its whole-frame hash flipped.
    fn flipped(mut print: Fingerprint, bits: u64) -> Fingerprint {
        print.hash.0 ^= bits;
        print
    }

    fn limits(max_distance: u32, colour: u8) -> Tolerances {
        Tolerances {
            max_distance,
            max_colour_difference: colour,
            max_luma_difference: colour,
            max_detail_difference: 12,
        }
    }

    /// A fingerprint with the whole-frame hash `hash`, unrelated cut views,
    /// `colour` everywhere and details derived from the hash.
    fn print(hash: u64, colour: u8) -> Fingerprint {
        let detail = |v: u32| Detail(std::array::from_fn(|k| (hash.rotate_left(8 * k as u32 + v) as i8) / 4));
        let cut = |v: u32| View {
            hash: Hash64(hash.rotate_left(21 * v) ^ 0x5555),
            colours: [colour; 8],
            detail: detail(v),
        };
        Fingerprint {
            hash: Hash64(hash),
            colours: [colour; 8],
            detail: detail(0),
            crops: [cut(1), cut(2)],
        }
    }

    #[test]
    fn records_without_cut_views_group_by_their_whole_frames() {
        // Fingerprints as records of an earlier build read: no cut views,
        // no detail. Two copies of one picture still group; no other pair
        // does through the zeros.
        let mut rng = fastrand::Rng::with_seed(9);
        let mut h = PhotoHashes::default();
        let old = |hash: u64, colour: u8| Fingerprint {
            hash: Hash64(hash),
            colours: [colour; 8],
            detail: Detail::default(),
            crops: [View::default(); 2],
        };
        let base = rng.u64(..);
        h.push(Some(&old(base, 90)), 1);
        h.push(Some(&old(base ^ 0b11, 91)), 2);
        for k in 0..1000 {
            h.push(Some(&old(rng.u64(..), rng.u8(..))), 10 + k);
        }
        assert_eq!(
            h.groups(&limits(6, 3)),
            vec![PhotoGroup {
                records: vec![0, 1],
                max_distance: 2
            }]
        );
    }

    #[test]
    fn random_hashes_do_not_group() {
        let mut rng = fastrand::Rng::with_seed(11);
        let mut h = PhotoHashes::default();
        for k in 0..20_000 {
            h.push(Some(&print(rng.u64(..), 100)), k);
        }
        assert!(h.groups(&limits(4, 8)).is_empty());
    }
}

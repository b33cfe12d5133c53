//! End-to-end costs over the 2,000-photo benchmark set: decoding alone,
//! segmentation, the other subject measures, the face detector and the
//! landmark measures, the face's parts, image quality and the picture's
//! fingerprint, `Engine::check` per photo, `Engine::normalize` on the
//! photos it fixes, batch throughput through the rayon driver with one
//! thread and with all, grouping a million fingerprints for
//! `batch.duplicate-photo`, and the generator's cost per photo.
//!
//! Run: `cargo bench -p gradphoto-benches --bench pipeline`.

use std::hint::black_box;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use gradphoto::{Engine, Profile, Scratch, decode};
use gradphoto_batch::{BatchOptions, InputSet};
use gradphoto_benches::{decodable_photos, photo_set};

fn bench(c: &mut Criterion) {
    let set = photo_set();
    let photos = decodable_photos(&set);
    let engine = Engine::new(Profile::builtin("chsi").unwrap()).unwrap();

    let mut g = c.benchmark_group("photo");
    g.throughput(Throughput::Elements(1));
    let mut pixels = Vec::new();
    let mut i = 0;
    g.bench_function("decode_480x640", |b| {
        b.iter(|| {
            let p = &photos[i % photos.len()];
            i += 1;
            // Some photos of the set have other sizes; all decode.
            let header = decode::probe(black_box(&p.bytes)).unwrap();
            decode::decode_into(&p.bytes, &header, &mut pixels).unwrap();
            black_box(pixels.len())
        })
    });
    // Segmentation alone, on decoded frames.
    let frames: Vec<(u32, u32, Vec<u8>)> = photos
        .iter()
        .take(64)
        .map(|p| {
            let header = decode::probe(&p.bytes).unwrap();
            let mut px = Vec::new();
            decode::decode_into(&p.bytes, &header, &mut px).unwrap();
            (header.width(), header.height(), px)
        })
        .collect();
    let mut seg_scratch = gradphoto::segment::SegmentScratch::default();
    g.bench_function("segment_and_clothing", |b| {
        b.iter(|| {
            let (w, h, px) = &frames[i % frames.len()];
            i += 1;
            let frame = decode::Frame {
                width: *w,
                height: *h,
                rgb: px,
            };
            let seg = gradphoto::segment::run(&frame, &mut seg_scratch).unwrap();
            black_box(seg.torso())
        })
    });
    // The other subject measures on segmented frames: shadow, fabric
    // pattern (full resolution), hood; together and each alone. And the
    // lining beside the face (measured where the clothing merged with the
    // backdrop), with a typical face: centre 240, eyes at 250, chin at 400,
    // 200 px wide.
    let frame_at = |k: usize| {
        let (w, h, px) = &frames[k];
        decode::Frame {
            width: *w,
            height: *h,
            rgb: px,
        }
    };
    let segmented: Vec<_> = (0..frames.len())
        .map(|k| {
            let seg = gradphoto::segment::run(&frame_at(k), &mut seg_scratch).unwrap();
            let torso = seg.torso();
            (seg, torso)
        })
        .collect();
    for part in ["all", "shadow", "pattern", "hood", "lining"] {
        let name = if part == "all" {
            "shadow_pattern_hood".to_owned()
        } else {
            format!("only_{part}")
        };
        g.bench_function(name, |b| {
            b.iter(|| {
                let k = i % frames.len();
                i += 1;
                let frame = frame_at(k);
                let (seg, torso) = &segmented[k];
                let shadow = matches!(part, "all" | "shadow").then(|| seg.shadow());
                let pattern = matches!(part, "all" | "pattern").then(|| seg.pattern(&frame));
                let hood = matches!(part, "all" | "hood").then(|| {
                    torso
                        .as_ref()
                        .and_then(|t| seg.hood(&[t.rgb, t.mean_rgb], gradphoto::segment::Sides::Both))
                });
                let lining = (part == "lining").then(|| {
                    torso
                        .as_ref()
                        .and_then(|t| seg.lining(240.0, 250.0, 400.0, 200.0, t.mean_rgb))
                });
                black_box((shadow, pattern, hood, lining))
            })
        });
    }
    // Localisation: the face detector (letterbox + network + decoding),
    // then the measurements around its keypoints.
    let detector = gradphoto::landmarks::Detector::shared().unwrap();
    let mut face_scratch = gradphoto::landmarks::FaceScratch::default();
    g.bench_function("face_detector", |b| {
        b.iter(|| {
            let k = i % frames.len();
            i += 1;
            black_box(detector.detect(&frame_at(k), &mut face_scratch).unwrap())
        })
    });
    let faces: Vec<_> = (0..frames.len())
        .map(|k| detector.detect(&frame_at(k), &mut face_scratch).unwrap())
        .collect();
    g.bench_function("landmark_measures", |b| {
        b.iter(|| {
            let k = i % frames.len();
            i += 1;
            let seg = &segmented[k].0;
            black_box(gradphoto::landmarks::measure::locate(
                &frame_at(k),
                Some(seg),
                &faces[k],
            ))
        })
    });
    // The face's parts around the landmarks (issue 6's measures).
    let located: Vec<_> = (0..frames.len())
        .map(|k| gradphoto::landmarks::measure::locate(&frame_at(k), Some(&segmented[k].0), &faces[k]))
        .collect();
    g.bench_function("face_parts", |b| {
        b.iter(|| {
            let k = i % frames.len();
            i += 1;
            located[k]
                .as_ref()
                .map(|lm| black_box(gradphoto::parts::measure(&frame_at(k), Some(&segmented[k].0), lm)))
        })
    });
    // Each detector family's measure alone, on the same located faces (the
    // crown's colour, which the skin's vote reads, measured beforehand as
    // the engine has it).
    let crowns: Vec<Option<[f32; 3]>> = (0..frames.len())
        .map(|k| gradphoto::parts::crown::colour(&frame_at(k), located[k].as_ref()?))
        .collect();
    let with_skin: Vec<_> = (0..frames.len())
        .filter_map(|k| {
            let lm = located[k].as_ref()?;
            Some((k, lm, gradphoto::parts::skin::tone(&frame_at(k), lm, crowns[k])?))
        })
        .collect();
    let mut j = 0usize;
    let mut next = || {
        j += 1;
        &with_skin[j % with_skin.len()]
    };
    use gradphoto::parts;
    g.bench_function("parts/skin_tone", |b| {
        b.iter(|| {
            let (k, lm, _) = next();
            black_box(parts::skin::tone(&frame_at(*k), lm, crowns[*k]))
        })
    });
    g.bench_function("parts/eyes_and_glare", |b| {
        b.iter(|| {
            let (k, lm, skin) = next();
            let frame = frame_at(*k);
            black_box((
                parts::eyes::opening(&frame, lm, skin),
                parts::glare::lenses(&frame, lm, [0.0; 2]),
            ))
        })
    });
    g.bench_function("parts/mouth", |b| {
        b.iter(|| {
            let (k, lm, skin) = next();
            black_box(parts::mouth::gap(&frame_at(*k), lm, skin))
        })
    });
    g.bench_function("parts/lower_face", |b| {
        b.iter(|| {
            let (k, lm, skin) = next();
            black_box(parts::lower_face::skin_share(&frame_at(*k), lm, skin))
        })
    });
    g.bench_function("parts/bun_and_crown", |b| {
        b.iter(|| {
            let (k, lm, _) = next();
            black_box((
                parts::bun::bump(&segmented[*k].0, lm),
                parts::crown::colour(&frame_at(*k), lm),
            ))
        })
    });
    g.bench_function("parts/earrings", |b| {
        b.iter(|| {
            let (k, lm, skin) = next();
            let frame = frame_at(*k);
            let tones = parts::tonal_scale(parts::levels(&frame, Some(&segmented[*k].0)));
            black_box(parts::earrings::blobs(&frame, Some(&segmented[*k].0), lm, skin, tones))
        })
    });
    g.bench_function("parts/ears_and_fringe", |b| {
        b.iter(|| {
            let (k, lm, skin) = next();
            let frame = frame_at(*k);
            let crown = parts::crown::colour(&frame, lm).unwrap_or([30.0, 5.0, 5.0]);
            black_box((
                parts::ears::hair_cover(&frame, lm, skin, crown),
                parts::fringe::cover(&frame, lm, skin, crown),
            ))
        })
    });
    // What the engine measures again under a hood or a cap: the hair's
    // colour in the brow bands (the crown's colour left out, as under a
    // cap), then the ears and the fringe against it.
    g.bench_function("parts/ears_and_fringe_under_cover", |b| {
        b.iter(|| {
            let (k, lm, skin) = next();
            let frame = frame_at(*k);
            let cap = parts::crown::colour(&frame, lm);
            let hair = parts::fringe::hair_under_cover(&frame, lm, skin, cap).unwrap_or([30.0, 5.0, 5.0]);
            black_box((
                parts::ears::hair_cover(&frame, lm, skin, hair),
                parts::fringe::cover(&frame, lm, skin, hair),
            ))
        })
    });
    g.bench_function("parts/glasses", |b| {
        b.iter(|| {
            let (k, lm, _) = next();
            black_box(parts::glasses::frame(&frame_at(*k), lm))
        })
    });
    g.bench_function("parts/necklace", |b| {
        b.iter(|| {
            let (k, lm, _) = next();
            black_box(parts::necklace::lines(&frame_at(*k), lm))
        })
    });
    g.bench_function("parts/collar", |b| {
        b.iter(|| {
            let (k, lm, _) = next();
            black_box(parts::collar::neck(&frame_at(*k), lm))
        })
    });
    g.bench_function("parts/sclera", |b| {
        b.iter(|| {
            let (k, lm, _) = next();
            black_box(parts::sclera::whites(&frame_at(*k), lm))
        })
    });
    g.bench_function("parts/shine", |b| {
        b.iter(|| {
            let (k, lm, skin) = next();
            let frame = frame_at(*k);
            let crown = parts::crown::colour(&frame, lm);
            black_box(parts::shine::share(&frame, lm, skin, crown, [0.0; 2], 1.0, Some(1.0)))
        })
    });
    // Image quality (issue 7): the luma plane and its histograms, noise and
    // skin texture, sharpness, blocking, the face's tone.
    let mut quality_scratch = gradphoto::quality::QualityScratch::default();
    g.bench_function("quality", |b| {
        b.iter(|| {
            let k = i % frames.len();
            i += 1;
            black_box(gradphoto::quality::measure(
                &frame_at(k),
                Some(&segmented[k].0),
                located[k].as_ref(),
                None,
                &mut quality_scratch,
            ))
        })
    });
    // The quality stage's parts: the luma plane with its histograms, and
    // the two measures that read the whole plane.
    let mut luma = Vec::new();
    g.bench_function("quality/luma_plane", |b| {
        b.iter(|| {
            let k = i % frames.len();
            i += 1;
            black_box(gradphoto::quality::luma_plane(&frame_at(k), &mut luma))
        })
    });
    let planes: Vec<Vec<u8>> = (0..frames.len())
        .map(|k| {
            let mut plane = Vec::new();
            gradphoto::quality::luma_plane(&frame_at(k), &mut plane);
            plane
        })
        .collect();
    let plane_at = |k: usize| {
        let f = frame_at(k);
        gradphoto::quality::Luma {
            width: f.width as usize,
            height: f.height as usize,
            data: &planes[k],
        }
    };
    g.bench_function("quality/sharpness", |b| {
        b.iter(|| {
            let k = i % frames.len();
            i += 1;
            black_box(gradphoto::quality::sharpness::measure(&plane_at(k), 1.0))
        })
    });
    g.bench_function("quality/blocking", |b| {
        b.iter(|| {
            let k = i % frames.len();
            i += 1;
            black_box(gradphoto::quality::blocking::measure(&plane_at(k)))
        })
    });
    // As the engine takes it: from the segmentation's quarter, the
    // summed-area table's buffer kept between photos.
    let mut table = Vec::new();
    g.bench_function("fingerprint", |b| {
        b.iter(|| {
            let k = i % frames.len();
            i += 1;
            let seg = &segmented[k].0;
            let reduced = decode::Frame {
                width: seg.width,
                height: seg.height,
                rgb: seg.rgb.as_flattened(),
            };
            black_box(gradphoto::fingerprint::fingerprint_with(&reduced, &mut table))
        })
    });
    let mut scratch = Scratch::default();
    g.bench_function("engine_check", |b| {
        b.iter(|| {
            let p = &photos[i % photos.len()];
            i += 1;
            black_box(engine.check_with(&mut scratch, &p.name, black_box(&p.bytes)))
        })
    });
    // Normalisation of the photos it can fix (check, crop, Lanczos3
    // resize, JPEG quality search, check again).
    let fixable: Vec<_> = photos
        .iter()
        .filter(|p| engine.normalize(&p.name, &p.bytes).is_ok())
        .take(32)
        .collect();
    if !fixable.is_empty() {
        g.bench_function("normalize", |b| {
            b.iter(|| {
                let p = fixable[i % fixable.len()];
                i += 1;
                black_box(engine.normalize(&p.name, black_box(&p.bytes)).unwrap())
            })
        });
    }
    // The HTML report's preview: decode, fit into 150 × 200, JPEG.
    g.bench_function("thumbnail", |b| {
        b.iter(|| {
            let p = &photos[i % photos.len()];
            i += 1;
            let t = gradphoto::thumbnail::thumbnail(black_box(&p.bytes), 40_000_000, [150, 200], &mut pixels);
            black_box(t.unwrap().jpeg.len())
        })
    });
    g.finish();

    let inputs = InputSet::new(vec![set.clone()]);
    let files = inputs.iter().count() as u64;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.jsonl");
    let mut g = c.benchmark_group("batch");
    g.throughput(Throughput::Elements(files));
    g.sample_size(10);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    for jobs in [1, cores] {
        let options = BatchOptions {
            jobs,
            out: Some(out.clone()),
            ..BatchOptions::default()
        };
        g.bench_function(format!("check_set_jobs_{jobs}"), |b| {
            b.iter(|| gradphoto_batch::run(&engine, &inputs, &options).unwrap())
        });
    }
    g.finish();

    // Grouping a million fingerprints (uniform random hashes, 1,000 of
    // them copied under other IDs with 0–6 bits flipped).
    let mut g = c.benchmark_group("duplicates");
    g.sample_size(10);
    let limits = gradphoto::params::DuplicatePhotoParams::default().tolerances();
    g.throughput(Throughput::Elements(1_000_000));
    let mut rng = fastrand::Rng::with_seed(3);
    let mut prints = gradphoto_batch::duplicates::PhotoHashes::default();
    let mut planted = Vec::new();
    for k in 0..1_000_000u32 {
        let print = if k % 1000 == 999 {
            let mut p: gradphoto::fingerprint::Fingerprint = planted[rng.usize(..planted.len())];
            for _ in 0..rng.u32(0..=6) {
                p.hash.0 ^= 1 << rng.u32(0..64);
            }
            p
        } else {
            use gradphoto::fingerprint::{Detail, Fingerprint, Hash64, View};
            let mut view = || View {
                hash: Hash64(rng.u64(..)),
                colours: std::array::from_fn(|_| rng.u8(..)),
                detail: Detail(std::array::from_fn(|_| rng.i8(-40..40))),
            };
            let p = Fingerprint::from_views(view(), [view(), view()]);
            if planted.len() < 1000 {
                planted.push(p);
            }
            p
        };
        prints.push(Some(&print), k);
    }
    g.bench_function("group_1e6", |b| b.iter(|| black_box(prints.groups(&limits).len())));
    g.finish();

    let mut g = c.benchmark_group("synth");
    g.throughput(Throughput::Elements(1));
    let profile = Profile::builtin("chsi").unwrap();
    let mut seed = 0u64;
    g.bench_function("paint_and_encode_one_photo", |b| {
        b.iter_batched(
            || {
                seed += 1;
                (
                    seed,
                    gradphoto_synth::generate::compliant(&mut fastrand::Rng::with_seed(seed), &profile),
                )
            },
            |(seed, a)| {
                let (rgb, _) = gradphoto_synth::paint::paint(&a, seed);
                black_box(
                    gradphoto_synth::encode_jpeg(
                        &rgb,
                        a.width,
                        a.height,
                        &gradphoto_synth::JpegOptions {
                            quality: a.jpeg_quality,
                            ..Default::default()
                        },
                    )
                    .unwrap(),
                )
            },
            BatchSize::SmallInput,
        )
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

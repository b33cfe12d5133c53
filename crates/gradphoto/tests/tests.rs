//! Integration tests of the core library: bad inputs, limits, profiles.

use gradphoto::{Engine, Profile, RuleId, Status};
use gradphoto_synth::testdata::{malformed, samples};
use time::macros::date;

fn engine(profile: &str) -> Engine {
    Engine::new(Profile::builtin(profile).unwrap())
        .unwrap()
        .with_today(date!(2026 - 11 - 23))
}

#[test]
fn every_malformed_kind_is_an_error_with_its_rule() {
    let engine = engine("chsi");
    for f in malformed().unwrap() {
        let v = engine.check(&f.name, &f.bytes);
        assert_eq!(v.status, Status::Error, "{}: {v:?}", f.name);
        for rule in f.rules {
            assert!(
                v.findings.iter().any(|x| x.rule.as_str() == *rule),
                "{}: {rule} did not fire: {v:?}",
                f.name
            );
        }
        assert!(v.error.is_some(), "{} says why", f.name);
    }
}

#[test]
fn samples_get_their_status_under_chsi() {
    let engine = engine("chsi");
    for f in samples().unwrap() {
        let v = engine.check(&f.name, &f.bytes);
        assert_eq!(v.status.as_str(), f.status, "{}: {v:?}", f.name);
        let fired: Vec<&str> = v.findings.iter().map(|x| x.rule.as_str()).collect();
        assert_eq!(fired, f.rules, "{}", f.name);
        assert!(v.checked.contains(&RuleId::FileDecode), "{} was decoded", f.name);
    }
}

#[test]
fn truncation_anywhere_never_panics_and_is_an_error() {
    let engine = engine("chsi");
    let sample = &samples().unwrap()[0];
    let len = sample.bytes.len();
    for cut in (0..len).step_by(97).chain([len - 1, len - 2]) {
        let v = engine.check(&sample.name, &sample.bytes[..cut]);
        assert_eq!(v.status, Status::Error, "cut at {cut} of {len}");
    }
}

#[test]
fn flipped_bytes_never_panic() {
    let engine = engine("chsi");
    let sample = &samples().unwrap()[4]; // progressive
    let mut rng = fastrand_like(12345);
    for _ in 0..300 {
        let mut bytes = sample.bytes.clone();
        for _ in 0..4 {
            let at = (rng() as usize) % bytes.len();
            bytes[at] ^= (rng() as u8) | 1;
        }
        let _ = engine.check(&sample.name, &bytes);
    }
}

/// A tiny xorshift generator (no extra dependency for one test).
fn fastrand_like(mut state: u64) -> impl FnMut() -> u64 {
    move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    }
}

#[test]
fn pixel_and_file_limits_refuse_before_decoding() {
    let mut profile = Profile::builtin("chsi").unwrap();
    profile.limits.max_pixels = 480 * 640 - 1;
    let tight = Engine::new(profile.clone()).unwrap();
    let sample = &samples().unwrap()[0];
    let v = tight.check(&sample.name, &sample.bytes);
    assert_eq!(v.status, Status::Error);
    assert!(v.error.unwrap().en.contains("over the limit"));
    profile.limits.max_pixels = 40_000_000;
    profile.limits.max_file_bytes = 1000;
    let v = Engine::new(profile).unwrap().check(&sample.name, &sample.bytes);
    assert_eq!(v.status, Status::Error);
    assert!(v.error.unwrap().en.contains("over the limit"));
}

#[test]
fn png_is_analysed_when_a_profile_allows_it() {
    let profile = Profile::from_toml_str(
        "name = \"png-ok\"\nextends = \"chsi\"\n[rules.\"file.format\"]\nformats = [\"jpeg\", \"png\"]\n",
    )
    .unwrap();
    let engine = Engine::new(profile).unwrap();
    let png = malformed()
        .unwrap()
        .into_iter()
        .find(|f| f.name == "png-named.jpg")
        .unwrap();
    let renamed = engine.check("11010519491231002X.png", &png.bytes);
    assert_eq!(
        renamed.status,
        Status::Fail,
        "decoded; only the 120×160 size fails: {renamed:?}"
    );
    assert!(
        renamed
            .findings
            .iter()
            .all(|f| f.rule == RuleId::FileDimensions || f.rule == RuleId::FileSize),
        "{:?}",
        renamed.findings
    );
    assert_eq!(
        engine.check("11010519491231002X.jpg", &png.bytes).status,
        Status::Error,
        "still a lie about its format"
    );
}

#[test]
fn every_builtin_passes_a_compliant_sample_on_the_implemented_rules() {
    let sample = &samples().unwrap()[0];
    for name in gradphoto::profile::builtin_names() {
        let v = engine(name).check(&sample.name, &sample.bytes);
        assert_eq!(v.status, Status::Pass, "{name}: {v:?}");
        // Every rule of the catalogue is evaluated by this build: none of a
        // built-in profile's is left out.
        assert_eq!(engine(name).not_implemented(), Vec::new(), "{name}");
    }
}

#[test]
fn verdicts_round_trip_through_json() {
    let engine = engine("zju-2022");
    for f in samples().unwrap().iter().chain(&malformed().unwrap()) {
        let v = engine.check(&f.name, &f.bytes);
        let json = serde_json::to_string(&v).unwrap();
        assert_eq!(serde_json::from_str::<gradphoto::Verdict>(&json).unwrap(), v);
    }
}

/// Two painted graduates side by side, each at half size over the top half
/// of a 480 × 640 frame (the bottom half the backdrop): two faces.
#[test]
fn two_people_fail_single_face_and_one_passes_it() {
    use gradphoto_synth::{attrs::Attributes, encode_jpeg, generate, paint};
    let profile = Profile::builtin("chsi").unwrap();
    let mut rng = fastrand::Rng::with_seed(7);
    let people: Vec<(Vec<u8>, Attributes)> = (0..2)
        .map(|k| {
            let a = generate::compliant(&mut rng, &profile);
            (paint::paint(&a, k).0, a)
        })
        .collect();
    let (w, h) = (480usize, 640usize);
    let bg = people[0].1.background;
    let mut frame: Vec<u8> = bg.iter().copied().cycle().take(w * h * 3).collect();
    for (side, (rgb, _)) in people.iter().enumerate() {
        for y in 0..h / 2 {
            for x in 0..w / 2 {
                let src = ((2 * y) * w + 2 * x) * 3;
                let dst = (y * w + side * w / 2 + x) * 3;
                frame[dst..dst + 3].copy_from_slice(&rgb[src..src + 3]);
            }
        }
    }
    let jpeg = encode_jpeg(&frame, w as u32, h as u32, &gradphoto_synth::JpegOptions::default()).unwrap();
    let v = engine("chsi").check("11010519491231002X.jpg", &jpeg);
    let single = v.findings.iter().find(|f| f.rule == RuleId::GeometrySingleFace);
    let single = single.unwrap_or_else(|| panic!("two faces: {:?}", v.measurements.landmarks));
    assert_eq!(single.measured, Some(serde_json::json!({ "faces": 2 })));
    // Either painted photo alone has one face.
    let one = encode_jpeg(
        &people[0].0,
        w as u32,
        h as u32,
        &gradphoto_synth::JpegOptions::default(),
    )
    .unwrap();
    let v = engine("chsi").check("11010519491231002X.jpg", &one);
    assert!(v.checked.contains(&RuleId::GeometrySingleFace));
    assert!(v.findings.iter().all(|f| f.rule != RuleId::GeometrySingleFace), "{v:?}");
}

/// Photos that fail only on geometry, pixel size or file size get a copy
/// that passes every rule when checked again; the others are refused.
#[test]
fn normalised_copies_pass_when_checked_again() {
    use gradphoto::NotNormalized;
    use gradphoto_synth::{JpegOptions, encode_jpeg, generate, paint};
    let profile = Profile::builtin("chsi").unwrap();
    let engine = engine("chsi");
    let mut rng = fastrand::Rng::with_seed(11);
    let name = "11010519491231002X.jpg";
    let mut written = 0;
    for case in 0..6 {
        let mut a = generate::compliant(&mut rng, &profile);
        let quality = match case {
            // Off centre (a crop that centres the face needs ×1.1–1.2).
            0 | 1 => {
                a.face_cx = 240.0 + if case == 0 { 36.0 } else { -36.0 };
                a.face_rx = 96.0;
                80
            }
            // Twice the pixel size, and far over the size window.
            2 | 3 => {
                (a.width, a.height) = (960, 1280);
                95
            }
            // Only too many bytes.
            4 => 98,
            // The head too high: a crop would need rows above the photo.
            _ => {
                a.face_cy = 15.0 + gradphoto_synth::paint::HAIR_TOP * a.face_ry;
                80
            }
        };
        let (rgb, _) = paint::paint(&a, case);
        let bytes = encode_jpeg(
            &rgb,
            a.width,
            a.height,
            &JpegOptions {
                quality,
                ..JpegOptions::default()
            },
        )
        .unwrap();
        let before = engine.check(name, &bytes);
        assert_ne!(before.status, Status::Pass, "case {case}: {:?}", before.findings);
        match engine.normalize(name, &bytes) {
            Ok(n) => {
                written += 1;
                let after = engine.check(name, &n.bytes);
                assert_eq!(after.status, Status::Pass, "case {case}: {:?}", after.findings);
                for rule in gradphoto::normalize::FIXABLE {
                    assert!(after.checked.contains(&rule), "case {case}: {rule} checked");
                }
                assert_eq!((n.width, n.height), (480, 640));
                // Baseline JPEG, JFIF only: no EXIF, no comment.
                assert!(!n.bytes.windows(4).any(|w| w == b"Exif"), "case {case}: no EXIF");
                assert!(!n.bytes.windows(2).any(|w| w == [0xFF, 0xC2]), "case {case}: baseline");
            }
            Err(NotNormalized::OutOfFrame { side, .. }) => assert_eq!((case, side.as_str()), (5, "above")),
            Err(e) => panic!("case {case}: {e}"),
        }
    }
    assert_eq!(written, 5);
    // A compliant photo has nothing to fix; a photo with a subject fault is refused.
    let sample = &samples().unwrap()[0];
    assert_eq!(
        engine.normalize(&sample.name, &sample.bytes),
        Err(NotNormalized::Compliant)
    );
    let mut a = generate::compliant(&mut rng, &profile);
    a.background = [250, 250, 250];
    let (rgb, _) = paint::paint(&a, 9);
    let white = encode_jpeg(&rgb, 480, 640, &JpegOptions::default()).unwrap();
    assert!(matches!(
        engine.normalize(name, &white),
        Err(NotNormalized::Unfixable { rules }) if rules.contains(&RuleId::BackgroundColour)
    ));
}

/// Photos of every odd size — a pixel, a line, a thin strip, a size that
/// is no multiple of the quality stage's cells and blocks — go through
/// every stage (segmentation, detector, parts, quality, fingerprint)
/// without an internal error.
#[test]
fn tiny_and_odd_sizes_are_analysed_without_internal_errors() {
    let engine = engine("chsi");
    for (w, h) in [(1u16, 1u16), (1, 40), (40, 1), (7, 3), (33, 17), (481, 641), (241, 9)] {
        let rgb: Vec<u8> = (0..usize::from(w) * usize::from(h) * 3)
            .map(|i| (i * 37 % 251) as u8)
            .collect();
        let mut bytes = Vec::new();
        jpeg_encoder::Encoder::new(&mut bytes, 85)
            .encode(&rgb, w, h, jpeg_encoder::ColorType::Rgb)
            .unwrap();
        let v = engine.check("110105194912310021.jpg", &bytes);
        assert!(
            v.error.as_ref().is_none_or(|e| !e.en.starts_with("internal")),
            "{w}×{h}: {:?}",
            v.error
        );
        assert!(v.measurements.quality.is_some(), "{w}×{h}");
        assert!(v.measurements.fingerprint.is_some(), "{w}×{h}");
    }
}

//! Labelled sets: deterministic, labels follow the profile, and the
//! committed set is what the generator writes.

use std::path::Path;

use gradphoto::{Profile, RuleId};
use gradphoto_synth::attrs::Attributes;
use gradphoto_synth::generate::{Label, Mix, compliant, expected_rules, generate};
use gradphoto_synth::paint::paint;

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| (e.file_name().into_string().unwrap(), std::fs::read(e.path()).unwrap()))
        .collect();
    out.sort();
    out
}

#[test]
fn generation_is_deterministic_for_count_and_seed() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let chsi = Profile::builtin("chsi").unwrap();
    generate(24, 5, a.path(), &chsi, Mix::default()).unwrap();
    generate(24, 5, b.path(), &chsi, Mix::default()).unwrap();
    let (fa, fb) = (files(a.path()), files(b.path()));
    assert_eq!(fa.len(), 25, "24 photos and labels.jsonl");
    assert!(fa == fb, "same count and seed, same bytes");
    let c = tempfile::tempdir().unwrap();
    generate(24, 6, c.path(), &chsi, Mix::default()).unwrap();
    assert!(files(c.path()) != fa, "another seed, another set");
}

fn with(profile: &Profile, tweak: impl FnOnce(&mut Attributes)) -> Vec<RuleId> {
    let mut a = compliant(&mut fastrand::Rng::with_seed(3), profile);
    tweak(&mut a);
    let (_, g) = paint(&a, 3);
    expected_rules(&a, &g, 30 * 1024, profile)
}

#[test]
fn labels_follow_the_profile() {
    use gradphoto::params::ColourName;
    let ucas = Profile::builtin("ucas-nssc-2024").unwrap();
    let zju = Profile::builtin("zju-2022").unwrap();
    let white_shirt = |a: &mut Attributes| {
        a.neckline = gradphoto_synth::attrs::Neckline::Shirt;
        (a.clothing_name, a.clothing) = (ColourName::White, [242, 242, 238]);
    };
    assert!(
        with(&ucas, white_shirt).contains(&RuleId::ClothingColour),
        "ucas-nssc-2024 forbids white"
    );
    assert!(
        !with(&zju, white_shirt).contains(&RuleId::ClothingColour),
        "zju-2022 recommends a white shirt"
    );
    let purple = |a: &mut Attributes| (a.clothing_name, a.clothing) = (ColourName::Purple, [110, 50, 140]);
    assert!(with(&zju, purple).contains(&RuleId::ClothingColour));
    assert!(!with(&ucas, purple).contains(&RuleId::ClothingColour));
    let glasses = |a: &mut Attributes| a.glasses = true;
    assert!(
        with(&zju, glasses).contains(&RuleId::AccessoryGlasses),
        "zju-2022 forbids all glasses"
    );
    assert!(!with(&ucas, glasses).contains(&RuleId::AccessoryGlasses));
    let tshirt = |a: &mut Attributes| a.neckline = gradphoto_synth::attrs::Neckline::TShirt;
    assert!(with(&zju, tshirt).contains(&RuleId::ClothingCollar));
    assert!(
        !with(&ucas, tshirt).contains(&RuleId::ClothingCollar),
        "only zju-2022 declares clothing.collar"
    );
    assert_eq!(with(&zju, |_| {}), Vec::<RuleId>::new(), "compliant is compliant");
    let mut big = ucas.clone();
    big.rules.file_size.as_mut().unwrap().params.max_kb = 20.0;
    assert_eq!(
        with(&big, |_| {}),
        vec![RuleId::FileSize],
        "the size window comes from the profile"
    );
}

#[test]
fn what_is_painted_over_is_not_expected() {
    let chsi = Profile::builtin("chsi").unwrap();
    type Tweak = fn(&mut Attributes);
    // (the feature shown, the same under its cover, the pose rule that
    // judges it, the occlusion rule the cover fails)
    let cases: [(Tweak, Tweak, RuleId, RuleId); 2] = [
        (
            |a| a.mouth_open = true,
            |a| (a.mouth_open, a.face_mask) = (true, true),
            RuleId::PoseMouthClosed,
            RuleId::OcclusionFace,
        ),
        (
            |a| a.eyes_closed = true,
            |a| (a.eyes_closed, a.hair_over_eyes) = (true, true),
            RuleId::PoseEyesOpen,
            RuleId::OcclusionEyes,
        ),
    ];
    for (shown, covered, pose, occlusion) in cases {
        assert!(with(&chsi, shown).contains(&pose), "{pose:?} shown");
        let hidden = with(&chsi, covered);
        assert!(hidden.contains(&occlusion), "{hidden:?}");
        assert!(
            !hidden.contains(&pose),
            "the cover hides what {pose:?} judges: {hidden:?}"
        );
    }
    let over_brows = with(&chsi, |a| (a.eyes_closed, a.hair_over_eyebrows) = (true, true));
    assert!(
        over_brows.contains(&RuleId::PoseEyesOpen),
        "a fringe over the eyebrows leaves the eyes in view"
    );
}

#[test]
fn every_label_is_consistent_with_its_violations() {
    let dir = tempfile::tempdir().unwrap();
    let chsi = Profile::builtin("chsi").unwrap();
    generate(
        120,
        11,
        dir.path(),
        &chsi,
        Mix {
            compliant: 0.2,
            multi: 0.3,
        },
    )
    .unwrap();
    let labels: Vec<Label> = std::fs::read_to_string(dir.path().join("labels.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(labels.len(), 120);
    for l in &labels {
        assert!(dir.path().join(&l.file).exists());
        if l.violations.is_empty() {
            assert!(
                l.expected_rules.is_empty(),
                "{}: compliant photo expects {:?}",
                l.file,
                l.expected_rules
            );
        }
        if l.violations.iter().any(|v| v == "hood") {
            assert!(l.expected_rules.contains(&RuleId::ClothingHood));
        }
        let g = &l.geometry;
        assert!(
            g.head_top < g.eye_left[1] && g.eye_left[1] < g.chin,
            "{}: {g:?}",
            l.file
        );
        assert!(g.eye_left[0] < g.eye_right[0]);
    }
    let compliant = labels.iter().filter(|l| l.violations.is_empty()).count();
    assert!((10..=40).contains(&compliant), "about 20 % compliant, got {compliant}");
}

#[test]
fn committed_labelled_set_matches_the_generator() {
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/labelled");
    let dir = tempfile::tempdir().unwrap();
    generate(
        300,
        2024,
        dir.path(),
        &Profile::builtin("chsi").unwrap(),
        Mix::default(),
    )
    .unwrap();
    let (a, b) = (files(&committed), files(dir.path()));
    assert_eq!(
        a.len(),
        b.len(),
        "testdata/labelled has other files; regenerate it (testdata/README.md)"
    );
    for ((na, ba), (nb, bb)) in a.iter().zip(&b) {
        assert_eq!(na, nb);
        assert!(
            ba == bb,
            "testdata/labelled/{na} differs from the generator's output; regenerate it (testdata/README.md)"
        );
    }
}

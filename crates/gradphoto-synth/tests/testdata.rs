//! The committed test data is exactly what the generator writes, and the
//! generator is deterministic.

use std::path::Path;

use gradphoto_synth::testdata::{malformed, samples};

#[test]
fn committed_testdata_matches_the_generator() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata");
    for (dir, files) in [("samples", samples().unwrap()), ("malformed", malformed().unwrap())] {
        let mut names: Vec<_> = std::fs::read_dir(root.join(dir))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        let mut expected: Vec<_> = files.iter().map(|f| f.name.clone()).collect();
        expected.sort();
        assert_eq!(
            names, expected,
            "testdata/{dir} lists other files; regenerate with `cargo run -p gradphoto-synth --bin gradphoto-testdata`"
        );
        for f in files {
            let committed = std::fs::read(root.join(dir).join(&f.name)).unwrap();
            assert!(
                committed == f.bytes,
                "testdata/{dir}/{} differs from the generator's output; regenerate it",
                f.name
            );
        }
    }
}

#[test]
fn generation_is_deterministic() {
    let a = samples().unwrap();
    let b = samples().unwrap();
    assert!(a.iter().zip(&b).all(|(x, y)| x.name == y.name && x.bytes == y.bytes));
}

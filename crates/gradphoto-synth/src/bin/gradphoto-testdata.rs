//! Writes `testdata/samples/` and `testdata/malformed/`.
//!
//! Usage: `cargo run -p gradphoto-synth --bin gradphoto-testdata [ROOT]`
//! (ROOT defaults to the workspace's `testdata/`).

use std::path::PathBuf;

fn main() -> anyhow::Result<()> {
    let root = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata"));
    gradphoto_synth::testdata::write_all(&root)?;
    println!("wrote {}", root.join("samples").display());
    println!("wrote {}", root.join("malformed").display());
    Ok(())
}

//! # gradphoto
//!
//! Compliance checks for Chinese diploma photos (学历证书电子注册图像):
//! bytes in, [`Verdict`] out.
//!
//! The data path is one staged pipeline of plain data:
//! [`decode`] (header probe, limits, pixels) → [`decode::Frame`] →
//! [`segment`] (person mask, background model) → [`landmarks`] (faces,
//! keypoints, head top, chin, face width, shoulders, pose) → [`parts`]
//! (skin tone, eyes, mouth, lower face, shine) → [`quality`] (exposure,
//! sharpness, noise, blocking, colour, skin texture) → [`checks`] (pure functions of what was measured and the [`Profile`]) →
//! [`verdict`]. A [`Profile`] (built-in or user TOML/JSON) says which rules of
//! the [catalogue](rules::RuleId) apply, with which severity and parameters.
//!
//! ```
//! use gradphoto::{Engine, Profile};
//! let engine = Engine::new(Profile::builtin("zju-2022")?)?;
//! let verdict = engine.check("11010519491231002X.jpg", &[0xFF, 0xD8, 0xFF]);
//! println!("{}", serde_json::to_string(&verdict).unwrap());
//! # Ok::<(), gradphoto::ProfileError>(())
//! ```
#![warn(missing_docs)]

pub mod checks;
pub mod colour;
pub mod decode;
mod engine;
pub mod fingerprint;
pub mod id;
pub mod landmarks;
pub mod normalize;
pub mod params;
pub mod parts;
pub mod profile;
pub mod quality;
pub mod rules;
pub mod segment;
pub mod thumbnail;
pub mod verdict;

pub use engine::{Engine, Scratch, panic_message, stem};
pub use normalize::{Normalized, NotNormalized};
pub use profile::{Limits, Profile, ProfileError};
pub use rules::{RuleId, Severity};
pub use verdict::{Finding, Message, Region, Status, Verdict};

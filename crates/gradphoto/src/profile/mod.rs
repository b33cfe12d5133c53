//! Profiles: which rules apply, with which severity and parameters.
//!
//! A profile is data. The built-ins (`chsi` and one per school notice in
//! `shared/seeds/`) are TOML files embedded in the library; users write their
//! own in TOML or JSON. A profile may `extends = "NAME"` another (a built-in,
//! or a file path relative to the extending file): tables merge key by key,
//! arrays and scalars replace, and `severity = "off"` removes an inherited
//! rule.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::rules::RuleSet;

/// The embedded built-in profiles: (name, TOML source).
const BUILTIN: &[(&str, &str)] = &[
    ("chsi", include_str!("builtin/chsi.toml")),
    ("ucas-nssc-2024", include_str!("builtin/ucas-nssc-2024.toml")),
    ("pku-2024", include_str!("builtin/pku-2024.toml")),
    ("sysu-2024", include_str!("builtin/sysu-2024.toml")),
    ("ustb-2019", include_str!("builtin/ustb-2019.toml")),
    ("zju-2022", include_str!("builtin/zju-2022.toml")),
];

/// How deep `extends` chains may go.
const MAX_EXTENDS_DEPTH: usize = 8;

/// Safety caps checked on the file and the image header before any pixel
/// buffer is allocated.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// Largest file read at all, bytes. Default: 64 MiB.
    pub max_file_bytes: u64,
    /// Largest image decoded, pixels (width × height). Default: 40 000 000.
    pub max_pixels: u64,
    /// Largest enlargement `normalize` may apply (output pixels per
    /// original pixel). Default: 1.25.
    pub max_upscale: f32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 64 << 20,
            max_pixels: 40_000_000,
            max_upscale: 1.25,
        }
    }
}

/// A complete, resolved profile.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Short name, e.g. `"zju-2022"`.
    pub name: String,
    /// One-line description, English.
    #[serde(default)]
    pub title: String,
    /// One-line description, Chinese.
    #[serde(default)]
    pub title_zh: String,
    /// Where the rules come from (a notice, a specification).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Safety caps.
    #[serde(default)]
    pub limits: Limits,
    /// The declared rules.
    #[serde(default)]
    pub rules: RuleSet,
}

/// Why a profile could not be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ProfileError {
    /// No built-in profile of that name, and no such file.
    #[error("no built-in profile `{0}` and no such file (built-ins: {list})", list = builtin_names().collect::<Vec<_>>().join(", "))]
    NotFound(String),
    /// The profile file could not be read.
    #[error("cannot read profile {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The text is not valid TOML or JSON.
    #[error("profile {origin} is not valid {format}: {message}")]
    Syntax {
        /// File path or built-in name.
        origin: String,
        /// `TOML` or `JSON`.
        format: &'static str,
        /// The parser's message.
        message: String,
    },
    /// The structure or a value is wrong (unknown rule, unknown field, bad type).
    #[error("profile {origin}: at `{path}`: {message}")]
    Invalid {
        /// File path or built-in name.
        origin: String,
        /// Where in the profile, e.g. `rules.file.size.min_kb`.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// `extends` goes round in a circle or too deep.
    #[error("profile {0}: `extends` chain is circular or deeper than {MAX_EXTENDS_DEPTH}")]
    ExtendsTooDeep(String),
    /// A parameter is out of range or a pattern does not compile.
    #[error("profile {origin}: {message}")]
    Parameter {
        /// Profile name.
        origin: String,
        /// What is wrong.
        message: String,
    },
}

/// Names of the built-in profiles.
pub fn builtin_names() -> impl Iterator<Item = &'static str> {
    BUILTIN.iter().map(|(name, _)| *name)
}

/// The TOML source of a built-in profile, as embedded.
pub fn builtin_source(name: &str) -> Option<&'static str> {
    BUILTIN.iter().find(|(n, _)| *n == name).map(|(_, src)| *src)
}

impl Profile {
    /// A built-in profile by name.
    ///
    /// # Errors
    /// [`ProfileError::NotFound`] for an unknown name; the other variants
    /// only if an embedded profile is broken (a test guards against that).
    pub fn builtin(name: &str) -> Result<Profile, ProfileError> {
        let src = builtin_source(name).ok_or_else(|| ProfileError::NotFound(name.to_owned()))?;
        Profile::from_value(parse_text(src, name, Format::Toml)?, name, None)
    }

    /// A built-in profile name, or else a path to a TOML or JSON file.
    ///
    /// # Errors
    /// See [`ProfileError`].
    pub fn resolve(name_or_path: &str) -> Result<Profile, ProfileError> {
        if builtin_source(name_or_path).is_some() {
            return Profile::builtin(name_or_path);
        }
        let path = Path::new(name_or_path);
        if path.exists() {
            return Profile::from_path(path);
        }
        Err(ProfileError::NotFound(name_or_path.to_owned()))
    }

    /// Load a profile file (`.json` is JSON, anything else TOML).
    ///
    /// # Errors
    /// See [`ProfileError`].
    pub fn from_path(path: &Path) -> Result<Profile, ProfileError> {
        let text = std::fs::read_to_string(path).map_err(|source| ProfileError::Io {
            path: path.to_owned(),
            source,
        })?;
        let format = Format::of(path);
        let origin = path.display().to_string();
        Profile::from_value(parse_text(&text, &origin, format)?, &origin, path.parent())
    }

    /// Parse a profile from TOML text (`extends` may name built-ins only).
    ///
    /// # Errors
    /// See [`ProfileError`].
    pub fn from_toml_str(text: &str) -> Result<Profile, ProfileError> {
        Profile::from_value(parse_text(text, "<toml>", Format::Toml)?, "<toml>", None)
    }

    /// Parse a profile from JSON text (`extends` may name built-ins only).
    ///
    /// # Errors
    /// See [`ProfileError`].
    pub fn from_json_str(text: &str) -> Result<Profile, ProfileError> {
        Profile::from_value(parse_text(text, "<json>", Format::Json)?, "<json>", None)
    }

    /// The resolved profile as TOML (what `gradphoto profiles show` prints).
    pub fn to_toml(&self) -> String {
        // Going through a JSON value orders keys so that TOML tables come last.
        let value = serde_json::to_value(self).expect("a profile always serialises");
        let table: toml::Table = serde_json::from_value(value).expect("a profile is a table");
        toml::to_string_pretty(&table).expect("a table always serialises as TOML")
    }

    fn from_value(value: Value, origin: &str, base_dir: Option<&Path>) -> Result<Profile, ProfileError> {
        let merged = resolve_extends(value, origin, base_dir, 0)?;
        let profile: Profile = serde_path_to_error::deserialize(merged).map_err(|e| ProfileError::Invalid {
            origin: origin.to_owned(),
            path: e.path().to_string(),
            message: e.inner().to_string(),
        })?;
        profile.validate()?;
        Ok(profile)
    }

    /// Range checks serde cannot express.
    fn validate(&self) -> Result<(), ProfileError> {
        let bad = |message: String| {
            Err(ProfileError::Parameter {
                origin: self.name.clone(),
                message,
            })
        };
        if let Some(rule) = &self.rules.file_size {
            let p = &rule.params;
            if !(p.min_kb >= 0.0 && p.min_kb <= p.max_kb) {
                return bad(format!(
                    "file.size: need 0 <= min_kb <= max_kb, got {} and {}",
                    p.min_kb, p.max_kb
                ));
            }
        }
        if let Some(rule) = &self.rules.file_dimensions {
            if rule.params.width == 0 || rule.params.height == 0 {
                return bad("file.dimensions: width and height must be positive".into());
            }
        }
        if let Some(rule) = &self.rules.file_format {
            if rule.params.formats.is_empty() {
                return bad("file.format: `formats` must name at least one format".into());
            }
        }
        if let Some(rule) = &self.rules.id_filename {
            for pattern in &rule.params.patterns {
                if let Err(e) = regex::Regex::new(&pattern.regex) {
                    return bad(format!("id.filename: pattern `{}` does not compile: {e}", pattern.name));
                }
            }
        }
        Ok(())
    }
}

#[derive(Clone, Copy)]
enum Format {
    Toml,
    Json,
}

impl Format {
    fn of(path: &Path) -> Format {
        match path.extension().and_then(|e| e.to_str()) {
            Some(ext) if ext.eq_ignore_ascii_case("json") => Format::Json,
            _ => Format::Toml,
        }
    }
}

fn parse_text(text: &str, origin: &str, format: Format) -> Result<Value, ProfileError> {
    let syntax = |format: &'static str, message: String| ProfileError::Syntax {
        origin: origin.to_owned(),
        format,
        message,
    };
    match format {
        Format::Toml => {
            let table: toml::Table = toml::from_str(text).map_err(|e| syntax("TOML", e.to_string()))?;
            serde_json::to_value(table).map_err(|e| syntax("TOML", e.to_string()))
        }
        Format::Json => serde_json::from_str(text).map_err(|e| syntax("JSON", e.to_string())),
    }
}

/// Replace `extends` by the merged parent, recursively.
fn resolve_extends(
    mut value: Value,
    origin: &str,
    base_dir: Option<&Path>,
    depth: usize,
) -> Result<Value, ProfileError> {
    let Some(map) = value.as_object_mut() else {
        return Err(ProfileError::Invalid {
            origin: origin.to_owned(),
            path: ".".into(),
            message: "a profile must be a table".into(),
        });
    };
    let Some(parent) = map.remove("extends") else {
        return Ok(value);
    };
    if depth >= MAX_EXTENDS_DEPTH {
        return Err(ProfileError::ExtendsTooDeep(origin.to_owned()));
    }
    let Value::String(parent) = parent else {
        return Err(ProfileError::Invalid {
            origin: origin.to_owned(),
            path: "extends".into(),
            message: "must be a profile name or path".into(),
        });
    };
    let (parent_value, parent_origin, parent_dir) = if let Some(src) = builtin_source(&parent) {
        (parse_text(src, &parent, Format::Toml)?, parent.clone(), None)
    } else if let Some(dir) = base_dir {
        let path = dir.join(&parent);
        let text = std::fs::read_to_string(&path).map_err(|source| ProfileError::Io {
            path: path.clone(),
            source,
        })?;
        let origin = path.display().to_string();
        (
            parse_text(&text, &origin, Format::of(&path))?,
            origin,
            path.parent().map(Path::to_path_buf),
        )
    } else {
        return Err(ProfileError::NotFound(parent));
    };
    let mut merged = resolve_extends(parent_value, &parent_origin, parent_dir.as_deref(), depth + 1)?;
    merge(&mut merged, value);
    Ok(merged)
}

/// Deep-merge `overlay` into `base`: objects merge, everything else replaces.
fn merge(base: &mut Value, overlay: Value) {
    match (base, overlay) {
        (Value::Object(base), Value::Object(overlay)) => {
            for (key, value) in overlay {
                match base.get_mut(&key) {
                    Some(slot) => merge(slot, value),
                    None => {
                        base.insert(key, value);
                    }
                }
            }
        }
        (slot, value) => *slot = value,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{RuleId, Severity};

    #[test]
    fn every_builtin_parses_and_round_trips() {
        for name in builtin_names() {
            let profile = Profile::builtin(name).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(profile.name, name);
            assert!(
                !profile.title.is_empty() && !profile.title_zh.is_empty(),
                "{name} needs titles"
            );
            assert!(profile.source.is_some(), "{name} needs a source");
            let again = Profile::from_toml_str(&profile.to_toml()).unwrap();
            assert_eq!(again, profile, "{name} does not round-trip through TOML");
        }
    }

    fn forbidden(profile: &Profile) -> &[crate::params::ColourName] {
        &profile.rules.clothing_colour.as_ref().unwrap().params.forbidden
    }

    #[test]
    fn school_profiles_say_what_their_notice_says() {
        use crate::params::ColourName::*;
        let zju = Profile::builtin("zju-2022").unwrap();
        let zju_forbidden = forbidden(&zju);
        assert!(zju_forbidden.contains(&Blue) && zju_forbidden.contains(&Pink) && zju_forbidden.contains(&Purple));
        assert!(!zju_forbidden.contains(&White), "zju-2022 recommends a white shirt");
        assert!(zju.rules.accessory_glasses.as_ref().unwrap().params.forbid_all);
        assert_eq!(zju.rules.severity(RuleId::HairBun), Some(Severity::Error));
        assert_eq!(zju.rules.severity(RuleId::ClothingCollar), Some(Severity::Error));

        let ucas = Profile::builtin("ucas-nssc-2024").unwrap();
        assert!(
            ucas.rules
                .clothing_colour
                .as_ref()
                .unwrap()
                .params
                .forbidden
                .contains(&White)
        );
        assert_eq!(ucas.rules.severity(RuleId::QualityRetouched), Some(Severity::Error));

        let sysu = Profile::builtin("sysu-2024").unwrap();
        let f = forbidden(&sysu);
        assert!(f.contains(&YellowGreen) && f.contains(&SkyBlue));
        assert!(
            !sysu.rules.id_filename.as_ref().unwrap().params.patterns.is_empty(),
            "foreign students use student numbers"
        );

        let ustb = Profile::builtin("ustb-2019").unwrap();
        assert_eq!(ustb.rules.severity(RuleId::FileEdited), Some(Severity::Error));
        let f = forbidden(&ustb);
        assert!(f.contains(&Navy) && f.contains(&Blue) && f.contains(&LightBlue));

        let pku = Profile::builtin("pku-2024").unwrap();
        assert_eq!(pku.rules.severity(RuleId::ClothingColour), Some(Severity::Warn));

        let chsi = Profile::builtin("chsi").unwrap();
        assert_eq!(chsi.rules.file_dimensions.as_ref().unwrap().params.width, 480);
        assert_eq!(
            chsi.rules.geometry_position.as_ref().unwrap().params.eye_line_px,
            [200.0, 300.0]
        );
        assert_eq!(
            chsi.rules.background_colour.as_ref().unwrap().params.reference,
            [100, 197, 255]
        );
    }

    #[test]
    fn user_profiles_extend_and_override() {
        let p = Profile::from_toml_str(
            r#"
            name = "my-school"
            extends = "chsi"
            [rules."file.size"]
            max_kb = 900
            [rules."hair.bun"]
            severity = "off"
            "#,
        )
        .unwrap();
        let size = p.rules.file_size.as_ref().unwrap();
        assert_eq!(
            (size.params.min_kb, size.params.max_kb, size.severity),
            (20.0, 900.0, Severity::Warn)
        );
        assert_eq!(p.rules.severity(RuleId::HairBun), None);
        assert_eq!(p.limits, Limits::default());

        let j = Profile::from_json_str(r#"{"name": "j", "extends": "zju-2022", "rules": {"file.size": {"severity": "error", "min_kb": 30, "max_kb": 900}}}"#).unwrap();
        assert_eq!(j.rules.severity(RuleId::FileSize), Some(Severity::Error));
        assert_eq!(j.rules.severity(RuleId::HairBun), Some(Severity::Error));
    }

    #[test]
    fn bad_profiles_give_clear_errors() {
        let cases = [
            (
                "name = \"x\"\n[rules.\"file.size\"]\nseverity = \"warn\"\nmin_kb = \"ten\"\n",
                "rules.file.size",
            ),
            (
                "name = \"x\"\n[rules.\"file.colour\"]\nseverity = \"warn\"\n",
                "file.colour",
            ),
            (
                "name = \"x\"\n[rules.\"clothing.colour\"]\nseverity = \"error\"\nforbidden = [\"mauve\"]\n",
                "mauve",
            ),
            ("name = \"x\"\nextends = \"nope\"\n", "nope"),
            (
                "name = \"x\"\n[rules.\"file.size\"]\nseverity = \"warn\"\nmin_kb = 50\nmax_kb = 40\n",
                "min_kb",
            ),
            (
                "name = \"x\"\n[rules.\"id.filename\"]\nseverity = \"error\"\npatterns = [{name = \"s\", regex = \"([0-9\"}]\n",
                "does not compile",
            ),
            ("name = \n", "TOML"),
            ("colour = 3\nname = \"x\"\n", "colour"),
        ];
        for (text, needle) in cases {
            let err = Profile::from_toml_str(text).expect_err(text).to_string();
            assert!(
                err.contains(needle),
                "error for {text:?} should mention {needle:?}: {err}"
            );
        }
        assert!(matches!(
            Profile::resolve("/no/such/profile.toml"),
            Err(ProfileError::NotFound(_))
        ));
    }

    #[test]
    fn profile_files_extend_relative_paths() {
        let dir = std::env::temp_dir().join(format!("gradphoto-profile-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("base.toml"),
            "name = \"base\"\nextends = \"chsi\"\n[rules.\"file.size\"]\nmax_kb = 500\n",
        )
        .unwrap();
        std::fs::write(dir.join("child.json"), r#"{"name": "child", "extends": "base.toml"}"#).unwrap();
        let p = Profile::resolve(dir.join("child.json").to_str().unwrap()).unwrap();
        assert_eq!(p.name, "child");
        assert_eq!(p.rules.file_size.as_ref().unwrap().params.max_kb, 500.0);
        std::fs::write(dir.join("loop.toml"), "name = \"loop\"\nextends = \"loop.toml\"\n").unwrap();
        assert!(matches!(
            Profile::from_path(&dir.join("loop.toml")),
            Err(ProfileError::ExtendsTooDeep(_))
        ));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

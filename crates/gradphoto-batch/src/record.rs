//! One line of the JSON Lines report.

use gradphoto::Verdict;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A photo's verdict and where the photo is: one JSON Lines record.
///
/// `{"path", "status", "error"?, "id": {"value","kind","valid"}, "findings": [...],
/// "measurements": {...}, "checked": [...]}` — the schema is
/// `docs/record.schema.json` (`gradphoto schema`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Record {
    /// The path as given on the command line or found by the walk.
    pub path: String,
    /// The verdict.
    #[serde(flatten)]
    pub verdict: Verdict,
}

/// The JSON Schema of a record, pretty-printed.
pub fn record_schema() -> String {
    let schema = schemars::schema_for!(Record);
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema serialises");
    text.push('\n');
    text
}

//! Stage 5: checks. Each family is a module of pure functions of what earlier
//! stages measured and the rule's parameters, returning `Option<Finding>`:
//! a check never fails and never does I/O.

pub mod accessory;
pub mod background;
pub mod clothing;
pub mod file;
pub mod geometry;
pub mod hair;
pub mod identity;
pub mod occlusion;
pub mod pose;
pub mod quality;

use serde_json::Value;

use crate::landmarks::Landmarks;
use crate::rules::{Rule, RuleId};
use crate::verdict::{Finding, Message, Region};

/// A rule that could not be judged on this photo: what it measures was not
/// measurable (a part outside the frame, covered, hidden by glare). The
/// rule is then left out of the record's `checked` list — never a pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotJudged;

/// `v` rounded to `decimals` places, as the f64 a JSON number holds: an f32
/// put into `json!` as it is becomes 0.699999988 where 0.7 was meant.
pub(crate) fn num(v: f32, decimals: i32) -> f64 {
    let k = 10f64.powi(decimals);
    (f64::from(v) * k).round() / k
}

/// A face in a 480 × 640 frame for the checks' tests: eyes 80 px apart on
/// row 250, cheeks at 140 and 340; tests add the landmarks they read.
#[cfg(test)]
pub(crate) fn test_face() -> Landmarks {
    Landmarks {
        eyes: [[200.0, 250.0], [280.0, 250.0]],
        face_edges: Some([140.0, 340.0]),
        ..Landmarks::default()
    }
}

/// A declared rule of severity `error` with these parameters, for tests.
#[cfg(test)]
pub(crate) fn error_rule<P>(params: P) -> Rule<P> {
    Rule {
        severity: crate::rules::Severity::Error,
        params,
    }
}

/// The box over the top of the head, `[left, above, right, below]` in face
/// widths from the face's centre line and the head top (a face width over
/// the eye line where the top was not found; 2.2 eye distances where the
/// width was not measured), clipped to the frame.
pub(crate) fn head_top_region(lm: &Landmarks, reach: [f32; 4], width: u32, height: u32) -> Region {
    let fw = lm.face_width().unwrap_or(2.2 * lm.eye_distance());
    let (x, top) = (lm.face_centre(), lm.head_top.unwrap_or(lm.eye_line() - fw));
    geometry::region_of(
        [
            x - reach[0] * fw,
            top - reach[1] * fw,
            x + reach[2] * fw,
            top + reach[3] * fw,
        ],
        width,
        height,
    )
}

/// The box around windows given as (centre, half-size), in the frame.
pub(crate) fn windows_region(windows: impl Iterator<Item = ([f32; 2], [f32; 2])>, width: u32, height: u32) -> Region {
    let b = windows
        .map(|(c, half)| crate::parts::box_around(c, half))
        .reduce(|a, b| [a[0].min(b[0]), a[1].min(b[1]), a[2].max(b[2]), a[3].max(b[3])])
        .unwrap_or_default();
    geometry::region_of(b, width, height)
}

/// The box of one window given as (centre, half-size), in the frame.
pub(crate) fn window_region(window: ([f32; 2], [f32; 2]), width: u32, height: u32) -> Region {
    windows_region(std::iter::once(window), width, height)
}

/// The whole frame, for findings about the whole picture.
pub(crate) fn whole_frame(width: u32, height: u32) -> Region {
    Region {
        x: 0,
        y: 0,
        width,
        height,
    }
}

/// Build a finding for a declared rule.
pub(crate) fn finding<P>(
    id: RuleId,
    rule: &Rule<P>,
    message: Message,
    measured: Value,
    expected: Value,
    region: Option<Region>,
) -> Finding {
    Finding {
        rule: id,
        severity: rule.severity,
        message,
        measured: Some(measured),
        expected: Some(expected),
        region,
    }
}

//! Spectacle frames: thin lines where bare faces have none.
//!
//! A frame draws lines across skin that is otherwise smooth: the lower rim
//! under each eye, the bridge between the eyes, the outer rims beside them.
//! Each is searched in its own window, scaled by the eye distance `d`:
//!
//! - lower rims: 0.4 d wide on each eye, 0.12–0.45 d below its centre;
//! - the bridge: 0.2 d wide on the face's centre line, from 0.35 d above
//!   the eye line to 0.1 d below it;
//! - outer rims: 0.2 d tall on each eye, 0.24–0.52 d outward of its centre.
//!
//! Brows (0.15–0.4 d above the eyes, beside the centre line), the eyelids
//! and the eyes' corners stay out of every window.
//!
//! In a window, each position across the line (a column for the
//! horizontal lines, a row for the outer rims) gives a lightness profile
//! along the search, averaged over three neighbouring positions. A line is
//! where the profile stands at least [`MIN_LINE`] L\* darker (or lighter:
//! pale and metal frames) than the profile `reach` pixels either side —
//! a line under 0.1 d thick, not the edge of a shadow or of the window. The
//! window's measure is the share of its positions whose strongest line sits
//! on the line that most of them agree on (the median offset, the head's
//! roll taken out, within [`TOLERANCE`] d): a coherent line across the
//! window, where noise, pores and wrinkles give scattered, short ones.
//!
//! A blurred photo smears a thin frame into a faint line (a 3-pixel rim
//! under 3–4 pixels of blur keeps a few L\* of contrast). The same windows
//! are also read with lines of [`FAINT_LINE`] contrast counted
//! ([`GlassesFrame::faint_lines`]); only a lens's reflection, which is the
//! glasses' own sign, is taken with such faint lines as glasses
//! (`accessory.lens-glare`).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Window;
use crate::colour::lab_fast;
use crate::decode::Frame;
use crate::landmarks::Landmarks;

/// Least contrast of a line against both its sides, L\*.
pub const MIN_LINE: f32 = 7.0;
/// Least contrast of a faint line ([`GlassesFrame::faint_lines`]), L\*.
pub const FAINT_LINE: f32 = 4.0;
/// How far the positions' lines may stray from the common one, in eye
/// distances (at least 1.5 px).
pub const TOLERANCE: f32 = 0.04;
/// A window's share of positions on the common line from which it counts
/// as a frame's line.
pub const MIN_SHARE: f32 = 0.6;

/// The shares of each frame window crossed by a coherent thin line
/// (image-left, image-right); `null` for a window out of the frame.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct GlassesFrame {
    /// The lower rims, under the eyes.
    pub lower_rims: [Option<f32>; 2],
    /// The bridge, between the eyes.
    pub bridge: Option<f32>,
    /// The outer rims, beside the eyes.
    pub outer_rims: [Option<f32>; 2],
    /// How many of the five windows hold a line where lines of
    /// [`FAINT_LINE`] contrast count (share ≥ [`MIN_SHARE`]).
    #[serde(default)]
    pub faint_lines: usize,
}

impl GlassesFrame {
    /// How many of the five windows hold a frame's line (share ≥
    /// [`MIN_SHARE`]), and how many were measured.
    pub fn lines(&self) -> (usize, usize) {
        let all = [
            self.lower_rims[0],
            self.lower_rims[1],
            self.bridge,
            self.outer_rims[0],
            self.outer_rims[1],
        ];
        let measured = all.iter().flatten().count();
        (all.iter().flatten().filter(|&&s| s >= MIN_SHARE).count(), measured)
    }
}

/// The half-distance either side of a line at which its sides are read:
/// 0.05 d, at least 2 px (a line up to twice this thick stands out).
fn reach(d: f32) -> usize {
    ((0.05 * d).round() as usize).max(2)
}

/// The lower rim's window under an eye centre: its centre and half-size.
fn lower_rim_window(d: f32, eye: [f32; 2]) -> ([f32; 2], [f32; 2]) {
    ([eye[0], eye[1] + 0.285 * d], [0.2 * d, 0.165 * d])
}

/// Measure the five windows.
pub fn frame(frame: &Frame<'_>, lm: &Landmarks) -> GlassesFrame {
    let d = lm.eye_distance();
    let slope = lm.pose.roll.to_radians().tan();
    let (mut scratch, mut faint_lines) = (Vec::new(), 0);
    let mut measure = |window: Window, along: Along, slope: f32, c: [f32; 2]| {
        let [share, faint] = line_share(frame, window, along, d, slope, c, &mut scratch);
        faint_lines += usize::from(faint >= MIN_SHARE);
        share
    };
    let lower_rims = lm.eyes.map(|e| {
        let (c, half) = lower_rim_window(d, e);
        Some(measure(Window::around(frame, c, half)?, Along::Columns, slope, c))
    });
    let c = [lm.face_centre(), lm.eye_line() - 0.125 * d];
    let bridge = Window::around(frame, c, [0.1 * d, 0.225 * d]).map(|w| measure(w, Along::Columns, slope, c));
    let outer_rims = lm.eyes.map(|e| {
        let out = lm.outward(e[0]);
        let c = [e[0] + out * 0.38 * d, e[1]];
        let window = Window::around(frame, c, [0.14 * d, 0.1 * d])?;
        // Rows of a vertical line shift by −slope per row down the image.
        Some(measure(window, Along::Rows, -slope, c))
    });
    GlassesFrame {
        lower_rims,
        bridge,
        outer_rims,
        faint_lines,
    }
}

/// Which way the positions run: `Columns` searches each column for a
/// horizontal line, `Rows` each row for a vertical one.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Along {
    Columns,
    Rows,
}

/// The share of the window's positions whose strongest line (of at least
/// [`MIN_LINE`]) lies on the common line, and the same with lines of
/// [`FAINT_LINE`] counted. `slope` is the expected shift of the line's
/// offset per pixel of position, from `centre`.
fn line_share(
    frame: &Frame<'_>,
    window: Window,
    along: Along,
    d: f32,
    slope: f32,
    centre: [f32; 2],
    scratch: &mut Vec<f32>,
) -> [f32; 2] {
    let w = frame.width as usize;
    let (ww, wh) = (window.width(), window.height());
    // grid[p * len + o]: lightness at position p, offset o.
    let (positions, len) = match along {
        Along::Columns => (ww, wh),
        Along::Rows => (wh, ww),
    };
    let k = reach(d);
    if len < 2 * k + 1 || positions < 3 {
        return [0.0; 2];
    }
    scratch.clear();
    scratch.resize(positions * len, 0.0);
    for y in 0..wh {
        let row = &frame.rgb[((window.y0 + y) * w + window.x0) * 3..((window.y0 + y) * w + window.x1) * 3];
        for (x, p) in row.chunks_exact(3).enumerate() {
            let l = lab_fast([p[0], p[1], p[2]])[0];
            let (pos, off) = match along {
                Along::Columns => (x, y),
                Along::Rows => (y, x),
            };
            scratch[pos * len + off] = l;
        }
    }
    // Each strong enough position's strongest line: its offset, the roll
    // taken out, and its contrast.
    let start = match along {
        Along::Columns => window.x0 as f32 - centre[0],
        Along::Rows => window.y0 as f32 - centre[1],
    };
    let mut found: Vec<[f32; 2]> = Vec::with_capacity(positions);
    let mut profile = vec![0.0f32; len];
    for p in 0..positions {
        // The lightness along the search, averaged over the position and
        // its neighbours.
        let (lo, hi) = (p.saturating_sub(1), (p + 1).min(positions - 1));
        for (o, v) in profile.iter_mut().enumerate() {
            let mut sum = 0.0;
            for q in lo..=hi {
                sum += scratch[q * len + o];
            }
            *v = sum / (hi - lo + 1) as f32;
        }
        let (mut best, mut at) = (0.0f32, 0usize);
        for o in k..len - k {
            let (a, c, b) = (profile[o - k], profile[o], profile[o + k]);
            let strength = (a.min(b) - c).max(c - a.max(b));
            if strength > best {
                (best, at) = (strength, o);
            }
        }
        if best >= FAINT_LINE {
            found.push([at as f32 - slope * (start + p as f32), best]);
        }
    }
    let tolerance = (TOLERANCE * d).max(1.5);
    let mut offsets = Vec::with_capacity(found.len());
    [MIN_LINE, FAINT_LINE].map(|least| {
        offsets.clear();
        offsets.extend(found.iter().filter(|f| f[1] >= least).map(|f| f[0]));
        if offsets.is_empty() {
            return 0.0;
        }
        let common = super::median(&mut offsets);
        offsets.iter().filter(|&&o| (o - common).abs() <= tolerance).count() as f32 / positions as f32
    })
}

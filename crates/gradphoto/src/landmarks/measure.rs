//! Landmarks measured around the detector's keypoints.
//!
//! Each function takes plain data (the frame, the person mask, the face)
//! and returns a measurement or `None` when the photo does not show it.

use super::{FaceBox, Landmarks, Point, Pose, WidthSource};
use crate::colour::lab_fast;
use crate::decode::Frame;
use crate::landmarks::face::Face;
use crate::segment::{PERSON, Segmentation};

/// How far the nose tip stands in front of the eyes, in eye distances:
/// `nose offset / eye distance = NOSE_DEPTH · sin(yaw)`.
const NOSE_DEPTH: f32 = 0.55;
/// `(left − right) / (left + right)` of the eye-to-tragion distances per
/// `sin(yaw)`.
const EAR_ASYMMETRY: f32 = 0.9;
/// How far the mirror match's eye line may stray from the mean of the
/// detector's and the iris centroids' before it is not trusted, degrees.
const ROLL_AGREEMENT: f32 = 2.0;
/// Largest luma difference one pixel adds to the mirrored eye match: a
/// glare on one lens or a lock of hair over one eye counts as a mismatch,
/// not as its full brightness.
const SAD_CAP: f32 = 30.0;
/// The detector's box width over the face width cheek to cheek (median of
/// 1,916 generated photos of seed 1: 0.933, 98 % within 0.87–1.00).
const BOX_OVER_FACE: f32 = 0.933;
/// How far the skin-scan width may stray from the box's estimate before
/// the box's is taken (hair over the cheeks, a face mask, shine).
const WIDTH_AGREEMENT: f32 = 0.12;

/// Largest change of the shoulder outline's height from one mask column to
/// the next, mask rows: steeper is a break (the clothing merged with the
/// backdrop, someone behind merged with the silhouette).
const SHOULDER_STEP: f32 = 3.0;

/// Shortest stretch, in face widths, traced on both shoulders for a tilt
/// (0.2 before 2026-12-02: off-centre and rolled heads leave one side
/// 0.15–0.2 face widths of outline; on seeds 1–4 such stretches read
/// within 2° of the true tilt on 23 of 28 photos, both tilted heads among
/// them, and over 5° on 2 of the 26 level ones).
const SHOULDER_PAIRS: f32 = 0.15;

/// Locate everything on a photo: `faces` as the detector gave them (best
/// first), `seg` the person mask when segmentation succeeded.
pub fn locate(frame: &Frame<'_>, seg: Option<&Segmentation>, faces: &[Face]) -> Option<Landmarks> {
    // The subject is the largest face; the others are people behind.
    let area = |f: &Face| (f.bbox[2] - f.bbox[0]) * (f.bbox[3] - f.bbox[1]);
    let detected = faces.iter().max_by(|a, b| area(a).total_cmp(&area(b)))?;
    let d = (detected.eyes[1][0] - detected.eyes[0][0]).hypot(detected.eyes[1][1] - detected.eyes[0][1]);
    let subject = &Face {
        eyes: detected.eyes.map(|e| refine_eye(frame, e, d).unwrap_or(e)),
        ..*detected
    };
    let mirrored = eye_offset(frame, detected.eyes, d);
    let mut boxes: Vec<FaceBox> = faces
        .iter()
        .map(|f| FaceBox {
            score: f.score,
            bbox: f.bbox,
        })
        .collect();
    boxes.sort_by_key(|b| b.bbox != detected.bbox);
    let chin = chin(frame, subject);
    let face_row = subject.nose[1];
    let box_width = (subject.bbox[2] - subject.bbox[0]) / BOX_OVER_FACE;
    let (edges, width_from) = match face_edges(frame, subject, face_row) {
        Some([l, r]) if ((r - l) / box_width - 1.0).abs() <= WIDTH_AGREEMENT => ([l, r], WidthSource::Skin),
        _ => {
            let cx = 0.5 * (subject.bbox[0] + subject.bbox[2]);
            ([cx - 0.5 * box_width, cx + 0.5 * box_width], WidthSource::Box)
        }
    };
    let head_top = seg.and_then(|s| head_top(s, subject));
    let width = edges[1] - edges[0];
    let shoulders = seg.and_then(|s| shoulders(s, subject, chin.unwrap_or(subject.bbox[3]), width));
    let mut pose = Pose {
        shoulders: shoulders.map(line_angle),
        ..head_pose(subject)
    };
    if let Some([dx, dy]) = mirrored {
        // Three estimates of the eye line, each with its own failure (the
        // detector's noise, a rim or glare pulling a centroid, a one-sided
        // glare, a closed eye or a lock of hair breaking the symmetry). The
        // mirror match is the most precise: taken where it agrees with the
        // other two (within ROLL_AGREEMENT of their mean), else the median
        // of the three.
        let by_mirror = line_angle([[0.0, 0.0], [dx, dy]]);
        let (by_detector, by_iris) = (line_angle(detected.eyes), pose.roll);
        let [l, r] = detected.eyes;
        let (mx, my) = (
            detected.mouth[0] - 0.5 * (l[0] + r[0]),
            detected.mouth[1] - 0.5 * (l[1] + r[1]),
        );
        pose.roll_estimates = Some([by_detector, by_iris, by_mirror, (-mx).atan2(my).to_degrees()]);
        let combined = if (by_mirror - 0.5 * (by_detector + by_iris)).abs() <= ROLL_AGREEMENT {
            by_mirror
        } else {
            let mut three = [by_detector, by_iris, by_mirror];
            three.sort_by(f32::total_cmp);
            three[1]
        };
        // A tilted head tilts every eye line; a lock of hair over an eye, a
        // lens flare or a closed lid pulls the detector's and the
        // centroids' lines off a level head together, where the mirror
        // match stays level. The more level of the two is kept (on seeds
        // 1–4, level heads read over 5° fell from 1.4 % to 0.5 %, tilted
        // ones all still over it).
        pose.roll = if by_mirror.abs() < combined.abs() {
            by_mirror
        } else {
            combined
        };
    }
    Some(Landmarks {
        faces: boxes,
        eyes: subject.eyes,
        nose: subject.nose,
        mouth: subject.mouth,
        ears: subject.ears,
        head_top,
        chin,
        face_edges: Some(edges),
        face_width_y: Some(face_row),
        face_width_from: width_from,
        shoulders,
        pose,
    })
}

/// An eye's centre refined on the frame: the centroid of the darkest
/// pixels (iris and pupil) in a window of 0.3 by 0.18 eye distances around
/// the detector's point (the detector is off by 0.05 on average; a wider
/// window takes in the rims of glasses). `None` when the window shows no
/// dark core (a closed eye, a glare).
pub fn refine_eye(frame: &Frame<'_>, p: Point, eye_distance: f32) -> Option<Point> {
    let (w, h) = (frame.width as isize, frame.height as isize);
    let (hx, hy) = ((0.15 * eye_distance) as isize, (0.09 * eye_distance) as isize);
    let (cx, cy) = (p[0] as isize, p[1] as isize);
    let (x0, x1) = ((cx - hx).max(0), (cx + hx).min(w - 1));
    let (y0, y1) = ((cy - hy).max(0), (cy + hy).min(h - 1));
    if x1 - x0 < 4 || y1 - y0 < 4 {
        return None;
    }
    let at = |x: isize, y: isize| luma_at(frame, x, y);
    let (mut lo, mut sum, mut n) = (f32::MAX, 0.0f32, 0.0f32);
    for y in y0..=y1 {
        for x in x0..=x1 {
            let v = at(x, y);
            lo = lo.min(v);
            sum += v;
            n += 1.0;
        }
    }
    let mean = sum / n;
    if mean - lo < 25.0 {
        return None;
    }
    let cut = lo + 0.35 * (mean - lo);
    let (mut sx, mut sy, mut sw) = (0.0f32, 0.0f32, 0.0f32);
    for y in y0..=y1 {
        for x in x0..=x1 {
            let weight = (cut - at(x, y)).max(0.0);
            sx += weight * x as f32;
            sy += weight * y as f32;
            sw += weight;
        }
    }
    if sw <= 0.0 {
        return None;
    }
    Some([sx / sw + 0.5, sy / sw + 0.5])
}

/// The right eye's place relative to the left one, `[dx, dy]`, from the
/// eyes' mirror symmetry: the patch around the left eye (0.4 × 0.24 eye
/// distances), mirrored left to right, is matched around the right eye
/// (shifts up to ±0.06 eye distances across, ±0.1 up and down; least sum
/// of absolute luma differences, every other shift first, then around the
/// best). Whatever offset the detector put on the
/// left eye, the match puts its mirror image on the right one, so the eye
/// line's angle comes out right where each point alone would tilt it;
/// glasses, being symmetric, do not disturb it. `None` near the frame's
/// edge.
pub fn eye_offset(frame: &Frame<'_>, eyes: [Point; 2], eye_distance: f32) -> Option<[f32; 2]> {
    let (w, h) = (frame.width as isize, frame.height as isize);
    let (px, py) = ((0.2 * eye_distance) as isize, (0.12 * eye_distance) as isize);
    let (sx, sy) = (
        (0.06 * eye_distance).ceil() as isize,
        (0.1 * eye_distance).ceil() as isize,
    );
    let [l, r] = eyes.map(|e| [e[0].round() as isize, e[1].round() as isize]);
    let inside =
        |c: [isize; 2], rx: isize, ry: isize| c[0] - rx >= 0 && c[0] + rx < w && c[1] - ry >= 0 && c[1] + ry < h;
    if px < 3 || !inside(l, px, py) || !inside(r, px + sx, py + sy) {
        return None;
    }
    // Luma once: the left patch mirrored, and the right eye's search area.
    let luma_at = |x: isize, y: isize| luma_at(frame, x, y);
    let (tw, th) = (2 * px + 1, 2 * py + 1);
    let template: Vec<f32> = (-py..=py)
        .flat_map(|y| (-px..=px).map(move |x| (x, y)))
        .map(|(x, y)| luma_at(l[0] - x, l[1] + y))
        .collect();
    let (aw, ah) = (tw + 2 * sx, th + 2 * sy);
    let area: Vec<f32> = (0..ah)
        .flat_map(|y| (0..aw).map(move |x| (x, y)))
        .map(|(x, y)| luma_at(r[0] - px - sx + x, r[1] - py - sy + y))
        .collect();
    let sad = |dx: isize, dy: isize| -> f32 {
        let (ox, oy) = ((dx + sx) as usize, (dy + sy) as usize);
        template
            .chunks_exact(tw as usize)
            .enumerate()
            .map(|(j, row)| {
                let at = (oy + j) * aw as usize + ox;
                row.iter()
                    .zip(&area[at..at + tw as usize])
                    .map(|(a, b)| (a - b).abs().min(SAD_CAP))
                    .sum::<f32>()
            })
            .sum()
    };
    // Coarse (every other shift), then the neighbours of the best.
    let best_of = |shifts: &mut dyn Iterator<Item = (isize, isize)>| {
        shifts
            .map(|(dx, dy)| (sad(dx, dy), dx, dy))
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .unwrap_or((0.0, 0, 0))
    };
    let (_, cx, cy) = best_of(
        &mut (-sy..=sy)
            .step_by(2)
            .flat_map(|dy| (-sx..=sx).step_by(2).map(move |dx| (dx, dy))),
    );
    let (_, dx, dy) = best_of(
        &mut (cy - 1..=cy + 1)
            .flat_map(|dy| (cx - 1..=cx + 1).map(move |dx| (dx, dy)))
            .filter(|&(dx, dy)| dx.abs() <= sx && dy.abs() <= sy),
    );
    Some([(r[0] + dx - l[0]) as f32, (r[1] + dy - l[1]) as f32])
}

/// Roll, yaw and pitch from the keypoints (shoulders left out).
pub fn head_pose(f: &Face) -> Pose {
    let [l, r] = f.eyes;
    let (dx, dy) = (r[0] - l[0], r[1] - l[1]);
    let eye_distance = dx.hypot(dy).max(1.0);
    let roll = dy.atan2(dx);
    // Into the face's frame: u along the eye line, v down the face.
    let (c, s) = (roll.cos(), roll.sin());
    let mid = [0.5 * (l[0] + r[0]), 0.5 * (l[1] + r[1])];
    let local = |p: Point| {
        let (x, y) = (p[0] - mid[0], p[1] - mid[1]);
        (x * c + y * s, -x * s + y * c)
    };
    let (nose_u, nose_v) = local(f.nose);
    let (_, mouth_v) = local(f.mouth);
    let by_nose = (nose_u / eye_distance / NOSE_DEPTH).clamp(-1.0, 1.0);
    let reach = |eye: Point, ear: Point| (eye[0] - ear[0]).hypot(eye[1] - ear[1]);
    let (dl, dr) = (reach(l, f.ears[0]), reach(r, f.ears[1]));
    let by_ears = ((dl - dr) / (dl + dr).max(1.0) / EAR_ASYMMETRY).clamp(-1.0, 1.0);
    let yaw = (0.5 * (by_nose + by_ears)).asin();
    // The nose tip sits about 45 % of the way from the eye line to the
    // mouth on a level face; it rises towards the eyes as the chin drops.
    let pitch = ((nose_v / mouth_v.max(1.0)) - 0.45) * 90.0;
    Pose {
        roll: roll.to_degrees(),
        yaw: yaw.to_degrees(),
        pitch,
        shoulders: None,
        roll_estimates: None,
    }
}

/// Top of the hair: over the middle of the face (the face box's centre
/// ± 30 % of its width), above the eyes, the first row of each mask column
/// where three person pixels in a row begin; the second-highest of those
/// columns (a lone column of noise does not raise the head).
pub fn head_top(seg: &Segmentation, f: &Face) -> Option<f32> {
    let (w, k) = (seg.width as usize, seg.factor as f32);
    let h = seg.mask.len() / w.max(1);
    let cx = 0.5 * (f.bbox[0] + f.bbox[2]);
    let half = 0.3 * (f.bbox[2] - f.bbox[0]);
    let col = |x: f32| ((x.max(0.0) / k) as usize).min(w - 1);
    let eye_row = ((f.eyes[0][1].min(f.eyes[1][1]) / k).max(0.0) as usize).min(h);
    let solid = |i: usize, j: usize| (j..(j + 3).min(h)).all(|r| seg.mask[r * w + i] == PERSON);
    let mut tops: Vec<usize> = (col(cx - half)..=col(cx + half))
        .filter_map(|i| (0..eye_row).find(|&j| solid(i, j)))
        .collect();
    tops.sort_unstable();
    let top = *tops.get(1).or(tops.first())?;
    Some(top as f32 * k)
}

/// Luma of a pixel (BT.601, 0–255).
#[inline]
fn luma(p: &[u8]) -> f32 {
    crate::colour::luma([p[0], p[1], p[2]].map(f32::from))
}

/// Luma of the frame's pixel at `(x, y)`, which must be inside it.
#[inline]
fn luma_at(frame: &Frame<'_>, x: isize, y: isize) -> f32 {
    let i = (y as usize * frame.width as usize + x as usize) * 3;
    luma(&frame.rgb[i..i + 3])
}

/// The angle of the line from `l` to `r`, degrees, positive when `r` is
/// lower (y down).
fn line_angle([l, r]: [Point; 2]) -> f32 {
    (r[1] - l[1]).atan2(r[0] - l[0]).to_degrees()
}

/// Bottom of the chin: under the mouth, the darkest row of a band around
/// the face's centre line (rows smoothed over 5 px), searched from 0.5 to
/// 1.15 mouth–eye distances below the mouth. Under the chin the face turns
/// away from the light and the neck lies in its shadow, so the luma falls
/// towards the chin and rises again down the neck; `None` when the band
/// does not fall by 4 levels at least.
pub fn chin(frame: &Frame<'_>, f: &Face) -> Option<f32> {
    let (w, h) = (frame.width as usize, frame.height as usize);
    let eye_y = 0.5 * (f.eyes[0][1] + f.eyes[1][1]);
    let span = (f.mouth[1] - eye_y).max(4.0);
    let half = (0.25 * (f.eyes[1][0] - f.eyes[0][0]).abs()).max(2.0);
    let x0 = (f.mouth[0] - half).max(0.0) as usize;
    let x1 = ((f.mouth[0] + half) as usize).min(w.saturating_sub(1));
    let y0 = (f.mouth[1] + 0.5 * span).max(0.0) as usize;
    let y1 = ((f.mouth[1] + 1.15 * span) as usize).min(h.saturating_sub(1));
    if x1 <= x0 || y1 < y0 + 8 {
        return None;
    }
    let rows: Vec<f32> = (y0..=y1)
        .map(|y| {
            let row = &frame.rgb[(y * w + x0) * 3..(y * w + x1 + 1) * 3];
            row.chunks_exact(3).map(luma).sum::<f32>() / (x1 + 1 - x0) as f32
        })
        .collect();
    let smooth: Vec<f32> = rows.windows(5).map(|v| v.iter().sum::<f32>() / 5.0).collect();
    let (at, low) = smooth.iter().copied().enumerate().min_by(|a, b| a.1.total_cmp(&b.1))?;
    (smooth[0] - low >= 4.0).then_some((y0 + at + 2) as f32)
}

/// A skin model seeded on the cheeks: mean L\*a\*b\* of two patches under
/// the eyes and the spread of their chroma.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Skin {
    /// Mean colour.
    pub mean: [f32; 3],
    /// Chroma tolerance (ΔE over a and b).
    pub chroma_tolerance: f32,
}

impl Skin {
    /// The model from cheek patches under each eye.
    pub fn from_cheeks(frame: &Frame<'_>, f: &Face) -> Option<Skin> {
        let (w, h) = (frame.width as usize, frame.height as usize);
        let d = (f.eyes[1][0] - f.eyes[0][0]).abs();
        let down = 0.45 * (f.mouth[1] - 0.5 * (f.eyes[0][1] + f.eyes[1][1]));
        let half = (0.1 * d).max(1.0) as isize;
        let mut samples = Vec::with_capacity(2 * (2 * half as usize + 1).pow(2));
        for eye in f.eyes {
            let (cx, cy) = (eye[0] as isize, (eye[1] + down) as isize);
            for y in cy - half..=cy + half {
                for x in cx - half..=cx + half {
                    if (0..w as isize).contains(&x) && (0..h as isize).contains(&y) {
                        let i = (y as usize * w + x as usize) * 3;
                        samples.push(lab_fast([frame.rgb[i], frame.rgb[i + 1], frame.rgb[i + 2]]));
                    }
                }
            }
        }
        (samples.len() >= 8).then(|| Skin::from_samples(&samples))
    }

    /// The model of a non-empty set of skin samples (L\*a\*b\*): their mean,
    /// and a chroma tolerance of three standard deviations of a\* and b\*
    /// about it, at least 9.
    pub fn from_samples(samples: &[[f32; 3]]) -> Skin {
        let n = samples.len() as f32;
        let mean: [f32; 3] = std::array::from_fn(|c| samples.iter().map(|s| s[c]).sum::<f32>() / n);
        let var = samples
            .iter()
            .map(|s| (s[1] - mean[1]).powi(2) + (s[2] - mean[2]).powi(2))
            .sum::<f32>()
            / n;
        Skin {
            mean,
            chroma_tolerance: (3.0 * var.sqrt()).max(9.0),
        }
    }

    /// Whether a colour is this skin, lit or shaded: chroma near the
    /// model's (scaled with lightness, since shade lowers chroma), lightness
    /// between 45 % and 125 % of it.
    pub fn matches(&self, p: [f32; 3]) -> bool {
        let k = (p[0] / self.mean[0].max(1.0)).clamp(0.0, 2.0);
        let (da, db) = (p[1] - self.mean[1] * k, p[2] - self.mean[2] * k);
        (0.45..=1.25).contains(&k) && da * da + db * db <= self.chroma_tolerance * self.chroma_tolerance
    }
}

/// The face's edges on row `y`: from under each eye outwards (the cheeks
/// the skin model came from; the nose's shading stays inside), the last
/// skin pixel before a run of non-skin pixels (8 % of the eye distance, at
/// least 2).
pub fn face_edges(frame: &Frame<'_>, f: &Face, y: f32) -> Option<[f32; 2]> {
    let skin = Skin::from_cheeks(frame, f)?;
    let (w, h) = (frame.width as usize, frame.height as usize);
    let row = y.round();
    if !(0.0..h as f32).contains(&row) {
        return None;
    }
    let row = &frame.rgb[row as usize * w * 3..(row as usize + 1) * w * 3];
    let d = (f.eyes[1][0] - f.eyes[0][0]).abs();
    let run = ((0.08 * d) as usize).max(2);
    let reach = (1.6 * d) as usize;
    let is_skin = |x: usize| {
        let p = &row[x * 3..x * 3 + 3];
        skin.matches(lab_fast([p[0], p[1], p[2]]))
    };
    let edge = |from: f32, step: isize| {
        let start = (from.max(0.0) as usize).min(w - 1);
        let (mut last, mut misses) = (start, 0usize);
        let mut x = start as isize;
        for _ in 0..reach {
            x += step;
            if !(0..w as isize).contains(&x) {
                return None; // the face runs off the frame
            }
            if is_skin(x as usize) {
                (last, misses) = (x as usize, 0);
            } else {
                misses += 1;
                if misses >= run {
                    return Some(last as f32);
                }
            }
        }
        None
    };
    let (l, r) = (edge(f.eyes[0][0], -1)?, edge(f.eyes[1][0], 1)?);
    (r - l > 0.5 * d).then_some([l, r + 1.0])
}

/// Whether the frame reaches down to where the shoulders begin, half the
/// eye-to-chin distance under the chin (for photos whose mask lost the
/// clothing against the backdrop).
pub fn room_for_shoulders(lm: &Landmarks, height: u32) -> bool {
    let eye = lm.eye_line();
    let chin = lm.chin_or_predicted();
    chin + 0.5 * (chin - eye) < height as f32
}

/// The shoulder line, from the outline of the person mask on either side of
/// the neck. Each side is traced outward from 0.6 to 1.3 face widths from
/// the face's centre, column by column, along the mask's top below the
/// chin, and the trace stops where the outline breaks (a jump of more than
/// `SHOULDER_STEP` rows: clothing merged with the backdrop, a person
/// behind the graduate merged with the silhouette) or leaves the frame.
/// The tilt is the median of the mirrored columns' slopes, `(y_r − y_l) /
/// 2d`: the shoulders' own curve cancels, so the whole traced outline
/// votes, not two points. Returns two points on that line at the outermost
/// mirrored pair; `None` when fewer than `SHOULDER_PAIRS` of a face width
/// is traced on both sides.
pub fn shoulders(seg: &Segmentation, f: &Face, chin: f32, face_width: f32) -> Option<[Point; 2]> {
    const MAX_STEPS: usize = 256;
    let (w, k) = (seg.width as usize, seg.factor as f32);
    let h = seg.mask.len() / w.max(1);
    let cx = 0.5 * (f.bbox[0] + f.bbox[2]) / k;
    let start = ((chin / k).max(0.0) as usize).min(h);
    let near = 0.6 * face_width / k;
    let steps = ((0.7 * face_width / k) as usize).min(MAX_STEPS);
    // The mask's top at column x (mask pixels), strictly below the chin's
    // row (person already there is someone behind) and above the bottom row.
    let top = |x: f32| -> Option<f32> {
        let i = x.floor();
        if i < 0.0 || i >= w as f32 {
            return None;
        }
        let j = (start..h).find(|&j| seg.mask[j * w + i as usize] == PERSON)?;
        (j > start && j + 1 < h).then_some(j as f32)
    };
    // The longest unbroken stretch of the outline on one side (long hair
    // behind the shoulders hides the outline nearer the neck).
    let trace = |dir: f32, out: &mut [f32; MAX_STEPS]| {
        let (mut run, mut best) = ((0, 0), (0, 0));
        for s in 0..steps {
            let t = top(cx + dir * (near + s as f32));
            out[s] = t.unwrap_or(f32::NAN);
            let joined = s > 0 && t.is_some_and(|t| (t - out[s - 1]).abs() <= SHOULDER_STEP);
            run = match (t, joined) {
                (None, _) => (s + 1, s + 1),
                (Some(_), true) => (run.0, s + 1),
                (Some(_), false) => (s, s + 1),
            };
            if run.1 - run.0 > best.1 - best.0 {
                best = run;
            }
        }
        for (s, y) in out.iter_mut().enumerate().take(steps) {
            if !(best.0..best.1).contains(&s) {
                *y = f32::NAN;
            }
        }
    };
    let (mut left, mut right) = ([f32::NAN; MAX_STEPS], [f32::NAN; MAX_STEPS]);
    trace(-1.0, &mut left);
    trace(1.0, &mut right);
    let mut slopes = [0f32; MAX_STEPS];
    let mut n = 0;
    let mut outer = None;
    for s in 0..steps {
        let (l, r) = (left[s], right[s]);
        if l.is_nan() || r.is_nan() {
            continue;
        }
        let d = near + s as f32;
        slopes[n] = (r - l) / (2.0 * d);
        n += 1;
        outer = Some((d, 0.5 * (l + r)));
    }
    let (d, mid) = outer?;
    if (n as f32) < SHOULDER_PAIRS * face_width / k {
        return None;
    }
    let slopes = &mut slopes[..n];
    slopes.sort_unstable_by(f32::total_cmp);
    let slope = slopes[n / 2];
    let (cx, d, mid) = (cx * k, d * k, mid * k);
    Some([[cx - d, mid - d * slope], [cx + d, mid + d * slope]])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn face_at(eyes: [Point; 2], nose: Point, mouth: Point, ears: [Point; 2]) -> Face {
        Face {
            score: 0.9,
            bbox: [100.0, 100.0, 300.0, 300.0],
            eyes,
            nose,
            mouth,
            ears,
        }
    }

    #[test]
    fn pose_of_a_level_frontal_face_is_zero_and_roll_follows_the_eyes() {
        let f = face_at(
            [[150.0, 200.0], [250.0, 200.0]],
            [200.0, 240.0],
            [200.0, 290.0],
            [[110.0, 210.0], [290.0, 210.0]],
        );
        let p = head_pose(&f);
        assert!(p.roll.abs() < 1e-4 && p.yaw.abs() < 1e-4, "{p:?}");
        let tilted = Face {
            eyes: [[150.0, 200.0], [250.0, 200.0 + 100.0 * 10f32.to_radians().tan()]],
            ..f
        };
        assert!((head_pose(&tilted).roll - 10.0).abs() < 0.01);
    }

    #[test]
    fn yaw_follows_the_nose_and_the_ears() {
        let sin20 = 20f32.to_radians().sin();
        // Turned to the image right: the nose moves right of the eyes'
        // midpoint, the image-left ear moves away from its eye.
        let f = face_at(
            [[150.0, 200.0], [250.0, 200.0]],
            [200.0 + 100.0 * NOSE_DEPTH * sin20, 240.0],
            [200.0, 290.0],
            [
                [110.0 - 40.0 * EAR_ASYMMETRY * sin20, 210.0],
                [290.0 - 40.0 * EAR_ASYMMETRY * sin20, 210.0],
            ],
        );
        let yaw = head_pose(&f).yaw;
        assert!((yaw - 20.0).abs() < 2.0, "{yaw}");
    }

    /// A 200 × 300 frame: blue backdrop, a skin ellipse (the face, shaded
    /// towards the chin) over the neck.
    fn painted() -> (Vec<u8>, Face) {
        let (w, h) = (200usize, 300usize);
        let mut rgb = vec![0u8; w * h * 3];
        for y in 0..h {
            for x in 0..w {
                let (dx, dy) = ((x as f32 - 100.0) / 50.0, (y as f32 - 120.0) / 70.0);
                // The face darkens towards the chin as it turns from the
                // light; the neck below is in half shade.
                let k = 1.0 - 0.5 * dy.max(0.0).powi(2);
                let c = if dx * dx + dy * dy <= 1.0 {
                    [220.0 * k, 170.0 * k, 140.0 * k].map(|v| v as u8)
                } else if (x as f32 - 100.0).abs() < 22.0 && y > 150 {
                    [165, 127, 105]
                } else {
                    [100, 197, 255]
                };
                rgb[(y * w + x) * 3..(y * w + x) * 3 + 3].copy_from_slice(&c);
            }
        }
        let f = face_at(
            [[80.0, 105.0], [120.0, 105.0]],
            [100.0, 130.0],
            [100.0, 155.0],
            [[55.0, 115.0], [145.0, 115.0]],
        );
        (rgb, f)
    }

    #[test]
    fn chin_and_face_width_on_a_painted_face() {
        let (rgb, f) = painted();
        let frame = Frame {
            width: 200,
            height: 300,
            rgb: &rgb,
        };
        let chin = chin(&frame, &f).expect("a chin");
        assert!((chin - 190.0).abs() <= 3.0, "{chin}");
        // Row 130: the ellipse's half-width there is 50·sqrt(1 − (10/70)²).
        let [l, r] = face_edges(&frame, &f, 130.0).expect("edges");
        let want = 2.0 * 50.0 * (1.0 - (10.0f32 / 70.0).powi(2)).sqrt();
        assert!(((r - l) - want).abs() <= 2.0, "{l} {r} vs {want}");
    }

    /// A 480 × 640 portrait on CHSI blue: a head (face width 180, chin at
    /// 365), a neck, and clothing whose top slopes down from the neck and is
    /// turned by `tilt_deg`; with `hair`, long dark hair behind the head
    /// falls to below the shoulders' top beside the neck.
    fn shoulders_of(tilt_deg: f32, hair: bool) -> Option<f32> {
        let tilt = tilt_deg.to_radians().tan();
        let mut rgb = Vec::with_capacity(480 * 640 * 3);
        for y in 0..640 {
            for x in 0..480 {
                let (x, y) = (x as f32, y as f32);
                let dx = x - 240.0;
                let top = 430.0 + 0.3 * (dx.abs() - 45.0).max(0.0) + tilt * dx;
                let p = if ((dx / 90.0).powi(2) + ((y - 250.0) / 115.0).powi(2)) < 1.0 {
                    [225, 180, 150]
                } else if y > top {
                    [40, 40, 50]
                } else if dx.abs() < 45.0 && y > 330.0 {
                    [210, 165, 135]
                } else if hair && dx.abs() < 140.0 && (150.0..520.0).contains(&y) {
                    [30, 24, 20]
                } else {
                    [100, 197, 255]
                };
                rgb.extend(p);
            }
        }
        let frame = Frame {
            width: 480,
            height: 640,
            rgb: &rgb,
        };
        let seg = crate::segment::run(&frame, &mut Default::default()).expect("segmented");
        let f = Face {
            bbox: [150.0, 160.0, 330.0, 340.0],
            ..face_at(
                [[200.0, 230.0], [280.0, 230.0]],
                [240.0, 270.0],
                [240.0, 310.0],
                [[150.0, 250.0], [330.0, 250.0]],
            )
        };
        shoulders(&seg, &f, 365.0, 180.0).map(line_angle)
    }

    #[test]
    fn the_shoulder_line_follows_the_outline_past_long_hair() {
        for hair in [false, true] {
            let level = shoulders_of(0.0, hair).expect("level shoulders");
            assert!(level.abs() < 1.0, "hair {hair}: {level}");
            for tilt in [-10.0f32, 8.0] {
                let got = shoulders_of(tilt, hair).expect("tilted shoulders");
                assert!((got - tilt).abs() < 1.5, "hair {hair}: {got} for {tilt}");
            }
        }
    }
}

//! Stage 3: head, face and landmark localisation.
//!
//! 1. [`face`]: BlazeFace finds every face, with a box, the eye centres,
//!    the nose tip, the mouth centre and the ear tragions.
//! 2. The rest is measured around those keypoints on the frame and the
//!    person mask ([`measure`]): the head top (top of the hair) from the
//!    mask over the face; the chin from the luma profile under the mouth
//!    (the lit chin over the shaded neck); the face width from a skin model
//!    seeded on the cheeks of this photo (any skin tone), scanned outwards
//!    along the nose-tip row (the detector's box where the scan is blocked);
//!    the shoulders' heights from the mask on either side of the neck; the
//!    eye centres refined on the iris.
//! 3. Pose follows from the points: roll from the eye line (the mirror
//!    match of the two eye patches where it agrees with the detector's
//!    points and the iris centroids, else the median of the three), yaw
//!    from where the nose tip sits between the eyes and from the ear
//!    tragions' asymmetry, pitch (recorded, not judged) from where the nose
//!    sits between the eye line and the mouth.
//!
//! Measured against the generator's ground truth in docs/accuracy.md (eyes
//! 1 % of the face height, head top 0.4 %, chin 2.3 %, medians).
//!
//! Every stage is a function of plain data, tested on its own. Coordinates
//! are full-resolution pixels of the frame, y down.

pub mod face;
pub mod measure;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use face::{Detector, DetectorError, Face, FaceScratch};

/// A point `[x, y]` in pixels.
pub type Point = [f32; 2];

/// Everything located on a photo, as records carry it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Landmarks {
    /// Faces the detector found (score ≥ 0.5), the subject first.
    pub faces: Vec<FaceBox>,
    /// Eye centres, image-left then image-right.
    pub eyes: [Point; 2],
    /// Nose tip.
    pub nose: Point,
    /// Mouth centre.
    pub mouth: Point,
    /// Ear tragions (where the ears are, visible or not), image-left then
    /// image-right.
    pub ears: [Point; 2],
    /// Top of the hair (or whatever is on the head), y; absent when the
    /// person mask does not reach over the face.
    pub head_top: Option<f32>,
    /// Bottom of the chin, y.
    pub chin: Option<f32>,
    /// The face's edges cheek to cheek, `[x_left, x_right]`, on the row
    /// `face_width_y` (see `face_width_from`).
    pub face_edges: Option<[f32; 2]>,
    /// Row the face width was measured on.
    pub face_width_y: Option<f32>,
    /// How the face width was measured.
    pub face_width_from: WidthSource,
    /// Where the shoulder line meets the outline, image-left then
    /// image-right (a point on each shoulder, a face width out from the
    /// neck).
    pub shoulders: Option<[Point; 2]>,
    /// Head pose, degrees.
    pub pose: Pose,
}

/// How the face width was measured.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum WidthSource {
    /// The skin scan along the nose-tip row (agreeing with the box).
    #[default]
    Skin,
    /// The detector's box, scaled: the skin scan was blocked or disagreed
    /// (hair over the cheeks, a mask, highlights).
    Box,
}

/// One detected face.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FaceBox {
    /// Detector score, 0–1.
    pub score: f32,
    /// Box `[x0, y0, x1, y1]`.
    pub bbox: [f32; 4],
}

/// Head pose and the shoulders' tilt, degrees.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Pose {
    /// Roll: the eye line's angle, positive when the image-right eye is
    /// lower (head tilted clockwise): of the combined estimate and the
    /// mirrored eye match's, the more level (see `roll_estimates`).
    pub roll: f32,
    /// Yaw: positive when the face turns towards the image right.
    pub yaw: f32,
    /// Pitch: positive when the chin is raised (estimate from the nose's
    /// place between eyes and mouth).
    pub pitch: f32,
    /// Shoulder line tilt, positive when the image-right shoulder is lower.
    pub shoulders: Option<f32>,
    /// The roll estimates `roll` was taken from, degrees: the detector's
    /// eye line, the iris centroids' and the mirrored eye match's, and the
    /// face's axis from the eyes' midpoint down to the mouth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roll_estimates: Option<[f32; 4]>,
}

impl Landmarks {
    /// The eye line's height (mean of the eyes' y).
    pub fn eye_line(&self) -> f32 {
        0.5 * (self.eyes[0][1] + self.eyes[1][1])
    }

    /// Where the chin should be from the mouth and the eyes (0.8 eye–mouth
    /// distances under the mouth), for faces whose chin was not measured.
    pub fn predicted_chin(&self) -> f32 {
        self.mouth[1] + 0.8 * (self.mouth[1] - self.eye_line())
    }

    /// The chin's height: the measured one, else [`Landmarks::predicted_chin`].
    pub fn chin_or_predicted(&self) -> f32 {
        self.chin.unwrap_or_else(|| self.predicted_chin())
    }

    /// Distance between the eye centres.
    pub fn eye_distance(&self) -> f32 {
        let [l, r] = self.eyes;
        (r[0] - l[0]).hypot(r[1] - l[1])
    }

    /// Face width cheek to cheek, if measured.
    pub fn face_width(&self) -> Option<f32> {
        self.face_edges.map(|[l, r]| r - l)
    }

    /// The face's centre line, x: midway between its edges, else the box's
    /// centre.
    pub fn face_centre(&self) -> f32 {
        let b = self.face_box();
        self.face_edges.map_or(0.5 * (b[0] + b[2]), |[l, r]| 0.5 * (l + r))
    }

    /// Which way is outward from the face's centre line at `x`: −1 towards
    /// the image's left, 1 towards its right.
    pub fn outward(&self, x: f32) -> f32 {
        if x < self.face_centre() { -1.0 } else { 1.0 }
    }

    /// The subject's face box.
    pub fn face_box(&self) -> [f32; 4] {
        self.faces.first().map_or([0.0; 4], |f| f.bbox)
    }
}

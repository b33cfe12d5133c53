//! The [`Engine`]: a profile compiled once, shared by every thread, and the
//! data path `decode → checks → verdict` for one photo.

use std::panic::{AssertUnwindSafe, catch_unwind};

use time::Date;

use crate::checks;
use crate::decode::{self, Frame};
use crate::id::{IdPolicy, today_in_china};
use crate::landmarks::{Detector, Landmarks};
use crate::profile::{Profile, ProfileError};
use crate::rules::RuleId;
use crate::segment::Segmentation;
use crate::verdict::{FileMeasurements, Finding, Measurements, Message, Status, Verdict, status_of};

/// Per-thread buffers reused from photo to photo, so that the hot path does
/// not allocate. Keep one per worker thread; any `Scratch` works with any
/// `Engine`.
#[derive(Debug, Default)]
pub struct Scratch {
    /// The last photo's decoded pixels (packed RGB, oriented).
    pub(crate) pixels: Vec<u8>,
    segment: crate::segment::SegmentScratch,
    faces: crate::landmarks::FaceScratch,
    quality: crate::quality::QualityScratch,
    /// The fingerprint's summed-area table.
    fingerprint: Vec<u64>,
}

/// Checks photos against one profile. Build it once; it is `Send + Sync`,
/// so share it (by reference or `Arc`) between threads.
///
/// ```
/// use gradphoto::{Engine, Profile, Status};
/// let engine = Engine::new(Profile::builtin("chsi").unwrap()).unwrap();
/// let verdict = engine.check("110105194912310021.jpg", b"not a photo");
/// assert_eq!(verdict.status, Status::Error);
/// assert!(!verdict.id.valid); // wrong check character: should be X
/// ```
#[derive(Debug)]
pub struct Engine {
    profile: Profile,
    ids: Option<IdPolicy>,
    today: Date,
    detector: Detector,
}

impl Engine {
    /// Compile a profile.
    ///
    /// # Errors
    /// [`ProfileError::Parameter`] if an identifier pattern does not compile.
    pub fn new(profile: Profile) -> Result<Engine, ProfileError> {
        let ids = match &profile.rules.id_filename {
            Some(rule) => Some(IdPolicy::new(&rule.params).map_err(|e| ProfileError::Parameter {
                origin: profile.name.clone(),
                message: format!("id.filename: {e}"),
            })?),
            None => None,
        };
        Ok(Engine {
            profile,
            ids,
            today: today_in_china(),
            // The embedded model is checked by the unit tests: failing to
            // compile it is a broken build, not a runtime condition.
            detector: Detector::shared().expect("the embedded face model compiles"),
        })
    }

    /// Judge birth dates in ID numbers against this date instead of today
    /// (for reproducible runs and tests).
    #[must_use]
    pub fn with_today(mut self, today: Date) -> Engine {
        self.today = today;
        self
    }

    /// The profile this engine applies.
    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    /// Whether a declared rule needs the face's parts measured.
    fn needs_parts(&self) -> bool {
        let r = &self.profile.rules;
        r.pose_eyes_open.is_some()
            || r.pose_mouth_closed.is_some()
            || r.occlusion_face.is_some()
            || r.hair_bun.is_some()
            || r.accessory_headwear.is_some()
            || r.accessory_earrings.is_some()
            || r.accessory_necklace.is_some()
            || r.clothing_collar.is_some()
            || r.accessory_glasses.is_some()
            || r.accessory_lens_glare.is_some()
            || r.occlusion_ears.is_some()
            || r.occlusion_eyebrows.is_some()
            || r.occlusion_eyes.is_some()
            || r.quality_colour_cast.is_some()
            || r.quality_retouched.is_some()
            || r.quality_skin_shine.is_some()
    }

    /// Whether a declared rule needs the quality stage.
    fn needs_quality(&self) -> bool {
        let r = &self.profile.rules;
        r.quality_exposure.is_some()
            || r.quality_contrast.is_some()
            || r.quality_sharpness.is_some()
            || r.quality_noise.is_some()
            || r.quality_compression.is_some()
            || r.quality_colour_cast.is_some()
            || r.quality_retouched.is_some()
            || r.quality_skin_shine.is_some()
    }

    /// Rules the profile declares that this build does not evaluate yet.
    pub fn not_implemented(&self) -> Vec<RuleId> {
        self.profile
            .rules
            .declared()
            .filter(|id| !id.is_implemented())
            .collect()
    }

    /// Check one photo. `name` is its file name (or path): the stem is the
    /// identifier, the extension must match the content.
    ///
    /// Never panics: an internal error becomes a verdict with status `error`.
    pub fn check(&self, name: &str, bytes: &[u8]) -> Verdict {
        self.check_with(&mut Scratch::default(), name, bytes)
    }

    /// [`Engine::check`] with caller-owned buffers, for batch use.
    pub fn check_with(&self, scratch: &mut Scratch, name: &str, bytes: &[u8]) -> Verdict {
        let mut run = Run::new(self, name, bytes.len() as u64);
        match catch_unwind(AssertUnwindSafe(|| {
            run.analyse(bytes, scratch);
            run
        })) {
            Ok(run) => run.finish(),
            Err(panic) => {
                *scratch = Scratch::default();
                let what = panic_message(panic.as_ref());
                tracing::error!(name, what, "internal error while analysing a photo");
                self.internal_error(name, bytes.len() as u64, &what)
            }
        }
    }

    /// The verdict for a file that could not be read at all (I/O error):
    /// status `error`, the identity from its name, a `file.decode` finding.
    pub fn unreadable(&self, name: &str, reason: &str) -> Verdict {
        let finding = checks::file::unreadable(reason);
        self.failed(name, 0, finding.message.clone(), Some(finding))
    }

    /// The verdict for a photo whose analysis failed inside the engine or
    /// the caller (a caught panic): status `error`, no findings.
    pub fn internal_error(&self, name: &str, bytes: u64, what: &str) -> Verdict {
        self.failed(
            name,
            bytes,
            Message::new(
                format!("内部错误：{what}"),
                format!("internal error while analysing: {what}"),
            ),
            None,
        )
    }

    fn failed(&self, name: &str, bytes: u64, error: Message, finding: Option<Finding>) -> Verdict {
        let mut run = Run::new(self, name, bytes);
        run.stopped = Some(error);
        if let Some(f) = finding {
            run.checked.push(f.rule);
            run.findings.push(f);
        }
        run.finish()
    }
}

/// The text of a caught panic.
pub fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

/// The state of one photo's way through the pipeline.
struct Run<'e> {
    engine: &'e Engine,
    name: &'e str,
    id: crate::id::IdInfo,
    findings: Vec<Finding>,
    checked: Vec<RuleId>,
    measurements: Measurements,
    /// Set when the pipeline had to stop: the reason, for status `error`.
    stopped: Option<Message>,
}

impl<'e> Run<'e> {
    fn new(engine: &'e Engine, name: &'e str, bytes: u64) -> Run<'e> {
        let rules = &engine.profile.rules;
        let mut run = Run {
            engine,
            name,
            id: crate::id::IdInfo {
                value: stem(name).to_owned(),
                kind: "unknown".into(),
                valid: false,
            },
            findings: Vec::new(),
            checked: Vec::new(),
            measurements: Measurements {
                file: FileMeasurements::of_size(bytes),
                segmentation: None,
                landmarks: None,
                parts: None,
                quality: None,
                fingerprint: None,
            },
            stopped: None,
        };
        if let (Some(rule), Some(policy)) = (&rules.id_filename, &engine.ids) {
            let (info, problem) = policy.classify(stem(name), engine.today);
            run.record(
                RuleId::IdFilename,
                checks::identity::filename(&info, problem.as_ref(), rule),
            );
            run.id = info;
        }
        if let Some(rule) = &rules.file_size {
            run.record(RuleId::FileSize, checks::file::size(bytes, rule));
        }
        run
    }

    fn record(&mut self, rule: RuleId, finding: Option<Finding>) {
        self.checked.push(rule);
        self.findings.extend(finding);
    }

    /// Record a rule that may not be judgeable on this photo: not judged
    /// leaves it out of `checked`.
    fn record_judged(&mut self, rule: RuleId, outcome: Result<Option<Finding>, crate::checks::NotJudged>) {
        if let Ok(finding) = outcome {
            self.record(rule, finding);
        }
    }

    /// Stop the pipeline on a `file.decode` finding: status `error`.
    fn stop(&mut self, finding: Finding) {
        self.stopped = Some(finding.message.clone());
        self.record(RuleId::FileDecode, Some(finding));
    }

    fn analyse(&mut self, bytes: &[u8], scratch: &mut Scratch) {
        let rules = &self.engine.profile.rules;
        let limits = &self.engine.profile.limits;
        if bytes.len() as u64 > limits.max_file_bytes {
            let reason = format!(
                "{} bytes, over the limit of {} bytes",
                bytes.len(),
                limits.max_file_bytes
            );
            return self.stop(checks::file::unreadable(&reason));
        }
        let header = match decode::probe(bytes) {
            Ok(header) => header,
            Err(e) => return self.stop(checks::file::decode(&e)),
        };
        self.measurements.file = FileMeasurements::of_header(bytes.len() as u64, &header);
        if let Some(rule) = &rules.file_dimensions {
            self.record(RuleId::FileDimensions, checks::file::dimensions(&header, rule));
        }
        if let Some(rule) = &rules.file_edited {
            let software = decode::software_tags(bytes);
            self.record(RuleId::FileEdited, checks::file::edited(&software, rule));
            self.measurements.file.software = software;
        }
        if let Some(rule) = &rules.file_format {
            let finding = checks::file::format(self.name, &header, rule);
            if let Some(f) = finding.as_ref().filter(|f| f.severity == crate::rules::Severity::Error) {
                self.stopped = Some(f.message.clone());
            }
            self.record(RuleId::FileFormat, finding);
            if self.stopped.is_some() {
                return;
            }
        }
        if let Err(e) = header.within(limits.max_pixels) {
            return self.stop(checks::file::decode(&e));
        }
        if let Err(e) = decode::decode_into(bytes, &header, &mut scratch.pixels) {
            return self.stop(checks::file::decode(&e));
        }
        self.checked.push(RuleId::FileDecode);
        let frame = Frame {
            width: header.width(),
            height: header.height(),
            rgb: &scratch.pixels,
        };
        let seg = crate::segment::run(&frame, &mut scratch.segment);
        if let Err(e) = &seg {
            tracing::debug!(name = self.name, error = %e, "not segmented; subject rules not checked");
        }
        // Landmarks first: the hood measure takes the face's width as its
        // yardstick.
        let located = if rules.geometry_single_face.is_some()
            || rules.geometry_head_size.is_some()
            || rules.geometry_position.is_some()
            || rules.pose_frontal.is_some()
            || rules.pose_shoulders.is_some()
            || rules.clothing_hood.is_some()
            || self.engine.needs_parts()
        {
            match self.engine.detector.detect(&frame, &mut scratch.faces) {
                Ok(found) => Some(crate::landmarks::measure::locate(&frame, seg.as_ref().ok(), &found)),
                Err(e) => {
                    tracing::warn!(name = self.name, error = %e, "face detection failed; geometry and pose not checked");
                    None
                }
            }
        } else {
            None
        };
        if let Ok(seg) = &seg {
            self.judge_subject(&frame, seg, located.as_ref().and_then(Option::as_ref));
        }
        if let Some(lm) = located {
            self.judge_face(&frame, seg.as_ref().ok(), lm);
        }
        // The quality rules read the face's landmarks and parts (its skin
        // tone), as judged above.
        if self.engine.needs_quality() {
            let lm = self.measurements.landmarks.as_ref();
            let skin = self.measurements.parts.as_ref().and_then(|p| p.skin.as_ref());
            let quality = crate::quality::measure(&frame, seg.as_ref().ok(), lm, skin, &mut scratch.quality);
            self.judge_quality(&quality, seg.as_ref().ok(), frame.width, frame.height);
            self.measurements.quality = Some(quality);
        }
        if rules.batch_duplicate_photo.is_some() {
            // From the segmentation's box-filtered quarter, where there is
            // one: fine patterns do not alias into its samples.
            let reduced = seg.as_ref().ok().map(Segmentation::reduced);
            self.measurements.fingerprint = Some(crate::fingerprint::fingerprint_with(
                reduced.as_ref().unwrap_or(&frame),
                &mut scratch.fingerprint,
            ));
        }
        if let Ok(seg) = seg {
            scratch.segment.recycle(seg);
        }
    }

    /// Judge geometry and pose on the located face (`None`: no face found).
    fn judge_face(&mut self, frame: &Frame<'_>, seg: Option<&Segmentation>, lm: Option<Landmarks>) {
        use crate::checks::{accessory, clothing, geometry, hair, occlusion, pose};
        let rules = &self.engine.profile.rules;
        let (w, h) = (frame.width, frame.height);
        if let Some(rule) = &rules.geometry_single_face {
            self.record(
                RuleId::GeometrySingleFace,
                geometry::single_face(lm.as_ref(), w, h, rule),
            );
        }
        if let Some(lm) = &lm {
            if let Some(rule) = &rules.geometry_head_size {
                self.record(RuleId::GeometryHeadSize, geometry::head_size(lm, w, h, rule));
            }
            if let Some(rule) = &rules.geometry_position {
                // The mask shows the shoulders, or (clothing the mask lost
                // against the backdrop) the head leaves room for them.
                let shoulders = seg.is_some_and(|s| s.shoulders.is_some())
                    || lm.shoulders.is_some()
                    || crate::landmarks::measure::room_for_shoulders(lm, h);
                self.record(RuleId::GeometryPosition, geometry::position(lm, w, h, shoulders, rule));
            }
            if let Some(rule) = &rules.pose_frontal {
                self.record(RuleId::PoseFrontal, pose::frontal(lm, w, h, rule));
            }
            if let (Some(rule), Some(_)) = (&rules.pose_shoulders, lm.pose.shoulders) {
                self.record(RuleId::PoseShoulders, pose::shoulders(lm, w, h, rule));
            }
            if self.engine.needs_parts() {
                let mut parts = crate::parts::measure(frame, seg, lm);
                if let Some(rule) = &rules.pose_eyes_open {
                    self.record_judged(RuleId::PoseEyesOpen, pose::eyes_open(lm, &parts, w, h, rule));
                }
                if let Some(rule) = &rules.pose_mouth_closed {
                    self.record_judged(RuleId::PoseMouthClosed, pose::mouth_closed(lm, &parts, w, h, rule));
                }
                if let Some(rule) = &rules.occlusion_face {
                    self.record_judged(RuleId::OcclusionFace, occlusion::face(lm, &parts, w, h, rule));
                }
                if let Some(rule) = &rules.hair_bun {
                    let hooded = self.fired(RuleId::ClothingHood);
                    self.record_judged(RuleId::HairBun, hair::bun(lm, &parts, hooded, w, h, rule));
                }
                if let Some(rule) = &rules.accessory_earrings {
                    self.record_judged(RuleId::AccessoryEarrings, accessory::earrings(lm, &parts, w, h, rule));
                }
                if let Some(rule) = &rules.accessory_necklace {
                    self.record_judged(RuleId::AccessoryNecklace, accessory::necklace(lm, &parts, w, h, rule));
                }
                // The one part only a school's profile asks for: not
                // measured where no rule reads it.
                if let Some(rule) = &rules.clothing_collar {
                    parts.neck = crate::parts::collar::neck(frame, lm);
                    self.record_judged(RuleId::ClothingCollar, clothing::collar(lm, &parts, w, h, rule));
                }
                if let Some(rule) = &rules.accessory_glasses {
                    self.record_judged(RuleId::AccessoryGlasses, accessory::glasses(lm, &parts, w, h, rule));
                }
                if let Some(rule) = &rules.accessory_lens_glare {
                    self.record_judged(
                        RuleId::AccessoryLensGlare,
                        accessory::lens_glare(lm, &parts, w, h, rule),
                    );
                }
                // A hood found over the head is what covers it: the
                // headwear rule would report the same fabric again.
                let hooded = self.fired(RuleId::ClothingHood);
                if let (Some(rule), false) = (&rules.accessory_headwear, hooded) {
                    self.record_judged(RuleId::AccessoryHeadwear, accessory::headwear(lm, &parts, w, h, rule));
                }
                // Under headwear or a hood the crown is not the hair's
                // colour: the ears and the fringe are measured again against
                // the colour the brow bands show besides skin and, under
                // headwear, the cap's (the crown's) colour. Not judged where
                // there is none.
                let covered = hooded || self.fired(RuleId::AccessoryHeadwear);
                if covered {
                    let cap = if hooded { None } else { parts.crown };
                    let under = parts.skin.as_ref().and_then(|skin| {
                        let hair = crate::parts::fringe::hair_under_cover(frame, lm, skin, cap)?;
                        Some((
                            crate::parts::ears::hair_cover(frame, lm, skin, hair),
                            crate::parts::fringe::cover(frame, lm, skin, hair),
                        ))
                    });
                    (parts.ear_hair, parts.fringe) = under.unzip();
                }
                if let Some(rule) = &rules.occlusion_ears {
                    self.record_judged(RuleId::OcclusionEars, occlusion::ears(lm, &parts, covered, w, h, rule));
                }
                if let Some(rule) = &rules.occlusion_eyebrows {
                    self.record_judged(
                        RuleId::OcclusionEyebrows,
                        occlusion::eyebrows(lm, &parts, covered, w, h, rule),
                    );
                }
                if let Some(rule) = &rules.occlusion_eyes {
                    self.record_judged(RuleId::OcclusionEyes, occlusion::eyes(lm, &parts, covered, w, h, rule));
                }
                self.measurements.parts = Some(parts);
            }
        }
        self.measurements.landmarks = lm;
    }

    /// The image-quality rules.
    fn judge_quality(&mut self, q: &crate::quality::ImageQuality, seg: Option<&Segmentation>, w: u32, h: u32) {
        use crate::checks::quality;
        let rules = &self.engine.profile.rules;
        let face = self
            .measurements
            .landmarks
            .as_ref()
            .filter(|lm| !lm.faces.is_empty())
            .map(|lm| crate::checks::geometry::region_of(lm.face_box(), w, h));
        let jpeg_quality = self.measurements.file.jpeg_quality;
        let parts = self.measurements.parts.take();
        let none = crate::parts::FaceParts::default();
        let p = parts.as_ref().unwrap_or(&none);
        if let Some(rule) = &rules.quality_exposure {
            let backdrop = seg.map(|s| &s.background);
            self.record(
                RuleId::QualityExposure,
                quality::exposure(q, p, backdrop, face, w, h, rule),
            );
        }
        if let Some(rule) = &rules.quality_contrast {
            self.record(RuleId::QualityContrast, quality::contrast(q, w, h, rule));
        }
        if let Some(rule) = &rules.quality_sharpness {
            self.record_judged(RuleId::QualitySharpness, quality::sharpness(q, w, h, rule));
        }
        if let Some(rule) = &rules.quality_noise {
            self.record_judged(RuleId::QualityNoise, quality::noise(q, w, h, rule));
        }
        if let Some(rule) = &rules.quality_compression {
            self.record(
                RuleId::QualityCompression,
                quality::compression(q, jpeg_quality, w, h, rule),
            );
        }
        if let Some(rule) = &rules.quality_colour_cast {
            self.record_judged(
                RuleId::QualityColourCast,
                quality::colour_cast(q, p, seg.map(|s| &s.background), face, rule),
            );
        }
        if let Some(rule) = &rules.quality_retouched {
            self.record_judged(
                RuleId::QualityRetouched,
                quality::retouched(q, p, jpeg_quality, face, rule),
            );
        }
        if let Some(rule) = &rules.quality_skin_shine {
            self.record_judged(RuleId::QualitySkinShine, quality::skin_shine(q, p, face, rule));
        }
        self.measurements.parts = parts;
    }

    /// The rules on the segmented photo.
    fn judge_subject(&mut self, frame: &Frame<'_>, seg: &Segmentation, lm: Option<&Landmarks>) {
        use crate::checks::{background, clothing};
        let rules = &self.engine.profile.rules;
        if let Some(rule) = &rules.background_colour {
            self.record(RuleId::BackgroundColour, background::colour(seg, rule));
        }
        let face_width = lm.and_then(Landmarks::face_width);
        let beside = lm
            .zip(face_width)
            .and_then(|(lm, fw)| seg.beside_head(lm.face_centre(), lm.chin_or_predicted(), fw));
        if let Some(rule) = &rules.background_uniform {
            self.record(
                RuleId::BackgroundUniform,
                background::uniform(seg, beside.as_ref(), rule),
            );
        }
        let shadow = seg.shadow();
        if let Some(rule) = &rules.background_shadow {
            self.record(RuleId::BackgroundShadow, background::shadow(seg, &shadow, rule));
        }
        let torso = seg.torso();
        if let Some(t) = &torso {
            if let Some(rule) = &rules.clothing_colour {
                self.record(RuleId::ClothingColour, clothing::colour(t, rule));
            }
            if let Some(rule) = &rules.clothing_contrast {
                self.record(RuleId::ClothingContrast, clothing::contrast(seg, t, rule));
            }
        }
        // Stripes and hoods are only measured on clothing that segmentation
        // separated from the backdrop.
        let separated = torso.as_ref().filter(|t| t.from_mask);
        let pattern = separated.and_then(|_| seg.pattern(frame));
        if let (Some(p), Some(rule)) = (&pattern, &rules.clothing_pattern) {
            self.record(RuleId::ClothingPattern, clothing::pattern(p, rule));
        }
        let hood = separated
            .and_then(|t| seg.hood(&[t.rgb, t.mean_rgb], hood_sides(lm, beside.as_ref())))
            .map(|h| match face_width {
                Some(fw) => h.with_face(fw),
                None => h,
            });
        // A hood of the backdrop's colour has no outline: its lining beside
        // the face tells it.
        let lining = match (&torso, lm, face_width) {
            (Some(t), Some(lm), Some(fw)) if !t.from_mask => {
                seg.lining(lm.face_centre(), lm.eye_line(), lm.chin_or_predicted(), fw, t.mean_rgb)
            }
            _ => None,
        };
        if let Some(rule) = &rules.clothing_hood {
            self.record_judged(
                RuleId::ClothingHood,
                clothing::hood(hood.as_ref(), lining.as_ref(), rule),
            );
        }
        self.measurements.segmentation = Some(crate::verdict::SegmentMeasurements {
            background: seg.background.clone(),
            person: seg.person,
            person_share: seg.person_share,
            objects: seg.objects.iter().map(|(r, _)| *r).collect(),
            beside_head: beside,
            clothing: torso,
            shadow,
            pattern,
            hood,
            lining,
        });
    }

    /// Whether a rule has fired on this photo so far.
    fn fired(&self, id: RuleId) -> bool {
        self.findings.iter().any(|f| f.rule == id)
    }

    fn finish(mut self) -> Verdict {
        self.findings.sort_by_key(|f| f.rule);
        self.checked.sort();
        self.checked.dedup();
        let status = match &self.stopped {
            Some(_) => Status::Error,
            None => self
                .findings
                .iter()
                .map(|f| status_of(f.severity))
                .max()
                .unwrap_or(Status::Pass),
        };
        Verdict {
            status,
            error: self.stopped,
            id: self.id,
            findings: self.findings,
            measurements: self.measurements,
            checked: self.checked,
        }
    }
}

/// Which sides of the head's outline the hood measure reads: the side away
/// from someone or something joined to the outline beside the head.
fn hood_sides(lm: Option<&Landmarks>, beside: Option<&crate::segment::Beside>) -> crate::segment::Sides {
    use crate::segment::Sides;
    match (lm, beside) {
        (Some(lm), Some(b)) => {
            let centre = lm.face_centre();
            if (b.region.x as f32) > centre {
                Sides::Left(centre)
            } else {
                Sides::Right(centre)
            }
        }
        _ => Sides::Both,
    }
}

/// The file name without directories and extension.
pub fn stem(name: &str) -> &str {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    match base.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => base,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems() {
        assert_eq!(stem("a/b/110105194912310021.JPG"), "110105194912310021");
        assert_eq!(stem("C:\\x\\y.jpeg"), "y");
        assert_eq!(stem("noext"), "noext");
        assert_eq!(stem(".hidden"), ".hidden");
        assert_eq!(stem("a.b.jpg"), "a.b");
    }

    #[test]
    fn engine_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Engine>();
    }
}

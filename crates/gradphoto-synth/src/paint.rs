//! The painter: [`Attributes`] → packed RGB pixels and ground-truth
//! [`Geometry`].
//!
//! Shapes are signed-distance functions blended with a one-pixel
//! anti-aliased edge, painted layer by layer, each only over its bounding
//! box. Surfaces are shaded (a Lambert term on an ellipsoid for the face, a
//! light gradient on the background and clothes), hair has strand texture,
//! and the image gets a vignette, sensor noise and the attribute's photographic
//! defects (exposure, contrast, blur, colour cast, beauty smoothing).
//!
//! All coordinates of the attributes are in a 480 × 640 frame; the output is
//! `width × height`, mapped by scaling.

use crate::attrs::{Attributes, Geometry, HairStyle, Neckline, Pattern, Rgb};

type Col = [f32; 3];

fn col(c: Rgb) -> Col {
    [f32::from(c[0]), f32::from(c[1]), f32::from(c[2])]
}

fn scale(c: Col, k: f32) -> Col {
    [c[0] * k, c[1] * k, c[2] * k]
}

fn lerp(a: Col, b: Col, t: f32) -> Col {
    [
        a[0] + (b[0] - a[0]) * t,
        a[1] + (b[1] - a[1]) * t,
        a[2] + (b[2] - a[2]) * t,
    ]
}

/// Approximate signed distance to an ellipse (negative inside): the
/// implicit function divided by its gradient length, right near the edge.
/// Written with reciprocals so that, in a loop with fixed radii, the only
/// per-pixel division is the last one.
fn ellipse(u: f32, v: f32, rx: f32, ry: f32) -> f32 {
    let (irx, iry) = (1.0 / rx, 1.0 / ry);
    let (a, b) = (u * irx, v * iry);
    let k2 = a * a + b * b;
    let (ga, gb) = (a * irx, b * iry);
    let g2 = ga * ga + gb * gb;
    (k2 - 1.0) / (2.0 * (k2 * g2).sqrt().max(1e-12))
}

/// Signed distance to an axis-aligned box with rounded corners.
fn rounded_box(u: f32, v: f32, hw: f32, hh: f32, r: f32) -> f32 {
    let qx = u.abs() - hw + r;
    let qy = v.abs() - hh + r;
    let outside = (qx.max(0.0).powi(2) + qy.max(0.0).powi(2)).sqrt();
    outside + qx.max(qy).min(0.0) - r
}

/// Distance to a segment, minus a half thickness.
fn segment(u: f32, v: f32, a: [f32; 2], b: [f32; 2], half: f32) -> f32 {
    let (pax, pay, bax, bay) = (u - a[0], v - a[1], b[0] - a[0], b[1] - a[1]);
    let h = ((pax * bax + pay * bay) / (bax * bax + bay * bay)).clamp(0.0, 1.0);
    ((pax - bax * h).powi(2) + (pay - bay * h).powi(2)).sqrt() - half
}

/// A parabolic sine: plenty for texture, much cheaper than `f32::sin`.
fn fast_sin(x: f32) -> f32 {
    use std::f32::consts::{FRAC_1_PI, PI};
    // Wrap to [-π, π] with a truncating cast (no libm `round` call).
    let turns = x * (0.5 * FRAC_1_PI);
    let x = x - (turns + 0.5f32.copysign(turns)) as i32 as f32 * 2.0 * PI;
    let y = 4.0 * FRAC_1_PI * x - 4.0 * FRAC_1_PI * FRAC_1_PI * x * x.abs();
    0.775 * y + 0.225 * y * y.abs()
}

/// exp(-t) for t ≥ 0 as (1 - t/1024)^1024: ten squarings, no libm call,
/// the same bits on every platform; relative error about t²/2048 (1 % at
/// t = 4, 3 % at t = 8), plenty for shading.
fn exp_neg(t: f32) -> f32 {
    let mut y = (1.0 - t * (1.0 / 1024.0)).max(0.0);
    for _ in 0..10 {
        y *= y;
    }
    y
}

fn gauss(d2: f32, sigma: f32) -> f32 {
    // Multiply by a reciprocal: it is hoisted out of pixel loops, a division is not.
    let t = d2 * (0.5 / (sigma * sigma));
    // exp(-8) < 0.0004: not worth computing.
    if t > 8.0 { 0.0 } else { exp_neg(t) }
}

/// A float canvas in output pixels, painted in frame coordinates.
struct Canvas {
    w: usize,
    h: usize,
    sx: f32,
    sy: f32,
    px: Vec<Col>,
}

impl Canvas {
    /// A black canvas of `w × h` pixels showing the whole 480 × 640 frame.
    fn new(w: usize, h: usize) -> Canvas {
        Canvas {
            w,
            h,
            sx: w as f32 / 480.0,
            sy: h as f32 / 640.0,
            px: vec![[0.0; 3]; w * h],
        }
    }

    /// This canvas resampled bilinearly to `w × h` (same frame).
    fn upsampled(&self, w: usize, h: usize) -> Canvas {
        let mut out = Canvas::new(w, h);
        // Source position of each output column and row: index and weight.
        let taps = |n: usize, src_n: usize| -> Vec<(usize, usize, f32)> {
            let k = src_n as f32 / n as f32;
            (0..n)
                .map(|i| {
                    let p = ((i as f32 + 0.5) * k - 0.5).max(0.0);
                    let i0 = (p as usize).min(src_n - 1);
                    (i0, (i0 + 1).min(src_n - 1), p - i0 as f32)
                })
                .collect()
        };
        let (cols, rows) = (taps(w, self.w), taps(h, self.h));
        for (out_row, &(j0, j1, ty)) in out.px.chunks_exact_mut(w).zip(&rows) {
            let (r0, r1) = (
                &self.px[j0 * self.w..(j0 + 1) * self.w],
                &self.px[j1 * self.w..(j1 + 1) * self.w],
            );
            for (p, &(i0, i1, tx)) in out_row.iter_mut().zip(&cols) {
                let top = lerp(r0[i0], r0[i1], tx);
                let bottom = lerp(r1[i0], r1[i1], tx);
                *p = lerp(top, bottom, ty);
            }
        }
        out
    }

    /// Output pixel ranges `[i0, i1, j0, j1]` covering a frame-coordinate box.
    fn pixel_range(&self, bbox: [f32; 4]) -> [usize; 4] {
        let clamp = |v: f32, max: usize| (v.max(0.0) as usize).min(max);
        [
            clamp((bbox[0] * self.sx).floor(), self.w),
            clamp((bbox[2] * self.sx).ceil(), self.w),
            clamp((bbox[1] * self.sy).floor(), self.h),
            clamp((bbox[3] * self.sy).ceil(), self.h),
        ]
    }

    /// Paint a layer over the frame-coordinate box `[x0, y0, x1, y1]`:
    /// `shape` gives (signed distance in frame px, colour) at a frame point.
    fn layer(&mut self, bbox: [f32; 4], mut shape: impl FnMut(f32, f32) -> Option<(f32, Col)>) {
        let [i0, i1, j0, j1] = self.pixel_range(bbox);
        let s = 0.5 * (self.sx + self.sy);
        let (ix, iy) = (1.0 / self.sx, 1.0 / self.sy);
        for j in j0..j1 {
            let y = (j as f32 + 0.5) * iy;
            let row = &mut self.px[j * self.w..(j + 1) * self.w];
            for (i, p) in row.iter_mut().enumerate().take(i1).skip(i0) {
                let x = (i as f32 + 0.5) * ix;
                if let Some((sdf, c)) = shape(x, y) {
                    let a = (0.5 - sdf * s).clamp(0.0, 1.0);
                    if a > 0.0 {
                        *p = lerp(*p, c, a);
                    }
                }
            }
        }
    }
}

impl Canvas {
    /// Multiply the pixels of a frame-coordinate box by `factor` where it is given.
    fn shade(&mut self, bbox: [f32; 4], mut factor: impl FnMut(f32, f32) -> Option<f32>) {
        let [i0, i1, j0, j1] = self.pixel_range(bbox);
        for j in j0..j1 {
            let y = (j as f32 + 0.5) * (1.0 / self.sy);
            for i in i0..i1 {
                let x = (i as f32 + 0.5) * (1.0 / self.sx);
                if let Some(k) = factor(x, y) {
                    let p = &mut self.px[j * self.w + i];
                    *p = scale(*p, k);
                }
            }
        }
    }
}

/// The head's local frame: rotation about the face centre by the roll, and
/// a horizontal shift of the features by the yaw.
#[derive(Clone, Copy)]
struct Head {
    cx: f32,
    cy: f32,
    rx: f32,
    ry: f32,
    cos: f32,
    sin: f32,
    yaw: f32,
}

impl Head {
    /// Frame → head-local coordinates (u right, v down, origin at the face centre).
    fn local(&self, x: f32, y: f32) -> (f32, f32) {
        let (dx, dy) = (x - self.cx, y - self.cy);
        (dx * self.cos + dy * self.sin, -dx * self.sin + dy * self.cos)
    }
    /// Head-local → frame.
    fn frame(&self, u: f32, v: f32) -> [f32; 2] {
        [
            self.cx + u * self.cos - v * self.sin,
            self.cy + u * self.sin + v * self.cos,
        ]
    }
    /// Horizontal shift of features on the face surface at depth `depth` (0–1).
    fn turn(&self, depth: f32) -> f32 {
        self.yaw.sin() * self.rx * 0.85 * depth
    }
    /// A frame-space box around head-local box `[u0, v0, u1, v1]`.
    fn bbox(&self, b: [f32; 4]) -> [f32; 4] {
        let corners = [
            self.frame(b[0], b[1]),
            self.frame(b[2], b[1]),
            self.frame(b[0], b[3]),
            self.frame(b[2], b[3]),
        ];
        let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
        for c in corners {
            x0 = x0.min(c[0]);
            y0 = y0.min(c[1]);
            x1 = x1.max(c[0]);
            y1 = y1.max(c[1]);
        }
        [x0 - 2.0, y0 - 2.0, x1 + 2.0, y1 + 2.0]
    }
}

/// Hash of integer coordinates to [0, 1): cheap, deterministic texture noise.
fn hash(x: i32, y: i32, seed: u32) -> f32 {
    let mut h =
        (x as u32).wrapping_mul(0x27d4_eb2d) ^ (y as u32).wrapping_mul(0x1656_67b1) ^ seed.wrapping_mul(0x9e37_79b9);
    h ^= h >> 15;
    h = h.wrapping_mul(0x2c1b_3c6d);
    h ^= h >> 12;
    (h & 0xFFFF) as f32 / 65536.0
}

/// Constants of the face layout, as fractions of the face half-sizes.
/// Eye line relative to the face centre, in face half-heights.
pub const EYE_V: f32 = -0.12;
const EYE_U: f32 = 0.40;
const BROW_V: f32 = -0.30;
const EAR_V: f32 = -0.02;
const NOSE_V: f32 = 0.22;
const MOUTH_V: f32 = 0.50;
/// Top of the hair above the face centre, in face half-heights.
pub const HAIR_TOP: f32 = 1.16;
/// Top of long hair and bobs, in face half-heights above the face centre.
const LONG_HAIR_TOP: f32 = 1.22;
/// The hood's outline: centre below the face centre and half-height, in
/// face half-heights.
const HOOD_CENTRE_V: f32 = 0.05;
const HOOD_RY: f32 = 1.38;

/// Paint the photo. Returns packed RGB (`width × height × 3`) and the ground truth.
pub fn paint(a: &Attributes, seed: u64) -> (Vec<u8>, Geometry) {
    let (w, h) = (a.width as usize, a.height as usize);
    // The smooth, large layers (background, long hair, hood, neck, torso)
    // are painted at half resolution and upsampled: a quarter of the work,
    // and nothing there has detail finer than two pixels. Everything from
    // the collar on is painted at full resolution.
    let mut cv = Canvas::new(w.div_ceil(2), h.div_ceil(2));
    let roll = a.roll_deg.to_radians();
    let hd = Head {
        cx: a.face_cx,
        cy: a.face_cy,
        rx: a.face_rx,
        ry: a.face_ry,
        cos: roll.cos(),
        sin: roll.sin(),
        yaw: a.yaw_deg.to_radians(),
    };
    let (rx, ry) = (hd.rx, hd.ry);
    let tseed = seed as u32;

    // Background: studio light from one side, gradient, vignette, shadow, object.
    let bg = col(a.background);
    let shadow_off = [26.0 * a.light_x.signum().max(0.5) * -a.light_x.signum(), 14.0];
    let (isx, isy) = (1.0 / cv.sx, 1.0 / cv.sy);
    for (j, row) in cv.px.chunks_exact_mut(cv.w).enumerate() {
        let y = (j as f32 + 0.5) * isy;
        let v = y * (1.0 / 640.0) - 0.5;
        for (i, p) in row.iter_mut().enumerate() {
            let x = (i as f32 + 0.5) * isx;
            let u = x * (1.0 / 480.0) - 0.5;
            let mut k = 1.0 - a.background_gradient * v - 0.05 * a.light_x * u - 0.10 * (u * u + v * v);
            if a.background_shadow {
                let (su, sv) = hd.local(x - shadow_off[0], y - shadow_off[1]);
                // The shadow of the head, or of the hood around it.
                let (srx, sry) = if a.neckline == Neckline::Hoodie {
                    (rx * 1.6, ry * 1.5)
                } else {
                    (rx * 1.25, ry * 1.3)
                };
                let d = ellipse(su, sv + ry * 0.1, srx, sry)
                    .min(640.0 - 60.0 - y + ((x - hd.cx - shadow_off[0]).abs() - rx * 2.2).max(0.0));
                // A soft edge: the logistic 1 / (1 + e^(d/14)).
                let e = exp_neg((d / 14.0).abs().min(16.0));
                let inside = if d > 0.0 { e / (1.0 + e) } else { 1.0 / (1.0 + e) };
                k *= 1.0 - crate::generate::limits::SHADOW_DEPTH * inside;
            }
            *p = scale(bg, k);
        }
    }
    if a.background_object {
        let c = [70.0, 62.0, 55.0];
        cv.layer([20.0, 20.0, 130.0, 260.0], |x, y| {
            Some((
                rounded_box(x - 62.0, y - 130.0, 34.0, 95.0, 10.0).min(ellipse(x - 62.0, y - 40.0, 48.0, 22.0)),
                scale(c, 0.9 + 0.1 * (y / 260.0)),
            ))
        });
    }

    if a.second_person {
        second_person(&mut cv, hd.cx);
    }

    // Geometry of the body.
    let tilt = a.shoulder_tilt_deg.to_radians().tan();
    let neck_base = hd.cy + ry * 1.28;
    let shoulder_y = neck_base + ry * 0.18;
    let neck_w = rx * 0.44;
    let top_of_torso = |x: f32| {
        let dx = (x - hd.cx).abs();
        let t = ((dx - neck_w * 0.9) * (1.0 / (rx * 0.9))).clamp(0.0, 1.0);
        let trapezius = neck_base + (shoulder_y + 25.0 - neck_base) * t * t * (3.0 - 2.0 * t);
        let arm = 0.0011 * (dx - rx * 1.8).max(0.0).powi(2);
        trapezius + arm + tilt * (x - hd.cx)
    };
    let torso_x = |x: f32| (x - hd.cx).abs() - rx * 2.6;
    let hair_c = col(a.hair);
    let hair_at = |u: f32, v: f32, k: f32| {
        let strand = 0.82
            + 0.18 * (fast_sin(u * 0.9 + 4.0 * fast_sin(v * 0.045)) * 0.5 + 0.5)
            + 0.12 * (hash((u * 1.5) as i32, (v * 0.25) as i32, tseed) - 0.5);
        let sheen = 0.25 * gauss((v + ry * 0.85).powi(2) + (u + rx * 0.25).powi(2) * 0.3, ry * 0.18);
        lerp(scale(hair_c, k * strand), [200.0, 190.0, 180.0], sheen * 0.35)
    };

    // Long hair and hood behind the head and shoulders.
    let long_len = match a.hair_style {
        HairStyle::LongBehind | HairStyle::LongOverEars => Some(ry * 1.9),
        HairStyle::Bob => Some(ry * 1.0),
        _ => None,
    };
    if let Some(len) = long_len {
        cv.layer(hd.bbox([-rx * 1.35, -ry * 1.25, rx * 1.35, len + 10.0]), |x, y| {
            let (u, v) = hd.local(x, y);
            // Top at 0.1 + 1.12 = LONG_HAIR_TOP face half-heights above the centre.
            let d = ellipse(u, v + ry * 0.1, rx * 1.18, ry * 1.12).min(rounded_box(
                u,
                v - len * 0.5 + ry * 0.1,
                rx * 1.22,
                len * 0.5 + ry * 0.1,
                rx * 0.5,
            ));
            (d < 2.0).then(|| (d, hair_at(u, v, 0.8)))
        });
    }
    let cloth = col(a.clothing);
    // The fabric's pattern, on the torso and on a hood.
    let stripe = |x: f32, y: f32| match a.pattern {
        Pattern::Plain => 1.0,
        Pattern::Stripes => 0.55 + 0.45 * (fast_sin((x - hd.cx) * 0.38) > 0.2) as i32 as f32,
        Pattern::Checks => {
            let s = (fast_sin((x - hd.cx) * 0.16) > 0.0) as i32 + (fast_sin((y - shoulder_y) * 0.16) > 0.0) as i32;
            [1.0, 0.78, 0.56][s as usize]
        }
    };
    if a.neckline == Neckline::Hoodie {
        cv.layer(hd.bbox([-rx * 1.6, -ry * 1.45, rx * 1.6, ry * 1.6]), |x, y| {
            let (u, v) = hd.local(x, y);
            let d = ellipse(u, v - ry * HOOD_CENTRE_V, rx * 1.48, ry * HOOD_RY);
            let inner = ellipse(u, v, rx * 1.22, ry * 1.18);
            Some((
                d,
                scale(
                    cloth,
                    stripe(x, y)
                        * if inner < 0.0 {
                            0.55
                        } else {
                            0.85 + 0.1 * (u / rx).abs().min(1.0)
                        },
                ),
            ))
        });
    }

    // Neck, shaded darker under the chin.
    let skin = col(a.skin);
    cv.layer(
        [
            hd.cx - neck_w - 4.0,
            hd.cy + ry * 0.4,
            hd.cx + neck_w + 4.0,
            shoulder_y + 40.0,
        ],
        |x, y| {
            let d = ((x - hd.cx).abs() - neck_w).max(hd.cy + ry * 0.5 - y);
            let k = 0.68 + 0.16 * ((y - hd.cy - ry) * (1.0 / (ry * 0.4))).clamp(0.0, 1.0)
                - 0.06 * ((x - hd.cx) * (1.0 / neck_w)).abs();
            Some((d, scale(skin, k)))
        },
    );

    // Torso with neckline.
    let white_shirt = [240.0, 240.0, 236.0];
    let v_depth = ry * 0.9;
    let top = top_of_torso(hd.cx);
    cv.layer([0.0, shoulder_y - ry * 0.6, 480.0, 640.0], |x, y| {
        let d = (top_of_torso(x) - y).max(torso_x(x));
        if d > 2.0 {
            return None;
        }
        let dx = x - hd.cx;
        let light = 0.78 + 0.22 * (1.0 - (dx * (1.0 / (rx * 2.6))).abs()).max(0.0) + 0.05 * a.light_x * dx * (1.0 / rx);
        let fold =
            1.0 - 0.08 * gauss((dx.abs() - rx * 1.2).powi(2), 10.0) * ((y - shoulder_y) * (1.0 / 200.0)).min(1.0);
        let base = scale(cloth, light * fold * stripe(x, y));
        let c = match a.neckline {
            Neckline::Suit => {
                let vee = dx.abs() - (top + v_depth - y) * 0.42;
                let lapel = (dx.abs() - (top + v_depth - y) * 0.42 - 14.0).abs() - 1.2;
                if vee < 0.0 {
                    let tie = dx.abs() - 7.0 - (y - top) * 0.05;
                    if tie < 0.0 && y > top + 18.0 {
                        scale(cloth, 0.6)
                    } else {
                        scale(white_shirt, 0.93 + 0.05 * light)
                    }
                } else if lapel < 0.0 {
                    scale(base, 0.7)
                } else {
                    base
                }
            }
            Neckline::Shirt => {
                let placket = dx.abs() - 1.0;
                let collar = (dx.abs() - neck_w - 22.0 + (y - top) * 0.9).max(y - top - 34.0);
                if collar < 0.0 && collar > -2.0 {
                    scale(base, 0.72)
                } else if placket < 0.0 && y > top + 20.0 {
                    scale(base, 0.85)
                } else {
                    base
                }
            }
            Neckline::TShirt | Neckline::Hoodie => {
                let neck_hole = ellipse(dx, y - top + 4.0, neck_w * 1.25, 26.0);
                if neck_hole < 0.0 {
                    scale(skin, 0.74)
                } else if neck_hole < 5.0 {
                    scale(base, 0.82)
                } else if a.neckline == Neckline::Hoodie && (dx.abs() - 16.0).abs() < 1.6 && y < top + 95.0 {
                    scale(base, 0.6)
                } else {
                    base
                }
            }
        };
        Some((d, c))
    });
    let mut cv = cv.upsampled(w, h);
    if matches!(a.neckline, Neckline::Shirt | Neckline::Suit) {
        // Collar wings around the neck.
        let collar_c = if a.neckline == Neckline::Suit {
            white_shirt
        } else {
            cloth
        };
        let top = top_of_torso(hd.cx);
        cv.layer(
            [hd.cx - neck_w - 40.0, top - 30.0, hd.cx + neck_w + 40.0, top + 45.0],
            |x, y| {
                let dx = (x - hd.cx).abs();
                let wing = segment(dx, y, [neck_w * 0.6, top - 18.0], [neck_w + 24.0, top + 28.0], 9.0).max(-segment(
                    dx,
                    y,
                    [0.0, top - 40.0],
                    [neck_w * 0.55, top + 10.0],
                    6.0,
                ));
                Some((wing, scale(collar_c, 0.92 + 0.06 * ((y - top) / 40.0))))
            },
        );
    }
    if a.necklace {
        let (ncx, ncy) = (hd.cx, neck_base - 8.0);
        let metal = [225.0, 190.0, 90.0];
        cv.layer(
            [ncx - neck_w - 20.0, ncy - 10.0, ncx + neck_w + 20.0, ncy + 60.0],
            |x, y| {
                let d = ellipse(x - ncx, y - ncy, neck_w * 1.05, 42.0).abs() - 1.6;
                let d = if y < ncy { 10.0 } else { d };
                let pendant = ellipse(x - ncx, y - ncy - 46.0, 5.0, 6.5);
                let spec = 1.0 + 0.5 * gauss((x - ncx + 2.0).powi(2) + (y - ncy - 44.0).powi(2), 2.0);
                Some((d.min(pendant), scale(metal, spec)))
            },
        );
    }

    // Ears, then the face over their inner edge.
    let ear_scale = [1.0 + 0.9 * hd.yaw.sin(), 1.0 - 0.9 * hd.yaw.sin()];
    for (side, k) in [(-1.0f32, ear_scale[0]), (1.0, ear_scale[1])] {
        let (eu, ev) = (side * rx * 0.96 + hd.turn(0.15), ry * EAR_V);
        let (erx, ery) = (rx * 0.15 * k.max(0.05), ry * 0.2);
        cv.layer(
            hd.bbox([eu - erx - 2.0, ev - ery - 2.0, eu + erx + 2.0, ev + ery + 2.0]),
            |x, y| {
                let (u, v) = hd.local(x, y);
                let inner = ellipse(u - eu - side * 2.0, v - ev, erx * 0.5, ery * 0.6);
                let k = if inner < 0.0 { 0.7 } else { 0.86 };
                Some((ellipse(u - eu, v - ev, erx, ery), scale(skin, k)))
            },
        );
    }
    let face_sdf = |u: f32, v: f32| {
        let taper = 1.0 - 0.2 * (v * (1.0 / ry)).max(0.0).powi(2);
        ellipse(u - hd.turn(0.2), v, rx * taper, ry)
    };
    let light = {
        let n = (a.light_x * a.light_x + 0.09 + 0.81).sqrt();
        [a.light_x / n, -0.3 / n, 0.9 / n]
    };
    let eye_y = ry * EYE_V;
    let eye_dx = rx * EYE_U;
    cv.layer(hd.bbox([-rx - 2.0, -ry - 2.0, rx + 2.0, ry + 2.0]), |x, y| {
        let (u, v) = hd.local(x, y);
        let d = face_sdf(u, v);
        if d > 2.0 {
            return None;
        }
        let (nx, ny) = ((u - hd.turn(0.2)) * (1.0 / rx), v * (1.0 / ry));
        let nz = (1.0 - nx * nx - ny * ny).max(0.0).sqrt();
        let lambert = (nx * light[0] + ny * light[1] + nz * light[2]).max(0.0);
        let mut c = scale(skin, 0.58 + 0.5 * lambert);
        let blush = gauss((u.abs() - rx * 0.48).powi(2) + (v - ry * 0.18).powi(2), rx * 0.16);
        c = lerp(c, [c[0] * 1.04, c[1] * 0.9, c[2] * 0.9], blush * 0.5);
        let eye_socket = gauss((u.abs() - eye_dx).powi(2) + (v - eye_y).powi(2) * 2.0, rx * 0.16);
        c = scale(c, 1.0 - 0.08 * eye_socket);
        let pores = 0.985 + 0.03 * hash(x as i32, y as i32, tseed ^ 7);
        Some((d, scale(c, pores)))
    });

    // Eyebrows, eyes, nose, mouth.
    for side in [-1.0f32, 1.0] {
        let (bu, bv) = (side * eye_dx + hd.turn(0.6), ry * BROW_V);
        cv.layer(hd.bbox([bu - rx * 0.3, bv - 14.0, bu + rx * 0.3, bv + 14.0]), |x, y| {
            let (u, v) = hd.local(x, y);
            let t = (u - bu) / (rx * 0.24);
            let arch = bv - 5.0 * (1.0 - t * t);
            let thick = 4.2 - 1.8 * (t * side).max(0.0);
            Some((
                ((v - arch).abs() - thick).max((t.abs() - 1.0) * rx * 0.24),
                scale(hair_c, 1.05),
            ))
        });
        let (eu, ev) = (side * eye_dx + hd.turn(0.7), eye_y);
        let (ew, eh) = (rx * 0.17, ry * 0.055);
        cv.layer(
            hd.bbox([eu - ew - 4.0, ev - eh - 6.0, eu + ew + 4.0, ev + eh + 6.0]),
            |x, y| {
                let (u, v) = hd.local(x, y);
                let (du, dv) = (u - eu, v - ev);
                let almond = ellipse(du, dv, ew, eh * (1.0 - 0.35 * (du / ew).powi(2)).max(0.2));
                if a.eyes_closed {
                    let lid = (dv - eh * 0.3 * (1.0 - (du / ew).powi(2))).abs() - 1.3;
                    return Some((lid.max(du.abs() - ew), scale(hair_c, 0.9)));
                }
                let iris_r = eh * 0.95;
                let gaze = side * hd.turn(0.1) * 0.2;
                let di = ((du - gaze).powi(2) + dv.powi(2)).sqrt();
                let c = if di < iris_r * 0.45 {
                    [18.0, 14.0, 12.0]
                } else if di < iris_r {
                    lerp([70.0, 45.0, 30.0], [40.0, 28.0, 20.0], di / iris_r)
                } else {
                    scale([236.0, 230.0, 224.0], 0.88 + 0.12 * (1.0 - (du / ew).abs()))
                };
                let catch = gauss((du - gaze - iris_r * 0.35).powi(2) + (dv + iris_r * 0.35).powi(2), 1.2);
                let lash = (dv + eh * 0.75 * (1.0 - (du / ew).powi(2)).max(0.0)).abs() < 1.4;
                let c = if lash {
                    [30.0, 22.0, 20.0]
                } else {
                    lerp(c, [255.0, 255.0, 255.0], catch)
                };
                Some((almond, c))
            },
        );
    }
    let nose_u = hd.turn(1.0);
    cv.shade(
        hd.bbox([nose_u - rx * 0.3, -ry * 0.1, nose_u + rx * 0.3, ry * 0.35]),
        |x, y| {
            let (u, v) = hd.local(x, y);
            let du = u - nose_u;
            let side_shadow = gauss(
                (du + a.light_x.signum() * rx * 0.1).powi(2) * 4.0 + (v - ry * 0.08).powi(2) * 0.3,
                rx * 0.08,
            ) * 0.12;
            let nostrils =
                (ellipse(du.abs() - rx * 0.085, v - ry * NOSE_V, rx * 0.045, ry * 0.022) < 0.0) as i32 as f32 * 0.35;
            let tip = gauss(du * du + (v - ry * 0.16).powi(2), rx * 0.05) * 0.06;
            (face_sdf(u, v) < 0.0).then_some(1.0 - side_shadow - nostrils + tip)
        },
    );
    let mouth_u = hd.turn(0.9);
    cv.layer(
        hd.bbox([mouth_u - rx * 0.4, ry * 0.35, mouth_u + rx * 0.4, ry * 0.68]),
        |x, y| {
            let (u, v) = hd.local(x, y);
            let (du, dv) = (u - mouth_u, v - ry * MOUTH_V);
            let mw = rx * 0.3;
            let lips = [175.0, 85.0, 85.0];
            if a.mouth_open {
                let outer = ellipse(du, dv, mw, ry * 0.085);
                let inner = ellipse(du, dv, mw * 0.8, ry * 0.055);
                let teeth = dv < -ry * 0.015 && inner < 0.0;
                let c = if inner < 0.0 {
                    if teeth {
                        [225.0, 220.0, 210.0]
                    } else {
                        [60.0, 25.0, 28.0]
                    }
                } else {
                    lips
                };
                return Some((outer, c));
            }
            let upper = ellipse(du, dv + ry * 0.018, mw, ry * 0.03);
            let lower = ellipse(du, dv - ry * 0.024, mw * 0.88, ry * 0.036);
            let line = (dv.abs() < 1.0) as i32 as f32;
            let c = if upper < lower { scale(lips, 0.85) } else { lips };
            Some((upper.min(lower), lerp(c, [90.0, 40.0, 40.0], line)))
        },
    );

    // Hair over the head (and over brows, eyes or ears as the style says).
    if a.top_bun {
        cv.layer(hd.bbox([-rx * 0.45, -ry * 1.55, rx * 0.45, -ry * 0.9]), |x, y| {
            let (u, v) = hd.local(x, y);
            Some((ellipse(u, v + ry * 1.2, rx * 0.34, ry * 0.26), hair_at(u, v, 0.95)))
        });
    }
    let fringe = if a.hair_over_eyes {
        Some(ry * (EYE_V + 0.1))
    } else if a.hair_over_eyebrows {
        Some(ry * (BROW_V + 0.12))
    } else if a.hair_style == HairStyle::Bangs {
        Some(ry * (BROW_V - 0.08))
    } else {
        None
    };
    let over_ears = a.hair_style == HairStyle::LongOverEars;
    let buzz = a.hair_style == HairStyle::Buzz;
    // The cap ends above the ears (hairline at most -0.17 ry inside the cap's
    // width) unless a fringe or side hair comes lower.
    let lowest = if over_ears {
        ry * 0.58
    } else {
        fringe.map_or(-ry * 0.15, |f| (f + 10.0).max(-ry * 0.15))
    };
    let widest = if over_ears { rx * 1.25 } else { rx * 1.12 };
    cv.layer(hd.bbox([-widest, -ry * 1.2, widest, lowest]), |x, y| {
        let (u, v) = hd.local(x, y);
        let cap = ellipse(
            u,
            v + ry * 0.08,
            rx * if buzz { 1.02 } else { 1.09 },
            ry * if buzz { 1.0 } else { 1.08 },
        );
        let t = (u * (1.0 / rx)).powi(2);
        // Higher at the temples than at the ears: the ears stay uncovered.
        let hairline = -ry * if buzz { 0.62 } else { 0.5 } + t * ry * 0.28;
        let mut d = cap.max(v - hairline);
        if let Some(f) = fringe {
            // A fringe: a band over the forehead down to `f`, ragged at its lower edge.
            let ragged = f + 4.0 * fast_sin(u * 0.35) + 3.0 * hash((u * 0.3) as i32, 0, tseed);
            d = d.min(cap.max(v - ragged).max(u.abs() - rx * 0.95));
        }
        if over_ears {
            d = d.min(
                ellipse(u, v + ry * 0.1, rx * 1.22, ry * 1.12)
                    .max(rx * 0.74 - u.abs())
                    .max(v - ry * 0.55),
            );
        }
        (d < 2.0).then(|| {
            (
                d,
                if buzz {
                    lerp(scale(skin, 0.85), hair_c, 0.6)
                } else {
                    hair_at(u, v, 1.0)
                },
            )
        })
    });

    // Accessories.
    if a.earrings {
        for (side, k) in [(-1.0f32, ear_scale[0]), (1.0, ear_scale[1])] {
            if k < 0.4 {
                continue;
            }
            let (eu, ev) = (side * rx * 0.99 + hd.turn(0.15), ry * (EAR_V + 0.2) + 5.0);
            let metal = [235.0, 205.0, 110.0];
            cv.layer(hd.bbox([eu - 8.0, ev - 8.0, eu + 8.0, ev + 10.0]), |x, y| {
                let (u, v) = hd.local(x, y);
                let spec = 1.0 + 0.45 * gauss((u - eu + 1.5).powi(2) + (v - ev + 1.5).powi(2), 1.5);
                Some((ellipse(u - eu, v - ev, 4.5, 5.0), scale(metal, spec)))
            });
        }
    }
    if a.face_mask {
        let mask_c = [165.0, 205.0, 230.0];
        cv.layer(hd.bbox([-rx * 1.0, ry * 0.0, rx * 1.0, ry * 1.05]), |x, y| {
            let (u, v) = hd.local(x, y);
            let d =
                rounded_box(u - hd.turn(0.6), v - ry * 0.5, rx * 0.85, ry * 0.45, rx * 0.3).max(face_sdf(u, v) - 3.0);
            let pleat = 1.0 - 0.12 * (((v - ry * 0.5) / (ry * 0.15)).fract() < 0.08) as i32 as f32;
            Some((d, scale(mask_c, pleat)))
        });
    }
    if a.glasses {
        let frame_c = [35.0, 30.0, 30.0];
        let (gw, gh) = (rx * 0.26, ry * 0.11);
        let centres = [-eye_dx + hd.turn(0.75), eye_dx + hd.turn(0.75)];
        cv.layer(
            hd.bbox([-rx * 1.0, eye_y - gh - 6.0, rx * 1.0, eye_y + gh + 6.0]),
            |x, y| {
                let (u, v) = hd.local(x, y);
                let rims = centres
                    .iter()
                    .map(|&c| rounded_box(u - c, v - eye_y, gw, gh, gh * 0.6).abs() - 1.6)
                    .fold(f32::MAX, f32::min);
                let bridge = segment(
                    u,
                    v,
                    [centres[0] + gw, eye_y - gh * 0.3],
                    [centres[1] - gw, eye_y - gh * 0.3],
                    1.4,
                );
                let temples = segment(
                    u.abs(),
                    v,
                    [eye_dx + gw + hd.turn(0.75) * u.signum(), eye_y - gh * 0.4],
                    [rx * 0.98, eye_y - gh * 0.2],
                    1.3,
                );
                Some((rims.min(bridge).min(temples), frame_c))
            },
        );
        if a.lens_glare {
            let gc = [centres[1] - gw * 0.25, eye_y - gh * 0.3];
            cv.layer(hd.bbox([gc[0] - gw, gc[1] - gh, gc[0] + gw, gc[1] + gh]), |x, y| {
                let (u, v) = hd.local(x, y);
                let g = gauss((u - gc[0]).powi(2) * 0.35 + (v - gc[1]).powi(2), gh * 0.45);
                (g > 0.02).then_some((0.5 - g * 1.2, [250.0, 250.0, 250.0]))
            });
        }
    }
    if a.headwear {
        let cap_c = [160.0, 35.0, 40.0];
        cv.layer(hd.bbox([-rx * 1.45, -ry * 1.4, rx * 1.45, -ry * 0.35]), |x, y| {
            let (u, v) = hd.local(x, y);
            let dome = ellipse(u, v + ry * 0.62, rx * 1.13, ry * 0.68).max(v + ry * 0.48);
            let brim = ellipse(u, v + ry * 0.5, rx * 1.35, ry * 0.075);
            Some((dome.min(brim), scale(cap_c, 0.85 + 0.15 * (-v / ry).min(1.0))))
        });
    }
    if a.skin_shine {
        let spots = [
            (0.0, -0.55, 0.22),
            (hd.turn(1.0) / rx, 0.15, 0.1),
            (-0.45, 0.12, 0.14),
            (0.45, 0.12, 0.14),
        ];
        cv.layer(hd.bbox([-rx, -ry, rx, ry * 0.5]), |x, y| {
            let (u, v) = hd.local(x, y);
            let g = spots
                .iter()
                .map(|&(su, sv, r)| gauss((u - su * rx).powi(2) + (v - sv * ry).powi(2), r * rx))
                .fold(0.0, f32::max);
            (face_sdf(u, v) < 0.0 && g > 0.05).then_some((0.5 - g * 0.85, [255.0, 252.0, 245.0]))
        });
    }

    let geometry = geometry_of(a, &hd, &cv, ear_scale, long_len.is_some() || over_ears);
    let pixels = finish(a, &hd, &mut cv, seed);
    (pixels, geometry)
}

/// Photographic defects and quantisation with sensor noise.
fn finish(a: &Attributes, hd: &Head, cv: &mut Canvas, seed: u64) -> Vec<u8> {
    let (w, h) = (cv.w, cv.h);
    if a.blur > 0.0 {
        blur(&mut cv.px, w, h, a.blur * 0.5 * (cv.sx + cv.sy));
    }
    if a.beauty_filter {
        // Smooth the skin strongly inside the face, keep the rest.
        let mut smooth = cv.px.clone();
        blur(&mut smooth, w, h, 3.5 * cv.sx);
        for j in 0..h {
            for i in 0..w {
                let (x, y) = ((i as f32 + 0.5) / cv.sx, (j as f32 + 0.5) / cv.sy);
                let (u, v) = hd.local(x, y);
                let inside = ellipse(u, v + hd.ry * 0.05, hd.rx * 0.85, hd.ry * 0.8) < 0.0;
                if inside {
                    let k = j * w + i;
                    cv.px[k] = scale(smooth[k], 1.03);
                }
            }
        }
    }
    let smooth_skin = |k: usize| {
        let (x, y) = (((k % w) as f32 + 0.5) / cv.sx, ((k / w) as f32 + 0.5) / cv.sy);
        let (u, v) = hd.local(x, y);
        ellipse(u, v + hd.ry * 0.05, hd.rx * 0.85, hd.ry * 0.8) < 0.0
    };
    // Sensor noise, the same on all channels (luminance noise): the sum of
    // the two 16-bit halves of a xorshift32 draw (a triangular distribution),
    // scaled to sigma. Eight independent generators side by side, so that
    // the loop vectorises.
    const LANES: usize = 8;
    let mut rng = fastrand::Rng::with_seed(seed ^ 0x0005_eed0_f5e7);
    let mut state: [u32; LANES] = std::array::from_fn(|_| rng.u32(1..));
    let sigma_scale = a.noise / (65536.0 * (1.0f32 / 6.0).sqrt());
    let mut noise = vec![0.0f32; (w * h).next_multiple_of(LANES)];
    for chunk in noise.chunks_exact_mut(LANES) {
        for (n, s) in chunk.iter_mut().zip(state.iter_mut()) {
            let mut x = *s;
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            *s = x;
            *n = (((x & 0xFFFF) + (x >> 16)) as f32 - 65535.0) * sigma_scale;
        }
    }
    if a.beauty_filter {
        for (k, n) in noise.iter_mut().take(w * h).enumerate() {
            if smooth_skin(k) {
                *n *= 0.15;
            }
        }
    }
    let gain: [f32; 3] = std::array::from_fn(|c| a.exposure * a.colour_gain[c] * a.contrast);
    let offset = 128.0 * (1.0 - a.contrast);
    // Round half up; `f32::round` is a libm call, too slow per sample.
    let quantise = |p: f32, g: f32, n: f32| ((p * g + offset + n).clamp(0.0, 255.0) + 0.5) as u8;
    let mut out = vec![0u8; w * h * 3];
    // Four pixels (twelve samples) at a time, for the vectoriser.
    let g12: [f32; 12] = std::array::from_fn(|i| gain[i % 3]);
    let flat = cv.px.as_flattened();
    let whole = (w * h) / 4 * 12;
    for ((o, p), n) in out[..whole]
        .chunks_exact_mut(12)
        .zip(flat[..whole].chunks_exact(12))
        .zip(noise.chunks_exact(4))
    {
        let n12: [f32; 12] = std::array::from_fn(|i| n[i / 3]);
        for i in 0..12 {
            o[i] = quantise(p[i], g12[i], n12[i]);
        }
    }
    for i in whole..w * h * 3 {
        out[i] = quantise(flat[i], gain[i % 3], noise[i / 3]);
    }
    out
}

/// Separable Gaussian blur (three box passes per axis).
fn blur(px: &mut [Col], w: usize, h: usize, sigma: f32) {
    if sigma < 0.3 {
        return;
    }
    let r = ((sigma * sigma * 12.0 / 3.0 + 1.0).sqrt() * 0.5).floor().max(1.0) as usize;
    let mut tmp = vec![[0.0f32; 3]; w.max(h)];
    for _ in 0..3 {
        for row in px.chunks_exact_mut(w) {
            box_line(row, &mut tmp[..w], r);
        }
        let mut colbuf = vec![[0.0f32; 3]; h];
        for i in 0..w {
            for j in 0..h {
                colbuf[j] = px[j * w + i];
            }
            box_line(&mut colbuf, &mut tmp[..h], r);
            for j in 0..h {
                px[j * w + i] = colbuf[j];
            }
        }
    }
}

fn box_line(line: &mut [Col], tmp: &mut [Col], r: usize) {
    let n = line.len();
    let mut acc = [0.0f32; 3];
    let at = |i: isize| line[i.clamp(0, n as isize - 1) as usize];
    for i in -(r as isize) - 1..r as isize {
        let p = at(i);
        for c in 0..3 {
            acc[c] += p[c];
        }
    }
    let norm = 1.0 / (2 * r + 1) as f32;
    for (i, t) in tmp.iter_mut().enumerate().take(n) {
        let (add, sub) = (at(i as isize + r as isize), at(i as isize - r as isize - 1));
        for c in 0..3 {
            acc[c] += add[c] - sub[c];
        }
        *t = scale(acc, norm);
    }
    line.copy_from_slice(tmp);
}

/// The second person's face: centre and half-axes, 480 × 640 frame.
fn second_person_face(subject_cx: f32) -> (f32, f32, f32, f32) {
    let cx = if subject_cx > 240.0 { 62.0 } else { 418.0 };
    (cx, 165.0, 52.0, 68.0)
}

/// Whether the second person's face shows: the graduate's head (hair
/// included, 1.35 face half-widths to each side) leaves at least 80 % of
/// its width uncovered.
pub fn second_person_visible(a: &Attributes) -> bool {
    let (cx, _, rx, _) = second_person_face(a.face_cx);
    let reach = 1.35 * a.face_rx;
    let covered = if cx < a.face_cx {
        (cx + rx) - (a.face_cx - reach)
    } else {
        (a.face_cx + reach) - (cx - rx)
    };
    a.second_person && covered.max(0.0) <= 0.2 * 2.0 * rx
}

/// A second, smaller person standing behind the graduate, on the side
/// with more room: shoulders, neck, hair, a frontal face with brows, eyes,
/// nose and mouth (flat-shaded: seen from afar, out of the studio light).
fn second_person(cv: &mut Canvas, subject_cx: f32) {
    let (cx, cy, rx, ry) = second_person_face(subject_cx);
    let skin = [205.0, 160.0, 130.0];
    let hair = [40.0, 30.0, 26.0];
    cv.layer([cx - 2.6 * rx, cy + 1.1 * ry, cx + 2.6 * rx, 640.0], |x, y| {
        let d = rounded_box(x - cx, y - (cy + 1.35 * ry + 200.0), 2.3 * rx, 200.0, 40.0);
        Some((d, [70.0, 74.0, 82.0]))
    });
    cv.layer([cx - 0.5 * rx, cy + 0.5 * ry, cx + 0.5 * rx, cy + 1.5 * ry], |x, y| {
        Some((((x - cx).abs() - 0.4 * rx).max(cy + 0.6 * ry - y), scale(skin, 0.75)))
    });
    cv.layer([cx - 1.3 * rx, cy - 1.4 * ry, cx + 1.3 * rx, cy + 0.6 * ry], |x, y| {
        Some((ellipse(x - cx, y - cy + 0.15 * ry, 1.12 * rx, 1.1 * ry), hair))
    });
    cv.layer([cx - rx - 2.0, cy - ry * 0.8, cx + rx + 2.0, cy + ry + 2.0], |x, y| {
        let shade = 1.0 - 0.25 * ((y - cy) / ry).max(0.0).powi(2) - 0.1 * ((x - cx) / rx).powi(2);
        Some((ellipse(x - cx, y - cy, rx, ry), scale(skin, shade)))
    });
    for side in [-1.0f32, 1.0] {
        let (ex, ey) = (cx + side * 0.4 * rx, cy - 0.12 * ry);
        cv.layer([ex - 14.0, ey - 22.0, ex + 14.0, ey - 8.0], |x, y| {
            Some((((y - (ey - 15.0)).abs() - 2.5).max((x - ex).abs() - 11.0), hair))
        });
        cv.layer([ex - 12.0, ey - 6.0, ex + 12.0, ey + 6.0], |x, y| {
            let (dx, dy) = (x - ex, y - ey);
            let c = if dx * dx + dy * dy < 16.0 {
                [25.0, 18.0, 15.0]
            } else {
                [230.0, 225.0, 220.0]
            };
            Some((ellipse(dx, dy, 9.0, 4.5), c))
        });
    }
    cv.layer([cx - 8.0, cy, cx + 8.0, cy + 0.3 * ry], |x, y| {
        Some((ellipse(x - cx, y - (cy + 0.22 * ry), 6.0, 4.0), scale(skin, 0.8)))
    });
    cv.layer([cx - 16.0, cy + 0.4 * ry, cx + 16.0, cy + 0.6 * ry], |x, y| {
        Some((ellipse(x - cx, y - (cy + 0.5 * ry), 13.0, 3.5), [170.0, 90.0, 85.0]))
    });
}

/// How far above the face centre the head ends (hair, bun or cap), in face
/// half-heights.
pub fn head_top_factor(style: HairStyle, top_bun: bool, headwear: bool) -> f32 {
    if headwear {
        1.3
    } else if top_bun {
        1.46
    } else if style == HairStyle::Buzz {
        1.08
    } else if matches!(style, HairStyle::LongBehind | HairStyle::LongOverEars | HairStyle::Bob) {
        // The long-hair layer behind the head: an ellipse 1.12 face
        // half-heights tall around 0.1 above the face centre.
        LONG_HAIR_TOP
    } else {
        HAIR_TOP
    }
}

/// Ground truth, in output pixels.
fn geometry_of(a: &Attributes, hd: &Head, cv: &Canvas, ear_scale: [f32; 2], hair_covers_sides: bool) -> Geometry {
    let (sx, sy) = (cv.sx, cv.sy);
    let p = |uv: [f32; 2]| [uv[0] * sx, uv[1] * sy];
    let (rx, ry) = (hd.rx, hd.ry);
    let mut top_v = -ry * head_top_factor(a.hair_style, a.top_bun, a.headwear);
    if a.neckline == Neckline::Hoodie {
        // The hood's outline rises over the hair: its top is the head's.
        top_v = top_v.min(ry * (HOOD_CENTRE_V - HOOD_RY));
    }
    let head_top = (0..=20)
        .map(|i| hd.frame(rx * (i as f32 / 10.0 - 1.0) * 0.3, top_v)[1])
        .fold(f32::MAX, f32::min)
        * sy;
    let chin = hd.frame(hd.turn(0.2), ry)[1] * sy;
    let eye = |side: f32| p(hd.frame(side * rx * EYE_U + hd.turn(0.7), ry * EYE_V));
    let face = hd.bbox([-rx, -ry, rx, ry]);
    let ear_box = |side: f32, k: f32| {
        let (eu, ev) = (side * rx * 0.96 + hd.turn(0.15), ry * EAR_V);
        let b = hd.bbox([
            eu - rx * 0.15 * k.max(0.05),
            ev - ry * 0.2,
            eu + rx * 0.15 * k.max(0.05),
            ev + ry * 0.2,
        ]);
        [b[0] * sx, b[1] * sy, (b[2] - b[0]) * sx, (b[3] - b[1]) * sy]
    };
    let ears_hidden = hair_covers_sides && a.hair_style != HairStyle::LongBehind && a.hair_style != HairStyle::Bob;
    let shoulder_top = hd.cy + ry * 1.28 + ry * 0.18 - rx * 0.44 * 0.15 - ry * 0.2;
    let torso_x0 = (hd.cx - rx * 2.6).max(0.0);
    let torso_x1 = (hd.cx + rx * 2.6).min(480.0);
    Geometry {
        head_top,
        chin,
        eye_left: eye(-1.0),
        eye_right: eye(1.0),
        face_box: [
            (face[0] + 2.0) * sx,
            (face[1] + 2.0) * sy,
            (face[2] - face[0] - 4.0) * sx,
            (face[3] - face[1] - 4.0) * sy,
        ],
        ear_boxes: [ear_box(-1.0, ear_scale[0]), ear_box(1.0, ear_scale[1])],
        ears_visible: [!ears_hidden && ear_scale[0] > 0.3, !ears_hidden && ear_scale[1] > 0.3],
        torso_box: [
            torso_x0 * sx,
            shoulder_top * sy,
            (torso_x1 - torso_x0) * sx,
            (640.0 - shoulder_top) * sy,
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exp_neg_is_close_to_exp() {
        for i in 0..=80 {
            let t = i as f32 * 0.1;
            let (a, b) = (exp_neg(t), (-t).exp());
            assert!(
                (a - b).abs() <= b * (t * t / 2000.0 + 1e-3) + 1e-6,
                "t = {t}: {a} vs {b}"
            );
        }
    }

    #[test]
    fn fast_sin_is_close_to_sin() {
        for i in -100..=100 {
            let x = i as f32 * 0.37;
            assert!((fast_sin(x) - x.sin()).abs() < 0.002, "x = {x}");
        }
    }
}

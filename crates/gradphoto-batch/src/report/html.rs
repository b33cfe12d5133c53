//! The HTML report: one self-contained page a person opens in a browser.
//!
//! Built from a finished JSON Lines results file (so a resumed run's page
//! shows every photo, and a page can be made again later without checking
//! anything): the counts per status and per rule first, then one card per
//! photo that did not pass — rejected photos first, then those that could
//! not be analysed, then warnings — each with a preview of the photo, the
//! regions of its findings drawn over it and numbered, the located eyes,
//! nose, mouth, chin and head top, every finding's messages (Chinese and
//! English) with what was measured against what the profile asks, and the
//! rules this build checks that could not be judged on that photo.
//!
//! - **Bounded.** At most [`HtmlOptions::limit`] cards (the page says how
//!   many more photos there are; all of them are in the results); records
//!   are streamed from the results file, one chunk of cards at a time, so
//!   memory does not grow with the batch. The counts read each record's
//!   status and findings only; each section reads on only until its cards
//!   are found, and not at all once the limit is reached.
//! - **Read only.** The results file is never changed (a half-written last
//!   line, from a run still going or killed, is skipped, not cut).
//! - **Self-contained.** Previews are small JPEGs embedded as `data:` URIs
//!   ([`gradphoto::thumbnail`]; about 5 KB each at the default 150 × 200
//!   box), styles and the small filter script inline: the file can be
//!   mailed or archived alone and opened offline.
//! - **Atomic.** Written to a temporary file beside the target, renamed
//!   over it when complete.
//! - A photo that cannot be previewed (moved since, or undecodable — the
//!   `error` records) gets its card without a preview, saying why.

use std::fmt::Write as _;
use std::io::{self, Write};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use gradphoto::landmarks::Landmarks;
use gradphoto::{Engine, Finding, RuleId, Severity, Status};
use rayon::prelude::*;
use serde::Deserialize;

use super::escape;
use super::jsonl::{ResumeError, read_results};
use super::summary::{Summary, SummaryBuilder};
use crate::record::Record;

/// What the page shows.
#[derive(Clone, Debug)]
pub struct HtmlOptions {
    /// Cards at most (photos beyond are counted, not shown).
    pub limit: usize,
    /// Show passing photos too (after the others).
    pub passing: bool,
    /// The box previews are fitted into, `[width, height]` pixels.
    pub preview: [u32; 2],
    /// Worker threads for the previews; 0 means one per core.
    pub jobs: usize,
    /// The folder relative paths in the results are read from (where the
    /// check ran); `None`: the current folder.
    pub root: Option<PathBuf>,
}

impl Default for HtmlOptions {
    fn default() -> HtmlOptions {
        HtmlOptions {
            limit: 1000,
            passing: false,
            preview: [150, 200],
            jobs: 0,
            root: None,
        }
    }
}

/// What was written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HtmlStats {
    /// Records in the results.
    pub records: u64,
    /// Cards on the page.
    pub cards: u64,
    /// Photos that would have a card but for the limit.
    pub left_out: u64,
    /// Cards without a preview (the photo could not be read or decoded).
    pub without_preview: u64,
}

/// Why no page was written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum HtmlError {
    /// The results cannot be read.
    #[error("cannot read the results")]
    Results(#[from] ResumeError),
    /// The results file does not exist.
    #[error("{0}: no such results file")]
    NoResults(String),
    /// The page cannot be written.
    #[error("cannot write the HTML report: {0}")]
    Output(io::Error),
    /// The worker pool cannot be started.
    #[error("cannot start {0} worker threads: {1}")]
    Pool(usize, String),
}

/// What the counts need of a record (the rest of the line is skipped,
/// not parsed into measurements).
#[derive(Deserialize)]
struct Outline {
    status: Status,
    #[serde(default)]
    findings: Vec<FindingOutline>,
}

#[derive(Deserialize)]
struct FindingOutline {
    rule: RuleId,
    severity: Severity,
}

/// Cards rendered at a time (their previews in parallel).
const CHUNK: usize = 64;

/// The order of the page's sections: worst first.
const SECTIONS: [(Status, &str, &str); 4] = [
    (Status::Fail, "不合格", "Rejected"),
    (Status::Error, "无法分析", "Could not be analysed"),
    (Status::Warn, "需人工复核", "To look at"),
    (Status::Pass, "合格", "Passed"),
];

/// Write the page for the records in `results` to `path`.
///
/// `engine` gives the profile's name, its file and pixel limits (a
/// preview is refused where the check was) and the rules it declares but
/// this build does not check.
///
/// # Errors
/// [`HtmlError`].
pub fn write_html(path: &Path, results: &Path, engine: &Engine, options: &HtmlOptions) -> Result<HtmlStats, HtmlError> {
    if !results.is_file() {
        return Err(HtmlError::NoResults(results.display().to_string()));
    }
    let pool = crate::worker_pool(options.jobs).map_err(|(n, e)| HtmlError::Pool(n, e))?;
    // Pass 1: the counts, from each record's status and findings alone.
    let mut builder = SummaryBuilder::new(&engine.profile().name, engine.not_implemented());
    let records = read_results(results, |r: Outline| {
        let findings = r.findings.iter().map(|f| (f.rule, f.severity));
        builder.add_outcome(r.status, findings, false);
        ControlFlow::Continue(())
    })?;
    let summary = builder.finish(Vec::new(), Vec::new(), 0.0);
    let shown = |status: Status| status != Status::Pass || options.passing;
    let wanted: u64 = SECTIONS
        .iter()
        .filter(|s| shown(s.0))
        .map(|s| summary.statuses.get(s.0))
        .sum();
    let mut stats = HtmlStats {
        records,
        ..HtmlStats::default()
    };
    let title = results
        .file_name()
        .map_or_else(|| results.display().to_string(), |n| n.to_string_lossy().into_owned());
    let cards = Cards {
        results,
        engine,
        options,
        pool: &pool,
    };
    super::write_atomically(path, |w| {
        head(w, &title, &summary, results)?;
        // Pass 2, once per section: the cards, a chunk at a time.
        let mut budget = options.limit as u64;
        for &(status, zh, en) in SECTIONS.iter().filter(|s| shown(s.0)) {
            let count = summary.statuses.get(status);
            if count == 0 {
                continue;
            }
            let showing = count.min(budget);
            budget -= showing;
            writeln!(
                w,
                "<section class=\"st-{s}\"><h2>{zh} · {en} <small>{count} photos{more}</small></h2>",
                s = status.as_str(),
                more = match showing {
                    0 => ", none shown: the page's limit is reached".to_owned(),
                    n if n < count => format!(", the first {n} shown"),
                    _ => String::new(),
                }
            )?;
            cards.write(status, showing, w, &mut stats)?;
            writeln!(w, "</section>")?;
        }
        stats.left_out = wanted.saturating_sub(stats.cards);
        if stats.left_out > 0 {
            writeln!(
                w,
                "<p class=\"more\">另有 {n} 张未列出 · {n} more photos are not shown (the page lists at most {limit}); \
                 every photo is in <code>{results}</code>.</p>",
                n = stats.left_out,
                limit = options.limit,
                results = escape(&results.display().to_string()),
            )?;
        }
        writeln!(w, "{FOOT}")
    })
    .map_err(HtmlError::Output)?;
    Ok(stats)
}

/// What the cards are made from.
struct Cards<'a> {
    results: &'a Path,
    engine: &'a Engine,
    options: &'a HtmlOptions,
    pool: &'a rayon::ThreadPool,
}

impl Cards<'_> {
    /// The cards of the first `n` photos of `status`, in the results'
    /// order: read until they are found, rendered a chunk at a time.
    fn write(&self, status: Status, n: u64, w: &mut dyn Write, stats: &mut HtmlStats) -> io::Result<()> {
        if n == 0 {
            return Ok(());
        }
        let (mut chunk, mut left, mut failed) = (Vec::with_capacity(CHUNK), n, None);
        read_results(self.results, |r: Record| {
            if r.verdict.status == status {
                left -= 1;
                chunk.push(r);
                if chunk.len() == CHUNK {
                    failed = self.render(&mut chunk, w, stats).err();
                }
            }
            if failed.is_some() || left == 0 {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        })
        .map_err(io::Error::other)?;
        match failed {
            Some(e) => Err(e),
            None => self.render(&mut chunk, w, stats),
        }
    }

    /// Render a chunk of cards (their previews in parallel), write them
    /// in order, empty the chunk.
    fn render(&self, chunk: &mut Vec<Record>, w: &mut dyn Write, stats: &mut HtmlStats) -> io::Result<()> {
        let cards: Vec<(String, bool)> = self.pool.install(|| {
            chunk
                .par_iter()
                .map_init(Vec::new, |pixels, r| card(r, self.engine, self.options, pixels))
                .collect()
        });
        chunk.clear();
        cards.into_iter().try_for_each(|(html, previewed)| {
            stats.cards += 1;
            stats.without_preview += u64::from(!previewed);
            w.write_all(html.as_bytes())
        })
    }
}

/// The page's head, the counts per status and the table of rules.
fn head(w: &mut dyn Write, title: &str, s: &Summary, results: &Path) -> io::Result<()> {
    writeln!(
        w,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>gradphoto · {title}</title><style>{STYLE}</style></head><body>",
        title = escape(title),
    )?;
    writeln!(
        w,
        "<header><h1>学历证书电子注册图像检查 · Diploma photo check</h1>\
         <p>profile <code>{profile}</code> · results <code>{results}</code> · {files} photos</p>",
        profile = escape(&s.profile),
        results = escape(&results.display().to_string()),
        files = s.files,
    )?;
    let mut counts = String::from("<ul class=\"counts\">");
    for (status, zh, en) in [
        (Status::Pass, "合格", "pass"),
        (Status::Warn, "复核", "warn"),
        (Status::Fail, "不合格", "fail"),
        (Status::Error, "无法分析", "error"),
    ] {
        let n = s.statuses.get(status);
        let share = if s.files > 0 {
            100.0 * n as f64 / s.files as f64
        } else {
            0.0
        };
        let _ = write!(
            counts,
            "<li class=\"st-{en}\"><b>{n}</b> {zh} · {en} <small>{share:.1} %</small></li>"
        );
    }
    counts.push_str("</ul>");
    writeln!(w, "{counts}")?;
    if !s.rules.is_empty() {
        writeln!(
            w,
            "<table class=\"rules\"><thead><tr><th>rule</th><th>要求 · what it asks</th>\
             <th>fail</th><th>warn</th></tr></thead><tbody>"
        )?;
        for r in &s.rules {
            writeln!(
                w,
                "<tr data-rule=\"{id}\"><td><a href=\"#\" class=\"rule\">{id}</a></td><td>{zh}<br><small>{en}</small></td>\
                 <td>{errors}</td><td>{warnings}</td></tr>",
                id = r.rule.as_str(),
                zh = escape(r.rule.title_zh()),
                en = escape(r.rule.title_en()),
                errors = r.errors,
                warnings = r.warnings,
            )?;
        }
        writeln!(
            w,
            "</tbody></table><p class=\"filter\">Showing cards for: <b id=\"shown\">every rule</b> \
             <a href=\"#\" id=\"all\">show all</a></p>"
        )?;
    }
    if !s.not_implemented.is_empty() {
        let ids: Vec<&str> = s.not_implemented.iter().map(|r| r.as_str()).collect();
        writeln!(
            w,
            "<p class=\"note\">未检查 · declared by the profile but not checked by this build (no photo passed them): \
             <code>{}</code></p>",
            ids.join("</code> <code>")
        )?;
    }
    writeln!(w, "</header><main>")
}

/// One photo's card, and whether it has a preview.
fn card(r: &Record, engine: &Engine, options: &HtmlOptions, pixels: &mut Vec<u8>) -> (String, bool) {
    let v = &r.verdict;
    let rules: Vec<&str> = v.findings.iter().map(|f| f.rule.as_str()).collect();
    let mut html = String::with_capacity(8 * 1024);
    let _ = write!(
        html,
        "<article class=\"card st-{status}\" data-rules=\"{rules}\">",
        status = v.status.as_str(),
        rules = rules.join(" "),
    );
    let preview = if v.status == Status::Error {
        Err(String::from("not analysed"))
    } else {
        preview(&r.path, engine, options, pixels)
    };
    let previewed = preview.is_ok();
    match preview {
        Ok(t) => figure(&mut html, &t, v.findings.as_slice(), v.measurements.landmarks.as_ref()),
        Err(why) => {
            let _ = write!(
                html,
                "<figure class=\"none\">no preview<br><small>{}</small></figure>",
                escape(&why)
            );
        }
    }
    let _ = write!(
        html,
        "<div class=\"body\"><h3><span class=\"badge\">{status}</span> {path}</h3>\
         <p class=\"id\">ID <code>{id}</code> {kind} · {valid}</p>",
        status = v.status.as_str(),
        path = escape(&r.path),
        id = escape(&v.id.value),
        kind = escape(&v.id.kind),
        valid = if v.id.valid { "valid" } else { "invalid" },
    );
    if let Some(error) = &v.error {
        let _ = write!(
            html,
            "<p class=\"error\">{}<br><small>{}</small></p>",
            escape(&error.zh),
            escape(&error.en)
        );
    }
    if !v.findings.is_empty() {
        html.push_str("<ol>");
        for f in &v.findings {
            finding(&mut html, f);
        }
        html.push_str("</ol>");
    }
    // What this build checks but could not judge on this photo (a face
    // not found, eyes under glare, a neck out of the frame): never a pass.
    if v.status != Status::Error {
        let unjudged: Vec<&str> = engine
            .profile()
            .rules
            .declared()
            .filter(|r| r.is_implemented() && !v.checked.contains(r))
            .map(|r| r.as_str())
            .collect();
        if !unjudged.is_empty() {
            let _ = write!(
                html,
                "<p class=\"unjudged\">未判定 · not judged on this photo: <code>{}</code></p>",
                unjudged.join("</code> <code>")
            );
        }
    }
    html.push_str("</div></article>\n");
    (html, previewed)
}

/// One finding: its number on the preview (when it has a region), its
/// rule and severity, its messages, what was measured against what is asked.
fn finding(html: &mut String, f: &Finding) {
    let _ = write!(
        html,
        "<li class=\"sev-{sev}\"><code>{rule}</code> <span class=\"sev\">{sev}</span> {zh}<br><small>{en}</small>",
        sev = severity(f.severity),
        rule = f.rule.as_str(),
        zh = escape(&f.message.zh),
        en = escape(&f.message.en),
    );
    let value = |v: &Option<serde_json::Value>| v.as_ref().map(|v| clip(&v.to_string(), 160));
    if let (Some(measured), expected) = (value(&f.measured), value(&f.expected)) {
        let _ = write!(html, "<br><small class=\"m\">measured {}", escape(&measured));
        if let Some(expected) = expected {
            let _ = write!(html, " · asked {}", escape(&expected));
        }
        html.push_str("</small>");
    }
    html.push_str("</li>");
}

/// The preview of the photo at `path`, or why there is none.
fn preview(
    path: &str,
    engine: &Engine,
    options: &HtmlOptions,
    pixels: &mut Vec<u8>,
) -> Result<gradphoto::thumbnail::Thumbnail, String> {
    let limits = &engine.profile().limits;
    let path = match &options.root {
        Some(root) if Path::new(path).is_relative() => root.join(path),
        _ => PathBuf::from(path),
    };
    let mut bytes = Vec::new();
    crate::read_file(&path, limits.max_file_bytes, &mut bytes).map_err(|e| e.to_string())?;
    gradphoto::thumbnail::thumbnail(&bytes, limits.max_pixels, options.preview, pixels).map_err(|e| e.to_string())
}

/// The preview as SVG: the JPEG stretched over the photo's own pixel
/// frame, so that regions and landmarks are drawn in the records'
/// coordinates; each finding's region numbered in the findings' order.
fn figure(html: &mut String, t: &gradphoto::thumbnail::Thumbnail, findings: &[Finding], lm: Option<&Landmarks>) {
    let [w, h] = t.source;
    let data = base64::engine::general_purpose::STANDARD.encode(&t.jpeg);
    let _ = write!(
        html,
        "<figure><svg viewBox=\"0 0 {w} {h}\" width=\"{tw}\" height=\"{th}\" role=\"img\">\
         <image href=\"data:image/jpeg;base64,{data}\" width=\"{w}\" height=\"{h}\" preserveAspectRatio=\"none\"/>",
        tw = t.width,
        th = t.height,
    );
    // Text and marks a fixed share of the photo's size, whatever its pixels.
    let unit = w.max(h) as f32 / 100.0;
    if let Some(lm) = lm {
        html.push_str("<g class=\"lm\">");
        for p in lm.eyes.iter().chain([&lm.nose, &lm.mouth]) {
            let _ = write!(
                html,
                "<circle cx=\"{:.0}\" cy=\"{:.0}\" r=\"{:.1}\"/>",
                p[0],
                p[1],
                0.8 * unit
            );
        }
        let (left, right) = (lm.eyes[0][0], lm.eyes[1][0]);
        let (x0, x1) = (left - 0.6 * (right - left), right + 0.6 * (right - left));
        for y in [lm.head_top, lm.chin].into_iter().flatten() {
            let _ = write!(
                html,
                "<line x1=\"{x0:.0}\" x2=\"{x1:.0}\" y1=\"{y:.0}\" y2=\"{y:.0}\"/>"
            );
        }
        html.push_str("</g>");
    }
    for (n, f) in findings.iter().enumerate() {
        let Some(r) = f.region else { continue };
        let _ = write!(
            html,
            "<g class=\"sev-{sev}\"><title>{n}. {rule}</title>\
             <rect x=\"{x}\" y=\"{y}\" width=\"{rw}\" height=\"{rh}\"/>\
             <text x=\"{tx:.0}\" y=\"{ty:.0}\" font-size=\"{fs:.0}\">{n}</text></g>",
            sev = severity(f.severity),
            n = n + 1,
            rule = f.rule.as_str(),
            x = r.x,
            y = r.y,
            rw = r.width,
            rh = r.height,
            tx = r.x as f32 + 0.6 * unit,
            ty = r.y as f32 + 5.0 * unit,
            fs = 5.0 * unit,
        );
    }
    html.push_str("</svg></figure>");
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warn => "warn",
    }
}

/// `text` cut to `max` characters (an ellipsis marks the cut).
fn clip(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

const STYLE: &str = "\
body{font:14px/1.45 system-ui,'PingFang SC','Microsoft YaHei',sans-serif;margin:0;color:#222;background:#f6f6f4}\
header{padding:16px 24px;background:#fff;border-bottom:1px solid #ddd}h1{font-size:20px;margin:0 0 4px}\
main{padding:8px 24px}h2{font-size:17px;margin:20px 0 8px}h2 small{font-weight:normal;color:#666}\
.counts{display:flex;gap:12px;list-style:none;padding:0}.counts li{padding:6px 12px;border-radius:6px;background:#eee}\
.counts b{font-size:18px}.st-pass .badge,.counts .st-pass{background:#dff3e0}.st-warn .badge,.counts .st-warn{background:#fff1c6}\
.st-fail .badge,.counts .st-fail{background:#fbd9d6}.st-error .badge,.counts .st-error{background:#e4e0f5}\
table.rules{border-collapse:collapse;margin:8px 0}.rules td,.rules th{padding:3px 10px;border-bottom:1px solid #eee;text-align:left}\
.rules tr.on{background:#eef4ff}.card{display:flex;gap:14px;background:#fff;border:1px solid #ddd;border-radius:8px;\
padding:10px;margin:8px 0}.card.hidden{display:none}figure{margin:0;flex:none}figure.none{width:150px;height:200px;\
display:flex;align-items:center;justify-content:center;text-align:center;background:#eee;color:#777}\
svg rect{fill:none;stroke-width:2;vector-effect:non-scaling-stroke}svg text{font-weight:bold;paint-order:stroke;\
stroke:#fff;stroke-width:2px;vector-effect:non-scaling-stroke}.sev-error rect{stroke:#d62a1e}.sev-error text{fill:#d62a1e}\
.sev-warn rect{stroke:#e0a000}.sev-warn text{fill:#b07d00}.lm circle{fill:#19c3e6}.lm line{stroke:#19c3e6;\
stroke-width:1.5;stroke-dasharray:4 3;vector-effect:non-scaling-stroke}.body h3{font-size:14px;margin:0 0 4px;\
word-break:break-all}.badge{padding:1px 6px;border-radius:4px;font-size:12px}.body ol{margin:4px 0;padding-left:20px}\
.sev{font-size:11px;text-transform:uppercase;color:#666}li.sev-error .sev{color:#d62a1e}.m{color:#555}\
.id,.note,.more,.unjudged{color:#555}.unjudged{font-size:12px}p.error{color:#6a3db8}";

/// The page's end: a script that shows only the cards of a rule picked in
/// the table (the page reads the same without it).
const FOOT: &str = "</main><script>\
(function(){var cards=document.querySelectorAll('.card'),shown=document.getElementById('shown'),\
rows=document.querySelectorAll('tr[data-rule]');function pick(rule){cards.forEach(function(c){\
c.classList.toggle('hidden',!!rule&&(' '+c.dataset.rules+' ').indexOf(' '+rule+' ')<0)});\
rows.forEach(function(r){r.classList.toggle('on',r.dataset.rule===rule)});if(shown)shown.textContent=rule||'every rule'}\
rows.forEach(function(r){r.querySelector('a').addEventListener('click',function(e){e.preventDefault();\
pick(r.dataset.rule)})});var all=document.getElementById('all');if(all)all.addEventListener('click',function(e){\
e.preventDefault();pick(null)})})();</script></body></html>";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn special_characters_are_escaped_and_long_values_clipped() {
        assert_eq!(
            escape("<a href=\"x\">R&D's</a>"),
            "&lt;a href=&quot;x&quot;&gt;R&amp;D&apos;s&lt;/a&gt;"
        );
        assert_eq!(escape("张三.jpg"), "张三.jpg");
        assert_eq!(clip("一二三四五", 3), "一二三…");
        assert_eq!(clip("abc", 3), "abc");
    }
}

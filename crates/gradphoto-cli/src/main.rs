//! `gradphoto`: check folders of diploma photos against a profile.
//!
//! A thin layer: parse the arguments, build the engine, hand the inputs to
//! the batch driver, write the reports, map the outcome to an exit code
//! (0 nothing at or above `--fail-on`, 1 some photo at or above it, 2 usage
//! or fatal I/O error).

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand, ValueEnum};
use gradphoto::{Engine, Profile, Status};
use gradphoto_batch::{BatchOptions, InputSet, report};

mod normalize;

/// Compliance checks for Chinese diploma photos (学历证书电子注册图像).
#[derive(Debug, Parser)]
#[command(name = "gradphoto", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check photos: files, folders (walked for .jpg/.jpeg/.png) or lists.
    Check(CheckArgs),
    /// List the built-in profiles, or show one.
    Profiles {
        #[command(subcommand)]
        action: Option<ProfilesAction>,
    },
    /// Print the JSON Schema of a JSON Lines record.
    Schema,
    /// Generate labelled synthetic graduation photos.
    Synth(SynthArgs),
    /// Score the engine against labelled photos: per-rule error rates.
    Eval(EvalArgs),
    /// Write compliant copies of photos that fail only on geometry, pixel
    /// size or file size (crop, resize, re-encode); originals are never touched.
    Normalize(NormalizeArgs),
    /// Write the HTML report (previews with the findings drawn over them)
    /// for a results file of `check`.
    Report(ReportArgs),
    /// Serve the checks over HTTP: POST a photo's bytes to
    /// /v1/check?name=ID.jpg, get its record as JSON.
    Serve(ServeArgs),
}

#[derive(Debug, clap::Args)]
struct ServeArgs {
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDR:PORT")]
    listen: std::net::SocketAddr,
    /// A built-in profile name or a TOML/JSON file.
    #[arg(long, short, default_value = "chsi", value_name = "NAME|PATH")]
    profile: String,
    /// Photos analysed at once (default: one per core).
    #[arg(long, short, default_value_t = 0)]
    jobs: usize,
}

#[derive(Debug, clap::Args)]
struct ReportArgs {
    /// The JSON Lines results of `check --out`.
    results: PathBuf,
    /// Where the page goes.
    #[arg(long, value_name = "FILE")]
    html: PathBuf,
    /// The profile the results were checked with (its file and pixel
    /// limits bound the previews; its name heads the page).
    #[arg(long, short, default_value = "chsi", value_name = "NAME|PATH")]
    profile: String,
    #[command(flatten)]
    page: PageArgs,
    /// The folder the check ran from: relative paths in the results are
    /// read from there (default: the current folder).
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    /// Worker threads for the previews (default: one per core).
    #[arg(long, short, default_value_t = 0)]
    jobs: usize,
}

/// What the HTML page shows.
#[derive(Debug, clap::Args)]
struct PageArgs {
    /// Photos the HTML page shows at most (worst first; the rest are counted).
    #[arg(long, value_name = "N", default_value_t = 1000, requires = "html")]
    html_limit: usize,
    /// Show passing photos on the HTML page too.
    #[arg(long, requires = "html")]
    html_passing: bool,
}

impl PageArgs {
    fn options(&self, jobs: usize) -> report::html::HtmlOptions {
        report::html::HtmlOptions {
            limit: self.html_limit,
            passing: self.html_passing,
            jobs,
            ..report::html::HtmlOptions::default()
        }
    }
}

#[derive(Debug, clap::Args)]
struct NormalizeArgs {
    /// Photos and folders (folders are walked recursively).
    paths: Vec<PathBuf>,
    /// Read more paths, one per line, from FILE (`-` for standard input).
    #[arg(long, value_name = "FILE|-")]
    files_from: Option<PathBuf>,
    /// Where the copies and normalize.jsonl go.
    #[arg(long, value_name = "DIR")]
    out_dir: PathBuf,
    /// A built-in profile name or a TOML/JSON file.
    #[arg(long, short, default_value = "chsi", value_name = "NAME|PATH")]
    profile: String,
    /// Worker threads (default: one per core).
    #[arg(long, short, default_value_t = 0)]
    jobs: usize,
}

#[derive(Debug, clap::Args)]
struct SynthArgs {
    /// How many photos.
    #[arg(long, short = 'n')]
    count: usize,
    /// Random seed: the same (count, seed, profile, mix) gives the same files.
    #[arg(long, short, default_value_t = 1)]
    seed: u64,
    /// Output folder (photos and labels.jsonl).
    #[arg(long, short)]
    out: PathBuf,
    /// The profile the expected rules are computed for.
    #[arg(long, short, default_value = "chsi", value_name = "NAME|PATH")]
    profile: String,
    /// Share of compliant photos and of multi-violation photos among the rest.
    #[arg(long, default_value = "compliant=0.4,multi=0.25")]
    mix: gradphoto_synth::generate::Mix,
    /// Also file re-encoded, resized and 2 %-cropped copies of the first N
    /// photos under new IDs, listed in duplicates.jsonl (not labelled).
    #[arg(long, default_value_t = 0, value_name = "N")]
    copies: usize,
    /// Worker threads (default: one per core).
    #[arg(long, short, default_value_t = 0)]
    jobs: usize,
}

#[derive(Debug, clap::Args)]
struct EvalArgs {
    /// Labels, one JSON object per line: {"file": ..., "expected_rules": [...]}.
    #[arg(long)]
    labels: PathBuf,
    /// The profile to check with (default: the one the labels name, else chsi).
    #[arg(long, short, value_name = "NAME|PATH")]
    profile: Option<String>,
    /// Score an existing results file instead of running the engine.
    #[arg(long, value_name = "FILE", conflicts_with = "paths")]
    results: Option<PathBuf>,
    /// Check these photos or folders (default: the labelled files).
    paths: Vec<PathBuf>,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
    /// Worker threads (default: one per core).
    #[arg(long, short, default_value_t = 0)]
    jobs: usize,
}

#[derive(Debug, Subcommand)]
enum ProfilesAction {
    /// List the built-in profiles (the default).
    List,
    /// Print a profile, resolved (`extends` merged), as TOML.
    Show {
        /// A built-in name or a profile file.
        name: String,
        /// Print the embedded source file instead (built-ins only).
        #[arg(long)]
        source: bool,
    },
}

/// When the exit code becomes 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum FailOn {
    /// Some photo was rejected or could not be analysed.
    Error,
    /// Some photo has a warning, was rejected, or could not be analysed.
    Warn,
    /// Never (only usage and I/O errors exit non-zero).
    Never,
}

#[derive(Debug, clap::Args)]
struct CheckArgs {
    /// Photos and folders to check (folders are walked recursively).
    paths: Vec<PathBuf>,
    /// Read more paths, one per line, from FILE (`-` for standard input).
    #[arg(long, value_name = "FILE|-")]
    files_from: Option<PathBuf>,
    /// A built-in profile name (see `gradphoto profiles`) or a TOML/JSON file.
    #[arg(long, short, default_value = "chsi", value_name = "NAME|PATH")]
    profile: String,
    /// Write JSON Lines records here instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Write the JSON summary here.
    #[arg(long, value_name = "FILE")]
    summary: Option<PathBuf>,
    /// Write a JUnit XML report here (one test case per photo).
    #[arg(long, value_name = "FILE")]
    junit: Option<PathBuf>,
    /// Write an HTML page here: the counts, and each photo that did not
    /// pass with a preview, its findings' regions drawn over it (needs --out).
    #[arg(long, value_name = "FILE", requires = "out")]
    html: Option<PathBuf>,
    #[command(flatten)]
    page: PageArgs,
    /// Worker threads (default: one per core).
    #[arg(long, short, value_name = "N", default_value_t = 0)]
    jobs: usize,
    /// Append to an existing --out, skipping the photos it already records.
    #[arg(long, requires = "out")]
    resume: bool,
    /// Exit with 1 when some photo is at or above this level.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    fail_on: FailOn,
    /// No progress bar and no summary on standard error.
    #[arg(long, short)]
    quiet: bool,
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("gradphoto: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Check(args) => check(args),
        Command::Profiles { action } => profiles(action.unwrap_or(ProfilesAction::List)),
        Command::Synth(args) => synth(args),
        Command::Eval(args) => eval(args),
        Command::Normalize(args) => normalize(args),
        Command::Report(args) => html_report(args),
        Command::Serve(args) => {
            let engine = Engine::new(Profile::resolve(&args.profile)?)?;
            let router = gradphoto_http::router(engine, args.jobs);
            gradphoto_http::serve_blocking(args.listen, router, |bound| {
                eprintln!("gradphoto: listening on http://{bound}");
            })
            .with_context(|| format!("serving on {}", args.listen))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Schema => {
            print!("{}", gradphoto_batch::record_schema());
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The photos named on the command line and in `--files-from`.
fn input_set(paths: Vec<PathBuf>, files_from: Option<&std::path::Path>) -> Result<InputSet> {
    let mut inputs = InputSet::new(paths);
    if let Some(list) = files_from {
        inputs = inputs.with_list(list)?;
    }
    if inputs.is_empty() {
        bail!("no photos given: name files or folders, or use --files-from FILE");
    }
    Ok(inputs)
}

fn normalize(args: NormalizeArgs) -> Result<ExitCode> {
    let engine = Engine::new(Profile::resolve(&args.profile)?)?;
    let inputs = input_set(args.paths, args.files_from.as_deref())?;
    let (tally, report) = normalize::run(&engine, &inputs, &args.out_dir, args.jobs)?;
    eprintln!(
        "gradphoto: {} written, {} compliant already, {} refused, {} errors; report {}",
        tally.written,
        tally.compliant,
        tally.refused,
        tally.errors,
        report.display()
    );
    Ok(if tally.errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn eval(args: EvalArgs) -> Result<ExitCode> {
    use gradphoto_batch::eval;
    let labels = eval::read_labels(&args.labels)?;
    let labelled_profile = labels.iter().find_map(|l| l.profile.clone());
    let profile_name = args
        .profile
        .clone()
        .or(labelled_profile.clone())
        .unwrap_or_else(|| "chsi".into());
    if let (Some(given), Some(labelled)) = (&args.profile, &labelled_profile) {
        if given != labelled {
            tracing::warn!(given, labelled, "the labels were made for another profile");
        }
    }
    let profile = Profile::resolve(&profile_name)?;
    let results = match &args.results {
        Some(path) => path.clone(),
        None => {
            let engine = Engine::new(profile.clone())?;
            let inputs = if args.paths.is_empty() {
                InputSet::new(eval::label_paths(&args.labels, &labels))
            } else {
                InputSet::new(args.paths.clone())
            };
            let tmp = tempfile::Builder::new()
                .prefix("gradphoto-eval-")
                .suffix(".jsonl")
                .tempfile()?
                .into_temp_path();
            let options = BatchOptions {
                jobs: args.jobs,
                out: Some(tmp.to_path_buf()),
                resume: false,
                junit: None,
                progress: !args.json,
            };
            gradphoto_batch::run(&engine, &inputs, &options)?;
            tmp.keep()?
        }
    };
    let mut records = std::collections::HashMap::new();
    gradphoto_batch::report::jsonl::read_results(&results, |r: gradphoto_batch::Record| {
        records.insert(r.path.clone(), r);
        std::ops::ControlFlow::Continue(())
    })?;
    let base = args.labels.parent().unwrap_or(std::path::Path::new(""));
    let mut report = eval::score(&labels, &records, base, &profile);
    let duplicates = base.join("duplicates.jsonl");
    if duplicates.is_file() {
        report.duplicates = Some(eval::score_duplicates(&duplicates, &records)?);
    }
    if args.results.is_none() {
        std::fs::remove_file(&results).ok();
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", report.human());
    }
    Ok(ExitCode::SUCCESS)
}

fn synth(args: SynthArgs) -> Result<ExitCode> {
    let profile = Profile::resolve(&args.profile)?;
    let start = std::time::Instant::now();
    let pool = rayon::ThreadPoolBuilder::new().num_threads(args.jobs).build()?;
    let stats =
        pool.install(|| gradphoto_synth::generate::generate(args.count, args.seed, &args.out, &profile, args.mix))?;
    if args.copies > 0 {
        let sets = gradphoto_synth::copies::write_copies(&args.out, args.copies)?;
        eprintln!(
            "gradphoto: filed {} copies of {} photos under new IDs (duplicates.jsonl)",
            sets.iter().map(|s| s.copies.len()).sum::<usize>(),
            sets.len()
        );
    }
    let secs = start.elapsed().as_secs_f64();
    eprintln!(
        "gradphoto: wrote {} photos ({} compliant under `{}`, {:.1} MB) and labels.jsonl to {} in {secs:.1} s ({:.0} photos/s)",
        stats.photos,
        stats.compliant,
        profile.name,
        stats.bytes as f64 / 1e6,
        args.out.display(),
        stats.photos as f64 / secs
    );
    Ok(ExitCode::SUCCESS)
}

fn profiles(action: ProfilesAction) -> Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    match action {
        ProfilesAction::List => {
            for name in gradphoto::profile::builtin_names() {
                let p = Profile::builtin(name)?;
                writeln!(out, "{name:<16} {}  ({})", p.title, p.title_zh)?;
            }
        }
        ProfilesAction::Show { name, source: true } => {
            let text = gradphoto::profile::builtin_source(&name)
                .with_context(|| format!("`{name}` is not a built-in profile; --source shows built-ins only"))?;
            write!(out, "{text}")?;
        }
        ProfilesAction::Show { name, source: false } => write!(out, "{}", Profile::resolve(&name)?.to_toml())?,
    }
    Ok(ExitCode::SUCCESS)
}

fn html_report(args: ReportArgs) -> Result<ExitCode> {
    let engine = Engine::new(Profile::resolve(&args.profile)?)?;
    let options = report::html::HtmlOptions {
        root: args.root,
        ..args.page.options(args.jobs)
    };
    write_page(&args.html, &args.results, &engine, &options, false)?;
    Ok(ExitCode::SUCCESS)
}

/// Write the HTML page for a results file, saying on standard error what
/// it holds.
fn write_page(
    html: &std::path::Path,
    results: &std::path::Path,
    engine: &Engine,
    options: &report::html::HtmlOptions,
    quiet: bool,
) -> Result<()> {
    let stats = report::html::write_html(html, results, engine, options)
        .with_context(|| format!("writing the HTML report {}", html.display()))?;
    if !quiet {
        eprintln!(
            "gradphoto: HTML report {}: {} of {} photos shown{}{}",
            html.display(),
            stats.cards,
            stats.records,
            if stats.left_out > 0 {
                format!(", {} more not shown (--html-limit)", stats.left_out)
            } else {
                String::new()
            },
            if stats.without_preview > 0 {
                format!(", {} without a preview", stats.without_preview)
            } else {
                String::new()
            },
        );
    }
    Ok(())
}

fn check(args: CheckArgs) -> Result<ExitCode> {
    let profile = Profile::resolve(&args.profile)?;
    let engine = Engine::new(profile)?;
    let inputs = input_set(args.paths, args.files_from.as_deref())?;
    let options = BatchOptions {
        jobs: args.jobs,
        out: args.out,
        resume: args.resume,
        junit: args.junit,
        progress: !args.quiet,
    };
    let summary = gradphoto_batch::run(&engine, &inputs, &options)?;
    if let Some(path) = &args.summary {
        report::write_atomically(path, |w| {
            serde_json::to_writer_pretty(&mut *w, &summary)?;
            writeln!(w)
        })
        .with_context(|| format!("writing the summary {}", path.display()))?;
    }
    if !args.quiet {
        eprint!("{}", summary.human(8));
    }
    if let (Some(html), Some(results)) = (&args.html, &options.out) {
        write_page(html, results, &engine, &args.page.options(args.jobs), args.quiet)?;
    }
    let threshold = match args.fail_on {
        FailOn::Error => Some(Status::Fail),
        FailOn::Warn => Some(Status::Warn),
        FailOn::Never => None,
    };
    let failing = threshold.map_or(0, |t| summary.statuses.at_or_above(t));
    Ok(if failing > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

//! End-to-end tests of the `gradphoto` binary. All integration tests build
//! into this one binary.

mod util {
    use std::path::{Path, PathBuf};
    use std::process::{Command, Output, Stdio};

    use serde_json::Value;

    pub fn bin() -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_gradphoto"));
        c.env_remove("RUST_LOG").stdin(Stdio::null());
        c
    }

    pub fn testdata() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata")
    }

    pub fn run(args: &[&str]) -> Output {
        bin().args(args).output().expect("gradphoto runs")
    }

    pub fn code(out: &Output) -> i32 {
        out.status.code().expect("exited normally")
    }

    pub fn records(text: &str) -> Vec<Value> {
        text.lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
            .collect()
    }

    pub fn read_records(path: &Path) -> Vec<Value> {
        records(&std::fs::read_to_string(path).unwrap())
    }

    /// The file name of a record's path.
    pub fn file_name(record: &Value) -> String {
        record["path"].as_str().unwrap().rsplit('/').next().unwrap().to_owned()
    }

    pub fn rules(record: &Value) -> Vec<String> {
        record["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["rule"].as_str().unwrap().to_owned())
            .collect()
    }

    /// Copy the committed samples into `dir` `times` times, in subfolders.
    pub fn copies(dir: &Path, times: usize) -> usize {
        let mut n = 0;
        for i in 0..times {
            let sub = dir.join(format!("batch-{i:04}"));
            std::fs::create_dir_all(&sub).unwrap();
            for entry in std::fs::read_dir(testdata().join("samples")).unwrap() {
                let entry = entry.unwrap();
                std::fs::copy(entry.path(), sub.join(entry.file_name())).unwrap();
                n += 1;
            }
        }
        n
    }

    pub fn s(p: &Path) -> &str {
        p.to_str().unwrap()
    }
}

mod check {
    use std::collections::{BTreeMap, BTreeSet};

    use super::util::*;
    use gradphoto_synth::testdata::{malformed, samples};

    #[test]
    fn every_sample_and_malformed_file_gets_its_status() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("r.jsonl");
        let run = run(&[
            "check",
            s(&testdata().join("samples")),
            s(&testdata().join("malformed")),
            "--out",
            s(&out),
            "--quiet",
        ]);
        assert_eq!(code(&run), 1, "{}", String::from_utf8_lossy(&run.stderr));
        assert!(
            run.stdout.is_empty() && run.stderr.is_empty(),
            "--quiet with --out prints nothing"
        );
        let records = read_records(&out);
        let by_name: BTreeMap<String, &serde_json::Value> = records.iter().map(|r| (file_name(r), r)).collect();
        let expected: Vec<_> = samples().unwrap().into_iter().chain(malformed().unwrap()).collect();
        assert_eq!(records.len(), expected.len(), "one record per file");
        for f in &expected {
            let r = by_name
                .get(&f.name)
                .unwrap_or_else(|| panic!("no record for {}", f.name));
            assert_eq!(r["status"], f.status, "{}: {r}", f.name);
            let fired: BTreeSet<String> = rules(r).into_iter().collect();
            let want: BTreeSet<String> = f.rules.iter().map(|s| s.to_string()).collect();
            if f.status == "error" {
                assert!(want.is_subset(&fired), "{}: want {want:?} among {fired:?}", f.name);
                let msg = r["error"]["en"].as_str().expect("an error record says why");
                assert!(!msg.is_empty() && !r["error"]["zh"].as_str().unwrap().is_empty());
            } else {
                assert_eq!(fired, want, "{}", f.name);
            }
            for key in ["path", "id", "status", "findings", "measurements", "checked"] {
                assert!(r.get(key).is_some(), "{} lacks {key}", f.name);
            }
            let checked: Vec<&str> = r["checked"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap())
                .collect();
            assert!(
                checked.contains(&"id.filename") && checked.contains(&"file.size"),
                "{checked:?}"
            );
        }
        let fifteen = by_name["110105800314122.jpg"];
        assert!(
            fifteen["findings"][0]["message"]["en"]
                .as_str()
                .unwrap()
                .contains("110105198003141220")
        );
        assert_eq!(fifteen["id"]["kind"], "resident-id-15");
        let finding = &by_name["370102200208083174.jpg"]["findings"][0];
        assert_eq!(
            (finding["measured"].clone(), finding["expected"].clone()),
            (serde_json::json!([413, 579]), serde_json::json!([480, 640]))
        );
    }

    #[test]
    fn stdout_carries_records_and_stderr_the_summary() {
        let chsi = run(&["check", s(&testdata().join("samples")), "--jobs", "2"]);
        let stdout = String::from_utf8(chsi.stdout).unwrap();
        let records = records(&stdout);
        assert_eq!(
            records.len(),
            std::fs::read_dir(testdata().join("samples")).unwrap().count()
        );
        let paths: Vec<&str> = records.iter().map(|r| r["path"].as_str().unwrap()).collect();
        let mut sorted = paths.clone();
        sorted.sort();
        assert_eq!(paths, sorted, "records come in input (walk) order");
        let stderr = String::from_utf8(chsi.stderr).unwrap();
        // No built-in profile declares a rule this build leaves out (the
        // summary's "not checked" line: `report::summary`'s tests).
        assert!(
            stderr.contains("pass 6")
                && stderr.contains("id.filename")
                && !stderr.contains("not checked by this build"),
            "{stderr}"
        );
        let zju = run(&["check", s(&testdata().join("samples")), "--profile", "zju-2022"]);
        let stderr = String::from_utf8(zju.stderr).unwrap();
        assert!(!stderr.contains("not checked by this build"), "{stderr}");
    }

    #[test]
    fn exit_codes_follow_fail_on() {
        let dir = tempfile::tempdir().unwrap();
        let good = testdata().join("samples/110105200103141201.jpg");
        let warn = testdata().join("samples/500103200306151282.jpg");
        let bad = testdata().join("samples/zhangsan.jpg");
        let q = |args: &[&str]| code(&run(&[&["check", "--quiet"], args].concat()));
        assert_eq!(q(&[s(&good)]), 0);
        assert_eq!(q(&[s(&warn)]), 0, "a warning does not fail by default");
        assert_eq!(q(&[s(&warn), "--fail-on", "warn"]), 1);
        assert_eq!(q(&[s(&bad)]), 1);
        assert_eq!(q(&[s(&bad), "--fail-on", "never"]), 0);
        assert_eq!(
            q(&[s(&testdata().join("malformed/zero-byte.jpg"))]),
            1,
            "an unreadable photo counts as an error"
        );
        // Usage and fatal I/O errors.
        assert_eq!(q(&[]), 2, "nothing to check");
        assert_eq!(q(&[s(&good), "--fail-on", "sometimes"]), 2);
        assert_eq!(q(&[s(&good), "--profile", "no-such-profile"]), 2);
        assert_eq!(q(&[s(&good), "--out", s(&dir.path().join("no/such/dir/r.jsonl"))]), 2);
        assert_eq!(q(&[s(&good), "--resume"]), 2, "--resume needs --out");
        let bad_profile = dir.path().join("bad.toml");
        std::fs::write(
            &bad_profile,
            "name = \"x\"\n[rules.\"file.size\"]\nseverity = \"warn\"\nmax_kilobytes = 3\n",
        )
        .unwrap();
        let run = run(&["check", s(&good), "--profile", s(&bad_profile)]);
        assert_eq!(code(&run), 2);
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(
            stderr.contains("max_kilobytes") && stderr.contains("file.size"),
            "{stderr}"
        );
    }

    #[test]
    fn unreadable_inputs_are_per_file_errors() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::copy(
            testdata().join("samples/110105200103141201.jpg"),
            d.join("110105200103141201.jpg"),
        )
        .unwrap();
        std::os::unix::fs::symlink(d.join("gone.jpg"), d.join("dangling.jpg")).unwrap();
        std::fs::create_dir(d.join("folder.jpg")).unwrap();
        let list = format!("{}\n{}\n", d.display(), d.join("missing.jpg").display());
        let mut child = bin()
            .args(["check", "--files-from", "-", "--quiet"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child.stdin.take().unwrap().write_all(list.as_bytes()).unwrap();
        let out = child.wait_with_output().unwrap();
        assert_eq!(code(&out), 1);
        let records = records(&String::from_utf8(out.stdout).unwrap());
        let status: BTreeMap<String, String> = records
            .iter()
            .map(|r| (file_name(r), r["status"].as_str().unwrap().to_owned()))
            .collect();
        assert_eq!(status["110105200103141201.jpg"], "pass");
        assert_eq!(status["dangling.jpg"], "error");
        assert_eq!(status["missing.jpg"], "error");
        assert_eq!(
            status.len(),
            3,
            "a folder named like a photo is walked, not read: {status:?}"
        );
        let missing = records
            .iter()
            .find(|r| r["path"].as_str().unwrap().ends_with("missing.jpg"))
            .unwrap();
        assert!(
            missing["error"]["en"].as_str().unwrap().contains("cannot read"),
            "{missing}"
        );
    }

    #[test]
    fn duplicate_ids_are_flagged_on_every_file_and_in_the_summary() {
        let dir = tempfile::tempdir().unwrap();
        copies(dir.path(), 2);
        let summary = dir.path().join("summary.json");
        let run = run(&["check", s(dir.path()), "--quiet", "--summary", s(&summary)]);
        let records = records(&String::from_utf8(run.stdout).unwrap());
        assert_eq!(records.len(), 22);
        assert!(
            records
                .iter()
                .all(|r| rules(r).contains(&"batch.duplicate-id".to_owned())),
            "every file has a twin"
        );
        assert!(records.iter().all(|r| {
            r["checked"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c == "batch.duplicate-id")
        }));
        let summary: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&summary).unwrap()).unwrap();
        let groups = summary["duplicate_ids"].as_array().unwrap();
        assert_eq!(groups.len(), 11);
        assert!(groups.iter().all(|g| g["files"].as_array().unwrap().len() == 2));
        assert_eq!(summary["files"], 22);
    }

    #[test]
    fn junit_has_a_case_per_photo_and_a_failure_per_rule() {
        let dir = tempfile::tempdir().unwrap();
        let junit = dir.path().join("junit.xml");
        let run = run(&[
            "check",
            s(&testdata().join("samples")),
            s(&testdata().join("malformed")),
            "--quiet",
            "--junit",
            s(&junit),
        ]);
        assert_eq!(code(&run), 1);
        let xml = std::fs::read_to_string(&junit).unwrap();
        assert!(xml.starts_with("<?xml") && xml.trim_end().ends_with("</testsuites>"));
        assert_eq!(xml.matches("<testcase ").count(), 22);
        assert!(
            xml.contains("tests=\"22\" failures=\"4\" errors=\"11\""),
            "{}",
            &xml[..300]
        );
        assert_eq!(xml.matches("<error ").count(), 11);
        assert!(xml.contains("type=\"id.filename\"") && xml.contains("type=\"file.dimensions\""));
        assert!(xml.contains("warning file.size"));
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers.len(), 1, "no temporary files left behind: {leftovers:?}");
    }

    #[test]
    fn html_page_shows_every_photo_that_did_not_pass_worst_first() {
        let dir = tempfile::tempdir().unwrap();
        let (out, html) = (dir.path().join("results.jsonl"), dir.path().join("report.html"));
        let (samples, malformed) = (testdata().join("samples"), testdata().join("malformed"));
        let checked = run(&[
            "check",
            s(&samples),
            s(&malformed),
            "--quiet",
            "--out",
            s(&out),
            "--html",
            s(&html),
        ]);
        assert_eq!(code(&checked), 1, "{}", String::from_utf8_lossy(&checked.stderr));
        let page = std::fs::read_to_string(&html).unwrap();
        assert!(page.starts_with("<!DOCTYPE html>") && page.trim_end().ends_with("</html>"));
        let records = read_records(&out);
        let status = |r: &serde_json::Value| r["status"].as_str().unwrap().to_owned();
        let shown: Vec<_> = records.iter().filter(|r| status(r) != "pass").collect();
        assert_eq!(shown.len(), 16);
        assert_eq!(page.matches("<article ").count(), 16);
        for r in &records {
            let card = format!("</span> {}</h3>", r["path"].as_str().unwrap());
            assert_eq!(page.contains(&card), status(r) != "pass", "{card}");
        }
        // A preview (a JPEG: base64 of FF D8 FF) for each analysed photo,
        // none for the files that could not be.
        assert_eq!(page.matches("data:image/jpeg;base64,/9j/").count(), 5);
        assert_eq!(page.matches("no preview").count(), 11);
        // Rejected first, then the errors, then the warnings.
        let first = |status: &str| page.find(&format!("<article class=\"card st-{status}\"")).unwrap();
        assert!(first("fail") < first("error") && first("error") < first("warn"));

        // `report` makes the same page from the results alone.
        let again = dir.path().join("again.html");
        let made = run(&["report", s(&out), "--html", s(&again)]);
        assert_eq!(code(&made), 0, "{}", String::from_utf8_lossy(&made.stderr));
        assert_eq!(std::fs::read_to_string(&again).unwrap(), page);
        // Results still being written: the half-written last line is
        // skipped and the file left exactly as it was.
        let partial = dir.path().join("partial.jsonl");
        let mut growing = std::fs::read(&out).unwrap();
        growing.extend_from_slice(b"{\"path\":\"half-writ");
        std::fs::write(&partial, &growing).unwrap();
        let made = run(&["report", s(&partial), "--html", s(&again)]);
        assert_eq!(code(&made), 0, "{}", String::from_utf8_lossy(&made.stderr));
        assert_eq!(
            std::fs::read(&partial).unwrap(),
            growing,
            "a report never changes its input"
        );
        assert_eq!(
            std::fs::read_to_string(&again).unwrap().matches("<article ").count(),
            16
        );
        // Relative paths in the results: read from `--root` (where the
        // check ran), wherever the report is made.
        let relative = dir.path().join("relative.jsonl");
        let checked = bin()
            .current_dir(testdata())
            .args(["check", "samples", "--quiet", "--out", s(&relative)])
            .output()
            .unwrap();
        assert_eq!(code(&checked), 1);
        let elsewhere = run(&["report", s(&relative), "--html", s(&again)]);
        assert_eq!(code(&elsewhere), 0);
        let unread = std::fs::read_to_string(&again).unwrap();
        assert_eq!(
            unread.matches("no preview").count(),
            5,
            "relative paths, another folder"
        );
        let rooted = run(&["report", s(&relative), "--html", s(&again), "--root", s(&testdata())]);
        assert_eq!(code(&rooted), 0);
        let read = std::fs::read_to_string(&again).unwrap();
        assert_eq!(read.matches("data:image/jpeg;base64,/9j/").count(), 5);
        assert_eq!(read.matches("no preview").count(), 0);
        // A limit: the worst first, the rest counted.
        let made = run(&["report", s(&out), "--html", s(&again), "--html-limit", "3"]);
        assert_eq!(code(&made), 0);
        let short = std::fs::read_to_string(&again).unwrap();
        assert_eq!(short.matches("<article ").count(), 3);
        assert_eq!(short.matches("<article class=\"card st-fail\"").count(), 3);
        assert!(short.contains("13 more photos are not shown"));
        // Passing photos on request, after the others.
        let made = run(&["report", s(&out), "--html", s(&again), "--html-passing"]);
        assert_eq!(code(&made), 0);
        let all = std::fs::read_to_string(&again).unwrap();
        assert_eq!(all.matches("<article ").count(), 22);
        assert!(all.find("card st-pass").unwrap() > all.rfind("card st-warn").unwrap());
        // No results: a usage error, no page.
        let missing = dir.path().join("missing.jsonl");
        let refused = run(&["report", s(&missing), "--html", s(&dir.path().join("none.html"))]);
        assert_eq!(code(&refused), 2);
        assert!(String::from_utf8_lossy(&refused.stderr).contains("no such results file"));
        let mut left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                "again.html",
                "partial.jsonl",
                "relative.jsonl",
                "report.html",
                "results.jsonl"
            ],
            "no temporary files left behind"
        );
    }

    #[test]
    fn html_page_draws_each_finding_region_over_its_photo() {
        let dir = tempfile::tempdir().unwrap();
        let (out, html) = (dir.path().join("results.jsonl"), dir.path().join("report.html"));
        let mut photos: Vec<_> = std::fs::read_dir(testdata().join("labelled"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "jpg"))
            .collect();
        photos.sort();
        photos.truncate(24);
        let mut args = vec!["check", "--quiet", "--out", s(&out), "--html", s(&html)];
        args.extend(photos.iter().map(|p| s(p)));
        run(&args);
        let page = std::fs::read_to_string(&html).unwrap();
        let mut regions = 0;
        for r in read_records(&out) {
            for f in r["findings"].as_array().unwrap() {
                let Some(g) = f.get("region") else { continue };
                let rect = format!(
                    "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
                    g["x"], g["y"], g["width"], g["height"]
                );
                assert!(page.contains(&rect), "{} {}: {rect}", r["path"], f["rule"]);
                regions += 1;
            }
        }
        assert!(
            regions >= 5,
            "{regions} regions: too few photos with findings to test on"
        );
        assert_eq!(page.matches("<rect ").count(), regions);
        // A rule judged on some photo but not on a shown one is named on
        // that photo's card.
        let records = read_records(&out);
        let checked = |r: &serde_json::Value| -> Vec<String> {
            let list = r["checked"].as_array().unwrap();
            list.iter().map(|c| c.as_str().unwrap().to_owned()).collect()
        };
        let somewhere: BTreeSet<String> = records.iter().flat_map(checked).collect();
        let mut named = 0;
        for r in records
            .iter()
            .filter(|r| r["status"] == "fail" || r["status"] == "warn")
        {
            let card = &page[page
                .find(&format!("</span> {}</h3>", r["path"].as_str().unwrap()))
                .unwrap()..];
            let card = &card[..card.find("</article>").unwrap()];
            for rule in somewhere.iter().filter(|s| !checked(r).contains(s)) {
                assert!(
                    card.contains(&format!("<code>{rule}</code>")),
                    "{}: {rule} not judged, not said",
                    r["path"]
                );
                named += 1;
            }
        }
        assert!(named > 0, "no shown photo had a rule left unjudged: nothing tested");
    }
}

mod resume {
    use std::collections::BTreeSet;
    use std::time::{Duration, Instant};

    use super::util::*;

    fn paths(records: &[serde_json::Value]) -> Vec<String> {
        records.iter().map(|r| r["path"].as_str().unwrap().to_owned()).collect()
    }

    fn assert_one_record_per_file(out: &std::path::Path, files: usize) {
        let records = read_records(out);
        let p = paths(&records);
        let unique: BTreeSet<_> = p.iter().collect();
        assert_eq!(unique.len(), p.len(), "a file recorded twice");
        assert_eq!(p.len(), files, "every file recorded");
    }

    #[test]
    fn resume_after_a_torn_write_completes_the_run() {
        let dir = tempfile::tempdir().unwrap();
        let photos = dir.path().join("photos");
        let n = copies(&photos, 3);
        let out = dir.path().join("r.jsonl");
        assert_eq!(code(&run(&["check", s(&photos), "--out", s(&out), "--quiet"])), 1);
        let full = std::fs::read_to_string(&out).unwrap();
        let complete: Vec<_> = paths(&records(&full));
        // Keep 10 records and half of the 11th, as a kill during a write would.
        let lines: Vec<&str> = full.lines().collect();
        let torn = format!("{}\n{}", lines[..10].join("\n"), &lines[10][..lines[10].len() / 2]);
        std::fs::write(&out, torn).unwrap();
        let summary = dir.path().join("s.json");
        let run = run(&[
            "check",
            s(&photos),
            "--out",
            s(&out),
            "--resume",
            "--quiet",
            "--summary",
            s(&summary),
        ]);
        assert_eq!(code(&run), 1, "{}", String::from_utf8_lossy(&run.stderr));
        assert_one_record_per_file(&out, n);
        assert_eq!(paths(&read_records(&out)), complete, "same records, same order");
        let summary: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&summary).unwrap()).unwrap();
        assert_eq!(
            (summary["files"].as_u64(), summary["resumed"].as_u64()),
            (Some(n as u64), Some(10))
        );
        assert_eq!(
            summary["statuses"]["fail"].as_u64(),
            Some(n as u64),
            "every ID is there three times"
        );
        // Resuming a finished run checks nothing more.
        assert_eq!(code(&run_again(&photos, &out)), 1);
        assert_one_record_per_file(&out, n);
    }

    fn run_again(photos: &std::path::Path, out: &std::path::Path) -> std::process::Output {
        run(&["check", s(photos), "--out", s(out), "--resume", "--quiet"])
    }

    #[test]
    fn resume_after_kill_9_records_each_file_once() {
        let dir = tempfile::tempdir().unwrap();
        let photos = dir.path().join("photos");
        let n = copies(&photos, 40);
        let out = dir.path().join("r.jsonl");
        let mut child = bin()
            .args(["check", s(&photos), "--out", s(&out), "--quiet", "--jobs", "1"])
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            let lines = std::fs::read(&out)
                .map(|b| b.iter().filter(|&&c| c == b'\n').count())
                .unwrap_or(0);
            if lines >= 20 || child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        child.kill().ok(); // SIGKILL on Unix
        child.wait().unwrap();
        let before = std::fs::read_to_string(&out).unwrap().lines().count();
        assert!(before >= 20, "the run wrote records before it was killed");
        assert_eq!(code(&run_again(&photos, &out)), 1);
        assert_one_record_per_file(&out, n);
    }

    #[test]
    fn resume_refuses_a_file_that_is_not_ours() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("r.jsonl");
        std::fs::write(&out, "{\"hello\": 1}\n").unwrap();
        let run = run(&[
            "check",
            s(&testdata().join("samples")),
            "--out",
            s(&out),
            "--resume",
            "--quiet",
        ]);
        assert_eq!(code(&run), 2);
        assert!(String::from_utf8_lossy(&run.stderr).contains("line 1"));
        assert_eq!(
            std::fs::read_to_string(&out).unwrap(),
            "{\"hello\": 1}\n",
            "left untouched"
        );
    }
}

mod profiles_and_schema {
    use super::util::*;

    #[test]
    fn lists_and_shows_every_builtin() {
        let out = String::from_utf8(run(&["profiles"]).stdout).unwrap();
        for name in [
            "chsi",
            "ucas-nssc-2024",
            "pku-2024",
            "sysu-2024",
            "ustb-2019",
            "zju-2022",
        ] {
            assert!(out.contains(name), "{out}");
            let shown = run(&["profiles", "show", name]);
            assert_eq!(code(&shown), 0);
            let text = String::from_utf8(shown.stdout).unwrap();
            let again = gradphoto::Profile::from_toml_str(&text).unwrap();
            assert_eq!(again, gradphoto::Profile::builtin(name).unwrap());
        }
        let source = String::from_utf8(run(&["profiles", "show", "zju-2022", "--source"]).stdout).unwrap();
        assert!(source.contains("extends = \"chsi\""));
        assert_eq!(code(&run(&["profiles", "show", "nope"])), 2);
    }

    #[test]
    fn committed_schema_is_current() {
        let printed = String::from_utf8(run(&["schema"]).stdout).unwrap();
        let committed = std::fs::read_to_string(testdata().join("../docs/record.schema.json")).unwrap();
        assert!(
            printed == committed,
            "docs/record.schema.json is stale: run `cargo run -q -p gradphoto-cli -- schema > docs/record.schema.json`"
        );
        let schema: serde_json::Value = serde_json::from_str(&printed).unwrap();
        let required: Vec<&str> = schema["required"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        for key in ["path", "status", "id", "findings", "measurements", "checked"] {
            assert!(required.contains(&key), "{key} not required: {required:?}");
        }
    }
}

mod synth_and_eval {
    use super::util::*;

    /// Copies of 20 photos (re-encoded, resized, 2 % cropped) under new IDs
    /// among 60 others: the batch groups them, adds a finding to every
    /// member's record and a failing case to the JUnit report. On the
    /// untuned seeds every copy of every analysed photo is grouped with it
    /// (docs/accuracy.md): here too — every set whose original the pipeline
    /// analyses (not one refused for its format) comes out whole — and no
    /// group may mix people.
    #[test]
    fn copies_under_other_ids_are_grouped() {
        let dir = tempfile::tempdir().unwrap();
        let set = dir.path().join("set");
        let made = run(&[
            "synth",
            "--count",
            "60",
            "--seed",
            "21",
            "--copies",
            "20",
            "--out",
            s(&set),
        ]);
        assert_eq!(code(&made), 0, "{}", String::from_utf8_lossy(&made.stderr));
        let (out, summary, junit) = (
            dir.path().join("r.jsonl"),
            dir.path().join("s.json"),
            dir.path().join("j.xml"),
        );
        run(&[
            "check",
            s(&set),
            "--out",
            s(&out),
            "--summary",
            s(&summary),
            "--junit",
            s(&junit),
            "--quiet",
        ]);
        let truth: Vec<Vec<String>> = read_records(&set.join("duplicates.jsonl"))
            .iter()
            .map(|d| {
                let mut files = vec![d["original"].as_str().unwrap().to_owned()];
                files.extend(
                    d["copies"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|c| c[1].as_str().unwrap().to_owned()),
                );
                files.sort();
                files
            })
            .collect();
        assert_eq!(truth.len(), 20);
        let summary: serde_json::Value = serde_json::from_slice(&std::fs::read(&summary).unwrap()).unwrap();
        let name = |p: &serde_json::Value| p.as_str().unwrap().rsplit('/').next().unwrap().to_owned();
        let found: Vec<Vec<String>> = summary["duplicate_photos"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| {
                let mut files: Vec<String> = g["files"].as_array().unwrap().iter().map(name).collect();
                files.sort();
                files
            })
            .collect();
        let whole = truth.iter().filter(|t| found.contains(t)).count();
        let records = read_records(&out);
        let refused: Vec<String> = records
            .iter()
            .filter(|r| r["status"] == "error")
            .map(|r| name(&r["path"]))
            .collect();
        let analysed = read_records(&set.join("duplicates.jsonl"))
            .iter()
            .filter(|d| !refused.contains(&d["original"].as_str().unwrap().to_owned()))
            .count();
        assert!(analysed >= 15, "only {analysed} of 20 originals analysed");
        assert_eq!(whole, analysed, "{whole} of {analysed} groups whole: {found:?}");
        for g in &found {
            assert!(
                truth.iter().any(|t| g.iter().all(|f| t.contains(f))),
                "a group mixes people: {g:?}"
            );
        }
        // Every member's record carries the finding, naming the others.
        let members: Vec<&String> = found.iter().flatten().collect();
        for r in &records {
            let flagged = r["findings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["rule"] == "batch.duplicate-photo");
            assert_eq!(flagged, members.contains(&&name(&r["path"])), "{}", r["path"]);
            // Checked on every photo that decoded.
            let checked = r["checked"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c == "batch.duplicate-photo");
            assert_eq!(checked, r["status"] != "error", "{}", r["path"]);
        }
        let xml = std::fs::read_to_string(&junit).unwrap();
        assert_eq!(
            xml.matches("type=\"batch.duplicate-photo\"").count(),
            found.len(),
            "{xml}"
        );

        // `eval` scores the groups against duplicates.jsonl beside the labels.
        let scored = run(&[
            "eval",
            "--labels",
            s(&set.join("labels.jsonl")),
            "--results",
            s(&out),
            "--json",
        ]);
        let scored: serde_json::Value = serde_json::from_slice(&scored.stdout).unwrap();
        let d = &scored["duplicates"];
        assert_eq!((d["sets"].as_u64(), d["copies"].as_u64()), (Some(20), Some(60)), "{d}");
        assert_eq!(d["whole"].as_u64().unwrap(), whole as u64, "{d}");
        assert_eq!(d["false_groups"], 0, "{d}");
        assert_eq!(d["originals_unprinted"].as_u64().unwrap(), 20 - analysed as u64, "{d}");

        // Resuming the finished run finds the same groups in the records it
        // carries over, and leaves one finding on each member.
        let again = dir.path().join("s2.json");
        run(&[
            "check",
            s(&set),
            "--out",
            s(&out),
            "--summary",
            s(&again),
            "--resume",
            "--quiet",
        ]);
        let again: serde_json::Value = serde_json::from_slice(&std::fs::read(&again).unwrap()).unwrap();
        assert_eq!(again["duplicate_photos"], summary["duplicate_photos"]);
        let resumed = read_records(&out);
        assert_eq!(resumed.len(), records.len());
        for r in &resumed {
            let n = r["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| f["rule"] == "batch.duplicate-photo")
                .count();
            assert!(n <= 1, "{}: {n} findings", r["path"]);
        }
    }

    #[test]
    fn synth_writes_a_labelled_set_and_eval_scores_it() {
        let dir = tempfile::tempdir().unwrap();
        let set = dir.path().join("set");
        let run1 = run(&[
            "synth",
            "--count",
            "40",
            "--seed",
            "9",
            "--out",
            s(&set),
            "--profile",
            "zju-2022",
            "--mix",
            "compliant=0.3,multi=0.2",
        ]);
        assert_eq!(code(&run1), 0, "{}", String::from_utf8_lossy(&run1.stderr));
        assert_eq!(std::fs::read_dir(&set).unwrap().count(), 41);
        let labels = read_records(&set.join("labels.jsonl"));
        assert!(labels.iter().all(|l| l["profile"] == "zju-2022"
            && l["expected_rules"].is_array()
            && l["geometry"]["chin"].is_number()));

        let eval = run(&["eval", "--labels", s(&set.join("labels.jsonl")), "--json"]);
        assert_eq!(code(&eval), 0, "{}", String::from_utf8_lossy(&eval.stderr));
        let report: serde_json::Value = serde_json::from_slice(&eval.stdout).unwrap();
        assert_eq!(report["profile"], "zju-2022", "the labels' profile is the default");
        assert_eq!(report["labelled"], 40);
        assert!(report["missing_records"].as_array().unwrap().is_empty());
        let evaluated: Vec<&str> = report["rules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["rule"].as_str().unwrap())
            .collect();
        assert!(evaluated.contains(&"id.filename") && evaluated.contains(&"clothing.colour"));
        let unevaluated: Vec<&str> = report["not_evaluated"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["rule"].as_str().unwrap())
            .collect();
        // Every rule `zju-2022` declares is evaluated by this build (the
        // report's "not evaluated" list: `eval`'s unit tests).
        assert!(unevaluated.is_empty(), "{unevaluated:?}");
        assert!(evaluated.contains(&"clothing.collar"), "{evaluated:?}");

        // Scoring an existing results file gives the same report.
        let results = dir.path().join("r.jsonl");
        run(&[
            "check",
            s(&set),
            "--profile",
            "zju-2022",
            "--out",
            s(&results),
            "--quiet",
        ]);
        let again = run(&[
            "eval",
            "--labels",
            s(&set.join("labels.jsonl")),
            "--results",
            s(&results),
            "--json",
        ]);
        let again: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
        assert_eq!(again["rules"], report["rules"]);
        assert_eq!(again["photos"], report["photos"]);
    }

    /// Implemented rules that docs/accuracy.md reports below the accuracy
    /// bar on some fresh untuned seed (1005–1008; `clothing.hood` and
    /// `pose.shoulders` left the list on 2026-12-02, at the bar on each).
    const BELOW_THE_BAR: &[&str] = &[
        "pose.eyes-open",
        "pose.mouth-closed",
        "occlusion.face",
        "hair.bun",
        "occlusion.eyes",
        "accessory.necklace",
        "accessory.lens-glare",
        "quality.skin-shine",
        "quality.colour-cast",
        "quality.retouched",
    ];

    /// The accuracy of the implemented rules on the committed labelled set:
    /// file and ID rules are exact, image rules meet the accuracy bar (or,
    /// those documented below it, what they measure on the untuned seeds).
    #[test]
    fn implemented_rules_meet_the_bar_on_the_committed_labelled_set() {
        let labels = testdata().join("labelled/labels.jsonl");
        let eval = run(&["eval", "--labels", s(&labels), "--json"]);
        assert_eq!(code(&eval), 0, "{}", String::from_utf8_lossy(&eval.stderr));
        let report: serde_json::Value = serde_json::from_slice(&eval.stdout).unwrap();
        assert_eq!(report["labelled"], 300);
        for rule in report["rules"].as_array().unwrap() {
            let name = rule["rule"].as_str().unwrap();
            if name.starts_with("file.") || name.starts_with("id.") || name.starts_with("batch.") {
                assert_eq!(rule["false_positives"], 0, "{name} fired wrongly: {rule}");
                assert_eq!(rule["false_negatives"], 0, "{name} missed: {rule}");
            } else if BELOW_THE_BAR.contains(&name) {
                // Rules docs/accuracy.md reports below the bar on untuned
                // seeds: held to what they measure there, so that they do
                // not get worse unnoticed.
                assert!(rule["false_reject_rate"].as_f64().unwrap() <= 0.03, "{name}: {rule}");
                let support = rule["support"].as_u64().unwrap();
                let missed = rule["false_negatives"].as_u64().unwrap();
                assert!(missed <= support / 5 + 1, "{name} missed {missed} of {support}: {rule}");
            } else {
                // Image rules: the accuracy bar of docs/accuracy.md (FRR ≤ 2 %,
                // recall ≥ 95 %). The set is small, so a rule with little
                // support may miss one photo more than 5 % allows.
                assert!(rule["false_reject_rate"].as_f64().unwrap() <= 0.02, "{name}: {rule}");
                let support = rule["support"].as_u64().unwrap();
                let missed = rule["false_negatives"].as_u64().unwrap();
                let allowed = support / 20 + u64::from(support < 20);
                assert!(missed <= allowed, "{name} missed {missed} of {support}: {rule}");
            }
        }
        let text = String::from_utf8(run(&["eval", "--labels", s(&labels)]).stdout).unwrap();
        // Every rule `chsi` declares is implemented now: no "not evaluated"
        // list (the zju-2022 test above covers that list).
        assert!(
            text.contains("FRR") && text.contains("recall") && !text.contains("not evaluated by this build"),
            "{text}"
        );
    }

    #[test]
    fn eval_refuses_broken_labels() {
        let dir = tempfile::tempdir().unwrap();
        let labels = dir.path().join("labels.jsonl");
        std::fs::write(
            &labels,
            "{\"file\": \"a.jpg\", \"expected_rules\": [\"no.such-rule\"]}\n",
        )
        .unwrap();
        let out = run(&["eval", "--labels", s(&labels)]);
        assert_eq!(code(&out), 2);
        assert!(String::from_utf8_lossy(&out.stderr).contains("line 1"));
    }
}

mod normalize {
    use super::util::*;

    #[test]
    fn writes_fixable_copies_reports_the_rest_and_leaves_originals_alone() {
        let dir = tempfile::tempdir().unwrap();
        let photos = dir.path().join("in");
        std::fs::create_dir(&photos).unwrap();
        let samples = testdata().join("samples");
        // Too many bytes only; compliant; a name that is not an ID (not
        // fixable by cropping); an empty file.
        for name in ["500103200306151282.jpg", "110105200103141201.jpg", "zhangsan.jpg"] {
            std::fs::copy(samples.join(name), photos.join(name)).unwrap();
        }
        std::fs::write(photos.join("110105194912310021.jpg"), b"").unwrap();
        let before: Vec<Vec<u8>> = std::fs::read_dir(&photos)
            .unwrap()
            .map(|e| std::fs::read(e.unwrap().path()).unwrap())
            .collect();
        let out = dir.path().join("out");
        let o = run(&[
            "normalize",
            photos.to_str().unwrap(),
            "--out-dir",
            out.to_str().unwrap(),
        ]);
        assert_eq!(
            code(&o),
            1,
            "one unreadable input: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let report = read_records(&out.join("normalize.jsonl"));
        assert_eq!(report.len(), 4);
        let status = |name: &str| {
            let r = report.iter().find(|r| file_name(r) == name).unwrap();
            (r["status"].as_str().unwrap().to_owned(), r.clone())
        };
        let (s, r) = status("500103200306151282.jpg");
        assert_eq!(s, "written", "{r}");
        assert_eq!(r["fixed"], serde_json::json!(["file.size"]));
        let copy = std::path::Path::new(r["output"].as_str().unwrap());
        let kb = std::fs::metadata(copy).unwrap().len() as f64 / 1024.0;
        assert!((20.0..=40.0).contains(&kb), "{kb} KB");
        // The copy passes when checked again.
        let again = run(&["check", copy.to_str().unwrap()]);
        assert_eq!(code(&again), 0);
        assert_eq!(records(&String::from_utf8_lossy(&again.stdout))[0]["status"], "pass");
        assert_eq!(status("110105200103141201.jpg").0, "compliant");
        let (s, r) = status("zhangsan.jpg");
        assert_eq!(s, "refused");
        assert_eq!(r["detail"]["reason"], "unfixable", "{r}");
        assert_eq!(status("110105194912310021.jpg").0, "error");
        // Only the one copy and the report were written; no temporary files.
        let written: Vec<String> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(written.len(), 2, "{written:?}");
        let after: Vec<Vec<u8>> = std::fs::read_dir(&photos)
            .unwrap()
            .map(|e| std::fs::read(e.unwrap().path()).unwrap())
            .collect();
        assert_eq!(before, after, "originals untouched");
        // Normalising into the input folder never replaces an original.
        let o = run(&[
            "normalize",
            photos.to_str().unwrap(),
            "--out-dir",
            photos.to_str().unwrap(),
        ]);
        let report = read_records(&photos.join("normalize.jsonl"));
        let r = report
            .iter()
            .find(|r| file_name(r) == "500103200306151282.jpg")
            .unwrap();
        assert_eq!(r["status"], "refused", "{r} {}", String::from_utf8_lossy(&o.stderr));
        assert_eq!(
            std::fs::read(photos.join("500103200306151282.jpg")).unwrap(),
            std::fs::read(samples.join("500103200306151282.jpg")).unwrap()
        );
    }
}

mod serve {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::TcpStream;
    use std::process::Stdio;

    use super::util::*;

    /// One HTTP/1.1 request on a fresh connection; the status line and body.
    fn request(addr: &str, head: &str, body: &[u8]) -> (String, Vec<u8>) {
        let mut stream = TcpStream::connect(addr).unwrap();
        write!(
            stream,
            "{head} HTTP/1.1\r\nHost: {addr}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        )
        .unwrap();
        stream.write_all(body).unwrap();
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).unwrap();
        let split = answer.windows(4).position(|w| w == b"\r\n\r\n").expect("a header");
        let status = String::from_utf8_lossy(&answer[..split])
            .lines()
            .next()
            .unwrap()
            .to_owned();
        (status, answer[split + 4..].to_vec())
    }

    #[test]
    fn serves_records_over_a_socket() {
        // Port 0: the system picks a free one; the server says which.
        let mut server = bin()
            .args(["serve", "--listen", "127.0.0.1:0", "--jobs", "1"])
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(server.stderr.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let addr = line
            .trim()
            .strip_prefix("gradphoto: listening on http://")
            .unwrap_or_else(|| panic!("{line}"))
            .to_owned();
        let (status, body) = request(&addr, "GET /healthz", b"");
        assert!(status.ends_with("200 OK"), "{status}");
        assert_eq!(body, b"ok");
        let name = "110105800314122.jpg";
        let photo = std::fs::read(testdata().join("samples").join(name)).unwrap();
        let (status, body) = request(&addr, &format!("POST /v1/check?name={name}"), &photo);
        assert!(status.ends_with("200 OK"), "{status}");
        let record: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(record["status"], "fail");
        assert_eq!(rules(&record), ["id.filename"]);
        let (status, _) = request(&addr, "POST /v1/check", &photo);
        assert!(status.contains(" 400 "), "{status}");
        server.kill().unwrap();
        server.wait().unwrap();
    }
}

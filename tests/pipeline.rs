//! The build as a whole: bad input recorded not lost, deterministic bytes,
//! every pipeline file loads, exit codes, the names command.

mod common;

use std::process::Command;

use common::CorpusBuilder;

const GOOD: &str = "3 July 1957\n\nI visited Cde. Kim Il Sung and told him about the plenum of the CPSU CC in detail.\n\nThe conversation lasted two hours.\n";

#[test]
fn bad_input_is_recorded_and_the_run_goes_on() {
    let corpus = CorpusBuilder::new()
        .file("good.txt", GOOD)
        .file("empty.txt", "")
        .file("scan.pdf", b"%PDF-1.4 binary")
        .file("binary.txt", [0u8, 159, 146, 150, 0, 1, 2, 3, 0, 0])
        .file(
            "legacy.txt",
            encoding_rs::WINDOWS_1251
                .encode("Беседа с товарищем Ким Ир Сеном продолжалась два часа в посольстве.")
                .0,
        )
        .file("sub/nested.md", GOOD);
    let (_tmp, out) = common::build(corpus.path());
    let docs = common::rows(&out, "documents");
    let status = |id: &str| {
        let d = docs
            .iter()
            .find(|d| d["doc_id"] == id)
            .unwrap_or_else(|| panic!("{id} lost"));
        (
            d["status"].as_str().unwrap().to_string(),
            d["error"].as_str().unwrap_or("").to_string(),
        )
    };
    assert_eq!(docs.len(), 6);
    assert_eq!(status("good").0, "ok");
    assert_eq!(status("sub/nested").0, "ok");
    assert_eq!(status("empty"), ("failed".into(), "empty file".into()));
    assert_eq!(status("scan").0, "failed");
    assert!(status("scan").1.contains("unsupported format"));
    assert!(status("binary").1.contains("binary"));
    let (s, e) = status("legacy");
    assert_eq!(s, "partial");
    assert!(e.contains("windows-1251"), "{e}");
}

#[test]
fn outputs_are_byte_identical_across_runs_and_thread_counts() {
    let input = common::root().join("data/corpus/seeds");
    let bin = env!("CARGO_BIN_EXE_chancery");
    let tmp = tempfile::tempdir().unwrap();
    let mut digests = Vec::new();
    for threads in ["1", "2", "2"] {
        let out = tmp.path().join(format!("out{}", digests.len()));
        let st = Command::new(bin)
            .args(["build", "--input"])
            .arg(&input)
            .arg("--output")
            .arg(&out)
            .env("RAYON_NUM_THREADS", threads)
            .current_dir(common::root())
            .status()
            .unwrap();
        assert!(st.success());
        let mut files: Vec<_> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "parquet"))
            .collect();
        files.sort();
        assert!(files.len() >= 9);
        digests.push(
            files
                .iter()
                .map(|f| (f.file_name().unwrap().to_owned(), std::fs::read(f).unwrap()))
                .collect::<Vec<_>>(),
        );
    }
    assert_eq!(digests[0], digests[1], "1 thread and 2 threads differ");
    assert_eq!(digests[1], digests[2], "two runs differ");
}

#[test]
fn every_pipeline_file_loads() {
    let dir = common::root().join("pipelines");
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "toml") {
            let c = chancery::config::load(&p, &Default::default())
                .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            assert!(
                c.persons.exists() && c.topics.exists() && c.lexicon.exists(),
                "{}",
                p.display()
            );
            n += 1;
        }
    }
    assert!(n >= 2);
}

#[test]
fn unknown_pipeline_keys_are_rejected_with_the_file_named() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bad.toml");
    std::fs::write(&p, "name = \"x\"\ninput = \"a\"\noutput = \"b\"\npersons = \"p\"\ntopics = \"t\"\nlexicon = \"l\"\ncolour = \"blue\"\n").unwrap();
    let err = chancery::config::load(&p, &Default::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("bad.toml") && err.contains("colour"), "{err}");
    let out = Command::new(env!("CARGO_BIN_EXE_chancery"))
        .args(["build", "--pipeline"])
        .arg(&p)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
}

#[test]
fn exit_code_reports_failed_documents_unless_allowed() {
    let corpus = CorpusBuilder::new()
        .file("good.txt", GOOD)
        .file("empty.txt", "");
    let tmp = tempfile::tempdir().unwrap();
    let run = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_chancery"))
            .args(["build", "--input"])
            .arg(corpus.path())
            .arg("--output")
            .arg(tmp.path().join("out"))
            .args(extra)
            .current_dir(common::root())
            .output()
            .unwrap()
    };
    assert_eq!(run(&[]).status.code(), Some(2));
    assert_eq!(run(&["--allow-failures"]).status.code(), Some(0));
}

#[test]
fn names_resolve_prints_ids() {
    let out = Command::new(env!("CARGO_BIN_EXE_chancery"))
        .args([
            "names",
            "resolve",
            "Cde. Kim II Sung",
            "Kim Il",
            "Nobody Atall",
        ])
        .current_dir(common::root())
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert_eq!(lines[0][0], "Cde. Kim II Sung");
    assert_ne!(
        lines[0][1], lines[1][1],
        "Kim Il Sung and Kim Il must differ"
    );
    assert_eq!(lines[2][1], "unresolved");
}

#[test]
fn oversized_files_symlink_loops_and_vanished_files_are_recorded() {
    let corpus = CorpusBuilder::new()
        .file("good.txt", GOOD)
        .file("big.txt", "x".repeat(2 << 20));
    std::os::unix::fs::symlink(corpus.path(), corpus.path().join("loop")).unwrap();
    let (_tmp, out) = common::build(corpus.path());
    let docs = common::rows(&out, "documents");
    let error = |id: &str| {
        docs.iter().find(|d| d["doc_id"] == id).map(|d| {
            (
                d["status"].as_str().unwrap().to_string(),
                d["error"].as_str().unwrap_or("").to_string(),
            )
        })
    };
    let (s, e) = error("big").expect("big file recorded");
    assert_eq!(s, "failed");
    assert!(e.contains("over the"), "{e}");
    let (s, e) = error("loop").expect("symlink loop recorded");
    assert_eq!(s, "failed");
    assert!(e.contains("symlink loop"), "{e}");
    assert_eq!(error("good").unwrap().0, "ok");

    // A file listed by the walk but deleted before it is read.
    let gone = corpus.path().join("gone.txt");
    let reference =
        chancery::reference::Reference::load(&common::config(corpus.path(), &out)).unwrap();
    let rec = chancery::pipeline::process(
        corpus.path(),
        &chancery::stages::ingest::Found::File(gone),
        &reference,
        1 << 20,
    );
    assert_eq!(rec.status, Some(chancery::model::Status::Failed));
    assert!(rec.error.unwrap().contains("cannot read"));
    assert_eq!(rec.doc_id, "gone");
}

#[test]
fn json_logs_for_schedulers_and_no_progress_bar_off_a_terminal() {
    let corpus = CorpusBuilder::new().file("good.txt", GOOD);
    let tmp = tempfile::tempdir().unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_chancery"))
        .args(["build", "--log-format", "json", "--input"])
        .arg(corpus.path())
        .arg("--output")
        .arg(tmp.path().join("out"))
        .current_dir(common::root())
        .output()
        .unwrap();
    assert!(run.status.success());
    let err = String::from_utf8(run.stderr).unwrap();
    let line: serde_json::Value =
        serde_json::from_str(err.trim()).unwrap_or_else(|e| panic!("{e}: {err}"));
    assert_eq!(line["event"], "build_finished");
    assert_eq!(line["documents"], 1);
    assert_eq!(line["status"]["ok"], 1);

    let run = Command::new(env!("CARGO_BIN_EXE_chancery"))
        .args(["build", "--input"])
        .arg(corpus.path())
        .arg("--output")
        .arg(tmp.path().join("out"))
        .current_dir(common::root())
        .output()
        .unwrap();
    let err = String::from_utf8(run.stderr).unwrap();
    assert_eq!(
        err.lines().count(),
        1,
        "stderr is not a terminal: one summary line, no bar: {err:?}"
    );
    assert!(!err.contains('\r') && !err.contains("parsing"), "{err:?}");
}

#[test]
fn regression_a_byte_order_mark_does_not_shift_spans() {
    // Spans were 3 bytes short in UTF-8 files that start with a BOM: the
    // mark was dropped from the text but offsets were taken in the text.
    let body = "3 July 1957\n\nI visited Cde. Kim Il Sung and told him about the plenum of the CPSU CC.\n\n5 July 1957\n\nI visited Cde. Nam Il and we discussed the five-year plan.\n";
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(body.as_bytes());
    let corpus = common::CorpusBuilder::new().file("bom.txt", &bom);
    let (_tmp, out) = common::build(corpus.path());
    let meetings = common::rows(&out, "meetings");
    assert!(!meetings.is_empty());
    for m in &meetings {
        let (s, e) = (
            m["span_start"].as_i64().unwrap() as usize,
            m["span_end"].as_i64().unwrap() as usize,
        );
        let span = std::str::from_utf8(&bom[s..e]).expect("span on char boundaries");
        let written = m["date_as_written"].as_str().unwrap();
        assert!(
            span.starts_with(written),
            "{span:?} does not start with {written:?}"
        );
    }
}

#[test]
fn many_chunks_give_the_same_bytes_whatever_the_thread_count() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    for i in 0..90 {
        let dir = corpus.join(format!("box{}", i % 4));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join(format!("doc{i:03}.txt")),
            format!(
                "{} March 195{}\n\nI visited Cde. {} about the {} plan.\n\nThe conversation lasted {} hours.\n",
                1 + i % 28,
                i % 10,
                ["Kim Il Sung", "Nam Il", "Pak Chang-ok"][i % 3],
                ["five-year", "three-year"][i % 2],
                1 + i % 3
            ),
        )
        .unwrap();
    }
    let root = common::root();
    let pipeline = tmp.path().join("chunked.toml");
    std::fs::write(
        &pipeline,
        format!(
            "name = \"chunked\"\ninput = {:?}\noutput = {:?}\npersons = {:?}\ntopics = {:?}\nlexicon = {:?}\nchunk_documents = 8\n",
            corpus,
            tmp.path().join("unused"),
            root.join("data/persons.toml"),
            root.join("data/topics.toml"),
            root.join("data/lexicon.toml"),
        ),
    )
    .unwrap();
    let mut builds = Vec::new();
    for threads in ["1", "2", "5"] {
        let out = tmp.path().join(format!("out{threads}"));
        let run = Command::new(env!("CARGO_BIN_EXE_chancery"))
            .args(["build", "--log-format", "json", "--pipeline"])
            .arg(&pipeline)
            .arg("--output")
            .arg(&out)
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        let log = String::from_utf8_lossy(&run.stderr);
        let finished: serde_json::Value = log
            .lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .find(|v: &serde_json::Value| v["event"] == "build_finished")
            .expect("a build_finished event");
        assert!(finished["chunks"].as_u64().unwrap() >= 5, "{finished}");
        builds.push(common::parquet_files(&out));
    }
    assert!(builds[0] == builds[1], "1 thread and 2 threads differ");
    assert!(builds[1] == builds[2], "2 threads and 5 threads differ");
}

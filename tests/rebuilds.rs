//! Scheduled rebuilds: incremental reuse, the manifest, the lock, and
//! surviving a SIGKILL at any moment with the previous outputs intact.

mod common;

use std::process::{Command, Stdio};
use std::time::Duration;

use common::CorpusBuilder;

const DOC: &str = "3 July 1957\n\nI visited Cde. Kim Il Sung and told him about the plenum of the CPSU CC in detail.\n\nThe conversation lasted two hours.\n";

fn manifest(out: &std::path::Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(out.join("manifest.json")).expect("manifest"))
        .expect("json")
}

#[test]
fn noop_rebuild_parses_nothing_and_changes_are_seen() {
    let corpus = CorpusBuilder::new()
        .file("a.txt", DOC)
        .file("b.txt", DOC)
        .file("c.txt", DOC);
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let cfg = common::config(corpus.path(), &out);
    let first = chancery::pipeline::build(&cfg, false).unwrap();
    assert_eq!((first.parsed, first.reused, first.removed), (3, 0, 0));
    let bytes_before = std::fs::read(out.join("documents.parquet")).unwrap();

    let again = chancery::pipeline::build(&cfg, false).unwrap();
    assert_eq!((again.parsed, again.reused, again.removed), (0, 3, 0));
    assert_eq!(
        std::fs::read(out.join("documents.parquet")).unwrap(),
        bytes_before,
        "reuse changed the bytes"
    );

    std::fs::write(
        corpus.path().join("b.txt"),
        DOC.replace("two hours", "three hours"),
    )
    .unwrap();
    std::fs::remove_file(corpus.path().join("c.txt")).unwrap();
    std::fs::write(corpus.path().join("d.txt"), DOC).unwrap();
    let changed = chancery::pipeline::build(&cfg, false).unwrap();
    assert_eq!((changed.parsed, changed.reused, changed.removed), (2, 1, 1));
    let docs: Vec<String> = common::rows(&out, "documents")
        .iter()
        .map(|d| d["doc_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(docs, ["a", "b", "d"]);
    let m = manifest(&out);
    assert_eq!(m["parsed"], 2);
    assert_eq!(m["removed"], 1);
}

#[test]
fn manifest_and_parquet_metadata_describe_the_run() {
    let corpus = CorpusBuilder::new().file("a.txt", DOC).file("bad.pdf", "x");
    let (_tmp, out) = common::build(corpus.path());
    let m = manifest(&out);
    for key in [
        "run_id",
        "started",
        "finished",
        "chancery_version",
        "config_hash",
        "input_bytes",
        "rows",
        "documents_by_status",
        "seconds_by_stage",
        "warnings",
    ] {
        assert!(!m[key].is_null(), "manifest lacks {key}");
    }
    assert_eq!(m["input_files"], 2);
    assert_eq!(m["documents_by_status"]["failed"], 1);
    assert_eq!(m["rows"]["documents"], 2);
    let f = std::fs::File::open(out.join("meetings.parquet")).unwrap();
    let reader = parquet::file::reader::SerializedFileReader::new(f).unwrap();
    use parquet::file::reader::FileReader;
    let kv = reader
        .metadata()
        .file_metadata()
        .key_value_metadata()
        .unwrap()
        .clone();
    let get = |k: &str| kv.iter().find(|e| e.key == k).and_then(|e| e.value.clone());
    assert_eq!(get("chancery.schema_version").as_deref(), Some("1"));
    assert_eq!(
        get("chancery.version").as_deref(),
        Some(env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn a_second_build_on_a_locked_output_exits_with_a_clear_message() {
    let corpus = CorpusBuilder::new().file("a.txt", DOC);
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let _held = chancery::publish::lock(&out, false).unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_chancery"))
        .args(["build", "--input"])
        .arg(corpus.path())
        .arg("--output")
        .arg(&out)
        .current_dir(common::root())
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(5));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("another build holds the lock"), "{err}");
}

#[test]
fn sigkill_at_any_moment_leaves_the_previous_outputs_whole() {
    // A corpus big enough that a build takes a while.
    let mut corpus = CorpusBuilder::new();
    let seeds = common::root().join("data/corpus/seeds");
    for e in std::fs::read_dir(&seeds).unwrap() {
        let p = e.unwrap().path();
        let text = std::fs::read_to_string(&p).unwrap();
        for k in 0..60 {
            corpus = corpus.file(
                &format!("{k:03}/{}", p.file_name().unwrap().to_string_lossy()),
                &text,
            );
        }
    }
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    chancery::pipeline::build(&common::config(corpus.path(), &out), false).unwrap();
    let before = std::fs::read(out.join("documents.parquet")).unwrap();
    std::fs::remove_dir_all(out.join(".cache")).unwrap();
    for delay_ms in [50u64, 300, 800, 1500, 2500] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_chancery"))
            .args(["build", "--input"])
            .arg(corpus.path())
            .arg("--output")
            .arg(&out)
            .current_dir(common::root())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL on Unix
        let _ = child.wait();
        // Whatever the moment, the tables are complete: the old ones or a whole new set.
        let docs = common::rows(&out, "documents");
        assert_eq!(docs.len(), 300, "after a kill at {delay_ms} ms");
        assert_eq!(common::rows(&out, "meetings").len(), 300);
        assert_eq!(
            std::fs::read(out.join("documents.parquet")).unwrap(),
            before,
            "kill at {delay_ms} ms"
        );
    }
    // The next build cleans up after the killed ones and succeeds.
    chancery::pipeline::build(&common::config(corpus.path(), &out), false).unwrap();
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().contains("staging"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn wait_takes_the_lock_once_the_other_build_lets_go() {
    let corpus = CorpusBuilder::new().file("a.txt", DOC);
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let held = chancery::publish::lock(&out, false).unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_chancery"))
        .args(["build", "--wait", "--input"])
        .arg(corpus.path())
        .arg("--output")
        .arg(&out)
        .current_dir(common::root())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    assert!(
        !out.join("documents.parquet").exists(),
        "built while the lock was held"
    );
    drop(held);
    let status = child.wait_with_output().unwrap().status;
    assert!(status.success());
    assert_eq!(common::rows(&out, "documents").len(), 1);
}

/// A varied page: its date, people and topics follow `i`.
fn page(i: usize) -> String {
    const PEOPLE: [&str; 5] = [
        "Kim Il Sung",
        "Pak Chang-ok",
        "Nam Il",
        "Ivan Nosachev",
        "Ri Dong-geon",
    ];
    const TOPICS: [&str; 4] = [
        "the plenum of the CPSU CC",
        "economic aid",
        "the five-year plan",
        "the situation in Hungary",
    ];
    let (year, month, day) = (1955 + i % 5, 1 + i % 12, 1 + i % 27);
    format!(
        "{day} {} {year}\n\nI visited Cde. {} and told him about {}.\n\nThe conversation lasted {} hours.\n",
        chrono::Month::try_from(month as u8).unwrap().name(),
        PEOPLE[i % PEOPLE.len()],
        TOPICS[i % TOPICS.len()],
        1 + i % 3,
    )
}

#[test]
fn a_rebuild_that_copies_unchanged_chunks_writes_the_bytes_of_a_cold_build() {
    for layout in [
        chancery::config::Layout::Flat,
        chancery::config::Layout::Year,
    ] {
        let mut corpus = CorpusBuilder::new();
        for i in 0..400 {
            corpus = corpus.file(&format!("box{}/doc{i:04}.txt", i % 3), page(i));
        }
        // Old enough that unchanged files are trusted by size and time.
        let corpus = corpus.aged();
        let tmp = tempfile::tempdir().unwrap();
        let cfg = chancery::config::Config {
            layout,
            chunk_documents: 32,
            ..common::config(corpus.path(), &tmp.path().join("out"))
        };
        let first = chancery::pipeline::build(&cfg, false).unwrap();
        assert!(first.chunks > 5, "{} chunks", first.chunks);
        assert_eq!(first.chunks_reused, 0);

        // One page changed, one removed, one added.
        let path = |name: &str| corpus.path().join(name);
        std::fs::write(path("box1/doc0100.txt"), page(7)).unwrap();
        std::fs::remove_file(path("box2/doc0200.txt")).unwrap();
        std::fs::write(path("box0/doc0300b.txt"), page(11)).unwrap();
        let again = chancery::pipeline::build(&cfg, false).unwrap();
        assert_eq!(again.parsed, 2, "{layout:?}");
        assert!(
            again.chunks_reused + 3 >= again.chunks && again.chunks_reused > 0,
            "{layout:?}: {} of {} chunks reused",
            again.chunks_reused,
            again.chunks
        );

        let cold_out = tmp.path().join("cold");
        let cold = chancery::pipeline::build(
            &chancery::config::Config {
                output: cold_out.clone(),
                ..cfg.clone()
            },
            false,
        )
        .unwrap();
        assert_eq!(cold.chunks, again.chunks);
        let (rebuilt, fresh) = (
            common::parquet_files(&cfg.output),
            common::parquet_files(&cold_out),
        );
        assert_eq!(
            rebuilt.keys().collect::<Vec<_>>(),
            fresh.keys().collect::<Vec<_>>()
        );
        for (name, bytes) in &rebuilt {
            assert!(
                bytes == &fresh[name],
                "{layout:?}: {name} differs from a cold build"
            );
        }
        assert_eq!(common::rows(&cfg.output, "documents").len(), 400);
    }
}

#[test]
fn a_damaged_cache_or_table_falls_back_to_the_records_and_loses_nothing() {
    let mut corpus = CorpusBuilder::new();
    for i in 0..200 {
        corpus = corpus.file(&format!("doc{i:04}.txt"), page(i));
    }
    let corpus = corpus.aged();
    let tmp = tempfile::tempdir().unwrap();
    let cfg = chancery::config::Config {
        chunk_documents: 32,
        ..common::config(corpus.path(), &tmp.path().join("out"))
    };
    let first = chancery::pipeline::build(&cfg, false).unwrap();
    let cold = common::parquet_files(&cfg.output);

    // A summary that no longer parses, and a table file cut short.
    let chunks = cfg.output.join(".cache/chunks");
    let summary = std::fs::read_dir(&chunks)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with(".summary"))
        .unwrap();
    std::fs::write(&summary, "\u{93}not a summary").unwrap();
    // A file touched but not changed, so that the build is not up to date.
    let touch = || {
        let f = std::fs::File::options()
            .append(true)
            .open(corpus.path().join("doc0000.txt"))
            .unwrap();
        f.set_modified(std::time::SystemTime::now()).unwrap();
    };
    touch();
    let again = chancery::pipeline::build(&cfg, false).unwrap();
    assert_eq!(
        again.parsed, 0,
        "records are reused even when a summary is not"
    );
    assert_eq!(again.chunks_reused + 1, again.chunks);
    assert_eq!(common::parquet_files(&cfg.output), cold);

    let documents = cfg.output.join("documents.parquet");
    let bytes = std::fs::read(&documents).unwrap();
    std::fs::write(&documents, &bytes[..bytes.len() / 2]).unwrap();
    touch();
    let third = chancery::pipeline::build(&cfg, false).unwrap();
    assert_eq!(third.parsed, 0);
    assert_eq!(
        third.chunks_reused, 0,
        "no chunk is copied from a broken file"
    );
    assert_eq!(third.chunks, first.chunks);
    assert_eq!(common::parquet_files(&cfg.output), cold);
}

#[test]
fn cached_records_decode_to_the_records_encoded() {
    // Every field of every fixture's record, as the rebuild cache stores it:
    // a reused record must be the record a parse gives.
    let out = tempfile::tempdir().unwrap();
    let mut topics = 0;
    for dir in ["tests/fixtures/genre", "tests/fixtures/seeds"] {
        let cfg = common::config(&common::root().join(dir), out.path());
        let reference = chancery::reference::Reference::load(&cfg).unwrap();
        let records = chancery::pipeline::parse_corpus(&cfg, &reference).unwrap();
        for r in records {
            topics += r.topic_mentions.len();
            let bytes = chancery::cache::encode_record("key", &r).unwrap();
            let (key, back) = chancery::cache::decode_record(&bytes).expect(&r.doc_id);
            assert_eq!(key, "key");
            assert_eq!(
                serde_json::to_value(&back).unwrap(),
                serde_json::to_value(&r).unwrap(),
                "{}",
                r.doc_id
            );
        }
    }
    assert!(topics > 0, "the fixtures mention no topic");
    assert!(chancery::cache::decode_record(b"\x93not a record").is_none());
}

//! Beyond one machine: extracting shards with `chancery extract --jsonl` and
//! assembling them with `build --from-jsonl`, the Hive-partitioned layout,
//! and the rebuild that has nothing to do.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use common::{CorpusBuilder, chancery};

/// The genre fixtures and the seeds, in two folders, as one corpus.
fn corpus() -> CorpusBuilder {
    let mut c = CorpusBuilder::new();
    for (dir, sub) in [
        ("tests/fixtures/genre/corpus", "genre"),
        ("data/corpus/seeds", "seeds"),
    ] {
        for e in std::fs::read_dir(common::root().join(dir)).unwrap() {
            let p = e.unwrap().path();
            let name = format!("{sub}/{}", p.file_name().unwrap().to_string_lossy());
            c = c.file(&name, std::fs::read(&p).unwrap());
        }
    }
    c
}

fn files_below(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(files_below(&p));
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}

fn extract(input: &Path, paths: &[PathBuf], shard: &Path) {
    let mut child = chancery()
        .args(["extract", "--jsonl", "--batch", "4", "--input"])
        .arg(input)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    for p in paths {
        writeln!(stdin, "{}", p.display()).unwrap();
    }
    drop(stdin);
    let out = common::succeeded(child.wait_with_output().unwrap());
    std::fs::write(shard, out.stdout).unwrap();
}

#[test]
fn three_shards_assemble_to_the_tables_of_a_single_build() {
    let corpus = corpus();
    let tmp = tempfile::tempdir().unwrap();
    let single = tmp.path().join("single");
    common::succeeded(
        chancery()
            .args(["build", "--allow-failures", "--input"])
            .arg(corpus.path())
            .arg("--output")
            .arg(&single)
            .output()
            .unwrap(),
    );

    // Round-robin, as `split -n r/3` deals paths; the shards hold
    // interleaved documents, so assembling must sort them again.
    let paths = files_below(corpus.path());
    let shards = tmp.path().join("shards");
    std::fs::create_dir(&shards).unwrap();
    for k in 0..3 {
        let share: Vec<PathBuf> = paths.iter().skip(k).step_by(3).cloned().collect();
        extract(
            corpus.path(),
            &share,
            &shards.join(format!("part-{k}.jsonl")),
        );
    }
    let assembled = tmp.path().join("assembled");
    common::succeeded(
        chancery()
            .args(["build", "--allow-failures", "--from-jsonl"])
            .arg(&shards)
            .arg("--output")
            .arg(&assembled)
            .output()
            .unwrap(),
    );

    let a = common::parquet_files(&single);
    let b = common::parquet_files(&assembled);
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    assert!(a.len() >= 10, "only {} tables", a.len());
    for (name, bytes) in &a {
        assert!(
            bytes == &b[name],
            "{name} differs between single and sharded builds"
        );
    }
    assert_eq!(
        common::rows(&assembled, "documents").len(),
        paths.len(),
        "a document was lost"
    );
}

#[test]
fn extract_records_a_missing_file_and_goes_on() {
    let corpus = corpus();
    let tmp = tempfile::tempdir().unwrap();
    let shard = tmp.path().join("s.jsonl");
    let mut paths = files_below(corpus.path());
    paths.truncate(2);
    paths.insert(1, corpus.path().join("gone.txt"));
    extract(corpus.path(), &paths, &shard);
    let text = std::fs::read_to_string(&shard).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3, "one line per path, in input order");
    assert_eq!(lines[1]["record"]["doc_id"], "gone");
    assert_eq!(
        lines[1]["record"]["status"], "failed",
        "as the tables write it"
    );
    assert!(lines[0]["key"].is_string());
    assert_eq!(lines[0]["chancery"], env!("CARGO_PKG_VERSION"));
}

#[test]
fn a_corrupt_shard_line_is_named_with_its_file_and_line() {
    let tmp = tempfile::tempdir().unwrap();
    let shards = tmp.path().join("shards");
    std::fs::create_dir(&shards).unwrap();
    std::fs::write(shards.join("bad.jsonl"), "\n{\"chancery\": 1}\n").unwrap();
    let run = chancery()
        .args(["build", "--from-jsonl"])
        .arg(&shards)
        .arg("--output")
        .arg(tmp.path().join("out"))
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(4));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("bad.jsonl, line 2"), "{err}");
}

#[test]
fn partition_by_year_writes_hive_folders_with_every_row() {
    let corpus = corpus();
    let tmp = tempfile::tempdir().unwrap();
    let flat = tmp.path().join("flat");
    let hive = tmp.path().join("hive");
    for (out, extra) in [(&flat, None), (&hive, Some("year"))] {
        let mut cmd = chancery();
        cmd.args(["build", "--allow-failures", "--input"])
            .arg(corpus.path())
            .arg("--output")
            .arg(out);
        if let Some(layout) = extra {
            cmd.args(["--partition-by", layout]);
        }
        common::succeeded(cmd.output().unwrap());
    }
    let parts = common::parquet_files(&hive);
    assert!(
        parts.contains_key("meetings/year=1957/part-0.parquet"),
        "{:?}",
        parts.keys()
    );
    assert!(
        parts.contains_key("documents.parquet"),
        "other tables stay flat"
    );
    for table in ["meetings", "participants", "topic_mentions"] {
        assert!(!hive.join(format!("{table}.parquet")).exists());
        let mut rows = 0;
        for e in std::fs::read_dir(hive.join(table)).unwrap() {
            let dir = e.unwrap().path();
            let name = dir.file_name().unwrap().to_string_lossy().into_owned();
            let year = name.strip_prefix("year=").expect("hive folder name");
            let part = common::rows(&dir, "part-0");
            if table == "meetings" && year != "__HIVE_DEFAULT_PARTITION__" {
                for m in &part {
                    if let Some(date) = m["meeting_date"].as_str() {
                        assert!(date.starts_with(year), "{date} filed under {name}");
                    }
                }
            }
            rows += part.len();
        }
        assert_eq!(rows, common::rows(&flat, table).len(), "{table} lost rows");
    }
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(hive.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(m["layout"], "year");
}

#[test]
fn a_rebuild_with_nothing_changed_leaves_the_tables_alone() {
    let corpus = CorpusBuilder::new()
        .file("a.txt", "3 July 1957\n\nI visited Cde. Kim Il Sung.\n")
        .file("b.txt", "4 July 1957\n\nI visited Cde. Nam Il.\n")
        .aged();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let cfg = common::config(corpus.path(), &out);
    let first = chancery::pipeline::build(&cfg, false).unwrap();
    assert!(!first.up_to_date);
    let manifest = std::fs::read(out.join("manifest.json")).unwrap();

    let again = chancery::pipeline::build(&cfg, false).unwrap();
    assert!(again.up_to_date);
    assert_eq!((again.parsed, again.reused, again.documents), (0, 2, 2));
    assert_eq!(again.by_status.get("ok"), first.by_status.get("ok"));
    assert_eq!(
        std::fs::read(out.join("manifest.json")).unwrap(),
        manifest,
        "an up-to-date build rewrote the outputs"
    );

    // Touched but not changed: hashed again, reused, and the tables rebuilt.
    common::age(
        corpus.path(),
        std::time::SystemTime::now() - std::time::Duration::from_secs(60),
    );
    let touched = chancery::pipeline::build(&cfg, false).unwrap();
    assert!(!touched.up_to_date);
    assert_eq!((touched.parsed, touched.reused), (0, 2));

    // Switching the layout is a change even when no file changed.
    let year = chancery::config::Config {
        layout: chancery::config::Layout::Year,
        ..cfg.clone()
    };
    let relaid = chancery::pipeline::build(&year, false).unwrap();
    assert!(!relaid.up_to_date);
    assert!(out.join("meetings").is_dir());
}

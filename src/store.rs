//! Record shards: document records as JSON lines, the hand-off between
//! machines (`chancery extract --jsonl`, `build --from-jsonl`). The rebuild
//! cache keeps the same records in MessagePack instead ([`crate::cache`]).
//!
//! One line per document: `{"chancery":"0.1.0","key":"…","record":{…}}`.
//! `key` is the cache key of the file the record came from (its path, bytes,
//! the reference data and chancery's version); `chancery` is the version that
//! wrote the line, because a record from another version may carry another
//! grammar's reading of the same words.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::DocumentRecord;

/// chancery's version, written into every line.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

#[derive(Serialize)]
struct LineOut<'a> {
    chancery: &'a str,
    key: Option<&'a str>,
    record: &'a DocumentRecord,
}

#[derive(Deserialize)]
struct LineIn {
    chancery: String,
    key: Option<String>,
    record: DocumentRecord,
}

/// A record read back from a shard, with where it was read.
#[derive(Debug, Clone)]
pub struct Stored {
    pub key: Option<String>,
    pub record: DocumentRecord,
    pub file: PathBuf,
    pub line: usize,
}

/// Writes one record as one line.
pub fn write_line(w: &mut impl Write, key: Option<&str>, record: &DocumentRecord) -> Result<()> {
    let line = LineOut {
        chancery: VERSION,
        key,
        record,
    };
    let fail = |message: String| Error::Write {
        path: "<json lines>".into(),
        message,
    };
    serde_json::to_writer(&mut *w, &line).map_err(|e| fail(e.to_string()))?;
    w.write_all(b"\n").map_err(|e| fail(e.to_string()))
}

/// Serializes records in parallel into one buffer of lines, in the given order.
pub fn to_lines(records: &[(Option<String>, DocumentRecord)]) -> Result<Vec<u8>> {
    let chunks: Vec<Result<Vec<u8>>> = records
        .par_chunks(256)
        .map(|chunk| {
            let mut buf = Vec::with_capacity(chunk.len() * 4096);
            for (key, rec) in chunk {
                write_line(&mut buf, key.as_deref(), rec)?;
            }
            Ok(buf)
        })
        .collect();
    let mut out = Vec::new();
    for c in chunks {
        out.extend_from_slice(&c?);
    }
    Ok(out)
}

/// Parses one line of this version: its key and record. A line written by
/// another version is refused: it may carry another grammar's reading.
pub fn parse_line(line: &[u8]) -> std::result::Result<(Option<String>, DocumentRecord), String> {
    let l: LineIn = serde_json::from_slice(line).map_err(|e| e.to_string())?;
    if l.chancery != VERSION {
        return Err(format!(
            "written by chancery {}, this is {VERSION}; extract the shard again",
            l.chancery
        ));
    }
    Ok((l.key, l.record))
}

/// Reads one shard. Lines are parsed in parallel; an unreadable line, or
/// one from another version, is an error naming the file and the line.
pub fn read_file(path: &Path) -> Result<Vec<Stored>> {
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_owned(),
        source,
    })?;
    let lines: Vec<(usize, &[u8])> = bytes
        .split(|b| *b == b'\n')
        .enumerate()
        .filter(|(_, l)| !l.iter().all(u8::is_ascii_whitespace))
        .map(|(i, l)| (i + 1, l))
        .collect();
    lines
        .par_iter()
        .map(|(n, line)| {
            let (key, record) = parse_line(line).map_err(|message| Error::Shard {
                path: path.to_owned(),
                line: *n,
                message,
            })?;
            Ok(Stored {
                key,
                record,
                file: path.to_owned(),
                line: *n,
            })
        })
        .collect()
}

/// Whether a file in a shard folder is a shard: `*.jsonl`, or `part-*` as
/// Spark and Hadoop name their outputs (their `_SUCCESS` markers and
/// `.crc` checksums are not).
fn is_shard(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    path.is_file()
        && !name.starts_with(['.', '_'])
        && (name.ends_with(".jsonl") || (name.starts_with("part-") && !name.ends_with(".crc")))
}

/// Reads every shard of a folder (not its subfolders), in name order, and
/// returns the records sorted by doc_id. A document that appears twice is an
/// error naming both places: shards must not overlap.
pub fn read_dir(dir: &Path) -> Result<Vec<Stored>> {
    let entries = std::fs::read_dir(dir).map_err(|source| Error::Read {
        path: dir.to_owned(),
        source,
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| is_shard(p))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(Error::Usage {
            message: format!(
                "{}: no shards (*.jsonl or part-*) in this folder",
                dir.display()
            ),
        });
    }
    let mut all = Vec::new();
    for f in &files {
        all.extend(read_file(f)?);
    }
    all.sort_by(|a, b| {
        (a.record.doc_id.as_str(), a.record.source_file.as_str())
            .cmp(&(b.record.doc_id.as_str(), b.record.source_file.as_str()))
    });
    for w in all.windows(2) {
        if w[0].record.source_file == w[1].record.source_file {
            return Err(Error::Shard {
                path: w[1].file.clone(),
                line: w[1].line,
                message: format!(
                    "{} is also in {} line {}: shards must not overlap",
                    w[1].record.source_file,
                    w[0].file.display(),
                    w[0].line
                ),
            });
        }
    }
    Ok(all)
}

/// Streams paths from a reader (one per line) to records written as lines,
/// `chunk` documents at a time so a long shard never sits in memory whole.
/// Lines come out in input order whatever the number of threads.
pub fn stream<R: BufRead, W: Write>(
    paths: R,
    out: &mut W,
    chunk: usize,
    mut process: impl FnMut(&[PathBuf]) -> Vec<(Option<String>, DocumentRecord)>,
) -> Result<usize> {
    let mut batch: Vec<PathBuf> = Vec::with_capacity(chunk);
    let mut done = 0;
    let mut flush = |batch: &mut Vec<PathBuf>, out: &mut W| -> Result<()> {
        let recs = process(batch);
        let buf = to_lines(&recs)?;
        out.write_all(&buf).map_err(|e| Error::Write {
            path: "<stdout>".into(),
            message: e.to_string(),
        })?;
        done += recs.len();
        batch.clear();
        Ok(())
    };
    for line in paths.lines() {
        let line = line.map_err(|source| Error::Read {
            path: "<stdin>".into(),
            source,
        })?;
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        batch.push(PathBuf::from(line));
        if batch.len() == chunk {
            flush(&mut batch, out)?;
        }
    }
    if !batch.is_empty() {
        flush(&mut batch, out)?;
    }
    out.flush().map_err(|e| Error::Write {
        path: "<stdout>".into(),
        message: e.to_string(),
    })?;
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(id: &str) -> DocumentRecord {
        DocumentRecord {
            doc_id: id.into(),
            source_file: format!("{id}.txt"),
            ..Default::default()
        }
    }

    #[test]
    fn lines_round_trip_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let recs = vec![(Some("k1".to_string()), rec("b")), (None, rec("a"))];
        let path = dir.path().join("s.jsonl");
        std::fs::write(&path, to_lines(&recs).unwrap()).unwrap();
        let back = read_file(&path).unwrap();
        assert_eq!(back.len(), 2);
        assert_eq!(back[0].record.doc_id, "b");
        assert_eq!(back[0].key.as_deref(), Some("k1"));
        assert_eq!(back[1].line, 2);
    }

    #[test]
    fn a_bad_line_names_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.jsonl");
        let mut text = String::from_utf8(to_lines(&[(None, rec("a"))]).unwrap()).unwrap();
        text.push_str("{not json\n");
        std::fs::write(&path, text).unwrap();
        let err = read_file(&path).unwrap_err().to_string();
        assert!(err.contains("s.jsonl") && err.contains("line 2"), "{err}");
    }

    #[test]
    fn other_versions_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.jsonl");
        let text = String::from_utf8(to_lines(&[(None, rec("a"))]).unwrap())
            .unwrap()
            .replace(VERSION, "0.0.0-old");
        std::fs::write(&path, text).unwrap();
        let err = read_file(&path).unwrap_err().to_string();
        assert!(err.contains("0.0.0-old"), "{err}");
    }

    #[test]
    fn spark_part_files_are_shards_and_markers_are_not() {
        let dir = tempfile::tempdir().unwrap();
        let lines = |id| to_lines(&[(None, rec(id))]).unwrap();
        std::fs::write(dir.path().join("part-00000"), lines("a")).unwrap();
        std::fs::write(dir.path().join("b.jsonl"), lines("b")).unwrap();
        std::fs::write(dir.path().join("_SUCCESS"), "").unwrap();
        std::fs::write(dir.path().join(".part-00000.crc"), "junk").unwrap();
        let ids: Vec<String> = read_dir(dir.path())
            .unwrap()
            .into_iter()
            .map(|s| s.record.doc_id)
            .collect();
        assert_eq!(ids, ["a", "b"]);
    }

    #[test]
    fn overlapping_shards_are_an_error() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["1.jsonl", "2.jsonl"] {
            std::fs::write(
                dir.path().join(name),
                to_lines(&[(None, rec("a"))]).unwrap(),
            )
            .unwrap();
        }
        let err = read_dir(dir.path()).unwrap_err().to_string();
        assert!(err.contains("must not overlap"), "{err}");
    }
}

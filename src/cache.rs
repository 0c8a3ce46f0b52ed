//! The rebuild cache inside the output folder, so that a rebuild re-reads
//! only the files whose size or time changed, re-writes only the chunks
//! (see [`crate::chunking`]) they fall in, and touches nothing when nothing
//! changed:
//!
//! - `.cache/index.jsonl`: each file's path, size, modification time,
//!   sha256 and cache key, and where its record is;
//! - `.cache/chunks.jsonl`: each chunk's name and, for every table file, the
//!   row group that holds the chunk's rows;
//! - `.cache/chunks/NAME.records`: the chunk's records, each with its cache
//!   key, in MessagePack ([`encode_record`]);
//! - `.cache/chunks/NAME.summary`: what the chunk adds to the corpus-wide
//!   tables and the build's totals ([`Summary`]), in MessagePack.
//!
//! A chunk's files never change once written: the next build links them
//! into its own output folder instead of copying them.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::DocumentRecord;
use crate::stages::aggregate::Aggregator;
use crate::stages::write::Written;
use crate::store;

/// The cache folder, inside the output folder.
pub const DIR: &str = ".cache";
const CHUNKS: &str = "chunks";
const INDEX: &str = "index.jsonl";
const CHUNK_INDEX: &str = "chunks.jsonl";

/// A file whose time is this close to when the index was written may have
/// changed again within the file system's time resolution, so its stamp is
/// not trusted and the file is hashed again.
const RACY_NS: i128 = 2_000_000_000;

/// A file's size and modification time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub size: u64,
    pub mtime_ns: i128,
}

/// The size and modification time in a file's metadata (from a stat that
/// follows symlinks).
pub fn stamp_of(m: &std::fs::Metadata) -> Option<Stamp> {
    let mtime = m.modified().ok()?;
    let mtime_ns = match mtime.duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_nanos() as i128,
        Err(e) => -(e.duration().as_nanos() as i128),
    };
    Some(Stamp {
        size: m.len(),
        mtime_ns,
    })
}

fn now_ns() -> i128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos() as i128)
        .unwrap_or(0)
}

#[derive(Debug, Serialize, Deserialize)]
struct Header {
    chancery: String,
    fingerprint: String,
    written_ns: i128,
}

/// One document as the last build saw it: its file's stamp and hash, its
/// cache key, and where its line is in its chunk's records.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    pub source_file: String,
    /// None when the record came from a shard, whose file was not stat'ed here.
    pub stamp: Option<Stamp>,
    pub sha256: String,
    pub key: String,
    /// The name of the chunk whose records file holds the line.
    pub chunk: String,
    pub offset: u64,
    pub len: u64,
}

/// One chunk of the last build, in writing order.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ChunkLine {
    pub name: String,
    /// False when a document had no cache key: the chunk is rebuilt.
    pub reusable: bool,
    pub documents: usize,
    /// The chunk's row group in each table file it has rows in, by the
    /// file's path below the output folder.
    pub row_groups: BTreeMap<String, usize>,
}

/// What one chunk adds to a build: its part of the corpus-wide tables and
/// of the totals the report and manifest give.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Summary {
    pub aggregator: Aggregator,
    pub doc_ids: Vec<String>,
    pub input_bytes: u64,
    pub by_status: BTreeMap<String, usize>,
    /// (source file, reason) of each document with an error.
    pub warnings: Vec<(String, String)>,
    /// Rows by table.
    pub rows: BTreeMap<String, usize>,
}

/// The last build's documents, when it ran with the same chancery version
/// and reference data as this one.
#[derive(Debug, Default)]
pub struct Index {
    entries: HashMap<String, Entry>,
    written_ns: i128,
}

/// The folder of chunk files, below an output (or staging) folder.
pub fn chunks_dir(dir: &Path) -> PathBuf {
    dir.join(DIR).join(CHUNKS)
}

/// A chunk's records, below an output (or staging) folder.
pub fn records_path(dir: &Path, chunk: &str) -> PathBuf {
    chunks_dir(dir).join(format!("{chunk}.records"))
}

/// One record as its chunk's records file holds it: the cache key and the
/// record, in MessagePack.
///
/// Not JSON lines, the format of `extract --jsonl`: every build writes a
/// record for every document, and a build reads them back only for the
/// chunks a change falls in. As JSON the records were as large as the
/// corpus, and escaping and writing them took a tenth of a cold build.
pub fn encode_record(key: &str, record: &DocumentRecord) -> std::result::Result<Vec<u8>, String> {
    let mut buf = Vec::with_capacity(16 * 1024);
    rmp_serde::encode::write(&mut buf, &(key, record))
        .map_err(|e| format!("record of {}: {e}", record.source_file))?;
    Ok(buf)
}

/// A record written by [`encode_record`], and its cache key; `None` when the
/// bytes do not decode (the document is then parsed again).
pub fn decode_record(bytes: &[u8]) -> Option<(String, DocumentRecord)> {
    rmp_serde::from_slice(bytes).ok()
}

/// A chunk's summary, below an output (or staging) folder.
pub fn summary_path(dir: &Path, chunk: &str) -> PathBuf {
    chunks_dir(dir).join(format!("{chunk}.summary"))
}

/// A chunk's summary as its file holds it: MessagePack, with field names
/// (a count that is zero is left out). Every rebuild reads every chunk's
/// summary, and as JSON they were a ninth of the cache.
pub fn encode_summary(summary: &Summary) -> std::result::Result<Vec<u8>, String> {
    rmp_serde::to_vec_named(summary).map_err(|e| e.to_string())
}

/// A summary written by [`encode_summary`]; `None` when the bytes do not
/// decode (the chunk is then assembled again).
pub fn decode_summary(bytes: &[u8]) -> Option<Summary> {
    rmp_serde::from_slice(bytes).ok()
}

impl Index {
    /// Reads the index of an output folder; `None` when there is none, it is
    /// unreadable, or it was written by another version or configuration.
    pub fn load(output: &Path, fingerprint: &str) -> Option<Index> {
        let text = std::fs::read_to_string(output.join(DIR).join(INDEX)).ok()?;
        let mut lines = text.lines();
        let header: Header = serde_json::from_str(lines.next()?).ok()?;
        if header.chancery != store::VERSION || header.fingerprint != fingerprint {
            return None;
        }
        // A hundred thousand lines: parsed in parallel.
        let lines: Vec<&str> = lines.collect();
        let parsed: Vec<Entry> = lines
            .par_iter()
            .map(|l| serde_json::from_str(l).ok())
            .collect::<Option<_>>()?;
        let entries = parsed
            .into_iter()
            .map(|e| (e.source_file.clone(), e))
            .collect();
        Some(Index {
            entries,
            written_ns: header.written_ns,
        })
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn get(&self, source_file: &str) -> Option<&Entry> {
        self.entries.get(source_file)
    }

    /// Whether the file is as the last build saw it: the same size and
    /// time, and the time safely older than that build.
    pub fn unchanged(&self, entry: &Entry, now: Stamp) -> bool {
        entry.stamp == Some(now) && now.mtime_ns < self.written_ns - RACY_NS
    }
}

/// Writes the list of chunks just written to `dir/.cache/chunks.jsonl`.
pub fn write_chunks(dir: &Path, chunks: &[ChunkLine]) -> Result<()> {
    let path = dir.join(DIR).join(CHUNK_INDEX);
    let mut text = String::new();
    for c in chunks {
        text.push_str(&serde_json::to_string(c).map_err(|e| Error::Write {
            path: path.clone(),
            message: e.to_string(),
        })?);
        text.push('\n');
    }
    std::fs::write(&path, text).map_err(|e| Error::Write {
        path,
        message: e.to_string(),
    })
}

/// Writes the index of the records just written to the chunks' files.
pub fn write_index(dir: &Path, fingerprint: &str, entries: &[Entry]) -> Result<()> {
    let path = dir.join(DIR).join(INDEX);
    let fail = |e: String| Error::Write {
        path: path.clone(),
        message: e,
    };
    let mut index = serde_json::to_vec(&Header {
        chancery: store::VERSION.into(),
        fingerprint: fingerprint.into(),
        written_ns: now_ns(),
    })
    .map_err(|e| fail(e.to_string()))?;
    index.push(b'\n');
    let parts: Vec<Vec<u8>> = entries
        .par_chunks(4096)
        .map(|part| {
            let mut buf = Vec::with_capacity(part.len() * 400);
            for e in part {
                serde_json::to_writer(&mut buf, e)?;
                buf.push(b'\n');
            }
            Ok(buf)
        })
        .collect::<std::result::Result<_, serde_json::Error>>()
        .map_err(|e| fail(e.to_string()))?;
    for part in parts {
        index.extend_from_slice(&part);
    }
    std::fs::write(&path, index).map_err(|e| fail(e.to_string()))
}

/// The previous build's cache, open for reading single records and for
/// reusing whole chunks.
pub struct Previous {
    pub index: Index,
    dir: PathBuf,
    /// Reusable chunks whose files are all there, by name.
    chunks: HashMap<String, ChunkLine>,
    /// The table files those chunks' row groups are in, by path below `dir`.
    tables: HashMap<String, Written>,
}

impl Previous {
    /// The cache of an output folder, if it matches this configuration.
    pub fn open(output: &Path, fingerprint: &str) -> Option<Previous> {
        let index = Index::load(output, fingerprint)?;
        let lines: Vec<ChunkLine> = std::fs::read_to_string(output.join(DIR).join(CHUNK_INDEX))
            .map(|text| {
                text.lines()
                    .map_while(|l| serde_json::from_str(l).ok())
                    .collect()
            })
            .unwrap_or_default();
        let mut tables: HashMap<String, Written> = HashMap::new();
        let mut chunks = HashMap::new();
        for line in lines {
            // A chunk is reused only if its files and every row group it
            // names are there.
            let whole = line.reusable
                && records_path(output, &line.name).is_file()
                && summary_path(output, &line.name).is_file()
                && line.row_groups.iter().all(|(rel, &group)| {
                    if !tables.contains_key(rel)
                        && let Some(w) = Written::open(&output.join(rel))
                    {
                        tables.insert(rel.clone(), w);
                    }
                    tables.get(rel).is_some_and(|w| group < w.row_groups())
                });
            if whole {
                chunks.insert(line.name.clone(), line);
            }
        }
        Some(Previous {
            index,
            dir: output.to_owned(),
            chunks,
            tables,
        })
    }

    /// One document's cache line and record; `None` when it cannot be read
    /// back (the document is then parsed again).
    pub fn read(&self, entry: &Entry) -> Option<(Vec<u8>, DocumentRecord)> {
        // Opened per record rather than kept open: a small `chunk_documents`
        // makes thousands of chunks, more than a process may hold open, and
        // only a changed chunk's records are read.
        let file = File::open(records_path(&self.dir, &entry.chunk)).ok()?;
        let mut line = vec![0; usize::try_from(entry.len).ok()?];
        read_at(&file, &mut line, entry.offset).ok()?;
        let (key, record) = decode_record(&line)?;
        (key == entry.key).then_some((line, record))
    }

    /// The previous build's chunk of this name, if it can be reused.
    pub fn chunk(&self, name: &str) -> Option<&ChunkLine> {
        self.chunks.get(name)
    }

    /// A reusable chunk's summary; `None` when it cannot be read back.
    pub fn summary(&self, name: &str) -> Option<Summary> {
        decode_summary(&std::fs::read(summary_path(&self.dir, name)).ok()?)
    }

    /// A table file holding reusable chunks' row groups.
    pub fn table(&self, rel: &str) -> Option<&Written> {
        self.tables.get(rel)
    }

    /// Links (or, failing that, copies) a reusable chunk's files into `dir`.
    pub fn link_chunk(&self, name: &str, dir: &Path) -> Result<()> {
        for path in [records_path, summary_path] {
            let (from, to) = (path(&self.dir, name), path(dir, name));
            if std::fs::hard_link(&from, &to).is_err() {
                std::fs::copy(&from, &to).map_err(|e| Error::Write {
                    path: to.clone(),
                    message: e.to_string(),
                })?;
            }
        }
        Ok(())
    }
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    use std::os::unix::fs::FileExt;
    file.read_exact_at(buf, offset)
}

#[cfg(not(unix))]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    use std::io::{Read, Seek, SeekFrom};
    let mut f = file.try_clone()?;
    f.seek(SeekFrom::Start(offset))?;
    f.read_exact(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str, mtime_ns: i128) -> Entry {
        Entry {
            source_file: name.into(),
            stamp: Some(Stamp { size: 10, mtime_ns }),
            sha256: "abc".into(),
            key: format!("key-{name}"),
            chunk: "c".into(),
            offset: 0,
            len: 0,
        }
    }

    fn write_cache(dir: &Path, fp: &str, entries: &[Entry]) {
        std::fs::create_dir_all(dir.join(DIR)).unwrap();
        write_index(dir, fp, entries).unwrap();
    }

    #[test]
    fn index_round_trips_and_trusts_only_old_stamps() {
        let dir = tempfile::tempdir().unwrap();
        let now = now_ns();
        let old = entry("old.txt", now - 60_000_000_000);
        let fresh = entry("fresh.txt", now);
        write_cache(dir.path(), "fp", &[old.clone(), fresh.clone()]);
        let index = Index::load(dir.path(), "fp").expect("index");
        assert_eq!(index.len(), 2);
        let e = index.get("old.txt").unwrap();
        assert!(index.unchanged(e, old.stamp.unwrap()));
        // Written in the same two seconds as the index: hash it again.
        let f = index.get("fresh.txt").unwrap();
        assert!(!index.unchanged(f, fresh.stamp.unwrap()));
        let grown = Stamp {
            size: 11,
            ..old.stamp.unwrap()
        };
        assert!(!index.unchanged(e, grown));
        assert!(index.get("new.txt").is_none());
    }

    #[test]
    fn index_of_another_configuration_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        write_cache(dir.path(), "fp", &[]);
        assert!(Index::load(dir.path(), "other").is_none());
        assert!(Index::load(dir.path(), "fp").is_some());
    }

    #[test]
    fn a_record_is_read_back_by_offset_and_checked_by_key() {
        let dir = tempfile::tempdir().unwrap();
        let rec = |id: &str| DocumentRecord {
            doc_id: id.into(),
            source_file: format!("{id}.txt"),
            ..Default::default()
        };
        let mut lines = encode_record("k-a", &rec("a")).unwrap();
        let first = lines.len() as u64;
        lines.extend(encode_record("k-b", &rec("b")).unwrap());
        std::fs::create_dir_all(chunks_dir(dir.path())).unwrap();
        std::fs::write(records_path(dir.path(), "c"), &lines).unwrap();
        write_chunks(
            dir.path(),
            &[ChunkLine {
                name: "c".into(),
                reusable: true,
                documents: 2,
                row_groups: BTreeMap::new(),
            }],
        )
        .unwrap();
        let mut b = entry("b.txt", 0);
        (b.key, b.offset, b.len) = ("k-b".into(), first, lines.len() as u64 - first);
        write_cache(dir.path(), "fp", std::slice::from_ref(&b));
        let prev = Previous::open(dir.path(), "fp").unwrap();
        assert!(
            prev.chunk("c").is_none(),
            "a chunk without its summary is not reused"
        );
        let (line, got) = prev.read(&b).expect("record b");
        assert_eq!(got.doc_id, "b");
        assert_eq!(line, lines[first as usize..]);
        b.key = "k-other".into();
        assert!(
            prev.read(&b).is_none(),
            "a line under another key is not reused"
        );
    }
}

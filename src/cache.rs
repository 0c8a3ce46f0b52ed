//! The rebuild cache inside the output folder: every document's record
//! (`.cache/records.jsonl`, see [`crate::store`]) and an index of the files
//! they came from (`.cache/index.jsonl`: path, size, modification time,
//! sha256), so that a rebuild re-reads only the files whose size or time
//! changed, and a rebuild with nothing changed touches nothing.

use std::collections::HashMap;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::DocumentRecord;
use crate::store::{self, OtherVersion};

/// The cache folder, inside the output folder.
pub const DIR: &str = ".cache";
const RECORDS: &str = "records.jsonl";
const INDEX: &str = "index.jsonl";

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

/// Size and modification time of a file, following symlinks.
pub fn stamp(path: &Path) -> Option<Stamp> {
    let m = std::fs::metadata(path).ok()?;
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

/// One file as the last build saw it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    pub source_file: String,
    pub stamp: Stamp,
    pub sha256: String,
}

/// The last build's files, when it ran with the same chancery version and
/// reference data as this one.
#[derive(Debug, Default)]
pub struct Index {
    entries: HashMap<String, Entry>,
    written_ns: i128,
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
        let mut entries = HashMap::new();
        for l in lines {
            let e: Entry = serde_json::from_str(l).ok()?;
            entries.insert(e.source_file.clone(), e);
        }
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

    /// The file's sha256 when its size and time are as the last build saw
    /// them and the time is safely older than that build.
    pub fn unchanged(&self, source_file: &str, now: Stamp) -> Option<&str> {
        let e = self.entries.get(source_file)?;
        (e.stamp == now && now.mtime_ns < self.written_ns - RACY_NS).then_some(e.sha256.as_str())
    }
}

/// Writes the index and the records into `dir/.cache`.
pub fn write(
    dir: &Path,
    fingerprint: &str,
    entries: &[Entry],
    records: &[(Option<String>, DocumentRecord)],
) -> Result<()> {
    let cache = dir.join(DIR);
    let fail = |path: &Path, e: String| Error::Write {
        path: path.to_owned(),
        message: e,
    };
    std::fs::create_dir_all(&cache).map_err(|e| fail(&cache, e.to_string()))?;
    let mut index = serde_json::to_string(&Header {
        chancery: store::VERSION.into(),
        fingerprint: fingerprint.into(),
        written_ns: now_ns(),
    })
    .map_err(|e| fail(&cache, e.to_string()))?;
    index.push('\n');
    for e in entries {
        index.push_str(&serde_json::to_string(e).map_err(|e| fail(&cache, e.to_string()))?);
        index.push('\n');
    }
    let path = cache.join(INDEX);
    std::fs::write(&path, index).map_err(|e| fail(&path, e.to_string()))?;
    let path = cache.join(RECORDS);
    std::fs::write(&path, store::to_lines(records)?).map_err(|e| fail(&path, e.to_string()))
}

/// The last build's records by cache key; empty when there is no cache.
/// Lines from another chancery version are left out, so those documents
/// are parsed again.
pub fn records(output: &Path) -> HashMap<String, DocumentRecord> {
    let path = output.join(DIR).join(RECORDS);
    if !path.is_file() {
        return HashMap::new();
    }
    store::read_file(&path, OtherVersion::Skip)
        .map(store::by_key)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str, mtime_ns: i128) -> Entry {
        Entry {
            source_file: name.into(),
            stamp: Stamp { size: 10, mtime_ns },
            sha256: "abc".into(),
        }
    }

    #[test]
    fn index_round_trips_and_trusts_only_old_stamps() {
        let dir = tempfile::tempdir().unwrap();
        let now = now_ns();
        let old = entry("old.txt", now - 60_000_000_000);
        let fresh = entry("fresh.txt", now);
        write(dir.path(), "fp", &[old.clone(), fresh.clone()], &[]).unwrap();
        let index = Index::load(dir.path(), "fp").expect("index");
        assert_eq!(index.len(), 2);
        assert_eq!(index.unchanged("old.txt", old.stamp), Some("abc"));
        // Written in the same two seconds as the index: hash it again.
        assert_eq!(index.unchanged("fresh.txt", fresh.stamp), None);
        let grown = Stamp {
            size: 11,
            ..old.stamp
        };
        assert_eq!(index.unchanged("old.txt", grown), None);
        assert_eq!(index.unchanged("new.txt", old.stamp), None);
    }

    #[test]
    fn index_of_another_configuration_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "fp", &[], &[]).unwrap();
        assert!(Index::load(dir.path(), "other").is_none());
        assert!(Index::load(dir.path(), "fp").is_some());
    }
}

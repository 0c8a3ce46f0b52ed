//! How the sorted corpus is cut into chunks, and what names a chunk.
//!
//! A chunk is the unit of writing and of reuse: one Parquet row group per
//! table, one cache file of records and one of counts. Where a chunk ends
//! depends only on the documents' own ids, never on their positions, so
//! adding or removing a document changes its own chunk and leaves every
//! other chunk, and its cached row groups, as it was.

use std::ops::Range;

use sha2::{Digest, Sha256};

use crate::config::hex;

/// How long chunks are, from the pipeline's `chunk_documents` (the
/// average).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bounds {
    /// No chunk ends before this many documents: row groups stay large
    /// enough to compress well.
    pub min: usize,
    /// Every chunk ends at this many documents, however the ids fall:
    /// memory is bounded by a chunk.
    pub max: usize,
    /// Past `min`, a document ends its chunk with this chance (one in so
    /// many), decided by a hash of its id.
    pub one_in: u64,
}

impl Bounds {
    pub const DEFAULT_AVERAGE: usize = 1024;

    /// Chunks of `average` documents: at least a quarter of it, at most
    /// four times it.
    pub fn around(average: usize) -> Bounds {
        let average = average.max(4);
        Bounds {
            min: average / 4,
            max: average * 4,
            one_in: (average - average / 4) as u64,
        }
    }

    /// Whether the chunk ends after `doc_id`, its `len`th document.
    pub fn ends_after(&self, doc_id: &str, len: usize) -> bool {
        if len >= self.max {
            return true;
        }
        if len < self.min {
            return false;
        }
        let digest = Sha256::digest(doc_id.as_bytes());
        let head = u64::from_le_bytes(digest[..8].try_into().expect("eight bytes"));
        head % self.one_in == 0
    }
}

/// The chunks of items sorted by doc id, as ranges of their indices.
pub fn split<T>(items: &[T], bounds: Bounds, doc_id: impl Fn(&T) -> &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, item) in items.iter().enumerate() {
        if bounds.ends_after(doc_id(item), i + 1 - start) {
            out.push(start..i + 1);
            start = i + 1;
        }
    }
    if start < items.len() {
        out.push(start..items.len());
    }
    out
}

/// A chunk's name: a hash of the layout (and any other setting that shapes
/// its tables) and of its documents' cache keys, in order. Each cache key covers a file's path and content, the
/// configuration and chancery's version, so equal names mean equal tables.
/// Documents without a key (files that could not be read) are named by
/// their path, and such a chunk is never reused.
pub fn name<'a>(layout: &str, members: impl IntoIterator<Item = Member<'a>>) -> (String, bool) {
    let mut h = Sha256::new();
    h.update(layout.as_bytes());
    let mut reusable = true;
    for m in members {
        h.update(b"\n");
        match m {
            Member::Keyed(key) => h.update(key.as_bytes()),
            Member::Unkeyed(source_file) => {
                reusable = false;
                h.update(b"unkeyed:");
                h.update(source_file.as_bytes());
            }
        }
    }
    (hex(&h.finalize()), reusable)
}

/// One document of a chunk, for its name.
#[derive(Debug, Clone, Copy)]
pub enum Member<'a> {
    /// A document's cache key.
    Keyed(&'a str),
    /// The source file of a document without one.
    Unkeyed(&'a str),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(n: usize, prefix: &str) -> Vec<String> {
        (0..n).map(|i| format!("{prefix}/{i:06}")).collect()
    }

    #[test]
    fn chunks_cover_every_item_once_within_the_bounds() {
        let b = Bounds::around(Bounds::DEFAULT_AVERAGE);
        assert_eq!((b.min, b.max, b.one_in), (256, 4096, 768));
        for n in [0, 1, b.min - 1, b.min, 5000, 20_000] {
            let items = ids(n, "archive");
            let chunks = split(&items, b, |s| s.as_str());
            let covered: usize = chunks.iter().map(|r| r.len()).sum();
            assert_eq!(covered, n);
            for pair in chunks.windows(2) {
                assert_eq!(pair[0].end, pair[1].start);
                assert!(pair[0].len() >= b.min && pair[0].len() <= b.max, "{pair:?}");
            }
        }
        let all = split(&ids(100_000, "a"), b, |s| s.as_str());
        let mean = 100_000 / all.len();
        assert!((700..1400).contains(&mean), "{mean} documents a chunk");
    }

    #[test]
    fn an_inserted_document_changes_only_its_own_chunk() {
        let before = ids(20_000, "a");
        let mut after = before.clone();
        after.insert(9_000, "a/009000x".into());
        let chunks = |v: &[String]| -> Vec<Vec<String>> {
            split(v, Bounds::around(1024), |s| s.as_str())
                .into_iter()
                .map(|r| v[r].to_vec())
                .collect()
        };
        let (old, new) = (chunks(&before), chunks(&after));
        let changed: Vec<_> = new.iter().filter(|c| !old.contains(c)).collect();
        assert!(old.len() > 5, "{} chunks", old.len());
        assert!(
            !changed.is_empty() && changed.len() <= 2,
            "{} chunks changed",
            changed.len()
        );
        assert!(changed[0].iter().any(|id| id == "a/009000x"));
    }

    #[test]
    fn names_follow_the_keys_and_unkeyed_chunks_are_not_reusable() {
        let a = name("flat", [Member::Keyed("k1"), Member::Keyed("k2")]);
        assert!(a.1);
        assert_eq!(a, name("flat", [Member::Keyed("k1"), Member::Keyed("k2")]));
        assert_ne!(
            a.0,
            name("year", [Member::Keyed("k1"), Member::Keyed("k2")]).0
        );
        assert_ne!(
            a.0,
            name("flat", [Member::Keyed("k2"), Member::Keyed("k1")]).0
        );
        let b = name("flat", [Member::Keyed("k1"), Member::Unkeyed("x.txt")]);
        assert!(!b.1);
    }
}

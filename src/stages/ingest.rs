//! Ingest: walk the corpus in sorted order, read each file, fingerprint it
//! with sha256 and decode it to text. A file that cannot be read or decoded
//! is rejected with its reason, never dropped.

use std::collections::BTreeSet;
use std::fs::Metadata;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::config::hex;
use crate::error::{Error, Result};
use crate::model::{DocId, RawDocument, Rejected};

/// The UTF-8 byte-order mark some editors put at the start of a file.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Extensions read as text; everything else is recorded as unsupported.
const TEXT_EXTENSIONS: &[&str] = &["txt", "md", "markdown", "text"];

/// A file found in the corpus, or a path the walk could not enter.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Found {
    File(PathBuf),
    Broken(PathBuf, String),
}

/// Lists the corpus's files in sorted order, following symlinks but not
/// their loops. Hidden files and folders (".name") are skipped.
pub fn walk(root: &Path) -> Result<Vec<Found>> {
    Ok(walk_with_metadata(root)?
        .into_iter()
        .map(|(found, _)| found)
        .collect())
}

/// [`walk`], with each file's metadata (symlinks followed) from the stat the
/// walk makes anyway, so that a rebuild need not stat every file twice.
pub fn walk_with_metadata(root: &Path) -> Result<Vec<(Found, Option<Metadata>)>> {
    if !root.is_dir() {
        return Err(Error::MissingInput {
            path: root.to_owned(),
        });
    }
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    walk_dir(root, &mut seen, &mut out);
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

fn walk_dir(dir: &Path, seen: &mut BTreeSet<PathBuf>, out: &mut Vec<(Found, Option<Metadata>)>) {
    let Ok(real) = dir.canonicalize() else {
        out.push((
            Found::Broken(dir.to_owned(), "cannot resolve folder".into()),
            None,
        ));
        return;
    };
    if !seen.insert(real) {
        out.push((
            Found::Broken(
                dir.to_owned(),
                "symlink loop: folder already visited".into(),
            ),
            None,
        ));
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            out.push((
                Found::Broken(dir.to_owned(), format!("cannot list folder: {e}")),
                None,
            ));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            !p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'))
        })
        .collect();
    paths.sort();
    // An archive folder holds thousands of files: stat'ed in parallel.
    let metadata: Vec<std::io::Result<Metadata>> =
        paths.par_iter().map(std::fs::metadata).collect();
    for (p, m) in paths.into_iter().zip(metadata) {
        match m {
            Ok(m) if m.is_dir() => walk_dir(&p, seen, out),
            Ok(m) => out.push((Found::File(p), Some(m))),
            Err(e) => out.push((Found::Broken(p, format!("cannot read: {e}")), None)),
        }
    }
}

/// The identity of a path inside the corpus.
/// A path outside the root (after resolving symlinks and `..` when the two
/// are written differently, say one absolute) keeps its whole path.
pub fn doc_id(root: &Path, path: &Path) -> DocId {
    let canonical;
    let rel = match path.strip_prefix(root) {
        Ok(rel) => rel,
        Err(_) => match (root.canonicalize(), path.canonicalize()) {
            (Ok(r), Ok(p)) if p.starts_with(&r) => {
                canonical = p.strip_prefix(&r).map(Path::to_path_buf).unwrap_or(p);
                &canonical
            }
            _ => path,
        },
    };
    let source_file = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/");
    let doc_id = match (rel.extension(), source_file.rfind('.')) {
        (Some(_), Some(dot)) => source_file[..dot].to_string(),
        _ => source_file.clone(),
    };
    DocId {
        doc_id,
        source_file,
    }
}

pub fn sha256(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// A file's bytes, read once: hashed for the cache key and decoded from the
/// same buffer.
#[derive(Debug, Clone)]
pub struct FileBytes {
    pub id: DocId,
    pub path: PathBuf,
    pub sha256: String,
    pub bytes: Vec<u8>,
}

/// Reads one file (the size limit is checked before reading) and hashes it.
pub fn read(
    root: &Path,
    found: &Found,
    max_bytes: u64,
) -> std::result::Result<FileBytes, Rejected> {
    let (path, broken) = match found {
        Found::File(p) => (p, None),
        Found::Broken(p, why) => (p, Some(why.clone())),
    };
    let id = doc_id(root, path);
    let reject = |reason: String, bytes: Option<u64>| Rejected {
        id: id.clone(),
        sha256: None,
        bytes,
        reason,
    };
    if let Some(why) = broken {
        return Err(reject(why, None));
    }
    let meta = std::fs::metadata(path).map_err(|e| reject(format!("cannot read: {e}"), None))?;
    if meta.len() > max_bytes {
        return Err(reject(
            format!(
                "file of {} bytes is over the {max_bytes}-byte limit",
                meta.len()
            ),
            Some(meta.len()),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| reject(format!("cannot read: {e}"), None))?;
    Ok(FileBytes {
        sha256: sha256(&bytes),
        id,
        path: path.clone(),
        bytes,
    })
}

/// Turns a file's bytes into text, or rejects it with the reason.
pub fn decode_file(file: FileBytes) -> std::result::Result<RawDocument, Rejected> {
    let FileBytes {
        id,
        path,
        sha256: sha,
        bytes,
    } = file;
    let len = bytes.len() as u64;
    let reject = |reason: String| Rejected {
        id: id.clone(),
        sha256: Some(sha.clone()),
        bytes: Some(len),
        reason,
    };
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_lowercase);
    if let Some(ext) = &ext
        && !TEXT_EXTENSIONS.contains(&ext.as_str())
    {
        return Err(reject(format!("unsupported format: .{ext}")));
    }
    if bytes.is_empty() {
        return Err(reject("empty file".into()));
    }
    let bom = if bytes.starts_with(BOM) { BOM.len() } else { 0 };
    // UTF-8, the common case, keeps the buffer read as its text (less the
    // byte-order mark) instead of copying it; offsets then count the mark.
    let (text, text_offset, decode_note) = if utf8_text(&bytes[bom..]).map_err(&reject)?.is_some() {
        let mut bytes = bytes;
        bytes.drain(..bom);
        (
            String::from_utf8(bytes).expect("checked as UTF-8"),
            bom,
            None,
        )
    } else {
        let (text, note) = legacy(&bytes[bom..]).map_err(reject)?;
        (text, 0, Some(note))
    };
    Ok(RawDocument {
        id,
        sha256: sha,
        bytes: len,
        text,
        text_offset,
        decode_note,
    })
}

/// Reads and decodes one file.
pub fn ingest(
    root: &Path,
    found: &Found,
    max_bytes: u64,
) -> std::result::Result<RawDocument, Rejected> {
    decode_file(read(root, found, max_bytes)?)
}

/// `body` as UTF-8 text; `None` when it is not UTF-8 (but may be text in a
/// legacy encoding); an error when it is binary.
fn utf8_text(body: &[u8]) -> std::result::Result<Option<&str>, String> {
    // Branch-free so it vectorizes: it reads every byte of every file.
    let controls: usize = body
        .iter()
        .map(|&b| usize::from((b < 0x20) & !(0x09..=0x0D).contains(&b) & (b != 0x1B)))
        .sum();
    if controls > 0 && controls * 100 >= body.len().max(1) {
        return Err("binary file: not text".into());
    }
    match std::str::from_utf8(body) {
        // NUL is a control byte: with none counted, there is no NUL.
        Ok(s) if controls == 0 || !s.contains('\0') => Ok(Some(s)),
        Ok(_) => Err("binary file: contains NUL bytes".into()),
        Err(_) => Ok(None),
    }
}

/// UTF-8 as is (a byte-order mark dropped); otherwise a legacy single-byte
/// encoding when the bytes look like text in one; otherwise an error.
pub fn decode(bytes: &[u8]) -> std::result::Result<(String, Option<String>), String> {
    let body = bytes.strip_prefix(BOM).unwrap_or(bytes);
    match utf8_text(body)? {
        Some(s) => Ok((s.to_string(), None)),
        None => legacy(body).map(|(text, note)| (text, Some(note))),
    }
}

/// A body that is not UTF-8, decoded from the legacy single-byte encoding
/// it looks like, with the note that says so; an error when it is valid in
/// none.
fn legacy(body: &[u8]) -> std::result::Result<(String, String), String> {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(body, true);
    let encoding = detector.guess(None, chardetng::Utf8Detection::Deny);
    let (text, _, had_errors) = encoding.decode(body);
    if had_errors {
        return Err(format!(
            "invalid UTF-8, and not valid {} either",
            encoding.name()
        ));
    }
    Ok((
        text.into_owned(),
        format!(
            "not UTF-8: decoded as {}; offsets refer to the decoded text",
            encoding.name()
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_legacy_encodings() {
        let (t, note) =
            decode("Привет, товарищ Пузанов. Беседа длилась два часа.".as_bytes()).unwrap();
        assert!(note.is_none());
        assert!(t.starts_with("Привет"));
        let (cp1251, _, _) = encoding_rs::WINDOWS_1251
            .encode("Беседа с товарищем Ким Ир Сеном продолжалась два часа.");
        let (t, note) = decode(&cp1251).unwrap();
        assert!(t.contains("Ким Ир"), "{t}");
        assert!(note.unwrap().contains("windows-1251"));
        let (cp1252, _, _) = encoding_rs::WINDOWS_1252
            .encode("Conversation with the Ambassador of Hungary, Károly Práth, in Pyongyang.");
        let (t, _) = decode(&cp1252).unwrap();
        assert!(t.contains("Károly"), "{t}");
    }

    #[test]
    fn rejects_binary() {
        assert!(
            decode(&[0, 1, 2, 3, 0, 0, 7, 8])
                .unwrap_err()
                .contains("binary")
        );
    }

    #[test]
    fn ids_are_relative_paths() {
        let id = doc_id(Path::new("/c"), Path::new("/c/sub/a.b.txt"));
        assert_eq!(id.doc_id, "sub/a.b");
        assert_eq!(id.source_file, "sub/a.b.txt");
        assert_eq!(
            doc_id(Path::new("/c"), Path::new("/c/README")).doc_id,
            "README"
        );
    }
}

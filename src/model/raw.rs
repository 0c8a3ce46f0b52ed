//! What ingest hands on: a file's identity, digest and decoded text.

/// A document's identity, derived from its path inside the corpus.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct DocId {
    /// Path relative to the corpus root, `/`-separated, without extension.
    pub doc_id: String,
    /// Path relative to the corpus root, `/`-separated.
    pub source_file: String,
}

/// A file read and decoded to text.
#[derive(Debug, Clone)]
pub struct RawDocument {
    pub id: DocId,
    pub sha256: String,
    pub bytes: u64,
    pub text: String,
    /// Bytes of the file before the text (3 for a UTF-8 byte-order mark),
    /// added to every offset so spans point into the file, not the text.
    pub text_offset: usize,
    /// Set when the text was decoded from a legacy encoding: the document
    /// is then `partial`, because byte offsets refer to the decoded text.
    pub decode_note: Option<String>,
}

/// A file that could not be turned into text, with the reason.
#[derive(Debug, Clone)]
pub struct Rejected {
    pub id: DocId,
    pub sha256: Option<String>,
    pub bytes: Option<u64>,
    pub reason: String,
}

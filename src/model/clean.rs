//! What clean hands on: body lines with their source offsets, and page metadata.

/// One line of the document body with the byte span it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// Byte offset in the source text where the kept text starts.
    pub start: usize,
    /// Byte offset in the source text where the line ends.
    pub end: usize,
    /// The line with markdown and non-breaking spaces cleaned away.
    pub text: String,
}

impl Line {
    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }
}

/// What the archive's web page says about the document, kept as metadata.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageMeta {
    pub headline_date: Option<String>,
    pub title: Option<String>,
    pub summary: Option<String>,
    pub citation: Option<String>,
    pub source: Option<String>,
    pub record_id: Option<String>,
    pub source_url: Option<String>,
    pub original_language: Option<String>,
    pub doc_type: Option<String>,
    pub original_classification: Option<String>,
}

/// A document with the web page's chrome removed.
#[derive(Debug, Clone)]
pub struct CleanDocument {
    pub id: super::DocId,
    pub sha256: String,
    pub bytes: u64,
    pub page: PageMeta,
    /// The body, line by line; segment moves them out into its blocks.
    pub lines: Vec<Line>,
    /// Problems worth a `partial` status (for example a legacy encoding).
    pub warnings: Vec<String>,
    /// Why the text looks cut off, when it does: the last line it ends on.
    pub truncated: Option<String>,
}

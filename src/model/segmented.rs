//! What segment hands on: header, dated entries and closing block.

use super::{CleanDocument, Line};

/// One dated entry of a journal, or the body of a single record.
#[derive(Debug, Clone)]
pub struct EntryBlock {
    /// The line that opened the entry when it was a date on its own.
    pub date_line: Option<Line>,
    /// The entry's text lines, blank lines dropped.
    pub lines: Vec<Line>,
}

impl EntryBlock {
    /// The entry's text, lines joined by newlines.
    pub fn text(&self) -> String {
        let parts: Vec<&str> = self.lines.iter().map(|l| l.text.as_str()).collect();
        parts.join("\n")
    }

    pub fn span(&self) -> (usize, usize) {
        let start = self
            .date_line
            .as_ref()
            .or(self.lines.first())
            .map_or(0, |l| l.start);
        let end = self
            .lines
            .last()
            .or(self.date_line.as_ref())
            .map_or(start, |l| l.end);
        (start, end)
    }
}

#[derive(Debug, Clone)]
pub struct SegmentedDocument {
    pub clean: CleanDocument,
    pub header: Vec<Line>,
    pub entries: Vec<EntryBlock>,
    pub closing: Vec<Line>,
}

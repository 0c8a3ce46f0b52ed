//! What extract hands on: facts as written, before names and dates are normalized.

use super::{DateExpr, SegmentedDocument};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    Author,
    Counterpart,
    Present,
    Interpreter,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Author => "author",
            Role::Counterpart => "counterpart",
            Role::Present => "present",
            Role::Interpreter => "interpreter",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Initiative {
    Ours,
    Theirs,
    Instructed,
    Agreed,
}

impl Initiative {
    pub fn as_str(self) -> &'static str {
        match self {
            Initiative::Ours => "ours",
            Initiative::Theirs => "theirs",
            Initiative::Instructed => "instructed",
            Initiative::Agreed => "agreed",
        }
    }
}

/// A person named in the text, with the office the text gives them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameMention {
    pub as_written: String,
    /// What the resolver should look up: the editor's bracket applied.
    pub lookup: String,
    pub office: Option<String>,
    pub role: Role,
}

#[derive(Debug, Clone)]
pub struct MeetingDraft {
    pub date: Option<DateExpr>,
    pub initiative: Option<Initiative>,
    pub location: Option<String>,
    pub duration: Option<(i32, &'static str)>,
    pub span: (usize, usize),
    pub people: Vec<NameMention>,
    /// The meeting's text with the source offset of each line.
    pub text_lines: Vec<(usize, String)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecipientKind {
    Person,
    Office,
    File,
}

impl RecipientKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RecipientKind::Person => "person",
            RecipientKind::Office => "office",
            RecipientKind::File => "file",
        }
    }
}

/// One entry of a copy-distribution list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Copy {
    pub copy_number: Option<i32>,
    pub recipient: String,
    pub kind: RecipientKind,
    /// "<name> - 2": how many copies this recipient received.
    pub count: Option<i32>,
}

#[derive(Debug, Clone)]
pub struct ExtractedDocument {
    pub segmented: SegmentedDocument,
    pub title: Option<String>,
    pub kind: &'static str,
    pub doc_date: Option<DateExpr>,
    pub author: Option<NameMention>,
    pub classification: Option<String>,
    pub handling: Option<String>,
    pub copy_number: Option<i32>,
    pub period: Option<(DateExpr, DateExpr)>,
    pub archive: crate::grammar::citation::ArchiveRef,
    pub translator: Option<String>,
    pub copies_printed: Option<i32>,
    pub outgoing_number: Option<String>,
    pub outgoing_date: Option<DateExpr>,
    pub distribution: Vec<Copy>,
    pub meetings: Vec<MeetingDraft>,
    /// Body text outside every meeting, with source offsets.
    pub other_lines: Vec<(usize, String)>,
    pub warnings: Vec<String>,
}

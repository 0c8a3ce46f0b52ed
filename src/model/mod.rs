//! The typed hand-offs between stages, one type per refinement step.
//!
//! `RawDocument` (ingest) → `CleanDocument` (clean) → `SegmentedDocument`
//! (segment) → `ExtractedDocument` (extract) → `DocumentRecord` (normalize),
//! which the write stage turns into table rows.

pub mod clean;
pub mod date;
pub mod extracted;
pub mod interned;
pub mod raw;
pub mod record;
pub mod segmented;

pub use clean::{CleanDocument, Line, PageMeta};
pub use date::{DateExpr, Precision};
pub use extracted::{
    Copy, ExtractedDocument, Initiative, MeetingDraft, NameMention, RecipientKind, Role,
};
pub use raw::{DocId, RawDocument, Rejected};
pub use record::{
    DistributionRow, DocumentRecord, MeetingRow, ParticipantRow, Resolution, Status,
    TopicMentionRow,
};
pub use segmented::{EntryBlock, SegmentedDocument};

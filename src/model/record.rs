//! What normalize hands on: one document's rows for every table.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::interned::{Word, opt_static, static_str};

/// Written in JSON lines as the tables write it: `ok`, `partial`, `failed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Ok,
    Partial,
    Failed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Partial => "partial",
            Status::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        [Status::Ok, Status::Partial, Status::Failed]
            .into_iter()
            .find(|x| x.as_str() == s)
    }
}

/// How a name was tied to a person, and how sure that is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Resolution {
    pub person_id: String,
    pub canonical_name: String,
    /// `exact`, `variant`, `initials`, `fuzzy`, `context` or `provisional`.
    #[serde(deserialize_with = "static_str")]
    pub method: Word,
    pub confidence: f64,
    /// Other persons the name could be, when it was ambiguous.
    pub candidates: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct DocumentRecord {
    pub doc_id: String,
    pub source_file: String,
    pub sha256: Option<String>,
    pub bytes: Option<u64>,
    pub status: Option<Status>,
    pub error: Option<String>,
    pub title: Option<String>,
    pub doc_date: Option<NaiveDate>,
    #[serde(deserialize_with = "opt_static")]
    pub doc_date_precision: Option<Word>,
    #[serde(deserialize_with = "opt_static")]
    pub kind: Option<Word>,
    pub author_id: Option<String>,
    pub author_name: Option<String>,
    pub classification: Option<String>,
    pub handling: Option<String>,
    pub copy_number: Option<i32>,
    pub period_start: Option<NaiveDate>,
    pub period_end: Option<NaiveDate>,
    pub archive_repository: Option<String>,
    pub archive_fond: Option<String>,
    pub archive_opis: Option<String>,
    pub archive_papka: Option<String>,
    pub archive_delo: Option<String>,
    pub archive_pages: Option<String>,
    pub translator: Option<String>,
    pub record_id: Option<String>,
    pub source_url: Option<String>,
    pub summary: Option<String>,
    pub original_language: Option<String>,
    pub copies_printed: Option<i32>,
    pub outgoing_number: Option<String>,
    pub outgoing_date: Option<NaiveDate>,
    pub meetings: Vec<MeetingRow>,
    pub participants: Vec<ParticipantRow>,
    pub distribution: Vec<DistributionRow>,
    pub topic_mentions: Vec<TopicMentionRow>,
    /// Names that matched no person: (as written, normalized, resolution, sentence).
    pub unresolved: Vec<(String, String, Resolution, String)>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MeetingRow {
    pub meeting_id: String,
    pub doc_id: String,
    pub meeting_date: Option<NaiveDate>,
    #[serde(deserialize_with = "opt_static")]
    pub date_precision: Option<Word>,
    pub date_as_written: Option<String>,
    #[serde(deserialize_with = "opt_static")]
    pub initiative: Option<Word>,
    pub location: Option<String>,
    pub duration_minutes: Option<i32>,
    #[serde(deserialize_with = "opt_static")]
    pub duration_qualifier: Option<Word>,
    pub span_start: i64,
    pub span_end: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ParticipantRow {
    pub meeting_id: String,
    pub doc_id: String,
    pub person_id: String,
    pub name: String,
    pub name_as_written: String,
    #[serde(deserialize_with = "static_str")]
    pub role: Word,
    pub office_as_written: Option<String>,
    #[serde(deserialize_with = "static_str")]
    pub match_method: Word,
    pub confidence: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DistributionRow {
    pub doc_id: String,
    pub position: i32,
    pub copy_number: Option<i32>,
    pub recipient: String,
    #[serde(deserialize_with = "static_str")]
    pub recipient_kind: Word,
    pub copies: Option<i32>,
    pub person_id: Option<String>,
    pub recipient_name: Option<String>,
    #[serde(deserialize_with = "opt_static")]
    pub match_method: Option<Word>,
    pub confidence: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TopicMentionRow {
    pub doc_id: String,
    pub meeting_id: Option<String>,
    pub topic_id: String,
    pub mentions: i32,
    pub first_span_start: i64,
    pub evidence: String,
}

//! The output tables: their columns, types and row order.

use std::collections::HashMap;

use chrono::Datelike;

use crate::error::Result;
use crate::model::DocumentRecord;
use crate::reference::Reference;
use crate::stages::aggregate::{Aggregator, BurstRow, FrequencyRow, PersonRow, UnresolvedRow};
use crate::stages::write::Table;
use arrow::record_batch::RecordBatch;

/// Every table of a build, by file stem, in the order reports list them.
pub const NAMES: [&str; 10] = [
    "documents",
    "meetings",
    "participants",
    "distribution",
    "persons",
    "unresolved_names",
    "topics",
    "topic_mentions",
    "topic_frequency",
    "topic_bursts",
];

/// Every table of a build, whole, in [`NAMES`] order.
pub fn all(
    records: &[DocumentRecord],
    reference: &Reference,
) -> Result<Vec<(&'static str, RecordBatch)>> {
    let mut tables = vec![
        ("documents", documents(records).batch()?),
        ("meetings", meetings(records).batch()?),
        ("participants", participants(records).batch()?),
        ("distribution", distribution(records).batch()?),
        ("topic_mentions", topic_mentions(records).batch()?),
    ];
    tables.extend(aggregated(records, reference)?);
    tables.sort_by_key(|(name, _)| NAMES.iter().position(|n| n == name));
    Ok(tables)
}

/// The tables computed over the whole corpus rather than per document.
pub fn aggregated(
    records: &[DocumentRecord],
    reference: &Reference,
) -> Result<Vec<(&'static str, RecordBatch)>> {
    let mut a = Aggregator::new();
    for r in records {
        a.add(r);
    }
    aggregated_from(&a, reference)
}

/// The corpus-wide tables from an aggregator that has seen every record.
pub fn aggregated_from(
    a: &Aggregator,
    reference: &Reference,
) -> Result<Vec<(&'static str, RecordBatch)>> {
    let freq = a.frequency();
    Ok(vec![
        ("persons", persons(&a.persons(reference)).batch()?),
        ("unresolved_names", unresolved(&a.unresolved()).batch()?),
        ("topics", topics(reference).batch()?),
        ("topic_frequency", frequency(&freq).batch()?),
        ("topic_bursts", bursts(&a.bursts(&freq)).batch()?),
    ])
}

pub fn documents(records: &[DocumentRecord]) -> Table {
    let r = records;
    Table::new()
        .str("doc_id", r.iter().map(|d| d.doc_id.as_str()))
        .str("source_file", r.iter().map(|d| d.source_file.as_str()))
        .opt_str("sha256", r.iter().map(|d| d.sha256.as_deref()))
        .i64("bytes", r.iter().map(|d| d.bytes.map(|b| b as i64)))
        .str(
            "status",
            r.iter().map(|d| d.status.map_or("failed", |s| s.as_str())),
        )
        .opt_str("error", r.iter().map(|d| d.error.as_deref()))
        .opt_str("title", r.iter().map(|d| d.title.as_deref()))
        .date("doc_date", r.iter().map(|d| d.doc_date))
        .opt_str("doc_date_precision", r.iter().map(|d| d.doc_date_precision))
        .opt_str("kind", r.iter().map(|d| d.kind))
        .opt_str("author_id", r.iter().map(|d| d.author_id.as_deref()))
        .opt_str("author_name", r.iter().map(|d| d.author_name.as_deref()))
        .opt_str(
            "classification",
            r.iter().map(|d| d.classification.as_deref()),
        )
        .opt_str("handling", r.iter().map(|d| d.handling.as_deref()))
        .i32("copy_number", r.iter().map(|d| d.copy_number))
        .date("period_start", r.iter().map(|d| d.period_start))
        .date("period_end", r.iter().map(|d| d.period_end))
        .opt_str(
            "archive_repository",
            r.iter().map(|d| d.archive_repository.as_deref()),
        )
        .opt_str("archive_fond", r.iter().map(|d| d.archive_fond.as_deref()))
        .opt_str("archive_opis", r.iter().map(|d| d.archive_opis.as_deref()))
        .opt_str(
            "archive_papka",
            r.iter().map(|d| d.archive_papka.as_deref()),
        )
        .opt_str("archive_delo", r.iter().map(|d| d.archive_delo.as_deref()))
        .opt_str(
            "archive_pages",
            r.iter().map(|d| d.archive_pages.as_deref()),
        )
        .opt_str("translator", r.iter().map(|d| d.translator.as_deref()))
        .opt_str("record_id", r.iter().map(|d| d.record_id.as_deref()))
        .opt_str("source_url", r.iter().map(|d| d.source_url.as_deref()))
        .opt_str("summary", r.iter().map(|d| d.summary.as_deref()))
        .opt_str(
            "original_language",
            r.iter().map(|d| d.original_language.as_deref()),
        )
        .i32("copies_printed", r.iter().map(|d| d.copies_printed))
        .opt_str(
            "outgoing_number",
            r.iter().map(|d| d.outgoing_number.as_deref()),
        )
        .date("outgoing_date", r.iter().map(|d| d.outgoing_date))
}

pub fn meetings(records: &[DocumentRecord]) -> Table {
    let m: Vec<_> = records.iter().flat_map(|r| &r.meetings).collect();
    Table::new()
        .str("meeting_id", m.iter().map(|x| x.meeting_id.as_str()))
        .str("doc_id", m.iter().map(|x| x.doc_id.as_str()))
        .date("meeting_date", m.iter().map(|x| x.meeting_date))
        .opt_str("date_precision", m.iter().map(|x| x.date_precision))
        .opt_str(
            "date_as_written",
            m.iter().map(|x| x.date_as_written.as_deref()),
        )
        .opt_str("initiative", m.iter().map(|x| x.initiative))
        .opt_str("location", m.iter().map(|x| x.location.as_deref()))
        .i32("duration_minutes", m.iter().map(|x| x.duration_minutes))
        .opt_str("duration_qualifier", m.iter().map(|x| x.duration_qualifier))
        .i64("span_start", m.iter().map(|x| Some(x.span_start)))
        .i64("span_end", m.iter().map(|x| Some(x.span_end)))
}

pub fn participants(records: &[DocumentRecord]) -> Table {
    let p: Vec<_> = records.iter().flat_map(|r| &r.participants).collect();
    Table::new()
        .str("meeting_id", p.iter().map(|x| x.meeting_id.as_str()))
        .str("doc_id", p.iter().map(|x| x.doc_id.as_str()))
        .str("person_id", p.iter().map(|x| x.person_id.as_str()))
        .str("name", p.iter().map(|x| x.name.as_str()))
        .str(
            "name_as_written",
            p.iter().map(|x| x.name_as_written.as_str()),
        )
        .str("role", p.iter().map(|x| x.role))
        .opt_str(
            "office_as_written",
            p.iter().map(|x| x.office_as_written.as_deref()),
        )
        .str("match_method", p.iter().map(|x| x.match_method))
        .f64("confidence", p.iter().map(|x| Some(x.confidence)))
}

pub fn distribution(records: &[DocumentRecord]) -> Table {
    let d: Vec<_> = records.iter().flat_map(|r| &r.distribution).collect();
    Table::new()
        .str("doc_id", d.iter().map(|x| x.doc_id.as_str()))
        .i32("position", d.iter().map(|x| Some(x.position)))
        .i32("copy_number", d.iter().map(|x| x.copy_number))
        .str("recipient", d.iter().map(|x| x.recipient.as_str()))
        .str("recipient_kind", d.iter().map(|x| x.recipient_kind))
        .i32("copies", d.iter().map(|x| x.copies))
        .opt_str("person_id", d.iter().map(|x| x.person_id.as_deref()))
        .opt_str(
            "recipient_name",
            d.iter().map(|x| x.recipient_name.as_deref()),
        )
        .opt_str("match_method", d.iter().map(|x| x.match_method))
        .f64("confidence", d.iter().map(|x| x.confidence))
}

pub fn persons(rows: &[PersonRow]) -> Table {
    Table::new()
        .str("person_id", rows.iter().map(|x| x.person_id.as_str()))
        .str(
            "canonical_name",
            rows.iter().map(|x| x.canonical_name.as_str()),
        )
        .list("variants", rows.iter().map(|x| x.variants.clone()))
        .i64("mentions", rows.iter().map(|x| Some(x.mentions)))
        .opt_str("affiliation", rows.iter().map(|x| x.affiliation.as_deref()))
        .opt_str("wikidata", rows.iter().map(|x| x.wikidata.as_deref()))
        .str(
            "source",
            rows.iter().map(|x| {
                if x.provisional {
                    "provisional"
                } else {
                    "authority"
                }
            }),
        )
}

pub fn unresolved(rows: &[UnresolvedRow]) -> Table {
    Table::new()
        .str(
            "name_as_written",
            rows.iter().map(|x| x.name_as_written.as_str()),
        )
        .str("normalized", rows.iter().map(|x| x.normalized.as_str()))
        .str(
            "provisional_id",
            rows.iter().map(|x| x.provisional_id.as_str()),
        )
        .i64("count", rows.iter().map(|x| Some(x.count)))
        .str("first_doc_id", rows.iter().map(|x| x.first_doc_id.as_str()))
        .list(
            "candidate_person_ids",
            rows.iter().map(|x| x.candidates.clone()),
        )
        .str("example_sentence", rows.iter().map(|x| x.example.as_str()))
}

pub fn topics(reference: &Reference) -> Table {
    let t = &reference.taxonomy.topics;
    Table::new()
        .str("topic_id", t.iter().map(|x| x.id.as_str()))
        .str("label", t.iter().map(|x| x.label.as_str()))
        .str("group", t.iter().map(|x| x.group.as_str()))
        .str("description", t.iter().map(|x| x.description.as_str()))
        .list("aliases", t.iter().map(|x| x.phrases.clone()))
}

pub fn topic_mentions(records: &[DocumentRecord]) -> Table {
    let t: Vec<_> = records.iter().flat_map(|r| &r.topic_mentions).collect();
    Table::new()
        .str("doc_id", t.iter().map(|x| x.doc_id.as_str()))
        .opt_str("meeting_id", t.iter().map(|x| x.meeting_id.as_deref()))
        .str("topic_id", t.iter().map(|x| x.topic_id.as_str()))
        .i32("mentions", t.iter().map(|x| Some(x.mentions)))
        .i64(
            "first_span_start",
            t.iter().map(|x| Some(x.first_span_start)),
        )
        .str("evidence", t.iter().map(|x| x.evidence.as_str()))
}

pub fn frequency(rows: &[FrequencyRow]) -> Table {
    let share = |n: i64, d: i64| (d > 0).then(|| n as f64 / d as f64);
    Table::new()
        .date("period", rows.iter().map(|x| Some(x.period)))
        .str("granularity", rows.iter().map(|x| x.granularity))
        .str("topic_id", rows.iter().map(|x| x.topic_id.as_str()))
        .i64("meetings", rows.iter().map(|x| Some(x.meetings)))
        .i64("documents", rows.iter().map(|x| Some(x.documents)))
        .i64("mentions", rows.iter().map(|x| Some(x.mentions)))
        .i64(
            "period_meetings",
            rows.iter().map(|x| Some(x.period_meetings)),
        )
        .i64(
            "period_documents",
            rows.iter().map(|x| Some(x.period_documents)),
        )
        .f64(
            "meeting_share",
            rows.iter().map(|x| share(x.meetings, x.period_meetings)),
        )
        .f64(
            "document_share",
            rows.iter().map(|x| share(x.documents, x.period_documents)),
        )
}

pub fn bursts(rows: &[BurstRow]) -> Table {
    Table::new()
        .str("granularity", rows.iter().map(|x| x.granularity))
        .date("period", rows.iter().map(|x| Some(x.period)))
        .str("topic_id", rows.iter().map(|x| x.topic_id.as_str()))
        .f64("share", rows.iter().map(|x| Some(x.share)))
        .f64("baseline_mean", rows.iter().map(|x| Some(x.baseline_mean)))
        .f64("baseline_sd", rows.iter().map(|x| Some(x.baseline_sd)))
        .f64("z", rows.iter().map(|x| Some(x.z)))
        .i64("documents", rows.iter().map(|x| Some(x.documents)))
        .list(
            "evidence_meetings",
            rows.iter().map(|x| x.evidence_meetings.clone()),
        )
}

/// The partition year of every row of the per-meeting tables, in row order:
/// the year of the meeting's date, else of the document's date, else none.
/// Mentions outside any meeting take the document's year.
pub fn partition_years(records: &[DocumentRecord]) -> HashMap<&'static str, Vec<Option<i32>>> {
    let mut meetings = Vec::new();
    let mut participants = Vec::new();
    let mut mentions = Vec::new();
    for r in records {
        let doc_year = r.doc_date.map(|d| d.year());
        let year_of: HashMap<&str, Option<i32>> = r
            .meetings
            .iter()
            .map(|m| {
                (
                    m.meeting_id.as_str(),
                    m.meeting_date.map(|d| d.year()).or(doc_year),
                )
            })
            .collect();
        let of = |id: Option<&str>| {
            id.and_then(|id| year_of.get(id).copied())
                .unwrap_or(doc_year)
        };
        meetings.extend(r.meetings.iter().map(|m| of(Some(&m.meeting_id))));
        participants.extend(r.participants.iter().map(|p| of(Some(&p.meeting_id))));
        mentions.extend(r.topic_mentions.iter().map(|t| of(t.meeting_id.as_deref())));
    }
    HashMap::from([
        ("meetings", meetings),
        ("participants", participants),
        ("topic_mentions", mentions),
    ])
}

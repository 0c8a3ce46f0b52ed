//! Aggregate: corpus-wide tables derived from every document's rows: the
//! person authority as used, the curator's unresolved names, and topic
//! frequency over time.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};

use crate::model::DocumentRecord;
use crate::reference::Reference;

/// A row of persons.parquet.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonRow {
    pub person_id: String,
    pub canonical_name: String,
    pub variants: Vec<String>,
    pub mentions: i64,
    pub affiliation: Option<String>,
    pub wikidata: Option<String>,
    pub provisional: bool,
}

/// A row of unresolved_names.parquet: the curator's to-do list.
#[derive(Debug, Clone, PartialEq)]
pub struct UnresolvedRow {
    pub name_as_written: String,
    pub normalized: String,
    pub provisional_id: String,
    pub count: i64,
    pub first_doc_id: String,
    pub candidates: Vec<String>,
    pub example: String,
}

/// A row of topic_frequency.parquet.
#[derive(Debug, Clone, PartialEq)]
pub struct FrequencyRow {
    pub period: NaiveDate,
    pub granularity: &'static str,
    pub topic_id: String,
    pub meetings: i64,
    pub documents: i64,
    pub mentions: i64,
    pub period_meetings: i64,
    pub period_documents: i64,
}

pub fn persons(records: &[DocumentRecord], reference: &Reference) -> Vec<PersonRow> {
    let mut seen: BTreeMap<String, (String, BTreeSet<String>, i64)> = BTreeMap::new();
    let mut note = |id: &str, name: &str, written: &str| {
        let e = seen
            .entry(id.to_string())
            .or_insert_with(|| (name.to_string(), BTreeSet::new(), 0));
        e.1.insert(written.to_string());
        e.2 += 1;
    };
    for r in records {
        for p in &r.participants {
            note(&p.person_id, &p.name, &p.name_as_written);
        }
        for d in &r.distribution {
            if let (Some(id), Some(name)) = (&d.person_id, &d.recipient_name) {
                note(id, name, &d.recipient);
            }
        }
    }
    let mut rows: Vec<PersonRow> = reference
        .authority
        .persons
        .iter()
        .map(|p| {
            let used = seen.remove(&p.id);
            let mut variants: BTreeSet<String> = p.variants.iter().cloned().collect();
            variants.insert(p.name.clone());
            let mentions = used.as_ref().map_or(0, |u| u.2);
            if let Some((_, written, _)) = used {
                variants.extend(written);
            }
            PersonRow {
                person_id: p.id.clone(),
                canonical_name: p.name.clone(),
                variants: variants.into_iter().collect(),
                mentions,
                affiliation: p.affiliation.clone(),
                wikidata: p.wikidata.clone(),
                provisional: false,
            }
        })
        .collect();
    rows.extend(
        seen.into_iter()
            .map(|(id, (name, written, mentions))| PersonRow {
                person_id: id,
                canonical_name: name,
                variants: written.into_iter().collect(),
                mentions,
                affiliation: None,
                wikidata: None,
                provisional: true,
            }),
    );
    rows.sort_by(|a, b| a.person_id.cmp(&b.person_id));
    rows
}

pub fn unresolved(records: &[DocumentRecord]) -> Vec<UnresolvedRow> {
    let mut by_name: BTreeMap<(String, String), UnresolvedRow> = BTreeMap::new();
    for r in records {
        for (written, normalized, res, sentence) in &r.unresolved {
            let row = by_name
                .entry((res.person_id.clone(), written.clone()))
                .or_insert_with(|| UnresolvedRow {
                    name_as_written: written.clone(),
                    normalized: normalized.clone(),
                    provisional_id: res.person_id.clone(),
                    count: 0,
                    first_doc_id: r.doc_id.clone(),
                    candidates: res.candidates.clone(),
                    example: sentence.clone(),
                });
            row.count += 1;
        }
    }
    let mut rows: Vec<UnresolvedRow> = by_name.into_values().collect();
    rows.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| a.name_as_written.cmp(&b.name_as_written))
    });
    rows
}

/// The first day of the bucket that holds `d`.
pub fn bucket(d: NaiveDate, granularity: &str) -> NaiveDate {
    let month = match granularity {
        "month" => d.month(),
        "quarter" => (d.month() - 1) / 3 * 3 + 1,
        _ => 1,
    };
    NaiveDate::from_ymd_opt(d.year(), month, 1).expect("first of month")
}

/// Meetings and documents that mention a topic in a period, and its mentions.
type Tally = (BTreeSet<String>, BTreeSet<String>, i64);

pub const GRANULARITIES: [&str; 3] = ["month", "quarter", "year"];

pub fn topic_frequency(records: &[DocumentRecord]) -> Vec<FrequencyRow> {
    let mut rows = Vec::new();
    for g in GRANULARITIES {
        let mut period_meetings: BTreeMap<NaiveDate, i64> = BTreeMap::new();
        let mut period_docs: BTreeMap<NaiveDate, i64> = BTreeMap::new();
        // (period, topic) -> (meetings, documents, mentions)
        let mut per: BTreeMap<(NaiveDate, String), Tally> = BTreeMap::new();
        for r in records {
            let doc_bucket = r.doc_date.map(|d| bucket(d, g));
            if let Some(b) = doc_bucket {
                *period_docs.entry(b).or_default() += 1;
            }
            let meeting_bucket: BTreeMap<&str, NaiveDate> = r
                .meetings
                .iter()
                .filter_map(|m| Some((m.meeting_id.as_str(), bucket(m.meeting_date?, g))))
                .collect();
            for b in meeting_bucket.values() {
                *period_meetings.entry(*b).or_default() += 1;
            }
            for t in &r.topic_mentions {
                let meeting = t
                    .meeting_id
                    .as_deref()
                    .and_then(|id| meeting_bucket.get(id).map(|b| (id, *b)));
                if let Some((id, b)) = meeting {
                    let e = per.entry((b, t.topic_id.clone())).or_default();
                    e.0.insert(id.to_string());
                    e.2 += i64::from(t.mentions);
                } else if let Some(b) = doc_bucket {
                    per.entry((b, t.topic_id.clone())).or_default().2 += i64::from(t.mentions);
                }
                if let Some(b) = doc_bucket {
                    per.entry((b, t.topic_id.clone()))
                        .or_default()
                        .1
                        .insert(r.doc_id.clone());
                }
            }
        }
        for ((period, topic_id), (meetings, documents, mentions)) in per {
            rows.push(FrequencyRow {
                period,
                granularity: g,
                topic_id,
                meetings: meetings.len() as i64,
                documents: documents.len() as i64,
                mentions,
                period_meetings: period_meetings.get(&period).copied().unwrap_or(0),
                period_documents: period_docs.get(&period).copied().unwrap_or(0),
            });
        }
    }
    rows
}

/// A row of topic_bursts.parquet: a period where a topic's share jumps.
#[derive(Debug, Clone, PartialEq)]
pub struct BurstRow {
    pub granularity: &'static str,
    pub period: NaiveDate,
    pub topic_id: String,
    pub share: f64,
    pub baseline_mean: f64,
    pub baseline_sd: f64,
    pub z: f64,
    pub documents: i64,
    pub evidence_meetings: Vec<String>,
}

/// How many earlier periods the baseline spans, and the least it needs.
const BASELINE: usize = 4;
const MIN_BASELINE: usize = 2;
/// A share this many deviations above its baseline is a burst.
const Z_BURST: f64 = 2.0;
/// The deviation floor: a flat baseline would make any change infinite.
const SD_FLOOR: f64 = 0.05;

/// Flags periods where a topic's document share jumps against the rolling
/// baseline of the periods before (a z-score), with the meetings as evidence.
pub fn bursts(records: &[DocumentRecord], freq: &[FrequencyRow]) -> Vec<BurstRow> {
    let mut out = Vec::new();
    for g in GRANULARITIES {
        let periods: BTreeSet<NaiveDate> = records
            .iter()
            .filter_map(|r| r.doc_date.map(|d| bucket(d, g)))
            .collect();
        let periods: Vec<NaiveDate> = periods.into_iter().collect();
        let mut by_topic: BTreeMap<&str, BTreeMap<NaiveDate, &FrequencyRow>> = BTreeMap::new();
        for f in freq.iter().filter(|f| f.granularity == g) {
            by_topic
                .entry(f.topic_id.as_str())
                .or_default()
                .insert(f.period, f);
        }
        for (topic, rows) in by_topic {
            let share = |p: &NaiveDate| {
                rows.get(p).map_or(0.0, |r| {
                    if r.period_documents > 0 {
                        r.documents as f64 / r.period_documents as f64
                    } else {
                        0.0
                    }
                })
            };
            for (i, p) in periods.iter().enumerate() {
                if i < MIN_BASELINE {
                    continue;
                }
                let base: Vec<f64> = periods[i.saturating_sub(BASELINE)..i]
                    .iter()
                    .map(share)
                    .collect();
                let mean = base.iter().sum::<f64>() / base.len() as f64;
                let sd = (base.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / base.len() as f64)
                    .sqrt();
                let now = share(p);
                let z = (now - mean) / sd.max(SD_FLOOR);
                let documents = rows.get(p).map_or(0, |r| r.documents);
                if z >= Z_BURST && documents >= 2 {
                    let evidence = records
                        .iter()
                        .flat_map(|r| r.meetings.iter().map(move |m| (r, m)))
                        .filter(|(_, m)| m.meeting_date.is_some_and(|d| bucket(d, g) == *p))
                        .filter(|(r, m)| {
                            r.topic_mentions.iter().any(|t| {
                                t.topic_id == topic
                                    && t.meeting_id.as_deref() == Some(&m.meeting_id)
                            })
                        })
                        .map(|(_, m)| m.meeting_id.clone())
                        .collect();
                    out.push(BurstRow {
                        granularity: g,
                        period: *p,
                        topic_id: topic.to_string(),
                        share: now,
                        baseline_mean: mean,
                        baseline_sd: sd,
                        z,
                        documents,
                        evidence_meetings: evidence,
                    });
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{MeetingRow, TopicMentionRow};

    fn doc(id: &str, date: (i32, u32, u32), topics: &[&str]) -> DocumentRecord {
        let d = NaiveDate::from_ymd_opt(date.0, date.1, date.2).unwrap();
        let meeting_id = format!("{id}#1");
        DocumentRecord {
            doc_id: id.into(),
            doc_date: Some(d),
            meetings: vec![MeetingRow {
                meeting_id: meeting_id.clone(),
                doc_id: id.into(),
                meeting_date: Some(d),
                date_precision: Some("day"),
                date_as_written: None,
                initiative: None,
                location: None,
                duration_minutes: None,
                duration_qualifier: None,
                span_start: 0,
                span_end: 1,
            }],
            topic_mentions: topics
                .iter()
                .map(|t| TopicMentionRow {
                    doc_id: id.into(),
                    meeting_id: Some(meeting_id.clone()),
                    topic_id: t.to_string(),
                    mentions: 2,
                    first_span_start: 0,
                    evidence: String::new(),
                })
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn frequency_counts_meetings_documents_and_period_totals() {
        let docs = vec![
            doc("a", (1957, 1, 5), &["aid"]),
            doc("b", (1957, 2, 5), &[]),
            doc("c", (1957, 5, 1), &["aid"]),
        ];
        let f = topic_frequency(&docs);
        let q1 = f
            .iter()
            .find(|r| r.granularity == "quarter" && r.period.to_string() == "1957-01-01")
            .unwrap();
        assert_eq!(
            (
                q1.meetings,
                q1.documents,
                q1.mentions,
                q1.period_meetings,
                q1.period_documents
            ),
            (1, 1, 2, 2, 2)
        );
        let y = f.iter().find(|r| r.granularity == "year").unwrap();
        assert_eq!((y.documents, y.period_documents, y.mentions), (2, 3, 4));
    }

    #[test]
    fn a_jump_against_a_quiet_baseline_is_a_burst() {
        let mut docs = Vec::new();
        for (i, y) in (1950..1955).enumerate() {
            docs.push(doc(&format!("q{i}a"), (y, 3, 1), &[]));
            docs.push(doc(&format!("q{i}b"), (y, 6, 1), &[]));
        }
        docs.push(doc("hot1", (1955, 3, 1), &["aid"]));
        docs.push(doc("hot2", (1955, 4, 1), &["aid"]));
        let f = topic_frequency(&docs);
        let b = bursts(&docs, &f);
        let year: Vec<_> = b.iter().filter(|r| r.granularity == "year").collect();
        assert_eq!(year.len(), 1, "{b:?}");
        assert_eq!(year[0].period.to_string(), "1955-01-01");
        assert_eq!(
            year[0].evidence_meetings,
            vec!["hot1#1".to_string(), "hot2#1".to_string()]
        );
    }

    #[test]
    fn buckets() {
        let d = NaiveDate::from_ymd_opt(1957, 11, 12).unwrap();
        assert_eq!(bucket(d, "month").to_string(), "1957-11-01");
        assert_eq!(bucket(d, "quarter").to_string(), "1957-10-01");
        assert_eq!(bucket(d, "year").to_string(), "1957-01-01");
    }
}

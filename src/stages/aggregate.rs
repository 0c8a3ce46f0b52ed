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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets() {
        let d = NaiveDate::from_ymd_opt(1957, 11, 12).unwrap();
        assert_eq!(bucket(d, "month").to_string(), "1957-11-01");
        assert_eq!(bucket(d, "quarter").to_string(), "1957-10-01");
        assert_eq!(bucket(d, "year").to_string(), "1957-01-01");
    }
}

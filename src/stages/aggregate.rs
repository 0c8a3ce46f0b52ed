//! Aggregate: corpus-wide tables derived from every document's rows: the
//! person authority as used, the curator's unresolved names, and topic
//! frequency over time.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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

/// Evidence meetings listed per burst, at most: examples to read, not a census.
pub const EVIDENCE_CAP: usize = 20;

/// Counts of one topic in one period.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Cell {
    meetings: i64,
    documents: i64,
    mentions: i64,
    /// The last document counted (its sequence number plus one), so each
    /// document counts once however many of its rows name the topic.
    #[serde(default, skip_serializing_if = "is_zero")]
    last_doc: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

type Evidence = BTreeMap<NaiveDate, BTreeMap<String, Vec<Arc<str>>>>;

/// Evidence lists written as one table of meeting ids and lists of indices
/// into it: the ids recur across topics, and a chunk's summary is read back
/// on every rebuild.
mod evidence_table {
    use std::collections::HashMap;

    use super::*;
    use serde::de::Error as _;
    use serde::{Deserializer, Serializer};

    #[derive(Serialize)]
    struct Written<'a> {
        ids: Vec<&'a str>,
        lists: BTreeMap<NaiveDate, BTreeMap<&'a str, Vec<u32>>>,
    }

    #[derive(Deserialize)]
    struct Read {
        ids: Vec<String>,
        lists: BTreeMap<NaiveDate, BTreeMap<String, Vec<u32>>>,
    }

    pub fn serialize<S: Serializer>(evidence: &Evidence, s: S) -> Result<S::Ok, S::Error> {
        let mut ids = Vec::new();
        let mut index: HashMap<&str, u32> = HashMap::new();
        let lists = evidence
            .iter()
            .map(|(period, topics)| {
                let topics = topics
                    .iter()
                    .map(|(topic, list)| {
                        let list = list
                            .iter()
                            .map(|id| {
                                *index.entry(id).or_insert_with(|| {
                                    ids.push(&**id);
                                    (ids.len() - 1) as u32
                                })
                            })
                            .collect();
                        (topic.as_str(), list)
                    })
                    .collect();
                (*period, topics)
            })
            .collect();
        Written { ids, lists }.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Evidence, D::Error> {
        let Read { ids, lists } = Read::deserialize(d)?;
        let ids: Vec<Arc<str>> = ids.into_iter().map(Arc::from).collect();
        lists
            .into_iter()
            .map(|(period, topics)| {
                let topics = topics
                    .into_iter()
                    .map(|(topic, list)| {
                        let list = list
                            .into_iter()
                            .map(|i| {
                                ids.get(i as usize)
                                    .cloned()
                                    .ok_or_else(|| D::Error::custom(format!("no evidence id {i}")))
                            })
                            .collect::<Result<_, _>>()?;
                        Ok((topic, list))
                    })
                    .collect::<Result<_, D::Error>>()?;
                Ok((period, topics))
            })
            .collect()
    }
}

/// One granularity's running counts.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Granular {
    period_docs: BTreeMap<NaiveDate, i64>,
    period_meetings: BTreeMap<NaiveDate, i64>,
    /// By period, then topic: nested so a lookup borrows the topic id
    /// instead of allocating a key per mention.
    cells: BTreeMap<NaiveDate, BTreeMap<String, Cell>>,
    /// Meetings that mention the topic, by (period, topic), in document order.
    /// Shared strings: one meeting is evidence under several topics, and a
    /// merge moves lists between aggregators without copying the ids.
    #[serde(with = "evidence_table")]
    evidence: Evidence,
}

/// The corpus-wide tables, computed as records stream past in doc_id
/// order: only counts and names are kept, never the records themselves.
///
/// Aggregators of consecutive runs of records merge into the aggregator of
/// the whole run ([`Aggregator::merge`]), and serialize, so that a rebuild
/// keeps each chunk's counts and adds up the chunks instead of re-reading
/// every record.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Aggregator {
    seq: usize,
    persons: BTreeMap<String, (String, BTreeSet<String>, i64)>,
    #[serde(with = "unresolved_rows")]
    unresolved: BTreeMap<(String, String), UnresolvedRow>,
    granular: [Granular; 3],
}

/// The unresolved names as a list of rows, since a tuple is not a map key
/// every format takes: each key is the row's provisional id and name as
/// written.
mod unresolved_rows {
    use super::*;
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(
        map: &BTreeMap<(String, String), UnresolvedRow>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        s.collect_seq(map.values())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<BTreeMap<(String, String), UnresolvedRow>, D::Error> {
        let rows = Vec::<UnresolvedRow>::deserialize(d)?;
        Ok(rows
            .into_iter()
            .map(|r| ((r.provisional_id.clone(), r.name_as_written.clone()), r))
            .collect())
    }
}

impl Aggregator {
    pub fn new() -> Self {
        Self::default()
    }

    /// Everything the aggregates need from one record.
    pub fn add(&mut self, r: &DocumentRecord) {
        self.seq += 1;
        let mut note = |id: &str, name: &str, written: &str| {
            let e = get_or_insert(&mut self.persons, id, || {
                (name.to_string(), BTreeSet::new(), 0)
            });
            if !e.1.contains(written) {
                e.1.insert(written.to_string());
            }
            e.2 += 1;
        };
        for p in &r.participants {
            note(&p.person_id, &p.name, &p.name_as_written);
        }
        for d in &r.distribution {
            if let (Some(id), Some(name)) = (&d.person_id, &d.recipient_name) {
                note(id, name, &d.recipient);
            }
        }
        for (written, normalized, res, sentence) in &r.unresolved {
            let row = self
                .unresolved
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
        // The meeting of each topic mention, as an index into the record's
        // meetings: meeting ids share the document's id as a long prefix,
        // so they are matched once here and compared as numbers after.
        let meeting_index: HashMap<&str, usize> = r
            .meetings
            .iter()
            .enumerate()
            .map(|(i, m)| (m.meeting_id.as_str(), i))
            .collect();
        let mention_meeting: Vec<Option<usize>> = r
            .topic_mentions
            .iter()
            .map(|t| {
                t.meeting_id
                    .as_deref()
                    .and_then(|id| meeting_index.get(id).copied())
            })
            .collect();
        // Each meeting's topics, for the bursts' evidence: the same at
        // every granularity.
        let mut meeting_topics: Vec<Vec<&str>> = vec![Vec::new(); r.meetings.len()];
        for (t, m) in r.topic_mentions.iter().zip(&mention_meeting) {
            if let Some(i) = m {
                meeting_topics[*i].push(t.topic_id.as_str());
            }
        }
        for topics in &mut meeting_topics {
            topics.sort_unstable();
            topics.dedup();
        }
        for (g, acc) in GRANULARITIES.iter().zip(self.granular.iter_mut()) {
            acc.add(r, &mention_meeting, &meeting_topics, g, self.seq);
        }
    }

    /// Adds the counts of the records that follow this aggregator's: the
    /// result is what one aggregator would hold after seeing both runs in
    /// order. First-seen values (a person's name, an unresolved name's
    /// first document and example, the earliest evidence) are kept.
    pub fn merge(&mut self, later: Aggregator) {
        let offset = self.seq;
        self.seq += later.seq;
        for (id, (name, written, mentions)) in later.persons {
            let e = self
                .persons
                .entry(id)
                .or_insert_with(|| (name, BTreeSet::new(), 0));
            e.1.extend(written);
            e.2 += mentions;
        }
        for (key, row) in later.unresolved {
            match self.unresolved.entry(key) {
                std::collections::btree_map::Entry::Vacant(v) => {
                    v.insert(row);
                }
                std::collections::btree_map::Entry::Occupied(mut o) => {
                    o.get_mut().count += row.count
                }
            }
        }
        for (acc, g) in self.granular.iter_mut().zip(later.granular) {
            acc.merge(g, offset);
        }
    }

    /// persons.parquet: the authority's persons, then provisional ones, by id.
    pub fn persons(&self, reference: &Reference) -> Vec<PersonRow> {
        let mut seen = self.persons.clone();
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

    /// unresolved_names.parquet, most frequent first.
    pub fn unresolved(&self) -> Vec<UnresolvedRow> {
        let mut rows: Vec<UnresolvedRow> = self.unresolved.values().cloned().collect();
        rows.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then_with(|| a.name_as_written.cmp(&b.name_as_written))
        });
        rows
    }

    /// topic_frequency.parquet, by granularity, period and topic.
    pub fn frequency(&self) -> Vec<FrequencyRow> {
        let mut rows = Vec::new();
        for (g, acc) in GRANULARITIES.iter().zip(&self.granular) {
            for ((period, topic_id), c) in acc
                .cells
                .iter()
                .flat_map(|(p, topics)| topics.iter().map(move |(t, c)| ((p, t), c)))
            {
                rows.push(FrequencyRow {
                    period: *period,
                    granularity: g,
                    topic_id: topic_id.clone(),
                    meetings: c.meetings,
                    documents: c.documents,
                    mentions: c.mentions,
                    period_meetings: acc.period_meetings.get(period).copied().unwrap_or(0),
                    period_documents: acc.period_docs.get(period).copied().unwrap_or(0),
                });
            }
        }
        rows
    }
}

impl Granular {
    fn merge(&mut self, later: Granular, seq_offset: usize) {
        for (p, n) in later.period_docs {
            *self.period_docs.entry(p).or_default() += n;
        }
        for (p, n) in later.period_meetings {
            *self.period_meetings.entry(p).or_default() += n;
        }
        for (p, topics) in later.cells {
            let here = self.cells.entry(p).or_default();
            for (t, c) in topics {
                let cell = here.entry(t).or_default();
                cell.meetings += c.meetings;
                cell.documents += c.documents;
                cell.mentions += c.mentions;
                if c.last_doc != 0 {
                    cell.last_doc = c.last_doc + seq_offset;
                }
            }
        }
        for (p, topics) in later.evidence {
            let here = self.evidence.entry(p).or_default();
            for (t, list) in topics {
                let mine = here.entry(t).or_default();
                let room = EVIDENCE_CAP.saturating_sub(mine.len());
                mine.extend(list.into_iter().take(room));
            }
        }
    }

    fn add(
        &mut self,
        r: &DocumentRecord,
        mention_meeting: &[Option<usize>],
        meeting_topics: &[Vec<&str>],
        g: &str,
        seq: usize,
    ) {
        let doc_bucket = r.doc_date.map(|d| bucket(d, g));
        if let Some(b) = doc_bucket {
            *self.period_docs.entry(b).or_default() += 1;
        }
        let meeting_bucket: Vec<Option<NaiveDate>> = r
            .meetings
            .iter()
            .map(|m| m.meeting_date.map(|d| bucket(d, g)))
            .collect();
        for b in meeting_bucket.iter().flatten() {
            *self.period_meetings.entry(*b).or_default() += 1;
        }
        // (meeting, topic) pairs already counted: a meeting's period is
        // its own, so the pair decides the cell.
        let mut counted_meetings: BTreeSet<(usize, &str)> = BTreeSet::new();
        for (t, m) in r.topic_mentions.iter().zip(mention_meeting) {
            let topic = t.topic_id.as_str();
            let meeting = m.and_then(|i| meeting_bucket[i].map(|b| (i, b)));
            if let Some((i, b)) = meeting {
                let first = counted_meetings.insert((i, topic));
                let cell = entry(&mut self.cells, b, topic);
                if first {
                    cell.meetings += 1;
                }
                cell.mentions += i64::from(t.mentions);
            } else if let Some(b) = doc_bucket {
                entry(&mut self.cells, b, topic).mentions += i64::from(t.mentions);
            }
            if let Some(b) = doc_bucket {
                let cell = entry(&mut self.cells, b, topic);
                if cell.last_doc != seq {
                    cell.last_doc = seq;
                    cell.documents += 1;
                }
            }
        }
        // Evidence for bursts: dated meetings in text order, each under the
        // topics it mentions.
        for ((m, topics), b) in r.meetings.iter().zip(meeting_topics).zip(&meeting_bucket) {
            let Some(b) = b else {
                continue;
            };
            let id: Arc<str> = Arc::from(m.meeting_id.as_str());
            for t in topics {
                let list = entry(&mut self.evidence, *b, t);
                if list.len() < EVIDENCE_CAP {
                    list.push(Arc::clone(&id));
                }
            }
        }
    }
}

/// The value for `key`, inserted if absent. Unlike `entry`, it copies the
/// key only on insertion: most keys recur, and a new string per lookup was
/// most of the aggregates' time.
fn get_or_insert<'m, V>(
    map: &'m mut BTreeMap<String, V>,
    key: &str,
    new: impl FnOnce() -> V,
) -> &'m mut V {
    if !map.contains_key(key) {
        map.insert(key.to_string(), new());
    }
    map.get_mut(key).expect("inserted above")
}

/// The value for `(period, topic)` in a nested map, inserted if absent.
fn entry<'m, V: Default>(
    map: &'m mut BTreeMap<NaiveDate, BTreeMap<String, V>>,
    period: NaiveDate,
    topic: &str,
) -> &'m mut V {
    get_or_insert(map.entry(period).or_default(), topic, V::default)
}

/// The person authority as used by these records.
pub fn persons(records: &[DocumentRecord], reference: &Reference) -> Vec<PersonRow> {
    aggregator(records).persons(reference)
}

/// The names of these records that matched nobody.
pub fn unresolved(records: &[DocumentRecord]) -> Vec<UnresolvedRow> {
    aggregator(records).unresolved()
}

fn aggregator(records: &[DocumentRecord]) -> Aggregator {
    let mut a = Aggregator::new();
    for r in records {
        a.add(r);
    }
    a
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

pub const GRANULARITIES: [&str; 3] = ["month", "quarter", "year"];

pub fn topic_frequency(records: &[DocumentRecord]) -> Vec<FrequencyRow> {
    aggregator(records).frequency()
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
    aggregator(records).bursts(freq)
}

impl Aggregator {
    /// topic_bursts.parquet from this corpus's frequency rows.
    pub fn bursts(&self, freq: &[FrequencyRow]) -> Vec<BurstRow> {
        let mut out = Vec::new();
        for (g, acc) in GRANULARITIES.iter().zip(&self.granular) {
            // Periods with dated documents, as the shares' denominators are.
            let periods: Vec<NaiveDate> = acc.period_docs.keys().copied().collect();
            let mut by_topic: BTreeMap<&str, BTreeMap<NaiveDate, &FrequencyRow>> = BTreeMap::new();
            for f in freq.iter().filter(|f| f.granularity == *g) {
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
                    let sd = (base.iter().map(|x| (x - mean).powi(2)).sum::<f64>()
                        / base.len() as f64)
                        .sqrt();
                    let now = share(p);
                    let z = (now - mean) / sd.max(SD_FLOOR);
                    let documents = rows.get(p).map_or(0, |r| r.documents);
                    if z >= Z_BURST && documents >= 2 {
                        let evidence = acc
                            .evidence
                            .get(p)
                            .and_then(|topics| topics.get(topic))
                            .map(|ids| ids.iter().map(|id| id.to_string()).collect())
                            .unwrap_or_default();
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
    fn burst_evidence_lists_at_most_the_cap_in_document_order() {
        let mut docs = Vec::new();
        for (i, y) in (1950..1955).enumerate() {
            docs.push(doc(&format!("q{i}"), (y, 3, 1), &[]));
        }
        for i in 0..EVIDENCE_CAP + 5 {
            docs.push(doc(&format!("hot{i:02}"), (1955, 3, 1), &["aid"]));
        }
        let f = topic_frequency(&docs);
        let b = bursts(&docs, &f);
        let year = b.iter().find(|r| r.granularity == "year").expect("a burst");
        assert_eq!(year.documents, (EVIDENCE_CAP + 5) as i64);
        assert_eq!(year.evidence_meetings.len(), EVIDENCE_CAP);
        assert_eq!(year.evidence_meetings[0], "hot00#1");
    }

    #[test]
    fn buckets() {
        let d = NaiveDate::from_ymd_opt(1957, 11, 12).unwrap();
        assert_eq!(bucket(d, "month").to_string(), "1957-11-01");
        assert_eq!(bucket(d, "quarter").to_string(), "1957-10-01");
        assert_eq!(bucket(d, "year").to_string(), "1957-01-01");
    }
}

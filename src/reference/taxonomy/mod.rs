//! The topic taxonomy (`data/topics.toml`) and the matcher that finds its
//! phrases in text in one pass.

mod folded;
mod phrase;

use folded::Folded;
use phrase::Phrase;

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use serde::Deserialize;

use crate::error::{Error, Result};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct TaxonomyFile {
    topic: Vec<Topic>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    pub id: String,
    pub label: String,
    pub group: String,
    pub description: String,
    pub phrases: Vec<String>,
    #[serde(default)]
    pub exclude: Vec<String>,
}

/// One topic's matches in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicHit {
    pub topic: usize,
    pub count: usize,
    /// Byte offset of the first match in the text.
    pub first: usize,
}

#[derive(Debug)]
pub struct Taxonomy {
    pub topics: Vec<Topic>,
    /// Every topic's phrases, in priority order: taxonomy order, and within
    /// a topic longer phrases first.
    phrases: Scan,
    /// Every topic's `exclude` phrases.
    exclusions: Scan,
}

/// Phrases found by one multi-pattern scan over folded text: the scan finds
/// their literal heads, each phrase then checks its rest in place.
#[derive(Debug)]
struct Scan {
    heads: AhoCorasick,
    /// For each distinct head, the phrases that start with it.
    by_head: Vec<Vec<usize>>,
    /// Each phrase with the topic it belongs to.
    phrases: Vec<(Phrase, usize)>,
}

/// A phrase found in a text, in folded offsets.
#[derive(Debug, Clone, Copy)]
struct Found {
    start: usize,
    end: usize,
    /// The phrase's index in its scan: its priority.
    phrase: usize,
    topic: usize,
}

impl Scan {
    fn new(phrases: Vec<(Phrase, usize)>) -> std::result::Result<Self, String> {
        let mut heads: Vec<&str> = Vec::new();
        let mut by_head: Vec<Vec<usize>> = Vec::new();
        let mut index = HashMap::new();
        for (i, (p, _)) in phrases.iter().enumerate() {
            let h = *index.entry(p.head.as_str()).or_insert_with(|| {
                heads.push(&p.head);
                by_head.push(Vec::new());
                heads.len() - 1
            });
            by_head[h].push(i);
        }
        let heads = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&heads)
            .map_err(|e| e.to_string())?;
        Ok(Scan {
            heads,
            by_head,
            phrases,
        })
    }

    /// Every place any phrase matches `text` on word boundaries, overlapping
    /// ones included, sorted by start and then priority.
    fn find(&self, text: &str, folded: &Folded) -> Vec<Found> {
        let mut found = Vec::new();
        for m in self.heads.find_overlapping_iter(&folded.bytes) {
            for &i in &self.by_head[m.pattern().as_usize()] {
                let (phrase, topic) = &self.phrases[i];
                let Some(end) = phrase.end_after_head(&folded.bytes, m.end()) else {
                    continue;
                };
                if on_word_boundaries(text, folded.original(m.start()), folded.original(end)) {
                    found.push(Found {
                        start: m.start(),
                        end,
                        phrase: i,
                        topic: *topic,
                    });
                }
            }
        }
        found.sort_unstable_by_key(|f| (f.start, f.phrase));
        found
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whether `text[start..end]` starts and ends on Unicode word boundaries,
/// as a phrase must: "plenum" is not found in "łplenum" or "plenumś".
pub fn on_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let first = text[start..end].chars().next();
    let last = text[start..end].chars().next_back();
    let after = text[end..].chars().next();
    let edge = |outside: Option<char>, inside: Option<char>| match (outside, inside) {
        (Some(o), Some(i)) => is_word_char(o) != is_word_char(i),
        _ => true,
    };
    edge(before, first) && edge(after, last)
}

impl Taxonomy {
    pub fn load(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
            path: path.to_owned(),
            source,
        })?;
        let file: TaxonomyFile = toml::from_str(&text).map_err(|e| Error::Reference {
            path: path.to_owned(),
            message: e.to_string(),
        })?;
        Self::from_topics(file.topic).map_err(|message| Error::Reference {
            path: path.to_owned(),
            message,
        })
    }

    pub fn from_topics(topics: Vec<Topic>) -> std::result::Result<Self, String> {
        let mut ids = BTreeSet::new();
        let mut phrases = Vec::new();
        let mut exclusions = Vec::new();
        for (i, t) in topics.iter().enumerate() {
            if !ids.insert(&t.id) {
                return Err(format!("topic id {:?} appears twice", t.id));
            }
            if t.phrases.is_empty() {
                return Err(format!("topic {:?} has no phrases", t.id));
            }
            // Longer phrases first, so "Chinese People's Volunteers" wins over "Chinese".
            let mut own = t.phrases.clone();
            own.sort_by_key(|p| std::cmp::Reverse(p.len()));
            for (list, out) in [(&own, &mut phrases), (&t.exclude, &mut exclusions)] {
                for p in list {
                    let phrase = Phrase::parse(p);
                    if phrase.head.is_empty() {
                        return Err(format!("topic {:?}: phrase {p:?} has no words", t.id));
                    }
                    out.push((phrase, i));
                }
            }
        }
        Ok(Taxonomy {
            topics,
            phrases: Scan::new(phrases)?,
            exclusions: Scan::new(exclusions)?,
        })
    }

    /// Every topic found in `text`, with counts and first offsets, in
    /// taxonomy order. Phrases are taken left to right without overlap; where
    /// several start at the same place, the first topic in taxonomy order
    /// takes it (longer phrases of a topic before shorter ones). A phrase
    /// inside one of its topic's `exclude` phrases is not counted.
    pub fn find(&self, text: &str) -> Vec<TopicHit> {
        let folded = Folded::new(text);
        let mut hits: Vec<Option<TopicHit>> = vec![None; self.topics.len()];
        let mut excluded: Option<Vec<Found>> = None;
        let mut at = 0;
        for f in self.phrases.find(text, &folded) {
            if f.start < at {
                continue;
            }
            at = f.end.max(f.start + 1);
            let ex = excluded.get_or_insert_with(|| self.exclusions.find(text, &folded));
            if ex
                .iter()
                .any(|e| e.topic == f.topic && e.start <= f.start && f.end <= e.end)
            {
                continue;
            }
            let h = hits[f.topic].get_or_insert(TopicHit {
                topic: f.topic,
                count: 0,
                first: folded.original(f.start),
            });
            h.count += 1;
        }
        hits.into_iter().flatten().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn topic(id: &str, phrases: &[&str], exclude: &[&str]) -> Topic {
        Topic {
            id: id.into(),
            label: id.into(),
            group: "economy".into(),
            description: String::new(),
            phrases: phrases.iter().map(|s| s.to_string()).collect(),
            exclude: exclude.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn tax() -> Taxonomy {
        Taxonomy::from_topics(vec![
            topic("plan", &["five-year plan*", "seven-year plan*"], &[]),
            topic("cpv", &["Chinese People's Volunteer*"], &[]),
            topic("aid", &["Soviet aid"], &["Soviet aid to Egypt"]),
            topic("plenum", &["plenum*"], &[]),
        ])
        .unwrap()
    }

    fn found(text: &str) -> Vec<(String, usize)> {
        let t = tax();
        t.find(text)
            .into_iter()
            .map(|h| (t.topics[h.topic].id.clone(), h.count))
            .collect()
    }

    #[test]
    fn word_boundaries_and_inflections() {
        assert_eq!(
            found("the Five-Year Plans and the seven-year\nplan"),
            vec![("plan".into(), 2)]
        );
        assert_eq!(found("plenums, a plenum"), vec![("plenum".into(), 2)]);
        assert_eq!(found("superplenum"), vec![]);
        assert_eq!(
            found("the Chinese People’s Volunteers left"),
            vec![("cpv".into(), 1)]
        );
    }

    #[test]
    fn boundaries_are_unicode_although_the_scan_is_ascii() {
        assert_eq!(found("łplenum and plenumś"), vec![]);
        assert_eq!(
            found("“plenum” – the plenum’s work"),
            vec![("plenum".into(), 2)]
        );
        assert_eq!(found("Ünd plenum"), vec![("plenum".into(), 1)]);
    }

    #[test]
    fn the_first_topic_in_order_takes_a_shared_phrase() {
        let t = Taxonomy::from_topics(vec![
            topic("a", &["party congress"], &[]),
            topic("b", &["party congress*", "party"], &[]),
        ])
        .unwrap();
        let ids: Vec<(String, usize)> = t
            .find("the party congress and the party")
            .into_iter()
            .map(|h| (t.topics[h.topic].id.clone(), h.count))
            .collect();
        assert_eq!(ids, vec![("a".into(), 1), ("b".into(), 1)]);
    }

    #[test]
    fn exclusions() {
        assert_eq!(found("Soviet aid to Egypt"), vec![]);
        assert_eq!(
            found("Soviet aid to Egypt and Soviet aid to Korea"),
            vec![("aid".into(), 1)]
        );
    }

    #[test]
    fn first_offsets() {
        let t = tax();
        let hits = t.find("x plenum y plenum");
        assert_eq!(hits[0].first, 2);
    }
}

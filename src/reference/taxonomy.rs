//! The topic taxonomy (`data/topics.toml`) and the matcher that finds its
//! phrases in text in one pass.

use std::collections::BTreeSet;
use std::path::Path;

use regex::{Regex, RegexSet};
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
    /// All phrases of all topics in one alternation, for finding where
    /// any topic matches in one fast scan.
    combined: Regex,
    /// Each topic's phrases anchored at the start, for telling which topic
    /// a match of `combined` belongs to.
    anchored: RegexSet,
    exclusions: Vec<Option<Regex>>,
}

/// Translates a taxonomy phrase to a regex: a space matches any whitespace,
/// `*` ending a word matches further word characters, `'` matches `’`.
///
/// The word boundaries are ASCII ones: a Unicode `\b` keeps the regex
/// engine off its fast automata on any text with a non-ASCII character
/// (every page with a curly quote), which made topic matching most of a
/// build's time. Matches are checked against Unicode boundaries afterwards
/// ([`on_word_boundaries`]).
pub fn phrase_regex(phrase: &str) -> String {
    let words: Vec<String> = phrase
        .split_whitespace()
        .map(|w| {
            let (stem, open) = match w.strip_suffix('*') {
                Some(s) => (s, true),
                None => (w, false),
            };
            let mut r = regex::escape(stem).replace(['\'', '’'], "['’]");
            r = r.replace("['['’]]", "['’]");
            if open {
                // ASCII endings: a Unicode class here multiplies the
                // automaton's states; a non-ASCII letter after the ending
                // fails the boundary check instead.
                r.push_str(r"(?-u:\w)*");
            }
            r
        })
        .collect();
    format!(r"(?-u:\b){}(?-u:\b)", words.join(r"\s+"))
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
        let mut groups = Vec::new();
        for t in &topics {
            if !ids.insert(&t.id) {
                return Err(format!("topic id {:?} appears twice", t.id));
            }
            if t.phrases.is_empty() {
                return Err(format!("topic {:?} has no phrases", t.id));
            }
            // Longer phrases first, so "Chinese People's Volunteers" wins over "Chinese".
            let mut phrases = t.phrases.clone();
            phrases.sort_by_key(|p| std::cmp::Reverse(p.len()));
            let alts: Vec<String> = phrases.iter().map(|p| phrase_regex(p)).collect();
            groups.push(format!("(?:{})", alts.join("|")));
        }
        let combined = regex::RegexBuilder::new(&format!("(?i){}", groups.join("|")))
            .size_limit(256 << 20)
            .dfa_size_limit(64 << 20)
            .build()
            .map_err(|e| e.to_string())?;
        let anchored = regex::RegexSetBuilder::new(groups.iter().map(|g| format!("(?i)^{g}")))
            .size_limit(256 << 20)
            .dfa_size_limit(64 << 20)
            .build()
            .map_err(|e| e.to_string())?;
        let exclusions = topics
            .iter()
            .map(|t| {
                if t.exclude.is_empty() {
                    return Ok(None);
                }
                let alts: Vec<String> = t.exclude.iter().map(|p| phrase_regex(p)).collect();
                Regex::new(&format!("(?i){}", alts.join("|")))
                    .map(Some)
                    .map_err(|e| format!("topic {}: {e}", t.id))
            })
            .collect::<std::result::Result<Vec<_>, String>>()?;
        Ok(Taxonomy {
            topics,
            combined,
            anchored,
            exclusions,
        })
    }

    /// Every topic found in `text`, with counts and first offsets, in
    /// taxonomy order. At each place a phrase matches, the first topic in
    /// taxonomy order whose phrase matches there takes it (leftmost-first,
    /// longer phrases of a topic before shorter ones).
    pub fn find(&self, text: &str) -> Vec<TopicHit> {
        let mut hits: Vec<Option<TopicHit>> = vec![None; self.topics.len()];
        let mut excluded: Vec<Option<Vec<(usize, usize)>>> = vec![None; self.topics.len()];
        let mut at = 0;
        while at <= text.len() {
            let Some(m) = self.combined.find_at(text, at) else {
                break;
            };
            let next = |p: usize| {
                let mut p = p;
                while p < text.len() && !text.is_char_boundary(p) {
                    p += 1;
                }
                p
            };
            if !on_word_boundaries(text, m.start(), m.end()) {
                at = next(m.start() + 1);
                continue;
            }
            let Some(i) = self.anchored.matches(&text[m.start()..]).iter().next() else {
                at = next(m.end().max(m.start() + 1));
                continue;
            };
            let ex = excluded[i].get_or_insert_with(|| {
                self.exclusions[i]
                    .as_ref()
                    .map(|re| {
                        re.find_iter(text)
                            .filter(|e| on_word_boundaries(text, e.start(), e.end()))
                            .map(|e| (e.start(), e.end()))
                            .collect()
                    })
                    .unwrap_or_default()
            });
            if !ex.iter().any(|&(s, e)| s <= m.start() && m.end() <= e) {
                let h = hits[i].get_or_insert(TopicHit {
                    topic: i,
                    count: 0,
                    first: m.start(),
                });
                h.count += 1;
            }
            at = next(m.end().max(m.start() + 1));
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

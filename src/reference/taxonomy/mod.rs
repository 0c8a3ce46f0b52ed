//! The topic taxonomy (`data/topics.toml`) and the matcher that finds its
//! phrases in text in one pass.

/// A `[u8; N]` lookup table built at compile time, `$byte` bound to each
/// index in turn: the scans here decide per byte through such tables.
macro_rules! byte_table {
    ($n:literal, |$byte:ident| $value:expr) => {{
        let mut table = [0u8; $n];
        let mut i = 0;
        while i < $n {
            let $byte = i as u8;
            table[i] = $value;
            i += 1;
        }
        table
    }};
}

mod folded;
mod phrase;

use folded::Folded;
use phrase::Phrase;

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;
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
    /// Each topic's `exclude` phrases, checked only around that topic's
    /// matches (few topics have any, and few texts match them).
    exclusions: Vec<Vec<Phrase>>,
}

/// Phrases found by one multi-pattern automaton over folded text: a DFA
/// finds their literal heads wherever they occur, overlapping ones
/// included; a head that does not start a word is dropped, and each phrase
/// then checks its rest in place.
///
/// One pass of a DFA over every byte measured as fast as running an
/// automaton anchored at each word start behind a filter of head prefixes
/// (on the synthetic corpus), and a quarter faster on the seeds' texts.
#[derive(Debug)]
struct Scan {
    heads: AhoCorasick,
    /// For each distinct head, the phrases that start with it.
    by_head: Vec<Vec<usize>>,
    /// Each phrase with the topic it belongs to.
    phrases: Vec<(Phrase, usize)>,
}

/// Heads up to this many are matched by a DFA; a taxonomy with more leaves
/// the choice to aho-corasick, since a DFA's memory grows with its states.
const DFA_HEADS: usize = 20_000;

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
        let kind = (heads.len() <= DFA_HEADS).then_some(AhoCorasickKind::DFA);
        let heads = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(kind)
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
        let bytes = &folded.bytes[..];
        let mut found = Vec::new();
        for m in self.heads.find_overlapping_iter(bytes) {
            if is_word_start(bytes, m.start()) {
                let head = m.pattern().as_usize();
                self.check(text, folded, m.start(), m.end(), head, &mut found);
            }
        }
        found.sort_unstable_by_key(|f| (f.start, f.phrase));
        found
    }

    /// Checks each phrase whose head `head` spans `at..end`.
    fn check(
        &self,
        text: &str,
        folded: &Folded,
        at: usize,
        end: usize,
        head: usize,
        found: &mut Vec<Found>,
    ) {
        for &i in &self.by_head[head] {
            let (phrase, topic) = &self.phrases[i];
            let Some(end) = phrase.end_after_head(&folded.bytes, end) else {
                continue;
            };
            if on_word_boundaries(text, folded.original(at), folded.original(end)) {
                found.push(Found {
                    start: at,
                    end,
                    phrase: i,
                    topic: *topic,
                });
            }
        }
    }
}

/// Offsets in folded text where a word may start: a letter, digit or
/// non-ASCII character not preceded by an ASCII word character. (Starts
/// after a non-ASCII letter are let through; the boundary check drops them.)
///
/// The phrase scan runs this over every byte of every document, so it skips
/// runs of non-starting bytes and the rest of each ASCII word in tight
/// loops over a byte table instead of deciding byte by byte. (Deciding eight
/// bytes at a time with word arithmetic measured no faster: the time of the
/// scan is in the filter and automaton behind this.)
fn word_starts(bytes: &[u8], within: Range<usize>) -> impl Iterator<Item = usize> + '_ {
    let end = within.end.min(bytes.len());
    let mut i = within.start;
    // A start right after an ASCII word byte is none: move past that word.
    if i > 0 && is_ascii_word(bytes[i - 1]) {
        i = past_word(bytes, i, end);
    }
    std::iter::from_fn(move || {
        while i < end && START[usize::from(bytes[i])] == 0 {
            i += 1;
        }
        if i >= end {
            return None;
        }
        let at = i;
        i = if START[usize::from(bytes[at])] == WORD {
            past_word(bytes, at + 1, end)
        } else {
            at + 1
        };
        Some(at)
    })
}

/// From `i`, past the ASCII word bytes there and past one byte after them
/// when it is a non-ASCII lead, which follows a word and so starts none.
fn past_word(bytes: &[u8], mut i: usize, end: usize) -> usize {
    while i < end && START[usize::from(bytes[i])] == WORD {
        i += 1;
    }
    if i < end && START[usize::from(bytes[i])] == LEAD {
        i += 1;
    }
    i
}

/// Whether `at` is one of the starts [`word_starts`] gives.
fn is_word_start(bytes: &[u8], at: usize) -> bool {
    START[usize::from(bytes[at])] != 0 && (at == 0 || !is_ascii_word(bytes[at - 1]))
}

const WORD: u8 = 1;
const LEAD: u8 = 2;

/// Which bytes can start a word: ASCII word bytes, and non-ASCII leads.
static START: [u8; 256] = byte_table!(256, |c| if c.is_ascii_alphanumeric() || c == b'_' {
    WORD
} else if c >= 0xc0 {
    LEAD
} else {
    0
});

/// A byte of an ASCII word in folded text, as the regex `(?-u:\w)` has it.
fn is_ascii_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
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
        let mut exclusions = vec![Vec::new(); topics.len()];
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
            for (p, exclude) in own
                .iter()
                .map(|p| (p, false))
                .chain(t.exclude.iter().map(|p| (p, true)))
            {
                let phrase = Phrase::parse(p);
                if phrase.head.is_empty() {
                    return Err(format!("topic {:?}: phrase {p:?} has no words", t.id));
                }
                if exclude {
                    exclusions[i].push(phrase);
                } else {
                    phrases.push((phrase, i));
                }
            }
        }
        Ok(Taxonomy {
            topics,
            phrases: Scan::new(phrases)?,
            exclusions,
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
        let mut at = 0;
        for f in self.phrases.find(text, &folded) {
            if f.start < at {
                continue;
            }
            at = f.end.max(f.start + 1);
            if self.excluded(text, &folded, &f) {
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

    /// Whether `found` lies inside a match of one of its topic's `exclude`
    /// phrases. Such a match starts at most about its own length before
    /// `found`, so only word starts in that window are tried.
    fn excluded(&self, text: &str, folded: &Folded, found: &Found) -> bool {
        let phrases = &self.exclusions[found.topic];
        let Some(longest) = phrases.iter().map(Phrase::len).max() else {
            return false;
        };
        let bytes = &folded.bytes;
        // Slack for the word characters an open `*` word may add.
        let from = found.start.saturating_sub(longest + 64);
        word_starts(bytes, from..found.start + 1).any(|at| {
            phrases.iter().any(|p| {
                bytes[at..].starts_with(p.head.as_bytes())
                    && p.end_after_head(bytes, at + p.head.len())
                        .is_some_and(|end| {
                            end >= found.end
                                && on_word_boundaries(
                                    text,
                                    folded.original(at),
                                    folded.original(end),
                                )
                        })
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Word starts decided byte by byte, as the scan once did.
    fn word_starts_bytewise(bytes: &[u8], within: Range<usize>) -> Vec<usize> {
        let mut after_word = within.start > 0 && is_ascii_word(bytes[within.start - 1]);
        within
            .filter(|&i| {
                let b = bytes[i];
                let word = is_ascii_word(b);
                let starts = !after_word && (word || b >= 0xc0);
                after_word = word;
                starts
            })
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn word_starts_skip_as_the_bytewise_decision_does(
            text in "[a-zA-Z0-9_ .,'@\\[`{-]{0,12}([ü’ł\u{1}\u{7f}][a-zA-Z_ .]{0,9}){0,8}",
            from in 0usize..60,
            len in 0usize..120,
        ) {
            let bytes = text.as_bytes();
            let from = from.min(bytes.len());
            let to = (from + len).min(bytes.len());
            let fast: Vec<usize> = word_starts(bytes, from..to).collect();
            proptest::prop_assert_eq!(fast, word_starts_bytewise(bytes, from..to));
        }

        #[test]
        fn a_word_start_is_one_that_word_starts_gives(
            text in "[a-zA-Z0-9_ .,'@\\[`{-]{0,12}([ü’ł\u{1}\u{7f}][a-zA-Z_ .]{0,9}){0,8}",
        ) {
            let bytes = text.as_bytes();
            let each: Vec<usize> = (0..bytes.len()).filter(|&i| is_word_start(bytes, i)).collect();
            proptest::prop_assert_eq!(each, word_starts_bytewise(bytes, 0..bytes.len()));
        }
    }

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

    /// The topics `t` finds in `text`, by id, with their counts.
    fn found_by(t: &Taxonomy, text: &str) -> Vec<(String, usize)> {
        t.find(text)
            .into_iter()
            .map(|h| (t.topics[h.topic].id.clone(), h.count))
            .collect()
    }

    fn found(text: &str) -> Vec<(String, usize)> {
        found_by(&tax(), text)
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
        assert_eq!(
            found_by(&t, "the party congress and the party"),
            vec![("a".into(), 1), ("b".into(), 1)]
        );
    }

    /// The regex matcher's ASCII `\b` found no boundary between "ń" and
    /// "." and so missed every "Poznań." in the synthetic corpus.
    #[test]
    fn regression_a_phrase_ending_in_a_non_ascii_letter_before_punctuation() {
        let t = Taxonomy::from_topics(vec![topic("poznan", &["Poznań"], &[])]).unwrap();
        let hits = t.find("the events in Poznań. Later, Poznań’s workers");
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].count, 2);
        assert!(t.find("Poznańskie").is_empty());
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

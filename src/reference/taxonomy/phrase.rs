//! One taxonomy phrase compiled for matching on folded text: a literal head
//! found by the multi-pattern scan, and the rest checked in place.

use super::folded::fold_word;
use super::is_ascii_word;

/// A phrase such as `help* from the USSR`, split where matching stops being
/// literal: the head (`help`) is found by the scan; after it come optional
/// word characters (the `*`) and the remaining words, each checked in place.
#[derive(Debug, Clone)]
pub struct Phrase {
    /// Folded words up to and including the first open word's stem.
    pub head: String,
    /// Whether the head's last word ends in `*`.
    head_open: bool,
    /// The words after the head, folded, with their `*` flags.
    rest: Vec<(String, bool)>,
}

impl Phrase {
    pub fn parse(phrase: &str) -> Phrase {
        let words: Vec<(String, bool)> = phrase
            .split_whitespace()
            .map(|w| match w.strip_suffix('*') {
                Some(stem) => (fold_word(stem), true),
                None => (fold_word(w), false),
            })
            .collect();
        let split = words
            .iter()
            .position(|(_, open)| *open)
            .map_or(words.len(), |i| i + 1);
        let head_open = split > 0 && words[split - 1].1;
        let head = words[..split]
            .iter()
            .map(|(w, _)| w.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        Phrase {
            head,
            head_open,
            rest: words[split..].to_vec(),
        }
    }

    /// The phrase's folded length without its open words' endings.
    pub fn len(&self) -> usize {
        self.head.len() + self.rest.iter().map(|(w, _)| w.len() + 1).sum::<usize>()
    }

    /// Where the phrase ends in `folded` when its head ends at `end`, or
    /// `None` when the rest does not follow. An open word takes every ASCII
    /// word character after its stem, as the regex `(?-u:\w)*` would.
    pub fn end_after_head(&self, folded: &[u8], end: usize) -> Option<usize> {
        let mut at = end;
        if self.head_open {
            at = skip_word(folded, at);
        }
        for (word, open) in &self.rest {
            if folded.get(at) != Some(&b' ') {
                return None;
            }
            at += 1;
            if !folded[at..].starts_with(word.as_bytes()) {
                return None;
            }
            at += word.len();
            if *open {
                at = skip_word(folded, at);
            }
        }
        Some(at)
    }
}

fn skip_word(folded: &[u8], mut at: usize) -> usize {
    while at < folded.len() && is_ascii_word(folded[at]) {
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_and_ends() {
        // (phrase, folded text whose start the head matches, expected end)
        let cases = [
            ("Soviet aid", "soviet aid to x", Some(10)),
            ("plenum*", "plenums, a", Some(7)),
            ("help* from the USSR", "helped from the ussr.", Some(20)),
            ("help* from the USSR", "helped by the ussr", None),
            ("five-year plan*", "five-year planning", Some(18)),
            (
                "Chinese People's Volunteer*",
                "chinese people's volunteers",
                Some(27),
            ),
        ];
        for (phrase, text, want) in cases {
            let p = Phrase::parse(phrase);
            assert!(text.starts_with(&p.head), "{phrase:?} head {:?}", p.head);
            assert_eq!(
                p.end_after_head(text.as_bytes(), p.head.len()),
                want,
                "{phrase:?} in {text:?}"
            );
        }
    }

    #[test]
    fn head_stops_at_the_first_open_word() {
        assert_eq!(Phrase::parse("help* from the USSR").head, "help");
        assert_eq!(
            Phrase::parse("Soviet Union's aid").head,
            "soviet union's aid"
        );
        assert_eq!(Phrase::parse("Soviet credit*").head, "soviet credit");
    }
}

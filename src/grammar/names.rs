//! How names are written: runs of capitalized words and initials, the office
//! printed before or after them, and the editor's brackets.
//!
//! Which capitalized words are offices rather than names comes from the
//! lexicon in `data/`; this module knows only the shapes.

use std::sync::LazyLock;

use regex::Regex;

use super::marks::drop_sic;
use crate::reference::Lexicon;

/// A name found in text: its byte range and the words as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// Whether the run ends in a possessive ("Pak Chol-su's").
    pub possessive: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Initial,
    Word,
    Other,
}

static INITIAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[A-Z][a-z]?\.){1,3}$|^[A-Z]\.[A-Z]\.(?:[A-Z]\.)?$").expect("initial regex")
});

const STOPWORDS: &[&str] = &[
    "of", "the", "in", "and", "to", "for", "at", "with", "by", "on", "from", "a", "an", "his",
    "her", "their", "our", "my", "as", "was", "were", "is", "are", "that", "this", "who", "whom",
    "which", "i", "we", "he", "she", "they", "it", "also", "then", "there", "here", "when",
];

fn core(token: &str) -> &str {
    token.trim_matches(|c: char| {
        matches!(
            c,
            ',' | ';' | ':' | '(' | ')' | '[' | ']' | '"' | '“' | '”' | '!' | '?'
        )
    })
}

fn classify(token: &str, all_caps_phrase: bool, lex: &Lexicon) -> Kind {
    let t = core(token);
    let t = t
        .strip_suffix("'s")
        .or_else(|| t.strip_suffix("’s"))
        .unwrap_or(t);
    if t.is_empty() {
        return Kind::Other;
    }
    if INITIAL.is_match(t) {
        return Kind::Initial;
    }
    let t = t.trim_end_matches('.');
    let Some(first) = t.chars().next() else {
        return Kind::Other;
    };
    if !first.is_uppercase() || lex.is_honorific(t) || lex.is_office_word(t) {
        return Kind::Other;
    }
    if STOPWORDS.contains(&t.to_lowercase().as_str()) && (all_caps_phrase || t.len() <= 2) {
        return Kind::Other;
    }
    if !t
        .chars()
        .all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '’')
    {
        return Kind::Other;
    }
    let letters: Vec<char> = t.chars().filter(|c| c.is_alphabetic()).collect();
    let caps = letters.iter().all(|c| c.is_uppercase());
    // An upper-case word is an acronym unless the phrase is all capitals
    // ("with Cde. KIM IL SUNG") or it is a short Korean-style syllable ("IL").
    if caps && letters.len() > 1 && !all_caps_phrase {
        return Kind::Other;
    }
    Kind::Word
}

fn is_all_caps(text: &str) -> bool {
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 4 && letters.iter().all(|c| c.is_uppercase())
}

/// Whether a token closes the run after itself (trailing comma, period...).
fn closes(token: &str, kind: Kind) -> bool {
    let t = token.trim_end_matches([']', '"', '”']);
    t.ends_with([',', ';', ':', ')', '!', '?'])
        || (t.ends_with('.') && kind == Kind::Word)
        || t.ends_with("'s")
        || t.ends_with("’s")
}

/// Every run of name words and initials in `text`, in order. Each run holds
/// at least one word; an editor's bracket right after a run ("Kim [Yen Nam]")
/// belongs to it, a `[sic]` ends it.
pub fn runs(text: &str, lex: &Lexicon) -> Vec<Run> {
    let mut tokens: Vec<(usize, &str)> = Vec::new();
    let mut pos = 0;
    for piece in text.split_inclusive(char::is_whitespace) {
        let t = piece.trim_end();
        if !t.is_empty() {
            tokens.push((pos, t));
        }
        pos += piece.len();
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        // The all-caps test is per stretch: "with Cde. KIM IL SUNG" is all capitals after "Cde.".
        let window: Vec<&str> = tokens[i..tokens.len().min(i + 4)]
            .iter()
            .map(|t| t.1)
            .collect();
        let caps = is_all_caps(&window.join(" "));
        if tokens[i].1.starts_with('[') || classify(tokens[i].1, caps, lex) == Kind::Other {
            i += 1;
            continue;
        }
        let lead = tokens[i].1.len() - tokens[i].1.trim_start_matches(['(', '"', '“', '\'']).len();
        let start = tokens[i].0 + lead;
        let (mut j, mut end, mut words, mut possessive) = (i, start, 0, false);
        while j < tokens.len() {
            let (off, tok) = tokens[j];
            if tok.starts_with('[') {
                if tok.to_lowercase().starts_with("[sic") {
                    break;
                }
                // The editor's bracket: take it whole.
                while j < tokens.len() && !tokens[j].1.contains(']') {
                    j += 1;
                }
                let Some(&(o, t)) = tokens.get(j) else { break };
                end = o + t.len();
                words += 1;
                j += 1;
                if closes(t, Kind::Word) {
                    break;
                }
                continue;
            }
            let k = classify(tok, caps, lex);
            if k == Kind::Other {
                break;
            }
            words += usize::from(k == Kind::Word);
            end = off + tok.len();
            possessive = tok.ends_with("'s") || tok.ends_with("’s");
            j += 1;
            if closes(tok, k) {
                break;
            }
        }
        if words > 0 {
            out.push(finish(text, start, end, possessive));
        }
        i = j.max(i + 1);
    }
    out
}

fn finish(text: &str, start: usize, end: usize, possessive: bool) -> Run {
    let raw = &text[start..end];
    let cleaned = raw
        .trim_end_matches([',', ';', ':', ')', '!', '?', '"', '”'])
        .trim_end_matches("'s")
        .trim_end_matches("’s");
    // A trailing period belongs to an initial ("Ivanov V.I.") but not to a word.
    let cleaned =
        if cleaned.ends_with('.') && !INITIAL.is_match(cleaned.rsplit(' ').next().unwrap_or("")) {
            cleaned.trim_end_matches('.')
        } else {
            cleaned
        };
    Run {
        start,
        end: start + cleaned.len(),
        text: cleaned.to_string(),
        possessive,
    }
}

/// The editor's bracket applied: "Kim [Yen Nam]" is "Kim Yen Nam";
/// "Pak Seong-cheol [Pak Song Chol]" and "Feng Xi [Stalin]" are identified by
/// the bracket. Returns the name to look up; `[sic]` marks are dropped.
pub fn apply_bracket(name: &str) -> String {
    let name = drop_sic(name);
    let Some(open) = name.find('[') else {
        return squash(&name);
    };
    let close = name[open..].find(']').map_or(name.len(), |c| open + c);
    let before = name[..open].trim();
    let inside = name[open + 1..close].trim();
    let before_words: Vec<&str> = before.split_whitespace().collect();
    let inside_first = inside.split_whitespace().next().unwrap_or("");
    if inside.is_empty() {
        return squash(before);
    }
    if before_words.len() == 1 && !inside_first.eq_ignore_ascii_case(before_words[0]) {
        squash(&format!("{before} {inside}"))
    } else {
        squash(inside)
    }
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Splits a phrase such as "Minister of Foreign Affairs Pak Chol-su" or
/// "B. M. Morozov, Soviet Embassy interpreter" into office and name. The
/// name is the last run in the phrase; the office is what stands before it,
/// or else what follows it.
pub fn office_and_name(phrase: &str, lex: &Lexicon) -> Option<(Option<String>, Run)> {
    let runs = runs(phrase, lex);
    let run = runs.last()?.clone();
    let before = tidy_office(&phrase[..run.start], lex);
    let after = tidy_office(&phrase[run.end.min(phrase.len())..], lex);
    let office = before.or(after);
    Some((office, run))
}

/// An office phrase without honorifics, brackets and edge punctuation.
pub fn tidy_office(s: &str, lex: &Lexicon) -> Option<String> {
    let words: Vec<&str> = s
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| matches!(c, '[' | ']' | ',' | ';' | ':' | '.' | '(' | ')'))
        })
        .filter(|w| !w.is_empty() && !lex.is_honorific(w))
        .collect();
    let mut words = words.as_slice();
    while let [first, rest @ ..] = words {
        if [
            "and", "the", "of", "with", "by", "were", "was", "are", "is", "also",
        ]
        .contains(&first.to_lowercase().as_str())
        {
            words = rest;
        } else {
            break;
        }
    }
    while let [rest @ .., last] = words {
        if [
            "and", "of", "the", "were", "was", "present", "at", "who", "as",
        ]
        .contains(&last.to_lowercase().as_str())
        {
            words = rest;
        } else {
            break;
        }
    }
    let has_office = words
        .iter()
        .any(|w| lex.is_office_word(w) || w.chars().next().is_some_and(char::is_lowercase));
    (has_office && !words.is_empty()).then(|| words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex() -> Lexicon {
        Lexicon::from_words(
            &["Cde", "Comrade"],
            &[
                "Minister",
                "Foreign",
                "Affairs",
                "Chief",
                "International",
                "Department",
                "CC",
                "KWP",
                "PRC",
                "DPRK",
                "Ambassador",
                "Embassy",
                "Third",
                "Secretary",
                "Soviet",
                "Attaches",
                "Deputy",
                "Prime",
                "Presidium",
                "Member",
                "USSR",
                "MFA",
                "DVO",
                "Counsellor",
            ],
        )
    }

    fn texts(t: &str) -> Vec<String> {
        runs(t, &lex()).into_iter().map(|r| r.text).collect()
    }

    #[test]
    fn finds_runs() {
        let cases: &[(&str, &[&str])] = &[
            (
                "I met with Pak Geum-cheol in the KWP CC",
                &["Pak Geum-cheol"],
            ),
            (
                "I visited PRC Ambassador in the DPRK Qiao Xiaoguang at my own initiative.",
                &["Qiao Xiaoguang"],
            ),
            (
                "Attaches M. P. Kurbatsky and Wan Baoqing were present",
                &["M. P. Kurbatsky", "Wan Baoqing"],
            ),
            (
                "interpreted by Kim [Yen Nam], Deputy Chief",
                &["Kim [Yen Nam]"],
            ),
            ("with Cde. KIM IL SUNG", &["KIM IL SUNG"]),
            (
                "Embassy Third Secretary D. A. Priyemsky.",
                &["D. A. Priyemsky"],
            ),
            ("surname first: Ivanov V.I. said", &["Ivanov V.I."]),
            (
                "At Pak Geum-cheol's request I",
                &["Pak Geum-cheol", "I"][..1],
            ),
            ("Feng Xi [Stalin] replied", &["Feng Xi [Stalin]"]),
            (
                "Minister of Foreign Affairs Pak Geum-cheol [sic], Chief",
                &["Pak Geum-cheol"],
            ),
            (
                "COUNSELLOR OF THE USSR MFA DVO (B. VERESHCHAGIN)",
                &["B. VERESHCHAGIN"],
            ),
            (
                "Wiesław Gomułka and Čestmír Císař met",
                &["Wiesław Gomułka", "Čestmír Císař"],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(texts(text), *want, "{text}");
        }
    }

    #[test]
    fn brackets() {
        for (name, want) in [
            ("Kim [Yen Nam]", "Kim Yen Nam"),
            ("Pak Seong-cheol [Pak Song Chol]", "Pak Song Chol"),
            ("Feng Xi [Stalin]", "Stalin"),
            ("Pak Geum-cheol [sic]", "Pak Geum-cheol"),
            ("Kim Il Sung", "Kim Il Sung"),
        ] {
            assert_eq!(apply_bracket(name), want, "{name}");
        }
    }

    #[test]
    fn offices() {
        let l = lex();
        let (office, run) =
            office_and_name("Minister of Foreign Affairs Pak Geum-cheol [sic]", &l).unwrap();
        assert_eq!(office.as_deref(), Some("Minister of Foreign Affairs"));
        assert_eq!(run.text, "Pak Geum-cheol");
        let (office, run) =
            office_and_name("B. M. Morozov, Soviet Embassy interpreter", &l).unwrap();
        assert_eq!(office.as_deref(), Some("Soviet Embassy interpreter"));
        assert_eq!(run.text, "B. M. Morozov");
        let (office, run) = office_and_name("Cde. Nam Il", &l).unwrap();
        assert_eq!(office, None);
        assert_eq!(run.text, "Nam Il");
        let (office, _) = office_and_name("[Deputy Prime Minister] Kim Il", &l).unwrap();
        assert_eq!(office.as_deref(), Some("Deputy Prime Minister"));
    }
}

//! Meetings: who the author met, who else was present, who interpreted,
//! on whose initiative, where and for how long, from an entry's wording.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use regex::Regex;

use crate::grammar::names::{self, Run};
use crate::grammar::{date, duration, initiative, sentences};
use crate::model::{DateExpr, EntryBlock, MeetingDraft, NameMention, Role};
use crate::reference::Lexicon;

/// Openings after which the counterpart's name follows.
static AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        (?-u:\b)(?:I|we)\s+(?:had\s+)?(?:(?:also|again|then|once\s+more)\s+)?(?:met|spoke|talked|conversed|dined|lunched)\s+(?:again\s+)?with\s+
        | (?-u:\b)(?:I|we)\s+(?:had|held)\s+(?:an?\s+)?(?:\w+[\s-]+){0,2}?(?:conversation|talk|talks|meeting|discussion|audience|dinner|lunch)s?\s+with\s+
        | (?-u:\b)(?:I|we)\s+(?:(?:also|again|then)\s+)?(?:visited|received|called\s+on|invited|saw|went\s+to\s+see|paid\s+a\s+(?:\w+\s+)?visit\s+to)\s+
        | (?-u:\b)(?:I|we)\s+(?:was|were)\s+received\s+by\s+
        | (?-u:\b)(?:conversation|talk|talks|meeting|discussion)s?\s+(?:was\s+|were\s+)?(?:held\s+)?with\s+
        | (?-u:\b)(?:took\s+place|was\s+held)(?-u:\b)[^.]*?(?-u:\b)at\s+the\s+(?:request|invitation|initiative)\s+of\s+
        ",
    )
    .expect("opening regex")
});

/// Openings where the counterpart's name comes first: "X visited me",
/// "X, whom I had invited to dinner, visited the Embassy", "X received our delegation".
static BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)(?:,\s*(?:whom|who)\s+[^,]+,)?\s+(?:(?:also|again|then)\s+)?(?:visited|came\s+to|called\s+on|called\s+at|received|met)\s+(?:me|us|the\s+embassy|our\s+(?:\w+\s+)?(?:delegation|embassy|group|ambassador))(?-u:\b)",
    )
    .expect("reverse opening regex")
});

static PRESENT_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?ix)^(?:also\s+)?(?:present|in\s+attendance|participating)(?:\s+(?:at|during|in)\s+(?:the\s+)?(?:[\w-]+\s+){0,4}?(?:conversation|meeting|talk|talks|dinner|reception|lunch|discussion)s?)?\s+(?:was|were)\s*:?\s*(?P<list>.+)$|^(?:also\s+)?present\s*:\s*(?P<list2>.+)$")
        .expect("present regex")
});
static PRESENT_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?ix)^(?P<list>.+?)\s+(?:was|were)\s+(?:also\s+)?(?:present|in\s+attendance)(?-u:\b)(?P<rest>.*)$|^(?P<list2>.+?)\s+(?:also\s+)?(?:took|take)\s+part\s+in\s+the\s+(?:conversation|meeting|talk)s?(?-u:\b)(?P<rest2>.*)$")
        .expect("present-before regex")
});
/// "interpreted by X", "the interpreter was X", "X interpreted": tried in this order.
static INTERPRETED_BY: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        r"(?i)(?-u:\b)(?:interpreted|translated|interpreting\s+was\s+done|translation\s+was\s+done)\s+by\s+(?P<list>.+)$",
        r"(?i)(?-u:\b)the\s+interpreters?\s+(?:was|were)\s+(?P<list>.+)$",
        r"(?i)^(?P<list>.+?)\s+(?:interpreted|translated)(?-u:\b)",
    ]
    .iter()
    .map(|p| Regex::new(p).expect("interpreted regex"))
    .collect()
});
static INTERPRETS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?-u:\b)(?:interpret|translat)").expect("interprets regex"));
static INTERPRETER_OFFICE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:interpreter|translator)s?(?-u:\b)").expect("office regex")
});
/// Which regexes a sentence can match at all, by the literal words each
/// needs: one scan of the entry marks every sentence, and the opening and
/// attendance regexes (most of an entry's regex time, run sentence by
/// sentence) only see sentences holding one of their words. "took"/"take"
/// stand for "took part": "part" is in every "Party". (The regexes fold
/// case by Unicode, these words by ASCII; the Kelvin sign and the long s
/// are the only letters that differ, and the genre has neither.)
const OPENS_AFTER: u8 = 1;
const OPENS_BEFORE: u8 = 2;
const PRESENT_AFTER_WORD: u8 = 4;
const PRESENT_BEFORE_WORD: u8 = 8;
const INTERPRETED_WORD: u8 = 16;
const KEYWORDS: &[(&str, u8)] = &[
    // Every AFTER alternative needs one of these...
    ("with", OPENS_AFTER),
    ("saw", OPENS_AFTER),
    ("went", OPENS_AFTER),
    ("paid", OPENS_AFTER),
    ("request", OPENS_AFTER),
    ("initiative", OPENS_AFTER),
    ("invit", OPENS_AFTER),
    // ...and BEFORE these, which AFTER's "I visited"/"I received" share.
    ("visit", OPENS_AFTER | OPENS_BEFORE),
    ("receiv", OPENS_AFTER | OPENS_BEFORE),
    ("call", OPENS_AFTER | OPENS_BEFORE),
    ("came", OPENS_BEFORE),
    ("met", OPENS_BEFORE),
    // PRESENT_AFTER, PRESENT_BEFORE and INTERPRETED_BY.
    ("present", PRESENT_AFTER_WORD | PRESENT_BEFORE_WORD),
    ("attendance", PRESENT_AFTER_WORD | PRESENT_BEFORE_WORD),
    ("participating", PRESENT_AFTER_WORD),
    ("took", PRESENT_BEFORE_WORD),
    ("take", PRESENT_BEFORE_WORD),
    ("interpret", INTERPRETED_WORD),
    ("translat", INTERPRETED_WORD),
];

static KEYWORD_SCAN: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(KEYWORDS.iter().map(|k| k.0))
        .expect("keywords")
});

/// `search` run only when a sentence's `groups` hold the words of `group`:
/// without them its regex cannot match, so skipping it changes nothing.
fn when_worded<T>(groups: u8, group: u8, search: impl FnOnce() -> Option<T>) -> Option<T> {
    if groups & group != 0 { search() } else { None }
}

/// For each sentence, the regex groups whose words it holds.
fn sentence_groups(text: &str, sents: &[(usize, usize)]) -> Vec<u8> {
    let mut groups = vec![0u8; sents.len()];
    // A word a regex uses stands between spaces or marks, and no keyword
    // holds another, so the plain scan (which skips overlaps) misses none.
    // (A walk over word starts with a table of first letters was slower:
    // its branches at every word boundary mispredict.)
    let mut k = 0;
    for m in KEYWORD_SCAN.find_iter(text) {
        while k < sents.len() && sents[k].1 <= m.start() {
            k += 1;
        }
        if k == sents.len() {
            break;
        }
        if sents[k].0 <= m.start() {
            groups[k] |= KEYWORDS[m.pattern().as_usize()].1;
        }
    }
    groups
}

static LOCATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:,\s*)?(?:in|at)\s+(?:the\s+)?(?P<loc>[A-Z][\w'’-]*(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w'’-]*){0,5})").expect("location regex")
});

/// What a header line such as "Note about a conversation with Deputy
/// Minister Cde. Ri Dong-geon, on 16 December 1959" says of the meeting.
#[derive(Debug, Clone, Default)]
pub struct Subject {
    pub people: Vec<NameMention>,
    pub date: Option<DateExpr>,
}

static SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:conversation|talk|talks|meeting)s?\s+(?:held\s+)?(?:between\s+.+?\s+and|with)\s+(?P<who>.+)$")
        .expect("subject regex")
});

/// The counterpart and date a header or title names.
pub fn subject(lines: &[&str], lex: &Lexicon) -> Option<Subject> {
    lines.iter().find_map(|line| {
        let c = SUBJECT.captures(line)?;
        let who = &c["who"];
        let date = date::first_date(who);
        let cut = who.find(" on ").map_or(who, |i| &who[..i]);
        let (office, run) = people_in_list(cut, lex).into_iter().next()?;
        Some(Subject {
            people: vec![mention(&run, office, Role::Counterpart)],
            date,
        })
    })
}

/// Splits a list of people ("A, Deputy Chief of X, and B, interpreter") into
/// (office, run) pairs; a piece with no name is the office of the one before.
pub fn people_in_list(list: &str, lex: &Lexicon) -> Vec<(Option<String>, Run)> {
    let mut out: Vec<(Option<String>, Run)> = Vec::new();
    for piece in list.split([',', ';']) {
        let piece = piece.trim();
        let piece = piece.strip_prefix("and ").unwrap_or(piece).trim();
        if piece.is_empty() {
            continue;
        }
        // "A and B" inside one piece: two people when both sides hold a name.
        let parts: Vec<&str> = piece.split(" and ").collect();
        let all_named = parts.len() > 1 && parts.iter().all(|p| !names::runs(p, lex).is_empty());
        let parts = if all_named { parts } else { vec![piece] };
        for part in parts {
            match names::office_and_name(part, lex) {
                Some((office, run)) => out.push((office, run)),
                None => {
                    if let (Some(last), Some(office)) =
                        (out.last_mut(), names::tidy_office(part, lex))
                        && last.0.is_none()
                    {
                        last.0 = Some(office);
                    }
                }
            }
        }
    }
    out
}

fn mention(run: &Run, office: Option<String>, role: Role) -> NameMention {
    NameMention {
        as_written: crate::grammar::marks::drop_sic(&run.text),
        lookup: names::apply_bracket(&run.text),
        office,
        role,
    }
}

/// Whether a stretch between two names holds only connectors, forms of
/// address and office words ("and", ", Minister of Foreign Affairs").
fn only_offices(gap: &str, lex: &Lexicon) -> bool {
    gap.split_whitespace().all(|w| {
        let w = w.trim_matches(|c: char| matches!(c, ',' | ';' | '[' | ']'));
        w.is_empty()
            || ["and", "the", "of", "for", "in"].contains(&w)
            || lex.is_honorific(w)
            || lex.is_office_word(w)
            || (w.len() > 1 && w.chars().all(|c| c.is_uppercase()))
    })
}

fn without_honorifics(text: &str, lex: &Lexicon) -> String {
    text.split_whitespace()
        .filter(|w| !lex.is_honorific(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The counterparts named in an opening sentence, and the text after them.
/// `groups` says which openings the sentence has the words for.
fn counterparts(sentence: &str, groups: u8, lex: &Lexicon) -> (Vec<NameMention>, Option<String>) {
    let mut people = Vec::new();
    let mut location = None;
    if let Some(m) = when_worded(groups, OPENS_AFTER, || AFTER.find(sentence)) {
        let rest = &sentence[m.end()..];
        let runs = names::runs(rest, lex);
        let mut prev_end = 0;
        for (k, run) in runs.iter().enumerate() {
            let gap = &rest[prev_end..run.start];
            if k > 0 {
                // Another counterpart only when joined by "and" or a comma and offices.
                let joined =
                    gap.trim_start().starts_with(',') || gap.trim_start().starts_with("and ");
                if !(joined && only_offices(gap, lex)) {
                    break;
                }
            } else if without_honorifics(gap, lex).contains(['.', ';'])
                || gap.split_whitespace().count() > 10
            {
                break;
            }
            let office = names::tidy_office(gap, lex);
            people.push(mention(run, office, Role::Counterpart));
            prev_end = run.end;
            if run.possessive {
                break;
            }
        }
        if !people.is_empty() {
            location = LOCATION
                .captures(&rest[prev_end..])
                .map(|c| c["loc"].to_string());
        }
    } else if let Some(m) = when_worded(groups, OPENS_BEFORE, || BEFORE.find(sentence)) {
        let head = &sentence[..m.start()];
        if let Some((office, run)) = names::office_and_name(head, lex) {
            people.push(mention(&run, office, Role::Counterpart));
        }
    }
    (people, location)
}

/// The date an entry is about: its date line, or the first date of its
/// opening sentence.
fn entry_date(entry: &EntryBlock, opening: &str) -> Option<DateExpr> {
    if let Some(l) = &entry.date_line
        && let Some(d) = date::whole_line_date(&l.text)
    {
        return Some(d);
    }
    date::first_date(opening)
}

/// Extracts one meeting from an entry.
pub fn extract_meeting(
    entry: &EntryBlock,
    lex: &Lexicon,
    subject: Option<&Subject>,
) -> MeetingDraft {
    let text = entry.text();
    let sents: Vec<(usize, usize)> = sentences::split(&text);
    let groups = sentence_groups(&text, &sents);
    let mut people: Vec<NameMention> = Vec::new();
    let mut opening = String::new();
    let mut location = None;
    // The opening: the first sentence that names a counterpart; a report
    // may come to its conversation after paragraphs of background.
    for (&(s, e), &g) in sents.iter().zip(&groups) {
        let (found, loc) = counterparts(&text[s..e], g, lex);
        if !found.is_empty() {
            opening = text[s..e].to_string();
            people.extend(found);
            location = loc;
            break;
        }
    }
    if opening.is_empty() {
        opening = sents
            .first()
            .map(|&(s, e)| text[s..e].to_string())
            .unwrap_or_default();
        // The header's "Note about a conversation with X" names the counterpart.
        if let Some(subject) = subject {
            people.extend(subject.people.iter().cloned());
        }
    }
    for (&(s, e), &g) in sents.iter().zip(&groups) {
        if g & (PRESENT_AFTER_WORD | PRESENT_BEFORE_WORD | INTERPRETED_WORD) == 0 {
            continue;
        }
        let sentence = text[s..e].trim_end_matches('.');
        let sentence = sentence.trim();
        // Skipping a regex that cannot match keeps the order of preference.
        if let Some(c) = when_worded(g, PRESENT_AFTER_WORD, || PRESENT_AFTER.captures(sentence)) {
            let list = c
                .name("list")
                .or(c.name("list2"))
                .map_or("", |m| m.as_str());
            add_present(&mut people, list, false, lex);
        } else if let Some(c) =
            when_worded(g, PRESENT_BEFORE_WORD, || PRESENT_BEFORE.captures(sentence))
        {
            let list = c
                .name("list")
                .or(c.name("list2"))
                .map_or("", |m| m.as_str());
            let rest = c
                .name("rest")
                .or(c.name("rest2"))
                .map_or("", |m| m.as_str());
            add_present(&mut people, list, INTERPRETS.is_match(rest), lex);
        } else if let Some(c) = when_worded(g, INTERPRETED_WORD, || {
            INTERPRETED_BY.iter().find_map(|re| re.captures(sentence))
        }) {
            for (office, run) in people_in_list(&c["list"], lex) {
                people.push(mention(&run, office, Role::Interpreter));
            }
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    people.retain(|p| seen.insert((p.lookup.to_lowercase(), p.role)));
    let (span_start, span_end) = entry.span();
    MeetingDraft {
        date: entry_date(entry, &opening).or_else(|| subject.and_then(|s| s.date.clone())),
        initiative: initiative::find_initiative(&opening),
        location,
        duration: duration::find_duration(&text),
        span: (span_start, span_end),
        people,
        text_lines: entry
            .lines
            .iter()
            .map(|l| (l.start, l.text.clone()))
            .collect(),
    }
}

fn add_present(people: &mut Vec<NameMention>, list: &str, all_interpret: bool, lex: &Lexicon) {
    for (office, run) in people_in_list(list, lex) {
        let interprets = all_interpret
            || office
                .as_deref()
                .is_some_and(|o| INTERPRETER_OFFICE.is_match(o));
        people.push(mention(&run, office.clone(), Role::Present));
        if interprets {
            people.push(mention(&run, office, Role::Interpreter));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Line;

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
                "Presidium",
                "Member",
                "Moscow's",
            ],
        )
    }

    fn entry(text: &str) -> EntryBlock {
        EntryBlock {
            date_line: None,
            lines: vec![Line {
                start: 0,
                end: text.len(),
                text: text.into(),
            }],
        }
    }

    fn roles(m: &MeetingDraft, role: Role) -> Vec<String> {
        m.people
            .iter()
            .filter(|p| p.role == role)
            .map(|p| p.lookup.clone())
            .collect()
    }

    #[test]
    fn openings() {
        let cases: &[(&str, &[&str], Option<&str>)] = &[
            (
                "I met with Pak Geum-cheol in the KWP CC on the basis of a preliminary agreement.",
                &["Pak Geum-cheol"],
                Some("KWP CC"),
            ),
            (
                "I visited PRC Ambassador in the DPRK Qiao Xiaoguang at my own initiative.",
                &["Qiao Xiaoguang"],
                None,
            ),
            (
                "I visited Kim Il Sung in accordance with Moscow's instructions.",
                &["Kim Il Sung"],
                None,
            ),
            (
                "On 12 September [sic; November] 1957 a conversation was held with Cde. Kim Il Sung in which he told of a meeting with Cde. Mao Zedong.",
                &["Kim Il Sung"],
                None,
            ),
            (
                "I received Ri Dong-geon at his request at 1700.",
                &["Ri Dong-geon"],
                None,
            ),
            (
                "I was received by Kim Il Sung at my request.",
                &["Kim Il Sung"],
                None,
            ),
            (
                "The conversation with Cde. Nam Il was held at our initiative.",
                &["Nam Il"],
                None,
            ),
            (
                "Pak Seong-cheol, whom I had invited to dinner, visited the Embassy.",
                &["Pak Seong-cheol"],
                None,
            ),
            (
                "Comrade Kim Il Sung received our delegation in his office.",
                &["Kim Il Sung"],
                None,
            ),
            (
                "I visited Kim Il Sung and Nam Il at the Presidium.",
                &["Kim Il Sung", "Nam Il"],
                Some("Presidium"),
            ),
        ];
        for (text, want, loc) in cases {
            let m = extract_meeting(&entry(text), &lex(), None);
            assert_eq!(roles(&m, Role::Counterpart), *want, "{text}");
            assert_eq!(m.location.as_deref(), *loc, "{text}");
        }
    }

    #[test]
    fn sentences_are_marked_by_the_words_their_regexes_need() {
        let text = "We Visited him. The weather was fine. Present were Kim and Pak. \
                    X interpreted; they TOOK part. Representatives came.";
        let sents = sentences::split(text);
        let groups = sentence_groups(text, &sents);
        assert_eq!(
            groups,
            [
                OPENS_AFTER | OPENS_BEFORE,
                0,
                PRESENT_AFTER_WORD | PRESENT_BEFORE_WORD,
                INTERPRETED_WORD | PRESENT_BEFORE_WORD,
                // "present" inside a word marks a sentence in vain, which
                // costs a regex run and changes nothing.
                PRESENT_AFTER_WORD | PRESENT_BEFORE_WORD | OPENS_BEFORE,
            ]
        );
    }

    #[test]
    fn present_and_interpreters() {
        let m = extract_meeting(
            &entry(
                "I visited Kim Il Sung. Present at the meeting and conversation were: Minister of Foreign Affairs Pak Geum-cheol [sic], Chief of the CC International Department Pak Yong-guk; interpreter Choe Won-sik, and Embassy Third Secretary D. A. Priyemsky.",
            ),
            &lex(),
            None,
        );
        assert_eq!(
            roles(&m, Role::Present),
            [
                "Pak Geum-cheol",
                "Pak Yong-guk",
                "Choe Won-sik",
                "D. A. Priyemsky"
            ]
        );
        assert_eq!(roles(&m, Role::Interpreter), ["Choe Won-sik"]);
        let p = m
            .people
            .iter()
            .find(|p| p.lookup == "Pak Geum-cheol")
            .unwrap();
        assert_eq!(p.office.as_deref(), Some("Minister of Foreign Affairs"));

        let m = extract_meeting(
            &entry(
                "I visited X Y. Attaches M. P. Kurbatsky and Wan Baoqing were present at the conversation and interpreted.",
            ),
            &lex(),
            None,
        );
        assert_eq!(roles(&m, Role::Present), ["M. P. Kurbatsky", "Wan Baoqing"]);
        assert_eq!(
            roles(&m, Role::Interpreter),
            ["M. P. Kurbatsky", "Wan Baoqing"]
        );

        let m = extract_meeting(
            &entry(
                "I visited X Y. The conversation was interpreted by Kim [Yen Nam], Deputy Chief of the KWP CC International Department, and B. M. Morozov, Soviet Embassy interpreter.",
            ),
            &lex(),
            None,
        );
        assert_eq!(
            roles(&m, Role::Interpreter),
            ["Kim Yen Nam", "B. M. Morozov"]
        );
        assert!(roles(&m, Role::Present).is_empty());

        let m = extract_meeting(
            &entry(
                "I visited Cde. Kim Il Sung. Cde. Nam Il, KWP CC Presidium member and Minister of Foreign Affairs, was present at the conversation and translated when necessary. The conversation lasted more than two hours.",
            ),
            &lex(),
            None,
        );
        assert_eq!(roles(&m, Role::Present), ["Nam Il"]);
        assert_eq!(roles(&m, Role::Interpreter), ["Nam Il"]);
        assert_eq!(m.duration, Some((120, "at_least")));
        let p = m.people.iter().find(|p| p.role == Role::Present).unwrap();
        assert_eq!(
            p.office.as_deref(),
            Some("KWP CC Presidium member and Minister of Foreign Affairs")
        );
    }
}

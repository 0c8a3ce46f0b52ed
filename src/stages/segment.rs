//! Segment: split a cleaned document into its header block, its dated
//! entries and its closing block (signature, copy list, outgoing number).

use std::sync::LazyLock;

use regex::Regex;

use crate::grammar::{copy_list, date};
use crate::model::{CleanDocument, EntryBlock, Line, SegmentedDocument};

static SIGNATURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\[signature\]|\[signed\]|^\(?\s*(?:[A-ZÀ-Ž]\.\s*){1,3}[A-ZÀ-Ž][A-ZÀ-Ža-zà-ž'-]+\s*\)?$|^\(.{3,40}\)$").expect("signature regex")
});
/// Header lines that read like sentences but open no entry.
static HEADER_PHRASE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:distributed\s+with\s+the\s+consent|subject\s*:|re\s*:|about\s+(?:a|the)\s+conversation|note\s+(?:about|on)|record\s+of|memorandum\s+(?:of|on)|on\s+the\s+(?:\w+\s+){0,3}(?:congress|plenum|visit|situation)(?-u:\b)[^.]*$)")
        .expect("header phrase regex")
});

static LEADING_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?P<d>[^.:—–]{4,40}?)\s*(?:\.|:|—|–|\s-)\s+\S").expect("leading date regex")
});

/// Whether a digit comes within the first 40 characters after leading
/// space: where [`LEADING_DATE`]'s date must be, and no date is without one.
/// Most lines have none, and are spared the regex.
fn leading_digit(text: &str) -> bool {
    text.trim_start()
        .chars()
        .take(40)
        .any(|c| c.is_ascii_digit())
}

/// A line of running prose: long enough and written in sentences.
pub fn is_prose(text: &str) -> bool {
    // Prose carries function words; title-case lists of offices do not.
    let (mut words, mut lower) = (0, 0);
    for w in text.split_whitespace() {
        words += 1;
        lower += usize::from(w.chars().next().is_some_and(char::is_lowercase));
    }
    words >= 7 && lower >= 3 && lower * 10 >= words * 3
}

/// A line that can open an entry: prose that starts like a sentence, not a
/// stamp or a header fragment ("from the journal [handwritten ...").
pub fn opens_entry(text: &str) -> bool {
    let t = text.trim();
    if HEADER_PHRASE.is_match(t) {
        return false;
    }
    let first = t.chars().find(|c| c.is_alphanumeric());
    is_prose(t)
        && first.is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        && (t.contains(['.', '!', '?', ':', ';']) || t.len() > 80)
        && t.matches('[').count() <= t.matches(']').count()
}

/// A line that belongs to a closing block.
pub fn is_closing_like(text: &str) -> bool {
    let t = text.trim();
    if t.is_empty() {
        return true;
    }
    let (mut letters, mut upper) = (0, 0);
    for c in t.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        upper += usize::from(c.is_uppercase());
    }
    let all_caps = letters >= 2 && upper == letters;
    all_caps
        || SIGNATURE.is_match(t)
        || date::whole_line_date(t).is_some()
        || copy_list::copies_printed(t).is_some()
        || copy_list::outgoing(t).is_some()
        || copy_list::is_typist_mark(t)
        || copy_list::copy_line(t).is_some()
        || copy_list::is_list_heading(t)
        || (!t.ends_with('.') && t.split_whitespace().count() <= 8 && !is_prose(t))
        // Signature lines: "chargé d'affaires a.i.", "Counsellor".
        || (t.split_whitespace().count() <= 3 && !t.ends_with('?'))
}

/// Splits a document into header, entries and closing.
pub fn segment(clean: CleanDocument) -> SegmentedDocument {
    // The body lines move into header, entries and closing; nothing reads
    // them from the clean document afterwards, so they are not copied.
    let mut clean = clean;
    let lines: Vec<Line> = std::mem::take(&mut clean.lines)
        .into_iter()
        .filter(|l| !l.is_blank())
        .collect();
    let n = lines.len();

    // The closing block, found from the end: a trailing paragraph after it
    // is the archive's summary, not the author's text.
    let mut end = n;
    let mut trailing_summary = None;
    if n >= 2
        && is_prose(&lines[n - 1].text)
        && is_closing_like(&lines[n - 2].text)
        && !is_prose(&lines[n - 2].text)
    {
        trailing_summary = Some(lines[n - 1].text.clone());
        end = n - 1;
    }
    let mut closing_start = end;
    while closing_start > 0
        && is_closing_like(&lines[closing_start - 1].text)
        && !is_prose(&lines[closing_start - 1].text)
    {
        closing_start -= 1;
    }
    // A closing needs a real marker, not only short lines.
    let has_marker = lines[closing_start..end].iter().any(|l| {
        let t = l.text.trim();
        SIGNATURE.is_match(t)
            || copy_list::copies_printed(t).is_some()
            || copy_list::outgoing(t).is_some()
            || copy_list::copy_line(t).is_some()
            || copy_list::is_list_heading(t)
    });
    if !has_marker {
        // No closing, so no archive summary after it either: the last line is text.
        end = n;
        closing_start = n;
        trailing_summary = None;
    }
    // Do not let the closing swallow a journal's entry date lines.
    let body = &lines[..closing_start
        .max(first_prose(&lines).map_or(0, |p| p + 1))
        .min(n)];
    let closing_start = body.len();

    // Entry openings: a date alone on its line followed by prose, not after an outgoing number.
    let mut starts: Vec<(usize, bool)> = (0..body.len())
        .filter(|&i| {
            date::whole_line_date(&body[i].text).is_some_and(|d| d.day.is_some())
                && body.get(i + 1).is_some_and(|l| opens_entry(&l.text))
                && !(i > 0 && copy_list::outgoing(&body[i - 1].text).is_some())
        })
        .map(|i| (i, true))
        .collect();
    if starts.is_empty() {
        // Entries that open with a date in their first words: "7 June. I visited ...".
        starts = (0..body.len())
            .filter(|&i| {
                leading_digit(&body[i].text)
                    && LEADING_DATE
                        .captures(&body[i].text)
                        .and_then(|c| date::whole_line_date(&c["d"]))
                        .is_some_and(|d| d.day.is_some())
                    && is_prose(&body[i].text)
            })
            .map(|i| (i, false))
            .collect();
        if starts.len() < 2 {
            starts.clear();
        }
    }
    if starts.is_empty()
        && let Some(p) = first_prose(body)
    {
        starts.push((p, false));
    }
    let header_end = starts.first().map_or(body.len(), |s| s.0);
    let mut entries = Vec::new();
    for (k, &(s, own_line)) in starts.iter().enumerate() {
        let stop = starts.get(k + 1).map_or(body.len(), |t| t.0);
        let (date_line, from) = if own_line {
            (Some(body[s].clone()), s + 1)
        } else {
            (None, s)
        };
        entries.push(EntryBlock {
            date_line,
            lines: body[from..stop].to_vec(),
        });
    }
    if let Some(summary) = trailing_summary
        && clean.page.summary.is_none()
    {
        clean.page.summary = Some(summary);
    }
    SegmentedDocument {
        header: lines[..header_end].to_vec(),
        entries,
        closing: lines[closing_start.min(end)..end].to_vec(),
        clean,
    }
}

fn first_prose(lines: &[Line]) -> Option<usize> {
    lines.iter().position(|l| opens_entry(&l.text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DocId, PageMeta};

    fn doc(text: &str) -> CleanDocument {
        let mut pos = 0;
        let lines = text
            .split('\n')
            .map(|l| {
                let line = Line {
                    start: pos,
                    end: pos + l.len(),
                    text: l.to_string(),
                };
                pos += l.len() + 1;
                line
            })
            .collect();
        CleanDocument {
            id: DocId {
                doc_id: "t".into(),
                source_file: "t.txt".into(),
            },
            sha256: String::new(),
            bytes: 0,
            page: PageMeta::default(),
            lines,
            warnings: vec![],
            truncated: None,
        }
    }

    #[test]
    fn a_leading_date_needs_a_digit_in_the_first_forty_characters() {
        for (line, expected) in [
            ("7 June. I visited the Minister.", true),
            ("  \u{a0}On 7 June I visited the Minister.", true),
            ("Seventh of June. I visited the Minister.", false),
            (&format!("{}7 June", "x".repeat(39)), true),
            (&format!("{}7 June", "ж".repeat(40)), false),
        ] {
            assert_eq!(leading_digit(line), expected, "{line}");
        }
    }

    #[test]
    fn prose_and_closing_lines() {
        for (line, prose, closing) in [
            (
                "I met the Minister of Foreign Affairs at noon today.",
                true,
                false,
            ),
            ("Minister Of Foreign Affairs Of The DPRK Today", false, true),
            ("The Minister Of Foreign Affairs Of DPRK", false, true),
            ("the minister was there", false, true),
            ("TOP SECRET", false, true),
            ("  ", false, true),
            (
                "Sent to the Foreign Ministry of the USSR, first copy.",
                true,
                false,
            ),
        ] {
            assert_eq!(is_prose(line), prose, "{line}");
            assert_eq!(is_closing_like(line), closing, "{line}");
        }
    }

    #[test]
    fn journal_with_two_entries_and_closing() {
        let s = segment(doc(
            "EMBASSY TOP SECRET Copy Nº 1\nJOURNAL for the period 1 through 9 June 1958\n\n3 June 1958\n\nI visited the Minister at my request and we talked about many things.\n\n7 June\n\nI received the Counsellor at his request and he told me the news of the week.\n\nAMBASSADOR [signature] (I. PETROV)\n\nThree copies printed\n1 - Cde. Gromyko\n2 - to file\nNº 45\n10 June 1958\n\nThe ambassador reports two talks with officials of the ministry in June.",
        ));
        assert_eq!(s.header.len(), 2);
        assert_eq!(s.entries.len(), 2);
        assert_eq!(s.entries[1].date_line.as_ref().unwrap().text, "7 June");
        assert_eq!(
            s.closing.first().unwrap().text,
            "AMBASSADOR [signature] (I. PETROV)"
        );
        assert_eq!(s.closing.last().unwrap().text, "10 June 1958");
        assert!(
            s.clean
                .page
                .summary
                .as_deref()
                .unwrap()
                .starts_with("The ambassador reports")
        );
    }

    #[test]
    fn record_without_date_lines() {
        let s = segment(doc(
            "RECORD OF A CONVERSATION\nwith Cde. X\nOn 12 May 1957 a conversation was held with Cde. X about many matters of the day.\nHe said more things about the plan and the harvest.",
        ));
        assert_eq!(s.header.len(), 2);
        assert_eq!(s.entries.len(), 1);
        assert!(s.entries[0].date_line.is_none());
        assert!(s.closing.is_empty());
    }

    #[test]
    fn regression_date_then_one_sentence_does_not_panic() {
        // Found by proptest: the only prose line was first taken for a trailing summary.
        let s = segment(doc(
            "30 July 1960\nI met him and we talked about many things today.",
        ));
        assert_eq!(s.entries.len(), 1);
        assert!(s.closing.is_empty());
    }

    #[test]
    fn regression_last_entry_is_not_taken_for_a_summary() {
        // Without a closing block, prose after a date line is an entry, not the archive's summary.
        let s = segment(doc(
            "3 June 1958\nI visited the Minister at my request and we talked about the plan.\n7 June 1958\nI received the Counsellor at his request and he spoke of the plan once more.",
        ));
        assert_eq!(s.entries.len(), 2);
        assert_eq!(s.clean.page.summary, None);
    }

    #[test]
    fn entries_opening_with_a_date() {
        let s = segment(doc(
            "7 June. I visited the Minister at my request and we talked about trade.\n9 June. I received the Counsellor at his request, who told me about the harvest.",
        ));
        assert_eq!(s.entries.len(), 2);
    }
}

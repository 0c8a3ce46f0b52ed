//! Clean: strip the archive web page's chrome (navigation, citation and share
//! widgets, footers, markdown) and keep what the page says about the
//! document as metadata. Body lines keep their byte offsets in the source.

use std::sync::LazyLock;

use regex::Regex;

use crate::grammar::date;
use crate::model::{CleanDocument, Line, PageMeta, RawDocument};

/// Lines that are page furniture, never document text.
static CHROME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?ix)^(?:
        skip\s+to\s+(?:main\s+)?content | search\s+in | search | menu | digital\s+archive(?:\s+international\s+history\s+declassified)?
        | international\s+history\s+declassified | this\s+document\s+was\s+made\s+possible\s+with\s+support\s+from.*
        | get\s+citation | share\s+document | share | print | download | english\s+html | english\s+pdf | english | html | pdf
        | contents: | translation\s*-\s*english | original\s+scan | transcript | credits: | related\s+documents? | print\s+document
        | download\s+pdf | view\s+full\s+record | back\s+to\s+top | \[\s*\.\.\.\s*\] | \[…\]
    )$").expect("chrome regex")
});

/// Headings after which a paragraph of metadata follows.
static META_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(citation|summary|original\s+language|credits|contents|document\s+information)\s*:?$").expect("meta regex")
});

/// Keys of the archive's "Document Information" footer.
const FOOTER_KEYS: &[&str] = &[
    "source",
    "rights",
    "original uploaded date",
    "type",
    "language",
    "record id",
    "donors",
    "original archive",
    "original classification",
    "subjects discussed",
    "people",
    "theme",
    "document information",
    "citation",
    "keywords",
    "geographic subjects",
    "associated people & organizations",
    "associated places",
    "associated topics",
    "translated by",
    "collection",
    "donor",
    "date",
];

fn split_lines(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut pos = 0;
    for piece in text.split_inclusive('\n') {
        out.push((pos, piece.trim_end_matches(['\n', '\r'])));
        pos += piece.len();
    }
    out
}

/// Removes markdown emphasis, bullets and hard breaks; returns the kept text
/// and how many leading bytes were dropped.
fn demarkdown(line: &str) -> (usize, String) {
    let mut s = line;
    let lead_ws = s.len() - s.trim_start().len();
    s = s.trim_start();
    let mut skipped = lead_ws;
    // Only a line opening with one of the markers' first bytes can have one.
    let marked = s
        .bytes()
        .next()
        .is_some_and(|b| matches!(b, b'#' | b'>' | b'*' | b'-' | b'+' | 0xE2));
    if marked {
        loop {
            let before = s.len();
            for prefix in [
                "#### ", "### ", "## ", "# ", "> ", "• ", "* ", "- ", "– ", "+ ",
            ] {
                if let Some(rest) = s.strip_prefix(prefix) {
                    // "- 2 - Cde. X" loses its bullet; a lone "-" dash line stays.
                    s = rest.trim_start();
                }
            }
            skipped += before - s.len();
            if s.len() == before {
                break;
            }
        }
    }
    // Most lines have none of these: four replacements each was a third of
    // cleaning.
    let tidy = |t: &str| {
        t.trim_end()
            .trim_start_matches('<')
            .trim_end_matches('>')
            .to_string()
    };
    // A line without them is trimmed in place and copied once.
    let text = if s.contains(['*', '_', '\u{a0}', '\u{feff}']) {
        tidy(
            &s.replace("**", "")
                .replace("__", "")
                .replace('\u{a0}', " ")
                .replace('\u{feff}', ""),
        )
    } else {
        tidy(s)
    };
    (skipped, text)
}

/// A line as a footer heading: trimmed, without its colon.
fn footer_key(line: &str) -> &str {
    line.trim().trim_end_matches(':').trim()
}

fn norm_key(line: &str) -> String {
    footer_key(line).to_lowercase()
}

/// The footer's fields, keyed by lower-case heading.
fn parse_footer(lines: &[(usize, String)]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for (_, l) in lines {
        let t = l.trim();
        if t.is_empty() {
            continue;
        }
        let key = norm_key(t);
        if FOOTER_KEYS.contains(&key.as_str()) {
            out.push((key, String::new()));
        } else if let Some((k, v)) = t
            .split_once(':')
            .filter(|(k, _)| FOOTER_KEYS.contains(&norm_key(k).as_str()))
        {
            out.push((norm_key(k), v.trim().to_string()));
        } else if let Some(last) = out.last_mut() {
            if !last.1.is_empty() {
                last.1.push(' ');
            }
            last.1.push_str(t);
        }
    }
    out
}

/// Cleans one document.
pub fn clean(raw: RawDocument) -> CleanDocument {
    let mut page = PageMeta::default();
    let mut warnings: Vec<String> = raw.decode_note.iter().cloned().collect();
    let lines: Vec<(usize, String)> = split_lines(&raw.text)
        .into_iter()
        .map(|(off, l)| {
            let (skip, t) = demarkdown(l);
            (raw.text_offset + off + skip, t)
        })
        .collect();

    // The footer starts at "Document Information" (or at its first known key
    // standing alone near the end, as truncated exports have it).
    let footer_at = lines
        .iter()
        .position(|(_, l)| footer_key(l).eq_ignore_ascii_case("document information"))
        .unwrap_or(lines.len());
    for (k, v) in parse_footer(&lines[footer_at..]) {
        let v = Some(v).filter(|v| !v.is_empty());
        match k.as_str() {
            "source" => page.source = v,
            "record id" => page.record_id = v,
            "type" => page.doc_type = v,
            "language" => page.original_language = page.original_language.take().or(v),
            "original classification" => page.original_classification = v,
            _ => {}
        }
    }
    let body = &lines[..footer_at];

    // The top of the page: metadata headings and widgets before the text.
    let mut keep = vec![true; body.len()];
    let mut i = 0;
    let mut seen_chrome = false;
    while i < body.len() {
        let t = body[i].1.trim();
        if CHROME.is_match(t) || t == "Citation" {
            keep[i] = false;
            seen_chrome = true;
            // The citation widget: a summary paragraph and the quoted citation.
            if t.eq_ignore_ascii_case("get citation") {
                let mut j = i + 1;
                while j < body.len() && !CHROME.is_match(body[j].1.trim()) && j < i + 12 {
                    let l = body[j].1.trim();
                    if l.starts_with('"') || l.starts_with('“') {
                        page.citation.get_or_insert_with(|| l.to_string());
                    } else if !l.is_empty() {
                        page.summary.get_or_insert_with(|| l.to_string());
                    }
                    keep[j] = false;
                    j += 1;
                }
                i = j;
                continue;
            }
            i += 1;
            continue;
        }
        if let Some(c) = META_HEADING.captures(t) {
            seen_chrome = true;
            keep[i] = false;
            let heading = c[1].to_lowercase();
            // The value: the rest of the paragraph (and for a citation, a URL line).
            let mut j = i + 1;
            while j < body.len() && body[j].1.trim().is_empty() {
                j += 1;
            }
            let mut value: Vec<String> = Vec::new();
            while j < body.len() && !body[j].1.trim().is_empty() {
                value.push(body[j].1.trim().to_string());
                keep[j] = false;
                j += 1;
            }
            if heading == "citation" {
                // The source address may follow after a blank line.
                let mut k = j;
                while k < body.len() && body[k].1.trim().is_empty() {
                    k += 1;
                }
                if k < body.len() && body[k].1.trim().starts_with("http") {
                    value.push(body[k].1.trim().to_string());
                    keep[k] = false;
                    j = k + 1;
                }
            }
            let v = value.join(" ");
            let v = Some(v).filter(|v| !v.is_empty());
            match heading.as_str() {
                "citation" => page.citation = v.or(page.citation.take()),
                "summary" => page.summary = v.or(page.summary.take()),
                "original language" => page.original_language = v,
                _ => {}
            }
            i = j;
            continue;
        }
        i += 1;
    }

    // The headline date and title: the first lines of a web page.
    if seen_chrome || first_line_is_american_date(body) {
        let firsts: Vec<usize> = (0..body.len())
            .filter(|&k| keep[k] && !body[k].1.trim().is_empty())
            .take(3)
            .collect();
        if let Some(&d) = firsts.first()
            && let Some(expr) = date::whole_line_date(&body[d].1).filter(|e| e.year.is_some())
        {
            page.headline_date = Some(expr.as_written);
            keep[d] = false;
            // The title: the lines right after it, up to a blank line.
            let mut k = d + 1;
            while k < body.len() && body[k].1.trim().is_empty() {
                k += 1;
            }
            let mut title = Vec::new();
            while k < body.len()
                && keep[k]
                && !body[k].1.trim().is_empty()
                && looks_like_title(&body[k].1)
            {
                title.push(body[k].1.trim().to_string());
                keep[k] = false;
                k += 1;
            }
            if !title.is_empty() {
                page.title = Some(title.join(" "));
            }
        }
    }

    if let Some(url) = page
        .citation
        .as_deref()
        .and_then(crate::grammar::citation::find_url)
    {
        page.source_url = Some(url);
    }
    if page.record_id.is_none() {
        page.record_id = page
            .source_url
            .as_deref()
            .and_then(crate::grammar::citation::record_id_from_url);
    }
    if body
        .iter()
        .zip(&keep)
        .all(|(l, k)| !k || l.1.trim().is_empty())
    {
        warnings.push("no document text after removing the page chrome".into());
    }
    let truncated = (footer_at == lines.len())
        .then(|| truncation(&raw.text))
        .flatten();
    let lines = body
        .iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|((off, t), _)| Line {
            start: *off,
            end: *off + t.len(),
            text: t.clone(),
        })
        .collect();
    CleanDocument {
        id: raw.id,
        sha256: raw.sha256,
        bytes: raw.bytes,
        page,
        lines,
        warnings,
        truncated,
    }
}

/// A page cut off mid-sentence: no final newline, and a last line that ends
/// neither in punctuation nor as a date or registration number.
fn truncation(text: &str) -> Option<String> {
    if text.ends_with('\n') || text.trim().is_empty() {
        return None;
    }
    let last = text.lines().rev().find(|l| !l.trim().is_empty())?.trim();
    let (_, last) = demarkdown(last);
    let ends_sentence = last.ends_with(['.', '!', '?', '"', '”', '’', ')', ']', ':']);
    let complete = ends_sentence
        || date::whole_line_date(&last).is_some()
        || crate::grammar::copy_list::outgoing(&last).is_some()
        || crate::grammar::copy_list::is_typist_mark(&last);
    let tail: String = last
        .chars()
        .rev()
        .take(40)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    (!complete).then(|| format!("text ends mid-sentence, probably truncated: \"...{tail}\""))
}

fn first_line_is_american_date(body: &[(usize, String)]) -> bool {
    body.iter()
        .find(|(_, l)| !l.trim().is_empty())
        .is_some_and(|(_, l)| {
            let t = l.trim();
            t.chars().next().is_some_and(char::is_alphabetic) && date::whole_line_date(t).is_some()
        })
}

fn looks_like_title(line: &str) -> bool {
    let t = line.trim();
    t.len() < 250 && !t.ends_with('.')
        || t.ends_with("A.M.")
        || t.split_whitespace().last().is_some_and(|w| w.len() <= 3)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DocId;

    fn raw(text: &str) -> RawDocument {
        RawDocument {
            id: DocId {
                doc_id: "t".into(),
                source_file: "t.txt".into(),
            },
            sha256: String::new(),
            bytes: text.len() as u64,
            text: text.into(),
            text_offset: 0,
            decode_note: None,
        }
    }

    #[test]
    fn strips_chrome_and_keeps_metadata() {
        let text = "Skip to content\n\nMarch 3, 1958\n\nRecord of a Conversation with an Official\n\nSummary:\n\nThey talked.\n\nCitation:\n\n\"Record,\" March 3, 1958, Archive, AVPRF F. 1, Op. 2, Delo 3. Translated by Jane Doe.\n\nhttps://example.org/document/1234\n\nOriginal Language:\n\nRussian\n\nContents:\n\nTranslation - English\n\n**3 March 1958**\n\n- I visited him.\n\nDocument Information\n\nRecord ID\n\n1234\n\nType\n\nMemorandum\n";
        let c = clean(raw(text));
        assert_eq!(c.page.headline_date.as_deref(), Some("March 3, 1958"));
        assert_eq!(
            c.page.title.as_deref(),
            Some("Record of a Conversation with an Official")
        );
        assert_eq!(c.page.summary.as_deref(), Some("They talked."));
        assert!(
            c.page
                .citation
                .as_deref()
                .unwrap()
                .contains("Translated by Jane Doe")
        );
        assert_eq!(
            c.page.source_url.as_deref(),
            Some("https://example.org/document/1234")
        );
        assert_eq!(c.page.record_id.as_deref(), Some("1234"));
        assert_eq!(c.page.original_language.as_deref(), Some("Russian"));
        assert_eq!(c.page.doc_type.as_deref(), Some("Memorandum"));
        let body: Vec<&str> = c
            .lines
            .iter()
            .map(|l| l.text.as_str())
            .filter(|t| !t.is_empty())
            .collect();
        assert_eq!(body, vec!["3 March 1958", "I visited him."]);
        // Offsets point at the kept text in the source.
        let l = c.lines.iter().find(|l| l.text == "I visited him.").unwrap();
        assert_eq!(&text[l.start..l.end], "I visited him.");
    }

    #[test]
    fn plain_documents_keep_their_first_date_line() {
        let c = clean(raw("30 July 1960\n\nI met with him.\n"));
        assert_eq!(c.page.headline_date, None);
        assert_eq!(c.lines[0].text, "30 July 1960");
    }
}

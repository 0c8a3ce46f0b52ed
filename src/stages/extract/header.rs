//! Document-level facts: title, date, kind, author, header marks, citation.

use std::sync::LazyLock;

use regex::Regex;

use crate::grammar::names::{self};
use crate::grammar::{classification, copy_list, date};
use crate::model::{DateExpr, Line, NameMention, PageMeta, Role};
use crate::reference::Lexicon;

static QUOTED_TITLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"^["“](?P<t>.+?)[,.]?["”]"#).expect("quoted title regex"));
static AUTHOR_IN_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:journal|diary|record|memorandum|report|note|notes|letter|telegram|cable|information)\s+(?:of|from|by)\s+(?P<who>.+?)(?:\s+for\s+|\s+on\s+|\s+about\s+|\s+with\s+|,|$)")
        .expect("author regex")
});
static SIGNED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\((?P<who>[^()\[\]]{3,60})\)\s*$|\[signature\]\s*(?P<who2>[^()\[\]]{3,60})$")
        .expect("signed regex")
});

/// The kinds of the contract, recognized from the title and headings.
static KINDS: LazyLock<Vec<(Regex, &'static str)>> = LazyLock::new(|| {
    [
        (r"(?-u:\b)note\s+(?:about|on|of)\s+(?:a\s+|the\s+)?conversation", "note"),
        (r"(?-u:\b)record\s+of\s+(?:a\s+|the\s+)?(?:\w+\s+)?conversation|(?-u:\b)minutes\s+of\s+(?:a\s+|the\s+)?conversation", "record_of_conversation"),
        (r"(?-u:\b)journal(?-u:\b)|(?-u:\b)diary(?-u:\b)", "journal"),
        (r"(?-u:\b)memorandum(?-u:\b)|(?-u:\b)memo(?-u:\b)", "memorandum"),
        (r"(?-u:\b)telegram(?-u:\b)|(?-u:\b)cable(?-u:\b)|(?-u:\b)ciphered(?-u:\b)|(?-u:\b)cipher(?-u:\b)", "telegram"),
        (r"(?-u:\b)letter(?-u:\b)", "letter"),
        (r"(?-u:\b)report(?-u:\b)|(?-u:\b)information\s+(?:on|about)(?-u:\b)", "report"),
        (r"(?-u:\b)note(?-u:\b)|(?-u:\b)notes(?-u:\b)", "note"),
    ]
    .into_iter()
    .map(|(p, k)| (Regex::new(&format!("(?i){p}")).expect("kind regex"), k))
    .collect()
});

pub fn title(page: &PageMeta) -> Option<String> {
    page.title.clone().or_else(|| {
        let c = page.citation.as_deref()?;
        QUOTED_TITLE
            .captures(c.trim())
            .map(|m| m["t"].trim().to_string())
    })
}

/// The kind from the title, else the first header lines, else the footer's type.
pub fn kind(title: Option<&str>, header: &[Line], page: &PageMeta, entries: usize) -> &'static str {
    let header_text: String = header
        .iter()
        .take(12)
        .map(|l| l.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    for text in [
        title.unwrap_or(""),
        &header_text,
        page.doc_type.as_deref().unwrap_or(""),
    ] {
        if let Some((_, k)) = KINDS.iter().find(|(re, _)| re.is_match(text)) {
            return k;
        }
    }
    if page
        .doc_type
        .as_deref()
        .is_some_and(|t| t.to_lowercase().contains("diary"))
        || entries > 1
    {
        "journal"
    } else {
        "other"
    }
}

/// The headline date, else a date in the title, else one in the header.
pub fn doc_date(page: &PageMeta, title: Option<&str>, header: &[Line]) -> Option<DateExpr> {
    if let Some(d) = page
        .headline_date
        .as_deref()
        .and_then(date::whole_line_date)
    {
        return Some(d);
    }
    if let Some(d) = title
        .and_then(date::first_date)
        .filter(|d| d.year.is_some())
    {
        return Some(d);
    }
    header
        .iter()
        .find_map(|l| date::first_date(&l.text).filter(|d| d.year.is_some()))
}

/// The writer: the signature in the closing, else the title's "Journal of X".
pub fn author(
    closing: &[Line],
    title: Option<&str>,
    header: &[Line],
    lex: &Lexicon,
) -> Option<NameMention> {
    let from_signature = closing.iter().find_map(|l| {
        let c = SIGNED.captures(l.text.trim())?;
        let who = c.name("who").or(c.name("who2"))?.as_str();
        names::runs(who, lex).into_iter().last()
    });
    let from_title = || {
        [title.unwrap_or("")]
            .into_iter()
            .chain(header.iter().map(|l| l.text.as_str()))
            .find_map(|t| {
                let c = AUTHOR_IN_TITLE.captures(t)?;
                // "Letter from A to B" is A's; "Journal of Ambassador to the DPRK A" is A's.
                let who = &c["who"];
                let (before, after) = who.split_once(" to ").unwrap_or((who, ""));
                names::office_and_name(before, lex)
                    .or_else(|| names::office_and_name(after, lex))
                    .map(|(_, run)| run)
            })
    };
    // A line that is nothing but a name, in the signature block before any list.
    let from_name_line = || {
        closing
            .iter()
            .take_while(|l| {
                let t = l.text.trim();
                copy_list::copies_printed(t).is_none()
                    && !copy_list::is_list_heading(t)
                    && copy_list::copy_line(t).is_none()
            })
            .find_map(|l| {
                let t = l.text.trim();
                let runs = names::runs(t, lex);
                match runs.as_slice() {
                    [run] if run.text.len() + 2 >= t.len() => Some(run.clone()),
                    _ => None,
                }
            })
    };
    let run = from_signature.or_else(from_title).or_else(from_name_line)?;
    Some(NameMention {
        as_written: run.text.clone(),
        lookup: names::apply_bracket(&run.text),
        office: None,
        role: Role::Author,
    })
}

pub struct Marks {
    pub classification: Option<String>,
    pub handling: Option<String>,
    pub copy_number: Option<i32>,
    pub period: Option<(DateExpr, DateExpr)>,
}

pub fn marks(header: &[Line]) -> Marks {
    let text: String = header
        .iter()
        .map(|l| l.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    Marks {
        classification: classification::find_classification(&text),
        handling: classification::find_handling(&text),
        copy_number: classification::find_copy_number(&text),
        period: date::find_period(&text.replace('\n', " ")),
    }
}

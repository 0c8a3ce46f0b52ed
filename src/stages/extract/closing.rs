//! The closing block: copies printed, the distribution list, the outgoing
//! registration number and its date.

use crate::grammar::{copy_list, date};
use crate::model::{Copy, DateExpr, Line, RecipientKind};
use crate::reference::{Authority, Lexicon};

#[derive(Debug, Default)]
pub struct Closing {
    pub copies_printed: Option<i32>,
    pub distribution: Vec<Copy>,
    pub outgoing_number: Option<String>,
    pub outgoing_date: Option<DateExpr>,
}

/// Strips forms of address: the recipient as printed, "Cde." removed.
pub fn recipient_text(raw: &str, lex: &Lexicon) -> String {
    let words: Vec<&str> = raw.split_whitespace().collect();
    let start = words.iter().take_while(|w| lex.is_honorific(w)).count();
    words[start..]
        .join(" ")
        .trim_end_matches([',', ';', '.'])
        .to_string()
}

/// Person, office or file: a recipient the authority knows, or one shaped
/// like a name (initials and a capitalized surname), is a person.
pub fn recipient_kind(recipient: &str, lex: &Lexicon, authority: &Authority) -> RecipientKind {
    if copy_list::is_file(recipient) {
        return RecipientKind::File;
    }
    let words: Vec<&str> = recipient.split_whitespace().collect();
    let starts_lower = recipient.chars().next().is_some_and(char::is_lowercase);
    let has_office = words.iter().any(|w| lex.is_office_word(w));
    if starts_lower || has_office {
        return RecipientKind::Office;
    }
    let r = authority.resolve(recipient, Default::default());
    if r.method != "provisional" || !crate::grammar::names::runs(recipient, lex).is_empty() {
        RecipientKind::Person
    } else {
        RecipientKind::Office
    }
}

pub fn parse_closing(lines: &[Line], lex: &Lexicon, authority: &Authority) -> Closing {
    let mut c = Closing::default();
    let mut in_list = false;
    let mut i = 0;
    while i < lines.len() {
        let t = lines[i].text.trim();
        i += 1;
        if let Some(n) = copy_list::copies_printed(t) {
            c.copies_printed.get_or_insert(n);
            in_list = copy_list::is_list_heading(t) || t.ends_with(':');
            continue;
        }
        if copy_list::is_list_elsewhere(t) {
            in_list = false;
            continue;
        }
        if copy_list::is_list_heading(t) {
            in_list = true;
            continue;
        }
        if let Some((number, d)) = copy_list::outgoing(t) {
            c.outgoing_number.get_or_insert(number);
            let d = d.or_else(|| lines.get(i).and_then(|l| date::whole_line_date(&l.text)));
            if c.outgoing_date.is_none() {
                c.outgoing_date = d;
            }
            in_list = false;
            continue;
        }
        if let Some((n, rest)) = copy_list::copy_line(t) {
            let recipient = recipient_text(&rest, lex);
            let (recipient, count) = match copy_list::counted_line(&recipient) {
                Some((r, k)) => (r, Some(k)),
                None => (recipient, None),
            };
            let kind = recipient_kind(&recipient, lex, authority);
            c.distribution.push(Copy {
                copy_number: Some(n),
                recipient,
                kind,
                count,
            });
            continue;
        }
        if let Some((rest, k)) = copy_list::counted_line(t) {
            let recipient = recipient_text(&rest, lex);
            let kind = recipient_kind(&recipient, lex, authority);
            c.distribution.push(Copy {
                copy_number: None,
                recipient,
                kind,
                count: Some(k),
            });
            continue;
        }
        if in_list && !copy_list::is_typist_mark(t) && date::whole_line_date(t).is_none() {
            let recipient = recipient_text(t, lex);
            if !recipient.is_empty() {
                let kind = recipient_kind(&recipient, lex, authority);
                c.distribution.push(Copy {
                    copy_number: None,
                    recipient,
                    kind,
                    count: None,
                });
            }
        }
    }
    c
}

//! Extract: facts as written. Header marks, citation, meetings with their
//! people, and the closing's copy list, before any name or date is
//! normalized.

pub mod closing;
pub mod header;
pub mod meeting;

use crate::grammar::citation;
use crate::model::{ExtractedDocument, SegmentedDocument};
use crate::reference::Reference;

pub fn extract(seg: SegmentedDocument, reference: &Reference) -> ExtractedDocument {
    let lex = &reference.lexicon;
    let page = &seg.clean.page;
    let title = header::title(page);
    let marks = header::marks(&seg.header);
    let kind = header::kind(title.as_deref(), &seg.header, page, seg.entries.len());
    let doc_date = header::doc_date(page, title.as_deref(), &seg.header);
    let author = header::author(&seg.closing, title.as_deref(), &seg.header, lex);
    let cite = [page.citation.as_deref(), page.source.as_deref()];
    let archive = cite
        .iter()
        .flatten()
        .map(|c| citation::parse_archive(c))
        .find(|a| a.fond.is_some())
        .unwrap_or_default();
    let translator = cite
        .iter()
        .flatten()
        .find_map(|c| citation::find_translator(c));
    let mut closing = closing::parse_closing(&seg.closing, lex, &reference.authority);
    let mut truncated = seg.clean.truncated.clone();
    if truncated.is_some() {
        // A page cut inside its copy list: the last entry is kept only if it is whole.
        let last_is_copy = seg
            .closing
            .last()
            .is_some_and(|l| crate::grammar::copy_list::copy_line(&l.text).is_some());
        if last_is_copy {
            let whole = closing.distribution.last().is_some_and(|c| {
                c.kind == crate::model::RecipientKind::File
                    || reference
                        .authority
                        .resolve(&c.recipient, Default::default())
                        .method
                        != "provisional"
            });
            if whole {
                truncated = None;
            } else {
                closing.distribution.pop();
            }
        }
    }

    let subject_lines: Vec<&str> = title
        .iter()
        .map(String::as_str)
        .chain(seg.header.iter().map(|l| l.text.as_str()))
        .collect();
    let subject = meeting::subject(&subject_lines, lex);
    let single = seg.entries.len() == 1;
    let meetings: Vec<_> = seg
        .entries
        .iter()
        .map(|e| meeting::extract_meeting(e, lex, subject.as_ref().filter(|_| single)))
        .collect();
    let mut warnings = seg.clean.warnings.clone();
    warnings.extend(truncated);
    if seg.entries.is_empty() {
        warnings.push("no entry text found".into());
    }
    let other_lines = seg
        .header
        .iter()
        .chain(seg.entries.iter().filter_map(|e| e.date_line.as_ref()))
        .chain(seg.closing.iter())
        .map(|l| (l.start, l.text.clone()))
        .collect();
    ExtractedDocument {
        title,
        kind,
        doc_date,
        author,
        classification: marks.classification,
        handling: marks.handling,
        copy_number: marks.copy_number,
        period: marks.period,
        archive,
        translator,
        copies_printed: closing.copies_printed,
        outgoing_number: closing.outgoing_number,
        outgoing_date: closing.outgoing_date,
        distribution: closing.distribution,
        meetings,
        other_lines,
        warnings,
        segmented: seg,
    }
}

//! Normalize: names through the person authority, dates to calendar dates
//! (a year-less entry date takes its year from the journal's period or the
//! headline), topics through the taxonomy; the result is one document's rows.

use chrono::NaiveDate;

use crate::grammar::sentences;
use crate::model::{
    DateExpr, DistributionRow, DocumentRecord, ExtractedDocument, MeetingRow, NameMention,
    ParticipantRow, RecipientKind, Rejected, Resolution, Status, TopicMentionRow,
};
use crate::reference::Reference;
use crate::reference::authority::Context;

/// Supplies a missing year: the one that puts the date inside the period,
/// else the headline's.
fn complete(
    d: &DateExpr,
    period: Option<(NaiveDate, NaiveDate)>,
    fallback_year: Option<i32>,
) -> DateExpr {
    if d.year.is_some() {
        return d.clone();
    }
    if let Some((s, e)) = period {
        use chrono::Datelike;
        for y in [s.year(), e.year()] {
            if d.with_year(y).to_date().is_some_and(|x| s <= x && x <= e) {
                return d.with_year(y);
            }
        }
        return d.with_year(e.year());
    }
    match fallback_year {
        Some(y) => d.with_year(y),
        None => d.clone(),
    }
}

/// Byte offset in the source of `at` within text made by joining `lines` with "\n".
fn source_offset(lines: &[(usize, String)], at: usize) -> usize {
    let mut pos = 0;
    for (start, text) in lines {
        if at <= pos + text.len() {
            return start + (at - pos);
        }
        pos += text.len() + 1;
    }
    lines.last().map_or(0, |(s, t)| s + t.len())
}

fn topics(
    doc_id: &str,
    meeting_id: Option<&str>,
    lines: &[(usize, String)],
    reference: &Reference,
) -> Vec<TopicMentionRow> {
    let text: String = lines
        .iter()
        .map(|(_, t)| t.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let hits = reference.taxonomy.find(&text);
    if hits.is_empty() {
        return Vec::new();
    }
    hits.into_iter()
        .map(|h| TopicMentionRow {
            doc_id: doc_id.to_string(),
            meeting_id: meeting_id.map(str::to_string),
            topic_id: reference.taxonomy.topics[h.topic].id.clone(),
            mentions: h.count as i32,
            first_span_start: source_offset(lines, h.first) as i64,
            evidence: sentences::sentence_at(&text, h.first).replace('\n', " "),
        })
        .collect()
}

pub fn normalize(doc: ExtractedDocument, reference: &Reference) -> DocumentRecord {
    let seg = &doc.segmented;
    let clean = &seg.clean;
    let doc_id = clean.id.doc_id.clone();
    let mut warnings = doc.warnings.clone();
    let doc_date = doc.doc_date.as_ref().and_then(DateExpr::to_date);
    let period = doc
        .period
        .as_ref()
        .and_then(|(a, b)| Some((a.to_date()?, b.to_date()?)));
    let fallback_year = doc.doc_date.as_ref().and_then(|d| d.year);
    let ctx = Context { date: doc_date };
    let authority = &reference.authority;

    let mut rec = DocumentRecord {
        doc_id: doc_id.clone(),
        source_file: clean.id.source_file.clone(),
        sha256: Some(clean.sha256.clone()),
        bytes: Some(clean.bytes),
        title: doc.title.clone(),
        doc_date,
        doc_date_precision: doc.doc_date.as_ref().map(|d| d.precision().as_str()),
        kind: Some(doc.kind),
        classification: doc.classification.clone(),
        handling: doc.handling.clone(),
        copy_number: doc.copy_number,
        period_start: period.map(|p| p.0),
        period_end: period.map(|p| p.1),
        archive_repository: doc.archive.repository.clone(),
        archive_fond: doc.archive.fond.clone(),
        archive_opis: doc.archive.opis.clone(),
        archive_papka: doc.archive.papka.clone(),
        archive_delo: doc.archive.delo.clone(),
        archive_pages: doc.archive.pages.clone(),
        translator: doc.translator.clone(),
        record_id: clean.page.record_id.clone(),
        source_url: clean.page.source_url.clone(),
        summary: clean.page.summary.clone(),
        original_language: clean.page.original_language.clone(),
        copies_printed: doc.copies_printed,
        outgoing_number: doc.outgoing_number.clone(),
        outgoing_date: doc
            .outgoing_date
            .as_ref()
            .map(|d| complete(d, None, fallback_year))
            .and_then(|d| d.to_date()),
        ..Default::default()
    };

    let author = doc
        .author
        .as_ref()
        .map(|a| (a, authority.resolve(&a.lookup, ctx)));
    if let Some((_, r)) = &author {
        rec.author_id = Some(r.person_id.clone());
        rec.author_name = Some(r.canonical_name.clone());
    }

    let single_record = doc.meetings.len() == 1 && doc.kind != "journal";
    let mut covered = Vec::new();
    for (n, m) in doc.meetings.iter().enumerate() {
        let meeting_id = format!("{doc_id}#{}", n + 1);
        let mut date = m.date.as_ref().map(|d| complete(d, period, fallback_year));
        if date.is_none() && single_record {
            // A record of one conversation is dated by its headline.
            date = doc.doc_date.clone();
        }
        let meeting_date = date.as_ref().and_then(DateExpr::to_date);
        if let (Some(d), Some((s, e))) = (meeting_date, period)
            && (d < s || d > e)
        {
            warnings.push(format!(
                "entry date {d} is outside the journal period {s} to {e}"
            ));
        }
        let ctx = Context {
            date: meeting_date.or(doc_date),
        };
        let mut people: Vec<(&NameMention, Resolution)> = Vec::new();
        if let Some((a, r)) = &author {
            people.push((a, r.clone()));
        }
        for p in &m.people {
            people.push((p, authority.resolve(&p.lookup, ctx)));
        }
        // Joined once per meeting: every unresolved name quotes its sentence from it.
        let meeting_text: String = m
            .text_lines
            .iter()
            .map(|(_, t)| t.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let sentence_of = |name: &str| {
            let at = meeting_text.find(name).unwrap_or(0);
            sentences::sentence_at(&meeting_text, at).to_string()
        };
        for (p, r) in people {
            if r.method == "provisional" {
                rec.unresolved.push((
                    p.as_written.clone(),
                    p.lookup.clone(),
                    r.clone(),
                    sentence_of(&p.as_written),
                ));
            }
            rec.participants.push(ParticipantRow {
                meeting_id: meeting_id.clone(),
                doc_id: doc_id.clone(),
                person_id: r.person_id,
                name: r.canonical_name,
                name_as_written: p.as_written.clone(),
                role: p.role.as_str(),
                office_as_written: p.office.clone(),
                match_method: r.method,
                confidence: r.confidence,
            });
        }
        rec.topic_mentions
            .extend(topics(&doc_id, Some(&meeting_id), &m.text_lines, reference));
        covered.push(m.span);
        rec.meetings.push(MeetingRow {
            meeting_id,
            doc_id: doc_id.clone(),
            meeting_date,
            date_precision: date
                .as_ref()
                .filter(|d| d.year.is_some())
                .map(|d| d.precision().as_str()),
            date_as_written: date.map(|d| d.as_written),
            initiative: m.initiative.map(|i| i.as_str()),
            location: m.location.clone(),
            duration_minutes: m.duration.map(|d| d.0),
            duration_qualifier: m.duration.map(|d| d.1),
            span_start: m.span.0 as i64,
            span_end: m.span.1 as i64,
        });
    }
    rec.topic_mentions
        .extend(topics(&doc_id, None, &doc.other_lines, reference));

    for (i, c) in doc.distribution.iter().enumerate() {
        let resolved =
            (c.kind == RecipientKind::Person).then(|| authority.resolve(&c.recipient, ctx));
        if let Some(r) = resolved.as_ref().filter(|r| r.method == "provisional") {
            rec.unresolved.push((
                c.recipient.clone(),
                c.recipient.clone(),
                r.clone(),
                c.recipient.clone(),
            ));
        }
        rec.distribution.push(DistributionRow {
            doc_id: doc_id.clone(),
            position: i as i32 + 1,
            copy_number: c.copy_number,
            recipient: c.recipient.clone(),
            recipient_kind: c.kind.as_str(),
            copies: c.count,
            person_id: resolved.as_ref().map(|r| r.person_id.clone()),
            recipient_name: resolved.as_ref().map(|r| r.canonical_name.clone()),
            match_method: resolved.as_ref().map(|r| r.method),
            confidence: resolved.as_ref().map(|r| r.confidence),
        });
    }
    rec.status = Some(if warnings.is_empty() {
        Status::Ok
    } else {
        Status::Partial
    });
    rec.error = (!warnings.is_empty()).then(|| warnings.join("; "));
    rec
}

/// The row of a document that could not be read.
pub fn failed(rejected: Rejected) -> DocumentRecord {
    DocumentRecord {
        doc_id: rejected.id.doc_id,
        source_file: rejected.id.source_file,
        sha256: rejected.sha256,
        bytes: rejected.bytes,
        status: Some(Status::Failed),
        error: Some(rejected.reason),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: u32, month: u32) -> DateExpr {
        DateExpr {
            as_written: String::new(),
            year: None,
            month: Some(month),
            day: Some(day),
        }
    }

    #[test]
    fn year_from_period_spanning_new_year() {
        let p = Some((
            NaiveDate::from_ymd_opt(1959, 12, 20).unwrap(),
            NaiveDate::from_ymd_opt(1960, 1, 10).unwrap(),
        ));
        assert_eq!(complete(&d(28, 12), p, None).year, Some(1959));
        assert_eq!(complete(&d(3, 1), p, None).year, Some(1960));
        assert_eq!(complete(&d(3, 1), None, Some(1957)).year, Some(1957));
    }

    #[test]
    fn offsets_map_back_to_lines() {
        let lines = vec![(10, "abc".to_string()), (20, "defg".to_string())];
        assert_eq!(source_offset(&lines, 0), 10);
        assert_eq!(source_offset(&lines, 5), 21);
    }
}

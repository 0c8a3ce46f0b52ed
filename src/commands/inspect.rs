//! `chancery inspect FILE`: one document's segments and extraction, for
//! curators checking why a fact came out as it did.

use std::path::Path;

use crate::cli::PipelineArg;
use crate::config::Overrides;
use crate::error::{ExitCode, Result};
use crate::reference::Reference;
use crate::stages::ingest::{self, Found};
use crate::stages::{clean, extract, normalize, segment};

pub fn run(pipeline: &PipelineArg, file: &Path) -> Result<ExitCode> {
    let config = super::load_config(pipeline, &Overrides::default())?;
    let reference = Reference::load(&config)?;
    let root = file.parent().unwrap_or(Path::new("."));
    let raw = match ingest::ingest(
        root,
        &Found::File(file.to_path_buf()),
        config.max_file_bytes,
    ) {
        Ok(raw) => raw,
        Err(rejected) => {
            println!("failed: {}", rejected.reason);
            return Ok(ExitCode::DocumentsFailed);
        }
    };
    let seg = segment::segment(clean::clean(raw));
    println!("== page\n{:#?}", seg.clean.page);
    println!("== header");
    for l in &seg.header {
        println!("  {:>6}  {}", l.start, l.text);
    }
    for (i, e) in seg.entries.iter().enumerate() {
        println!(
            "== entry {} (date line: {:?})",
            i + 1,
            e.date_line.as_ref().map(|l| &l.text)
        );
        for l in e.lines.iter().take(3) {
            println!(
                "  {:>6}  {}",
                l.start,
                l.text.chars().take(120).collect::<String>()
            );
        }
    }
    println!("== closing");
    for l in &seg.closing {
        println!("  {:>6}  {}", l.start, l.text);
    }
    let rec = normalize::normalize(extract::extract(seg, &reference), &reference);
    println!(
        "== document\n  {} {:?} kind={:?} author={:?} class={:?} copy={:?} period={:?}..{:?} status={:?} {:?}",
        rec.doc_id,
        rec.doc_date,
        rec.kind,
        rec.author_name,
        rec.classification,
        rec.copy_number,
        rec.period_start,
        rec.period_end,
        rec.status,
        rec.error
    );
    for m in &rec.meetings {
        println!(
            "== {} {:?} ({:?}) initiative={:?} location={:?} duration={:?}",
            m.meeting_id,
            m.meeting_date,
            m.date_as_written,
            m.initiative,
            m.location,
            m.duration_minutes
        );
        for p in rec
            .participants
            .iter()
            .filter(|p| p.meeting_id == m.meeting_id)
        {
            println!(
                "  {:<12} {:<28} <- {:?} [{}] office={:?}",
                p.role, p.name, p.name_as_written, p.match_method, p.office_as_written
            );
        }
    }
    println!(
        "== distribution (copies printed {:?}, outgoing {:?} {:?})",
        rec.copies_printed, rec.outgoing_number, rec.outgoing_date
    );
    for d in &rec.distribution {
        println!(
            "  {:>2} {:?} {:<30} {} {:?}",
            d.position, d.copy_number, d.recipient, d.recipient_kind, d.person_id
        );
    }
    Ok(ExitCode::Success)
}

//! A build from end to end: walk the corpus, run every document through the
//! stages in parallel, aggregate, write the tables and publish them.

use std::collections::BTreeMap;
use std::panic::AssertUnwindSafe;
use std::path::Path;
use std::time::Instant;

use rayon::prelude::*;

use crate::config::Config;
use crate::error::Result;
use crate::model::{DocumentRecord, Rejected, Status};
use crate::publish;
use crate::reference::Reference;
use crate::stages::ingest::{self, Found};
use crate::stages::{clean, extract, normalize, segment, write};
use crate::tables;

/// What a build did, for the summary line and the manifest.
#[derive(Debug, Clone, Default)]
pub struct BuildReport {
    pub documents: usize,
    pub by_status: BTreeMap<&'static str, usize>,
    pub rows: Vec<(String, usize)>,
    pub warnings: Vec<(String, String)>,
    pub seconds: f64,
}

impl BuildReport {
    pub fn failed(&self) -> usize {
        self.by_status.get("failed").copied().unwrap_or(0)
    }
}

/// Runs one file through every stage. A panic in a stage is caught and the
/// document recorded as failed, so one bad file never stops the run.
pub fn process(
    root: &Path,
    found: &Found,
    reference: &Reference,
    max_bytes: u64,
) -> DocumentRecord {
    let raw = match ingest::ingest(root, found, max_bytes) {
        Ok(raw) => raw,
        Err(rejected) => return normalize::failed(rejected),
    };
    let id = raw.id.clone();
    let (sha, bytes) = (raw.sha256.clone(), raw.bytes);
    let run = AssertUnwindSafe(|| {
        let c = clean::clean(raw);
        let s = segment::segment(c);
        let e = extract::extract(s, reference);
        normalize::normalize(e, reference)
    });
    std::panic::catch_unwind(run).unwrap_or_else(|panic| {
        let why = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown".into());
        normalize::failed(Rejected {
            id,
            sha256: Some(sha),
            bytes: Some(bytes),
            reason: format!("internal error while parsing: {why}"),
        })
    })
}

/// Parses every document of the corpus, in parallel, sorted by doc_id.
pub fn parse_corpus(config: &Config, reference: &Reference) -> Result<Vec<DocumentRecord>> {
    let found = ingest::walk(&config.input)?;
    let mut records: Vec<DocumentRecord> = found
        .par_iter()
        .map(|f| process(&config.input, f, reference, config.max_file_bytes))
        .collect();
    records.sort_by(|a, b| {
        a.doc_id
            .cmp(&b.doc_id)
            .then_with(|| a.source_file.cmp(&b.source_file))
    });
    Ok(records)
}

/// Builds every table and publishes them to the output folder.
pub fn build(config: &Config, wait_for_lock: bool) -> Result<BuildReport> {
    let started = Instant::now();
    let reference = Reference::load(config)?;
    let _lock = publish::lock(&config.output, wait_for_lock)?;
    publish::sweep_stale(&config.output);
    let records = parse_corpus(config, &reference)?;
    let batches = tables::all(&records, &reference)?;

    let run_id = format!("{}", std::process::id());
    let staging = publish::staging_dir(&config.output, &run_id)?;
    let mut report = BuildReport {
        documents: records.len(),
        ..Default::default()
    };
    for (name, batch) in &batches {
        write::write_parquet(&staging.join(format!("{name}.parquet")), batch)?;
        report.rows.push((name.to_string(), batch.num_rows()));
    }
    for r in &records {
        *report
            .by_status
            .entry(r.status.unwrap_or(Status::Failed).as_str())
            .or_default() += 1;
        if let Some(e) = &r.error {
            report.warnings.push((r.source_file.clone(), e.clone()));
        }
    }
    let _ = std::fs::write(staging.join(".gitkeep"), "");
    publish::swap_in(&staging, &config.output)?;
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

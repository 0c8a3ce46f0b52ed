//! A build from end to end: walk the corpus, run every document through the
//! stages in parallel, aggregate, write the tables and publish them.

use std::collections::BTreeMap;
use std::panic::AssertUnwindSafe;
use std::path::Path;
use std::time::Instant;

use rayon::prelude::*;

use crate::config::Config;
use crate::error::Result;
use crate::manifest;
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
    /// Documents run through the stages in this build.
    pub parsed: usize,
    /// Documents whose record came from the previous build's cache.
    pub reused: usize,
    /// Documents of the previous build that are no longer in the corpus.
    pub removed: usize,
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

/// Where a document's record came from in this run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Parsed,
    Reused,
}

/// The cache key of a file's record: its path, content, the configuration
/// and chancery's version. Any change to one of them re-parses the file.
fn cache_key(source_file: &str, sha: &str, fingerprint: &str) -> String {
    ingest::sha256(
        format!(
            "{source_file}\0{sha}\0{fingerprint}\0{}",
            env!("CARGO_PKG_VERSION")
        )
        .as_bytes(),
    )
}

/// Parses one file, or reuses its record from the previous build's cache.
fn parse_or_reuse(
    config: &Config,
    found: &Found,
    reference: &Reference,
    fingerprint: &str,
    old_cache: Option<&Path>,
) -> (DocumentRecord, Origin, Option<String>) {
    if let (Found::File(path), Some(cache)) = (found, old_cache)
        && let Ok(bytes) = std::fs::read(path)
    {
        let id = ingest::doc_id(&config.input, path);
        let key = cache_key(&id.source_file, &ingest::sha256(&bytes), fingerprint);
        let cached = std::fs::read(cache.join(format!("{key}.json")))
            .ok()
            .and_then(|b| serde_json::from_slice::<DocumentRecord>(&b).ok());
        if let Some(rec) = cached {
            return (rec, Origin::Reused, Some(key));
        }
    }
    let rec = process(&config.input, found, reference, config.max_file_bytes);
    let key = rec
        .sha256
        .as_ref()
        .map(|sha| cache_key(&rec.source_file, sha, fingerprint));
    (rec, Origin::Parsed, key)
}

/// Parses every document of the corpus, in parallel, sorted by doc_id.
pub fn parse_corpus(config: &Config, reference: &Reference) -> Result<Vec<DocumentRecord>> {
    let found = ingest::walk(&config.input)?;
    let fingerprint = config.fingerprint()?;
    let mut records: Vec<DocumentRecord> = found
        .par_iter()
        .map(|f| parse_or_reuse(config, f, reference, &fingerprint, None).0)
        .collect();
    records.sort_by(|a, b| {
        a.doc_id
            .cmp(&b.doc_id)
            .then_with(|| a.source_file.cmp(&b.source_file))
    });
    Ok(records)
}

/// How a build reports its progress.
pub trait Progress: Sync {
    fn start(&self, _total: u64) {}
    fn advance(&self) {}
    fn finish(&self) {}
}

/// No progress reporting.
pub struct Quiet;
impl Progress for Quiet {}

/// Builds every table and publishes them to the output folder. Documents
/// whose file, configuration and chancery version are unchanged since the
/// last build are reused from its cache.
pub fn build(config: &Config, wait_for_lock: bool) -> Result<BuildReport> {
    build_with(config, wait_for_lock, &Quiet)
}

pub fn build_with(
    config: &Config,
    wait_for_lock: bool,
    progress: &dyn Progress,
) -> Result<BuildReport> {
    let started = Instant::now();
    let started_at = chrono::Utc::now();
    let mut stages: Vec<(&'static str, f64)> = Vec::new();
    let mut lap = Instant::now();
    let mut time = |name: &'static str, lap: &mut Instant| {
        stages.push((name, lap.elapsed().as_secs_f64()));
        *lap = Instant::now();
    };
    let reference = Reference::load(config)?;
    let fingerprint = config.fingerprint()?;
    time("load_reference", &mut lap);
    let _lock = publish::lock(&config.output, wait_for_lock)?;
    publish::sweep_stale(&config.output);
    let found = ingest::walk(&config.input)?;
    time("walk", &mut lap);

    let old_cache = config.output.join(CACHE_DIR);
    let old_cache = old_cache.is_dir().then_some(old_cache);
    progress.start(found.len() as u64);
    let mut parsed: Vec<(DocumentRecord, Origin, Option<String>)> = found
        .par_iter()
        .map(|f| {
            let r = parse_or_reuse(config, f, &reference, &fingerprint, old_cache.as_deref());
            progress.advance();
            r
        })
        .collect();
    progress.finish();
    parsed.sort_by(|a, b| {
        a.0.doc_id
            .cmp(&b.0.doc_id)
            .then_with(|| a.0.source_file.cmp(&b.0.source_file))
    });
    time("parse", &mut lap);

    let run_id = format!(
        "{}-{}",
        started_at.format("%Y%m%dT%H%M%S%.3fZ"),
        std::process::id()
    );
    let staging = publish::staging_dir(&config.output, &std::process::id().to_string())?;
    let new_cache = staging.join(CACHE_DIR);
    std::fs::create_dir_all(&new_cache).map_err(|e| crate::Error::Write {
        path: new_cache.clone(),
        message: e.to_string(),
    })?;
    for (rec, _, key) in &parsed {
        if let Some(key) = key {
            let json = serde_json::to_vec(rec).map_err(|e| crate::Error::Write {
                path: new_cache.clone(),
                message: e.to_string(),
            })?;
            std::fs::write(new_cache.join(format!("{key}.json")), json).map_err(|e| {
                crate::Error::Write {
                    path: new_cache.clone(),
                    message: e.to_string(),
                }
            })?;
        }
    }
    let previous = manifest::read_doc_ids(&config.output);
    let records: Vec<DocumentRecord> = parsed.iter().map(|p| p.0.clone()).collect();
    let batches = tables::all(&records, &reference)?;
    time("aggregate", &mut lap);

    let mut report = BuildReport {
        documents: records.len(),
        parsed: parsed.iter().filter(|p| p.1 == Origin::Parsed).count(),
        reused: parsed.iter().filter(|p| p.1 == Origin::Reused).count(),
        removed: previous
            .iter()
            .filter(|id| {
                records
                    .binary_search_by(|r| r.doc_id.as_str().cmp(id))
                    .is_err()
            })
            .count(),
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
    time("write", &mut lap);
    report.seconds = started.elapsed().as_secs_f64();
    let m = manifest::Manifest::new(
        &run_id,
        started_at,
        config,
        &fingerprint,
        &records,
        &report,
        &stages,
    );
    m.write(&staging)?;
    publish::swap_in(&staging, &config.output)?;
    Ok(report)
}

/// The cache of per-document records, kept inside the output folder.
pub const CACHE_DIR: &str = ".cache";

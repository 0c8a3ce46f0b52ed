//! A build from end to end: walk the corpus, run every document through the
//! stages in parallel, aggregate, write the tables and publish them.

use std::collections::{BTreeMap, HashMap};
use std::panic::AssertUnwindSafe;
use std::path::Path;
use std::time::Instant;

use rayon::prelude::*;

use crate::cache;
use crate::config::{Config, Layout};
use crate::error::Result;
use crate::manifest;
use crate::model::{DocumentRecord, RawDocument, Rejected, Status};
use crate::publish;
use crate::reference::Reference;
use crate::stages::ingest::{self, Found};
use crate::stages::{clean, extract, normalize, segment, write};
use crate::store;
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
    /// Nothing changed since the last build: the tables were left as they were.
    pub up_to_date: bool,
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
    match ingest::ingest(root, found, max_bytes) {
        Ok(raw) => process_raw(raw, reference),
        Err(rejected) => normalize::failed(rejected),
    }
}

/// Cleans, segments, extracts and normalizes one decoded document.
pub fn process_raw(raw: RawDocument, reference: &Reference) -> DocumentRecord {
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
pub fn cache_key(source_file: &str, sha: &str, fingerprint: &str) -> String {
    ingest::sha256(
        format!(
            "{source_file}\0{sha}\0{fingerprint}\0{}",
            env!("CARGO_PKG_VERSION")
        )
        .as_bytes(),
    )
}

/// One file's record and cache key, parsed here (for `chancery extract`).
pub fn extract_one(
    config: &Config,
    found: &Found,
    reference: &Reference,
    fingerprint: &str,
) -> (Option<String>, DocumentRecord) {
    match ingest::read(&config.input, found, config.max_file_bytes) {
        Err(rejected) => (None, normalize::failed(rejected)),
        Ok(file) => {
            let key = cache_key(&file.id.source_file, &file.sha256, fingerprint);
            let rec = match ingest::decode_file(file) {
                Ok(raw) => process_raw(raw, reference),
                Err(rejected) => normalize::failed(rejected),
            };
            (Some(key), rec)
        }
    }
}

/// One file's outcome before records are gathered: parsed here, or to be
/// taken from the previous build's cache under a key.
enum Outcome {
    Parsed(Option<String>, Box<DocumentRecord>),
    Reuse(String),
}

/// Parses one file unless the previous build's cache holds its record.
/// The file is read once: the same bytes are hashed for the key and parsed.
fn parse_or_reuse(
    config: &Config,
    found: &Found,
    known_sha: Option<&str>,
    reference: &Reference,
    fingerprint: &str,
    old: &HashMap<String, DocumentRecord>,
) -> (Outcome, Option<cache::Entry>) {
    let stamp = match found {
        Found::File(p) => cache::stamp(p),
        Found::Broken(..) => None,
    };
    let id = match found {
        Found::File(p) | Found::Broken(p, _) => ingest::doc_id(&config.input, p),
    };
    if let (Some(sha), Some(stamp)) = (known_sha, stamp) {
        let key = cache_key(&id.source_file, sha, fingerprint);
        if old.contains_key(&key) {
            let entry = cache::Entry {
                source_file: id.source_file,
                stamp,
                sha256: sha.to_string(),
            };
            return (Outcome::Reuse(key), Some(entry));
        }
    }
    match ingest::read(&config.input, found, config.max_file_bytes) {
        Err(rejected) => (
            Outcome::Parsed(None, Box::new(normalize::failed(rejected))),
            None,
        ),
        Ok(file) => {
            let key = cache_key(&file.id.source_file, &file.sha256, fingerprint);
            let entry = stamp.map(|stamp| cache::Entry {
                source_file: file.id.source_file.clone(),
                stamp,
                sha256: file.sha256.clone(),
            });
            if old.contains_key(&key) {
                return (Outcome::Reuse(key), entry);
            }
            let rec = match ingest::decode_file(file) {
                Ok(raw) => process_raw(raw, reference),
                Err(rejected) => normalize::failed(rejected),
            };
            (Outcome::Parsed(Some(key), Box::new(rec)), entry)
        }
    }
}

fn sort_records(records: &mut [(Option<String>, DocumentRecord)]) {
    records.sort_by(|a, b| {
        (a.1.doc_id.as_str(), a.1.source_file.as_str())
            .cmp(&(b.1.doc_id.as_str(), b.1.source_file.as_str()))
    });
}

/// Parses every document of the corpus, in parallel, sorted by doc_id.
pub fn parse_corpus(config: &Config, reference: &Reference) -> Result<Vec<DocumentRecord>> {
    let found = ingest::walk(&config.input)?;
    let fingerprint = config.fingerprint()?;
    let mut records: Vec<(Option<String>, DocumentRecord)> = found
        .par_iter()
        .map(|f| extract_one(config, f, reference, &fingerprint))
        .collect();
    sort_records(&mut records);
    Ok(records.into_iter().map(|r| r.1).collect())
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

/// Seconds per stage, for the manifest.
struct Laps {
    started: Instant,
    started_at: chrono::DateTime<chrono::Utc>,
    lap: Instant,
    stages: Vec<(&'static str, f64)>,
}

impl Laps {
    fn new() -> Self {
        Laps {
            started: Instant::now(),
            started_at: chrono::Utc::now(),
            lap: Instant::now(),
            stages: Vec::new(),
        }
    }
    fn time(&mut self, name: &'static str) {
        self.stages.push((name, self.lap.elapsed().as_secs_f64()));
        self.lap = Instant::now();
    }
}

pub fn build_with(
    config: &Config,
    wait_for_lock: bool,
    progress: &dyn Progress,
) -> Result<BuildReport> {
    let mut laps = Laps::new();
    let reference = Reference::load(config)?;
    let fingerprint = config.fingerprint()?;
    laps.time("load_reference");
    let _lock = publish::lock(&config.output, wait_for_lock)?;
    publish::sweep_stale(&config.output);
    let found = ingest::walk(&config.input)?;
    let index = cache::Index::load(&config.output, &fingerprint);
    let known: Vec<Option<&str>> = found
        .par_iter()
        .map(|f| match (f, &index) {
            (Found::File(p), Some(index)) => {
                let id = ingest::doc_id(&config.input, p);
                cache::stamp(p).and_then(|s| index.unchanged(&id.source_file, s))
            }
            _ => None,
        })
        .collect();
    laps.time("walk");
    if let Some(report) = up_to_date(config, &found, &known, index.as_ref(), &laps) {
        return Ok(report);
    }

    let mut old = cache::records(&config.output);
    laps.time("read_cache");
    progress.start(found.len() as u64);
    let outcomes: Vec<(Outcome, Option<cache::Entry>)> = found
        .par_iter()
        .zip(known.par_iter())
        .map(|(f, sha)| {
            let r = parse_or_reuse(config, f, *sha, &reference, &fingerprint, &old);
            progress.advance();
            r
        })
        .collect();
    progress.finish();
    let (mut parsed, mut reused) = (0, 0);
    let mut entries = Vec::with_capacity(outcomes.len());
    let mut records = Vec::with_capacity(outcomes.len());
    for (outcome, entry) in outcomes {
        entries.extend(entry);
        match outcome {
            Outcome::Parsed(key, rec) => {
                parsed += 1;
                records.push((key, *rec));
            }
            Outcome::Reuse(key) => {
                reused += 1;
                let rec = old.remove(&key).expect("a reused key is in the cache");
                records.push((Some(key), rec));
            }
        }
    }
    drop(old);
    sort_records(&mut records);
    laps.time("parse");
    let report = BuildReport {
        parsed,
        reused,
        ..Default::default()
    };
    assemble(
        config,
        &reference,
        &fingerprint,
        records,
        &entries,
        report,
        laps,
    )
}

/// Builds the tables from shards of records written by `chancery extract
/// --jsonl` (see [`crate::store`]) and publishes them as a build would.
pub fn build_from_shards(
    config: &Config,
    shards: &Path,
    wait_for_lock: bool,
) -> Result<BuildReport> {
    let mut laps = Laps::new();
    let reference = Reference::load(config)?;
    let fingerprint = config.fingerprint()?;
    laps.time("load_reference");
    let _lock = publish::lock(&config.output, wait_for_lock)?;
    publish::sweep_stale(&config.output);
    let records: Vec<(Option<String>, DocumentRecord)> = store::read_dir(shards)?
        .into_iter()
        .map(|s| (s.key, s.record))
        .collect();
    laps.time("read_shards");
    let report = BuildReport {
        parsed: records.len(),
        ..Default::default()
    };
    assemble(config, &reference, &fingerprint, records, &[], report, laps)
}

/// The report of a rebuild that has nothing to do: every file has the size
/// and time the last build recorded, no file came or went, and the
/// configuration and layout are the same. The published tables stand.
fn up_to_date(
    config: &Config,
    found: &[Found],
    known: &[Option<&str>],
    index: Option<&cache::Index>,
    laps: &Laps,
) -> Option<BuildReport> {
    let index = index?;
    if index.len() != found.len() || known.iter().any(Option::is_none) {
        return None;
    }
    let previous = manifest::read(&config.output)?;
    if previous.layout != config.layout.as_str()
        || !config.output.join("documents.parquet").is_file()
    {
        return None;
    }
    Some(BuildReport {
        documents: found.len(),
        parsed: 0,
        reused: found.len(),
        removed: 0,
        by_status: previous
            .documents_by_status
            .iter()
            .filter_map(|(k, v)| Status::parse(k).map(|s| (s.as_str(), *v)))
            .collect(),
        rows: previous.rows.into_iter().collect(),
        warnings: Vec::new(),
        seconds: laps.started.elapsed().as_secs_f64(),
        up_to_date: true,
    })
}

/// Writes the tables, the cache and the manifest to a staging folder and
/// swaps it in for the output folder.
fn assemble(
    config: &Config,
    reference: &Reference,
    fingerprint: &str,
    records: Vec<(Option<String>, DocumentRecord)>,
    entries: &[cache::Entry],
    mut report: BuildReport,
    mut laps: Laps,
) -> Result<BuildReport> {
    let run_id = format!(
        "{}-{}",
        laps.started_at.format("%Y%m%dT%H%M%S%.3fZ"),
        std::process::id()
    );
    let staging = publish::staging_dir(&config.output, &std::process::id().to_string())?;
    let previous = manifest::read_doc_ids(&config.output);
    let (keys, recs): (Vec<Option<String>>, Vec<DocumentRecord>) = records.into_iter().unzip();
    let batches = tables::all(&recs, reference)?;
    laps.time("aggregate");
    report.documents = recs.len();
    report.removed = previous
        .iter()
        .filter(|id| {
            recs.binary_search_by(|r| r.doc_id.as_str().cmp(id))
                .is_err()
        })
        .count();
    let years = match config.layout {
        Layout::Flat => None,
        Layout::Year => Some(tables::partition_years(&recs)),
    };
    for (name, batch) in &batches {
        match years.as_ref().and_then(|y| y.get(name)) {
            Some(years) => write::write_partitioned(&staging, name, "year", batch, years)?,
            None => write::write_parquet(&staging.join(format!("{name}.parquet")), batch)?,
        }
        report.rows.push((name.to_string(), batch.num_rows()));
    }
    for r in &recs {
        *report
            .by_status
            .entry(r.status.unwrap_or(Status::Failed).as_str())
            .or_default() += 1;
        if let Some(e) = &r.error {
            report.warnings.push((r.source_file.clone(), e.clone()));
        }
    }
    let _ = std::fs::write(staging.join(".gitkeep"), "");
    laps.time("write");
    let keyed: Vec<(Option<String>, DocumentRecord)> = keys.into_iter().zip(recs).collect();
    cache::write(&staging, fingerprint, entries, &keyed)?;
    let recs: Vec<DocumentRecord> = keyed.into_iter().map(|k| k.1).collect();
    laps.time("write_cache");
    report.seconds = laps.started.elapsed().as_secs_f64();
    let m = manifest::Manifest::new(
        &run_id,
        laps.started_at,
        config,
        fingerprint,
        &recs,
        &report,
        &laps.stages,
    );
    m.write(&staging)?;
    publish::swap_in(&staging, &config.output)?;
    Ok(report)
}

//! A build from end to end: walk the corpus, run every document through the
//! stages in parallel, aggregate, write the tables and publish them.

use std::collections::{BTreeMap, HashSet};
use std::panic::AssertUnwindSafe;
use std::path::Path;
use std::time::Instant;

use rayon::prelude::*;

use crate::assemble::{Assembler, Done};
use crate::cache;
use crate::chunking;
use crate::config::Config;
use crate::error::Result;
use crate::manifest;
use crate::model::{DocId, DocumentRecord, RawDocument, Rejected, Status};
use crate::publish;
use crate::reference::Reference;
use crate::stages::ingest::{self, Found};
use crate::stages::{clean, extract, normalize, segment};
use crate::store;

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
    /// Chunks of documents written (see [`crate::chunking`]).
    pub chunks: usize,
    /// Chunks copied unchanged from the previous build, row groups and all.
    pub chunks_reused: usize,
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

/// What is known of one file before its chunk is decided: its previous
/// index entry when its size and time are unchanged (the file is not read),
/// else its bytes and cache key, or why it cannot be read.
enum Probe {
    Unchanged(cache::Entry),
    Read(ingest::FileBytes, String),
    Unreadable(Rejected),
}

impl Probe {
    fn member<'a>(&'a self, id: &'a DocId) -> chunking::Member<'a> {
        match self {
            Probe::Unchanged(e) => chunking::Member::Keyed(&e.key),
            Probe::Read(_, key) => chunking::Member::Keyed(key),
            Probe::Unreadable(_) => chunking::Member::Unkeyed(&id.source_file),
        }
    }
}

fn probe(
    config: &Config,
    found: &Found,
    id: &DocId,
    stamp: Option<cache::Stamp>,
    previous: Option<&cache::Previous>,
    fingerprint: &str,
) -> Probe {
    if let (Some(prev), Some(stamp)) = (previous, stamp)
        && let Some(e) = prev.index.get(&id.source_file)
        && prev.index.unchanged(e, stamp)
    {
        return Probe::Unchanged(e.clone());
    }
    match ingest::read(&config.input, found, config.max_file_bytes) {
        Ok(file) => {
            let key = cache_key(&file.id.source_file, &file.sha256, fingerprint);
            Probe::Read(file, key)
        }
        Err(rejected) => Probe::Unreadable(rejected),
    }
}

/// One file's record: the previous build's when its key is unchanged,
/// else parsed from the bytes read by [`probe`] (or read now, when the
/// unchanged file's record could not be read back).
fn materialize(
    config: &Config,
    found: &Found,
    probe: Probe,
    stamp: Option<cache::Stamp>,
    previous: Option<&cache::Previous>,
    reference: &Reference,
    fingerprint: &str,
) -> (Done, Origin) {
    let (file, key) = match probe {
        Probe::Unchanged(e) => {
            if let Some((line, record)) = previous.and_then(|p| p.read(&e)) {
                let done = Done {
                    key: Some(e.key),
                    record,
                    line: Some(line),
                    stamp: stamp.map(|s| (s, e.sha256)),
                };
                return (done, Origin::Reused);
            }
            match ingest::read(&config.input, found, config.max_file_bytes) {
                Ok(file) => {
                    let key = cache_key(&file.id.source_file, &file.sha256, fingerprint);
                    (file, key)
                }
                Err(rejected) => return (unreadable(rejected), Origin::Parsed),
            }
        }
        Probe::Read(file, key) => (file, key),
        Probe::Unreadable(rejected) => return (unreadable(rejected), Origin::Parsed),
    };
    let stamp = stamp.map(|s| (s, file.sha256.clone()));
    if let Some(prev) = previous
        && let Some(e) = prev.index.get(&file.id.source_file)
        && e.key == key
        && let Some((line, record)) = prev.read(e)
    {
        let done = Done {
            key: Some(key),
            record,
            line: Some(line),
            stamp,
        };
        return (done, Origin::Reused);
    }
    let record = match ingest::decode_file(file) {
        Ok(raw) => process_raw(raw, reference),
        Err(rejected) => normalize::failed(rejected),
    };
    let done = Done {
        key: Some(key),
        record,
        line: None,
        stamp,
    };
    (done, Origin::Parsed)
}

fn unreadable(rejected: Rejected) -> Done {
    Done {
        key: None,
        record: normalize::failed(rejected),
        line: None,
        stamp: None,
    }
}

/// The settings that shape a chunk's tables but not its records, for its name.
fn chunk_setting(config: &Config) -> String {
    format!("{} {}", config.layout.as_str(), config.chunk_documents)
}

/// A chunk, decided: reused whole from the previous build, or assembled
/// from its documents' records.
enum Work<'p> {
    Reuse {
        chunk: &'p cache::ChunkLine,
        summary: Box<cache::Summary>,
        entries: Vec<cache::Entry>,
    },
    Assemble {
        name: String,
        reusable: bool,
        docs: Vec<(Done, Origin)>,
    },
}

/// Decides one chunk and does the reading and parsing it needs, in parallel.
#[allow(clippy::too_many_arguments)]
fn work_on<'p>(
    config: &Config,
    chunk: &[(DocId, Found)],
    stamps: &[Option<cache::Stamp>],
    previous: Option<&'p cache::Previous>,
    reference: &Reference,
    fingerprint: &str,
    progress: &dyn Progress,
) -> Work<'p> {
    let probes: Vec<Probe> = chunk
        .par_iter()
        .zip(stamps)
        .map(|((id, f), stamp)| probe(config, f, id, *stamp, previous, fingerprint))
        .collect();
    let (name, reusable) = chunking::name(
        &chunk_setting(config),
        probes.iter().zip(chunk).map(|(p, (id, _))| p.member(id)),
    );
    if let Some(prev) = previous
        && let Some(line) = prev.chunk(&name)
        && let Some(summary) = prev.summary(&name)
    {
        // Same name, same keys: every document has its entry in the index.
        let entries: Option<Vec<cache::Entry>> = probes
            .iter()
            .zip(chunk)
            .zip(stamps)
            .map(|((p, (id, _)), stamp)| {
                let e = prev.index.get(&id.source_file)?;
                let sha256 = match p {
                    Probe::Read(file, _) => file.sha256.clone(),
                    _ => e.sha256.clone(),
                };
                Some(cache::Entry {
                    stamp: *stamp,
                    sha256,
                    ..e.clone()
                })
            })
            .collect();
        if let Some(entries) = entries {
            chunk.iter().for_each(|_| progress.advance());
            return Work::Reuse {
                chunk: line,
                summary: Box::new(summary),
                entries,
            };
        }
    }
    let docs = probes
        .into_par_iter()
        .zip(chunk)
        .zip(stamps)
        .map(|((p, (_, f)), stamp)| {
            let r = materialize(config, f, p, *stamp, previous, reference, fingerprint);
            progress.advance();
            r
        })
        .collect();
    Work::Assemble {
        name,
        reusable,
        docs,
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

/// What every build does first: load the reference data, take the output
/// folder's lock and clear what killed builds left behind.
struct Started {
    laps: Laps,
    reference: Reference,
    fingerprint: String,
    _lock: publish::Lock,
}

fn start(config: &Config, wait_for_lock: bool) -> Result<Started> {
    let mut laps = Laps::new();
    let reference = Reference::load(config)?;
    let fingerprint = config.fingerprint()?;
    laps.time("load_reference");
    let lock = publish::lock(&config.output, wait_for_lock)?;
    publish::sweep_stale(&config.output);
    Ok(Started {
        laps,
        reference,
        fingerprint,
        _lock: lock,
    })
}

/// A staging folder beside the output folder, and the assembler writing into it.
fn stage(config: &Config) -> Result<(std::path::PathBuf, Assembler)> {
    let staging = publish::staging_dir(&config.output, &std::process::id().to_string())?;
    let assembler = Assembler::new(&staging, config.layout)?;
    Ok((staging, assembler))
}

pub fn build_with(
    config: &Config,
    wait_for_lock: bool,
    progress: &dyn Progress,
) -> Result<BuildReport> {
    let Started {
        mut laps,
        reference,
        fingerprint,
        _lock,
    } = start(config, wait_for_lock)?;
    // Sorted by doc_id, the tables' order, so documents can be written as
    // they are parsed.
    // Each file is stat'ed once, by the walk: for the up-to-date check and
    // for the index.
    let mut found: Vec<((DocId, Found), Option<cache::Stamp>)> =
        ingest::walk_with_metadata(&config.input)?
            .into_iter()
            .map(|(f, metadata)| {
                let path = match &f {
                    Found::File(p) | Found::Broken(p, _) => p,
                };
                let stamp = metadata.as_ref().and_then(cache::stamp_of);
                ((ingest::doc_id(&config.input, path), f), stamp)
            })
            .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0));
    let (found, stamps): (Vec<(DocId, Found)>, Vec<Option<cache::Stamp>>) =
        found.into_iter().unzip();
    laps.time("walk");
    let previous = cache::Previous::open(&config.output, &fingerprint);
    laps.time("open_cache");
    if let Some(report) = up_to_date(config, &found, &stamps, previous.as_ref(), &laps) {
        return Ok(report);
    }

    let (staging, mut assembler) = stage(config)?;
    let (mut parsed, mut reused) = (0, 0);
    let (mut chunks, mut chunks_reused) = (0, 0);
    progress.start(found.len() as u64);
    let previous = previous.as_ref();
    let mut put = |work: Work, assembler: &mut Assembler| -> Result<()> {
        chunks += 1;
        match work {
            Work::Reuse {
                chunk,
                summary,
                entries,
            } => {
                reused += entries.len();
                chunks_reused += 1;
                let prev = previous.expect("reused from a previous build");
                assembler.reuse(prev, chunk, *summary, entries)
            }
            Work::Assemble {
                name,
                reusable,
                docs,
            } => {
                let mut done = Vec::with_capacity(docs.len());
                for (d, origin) in docs {
                    match origin {
                        Origin::Parsed => parsed += 1,
                        Origin::Reused => reused += 1,
                    }
                    done.push(d);
                }
                assembler.push(&name, reusable, done)
            }
        }
    };
    let bounds = chunking::Bounds::around(config.chunk_documents);
    let ranges = chunking::split(&found, bounds, |(id, _)| id.doc_id.as_str());
    // While a batch of chunks is written (one thread), the next batch is
    // decided, read and parsed (the rest of the pool), so writing does not
    // leave cores idle. A batch holds a few chunks so that reused chunks,
    // whose summaries are all there is to read, are also read side by side.
    let batch = rayon::current_num_threads().max(2);
    let mut pending: Vec<Work> = Vec::new();
    for ranges in ranges.chunks(batch) {
        let work = || -> Vec<Work> {
            ranges
                .par_iter()
                .map(|range| {
                    work_on(
                        config,
                        &found[range.clone()],
                        &stamps[range.clone()],
                        previous,
                        &reference,
                        &fingerprint,
                        progress,
                    )
                })
                .collect()
        };
        let write = || -> Result<()> {
            for w in pending.drain(..) {
                put(w, &mut assembler)?;
            }
            Ok(())
        };
        let (next, written) = rayon::join(work, write);
        written?;
        pending = next;
    }
    for w in pending {
        put(w, &mut assembler)?;
    }
    progress.finish();
    laps.time("parse_and_write");
    let report = BuildReport {
        parsed,
        reused,
        chunks,
        chunks_reused,
        ..Default::default()
    };
    finish(
        config,
        &reference,
        &fingerprint,
        staging,
        assembler,
        report,
        laps,
    )
}

/// Builds the tables from shards of records written by `chancery extract
/// --jsonl` (see [`crate::store`]) and publishes them as a build would.
/// The shards' records are held in memory while they are sorted.
pub fn build_from_shards(
    config: &Config,
    shards: &Path,
    wait_for_lock: bool,
) -> Result<BuildReport> {
    let Started {
        mut laps,
        reference,
        fingerprint,
        _lock,
    } = start(config, wait_for_lock)?;
    let mut stored = store::read_dir(shards)?;
    laps.time("read_shards");
    let (staging, mut assembler) = stage(config)?;
    let total = stored.len();
    let mut chunks = 0;
    let bounds = chunking::Bounds::around(config.chunk_documents);
    for range in chunking::split(&stored, bounds, |s| s.record.doc_id.as_str()) {
        chunks += 1;
        let (name, reusable) = chunking::name(
            &chunk_setting(config),
            stored[range.clone()].iter().map(|s| match &s.key {
                Some(key) => chunking::Member::Keyed(key),
                None => chunking::Member::Unkeyed(&s.record.source_file),
            }),
        );
        let chunk: Vec<Done> = stored[range]
            .iter_mut()
            .map(|s| Done {
                key: s.key.take(),
                record: std::mem::take(&mut s.record),
                line: None,
                stamp: None,
            })
            .collect();
        assembler.push(&name, reusable, chunk)?;
    }
    laps.time("write");
    let report = BuildReport {
        parsed: total,
        chunks,
        ..Default::default()
    };
    finish(
        config,
        &reference,
        &fingerprint,
        staging,
        assembler,
        report,
        laps,
    )
}

/// The report of a rebuild that has nothing to do: every file has the size
/// and time the last build recorded, no file came or went, and the
/// configuration and layout are the same. The published tables stand.
fn up_to_date(
    config: &Config,
    found: &[(DocId, Found)],
    stamps: &[Option<cache::Stamp>],
    previous: Option<&cache::Previous>,
    laps: &Laps,
) -> Option<BuildReport> {
    let index = &previous?.index;
    if index.len() != found.len() {
        return None;
    }
    // A broken path has no stamp, so it is never up to date.
    let unchanged = found.iter().zip(stamps).all(|((id, _), stamp)| {
        index
            .get(&id.source_file)
            .zip(*stamp)
            .is_some_and(|(e, s)| index.unchanged(e, s))
    });
    if !unchanged {
        return None;
    }
    let manifest = manifest::read(&config.output)?;
    if manifest.layout != config.layout.as_str()
        || manifest.chunk_documents != config.chunk_documents
        || !config.output.join("documents.parquet").is_file()
    {
        return None;
    }
    Some(BuildReport {
        documents: found.len(),
        parsed: 0,
        reused: found.len(),
        removed: 0,
        chunks: manifest.chunks,
        chunks_reused: manifest.chunks,
        by_status: manifest
            .documents_by_status
            .iter()
            .filter_map(|(k, v)| Status::parse(k).map(|s| (s.as_str(), *v)))
            .collect(),
        rows: manifest.rows.into_iter().collect(),
        warnings: Vec::new(),
        seconds: laps.started.elapsed().as_secs_f64(),
        up_to_date: true,
    })
}

/// Writes the aggregate tables, the cache index and the manifest to the
/// staging folder and swaps it in for the output folder.
fn finish(
    config: &Config,
    reference: &Reference,
    fingerprint: &str,
    staging: std::path::PathBuf,
    assembler: Assembler,
    mut report: BuildReport,
    mut laps: Laps,
) -> Result<BuildReport> {
    let run_id = format!(
        "{}-{}",
        laps.started_at.format("%Y%m%dT%H%M%S%.3fZ"),
        std::process::id()
    );
    let totals = assembler.finish(reference, fingerprint)?;
    let _ = std::fs::write(staging.join(".gitkeep"), "");
    laps.time("aggregate");
    let previous: HashSet<String> = manifest::read_doc_ids(&config.output).into_iter().collect();
    let now: HashSet<&str> = totals.doc_ids.iter().map(String::as_str).collect();
    report.removed = previous
        .iter()
        .filter(|id| !now.contains(id.as_str()))
        .count();
    report.documents = totals.doc_ids.len();
    report.by_status = totals.by_status.clone();
    report.rows = totals.rows.clone();
    report.warnings = totals.warnings.clone();
    report.seconds = laps.started.elapsed().as_secs_f64();
    let m = manifest::Manifest::new(
        &run_id,
        laps.started_at,
        config,
        fingerprint,
        &totals,
        &report,
        &laps.stages,
    );
    m.write(&staging)?;
    publish::swap_in(&staging, &config.output)?;
    Ok(report)
}

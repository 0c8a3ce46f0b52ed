//! Assembling a build's outputs from records that arrive in doc_id order,
//! a chunk at a time: the per-document tables are streamed to their Parquet
//! files, the cache lines are appended, and the aggregate tables keep only
//! running counts. Memory stays bounded by a chunk and the counts, not by
//! the corpus.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow::datatypes::SchemaRef;
use arrow::record_batch::RecordBatch;
use parquet::arrow::ArrowWriter;
use rayon::prelude::*;

use crate::cache;
use crate::config::Layout;
use crate::error::{Error, Result};
use crate::model::{DocumentRecord, Status};
use crate::reference::Reference;
use crate::stages::aggregate::Aggregator;
use crate::stages::write;
use crate::store;
use crate::tables;

/// Documents per chunk. Chunk boundaries shape the Parquet pages, so every
/// way of building (single, incremental, from shards) uses the same size.
pub const CHUNK: usize = 1024;

/// Tables written a chunk at a time, in writing order.
const STREAMED: [&str; 5] = [
    "documents",
    "meetings",
    "participants",
    "distribution",
    "topic_mentions",
];

/// Tables that `--partition-by year` splits into Hive folders.
const PARTITIONED: [&str; 3] = ["meetings", "participants", "topic_mentions"];

/// One document ready to be written.
pub struct Done {
    pub key: Option<String>,
    pub record: DocumentRecord,
    /// The record's cache line as the previous build wrote it, when reused:
    /// copied as is instead of serialized again.
    pub line: Option<Vec<u8>>,
    /// The file's size, time and hash, for the next build's index.
    pub stamp: Option<(cache::Stamp, String)>,
}

/// What the assembled documents add up to, for the report and manifest.
#[derive(Debug, Default)]
pub struct Totals {
    pub doc_ids: Vec<String>,
    pub input_bytes: u64,
    pub by_status: BTreeMap<&'static str, usize>,
    pub warnings: Vec<(String, String)>,
    pub rows: Vec<(String, usize)>,
}

pub struct Assembler {
    dir: PathBuf,
    layout: Layout,
    schemas: BTreeMap<&'static str, SchemaRef>,
    writers: BTreeMap<PathBuf, ArrowWriter<File>>,
    rows: BTreeMap<&'static str, usize>,
    aggregator: Aggregator,
    cache_lines: BufWriter<File>,
    cache_lines_path: PathBuf,
    cache_offset: u64,
    entries: Vec<cache::Entry>,
    totals: Totals,
}

fn write_error(path: &Path) -> impl Fn(String) -> Error + '_ {
    move |message| Error::Write {
        path: path.to_owned(),
        message,
    }
}

impl Assembler {
    /// Starts the outputs in `dir` (a staging folder).
    pub fn new(dir: &Path, layout: Layout) -> Result<Self> {
        let mut schemas = BTreeMap::new();
        for (name, table) in per_document(&[]) {
            schemas.insert(name, table.batch()?.schema());
        }
        let cache_dir = dir.join(cache::DIR);
        std::fs::create_dir_all(&cache_dir).map_err(|e| write_error(&cache_dir)(e.to_string()))?;
        let lines_path = cache::records_path(dir);
        let lines =
            File::create(&lines_path).map_err(|e| write_error(&lines_path)(e.to_string()))?;
        Ok(Assembler {
            dir: dir.to_owned(),
            layout,
            schemas,
            writers: BTreeMap::new(),
            rows: BTreeMap::new(),
            aggregator: Aggregator::new(),
            cache_lines: BufWriter::with_capacity(1 << 20, lines),
            cache_lines_path: lines_path,
            cache_offset: 0,
            entries: Vec::new(),
            totals: Totals::default(),
        })
    }

    fn writer(&mut self, table: &'static str, rel: PathBuf) -> Result<&mut ArrowWriter<File>> {
        if !self.writers.contains_key(&rel) {
            let path = self.dir.join(&rel);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|e| write_error(parent)(e.to_string()))?;
            }
            let w = write::open_writer(&path, Arc::clone(&self.schemas[table]))?;
            self.writers.insert(rel.clone(), w);
        }
        Ok(self.writers.get_mut(&rel).expect("inserted above"))
    }

    fn write_batch(
        &mut self,
        table: &'static str,
        rel: PathBuf,
        batch: &RecordBatch,
    ) -> Result<()> {
        let path = self.dir.join(&rel);
        self.writer(table, rel)?
            .write(batch)
            .map_err(|e| write_error(&path)(e.to_string()))
    }

    /// Adds a chunk of documents, in doc_id order.
    pub fn push(&mut self, chunk: Vec<Done>) -> Result<()> {
        // Serializing is the costly part of a cache line: done in parallel.
        let chunk: Vec<(Done, Vec<u8>)> = chunk
            .into_par_iter()
            .map(|mut d| {
                let line = match d.line.take() {
                    Some(line) => line,
                    None => {
                        let mut buf = Vec::with_capacity(4096);
                        store::write_line(&mut buf, d.key.as_deref(), &d.record)?;
                        buf
                    }
                };
                Ok((d, line))
            })
            .collect::<Result<_>>()?;
        let mut records = Vec::with_capacity(chunk.len());
        for (d, line) in chunk {
            let start = self.cache_offset;
            self.cache_lines
                .write_all(&line)
                .map_err(|e| write_error(&self.cache_lines_path)(e.to_string()))?;
            self.cache_offset += line.len() as u64;
            if let Some(key) = d.key {
                self.entries.push(cache::Entry {
                    source_file: d.record.source_file.clone(),
                    stamp: d.stamp.as_ref().map(|s| s.0),
                    sha256: d
                        .stamp
                        .map(|s| s.1)
                        .or_else(|| d.record.sha256.clone())
                        .unwrap_or_default(),
                    key,
                    offset: start,
                    len: line.len() as u64,
                });
            }
            records.push(d.record);
        }
        // The aggregates and the tables need the same records but nothing of
        // each other: on a rebuild that reuses most records they are most of
        // the work, so they run side by side.
        let mut aggregator = std::mem::take(&mut self.aggregator);
        let (written, ()) = rayon::join(
            || self.write_tables(&records),
            || records.iter().for_each(|r| aggregator.add(r)),
        );
        self.aggregator = aggregator;
        written?;
        for r in records {
            self.totals.doc_ids.push(r.doc_id.clone());
            self.totals.input_bytes += r.bytes.unwrap_or(0);
            *self
                .totals
                .by_status
                .entry(r.status.unwrap_or(Status::Failed).as_str())
                .or_default() += 1;
            if let Some(e) = &r.error {
                self.totals
                    .warnings
                    .push((r.source_file.clone(), e.clone()));
            }
        }
        Ok(())
    }

    /// Appends one chunk's rows to the per-document tables.
    fn write_tables(&mut self, records: &[DocumentRecord]) -> Result<()> {
        let years = (self.layout == Layout::Year).then(|| tables::partition_years(records));
        for (name, table) in per_document(records) {
            let batch = table.batch()?;
            *self.rows.entry(name).or_default() += batch.num_rows();
            match years.as_ref().and_then(|y| y.get(name)) {
                Some(years) => {
                    for (value, part) in write::split_by(&batch, years)? {
                        let rel = PathBuf::from(name)
                            .join(write::partition_folder("year", value))
                            .join("part-0.parquet");
                        self.write_batch(name, rel, &part)?;
                    }
                }
                None => {
                    if batch.num_rows() > 0 {
                        self.write_batch(name, PathBuf::from(format!("{name}.parquet")), &batch)?;
                    }
                }
            }
        }
        Ok(())
    }

    /// Writes the aggregate tables and the cache index, and closes every file.
    pub fn finish(mut self, reference: &Reference, fingerprint: &str) -> Result<Totals> {
        // A table with no rows still gets a file, so readers see its schema.
        for name in STREAMED {
            let partitioned = self.layout == Layout::Year && PARTITIONED.contains(&name);
            let rel = if partitioned {
                PathBuf::from(name)
                    .join(write::partition_folder("year", None))
                    .join("part-0.parquet")
            } else {
                PathBuf::from(format!("{name}.parquet"))
            };
            let any = self
                .writers
                .keys()
                .any(|k| *k == rel || k.starts_with(name));
            if !any {
                self.writer(name, rel)?;
            }
        }
        for (rel, w) in std::mem::take(&mut self.writers) {
            let path = self.dir.join(&rel);
            let file = w
                .into_inner()
                .map_err(|e| write_error(&path)(e.to_string()))?;
            file.sync_all()
                .map_err(|e| write_error(&path)(e.to_string()))?;
        }
        self.cache_lines
            .flush()
            .map_err(|e| write_error(&self.cache_lines_path)(e.to_string()))?;
        cache::write_index(&self.dir, fingerprint, &self.entries)?;

        let aggregated = tables::aggregated_from(&self.aggregator, reference)?;
        let mut rows: BTreeMap<&str, usize> = self.rows.clone();
        for (name, batch) in &aggregated {
            write::write_parquet(&self.dir.join(format!("{name}.parquet")), batch)?;
            rows.insert(name, batch.num_rows());
        }
        self.totals.rows = tables::NAMES
            .iter()
            .map(|n| (n.to_string(), rows.get(n).copied().unwrap_or(0)))
            .collect();
        Ok(self.totals)
    }
}

/// The per-document tables of some records, in writing order.
fn per_document(records: &[DocumentRecord]) -> [(&'static str, write::Table); 5] {
    [
        (STREAMED[0], tables::documents(records)),
        (STREAMED[1], tables::meetings(records)),
        (STREAMED[2], tables::participants(records)),
        (STREAMED[3], tables::distribution(records)),
        (STREAMED[4], tables::topic_mentions(records)),
    ]
}

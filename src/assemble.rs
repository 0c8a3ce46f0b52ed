//! Assembling a build's outputs from chunks of records that arrive in
//! doc_id order: each chunk becomes one row group of each per-document
//! table, one file of cache lines and one summary of counts, and the
//! aggregate tables are the chunks' counts added up. A chunk unchanged since
//! the last build is not read at all: its row groups are copied still
//! encoded and its files linked. Memory stays bounded by a chunk and the
//! counts, not by the corpus.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow::datatypes::SchemaRef;
use rayon::prelude::*;

use crate::cache::{self, ChunkLine, Summary};
use crate::config::Layout;
use crate::error::{Error, Result};
use crate::model::{DocumentRecord, Status};
use crate::reference::Reference;
use crate::stages::aggregate::Aggregator;
use crate::stages::write::{self, TableFile};
use crate::tables;

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

impl Totals {
    /// Takes a chunk's ids and warnings over rather than copying them: the
    /// summary is spent once added.
    fn add(&mut self, s: &mut Summary) {
        self.doc_ids.append(&mut s.doc_ids);
        self.input_bytes += s.input_bytes;
        for (status, n) in &s.by_status {
            let status = Status::parse(status).unwrap_or(Status::Failed).as_str();
            *self.by_status.entry(status).or_default() += n;
        }
        self.warnings.append(&mut s.warnings);
    }
}

pub struct Assembler {
    dir: PathBuf,
    layout: Layout,
    schemas: BTreeMap<&'static str, SchemaRef>,
    /// Open table files, by path below `dir`.
    files: BTreeMap<String, TableFile>,
    rows: BTreeMap<String, usize>,
    aggregator: Aggregator,
    chunks: Vec<ChunkLine>,
    entries: Vec<cache::Entry>,
    totals: Totals,
}

fn write_error(path: &Path) -> impl Fn(String) -> Error + '_ {
    move |message| Error::Write {
        path: path.to_owned(),
        message,
    }
}

/// The table a file below the output folder belongs to.
fn table_of(rel: &str) -> &str {
    let first = rel.split('/').next().unwrap_or(rel);
    first.strip_suffix(".parquet").unwrap_or(first)
}

impl Assembler {
    /// Starts the outputs in `dir` (a staging folder).
    pub fn new(dir: &Path, layout: Layout) -> Result<Self> {
        let mut schemas = BTreeMap::new();
        for (name, table) in per_document(&[]) {
            schemas.insert(name, table.batch()?.schema());
        }
        let chunks_dir = cache::chunks_dir(dir);
        std::fs::create_dir_all(&chunks_dir)
            .map_err(|e| write_error(&chunks_dir)(e.to_string()))?;
        Ok(Assembler {
            dir: dir.to_owned(),
            layout,
            schemas,
            files: BTreeMap::new(),
            rows: BTreeMap::new(),
            aggregator: Aggregator::new(),
            chunks: Vec::new(),
            entries: Vec::new(),
            totals: Totals::default(),
        })
    }

    fn file(&mut self, rel: &str) -> Result<&mut TableFile> {
        if !self.files.contains_key(rel) {
            let path = self.dir.join(rel);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|e| write_error(parent)(e.to_string()))?;
            }
            let schema = self
                .schemas
                .iter()
                .find(|(name, _)| **name == table_of(rel))
                .map(|(_, s)| Arc::clone(s))
                .ok_or_else(|| write_error(&path)("not a table of chancery's".into()))?;
            self.files
                .insert(rel.to_string(), TableFile::create(&path, schema)?);
        }
        Ok(self.files.get_mut(rel).expect("inserted above"))
    }

    /// Adds a chunk of documents (see [`crate::chunking`]), in doc_id order,
    /// under the chunk's name.
    pub fn push(&mut self, name: &str, reusable: bool, chunk: Vec<Done>) -> Result<()> {
        let path = cache::records_path(&self.dir, name);
        // Serializing is the costly part of a cache line: done in parallel.
        let chunk: Vec<(Done, Vec<u8>)> = chunk
            .into_par_iter()
            .map(|mut d| {
                let line = match d.line.take() {
                    Some(line) => line,
                    // A record without a key is never looked up again.
                    None => match &d.key {
                        Some(key) => {
                            cache::encode_record(key, &d.record).map_err(write_error(&path))?
                        }
                        None => Vec::new(),
                    },
                };
                Ok((d, line))
            })
            .collect::<Result<_>>()?;
        let file = File::create(&path).map_err(|e| write_error(&path)(e.to_string()))?;
        let mut lines = BufWriter::with_capacity(1 << 20, file);
        let mut offset = 0;
        let mut records = Vec::with_capacity(chunk.len());
        for (d, line) in chunk {
            lines
                .write_all(&line)
                .map_err(|e| write_error(&path)(e.to_string()))?;
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
                    chunk: name.to_string(),
                    offset,
                    len: line.len() as u64,
                });
            }
            offset += line.len() as u64;
            records.push(d.record);
        }
        lines
            .flush()
            .map_err(|e| write_error(&path)(e.to_string()))?;
        // The summary and the tables need the same records but nothing of
        // each other, so they are made side by side.
        let (written, summary) =
            rayon::join(|| self.write_tables(&records), || summarize(&records));
        let (row_groups, rows) = written?;
        let mut summary = summary;
        summary.rows = rows;
        let path = cache::summary_path(&self.dir, name);
        let bytes = cache::encode_summary(&summary).map_err(write_error(&path))?;
        std::fs::write(&path, bytes).map_err(|e| write_error(&path)(e.to_string()))?;
        self.chunks.push(ChunkLine {
            name: name.to_string(),
            reusable,
            documents: records.len(),
            row_groups,
        });
        self.add(summary);
        Ok(())
    }

    /// Adds a chunk of the previous build unchanged: its row groups are
    /// copied still encoded, its files linked, its summary added up.
    pub fn reuse(
        &mut self,
        previous: &cache::Previous,
        chunk: &ChunkLine,
        summary: Summary,
        entries: Vec<cache::Entry>,
    ) -> Result<()> {
        previous.link_chunk(&chunk.name, &self.dir)?;
        let mut row_groups = BTreeMap::new();
        for (rel, &group) in &chunk.row_groups {
            let from = previous.table(rel).ok_or_else(|| {
                write_error(&self.dir.join(rel))("the previous file is gone".into())
            })?;
            let at = self.file(rel)?.copy(from, group)?;
            row_groups.insert(rel.clone(), at);
        }
        self.entries.extend(entries);
        self.chunks.push(ChunkLine {
            row_groups,
            ..chunk.clone()
        });
        self.add(summary);
        Ok(())
    }

    fn add(&mut self, mut summary: Summary) {
        for (table, n) in &summary.rows {
            *self.rows.entry(table.clone()).or_default() += n;
        }
        self.totals.add(&mut summary);
        self.aggregator.merge(summary.aggregator);
    }

    /// Writes one chunk's rows to the per-document tables, one row group per
    /// file; returns the row groups by file, and the rows by table.
    #[allow(clippy::type_complexity)]
    fn write_tables(
        &mut self,
        records: &[DocumentRecord],
    ) -> Result<(BTreeMap<String, usize>, BTreeMap<String, usize>)> {
        let years = (self.layout == Layout::Year).then(|| tables::partition_years(records));
        let mut row_groups = BTreeMap::new();
        let mut rows = BTreeMap::new();
        for (name, table) in per_document(records) {
            let batch = table.batch()?;
            rows.insert(name.to_string(), batch.num_rows());
            let parts = match years.as_ref().and_then(|y| y.get(name)) {
                Some(years) => write::split_by(&batch, years)?
                    .into_iter()
                    .map(|(value, part)| {
                        let rel = format!(
                            "{name}/{}/part-0.parquet",
                            write::partition_folder("year", value)
                        );
                        (rel, part)
                    })
                    .collect(),
                None if batch.num_rows() > 0 => vec![(format!("{name}.parquet"), batch)],
                None => Vec::new(),
            };
            for (rel, part) in parts {
                let group = self.file(&rel)?.write(&part)?;
                row_groups.insert(rel, group);
            }
        }
        Ok((row_groups, rows))
    }

    /// Writes the aggregate tables and the cache index, and closes every file.
    pub fn finish(mut self, reference: &Reference, fingerprint: &str) -> Result<Totals> {
        // A table with no rows still gets a file, so readers see its schema.
        for name in STREAMED {
            let partitioned = self.layout == Layout::Year && PARTITIONED.contains(&name);
            let rel = if partitioned {
                format!(
                    "{name}/{}/part-0.parquet",
                    write::partition_folder("year", None)
                )
            } else {
                format!("{name}.parquet")
            };
            if !self.files.keys().any(|k| table_of(k) == name) {
                self.file(&rel)?;
            }
        }
        // Syncing the table files waits on the disk: the cache index and the
        // aggregate tables are written meanwhile.
        let files = std::mem::take(&mut self.files);
        let (synced, written) = rayon::join(
            || {
                files
                    .into_par_iter()
                    .map(|(_, f)| f.finish())
                    .collect::<Result<Vec<()>>>()
            },
            || -> Result<Vec<(&'static str, usize)>> {
                cache::write_index(&self.dir, fingerprint, &self.entries)?;
                cache::write_chunks(&self.dir, &self.chunks)?;
                let aggregated = tables::aggregated_from(&self.aggregator, reference)?;
                let mut rows = Vec::new();
                for (name, batch) in &aggregated {
                    write::write_parquet(&self.dir.join(format!("{name}.parquet")), batch)?;
                    rows.push((*name, batch.num_rows()));
                }
                Ok(rows)
            },
        );
        synced?;
        let mut rows = self.rows.clone();
        for (name, n) in written? {
            rows.insert(name.to_string(), n);
        }
        self.totals.rows = tables::NAMES
            .iter()
            .map(|n| (n.to_string(), rows.get(*n).copied().unwrap_or(0)))
            .collect();
        Ok(self.totals)
    }
}

/// What a chunk's records add to the corpus-wide tables and the totals.
fn summarize(records: &[DocumentRecord]) -> Summary {
    let mut s = Summary::default();
    for r in records {
        s.aggregator.add(r);
        s.doc_ids.push(r.doc_id.clone());
        s.input_bytes += r.bytes.unwrap_or(0);
        *s.by_status
            .entry(r.status.unwrap_or(Status::Failed).as_str().to_string())
            .or_default() += 1;
        if let Some(e) = &r.error {
            s.warnings.push((r.source_file.clone(), e.clone()));
        }
    }
    s
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

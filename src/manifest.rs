//! `manifest.json`: what a build read, wrote and took, beside the tables.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::assemble::Totals;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::pipeline::BuildReport;

#[derive(Debug, Serialize, Deserialize)]
pub struct Manifest {
    pub run_id: String,
    pub started: DateTime<Utc>,
    pub finished: DateTime<Utc>,
    pub chancery_version: String,
    pub schema_version: String,
    pub pipeline: String,
    pub config_hash: String,
    pub input: String,
    /// `flat` or `year` (see `--partition-by`).
    #[serde(default = "flat")]
    pub layout: String,
    pub input_files: usize,
    pub input_bytes: u64,
    pub parsed: usize,
    pub reused: usize,
    pub removed: usize,
    /// Chunks of documents written, and those copied from the last build.
    #[serde(default)]
    pub chunks: usize,
    #[serde(default)]
    pub chunks_reused: usize,
    /// The pipeline's `chunk_documents`.
    #[serde(default)]
    pub chunk_documents: usize,
    pub rows: BTreeMap<String, usize>,
    pub documents_by_status: BTreeMap<String, usize>,
    pub seconds_by_stage: BTreeMap<String, f64>,
    pub warnings: usize,
    pub warnings_sample: Vec<String>,
    pub doc_ids: Vec<String>,
}

impl Manifest {
    pub fn new(
        run_id: &str,
        started: DateTime<Utc>,
        config: &Config,
        fingerprint: &str,
        totals: &Totals,
        report: &BuildReport,
        stages: &[(&str, f64)],
    ) -> Self {
        Manifest {
            run_id: run_id.to_string(),
            started,
            finished: Utc::now(),
            chancery_version: env!("CARGO_PKG_VERSION").to_string(),
            schema_version: crate::stages::write::SCHEMA_VERSION.to_string(),
            pipeline: config.name.clone(),
            config_hash: fingerprint.to_string(),
            input: config.input.display().to_string(),
            layout: config.layout.as_str().to_string(),
            input_files: totals.doc_ids.len(),
            input_bytes: totals.input_bytes,
            parsed: report.parsed,
            reused: report.reused,
            removed: report.removed,
            chunks: report.chunks,
            chunks_reused: report.chunks_reused,
            chunk_documents: config.chunk_documents,
            rows: report.rows.iter().cloned().collect(),
            documents_by_status: report
                .by_status
                .iter()
                .map(|(k, v)| (k.to_string(), *v))
                .collect(),
            seconds_by_stage: stages.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
            warnings: report.warnings.len(),
            warnings_sample: report
                .warnings
                .iter()
                .take(20)
                .map(|(f, w)| format!("{f}: {w}"))
                .collect(),
            doc_ids: totals.doc_ids.clone(),
        }
    }

    pub fn write(&self, dir: &Path) -> Result<()> {
        let path = dir.join("manifest.json");
        let json = serde_json::to_string_pretty(self).map_err(|e| Error::Write {
            path: path.clone(),
            message: e.to_string(),
        })?;
        std::fs::write(&path, json).map_err(|e| Error::Write {
            path,
            message: e.to_string(),
        })
    }
}

fn flat() -> String {
    "flat".into()
}

/// The previous build's manifest, if there is a readable one.
pub fn read(output: &Path) -> Option<Manifest> {
    std::fs::read(output.join("manifest.json"))
        .ok()
        .and_then(|b| serde_json::from_slice::<Manifest>(&b).ok())
}

/// The documents of the previous build, from its manifest (empty if none).
pub fn read_doc_ids(output: &Path) -> Vec<String> {
    read(output).map(|m| m.doc_ids).unwrap_or_default()
}

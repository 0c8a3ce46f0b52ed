//! Pipeline definitions (`pipelines/*.toml`) and their merge with command-line overrides.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// One pipeline file. Relative paths are resolved against the folder that
/// holds the file's `pipelines/` directory (the project root), so a pipeline
/// works from any current directory.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PipelineFile {
    /// A short name shown in logs and the manifest.
    pub name: String,
    /// The corpus folder, walked recursively.
    pub input: PathBuf,
    /// Where the Parquet tables are written.
    pub output: PathBuf,
    /// The person authority (TOML).
    pub persons: PathBuf,
    /// The topic taxonomy (TOML).
    pub topics: PathBuf,
    /// Title and office words that are never part of a person's name (TOML).
    pub lexicon: PathBuf,
    /// Files larger than this are recorded as failed without being parsed.
    #[serde(default = "default_max_bytes")]
    pub max_file_bytes: u64,
    /// How the per-meeting tables are laid out: `flat` or `year`.
    #[serde(default)]
    pub partition_by: Layout,
    /// Documents per chunk, on average: the unit of a Parquet row group
    /// and of reuse by the next build (see `chancery::chunking`).
    #[serde(default = "default_chunk_documents")]
    pub chunk_documents: usize,
}

/// The layout of the output folder.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Layout {
    /// One Parquet file per table.
    #[default]
    Flat,
    /// meetings, participants and topic_mentions as Hive-partitioned
    /// folders (`meetings/year=1957/part-0.parquet`); other tables flat.
    Year,
}

impl Layout {
    pub fn as_str(self) -> &'static str {
        match self {
            Layout::Flat => "flat",
            Layout::Year => "year",
        }
    }
}

fn default_max_bytes() -> u64 {
    8 * 1024 * 1024
}

fn default_chunk_documents() -> usize {
    crate::chunking::Bounds::DEFAULT_AVERAGE
}

/// The configuration a run uses after the command line has had its say.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub name: String,
    pub input: PathBuf,
    pub output: PathBuf,
    pub persons: PathBuf,
    pub topics: PathBuf,
    pub lexicon: PathBuf,
    pub max_file_bytes: u64,
    pub layout: Layout,
    pub chunk_documents: usize,
}

/// Command-line values that replace the file's.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub input: Option<PathBuf>,
    pub output: Option<PathBuf>,
    pub layout: Option<Layout>,
}

impl PipelineFile {
    pub fn load(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
            path: path.to_owned(),
            source,
        })?;
        toml::from_str(&text).map_err(|e| Error::Config {
            path: path.to_owned(),
            message: e.to_string(),
        })
    }

    /// Resolves relative paths against `root` and applies the overrides.
    /// Overrides are taken as given (relative to the current directory).
    pub fn into_config(self, root: &Path, overrides: &Overrides) -> Config {
        let at = |p: PathBuf| if p.is_absolute() { p } else { root.join(p) };
        Config {
            name: self.name,
            input: overrides.input.clone().unwrap_or_else(|| at(self.input)),
            output: overrides.output.clone().unwrap_or_else(|| at(self.output)),
            persons: at(self.persons),
            topics: at(self.topics),
            lexicon: at(self.lexicon),
            max_file_bytes: self.max_file_bytes,
            layout: overrides.layout.unwrap_or(self.partition_by),
            chunk_documents: self.chunk_documents,
        }
    }
}

/// The project root for a pipeline file: the parent of its `pipelines/`
/// folder, or the file's own folder otherwise.
pub fn root_of(pipeline: &Path) -> PathBuf {
    let dir = pipeline.parent().unwrap_or(Path::new("."));
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    if dir.file_name().is_some_and(|n| n == "pipelines") {
        dir.parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."))
    } else {
        dir.to_path_buf()
    }
}

/// Loads a pipeline and applies overrides in one step.
pub fn load(pipeline: &Path, overrides: &Overrides) -> Result<Config> {
    let file = PipelineFile::load(pipeline)?;
    Ok(file.into_config(&root_of(pipeline), overrides))
}

impl Config {
    /// A digest of everything that changes what a run extracts: the
    /// reference files' contents and the limits. Paths of input and output
    /// are left out so a moved corpus keeps its cache.
    pub fn fingerprint(&self) -> Result<String> {
        let mut h = Sha256::new();
        for p in [&self.persons, &self.topics, &self.lexicon] {
            let bytes = std::fs::read(p).map_err(|source| Error::Read {
                path: p.clone(),
                source,
            })?;
            h.update((bytes.len() as u64).to_le_bytes());
            h.update(&bytes);
        }
        h.update(self.max_file_bytes.to_le_bytes());
        Ok(hex(&h.finalize()))
    }
}

/// Lower-case hex of a digest.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

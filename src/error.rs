//! Library errors: each names the file it concerns and why it failed.

use std::path::PathBuf;

/// Everything that can stop a run as a whole. A single bad document never
/// becomes one of these: it is recorded in `documents.parquet` instead.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: invalid configuration: {message}")]
    Config { path: PathBuf, message: String },
    #[error("{path}: invalid reference data: {message}")]
    Reference { path: PathBuf, message: String },
    #[error("cannot write {path}: {message}")]
    Write { path: PathBuf, message: String },
    #[error("{path}, line {line}: {message}")]
    Shard {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("input folder {path} does not exist or is not a folder")]
    MissingInput { path: PathBuf },
    #[error("{message}")]
    Usage { message: String },
    #[error("another build holds the lock {path} ({message}); wait for it, or pass --wait")]
    Locked { path: PathBuf, message: String },
}

impl Error {
    /// The process exit code this error maps to (see README, "Exit codes").
    pub fn exit_code(&self) -> ExitCode {
        match self {
            Error::Config { .. } | Error::Reference { .. } | Error::Usage { .. } => {
                ExitCode::Config
            }
            Error::MissingInput { .. } => ExitCode::Config,
            Error::Read { .. } | Error::Write { .. } | Error::Shard { .. } => ExitCode::Io,
            Error::Locked { .. } => ExitCode::Locked,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Exit codes, stable for schedulers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum ExitCode {
    /// Every document is `ok` or `partial`.
    Success = 0,
    /// The run finished but at least one document `failed`.
    DocumentsFailed = 2,
    /// The pipeline file, the reference data or the command line is wrong.
    Config = 3,
    /// Reading inputs or writing outputs failed.
    Io = 4,
    /// Another build holds the output folder's lock.
    Locked = 5,
}

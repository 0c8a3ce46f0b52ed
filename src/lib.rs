//! chancery turns declassified diplomatic records (embassy journals, records
//! of conversation, telegrams) into analytic Parquet tables: documents,
//! meetings and their participants, copy-distribution lists, topics, and a
//! person authority, every fact traceable to the words it came from.
//!
//! The pipeline is a chain of plain functions, one typed value per step
//! (see [`model`]):
//!
//! ```text
//! ingest → RawDocument → clean → CleanDocument → segment → SegmentedDocument
//!        → extract → ExtractedDocument → normalize → DocumentRecord → write
//! ```
//!
//! Grammar (how the genre writes dates, headers, names and copy lists) lives
//! in [`grammar`]; people, offices and topics live in `data/` and are loaded
//! by [`reference`].

pub mod assemble;
pub mod cache;
pub mod chunking;
pub mod cli;
pub mod commands;
pub mod config;
pub mod error;
pub mod grammar;
pub mod manifest;
pub mod model;
pub mod pipeline;
pub mod publish;
pub mod reference;
pub mod schema;
pub mod stages;
pub mod store;
pub mod tables;

pub use error::{Error, ExitCode, Result};

//! The command line, declared with clap's derive API.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Turn declassified diplomatic records into analytic Parquet tables.
///
/// chancery reads a folder of translated embassy journals, records of
/// conversation and telegrams, and writes who met whom, when, about what,
/// and who received a copy, as Parquet tables for pandas, polars or DuckDB.
///
/// Start with `chancery build`: it runs pipelines/default.toml over the
/// seed corpus in data/corpus/seeds and writes outputs/.
#[derive(Debug, Parser)]
#[command(name = "chancery", version, about, long_about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Parse a corpus and write the Parquet tables.
    ///
    /// Examples:
    ///   chancery build
    ///   chancery build --input ~/archive/hungarian --output ~/tables/hungarian
    ///   chancery build --pipeline pipelines/example.toml --allow-failures
    ///
    /// Exit codes: 0 every document ok or partial; 2 some document failed
    /// (0 with --allow-failures); 3 configuration error; 4 I/O error;
    /// 5 another build holds the output folder.
    #[command(verbatim_doc_comment)]
    Build(BuildArgs),
    /// Parse the files named on stdin and write their records as JSON lines
    /// on stdout: the map step of a distributed build.
    ///
    /// Each machine (a Spark task through RDD.pipe, a Hadoop Streaming
    /// mapper, one Kubernetes indexed Job per shard) runs this over its share
    /// of the paths; `chancery build --from-jsonl DIR` then assembles the
    /// shards into the same tables a single build writes.
    ///
    /// Example:
    ///   find corpus -name '*.txt' | sort | split -n r/3 - paths.
    ///   for p in paths.*; do chancery extract --jsonl --input corpus < $p > shards/$p.jsonl; done
    ///   chancery build --from-jsonl shards --output tables
    #[command(verbatim_doc_comment)]
    Extract(ExtractArgs),
    /// Print the tables' columns and types; with --markdown, the data
    /// dictionary (docs/tables.md): meaning, example and when null.
    ///
    /// Example: chancery schema --markdown > docs/tables.md
    #[command(verbatim_doc_comment)]
    Schema {
        #[command(flatten)]
        pipeline: PipelineArg,
        /// Print the full data dictionary as Markdown.
        #[arg(long)]
        markdown: bool,
    },
    /// Look up names in the person authority.
    #[command(subcommand)]
    Names(NamesCommand),
    /// Print the leading topics per period from a finished build.
    ///
    /// Examples:
    ///   chancery topics --by year
    ///   chancery topics --topic <id>,<id> --by quarter --from 1956-01-01
    #[command(verbatim_doc_comment)]
    Topics(TopicsArgs),
    /// Draw topic shares over time as an SVG or PNG chart.
    ///
    /// The share is the fraction of the period's documents that mention the
    /// topic, so a quarter with few documents does not read as a drop.
    ///
    /// Example: chancery chart --topic <id>,<id> --by quarter -o chart.svg
    #[command(verbatim_doc_comment)]
    Chart(ChartArgs),
    /// Show how one document is segmented and what is extracted from it:
    /// header, entries, closing, meetings with their people.
    ///
    /// Example: chancery inspect data/corpus/seeds/000_f088d2dbe8db9217.txt
    #[command(verbatim_doc_comment)]
    Inspect {
        #[command(flatten)]
        pipeline: PipelineArg,
        /// The document to inspect.
        file: PathBuf,
    },
}

#[derive(Debug, Args, Clone)]
pub struct PipelineArg {
    /// The pipeline definition to run (TOML). Defaults to pipelines/default.toml.
    #[arg(long, value_name = "FILE")]
    pub pipeline: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub pipeline: PipelineArg,
    /// Corpus folder to read instead of the pipeline's.
    #[arg(long, value_name = "DIR")]
    pub input: Option<PathBuf>,
    /// Folder to write the tables to instead of the pipeline's.
    #[arg(long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Exit 0 even when some documents failed (they are still recorded).
    #[arg(long)]
    pub allow_failures: bool,
    /// Wait for another build on the same output folder instead of exiting.
    #[arg(long)]
    pub wait: bool,
    /// How to report the run on stderr.
    #[arg(long, value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
    /// Write meetings, participants and topic_mentions as Hive-partitioned
    /// folders (meetings/year=1957/part-0.parquet) for DuckDB or Spark with
    /// hive partitioning. Overrides the pipeline's `partition_by`.
    #[arg(long, value_enum, value_name = "LAYOUT")]
    pub partition_by: Option<crate::config::Layout>,
    /// Assemble the tables from the JSON-lines shards in DIR (written by
    /// `chancery extract --jsonl` on other machines) instead of parsing.
    #[arg(long, value_name = "DIR", conflicts_with = "input")]
    pub from_jsonl: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    #[command(flatten)]
    pub pipeline: PipelineArg,
    /// The corpus root: doc_ids are paths below it. Relative paths on stdin
    /// are taken from the current folder, else from this root.
    #[arg(long, value_name = "DIR")]
    pub input: Option<PathBuf>,
    /// Write one JSON line per document (the only format, and required so
    /// that scripts say what they expect).
    #[arg(long, required = true)]
    pub jsonl: bool,
    /// Documents parsed in parallel per batch; lines still come out in input order.
    #[arg(long, default_value_t = 256, value_name = "N")]
    pub batch: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum NamesCommand {
    /// Resolve names: prints NAME<TAB>person_id<TAB>canonical_name, with
    /// `unresolved` as the id where no person matches.
    ///
    /// Example: chancery names resolve "Cde. <name>" "<SURNAME>" "<A. B. Surname>"
    #[command(verbatim_doc_comment)]
    Resolve {
        #[command(flatten)]
        pipeline: PipelineArg,
        /// Names as written.
        #[arg(required = true)]
        names: Vec<String>,
    },
    /// List the names of the last build that matched nobody, most frequent
    /// first: the curator's to-do list for data/persons.toml.
    Review {
        #[command(flatten)]
        pipeline: PipelineArg,
        /// Output folder of the build to review.
        #[arg(long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// Show at most this many names.
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
}

#[derive(Debug, Args)]
pub struct ChartArgs {
    #[command(flatten)]
    pub pipeline: PipelineArg,
    /// Output folder of the build to read.
    #[arg(long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Topics to draw (comma-separated ids).
    #[arg(long, value_delimiter = ',', required = true)]
    pub topic: Vec<String>,
    /// Period length.
    #[arg(long, value_enum, default_value_t = Granularity::Quarter)]
    pub by: Granularity,
    /// The chart file: .svg or .png.
    #[arg(short = 'o', long = "out", value_name = "FILE")]
    pub out: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Granularity {
    Month,
    Quarter,
    Year,
}

impl Granularity {
    pub fn as_str(self) -> &'static str {
        match self {
            Granularity::Month => "month",
            Granularity::Quarter => "quarter",
            Granularity::Year => "year",
        }
    }
}

#[derive(Debug, Args)]
pub struct TopicsArgs {
    #[command(flatten)]
    pub pipeline: PipelineArg,
    /// Output folder of the build to read.
    #[arg(long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Period length.
    #[arg(long, value_enum, default_value_t = Granularity::Year)]
    pub by: Granularity,
    /// Compare these topics (comma-separated ids) instead of the leading ones.
    #[arg(long, value_delimiter = ',')]
    pub topic: Vec<String>,
    /// First period to show (YYYY-MM-DD).
    #[arg(long)]
    pub from: Option<chrono::NaiveDate>,
    /// Last period to show (YYYY-MM-DD).
    #[arg(long)]
    pub to: Option<chrono::NaiveDate>,
    /// Topics shown per period.
    #[arg(long, default_value_t = 5)]
    pub top: usize,
}

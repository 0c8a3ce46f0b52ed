//! The subcommands: each turns parsed arguments into library calls and an exit code.

pub mod build;
pub mod chart;
pub mod inspect;
pub mod names;
pub mod topics;

use std::path::{Path, PathBuf};

use crate::cli::{Cli, Command, NamesCommand, PipelineArg};
use crate::config::{self, Config, Overrides};
use crate::error::{ExitCode, Result};

/// The pipeline file: the one given, else pipelines/default.toml here, else
/// the one shipped beside the crate (the embedded default corpus).
pub fn pipeline_path(arg: &PipelineArg) -> PathBuf {
    if let Some(p) = &arg.pipeline {
        return p.clone();
    }
    let here = Path::new("pipelines/default.toml");
    if here.exists() {
        return here.to_path_buf();
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("pipelines/default.toml")
}

pub fn load_config(arg: &PipelineArg, overrides: &Overrides) -> Result<Config> {
    config::load(&pipeline_path(arg), overrides)
}

pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Build(args) => build::run(&args),
        Command::Names(NamesCommand::Resolve { pipeline, names }) => {
            names::resolve(&pipeline, &names)
        }
        Command::Names(NamesCommand::Review {
            pipeline,
            output,
            limit,
        }) => names::review(&pipeline, output, limit),
        Command::Topics(args) => topics::run(&args),
        Command::Chart(args) => chart::run(&args),
        Command::Inspect { pipeline, file } => inspect::run(&pipeline, &file),
    }
}

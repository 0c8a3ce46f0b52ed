//! The subcommands: each turns parsed arguments into library calls and an exit code.

pub mod build;
pub mod chart;
pub mod extract;
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

/// The configuration of a finished build that a command reads, with its
/// output folder replaced when one is given.
pub fn load_build_config(arg: &PipelineArg, output: Option<PathBuf>) -> Result<Config> {
    load_config(
        arg,
        &Overrides {
            output,
            ..Default::default()
        },
    )
}

pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Build(args) => build::run(&args),
        Command::Extract(args) => extract::run(&args),
        Command::Schema { pipeline, markdown } => {
            let config = load_config(&pipeline, &Overrides::default())?;
            let reference = crate::reference::Reference::load(&config)?;
            let text = if markdown {
                crate::schema::markdown(&reference)?
            } else {
                crate::schema::plain(&reference)?
            };
            print!("{text}");
            Ok(ExitCode::Success)
        }
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

/// Maps a polars error on a table of a finished build to an error naming the file.
pub fn polars_error(
    path: &Path,
) -> impl Fn(polars::prelude::PolarsError) -> crate::Error + Copy + '_ {
    move |e| crate::Error::Read {
        path: path.to_path_buf(),
        source: std::io::Error::other(e.to_string()),
    }
}

/// Opens a table of a finished build; the error says which file is missing.
pub fn open(path: &Path) -> Result<std::fs::File> {
    std::fs::File::open(path).map_err(|source| crate::Error::Read {
        path: path.to_path_buf(),
        source,
    })
}

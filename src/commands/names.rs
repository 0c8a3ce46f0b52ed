//! `chancery names`: resolve names against the authority; review the unresolved ones.

use std::path::PathBuf;

use crate::cli::PipelineArg;
use crate::config::Overrides;
use crate::error::{ExitCode, Result};
use crate::reference::authority::Context;
use crate::reference::{Authority, Lexicon};

pub fn resolve(pipeline: &PipelineArg, names: &[String]) -> Result<ExitCode> {
    let config = super::load_config(pipeline, &Overrides::default())?;
    let lexicon = Lexicon::load(&config.lexicon)?;
    let authority = Authority::load(&config.persons, &lexicon)?;
    for name in names {
        let r = authority.resolve(name, Context::default());
        if r.method == "provisional" {
            let cands = if r.candidates.is_empty() {
                String::new()
            } else {
                format!("\tcandidates: {}", r.candidates.join(","))
            };
            println!("{name}\tunresolved\t{}{cands}", r.canonical_name);
        } else {
            println!("{name}\t{}\t{}", r.person_id, r.canonical_name);
        }
    }
    Ok(ExitCode::Success)
}

pub fn review(pipeline: &PipelineArg, output: Option<PathBuf>, limit: usize) -> Result<ExitCode> {
    use polars::prelude::*;
    let config = super::load_build_config(pipeline, output)?;
    let path = config.output.join("unresolved_names.parquet");
    let fail = super::polars_error(&path);
    let file = super::open(&path)?;
    let df = ParquetReader::new(file).finish().map_err(fail)?;
    let names = df
        .column("name_as_written")
        .map_err(fail)?
        .str()
        .map_err(fail)?
        .clone();
    let counts = df
        .column("count")
        .map_err(fail)?
        .i64()
        .map_err(fail)?
        .clone();
    let docs = df
        .column("first_doc_id")
        .map_err(fail)?
        .str()
        .map_err(fail)?
        .clone();
    println!("{:>5}  {:<32} first seen in", "count", "name as written");
    for i in 0..df.height().min(limit) {
        println!(
            "{:>5}  {:<32} {}",
            counts.get(i).unwrap_or(0),
            names.get(i).unwrap_or(""),
            docs.get(i).unwrap_or("")
        );
    }
    if df.height() == 0 {
        println!("(no unresolved names: every name matched the authority)");
    }
    Ok(ExitCode::Success)
}

//! `chancery extract --jsonl`: paths on stdin, one record per line on
//! stdout, for running the parse on many machines through an existing engine.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::cli::ExtractArgs;
use crate::config::Overrides;
use crate::error::{ExitCode, Result};
use crate::pipeline;
use crate::reference::Reference;
use crate::stages::ingest::Found;
use crate::store;

/// A path from stdin as a corpus file: as given when it exists, else below
/// the corpus root (so a list of root-relative paths works from anywhere).
fn locate(root: &Path, line: &Path) -> PathBuf {
    if line.is_relative() && !line.exists() && root.join(line).exists() {
        root.join(line)
    } else {
        line.to_path_buf()
    }
}

pub fn run(args: &ExtractArgs) -> Result<ExitCode> {
    let overrides = Overrides {
        input: args.input.clone(),
        ..Default::default()
    };
    let config = super::load_config(&args.pipeline, &overrides)?;
    let reference = Reference::load(&config)?;
    let fingerprint = config.fingerprint()?;
    let stdin = std::io::stdin().lock();
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    let n = store::stream(stdin, &mut stdout, args.batch.max(1), |paths| {
        paths
            .par_iter()
            .map(|p| {
                let found = Found::File(locate(&config.input, p));
                pipeline::extract_one(&config, &found, &reference, &fingerprint)
            })
            .collect()
    })?;
    eprintln!("chancery: extracted {n} documents");
    Ok(ExitCode::Success)
}

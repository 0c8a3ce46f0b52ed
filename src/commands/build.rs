//! `chancery build`: run the pipeline and report what it did.

use std::io::IsTerminal;

use crate::cli::{BuildArgs, LogFormat};
use crate::config::Overrides;
use crate::error::{ExitCode, Result};
use crate::pipeline;

/// A progress bar on a terminal; nothing otherwise, so logs stay clean.
struct Bar(Option<indicatif::ProgressBar>);

impl Bar {
    fn new(show: bool) -> Self {
        Bar(show.then(|| {
            let bar = indicatif::ProgressBar::new(0);
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{spinner} parsing {pos}/{len} documents [{bar:30}] {eta}",
            ) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar
        }))
    }
}

impl pipeline::Progress for Bar {
    fn start(&self, total: u64) {
        if let Some(b) = &self.0 {
            b.set_length(total);
        }
    }
    fn advance(&self) {
        if let Some(b) = &self.0 {
            b.inc(1);
        }
    }
    fn finish(&self) {
        if let Some(b) = &self.0 {
            b.finish_and_clear();
        }
    }
}

pub fn run(args: &BuildArgs) -> Result<ExitCode> {
    let overrides = Overrides {
        input: args.input.clone(),
        output: args.output.clone(),
        layout: args.partition_by,
    };
    let config = super::load_config(&args.pipeline, &overrides)?;
    let bar = Bar::new(args.log_format == LogFormat::Text && std::io::stderr().is_terminal());
    let report = match &args.from_jsonl {
        Some(shards) => pipeline::build_from_shards(&config, shards, args.wait)?,
        None => pipeline::build_with(&config, args.wait, &bar)?,
    };
    match args.log_format {
        LogFormat::Json => {
            let summary = serde_json::json!({
                "event": "build_finished",
                "pipeline": config.name,
                "output": config.output,
                "documents": report.documents,
                "parsed": report.parsed,
                "reused": report.reused,
                "removed": report.removed,
                "chunks": report.chunks,
                "chunks_reused": report.chunks_reused,
                "status": report.by_status,
                "rows": report.rows.iter().map(|(k, v)| (k.clone(), *v)).collect::<std::collections::BTreeMap<_, _>>(),
                "seconds": report.seconds,
                "up_to_date": report.up_to_date,
                "warnings": report.warnings.iter().map(|(f, w)| serde_json::json!({"file": f, "warning": w})).collect::<Vec<_>>(),
            });
            eprintln!("{summary}");
        }
        LogFormat::Text => {
            for (file, warning) in &report.warnings {
                eprintln!("warning: {file}: {warning}");
            }
            let status: Vec<String> = report
                .by_status
                .iter()
                .map(|(s, n)| format!("{n} {s}"))
                .collect();
            let verbose = std::io::stderr().is_terminal();
            eprintln!(
                "chancery: {} documents ({}; {} parsed, {} reused, {} removed) in {:.2}s -> {}{}",
                report.documents,
                status.join(", "),
                report.parsed,
                report.reused,
                report.removed,
                report.seconds,
                config.output.display(),
                if report.up_to_date {
                    " (up to date: nothing changed, tables left as they were)".to_string()
                } else if report.chunks_reused > 0 {
                    format!(
                        " ({} of {} chunks copied unchanged)",
                        report.chunks_reused, report.chunks
                    )
                } else {
                    String::new()
                }
            );
            if verbose {
                for (name, rows) in &report.rows {
                    eprintln!("  {name:<18} {rows:>7} rows");
                }
            }
        }
    }
    if report.failed() > 0 && !args.allow_failures {
        return Ok(ExitCode::DocumentsFailed);
    }
    Ok(ExitCode::Success)
}

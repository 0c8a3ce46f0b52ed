//! `chancery build`: run the pipeline and report what it did.

use std::io::IsTerminal;

use crate::cli::{BuildArgs, LogFormat};
use crate::config::Overrides;
use crate::error::{ExitCode, Result};
use crate::pipeline;

pub fn run(args: &BuildArgs) -> Result<ExitCode> {
    let overrides = Overrides {
        input: args.input.clone(),
        output: args.output.clone(),
    };
    let config = super::load_config(&args.pipeline, &overrides)?;
    let report = pipeline::build(&config, args.wait)?;
    match args.log_format {
        LogFormat::Json => {
            let summary = serde_json::json!({
                "event": "build_finished",
                "pipeline": config.name,
                "output": config.output,
                "documents": report.documents,
                "status": report.by_status,
                "rows": report.rows.iter().map(|(k, v)| (k.clone(), *v)).collect::<std::collections::BTreeMap<_, _>>(),
                "seconds": report.seconds,
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
                "chancery: {} documents ({}) in {:.2}s -> {}",
                report.documents,
                status.join(", "),
                report.seconds,
                config.output.display()
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

//! `chancery topics`: the leading topics per period, or a comparison of chosen ones.

use crate::cli::TopicsArgs;
use crate::error::{ExitCode, Result};

pub fn run(args: &TopicsArgs) -> Result<ExitCode> {
    use polars::prelude::*;
    let config = super::load_build_config(&args.pipeline, args.output.clone())?;
    let path = config.output.join("topic_frequency.parquet");
    let fail = super::polars_error(&path);
    let file = super::open(&path)?;
    let mut lf = ParquetReader::new(file)
        .finish()
        .map_err(fail)?
        .lazy()
        .filter(col("granularity").eq(lit(args.by.as_str())));
    if let Some(from) = args.from {
        lf = lf.filter(col("period").gt_eq(lit(from)));
    }
    if let Some(to) = args.to {
        lf = lf.filter(col("period").lt_eq(lit(to)));
    }
    if let Some(expr) = args
        .topic
        .iter()
        .map(|t| col("topic_id").eq(lit(t.as_str())))
        .reduce(|a, b| a.or(b))
    {
        lf = lf.filter(expr);
    }
    let df = lf
        .sort_by_exprs(
            [
                col("period"),
                col("document_share"),
                col("mentions"),
                col("topic_id"),
            ],
            SortMultipleOptions::default().with_order_descending_multi([false, true, true, false]),
        )
        .collect()
        .map_err(fail)?;
    let periods = df
        .column("period")
        .map_err(fail)?
        .cast(&DataType::String)
        .map_err(fail)?;
    let periods = periods.str().map_err(fail)?;
    let topics = df.column("topic_id").map_err(fail)?.str().map_err(fail)?;
    let docs = df.column("documents").map_err(fail)?.i64().map_err(fail)?;
    let of = df
        .column("period_documents")
        .map_err(fail)?
        .i64()
        .map_err(fail)?;
    let mentions = df.column("mentions").map_err(fail)?.i64().map_err(fail)?;
    let share = df
        .column("document_share")
        .map_err(fail)?
        .f64()
        .map_err(fail)?;
    println!(
        "{:<12} {:<36} {:>9} {:>7} {:>9}",
        "period", "topic", "documents", "share", "mentions"
    );
    let mut shown = std::collections::BTreeMap::<String, usize>::new();
    for i in 0..df.height() {
        let period = periods.get(i).unwrap_or("").to_string();
        let n = shown.entry(period.clone()).or_default();
        if args.topic.is_empty() && *n >= args.top {
            continue;
        }
        *n += 1;
        println!(
            "{:<12} {:<36} {:>4} / {:<2} {:>6.0}% {:>9}",
            period,
            topics.get(i).unwrap_or(""),
            docs.get(i).unwrap_or(0),
            of.get(i).unwrap_or(0),
            share.get(i).unwrap_or(0.0) * 100.0,
            mentions.get(i).unwrap_or(0)
        );
    }
    Ok(ExitCode::Success)
}

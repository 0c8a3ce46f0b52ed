#!/usr/bin/env python3
"""Load a chancery build with polars, pandas (pyarrow) and DuckDB.

The first ten minutes in a notebook, as a script: read the tables, join
meetings to their participants and to the person authority, count meetings
per counterpart per year, and plot topic share over time. With --check it
also asserts that every engine sees the row counts the build's manifest
reports and the column types the data dictionary (docs/tables.md) promises;
CI runs it that way against a fresh build.

    cargo run --release -- build
    python3 examples/load_outputs.py --outputs outputs --check --plot topic_share.png

Works with both layouts: flat (`meetings.parquet`) and `--partition-by year`
(`meetings/year=1957/part-0.parquet`).

Needs: pip install pyarrow pandas polars duckdb matplotlib
"""

import argparse
import json
import sys
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pyarrow.dataset as ds

# Tables that `--partition-by year` writes as Hive-partitioned folders.
PARTITIONED = ("meetings", "participants", "topic_mentions")

# Column types every engine must see (a few per table; the full list is in
# docs/tables.md). Polars names its types; DuckDB's are SQL names.
EXPECTED_POLARS = {
    "documents": {"doc_id": pl.String, "doc_date": pl.Date, "copy_number": pl.Int32, "bytes": pl.Int64},
    "meetings": {"meeting_id": pl.String, "meeting_date": pl.Date, "duration_minutes": pl.Int32, "span_start": pl.Int64},
    "participants": {"person_id": pl.String, "role": pl.String, "confidence": pl.Float64},
    "distribution": {"position": pl.Int32, "copy_number": pl.Int32},
    "persons": {"variants": pl.List(pl.String), "mentions": pl.Int64},
    "topics": {"aliases": pl.List(pl.String)},
    "topic_mentions": {"mentions": pl.Int32, "first_span_start": pl.Int64},
    "topic_frequency": {"period": pl.Date, "meetings": pl.Int64, "document_share": pl.Float64},
}
EXPECTED_DUCKDB = {
    "meetings": {"meeting_date": "DATE", "duration_minutes": "INTEGER", "span_start": "BIGINT"},
    "persons": {"variants": "VARCHAR[]", "mentions": "BIGINT"},
    "topic_frequency": {"period": "DATE", "documents": "BIGINT"},
}


def source(out: Path, table: str) -> tuple[str, bool]:
    """The path or glob a reader opens for a table, and whether it is partitioned."""
    folder = out / table
    if table in PARTITIONED and folder.is_dir():
        return str(folder / "**" / "*.parquet"), True
    return str(out / f"{table}.parquet"), False


def load_polars(out: Path, table: str) -> pl.DataFrame:
    path, hive = source(out, table)
    df = pl.read_parquet(path, hive_partitioning=hive)
    # The partition column is a folder name, not part of the table.
    return df.drop("year") if hive and "year" in df.columns else df


def load_pandas(out: Path, table: str) -> pd.DataFrame:
    path, hive = source(out, table)
    if hive:
        dataset = ds.dataset(out / table, format="parquet", partitioning="hive")
        return dataset.to_table().to_pandas()
    return pd.read_parquet(path, engine="pyarrow")


def duck_from(out: Path, table: str) -> str:
    path, hive = source(out, table)
    return f"read_parquet('{path}', hive_partitioning = {str(hive).lower()})"


def meetings_per_counterpart(out: Path) -> pl.DataFrame:
    """polars: meetings joined to participants and persons, per year."""
    meetings = load_polars(out, "meetings")
    participants = load_polars(out, "participants")
    persons = load_polars(out, "persons")
    return (
        participants.filter(pl.col("role") == "counterpart")
        .join(meetings, on=["meeting_id", "doc_id"])
        .join(persons.select("person_id", "canonical_name", "affiliation"), on="person_id", how="left")
        .with_columns(pl.col("meeting_date").dt.year().alias("year"))
        .group_by("year", "person_id", "canonical_name", "affiliation")
        .agg(pl.col("meeting_id").n_unique().alias("meetings"))
        .sort(["year", "meetings", "person_id"], descending=[False, True, False], nulls_last=True)
    )


def meetings_per_counterpart_pandas(out: Path) -> pd.DataFrame:
    """pandas: the same count, for readers who live in pandas."""
    meetings = load_pandas(out, "meetings")
    participants = load_pandas(out, "participants")
    persons = load_pandas(out, "persons")[["person_id", "canonical_name"]]
    counterparts = participants[participants["role"] == "counterpart"]
    joined = counterparts.merge(meetings, on=["meeting_id", "doc_id"]).merge(
        persons, on="person_id", how="left"
    )
    joined["year"] = pd.to_datetime(joined["meeting_date"]).dt.year
    return (
        joined.groupby(["year", "person_id", "canonical_name"], dropna=False)["meeting_id"]
        .nunique()
        .rename("meetings")
        .reset_index()
    )


def meetings_per_counterpart_duckdb(out: Path) -> list[tuple]:
    """DuckDB: the same count in SQL, straight from the Parquet files."""
    sql = f"""
        SELECT year(m.meeting_date) AS year, p.person_id, pe.canonical_name,
               count(DISTINCT m.meeting_id) AS meetings
        FROM {duck_from(out, 'participants')} p
        JOIN {duck_from(out, 'meetings')} m USING (meeting_id, doc_id)
        LEFT JOIN {duck_from(out, 'persons')} pe USING (person_id)
        WHERE p.role = 'counterpart'
        GROUP BY ALL
        ORDER BY year NULLS LAST, meetings DESC, person_id
    """
    return duckdb.sql(sql).fetchall()


def topic_share(out: Path, granularity: str = "year") -> pl.DataFrame:
    """Share of each period's documents that mention each topic."""
    freq = load_polars(out, "topic_frequency")
    return freq.filter(pl.col("granularity") == granularity).select(
        "period", "topic_id", "documents", "period_documents", "document_share"
    ).sort("period", "topic_id")


def plot(out: Path, path: Path, top: int = 4) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    share = topic_share(out)
    leaders = (
        share.group_by("topic_id").agg(pl.col("documents").sum()).sort("documents", descending=True).head(top)
    )["topic_id"].to_list()
    fig, ax = plt.subplots(figsize=(8, 4))
    for topic in leaders:
        s = share.filter(pl.col("topic_id") == topic)
        ax.plot(s["period"].to_list(), (s["document_share"] * 100).to_list(), marker="o", label=topic)
    ax.set_ylabel("% of the year's documents")
    ax.set_xlabel("year")
    ax.set_ylim(0, 100)
    ax.set_title("Topic share over time")
    ax.legend(fontsize="small")
    fig.tight_layout()
    fig.savefig(path)
    print(f"plot: {path}")


def check(out: Path) -> None:
    """Every engine sees the manifest's row counts and the promised types."""
    manifest = json.loads((out / "manifest.json").read_text())
    failures = []
    for table, rows in sorted(manifest["rows"].items()):
        counts = {
            "polars": load_polars(out, table).height,
            "pandas": len(load_pandas(out, table)),
            "duckdb": duckdb.sql(f"SELECT count(*) FROM {duck_from(out, table)}").fetchall()[0][0],
        }
        for engine, n in counts.items():
            if n != rows:
                failures.append(f"{table}: {engine} reads {n} rows, the manifest says {rows}")
    for table, columns in EXPECTED_POLARS.items():
        schema = load_polars(out, table).schema
        for column, dtype in columns.items():
            if schema.get(column) != dtype:
                failures.append(f"{table}.{column}: polars type {schema.get(column)}, expected {dtype}")
    for table, columns in EXPECTED_DUCKDB.items():
        rows = duckdb.sql(f"DESCRIBE SELECT * FROM {duck_from(out, table)}").fetchall()
        described = {r[0]: r[1] for r in rows}
        for column, dtype in columns.items():
            if described.get(column) != dtype:
                failures.append(f"{table}.{column}: DuckDB type {described.get(column)}, expected {dtype}")
    # The three engines agree on the headline count.
    n_polars = meetings_per_counterpart(out)["meetings"].sum()
    n_pandas = int(meetings_per_counterpart_pandas(out)["meetings"].sum())
    n_duck = sum(r[3] for r in meetings_per_counterpart_duckdb(out))
    if not (n_polars == n_pandas == n_duck):
        failures.append(f"meetings per counterpart: polars {n_polars}, pandas {n_pandas}, duckdb {n_duck}")
    if manifest["rows"].get("meetings", 0) > 0 and n_polars == 0:
        failures.append("no meeting has a counterpart: the join found nothing")
    if failures:
        for f in failures:
            print(f"FAIL {f}", file=sys.stderr)
        sys.exit(1)
    print(f"check: {len(manifest['rows'])} tables, row counts and types agree in polars, pandas and DuckDB")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--outputs", type=Path, default=Path("outputs"), help="the build's output folder")
    ap.add_argument("--check", action="store_true", help="assert row counts and column types")
    ap.add_argument("--plot", type=Path, help="write the topic-share chart to this PNG")
    args = ap.parse_args()
    if not (args.outputs / "manifest.json").is_file():
        sys.exit(f"{args.outputs}: no manifest.json; run `chancery build` first")

    with pl.Config(tbl_rows=10, tbl_cols=6):
        print("meetings per counterpart per year (polars):")
        print(meetings_per_counterpart(args.outputs).head(10))
        print("topic share by year (polars):")
        print(topic_share(args.outputs).sort("document_share", descending=True).head(5))
    if args.plot:
        plot(args.outputs, args.plot)
    if args.check:
        check(args.outputs)


if __name__ == "__main__":
    main()

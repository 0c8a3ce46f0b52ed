//! Per-stage benchmarks on real-shaped inputs: the seed documents and the
//! genre fixtures, each stage fed the previous stage's output.
//!
//! Run: `cargo bench --bench stages` (divan prints median and spread per
//! stage; per-document figures are per call on one document at a time).

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use chancery::config::{Config, Layout};
use chancery::model::{CleanDocument, DocumentRecord, ExtractedDocument, SegmentedDocument};
use chancery::reference::Reference;
use chancery::stages::ingest::{self, Found};
use chancery::stages::{clean, extract, normalize, segment, write};
use divan::{Bencher, black_box};

fn main() {
    divan::main();
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn config() -> Config {
    let r = root();
    Config {
        name: "bench".into(),
        input: r.join("tests/fixtures/genre/corpus"),
        output: std::env::temp_dir().join("chancery-bench-out"),
        persons: r.join("data/persons.toml"),
        topics: r.join("data/topics.toml"),
        lexicon: r.join("data/lexicon.toml"),
        max_file_bytes: 8 << 20,
        layout: Layout::Flat,
        chunk_documents: chancery::chunking::Bounds::DEFAULT_AVERAGE,
    }
}

static REFERENCE: LazyLock<Reference> =
    LazyLock::new(|| Reference::load(&config()).expect("reference data"));

/// The seeds and the fixtures: 39 documents of 1.5–10 KB.
static FILES: LazyLock<Vec<(PathBuf, PathBuf)>> = LazyLock::new(|| {
    let mut out = Vec::new();
    for dir in ["data/corpus/seeds", "tests/fixtures/genre/corpus"] {
        let dir = root().join(dir);
        for f in ingest::walk(&dir).expect("corpus") {
            if let Found::File(p) = f
                && p.extension().is_some_and(|x| x == "txt")
            {
                out.push((dir.clone(), p));
            }
        }
    }
    out
});

static RAW: LazyLock<Vec<chancery::model::RawDocument>> = LazyLock::new(|| {
    FILES
        .iter()
        .map(|(dir, p)| ingest::ingest(dir, &Found::File(p.clone()), 8 << 20).expect("decodes"))
        .collect()
});
static CLEAN: LazyLock<Vec<CleanDocument>> =
    LazyLock::new(|| RAW.iter().cloned().map(clean::clean).collect());
static SEGMENTED: LazyLock<Vec<SegmentedDocument>> =
    LazyLock::new(|| CLEAN.iter().cloned().map(segment::segment).collect());
static EXTRACTED: LazyLock<Vec<ExtractedDocument>> = LazyLock::new(|| {
    SEGMENTED
        .iter()
        .cloned()
        .map(|s| extract::extract(s, &REFERENCE))
        .collect()
});
static RECORDS: LazyLock<Vec<DocumentRecord>> = LazyLock::new(|| {
    EXTRACTED
        .iter()
        .cloned()
        .map(|e| normalize::normalize(e, &REFERENCE))
        .collect()
});

/// The whole corpus through one stage, inputs cloned outside the timing.
#[divan::bench]
fn ingest_read_and_decode(b: Bencher) {
    b.bench(|| {
        for (dir, p) in FILES.iter() {
            black_box(ingest::ingest(dir, &Found::File(p.clone()), 8 << 20).ok());
        }
    });
}

#[divan::bench]
fn clean_stage(b: Bencher) {
    b.with_inputs(|| RAW.clone())
        .bench_values(|docs| docs.into_iter().map(clean::clean).collect::<Vec<_>>());
}

#[divan::bench]
fn segment_stage(b: Bencher) {
    b.with_inputs(|| CLEAN.clone())
        .bench_values(|docs| docs.into_iter().map(segment::segment).collect::<Vec<_>>());
}

#[divan::bench]
fn extract_stage(b: Bencher) {
    let reference = &*REFERENCE;
    b.with_inputs(|| SEGMENTED.clone()).bench_values(|docs| {
        docs.into_iter()
            .map(|s| extract::extract(s, reference))
            .collect::<Vec<_>>()
    });
}

#[divan::bench]
fn normalize_stage(b: Bencher) {
    let reference = &*REFERENCE;
    b.with_inputs(|| EXTRACTED.clone()).bench_values(|docs| {
        docs.into_iter()
            .map(|e| normalize::normalize(e, reference))
            .collect::<Vec<_>>()
    });
}

#[divan::bench]
fn all_stages_one_thread(b: Bencher) {
    let reference = &*REFERENCE;
    b.with_inputs(|| RAW.clone()).bench_values(|docs| {
        docs.into_iter()
            .map(|raw| chancery::pipeline::process_raw(raw, reference))
            .collect::<Vec<_>>()
    });
}

#[divan::bench]
fn topic_matching(b: Bencher) {
    let taxonomy = &REFERENCE.taxonomy;
    let texts: Vec<String> = CLEAN
        .iter()
        .map(|c| {
            c.lines
                .iter()
                .map(|l| l.text.as_str())
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect();
    b.bench(|| {
        for t in &texts {
            black_box(taxonomy.find(t));
        }
    });
}

#[divan::bench]
fn name_resolution(b: Bencher) {
    let names: Vec<String> = RECORDS
        .iter()
        .flat_map(|r| r.participants.iter().map(|p| p.name_as_written.clone()))
        .collect();
    let authority = &REFERENCE.authority;
    b.bench(|| {
        for n in &names {
            black_box(authority.resolve(n, Default::default()));
        }
    });
}

#[divan::bench]
fn reference_load() -> Reference {
    Reference::load(&config()).expect("reference data")
}

/// The records of 1,000 documents (the corpus repeated, ids made unique).
fn thousand_records() -> Vec<DocumentRecord> {
    (0..1000)
        .map(|i| {
            let mut r = RECORDS[i % RECORDS.len()].clone();
            r.doc_id = format!("{}-{i:04}", r.doc_id);
            r
        })
        .collect()
}

#[divan::bench(sample_count = 20)]
fn tables_and_parquet_per_1000_documents(b: Bencher) {
    let dir = tempfile::tempdir().expect("tempdir");
    b.with_inputs(thousand_records).bench_values(|records| {
        for (name, batch) in chancery::tables::all(&records, &REFERENCE).expect("tables") {
            write::write_parquet(&dir.path().join(format!("{name}.parquet")), &batch)
                .expect("write");
        }
    });
}

#[divan::bench(sample_count = 20)]
fn cache_records_round_trip_per_1000_documents(b: Bencher) {
    b.with_inputs(thousand_records).bench_values(|records| {
        let encoded: Vec<Vec<u8>> = records
            .iter()
            .map(|r| chancery::cache::encode_record(&r.doc_id, r).expect("encode"))
            .collect();
        encoded
            .iter()
            .map(|bytes| chancery::cache::decode_record(bytes).expect("decode"))
            .collect::<Vec<_>>()
    });
}

#[divan::bench(sample_count = 20)]
fn shard_lines_round_trip_per_1000_documents(b: Bencher) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("records.jsonl");
    b.with_inputs(|| {
        thousand_records()
            .into_iter()
            .map(|r| (Some(r.doc_id.clone()), r))
            .collect::<Vec<_>>()
    })
    .bench_values(|keyed| {
        std::fs::write(&path, chancery::store::to_lines(&keyed).expect("lines")).expect("write");
        chancery::store::read_file(&path).expect("read")
    });
}

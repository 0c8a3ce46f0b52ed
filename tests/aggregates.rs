//! The corpus-wide tables of a rebuild are the chunks' counts added up: an
//! aggregator of consecutive runs of records, merged (after a trip through
//! a chunk's summary file), must equal one aggregator that saw every record.

mod common;

use chancery::reference::Reference;
use chancery::stages::aggregate::Aggregator;

fn tables(a: &Aggregator, reference: &Reference) -> String {
    let freq = a.frequency();
    format!(
        "{:?}\n{:?}\n{:?}\n{:?}",
        a.persons(reference),
        a.unresolved(),
        freq,
        a.bursts(&freq)
    )
}

/// The genre fixtures and the seeds, each twice (under `a/` and `b/`), so
/// that names, topics and periods recur across any cut.
fn records() -> (Reference, Vec<chancery::model::DocumentRecord>) {
    let root = common::root();
    let tmp = tempfile::tempdir().unwrap();
    for copy in ["a", "b"] {
        for from in ["tests/fixtures/genre/corpus", "data/corpus/seeds"] {
            let to = tmp.path().join(copy).join(from.replace('/', "_"));
            std::fs::create_dir_all(&to).unwrap();
            for e in std::fs::read_dir(root.join(from)).unwrap() {
                let p = e.unwrap().path();
                if p.is_file() {
                    std::fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
                }
            }
        }
    }
    let cfg = common::config(tmp.path(), &tmp.path().join("out"));
    let reference = Reference::load(&cfg).unwrap();
    let records = chancery::pipeline::parse_corpus(&cfg, &reference).unwrap();
    (reference, records)
}

/// The aggregator as a rebuild gets it back: through a chunk's summary file.
fn through_cache(aggregator: Aggregator) -> Aggregator {
    let summary = chancery::cache::Summary {
        aggregator,
        ..Default::default()
    };
    let bytes = chancery::cache::encode_summary(&summary).unwrap();
    chancery::cache::decode_summary(&bytes).unwrap().aggregator
}

#[test]
fn merged_runs_of_records_give_the_tables_of_the_whole() {
    let (reference, records) = records();
    assert!(records.len() > 60);

    let mut whole = Aggregator::new();
    records.iter().for_each(|r| whole.add(r));
    let expected = tables(&whole, &reference);
    assert!(expected.contains("topic"), "the fixtures mention no topic");

    // Every way of cutting the records in three.
    let n = records.len();
    for a in (0..=n).step_by(7) {
        for b in (a..=n).step_by(9) {
            let mut merged = Aggregator::new();
            for run in [&records[..a], &records[a..b], &records[b..]] {
                let mut part = Aggregator::new();
                run.iter().for_each(|r| part.add(r));
                merged.merge(through_cache(part));
            }
            assert!(
                tables(&merged, &reference) == expected,
                "cut at {a} and {b}: the merged tables differ"
            );
        }
    }
}

#[test]
fn records_added_after_a_merge_still_count_once_per_document() {
    let (reference, records) = records();
    let mut whole = Aggregator::new();
    records.iter().for_each(|r| whole.add(r));

    let half = records.len() / 2;
    let mut merged = Aggregator::new();
    records[..half].iter().for_each(|r| merged.add(r));
    let mut later = Aggregator::new();
    records[half..half + 1].iter().for_each(|r| later.add(r));
    merged.merge(through_cache(later));
    records[half + 1..].iter().for_each(|r| merged.add(r));
    assert_eq!(tables(&merged, &reference), tables(&whole, &reference));
}

//! The data dictionary: docs/tables.md is what `chancery schema --markdown`
//! prints, and every column a build writes is documented.

mod common;

#[test]
fn docs_tables_md_matches_the_code() {
    let run = common::succeeded(
        common::chancery()
            .args(["schema", "--markdown"])
            .output()
            .unwrap(),
    );
    let generated = String::from_utf8(run.stdout).unwrap();
    let committed = std::fs::read_to_string(common::root().join("docs/tables.md")).unwrap();
    assert!(
        generated == committed,
        "docs/tables.md is out of date: run `cargo run -- schema --markdown > docs/tables.md`"
    );
}

#[test]
fn every_written_column_is_in_the_dictionary() {
    // The dictionary is checked against tables built from real documents,
    // not only against the empty tables the renderer uses.
    let (_tmp, out) = common::build(&common::root().join("data/corpus/seeds"));
    for doc in chancery::schema::TABLES {
        let batch = common::read(&out, doc.name);
        let written: Vec<String> = batch
            .schema()
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect();
        let documented: Vec<String> = doc.columns.iter().map(|c| c.name.to_string()).collect();
        assert_eq!(written, documented, "{}: columns differ", doc.name);
        for c in doc.columns {
            assert!(
                !c.meaning.trim().is_empty(),
                "{}.{} has no meaning",
                doc.name,
                c.name
            );
            assert!(
                !c.null_when.trim().is_empty(),
                "{}.{} says nothing about nulls",
                doc.name,
                c.name
            );
        }
    }
}

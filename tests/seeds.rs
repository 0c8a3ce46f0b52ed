//! The five seed documents against their hand-made gold labels.

mod common;

#[test]
fn seeds_score_at_least_095_and_every_document_is_ok() {
    let input = common::root().join("data/corpus/seeds");
    let (_tmp, out) = common::build(&input);
    let tally = common::score(
        &out,
        &common::root().join("tests/fixtures/seeds/gold.jsonl"),
    );
    println!("{}", tally.report());
    assert!(
        tally.score() >= 0.95,
        "seed score {:.3} below 0.95\n{}",
        tally.score(),
        tally.report()
    );
    for d in common::rows(&out, "documents") {
        assert_eq!(
            d["status"], "ok",
            "{} is {}: {}",
            d["doc_id"], d["status"], d["error"]
        );
    }
}

#[test]
fn tables_have_contract_types() {
    use arrow::datatypes::DataType;
    let (_tmp, out) = common::build(&common::root().join("data/corpus/seeds"));
    let expect: &[(&str, &str, DataType)] = &[
        ("documents", "doc_date", DataType::Date32),
        ("documents", "copy_number", DataType::Int32),
        ("documents", "period_start", DataType::Date32),
        ("documents", "copies_printed", DataType::Int32),
        ("documents", "outgoing_date", DataType::Date32),
        ("meetings", "meeting_date", DataType::Date32),
        ("meetings", "duration_minutes", DataType::Int32),
        ("meetings", "span_start", DataType::Int64),
        ("distribution", "position", DataType::Int32),
        ("distribution", "copy_number", DataType::Int32),
        ("persons", "mentions", DataType::Int64),
        ("topic_mentions", "mentions", DataType::Int32),
        ("topic_mentions", "first_span_start", DataType::Int64),
        ("topic_frequency", "period", DataType::Date32),
        ("topic_frequency", "meetings", DataType::Int64),
    ];
    for (table, column, ty) in expect {
        let b = common::read(&out, table);
        let f = b
            .schema()
            .field_with_name(column)
            .unwrap_or_else(|_| panic!("{table}.{column} missing"))
            .clone();
        assert_eq!(f.data_type(), ty, "{table}.{column}");
    }
    let persons = common::read(&out, "persons");
    assert!(matches!(
        persons
            .schema()
            .field_with_name("variants")
            .unwrap()
            .data_type(),
        DataType::List(_)
    ));
}

#[test]
fn meeting_spans_point_at_the_entry_text() {
    let input = common::root().join("data/corpus/seeds");
    let (_tmp, out) = common::build(&input);
    for m in common::rows(&out, "meetings") {
        let doc = m["doc_id"].as_str().unwrap();
        let text = std::fs::read_to_string(input.join(format!("{doc}.txt"))).unwrap();
        let (s, e) = (
            m["span_start"].as_i64().unwrap() as usize,
            m["span_end"].as_i64().unwrap() as usize,
        );
        assert!(s < e && e <= text.len(), "{doc}: span {s}..{e}");
        let written = m["date_as_written"].as_str().unwrap();
        assert!(
            text[s..e].contains(written),
            "{doc}: span does not hold the date {written:?}"
        );
    }
}

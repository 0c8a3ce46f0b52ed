//! Topics over time: the `topics` table command, the chart, and the bursts table.

mod common;

use std::process::Command;

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_chancery"));
    c.current_dir(common::root());
    c
}

#[test]
fn topics_by_year_lists_leading_topics_with_shares() {
    let (_tmp, out) = common::build(&common::root().join("tests/fixtures/genre/corpus"));
    let run = common::succeeded(
        bin()
            .args(["topics", "--by", "year", "--top", "3", "--output"])
            .arg(&out)
            .output()
            .unwrap(),
    );
    let text = String::from_utf8(run.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].contains("period") && lines[0].contains("share"),
        "{text}"
    );
    // At most three topics per year, and the years come in order.
    let years: Vec<&str> = lines[1..].iter().map(|l| &l[..4]).collect();
    let mut sorted = years.clone();
    sorted.sort();
    assert_eq!(years, sorted);
    for y in &years {
        assert!(years.iter().filter(|x| x == &y).count() <= 3);
    }

    let run = bin()
        .args([
            "topics",
            "--by",
            "quarter",
            "--topic",
            "soviet_aid,reunification",
            "--from",
            "1957-01-01",
            "--to",
            "1961-12-31",
            "--output",
        ])
        .arg(&out)
        .output()
        .unwrap();
    let text = String::from_utf8(run.stdout).unwrap();
    for l in text.lines().skip(1) {
        assert!(
            l.contains("soviet_aid") || l.contains("reunification"),
            "{l}"
        );
        assert!(("1957".."1962").contains(&&l[..4]), "{l}");
    }
    assert!(text.lines().count() > 1, "{text}");
}

#[test]
fn chart_renders_svg_and_png() {
    let (tmp, out) = common::build(&common::root().join("tests/fixtures/genre/corpus"));
    for ext in ["svg", "png"] {
        let file = tmp.path().join(format!("chart.{ext}"));
        common::succeeded(
            bin()
                .args([
                    "chart",
                    "--topic",
                    "soviet_aid,reunification",
                    "--by",
                    "year",
                    "--output",
                ])
                .arg(&out)
                .arg("-o")
                .arg(&file)
                .output()
                .unwrap(),
        );
        let bytes = std::fs::read(&file).unwrap();
        assert!(bytes.len() > 2000, "{ext} chart is too small");
        if ext == "svg" {
            let svg = String::from_utf8(bytes).unwrap();
            assert!(svg.contains("Share of documents mentioning each topic"));
            assert!(svg.contains("soviet_aid") && svg.contains("reunification"));
        } else {
            assert_eq!(&bytes[1..4], b"PNG");
        }
    }
}

#[test]
fn topic_mentions_count_per_meeting_and_per_document() {
    let corpus = common::CorpusBuilder::new().file(
        "j.txt",
        "JOURNAL for the period 1 through 9 June 1958\n\n3 June 1958\n\nI visited Cde. Kim Il Sung and we spoke about the five-year plan and the Five-Year Plans of the other countries.\n\n7 June 1958\n\nI received Cde. Nam Il at his request, and he spoke of the five-year plan once more at length.\n",
    );
    let (_tmp, out) = common::build(corpus.path());
    let rows = common::rows(&out, "topic_mentions");
    let plan: Vec<_> = rows
        .iter()
        .filter(|r| r["topic_id"] == "economic_planning")
        .collect();
    assert_eq!(plan.len(), 2, "{plan:?}");
    assert_eq!(plan[0]["meeting_id"], "j#1");
    assert_eq!(plan[0]["mentions"], 2);
    assert_eq!(plan[1]["mentions"], 1);
    let freq = common::rows(&out, "topic_frequency");
    let year = freq
        .iter()
        .find(|r| r["granularity"] == "year" && r["topic_id"] == "economic_planning")
        .unwrap();
    assert_eq!(
        (
            year["meetings"].as_i64(),
            year["documents"].as_i64(),
            year["mentions"].as_i64()
        ),
        (Some(2), Some(1), Some(3))
    );
}

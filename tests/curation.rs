//! The curator's loop: an unknown name lands in unresolved_names, `names
//! review` lists it, and adding the person to the authority resolves it.

mod common;

use std::process::Command;

const DOC: &str = "5 March 1961\n\nI received Counsellor Vasily Zhdanovsky-Tretyak at his request and we spoke about trade.\n\nThe conversation lasted one hour.\n";

#[test]
fn adding_a_person_to_the_authority_resolves_the_name() {
    let corpus = common::CorpusBuilder::new().file("a.txt", DOC);
    let tmp = tempfile::tempdir().unwrap();
    let persons = tmp.path().join("persons.toml");
    std::fs::copy(common::root().join("data/persons.toml"), &persons).unwrap();
    let out = tmp.path().join("out");
    let mut cfg = common::config(corpus.path(), &out);
    cfg.persons = persons.clone();

    chancery::pipeline::build(&cfg, false).unwrap();
    let unresolved = common::rows(&out, "unresolved_names");
    let row = unresolved
        .iter()
        .find(|r| r["name_as_written"] == "Vasily Zhdanovsky-Tretyak")
        .expect("listed");
    assert_eq!(row["count"], 1);
    assert_eq!(row["first_doc_id"], "a");
    assert!(
        row["example_sentence"]
            .as_str()
            .unwrap()
            .starts_with("I received Counsellor")
    );
    let p = common::rows(&out, "participants");
    let c = p.iter().find(|r| r["role"] == "counterpart").unwrap();
    assert_eq!(c["match_method"], "provisional");
    let first_id = c["person_id"].as_str().unwrap().to_string();
    chancery::pipeline::build(&cfg, false).unwrap();
    let again = common::rows(&out, "participants");
    assert_eq!(
        again.iter().find(|r| r["role"] == "counterpart").unwrap()["person_id"],
        first_id.as_str(),
        "provisional ids must be stable"
    );

    let review = Command::new(env!("CARGO_BIN_EXE_chancery"))
        .args(["names", "review", "--output"])
        .arg(&out)
        .current_dir(common::root())
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&review.stdout).contains("Vasily Zhdanovsky-Tretyak"));

    let mut text = std::fs::read_to_string(&persons).unwrap();
    text.push_str("\n[[person]]\nid = \"zhdanovsky_tretyak_v\"\nname = \"Vasily Zhdanovsky-Tretyak\"\nsurname = \"Zhdanovsky-Tretyak\"\naffiliation = \"USSR\"\n");
    std::fs::write(&persons, text).unwrap();
    let report = chancery::pipeline::build(&cfg, false).unwrap();
    assert_eq!(report.parsed, 1, "a changed authority must re-parse");
    let p = common::rows(&out, "participants");
    let c = p.iter().find(|r| r["role"] == "counterpart").unwrap();
    assert_eq!(
        (c["person_id"].as_str(), c["match_method"].as_str()),
        (Some("zhdanovsky_tretyak_v"), Some("exact"))
    );
    assert!(common::rows(&out, "unresolved_names").is_empty());
}

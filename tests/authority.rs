//! The reference data validates itself: the authority's ids, spellings and
//! offices, the taxonomy's required topics, and the names the gold requires.

mod common;

use chancery::reference::authority::Context;
use chancery::reference::{Authority, Lexicon, Taxonomy};

fn authority() -> Authority {
    let lex = Lexicon::load(&common::root().join("data/lexicon.toml")).expect("lexicon");
    Authority::load(&common::root().join("data/persons.toml"), &lex)
        .expect("authority loads and validates")
}

#[test]
fn authority_is_large_unique_and_well_formed() {
    let a = authority();
    assert!(a.len() >= 150, "only {} persons", a.len());
    let mut ids: Vec<&str> = a.persons.iter().map(|p| p.id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), a.len(), "duplicate ids");
    for p in &a.persons {
        for o in &p.offices {
            o.validate().unwrap_or_else(|e| panic!("{}: {e}", p.id));
        }
    }
}

#[test]
fn gold_names_resolve_as_the_scorer_expects() {
    let a = authority();
    let spec: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(common::root().join("tests/fixtures/seeds/names.json")).unwrap(),
    )
    .unwrap();
    let id = |n: &str| {
        let r = a.resolve(n, Context::default());
        assert_ne!(
            r.method, "provisional",
            "{n} is unresolved (candidates {:?})",
            r.candidates
        );
        r.person_id
    };
    for group in spec["same_person"].as_array().unwrap() {
        let names: Vec<&str> = group
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let first = id(names[0]);
        for n in &names[1..] {
            assert_eq!(id(n), first, "{n} should be {}", names[0]);
        }
    }
    for pair in spec["different_people"].as_array().unwrap() {
        let (x, y) = (pair[0].as_str().unwrap(), pair[1].as_str().unwrap());
        assert_ne!(id(x), id(y), "{x} and {y} must differ");
    }
}

#[test]
fn taxonomy_has_the_required_topics_and_groups() {
    let t = Taxonomy::load(&common::root().join("data/topics.toml")).expect("taxonomy");
    assert!(t.topics.len() >= 40);
    for id in [
        "soviet_aid",
        "economic_planning",
        "peaceful_coexistence",
        "reunification",
        "sino_soviet_relations",
        "sino_korean_relations",
        "party_congresses_and_plenums",
        "industry",
        "chinese_peoples_volunteers",
        "factionalism",
        "leadership_visits",
        "trade_and_supplies",
        "military_affairs",
        "repatriation_from_japan",
        "treaty_of_alliance",
        "un_korean_question",
        "international_communist_movement",
        "finance_and_currency",
        "transport_and_aviation",
    ] {
        assert!(t.topics.iter().any(|x| x.id == id), "missing topic {id}");
    }
    let groups: std::collections::BTreeSet<&str> =
        t.topics.iter().map(|x| x.group.as_str()).collect();
    assert_eq!(groups.len(), 6, "{groups:?}");
}

//! Fuzz target: any bytes, decoded as ingest would, through every stage.
#![no_main]

use std::sync::OnceLock;

use chancery::config::Config;
use chancery::model::{DocId, RawDocument};
use chancery::reference::Reference;
use chancery::stages::{clean, extract, ingest, normalize, segment};
use libfuzzer_sys::fuzz_target;

fn reference() -> &'static Reference {
    static R: OnceLock<Reference> = OnceLock::new();
    R.get_or_init(|| {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let config = Config {
            name: "fuzz".into(),
            input: root.clone(),
            output: root.clone(),
            persons: root.join("data/persons.toml"),
            topics: root.join("data/topics.toml"),
            lexicon: root.join("data/lexicon.toml"),
            max_file_bytes: 1 << 20,
        };
        Reference::load(&config).expect("reference data")
    })
}

fuzz_target!(|bytes: &[u8]| {
    if let Ok((text, _)) = ingest::decode(bytes) {
        let raw = RawDocument {
            id: DocId { doc_id: "f".into(), source_file: "f.txt".into() },
            sha256: String::new(),
            bytes: bytes.len() as u64,
            text,
            text_offset: 0,
            decode_note: None,
        };
        let r = reference();
        let _ = normalize::normalize(extract::extract(segment::segment(clean::clean(raw)), r), r);
    }
});

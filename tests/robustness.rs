//! Parsers that must never panic: arbitrary bytes and document-like text
//! through every stage.

mod common;

use chancery::model::{DocId, RawDocument};
use chancery::reference::Reference;
use chancery::stages::{clean, extract, ingest, normalize, segment};
use proptest::prelude::*;

fn reference() -> &'static Reference {
    static R: std::sync::OnceLock<Reference> = std::sync::OnceLock::new();
    R.get_or_init(|| {
        let tmp = std::env::temp_dir();
        Reference::load(&common::config(&tmp, &tmp)).expect("reference")
    })
}

fn run(text: String) {
    let raw = RawDocument {
        id: DocId {
            doc_id: "p".into(),
            source_file: "p.txt".into(),
        },
        sha256: String::new(),
        bytes: text.len() as u64,
        text,
        text_offset: 0,
        decode_note: None,
    };
    let r = reference();
    let rec = normalize::normalize(extract::extract(segment::segment(clean::clean(raw)), r), r);
    for m in &rec.meetings {
        assert!(m.span_start <= m.span_end);
    }
}

const PIECES: &[&str] = &[
    "30 July 1960",
    "July 30, 1960",
    "[sic; November]",
    "Nº 395 - 9 August 1960",
    "1 - Cde. A. A. Gromyko",
    "Five copies printed",
    "I visited Cde. Kim Il Sung at my request.",
    "[[11]] September [[5]]7",
    "“13”",
    "Present at the conversation were: ",
    "interpreted by Kim [Yen Nam], ",
    "**",
    "- ",
    "\n",
    "\n\n",
    " ",
    "TOP SECRET",
    "Copy Nº 2",
    "for the period 29 June through 8 August 1960",
    "Document Information",
    "(A. PUZANOV)",
    "[signature]",
    "é",
    "\u{a0}",
    "[",
    "]",
    "(",
    ")",
    ".",
    ",",
    "Ş",
    "16/17 August 1957",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        if let Ok((text, _)) = ingest::decode(&bytes) {
            run(text);
        }
    }

    #[test]
    fn document_like_text_never_panics(picks in proptest::collection::vec(0..PIECES.len(), 0..120)) {
        run(picks.iter().map(|&i| PIECES[i]).collect());
    }
}

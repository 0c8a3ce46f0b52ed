//! The fixed vocabulary of the tables (statuses, roles, kinds, methods),
//! read back from the build cache as the same `&'static str` values.

use serde::{Deserialize, Deserializer};

/// Every value a `&'static str` field of a record can hold.
const VOCABULARY: &[&str] = &[
    // kinds
    "journal",
    "record_of_conversation",
    "memorandum",
    "telegram",
    "report",
    "letter",
    "note",
    "other",
    // precisions and granularities
    "day",
    "month",
    "quarter",
    "year",
    // initiatives and duration qualifiers
    "ours",
    "theirs",
    "instructed",
    "agreed",
    "exact",
    "at_least",
    "about",
    // roles and recipient kinds
    "author",
    "counterpart",
    "present",
    "interpreter",
    "person",
    "office",
    "file",
    // match methods
    "variant",
    "initials",
    "fuzzy",
    "context",
    "provisional",
    // statuses
    "ok",
    "partial",
    "failed",
];

/// A value of the fixed vocabulary. An alias, so that serde's derive does
/// not take it for text borrowed from the input.
pub type Word = &'static str;

fn intern(s: &str) -> Option<&'static str> {
    VOCABULARY.iter().copied().find(|v| *v == s)
}

pub fn static_str<'de, D: Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
    let s = String::deserialize(d)?;
    intern(&s).ok_or_else(|| serde::de::Error::custom(format!("unknown value {s:?}")))
}

pub fn opt_static<'de, D: Deserializer<'de>>(d: D) -> Result<Option<&'static str>, D::Error> {
    match Option::<String>::deserialize(d)? {
        None => Ok(None),
        Some(s) => intern(&s)
            .map(Some)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown value {s:?}"))),
    }
}

//! The lexicon: honorifics and office words that are never part of a name.

use std::collections::HashSet;
use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Result};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LexiconFile {
    honorifics: Vec<String>,
    offices: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    honorifics: HashSet<String>,
    offices: HashSet<String>,
}

fn fold(word: &str) -> String {
    trim(word).replace('’', "'").to_lowercase()
}

fn trim(word: &str) -> &str {
    word.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .trim_end_matches(['\'', '’'])
}

/// Longest word folded on the stack; longer ones (none in the lexicon's
/// genre) take the allocating path.
const SHORT: usize = 32;

/// Looks `word` up folded. Every capitalized word of every entry is looked
/// up, so an ASCII word is folded into a stack buffer instead of two new
/// strings; the result is the same as [`fold`]'s.
fn with_folded<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    let t = trim(word);
    if t.is_ascii() && t.len() <= SHORT {
        let mut buf = [0u8; SHORT];
        let b = &mut buf[..t.len()];
        b.copy_from_slice(t.as_bytes());
        b.make_ascii_lowercase();
        f(std::str::from_utf8(b).expect("ASCII"))
    } else {
        f(&fold(word))
    }
}

impl Lexicon {
    pub fn load(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
            path: path.to_owned(),
            source,
        })?;
        let file: LexiconFile = toml::from_str(&text).map_err(|e| Error::Reference {
            path: path.to_owned(),
            message: e.to_string(),
        })?;
        Ok(Self::from_words(&file.honorifics, &file.offices))
    }

    pub fn from_words<S: AsRef<str>>(honorifics: &[S], offices: &[S]) -> Self {
        Lexicon {
            honorifics: honorifics.iter().map(|w| fold(w.as_ref())).collect(),
            offices: offices.iter().map(|w| fold(w.as_ref())).collect(),
        }
    }

    pub fn is_honorific(&self, word: &str) -> bool {
        with_folded(word, |f| self.honorifics.contains(f))
    }

    /// An office, body or nationality word ("Minister", "KWP", "Soviet").
    pub fn is_office_word(&self, word: &str) -> bool {
        with_folded(word, |f| {
            self.offices.contains(f)
                || f.strip_suffix("'s")
                    .is_some_and(|s| self.offices.contains(s))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn lookups_fold_case_quotes_and_punctuation() {
        let lex = Lexicon::from_words(&["Comrade"], &["Minister", "KWP"]);
        for (word, honorific, office) in [
            ("comrade", true, false),
            ("(Comrade,", true, false),
            ("MINISTER.", false, true),
            ("Minister’s", false, true),
            ("KWP's", false, true),
            ("Ministers", false, false),
            ("Генерал", false, false),
        ] {
            assert_eq!(lex.is_honorific(word), honorific, "{word}");
            assert_eq!(lex.is_office_word(word), office, "{word}");
        }
    }

    proptest! {
        #[test]
        fn folding_on_the_stack_equals_folding_into_strings(word in "\\PC{0,40}") {
            prop_assert_eq!(with_folded(&word, str::to_string), fold(&word));
        }
    }
}

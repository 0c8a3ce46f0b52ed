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
    word.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .trim_end_matches(['\'', '’'])
        .replace('’', "'")
        .to_lowercase()
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
        self.honorifics.contains(&fold(word))
    }

    /// An office, body or nationality word ("Minister", "KWP", "Soviet").
    pub fn is_office_word(&self, word: &str) -> bool {
        let f = fold(word);
        self.offices.contains(&f)
            || f.strip_suffix("'s")
                .is_some_and(|s| self.offices.contains(s))
    }
}

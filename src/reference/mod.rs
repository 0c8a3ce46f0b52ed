//! Reference data read from `data/`: the person authority, the topic taxonomy
//! and the lexicon of words that are never names.

pub mod authority;
pub mod edit_distance;
pub mod lexicon;
pub mod taxonomy;

use crate::config::Config;
use crate::error::Result;

pub use authority::Authority;
pub use lexicon::Lexicon;
pub use taxonomy::Taxonomy;

/// Everything the extract and normalize stages look things up in.
#[derive(Debug)]
pub struct Reference {
    pub lexicon: Lexicon,
    pub authority: Authority,
    pub taxonomy: Taxonomy,
}

impl Reference {
    pub fn load(config: &Config) -> Result<Self> {
        let lexicon = Lexicon::load(&config.lexicon)?;
        let authority = Authority::load(&config.persons, &lexicon)?;
        let taxonomy = Taxonomy::load(&config.topics)?;
        Ok(Reference {
            lexicon,
            authority,
            taxonomy,
        })
    }
}

//! The grammar of the genre: how dates, durations, headers, names and copy
//! lists are written in diplomatic records. Nothing here names a particular
//! person, office or topic; those live in `data/`.

pub mod citation;
pub mod classification;
pub mod copy_list;
pub mod date;
pub mod duration;
pub mod initiative;
pub mod marks;
pub mod names;
pub mod numbers;
pub mod sentences;

//! The pipeline's stages, each a plain function from one typed value to the next.

pub mod aggregate;
pub mod clean;
pub mod extract;
pub mod ingest;
pub mod normalize;
pub mod segment;
pub mod write;

//! Reading YAML into a located tree.
//!
//! We parse once into a small tree that remembers the byte range, line and column of every
//! node. The typed model, the validator, the JSON output and the edit layer all work from it,
//! so a file is never parsed twice and every diagnostic can point at its source.

mod aliases;
pub mod emit;
mod fast;
mod json;
mod parse;
pub mod stamp;
#[cfg(test)]
mod tests;
mod value;

pub use aliases::{AliasError, AliasProblem, check_aliases};
pub use json::{
    SKIPPED, Sink, Skip, parse_json, parse_json_streaming, parse_json_streaming_skipping,
};
pub use parse::{Document, Kind, Node, YamlError, parse, parse_stream};
pub use stamp::Stamp;
pub(crate) use value::scalar_plain;
pub use value::{Schema, ValueError, may_read_otherwise, to_value, to_value_as, to_value_as_plain};

//! Format-preserving edits of YAML (and, in [`json`], JSON) text.
//!
//! Nothing is ever re-serialised: an edit is a list of byte-range splices into the original text,
//! computed from the located tree. Everything outside the spliced ranges stays byte for byte.
//! Every edited text is then checked by [`check`] against the intended change to the data.

pub mod check;
mod error;
mod extent;
pub mod json;
mod layout;
mod reindent;
mod splice;
#[cfg(test)]
mod tests;

pub use check::{Intent, verify};
pub use error::{CheckError, EditError};
pub use extent::item_text;
pub use layout::Layout;
pub use splice::{Editor, Entry, Splice, apply_splices, copy_entry};

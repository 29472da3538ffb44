//! Format-preserving edits of YAML (and, in [`json`], JSON) text.
//!
//! Nothing is ever re-serialised: an edit is a list of byte-range splices into the original text,
//! computed from the located tree. Everything outside the spliced ranges stays byte for byte.
//! Every operation also records the [`Patch`] it means for the data, and every edited text is
//! checked by [`check::verify`]: it must read as the old data with the patches applied.

mod block;
pub mod check;
mod check_json;
mod editor;
mod entry;
mod error;
#[cfg(test)]
mod examples;
mod extent;
pub mod json;
mod json_ops;
mod layout;
mod list;
mod member;
mod op;
mod patch;
mod reindent;
mod splice;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_flow_comments;
#[cfg(test)]
mod tests_keep_key;
#[cfg(test)]
mod tests_member;
mod yaml_ops;

pub use check::verify;
pub use editor::{Edit, Editor};
pub use entry::{Copied, Entry, copy_entry, keep_comments_until, move_entry};
pub use error::{CheckError, EditError};
pub use extent::item_text;
pub use layout::Layout;
pub use op::Op;
pub use patch::Patch;
pub use splice::{Splice, apply_splices, changes_text};

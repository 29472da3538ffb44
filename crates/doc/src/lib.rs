//! The document layer of sidecarctl: files read into located trees ([`yaml`]), places in them
//! ([`route`]), and format-preserving edits of their text that are checked before they are
//! written ([`edit`]).
//!
//! It knows nothing of services, sidecars or formats, and depends on nothing of the
//! application: being a crate of its own, it cannot.

pub mod edit;
pub mod route;
pub mod yaml;

//! sidecarctl: manage the sidecar containers of microservices kept as YAML files in a project
//! configuration repository.

pub mod change;
pub mod diagnostic;
pub mod error;
pub mod format;
pub mod free;
pub mod model;
pub mod names;
pub mod ops;
pub mod policy;
pub mod project;
pub mod quantity;
pub mod report;
pub mod select;
pub mod version;
pub mod view;

// The document layer, a crate of its own, at the paths the application has always used.
pub use sidecarctl_doc::{edit, route, yaml};

pub use error::{Error, Result};

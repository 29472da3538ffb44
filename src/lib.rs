//! sidecarctl: manage the sidecar containers of microservices kept as YAML files in a project
//! configuration repository.

pub mod change;
pub mod diagnostic;
pub mod edit;
pub mod error;
pub mod format;
pub mod free;
pub mod model;
pub mod names;
pub mod ops;
pub mod project;
pub mod quantity;
pub mod report;
pub mod route;
pub mod view;
pub mod yaml;

pub use error::{Error, Result};

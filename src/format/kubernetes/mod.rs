//! Plain Kubernetes manifests in a GitOps repository (SPEC §6.2): which files are read, which
//! documents are workloads, and how a command names one.

pub mod files;
pub mod ids;
pub mod kinds;
pub mod pod;
pub mod template;
pub mod validate;

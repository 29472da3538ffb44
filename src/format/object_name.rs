//! A workload that is a named object, as a command line query finds it ([`super::Format::find`]):
//! kept format-neutral, since `list` builds these from its rows and any format of named objects
//! (Kubernetes manifests today) resolves queries over them.

/// One workload as the resolver sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ObjectName<'a> {
    /// Relative to the project root, `/`-separated.
    pub file: &'a str,
    /// As the file spells it (`Deployment`).
    pub kind: &'a str,
    pub name: &'a str,
    /// Its namespace; an empty one counts as none.
    pub namespace: Option<&'a str>,
    /// The overlay folder that renders it, for a workload an overlay's patch reaches (its ID is
    /// then `OVERLAY:ID`).
    pub overlay: Option<&'a str>,
}

/// The overlay folder an ID is prefixed with (`overlays/prod:shop/deployment/cart`): a
/// namespace, kind or name never holds a `:`.
pub fn overlay_in(id: &str) -> Option<&str> {
    let id = id.rsplit_once('#').map_or(id, |(_, rest)| rest);
    split_overlay(id).0
}

/// An ID or query (without its `FILE#`) as its overlay folder and the rest; a Helm values ID
/// (`helm:postgresql/primary`) is prefixed with no overlay.
pub fn split_overlay(id: &str) -> (Option<&str>, &str) {
    match id.rsplit_once(':') {
        Some((o, rest)) if !super::helm::is_query(id) => (Some(o), rest),
        _ => (None, id),
    }
}

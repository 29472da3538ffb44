//! Completion of service, sidecar and marketplace item names from the current project, for
//! shells set up with `source <(COMPLETE=bash sidecarctl)` (clap_complete's dynamic engine).
//! The project is the one the command would use without `-C`: `$SIDECARCTL_PROJECT`, else the
//! nearest `sidecarctl.yaml` above the current folder. Any failure completes nothing.

use clap_complete::engine::CompletionCandidate;
use sidecarctl::project::{self, LoadOptions, Project};

fn root() -> Option<std::path::PathBuf> {
    project::locate(None).ok()
}
pub(crate) fn services() -> Vec<CompletionCandidate> {
    let Some(root) = root() else {
        return Vec::new();
    };
    let Ok(scan) = Project::scan(&root, &LoadOptions::default(), |_, svc| svc.id) else {
        return Vec::new();
    };
    scan.items
        .into_iter()
        .map(CompletionCandidate::new)
        .collect()
}

pub(crate) fn sidecars() -> Vec<CompletionCandidate> {
    let Some(root) = root() else {
        return Vec::new();
    };
    let Ok(scan) = Project::scan(&root, &LoadOptions::default(), |_, svc| {
        svc.sidecars
            .iter()
            .map(|c| c.name().to_string())
            .collect::<Vec<_>>()
    }) else {
        return Vec::new();
    };
    let mut names: Vec<String> = scan
        .items
        .into_iter()
        .flatten()
        .filter(|n| !n.is_empty())
        .collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .map(|n| {
            let help = scan
                .project
                .special(&n)
                .map(|s| format!("special: managed by {}", s.managed_by));
            CompletionCandidate::new(n).help(help.map(Into::into))
        })
        .collect()
}

pub(crate) fn items() -> Vec<CompletionCandidate> {
    let Some(root) = root() else {
        return Vec::new();
    };
    let Ok(scan) = Project::scan(
        &root,
        &LoadOptions {
            only: Some(Vec::new()),
            ..LoadOptions::default()
        },
        |_, _| (),
    ) else {
        return Vec::new();
    };
    scan.project
        .marketplace
        .iter()
        .map(|i| CompletionCandidate::new(i.item_id.clone()))
        .collect()
}

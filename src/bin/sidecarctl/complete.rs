//! Completion of service, sidecar and marketplace item names from the current project, for
//! shells set up with `source <(COMPLETE=bash sidecarctl)` (clap_complete's dynamic engine).
//! The project is the one the command being typed would use: its `-C PATH` (a folder, a
//! manifest or a Console file), else `$SIDECARCTL_PROJECT`, else the nearest `sidecarctl.yaml`
//! above the current folder. Any failure completes nothing.

use std::ffi::OsString;
use std::path::PathBuf;

use clap_complete::engine::CompletionCandidate;
use sidecarctl::project::{self, LoadOptions, Project};

fn root() -> Option<PathBuf> {
    let given = project_flag(std::env::args_os());
    project::locate(given.as_deref()).ok()
}

/// The `-C PATH` of the command line being completed. The shell passes it after `--`:
/// `sidecarctl -- sidecarctl -C shop.json show envoy --service <TAB>`.
fn project_flag(args: impl IntoIterator<Item = OsString>) -> Option<PathBuf> {
    let args: Vec<String> = args
        .into_iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let typed = args
        .iter()
        .position(|a| a == "--")
        .map_or(&args[..], |i| &args[i + 1..]);
    let mut found = None;
    let mut words = typed.iter().skip(1);
    while let Some(word) = words.next() {
        // Past a second `--` every word is a value.
        if word == "--" {
            break;
        }
        let value = match word.as_str() {
            "-C" | "--project" => words.next().cloned(),
            w => w
                .strip_prefix("--project=")
                .or_else(|| w.strip_prefix("-C"))
                .map(|v| v.strip_prefix('=').unwrap_or(v).to_string()),
        };
        // The last one given counts, as when the command runs; an empty one is still being typed.
        if let Some(v) = value.filter(|v| !v.is_empty()) {
            found = Some(PathBuf::from(v));
        }
    }
    found
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

#[cfg(test)]
mod tests {
    use super::project_flag;
    use std::path::PathBuf;

    fn flag(line: &str) -> Option<PathBuf> {
        project_flag(line.split(' ').map(Into::into))
    }

    #[test]
    fn the_project_of_the_line_being_completed_is_found() {
        let shop = Some(PathBuf::from("shop.json"));
        assert_eq!(flag("sidecarctl -- sidecarctl -C shop.json show "), shop);
        assert_eq!(
            flag("sidecarctl -- sidecarctl show --project shop.json x"),
            shop
        );
        assert_eq!(
            flag("sidecarctl -- sidecarctl --project=shop.json show"),
            shop
        );
        assert_eq!(flag("sidecarctl -- sidecarctl -Cshop.json show"), shop);
        assert_eq!(
            flag("sidecarctl -- sidecarctl -C a -C shop.json show"),
            shop
        );
        assert_eq!(flag("sidecarctl -- sidecarctl show --service "), None);
        assert_eq!(flag("sidecarctl -- sidecarctl create x -- --arg -C"), None);
    }
}

//! Completion of service, sidecar and marketplace item names from the current project, for
//! shells set up with `source <(COMPLETE=bash sidecarctl)` (clap_complete's dynamic engine).
//! The project is the one the command being typed would use: its `-C PATH` (a folder, a
//! manifest or a Console file), else `$SIDECARCTL_PROJECT`, else the nearest `sidecarctl.yaml`
//! above the current folder. Any failure completes nothing.

use std::ffi::OsString;
use std::path::PathBuf;

use clap_complete::engine::CompletionCandidate;
use sidecarctl::model::Workload;
use sidecarctl::project::{self, LoadOptions, Project};

fn root() -> Option<PathBuf> {
    let given = project_flag(std::env::args_os());
    project::locate(given.as_deref()).ok()
}

/// The words of the command line being completed. The shell passes them after `--`:
/// `sidecarctl -- sidecarctl -C shop.json show envoy --service <TAB>`.
fn typed(args: impl IntoIterator<Item = OsString>) -> Vec<String> {
    let args: Vec<String> = args
        .into_iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    match args.iter().position(|a| a == "--") {
        Some(i) => args[i + 1..].to_vec(),
        None => args,
    }
}

/// The `-C PATH` of the command line being completed.
fn project_flag(args: impl IntoIterator<Item = OsString>) -> Option<PathBuf> {
    let typed = typed(args);
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

/// What the line being completed says of the sidecar it is about.
#[derive(Debug, Default, PartialEq, Eq)]
struct Named {
    /// The command (`create`, `clone`, `edit`…).
    command: String,
    /// The sidecar named on the line (its positional argument).
    name: Option<String>,
    /// `create --from-marketplace ITEM`: the item, whose container names the sidecar.
    item: Option<String>,
    /// `clone --from SERVICE`: the source, never a target.
    from: Option<String>,
    /// `clone --on-conflict replace`: a target that has the sidecar is one to overwrite.
    replace: bool,
}

/// [`Named`] of the line, read as the command will read it (the word being typed, possibly
/// empty, is the last); `None` when it names no command.
fn named(typed: Vec<String>) -> Option<Named> {
    let matches = <crate::cli::Cli as clap::CommandFactory>::command()
        .ignore_errors(true)
        .try_get_matches_from(typed)
        .ok()?;
    let (command, m) = matches.subcommand()?;
    let raw = |id: &str| {
        m.try_get_raw(id)
            .ok()
            .flatten()
            .and_then(|mut v| v.next())
            .map(|v| v.to_string_lossy().into_owned())
            .filter(|v| !v.is_empty())
    };
    Some(Named {
        command: command.to_string(),
        // `create` calls it NAME, the other commands SIDECAR.
        name: raw("name").or_else(|| raw("sidecar")),
        item: raw("from_marketplace"),
        from: raw("from"),
        replace: raw("on_conflict").as_deref() == Some("replace"),
    })
}

/// The sidecar `a` adds, found in the project where the line does not name it: the marketplace
/// item's container, or the clone source's only sidecar that is not special.
fn sidecar_added(root: &std::path::Path, a: &Named) -> Option<String> {
    if let Some(name) = &a.name {
        return Some(name.clone());
    }
    let only = LoadOptions {
        only: Some(a.from.iter().cloned().collect()),
        ..LoadOptions::default()
    };
    let project = Project::load_with(root, &only).ok()?;
    if let Some(item) = &a.item {
        let found = project.marketplace.iter().find(|i| i.item_id == *item)?;
        return found.container_name().map(str::to_string);
    }
    let from = a.from.as_deref()?;
    match sidecarctl::ops::clone::candidates(&project, from)
        .ok()?
        .as_slice()
    {
        [one] => Some(one.clone()),
        _ => None,
    }
}

/// `--to` of `create` and `clone`: the services the sidecar the line adds can go to, as the
/// prompts offer them: not those that already have a container of its name (unless `clone
/// --on-conflict replace`), never the clone's source. Every service when the line does not
/// tell the sidecar.
pub(crate) fn targets() -> Vec<CompletionCandidate> {
    let Some(root) = root() else {
        return Vec::new();
    };
    let a = named(typed(std::env::args_os())).unwrap_or_default();
    let name = sidecar_added(&root, &a).filter(|_| !a.replace);
    services_where(&root, |p, svc| {
        let taken = name
            .as_deref()
            .is_some_and(|n| sidecarctl::ops::plan::has_container(p, svc, n));
        !taken && a.from.as_deref() != Some(svc.id.as_str())
    })
}

/// `--service` of `show`, `edit` and `delete`, and `clone --from`: the services that have the
/// sidecar the line names, as the prompts offer them (`clone` without one: those with a
/// sidecar to clone); every service when the line names none.
pub(crate) fn holders() -> Vec<CompletionCandidate> {
    let Some(root) = root() else {
        return Vec::new();
    };
    let n = named(typed(std::env::args_os())).unwrap_or_default();
    services_where(&root, |p, svc| match &n.name {
        Some(name) => svc.sidecar(name).is_some(),
        None if n.command == "clone" => svc.sidecars.iter().any(|c| p.special(c.name()).is_none()),
        None => true,
    })
}

/// The IDs of the services of the project at `root` that `keep` keeps.
fn services_where(
    root: &std::path::Path,
    keep: impl Fn(&Project, &Workload) -> bool + Sync,
) -> Vec<CompletionCandidate> {
    let Ok(scan) = Project::scan(root, &LoadOptions::default(), |p, svc| {
        keep(p, &svc).then_some(svc.id)
    }) else {
        return Vec::new();
    };
    scan.items
        .into_iter()
        .flatten()
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
    use super::{Named, named, project_flag, typed};
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

    fn added(line: &str) -> Option<Named> {
        named(typed(line.split(' ').map(Into::into)))
    }

    #[test]
    fn the_sidecar_a_line_names_is_read_as_the_command_reads_it() {
        let create = added("sidecarctl -- sidecarctl -C p create envoy --image e:1 --to ").unwrap();
        assert_eq!(create.name.as_deref(), Some("envoy"));
        let item =
            added("sidecarctl -- sidecarctl create --from-marketplace fluent-bit --to a,").unwrap();
        assert_eq!(
            (item.name, item.item.as_deref()),
            (None, Some("fluent-bit"))
        );
        let clone =
            added("sidecarctl -- sidecarctl clone --from orders --on-conflict replace --to c")
                .unwrap();
        assert_eq!(clone.from.as_deref(), Some("orders"));
        assert!(clone.replace && clone.name.is_none());
        let named = added("sidecarctl -- sidecarctl clone --to x envoy --from orders").unwrap();
        assert_eq!(named.name.as_deref(), Some("envoy"));
        assert!(!named.replace);
        let edit = added("sidecarctl -- sidecarctl edit envoy --service ").unwrap();
        assert_eq!(
            (edit.command.as_str(), edit.name.as_deref()),
            ("edit", Some("envoy"))
        );
        assert_eq!(added("sidecarctl -- sidecarctl --quiet "), None);
    }
}

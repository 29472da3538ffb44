//! What every command shares: the global options, the project, asking for what is missing.

use std::collections::BTreeSet;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use sidecarctl::diagnostic::{self, Diagnostic};
use sidecarctl::project::{self, Documents, LoadOptions, Project};
use sidecarctl::select::Filters;
use sidecarctl::{Error, Result};

use crate::cli::Global;
use crate::prompt;

pub(crate) struct Session {
    pub(crate) g: Global,
}

impl Session {
    pub(crate) fn new(g: Global) -> Self {
        Self { g }
    }

    /// Whether we may ask: a terminal on stdin and stderr, no `--no-input`, no `CI`.
    pub(crate) fn interactive(&self) -> bool {
        !self.g.no_input
            && std::env::var_os("CI").is_none()
            && std::io::stdin().is_terminal()
            && std::io::stderr().is_terminal()
    }

    /// `-C DIR`, else a non-empty `$SIDECARCTL_PROJECT`.
    pub(crate) fn project_dir(&self) -> Option<PathBuf> {
        project::chosen_dir(self.g.project.as_deref())
    }

    /// The project's root folder.
    pub(crate) fn root(&self) -> Result<PathBuf> {
        project::locate(self.g.project.as_deref())
    }

    /// Loads the typed model only: enough for every read-only view but `show`.
    pub(crate) fn load(&self) -> Result<Project> {
        self.load_with(&LoadOptions::default())
    }

    pub(crate) fn load_with(&self, opts: &LoadOptions) -> Result<Project> {
        let project = Project::load_with(&self.root()?, opts)?;
        self.warn_skipped(&project.notes);
        Ok(project)
    }

    /// One `warning:` line per file the project skipped (a template, a broken manifest).
    pub(crate) fn warn_skipped(&self, notes: &[Diagnostic]) {
        for d in notes {
            if project::warned(d) {
                let _ = writeln!(std::io::stderr(), "warning: {d}");
            }
        }
    }

    /// A required argument: as given, else chosen on a terminal from `choices`, else exit 2
    /// naming it.
    pub(crate) fn pick(
        &self,
        given: Option<String>,
        what: &str,
        example: &str,
        choices: impl FnOnce() -> Result<Vec<String>>,
    ) -> Result<String> {
        match given {
            Some(v) => Ok(v),
            None if self.interactive() => prompt::select(&format!("Which {what}?"), &choices()?),
            None => Err(Error::usage(format!("missing {}", what.to_uppercase()))
                .with_hint(format!("for example: {example}"))),
        }
    }

    /// A value that must be given: asked for on a terminal, else a usage error naming the flag.
    pub(crate) fn required<T>(&self, flag: &str, ask: impl FnOnce() -> Result<T>) -> Result<T> {
        if self.interactive() {
            ask()
        } else {
            Err(Error::usage(format!("missing {flag}"))
                .with_hint(format!("pass {flag} (nothing is asked without a terminal)")))
        }
    }

    /// Sidecar names of the services the filters keep, for a choice; `changeable` leaves out
    /// special ones.
    pub(crate) fn sidecar_choices(
        &self,
        changeable: bool,
        filters: &Filters,
    ) -> Result<Vec<String>> {
        let project = self.load()?;
        let selection = sidecarctl::ops::plan::selection(&project, filters)?;
        let kept = project
            .services
            .iter()
            .filter(|w| selection.as_ref().is_none_or(|s| s.keeps(w)));
        let names: BTreeSet<&str> = kept
            .flat_map(|w| w.sidecars.iter().map(|c| c.name()))
            .filter(|n| !changeable || project.special(n).is_none())
            .collect();
        Ok(names.into_iter().map(str::to_string).collect())
    }

    pub(crate) fn service_choices(&self) -> Result<Vec<String>> {
        Ok(service_ids(&self.load()?))
    }

    pub(crate) fn status(&self, msg: &str) {
        if !self.g.quiet {
            let _ = writeln!(std::io::stderr(), "{msg}");
        }
    }
}

pub(crate) fn service_ids(project: &Project) -> Vec<String> {
    project
        .service_ids()
        .into_iter()
        .map(str::to_string)
        .collect()
}

pub(crate) fn sorted(mut diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostic::sort(&mut diags);
    diags
}

/// Only the named files, with their text: what a command naming its services needs. (No
/// command loading this way validates: a change checks what it changes as it plans it.)
pub(crate) fn only(ids: impl IntoIterator<Item = String>) -> LoadOptions {
    LoadOptions::only(ids)
}

/// Every file; those that mention `word` keep their text.
pub(crate) fn mentioning(word: &str) -> LoadOptions {
    LoadOptions::mentioning(word)
}

/// `load` for choosing the targets of a change that plans them in batches
/// ([`sidecarctl::ops::plan::in_batches`]).
pub(crate) fn lean(load: LoadOptions) -> LoadOptions {
    LoadOptions { lean: true, ..load }
}

/// Every file, with its text.
pub(crate) fn everything() -> LoadOptions {
    LoadOptions {
        only: None,
        documents: Documents::All,
        ..LoadOptions::default()
    }
}

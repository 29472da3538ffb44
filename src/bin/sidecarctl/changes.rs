//! What the commands that change files share: plan under the project lock, then print the
//! change (`--dry-run`) or write it and report.

use std::io::Write;
use std::path::Path;

use sidecarctl::change::{self, ChangeSet};
use sidecarctl::project::{LoadOptions, Project};
use sidecarctl::{Error, Result};

use crate::cli::Format;
use crate::session::Session;
use crate::{color, progress, render};

/// Locks the project, loads it, plans with `plan`, then shows or writes the result.
pub(crate) fn run(
    s: &Session,
    load: &LoadOptions,
    plan: impl FnOnce(&Project) -> Result<ChangeSet>,
) -> Result<u8> {
    run_with(s, |root| {
        let project = Project::load_with(root, load)?;
        let mut set = plan(&project)?;
        // The project's notes first, then what the command found (its warnings).
        let own = std::mem::replace(&mut set.notes, project.notes);
        set.notes.extend(own);
        Ok(set)
    })
}

/// [`run`] for a plan that takes the project (to drop what it no longer needs as it plans).
pub(crate) fn run_taking(
    s: &Session,
    load: &LoadOptions,
    plan: impl FnOnce(Project) -> Result<ChangeSet>,
) -> Result<u8> {
    run_with(s, |root| {
        let project = Project::load_with(root, load)?;
        // A copy: the plan reads them too (which files were skipped).
        let mut notes = project.notes.clone();
        let mut set = plan(project)?;
        // The project's notes first, then what the command found (its warnings).
        notes.append(&mut set.notes);
        set.notes = notes;
        Ok(set)
    })
}

/// Locks the project, lets `plan` load what it needs and plan, then shows or writes the result.
pub(crate) fn run_with(s: &Session, plan: impl FnOnce(&Path) -> Result<ChangeSet>) -> Result<u8> {
    let root = s.root()?;
    // `-C FILE`: the project is the file, its folder holds the lock and the temporary files.
    let dir = sidecarctl::project::dir_of(&root);
    let _lock = change::lock(&dir)?;
    let set = plan(&root)?;
    s.warn_skipped(&set.notes);
    if s.g.dry_run {
        let summary = if set.is_empty() {
            "Nothing would change.".to_string()
        } else {
            format!(
                "Dry run: {} file(s) would change; nothing was written.",
                set.len()
            )
        };
        return dry_run(s, &dir, &set, &[summary]);
    }
    write(&set, &dir)?;
    let mut out = std::io::stdout().lock();
    if !render::structured(&mut out, s.g.output, &set.report).map_err(Error::output)? && !s.g.quiet
    {
        render::changes(&mut out, &set.report).map_err(Error::output)?;
    }
    for name in &set.report.removed_from_project {
        s.status(&format!(
            "Sidecar `{name}` is no longer used by any service: it is gone from the project."
        ));
    }
    Ok(0)
}

/// Prints `set` instead of writing it: its diff on stdout, then `status` on stderr, for the
/// table formats; otherwise the diff on stderr and the report on stdout.
pub(crate) fn dry_run(s: &Session, root: &Path, set: &ChangeSet, status: &[String]) -> Result<u8> {
    // Each file's diff printed as it is made: thousands of them are not held at once.
    if matches!(s.g.output, Format::Table | Format::Wide) {
        let (mut out, on) = (std::io::stdout().lock(), color::stdout(s.g.color));
        for diff in set.diffs(root) {
            write!(out, "{}", color::diff(&diff, on)).map_err(Error::output)?;
        }
        drop(out);
        for line in status {
            s.status(line);
        }
    } else {
        let (mut err, on) = (std::io::stderr().lock(), color::stderr(s.g.color));
        for diff in set.diffs(root) {
            // A closed stderr does not fail the command: the report still goes to stdout.
            let _ = write!(err, "{}", color::diff(&diff, on));
        }
        drop(err);
        render::structured(&mut std::io::stdout().lock(), s.g.output, &set.report)
            .map_err(Error::output)?;
    }
    Ok(0)
}

/// Writes `set` into `root`, with a progress bar when there are many files.
pub(crate) fn write(set: &ChangeSet, root: &Path) -> Result<()> {
    let bar = progress::bar(2 * set.len() as u64, "writing");
    let result = set.apply(root, &|done| bar.set_position(done as u64));
    bar.finish_and_clear();
    result
}

//! The files a bulk change could not reach: those the project skipped (a template, a file
//! that does not parse) that name the sidecar, and the refusal to change only the others.

use crate::diagnostic::{Code, Diagnostic};
use crate::error::{Error, Hint, Result};
use crate::project::Project;
use crate::view::{Action, ChangeRow};

/// The codes of notes that mean a file was not read at all: what it holds is unknown.
const FILE_SKIPPED: &[Code] = &[
    Code::FileTemplate,
    Code::FileRead,
    Code::FileEncoding,
    Code::FileTooLarge,
    Code::FileOutsideProject,
    Code::YamlSyntax,
    Code::YamlDuplicateKey,
    Code::YamlAliasCycle,
    Code::YamlAliasExpansion,
    Code::JsonSyntax,
    Code::JsonDuplicateKey,
];

/// The files a bulk change over every holder of `sidecar` (`--all`) could not reach: those the
/// project skipped (a template, a file that does not parse or cannot be read) whose text names
/// the sidecar, or that cannot be read at all. One `skipped` row each, with the reason; the
/// service is unknown (empty).
pub fn skipped_holders(project: &Project, sidecar: &str) -> Vec<ChangeRow> {
    let mut rows: Vec<ChangeRow> = project
        .notes
        .iter()
        .filter(|d| FILE_SKIPPED.contains(&d.code))
        .filter(|d| {
            std::fs::read(project.root.join(&d.file)).map_or(true, |bytes| {
                memchr::memmem::find(&bytes, sidecar.as_bytes()).is_some()
            })
        })
        .map(|d| ChangeRow {
            service: String::new(),
            file: d.file.clone(),
            document: None,
            sidecar: sidecar.to_string(),
            action: Action::Skipped,
            reason: Some(skip_reason(d)),
        })
        .collect();
    rows.sort_by(|a, b| a.file.cmp(&b.file));
    rows.dedup_by(|a, b| a.file == b.file);
    rows
}

/// Why a file was not read, as a report's `reason` says it.
fn skip_reason(d: &Diagnostic) -> String {
    let at = match (d.line, d.column) {
        (Some(l), Some(c)) => format!(" at {l}:{c}"),
        _ => String::new(),
    };
    match d.code {
        Code::FileTemplate => "a template (a Helm chart?)".to_string(),
        c if c.as_str().starts_with("yaml.") || c.as_str().starts_with("json.") => {
            format!("does not parse{at}: {}", d.message)
        }
        _ => d.message.clone(),
    }
}

/// A bulk change that cannot reach every holder of the sidecar is refused, unless the user
/// accepts it (`--skip-unreadable`): a fleet half changed is the drift sidecarctl is for.
pub fn refuse_skipped(skipped: &[ChangeRow], sidecar: &str) -> Result<()> {
    let Some(first) = skipped.first() else {
        return Ok(());
    };
    let files: Vec<String> = skipped
        .iter()
        .map(|r| format!("{} ({})", r.file, r.reason.as_deref().unwrap_or("not read")))
        .collect();
    let what = match skipped.len() {
        1 => format!("{} mentions `{sidecar}` but was not read", first.file),
        n => format!("{n} files that mention `{sidecar}` were not read"),
    };
    Err(Error::failed(format!(
        "{what}; refusing to change only the others, nothing was written"
    ))
    .with_hint(Hint::SkipUnreadable { files }))
}

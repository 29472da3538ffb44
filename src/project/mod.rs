//! Finding the project and loading every file of it, through its format: where the project
//! is (`locate`), what its project file says (`config`), opening it (`open`), reading one file
//! (`read`), the scan that hands each workload to a command (`scan`), and reading a changed
//! file again to check it (`check`). It names no format: the registered formats detect and open
//! their projects (`crate::format::registry`), and say which faster readers they have
//! (`crate::format::Readers`); the loading strategy chooses when to use them.

mod check;
mod config;
mod locate;
mod open;
mod read;
mod scan;
mod sources;

pub use config::read_project_file;
pub use locate::*;
pub(crate) use read::*;

use std::collections::BTreeSet;
use std::path::PathBuf;

use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::format::{Format, Reading};
pub use crate::format::{Layout, MAX_FILE_BYTES, PROJECT_FILE};
use crate::model::{MarketplaceItem, ProjectFile, SpecialSidecar, Workload};
use crate::yaml;

/// The same bound for a file that holds a whole project (a Console project file): real ones
/// reach tens of megabytes.
pub const MAX_PROJECT_FILE_BYTES: u64 = 1024 * 1024 * 1024;

/// Whether commands warn about a note of a project (a skipped template, a broken manifest):
/// `validate` alone reports some (a shared ID).
pub fn warned(note: &Diagnostic) -> bool {
    crate::format::registry::FORMATS
        .iter()
        .all(|f| f.warned(note))
}

/// Whether `validate` reports a note of a project (a skipped kustomize patch is no problem).
pub fn reported(note: &Diagnostic) -> bool {
    crate::format::registry::FORMATS
        .iter()
        .all(|f| f.reported(note))
}

/// What to load of the services.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Only these services, found by name without listing the folder (all when `None`).
    pub only: Option<Vec<String>>,
    /// Which services keep their parsed document, needed to show or change their text.
    pub documents: Documents,
    /// Whether the workloads may come without their validation (Kubernetes validates as it
    /// reads): for a command that does not validate (`list`), and for a change, which finds
    /// the old checks of what it changes only when the change brings an error
    /// (`plan::edit_file`).
    pub skip_checks: bool,
    /// For choosing the targets of a change: each workload of a folder project is kept as a
    /// skeleton ([`Workload::into_skeleton`]), without its document or its checks, whatever
    /// `documents` says. The change then plans its targets a few files at a time, each batch
    /// read again whole ([`Project::reload`]), so that it never holds every target's parsed
    /// file at once. A project that is one file read as it is parsed (a Console project file)
    /// keeps no service's tree but the file's tree without them (`Project::skeleton`): a
    /// change reads its targets' trees again a batch at a time ([`Project::regrown`]). Another
    /// project that is one file is loaded as `documents` asks: its services are planned in
    /// one editor.
    pub lean: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Documents {
    /// None: the typed model is enough (list, validate, containers).
    #[default]
    None,
    All,
    /// Those whose text mentions this word (a sidecar name): the others cannot be changed by a
    /// command about it.
    Mentioning(String),
    /// As `Mentioning`, except in a project that is one file read as it is parsed (a Console
    /// project file), which keeps no service's tree but its own tree without them
    /// (`Project::skeleton`, as when loaded lean): the command reads its targets' trees again
    /// a batch at a time (`edit --all`).
    MentioningInBatches(String),
}

impl LoadOptions {
    /// Only the files of the services `ids`, with their text: what a change of services named
    /// on the command line needs. (A change checks what it changes as it plans it.)
    pub fn only(ids: impl IntoIterator<Item = String>) -> Self {
        Self {
            only: Some(ids.into_iter().collect()),
            documents: Documents::All,
            skip_checks: true,
            lean: false,
        }
    }

    /// [`Self::mentioning`], planned in batches in a project that is one file
    /// ([`Documents::MentioningInBatches`]).
    pub fn mentioning_in_batches(word: &str) -> Self {
        Self {
            documents: Documents::MentioningInBatches(word.to_string()),
            ..Self::mentioning(word)
        }
    }

    /// Every file; those that mention `word` (a sidecar) keep their text: what a change of the
    /// services that have the sidecar needs.
    pub fn mentioning(word: &str) -> Self {
        Self {
            only: None,
            documents: Documents::Mentioning(word.to_string()),
            skip_checks: true,
            lean: false,
        }
    }

    /// What the format reads of each workload of a file (its text `text`) for these options in
    /// a project laid out as `layout`: the one place the options become a format's reading.
    fn reading(&self, layout: Layout, text: &str) -> Reading {
        match layout {
            // Its services are planned in one editor, never lean; which keep their trees is
            // decided service by service as the file is parsed.
            Layout::OneFile => Reading {
                document: self.documents != Documents::None,
                checks: !self.skip_checks,
            },
            Layout::Files { .. } => Reading {
                document: !self.lean && self.documents.keep(text),
                checks: !self.skip_checks && !self.lean,
            },
        }
    }
}

impl Documents {
    fn keep(&self, text: &str) -> bool {
        match self {
            Self::None => false,
            Self::All => true,
            Self::Mentioning(word) | Self::MentioningInBatches(word) => {
                text.contains(word.as_str())
            }
        }
    }
}

/// What [`Project::scan`] gathered: the project without its services, what the callback kept
/// of each service, and every problem found on the way.
pub struct Scan<T> {
    pub project: Project,
    pub items: Vec<T>,
    pub errors: Vec<Diagnostic>,
}

/// A loaded project.
#[derive(Debug, Clone)]
pub struct Project {
    pub root: PathBuf,
    /// The format of the service files: how they hold workloads and where their keys are.
    pub format: &'static dyn Format,
    pub config: ProjectFile,
    pub config_doc: yaml::Document,
    /// How its files hold its workloads, as its format opened it: how it loads.
    pub layout: Layout,
    /// The one file holding every workload, relative to `root`: a Console project file, or a
    /// Kubernetes manifest given with `-C FILE`; `None` when the project is a folder.
    pub single_file: Option<String>,
    /// The ids of every service of a single-file project, also when a scan kept none.
    pub(crate) service_ids: Vec<String>,
    /// Sorted by id.
    pub services: Vec<Workload>,
    pub config_maps: BTreeSet<String>,
    pub marketplace: Vec<MarketplaceItem>,
    /// Problems of files the project skips (`kubernetes`: templates, files that do not parse,
    /// kustomize patches, workloads of the wrong shape): commands warn about them, `validate`
    /// reports them. Other formats fail to load instead.
    pub notes: Vec<Diagnostic>,
    /// Kubernetes: the IDs that several workloads share, found by a scan (each copy is named
    /// `FILE#ID` in output; [`Project::load_with`] renames them in `services`).
    pub shared_ids: BTreeSet<String>,
    /// A project that is one JSON file (a Console project file) loaded lean: the file's tree
    /// with each service left as a placeholder ([`yaml::SKIPPED`]). A change reads its targets'
    /// trees again from it a batch at a time ([`Project::regrown`]), so a change of thousands
    /// of services never holds all of their trees.
    pub(crate) skeleton: Option<std::sync::Arc<yaml::Document>>,
}

impl Project {
    /// How output names the workload `id` of `file`: `FILE#ID` when several share the ID.
    pub fn display_id(&self, file: &str, id: &str) -> String {
        match self.shared_ids.contains(id) {
            true => self.format.qualified_id(file, id),
            false => id.to_string(),
        }
    }

    pub fn service(&self, id: &str) -> Result<&Workload> {
        if let Some(mut found) = self.resolve_each(&[id]) {
            return match found.remove(0)?.as_slice() {
                [one] => Ok(one),
                many => {
                    let ids: Vec<&str> = many.iter().map(|w| w.id.as_str()).collect();
                    Err(Error::usage(format!(
                        "`{id}` names {} workloads: {}",
                        many.len(),
                        ids.join(", ")
                    ))
                    .with_hint("name one as FILE#ID"))
                }
            };
        }
        self.services.iter().find(|s| s.id == id).ok_or_else(|| {
            if let Some(why) = self.not_a_target(id) {
                return Error::failed(why);
            }
            Error::failed(format!(
                "service `{id}` not found in {}",
                self.services_place()
            ))
            .with_hint(format!(
                "known services: {}",
                self.all_service_ids().join(", ")
            ))
        })
    }

    /// The workloads each query names, when the format resolves names itself (a Kubernetes
    /// name may reach every copy of an ID); `None` when an ID names one service. The
    /// workloads are indexed once: a command may name thousands.
    pub fn resolve_each(&self, queries: &[&str]) -> Option<Vec<Result<Vec<&Workload>>>> {
        self.format.resolve(&self.services, &self.notes, queries)
    }

    /// Why a service of a one-file project that is not loaded is no target (a Console service
    /// of another type, or advanced), read again from the file: only on the way to an error.
    pub(crate) fn not_a_target(&self, id: &str) -> Option<String> {
        let file = self.single_file.as_ref().filter(|_| self.is_one_file())?;
        let text = std::fs::read_to_string(self.root.join(file)).ok()?;
        self.format.not_a_target(text, id)
    }

    /// Whether every workload is in one file, read at once (a Console project file).
    pub fn is_one_file(&self) -> bool {
        self.layout == Layout::OneFile
    }

    /// Whether a load fails on a file or workload that cannot be read; a tolerant project
    /// skips it with a note instead (the rest of a repository of manifests still works).
    pub(crate) fn tolerant(&self) -> bool {
        self.layout == Layout::Files { tolerant: true }
    }

    /// Where the services are, as messages name it: `services/`, or the one project file.
    pub fn services_place(&self) -> String {
        match self.single_file.as_ref().filter(|_| self.is_one_file()) {
            Some(f) => self.format.services_place(f),
            None => format!("{}/", self.config.services_dir),
        }
    }

    /// Every service of the project, also when only some were loaded (from the folder's files).
    pub fn all_service_ids(&self) -> Vec<String> {
        if self.tolerant() {
            return self.services.iter().map(|s| s.id.clone()).collect();
        }
        if self.is_one_file() {
            return self.service_ids.clone();
        }
        let listed = self
            .format
            .files(&self.root, &self.config, None, &mut Vec::new());
        let mut ids: Vec<String> = listed.into_iter().map(|(_, id)| id).collect();
        ids.dedup();
        ids
    }

    pub fn service_ids(&self) -> Vec<&str> {
        self.services.iter().map(|s| s.id.as_str()).collect()
    }

    pub fn special(&self, sidecar: &str) -> Option<&SpecialSidecar> {
        self.config
            .special_sidecars
            .iter()
            .find(|s| s.name == sidecar)
    }

    /// Services having a sidecar of this name, in id order.
    pub fn users_of(&self, sidecar: &str) -> Vec<&Workload> {
        self.services
            .iter()
            .filter(|s| s.sidecar(sidecar).is_some())
            .collect()
    }

    /// Every sidecar name in the project, sorted.
    pub fn sidecar_names(&self) -> BTreeSet<&str> {
        self.services
            .iter()
            .flat_map(|s| s.sidecars.iter().map(|c| c.name()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIA: Layout = Layout::Files { tolerant: false };

    #[test]
    fn a_lean_load_reads_neither_text_nor_checks_but_of_a_one_file_project() {
        let lean = LoadOptions {
            lean: true,
            documents: Documents::All,
            ..Default::default()
        };
        let none = Reading {
            document: false,
            checks: false,
        };
        assert_eq!(lean.reading(MIA, "x"), none);
        // A one-file project is never lean: its services are planned in one editor.
        let all = Reading {
            document: true,
            checks: true,
        };
        assert_eq!(lean.reading(Layout::OneFile, "x"), all);
    }

    #[test]
    fn a_file_keeps_its_text_when_it_mentions_the_word() {
        let opts = LoadOptions {
            documents: Documents::Mentioning("envoy".into()),
            skip_checks: true,
            ..Default::default()
        };
        assert_eq!(opts.reading(MIA, "image: envoy"), Reading::EDIT);
        assert!(!opts.reading(MIA, "image: nginx").document);
    }
}

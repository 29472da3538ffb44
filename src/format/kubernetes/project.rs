//! A `kubernetes` project (SPEC §6.1, §6.2): with a project file, as an implicit project (a
//! folder of manifests without one), or one file (`-C FILE`); the files it reads and skips; and
//! which workloads a command's argument names.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use super::{DEFAULT_SPECIAL, files, ids, pod, template};
use crate::diagnostic::{Code, Diagnostic};
use crate::error::{Error, Result};
use crate::model::{ProjectFile, SpecialSidecar, Workload};
use crate::project::{MAX_FILE_BYTES, PROJECT_FILE, Project, read_marketplace};
use crate::yaml;

/// Codes of notes that only `validate` reports; commands do not warn about them.
pub const VALIDATE_ONLY: &[Code] = &[Code::WorkloadDuplicateId];

/// How many manifest files the search for a first workload reads before it gives up.
const READ_AT_MOST: usize = 2_000;

/// How many files and folders the search for a first workload walks before it gives up: a
/// command run by mistake in a large folder must not walk all of it in silence.
pub const WALK_AT_MOST: usize = 20_000;

/// What the search for a first workload found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Search {
    Found,
    /// Nothing, having walked the whole folder.
    None,
    /// Nothing among this many files and folders: the search stopped there.
    GaveUp(usize),
}

/// Whether `dir` (or the file `dir`) holds at least one workload manifest. Walks as
/// [`files::discover`] does for an implicit project (`.gitignore`, no hidden folders, no links,
/// one file system) and stops at the first, or after [`WALK_AT_MOST`] entries.
pub fn holds_workloads(dir: &Path) -> Search {
    if split_file(dir).is_some() {
        return match is_manifest(dir) {
            true => Search::Found,
            false => Search::None,
        };
    }
    let mut builder = ignore::WalkBuilder::new(dir);
    builder
        .standard_filters(false)
        .hidden(true)
        .git_ignore(true)
        .require_git(false)
        .follow_links(false)
        .same_file_system(true)
        .sort_by_file_name(|a, b| a.cmp(b));
    let (mut walked, mut read) = (0, 0);
    for e in builder.build().filter_map(|e| e.ok()) {
        walked += 1;
        if walked > WALK_AT_MOST || read >= READ_AT_MOST {
            return Search::GaveUp(walked - 1);
        }
        let manifest = e.file_type().is_some_and(|t| t.is_file())
            && e.path()
                .extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| files::MANIFEST_EXTENSIONS.contains(&x));
        if manifest {
            read += 1;
            if is_manifest(e.path()) {
                return Search::Found;
            }
        }
    }
    Search::None
}

/// Whether the file holds at least one workload manifest.
pub fn is_manifest(path: &Path) -> bool {
    let small = std::fs::metadata(path).is_ok_and(|m| m.len() <= MAX_FILE_BYTES);
    let Some(text) = small.then(|| std::fs::read_to_string(path).ok()).flatten() else {
        return false;
    };
    if !text.contains("kind") {
        return false;
    }
    let format = super::Kubernetes {
        special: Vec::new(),
    };
    let json = path.extension().is_some_and(|e| e == "json");
    let parsed = match json {
        true => yaml::parse_json(text),
        false => crate::format::Format::parse(&format, text),
    };
    let Ok(doc) = parsed else {
        return false;
    };
    !pod::read(&doc, "", &|_| false).0.is_empty()
}

/// (folder, file name) when `path` is a file.
fn split_file(path: &Path) -> Option<(std::path::PathBuf, String)> {
    if !path.is_file() {
        return None;
    }
    let abs = std::path::absolute(path).ok()?;
    let name = abs.file_name()?.to_str()?.to_string();
    Some((abs.parent()?.to_path_buf(), name))
}

/// The project of a folder without a project file, or of one file; None when `root` has a
/// project file.
pub fn implicit(root: &Path) -> Result<Option<Project>> {
    let (dir, single) = match split_file(root) {
        Some((dir, name)) => (dir, Some(name)),
        None if root.join(PROJECT_FILE).is_file() => return Ok(None),
        None => (root.to_path_buf(), None),
    };
    if let Some(name) = &single
        && !is_manifest(&dir.join(name))
    {
        // A file that does not parse says why, where.
        let json = name.ends_with(".json");
        if let Err(d) = crate::project::read_document_as(&dir, name, &|text| match json {
            true => yaml::parse_json(text),
            false => crate::format::Format::parse(
                &super::Kubernetes {
                    special: Vec::new(),
                },
                text,
            ),
        }) && let Some(d) = unreadable(&dir, name, d)
        {
            return Err(Error::Load(vec![d]));
        }
        return Err(Error::failed(format!(
            "{} holds no Kubernetes workload and no Console configuration: a project file given \
             with -C must hold workload manifests (Deployment, StatefulSet, DaemonSet, Job, \
             CronJob, Pod, …) or a Console project configuration (an object `services` at the \
             top level or in `config`)",
            root.display()
        )));
    }
    let config = ProjectFile {
        name: None,
        services_dir: String::new(),
        marketplace_dir: "marketplace".into(),
        dirs_set: Vec::new(),
        service_secrets: Vec::new(),
        special_sidecars: Vec::new(),
        defaults: None,
        format: None,
        paths: single.iter().cloned().collect(),
        exclude: Vec::new(),
        placement: None,
        special_set: false,
        file: None,
    };
    let config_doc = yaml::parse("{}\n".to_string()).expect("an empty mapping parses");
    // The items of `marketplace/` are read as in a project with a project file: it is where
    // `marketplace publish` writes them, and `create --from-marketplace` must find them there.
    // Without a project file to say so, that folder may as well hold the manifests of an app
    // called marketplace: Kubernetes objects (and files that do not parse) are no items.
    let (mut project, _) = with_file(&dir, config, config_doc, Vec::new())?;
    project.marketplace.retain(|i| {
        ["apiVersion", "kind"]
            .iter()
            .all(|k| i.doc.get(&i.doc.root, k).is_none())
    });
    project.single_file = single;
    Ok(Some(project))
}

/// The project of a project file with `format: kubernetes`.
pub fn with_file(
    root: &Path,
    mut config: ProjectFile,
    config_doc: yaml::Document,
    mut errors: Vec<Diagnostic>,
) -> Result<(Project, Vec<Diagnostic>)> {
    if !config.special_set {
        config.special_sidecars = DEFAULT_SPECIAL
            .iter()
            .map(|(name, by)| SpecialSidecar {
                name: (*name).into(),
                managed_by: (*by).into(),
            })
            .collect();
    }
    if let Some(p) = &config.placement
        && !matches!(p.value.as_str(), "classic" | "native")
    {
        errors.push(Diagnostic::error(
            Code::ProjectPlacementInvalid,
            PROJECT_FILE,
            p.at(),
            format!(
                "`defaults.placement: {}` must be `classic` or `native`",
                p.value
            ),
        ));
    }
    if !errors.is_empty() {
        return Err(Error::Load(errors));
    }
    let marketplace = read_marketplace(root, &config.marketplace_dir, &mut errors);
    let special = config
        .special_sidecars
        .iter()
        .map(|s| s.name.clone())
        .collect();
    let project = Project {
        root: root.to_path_buf(),
        format: super::format(special),
        config,
        config_doc,
        services: Vec::new(),
        config_maps: Default::default(),
        marketplace,
        notes: Vec::new(),
        shared_ids: Default::default(),
        single_file: None,
        service_ids: Vec::new(),
    };
    Ok((project, errors))
}

/// The manifests to read, as (path, stem); what discovery sets aside goes to the notes.
pub fn files(project: &mut Project) -> Vec<(String, String)> {
    // An implicit project (no project file) stays on its folder's file system.
    let implicit = project.config.format.is_none();
    let found = files::discover_with(
        &project.root,
        &project.config.paths,
        &project.config.exclude,
        implicit,
    );
    let notes = &mut project.notes;
    for p in &found.problems {
        notes.push(Diagnostic::error(
            Code::ProjectPaths,
            PROJECT_FILE,
            None,
            p.to_string(),
        ));
    }
    for l in &found.links {
        let what = match &l.target {
            files::LinkTarget::Inside(t) => format!("a link to {t}: not followed, not read"),
            files::LinkTarget::Outside(t) => {
                format!("a link out of the project (to {}): not read", t.display())
            }
            files::LinkTarget::Broken => "a broken link: not read".into(),
        };
        notes.push(Diagnostic::warning(Code::FileLink, &l.path, None, what));
    }
    for m in &found.missing {
        notes.push(Diagnostic::error(
            Code::KustomizeMissingFile,
            &m.kustomization,
            Some((m.line, m.column)),
            format!(
                "`{}` entry `{}` does not exist; `kustomize build` fails on it",
                m.key, m.path
            ),
        ));
    }
    for p in &found.patches {
        notes.push(Diagnostic::warning(
            Code::FilePatch,
            &p.file,
            None,
            format!(
                "a kustomize patch (named by {}), not a workload: skipped",
                p.kustomization
            ),
        ));
    }
    found
        .files
        .into_iter()
        .map(|rel| {
            let stem = rel.rsplit('/').next().unwrap_or(&rel).to_string();
            (rel, stem)
        })
        .collect()
}

/// What a file that cannot be read is: a template (a warning) or broken (an error), skipped
/// either way; or nothing to say, for a file of comments only (kustomize and kubectl read it
/// as no document at all).
pub fn unreadable(root: &Path, rel: &str, d: Diagnostic) -> Option<Diagnostic> {
    if d.code != Code::YamlSyntax && d.code != Code::JsonSyntax {
        return Some(d);
    }
    let text = std::fs::read_to_string(root.join(rel)).unwrap_or_default();
    if template::is_blank(&text) {
        return None;
    }
    if template::is_template(&text) {
        let at = d.line.zip(d.column);
        return Some(template_warning(rel, at));
    }
    Some(d)
}

fn template_warning(rel: &str, at: Option<(usize, usize)>) -> Diagnostic {
    Diagnostic::warning(
        Code::FileTemplate,
        rel,
        at,
        "a template (a Helm chart?), not a manifest: skipped",
    )
}

/// A file that parses as YAML but is a Helm template (`image: "{{ .Values.image }}"`, or any
/// file of a chart's `templates/`): what is written is not what is applied, so it is skipped
/// as a template that does not parse is.
pub fn parsed_template(rel: &str, text: &str) -> Option<Diagnostic> {
    let at = template::helm_action(text)?;
    Some(template_warning(rel, Some(at)))
}

/// Workloads sharing an ID are named `FILE#ID`, so that each is one; `validate` warns.
pub fn name_shared_ids(project: &mut Project) {
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    for w in &project.services {
        *count.entry(w.id.clone()).or_default() += 1;
    }
    for w in &mut project.services {
        if count[&w.id] > 1 {
            w.id = ids::file_qualified(&w.file, &w.id);
            if let Some(m) = &mut w.manifest {
                m.shared_id = true;
            }
        }
    }
}

/// The warning of a workload whose ID another one has too.
pub fn duplicate_id(id: &str, file: &str, at: Option<(usize, usize)>, other: &str) -> Diagnostic {
    Diagnostic::warning(
        Code::WorkloadDuplicateId,
        file,
        at,
        format!("{id} is also in {other}; each is named FILE#ID"),
    )
}

/// Every workload `query` names: one, or every copy of one ID.
pub fn resolve<'p>(project: &'p Project, query: &str) -> Result<Vec<&'p Workload>> {
    resolve_each(project, &[query]).remove(0)
}

/// [`resolve`] of each query, the project's workloads indexed once: a command may name
/// thousands.
pub fn resolve_each<'p>(project: &'p Project, queries: &[&str]) -> Vec<Result<Vec<&'p Workload>>> {
    let all: Vec<ids::Workload> = project
        .services
        .iter()
        .filter_map(|w| {
            let m = w.manifest.as_ref()?;
            Some(ids::Workload {
                file: &w.file,
                kind: m.kind,
                name: &m.name,
                namespace: m.namespace.as_deref(),
            })
        })
        .collect();
    let by_name = ids::by_name(&all);
    queries
        .iter()
        .map(|query| resolve_in(project, &all, &by_name, query))
        .collect()
}

fn resolve_in<'p>(
    project: &'p Project,
    all: &[ids::Workload],
    by_name: &HashMap<&str, Vec<usize>>,
    query: &str,
) -> Result<Vec<&'p Workload>> {
    let found = ids::resolve_indexed(query, all, by_name).map_err(|a| {
        Error::usage(a.to_string()).with_hint(format!("name one of them, e.g. `{}`", a.ids[0]))
    })?;
    if found.is_empty() {
        let mut known: Vec<&str> = project.services.iter().map(|w| w.id.as_str()).collect();
        known.dedup();
        let shown = if known.len() > 12 {
            format!("{}, … ({} in all)", known[..12].join(", "), known.len())
        } else {
            known.join(", ")
        };
        // A workload in a file that was not read (a template, a file that does not parse)
        // cannot be found: say that such files exist.
        let unread = project
            .notes
            .iter()
            .filter(|d| {
                matches!(
                    d.code,
                    Code::FileTemplate | Code::YamlSyntax | Code::JsonSyntax
                )
            })
            .count();
        let unread = match unread {
            0 => String::new(),
            n => format!(
                "\n{n} file(s) were not read (templates, or files that do not parse): \
                 `sidecarctl validate` lists them"
            ),
        };
        return Err(Error::failed(format!("workload `{query}` not found"))
            .with_hint(format!("known workloads: {shown}{unread}")));
    }
    Ok(found.into_iter().map(|i| &project.services[i]).collect())
}

/// The one workload `query` names; several copies of one ID must be told apart by file.
pub fn one<'p>(project: &'p Project, query: &str) -> Result<&'p Workload> {
    let found = resolve(project, query)?;
    match found.as_slice() {
        [one] => Ok(one),
        many => {
            let ids: Vec<&str> = many.iter().map(|w| w.id.as_str()).collect();
            Err(Error::usage(format!(
                "`{query}` names {} workloads: {}",
                many.len(),
                ids.join(", ")
            ))
            .with_hint("name one as FILE#ID"))
        }
    }
}

/// Whether commands warn about a note (`validate` reports the others).
pub fn warned(d: &Diagnostic) -> bool {
    !VALIDATE_ONLY.contains(&d.code)
}

/// Whether `validate` reports a note: a patch is a kustomize file, not a problem.
pub fn validated(d: &Diagnostic) -> bool {
    d.code != Code::FilePatch
}

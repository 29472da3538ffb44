//! A `kubernetes` project (SPEC §6.1, §6.2): with a project file, as an implicit project (a
//! folder of manifests without one), or one file (`-C FILE`); the files it reads and skips; and
//! which workloads a command's argument names.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use super::{DEFAULT_SPECIAL, files, ids, pod, template};
use crate::diagnostic::{Code, Diagnostic};
use crate::error::{Error, Hint, Locate, Result};
use crate::format::{
    Duplicate, Files, Fit, Head, Init, Layout, Loader, MAX_FILE_BYTES, Opened, PROJECT_FILE,
};
use crate::model::{Located, Reader, Resources};
use crate::model::{ProjectFile, SpecialSidecar, Workload};
use crate::yaml;
use crate::yaml::{Document, Node};

/// Codes of notes that only `validate` reports; commands do not warn about them.
pub const VALIDATE_ONLY: &[Code] = &[Code::WorkloadDuplicateId, Code::HelmTemplatedList];

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
    if dir.is_file() {
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
    let json = path.extension().is_some_and(|e| e == "json");
    holds_manifest(json, text)
}

/// Whether a file's text holds at least one workload manifest.
fn holds_manifest(json: bool, text: String) -> bool {
    if !text.contains("kind") {
        return false;
    }
    let parsed = match json {
        true => yaml::parse_json(text),
        false => crate::format::Format::parse(&super::DETECT, text),
    };
    let Ok(doc) = parsed else {
        return false;
    };
    !pod::read(&doc, "", &|_| false).0.is_empty()
}

/// How well a file (or a folder) fits (SPEC §6.1): any folder and any file may be read as
/// manifests (one that holds none then says so); one that holds a workload fits better. A file
/// larger than the head holds one when the head names a workload kind.
pub fn detect(head: &Head<'_>) -> Option<Fit> {
    if head.folder {
        return Some(Fit::Other);
    }
    let holds = match head.whole {
        true => {
            head.text.len() as u64 <= MAX_FILE_BYTES
                && holds_manifest(
                    head.path.extension().is_some_and(|e| e == "json"),
                    head.text.to_string(),
                )
        }
        false => names_workload_kind(head.text),
    };
    Some(if holds { Fit::Content } else { Fit::Other })
}

/// Whether a text names a workload kind (`kind: Deployment`, `"kind": "Deployment"`): what a
/// manifest too large to read for detection says in its first bytes.
fn names_workload_kind(text: &str) -> bool {
    text.match_indices("kind").any(|(at, _)| {
        let before = text[..at].chars().next_back();
        if before.is_some_and(|c| !matches!(c, '"' | '\n' | ' ' | '{' | ',' | '\t')) {
            return false;
        }
        let rest = text[at + 4..].trim_start_matches('"').trim_start();
        let Some(value) = rest.strip_prefix(':') else {
            return false;
        };
        let value = value.trim_start().trim_start_matches(['"', '\'']);
        let end = value
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(value.len());
        super::kinds::WORKLOAD_KINDS
            .iter()
            .any(|k| k.kind == &value[..end])
    })
}

/// A folder without a project file is a project when it holds a workload manifest.
pub fn implicit_root(dir: &Path) -> Result<Option<PathBuf>> {
    match holds_workloads(dir) {
        Search::Found => Ok(Some(dir.to_path_buf())),
        Search::GaveUp(n) => Err(Error::failed(format!(
            "no {PROJECT_FILE} found in {} or any parent folder, and no Kubernetes workload \
             among the first {n} files and folders below it: stopped looking",
            dir.display()
        ))
        .with_hint(Hint::Locate(Locate::StoppedLooking))),
        Search::None => Ok(None),
    }
}

/// The project of a folder without a project file, or of its one file `single` (`-C FILE`),
/// which detection found to fit as `fit`.
pub fn implicit(
    files: &dyn Files,
    given: Option<&Path>,
    fit: Fit,
    config: ProjectFile,
) -> Result<Opened> {
    let single = given.map(crate::format::file_name).transpose()?;
    if let (Some(name), Some(given)) = (&single, given)
        && fit < Fit::Content
    {
        // A file that does not parse says why, where.
        let json = name.ends_with(".json");
        if let Err(d) = files.read(name, &|text| match json {
            true => yaml::parse_json(text),
            false => crate::format::Format::parse(&super::DETECT, text),
        }) && let Some(d) = unreadable(files.root(), name, d)
        {
            return Err(Error::Load(vec![d]));
        }
        return Err(Error::NoWorkloads {
            path: given.display().to_string(),
        });
    }
    let config = ProjectFile {
        services_dir: String::new(),
        marketplace_dir: "marketplace".into(),
        paths: single.iter().cloned().collect(),
        ..config
    };
    let config_doc = yaml::parse("{}\n".to_string()).expect("an empty mapping parses");
    // The items of `marketplace/` are read as in a project with a project file: it is where
    // `marketplace publish` writes them, and `create --from-marketplace` must find them there.
    // Without a project file to say so, that folder may as well hold the manifests of an app
    // called marketplace: Kubernetes objects (and files that do not parse) are no items.
    let mut opened = with_file(files, config, config_doc, &mut Vec::new())?;
    opened.marketplace.retain(|i| {
        ["apiVersion", "kind"]
            .iter()
            .all(|k| i.doc.get(&i.doc.root, k).is_none())
    });
    opened.single_file = single;
    Ok(opened)
}

/// The project of a project file with `format: kubernetes`.
pub fn with_file(
    files: &dyn Files,
    mut config: ProjectFile,
    config_doc: Document,
    errors: &mut Vec<Diagnostic>,
) -> Result<Opened> {
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
        return Err(Error::Load(std::mem::take(errors)));
    }
    let marketplace = files.marketplace(&config.marketplace_dir, errors);
    let special = config
        .special_sidecars
        .iter()
        .map(|s| s.name.clone())
        .collect();
    let on = config.source_on("helm");
    let helm = crate::format::helm::Helm::read(files.root(), (&config_doc, on), errors);
    if !errors.is_empty() {
        return Err(Error::Load(std::mem::take(errors)));
    }
    Ok(Opened {
        root: files.root().to_path_buf(),
        format: super::format(special, helm),
        config,
        config_doc,
        layout: Layout::Files { tolerant: true },
        single_file: None,
        config_maps: Default::default(),
        marketplace,
    })
}

/// The manifests to read, as (path, stem); what discovery sets aside goes to the notes.
pub fn files(
    root: &Path,
    config: &ProjectFile,
    notes: &mut Vec<Diagnostic>,
) -> (Vec<(String, String)>, super::kustomize::Overlays) {
    // An implicit project (no project file) stays on its folder's file system.
    let implicit = config.format.is_none();
    let found = files::discover_with(root, &config.paths, &config.exclude, implicit);
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
    kustomization_notes(&found, notes);
    let overlays = match config.source_on("kustomize") {
        true => super::kustomize::Overlays::build(root, &found.kustomizations),
        false => super::kustomize::Overlays::default(),
    };
    for p in &found.patches {
        if overlays.uses(&p.file).is_some() {
            continue;
        }
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
    let mut listed = found.files;
    // A patch file that does not exist is a `kustomize.missing-file` error already.
    listed.extend(overlays.files().filter(|f| root.join(f).is_file()).cloned());
    listed.sort();
    listed.dedup();
    let listed = listed
        .into_iter()
        .map(|rel| {
            let stem = rel.rsplit('/').next().unwrap_or(&rel).to_string();
            (rel, stem)
        })
        .collect();
    (listed, overlays)
}

/// What `kustomize build` would fail on in the kustomizations `found`: paths that do not
/// exist, files that cannot be read, cycles.
fn kustomization_notes(found: &files::Discovered, notes: &mut Vec<Diagnostic>) {
    let at = |m: &files::Named, code, message| {
        Diagnostic::error(code, &m.kustomization, Some((m.line, m.column)), message)
    };
    for m in &found.missing {
        let message = format!(
            "`{}` entry `{}` does not exist; `kustomize build` fails on it",
            m.key, m.path
        );
        notes.push(at(m, Code::KustomizeMissingFile, message));
    }
    notes.extend(found.unread.iter().cloned());
    for c in &found.cycles {
        let (m, round) = (&c.entry, c.through.join(" → "));
        let message = format!(
            "`{}` entry `{}` closes a cycle ({round}); `kustomize build` fails on it",
            m.key, m.path
        );
        notes.push(at(m, Code::KustomizeCycle, message));
    }
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
pub fn name_shared_ids(services: &mut [Workload]) {
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    for w in services.iter() {
        *count.entry(w.id.clone()).or_default() += 1;
    }
    for w in services {
        if count[&w.id] > 1 {
            w.id = ids::file_qualified(&w.file, &w.id);
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

/// Every workload each query names (one, or every copy of one ID), the project's workloads
/// (`services`) indexed once: a command may name thousands. `notes` are the project's.
pub fn resolve_each<'p>(
    services: &'p [Workload],
    notes: &[Diagnostic],
    queries: &[&str],
) -> Vec<Result<Vec<&'p Workload>>> {
    let all: Vec<crate::format::ObjectName> = services
        .iter()
        .filter_map(|w| {
            let m = w.object.as_ref()?;
            Some(crate::format::ObjectName {
                file: &w.file,
                kind: m.kind,
                name: &m.name,
                namespace: m.namespace.as_deref(),
                overlay: crate::format::overlay_in(&w.id),
            })
        })
        .collect();
    let by_name = ids::by_name(&all);
    queries
        .iter()
        .map(|query| resolve_in((services, notes), &all, &by_name, query))
        .collect()
}

fn resolve_in<'p>(
    (services, notes): (&'p [Workload], &[Diagnostic]),
    all: &[crate::format::ObjectName],
    by_name: &HashMap<&str, Vec<usize>>,
    query: &str,
) -> Result<Vec<&'p Workload>> {
    let found = ids::resolve_indexed(query, all, by_name).map_err(|a| {
        Error::usage(a.to_string()).with_hint(format!("name one of them, e.g. `{}`", a.ids[0]))
    })?;
    if found.is_empty() {
        let mut known: Vec<&str> = services.iter().map(|w| w.id.as_str()).collect();
        known.dedup();
        let shown = if known.len() > 12 {
            format!("{}, … ({} in all)", known[..12].join(", "), known.len())
        } else {
            known.join(", ")
        };
        // A workload in a file that was not read (a template, a file that does not parse)
        // cannot be found: say that such files exist.
        let unread = notes
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
    Ok(found.into_iter().map(|i| &services[i]).collect())
}

/// Whether commands warn about a note (`validate` reports the others).
pub fn warned(d: &Diagnostic) -> bool {
    !VALIDATE_ONLY.contains(&d.code)
}

/// Whether `validate` reports a note: a patch is a kustomize file, not a problem.
pub fn validated(d: &Diagnostic) -> bool {
    d.code != Code::FilePatch
}

/// The project file of a `kubernetes` project (SPEC §6.2), with the defaults spelled out.
fn project_file(name: &str) -> String {
    format!(
        "# sidecarctl project file: see `sidecarctl --help`\n\
         name: {name}\n\
         format: kubernetes\n\
         # Where the manifests are (default: this whole folder), and what to skip (gitignore globs).\n\
         # paths: [apps, platform]\n\
         # exclude: [\"**/charts/**\"]\n\
         # Sidecars a service mesh injects: shown, never changed.\n\
         specialSidecars:\n  \
         - {{name: istio-proxy, managedBy: istio}}\n  \
         - {{name: linkerd-proxy, managedBy: linkerd}}\n\
         # What `create` uses when it is given no --native, --cpu or --memory.\n\
         defaults:\n  \
         placement: classic\n  \
         resources: {{requests: {{cpu: 100m, memory: 150Mi}}, limits: {{cpu: 100m, memory: 150Mi}}}}\n"
    )
}

impl Loader for super::Kubernetes {
    fn init(&self, _dir: &Path, name: &str, _file: Option<&str>) -> Result<Init> {
        Ok(Init {
            project_file: project_file(name),
            folders: &[],
        })
    }

    fn detect(&self, head: &Head<'_>) -> Option<Fit> {
        detect(head)
    }

    fn implicit_root(&self, dir: &Path) -> Result<Option<PathBuf>> {
        implicit_root(dir)
    }

    fn open(
        &self,
        files: &dyn Files,
        config: ProjectFile,
        config_doc: Document,
        errors: &mut Vec<Diagnostic>,
    ) -> Result<Opened> {
        with_file(files, config, config_doc, errors)
    }

    fn open_implicit(
        &self,
        files: &dyn Files,
        file: Option<&Path>,
        fit: Fit,
        config: ProjectFile,
        _errors: &mut Vec<Diagnostic>,
    ) -> Result<Opened> {
        implicit(files, file, fit, config)
    }

    fn read_defaults<'a>(
        &self,
        r: &mut Reader<'a>,
        defaults: &'a Node,
    ) -> (Option<Resources>, Option<Located<String>>) {
        let placement = r.string(defaults, "placement");
        (super::read_defaults(r, defaults), placement)
    }

    fn files(
        &self,
        root: &Path,
        config: &ProjectFile,
        _only: Option<&[String]>,
        notes: &mut Vec<Diagnostic>,
    ) -> Vec<(String, String)> {
        let (listed, overlays) = files(root, config, notes);
        self.set_overlays(overlays);
        listed
    }

    /// A kustomize patch reaches the workloads of the manifests read before it.
    fn read_last(&self, rel: &str) -> bool {
        self.overlays().is_some_and(|o| o.uses(rel).is_some())
    }

    fn unreadable(&self, root: &Path, rel: &str, d: Diagnostic) -> Option<Diagnostic> {
        unreadable(root, rel, d)
    }

    fn skipped(&self, rel: &str, doc: &Document) -> Option<Diagnostic> {
        // A values file may hold templates in its strings (`extraContainers: |`): the chart
        // renders them, the file itself is data.
        if self
            .helm
            .as_ref()
            .is_some_and(|h| h.values_source(rel).is_some())
        {
            return None;
        }
        parsed_template(rel, &doc.text)
    }

    fn duplicate_id(
        &self,
        id: &str,
        file: &str,
        at: Option<(usize, usize)>,
        other: &str,
    ) -> Duplicate {
        Duplicate::Shared(duplicate_id(id, file, at, other))
    }

    fn qualified_id(&self, file: &str, id: &str) -> String {
        ids::file_qualified(file, id)
    }

    fn name_shared_ids(&self, services: &mut [Workload]) {
        name_shared_ids(services)
    }

    fn resolve<'p>(
        &self,
        services: &'p [Workload],
        notes: &[Diagnostic],
        queries: &[&str],
    ) -> Option<Vec<Result<Vec<&'p Workload>>>> {
        Some(resolve_each(services, notes, queries))
    }

    fn warned(&self, note: &Diagnostic) -> bool {
        warned(note)
    }

    fn reported(&self, note: &Diagnostic) -> bool {
        validated(note)
    }
}

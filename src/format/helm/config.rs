//! What a project says of its Helm values (SPEC §8.2): `sources: {helm: false}` turns them
//! off, `helm: {valuesFiles: [GLOB], containerKeys: [dotted.path]}` adds files and keys; and
//! which chart a `values*.yaml` belongs to (the `name` of the `Chart.yaml` beside it).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use ignore::gitignore::{Gitignore, GitignoreBuilder};

use crate::diagnostic::{Code, Diagnostic};
use crate::format::PROJECT_FILE;
use crate::yaml::{self, Document, Node};

/// A `Chart.yaml` larger than this is not read for its name.
const CHART_BYTES: u64 = 1 << 20;

/// The Helm values of one project.
#[derive(Debug)]
pub struct Helm {
    root: PathBuf,
    /// `helm.valuesFiles`, as gitignore-style globs relative to the project root.
    values_files: Option<Gitignore>,
    /// `helm.containerKeys`: dotted paths (from the values' root) of more container lists.
    pub container_keys: Vec<String>,
    /// The chart name of each folder asked about (None: no `Chart.yaml`, or no name).
    charts: Mutex<HashMap<String, Option<String>>>,
}

impl Helm {
    /// The Helm values of the project at `root` whose project file is `config` (None: values
    /// are off, `sources: {helm: false}`); what is wrong in its keys goes to `errors`.
    pub fn read(
        root: &Path,
        (config, on): (&Document, bool),
        errors: &mut Vec<Diagnostic>,
    ) -> Option<Self> {
        if !on {
            return None;
        }
        let doc = config;
        let top = &doc.root;
        let helm = doc.get(top, "helm");
        let strings = |key: &str| -> Vec<&Node> {
            helm.and_then(|h| doc.get(h, key))
                .map(|l| doc.items(l))
                .unwrap_or_default()
        };
        let mut builder = GitignoreBuilder::new(root);
        let globs = strings("valuesFiles");
        for g in &globs {
            let added = g.as_str().map(|t| builder.add_line(None, t));
            if !matches!(added, Some(Ok(_))) {
                errors.push(Diagnostic::error(
                    Code::ProjectPaths,
                    PROJECT_FILE,
                    Some((g.line, g.column)),
                    "a `helm.valuesFiles` entry that is not a valid glob",
                ));
            }
        }
        let values_files = match globs.is_empty() {
            true => None,
            false => builder.build().ok(),
        };
        let container_keys = strings("containerKeys")
            .into_iter()
            .filter_map(|n| n.as_str().map(str::to_string))
            .collect();
        Some(Self {
            root: root.to_path_buf(),
            values_files,
            container_keys,
            charts: Mutex::new(HashMap::new()),
        })
    }

    /// The source a values file `rel` names in IDs (the chart's name; a listed file's path
    /// without its extension), None when `rel` is no values file.
    pub fn values_source(&self, rel: &str) -> Option<String> {
        let (dir, name) = rel.rsplit_once('/').unwrap_or(("", rel));
        let yaml = name.ends_with(".yaml") || name.ends_with(".yml");
        if yaml
            && name.starts_with("values")
            && let Some(chart) = self.chart(dir)
        {
            return Some(chart);
        }
        let listed = self
            .values_files
            .as_ref()
            .is_some_and(|g| g.matched(rel, false).is_ignore());
        listed.then(|| {
            let stem = rel.rsplit_once('.').map_or(rel, |(s, _)| s);
            stem.to_string()
        })
    }

    /// The `name` of the `Chart.yaml` in the folder `dir` (relative), read once.
    fn chart(&self, dir: &str) -> Option<String> {
        let mut charts = self.charts.lock().unwrap_or_else(|e| e.into_inner());
        charts
            .entry(dir.to_string())
            .or_insert_with(|| chart_name(&self.root.join(dir)))
            .clone()
    }
}

/// The `name` of the chart in `folder`, if it has a `Chart.yaml` that gives one.
fn chart_name(folder: &Path) -> Option<String> {
    let path = folder.join("Chart.yaml");
    let small = std::fs::metadata(&path).is_ok_and(|m| m.is_file() && m.len() <= CHART_BYTES);
    let text = small
        .then(|| std::fs::read_to_string(&path).ok())
        .flatten()?;
    let doc = yaml::parse(text).ok()?;
    let name = doc.get(&doc.root, "name")?.as_str()?;
    (!name.is_empty()).then(|| name.to_string())
}

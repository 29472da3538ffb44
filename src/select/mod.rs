//! Choosing services by what they are (SPEC §7.1): the filters every command that takes
//! services also takes. [`Filters`] holds them as the command line gives them;
//! [`Filters::compile`] checks them against what the project's format can answer and gives a
//! [`Selection`], which says of each workload whether it is kept. It reads only what a
//! workload's skeleton keeps (ID, file, kind, namespace, labels, container names), so bulk
//! commands filter without loading a document. The image filter stands apart
//! ([`Selection::image_matches`]): it is about the one sidecar that `edit` or `delete` names.

mod glob;
mod selector;
mod targets;

pub use glob::Glob;
pub use selector::Selector;
pub use targets::TargetList;

use crate::error::{Error, Input, Result};
use crate::format::Traits;
use crate::model::Workload;
use crate::project::Project;

/// The §7.1 filters, as the command line gives them (raw text; `compile` checks them).
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// Globs on the namespace; any may match.
    pub namespaces: Vec<String>,
    /// A label selector in `kubectl`'s syntax.
    pub selector: Option<String>,
    /// Kind names, compared without case; any may match.
    pub kinds: Vec<String>,
    /// Globs on the ID (Mia and Console services: the name); any may match.
    pub matches: Vec<String>,
    /// Containers a service must have, every one.
    pub with: Vec<String>,
    /// Containers a service must lack, every one.
    pub without: Vec<String>,
    /// A glob on the current image of the sidecar a command changes (`edit`, `delete`).
    pub if_image: Option<String>,
    /// Services named in a list (read by the binary from a file or stdin).
    pub targets_from: Option<TargetList>,
}

impl Filters {
    /// Whether no filter is given.
    pub fn is_empty(&self) -> bool {
        self.namespaces.is_empty()
            && self.selector.is_none()
            && self.kinds.is_empty()
            && self.matches.is_empty()
            && self.with.is_empty()
            && self.without.is_empty()
            && self.if_image.is_none()
            && self.targets_from.is_none()
    }

    /// The filters checked: a malformed glob, selector or container name, or a filter the
    /// format cannot answer (a namespace of a Mia service), is a usage error.
    pub fn compile(&self, traits: &Traits) -> Result<Selection> {
        if !traits.namespaced {
            let refuse = |input, why| Error::NotTaken {
                input,
                only: "Kubernetes manifests",
                why,
            };
            if !self.namespaces.is_empty() {
                return Err(refuse(Input::Namespace, "a service has no namespace"));
            }
            if !self.kinds.is_empty() {
                return Err(refuse(Input::Kind, "a service has no kind"));
            }
        }
        for (input, names) in [(Input::With, &self.with), (Input::Without, &self.without)] {
            if let Some(bad) = names
                .iter()
                .find(|n| !crate::names::is_valid_container_name(n))
            {
                return Err(Error::invalid(
                    input,
                    format!("`{bad}` is not a valid container name"),
                ));
            }
        }
        let globs = |input, texts: &[String]| -> Result<Vec<Glob>> {
            texts.iter().map(|t| Glob::new(input, t)).collect()
        };
        let kinds = self
            .kinds
            .iter()
            .map(|k| kind_named(traits, k))
            .collect::<Result<_>>()?;
        Ok(Selection {
            noun: traits.noun,
            namespaces: globs(Input::Namespace, &self.namespaces)?,
            selector: self.selector.as_deref().map(Selector::parse).transpose()?,
            kinds,
            matches: globs(Input::Match, &self.matches)?,
            with: self.with.clone(),
            without: self.without.clone(),
            if_image: self
                .if_image
                .as_deref()
                .map(|g| Glob::new(Input::IfImage, g))
                .transpose()?,
            targets: self.targets_from.as_ref().map(targets::Targets::new),
            given: self.given(),
        })
    }

    /// Each filter given with its value, in the order of the table of §7.1: what a selection
    /// that matches nothing names.
    fn given(&self) -> Vec<(Input, String)> {
        let mut out = Vec::new();
        let each = |out: &mut Vec<_>, input, values: &[String]| {
            out.extend(values.iter().map(|v| (input, v.clone())));
        };
        each(&mut out, Input::Namespace, &self.namespaces);
        each(&mut out, Input::Selector, self.selector.as_slice());
        each(&mut out, Input::Kind, &self.kinds);
        each(&mut out, Input::Match, &self.matches);
        each(&mut out, Input::With, &self.with);
        each(&mut out, Input::Without, &self.without);
        each(&mut out, Input::IfImage, self.if_image.as_slice());
        if let Some(list) = &self.targets_from {
            out.push((Input::TargetsFrom, list.source.clone()));
        }
        out
    }
}

/// The kind `word` names, as manifests spell it: the kind in any case, or a name `kubectl`
/// also takes (`deploy`, `sts`); anything else is a malformed value, not an empty selection.
fn kind_named(traits: &Traits, word: &str) -> Result<&'static str> {
    let lower = word.to_ascii_lowercase();
    let found = traits
        .kinds
        .iter()
        .find(|k| k.kind.eq_ignore_ascii_case(word) || k.aliases.contains(&lower.as_str()));
    match found {
        Some(k) => Ok(k.kind),
        None => {
            let all: Vec<&str> = traits.kinds.iter().map(|k| k.kind).collect();
            Err(Error::invalid(
                Input::Kind,
                format!("`{word}` is not a workload kind ({})", all.join(", ")),
            ))
        }
    }
}

/// Compiled filters: which workloads they keep.
#[derive(Debug, Clone)]
pub struct Selection {
    noun: &'static str,
    namespaces: Vec<Glob>,
    selector: Option<Selector>,
    /// As manifests spell them.
    kinds: Vec<&'static str>,
    matches: Vec<Glob>,
    with: Vec<String>,
    without: Vec<String>,
    if_image: Option<Glob>,
    targets: Option<targets::Targets>,
    given: Vec<(Input, String)>,
}

impl Selection {
    /// Whether `w` passes every filter but the image one (see [`Selection::image_matches`]).
    /// A workload without a namespace has the empty one: only a glob such as `*` matches it.
    pub fn keeps(&self, w: &Workload) -> bool {
        self.keeps_but_the_list(w) && self.targets.as_ref().is_none_or(|t| t.names(w))
    }

    /// [`Selection::keeps`] and [`Selection::target_hits`] at once, the list looked up once: what
    /// a scan asks of each workload.
    pub fn keeps_with_hits(&self, w: &Workload) -> (bool, Vec<u32>) {
        let hits = self.target_hits(w);
        let listed = self.targets.is_none() || !hits.is_empty();
        (listed && self.keeps_but_the_list(w), hits)
    }

    fn keeps_but_the_list(&self, w: &Workload) -> bool {
        let object = w.object.as_deref();
        let namespace = object.and_then(|o| o.namespace.as_deref()).unwrap_or("");
        let has = |name: &String| {
            std::iter::once(&w.main)
                .chain(&w.sidecars)
                .chain(&w.init)
                .any(|c| c.name() == name)
        };
        let kind =
            |o: &crate::model::Object| self.kinds.iter().any(|k| k.eq_ignore_ascii_case(o.kind));
        (self.namespaces.is_empty() || self.namespaces.iter().any(|g| g.matches(namespace)))
            && (self.kinds.is_empty() || object.is_some_and(kind))
            && (self.matches.is_empty()
                || self.matches.iter().any(|g| g.matches(targets::raw_id(w))))
            && self.with.iter().all(has)
            && !self.without.iter().any(has)
            && self.selector.as_ref().is_none_or(|s| s.matches(&w.labels))
    }

    /// Whether a sidecar's current image (None: it has none) passes `--if-image`; true when
    /// that filter is not given.
    pub fn image_matches(&self, image: Option<&str>) -> bool {
        self.if_image
            .as_ref()
            .is_none_or(|g| image.is_some_and(|i| g.matches(i)))
    }

    /// Whether an image filter is given (the command must look at a sidecar's image).
    pub fn has_image_filter(&self) -> bool {
        self.if_image.is_some()
    }

    /// The error of a selection that chose nothing: it names every filter given.
    pub fn no_match(&self) -> Error {
        Error::NoMatch {
            filters: self.given.clone().into_boxed_slice(),
        }
    }

    /// Refuses a list of targets naming something no service of `project` is (its services
    /// loaded), like a `--service` that names none; Ok without a list.
    pub fn unknown_targets(&self, project: &Project) -> Result<()> {
        let hits = project.services.iter().flat_map(|w| self.target_hits(w));
        self.unknown_targets_after(project, hits)
    }

    /// The entries of the list of targets that name `w` (by index): what a scan that does not
    /// keep its workloads gathers for [`Selection::unknown_targets_after`].
    pub fn target_hits(&self, w: &Workload) -> Vec<u32> {
        self.targets.as_ref().map(|t| t.hits(w)).unwrap_or_default()
    }

    /// Refuses the entries of the list of targets not among `hits` (see
    /// [`Selection::target_hits`]) of the services of `project` (loaded or scanned).
    pub fn unknown_targets_after(
        &self,
        project: &Project,
        hits: impl IntoIterator<Item = u32>,
    ) -> Result<()> {
        // Where the services are, as a `--service` that names none says it; workloads named by
        // queries (Kubernetes) are simply not found, as there.
        let place = match project.format.traits().queries {
            true => None,
            false => Some(project.services_place()),
        };
        self.unknown_in(place.as_deref(), hits)
    }

    fn unknown_in(&self, place: Option<&str>, hits: impl IntoIterator<Item = u32>) -> Result<()> {
        match &self.targets {
            Some(t) => t.unknown(self.noun, place, hits),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests;

//! `validate`: every rule of SPEC §4, each with a stable code. Each format holds its own rules
//! (`Format::validate`, `Format::validate_project`); this module gives them the project.

use std::path::Path;
use std::sync::OnceLock;

use rayon::prelude::*;

use crate::diagnostic::{self, Diagnostic};
use crate::error::{Error, Result};
use crate::format::{Declared, checks};
use crate::model::Workload;
use crate::policy::{self, Policy, single};
use crate::project::{LoadOptions, PROJECT_FILE, Project};

/// What `validate` found: the services it checked with the diagnostics of each (a JUnit
/// report's test cases), and what belongs to no service. Each diagnostic is held once, in the
/// list of the service or file it is about; [`Validation::diagnostics`] orders them all.
#[derive(Debug, Default)]
pub struct Validation {
    pub services: Vec<ServiceCheck>,
    /// What belongs to no service (the project file, a file that does not load), by file: the
    /// file is its ID.
    pub files: Vec<ServiceCheck>,
}

impl Validation {
    /// What a project that does not load reports (its policy, its project file, a file it
    /// needs): no service was checked.
    pub fn not_loaded(diagnostics: Vec<Diagnostic>) -> Self {
        Self {
            files: by_file(diagnostics),
            services: Vec::new(),
        }
    }

    /// Every diagnostic, by file then position (see [`diagnostic::sort`]), borrowed from the
    /// lists they are held in: a large fleet's findings are not copied a second time. Among
    /// equal places the files' list comes first, then the services in order, as a stable sort
    /// of them all would put them.
    pub fn diagnostics(&self) -> Vec<&Diagnostic> {
        let lists = || {
            self.files
                .iter()
                .chain(&self.services)
                .map(|s| s.diagnostics.as_slice())
                .filter(|l| !l.is_empty())
        };
        // Each list is sorted, and a service's findings are about its own place in its file:
        // the lists, ordered by their first diagnostic, usually follow one another without
        // overlapping. Then that concatenation is the sorted order (no two lists share a place,
        // so there is no tie to order); where any two overlap, everything is sorted. The lists
        // are ordered unstably, on every core: two that start at one place overlap, so their
        // order among themselves never reaches the result.
        let mut runs: Vec<&[Diagnostic]> = lists().collect();
        runs.par_sort_unstable_by(|a, b| diagnostic::order(&a[0], &b[0]));
        let apart = runs
            .windows(2)
            .all(|w| diagnostic::order(&w[0][w[0].len() - 1], &w[1][0]).is_lt());
        let mut all: Vec<&Diagnostic> = Vec::with_capacity(runs.iter().map(|l| l.len()).sum());
        if apart {
            all.extend(runs.into_iter().flatten());
        } else {
            all.extend(lists().flatten());
            all.sort_by(|a, b| diagnostic::order(a, b));
        }
        all
    }
}

/// One service's ID and file, and what was found in it (its format's rules and the policy's),
/// sorted.
#[derive(Debug)]
pub struct ServiceCheck {
    pub id: String,
    pub file: String,
    pub diagnostics: Vec<Diagnostic>,
}

/// Validates the project at `root`: its files as they are read, the project file, its
/// marketplace and its policy (SPEC §9). A policy that does not read fails first, with
/// `Error::Load` and its diagnostics, before any workload is read; so does a project that
/// does not load.
pub fn validate(root: &Path) -> Result<Validation> {
    let read: OnceLock<Option<Policy>> = OnceLock::new();
    let check = |p: &Project| {
        let policy = policy::read(p).map_err(Error::Load)?;
        read.get_or_init(|| policy);
        Ok(())
    };
    let scan = Project::scan_checked(root, &LoadOptions::default(), check, |p, svc| {
        let policy = read.get().and_then(Option::as_ref);
        let mut diagnostics = validate_service(p, &svc);
        let (found, uses) = policy::check(policy, &svc);
        diagnostics.extend(found);
        // Sorted on the scan's threads: only the services `singleVersion` adds to are sorted
        // again once the scan is done.
        diagnostic::sort(&mut diagnostics);
        let check = ServiceCheck {
            id: svc.id.clone(),
            file: svc.file.clone(),
            diagnostics,
        };
        (check, uses)
    })?;
    let mut files = scan.errors;
    files.extend(validate_project(&scan.project));
    let (mut services, uses): (Vec<ServiceCheck>, Vec<Vec<single::Use>>) =
        scan.items.into_iter().unzip();
    if let Some(p) = read
        .get()
        .and_then(Option::as_ref)
        .filter(|p| p.single_version)
    {
        let newest = single::Newest::of(&uses);
        // Each service's uses are dropped once worded: they and the findings are not all held
        // at once.
        services.par_iter_mut().zip(uses).for_each(|(s, uses)| {
            let before = s.diagnostics.len();
            newest.findings(p, &uses, &s.id, &s.file, &mut s.diagnostics);
            if s.diagnostics.len() > before {
                diagnostic::sort(&mut s.diagnostics);
            }
        });
    }
    Ok(Validation {
        services,
        files: by_file(files),
    })
}

/// `diags` grouped by file, in file order.
fn by_file(mut diags: Vec<Diagnostic>) -> Vec<ServiceCheck> {
    diagnostic::sort(&mut diags);
    let mut out: Vec<ServiceCheck> = Vec::new();
    for d in diags {
        match out.last_mut() {
            Some(last) if last.file == d.file => last.diagnostics.push(d),
            _ => out.push(ServiceCheck {
                id: d.file.clone(),
                file: d.file.clone(),
                diagnostics: vec![d],
            }),
        }
    }
    out
}

/// The project file's own rules.
pub fn validate_project(project: &Project) -> Vec<Diagnostic> {
    let mut out = project
        .format
        .validate_project(PROJECT_FILE, &project.config, &project.notes);
    out.extend(check_defaults(project));
    out.extend(validate_marketplace(project));
    out
}

/// The project's `defaults.resources`, which `create` writes into new entries.
pub fn check_defaults(project: &Project) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if let Some(defaults) = &project.config.defaults {
        project
            .format
            .check_resources(&mut out, PROJECT_FILE, defaults);
    }
    out
}

/// Every marketplace item, and no two with one id.
pub fn validate_marketplace(project: &Project) -> Vec<Diagnostic> {
    checks::marketplace(&project.marketplace)
}

/// One service's rules; `project` gives what it may refer to (ConfigMaps, secrets, special
/// sidecars). Each service is checked on its own, so a large project is checked as it loads.
pub fn validate_service(project: &Project, svc: &Workload) -> Vec<Diagnostic> {
    let declared = Declared {
        config_maps: &project.config_maps,
        secrets: &project.config.service_secrets,
        special: &project.config.special_sidecars,
    };
    project.format.validate(svc, &declared)
}

#[cfg(test)]
mod tests {
    use super::{ServiceCheck, Validation};
    use crate::diagnostic::{self, Code, Diagnostic};

    fn at(file: &str, line: usize, message: &str) -> Diagnostic {
        Diagnostic::error(Code::PolicyRequired, file, Some((line, 1)), message)
    }

    fn service(id: &str, diagnostics: Vec<Diagnostic>) -> ServiceCheck {
        let file = diagnostics
            .first()
            .map_or("", |d| d.file.as_str())
            .to_string();
        ServiceCheck {
            id: id.into(),
            file,
            diagnostics,
        }
    }

    /// What `diagnostics` must give: a stable sort of the lists concatenated, files first.
    fn expected(v: &Validation) -> Vec<String> {
        let mut all: Vec<Diagnostic> = v
            .files
            .iter()
            .chain(&v.services)
            .flat_map(|s| s.diagnostics.clone())
            .collect();
        diagnostic::sort(&mut all);
        all.into_iter().map(|d| d.message).collect()
    }

    fn got(v: &Validation) -> Vec<String> {
        v.diagnostics().iter().map(|d| d.message.clone()).collect()
    }

    #[test]
    fn lists_apart_are_joined_in_file_order() {
        // Services by ID, their files in another order; the project file's list first.
        let v = Validation {
            services: vec![
                service("a", vec![at("b.yaml", 3, "a1"), at("b.yaml", 9, "a2")]),
                service("b", vec![at("a.yaml", 20, "b1")]),
                service("c", vec![]),
                service("d", vec![at("a.yaml", 2, "d1"), at("a.yaml", 4, "d2")]),
            ],
            files: vec![service(
                "sidecarctl.yaml",
                vec![at("sidecarctl.yaml", 1, "p")],
            )],
        };
        assert_eq!(got(&v), ["d1", "d2", "b1", "a1", "a2", "p"]);
        assert_eq!(got(&v), expected(&v));
    }

    #[test]
    fn lists_that_overlap_or_tie_are_sorted_as_one() {
        // `b` interleaves with `a`; `c` ties with `a` at one place: the earlier list first.
        let v = Validation {
            services: vec![
                service("a", vec![at("x.yaml", 1, "a1"), at("x.yaml", 5, "a5")]),
                service("b", vec![at("x.yaml", 3, "b3"), at("x.yaml", 7, "b7")]),
                service("c", vec![at("x.yaml", 5, "c5")]),
            ],
            files: vec![service("x.yaml", vec![at("x.yaml", 5, "f5")])],
        };
        assert_eq!(got(&v), ["a1", "b3", "f5", "a5", "c5", "b7"]);
        assert_eq!(got(&v), expected(&v));
        let tie = Validation {
            services: vec![
                service("a", vec![at("x.yaml", 5, "a5")]),
                service("b", vec![at("x.yaml", 5, "b5")]),
            ],
            files: Vec::new(),
        };
        assert_eq!(got(&tie), ["a5", "b5"]);
    }
}

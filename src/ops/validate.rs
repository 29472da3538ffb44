//! `validate`: every rule of SPEC §4, each with a stable code. Each format holds its own rules
//! (`Format::validate`, `Format::validate_project`); this module gives them the project.

use std::path::Path;
use std::sync::OnceLock;

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
    /// lists they are held in: a large fleet's findings are not copied a second time. Each list
    /// is sorted already, so the sort only merges them; among equal places the files' list
    /// comes first, then the services in order, as the sort is stable.
    pub fn diagnostics(&self) -> Vec<&Diagnostic> {
        let mut all: Vec<&Diagnostic> = self
            .files
            .iter()
            .chain(&self.services)
            .flat_map(|s| &s.diagnostics)
            .collect();
        all.sort_by(|a, b| diagnostic::order(a, b));
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
        diagnostics.extend(policy::check(policy, &svc));
        // Sorted on the scan's threads: only the few services `singleVersion` adds to are
        // sorted again once the scan is done.
        diagnostic::sort(&mut diagnostics);
        let uses = single::uses(policy, &svc);
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
        let ids: Vec<(&str, &str)> = services
            .iter()
            .map(|s| (s.id.as_str(), s.file.as_str()))
            .collect();
        let found = single::single_version(p, &uses, &ids);
        drop(uses);
        let mut touched = vec![false; services.len()];
        for (i, d) in found {
            services[i].diagnostics.push(d);
            touched[i] = true;
        }
        for (s, _) in services.iter_mut().zip(touched).filter(|(_, t)| *t) {
            diagnostic::sort(&mut s.diagnostics);
        }
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

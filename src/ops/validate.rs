//! `validate`: every rule of SPEC §4, each with a stable code. Each format holds its own rules
//! (`Format::validate`, `Format::validate_project`); this module gives them the project.

use crate::diagnostic::Diagnostic;
use crate::format::{Declared, checks};
use crate::model::Workload;
use crate::project::{PROJECT_FILE, Project};

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

//! What commands return, shaped exactly as SPEC §3 prints it. These structs are the output
//! contract and are kept apart from the file model so one cannot drift with the other.

use serde::Serialize;

use crate::model::{Container, Limits, Resources};

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct LimitsView {
    pub min: Option<String>,
    pub max: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct ResourcesView {
    pub cpu_limits: Option<LimitsView>,
    pub memory_limits: Option<LimitsView>,
}

impl ResourcesView {
    pub fn of(r: &Resources) -> Self {
        let limits = |l: &Limits| LimitsView {
            min: l.min.as_ref().map(|v| v.value.clone()),
            max: l.max.as_ref().map(|v| v.value.clone()),
        };
        Self {
            cpu_limits: r.cpu.as_ref().map(limits),
            memory_limits: r.memory.as_ref().map(limits),
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct SidecarList {
    pub sidecars: Vec<SidecarSummary>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct SidecarSummary {
    pub name: String,
    pub special: bool,
    pub managed_by: Option<String>,
    pub services: Vec<SidecarUse>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct SidecarUse {
    pub service: String,
    pub file: String,
    pub docker_image: Option<String>,
    pub resources: Option<ResourcesView>,
    pub config_maps: Vec<String>,
    pub secrets: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ContainersView {
    pub service: String,
    pub file: String,
    pub containers: Vec<ContainerRow>,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Main,
    Sidecar,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Main => "main",
            Self::Sidecar => "sidecar",
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct ContainerRow {
    pub name: String,
    pub role: Role,
    pub special: bool,
    pub managed_by: Option<String>,
    pub docker_image: Option<String>,
    pub resources: Option<ResourcesView>,
    pub config_maps: Vec<String>,
    pub secrets: Vec<String>,
}

impl ContainerRow {
    pub fn of(c: &Container, role: Role, managed_by: Option<&str>) -> Self {
        Self {
            name: c.name().to_string(),
            role,
            special: managed_by.is_some(),
            managed_by: managed_by.map(str::to_string),
            docker_image: c.image().map(str::to_string),
            resources: c.resources.as_ref().map(ResourcesView::of),
            config_maps: c.config_maps.iter().map(|m| m.name.value.clone()).collect(),
            secrets: c.secrets.iter().map(|m| m.name.value.clone()).collect(),
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ShowView {
    pub sidecar: String,
    pub service: String,
    pub file: String,
    pub special: bool,
    pub managed_by: Option<String>,
    /// The entry as data (aliases and merge keys resolved).
    pub container: serde_json::Value,
    /// The entry's text exactly as it stands in the file (for `--raw`; not part of the JSON).
    #[serde(skip)]
    pub raw: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ValidateReport {
    pub valid: bool,
    pub errors: usize,
    pub warnings: usize,
    pub diagnostics: Vec<DiagnosticView>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DiagnosticView {
    pub severity: crate::diagnostic::Severity,
    pub code: &'static str,
    pub message: String,
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
}

impl ValidateReport {
    pub fn of(diags: &[crate::diagnostic::Diagnostic]) -> Self {
        let errors = diags.iter().filter(|d| d.is_error()).count();
        Self {
            valid: errors == 0,
            errors,
            warnings: diags.len() - errors,
            diagnostics: diags
                .iter()
                .map(|d| DiagnosticView {
                    severity: d.severity,
                    code: d.code,
                    message: d.message.clone(),
                    file: d.file.clone(),
                    line: d.line,
                    column: d.column,
                })
                .collect(),
        }
    }
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Added,
    Updated,
    Removed,
    Unchanged,
    Skipped,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Added => "added",
            Self::Updated => "updated",
            Self::Removed => "removed",
            Self::Unchanged => "unchanged",
            Self::Skipped => "skipped",
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ChangeRow {
    pub service: String,
    pub file: String,
    pub sidecar: String,
    pub action: Action,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct ChangeReport {
    pub dry_run: bool,
    pub changes: Vec<ChangeRow>,
    pub removed_from_project: Vec<String>,
    /// Every file written (or, with `--dry-run`, that would be), sorted, relative to the root.
    pub files: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::{Action, Role};

    /// Tables print the same words as the JSON contract.
    #[test]
    fn names_match_the_json() {
        for a in [
            Action::Added,
            Action::Updated,
            Action::Removed,
            Action::Unchanged,
            Action::Skipped,
        ] {
            assert_eq!(serde_json::to_value(a).unwrap(), a.as_str());
        }
        for r in [Role::Main, Role::Sidecar] {
            assert_eq!(serde_json::to_value(r).unwrap(), r.as_str());
        }
    }
}

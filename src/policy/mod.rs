//! The project's sidecar policy (SPEC §9): what `policy:` in the project file asks of every
//! sidecar, read once before any workload ([`read`]), then checked service by service as the
//! project is scanned ([`Policy::check`]), and across the project for the rules that compare
//! services ([`single::single_version`]). Its findings are diagnostics like any other, so every
//! output of `validate` carries them.
//!
//! Without a policy one rule still runs: a Job with a classic sidecar never completes
//! (`job.classic-sidecar`, a warning).

mod check;
pub mod image;
mod read;
pub mod single;

pub use check::check;
pub use read::read;

use crate::diagnostic::{Code, Severity};
use crate::select::{Glob, Selection};

/// A rule of the policy, by the key it is written under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    Required,
    Registries,
    Pinning,
    Resources,
    NativeStartupProbe,
    JobSidecars,
    SingleVersion,
}

impl Rule {
    pub const ALL: [Rule; 7] = [
        Rule::Required,
        Rule::Registries,
        Rule::Pinning,
        Rule::Resources,
        Rule::NativeStartupProbe,
        Rule::JobSidecars,
        Rule::SingleVersion,
    ];

    /// The key under `policy:` (and under `severity:`, `exempt[].rules`).
    pub const fn key(self) -> &'static str {
        match self {
            Rule::Required => "required",
            Rule::Registries => "registries",
            Rule::Pinning => "pinning",
            Rule::Resources => "resources",
            Rule::NativeStartupProbe => "nativeStartupProbe",
            Rule::JobSidecars => "jobSidecars",
            Rule::SingleVersion => "singleVersion",
        }
    }

    /// The code of its diagnostics.
    pub const fn code(self) -> Code {
        match self {
            Rule::Required => Code::PolicyRequired,
            Rule::Registries => Code::PolicyRegistries,
            Rule::Pinning => Code::PolicyPinning,
            Rule::Resources => Code::PolicyResources,
            Rule::NativeStartupProbe => Code::PolicyNativeStartupProbe,
            Rule::JobSidecars => Code::PolicyJobSidecars,
            Rule::SingleVersion => Code::PolicySingleVersion,
        }
    }

    pub fn named(key: &str) -> Option<Rule> {
        Self::ALL.into_iter().find(|r| r.key() == key)
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// `pinning:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pinning {
    /// A tag other than `latest` (or a digest).
    Tag,
    /// A digest.
    Digest,
}

/// A `required` entry: services its `where` selects must run `sidecar`.
#[derive(Debug, Clone)]
pub struct Required {
    pub sidecar: String,
    pub selection: Selection,
}

/// An `exempt` entry: sidecars whose image matches `image` (and named `name`, when given)
/// are exempt from `rules`.
#[derive(Debug, Clone)]
pub struct Exemption {
    pub image: Glob,
    pub name: Option<String>,
    pub rules: Vec<Rule>,
}

/// `policy:` as read.
#[derive(Debug, Clone)]
pub struct Policy {
    pub required: Vec<Required>,
    /// Allowed prefixes, normalised as images are (see [`image::normalize`]).
    pub registries: Option<Vec<String>>,
    pub pinning: Option<Pinning>,
    pub requests: bool,
    pub limits: bool,
    pub native_startup_probe: bool,
    pub job_sidecars_native: bool,
    pub single_version: bool,
    pub exempt: Vec<Exemption>,
    severity: [Severity; 7],
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            required: Vec::new(),
            registries: None,
            pinning: None,
            requests: false,
            limits: false,
            native_startup_probe: false,
            job_sidecars_native: false,
            single_version: false,
            exempt: Vec::new(),
            severity: [Severity::Error; 7],
        }
    }
}

impl Policy {
    /// The severity of `rule`'s findings: `error` unless `severity:` says otherwise.
    pub fn severity(&self, rule: Rule) -> Severity {
        self.severity[rule.index()]
    }

    /// Whether a sidecar named `name` running `image` is exempt from `rule`.
    pub fn exempt(&self, rule: Rule, name: &str, image: Option<&str>) -> bool {
        let Some(image) = image else {
            return false;
        };
        let normal = image::normalize(image);
        self.exempt.iter().any(|e| {
            e.rules.contains(&rule)
                && e.name.as_deref().is_none_or(|n| n == name)
                && (e.image.matches(image) || e.image.matches(&normal))
        })
    }
}

//! The project's sidecar policy (SPEC §9): what `policy:` in the project file asks of every
//! sidecar, read once before any workload ([`read`]), then checked service by service as the
//! project is scanned ([`check`]), and across the project for the rules that compare
//! services ([`single::Newest`]). Its findings are diagnostics like any other, so every
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
    /// The glob's text before its first wildcard or escape: an image that does not start with
    /// it cannot match, which is found without running the glob.
    pub literal: String,
    pub name: Option<String>,
    pub rules: Vec<Rule>,
}

impl Exemption {
    pub fn new(image: Glob, name: Option<String>, rules: Vec<Rule>) -> Self {
        let text = image.as_str();
        let literal = text[..text.find(['*', '?', '[', '\\']).unwrap_or(text.len())].to_string();
        Self {
            image,
            literal,
            name,
            rules,
        }
    }
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
    /// The project's special sidecars: the image of one that its mesh injects (`image: auto`)
    /// is not judged (see [`crate::names::is_injected_image`]).
    pub special: Vec<String>,
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
            special: Vec::new(),
            severity: [Severity::Error; 7],
        }
    }
}

impl Policy {
    /// The severity of `rule`'s findings: `error` unless `severity:` says otherwise.
    pub fn severity(&self, rule: Rule) -> Severity {
        self.severity[rule.index()]
    }

    /// Whether `c` is a special sidecar whose image its mesh sets when it injects it (see
    /// [`crate::names::is_injected_image`]): its `image` is no image to judge.
    pub fn injected(&self, c: &crate::model::Container) -> bool {
        c.image().is_some_and(crate::names::is_injected_image)
            && self.special.iter().any(|s| s == c.name())
    }

    /// Whether a sidecar named `name` running `image` is exempt from `rule`.
    pub fn exempt(&self, rule: Rule, name: &str, image: Option<&str>) -> bool {
        match image {
            Some(image) if !self.exempt.is_empty() => {
                self.exempt_normal(rule, name, image, &image::normalize(image))
            }
            _ => false,
        }
    }

    /// [`Self::exempt`] given the image as written and as [`image::normalize`] spells it.
    pub fn exempt_normal(&self, rule: Rule, name: &str, image: &str, normal: &str) -> bool {
        self.exemptions(name, image, normal).has(rule)
    }

    /// Every rule a sidecar is exempt from: each exemption's glob is matched once per sidecar,
    /// whatever the number of rules asked about.
    pub fn exemptions(&self, name: &str, image: &str, normal: &str) -> Exempted {
        let mut mask = 0u8;
        for e in &self.exempt {
            let matches = |s: &str| s.starts_with(&e.literal) && e.image.matches(s);
            if e.name.as_deref().is_none_or(|n| n == name)
                && (matches(normal) || (image != normal && matches(image)))
            {
                mask |= e.rules.iter().fold(0, |m, r| m | 1 << r.index());
            }
        }
        Exempted(mask)
    }
}

/// The rules a sidecar is exempt from (see [`Policy::exemptions`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Exempted(u8);

impl Exempted {
    pub fn has(self, rule: Rule) -> bool {
        self.0 & (1 << rule.index()) != 0
    }
}

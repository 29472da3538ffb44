//! Reading `policy:` from the project file. Every problem is a `policy.invalid` error at its
//! line and column, and all of them are found in one pass: a policy that does not read stops
//! `validate` before any workload is read.

use std::collections::HashSet;

use super::{Exemption, Pinning, Policy, Required, Rule, image};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::error::{Error, Input};
use crate::format::Traits;
use crate::project::{PROJECT_FILE, Project};
use crate::select::{Filters, Glob, Selector};
use crate::yaml::{Document, Kind, Node};

const KEYS: &[&str] = &[
    "required",
    "registries",
    "pinning",
    "resources",
    "nativeStartupProbe",
    "jobSidecars",
    "singleVersion",
    "exempt",
    "severity",
];

/// The project's policy: None without a `policy:` key (or with `policy: null`).
pub fn read(project: &Project) -> Result<Option<Policy>, Vec<Diagnostic>> {
    let doc = &project.config_doc;
    let root = doc.resolve(&doc.root);
    let Some(node) = doc.get(root, "policy").filter(|n| !n.is_null()) else {
        return Ok(None);
    };
    let mut r = PolicyReader {
        doc,
        traits: project.format.traits(),
        errors: Vec::new(),
    };
    let policy = r.policy(node).map(|mut p| {
        p.special = (project.config.special_sidecars.iter())
            .map(|s| s.name.clone())
            .collect();
        p
    });
    match r.errors.is_empty() {
        true => Ok(policy),
        false => Err(r.errors),
    }
}

struct PolicyReader<'a> {
    doc: &'a Document,
    traits: &'a Traits,
    errors: Vec<Diagnostic>,
}

impl<'a> PolicyReader<'a> {
    fn error(&mut self, node: &Node, message: impl Into<String>) {
        self.errors.push(Diagnostic::error(
            Code::PolicyInvalid,
            PROJECT_FILE,
            Some((node.line, node.column)),
            message,
        ));
    }

    /// The entries of a mapping (each key checked against `keys`), or an error.
    fn entries(&mut self, node: &'a Node, what: &str, keys: &[&str]) -> Vec<(&'a str, &'a Node)> {
        let node = self.doc.resolve(node);
        if !matches!(node.kind, Kind::Map { .. }) {
            self.error(
                node,
                format!("`{what}` must be a mapping, found {}", node.kind_name()),
            );
            return Vec::new();
        }
        let mut out = Vec::new();
        for (k, key, value) in self.doc.entries(node) {
            if keys.contains(&k) {
                out.push((k, value));
            } else {
                self.error(
                    key,
                    format!("`{what}` has no key `{k}` (its keys: {})", keys.join(", ")),
                );
            }
        }
        out
    }

    fn items(&mut self, node: &'a Node, what: &str) -> Vec<&'a Node> {
        let node = self.doc.resolve(node);
        match node.kind {
            Kind::Seq { .. } => self.doc.items(node),
            _ => {
                self.error(
                    node,
                    format!("`{what}` must be a list, found {}", node.kind_name()),
                );
                Vec::new()
            }
        }
    }

    fn text(&mut self, node: &'a Node, what: &str) -> Option<&'a str> {
        let node = self.doc.resolve(node);
        match (&node.kind, node.as_str()) {
            (Kind::Scalar { .. }, Some(s)) if !node.is_null() && !s.is_empty() => Some(s),
            _ => {
                self.error(
                    node,
                    format!("`{what}` must be a text, found {}", node.kind_name()),
                );
                None
            }
        }
    }

    /// A text or a list of texts (`namespace: team-*` or `namespace: [a, b]`).
    fn texts(&mut self, node: &'a Node, what: &str) -> Vec<(&'a str, &'a Node)> {
        let node = self.doc.resolve(node);
        let items = match node.kind {
            Kind::Seq { .. } => self.doc.items(node),
            _ => vec![node],
        };
        items
            .into_iter()
            .filter_map(|i| Some((self.text(i, what)?, i)))
            .collect()
    }

    fn flag(&mut self, node: &'a Node, what: &str) -> bool {
        match self.text(node, what) {
            Some("true") => true,
            Some("false") => false,
            Some(other) => {
                self.error(
                    node,
                    format!("`{what}` is `true` or `false`, not `{other}`"),
                );
                false
            }
            None => false,
        }
    }

    /// One of `words`, as its index.
    fn word(&mut self, node: &'a Node, what: &str, words: &[&str]) -> Option<usize> {
        let text = self.text(node, what)?;
        let found = words.iter().position(|w| *w == text);
        if found.is_none() {
            let one_of = words.iter().map(|w| format!("`{w}`")).collect::<Vec<_>>();
            self.error(
                node,
                format!("`{what}` is one of {}, not `{text}`", one_of.join(", ")),
            );
        }
        found
    }

    fn policy(&mut self, node: &'a Node) -> Option<Policy> {
        let mut p = Policy::default();
        for (key, value) in self.entries(node, "policy", KEYS) {
            match key {
                "required" => p.required = self.required(value),
                "registries" => p.registries = Some(self.registries(value)),
                "pinning" => {
                    p.pinning = self
                        .word(value, "pinning", &["tag", "digest"])
                        .map(|i| [Pinning::Tag, Pinning::Digest][i]);
                }
                "resources" => {
                    for (_, i) in self.texts(value, "resources") {
                        match self.word(i, "resources", &["requests", "limits"]) {
                            Some(0) => p.requests = true,
                            Some(_) => p.limits = true,
                            None => {}
                        }
                    }
                }
                "nativeStartupProbe" => p.native_startup_probe = self.flag(value, key),
                "jobSidecars" => {
                    p.job_sidecars_native = self.word(value, key, &["native"]).is_some();
                }
                "singleVersion" => p.single_version = self.flag(value, key),
                "exempt" => p.exempt = self.exempt(value),
                _ => p.severity = self.severity(value),
            }
        }
        Some(p)
    }

    fn registries(&mut self, node: &'a Node) -> Vec<String> {
        let list: Vec<String> = self
            .texts(node, "registries")
            .into_iter()
            .map(|(t, _)| image::normalize_prefix(t))
            .collect();
        if list.is_empty()
            && matches!(&self.doc.resolve(node).kind, Kind::Seq { items, .. } if items.is_empty())
        {
            self.error(
                node,
                "`registries` lists no registry: no sidecar image could pass",
            );
        }
        list
    }

    fn severity(&mut self, node: &'a Node) -> [Severity; 7] {
        let mut out = [Severity::Error; 7];
        let keys: Vec<&str> = Rule::ALL.iter().map(|r| r.key()).collect();
        for (key, value) in self.entries(node, "severity", &keys) {
            let rule = Rule::named(key).expect("keys are rule names");
            if let Some(i) = self.word(value, key, &["error", "warning"]) {
                out[rule as usize] = [Severity::Error, Severity::Warning][i];
            }
        }
        out
    }

    fn required(&mut self, node: &'a Node) -> Vec<Required> {
        let mut out = Vec::new();
        for item in self.items(node, "required") {
            let mut sidecar = None;
            let mut filters = Filters::default();
            for (key, value) in self.entries(item, "required", &["sidecar", "where"]) {
                match key {
                    "sidecar" => sidecar = self.sidecar_name(value),
                    _ => filters = self.filters(value),
                }
            }
            match (sidecar, self.compile(&filters, item)) {
                (Some(sidecar), Some(selection)) => out.push(Required { sidecar, selection }),
                (None, _) if self.doc.get(item, "sidecar").is_none() => {
                    self.error(item, "a `required` entry names no `sidecar`");
                }
                _ => {}
            }
        }
        out
    }

    fn sidecar_name(&mut self, node: &'a Node) -> Option<String> {
        let name = self.text(node, "sidecar")?;
        if !crate::names::is_valid_container_name(name) {
            self.error(node, format!("`{name}` is not a valid container name"));
            return None;
        }
        Some(name.to_string())
    }

    /// `where:`: the filters of SPEC §7.1 that say what a service is, each checked where it
    /// is written (a glob, a selector, a kind this project's format knows).
    fn filters(&mut self, node: &'a Node) -> Filters {
        let mut f = Filters::default();
        let keys = ["namespace", "kind", "selector"];
        for (key, value) in self.entries(node, "where", &keys) {
            if key != "selector" && !self.traits.namespaced {
                let noun = self.traits.noun;
                self.error(
                    value,
                    format!("`where.{key}`: a {noun} of this project has no {key}"),
                );
                continue;
            }
            for (text, at) in self.texts(value, key) {
                let checked = match key {
                    "namespace" => Glob::new(Input::Namespace, text).map(|_| ()),
                    "kind" => Filters {
                        kinds: vec![text.to_string()],
                        ..Filters::default()
                    }
                    .compile(self.traits)
                    .map(|_| ()),
                    _ => Selector::parse(text).map(|_| ()),
                };
                match checked {
                    Err(e) => self.error(at, format!("`where.{key}`: {}", problem(&e))),
                    Ok(()) => match key {
                        "namespace" => f.namespaces.push(text.to_string()),
                        "kind" => f.kinds.push(text.to_string()),
                        _ => f.selector = Some(text.to_string()),
                    },
                }
            }
        }
        f
    }

    fn compile(&mut self, filters: &Filters, at: &Node) -> Option<crate::select::Selection> {
        match filters.compile(self.traits) {
            Ok(s) => Some(s),
            Err(e) => {
                self.error(at, format!("`where`: {}", problem(&e)));
                None
            }
        }
    }

    fn exempt(&mut self, node: &'a Node) -> Vec<Exemption> {
        let mut out = Vec::new();
        for item in self.items(node, "exempt") {
            let (mut glob, mut name, mut rules) = (None, None, Vec::new());
            let keys = ["image", "name", "rules"];
            for (key, value) in self.entries(item, "exempt", &keys) {
                match key {
                    "image" => glob = self.glob(value),
                    "name" => name = self.sidecar_name(value),
                    _ => rules = self.rules(value),
                }
            }
            if self.doc.get(item, "image").is_none() {
                self.error(
                    item,
                    "an exemption needs `image`: exempting a sidecar by its name alone is refused (any container can take a name)",
                );
            } else if self.doc.get(item, "rules").is_none() {
                self.error(
                    item,
                    "an exemption needs `rules`: the rules it exempts from",
                );
            }
            if let (Some(image), false) = (glob, rules.is_empty()) {
                out.push(Exemption::new(image, name, rules));
            }
        }
        out
    }

    fn glob(&mut self, node: &'a Node) -> Option<Glob> {
        let text = self.text(node, "image")?;
        match Glob::new(Input::IfImage, text) {
            Ok(g) => Some(g),
            Err(e) => {
                self.error(node, format!("`image`: {}", problem(&e)));
                None
            }
        }
    }

    fn rules(&mut self, node: &'a Node) -> Vec<Rule> {
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for (text, at) in self.texts(node, "rules") {
            match Rule::named(text) {
                Some(Rule::Required) => self.error(
                    at,
                    "`required` cannot be exempted by image: it is about a sidecar that is missing",
                ),
                Some(rule) if seen.insert(rule) => out.push(rule),
                Some(_) => {}
                None => {
                    let keys: Vec<&str> = Rule::ALL[1..].iter().map(|r| r.key()).collect();
                    self.error(
                        at,
                        format!("`{text}` is not a rule (one of {})", keys.join(", ")),
                    );
                }
            }
        }
        out
    }
}

/// What is wrong with a value, without the input the command line would name.
fn problem(e: &Error) -> String {
    match e {
        Error::Invalid { problem, .. } => problem.clone(),
        other => other.to_string(),
    }
}

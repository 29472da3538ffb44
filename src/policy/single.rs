//! `singleVersion: true`: one image per sidecar name across the project, as `drift` (SPEC
//! §7.2) would show it. Each service gives its sidecars' images as it is scanned ([`uses`]);
//! once the whole project is read, every sidecar that runs another image than the newest of
//! its name is a finding ([`single_version`]). Images compare in `drift`'s version order.

use std::collections::HashMap;

use super::{Policy, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Workload;
use crate::{names, version};

/// One sidecar's image in one service (the service is where the list of uses sits). A fleet
/// holds one per sidecar until the scan ends, so its three texts share one allocation.
#[derive(Debug, Clone)]
pub struct Use {
    /// The sidecar's name, then its image as a registry resolves it (see
    /// [`super::image::normalize`]: `envoyproxy/envoy:v1` and `docker.io/envoyproxy/envoy:v1`
    /// are one image), then the image as written when that is spelled otherwise.
    text: Box<str>,
    /// Where the name ends and where the resolved image ends.
    name_end: usize,
    normal_end: usize,
    /// Whether the image is written as it resolves (then the text holds it once).
    resolved: bool,
    pub at: (usize, usize),
}

impl Use {
    pub fn new(sidecar: &str, image: &str, normal: &str, at: (usize, usize)) -> Self {
        let resolved = image == normal;
        let written = if resolved { "" } else { image };
        Self {
            text: [sidecar, normal, written].concat().into_boxed_str(),
            name_end: sidecar.len(),
            normal_end: sidecar.len() + normal.len(),
            resolved,
            at,
        }
    }

    pub fn sidecar(&self) -> &str {
        &self.text[..self.name_end]
    }

    /// The image as a registry resolves it.
    pub fn normal(&self) -> &str {
        &self.text[self.name_end..self.normal_end]
    }

    /// The image as the file writes it.
    pub fn image(&self) -> &str {
        match self.resolved {
            true => self.normal(),
            false => &self.text[self.normal_end..],
        }
    }
}

/// What `singleVersion` keeps of `svc` (nothing without the rule): images of exempt sidecars
/// are left out.
pub fn uses(policy: Option<&Policy>, svc: &Workload) -> Vec<Use> {
    let Some(p) = policy.filter(|p| p.single_version) else {
        return Vec::new();
    };
    svc.sidecars
        .iter()
        .filter_map(|c| {
            let image = c.image.as_ref()?;
            let normal = super::image::normalize(&image.value);
            if p.exempt_normal(Rule::SingleVersion, c.name(), &image.value, &normal) {
                return None;
            }
            let at = image.at().unwrap_or((c.line, c.column));
            Some(Use::new(c.name(), &image.value, &normal, at))
        })
        .collect()
}

/// The findings over every service's uses (`uses[i]` of the service `services[i]`: its ID and
/// file), each with the index of its service.
pub fn single_version(
    p: &Policy,
    uses: &[Vec<Use>],
    services: &[(&str, &str)],
) -> Vec<(usize, Diagnostic)> {
    let mut by_name: HashMap<&str, Vec<(usize, &Use)>> = HashMap::new();
    for (i, list) in uses.iter().enumerate() {
        for u in list {
            by_name.entry(u.sidecar()).or_default().push((i, u));
        }
    }
    let code = Rule::SingleVersion.code();
    let severity = p.severity(Rule::SingleVersion);
    let mut out = Vec::new();
    for (name, uses) in by_name {
        let mut images: Vec<&str> = uses.iter().map(|(_, u)| u.normal()).collect();
        images.sort_unstable();
        images.dedup();
        if images.len() < 2 {
            continue;
        }
        let newest = images
            .iter()
            .copied()
            .min_by(|a, b| {
                version::newest_first(names::image_tag(a), names::image_tag(b))
                    .then_with(|| a.cmp(b))
            })
            .unwrap_or_default();
        // Every finding about this name ends alike: worded once, each message then built by
        // appending (a drifted fleet has thousands of findings).
        let others = images.len() - 1;
        let tail =
            format!("`; the project runs {others} other image(s) of it, the newest `{newest}`");
        for (i, u) in uses.into_iter().filter(|(_, u)| u.normal() != newest) {
            let (id, file) = services[i];
            let pieces = ["sidecar `", name, "` of ", id, " runs `", u.image(), &tail];
            let mut message = String::with_capacity(pieces.iter().map(|s| s.len()).sum());
            pieces.iter().for_each(|s| message.push_str(s));
            let d = match severity {
                Severity::Error => Diagnostic::error(code, file, Some(u.at), message),
                Severity::Warning => Diagnostic::warning(code, file, Some(u.at), message),
            };
            out.push((i, d));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::Use;

    #[test]
    fn a_use_gives_back_its_three_texts() {
        let u = Use::new(
            "envoy",
            "envoyproxy/envoy:v1",
            "docker.io/envoyproxy/envoy:v1",
            (3, 9),
        );
        assert_eq!(u.sidecar(), "envoy");
        assert_eq!(u.normal(), "docker.io/envoyproxy/envoy:v1");
        assert_eq!(u.image(), "envoyproxy/envoy:v1");
        let same = Use::new("agent", "ghcr.io/a/b:1", "ghcr.io/a/b:1", (1, 1));
        assert_eq!(
            (same.normal(), same.image()),
            ("ghcr.io/a/b:1", "ghcr.io/a/b:1")
        );
        // An empty image resolves to Docker Hub's library, and is still given back empty.
        let empty = Use::new("x", "", "docker.io/library/", (1, 1));
        assert_eq!((empty.normal(), empty.image()), ("docker.io/library/", ""));
    }
}

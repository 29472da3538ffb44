//! `singleVersion: true`: one image per sidecar name across the project, as `drift` (SPEC
//! §7.2) would show it. Each service gives its sidecars' images as it is scanned ([`uses`]);
//! once the whole project is read, every sidecar that runs another image than the newest of
//! its name is a finding ([`single_version`]). Images compare in `drift`'s version order.

use std::collections::HashMap;

use super::{Policy, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Workload;
use crate::{names, version};

/// One sidecar's image in one service (the service is where the list of uses sits).
#[derive(Debug, Clone)]
pub struct Use {
    pub sidecar: String,
    pub image: String,
    /// `image` as a registry resolves it (see [`super::image::normalize`]): `envoyproxy/envoy:v1`
    /// and `docker.io/envoyproxy/envoy:v1` are one image.
    pub normal: String,
    pub at: (usize, usize),
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
            let image = c.image.as_ref().filter(|_| !p.injected(c))?;
            let normal = super::image::normalize(&image.value);
            if p.exempt_normal(Rule::SingleVersion, c.name(), &image.value, &normal) {
                return None;
            }
            Some(Use {
                sidecar: c.name().to_string(),
                image: image.value.clone(),
                normal,
                at: image.at().unwrap_or((c.line, c.column)),
            })
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
            by_name.entry(&u.sidecar).or_default().push((i, u));
        }
    }
    let mut out = Vec::new();
    for (name, uses) in by_name {
        let mut images: Vec<&str> = uses.iter().map(|(_, u)| u.normal.as_str()).collect();
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
        let others = images.len() - 1;
        for (i, u) in uses.into_iter().filter(|(_, u)| u.normal != newest) {
            let (id, file) = services[i];
            let message = format!(
                "sidecar `{name}` of {id} runs `{}`; the project runs {others} other image(s) of it, the newest `{newest}`",
                u.image
            );
            let code = Rule::SingleVersion.code();
            let d = match p.severity(Rule::SingleVersion) {
                Severity::Error => Diagnostic::error(code, file, Some(u.at), message),
                Severity::Warning => Diagnostic::warning(code, file, Some(u.at), message),
            };
            out.push((i, d));
        }
    }
    out
}

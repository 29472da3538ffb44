//! `singleVersion: true`: one image per sidecar name across the project, as `drift` (SPEC
//! §7.2) would show it. Each service gives the sidecars' images as it is scanned ([`uses`]);
//! once the whole project is read, every sidecar that runs another image than the newest of
//! its name is a finding ([`single_version`]). Images compare in `drift`'s version order.

use std::collections::BTreeMap;

use super::{Policy, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Workload;
use crate::{names, version};

/// One sidecar's image in one service.
#[derive(Debug, Clone)]
pub struct Use {
    pub sidecar: String,
    pub image: String,
    /// `image` as a registry resolves it (see [`super::image::normalize`]).
    pub normal: String,
    pub service: String,
    pub file: String,
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
            let image = c.image.as_ref()?;
            if p.exempt(Rule::SingleVersion, c.name(), Some(&image.value)) {
                return None;
            }
            Some(Use {
                sidecar: c.name().to_string(),
                image: image.value.clone(),
                normal: super::image::normalize(&image.value),
                service: svc.id.clone(),
                file: svc.file.clone(),
                at: image.at().unwrap_or((c.line, c.column)),
            })
        })
        .collect()
}

/// The findings over every service's uses, each with the ID of its service.
pub fn single_version(p: &Policy, uses: Vec<Use>) -> Vec<(String, Diagnostic)> {
    let mut by_name: BTreeMap<String, Vec<Use>> = BTreeMap::new();
    for u in uses {
        by_name.entry(u.sidecar.clone()).or_default().push(u);
    }
    let mut out = Vec::new();
    for (name, uses) in by_name {
        // Compared as a registry resolves them: `envoyproxy/envoy:v1` is
        // `docker.io/envoyproxy/envoy:v1`.
        let mut images: Vec<&str> = uses.iter().map(|u| u.normal.as_str()).collect();
        images.sort_unstable();
        images.dedup();
        if images.len() < 2 {
            continue;
        }
        images.sort_by(|a, b| {
            version::newest_first(names::image_tag(a), names::image_tag(b)).then_with(|| a.cmp(b))
        });
        let newest = images[0].to_string();
        let others = images.len() - 1;
        for u in uses.iter().filter(|u| u.normal != newest) {
            let message = format!(
                "sidecar `{name}` of {} runs `{}`; the project runs {others} other image(s) of it, the newest `{newest}`",
                u.service, u.image
            );
            let code = Rule::SingleVersion.code();
            let d = match p.severity(Rule::SingleVersion) {
                Severity::Error => Diagnostic::error(code, &u.file, Some(u.at), message),
                Severity::Warning => Diagnostic::warning(code, &u.file, Some(u.at), message),
            };
            out.push((u.service.clone(), d));
        }
    }
    out
}

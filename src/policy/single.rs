//! `singleVersion: true`: one image per sidecar name across the project, as `drift` (SPEC
//! §7.2) would show it. Each service gives its sidecars' images as it is scanned ([`Use`],
//! from [`super::check`]);
//! once the whole project is read, every sidecar that runs another image than the newest of
//! its name is a finding ([`Newest`]). Images compare in `drift`'s version order.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use super::{Policy, Rule};
use crate::diagnostic::{Diagnostic, Severity};
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

/// The newest image of each sidecar name the project runs more than one image of, found once
/// the whole project is read; each service's findings then follow from its own uses alone
/// ([`Newest::findings`]), so they are worded on every core.
/// It owns its few texts, so each service's uses can be dropped as soon as they are worded.
#[derive(Debug, Default)]
pub struct Newest {
    /// By sidecar name: the newest image (as resolved), and the end of every finding's message
    /// about that name (worded once: a drifted fleet has thousands of findings).
    by_name: HashMap<String, (String, String)>,
}

impl Newest {
    /// Over every service's uses.
    pub fn of(uses: &[Vec<Use>]) -> Self {
        type Images<'a> = HashMap<&'a str, HashSet<&'a str>>;
        let images: Images = uses
            .par_iter()
            .fold(Images::new, |mut images, list| {
                for u in list {
                    let seen = images.entry(u.sidecar()).or_default();
                    seen.insert(u.normal());
                }
                images
            })
            .reduce(Images::new, |mut a, b| {
                for (name, seen) in b {
                    a.entry(name).or_default().extend(seen);
                }
                a
            });
        let by_name = images
            .into_iter()
            .filter(|(_, seen)| seen.len() > 1)
            .map(|(name, seen)| {
                let newest = seen
                    .iter()
                    .copied()
                    .min_by(|a, b| {
                        version::newest_first(names::image_tag(a), names::image_tag(b))
                            .then_with(|| a.cmp(b))
                    })
                    .unwrap_or_default();
                let others = seen.len() - 1;
                let tail = format!(
                    "`; the project runs {others} other image(s) of it, the newest `{newest}`"
                );
                (name.to_string(), (newest.to_string(), tail))
            })
            .collect();
        Self { by_name }
    }

    /// Adds to `out` the findings about the uses of one service (its ID and file): each
    /// sidecar that runs another image than the newest of its name.
    pub fn findings(
        &self,
        p: &Policy,
        uses: &[Use],
        id: &str,
        file: &str,
        out: &mut Vec<Diagnostic>,
    ) {
        let code = Rule::SingleVersion.code();
        for u in uses {
            let name = u.sidecar();
            let Some((newest, tail)) = self.by_name.get(name) else {
                continue;
            };
            if u.normal() == newest {
                continue;
            }
            let pieces = ["sidecar `", name, "` of ", id, " runs `", u.image(), tail];
            let message = pieces.concat();
            out.push(match p.severity(Rule::SingleVersion) {
                Severity::Error => Diagnostic::error(code, file, Some(u.at), message),
                Severity::Warning => Diagnostic::warning(code, file, Some(u.at), message),
            });
        }
    }
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

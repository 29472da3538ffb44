//! `drift`'s result, shaped exactly as SPEC §7.2 prints it.

use serde::Serialize;

use super::{KubeResources, ResourcesView};

/// `{"sidecars": [...]}`, by sidecar name.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DriftReport {
    pub sidecars: Vec<SidecarDrift>,
}

impl DriftReport {
    /// Whether any sidecar listed drifted (`--fail-on-drift`).
    pub fn drifted(&self) -> bool {
        self.sidecars.iter().any(|s| s.drifted)
    }
}

/// One sidecar: every image in use (newest first), the spread of its resources (most used
/// first), its catalog item and whether it drifted.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct SidecarDrift {
    pub name: String,
    pub images: Vec<ImageUse>,
    pub resources: Vec<ResourcesUse>,
    pub catalog: Option<CatalogView>,
    /// More than one image in use, or one that is not the catalog's.
    pub drifted: bool,
}

/// One image and the services (IDs, sorted) that run it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ImageUse {
    /// As the files write it; None for a container that names no image.
    pub image: Option<String>,
    pub repository: Option<String>,
    pub tag: Option<String>,
    pub digest: Option<String>,
    pub services: Vec<String>,
    /// How it stands against the catalog's image (the table's `CATALOG` column); None without
    /// a catalog image.
    #[serde(skip)]
    pub standing: Option<Standing>,
}

/// An image beside the catalog item's: the same image; the same release written otherwise (a
/// digest beside the tag, a `-distroless` or `-debug` build); an older or a newer version; or
/// another image whose tag does not compare as a version with the catalog's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    Same,
    SameVersion,
    Behind,
    Ahead,
    Differs,
}

impl Standing {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Same => "same",
            Self::SameVersion => "same version",
            Self::Behind => "behind",
            Self::Ahead => "ahead",
            Self::Differs => "differs",
        }
    }
}

/// One setting of the sidecar's resources and the services that have it, the resources as
/// the format writes them: `requests`/`limits` in a Kubernetes project, `cpuLimits`/
/// `memoryLimits` ({min, max}) in a Mia or Console project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourcesUse {
    pub resources: Option<ResourcesView>,
    /// Whether the services are Kubernetes objects (the keys then are `requests`/`limits`).
    pub kube: bool,
    pub services: Vec<String>,
}

impl Serialize for ResourcesUse {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Mia<'a> {
            cpu_limits: Option<&'a super::LimitsView>,
            memory_limits: Option<&'a super::LimitsView>,
            services: &'a [String],
        }
        #[derive(Serialize)]
        struct Kube<'a> {
            #[serde(flatten)]
            resources: KubeResources<'a>,
            services: &'a [String],
        }
        let none = ResourcesView {
            cpu_limits: None,
            memory_limits: None,
        };
        let r = self.resources.as_ref().unwrap_or(&none);
        if self.kube {
            Kube {
                resources: KubeResources::of(r),
                services: &self.services,
            }
            .serialize(s)
        } else {
            Mia {
                cpu_limits: r.cpu_limits.as_ref(),
                memory_limits: r.memory_limits.as_ref(),
                services: &self.services,
            }
            .serialize(s)
        }
    }
}

/// The marketplace item of the sidecar (SPEC §7.2): its id, image and version as the Console
/// records it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CatalogView {
    pub item: String,
    pub image: Option<String>,
    pub version: String,
}

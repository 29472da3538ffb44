//! The project file, `sidecarctl.yaml`: read into [`ProjectFile`], each format reading its own
//! keys of `defaults`.

use crate::diagnostic::{Code, Diagnostic};
use crate::format::registry;
use crate::model::{ProjectFile, Reader, SpecialSidecar};
use crate::yaml::Document;

/// Reads `sidecarctl.yaml`.
pub fn read_project_file(doc: &Document, file: &str) -> (Option<ProjectFile>, Vec<Diagnostic>) {
    let mut r = Reader::new(doc, file);
    let Some(root) = r.map(&doc.root, "the project file") else {
        return (None, r.errors);
    };
    let mut special_sidecars = Vec::new();
    for item in r.seq(root, "specialSidecars") {
        let Some(item) = r.map(item, "specialSidecars") else {
            continue;
        };
        let name = r.string(item, "name");
        let managed_by = r.string(item, "managedBy");
        match name {
            Some(n) => special_sidecars.push(SpecialSidecar {
                name: n.value,
                managed_by: managed_by.map_or_else(|| "another section".to_string(), |m| m.value),
            }),
            None => r.errors.push(Diagnostic::error(
                Code::ProjectSpecialNameMissing,
                file,
                Some((item.line, item.column)),
                "a `specialSidecars` entry has no `name`",
            )),
        }
    }
    let format = r.string(root, "format");
    // The format's own keys of `defaults`; a format that is not known reads as the default's
    // (the name is refused as the project opens).
    let reads = format
        .as_ref()
        .and_then(|f| registry::by_name(&f.value))
        .unwrap_or_else(registry::default);
    let (defaults, placement) = match doc.get(root, "defaults") {
        Some(d) if !d.is_null() => match r.map(d, "defaults") {
            Some(d) => reads.read_defaults(&mut r, d),
            None => (None, None),
        },
        _ => (None, None),
    };
    let services_dir = r.string(root, "servicesDir");
    let marketplace_dir = r.string(root, "marketplaceDir");
    let project = ProjectFile {
        name: r.string(root, "name"),
        services_dir: services_dir
            .as_ref()
            .map_or_else(|| "services".into(), |s| s.value.clone()),
        marketplace_dir: marketplace_dir
            .as_ref()
            .map_or_else(|| "marketplace".into(), |s| s.value.clone()),
        dirs_set: [
            ("servicesDir", services_dir),
            ("marketplaceDir", marketplace_dir),
        ]
        .into_iter()
        .filter_map(|(k, v)| Some((k, v?)))
        .collect(),
        service_secrets: r.strings(root, "serviceSecrets"),
        special_set: doc.get(root, "specialSidecars").is_some(),
        special_sidecars,
        defaults,
        paths: r.strings(root, "paths"),
        exclude: r.strings(root, "exclude"),
        format,
        placement,
        file: r.string(root, "file"),
        sources: super::sources::read_sources(&mut r, root),
    };
    (Some(project), r.errors)
}

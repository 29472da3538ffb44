//! A change planned in batches ([`super::in_batches`]) writes exactly what the same change
//! planned at once, with every target's document loaded, writes: the same files, the same
//! text, the same report. Projects of more targets than a batch, in the styles real files
//! come in, with workloads sharing an ID (then named `FILE#ID`) and files of several.

use std::path::Path;

use crate::change::ChangeSet;
use crate::ops::clone::{self, CloneOptions, OnConflict};
use crate::ops::create::{self, CreateOptions, ImageSpec, Source};
use crate::ops::delete::{self, DeleteOptions};
use crate::ops::plan::Targets;
use crate::project::{Documents, LoadOptions, Project};

/// A Kubernetes tree of `files` files of five workloads each, two list styles, native
/// sidecars, a Service between workloads, and `web` (a Deployment without a namespace) in
/// two files.
fn kubernetes_tree(root: &Path, files: usize) {
    let mut n = 0;
    for f in 0..files {
        let mut text = String::new();
        if f % 3 == 1 {
            text.push_str("# the team's workloads\n");
        }
        for d in 0..5 {
            let (name, ns) = match (f, d) {
                (0 | 7, 2) => ("web".to_string(), None),
                _ => (format!("app-{n:03}"), (n % 2 == 0).then_some("shop")),
            };
            n += 1;
            let ns = ns.map_or(String::new(), |ns| format!("  namespace: {ns}\n"));
            let kind = if n % 4 == 0 {
                "StatefulSet"
            } else {
                "Deployment"
            };
            // Lists indented under their key, or not.
            let (l, p) = if f % 2 == 0 {
                ("", "  ")
            } else {
                ("  ", "    ")
            };
            let native = if n % 3 == 0 {
                format!(
                    "      initContainers:\n      {l}- name: agent\n      {p}image: example/agent:1\n      {p}restartPolicy: Always\n"
                )
            } else {
                String::new()
            };
            text.push_str(&format!(
                "apiVersion: apps/v1\nkind: {kind}\nmetadata:\n  name: {name}\n{ns}spec:\n  template:\n    spec:\n{native}      containers:\n      {l}- name: main\n      {p}image: example/{name}:1\n      {l}- name: envoy # the proxy\n      {p}image: envoyproxy/envoy:v1.31.0\n      {p}resources: {{limits: {{cpu: 100m}}}}\n---\n"
            ));
            if d == 2 {
                text.push_str("apiVersion: v1\nkind: Service\nmetadata:\n  name: svc\n---\n");
            }
        }
        let dir = root.join(format!("apps/team-{}", f % 4));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("f{f:02}.yaml")), text).unwrap();
    }
}

/// A Mia project of `n` services, half with `envoy`, in 2- and 4-space styles.
fn mia_project(root: &Path, n: usize) {
    std::fs::create_dir_all(root.join("services")).unwrap();
    std::fs::write(root.join("sidecarctl.yaml"), "name: shop\n").unwrap();
    for i in 0..n {
        let s = if i % 2 == 0 { "  " } else { "    " };
        let sidecars = if i % 2 == 0 {
            format!(
                "additionalContainers:\n{s}- name: envoy\n{s}  dockerImage: envoyproxy/envoy:v1.31.0\n"
            )
        } else {
            String::new()
        };
        let text = format!(
            "# service {i}\nname: svc-{i:03}\ntype: custom\ndockerImage: example/svc:{i}\n{sidecars}"
        );
        std::fs::write(root.join(format!("services/svc-{i:03}.yaml")), text).unwrap();
    }
}

fn load(root: &Path, lean: bool) -> Project {
    let opts = LoadOptions {
        only: None,
        documents: Documents::All,
        skip_checks: true,
        lean,
    };
    Project::load_with(root, &opts).unwrap()
}

/// What a change writes and reports, as a person reviews it.
fn seen(root: &Path, set: &ChangeSet) -> (String, String) {
    (set.diff(root), format!("{:#?}", set.report))
}

/// Both changes are the same; else the test names the first line where they part.
fn same(root: &Path, what: &str, once: &ChangeSet, batched: &ChangeSet) {
    let (a, b) = (seen(root, once), seen(root, batched));
    let (a, b) = (format!("{}{}", a.0, a.1), format!("{}{}", b.0, b.1));
    if let Some((i, (x, y))) = a
        .lines()
        .zip(b.lines())
        .enumerate()
        .find(|(_, (x, y))| x != y)
    {
        panic!("{what}: line {i}: at once `{x}`, in batches `{y}`");
    }
    assert_eq!(a.lines().count(), b.lines().count(), "{what}");
}

/// `create shipper --image example/shipper:2` to `to` (or every service with `all`), narrowed by
/// `filters`.
fn create_shipper(to: Vec<String>, all: bool, filters: crate::select::Filters) -> CreateOptions {
    CreateOptions {
        name: Some("shipper".into()),
        source: Source::Image(ImageSpec {
            image: "example/shipper:2".into(),
            ..ImageSpec::default()
        }),
        to,
        placement: None,
        dry_run: false,
        all,
        filters,
    }
}

/// `delete envoy --all`, narrowed by `filters`.
fn delete_envoy(filters: crate::select::Filters) -> DeleteOptions {
    DeleteOptions {
        sidecar: "envoy".into(),
        targets: Some(Targets::All),
        dry_run: false,
        skip_unreadable: false,
        keep_empty_patches: false,
        filters,
    }
}

/// `opts` planned at once and in batches: the same change (see [`same`]), the batched one.
fn created_both_ways(root: &Path, what: &str, opts: &CreateOptions) -> ChangeSet {
    let once = create::create(&load(root, false), opts).unwrap();
    let batched = create::create_in_batches(load(root, true), opts).unwrap();
    same(root, what, &once, &batched);
    batched
}

/// [`created_both_ways`] of a delete.
fn deleted_both_ways(root: &Path, what: &str, opts: &DeleteOptions) -> ChangeSet {
    let once = delete::delete(&load(root, false), opts).unwrap();
    let batched = delete::delete_in_batches(load(root, true), opts).unwrap();
    same(root, what, &once, &batched);
    batched
}

fn all_ids(root: &Path) -> Vec<String> {
    load(root, true)
        .services
        .iter()
        .map(|w| w.id.clone())
        .collect()
}

fn check_same(root: &Path) {
    let ids = all_ids(root);
    assert!(
        ids.len() > 2 * super::BATCH_TARGETS,
        "more targets than two batches"
    );
    assert!(ids.iter().any(|id| id.contains('#')), "a shared ID");
    let from = ids[1].clone();
    same_in_batches(root, ids, &from);
}

/// `create` to every one of `ids`, `delete envoy --all` and `clone envoy --from FROM` to every
/// one, each planned at once and in batches: both plan the same change. The number of files
/// the create changes.
fn same_in_batches(root: &Path, ids: Vec<String>, from: &str) -> usize {
    let create = create_shipper(ids.clone(), false, Default::default());
    let once = create::create(&load(root, false), &create).unwrap();
    let batched = create::create_in_batches(load(root, true), &create).unwrap();
    same(root, "create", &once, &batched);
    assert_eq!(batched.len(), once.len());
    let created = batched.len();

    let delete = delete_envoy(Default::default());
    let batched = deleted_both_ways(root, "delete --all", &delete);
    assert_eq!(batched.report.removed_from_project, ["envoy"]);

    let clone = CloneOptions {
        sidecar: "envoy".into(),
        from: from.into(),
        to: ids,
        on_conflict: OnConflict::Replace,
        placement: None,
        dry_run: false,
        all: false,
        filters: Default::default(),
    };
    let once = clone::clone(&load(root, false), &clone).unwrap();
    let batched = clone::clone_in_batches(load(root, true), &clone).unwrap();
    same(root, "clone --on-conflict replace", &once, &batched);
    created
}

#[test]
fn a_kubernetes_change_in_batches_writes_what_it_writes_at_once() {
    let dir = tempfile::tempdir().unwrap();
    kubernetes_tree(dir.path(), 16);
    check_same(dir.path());
}

#[test]
fn a_mia_change_in_batches_writes_what_it_writes_at_once() {
    let dir = tempfile::tempdir().unwrap();
    mia_project(dir.path(), 90);
    // Mia IDs are file names: none is shared.
    let ids = all_ids(dir.path());
    assert!(ids.len() > 2 * super::BATCH_TARGETS);
    let create = create_shipper(ids, false, Default::default());
    let root = dir.path();
    created_both_ways(root, "create", &create);
    let delete = delete_envoy(Default::default());
    deleted_both_ways(root, "delete --all", &delete);
}

/// Filters choose on the lean model (namespace, kind, containers, names of a list), then the
/// batches plan what they chose: the same change as chosen and planned at once.
#[test]
fn a_filtered_change_in_batches_writes_what_it_writes_at_once() {
    use crate::select::{Filters, TargetList};
    let dir = tempfile::tempdir().unwrap();
    kubernetes_tree(dir.path(), 24);
    let root = dir.path();
    let create = create_shipper(
        Vec::new(),
        true,
        Filters {
            namespaces: vec!["sh*".into()],
            without: vec!["agent".into()],
            ..Filters::default()
        },
    );
    let batched = created_both_ways(root, "create --namespace --without", &create);
    let rows = &batched.report.changes;
    assert!(rows.len() > super::BATCH_TARGETS, "{}", rows.len());
    assert!(rows.iter().all(|r| r.service.starts_with("shop/")));

    let listed: Vec<String> = all_ids(root).into_iter().step_by(3).collect();
    let delete = delete_envoy(Filters {
        kinds: vec!["deployment".into()],
        targets_from: Some(TargetList {
            source: "stdin".into(),
            names: listed,
        }),
        ..Filters::default()
    });
    let batched = deleted_both_ways(root, "delete --kind --targets-from", &delete);
    assert!(batched.report.removed_from_project.is_empty());
}

/// An overlay adding `envoy` to each of `n` base Deployments, one patch file each, every file
/// named in the one kustomization: deleting `envoy` deletes every patch file, in several
/// batches, and unlists them all from that kustomization once.
#[test]
fn deleting_patch_files_in_batches_unlists_them_once() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let n = 2 * super::BATCH_TARGETS + 5;
    std::fs::write(
        root.join("sidecarctl.yaml"),
        "name: shop\nformat: kubernetes\n",
    )
    .unwrap();
    std::fs::create_dir_all(root.join("base")).unwrap();
    std::fs::create_dir_all(root.join("prod")).unwrap();
    let (mut resources, mut patches) = (String::new(), String::new());
    for i in 0..n {
        let name = format!("app-{i:03}");
        std::fs::write(
            root.join(format!("base/{name}.yaml")),
            format!("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n  template:\n    spec:\n      containers:\n      - name: main\n        image: example/{name}:1\n"),
        )
        .unwrap();
        std::fs::write(
            root.join(format!("prod/envoy-{name}.yaml")),
            format!("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n  template:\n    spec:\n      containers:\n      - name: envoy\n        image: envoyproxy/envoy:v1.31.0\n"),
        )
        .unwrap();
        resources.push_str(&format!("  - {name}.yaml\n"));
        patches.push_str(&format!("  - path: envoy-{name}.yaml\n"));
    }
    std::fs::write(
        root.join("base/kustomization.yaml"),
        format!("resources:\n{resources}"),
    )
    .unwrap();
    std::fs::write(
        root.join("prod/kustomization.yaml"),
        format!("resources:\n  - ../base\npatches:\n{patches}images: []\n"),
    )
    .unwrap();
    let delete = delete_envoy(Default::default());
    let batched = deleted_both_ways(root, "delete of patch files", &delete);
    assert_eq!(batched.report.removed_files.len(), n);
    assert_eq!(batched.report.files, ["prod/kustomization.yaml"]);
    batched.apply(root, &|_| {}).unwrap();
    let k = std::fs::read_to_string(root.join("prod/kustomization.yaml")).unwrap();
    assert_eq!(k, "resources:\n  - ../base\nimages: []\n");
}

/// A Console project file (describe output) of `n` services, written as Go writes it, except
/// that every seventh service is compact and every fifth has no `additionalContainers`; a
/// third have `envoy` mounting a declared ConfigMap, some beside another sidecar; services of
/// other types between them.
fn console_file(path: &Path, n: usize) {
    let mut services = Vec::new();
    for i in 0..n {
        let envoy = "{\"name\": \"envoy\", \"dockerImage\": \"envoyproxy/envoy:v1.31.0\", \
             \"configMaps\": [{\"name\": \"envoy-config\", \"mountPath\": \"/etc/envoy\"}]}";
        let agent = "{\"name\": \"agent\", \"dockerImage\": \"example/agent:1\"}";
        let sidecars = match i % 5 {
            0 => String::new(),
            1 | 3 => {
                format!(",\n        \"additionalContainers\": [\n          {envoy}\n        ]")
            }
            2 => format!(",\n        \"additionalContainers\": [{agent}, {envoy}]"),
            _ => ",\n        \"additionalContainers\": []".to_string(),
        };
        let service = match i % 7 {
            6 => format!(
                "\"svc-{i:03}\":{{\"name\":\"svc-{i:03}\",\"type\":\"custom\",\"dockerImage\":\"example/svc:{i}\"{}}}",
                sidecars.replace(['\n', ' '], "")
            ),
            _ => format!(
                "\"svc-{i:03}\": {{\n        \"dockerImage\": \"example/svc:{i}\",\n        \"name\": \"svc-{i:03}\",\n        \"type\": \"custom\"{sidecars}\n      }}"
            ),
        };
        services.push(format!("      {service}"));
        if i % 50 == 0 {
            services.push(format!(
                "      \"ext-{i:03}\": {{\"name\": \"ext-{i:03}\", \"type\": \"cross-projects\"}}"
            ));
        }
    }
    let text = format!(
        "{{\n  \"config\": {{\n    \"configMaps\": {{\n      \"envoy-config\": {{\"name\": \"envoy-config\", \"files\": []}}\n    }},\n    \"endpoints\": {{\"/svc-000\": {{\"service\": \"svc-000\"}}}},\n    \"services\": {{\n{}\n    }}\n  }}\n}}\n",
        services.join(",\n")
    );
    std::fs::write(path, text).unwrap();
}

/// A Console project file is one file: loaded lean, its services are planned
/// `ONE_FILE_TARGETS` at a time, each batch's trees read again from the one text, and the
/// batches' splices joined into one change of the file: the change planned at once.
#[test]
fn a_console_change_in_batches_writes_what_it_writes_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("project.json");
    console_file(&file, 2 * super::ONE_FILE_TARGETS + 90);
    let root = file.as_path();
    let lean = load(root, true);
    assert!(
        lean.skeleton.is_some(),
        "loaded without its services' trees"
    );
    assert!(lean.services.iter().all(|w| w.doc.is_none()));
    let ids = all_ids(root);
    assert!(ids.len() > 2 * super::ONE_FILE_TARGETS);
    // The one file, changed once.
    assert_eq!(same_in_batches(root, ids, "svc-001"), 1);
}

/// `edit --all` of a Console project file plans the services that have the sidecar
/// `ONE_FILE_TARGETS` at a time (their trees read again from the one text): what the same edit
/// of those services named, planned at once with every tree, writes.
#[test]
fn a_console_edit_all_in_batches_writes_what_it_writes_at_once() {
    use crate::ops::edit::{self, EditOptions, Given};
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("project.json");
    console_file(&file, 5 * super::ONE_FILE_TARGETS);
    let root = file.as_path();
    let users: Vec<String> = load(root, true)
        .services
        .iter()
        .filter(|w| w.sidecar("envoy").is_some())
        .map(|w| w.id.clone())
        .collect();
    assert!(users.len() > 2 * super::ONE_FILE_TARGETS);
    let opts = EditOptions {
        sidecar: "envoy".into(),
        cpu_limit: Some("250m".into()),
        image: Some("envoyproxy/envoy:v1.32.0".into()),
        ..EditOptions::default()
    };
    let once = edit::edit(root, &opts, Given::Named(users)).unwrap();
    let batched = edit::edit(root, &opts, Given::All).unwrap();
    same(root, "edit --all", &once, &batched);
    assert_eq!(batched.len(), 1);
}

/// Batches' changes of one file join only when made from the one text (shared, not equal);
/// a splice both made is kept once; two different splices at one place refuse the join.
#[test]
fn changes_of_one_text_join_and_clashing_ones_do_not() {
    use std::sync::Arc;

    use crate::change::FileChange;
    use crate::edit::Splice;
    let text = Arc::new(String::from("{\"a\": 1, \"b\": 2, \"c\": 3}\n"));
    let change = |splices: Vec<Splice>| {
        FileChange::edited("p.json".into(), Arc::clone(&text), None, splices)
    };
    let (a, b) = (Splice::new(6, 7, "5"), Splice::new(14, 15, "6"));
    let mut one = change(vec![a.clone()]);
    assert!(one.join(change(vec![a.clone(), b])));
    assert_eq!(one.after(), "{\"a\": 5, \"b\": 6, \"c\": 3}\n");
    let copy = FileChange::edited("p.json".into(), (*text).clone(), None, vec![a.clone()]);
    assert!(!one.join_of(&copy), "an equal text is not the one text");
    assert!(!change(vec![a]).join(change(vec![Splice::new(6, 7, "7")])));
}

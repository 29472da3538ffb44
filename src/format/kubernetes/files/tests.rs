use std::path::Path;

use tempfile::TempDir;

use super::*;

/// A project folder holding `files` (path, text); `.git` entries make it a repository.
fn tree(files: &[(&str, &str)]) -> TempDir {
    let dir = TempDir::new().unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        if path.ends_with(".git") {
            std::fs::create_dir(&path).unwrap();
        } else {
            std::fs::write(path, text).unwrap();
        }
    }
    dir
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn read(root: &Path, paths: &[&str], exclude: &[&str]) -> Discovered {
    discover(root, &strings(paths), &strings(exclude))
}

/// The files read, after checking that nothing went wrong.
fn files(root: &Path, paths: &[&str], exclude: &[&str]) -> Vec<String> {
    let found = read(root, paths, exclude);
    assert_eq!(found.problems, [], "problems");
    found.files
}

const D: &str = "kind: Deployment\n";

#[test]
fn manifests_are_yaml_yml_and_json_sorted_by_path() {
    let dir = tree(&[
        ("b.yaml", D),
        ("a/z.json", "{}"),
        ("a-b.yml", D),
        ("a/y/x.yaml", D),
        ("notes.txt", ""),
        ("README.md", ""),
        ("upper.YAML", D),
        ("yaml", D),
    ]);
    assert_eq!(
        files(dir.path(), &[], &[]),
        ["a-b.yml", "a/y/x.yaml", "a/z.json", "b.yaml"]
    );
}

#[test]
fn gitignore_is_honoured_without_a_repository() {
    let dir = tree(&[
        (
            ".gitignore",
            "*.rendered.yaml\nbuild/\n!keep.rendered.yaml\n",
        ),
        ("app.yaml", D),
        ("app.rendered.yaml", D),
        ("keep.rendered.yaml", D),
        ("build/out.yaml", D),
        ("sub/build/out.yaml", D),
    ]);
    assert_eq!(
        files(dir.path(), &[], &[]),
        ["app.yaml", "keep.rendered.yaml"]
    );
}

#[test]
fn nested_gitignores_apply_to_their_folder_and_can_re_include() {
    let dir = tree(&[
        (".gitignore", "*.local.yaml\n"),
        ("apps/.gitignore", "/generated.yaml\n!dev.local.yaml\n"),
        ("apps/generated.yaml", D),
        ("apps/dev.local.yaml", D),
        ("apps/prod.local.yaml", D),
        ("apps/sub/generated.yaml", D),
        ("generated.yaml", D),
        ("other.local.yaml", D),
    ]);
    assert_eq!(
        files(dir.path(), &[], &[]),
        [
            "apps/dev.local.yaml",
            "apps/sub/generated.yaml",
            "generated.yaml"
        ]
    );
}

#[test]
fn the_root_gitignore_applies_to_files_under_paths() {
    let dir = tree(&[
        (".gitignore", "*.secret.yaml\n"),
        ("apps/a.yaml", D),
        ("apps/db.secret.yaml", D),
    ]);
    assert_eq!(files(dir.path(), &["apps"], &[]), ["apps/a.yaml"]);
}

#[test]
fn in_a_repository_gitignores_above_the_project_count_up_to_its_root() {
    let dir = tree(&[
        (".gitignore", "*\n"), // above the repository: Git ignores this file, and so do we
        ("repo/.git", ""),
        ("repo/.gitignore", "*.secret.yaml\n"),
        ("repo/deploy/.gitignore", "tmp/\n"),
        ("repo/deploy/k8s/a.yaml", D),
        ("repo/deploy/k8s/db.secret.yaml", D),
        ("repo/deploy/k8s/tmp/x.yaml", D),
    ]);
    let project = dir.path().join("repo/deploy/k8s");
    assert_eq!(files(&project, &[], &[]), ["a.yaml"]);
}

#[test]
fn outside_a_repository_nothing_above_the_project_counts() {
    let dir = tree(&[(".gitignore", "*.yaml\n"), ("project/a.yaml", D)]);
    assert_eq!(files(&dir.path().join("project"), &[], &[]), ["a.yaml"]);
}

#[test]
fn hidden_files_and_folders_are_skipped_unless_paths_names_them() {
    let dir = tree(&[
        (".github/workflows/ci.yaml", D),
        (".hidden.yaml", D),
        ("apps/.cache/x.yaml", D),
        ("apps/a.yaml", D),
        (".k8s/app.yaml", D),
        (".k8s/.old/app.yaml", D),
    ]);
    assert_eq!(files(dir.path(), &[], &[]), ["apps/a.yaml"]);
    assert_eq!(
        files(dir.path(), &[".k8s", "apps"], &[]),
        [".k8s/app.yaml", "apps/a.yaml"]
    );
}

#[test]
fn exclude_takes_gitignore_globs_from_the_project_root() {
    let dir = tree(&[
        ("platform/charts/worker/Chart.yaml", D),
        ("platform/charts/worker/templates/d.yaml", D),
        ("apps/charts/x.yaml", D),
        ("apps/a.yaml", D),
        ("apps/a.tmpl.yaml", D),
        ("legacy/old.yaml", D),
        ("apps/legacy/kept.yaml", D),
    ]);
    assert_eq!(
        files(
            dir.path(),
            &[],
            &["**/charts/**", "*.tmpl.yaml", "/legacy/"]
        ),
        ["apps/a.yaml", "apps/legacy/kept.yaml"]
    );
    // Negation works as in .gitignore.
    assert_eq!(
        files(dir.path(), &["apps"], &["apps/*.yaml", "!apps/a.yaml"]),
        ["apps/a.yaml", "apps/charts/x.yaml", "apps/legacy/kept.yaml"]
    );
    // Exclude also applies to what `paths` names.
    assert_eq!(
        files(dir.path(), &["legacy"], &["legacy"]),
        Vec::<String>::new()
    );
}

#[test]
fn a_bad_exclude_glob_is_a_problem_naming_it() {
    let dir = tree(&[("a.yaml", D)]);
    let found = read(dir.path(), &[], &["a[z-a]", "b.yaml"]);
    assert_eq!(found.files, ["a.yaml"]);
    let [Problem::BadExclude { glob, .. }] = &found.problems[..] else {
        panic!("{:?}", found.problems);
    };
    assert_eq!(glob, "a[z-a]");
    assert!(
        found.problems[0]
            .to_string()
            .starts_with("`exclude` entry `a[z-a]` is not a valid glob")
    );
}

#[test]
fn paths_limit_the_folders_read() {
    let dir = tree(&[
        ("apps/a.yaml", D),
        ("apps/shop/b.yaml", D),
        ("platform/p.yaml", D),
        ("platform/jobs/j.yaml", D),
        ("docs/example.yaml", D),
        ("top.yaml", D),
    ]);
    assert_eq!(
        files(dir.path(), &["./apps/", "platform/jobs", "apps/shop"], &[]),
        ["apps/a.yaml", "apps/shop/b.yaml", "platform/jobs/j.yaml"]
    );
    // A file, and `..` that stays inside.
    assert_eq!(
        files(dir.path(), &["top.yaml", "apps/../platform/p.yaml"], &[]),
        ["platform/p.yaml", "top.yaml"]
    );
    assert_eq!(files(dir.path(), &["."], &[]).len(), 6);
}

#[test]
fn a_missing_or_outside_path_is_a_problem_naming_it() {
    let dir = tree(&[("apps/a.yaml", D)]);
    let found = read(
        dir.path(),
        &["apps", "aps", "/etc", "../x", "apps/../.."],
        &[],
    );
    assert_eq!(found.files, ["apps/a.yaml"]);
    assert_eq!(
        found.problems,
        [
            Problem::PathMissing("aps".into()),
            Problem::PathOutside("/etc".into()),
            Problem::PathOutside("../x".into()),
            Problem::PathOutside("apps/../..".into()),
        ]
    );
    assert_eq!(
        found.problems[0].to_string(),
        "`paths` entry `aps` does not exist"
    );
    assert_eq!(
        found.problems[1].to_string(),
        "`paths` entry `/etc` must be a path inside the project"
    );
}

#[test]
fn the_project_file_is_not_a_manifest() {
    let dir = tree(&[
        ("sidecarctl.yaml", "name: x\nformat: kubernetes\n"),
        ("apps/sidecarctl.yaml", D),
    ]);
    assert_eq!(files(dir.path(), &[], &[]), ["apps/sidecarctl.yaml"]);
}

#[cfg(unix)]
#[test]
fn links_are_reported_not_followed() {
    use std::os::unix::fs::symlink;
    let outside = tree(&[("secret.yaml", D), ("dir/x.yaml", D)]);
    let dir = tree(&[("apps/a.yaml", D), ("shared/s.yaml", D)]);
    let root = dir.path();
    symlink(
        outside.path().join("secret.yaml"),
        root.join("apps/out.yaml"),
    )
    .unwrap();
    symlink(outside.path().join("dir"), root.join("apps/outdir")).unwrap();
    symlink(root.join("shared/s.yaml"), root.join("apps/in.yaml")).unwrap();
    symlink(root.join("shared"), root.join("apps/shared")).unwrap();
    symlink(root.join("nowhere.yaml"), root.join("apps/broken.yaml")).unwrap();
    symlink(root.join("shared/s.yaml"), root.join("apps/notes.txt")).unwrap();
    let found = read(root, &[], &[]);
    assert_eq!(found.problems, []);
    assert_eq!(found.files, ["apps/a.yaml", "shared/s.yaml"]);
    let real = |p: &Path| p.canonicalize().unwrap();
    assert_eq!(
        found.links,
        [
            Link {
                path: "apps/broken.yaml".into(),
                folder: false,
                target: LinkTarget::Broken,
            },
            Link {
                path: "apps/in.yaml".into(),
                folder: false,
                target: LinkTarget::Inside("shared/s.yaml".into()),
            },
            Link {
                path: "apps/out.yaml".into(),
                folder: false,
                target: LinkTarget::Outside(real(&outside.path().join("secret.yaml"))),
            },
            Link {
                path: "apps/outdir".into(),
                folder: true,
                target: LinkTarget::Outside(real(&outside.path().join("dir"))),
            },
            Link {
                path: "apps/shared".into(),
                folder: true,
                target: LinkTarget::Inside("shared".into()),
            },
        ]
    );
    // A `paths` entry that is a link is not followed either.
    let found = read(root, &["apps/outdir"], &[]);
    assert_eq!(found.files, Vec::<String>::new());
    assert_eq!(found.links.len(), 1);
    assert!(found.links[0].folder);
}

/// The patch file names of a discovery, as `file <- kustomization`.
fn patches(found: &Discovered) -> Vec<String> {
    found
        .patches
        .iter()
        .map(|p| format!("{} <- {}", p.file, p.kustomization))
        .collect()
}

#[test]
fn strategic_merge_patches_are_paths_or_inline_yaml() {
    let dir = tree(&[
        (
            "overlay/kustomization.yaml",
            "resources: [../base]\npatchesStrategicMerge:\n  - replicas.yaml\n  - ./sub/../env.yaml\n  - |-\n    apiVersion: apps/v1\n    kind: Deployment\n    metadata: {name: inline.yaml}\n",
        ),
        ("overlay/replicas.yaml", D),
        ("overlay/env.yaml", D),
        ("overlay/inline.yaml", D),
        ("base/app.yaml", D),
    ]);
    let found = read(dir.path(), &[], &[]);
    assert_eq!(found.files, ["base/app.yaml", "overlay/inline.yaml"]);
    assert_eq!(found.kustomizations, ["overlay/kustomization.yaml"]);
    assert_eq!(
        patches(&found),
        [
            "overlay/env.yaml <- overlay/kustomization.yaml",
            "overlay/replicas.yaml <- overlay/kustomization.yaml"
        ]
    );
}

#[test]
fn patches_with_a_path_are_files_inline_ones_are_not() {
    let dir = tree(&[
        (
            "overlays/prod/kustomization.yml",
            "patches:\n  - path: cpu.yaml\n    target: {kind: Deployment}\n  - patch: |-\n      - op: replace\n        path: /spec/replicas\n        value: 3\n    target: {kind: Deployment, name: app.yaml}\n  - path: ../../shared/labels.yaml\n",
        ),
        ("overlays/prod/cpu.yaml", D),
        ("overlays/prod/app.yaml", D),
        ("shared/labels.yaml", D),
    ]);
    let found = read(dir.path(), &[], &[]);
    assert_eq!(found.files, ["overlays/prod/app.yaml"]);
    assert_eq!(
        patches(&found),
        [
            "overlays/prod/cpu.yaml <- overlays/prod/kustomization.yml",
            "shared/labels.yaml <- overlays/prod/kustomization.yml"
        ]
    );
}

#[test]
fn json6902_patches_are_files() {
    let dir = tree(&[
        (
            "Kustomization",
            "patchesJson6902:\n- target: {group: apps, version: v1, kind: Deployment, name: app}\n  path: ops.json\n- target: {kind: Service, name: x}\n  patch: '[{\"op\": \"remove\", \"path\": \"/spec/ports\"}]'\n",
        ),
        ("ops.json", "[]"),
        ("app.yaml", D),
    ]);
    let found = read(dir.path(), &[], &[]);
    assert_eq!(found.files, ["app.yaml"]);
    assert_eq!(found.kustomizations, ["Kustomization"]);
    assert_eq!(patches(&found), ["ops.json <- Kustomization"]);
}

#[test]
fn a_patch_named_twice_names_the_first_kustomization() {
    let dir = tree(&[
        ("a/kustomization.yaml", "patches: [{path: ../p.yaml}]\n"),
        (
            "b/kustomization.yaml",
            "patchesStrategicMerge: [../p.yaml]\n",
        ),
        ("p.yaml", D),
    ]);
    let found = read(dir.path(), &[], &[]);
    assert_eq!(found.files, Vec::<String>::new());
    assert_eq!(patches(&found), ["p.yaml <- a/kustomization.yaml"]);
}

#[test]
fn a_kustomization_that_does_not_parse_names_no_patches() {
    let dir = tree(&[
        (
            "kustomization.yaml",
            "patches:\n  - path: p.yaml\n bad: [\n",
        ),
        ("p.yaml", D),
    ]);
    let found = read(dir.path(), &[], &[]);
    assert_eq!(found.files, ["p.yaml"]);
    assert_eq!(found.kustomizations, ["kustomization.yaml"]);
    assert_eq!(found.patches, []);
}

#[test]
fn patch_paths_that_leave_the_project_or_are_not_read_are_left_alone() {
    let dir = tree(&[
        (
            "k/kustomization.yaml",
            "patches:\n- path: ../../outside.yaml\n- path: /etc/p.yaml\n- path: ignored.yaml\n- path: https://example.com/p.yaml\n",
        ),
        (".gitignore", "ignored.yaml\n"),
        ("k/ignored.yaml", D),
        ("k/app.yaml", D),
    ]);
    let found = read(dir.path(), &[], &[]);
    assert_eq!(found.files, ["k/app.yaml"]);
    assert_eq!(found.patches, []);
}

/// `examples/gitops-shop`: its README's table and `tests/testsuite/manifests.rs`
/// (`GITOPS_SHOP_MANIFESTS`, `GITOPS_SHOP_NOT_MANIFESTS`) say what is read and what is not.
#[test]
fn the_example_gitops_repository() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/gitops-shop");
    let text = std::fs::read_to_string(root.join("sidecarctl.yaml")).unwrap();
    let doc = crate::yaml::parse(text).unwrap();
    let list = |key| -> Vec<String> {
        let node = doc.get(&doc.root, key).expect(key);
        doc.items(node)
            .iter()
            .map(|n| n.as_str().unwrap().to_string())
            .collect()
    };
    let (paths, exclude) = (list("paths"), list("exclude"));
    let found = discover(&root, &paths, &exclude);
    assert_eq!(found.problems, []);
    assert_eq!(
        found.files,
        [
            "apps/mesh/checkout.yaml",
            "apps/mesh/payments.yaml",
            "apps/recommendations.yaml",
            "apps/rendered/search.yaml",
            "apps/shop/base/cart.yaml",
            "apps/shop/base/catalog.yaml",
            "apps/shop/base/orders-db.yaml",
            "platform/argocd/applications.yaml",
            "platform/debug-pod.yaml",
            "platform/jobs.yaml",
            "platform/legacy-crlf.yaml",
            "platform/node-agents.yaml",
            "platform/reports.json",
        ]
    );
    assert_eq!(
        found.kustomizations,
        [
            "apps/shop/base/kustomization.yaml",
            "apps/shop/overlays/prod/kustomization.yaml"
        ]
    );
    assert_eq!(
        patches(&found),
        ["apps/shop/overlays/prod/cart-prod.yaml <- apps/shop/overlays/prod/kustomization.yaml"]
    );
    assert_eq!(found.links, []);
    // Without `exclude`, the chart's files would be read (its template then skipped as one).
    let all = discover(&root, &paths, &[]);
    let charts: Vec<&String> = all
        .files
        .iter()
        .filter(|f| f.contains("/charts/"))
        .collect();
    assert_eq!(
        charts,
        [
            "platform/charts/shop-worker/Chart.yaml",
            "platform/charts/shop-worker/templates/deployment.yaml",
            "platform/charts/shop-worker/values.yaml",
        ]
    );
}

#[test]
fn remote_kustomization_entries_are_not_local_paths() {
    for remote in [
        "https://github.com/acme/config//base?ref=v1",
        "github.com/acme/config/base?ref=v1",
        "github.com/acme/config/base",
        "git@github.com:acme/config.git",
        "ssh://git@example.com/acme/config.git",
    ] {
        assert!(is_remote(remote), "{remote}");
    }
    for local in [
        "deploy.yaml",
        "../base",
        "app.v2/deploy.yaml",
        "./svc.yml",
        "components/x",
    ] {
        assert!(!is_remote(local), "{local}");
    }
}

/// Each cycle of the discovered project as "FILE:LINE:COLUMN KEY ENTRY: A → B → A".
fn cycles_of(found: &Discovered) -> Vec<String> {
    let each = |c: &Cycle| {
        let e = &c.entry;
        let (file, line, column) = (&e.kustomization, e.line, e.column);
        format!(
            "{file}:{line}:{column} {} {}: {}",
            e.key,
            e.path,
            c.through.join(" → ")
        )
    };
    found.cycles.iter().map(each).collect()
}

#[test]
fn kustomizations_building_from_each_other_are_a_cycle_named_once_at_its_last_entry() {
    let k = "kustomization.yaml";
    let dir = tree(&[
        ("base/kustomization.yaml", "resources:\n  - d.yaml\n"),
        ("base/d.yaml", D),
        // prod → staging → prod, and a component that includes itself.
        (
            "overlays/prod/kustomization.yaml",
            "resources:\n  - ../staging\ncomponents:\n  - ../../components/loop\n",
        ),
        (
            "overlays/staging/kustomization.yaml",
            "resources:\n  - ../../base\n  - ../prod\n",
        ),
        (
            "components/loop/kustomization.yaml",
            "kind: Component\ncomponents:\n  - .\n",
        ),
        // No cycle: two overlays share one base, and one builds from the other.
        (
            "shared/a/kustomization.yaml",
            "resources:\n  - ../../base\n",
        ),
        (
            "shared/b/kustomization.yaml",
            "resources:\n  - ../../base\n  - ../a\n",
        ),
    ]);
    let found = read(dir.path(), &[], &[]);
    assert_eq!(
        cycles_of(&found),
        [
            format!("components/loop/{k}:3:5 components .: components/loop → components/loop"),
            format!(
                "overlays/staging/{k}:3:5 resources ../prod: overlays/staging → overlays/prod → overlays/staging"
            ),
        ]
    );
    assert_eq!(found.missing, []);
}

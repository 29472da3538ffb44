//! The `kubernetes` format as a GitOps user meets it: no set-up, the example repository read
//! exactly as libyaml reads it, and every manifest a command writes accepted by the real tools
//! (`kubernetes-validate`, `kubectl kustomize`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::manifests::{
    GITOPS_SHOP_WORKLOADS, gitops_shop_dir, kubernetes_validate, kustomize_builds,
};
use crate::support::{Fixture, Run, fixtures_dir, sidecarctl, snapshot_tree};

/// Two manifests, one of them a multi-document file, and no project file.
fn manifests() -> Fixture {
    let f = Fixture::empty();
    f.write(
        "apps/shop.yaml",
        "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: cart\n  namespace: shop\n\
         spec:\n  selector:\n    matchLabels: {app: cart}\n  template:\n    metadata:\n      \
         labels: {app: cart}\n    spec:\n      containers:\n        - name: cart\n          \
         image: example.org/cart:1.0.0\n        - name: proxy\n          image: nginx:1.27\n---\n",
    );
    f.write(
        "apps/users.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: users\nspec:\n  containers:\n  \
         - name: users\n    image: example.org/users:1.0.0\n",
    );
    f
}

fn in_dir(dir: &Path, args: &[&str]) -> Run {
    Run::of(sidecarctl().current_dir(dir).args(args))
}

#[test]
fn a_folder_of_manifests_is_a_project_without_set_up() {
    let f = manifests();
    // From inside the folder, without -C and without a project file.
    let run = in_dir(f.root(), &["list", "-o", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let data = run.json();
    assert_eq!(data["sidecars"][0]["name"], "proxy");
    assert_eq!(
        data["sidecars"][0]["services"][0]["service"],
        "shop/deployment/cart"
    );
    // From a subfolder, the walk up finds no project file: the subfolder is the project.
    let run = in_dir(&f.path("apps"), &["containers", "users", "-o", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["file"], "users.yaml");
}

#[test]
fn one_file_is_a_project_with_dash_c() {
    let f = manifests();
    let shop = f.path("apps/shop.yaml");
    let run = Run::of(
        sidecarctl()
            .arg("-C")
            .arg(&shop)
            .args(["list", "-o", "json"]),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let uses = &run.json()["sidecars"][0]["services"];
    assert_eq!(
        uses.as_array().map(Vec::len),
        Some(1),
        "users.yaml is not read"
    );
    assert_eq!(uses[0]["file"], "shop.yaml");
    let run = Run::of(sidecarctl().arg("-C").arg(&shop).args([
        "edit",
        "proxy",
        "--service",
        "cart",
        "--image",
        "nginx:1.28",
    ]));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        f.read("apps/shop.yaml")
            .contains("image: nginx:1.28\n---\n")
    );
    let leftovers: Vec<String> = snapshot_tree(f.root())
        .into_keys()
        .filter(|k| !k.ends_with(".yaml"))
        .collect();
    assert_eq!(
        leftovers,
        Vec::<String>::new(),
        "no lock or temporary file stays"
    );

    f.write("notes.yaml", "title: not a manifest\n");
    let run = Run::of(sidecarctl().arg("-C").arg(f.path("notes.yaml")).arg("list"));
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("holds no Kubernetes workload"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_folder_without_manifests_is_no_project() {
    let f = Fixture::empty();
    f.write("notes.yaml", "title: nothing to run\n");
    let run = in_dir(f.root(), &["list"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("no sidecarctl.yaml found"),
        "{}",
        run.stderr
    );
}

/// The example read by sidecarctl is the table libyaml's reading is checked against.
#[test]
fn the_example_is_read_as_the_table_says() {
    for w in GITOPS_SHOP_WORKLOADS {
        let run = Run::of(sidecarctl().arg("-C").arg(gitops_shop_dir()).args([
            "containers",
            &format!("{}#{}", w.file, w.id),
            "-o",
            "json",
        ]));
        assert_eq!(run.code, 0, "{}: {}", w.id, run.stderr);
        let data = run.json();
        assert_eq!(data["document"], w.document, "{}", w.id);
        let rows = data["containers"].as_array().expect("containers");
        let named = |role: &str, placement: Option<&str>| -> Vec<String> {
            rows.iter()
                .filter(|c| c["role"] == role)
                .filter(|c| placement.is_none_or(|p| c["placement"] == p))
                .map(|c| c["name"].as_str().unwrap_or_default().to_string())
                .collect()
        };
        assert_eq!(named("main", None), [w.main], "{}", w.id);
        assert_eq!(named("sidecar", Some("classic")), w.classic, "{}", w.id);
        assert_eq!(named("sidecar", Some("native")), w.native, "{}", w.id);
        assert_eq!(named("init", None), w.init, "{}", w.id);
        for (name, cms, secrets) in w.refs {
            let row = rows
                .iter()
                .find(|c| c["name"] == *name)
                .expect("the sidecar");
            assert_eq!(row["configMaps"], serde_json::json!(cms), "{} {name}", w.id);
            assert_eq!(
                row["secrets"],
                serde_json::json!(secrets),
                "{} {name}",
                w.id
            );
        }
    }
}

/// Every YAML or JSON file that a Kubernetes fixture case writes, relative to its case folder.
fn written_manifests() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let cases = fixtures_dir().join("cases");
    for group in std::fs::read_dir(&cases).expect("cases") {
        let group = group.expect("entry").path();
        let is_k8s = group
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("k8s-") && n != "k8s-init");
        if !is_k8s {
            continue;
        }
        for case in std::fs::read_dir(&group).expect("group") {
            let case = case.expect("entry").path();
            let (before, after) = (snapshot_tree(&case.join("in")), case.join("out"));
            // A case whose input holds values the API rejects on purpose (YAML 1.1 values kept
            // as written where Kubernetes wants a string) says why in this file.
            if !after.is_dir() || case.join("not-valid-kubernetes").is_file() {
                continue;
            }
            let after_tree: BTreeMap<String, Vec<u8>> = snapshot_tree(&after);
            for (rel, bytes) in after_tree {
                // Marketplace items that `publish` writes are Mia catalog manifests.
                let manifest = [".yaml", ".yml", ".json"].iter().any(|e| rel.ends_with(e))
                    && !rel.starts_with("marketplace/");
                if manifest && before.get(&rel) != Some(&bytes) {
                    out.push(after.join(rel));
                }
            }
        }
    }
    out
}

#[test]
fn every_manifest_the_cases_write_passes_kubernetes_validate() {
    let files = written_manifests();
    assert!(
        files.len() > 40,
        "only {} written manifests found",
        files.len()
    );
    let refs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    kubernetes_validate(&refs);
}

#[test]
fn the_kustomize_base_still_builds_after_commands_change_it() {
    let f = Fixture::new(gitops_shop_dir());
    for args in [
        &["edit", "envoy", "--service", "cart", "--cpu-limit", "300m"][..],
        &[
            "clone",
            "log-shipper",
            "--from",
            "cart",
            "--to",
            "catalog",
            "--native",
        ],
        &[
            "edit",
            "oauth2-proxy",
            "--service",
            "catalog",
            "--placement",
            "native",
        ],
        &["delete", "envoy", "--service", "cart", "--yes"],
    ] {
        let run = f.run(args);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    }
    let base = f.path("apps/shop/base");
    let written: Vec<PathBuf> = ["cart.yaml", "catalog.yaml"]
        .iter()
        .map(|n| base.join(n))
        .collect();
    let refs: Vec<&Path> = written.iter().map(PathBuf::as_path).collect();
    kubernetes_validate(&refs);
    let Some(built) = kustomize_builds(&base) else {
        return;
    };
    assert!(
        !built.contains("envoyproxy/envoy"),
        "envoy is gone: {built}"
    );
    assert!(built.contains("restartPolicy: Always"), "{built}");
    // The overlay's patch names a container the base no longer has: kustomize adds it back
    // from the patch, and still builds.
    kustomize_builds(&f.path("apps/shop/overlays/prod")).expect("kubectl ran once");
}

/// What the shell gets back for `line` in `dir` (see `surface::complete`).
fn complete(dir: &Path, line: &[&str]) -> Vec<String> {
    let out = sidecarctl()
        .current_dir(dir)
        .env("COMPLETE", "bash")
        .env("_CLAP_COMPLETE_INDEX", line.len().to_string())
        .env("_CLAP_COMPLETE_COMP_TYPE", "9")
        .env("_CLAP_COMPLETE_SPACE", "true")
        .arg("--")
        .arg("sidecarctl")
        .args(line)
        .output()
        .expect("runs");
    String::from_utf8(out.stdout)
        .expect("UTF-8")
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

#[test]
fn completion_offers_workload_ids() {
    let ids = complete(&gitops_shop_dir(), &["containers", "shop/"]);
    assert!(
        ids.contains(&"shop/deployment/payments".to_string()),
        "{ids:?}"
    );
    assert!(
        ids.contains(&"shop/statefulset/orders-db".to_string()),
        "{ids:?}"
    );
    let sidecars = complete(&gitops_shop_dir(), &["show", "v"]);
    assert_eq!(sidecars, ["vault-agent"]);
}

/// The error of a folder that is never an implicit project names the three ways out.
fn refused_as_too_wide(run: &Run, what: &str) {
    run.code(1);
    assert_eq!(run.stdout, "", "nothing is listed");
    let first = run.stderr.lines().next().unwrap_or_default();
    assert!(
        first.starts_with("error: no sidecarctl.yaml found in ") && first.contains(what),
        "{}",
        run.stderr
    );
    for way in ["-C DIR", "sidecarctl init"] {
        assert!(run.stderr.contains(way), "{way}: {}", run.stderr);
    }
    assert!(
        !run.stderr.contains("warning"),
        "nothing was walked: {}",
        run.stderr
    );
}

#[test]
fn the_file_system_root_is_never_an_implicit_project() {
    // Some manifest lies somewhere below `/` (this repository's, at least): it must not matter.
    let home = Fixture::empty();
    let run = Run::of(
        sidecarctl()
            .current_dir("/")
            .env("HOME", home.root())
            .arg("list"),
    );
    refused_as_too_wide(
        &run,
        "the file-system root is never read as an implicit project",
    );
    let run = Run::of(
        sidecarctl()
            .current_dir(home.root())
            .env("HOME", home.root())
            .args(["-C", "/", "list"]),
    );
    refused_as_too_wide(&run, "the file-system root");
}

#[test]
fn the_home_folder_is_never_an_implicit_project() {
    let home = manifests();
    let run = Run::of(
        sidecarctl()
            .current_dir(home.root())
            .env("HOME", home.root())
            .arg("list"),
    );
    refused_as_too_wide(&run, "the home folder is never read as an implicit project");
    // A folder below it is a project as ever.
    let run = Run::of(
        sidecarctl()
            .current_dir(home.root())
            .env("HOME", home.root().parent().expect("a parent"))
            .arg("list"),
    );
    run.success();
}

#[test]
fn a_large_folder_without_workloads_says_it_stopped_looking() {
    let p = Fixture::empty();
    // More files than the search walks, none of them a manifest; one lies beyond them.
    for d in 0..21 {
        let dir = p.path(&format!("d{d:02}"));
        std::fs::create_dir_all(&dir).unwrap();
        for f in 0..1_000 {
            std::fs::write(dir.join(format!("f{f}.txt")), "").unwrap();
        }
    }
    p.write(
        "z/pod.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: a:1}]\n",
    );
    let run = Run::of(sidecarctl().current_dir(p.root()).arg("list"));
    run.code(1);
    assert!(
        run.stderr.contains("and no Kubernetes workload among the first 20000 files and folders below it: stopped looking"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("sidecarctl init"), "{}", run.stderr);
    // Named with -C, or with a project file, the folder is read whole.
    p.write("sidecarctl.yaml", "format: kubernetes\n");
    let run = Run::of(sidecarctl().current_dir(p.root()).arg("list"));
    run.success();
}

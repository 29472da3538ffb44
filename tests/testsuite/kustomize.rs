//! Kustomize overlays (SPEC §8.1), judged by kustomize itself: for every `k8s-kustomize` case
//! that writes files, `kubectl kustomize` renders each kustomization of `in/` and of `out/`, and
//! the difference of the two renderings is exactly the case's `rendered.diff` (recorded with
//! `SNAPSHOTS=overwrite`, read by a person: only the asked change may be in it), and no pod
//! it renders has two containers of one name. A case that writes nothing renders the same.

use std::path::{Path, PathBuf};

use crate::manifests::{kustomize_builds, kustomize_output};
use crate::support::fixtures_dir;

/// The kustomizations (not components) below `dir`, relative to it, sorted.
fn kustomizations(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read a case folder") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else if p.file_name().is_some_and(|n| n == "kustomization.yaml") {
                let text = std::fs::read_to_string(&p).expect("read a kustomization");
                if !text.contains("kind: Component") {
                    let folder = p
                        .parent()
                        .expect("a folder")
                        .strip_prefix(dir)
                        .expect("inside");
                    out.push(folder.to_string_lossy().replace('\\', "/"));
                }
            }
        }
    }
    out.sort();
    out
}

/// `## FOLDER` and the unified diff of its renderings, for each kustomization that renders
/// differently; None when kubectl is not installed.
fn rendered_diff(before: &Path, after: &Path) -> Option<String> {
    let mut out = String::new();
    for k in kustomizations(before) {
        let old = kustomize_builds(&before.join(&k))?;
        let new = kustomize_builds(&after.join(&k))?;
        if old != new {
            let diff = similar::TextDiff::from_lines(&old, &new);
            out.push_str(&format!("## {k}\n"));
            out.push_str(&diff.unified_diff().context_radius(2).to_string());
        }
    }
    Some(out)
}

/// The workloads of a rendering whose pod has two containers of one name (the API refuses
/// such a pod), as `KIND/NAME: CONTAINER`, read with PyYAML; None without python3.
fn named_twice(rendered: &str) -> Option<Vec<String>> {
    const CHECK: &str = r#"
import sys, yaml
for d in yaml.safe_load_all(sys.stdin):
    spec = ((d or {}).get("spec") or {})
    spec = ((spec.get("jobTemplate") or {}).get("spec") or spec).get("template", {}).get("spec") or spec
    names = [c.get("name") for k in ("containers", "initContainers") for c in spec.get(k) or []]
    for n in sorted({n for n in names if names.count(n) > 1}):
        print(f"{d['kind']}/{d['metadata']['name']}: {n}")
"#;
    python_lines(CHECK, rendered)
}

/// The lines `script` prints, run by python3 with `input` on its standard input; None without
/// python3.
fn python_lines(script: &str, input: &str) -> Option<Vec<String>> {
    use std::io::Write;
    let mut child = std::process::Command::new("python3")
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .ok()?;
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(input.as_bytes()).expect("write to python3");
    drop(stdin);
    let out = child.wait_with_output().expect("python3 runs");
    assert!(out.status.success(), "a python3 check fails");
    Some(
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(String::from)
            .collect(),
    )
}

/// The rows of `list -o json` (`listed`) that the rendering of their overlay lacks, read with
/// PyYAML: `rendered` maps each overlay to `kubectl kustomize`'s output, and a row is its
/// workload's (kind, name, namespace) there with a container of the sidecar's name and image.
fn unrendered(listed: &serde_json::Value, rendered: &serde_json::Value) -> Option<Vec<String>> {
    const CHECK: &str = r##"
import json, sys, yaml
data = json.load(sys.stdin)
docs = {ov: list(yaml.safe_load_all(text)) for ov, text in data["rendered"].items()}
def containers(ov, kind, name, ns):
    for d in docs[ov]:
        meta = (d or {}).get("metadata") or {}
        if d and d.get("kind") == kind and meta.get("name") == name and meta.get("namespace") == ns:
            spec = d["spec"]
            spec = ((spec.get("jobTemplate") or {}).get("spec") or spec).get("template", {}).get("spec") or spec
            return [c for k in ("containers", "initContainers") for c in spec.get(k) or []]
    return []
for s in data["listed"]["sidecars"]:
    for u in s["services"]:
        ov = u["service"].rsplit("#", 1)[-1].split(":", 1)[0]
        if ":" not in u["service"] or ov not in docs:
            continue
        found = [c for c in containers(ov, u["kind"], u["name"], u["namespace"]) if c["name"] == s["name"]]
        if not found or (u["image"] and found[0].get("image") != u["image"]):
            print(f"{u['service']}: {s['name']} {u['image']}")
"##;
    let input = serde_json::json!({"listed": listed, "rendered": rendered});
    python_lines(CHECK, &input.to_string())
}

fn cases() -> Vec<PathBuf> {
    let group = fixtures_dir().join("cases/k8s-kustomize");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(group)
        .expect("the k8s-kustomize cases")
        .map(|e| e.expect("entry").path())
        .collect();
    cases.sort();
    cases
}

#[test]
fn every_change_renders_as_the_old_output_plus_the_asked_change() {
    let overwrite = std::env::var("SNAPSHOTS").is_ok_and(|v| v == "overwrite");
    let mut judged = 0;
    for case in cases() {
        let (before, after) = (case.join("in"), case.join("out"));
        if !after.is_dir() {
            continue;
        }
        // What a change writes renders pods the API accepts: no container named twice.
        for k in kustomizations(&after) {
            let Some(rendered) = kustomize_builds(&after.join(&k)) else {
                return;
            };
            let twice = named_twice(&rendered).unwrap_or_default();
            assert_eq!(twice, Vec::<String>::new(), "{}: {k}", case.display());
        }
        let Some(diff) = rendered_diff(&before, &after) else {
            return;
        };
        let file = case.join("rendered.diff");
        if overwrite {
            std::fs::write(&file, &diff).expect("write rendered.diff");
        }
        let want = std::fs::read_to_string(&file).unwrap_or_default();
        assert_eq!(
            diff,
            want,
            "{}: kustomize renders otherwise",
            case.display()
        );
        assert!(
            !diff.is_empty(),
            "{}: a change renders nothing new",
            case.display()
        );
        judged += 1;
    }
    assert!(judged >= 4, "only {judged} cases judged");
}

/// What `list` says an overlay renders, kustomize renders: for the input of every case that
/// lists, each row of a sidecar a patch adds (`OVERLAY:ID`) is a container of that workload,
/// with the row's image, in `kubectl kustomize OVERLAY` (a later patch's `$patch: delete`
/// included).
#[test]
fn every_row_an_overlay_lists_is_rendered_by_kustomize() {
    use rayon::prelude::*;
    // Each case on a core of its own: kustomize takes a tenth of a second an overlay.
    let judged: Vec<Option<usize>> = cases().par_iter().map(|c| judge_rows(c)).collect();
    if judged.contains(&None) {
        return;
    }
    let rows: usize = judged.into_iter().flatten().sum();
    assert!(rows >= 100, "only {rows} rows judged");
}

/// Judges the rows `list -o json` prints for the input of `case` (see above): how many rows of
/// patches it judged, None when kubectl or python3 is missing.
fn judge_rows(case: &Path) -> Option<usize> {
    let input = case.join("in");
    let run = crate::support::Fixture::new(&input).run(&["list", "-o", "json"]);
    if run.code != 0 {
        return Some(0);
    }
    let listed: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    // The overlays of the rows (`FILE#OVERLAY:ID`), each rendered once.
    let overlays: std::collections::BTreeSet<&str> = listed["sidecars"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|s| s["services"].as_array().into_iter().flatten())
        .filter_map(|u| u["service"].as_str()?.rsplit('#').next()?.split_once(':'))
        .map(|(overlay, _)| overlay)
        .collect();
    let mut rendered = serde_json::Map::new();
    for k in overlays {
        if let Ok(text) = kustomize_output(&input.join(k))? {
            rendered.insert(k.to_string(), text.into());
        }
    }
    let missing = unrendered(&listed, &rendered.into())?;
    assert_eq!(missing, Vec::<String>::new(), "{}", case.display());
    Some(run.stdout.matches("\"kustomize-patch\"").count())
}

/// A base manifest that links out of the project is not read by the scan (a `file.link`
/// warning), and so reaches no overlay either: no patch lists a sidecar of it, and no new
/// patch targets it.
#[test]
fn a_base_manifest_linking_out_of_the_project_reaches_no_overlay() {
    use crate::support::{Fixture, symlink};
    let p = Fixture::new(fixtures_dir().join("cases/k8s-kustomize/clone_to_overlay/in"));
    let outside = Fixture::empty();
    std::fs::copy(p.path("base/orders.yaml"), outside.path("orders.yaml")).unwrap();
    std::fs::remove_file(p.path("base/orders.yaml")).unwrap();
    symlink(&outside.path("orders.yaml"), &p.path("base/orders.yaml"));

    let run = p.run(&["list", "-o", "json"]);
    run.success();
    let warning = format!(
        "warning: base/orders.yaml: a link out of the project (to {}): not read [file.link]",
        outside
            .path("orders.yaml")
            .canonicalize()
            .unwrap()
            .display()
    );
    run.stderr_line(&warning);
    assert!(run.stdout.contains("deployment/cart"), "{}", run.stdout);
    assert!(!run.stdout.contains("deployment/orders"), "{}", run.stdout);

    let before = p.snapshot();
    let run = p.run(&[
        "create",
        "vault",
        "--image",
        "hashicorp/vault:1.17.2",
        "--to",
        "overlays/prod:deployment/orders",
    ]);
    run.code(1).stderr_line(
        "error: workload `overlays/prod:deployment/orders` not found in the resources of overlays/prod/kustomization.yaml",
    );
    assert_eq!(p.snapshot(), before, "nothing written");
}

/// A `target:` patch reaching many workloads gives each the rows and the problems one reaching
/// a few does: in ID order, the patch's containers each target lacks, and the checks naming
/// each target; a change of it reaches them all.
#[test]
fn a_target_patch_reaching_many_workloads_lists_and_checks_each() {
    use crate::support::Fixture;
    let p = Fixture::empty();
    p.write("sidecarctl.yaml", "name: many\nformat: kubernetes\n");
    // Every tenth workload has its own log shipper: the patch's adds it nothing.
    let listed = many_deployments(&p, 100, |i| match i % 10 {
        0 => "        - name: log-shipper\n          image: fluent/fluent-bit:3.0.7\n",
        _ => "",
    });
    p.write("base/kustomization.yaml", listed);
    p.write(
        "overlays/prod/kustomization.yaml",
        "resources:\n  - ../../base\npatches:\n  - path: sidecars.yaml\n    target:\n      kind: Deployment\n",
    );
    p.write(
        "overlays/prod/sidecars.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: every-deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: envoy\n          image: envoyproxy/envoy:v1.31.2\n          resources:\n            limits: {cpu: 200m, memory: 128Mi}\n        - name: log-shipper\n          image: fluent/fluent-bit:3.1.4\n",
    );
    let ids = |keep: &dyn Fn(usize) -> bool| -> Vec<String> {
        (0..100)
            .filter(|i| keep(*i))
            .map(|i| format!("overlays/prod:deployment/svc-{i:03}"))
            .collect()
    };
    let rows = |run: &crate::support::Run, sidecar: &str, field: &str| -> Vec<(String, String)> {
        let json = run.json();
        let found = json["sidecars"].as_array().unwrap().iter();
        let found = found.filter(|s| s["name"] == sidecar).flat_map(|s| {
            s["services"].as_array().unwrap().iter().filter_map(|u| {
                let id = u["service"].as_str()?;
                let value = match field {
                    "image" => u["image"].as_str(),
                    _ => u["resources"]["limits"]["cpu"].as_str(),
                }?;
                id.starts_with("overlays/")
                    .then(|| (id.to_string(), value.to_string()))
            })
        });
        found.collect()
    };
    let with = |ids: Vec<String>, value: &str| -> Vec<(String, String)> {
        ids.into_iter().map(|id| (id, value.to_string())).collect()
    };

    let run = p.run_read_only(&["list", "-o", "json"]);
    run.success();
    let envoy = with(ids(&|_| true), "envoyproxy/envoy:v1.31.2");
    assert_eq!(rows(&run, "envoy", "image"), envoy);
    let shipper = with(ids(&|i| i % 10 != 0), "fluent/fluent-bit:3.1.4");
    assert_eq!(rows(&run, "log-shipper", "image"), shipper);

    let run = p.run_read_only(&["validate"]);
    run.success();
    let missing: Vec<String> = ids(&|i| i % 10 != 0)
        .iter()
        .map(|id| {
            format!(
                "warning: overlays/prod/sidecars.yaml:13:17: sidecar `log-shipper` of {id} has no `resources` [resources.missing]"
            )
        })
        .collect();
    let said: Vec<&str> = (run.stdout.lines())
        .filter(|l| l.contains("overlays/prod/sidecars.yaml"))
        .collect();
    assert_eq!(said, missing);

    // A change reads the patch again: it reaches every target.
    let edit = ["edit", "envoy", "--all", "--cpu-limit", "300m", "--yes"];
    p.run(&edit).success();
    let run = p.run_read_only(&["list", "-o", "json"]);
    assert_eq!(rows(&run, "envoy", "cpu"), with(ids(&|_| true), "300m"));
    assert!(
        p.read("overlays/prod/sidecars.yaml")
            .contains("limits: {cpu: 300m, memory: 128Mi}")
    );
}

/// A clone into more workloads than one batch plans warns once of the `images:` entry that
/// pins the copies, naming them all, not once a batch.
#[test]
fn a_clone_planned_in_batches_warns_once_of_an_entry_pinning_it() {
    use crate::support::Fixture;
    let p = Fixture::empty();
    p.write("sidecarctl.yaml", "name: pinned\nformat: kubernetes\n");
    let mut listed = many_deployments(&p, 80, |_| "");
    listed.push_str("images:\n  - name: example/agent\n    newTag: \"9.9\"\n");
    p.write("base/kustomization.yaml", listed);
    // The source is listed by no kustomization: its copies run what its text says.
    p.write(
        "extra/source.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: source\nspec:\n  template:\n    spec:\n      containers:\n        - name: source\n          image: example/source:1\n        - name: agent\n          image: example/agent:1.0\n",
    );
    let run = p.run(&[
        "clone",
        "agent",
        "--from",
        "deployment/source",
        "--all",
        "--dry-run",
    ]);
    run.success();
    let warned: Vec<&str> = (run.stderr.lines())
        .filter(|l| l.ends_with("[kustomize.image-pinned]"))
        .collect();
    assert_eq!(
        warned,
        [
            "warning: base/kustomization.yaml:83:5: the `images:` entry `example/agent` renders the new `agent` of `deployment/svc-000`, `deployment/svc-001`, `deployment/svc-002` and 77 more as `example/agent:9.9`, not `example/agent:1.0` (kustomize applies it to every container of that image its kustomization renders) [kustomize.image-pinned]"
        ],
        "{}",
        run.stderr
    );
}

/// Writes `n` Deployments `base/svc-000.yaml`… (each with `extra(i)` after its app container)
/// and returns the kustomization listing them.
fn many_deployments(
    p: &crate::support::Fixture,
    n: usize,
    extra: impl Fn(usize) -> &'static str,
) -> String {
    let mut listed = String::from("resources:\n");
    for i in 0..n {
        p.write(
            &format!("base/svc-{i:03}.yaml"),
            format!(
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: svc-{i:03}\nspec:\n  selector:\n    matchLabels: {{app: svc-{i:03}}}\n  template:\n    metadata:\n      labels: {{app: svc-{i:03}}}\n    spec:\n      containers:\n        - name: app\n          image: example/app:1.0.0\n{}",
                extra(i)
            ),
        );
        listed.push_str(&format!("  - svc-{i:03}.yaml\n"));
    }
    listed
}

//! Real tools judge Kubernetes manifests: `kubernetes-validate` (the API's JSON schemas),
//! `kubectl kustomize`, and PyYAML's libyaml reader. The example GitOps repository
//! `examples/gitops-shop` must pass all three and hold exactly the workloads its table below
//! says; the helpers are also for tests that write manifests of their own.
//!
//! A missing tool fails the test when `CI` is set (a green CI that skipped proves nothing;
//! `.ci/run` installs every tool) and is skipped with a note on stderr otherwise, so a developer
//! without kubectl can still run the rest of the suite.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use tempfile::TempDir;

use crate::support::text_diff;

/// `examples/gitops-shop`.
pub fn gitops_shop_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/gitops-shop")
}

/// Runs `program args`, or reports the tool missing (see the module comment) and returns None.
fn run_tool(program: &str, args: &[&std::ffi::OsStr], install: &str) -> Option<Output> {
    match Command::new(program).args(args).output() {
        Ok(out) => Some(out),
        Err(e) if e.kind() == ErrorKind::NotFound => {
            tool_missing(&format!("{program} is not installed"), install)
        }
        Err(e) => panic!("cannot run {program}: {e}"),
    }
}

/// Fails on CI, else prints a note: `problem` names what is missing, `install` the remedy.
fn tool_missing<T>(problem: &str, install: &str) -> Option<T> {
    let ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty());
    assert!(
        !ci,
        "{problem}; on CI that fails the check: {install} (.ci/run does)"
    );
    eprintln!("note: {problem}; check skipped ({install})");
    None
}

// ---------------------------------------------------------------------------------------------
// kubernetes-validate

/// Every manifest must pass the schemas of Kubernetes 1.33 (native sidecars stable, KEP-753) and
/// of the newest version the installed `kubernetes-validate` bundles.
const KUBERNETES_VERSIONS: &str = "1.33.0,latest";

const KUBERNETES_VALIDATE_INSTALL: &str = "python3 -m pip install kubernetes-validate==1.37.0";

/// Drives kubernetes-validate's own validator, in strict mode (unknown fields are errors, as
/// `kubectl apply` reports them), over every file in one process. What the command line tool
/// does not do, this does: it validates the items of a `kind: List`, and it fails a built-in
/// apiVersion without a schema (`apps/v1beta1` was removed) instead of passing it with a
/// warning; custom resources (a group with a dot the schemas do not know, such as Argo CD's
/// `Application` or `Rollout`) are skipped with a note.
const VALIDATE_PY: &str = r#"
import re, sys
try:
    from kubernetes_validate import utils
    from kubernetes_validate.version import __version__
except ImportError as e:
    print(f"cannot import kubernetes_validate: {e}")
    sys.exit(3)

latest = utils.latest_version()
versions = []
for v in sys.argv[1].split(","):
    v = latest if v == "latest" else v
    if v not in versions:
        versions.append(v)
schemas = utils.importlib_resources.files("kubernetes_validate").joinpath(
    "kubernetes-json-schema", f"v{latest}-local-strict")
known = {name[name.index("-") + 1:-5] for name in (p.name for p in schemas.iterdir()) if "-" in name}

def mangle(api):  # the tool's file naming: networking.k8s.io/v1 -> networking-v1
    return re.sub(r"^([^./]*)(?:\.[^/]*)?/", r"\1-", api)

errors, checked = 0, 0
for path in sys.argv[2:]:
    try:
        docs = utils.resources_from_file(path)
    except SystemExit as e:
        print(f"ERROR {e}")
        errors += 1
        continue
    for doc in docs:
        resources = (doc.get("items") or []) if isinstance(doc, dict) and doc.get("kind") == "List" else [doc]
        for r in resources:
            if not isinstance(r, dict) or not r.get("apiVersion") or not r.get("kind"):
                print(f"ERROR {path}: a document without apiVersion and kind: {str(r)[:80]}")
                errors += 1
                continue
            api, kind = r["apiVersion"], r["kind"]
            name = f"{kind.lower()}/{(r.get('metadata') or {}).get('name')}"
            group = api.rsplit("/", 1)[0] if "/" in api else ""
            if "." in group and mangle(api) not in known:
                print(f"SKIP {path} {name}: custom resource {api}, no schema")
                continue
            for v in versions:
                checked += 1
                try:
                    got = utils.validate(r, v, strict=True)
                    print(f"INFO {path} {name} passed against {got}")
                except utils.ValidationError as e:
                    where = ".".join(str(p) for p in e.path)
                    print(f"ERROR {path} {name} against {e.version}: {where}: {e.message}")
                    errors += 1
                except utils.SchemaNotFoundError as e:
                    print(f"ERROR {path} {name}: {e.message}")
                    errors += 1
print(f"kubernetes-validate {__version__} (strict, {', '.join(versions)}): "
      f"{checked} checks, {errors} errors")
sys.exit(1 if errors else 0)
"#;

/// What kubernetes-validate said: Ok(None) when it is not installed here, Ok(Some(output)) when
/// every file passed, Err(output) otherwise.
pub fn run_kubernetes_validate(files: &[&Path]) -> Result<Option<String>, String> {
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "-c".as_ref(),
        VALIDATE_PY.as_ref(),
        KUBERNETES_VERSIONS.as_ref(),
    ];
    args.extend(files.iter().map(|f| f.as_os_str()));
    let Some(out) = run_tool("python3", &args, KUBERNETES_VALIDATE_INSTALL) else {
        return Ok(None);
    };
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    match out.status.code() {
        Some(0) => Ok(Some(text)),
        Some(3) => Ok(tool_missing(text.trim(), KUBERNETES_VALIDATE_INSTALL)),
        _ => Err(text),
    }
}

/// Panics with the tool's output unless every file passes kubernetes-validate (strict, against
/// Kubernetes 1.33 and the newest bundled version). Use it on every manifest a test writes.
pub fn kubernetes_validate(files: &[&Path]) {
    if let Err(out) = run_kubernetes_validate(files) {
        panic!("kubernetes-validate rejects the manifests:\n{out}");
    }
}

// ---------------------------------------------------------------------------------------------
// kubectl kustomize

/// The YAML `kubectl kustomize DIR` builds (offline), or None when kubectl is not installed
/// here. Panics with kubectl's message when the build fails.
pub fn kustomize_builds(dir: &Path) -> Option<String> {
    let out = kustomize_output(dir)?;
    Some(out.unwrap_or_else(|e| panic!("kubectl kustomize {} fails:\n{e}", dir.display())))
}

/// `kubectl kustomize DIR`'s output, or what it says when it fails; None when kubectl is not
/// installed.
pub fn kustomize_output(dir: &Path) -> Option<Result<String, String>> {
    let out = run_tool(
        "kubectl",
        &["kustomize".as_ref(), dir.as_os_str()],
        "install kubectl (Debian's kubernetes-client is too old for kustomize v5)",
    )?;
    Some(match out.status.success() {
        true => Ok(String::from_utf8(out.stdout).expect("kubectl prints UTF-8")),
        false => Err(String::from_utf8_lossy(&out.stderr).into_owned()),
    })
}

// ---------------------------------------------------------------------------------------------
// An independent reader: PyYAML's libyaml loader

/// Prints, as JSON, every workload of the files (relative to a root) read by libyaml, with the
/// rules of SPEC §6.2: the pod spec's place per kind, `kind: List` items, the main container
/// (the `kubectl.kubernetes.io/default-container` annotation, else the first container that is
/// not a special sidecar, else the first), classic and native sidecars, ordinary init containers,
/// and the ConfigMaps and Secrets each sidecar reaches.
const READ_PY: &str = r#"
import json, os, sys
try:
    import yaml
except ImportError:
    print("PyYAML is not installed")
    sys.exit(3)
if not yaml.__with_libyaml__:
    print("PyYAML is built without libyaml")
    sys.exit(3)

POD_SPEC = {"Pod": []}
for kind in ("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController",
             "Job", "Rollout"):
    POD_SPEC[kind] = ["spec", "template"]
POD_SPEC["CronJob"] = ["spec", "jobTemplate", "spec", "template"]
special = set(sys.argv[1].split(","))
root = sys.argv[2]

def refs(container, volumes):
    cms, secrets = [], []
    def add(into, name):
        if name and name not in into:
            into.append(name)
    for m in container.get("volumeMounts") or []:
        v = volumes.get(m.get("name")) or {}
        add(cms, (v.get("configMap") or {}).get("name"))
        add(secrets, (v.get("secret") or {}).get("secretName"))
        for s in (v.get("projected") or {}).get("sources") or []:
            add(cms, (s.get("configMap") or {}).get("name"))
            add(secrets, (s.get("secret") or {}).get("name"))
    for e in container.get("envFrom") or []:
        add(cms, (e.get("configMapRef") or {}).get("name"))
        add(secrets, (e.get("secretRef") or {}).get("name"))
    for e in container.get("env") or []:
        source = e.get("valueFrom") or {}
        add(cms, (source.get("configMapKeyRef") or {}).get("name"))
        add(secrets, (source.get("secretKeyRef") or {}).get("name"))
    return cms, secrets

out = []
for rel in sys.argv[3:]:
    with open(os.path.join(root, rel), "rb") as f:
        data = f.read()
    for document, doc in enumerate(yaml.load_all(data, Loader=yaml.CSafeLoader)):
        items = (doc.get("items") or []) if isinstance(doc, dict) and doc.get("kind") == "List" else [doc]
        for r in items:
            if not isinstance(r, dict) or r.get("kind") not in POD_SPEC:
                continue
            template = r
            for key in POD_SPEC[r["kind"]]:
                template = template[key]
            spec = template["spec"]
            annotations = (template.get("metadata") or {}).get("annotations") or {}
            containers = spec.get("containers") or []
            inits = spec.get("initContainers") or []
            names = [c["name"] for c in containers]
            main = annotations.get("kubectl.kubernetes.io/default-container")
            if main not in names:
                main = next((n for n in names if n not in special), names[0] if names else None)
            volumes = {v["name"]: v for v in spec.get("volumes") or []}
            sidecars = [(c, "classic") for c in containers if c["name"] != main]
            sidecars += [(c, "native") for c in inits if c.get("restartPolicy") == "Always"]
            meta = r.get("metadata") or {}
            ident = f"{r['kind'].lower()}/{meta['name']}"
            if meta.get("namespace"):
                ident = f"{meta['namespace']}/{ident}"
            out.append({
                "file": rel, "document": document, "id": ident, "main": main,
                "classic": [c["name"] for c, p in sidecars if p == "classic"],
                "native": [c["name"] for c, p in sidecars if p == "native"],
                "init": [c["name"] for c in inits if c.get("restartPolicy") != "Always"],
                "refs": [[c["name"], *refs(c, volumes)] for c, _ in sidecars],
            })
print(json.dumps(out))
"#;

/// The workloads libyaml reads in `files` (relative to `root`), rendered one per line as
/// [`Workload::line`] renders an expectation; None when python3 or libyaml is missing here.
pub fn libyaml_workloads(root: &Path, files: &[&str], special: &[&str]) -> Option<Vec<String>> {
    let special = special.join(",");
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "-c".as_ref(),
        READ_PY.as_ref(),
        special.as_ref(),
        root.as_os_str(),
    ];
    args.extend(files.iter().map(std::ffi::OsStr::new));
    let out = run_tool("python3", &args, "apt-get install python3")?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    if out.status.code() == Some(3) {
        return tool_missing(stdout.trim(), "python3 -m pip install pyyaml==6.0.3");
    }
    assert!(
        out.status.success(),
        "libyaml cannot read the manifests:\n{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let all: Vec<Value> = serde_json::from_str(&stdout).expect("the reader prints JSON");
    let names = |v: &Value| -> String {
        let list: Vec<&str> = v
            .as_array()
            .expect("a list")
            .iter()
            .map(|n| n.as_str().expect("a name"))
            .collect();
        list.join(",")
    };
    Some(
        all.iter()
            .map(|w| {
                let refs: Vec<String> = w["refs"]
                    .as_array()
                    .expect("refs")
                    .iter()
                    .map(|r| {
                        format!(
                            "{}(cm:{} secret:{})",
                            r[0].as_str().unwrap(),
                            names(&r[1]),
                            names(&r[2])
                        )
                    })
                    .collect();
                format!(
                    "{}#{} {} main={} classic=[{}] native=[{}] init=[{}] refs=[{}]",
                    w["file"].as_str().unwrap(),
                    w["document"],
                    w["id"].as_str().unwrap(),
                    w["main"].as_str().unwrap_or("-"),
                    names(&w["classic"]),
                    names(&w["native"]),
                    names(&w["init"]),
                    refs.join(" ")
                )
            })
            .collect(),
    )
}

// ---------------------------------------------------------------------------------------------
// examples/gitops-shop: what it holds

/// Every manifest of the example that sidecarctl reads (its `paths`, less `exclude`, less
/// kustomization files and the patches they name).
pub const GITOPS_SHOP_MANIFESTS: &[&str] = &[
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
];

/// YAML and JSON files of the example that hold no workload for sidecarctl.
pub const GITOPS_SHOP_NOT_MANIFESTS: &[&str] = &[
    "apps/shop/base/kustomization.yaml",
    "apps/shop/overlays/prod/cart-prod.yaml", // a strategic merge patch, named by the overlay
    "apps/shop/overlays/prod/kustomization.yaml",
    "platform/charts/shop-worker/Chart.yaml", // under exclude: ["**/charts/**"]
    "platform/charts/shop-worker/templates/deployment.yaml", // a Helm template: not YAML
    "platform/charts/shop-worker/values.yaml",
    "sidecarctl.yaml",
];

/// One workload as the `kubernetes` format must see it.
pub struct Workload {
    pub file: &'static str,
    /// The document's index among the file's documents (empty ones count).
    pub document: usize,
    pub id: &'static str,
    pub main: &'static str,
    pub classic: &'static [&'static str],
    pub native: &'static [&'static str],
    pub init: &'static [&'static str],
    /// For each sidecar, classic then native: (name, ConfigMaps, Secrets).
    pub refs: &'static [(
        &'static str,
        &'static [&'static str],
        &'static [&'static str],
    )],
}

impl Workload {
    pub fn line(&self) -> String {
        let refs: Vec<String> = self
            .refs
            .iter()
            .map(|(name, cms, secrets)| {
                format!("{name}(cm:{} secret:{})", cms.join(","), secrets.join(","))
            })
            .collect();
        format!(
            "{}#{} {} main={} classic=[{}] native=[{}] init=[{}] refs=[{}]",
            self.file,
            self.document,
            self.id,
            self.main,
            self.classic.join(","),
            self.native.join(","),
            self.init.join(","),
            refs.join(" ")
        )
    }
}

const NONE: &[&str] = &[];

/// The workloads of `examples/gitops-shop`, in file order (the order of
/// [`GITOPS_SHOP_MANIFESTS`]) then document order.
pub const GITOPS_SHOP_WORKLOADS: &[Workload] = &[
    // linkerd inject, native: linkerd-proxy right after the ordinary linkerd-init.
    Workload {
        file: "apps/mesh/checkout.yaml",
        document: 0,
        id: "shop/deployment/checkout",
        main: "checkout",
        classic: NONE,
        native: &["linkerd-proxy"],
        init: &["linkerd-init"],
        refs: &[("linkerd-proxy", &["linkerd-identity-trust-roots"], NONE)],
    },
    // istioctl kube-inject with istio-proxy first and no default-container annotation: the
    // main container is the first one that is not special.
    Workload {
        file: "apps/mesh/payments.yaml",
        document: 0,
        id: "shop/deployment/payments",
        main: "payments",
        classic: &["istio-proxy"],
        native: NONE,
        init: &["istio-init"],
        refs: &[("istio-proxy", &["istio-ca-root-cert"], NONE)],
    },
    Workload {
        file: "apps/recommendations.yaml",
        document: 0,
        id: "shop/rollout/recommendations",
        main: "recommendations",
        classic: &["otel-collector"],
        native: NONE,
        init: NONE,
        refs: &[("otel-collector", &["otel-collector"], NONE)],
    },
    Workload {
        file: "apps/rendered/search.yaml",
        document: 3,
        id: "search/deployment/search",
        main: "search",
        classic: &["config-reloader"],
        native: NONE,
        init: NONE,
        refs: &[("config-reloader", &["search-config"], NONE)],
    },
    Workload {
        file: "apps/shop/base/cart.yaml",
        document: 0,
        id: "deployment/cart",
        main: "cart",
        classic: &["envoy", "log-shipper"],
        native: NONE,
        init: NONE,
        refs: &[
            ("envoy", &["envoy-bootstrap"], &["cart-tls"]),
            ("log-shipper", &["fluent-bit-config"], NONE),
        ],
    },
    // The sidecar is listed first; the annotation names the main container.
    Workload {
        file: "apps/shop/base/catalog.yaml",
        document: 0,
        id: "deployment/catalog",
        main: "catalog",
        classic: &["oauth2-proxy"],
        native: NONE,
        init: NONE,
        refs: &[("oauth2-proxy", &["oauth2-proxy"], &["oauth2-proxy-cookie"])],
    },
    Workload {
        file: "apps/shop/base/orders-db.yaml",
        document: 1,
        id: "shop/statefulset/orders-db",
        main: "postgres",
        classic: NONE,
        native: &["vault-agent", "postgres-exporter"],
        init: &["init-data-dir"],
        refs: &[
            ("vault-agent", &["orders-db-vault-agent"], NONE),
            ("postgres-exporter", NONE, &["orders-db-exporter"]),
        ],
    },
    Workload {
        file: "platform/debug-pod.yaml",
        document: 0,
        id: "sandbox/pod/log-counter",
        main: "count",
        classic: &["tail-1", "tail-2"],
        native: NONE,
        init: NONE,
        refs: &[("tail-1", NONE, NONE), ("tail-2", NONE, NONE)],
    },
    Workload {
        file: "platform/jobs.yaml",
        document: 0,
        id: "cronjob/nightly-report",
        main: "report",
        classic: NONE,
        native: &["cloud-sql-proxy"],
        init: NONE,
        refs: &[("cloud-sql-proxy", NONE, NONE)],
    },
    Workload {
        file: "platform/jobs.yaml",
        document: 1,
        id: "job/orders-migrate",
        main: "migrate",
        classic: NONE,
        native: NONE,
        init: &["wait-for-db"],
        refs: &[],
    },
    Workload {
        file: "platform/legacy-crlf.yaml",
        document: 1,
        id: "legacy/deployment/billing",
        main: "billing",
        classic: &["stunnel"],
        native: NONE,
        init: NONE,
        refs: &[(
            "stunnel",
            &["billing-mainframe"],
            &["billing-stunnel-certs"],
        )],
    },
    // An item of a `kind: List`.
    Workload {
        file: "platform/node-agents.yaml",
        document: 0,
        id: "monitoring/daemonset/node-exporter",
        main: "node-exporter",
        classic: &["kube-rbac-proxy"],
        native: NONE,
        init: NONE,
        refs: &[("kube-rbac-proxy", NONE, NONE)],
    },
    Workload {
        file: "platform/reports.json",
        document: 0,
        id: "shop/deployment/reports",
        main: "reports",
        classic: &["cloud-sql-proxy"],
        native: NONE,
        init: NONE,
        refs: &[("cloud-sql-proxy", NONE, NONE)],
    },
];

/// The special sidecars of SPEC §6.2 when a project names none.
pub const DEFAULT_SPECIAL_SIDECARS: &[&str] = &["istio-proxy", "linkerd-proxy"];

fn shop_paths(files: &[&str]) -> Vec<PathBuf> {
    files.iter().map(|f| gitops_shop_dir().join(f)).collect()
}

/// Every `*.yaml`, `*.yml` and `*.json` below `dir`, relative to it, sorted.
fn yaml_files(dir: &Path, rel: &str, into: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).expect("read the example") {
        let entry = entry.expect("dir entry");
        let name = entry.file_name().into_string().expect("UTF-8 names");
        let rel = if rel.is_empty() {
            name.clone()
        } else {
            format!("{rel}/{name}")
        };
        if entry.file_type().expect("file type").is_dir() {
            yaml_files(&entry.path(), &rel, into);
        } else if [".yaml", ".yml", ".json"].iter().any(|e| name.ends_with(e)) {
            into.push(rel);
        }
    }
}

#[test]
fn the_example_lists_every_file_as_manifest_or_not() {
    let mut found = Vec::new();
    yaml_files(&gitops_shop_dir(), "", &mut found);
    found.sort();
    let mut listed: Vec<String> = GITOPS_SHOP_MANIFESTS
        .iter()
        .chain(GITOPS_SHOP_NOT_MANIFESTS)
        .map(|f| f.to_string())
        .collect();
    listed.sort();
    assert_eq!(
        found, listed,
        "classify every new file of examples/gitops-shop"
    );
}

#[test]
fn the_example_manifests_pass_kubernetes_validate() {
    let paths = shop_paths(GITOPS_SHOP_MANIFESTS);
    let files: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
    kubernetes_validate(&files);
}

#[test]
fn libyaml_reads_the_workloads_the_table_lists() {
    let Some(actual) = libyaml_workloads(
        &gitops_shop_dir(),
        GITOPS_SHOP_MANIFESTS,
        DEFAULT_SPECIAL_SIDECARS,
    ) else {
        return;
    };
    let expected: Vec<String> = GITOPS_SHOP_WORKLOADS.iter().map(Workload::line).collect();
    let (expected, actual) = (expected.join("\n") + "\n", actual.join("\n") + "\n");
    assert!(
        actual == expected,
        "libyaml reads other workloads than the table lists:\n{}",
        text_diff(&expected, &actual)
    );
}

#[test]
fn the_example_keeps_its_styles() {
    let read = |rel: &str| std::fs::read(gitops_shop_dir().join(rel)).expect("read");
    let crlf = read("platform/legacy-crlf.yaml");
    let lines = crlf.split(|b| *b == b'\n').count() - 1;
    let crlf_lines = crlf.windows(2).filter(|w| w == b"\r\n").count();
    assert_eq!(
        crlf_lines, lines,
        "every line of legacy-crlf.yaml ends in CRLF"
    );
    assert!(
        !read("platform/reports.json").ends_with(b"\n"),
        "reports.json has no final newline"
    );
    let template = gitops_shop_dir().join("platform/charts/shop-worker/templates/deployment.yaml");
    let parse = Command::new("python3")
        .args([
            "-c",
            "import sys, yaml; list(yaml.safe_load_all(open(sys.argv[1])))",
        ])
        .arg(&template)
        .output();
    if let Ok(out) = parse {
        assert!(!out.status.success(), "the Helm template must not be YAML");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("yaml.parser.ParserError"),
            "a YAML error, not a missing module: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn kustomize_builds_the_base_and_the_prod_overlay() {
    let shop = gitops_shop_dir().join("apps/shop");
    let Some(base) = kustomize_builds(&shop.join("base")) else {
        return;
    };
    // The base's namespace reaches every resource, those whose manifest names none too.
    assert_eq!(base.matches("\nkind: ").count(), 8, "{base}");
    assert_eq!(base.matches("\n  namespace: shop\n").count(), 8, "{base}");
    assert!(
        base.contains("image: registry.example.com/shop/cart:4.12.0"),
        "{base}"
    );

    let prod = kustomize_builds(&shop.join("overlays/prod")).expect("kubectl ran once");
    assert!(
        prod.contains("image: registry.example.com/shop/cart:4.12.1"),
        "{prod}"
    );
    assert!(prod.contains("\n  replicas: 6\n"), "{prod}");
    assert!(
        prod.contains("limits:\n            cpu: 500m\n            memory: 256Mi\n"),
        "the patch's Envoy limits: {prod}"
    );
    // The strategic merge puts the patched container first: without a default-container
    // annotation, the built Deployment's first container is the sidecar.
    let dir = TempDir::new().expect("temp dir");
    std::fs::write(dir.path().join("prod.yaml"), &prod).expect("write");
    if let Some(workloads) = libyaml_workloads(dir.path(), &["prod.yaml"], DEFAULT_SPECIAL_SIDECARS)
    {
        let cart = workloads
            .iter()
            .find(|w| w.contains(" shop/deployment/cart "))
            .expect("the overlay builds cart");
        assert!(
            cart.contains(" main=envoy classic=[cart,log-shipper] "),
            "{cart}"
        );
    }
}

#[test]
fn kubernetes_validate_rejects_what_the_api_server_would() {
    let dir = TempDir::new().expect("temp dir");
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).expect("write");
        path
    };
    let pod = |name: &str, extra: &str| {
        format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n  containers:\n  \
             - name: app\n    image: busybox:1.36\n{extra}"
        )
    };
    let native = write(
        "native.yaml",
        &pod(
            "native",
            "  initContainers:\n  - name: proxy\n    image: envoyproxy/envoy:v1.31.2\n    \
             restartPolicy: Always\n",
        ),
    );
    let custom = write(
        "custom.yaml",
        "apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata:\n  name: r\n\
         spec: {anything: goes}\n",
    );
    let ok = match run_kubernetes_validate(&[&native, &custom]) {
        Ok(Some(out)) => out,
        Ok(None) => return, // not installed here: the note is printed
        Err(out) => panic!("valid manifests rejected:\n{out}"),
    };
    assert!(ok.contains("pod/native passed against 1.33"), "{ok}");
    assert!(
        ok.contains("SKIP") && ok.contains("rollout/r: custom resource"),
        "{ok}"
    );

    let typo = write("typo.yaml", &pod("typo", "    imagePullPolicyy: Always\n"));
    let list = write(
        "list.yaml",
        "apiVersion: v1\nkind: List\nitems:\n- apiVersion: apps/v1\n  kind: Deployment\n  \
         metadata:\n    name: no-selector\n  spec:\n    template:\n      spec:\n        \
         containers: [{name: a, image: a:1}]\n",
    );
    let removed = write(
        "removed.yaml",
        "apiVersion: apps/v1beta1\nkind: Deployment\nmetadata:\n  name: old\n",
    );
    let err = run_kubernetes_validate(&[&typo, &list, &removed, &native]).unwrap_err();
    assert!(err.contains("pod/typo against 1.33: spec.containers.0: Additional properties are not allowed ('imagePullPolicyy' was unexpected)"), "{err}");
    assert!(
        err.contains(
            "deployment/no-selector against 1.33: spec: 'selector' is a required property"
        ),
        "{err}"
    );
    assert!(
        err.contains(
            "deployment/old: Couldn't find schema for kind Deployment with api version apps/v1beta1"
        ),
        "{err}"
    );
    assert!(err.contains("pod/native passed against 1.33"), "{err}");

    let panic = std::panic::catch_unwind(|| kubernetes_validate(&[&typo]));
    let message = panic.expect_err("a failure panics");
    let message = message
        .downcast_ref::<String>()
        .expect("a formatted message");
    assert!(message.contains("typo.yaml pod/typo against"), "{message}");
}

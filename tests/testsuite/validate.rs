//! `validate`: one small project per rule of SPEC §4, each checking the diagnostic's code,
//! severity, file and position in `validate -o json`, and the exit code.

use serde_json::Value;

use crate::support::{Fixture, PROJECT_FILE, Run};

/// Runs `validate -o json` on a project made of `files` and checks the report's counts agree
/// with its diagnostics and with the exit code.
#[track_caller]
fn validate(files: &[(&str, &str)]) -> (i32, Value) {
    let p = Fixture::project(files);
    let run = p.run_read_only(&["validate", "-o", "json"]);
    let report = run.json();
    let diags = report["diagnostics"].as_array().expect("diagnostics");
    let count = |sev: &str| diags.iter().filter(|d| d["severity"] == sev).count();
    assert_eq!(report["errors"], count("error"), "{report:#}");
    assert_eq!(report["warnings"], count("warning"), "{report:#}");
    assert_eq!(report["valid"], count("error") == 0, "{report:#}");
    let want_code = if count("error") > 0 { 1 } else { 0 };
    assert_eq!(run.code, want_code, "exit code\n{report:#}\n{}", run.stderr);
    assert_eq!(run.stderr, "", "validate reports on stdout");
    (run.code, report)
}

/// The diagnostics of `report` with this code.
fn with_code<'a>(report: &'a Value, code: &str) -> Vec<&'a Value> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == code)
        .collect()
}

/// Asserts `report` holds exactly one diagnostic with `code`, with this severity, file and
/// position (`None` column: not checked); returns it.
#[track_caller]
fn assert_diag<'a>(
    report: &'a Value,
    code: &str,
    severity: &str,
    file: &str,
    line: u64,
    column: Option<u64>,
) -> &'a Value {
    let found = with_code(report, code);
    assert_eq!(found.len(), 1, "one `{code}` expected in\n{report:#}");
    let d = found[0];
    assert_eq!(d["severity"], severity, "{d:#}");
    assert_eq!(d["file"], file, "{d:#}");
    assert_eq!(d["line"], line, "{d:#}");
    if let Some(column) = column {
        assert_eq!(d["column"], column, "{d:#}");
    }
    assert!(
        d["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{d:#}"
    );
    d
}

/// The codes of every diagnostic, in report order.
fn codes(report: &Value) -> Vec<&str> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect()
}

/// A service `a` whose one sidecar `s` has `body` (lines indented by four spaces) after its
/// name.
fn with_sidecar(body: &str) -> String {
    format!("name: a\ndockerImage: x/a:1\nadditionalContainers:\n  - name: s\n{body}")
}

const RESOURCES: &str = "    resources:\n      cpuLimits: {min: 50m, max: 100m}\n      memoryLimits: {min: 64Mi, max: 128Mi}\n";

#[test]
fn a_valid_project_has_no_diagnostics() {
    let sidecar = with_sidecar(&format!(
        "    dockerImage: envoyproxy/envoy:v1.31.0\n{RESOURCES}    configMaps: [{{name: cfg, mountPath: /etc/cfg}}]\n    secrets: [{{name: tls, mountPath: /etc/tls}}]\n    probes: {{readiness: {{path: /ready, port: 9901}}}}\n"
    ));
    let (code, report) = validate(&[("services/a.yaml", &sidecar)]);
    assert_eq!(code, 0);
    assert_eq!(codes(&report), Vec::<&str>::new());
}

// --- errors ----------------------------------------------------------------------------------

#[test]
fn service_name_must_match_the_file_name() {
    let (code, r) = validate(&[("services/a.yaml", "name: b\ndockerImage: x/a:1\n")]);
    assert_eq!(code, 1);
    let d = assert_diag(
        &r,
        "service.name-mismatch",
        "error",
        "services/a.yaml",
        1,
        Some(7),
    );
    assert!(d["message"].as_str().unwrap().contains("`name: b`"));
    // `.yml` files too.
    let (_, r) = validate(&[("services/c.yml", "dockerImage: x/c:1\nname: \"d\"\n")]);
    assert_diag(
        &r,
        "service.name-mismatch",
        "error",
        "services/c.yml",
        2,
        Some(7),
    );
}

#[test]
fn service_name_is_required() {
    let (code, r) = validate(&[("services/a.yaml", "# no name\ndockerImage: x/a:1\n")]);
    assert_eq!(code, 1);
    assert_diag(
        &r,
        "service.name-missing",
        "error",
        "services/a.yaml",
        2,
        Some(1),
    );
}

#[test]
fn docker_image_is_required() {
    let (code, r) = validate(&[("services/a.yaml", "name: a\nreplicas: 1\n")]);
    assert_eq!(code, 1);
    assert_diag(
        &r,
        "container.image-missing",
        "error",
        "services/a.yaml",
        1,
        Some(1),
    );

    let (_, r) = validate(&[("services/a.yaml", &with_sidecar(RESOURCES))]);
    // The sidecar entry's mapping starts after `- ` on line 4.
    assert_diag(
        &r,
        "container.image-missing",
        "error",
        "services/a.yaml",
        4,
        Some(5),
    );
}

#[test]
fn container_names_must_be_dns_labels() {
    let long = format!("a{}", "b".repeat(63)); // 64 characters
    for bad in [
        "Bad_Name",
        "-lead",
        "trail-",
        "9lives",
        "under_score",
        long.as_str(),
    ] {
        let svc = format!(
            "name: a\ndockerImage: x/a:1\nadditionalContainers:\n  - name: {bad}\n    dockerImage: y:1\n{RESOURCES}"
        );
        let (code, r) = validate(&[("services/a.yaml", &svc)]);
        assert_eq!(code, 1, "{bad}");
        assert_diag(
            &r,
            "container.name-invalid",
            "error",
            "services/a.yaml",
            4,
            Some(11),
        );
    }
    let ok = format!("a{}", "b".repeat(62)); // 63 characters
    for good in ["s", "envoy-2", ok.as_str()] {
        let svc = format!(
            "name: a\ndockerImage: x/a:1\nadditionalContainers:\n  - name: {good}\n    dockerImage: y:1\n{RESOURCES}"
        );
        let (code, r) = validate(&[("services/a.yaml", &svc)]);
        assert_eq!(code, 0, "{good}: {r:#}");
    }
}

#[test]
fn the_service_name_must_be_a_dns_label_too() {
    let (code, r) = validate(&[("services/Orders.yaml", "name: Orders\ndockerImage: x/o:1\n")]);
    assert_eq!(code, 1);
    assert_diag(
        &r,
        "container.name-invalid",
        "error",
        "services/Orders.yaml",
        1,
        Some(7),
    );
}

#[test]
fn one_service_one_file() {
    let (code, r) = validate(&[
        ("services/a.yaml", "name: a\ndockerImage: x/a:1\n"),
        // Sorts between the two by path: the check must not depend on file order.
        ("services/a.yb.yaml", "name: a.yb\ndockerImage: x/a:1\n"),
        ("services/a.yml", "name: a\ndockerImage: x/a:2\n"),
    ]);
    assert_eq!(code, 1);
    let found = with_code(&r, "service.duplicate-file");
    assert_eq!(found.len(), 1, "{r:#}");
    let d = found[0];
    assert_eq!(d["file"], "services/a.yml");
    assert_eq!((&d["line"], &d["column"]), (&Value::Null, &Value::Null));
    assert!(
        d["message"].as_str().unwrap().contains("services/a.yaml"),
        "{d:#}"
    );
}

#[test]
fn a_sidecar_without_a_name_is_an_error() {
    let svc = format!(
        "name: a\ndockerImage: x/a:1\nadditionalContainers:\n  - dockerImage: y:1\n{RESOURCES}"
    );
    let (code, r) = validate(&[("services/a.yaml", &svc)]);
    assert_eq!(code, 1);
    assert_diag(
        &r,
        "container.name-missing",
        "error",
        "services/a.yaml",
        4,
        Some(5),
    );
}

#[test]
fn container_names_are_unique_in_a_service() {
    let svc = format!(
        "name: a\ndockerImage: x/a:1\nadditionalContainers:\n  - name: s\n    dockerImage: y:1\n{RESOURCES}  - name: s\n    dockerImage: z:1\n{RESOURCES}"
    );
    let (code, r) = validate(&[("services/a.yaml", &svc)]);
    assert_eq!(code, 1);
    let d = assert_diag(
        &r,
        "container.duplicate-name",
        "error",
        "services/a.yaml",
        9,
        Some(11),
    );
    assert!(d["message"].as_str().unwrap().contains("line 4"), "{d:#}");
}

#[test]
fn a_sidecar_may_not_take_the_service_name() {
    let svc = format!(
        "name: a\ndockerImage: x/a:1\nadditionalContainers:\n  - name: a\n    dockerImage: y:1\n{RESOURCES}"
    );
    let (code, r) = validate(&[("services/a.yaml", &svc)]);
    assert_eq!(code, 1);
    let d = assert_diag(
        &r,
        "container.duplicate-name",
        "error",
        "services/a.yaml",
        4,
        Some(11),
    );
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("service's own name"),
        "{d:#}"
    );
}

#[test]
fn quantities_must_be_well_formed() {
    let svc = with_sidecar(
        "    dockerImage: y:1\n    resources:\n      cpuLimits: {min: 10x, max: 100m}\n      memoryLimits:\n        min: 64Mi\n        max: 1.5.3Gi\n",
    );
    let (code, r) = validate(&[("services/a.yaml", &svc)]);
    assert_eq!(code, 1);
    let found = with_code(&r, "quantity.malformed");
    assert_eq!(found.len(), 2, "{r:#}");
    assert_eq!(
        (&found[0]["line"], &found[0]["column"]),
        (&7.into(), &24.into())
    );
    assert_eq!(
        (&found[1]["line"], &found[1]["column"]),
        (&10.into(), &14.into())
    );
    assert!(found[0]["message"].as_str().unwrap().contains("10x"));

    // The main container's and the project defaults' quantities too.
    let (_, r) = validate(&[
        (
            "sidecarctl.yaml",
            "name: demo\ndefaults:\n  resources:\n    cpuLimits: {min: lots, max: 100m}\n",
        ),
        (
            "services/a.yaml",
            "name: a\ndockerImage: x/a:1\nresources:\n  memoryLimits: {min: 1 Gi, max: 2Gi}\n",
        ),
    ]);
    let found = with_code(&r, "quantity.malformed");
    assert_eq!(found.len(), 2, "{r:#}");
    assert_eq!(found[0]["file"], "services/a.yaml");
    assert_eq!(
        (&found[0]["line"], &found[0]["column"]),
        (&4.into(), &23.into())
    );
    assert_eq!(found[1]["file"], "sidecarctl.yaml");
    assert_eq!(
        (&found[1]["line"], &found[1]["column"]),
        (&4.into(), &22.into())
    );
}

#[test]
fn kubernetes_quantity_spellings_are_accepted() {
    for (cpu, memory) in [
        ("{min: 0.5, max: 2}", "{min: 512M, max: 1Gi}"),
        ("{min: 100m, max: 1e3}", "{min: 128974848, max: 129e6}"),
        (
            "{min: 100m, max: \"{{CPU_LIMIT}}m\"}",
            "{min: 1Ki, max: \"{{MEM}}Mi\"}",
        ),
        ("{min: \"250m\", max: '1'}", "{min: 1Mi, max: 1Mi}"),
    ] {
        let svc = with_sidecar(&format!(
            "    dockerImage: y:1\n    resources:\n      cpuLimits: {cpu}\n      memoryLimits: {memory}\n"
        ));
        let (code, r) = validate(&[("services/a.yaml", &svc)]);
        assert_eq!(code, 0, "{cpu} {memory}: {r:#}");
    }
}

#[test]
fn a_request_may_not_exceed_its_limit() {
    let svc = with_sidecar(
        "    dockerImage: y:1\n    resources:\n      cpuLimits: {min: \"0.5\", max: 400m}\n      memoryLimits:\n        min: 1Gi\n        max: 512Mi\n",
    );
    let (code, r) = validate(&[("services/a.yaml", &svc)]);
    assert_eq!(code, 1);
    let found = with_code(&r, "resources.request-above-limit");
    assert_eq!(found.len(), 2, "{r:#}");
    // Reported at the request.
    assert_eq!(
        (&found[0]["line"], &found[0]["column"]),
        (&7.into(), &24.into())
    );
    assert_eq!(
        (&found[1]["line"], &found[1]["column"]),
        (&9.into(), &14.into())
    );
    assert!(found[1]["message"].as_str().unwrap().contains("1Gi"));

    // The main container too; equal values are fine.
    let (_, r) = validate(&[(
        "services/a.yaml",
        "name: a\ndockerImage: x/a:1\nresources:\n  cpuLimits: {min: 1, max: 1000m}\n  memoryLimits: {min: 2Gi, max: 2047Mi}\n",
    )]);
    assert_diag(
        &r,
        "resources.request-above-limit",
        "error",
        "services/a.yaml",
        5,
        Some(23),
    );
}

#[test]
fn image_references_must_be_well_formed() {
    for bad in [
        "\"Bad Image:1\"",
        "\"nginx:\"",
        "UPPER/case:1",
        "nginx@sha256:abc",
        "host:99999999999999999999/x:1:2",
    ] {
        let svc = with_sidecar(&format!("    dockerImage: {bad}\n{RESOURCES}"));
        let (code, r) = validate(&[("services/a.yaml", &svc)]);
        assert_eq!(code, 1, "{bad}: {r:#}");
        assert_diag(&r, "image.invalid", "error", "services/a.yaml", 5, Some(18));
    }
    // The main container too.
    let (_, r) = validate(&[("services/a.yaml", "name: a\ndockerImage: \"a b\"\n")]);
    assert_diag(&r, "image.invalid", "error", "services/a.yaml", 2, Some(14));
    for good in [
        "nginx:1.27",
        "registry.example.com:5000/team/app:1.0.0",
        "ghcr.io/org/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "\"registry.example.com/app:{{APP_VERSION}}\"",
    ] {
        let svc = with_sidecar(&format!("    dockerImage: {good}\n{RESOURCES}"));
        let (code, r) = validate(&[("services/a.yaml", &svc)]);
        assert_eq!(code, 0, "{good}: {r:#}");
    }
}

#[test]
fn mounted_config_maps_must_exist() {
    let svc = with_sidecar(&format!(
        "    dockerImage: y:1\n{RESOURCES}    configMaps:\n      - name: cfg\n        mountPath: /etc/cfg\n      - name: missing\n        mountPath: /etc/missing\n"
    ));
    let (code, r) = validate(&[("services/a.yaml", &svc)]);
    assert_eq!(code, 1);
    let d = assert_diag(
        &r,
        "mount.undeclared-config-map",
        "error",
        "services/a.yaml",
        12,
        Some(15),
    );
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("config-maps/missing/"),
        "{d:#}"
    );
}

#[test]
fn mounted_secrets_must_be_declared() {
    let svc = with_sidecar(&format!(
        "    dockerImage: y:1\n{RESOURCES}    secrets: [{{name: tls, mountPath: /tls}}, {{name: db, mountPath: /db}}]\n"
    ));
    let (code, r) = validate(&[("services/a.yaml", &svc)]);
    assert_eq!(code, 1);
    let d = assert_diag(
        &r,
        "mount.undeclared-secret",
        "error",
        "services/a.yaml",
        9,
        Some(52),
    );
    assert!(
        d["message"].as_str().unwrap().contains("serviceSecrets"),
        "{d:#}"
    );
    // A ConfigMap folder does not declare a secret, nor a secret a ConfigMap.
    let svc = with_sidecar(&format!(
        "    dockerImage: y:1\n{RESOURCES}    secrets: [{{name: cfg, mountPath: /a}}]\n    configMaps: [{{name: tls, mountPath: /b}}]\n"
    ));
    let (_, r) = validate(&[("services/a.yaml", &svc)]);
    assert_eq!(
        codes(&r),
        ["mount.undeclared-secret", "mount.undeclared-config-map"]
    );
}

#[test]
fn a_mount_needs_a_name() {
    let svc = with_sidecar(&format!(
        "    dockerImage: y:1\n{RESOURCES}    secrets: [{{mountPath: /tls}}]\n"
    ));
    let (code, r) = validate(&[("services/a.yaml", &svc)]);
    assert_eq!(code, 1);
    assert_diag(
        &r,
        "mount.name-missing",
        "error",
        "services/a.yaml",
        9,
        Some(15),
    );
}

#[test]
fn two_mounts_may_not_share_a_path() {
    let svc = with_sidecar(&format!(
        "    dockerImage: y:1\n{RESOURCES}    configMaps:\n      - {{name: cfg, mountPath: /etc/app}}\n    secrets:\n      - {{name: tls, mountPath: /etc/app}}\n"
    ));
    let (code, r) = validate(&[("services/a.yaml", &svc)]);
    assert_eq!(code, 1);
    let d = assert_diag(
        &r,
        "mount.duplicate-path",
        "error",
        "services/a.yaml",
        12,
        Some(32),
    );
    assert!(d["message"].as_str().unwrap().contains("/etc/app"), "{d:#}");

    // Two sidecars may each use the same path: the rule is per container.
    let svc = format!(
        "name: a\ndockerImage: x/a:1\nadditionalContainers:\n  - name: s\n    dockerImage: y:1\n{RESOURCES}    configMaps: [{{name: cfg, mountPath: /etc/app}}]\n  - name: t\n    dockerImage: y:1\n{RESOURCES}    configMaps: [{{name: cfg, mountPath: /etc/app}}]\n"
    );
    let (code, r) = validate(&[("services/a.yaml", &svc)]);
    assert_eq!(code, 0, "{r:#}");
}

#[test]
fn the_project_file_needs_a_name() {
    let (code, r) = validate(&[("sidecarctl.yaml", "serviceSecrets: [tls]\n")]);
    assert_eq!(code, 1);
    assert_diag(
        &r,
        "project.name-missing",
        "error",
        "sidecarctl.yaml",
        1,
        Some(1),
    );
}

// --- warnings --------------------------------------------------------------------------------

#[test]
fn unknown_keys_are_warnings() {
    let svc = format!(
        "name: a\ndockerImage: x/a:1\ncolour: blue\nadditionalContainers:\n  - name: s\n    dockerImage: y:1\n{RESOURCES}    colour: red\n    probes: {{liveness: {{path: /}}}}\n"
    );
    let (code, r) = validate(&[("services/a.yaml", &svc)]);
    assert_eq!(code, 0, "warnings only: exit 0");
    assert_eq!(r["valid"], true);
    let found = with_code(&r, "key.unknown");
    assert_eq!(found.len(), 2, "{r:#}");
    assert_eq!(
        (&found[0]["line"], &found[0]["column"]),
        (&3.into(), &1.into())
    );
    assert_eq!(
        (&found[1]["line"], &found[1]["column"]),
        (&10.into(), &5.into())
    );
    assert!(found.iter().all(|d| d["severity"] == "warning"));
    assert!(found[1]["message"].as_str().unwrap().contains("colour"));
}

#[test]
fn a_sidecar_without_resources_is_a_warning() {
    let svc =
        "name: a\ndockerImage: x/a:1\nadditionalContainers:\n  - name: s\n    dockerImage: y:1\n";
    let (code, r) = validate(&[("services/a.yaml", svc)]);
    assert_eq!(code, 0);
    assert_diag(
        &r,
        "resources.missing",
        "warning",
        "services/a.yaml",
        4,
        Some(11),
    );

    // Not for a special sidecar: its resources are managed elsewhere.
    let svc = "name: a\ndockerImage: x/a:1\nadditionalContainers:\n  - name: rbac-service\n    dockerImage: y:1\n";
    let project = format!(
        "{PROJECT_FILE}specialSidecars: [{{name: rbac-service, managedBy: authorization}}]\n"
    );
    let (code, r) = validate(&[("sidecarctl.yaml", &project), ("services/a.yaml", svc)]);
    assert_eq!((code, codes(&r)), (0, vec![]));
}

#[test]
fn latest_or_untagged_images_are_warnings() {
    for (image, warn) in [
        ("nginx", true),
        ("nginx:latest", true),
        ("registry.example.com:5000/nginx", true),
        ("nginx:1.27", false),
        (
            "nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            false,
        ),
    ] {
        let svc = with_sidecar(&format!("    dockerImage: {image}\n{RESOURCES}"));
        let (code, r) = validate(&[("services/a.yaml", &svc)]);
        assert_eq!(code, 0, "{image}");
        if warn {
            assert_diag(
                &r,
                "image.unpinned",
                "warning",
                "services/a.yaml",
                5,
                Some(18),
            );
        } else {
            assert_eq!(codes(&r), Vec::<&str>::new(), "{image}");
        }
    }
}

// --- files that do not load ------------------------------------------------------------------

#[test]
fn load_errors_are_diagnostics() {
    let (code, r) = validate(&[
        ("services/a.yaml", "name: a\ndockerImage: [x\n"),
        ("services/b.yaml", "name: b\ndockerImage: x/b:1\nname: c\n"),
        (
            "services/c.yaml",
            "name: c\ndockerImage: x/c:1\nadditionalContainers: nope\n",
        ),
        ("services/d.yaml", "name: d\ndockerImage: x/d:1\n"),
    ]);
    assert_eq!(code, 1);
    assert_diag(&r, "yaml.syntax", "error", "services/a.yaml", 2, Some(14));
    assert_diag(
        &r,
        "yaml.duplicate-key",
        "error",
        "services/b.yaml",
        3,
        Some(1),
    );
    assert_diag(
        &r,
        "yaml.wrong-type",
        "error",
        "services/c.yaml",
        3,
        Some(23),
    );
    assert_eq!(r["diagnostics"].as_array().unwrap().len(), 3, "{r:#}");

    let p = Fixture::project(&[("services/e.yaml", "name: e\n")]);
    p.write("services/e.yaml", b"name: e\ndockerImage: \"x/\xe9:1\"\n");
    let run = p.run(&["validate", "-o", "json"]);
    run.code(1);
    assert_diag(
        &run.json(),
        "file.encoding",
        "error",
        "services/e.yaml",
        2,
        Some(17),
    );
}

#[test]
fn wrong_types_are_reported_where_they_are() {
    let svc = "name: a\ndockerImage: x/a:1\nadditionalContainers:\n  - name: s\n    dockerImage: {image: y}\n    resources: [1]\n    configMaps: cfg\n";
    let (code, r) = validate(&[("services/a.yaml", svc)]);
    assert_eq!(code, 1);
    let found = with_code(&r, "yaml.wrong-type");
    let at: Vec<(u64, u64)> = found
        .iter()
        .map(|d| (d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap()))
        .collect();
    assert_eq!(at, [(5, 18), (6, 16), (7, 17)], "{r:#}");
}

// --- report ----------------------------------------------------------------------------------

#[test]
fn diagnostics_are_sorted_and_counted() {
    let (code, r) = validate(&[
        (
            "services/b.yaml",
            "name: b\ndockerImage: nginx\nadditionalContainers:\n  - name: s\n    dockerImage: y:1\n",
        ),
        ("services/a.yaml", "name: x\ndockerImage: x/a:1\n"),
    ]);
    assert_eq!(code, 1);
    assert_eq!(
        codes(&r),
        [
            "service.name-mismatch",
            "image.unpinned",
            "resources.missing"
        ]
    );
    assert_eq!(
        (r["errors"].as_u64(), r["warnings"].as_u64()),
        (Some(1), Some(2))
    );
    let files: Vec<&str> = r["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        files,
        ["services/a.yaml", "services/b.yaml", "services/b.yaml"]
    );
}

#[test]
fn text_report() {
    let p = Fixture::project(&[
        ("services/a.yaml", "name: x\ndockerImage: x/a:1\n"),
        ("services/b.yaml", "name: b\ndockerImage: nginx\n"),
    ]);
    let run = p.run(&["validate"]);
    run.code(1);
    assert_eq!(
        run.stdout,
        "error: services/a.yaml:1:7: `name: x` does not match the file name `a` [service.name-mismatch]\n\
         warning: services/b.yaml:2:14: image `nginx` has no tag or uses `:latest` [image.unpinned]\n\
         The project is invalid: 1 error(s), 1 warning(s).\n"
    );

    p.write("services/a.yaml", "name: a\ndockerImage: x/a:1\n");
    let run = Run::of(p.cmd().arg("validate"));
    run.success();
    assert!(
        run.stdout
            .ends_with("The project is valid (1 warning(s)).\n"),
        "{}",
        run.stdout
    );
}

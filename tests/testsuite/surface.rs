//! What users and scripts see of the command line itself: the committed completion scripts and
//! the help text, kept from drifting. `SNAPSHOTS=overwrite cargo test` refreshes both.

use std::path::Path;

use crate::support::{overwrite_snapshots, sidecarctl, text_diff};

/// Compares `actual` with the file at `path` (relative to the crate), or rewrites it.
pub fn snapshot(path: &str, actual: &str) {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    if overwrite_snapshots() {
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(
        expected == actual,
        "{path} is out of date (SNAPSHOTS=overwrite cargo test refreshes it):\n{}",
        text_diff(&expected, actual)
    );
}

fn stdout(args: &[&str]) -> String {
    let out = sidecarctl().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "sidecarctl {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn committed_completions_match_the_binary() {
    for (shell, file) in [
        ("bash", "completions/sidecarctl.bash"),
        ("zsh", "completions/_sidecarctl"),
        ("fish", "completions/sidecarctl.fish"),
        ("powershell", "completions/_sidecarctl.ps1"),
        ("elvish", "completions/sidecarctl.elv"),
    ] {
        let script = stdout(&["completions", shell]);
        assert!(
            script.contains("sidecarctl") && script.contains("clone"),
            "{shell} script names no commands"
        );
        snapshot(file, &script);
    }
}

const COMMANDS: &[&[&str]] = &[
    &[],
    &["init"],
    &["list"],
    &["drift"],
    &["show"],
    &["services"],
    &["containers"],
    &["create"],
    &["clone"],
    &["edit"],
    &["delete"],
    &["validate"],
    &["completions"],
    &["marketplace"],
    &["marketplace", "list"],
    &["marketplace", "show"],
    &["marketplace", "publish"],
];

#[test]
fn help_text_does_not_drift() {
    for cmd in COMMANDS {
        let mut args = cmd.to_vec();
        args.push("--help");
        let text = stdout(&args);
        let name = if cmd.is_empty() {
            "sidecarctl".to_string()
        } else {
            cmd.join("-")
        };
        snapshot(&format!("tests/fixtures/help/{name}.txt"), &text);
    }
}

#[test]
fn every_command_has_a_purpose_and_an_example() {
    for cmd in COMMANDS
        .iter()
        .filter(|c| !c.is_empty() && **c != ["marketplace"])
    {
        let mut args = cmd.to_vec();
        args.push("--help");
        let text = stdout(&args);
        let first = text.lines().next().unwrap_or_default();
        assert!(
            !first.is_empty() && !first.ends_with('.'),
            "{cmd:?}: first line `{first}`"
        );
        assert!(
            text.contains("Examples:\n  sidecarctl "),
            "{cmd:?} --help has no example"
        );
    }
    assert!(
        stdout(&["clone", "--help"]).contains("sidecarctl clone --from svc-a --to svc-b,svc-c")
    );
}

/// What the shell gets back when it asks to complete `line` (the last word is being typed), the
/// way the script from `COMPLETE=bash sidecarctl` asks.
fn complete(line: &[&str]) -> Vec<String> {
    let out = sidecarctl()
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/acme-shop"))
        .env("COMPLETE", "bash")
        .env("_CLAP_COMPLETE_INDEX", line.len().to_string())
        .env("_CLAP_COMPLETE_COMP_TYPE", "9")
        .env("_CLAP_COMPLETE_SPACE", "true")
        .arg("--")
        .arg("sidecarctl")
        .args(line)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

#[test]
fn names_complete_from_the_current_project() {
    let sidecars = complete(&["show", ""]);
    for name in ["envoy", "fluent-bit", "otel-collector", "rbac-service"] {
        assert!(sidecars.contains(&name.to_string()), "{sidecars:?}");
    }
    let services = complete(&["containers", ""]);
    assert!(
        services.contains(&"orders".to_string()) && services.contains(&"users".to_string()),
        "{services:?}"
    );
    assert_eq!(
        complete(&["create", "--from-marketplace", ""]),
        ["fluent-bit", "otel-collector"]
    );
    assert_eq!(complete(&["containers", "ca"]), ["cart", "catalog"]);
}

#[test]
fn targets_complete_without_the_services_that_have_the_sidecar() {
    // envoy runs in cart, orders and payments; fluent-bit in catalog, notifications and orders.
    assert_eq!(
        complete(&["create", "envoy", "--image", "e:1", "--to", ""]),
        ["api-gateway", "catalog", "notifications", "users"]
    );
    assert_eq!(
        complete(&["create", "--from-marketplace", "fluent-bit", "--to", ""]),
        ["api-gateway", "cart", "payments", "users"]
    );
    // The source is never a target; with `replace`, a service that has it is one.
    assert_eq!(
        complete(&["clone", "envoy", "--from", "orders", "--to", ""]),
        ["api-gateway", "catalog", "notifications", "users"]
    );
    assert_eq!(
        complete(&[
            "clone",
            "envoy",
            "--from",
            "orders",
            "--on-conflict",
            "replace",
            "--to",
            ""
        ]),
        [
            "api-gateway",
            "cart",
            "catalog",
            "notifications",
            "payments",
            "users"
        ]
    );
    // The source's only sidecar that is not special, when none is named.
    assert_eq!(
        complete(&["clone", "--from", "api-gateway", "--to", "c"]),
        ["cart", "catalog"]
    );
}

#[test]
fn services_that_must_have_the_sidecar_complete_among_those_that_have_it() {
    let envoy = ["cart", "orders", "payments"];
    assert_eq!(complete(&["clone", "envoy", "--from", ""]), envoy);
    assert_eq!(complete(&["edit", "envoy", "--service", ""]), envoy);
    assert_eq!(complete(&["delete", "envoy", "--service", "o"]), ["orders"]);
    assert_eq!(
        complete(&["show", "otel-collector", "--service", ""]),
        ["api-gateway"]
    );
    // `clone` without a sidecar: the services with one that is not special (rbac-service is).
    assert_eq!(
        complete(&["clone", "--from", ""]),
        [
            "api-gateway",
            "cart",
            "catalog",
            "notifications",
            "orders",
            "payments"
        ]
    );
}

#[test]
fn names_complete_from_the_project_the_line_names() {
    // Typed in acme-shop, about another project: a one-file Kubernetes project here.
    let names = |line: &[&str]| -> Vec<String> {
        complete(line)
            .into_iter()
            .filter(|w| !w.starts_with('-'))
            .collect()
    };
    let file = "../gitops-shop/platform/node-agents.yaml";
    assert_eq!(
        names(&["-C", file, "containers", ""]),
        ["monitoring/daemonset/node-exporter"]
    );
    assert_eq!(
        names(&["show", &format!("--project={file}"), ""]),
        ["kube-rbac-proxy"]
    );
    assert_eq!(
        names(&[
            "edit",
            "kube-rbac-proxy",
            "--project",
            file,
            "--service",
            ""
        ]),
        ["monitoring/daemonset/node-exporter"]
    );
}

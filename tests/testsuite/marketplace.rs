//! `marketplace list | show | publish`, and a published item used again by `create`.

use crate::support::{Fixture, Run};

#[test]
fn list_and_show_the_example_items() {
    let p = Fixture::example();
    let list = p.run(&["marketplace", "list", "-o", "json"]).json();
    let ids: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["itemId"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["fluent-bit", "otel-collector"]);
    assert_eq!(list["items"][0]["containerName"], "fluent-bit");
    assert_eq!(list["items"][0]["dockerImage"], "fluent/fluent-bit:3.1.4");
    assert_eq!(list["items"][0]["file"], "marketplace/fluent-bit.yaml");
    let show = p
        .run(&["marketplace", "show", "fluent-bit", "-o", "json"])
        .json();
    assert_eq!(show["item"]["type"], "sidecar");
    assert_eq!(
        show["item"]["resources"]["defaultSecrets"][0]["name"],
        "es-credentials"
    );
    let run = p.run(&["marketplace", "show", "nope"]);
    run.code(1)
        .stderr_line("error: marketplace item `nope` not found in marketplace/");
}

#[test]
fn a_published_item_creates_the_same_sidecar_elsewhere() {
    let p = Fixture::example();
    // A killed run's temporary file beside the ConfigMap's files is not published with them.
    p.write(
        "config-maps/envoy-config/.envoy.yaml.sidecarctl-4242.tmp",
        "half-written\n",
    );
    p.run(&[
        "marketplace",
        "publish",
        "envoy",
        "--service",
        "orders",
        "--item-id",
        "edge-proxy",
        "--tenant-id",
        "acme",
    ])
    .success();
    let item = p.read("marketplace/edge-proxy.yaml");
    assert!(!item.contains("half-written"), "{item}");
    for line in [
        "itemId: edge-proxy",
        "type: sidecar",
        "tenantId: acme",
        "  name: envoy",
        "  defaultResources:",
        "  defaultConfigMaps:",
    ] {
        assert!(
            item.contains(&format!("{line}\n")),
            "missing `{line}` in\n{item}"
        );
    }
    // The ConfigMap's files travel inside the item, as the catalog expects.
    assert!(
        item.contains("      files:\n        - name: envoy.yaml\n          content: |\n"),
        "{item}"
    );
    p.run(&["validate"]).success();

    // Create it in a service without envoy: the same container, recorded as from the item.
    p.run(&[
        "create",
        "--from-marketplace",
        "edge-proxy",
        "--to",
        "users",
    ])
    .success();
    let orders = p
        .run(&["show", "envoy", "--service", "orders", "-o", "json"])
        .json();
    let users = p
        .run(&["show", "envoy", "--service", "users", "-o", "json"])
        .json();
    for key in [
        "dockerImage",
        "resources",
        "configMaps",
        "secrets",
        "environment",
        "containerPorts",
        "args",
    ] {
        assert_eq!(orders["container"][key], users["container"][key], "{key}");
    }
    assert_eq!(
        users["container"]["sourceMarketplaceItem"],
        serde_json::json!({"itemId": "edge-proxy", "version": "NA", "tenantId": "acme"})
    );

    // Publishing over an existing item is refused and writes nothing.
    let before = p.snapshot();
    let run = Run::of(p.cmd().args([
        "marketplace",
        "publish",
        "envoy",
        "--service",
        "orders",
        "--item-id",
        "edge-proxy",
    ]));
    run.code(1);
    assert!(
        run.stderr
            .starts_with("error: marketplace item `edge-proxy` already exists"),
        "{}",
        run.stderr
    );
    assert_eq!(p.snapshot(), before);
}

#[test]
fn dry_run_diffs_are_coloured_only_when_asked_or_on_a_terminal() {
    let p = Fixture::example();
    let args = [
        "edit",
        "envoy",
        "--service",
        "cart",
        "--cpu-limit",
        "150m",
        "--dry-run",
    ];
    let plain = p.run(&args);
    assert!(
        plain
            .stdout
            .contains("+      cpuLimits: {min: 25m, max: 150m}")
            && !plain.stdout.contains('\x1b')
    );
    let mut coloured_args = args.to_vec();
    coloured_args.extend(["--color", "always"]);
    let coloured = p.run(&coloured_args);
    assert!(
        coloured
            .stdout
            .contains("\x1b[32m+      cpuLimits: {min: 25m, max: 150m}\x1b[0m"),
        "{:?}",
        coloured.stdout
    );
    assert!(
        coloured
            .stdout
            .contains("\x1b[31m-      cpuLimits: {min: 25m, max: 100m}\x1b[0m")
    );
}

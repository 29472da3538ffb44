//! The read commands (list, show, containers, init, completions), project discovery, global
//! options and exit codes.

use serde_json::{Value, json};

use crate::support::{Fixture, Run, expected_json, sidecarctl, text_diff};

/// Parses `-o yaml` output into the same data model as JSON.
fn yaml_data(text: &str) -> Value {
    let doc = sidecarctl::yaml::parse(text.to_string())
        .unwrap_or_else(|e| panic!("-o yaml output does not parse: {e}\n{text}"));
    sidecarctl::yaml::to_value(&doc, &doc.root).expect("yaml converts to data")
}

#[track_caller]
fn assert_json_eq(actual: &Value, expected: &Value) {
    if actual != expected {
        let pretty = |v: &Value| serde_json::to_string_pretty(v).unwrap();
        panic!(
            "JSON differs from the expected file:\n{}",
            text_diff(&pretty(expected), &pretty(actual))
        );
    }
}

/// `.sidecars[].name` of `list -o json`.
fn sidecar_names(list: &Value) -> Vec<&str> {
    list["sidecars"]
        .as_array()
        .expect("sidecars array")
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect()
}

/// `.services[].service` of one sidecar of `list -o json`.
fn services_of<'a>(list: &'a Value, sidecar: &str) -> Vec<&'a str> {
    list["sidecars"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == sidecar)
        .unwrap_or_else(|| panic!("no sidecar {sidecar} in {list}"))["services"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["service"].as_str().unwrap())
        .collect()
}

// --- JSON and YAML of the example project ----------------------------------------------------

#[test]
fn list_json_of_the_example_project() {
    let p = Fixture::example();
    let run = p.run_read_only(&["list", "-o", "json"]);
    run.success();
    assert_json_eq(&run.json(), &expected_json("list.json"));
}

#[test]
fn show_json_of_envoy_in_orders() {
    let p = Fixture::example();
    let run = p.run_read_only(&["show", "envoy", "--service", "orders", "-o", "json"]);
    run.success();
    assert_json_eq(&run.json(), &expected_json("show-envoy-orders.json"));
}

#[test]
fn containers_json_of_catalog() {
    let p = Fixture::example();
    let run = p.run_read_only(&["containers", "catalog", "-o", "json"]);
    run.success();
    assert_json_eq(&run.json(), &expected_json("containers-catalog.json"));
}

#[test]
fn validate_json_of_the_example_project() {
    let p = Fixture::example();
    let run = p.run_read_only(&["validate", "-o", "json"]);
    run.success();
    assert_json_eq(&run.json(), &expected_json("validate.json"));
}

#[test]
fn yaml_output_carries_the_same_data_as_json() {
    let p = Fixture::example();
    let commands: [&[&str]; 5] = [
        &["list"],
        &["list", "--sidecar", "rbac-service"],
        &["show", "rbac-service", "--service", "catalog"],
        &["containers", "api-gateway"],
        &["validate"],
    ];
    for args in commands {
        let json_run = p.run(&[args, &["-o", "json"]].concat());
        let yaml_run = p.run(&[args, &["-o", "yaml"]].concat());
        json_run.success();
        yaml_run.success();
        assert_eq!(
            yaml_data(&yaml_run.stdout),
            json_run.json(),
            "`{}`: -o yaml and -o json differ\n{}",
            args.join(" "),
            yaml_run.stdout
        );
    }
    // Spot checks that do not depend on the parser.
    let yaml = p.run(&["list", "-o", "yaml"]).stdout;
    for line in [
        "sidecars:",
        "  - name: envoy",
        "    managedBy: null",
        "      - service: cart",
        "        file: services/cart.yaml",
        "    managedBy: authorization",
    ] {
        assert!(
            yaml.lines().any(|l| l == line),
            "no line {line:?} in\n{yaml}"
        );
    }
    // A string that looks like a number stays a string.
    let show = p.run(&["show", "rbac-service", "--service", "catalog", "-o", "yaml"]);
    assert!(
        show.stdout.contains("      value: \"9876\"\n"),
        "{}",
        show.stdout
    );
}

// --- list ------------------------------------------------------------------------------------

#[test]
fn list_filters_by_service() {
    let p = Fixture::example();
    let list = p.run(&["list", "--service", "orders", "-o", "json"]).json();
    assert_eq!(sidecar_names(&list), ["envoy", "fluent-bit"]);
    assert_eq!(services_of(&list, "envoy"), ["orders"]);
    assert_eq!(services_of(&list, "fluent-bit"), ["orders"]);

    // Comma-separated and repeated.
    let run = p.run(&[
        "list",
        "--service",
        "orders,cart",
        "--service",
        "api-gateway",
        "-o",
        "json",
    ]);
    run.success();
    let list = run.json();
    assert_eq!(
        sidecar_names(&list),
        ["envoy", "fluent-bit", "otel-collector"]
    );
    assert_eq!(services_of(&list, "envoy"), ["cart", "orders"]);
}

#[test]
fn list_filters_by_sidecar() {
    let p = Fixture::example();
    let list = p.run(&["list", "--sidecar", "envoy", "-o", "json"]).json();
    assert_eq!(sidecar_names(&list), ["envoy"]);
    assert_eq!(services_of(&list, "envoy"), ["cart", "orders", "payments"]);

    // Both filters: envoy exists, but not in users.
    let none = p.run(&[
        "list",
        "--sidecar",
        "envoy",
        "--service",
        "users",
        "-o",
        "json",
    ]);
    none.success();
    assert_eq!(none.json(), json!({"sidecars": []}));
}

#[test]
fn list_of_unknown_names_fails() {
    let p = Fixture::example();
    let run = p.run(&["list", "--sidecar", "nope"]);
    run.code(1)
        .stderr_line("error: sidecar `nope` not found in any service");
    assert_eq!(run.stdout, "");

    let run = p.run(&["list", "--service", "orders,nope"]);
    run.code(1)
        .stderr_line("error: service `nope` not found in services/")
        .stderr_line_starting("hint: known services: api-gateway, cart, catalog,");
    assert_eq!(run.stdout, "");
}

#[test]
fn list_table_marks_special_sidecars() {
    let p = Fixture::example();
    let run = p.run_read_only(&["list"]);
    run.success();
    let out = &run.stdout;
    assert!(
        !out.contains('\x1b'),
        "no colour without a terminal: {out:?}"
    );
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].contains("SIDECAR") && lines[0].contains("MANAGED BY"));
    // Every sidecar-service pair is a row: 9 rows under the header.
    assert_eq!(lines.len(), 10, "{out}");
    let rbac: Vec<&&str> = lines.iter().filter(|l| l.contains("rond")).collect();
    assert_eq!(rbac.len(), 2);
    for l in rbac {
        assert!(l.contains("authorization (special)"), "{l}");
    }
    for l in lines.iter().filter(|l| l.contains("envoyproxy")) {
        assert!(!l.contains("authorization"), "{l}");
        assert!(l.trim_end() == *l, "no trailing spaces: {l:?}");
    }
    assert!(
        lines[1].contains("envoy") && lines[1].contains("cart") && lines[1].contains("25m/100m")
    );
}

#[test]
fn list_wide_adds_mounts_and_file() {
    let p = Fixture::example();
    let run = p.run(&["list", "-o", "wide"]);
    run.success();
    let header = run.stdout.lines().next().unwrap();
    for col in ["CONFIGMAPS", "SECRETS", "FILE"] {
        assert!(header.contains(col), "{header}");
    }
    let row = run
        .stdout
        .lines()
        .find(|l| l.contains("otel/opentelemetry"))
        .unwrap();
    for cell in [
        "otel-collector-config",
        "log-sink",
        "services/api-gateway.yaml",
    ] {
        assert!(row.contains(cell), "{row}");
    }
}

#[test]
fn list_sorts_by_sidecar_then_service_name() {
    // File order is `api-gateway.yaml`, `api.yaml`, `b.yml` ('-' sorts before '.'), but service
    // `api` comes before `api-gateway`.
    let side = |name: &str, image: &str| {
        format!(
            "name: {name}\ndockerImage: x/{name}:1\nadditionalContainers:\n  - name: zeta\n    dockerImage: {image}\n  - name: alpha\n    dockerImage: {image}\n"
        )
    };
    let p = Fixture::project(&[
        ("services/api-gateway.yaml", &side("api-gateway", "z:1")),
        ("services/api.yaml", &side("api", "z:1")),
        ("services/b.yml", &side("b", "z:1")),
    ]);
    let list = p.run(&["list", "-o", "json"]).json();
    assert_eq!(sidecar_names(&list), ["alpha", "zeta"]);
    assert_eq!(services_of(&list, "alpha"), ["api", "api-gateway", "b"]);
    assert_eq!(services_of(&list, "zeta"), ["api", "api-gateway", "b"]);
    assert_eq!(list["sidecars"][0]["services"][2]["file"], "services/b.yml");
}

#[test]
fn list_of_a_project_without_sidecars() {
    let p = Fixture::project(&[("services/a.yaml", "name: a\ndockerImage: x:1\n")]);
    let run = p.run(&["list"]);
    run.success();
    assert_eq!(run.stdout, "No sidecars found.\n");
    assert_eq!(
        p.run(&["list", "-o", "json"]).json(),
        json!({"sidecars": []})
    );
}

#[test]
fn list_reads_crlf_files() {
    let p = Fixture::project(&[(
        "services/a.yaml",
        "name: a\r\ndockerImage: x:1\r\nadditionalContainers:\r\n  - name: envoy\r\n    dockerImage: envoyproxy/envoy:v1.31.0\r\n",
    )]);
    let list = p.run(&["list", "-o", "json"]).json();
    assert_eq!(
        list["sidecars"][0]["services"][0]["dockerImage"],
        "envoyproxy/envoy:v1.31.0"
    );
}

// --- show ------------------------------------------------------------------------------------

#[test]
fn show_without_service_when_several_have_it_exits_2_naming_them() {
    let p = Fixture::example();
    let run = p.run_read_only(&["show", "envoy"]);
    run.code(2)
        .stderr_line("error: sidecar `envoy` is in several services: cart, orders, payments")
        .stderr_line_starting("hint: pass `--service");
    assert_eq!(run.stdout, "");

    // Without CI but with --no-input: still never asks.
    let run = Run::of(
        p.cmd()
            .env_remove("CI")
            .args(["--no-input", "show", "fluent-bit"]),
    );
    run.code(2).stderr_line(
        "error: sidecar `fluent-bit` is in several services: catalog, notifications, orders",
    );
}

#[test]
fn show_without_service_when_one_has_it() {
    let p = Fixture::example();
    let run = p.run(&["show", "otel-collector", "-o", "json"]);
    run.success();
    let v = run.json();
    assert_eq!(v["service"], "api-gateway");
    assert_eq!(v["file"], "services/api-gateway.yaml");
    assert_eq!(v["container"]["name"], "otel-collector");
    assert_eq!(v["container"]["terminationGracePeriodSeconds"], 30);
}

#[test]
fn show_of_unknown_names_fails() {
    let p = Fixture::example();
    let run = p.run(&["show", "nope"]);
    run.code(1)
        .stderr_line("error: sidecar `nope` not found in any service");
    assert_eq!(run.stdout, "");

    p.run(&["show", "envoy", "--service", "users"])
        .code(1)
        .stderr_line("error: service `users` has no sidecar `envoy`");
    p.run(&["show", "envoy", "--service", "nope"])
        .code(1)
        .stderr_line("error: service `nope` not found in services/")
        .stderr_line_starting("hint: known services:");
}

#[test]
fn show_special_sidecar() {
    let p = Fixture::example();
    let v = p
        .run(&[
            "show",
            "rbac-service",
            "--service",
            "notifications",
            "-o",
            "json",
        ])
        .json();
    assert_eq!(v["special"], true);
    assert_eq!(v["managedBy"], "authorization");
    assert_eq!(v["container"]["exclusiveServiceExposure"], true);

    let text = p.run(&["show", "rbac-service", "--service", "catalog"]);
    text.success();
    assert_eq!(
        text.stdout.lines().next().unwrap(),
        "Sidecar rbac-service in service catalog (services/catalog.yaml) (special: managed by authorization)"
    );
}

#[test]
fn show_table_prints_the_entry() {
    let p = Fixture::example();
    let run = p.run(&["show", "envoy", "--service", "payments"]);
    run.success();
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "Sidecar envoy in service payments (services/payments.yaml)"
    );
    for want in [
        "  name: envoy",
        "  dockerImage: envoyproxy/envoy:v1.31.0",
        "      max: 300m",
        "    - \"45\"",
    ] {
        assert!(lines.contains(&want), "no line {want:?} in\n{}", run.stdout);
    }
}

/// The bytes of `text` from the line equal to `from` up to (not including) the line `to`, or to
/// the end.
fn lines_between(text: &str, from: &str, to: Option<&str>) -> String {
    let start = text.find(&format!("\n{from}\n")).expect("start line") + 1;
    let end = match to {
        Some(to) => text[start..].find(&format!("\n{to}\n")).expect("end line") + start + 1,
        None => text.len(),
    };
    text[start..end].to_string()
}

#[test]
fn show_raw_prints_the_entry_exactly() {
    let p = Fixture::example();
    let orders = p.read("services/orders.yaml");
    let run = p.run(&["show", "envoy", "--service", "orders", "--raw"]);
    run.success();
    assert_eq!(
        run.stdout,
        lines_between(&orders, "  - name: envoy", Some("  - name: fluent-bit"))
    );

    // The last entry of a file, with a comment on one of its lines.
    let catalog = p.read("services/catalog.yaml");
    let run = p.run(&["show", "rbac-service", "--service", "catalog", "--raw"]);
    assert_eq!(
        run.stdout,
        lines_between(&catalog, "  - name: rbac-service", None)
    );
    assert!(
        run.stdout
            .contains("exclusiveServiceExposure: true  # only this")
    );

    // Quoting and flow style as written.
    let gateway = p.read("services/api-gateway.yaml");
    let run = p.run(&["show", "otel-collector", "--raw"]);
    assert_eq!(
        run.stdout,
        lines_between(&gateway, "  - name: 'otel-collector'", None)
    );
}

#[test]
fn show_raw_keeps_crlf_and_stops_at_the_entry() {
    let text = "name: a\r\ndockerImage: x:1\r\nadditionalContainers:\r\n  - name: one   # first\r\n    dockerImage: x:1\r\n\r\n  # about two\r\n  - name: two\r\n    dockerImage: y:2\r\nreplicas: 1\r\n";
    let p = Fixture::project(&[("services/a.yaml", text)]);
    let run = p.run(&["show", "one", "--raw"]);
    run.success();
    assert_eq!(
        run.stdout,
        "  - name: one   # first\r\n    dockerImage: x:1\r\n"
    );
    let run = p.run(&["show", "two", "--raw"]);
    assert_eq!(run.stdout, "  - name: two\r\n    dockerImage: y:2\r\n");
}

#[test]
fn show_raw_of_a_flow_entry_is_the_entry_only() {
    let p = Fixture::project(&[(
        "services/a.yaml",
        "name: a\ndockerImage: x:1\nadditionalContainers: [{name: one, dockerImage: \"x:1\"}, {name: two, dockerImage: y:2}]\n",
    )]);
    let run = p.run(&["show", "two", "--raw"]);
    run.success();
    assert_eq!(run.stdout, "{name: two, dockerImage: y:2}\n");
    let run = p.run(&["show", "one", "--raw"]);
    assert_eq!(run.stdout, "{name: one, dockerImage: \"x:1\"}\n");
}

// --- containers ------------------------------------------------------------------------------

#[test]
fn containers_lists_the_main_container_first() {
    let p = Fixture::example();
    let run = p.run_read_only(&["containers", "orders", "-o", "json"]);
    run.success();
    let v = run.json();
    assert_eq!(v["service"], "orders");
    assert_eq!(v["file"], "services/orders.yaml");
    let rows: Vec<(&str, &str)> = v["containers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["name"].as_str().unwrap(), c["role"].as_str().unwrap()))
        .collect();
    assert_eq!(
        rows,
        [
            ("orders", "main"),
            ("envoy", "sidecar"),
            ("fluent-bit", "sidecar")
        ]
    );
    assert_eq!(
        v["containers"][0]["dockerImage"],
        "registry.example.com/acme/orders:1.4.2"
    );
    assert_eq!(v["containers"][0]["managedBy"], Value::Null);
}

#[test]
fn containers_of_a_service_without_sidecars() {
    let p = Fixture::example();
    let v = p.run(&["containers", "users", "-o", "json"]).json();
    assert_eq!(v["file"], "services/users.yml");
    assert_eq!(v["containers"].as_array().unwrap().len(), 1);
    assert_eq!(
        v["containers"][0]["resources"]["cpuLimits"],
        json!({"min": "100m", "max": "{{USERS_CPU_LIMIT}}m"})
    );
}

#[test]
fn containers_table() {
    let p = Fixture::example();
    let run = p.run(&["containers", "notifications"]);
    run.success();
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(lines[0].starts_with("CONTAINER"), "{}", run.stdout);
    assert!(lines[1].contains("notifications") && lines[1].contains(" main "));
    assert!(lines[3].contains("rbac-service") && lines[3].contains("authorization (special)"));
    assert!(run.stdout.contains("\nMounts:\n"));
    assert!(lines.contains(&"  fluent-bit: configMaps fluent-bit-config, secrets es-credentials"));
}

#[test]
fn containers_of_an_unknown_service_fails() {
    let p = Fixture::example();
    let run = p.run(&["containers", "nope"]);
    run.code(1);
    assert_eq!(run.stdout, "");
    let first = run.stderr.lines().next().unwrap();
    assert_eq!(first, "error: service `nope` not found in services/");
    run.stderr_line(
        "hint: known services: api-gateway, cart, catalog, notifications, orders, payments, users",
    );
}

// --- exit codes ------------------------------------------------------------------------------

#[test]
fn command_line_errors_exit_2() {
    let p = Fixture::example();
    let cases: [(&[&str], &str); 7] = [
        (&["list", "--bogus"], "error: unexpected argument '--bogus'"),
        (&["--bogus", "list"], "error: unexpected argument '--bogus'"),
        (&["list", "-o", "xml"], "error: invalid value 'xml'"),
        // A missing argument is asked for on a terminal only; here it names what to pass.
        (
            &["show"],
            "error: missing SIDECAR\nhint: for example: sidecarctl show",
        ),
        (
            &["containers"],
            "error: missing SERVICE\nhint: for example: sidecarctl containers",
        ),
        (
            &["frobnicate"],
            "error: unrecognized subcommand 'frobnicate'",
        ),
        (
            &["list", "--color", "sometimes"],
            "error: invalid value 'sometimes'",
        ),
    ];
    for (args, first) in cases {
        let run = p.run(args);
        assert_eq!(run.code, 2, "`{}`: {}", args.join(" "), run.stderr);
        assert!(
            run.stderr.starts_with(first),
            "`{}`: stderr {:?}",
            args.join(" "),
            run.stderr
        );
        assert_eq!(run.stdout, "", "`{}`", args.join(" "));
    }
    let run = Run::of(sidecarctl().current_dir(p.root()));
    assert_eq!(run.code, 2, "no command at all: {}", run.stderr);
}

#[test]
fn help_and_version_exit_0() {
    let run = Run::of(sidecarctl().arg("--help"));
    run.success();
    assert!(run.stdout.contains("Usage: sidecarctl"), "{}", run.stdout);
    assert!(run.stdout.contains("containers"));
    assert_eq!(run.stderr, "");

    let run = Run::of(sidecarctl().args(["list", "--help"]));
    run.success();
    assert!(run.stdout.contains("--sidecar <NAME>"), "{}", run.stdout);

    let run = Run::of(sidecarctl().arg("--version"));
    run.success();
    assert_eq!(
        run.stdout,
        format!("sidecarctl {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn no_project_found_exits_1_with_a_hint() {
    let dir = Fixture::empty();
    for args in [
        &["list"][..],
        &["validate"],
        &["show", "envoy"],
        &["containers", "a"],
    ] {
        let run = Run::of(sidecarctl().current_dir(dir.root()).args(args));
        run.code(1)
            .stderr_line_starting("error: no sidecarctl.yaml found in ")
            .stderr_line("hint: run `sidecarctl init` to create a project, or pass `-C DIR`");
        assert_eq!(run.stdout, "");
    }
    assert!(dir.snapshot().is_empty(), "nothing is created");
}

// --- discovery and global options ------------------------------------------------------------

#[test]
fn project_from_the_option() {
    let p = Fixture::example();
    let elsewhere = Fixture::empty();
    for flag in ["-C", "--project"] {
        let run = Run::of(
            sidecarctl()
                .current_dir(elsewhere.root())
                .arg(flag)
                .arg(p.root())
                .args(["list", "-o", "json"]),
        );
        run.success();
        assert_json_eq(&run.json(), &expected_json("list.json"));
    }
}

#[test]
fn project_from_the_environment() {
    let p = Fixture::example();
    let elsewhere = Fixture::empty();
    let run = Run::of(
        sidecarctl()
            .current_dir(elsewhere.root())
            .env("SIDECARCTL_PROJECT", p.root())
            .args(["list", "-o", "json"]),
    );
    run.success();
    assert_json_eq(&run.json(), &expected_json("list.json"));

    // The option wins over the environment.
    let run = Run::of(
        sidecarctl()
            .current_dir(elsewhere.root())
            .env("SIDECARCTL_PROJECT", elsewhere.root())
            .arg("-C")
            .arg(p.root())
            .args(["list", "-o", "json"]),
    );
    run.success();

    // A variable naming a folder without a project fails.
    let run = Run::of(
        sidecarctl()
            .current_dir(p.root())
            .env("SIDECARCTL_PROJECT", elsewhere.root())
            .arg("list"),
    );
    run.code(1)
        .stderr_line_starting("error: no sidecarctl.yaml found in ");
}

#[test]
fn a_missing_project_folder_is_an_error() {
    // Run from inside a project: a mistyped `-C` must not fall back to it.
    let p = Fixture::example();
    let run = Run::of(sidecarctl().current_dir(p.path("services")).args([
        "-C",
        "no-such-folder",
        "list",
    ]));
    run.code(1)
        .stderr_line("error: project folder no-such-folder does not exist");
    assert_eq!(run.stdout, "");

    let run = Run::of(
        sidecarctl()
            .current_dir(p.root())
            .env("SIDECARCTL_PROJECT", p.path("no-such-folder"))
            .arg("list"),
    );
    run.code(1).stderr_line_starting("error: project folder ");

    // A file is not a folder either.
    let run = Run::of(
        sidecarctl()
            .current_dir(p.root())
            .args(["-C", "sidecarctl.yaml", "list"]),
    );
    run.code(1);
}

#[test]
fn a_closed_pipe_ends_output_quietly() {
    // `sidecarctl list -o json | head -c 0`: the reader is gone before anything is written.
    let p = Fixture::example();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_sidecarctl"))
        .env("CI", "true")
        .env_remove("SIDECARCTL_PROJECT")
        .arg("-C")
        .arg(p.root())
        .args(["list", "-o", "json"])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("wait");
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn project_found_by_walking_up() {
    let p = Fixture::example();
    for sub in ["services", "config-maps/envoy-config"] {
        let run = Run::of(
            sidecarctl()
                .current_dir(p.path(sub))
                .args(["list", "-o", "json"]),
        );
        run.success();
        assert_json_eq(&run.json(), &expected_json("list.json"));
    }
}

#[test]
fn global_options_before_or_after_the_command() {
    let p = Fixture::example();
    let root = p.root().to_str().unwrap();
    let expected = expected_json("list.json");
    let orders: [&[&str]; 4] = [
        &["-o", "json", "list"],
        &["list", "-o", "json"],
        &["list", "-C", root, "--output=json"],
        &["-q", "--color", "never", "list", "--no-input", "-o", "json"],
    ];
    let elsewhere = Fixture::empty();
    for args in orders {
        // Without `-C` the project is found from the current folder.
        let cwd = if args.contains(&"-C") {
            elsewhere.root()
        } else {
            p.root()
        };
        let run = Run::of(sidecarctl().current_dir(cwd).args(args));
        run.success();
        assert_json_eq(&run.json(), &expected);
    }
    let a = p.run(&["-o", "json", "show", "envoy", "--service", "cart"]);
    let b = p.run(&["show", "--service", "cart", "envoy", "-o", "json"]);
    assert_eq!(a.json(), b.json());
}

// --- init ------------------------------------------------------------------------------------

#[test]
fn init_creates_a_project() {
    let dir = Fixture::empty();
    let run = Run::of(sidecarctl().current_dir(dir.root()).args(["init", "acme"]));
    run.success();
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("Created "), "{}", run.stderr);
    let root = dir.path("acme");
    assert!(root.join("services").is_dir());
    assert!(root.join("marketplace").is_dir());
    let text = std::fs::read_to_string(root.join("sidecarctl.yaml")).unwrap();
    assert!(text.lines().any(|l| l == "name: acme"), "{text}");

    // The new project is valid and has no sidecars.
    let project = Run::of(sidecarctl().current_dir(&root).arg("validate"));
    project.success();
    assert!(project.stdout.contains("The project is valid"));
    let v = Run::of(
        sidecarctl()
            .current_dir(&root)
            .args(["validate", "-o", "json"]),
    )
    .json();
    assert_eq!(v["valid"], true);
    assert_eq!(v["diagnostics"], json!([]));
    let list = Run::of(sidecarctl().current_dir(&root).arg("list"));
    list.success();
    assert_eq!(list.stdout, "No sidecars found.\n");
    let list = Run::of(sidecarctl().current_dir(&root).args(["list", "-o", "json"]));
    assert_eq!(list.json(), json!({"sidecars": []}));
}

#[test]
fn init_in_the_current_folder_with_a_name() {
    let dir = Fixture::empty();
    let run = Run::of(
        sidecarctl()
            .current_dir(dir.root())
            .args(["-q", "init", "--name", "shop"]),
    );
    run.success();
    assert_eq!(run.stderr, "", "-q keeps it quiet");
    assert!(dir.read("sidecarctl.yaml").contains("\nname: shop\n"));
    assert!(dir.path("services").is_dir());
}

#[test]
fn init_into_the_project_option_folder() {
    let dir = Fixture::empty();
    let target = dir.path("repo");
    let run = Run::of(
        sidecarctl()
            .current_dir(dir.root())
            .arg("-C")
            .arg(&target)
            .arg("init"),
    );
    run.success();
    assert!(target.join("sidecarctl.yaml").is_file());
    assert!(dir.read("repo/sidecarctl.yaml").contains("\nname: repo\n"));
}

#[test]
fn init_dry_run_creates_nothing() {
    // The fixture cases `init/dry_run*` show the output; folders are not in their snapshots.
    let dir = Fixture::empty();
    for args in [
        &["init", "acme", "--dry-run"][..],
        &["-o", "json", "init", "acme", "--dry-run"],
    ] {
        Run::of(sidecarctl().current_dir(dir.root()).args(args)).success();
        assert!(
            !dir.path("acme").exists(),
            "{args:?} created the project folder"
        );
    }
    dir.run(&["init", "--name", "demo", "--dry-run"]).success();
    assert!(dir.snapshot().is_empty());
    assert!(!dir.path("services").exists() && !dir.path("marketplace").exists());
}

#[test]
fn init_refuses_an_existing_project() {
    let p = Fixture::example();
    let before = p.snapshot();
    let run = p.run(&["init"]);
    run.code(1);
    assert!(
        run.stderr.starts_with("error: ") && run.stderr.contains("sidecarctl.yaml already exists"),
        "{}",
        run.stderr
    );
    assert!(before == p.snapshot(), "init changed an existing project");

    let run = Run::of(
        sidecarctl()
            .current_dir(p.root())
            .args(["init", "--name", "other"]),
    );
    run.code(1);
    assert!(before == p.snapshot(), "init changed an existing project");
}

#[test]
fn init_refuses_an_invalid_name() {
    let dir = Fixture::empty();
    let run = Run::of(
        sidecarctl()
            .current_dir(dir.root())
            .args(["init", "--name", "Bad_Name"]),
    );
    run.code(2)
        .stderr_line("error: `Bad_Name` is not a valid project name")
        .stderr_line_starting("hint: ");
    assert!(dir.snapshot().is_empty());
    assert!(!dir.path("services").exists(), "nothing is created");

    // A folder whose name is not a valid project name needs --name.
    std::fs::create_dir(dir.path("My_Repo")).unwrap();
    let run = Run::of(sidecarctl().current_dir(dir.path("My_Repo")).arg("init"));
    run.code(2).stderr_line_starting("hint: ");
    assert!(run.stderr.contains("--name"), "{}", run.stderr);
    assert!(!dir.path("My_Repo/sidecarctl.yaml").exists());
}

// --- completions -----------------------------------------------------------------------------

#[test]
fn completions_for_every_shell() {
    let dir = Fixture::empty(); // no project needed
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = Run::of(
            sidecarctl()
                .current_dir(dir.root())
                .args(["completions", shell]),
        );
        run.success();
        assert!(
            run.stdout.len() > 200 && run.stdout.contains("sidecarctl"),
            "{shell}: {}",
            run.stdout
        );
        assert!(
            run.stdout.contains("containers"),
            "{shell} completes the commands"
        );
    }
    let run = Run::of(sidecarctl().args(["completions", "tcsh"]));
    run.code(2);
}

// --- anchors and YAML output -------------------------------------------------------------------

#[test]
fn an_alias_refers_to_the_most_recent_anchor_before_it() {
    let p = Fixture::project(&[(
        "services/a.yaml",
        "name: a\ndockerImage: x/a:1\nadditionalContainers:\n  - name: s\n    dockerImage: &img \"y:1\"\n  - name: t\n    dockerImage: *img\n  - name: u\n    dockerImage: &img \"z:2\"\n",
    )]);
    let v = p.run(&["show", "t", "-o", "json"]).json();
    assert_eq!(v["container"]["dockerImage"], "y:1");
    let list = p.run(&["list", "--sidecar", "t", "-o", "json"]).json();
    assert_eq!(list["sidecars"][0]["services"][0]["dockerImage"], "y:1");
}

#[test]
fn yaml_output_quotes_strings_that_read_as_other_types() {
    let p = Fixture::project(&[(
        "services/a.yaml",
        "name: a\ndockerImage: x/a:1\nadditionalContainers:\n  - name: s\n    dockerImage: y:1\n    args: [\".inf\", \"-.Inf\", \".NaN\", \"1e3\"]\n",
    )]);
    let yaml = p.run(&["show", "s", "-o", "yaml"]).stdout;
    for quoted in ["\".inf\"", "\"-.Inf\"", "\".NaN\"", "\"1e3\""] {
        assert!(
            yaml.lines().any(|l| l.trim() == format!("- {quoted}")),
            "{quoted} not quoted in\n{yaml}"
        );
    }
}

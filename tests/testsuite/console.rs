//! Console projects (SPEC §6.3) as a user meets them beyond the fixture cases: the project
//! named by `$SIDECARCTL_PROJECT`, the example, dry runs, and another program's edit.

use crate::support::{Fixture, Run, example_dir, sidecarctl};

fn example() -> Fixture {
    Fixture::new(example_dir().join("../console-project"))
}

/// Go's encoder's output of `text`'s data (what `miactl project describe -o json` prints).
fn go_style(text: &str) -> String {
    let script = "import json,sys\nd=json.loads(sys.stdin.read())\nt=json.dumps(d,indent=2,sort_keys=True,ensure_ascii=False)\nsys.stdout.write(t.replace('<','\\\\u003c').replace('>','\\\\u003e').replace('&','\\\\u0026')+'\\n')";
    let out = assert_cmd::Command::new("python3")
        .args(["-c", script])
        .write_stdin(text.to_string())
        .output()
        .expect("python3 runs");
    String::from_utf8(out.stdout).expect("UTF-8")
}

#[test]
fn the_project_file_may_be_named_by_the_environment() {
    let p = example();
    let mut cmd = sidecarctl();
    cmd.current_dir(p.root())
        .env("SIDECARCTL_PROJECT", p.path("api-console-config.json"))
        .args(["list", "-o", "json"]);
    let run = Run::of(&mut cmd);
    run.success();
    let names: Vec<String> = run.json()["sidecars"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(names, ["envoy", "fluent-bit", "rbac-service"]);
    assert_eq!(
        run.json()["sidecars"][0]["services"][0]["file"],
        "api-console-config.json"
    );
}

#[test]
fn the_example_round_trip_keeps_the_describe_output_as_go_writes_it() {
    let p = example();
    let before = p.read("project.json");
    assert_eq!(
        go_style(&before),
        before,
        "the example is miactl's own style"
    );
    p.run(&["validate"]).success();
    p.run(&[
        "clone",
        "envoy",
        "--from",
        "orders",
        "--to",
        "users,api-gateway",
    ])
    .success();
    p.run(&[
        "create",
        "--from-marketplace",
        "otel-collector",
        "--to",
        "users",
    ])
    .success();
    p.run(&["edit", "envoy", "--all", "--cpu-limit", "250m"])
        .success();
    p.run(&["delete", "fluent-bit", "--service", "catalog", "--yes"])
        .success();
    let after = p.read("project.json");
    assert_ne!(after, before);
    assert_eq!(go_style(&after), after);
    // What create brought is declared in the file itself, in the Console's shapes.
    let data: serde_json::Value = serde_json::from_str(&after).unwrap();
    assert_eq!(
        data["config"]["serviceSecrets"]["log-sink"],
        serde_json::json!({"name": "log-sink"})
    );
    assert_eq!(
        data["config"]["configMaps"]["otel-collector-config"]["files"][0]["name"],
        "config.yaml"
    );
    p.run(&["validate"]).success();
}

#[test]
fn a_dry_run_shows_the_change_and_writes_nothing() {
    let p = example();
    let before = p.snapshot();
    let mut cmd = sidecarctl();
    cmd.current_dir(p.root()).args([
        "-C",
        "api-console-config.json",
        "--dry-run",
        "edit",
        "envoy",
        "--service",
        "cart",
        "--memory-limit",
        "96Mi",
    ]);
    let run = Run::of(&mut cmd);
    run.success();
    assert!(before == p.snapshot(), "a dry run wrote");
    assert!(
        run.stdout.contains(&format!(
            "-{0}\"max\": \"64Mi\"\n+{0}\"max\": \"96Mi\"\n",
            " ".repeat(28)
        )),
        "{}",
        run.stdout
    );
}

#[test]
fn a_file_that_is_not_there_is_named() {
    let p = example();
    let mut cmd = sidecarctl();
    cmd.current_dir(p.root())
        .args(["-C", "missing.json", "list"]);
    Run::of(&mut cmd)
        .code(1)
        .stderr_line("error: project file missing.json does not exist");
}

#[test]
#[cfg_attr(not(debug_assertions), ignore = "test hooks are in debug builds only")]
fn a_project_file_changed_by_another_program_is_not_overwritten() {
    let p = example();
    let before = p.read("project.json");
    let mut cmd = sidecarctl();
    cmd.current_dir(p.root())
        .env("SIDECARCTL_TEST_TOUCH_BEFORE_WRITE", "project.json")
        .args([
            "-C",
            "project.json",
            "edit",
            "envoy",
            "--all",
            "--cpu-limit",
            "300m",
        ]);
    Run::of(&mut cmd).code(1).stderr_line_starting(
        "error: project.json changed on disk while sidecarctl was working; nothing was changed",
    );
    assert_eq!(
        p.read("project.json"),
        format!("{before}# edited by someone else\n")
    );
}

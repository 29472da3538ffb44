//! SIGINT and SIGTERM end a change like any other failure: every file as it was, no temporary
//! file left, one `error:` line, exit 130 / 143. The writer's test hook pauses it at a chosen
//! moment (before the first round, with a round's temporary files on disk, after N files were
//! replaced, while they are put back) so that the signal comes exactly then.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rustix::process::{Pid, Signal, kill_process};

use crate::support::{Fixture, Run};

const PAUSE: &str = "SIDECARCTL_TEST_PAUSE";

fn service(name: &str) -> String {
    format!(
        "# {name}\nname: {name}\ndockerImage: acme/{name}:1.0.0\nadditionalContainers:\n  - name: envoy   # proxy\n    dockerImage: envoyproxy/envoy:v1.31.0\n    resources:\n      cpuLimits: {{min: 50m, max: 200m}}\n"
    )
}

/// A project of `n` services that all have `envoy`: 2,200 make three rounds of writes.
fn project(n: usize) -> Fixture {
    let p = Fixture::project(&[("sidecarctl.yaml", "name: p\n")]);
    for i in 0..n {
        p.write(
            &format!("services/s{i:04}.yaml"),
            service(&format!("s{i:04}")),
        );
    }
    p
}

/// The binary on `p`, as [`Fixture::cmd`] runs it, but as a child process we can signal.
fn command(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sidecarctl"));
    cmd.env("CI", "true")
        .env_remove("SIDECARCTL_PROJECT")
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

/// Runs `args` in `dir`; at each moment of `at`, in order, sends its signal. Returns the run.
fn signalled(dir: &Path, args: &[&str], at: &[(&str, Signal)]) -> Run {
    let markers = tempfile::tempdir().unwrap();
    let marker = |i: usize| markers.path().join(format!("reached-{i}"));
    let spec: Vec<String> = at
        .iter()
        .enumerate()
        .map(|(i, (moment, _))| format!("{moment}@{}", marker(i).display()))
        .collect();
    let mut child = command(dir, args)
        .env(PAUSE, spec.join(","))
        .spawn()
        .unwrap();
    for (i, (moment, signal)) in at.iter().enumerate() {
        let start = Instant::now();
        while !marker(i).exists() {
            if let Some(status) = child.try_wait().unwrap() {
                let out = child.wait_with_output().unwrap();
                panic!(
                    "{args:?} ended ({status}) before reaching {moment}\n{}",
                    String::from_utf8_lossy(&out.stderr)
                );
            }
            assert!(start.elapsed() < Duration::from_secs(60), "{moment}");
            std::thread::sleep(Duration::from_millis(5));
        }
        kill_process(Pid::from_child(&child), *signal).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The run ended as a failure should: exit `code`, stderr exactly `error`, and every file of
/// the project as it was (a temporary file left would show in the snapshot).
#[track_caller]
fn ended_cleanly(
    p: &Fixture,
    before: &BTreeMap<String, Vec<u8>>,
    run: &Run,
    code: i32,
    error: &str,
) {
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (code, format!("{error}\n").as_str()),
        "{}",
        run.stdout
    );
    let after = p.snapshot();
    let changed: Vec<&String> = after
        .iter()
        .filter(|(k, v)| before.get(*k) != Some(v))
        .map(|(k, _)| k)
        .chain(before.keys().filter(|k| !after.contains_key(*k)))
        .collect();
    assert!(changed.is_empty(), "changed or left: {changed:?}");
}

const EDIT: &[&str] = &["edit", "envoy", "--all", "--image", "envoyproxy/envoy:v2"];
const NOTHING: &str = "nothing was changed";
const PUT_BACK: &str = "the files already replaced were put back";

#[test]
#[cfg_attr(not(debug_assertions), ignore = "test hooks are in debug builds only")]
fn a_bulk_edit_interrupted_at_any_step_leaves_every_file_as_it_was() {
    let p = project(2200);
    let before = p.snapshot();
    for (moment, signal, state) in [
        // Planned, nothing written yet.
        ("planned", Signal::INT, NOTHING),
        // The first round's 1,000 temporary files are on disk, none renamed.
        ("staged:1", Signal::TERM, NOTHING),
        // Round 1 renamed (while round 2 was written), round 3 written.
        ("staged:3", Signal::INT, PUT_BACK),
        // In the middle of the renames of the second round.
        ("renamed:1500", Signal::TERM, PUT_BACK),
        // The very last file replaced: everything is put back still.
        ("renamed:2200", Signal::INT, PUT_BACK),
        // The terminal closed.
        ("renamed:1", Signal::HUP, PUT_BACK),
    ] {
        let run = signalled(p.root(), EDIT, &[(moment, signal)]);
        let (code, name) = match signal {
            Signal::INT => (130, "SIGINT"),
            Signal::TERM => (143, "SIGTERM"),
            _ => (129, "SIGHUP"),
        };
        ended_cleanly(
            &p,
            &before,
            &run,
            code,
            &format!("error: interrupted ({name}); {state}"),
        );
    }
    // The project is whole: the same edit then runs to its end.
    p.run(EDIT).success();
}

#[test]
#[cfg_attr(not(debug_assertions), ignore = "test hooks are in debug builds only")]
fn a_second_signal_does_not_stop_the_put_back() {
    let p = project(1200);
    let before = p.snapshot();
    let run = signalled(
        p.root(),
        EDIT,
        &[("renamed:1100", Signal::TERM), ("restoring", Signal::INT)],
    );
    ended_cleanly(
        &p,
        &before,
        &run,
        143,
        &format!("error: interrupted (SIGTERM); {PUT_BACK}"),
    );
}

#[test]
#[cfg_attr(not(debug_assertions), ignore = "test hooks are in debug builds only")]
fn delete_create_clone_and_init_are_interrupted_the_same_way() {
    let p = project(1200);
    // `clone --on-conflict replace` writes only where the entry differs from the source's.
    p.run(&["edit", "envoy", "--service", "s0000", "--cpu-limit", "300m"])
        .success();
    let before = p.snapshot();
    let targets: Vec<String> = (1..1200).map(|i| format!("s{i:04}")).collect();
    let targets = targets.join(",");
    let runs: [(&[&str], &str); 3] = [
        (&["delete", "envoy", "--all", "--yes"], "renamed:1100"),
        (
            &["create", "log", "--image", "acme/log:1", "--to", &targets],
            "staged:2",
        ),
        (
            &[
                "clone",
                "envoy",
                "--from",
                "s0000",
                "--to",
                &targets,
                "--on-conflict",
                "replace",
            ],
            "renamed:10",
        ),
    ];
    for (args, moment) in runs {
        let run = signalled(p.root(), args, &[(moment, Signal::INT)]);
        let state = if moment.starts_with("staged") {
            NOTHING
        } else {
            PUT_BACK
        };
        ended_cleanly(
            &p,
            &before,
            &run,
            130,
            &format!("error: interrupted (SIGINT); {state}"),
        );
    }
    // `init` creates folders: they go again too.
    let dir = Fixture::empty();
    let before = dir.snapshot();
    let run = signalled(
        dir.root(),
        &["init", "--name", "demo"],
        &[("renamed:2", Signal::TERM)],
    );
    ended_cleanly(
        &dir,
        &before,
        &run,
        143,
        &format!("error: interrupted (SIGTERM); {PUT_BACK}"),
    );
    assert!(std::fs::read_dir(dir.root()).unwrap().next().is_none());
}

/// A kustomize overlay whose only patch adds `otel-agent`: deleting it deletes the patch file
/// and rewrites the kustomization that names it.
fn overlay() -> Fixture {
    Fixture::project(&[
        ("sidecarctl.yaml", "name: p\nformat: kubernetes\n"),
        ("base/kustomization.yaml", "resources:\n  - cart.yaml\n"),
        (
            "base/cart.yaml",
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: cart\nspec:\n  selector:\n    matchLabels: {app: cart}\n  template:\n    metadata:\n      labels: {app: cart}\n    spec:\n      containers:\n        - name: cart\n          image: acme/cart:1.0.0\n",
        ),
        (
            "prod/kustomization.yaml",
            "resources:\n  - ../base\npatches:\n  - path: otel.yaml\nimages:\n  - name: acme/cart\n    newTag: 1.0.1\n",
        ),
        (
            "prod/otel.yaml",
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: cart\nspec:\n  template:\n    spec:\n      containers:\n        - name: otel-agent\n          image: otel/opentelemetry-collector:0.104.0\n",
        ),
    ])
}

#[test]
#[cfg_attr(not(debug_assertions), ignore = "test hooks are in debug builds only")]
fn a_delete_that_deletes_a_patch_file_is_interrupted_the_same_way() {
    let p = overlay();
    let before = p.snapshot();
    const DELETE: &[&str] = &["delete", "otel-agent", "--all", "--yes"];
    for (moment, signal, code, name, state) in [
        ("planned", Signal::INT, 130, "SIGINT", NOTHING),
        // The kustomization is rewritten, the patch file not deleted yet.
        ("renamed:1", Signal::TERM, 143, "SIGTERM", PUT_BACK),
        // The patch file is deleted (set aside): it comes back.
        ("renamed:2", Signal::INT, 130, "SIGINT", PUT_BACK),
    ] {
        let run = signalled(p.root(), DELETE, &[(moment, signal)]);
        ended_cleanly(
            &p,
            &before,
            &run,
            code,
            &format!("error: interrupted ({name}); {state}"),
        );
    }
    // A failure to delete the patch file, or the file changed by another program meanwhile:
    // the kustomization already rewritten is put back; the other program's change stays.
    let mut cmd = p.cmd();
    cmd.env("SIDECARCTL_TEST_FAIL_WRITE", "prod/otel.yaml")
        .args(DELETE);
    Run::of(&mut cmd).code(1).stderr_line_starting(
        "error: cannot write prod/otel.yaml: injected failure; the files already replaced were put back",
    );
    assert_eq!(p.snapshot(), before);
    let mut cmd = p.cmd();
    cmd.env("SIDECARCTL_TEST_TOUCH_BEFORE_WRITE", "prod/otel.yaml")
        .args(DELETE);
    Run::of(&mut cmd).code(1).stderr_line_starting(
        "error: prod/otel.yaml changed on disk while sidecarctl was working; the files already replaced were put back",
    );
    let touched = p.snapshot();
    assert_eq!(
        touched.get("prod/kustomization.yaml"),
        before.get("prod/kustomization.yaml")
    );
    assert!(touched["prod/otel.yaml"].ends_with(b"# edited by someone else\n"));
    p.write(
        "prod/otel.yaml",
        std::str::from_utf8(&before["prod/otel.yaml"]).unwrap(),
    );
    // Whole again: the delete then runs to its end, and leaves no temporary file.
    p.run(DELETE).success();
    let after = p.snapshot();
    assert!(!after.contains_key("prod/otel.yaml"), "{:?}", after.keys());
    assert!(
        after.keys().all(|f| !f.contains(".sidecarctl-")),
        "{:?}",
        after.keys()
    );
}

/// Waits (a second at most) until process `pid` has a handler for SIGINT.
fn handles_sigint(pid: u32) {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(1) {
        let caught = std::fs::read_to_string(format!("/proc/{pid}/status"))
            .ok()
            .and_then(|status| {
                let mask = status.lines().find_map(|l| l.strip_prefix("SigCgt:"))?;
                u64::from_str_radix(mask.trim(), 16).ok()
            });
        match caught {
            Some(mask) if mask & (1 << (2 - 1)) != 0 => return,
            None => return, // It has ended already.
            Some(_) => std::thread::sleep(Duration::from_millis(1)),
        }
    }
}

#[test]
fn a_bulk_edit_interrupted_at_any_moment_is_all_old_or_all_new() {
    // No hook: real signals at spread-out moments (reading, planning, writing, renaming); each
    // run either ended before the signal (exit 0, every file new) or failed cleanly.
    let n = 1500;
    let p = project(n);
    let old = p.snapshot();
    let done = project(n);
    done.run(EDIT).success();
    let new = done.snapshot();
    for (i, delay_ms) in [5u64, 40, 90, 150, 220, 300, 420, 600]
        .into_iter()
        .enumerate()
    {
        let signal = if i % 2 == 0 {
            Signal::INT
        } else {
            Signal::TERM
        };
        let child = command(p.root(), EDIT).spawn().unwrap();
        // Counted from the moment the process handles signals: before, a signal ends it as it
        // ends any program, before it has read anything.
        handles_sigint(child.id());
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = kill_process(Pid::from_child(&child), signal);
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let now = p.snapshot();
        match out.status.code() {
            Some(0) => {
                assert_eq!(
                    now, new,
                    "exit 0 after {delay_ms} ms but not every file is new"
                );
            }
            Some(code @ (130 | 143)) => {
                assert_eq!(code == 130, signal == Signal::INT, "{stderr}");
                assert!(
                    stderr.starts_with("error: interrupted (SIG") && stderr.lines().count() == 1,
                    "after {delay_ms} ms: {stderr}"
                );
                // The signal may come once every file is written, as the report is printed:
                // then the error says so, and the change stays.
                let expected = if stderr.ends_with("the change was written already\n") {
                    &new
                } else {
                    &old
                };
                assert!(
                    now == *expected,
                    "after {delay_ms} ms, exit {code}: a file changed or was left\n{stderr}"
                );
            }
            other => panic!("after {delay_ms} ms: exit {other:?}\n{stderr}"),
        }
        // Back to the old texts for the next run.
        if now == new {
            for (file, text) in &old {
                std::fs::write(p.path(file), text).unwrap();
            }
        }
    }
}

//! Nothing is lost, whatever happens: failed writes, files changed behind our back, concurrent
//! processes, a process killed in the middle of a bulk edit, hostile input and names.

use std::collections::BTreeMap;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{Fixture, Run};

const PROJECT: &str = "name: p\nserviceSecrets: [tls]\n";

fn service(name: &str) -> String {
    format!(
        "# {name}\nname: {name}\ndockerImage: acme/{name}:1.0.0\nadditionalContainers:\n  - name: envoy   # proxy\n    dockerImage: envoyproxy/envoy:v1.31.0\n    resources:\n      cpuLimits: {{min: 50m, max: 200m}}\n"
    )
}

fn project(n: usize) -> Fixture {
    let p = Fixture::project(&[("sidecarctl.yaml", PROJECT)]);
    for i in 0..n {
        p.write(
            &format!("services/s{i:04}.yaml"),
            service(&format!("s{i:04}")),
        );
    }
    p
}

/// Runs `edit envoy --all` on a project of `n` services with a test hook naming `file`, checks
/// the error line, and returns the project's files before and after.
fn hooked_edit(n: usize, hook: &str, file: &str, error: &str) -> [BTreeMap<String, Vec<u8>>; 2] {
    let p = project(n);
    let before = p.snapshot();
    let run =
        Run::of(
            p.cmd()
                .env(hook, file)
                .args(["edit", "envoy", "--all", "--cpu-limit", "300m"]),
        );
    run.code(1).stderr_line_starting(error);
    [before, p.snapshot()]
}

const FAIL_WRITE: &str = "SIDECARCTL_TEST_FAIL_WRITE";
const TOUCH: &str = "SIDECARCTL_TEST_TOUCH_BEFORE_WRITE";

#[test]
fn a_write_failing_midway_leaves_the_project_as_it_was() {
    // The second of three files fails to write: the first must not stay changed.
    let [before, after] = hooked_edit(
        3,
        FAIL_WRITE,
        "services/s0001.yaml",
        "error: cannot write services/s0001.yaml: injected failure; nothing was changed",
    );
    assert_eq!(after, before, "the project changed after a failed write");
}

#[test]
fn a_write_failing_after_the_first_thousand_files_puts_them_back() {
    // Files are written and renamed a thousand at a time: a failure in the second round comes
    // after the first round already replaced its files.
    let [before, after] = hooked_edit(
        1200,
        FAIL_WRITE,
        "services/s1100.yaml",
        "error: cannot write services/s1100.yaml: injected failure; the files already replaced were put back",
    );
    assert_eq!(after, before, "the project changed after a failed write");
}

/// `before` with the other program's line added to `file`.
fn touched(mut before: BTreeMap<String, Vec<u8>>, file: &str) -> BTreeMap<String, Vec<u8>> {
    before
        .get_mut(file)
        .unwrap()
        .extend_from_slice(b"# edited by someone else\n");
    before
}

#[test]
fn a_file_changed_after_it_was_read_is_not_overwritten() {
    // The other program's change is kept, and no file gets our edit.
    let file = "services/s0001.yaml";
    let [before, after] = hooked_edit(
        2,
        TOUCH,
        file,
        "error: services/s0001.yaml changed on disk while sidecarctl was working; nothing was changed",
    );
    assert_eq!(after, touched(before, file));
}

#[test]
fn a_file_changed_while_earlier_files_were_written_is_not_overwritten() {
    // The first thousand files are already replaced when the other program's edit is found.
    let file = "services/s1100.yaml";
    let [before, after] = hooked_edit(
        1200,
        TOUCH,
        file,
        "error: services/s1100.yaml changed on disk while sidecarctl was working; the files already replaced were put back",
    );
    assert_eq!(after, touched(before, file));
}

#[test]
fn permissions_are_kept() {
    use std::os::unix::fs::PermissionsExt;
    let p = project(1);
    let path = p.path("services/s0000.yaml");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    p.run(&["edit", "envoy", "--all", "--cpu-limit", "300m"])
        .success();
    assert!(p.read("services/s0000.yaml").contains("max: 300m"));
    assert_eq!(
        std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o640
    );
}

#[test]
fn a_link_inside_the_project_stays_a_link() {
    let p = project(1);
    std::fs::create_dir_all(p.path("shared")).unwrap();
    std::fs::write(p.path("shared/s9999.yaml"), service("s9999")).unwrap();
    crate::support::symlink(
        std::path::Path::new("../shared/s9999.yaml"),
        &p.path("services/s9999.yaml"),
    );
    p.run(&["edit", "envoy", "--service", "s9999", "--cpu-limit", "300m"])
        .success();
    assert!(p.path("services/s9999.yaml").is_symlink());
    assert!(p.read("shared/s9999.yaml").contains("max: 300m"));
}

#[test]
fn concurrent_processes_take_turns_and_lose_nothing() {
    let p = project(3);
    let children: Vec<_> = (0..6)
        .map(|i| {
            let mut cmd = Command::new(env!("CARGO_BIN_EXE_sidecarctl"));
            cmd.env("CI", "true")
                .args([
                    "-C",
                    p.root().to_str().unwrap(),
                    "create",
                    &format!("side{i}"),
                ])
                .args(["--image", "acme/side:1.0", "--to", "s0000,s0001,s0002"])
                .stdout(Stdio::null())
                .stderr(Stdio::piped());
            cmd.spawn().unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    for i in 0..3 {
        let text = p.read(&format!("services/s{i:04}.yaml"));
        for n in 0..6 {
            assert!(
                text.contains(&format!("- name: side{n}\n")),
                "side{n} lost in s{i:04}:\n{text}"
            );
        }
    }
    p.run(&["validate"]).success();
}

/// Every service file, by name.
fn services(p: &Fixture) -> BTreeMap<String, String> {
    p.snapshot()
        .into_iter()
        .filter(|(k, _)| k.starts_with("services/") && k.ends_with(".yaml"))
        .map(|(k, v)| (k, String::from_utf8(v).unwrap()))
        .collect()
}

#[test]
fn a_bulk_edit_killed_at_any_moment_leaves_every_file_whole() {
    let n = 1500;
    let p = project(n);
    let old = services(&p);
    // What a finished run writes, from a copy.
    let done = project(n);
    done.run(&["edit", "envoy", "--all", "--cpu-limit", "300m"])
        .success();
    let new = services(&done);
    // Kill at spread-out moments: during loading, planning, writing and renaming.
    for delay_ms in [5u64, 40, 90, 150, 220, 300, 420] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_sidecarctl"))
            .env("CI", "true")
            .args([
                "-C",
                p.root().to_str().unwrap(),
                "edit",
                "envoy",
                "--all",
                "--cpu-limit",
                "300m",
                "-q",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        for (file, text) in services(&p) {
            assert!(
                Some(&text) == old.get(&file) || Some(&text) == new.get(&file),
                "{file} is neither the old nor the new text after a kill at {delay_ms} ms:\n{text}"
            );
        }
        // Stray temporary files are ignored by every command...
        p.run(&["validate"]).success();
    }
    // ...and removed by the next change, which completes the edit.
    p.run(&["edit", "envoy", "--all", "--cpu-limit", "300m"])
        .success();
    assert_eq!(services(&p), new);
    let strays: Vec<String> = p
        .snapshot()
        .into_keys()
        .filter(|k| k.contains(".sidecarctl-"))
        .collect();
    assert!(strays.is_empty(), "stray temporary files left: {strays:?}");
}

// --- hostile input -----------------------------------------------------------------------

fn fails_in_time(p: &Fixture, args: &[&str], code: i32) -> Run {
    let before = p.snapshot();
    let start = Instant::now();
    let run = p.run(args);
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "{args:?} took {:?}",
        start.elapsed()
    );
    assert_eq!(run.code, code, "{args:?}: {}", run.stderr);
    // `validate` lists its findings on stdout; every other command fails on stderr.
    let report = if args[0] == "validate" {
        &run.stdout
    } else {
        &run.stderr
    };
    assert!(report.starts_with("error: "), "{args:?}: {report}");
    assert_eq!(p.snapshot(), before, "{args:?} wrote something");
    run
}

#[test]
fn names_that_could_reach_outside_are_usage_errors() {
    let p = project(1);
    for name in [
        "../evil",
        "/etc/passwd",
        "a/b",
        "..",
        "Évil",
        "s 1",
        "s0000;rm",
    ] {
        let run = fails_in_time(&p, &["clone", "envoy", "--from", "s0000", "--to", name], 2);
        assert!(
            run.stderr.contains("not a valid service name"),
            "{name}: {}",
            run.stderr
        );
        fails_in_time(
            &p,
            &["edit", "envoy", "--service", name, "--cpu-limit", "1"],
            2,
        );
        fails_in_time(&p, &["create", name, "--image", "x:1", "--to", "s0000"], 2);
    }
}

#[test]
fn a_bom_tabs_a_huge_file_and_deep_nesting_fail_cleanly() {
    let p = project(1);
    // A BOM before the document is allowed by YAML and read as nothing.
    p.write(
        "services/bom.yaml",
        "\u{feff}name: bom\ndockerImage: acme/bom:1\n",
    );
    p.run(&["list"]).success();
    // Tabs for indentation are not YAML.
    p.write(
        "services/tabs.yaml",
        "name: tabs\ndockerImage: acme/tabs:1\nadditionalContainers:\n\t- name: x\n",
    );
    let run = fails_in_time(&p, &["list"], 1);
    assert!(
        run.stderr.contains("services/tabs.yaml:4:"),
        "{}",
        run.stderr
    );
    std::fs::remove_file(p.path("services/tabs.yaml")).unwrap();
    // 20 MB: refused before parsing.
    let big = format!(
        "name: big\ndockerImage: acme/big:1\n{}",
        "# padding padding padding padding\n".repeat(600_000)
    );
    p.write("services/big.yaml", big);
    let run = fails_in_time(&p, &["list"], 1);
    assert!(
        run.stderr.contains("services/big.yaml") && run.stderr.contains("refused"),
        "{}",
        run.stderr
    );
    std::fs::remove_file(p.path("services/big.yaml")).unwrap();
    // 100,000 levels of nesting.
    p.write(
        "services/deep.yaml",
        format!(
            "name: deep\nx: {}{}\n",
            "[".repeat(100_000),
            "]".repeat(100_000)
        ),
    );
    let run = fails_in_time(&p, &["validate"], 1);
    assert!(
        run.stdout.contains("services/deep.yaml:2:"),
        "{}",
        run.stdout
    );
}

#[test]
fn edits_on_a_broken_project_write_nothing() {
    let p = project(2);
    p.write(
        "services/s0001.yaml",
        "name: s0001\ndockerImage: [unclosed\n",
    );
    fails_in_time(&p, &["edit", "envoy", "--all", "--cpu-limit", "300m"], 1);
    fails_in_time(&p, &["delete", "envoy", "--all", "--yes"], 1);
}

#[test]
fn empty_and_multi_document_files_are_refused_with_their_name() {
    let p = project(1);
    p.write("services/empty.yaml", "");
    let run = fails_in_time(&p, &["list"], 1);
    assert!(run.stderr.contains("services/empty.yaml"), "{}", run.stderr);
    p.write(
        "services/empty.yaml",
        "name: empty\ndockerImage: a:1\n---\nname: other\n",
    );
    let run = fails_in_time(&p, &["list"], 1);
    assert!(
        run.stderr.contains("services/empty.yaml:3:"),
        "{}",
        run.stderr
    );
}

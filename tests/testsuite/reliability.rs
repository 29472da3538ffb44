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

/// Runs `edit envoy --all` on a project of `n` services with test hooks (variable, file),
/// checks the error line, and returns the project's files before and after.
fn hooked_edit(n: usize, hooks: &[(&str, &str)], error: &str) -> [BTreeMap<String, Vec<u8>>; 2] {
    let p = project(n);
    let before = p.snapshot();
    let mut cmd = p.cmd();
    cmd.envs(hooks.iter().copied())
        .args(["edit", "envoy", "--all", "--cpu-limit", "300m"]);
    Run::of(&mut cmd).code(1).stderr_line_starting(error);
    [before, p.snapshot()]
}

const FAIL_WRITE: &str = "SIDECARCTL_TEST_FAIL_WRITE";
const TOUCH: &str = "SIDECARCTL_TEST_TOUCH_BEFORE_WRITE";
const TOUCH_BEFORE_RENAME: &str = "SIDECARCTL_TEST_TOUCH_BEFORE_RENAME";
const TOUCH_AFTER_RENAME: &str = "SIDECARCTL_TEST_TOUCH_AFTER_RENAME";
const TIMES: &str = "SIDECARCTL_TEST_TIMES";

/// `hooks` with the files taken as written just before they were read (each is read again and
/// compared), and as written long before (each is told by its stamp alone).
fn both_ways<'a>(hooks: &[(&'a str, &'a str)]) -> [Vec<(&'a str, &'a str)>; 2] {
    [
        [hooks, &[(TIMES, "recent")]].concat(),
        [hooks, &[(TIMES, "settled")]].concat(),
    ]
}

#[test]
#[cfg_attr(not(debug_assertions), ignore = "test hooks are in debug builds only")]
fn a_write_failing_midway_leaves_the_project_as_it_was() {
    // The second of three files fails to write: the first must not stay changed.
    let [before, after] = hooked_edit(
        3,
        &[(FAIL_WRITE, "services/s0001.yaml")],
        "error: cannot write services/s0001.yaml: injected failure; nothing was changed",
    );
    assert_eq!(after, before, "the project changed after a failed write");
}

#[test]
#[cfg_attr(not(debug_assertions), ignore = "test hooks are in debug builds only")]
fn a_write_failing_after_the_first_thousand_files_puts_them_back() {
    // Files are written and renamed a thousand at a time, each round written while the one
    // before is flushed: a failure in the second round comes before anything is replaced...
    let [before, after] = hooked_edit(
        1200,
        &[(FAIL_WRITE, "services/s1100.yaml")],
        "error: cannot write services/s1100.yaml: injected failure; nothing was changed",
    );
    assert_eq!(after, before, "the project changed after a failed write");
    // ...one in the third round after the first round replaced its files.
    let [before, after] = hooked_edit(
        2200,
        &[(FAIL_WRITE, "services/s2100.yaml")],
        "error: cannot write services/s2100.yaml: injected failure; the files already replaced were put back",
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
#[cfg_attr(not(debug_assertions), ignore = "test hooks are in debug builds only")]
fn a_file_changed_after_it_was_read_is_not_overwritten() {
    // The other program's change is kept, and no file gets our edit.
    let file = "services/s0001.yaml";
    for hooks in both_ways(&[(TOUCH, file)]) {
        let [before, after] = hooked_edit(
            2,
            &hooks,
            "error: services/s0001.yaml changed on disk while sidecarctl was working; nothing was changed",
        );
        assert_eq!(after, touched(before, file), "{hooks:?}");
    }
}

#[test]
#[cfg_attr(not(debug_assertions), ignore = "test hooks are in debug builds only")]
fn a_file_changed_while_earlier_files_were_written_is_not_overwritten() {
    // The first thousand files are already replaced when the other program's edit is found
    // (in the third round: see above).
    let file = "services/s2100.yaml";
    for hooks in both_ways(&[(TOUCH, file)]) {
        let [before, after] = hooked_edit(
            2200,
            &hooks,
            "error: services/s2100.yaml changed on disk while sidecarctl was working; the files already replaced were put back",
        );
        assert_eq!(after, touched(before, file), "{hooks:?}");
    }
}

#[test]
#[cfg_attr(not(debug_assertions), ignore = "test hooks are in debug builds only")]
fn a_file_changed_just_before_its_rename_is_not_overwritten() {
    // The other program writes after the file was checked and its new text written beside
    // it: the last check, just before the rename, sees it.
    let file = "services/s0001.yaml";
    for hooks in both_ways(&[(TOUCH_BEFORE_RENAME, file)]) {
        let [before, after] = hooked_edit(
            3,
            &hooks,
            "error: services/s0001.yaml changed on disk while sidecarctl was working; the files already replaced were put back",
        );
        assert_eq!(after, touched(before, file), "{hooks:?}");
    }
    // Files are renamed on every core: the others may be in place already, and are put back.
    let file = "services/s0000.yaml";
    let [before, after] = hooked_edit(
        3,
        &[(TOUCH_BEFORE_RENAME, file)],
        "error: services/s0000.yaml changed on disk while sidecarctl was working; ",
    );
    assert_eq!(after, touched(before, file));
}

#[test]
#[cfg_attr(not(debug_assertions), ignore = "test hooks are in debug builds only")]
fn putting_files_back_keeps_an_edit_made_after_ours() {
    // s0000 is replaced in the first round, then edited by another program; the third round
    // fails. Putting the first round back must not overwrite that edit.
    let file = "services/s0000.yaml";
    let [before, after] = hooked_edit(
        2200,
        &[
            (TOUCH_AFTER_RENAME, file),
            (FAIL_WRITE, "services/s2100.yaml"),
        ],
        "error: cannot write services/s2100.yaml: injected failure; the files already replaced were put back, except services/s0000.yaml (changed since by another program: left as it is)",
    );
    let kept = String::from_utf8(after[file].clone()).unwrap();
    assert!(
        kept.contains("max: 300m") && kept.ends_with("\n# edited by someone else\n"),
        "{kept}"
    );
    let others = |m: &BTreeMap<String, Vec<u8>>| {
        let mut m = m.clone();
        m.remove(file);
        m
    };
    assert_eq!(others(&after), others(&before));
}

#[test]
#[cfg_attr(not(debug_assertions), ignore = "test hooks are in debug builds only")]
fn a_new_file_created_meanwhile_by_another_program_is_not_overwritten() {
    let p = Fixture::example();
    let item = "marketplace/edge-proxy.yaml";
    let before = p.snapshot();
    let run = Run::of(
        p.cmd()
            .env(TOUCH_BEFORE_RENAME, item)
            .args(["marketplace", "publish", "envoy", "--service", "orders"])
            .args(["--item-id", "edge-proxy"]),
    );
    run.code(1).stderr_line_starting(
        "error: marketplace/edge-proxy.yaml was created while sidecarctl was working; nothing was changed",
    );
    let mut expected = before;
    expected.insert(item.into(), b"# edited by someone else\n".to_vec());
    assert_eq!(p.snapshot(), expected);
}

// --- read-only files and folders -----------------------------------------------------------

fn chmod(p: &Fixture, rel: &str, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p.path(rel), std::fs::Permissions::from_mode(mode)).unwrap();
}

fn mode(p: &Fixture, rel: &str) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p.path(rel)).unwrap().permissions().mode() & 0o777
}

/// Runs `args`, expects exit 1 with `error` and `hint` on stderr, and checks nothing changed.
fn refused(p: &Fixture, args: &[&str], error: &str, hint: &str) {
    let before = p.snapshot();
    p.run(args).code(1).stderr_line(error).stderr_line(hint);
    assert_eq!(p.snapshot(), before, "{args:?} wrote something");
}

/// `create` to every service and `delete --all`: planned in batches, they keep no file's old
/// text until the write (each file is read again then, and must be the one planned from).
/// Runs each on a project of `n` services with `hooks`, checks the error line, and returns the
/// project's files before and after.
fn hooked_bulk(
    n: usize,
    hooks: &[(&str, &str)],
    error: &str,
) -> Vec<[BTreeMap<String, Vec<u8>>; 2]> {
    let every: Vec<String> = (0..n).map(|i| format!("s{i:04}")).collect();
    let every = every.join(",");
    let commands: [&[&str]; 2] = [
        &["create", "log", "--image", "acme/log:1", "--to", &every],
        &["delete", "envoy", "--all", "--yes"],
    ];
    commands
        .iter()
        .map(|args| {
            let p = project(n);
            let before = p.snapshot();
            let mut cmd = p.cmd();
            cmd.envs(hooks.iter().copied()).args(*args);
            Run::of(&mut cmd).code(1).stderr_line_starting(error);
            [before, p.snapshot()]
        })
        .collect()
}

#[test]
#[cfg_attr(not(debug_assertions), ignore = "test hooks are in debug builds only")]
fn a_bulk_change_that_kept_no_old_text_is_checked_and_put_back_the_same_way() {
    // A failure after the first round replaced its files: each is made old again from our
    // text, byte for byte.
    for [before, after] in hooked_bulk(
        2200,
        &[(FAIL_WRITE, "services/s2100.yaml")],
        "error: cannot write services/s2100.yaml: injected failure; the files already replaced were put back",
    ) {
        assert_eq!(after, before, "the project changed after a failed write");
    }
    // Another program's edit, told by the file's times or by its bytes read again.
    let file = "services/s2100.yaml";
    for hooks in both_ways(&[(TOUCH, file)]) {
        for [before, after] in hooked_bulk(
            2200,
            &hooks,
            "error: services/s2100.yaml changed on disk while sidecarctl was working; the files already replaced were put back",
        ) {
            assert_eq!(after, touched(before, file), "{hooks:?}");
        }
    }
    // An edit made after ours is kept when the rest is put back.
    let file = "services/s0000.yaml";
    for [before, after] in hooked_bulk(
        2200,
        &[
            (TOUCH_AFTER_RENAME, file),
            (FAIL_WRITE, "services/s2100.yaml"),
        ],
        "error: cannot write services/s2100.yaml: injected failure; the files already replaced were put back, except services/s0000.yaml",
    ) {
        assert!(after[file].ends_with(b"\n# edited by someone else\n"));
        assert_ne!(after[file], touched(before.clone(), file)[file]);
        let others = |m: &BTreeMap<String, Vec<u8>>| {
            let mut m = m.clone();
            m.remove(file);
            m
        };
        assert_eq!(others(&after), others(&before));
    }
}

#[test]
fn a_read_only_file_is_refused_before_anything_is_written() {
    // The file is in the second round of writes, and a killed run's temporary file waits to
    // be removed: the refusal comes before both. Tests run as root here and in CI, which the
    // system lets write anything: the owner's write bit is what counts.
    let p = project(1200);
    p.write("services/.s0000.yaml.sidecarctl-4242.tmp", "half a file");
    chmod(&p, "services/s1100.yaml", 0o444);
    refused(
        &p,
        &["edit", "envoy", "--all", "--cpu-limit", "300m"],
        "error: cannot write services/s1100.yaml: the file is read-only; nothing was changed",
        "hint: make it writable (`chmod u+w services/s1100.yaml`) and run the command again",
    );
    assert_eq!(mode(&p, "services/s1100.yaml"), 0o444);
    // Only the owner's bit: a file the owner may write is written, keeping its mode.
    chmod(&p, "services/s1100.yaml", 0o604);
    p.run(&["edit", "envoy", "--all", "--cpu-limit", "300m"])
        .success();
    assert!(p.read("services/s1100.yaml").contains("max: 300m"));
    assert_eq!(mode(&p, "services/s1100.yaml"), 0o604);
}

#[test]
fn a_read_only_file_behind_a_link_is_refused() {
    let p = project(1);
    p.write("shared/s9999.yaml", service("s9999"));
    crate::support::symlink(
        std::path::Path::new("../shared/s9999.yaml"),
        &p.path("services/s9999.yaml"),
    );
    chmod(&p, "shared/s9999.yaml", 0o444);
    refused(
        &p,
        &["edit", "envoy", "--all", "--cpu-limit", "300m"],
        "error: cannot write services/s9999.yaml: the file is read-only; nothing was changed",
        "hint: make it writable (`chmod u+w services/s9999.yaml`) and run the command again",
    );
}

#[test]
fn a_read_only_folder_is_refused() {
    // Replacing a file creates a temporary file beside it: its folder must be writable.
    let p = project(2);
    chmod(&p, "services", 0o555);
    refused(
        &p,
        &["edit", "envoy", "--all", "--cpu-limit", "300m"],
        "error: cannot write services/s0000.yaml: the folder services is read-only; nothing was changed",
        "hint: make it writable (`chmod u+w services`) and run the command again",
    );
    chmod(&p, "services", 0o755);
}

#[test]
fn a_new_file_in_a_read_only_folder_is_refused() {
    let p = Fixture::example();
    chmod(&p, "marketplace", 0o555);
    refused(
        &p,
        &[
            "marketplace",
            "publish",
            "envoy",
            "--service",
            "orders",
            "--item-id",
            "edge",
        ],
        "error: cannot write marketplace/edge.yaml: the folder marketplace is read-only; nothing was changed",
        "hint: make it writable (`chmod u+w marketplace`) and run the command again",
    );
    chmod(&p, "marketplace", 0o755);
}

#[test]
fn a_read_only_project_file_is_refused() {
    // The item's secret is not declared: creating it also adds the secret to the project file.
    let p = Fixture::example();
    let project = p.read("sidecarctl.yaml");
    let line = "  - es-credentials   # Elasticsearch user, password and CA used by fluent-bit\n";
    assert!(project.contains(line));
    p.write("sidecarctl.yaml", project.replace(line, ""));
    chmod(&p, "sidecarctl.yaml", 0o444);
    refused(
        &p,
        &[
            "create",
            "--from-marketplace",
            "fluent-bit",
            "--to",
            "users",
        ],
        "error: cannot write sidecarctl.yaml: the file is read-only; nothing was changed",
        "hint: make it writable (`chmod u+w sidecarctl.yaml`) and run the command again",
    );
}

#[test]
fn init_refuses_a_read_only_folder() {
    let p = Fixture::empty();
    std::fs::create_dir(p.path("ro")).unwrap();
    chmod(&p, "ro", 0o555);
    let dir = p.path("ro");
    let error = format!(
        "error: cannot write in {}: the folder is read-only; nothing was changed",
        dir.display()
    );
    refused(
        &p,
        &["init", dir.to_str().unwrap()],
        &error,
        &format!(
            "hint: make it writable (`chmod u+w {}`) and run the command again",
            dir.display()
        ),
    );
    chmod(&p, "ro", 0o755);
}

#[test]
#[cfg_attr(not(debug_assertions), ignore = "test hooks are in debug builds only")]
fn init_failing_midway_removes_what_it_created() {
    // Another program takes the name `marketplace` just before `init` creates that folder: the
    // project file and `services/`, already in place, go again.
    let p = Fixture::empty();
    let mut cmd = p.cmd();
    cmd.env(TOUCH_BEFORE_RENAME, "marketplace")
        .args(["init", "--name", "demo"]);
    Run::of(&mut cmd).code(1).stderr_line(
        "error: marketplace was created while sidecarctl was working; \
         the files already replaced were put back",
    );
    assert!(!p.path("sidecarctl.yaml").exists());
    assert!(
        !p.path("services").exists(),
        "the folder created is removed"
    );
    assert!(
        p.path("marketplace").is_file(),
        "the other program's file stays"
    );
}

// --- temporary files of a killed run --------------------------------------------------------

#[test]
fn temporary_files_of_a_killed_run_are_ignored_then_removed_by_the_next_change() {
    let p = project(2);
    let stray = "services/.s0000.yaml.sidecarctl-4242.tmp";
    let elsewhere = "marketplace/.edge.yaml.sidecarctl-4242.tmp";
    // Someone's own file that merely looks alike is not ours to remove.
    let lookalike = "services/.draft.sidecarctl-notes.tmp";
    p.write(stray, "name: [half a fi");
    p.write(elsewhere, "itemId: [half");
    p.write(lookalike, "my notes\n");
    for args in [
        &["list"][..],
        &["list", "-o", "wide"],
        &["validate"],
        &["show", "envoy", "--service", "s0000"],
        &["containers", "s0000"],
        &["marketplace", "list"],
    ] {
        let run = p.run_read_only(args);
        run.success();
        assert!(
            !run.stdout.contains("sidecarctl-"),
            "{args:?}: {}",
            run.stdout
        );
        assert!(run.stderr.is_empty(), "{args:?}: {}", run.stderr);
    }
    p.run(&["edit", "envoy", "--service", "s0001", "--cpu-limit", "300m"])
        .success();
    let files = p.snapshot();
    assert!(
        !files.contains_key(stray),
        "the stray temporary file is still there"
    );
    assert!(files.contains_key(lookalike), "someone's file was removed");
    // A folder the change did not write into is left for a change that does.
    assert!(files.contains_key(elsewhere));
}

// --- a closed standard output ----------------------------------------------------------------

/// Runs `args` with stdout a pipe whose reader has gone, as in `sidecarctl ARGS | true`. Not
/// through [`Fixture::cmd`]: its runner always gives the child a pipe it reads.
fn with_closed_stdout(p: &Fixture, env: &[(&str, &str)], args: &[&str]) -> Run {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = Command::new(env!("CARGO_BIN_EXE_sidecarctl"))
        .env("CI", "true")
        .env_remove("SIDECARCTL_PROJECT")
        .envs(env.iter().copied())
        .current_dir(p.root())
        .args(args)
        .stdin(Stdio::null())
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::new(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Exit 0, no error and no panic (`--dry-run -o json` still shows its diff on stderr).
#[track_caller]
fn quiet(run: &Run, what: &str) {
    assert!(
        run.code == 0 && !run.stderr.contains("error") && !run.stderr.contains("panicked"),
        "{what}: exit {}\n{}",
        run.code,
        run.stderr
    );
}

#[test]
fn every_command_ends_quietly_when_its_reader_has_gone() {
    let p = Fixture::example();
    let edit = [
        "edit",
        "envoy",
        "--service",
        "orders",
        "--cpu-limit",
        "300m",
    ];
    let mut runs: Vec<Vec<&str>> = vec![
        vec!["--help"],
        vec!["list", "--help"],
        vec!["help", "edit"],
        vec!["--version"],
        vec!["list"],
        vec!["list", "-o", "wide"],
        vec!["list", "-o", "json"],
        vec!["list", "-o", "yaml"],
        vec!["show", "envoy", "--service", "orders"],
        vec!["show", "envoy", "--service", "orders", "-o", "json"],
        vec!["containers", "orders"],
        vec!["validate"],
        vec!["validate", "-o", "json"],
        vec!["marketplace", "list"],
        vec!["marketplace", "show", "fluent-bit", "-o", "yaml"],
        [&["--dry-run"][..], &edit].concat(),
        [&["--dry-run", "-o", "json"][..], &edit].concat(),
    ];
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        runs.push(vec!["completions", shell]);
    }
    let before = p.snapshot();
    for args in &runs {
        let run = with_closed_stdout(&p, &[], args);
        quiet(&run, &format!("{args:?}"));
    }
    assert_eq!(p.snapshot(), before, "a read or a dry run wrote something");
    // Completion: the shell's registration, and the names it asks for.
    let run = with_closed_stdout(&p, &[("COMPLETE", "bash")], &[]);
    quiet(&run, "COMPLETE=bash");
    let callback = [
        ("COMPLETE", "bash"),
        ("_CLAP_COMPLETE_INDEX", "3"),
        ("_CLAP_COMPLETE_COMP_TYPE", "9"),
        ("_CLAP_COMPLETE_SPACE", "true"),
        ("_CLAP_IFS", "\n"),
    ];
    let run = with_closed_stdout(
        &p,
        &callback,
        &["--", "sidecarctl", "list", "--service", ""],
    );
    quiet(&run, "completion callback");
    // A change is written, then its report meets the closed pipe.
    let run = with_closed_stdout(&p, &[], &edit);
    quiet(&run, "edit");
    assert!(p.read("services/orders.yaml").contains("max: 300m"));
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

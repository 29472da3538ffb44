//! The differential fuzz of Kubernetes manifests (`tests/k8s_fuzz.py`): random manifests in
//! every style real files come in, random commands, PyYAML as the judge of the data. CI runs a
//! fixed seed and a few hundred cases; `bench/run.py --fuzz N` runs many more.

use std::path::Path;
use std::process::Command;

/// The seed and case count CI runs: about 20 s on the 2-core development machine.
const SEED: &str = "19";
const CASES: &str = "300";

#[test]
fn random_kubernetes_edits_agree_with_pyyaml() {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/k8s_fuzz.py");
    let out = match Command::new("python3")
        .arg(&script)
        .args(["--bin", env!("CARGO_BIN_EXE_sidecarctl")])
        .args(["--seed", SEED, "--cases", CASES, "--shrink", "1"])
        .env_remove("SIDECARCTL_PROJECT")
        .output()
    {
        Ok(out) => out,
        Err(e) => {
            let ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty());
            assert!(!ci, "python3 cannot run ({e}); .ci/run installs it");
            eprintln!("note: python3 cannot run ({e}); the fuzz is skipped");
            return;
        }
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "the fuzz found failures (each shrunk to a reproducer):\n{stdout}\n{stderr}"
    );
    eprintln!("{stdout}");
}

/// The judge sees what it is there to see: a binary that changes `defaultMode: 0644` to `0645`
/// after each successful command, drops a comment line, or quotes the image of an entry it was
/// not asked to change (the data stays the same), fails the fuzz with those classes.
#[test]
fn the_fuzz_catches_silent_changes_of_data_comments_and_text() {
    let dir = tempfile::TempDir::new().expect("a temporary folder");
    let wrapper = faulty(
        dir.path(),
        "sed -i -e 's/0644/0645/' -e '/^ *# c3$/d' \\\n\
         -e 's|image: example/agent:\\([0-9.]*\\)$|image: \"example/agent:\\1\"|' \"$2\"/*.yaml",
    );
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/k8s_fuzz.py");
    let Ok(out) = Command::new("python3")
        .arg(&script)
        .arg("--bin")
        .arg(&wrapper)
        .args(["--seed", SEED, "--cases", "120", "--shrink", "0"])
        .output()
    else {
        return; // python3 missing: the test above says so
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        !out.status.success(),
        "the fuzz missed both faults:\n{stdout}"
    );
    assert!(
        stdout.contains(":yaml11-scalar-rewritten:") || stdout.contains(":data:"),
        "no data failure reported:\n{stdout}"
    );
    assert!(
        stdout.contains(":comment-lost"),
        "no lost comment reported:\n{stdout}"
    );
    assert!(
        stdout.contains(":other-entry-changed"),
        "no changed entry reported:\n{stdout}"
    );
}

/// The differential fuzz of kustomize overlays (`tests/kustomize_fuzz.py`): random overlays in
/// the forms real ones take, random commands, `kubectl kustomize` as the judge of the result.
/// About 25 s on the 2-core development machine.
const KUSTOMIZE_SEED: &str = "11";
const KUSTOMIZE_CASES: &str = "60";

/// Runs the kustomize fuzz with `bin` as sidecarctl; None when python3 or kubectl is missing
/// outside CI (CI installs both).
fn kustomize_fuzz(bin: &Path, cases: &str) -> Option<std::process::Output> {
    let ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty());
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/kustomize_fuzz.py");
    let out = Command::new("python3")
        .arg(&script)
        .arg("--bin")
        .arg(bin)
        .args(["--seed", KUSTOMIZE_SEED, "--cases", cases])
        .env_remove("SIDECARCTL_PROJECT")
        .output();
    match out {
        // Exit 2: kubectl is not on PATH.
        Ok(out) if out.status.code() == Some(2) => {
            assert!(!ci, "{}", String::from_utf8_lossy(&out.stderr));
            eprintln!("note: kubectl is missing; the kustomize fuzz is skipped");
            None
        }
        Ok(out) => Some(out),
        Err(e) => {
            assert!(!ci, "python3 cannot run ({e}); .ci/run installs it");
            None
        }
    }
}

#[test]
fn random_overlay_changes_render_as_asked() {
    let bin = Path::new(env!("CARGO_BIN_EXE_sidecarctl"));
    let Some(out) = kustomize_fuzz(bin, KUSTOMIZE_CASES) else {
        return;
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "the kustomize fuzz found failures:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!("{stdout}");
}

/// The kustomize judge sees a change it did not ask for: a binary that also raises every
/// `cpu: 100m` of the overlays' patches after each change fails the fuzz.
#[test]
fn the_kustomize_fuzz_catches_a_change_nobody_asked_for() {
    let dir = tempfile::TempDir::new().expect("a temporary folder");
    let wrapper = faulty(
        dir.path(),
        "[ \"$1\" != list ] && sed -i 's/cpu: 100m/cpu: 101m/' overlays/*/*.yaml",
    );
    let Some(out) = kustomize_fuzz(&wrapper, "20") else {
        return;
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        !out.status.success(),
        "the fuzz missed the fault:\n{stdout}"
    );
    assert!(
        stdout.contains("renders otherwise than asked") || stdout.contains("does not name it"),
        "no rendering failure reported:\n{stdout}"
    );
}

/// A `sidecarctl` in `dir` that runs the real one and, when it succeeds, runs the shell
/// command `fault` too: the fault a fuzz must catch.
fn faulty(dir: &Path, fault: &str) -> std::path::PathBuf {
    let wrapper = dir.join("sidecarctl");
    let real = env!("CARGO_BIN_EXE_sidecarctl");
    let script =
        format!("#!/bin/sh\n\"{real}\" \"$@\"\nrc=$?\n[ $rc -eq 0 ] && {fault}\nexit $rc\n");
    std::fs::write(&wrapper, script).expect("write the wrapper");
    let mut perms = std::fs::metadata(&wrapper).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
    std::fs::set_permissions(&wrapper, perms).expect("make the wrapper executable");
    wrapper
}

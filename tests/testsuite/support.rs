//! What every test shares: the binary with a clean environment, projects copied into temporary
//! folders, whole-tree snapshots, and the `in/ → run → out/` case runner.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

/// `tests/fixtures`.
pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The realistic example project, `examples/acme-shop`.
pub fn example_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/acme-shop")
}

/// Environment variables that change what the binary does: removed so the developer's shell
/// cannot leak into a test.
const SCRUBBED_ENV: &[&str] = &[
    "SIDECARCTL_PROJECT",
    "NO_COLOR",
    "CLICOLOR",
    "CLICOLOR_FORCE",
    "COLUMNS",
];

/// No command of the suite takes more than a fraction of a second; a hang fails instead of
/// blocking the run.
const TIMEOUT: Duration = Duration::from_secs(20);

/// The binary with a scrubbed environment, `CI=true`, and a stdin that is not a terminal and is
/// at end of file (assert_cmd hands the child a pipe it closes at once), so nothing is ever
/// asked.
pub fn sidecarctl() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sidecarctl"));
    for var in SCRUBBED_ENV {
        cmd.env_remove(var);
    }
    cmd.env("CI", "true").write_stdin("").timeout(TIMEOUT);
    cmd
}

/// The outcome of one run, with the streams decoded.
#[derive(Debug)]
pub struct Run {
    /// The exit code, or -1 when the process died from a signal (a crash or the timeout).
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn of(cmd: &mut Command) -> Self {
        let out = cmd.output().expect("the binary runs");
        Self {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
        }
    }

    /// Panics, showing both streams, unless the exit code is `code`.
    #[track_caller]
    pub fn code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "unexpected exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// Exit 0.
    #[track_caller]
    pub fn success(&self) -> &Self {
        self.code(0)
    }

    /// stdout parsed as JSON.
    #[track_caller]
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON: {e}\n--- stdout\n{}\n--- stderr\n{}",
                self.stdout, self.stderr
            )
        })
    }

    /// Panics unless stderr holds a line equal to `line`.
    #[track_caller]
    pub fn stderr_line(&self, line: &str) -> &Self {
        assert!(
            self.stderr.lines().any(|l| l == line),
            "stderr has no line {line:?}\n--- stderr\n{}",
            self.stderr
        );
        self
    }

    /// Panics unless some stderr line starts with `prefix`.
    #[track_caller]
    pub fn stderr_line_starting(&self, prefix: &str) -> &Self {
        assert!(
            self.stderr.lines().any(|l| l.starts_with(prefix)),
            "stderr has no line starting with {prefix:?}\n--- stderr\n{}",
            self.stderr
        );
        self
    }
}

/// Copies `src` into `dst` (created as needed): files with their permissions, symbolic links as
/// links.
pub fn copy_tree(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).unwrap_or_else(|e| panic!("create {}: {e}", dst.display()));
    let entries =
        std::fs::read_dir(src).unwrap_or_else(|e| panic!("read dir {}: {e}", src.display()));
    for entry in entries {
        let entry = entry.expect("dir entry");
        let (from, to) = (entry.path(), dst.join(entry.file_name()));
        let kind = entry.file_type().expect("file type");
        if kind.is_symlink() {
            let target = std::fs::read_link(&from).expect("read link");
            symlink(&target, &to);
        } else if kind.is_dir() {
            copy_tree(&from, &to);
        } else {
            std::fs::copy(&from, &to)
                .unwrap_or_else(|e| panic!("copy {} to {}: {e}", from.display(), to.display()));
        }
    }
}

#[cfg(unix)]
pub fn symlink(target: &Path, link: &Path) {
    std::os::unix::fs::symlink(target, link)
        .unwrap_or_else(|e| panic!("symlink {}: {e}", link.display()));
}

#[cfg(windows)]
pub fn symlink(target: &Path, link: &Path) {
    std::os::windows::fs::symlink_file(target, link)
        .unwrap_or_else(|e| panic!("symlink {}: {e}", link.display()));
}

/// Every file below `dir` by its `/`-separated relative path. A symbolic link is recorded as
/// `-> target` rather than followed. Folders themselves are not recorded (Git cannot keep an
/// empty one in a fixture either).
pub fn snapshot_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries {
            let entry = entry.expect("dir entry");
            let path = entry.path();
            let rel = path
                .strip_prefix(root)
                .expect("below root")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            let kind = entry.file_type().expect("file type");
            if kind.is_symlink() {
                let target = std::fs::read_link(&path).expect("read link");
                out.insert(rel, format!("-> {}", target.display()).into_bytes());
            } else if kind.is_dir() {
                walk(root, &path, out);
            } else {
                out.insert(rel, std::fs::read(&path).expect("read file"));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// The default project file of [`Fixture::project`]: declares the secret `tls` (the ConfigMap
/// `cfg` is declared by its folder).
pub const PROJECT_FILE: &str = "name: demo\nserviceSecrets: [tls]\n";

/// A project (or any folder) in a temporary directory, removed when dropped.
pub struct Fixture {
    _tmp: TempDir,
    root: PathBuf,
}

impl Fixture {
    /// A copy of the template folder `template` (for instance a case's `in/`).
    pub fn new(template: impl AsRef<Path>) -> Self {
        let f = Self::empty();
        copy_tree(template.as_ref(), &f.root);
        f
    }

    /// A copy of `examples/acme-shop`.
    pub fn example() -> Self {
        Self::new(example_dir())
    }

    /// An empty folder: no project.
    pub fn empty() -> Self {
        let tmp = tempfile::Builder::new()
            .prefix("sidecarctl-test-")
            .tempdir()
            .expect("temp dir");
        let root = tmp.path().to_path_buf();
        Self { _tmp: tmp, root }
    }

    /// A small project written from string literals: [`PROJECT_FILE`], the ConfigMap folder
    /// `config-maps/cfg/`, an empty `services/`, then `files` (relative path, text), which may
    /// replace the project file.
    pub fn project(files: &[(&str, &str)]) -> Self {
        let f = Self::empty();
        f.write("sidecarctl.yaml", PROJECT_FILE);
        f.write("config-maps/cfg/app.conf", "key = value\n");
        std::fs::create_dir_all(f.path("services")).expect("services/");
        for (rel, text) in files {
            f.write(rel, text);
        }
        f
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// Writes a file, creating its folders.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> &Self {
        let path = self.path(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create parent");
        }
        std::fs::write(&path, contents).unwrap_or_else(|e| panic!("write {rel}: {e}"));
        self
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    pub fn snapshot(&self) -> BTreeMap<String, Vec<u8>> {
        snapshot_tree(&self.root)
    }

    /// `sidecarctl -C <root>`, run from the root.
    pub fn cmd(&self) -> Command {
        let mut cmd = sidecarctl();
        cmd.arg("-C").arg(&self.root).current_dir(&self.root);
        cmd
    }

    /// Runs `sidecarctl -C <root> ARGS…`.
    pub fn run(&self, args: &[&str]) -> Run {
        Run::of(self.cmd().args(args))
    }

    /// Runs `ARGS…` and checks that no file of the project changed.
    #[track_caller]
    pub fn run_read_only(&self, args: &[&str]) -> Run {
        let before = self.snapshot();
        let run = self.run(args);
        assert!(
            before == self.snapshot(),
            "`{}` changed the project",
            args.join(" ")
        );
        run
    }
}

/// Parses a JSON file of `tests/fixtures/expected/`.
pub fn expected_json(name: &str) -> Value {
    let path = fixtures_dir().join("expected").join(name);
    let text =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// A unified diff of two texts, for failure messages.
pub fn text_diff(expected: &str, actual: &str) -> String {
    similar::TextDiff::from_lines(expected, actual)
        .unified_diff()
        .context_radius(3)
        .header("expected", "actual")
        .to_string()
}

// ---------------------------------------------------------------------------------------------
// The case runner.
//
// A case is a folder holding a file `cmd`, e.g. `tests/fixtures/cases/list/table/`:
//   in/      the project before (copied into a temporary folder)
//   cmd      one line: the arguments, split as a POSIX shell splits words (quotes allowed);
//            `-C <project>` is put before them
//   code     the expected exit code
//   stdout   expected stdout, the project's path written as `[ROOT]` (missing: empty)
//   stderr   expected stderr, likewise (missing: empty)
//   out/     the expected project after the run, compared byte for byte (missing: same as in/)
//   stdin    what the command reads on its standard input (missing: nothing, at end of file),
//            e.g. the list of `--targets-from -`
// With `SNAPSHOTS=overwrite`, stdout, stderr and out/ are rewritten from the actual result (out/
// only when it exists or the project changed), and a missing `code` is written; an existing
// `code` is an assertion and is never rewritten.

/// Whether `SNAPSHOTS=overwrite` is set.
pub fn overwrite_snapshots() -> bool {
    std::env::var("SNAPSHOTS").is_ok_and(|v| v == "overwrite")
}

/// Every case folder below `dir`, sorted.
#[allow(dead_code)] // used by tests/cases.rs, which shares this file
pub fn case_dirs(dir: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        if dir.join("cmd").is_file() {
            out.push(dir.to_path_buf());
            return;
        }
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                walk(&entry.path(), out);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, &mut out);
    out.sort();
    out
}

/// Replaces the project's path (as given and as resolved) with `[ROOT]`.
fn redact_root(text: &str, root: &Path) -> String {
    let mut roots = vec![root.display().to_string()];
    if let Ok(real) = root.canonicalize() {
        roots.push(real.display().to_string());
    }
    roots.sort_by_key(|r| std::cmp::Reverse(r.len()));
    roots
        .iter()
        .fold(text.to_string(), |t, r| t.replace(r.as_str(), "[ROOT]"))
}

fn read_or_empty(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

/// Writes `tree` into `dir`, replacing whatever was there.
fn write_tree(dir: &Path, tree: &BTreeMap<String, Vec<u8>>) {
    if dir.exists() {
        std::fs::remove_dir_all(dir).expect("remove old out/");
    }
    std::fs::create_dir_all(dir).expect("create out/");
    for (rel, bytes) in tree {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("create parent");
        match bytes.strip_prefix(b"-> ") {
            Some(target) => symlink(Path::new(&*String::from_utf8_lossy(target)), &path),
            None => std::fs::write(&path, bytes).expect("write out/ file"),
        }
    }
}

/// What differs between two trees, one line per file, with a diff for changed text files.
fn tree_diff(expected: &BTreeMap<String, Vec<u8>>, actual: &BTreeMap<String, Vec<u8>>) -> String {
    let mut msg = String::new();
    for (rel, want) in expected {
        match actual.get(rel) {
            None => writeln!(msg, "  missing: {rel}").unwrap(),
            Some(got) if got != want => {
                writeln!(msg, "  differs: {rel}").unwrap();
                match (std::str::from_utf8(want), std::str::from_utf8(got)) {
                    (Ok(w), Ok(g)) => msg.push_str(&text_diff(w, g)),
                    _ => writeln!(msg, "  (binary)").unwrap(),
                }
            }
            Some(_) => {}
        }
    }
    for rel in actual.keys().filter(|k| !expected.contains_key(*k)) {
        writeln!(msg, "  unexpected: {rel}").unwrap();
    }
    msg
}

/// Runs one case. `Err` describes every mismatch. With `overwrite`, the snapshots are
/// rewritten instead (a wrong exit code still fails).
pub fn run_case(case: &Path, overwrite: bool) -> Result<(), String> {
    let input = case.join("in");
    if !input.is_dir() {
        return Err("no in/ folder".into());
    }
    let line = std::fs::read_to_string(case.join("cmd")).map_err(|e| format!("cmd: {e}"))?;
    let args = shell_words::split(&line).map_err(|e| format!("cmd: {e}"))?;
    let fixture = Fixture::new(&input);
    // A case that names its own project (`-C project.json`) runs from the root without ours.
    let names_project = args.iter().any(|a| a == "-C" || a == "--project");
    let mut cmd = if names_project {
        let mut cmd = sidecarctl();
        cmd.current_dir(fixture.root());
        cmd
    } else {
        fixture.cmd()
    };
    if let Ok(input) = std::fs::read(case.join("stdin")) {
        cmd.write_stdin(input);
    }
    let run = Run::of(cmd.args(&args));
    let stdout = redact_root(&run.stdout, fixture.root());
    let stderr = redact_root(&run.stderr, fixture.root());
    let actual_tree = fixture.snapshot();
    let out_dir = case.join("out");
    let input_tree = snapshot_tree(&input);
    let independent = if out_dir.is_dir() || (overwrite && actual_tree != input_tree) {
        let name = sidecar_of(&args);
        independent_check(&input, fixture.root(), &input_tree, &actual_tree, name)
    } else {
        Ok(())
    };

    let mut problems = String::new();
    match std::fs::read_to_string(case.join("code")) {
        Ok(code) => match code.trim().parse::<i32>() {
            Ok(want) if want == run.code => {}
            Ok(want) => writeln!(problems, "exit code: expected {want}, got {}", run.code).unwrap(),
            Err(_) => writeln!(problems, "`code` is not a number: {code:?}").unwrap(),
        },
        Err(_) if overwrite => {
            std::fs::write(case.join("code"), format!("{}\n", run.code)).expect("write code")
        }
        Err(_) => writeln!(problems, "no `code` file (got exit code {})", run.code).unwrap(),
    }

    if overwrite {
        std::fs::write(case.join("stdout"), &stdout).expect("write stdout");
        std::fs::write(case.join("stderr"), &stderr).expect("write stderr");
        if out_dir.exists() || actual_tree != input_tree {
            write_tree(&out_dir, &actual_tree);
        }
    } else {
        for (name, actual) in [("stdout", &stdout), ("stderr", &stderr)] {
            let expected = read_or_empty(&case.join(name));
            if &expected != actual {
                writeln!(
                    problems,
                    "{name} differs:\n{}",
                    text_diff(&expected, actual)
                )
                .unwrap();
            }
        }
        let expected_tree = if out_dir.is_dir() {
            snapshot_tree(&out_dir)
        } else {
            input_tree
        };
        if expected_tree != actual_tree {
            let which = if out_dir.is_dir() {
                "out/"
            } else {
                "in/ (no out/)"
            };
            writeln!(
                problems,
                "project differs from {which}:\n{}",
                tree_diff(&expected_tree, &actual_tree)
            )
            .unwrap();
        }
    }
    if let Err(e) = independent {
        writeln!(problems, "{e}").unwrap();
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// The sidecar a changing command is about: the word after the command
/// (`create NAME`, `clone NAME`, `edit NAME`, `delete NAME`). `None` when the command line
/// leaves it implicit (`clone --from S`, `create --from-marketplace ITEM`): then the check
/// infers it, and requires that entries of one name at most changed.
fn sidecar_of(words: &[String]) -> Option<String> {
    let at = words
        .iter()
        .position(|w| matches!(w.as_str(), "create" | "clone" | "edit" | "delete"))?;
    words
        .get(at + 1)
        .filter(|w| !w.starts_with('-'))
        .map(|w| w.to_string())
}

/// Reads every changed YAML file before and after with libyaml (python3's PyYAML, an
/// implementation that is not ours), and every changed JSON file with python3's `json`, so one
/// misreading in our parser cannot hide a data change. A service file may change only in its
/// entries named `name`: everything outside `additionalContainers` is equal, and the entries of
/// other names are equal and in the same order; in a Console project file the same holds for
/// each service, and `configMaps`/`serviceSecrets` may only gain entries. Any other YAML file
/// (project file, marketplace item) must at least parse.
fn independent_check(
    input: &Path,
    output: &Path,
    before: &BTreeMap<String, Vec<u8>>,
    after: &BTreeMap<String, Vec<u8>>,
    name: Option<String>,
) -> Result<(), String> {
    let files: Vec<Value> = after
        .iter()
        .filter(|(rel, bytes)| {
            [".yaml", ".yml", ".json"].iter().any(|e| rel.ends_with(e))
                && before.get(*rel) != Some(*bytes)
        })
        .map(|(rel, _)| {
            let old = before
                .contains_key(rel)
                .then(|| input.join(rel).display().to_string());
            serde_json::json!([rel, old, output.join(rel).display().to_string()])
        })
        .collect();
    if files.is_empty() {
        return Ok(());
    }
    let request = serde_json::json!({"name": name, "files": files}).to_string();
    libyaml_check(&request)
}

/// Runs [`LIBYAML_CHECK`] on `request`; its stdout lists the problems, one a line.
pub fn libyaml_check(request: &str) -> Result<(), String> {
    use std::io::Write as _;
    let mut child = std::process::Command::new("python3")
        .args(["-c", LIBYAML_CHECK])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("python3 is needed for the libyaml check of written files: {e}"))?;
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(request.as_bytes())
        .expect("write to python3");
    let out = child.wait_with_output().expect("python3 runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    match out.status.code() {
        Some(0) if stdout.trim().is_empty() => Ok(()),
        Some(0) => Err(format!("libyaml check:\n{stdout}")),
        Some(3) => Err(
            "the libyaml check of written files needs PyYAML built with libyaml \
             (`pip install pyyaml`): `import yaml` / `yaml.CSafeLoader` failed"
                .into(),
        ),
        _ => Err(format!(
            "the libyaml check failed to run:\n{}",
            String::from_utf8_lossy(&out.stderr)
        )),
    }
}

/// The libyaml side of [`independent_check`], shared with the property tests.
pub const LIBYAML_CHECK: &str = include_str!("../libyaml_check.py");

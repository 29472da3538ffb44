//! `validate`'s CI reports (`-o github`, `-o sarif`, `-o codeclimate`) on a project in a
//! sub-folder of a repository, exactly; the SARIF log against the SARIF 2.1.0 schema; the CI
//! formats refused by every other command; and the files that plug sidecarctl into CI
//! (`action.yml`, `.pre-commit-hooks.yaml`, the README's "In CI") checked against the binary.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{Fixture, Run, copy_tree, fixtures_dir, sidecarctl};
use crate::surface::snapshot;

const PROJECT_DIR: &str = "deploy/ci-demo";
const FORMATS: [&str; 3] = ["github", "sarif", "codeclimate"];

fn ci_dir() -> PathBuf {
    fixtures_dir().join("ci")
}

fn repo_file(rel: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {rel}: {e}"))
}

/// The fixture project at `deploy/ci-demo/` of a repository (a folder holding `.git/`).
fn repository() -> Fixture {
    let f = Fixture::empty();
    std::fs::create_dir_all(f.path(".git")).unwrap();
    copy_tree(&ci_dir().join("project"), &f.path(PROJECT_DIR));
    f
}

/// `sidecarctl -C <dir> validate -o <format>` run from `cwd`; nothing may change.
fn validate_in(cwd: &Fixture, dir: &str, format: &str) -> Run {
    let before = cwd.snapshot();
    let run = Run::of(
        sidecarctl()
            .current_dir(cwd.root())
            .args(["-C", dir, "validate", "-o", format]),
    );
    assert!(before == cwd.snapshot(), "validate changed the project");
    assert_eq!(run.stderr, "", "reports go to stdout");
    run
}

/// The version of the binary, which changes with every release, as `[VERSION]`.
fn redact_version(text: &str) -> String {
    text.replace(
        &format!("\"version\": \"{}\"", env!("CARGO_PKG_VERSION")),
        "\"version\": \"[VERSION]\"",
    )
}

/// Undoes `%XX` escapes (GitHub's property escapes and URI percent-encoding alike).
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(b) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

fn sarif_validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(ci_dir().join("sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    jsonschema::validator_for(&schema).expect("the SARIF schema compiles")
}

pub(crate) fn sarif_errors(log: &Value) -> Vec<String> {
    sarif_validator()
        .iter_errors(log)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

#[test]
fn github_annotations_name_files_from_the_repository_root() {
    let repo = repository();
    let run = validate_in(&repo, PROJECT_DIR, "github");
    run.code(1);
    snapshot(
        "tests/fixtures/ci/expected/validate.github.txt",
        &run.stdout,
    );
    let commands: Vec<&str> = run.stdout.lines().filter(|l| l.starts_with("::")).collect();
    assert_eq!(commands.len(), 7, "one command per diagnostic");
    for line in commands {
        let file = line
            .split("file=")
            .nth(1)
            .unwrap()
            .split(',')
            .next()
            .unwrap();
        let file = percent_decode(file);
        assert!(repo.path(&file).exists(), "{file} is not a repository path");
    }
}

#[test]
fn sarif_log_is_exact_and_valid() {
    let repo = repository();
    let run = validate_in(&repo, PROJECT_DIR, "sarif");
    run.code(1);
    snapshot(
        "tests/fixtures/ci/expected/validate.sarif.json",
        &redact_version(&run.stdout),
    );
    let log = run.json();
    assert_eq!(sarif_errors(&log), Vec::<String>::new());
    let run0 = &log["runs"][0];
    assert_eq!(run0["tool"]["driver"]["version"], env!("CARGO_PKG_VERSION"));
    // A rule per code found, each with a summary and a help text.
    let rules: Vec<&str> = run0["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            assert!(
                r["shortDescription"]["text"]
                    .as_str()
                    .is_some_and(|t| !t.is_empty())
            );
            assert!(r["help"]["text"].as_str().is_some_and(|t| !t.is_empty()));
            r["id"].as_str().unwrap()
        })
        .collect();
    let results = run0["results"].as_array().unwrap();
    let used: BTreeSet<&str> = results
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    assert_eq!(rules.iter().copied().collect::<BTreeSet<_>>(), used);
    assert_eq!(rules.len(), used.len(), "no rule twice");
    for r in results {
        assert_eq!(
            rules[r["ruleIndex"].as_u64().unwrap() as usize],
            r["ruleId"]
        );
        let uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap();
        assert!(repo.path(&percent_decode(uri)).exists(), "{uri}");
    }
}

#[test]
fn codeclimate_report_is_exact() {
    let repo = repository();
    let run = validate_in(&repo, PROJECT_DIR, "codeclimate");
    run.code(1);
    snapshot(
        "tests/fixtures/ci/expected/validate.codeclimate.json",
        &run.stdout,
    );
    let issues = run.json();
    let issues = issues.as_array().unwrap();
    let fingerprints: BTreeSet<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(fingerprints.len(), issues.len(), "fingerprints are unique");
    for i in issues {
        let path = i["location"]["path"].as_str().unwrap();
        assert!(repo.path(path).exists(), "{path}");
    }
    // The same problems give the same fingerprints in another checkout.
    let again = validate_in(&repository(), PROJECT_DIR, "codeclimate");
    assert_eq!(again.stdout, run.stdout);
}

#[test]
fn without_a_repository_paths_are_relative_to_the_project() {
    let project = Fixture::new(ci_dir().join("project"));
    let run = validate_in(&project, ".", "github");
    run.code(1);
    let expected = std::fs::read_to_string(ci_dir().join("expected/validate.github.txt"))
        .unwrap()
        .replace(&format!("file={PROJECT_DIR}/"), "file=");
    assert_eq!(run.stdout, expected);
    // Run from inside the project's repository without `-C`, the prefix is the same.
    let repo = repository();
    let run = Run::of(
        sidecarctl()
            .current_dir(repo.path(&format!("{PROJECT_DIR}/services")))
            .args(["validate", "-o", "github"]),
    );
    assert_eq!(
        run.stdout,
        std::fs::read_to_string(ci_dir().join("expected/validate.github.txt")).unwrap()
    );
}

#[test]
fn a_valid_project_gives_empty_reports_and_exit_0() {
    let example = Fixture::example();
    let github = validate_in(&example, ".", "github");
    github.success();
    assert_eq!(github.stdout, "The project is valid (0 warning(s)).\n");
    let sarif = validate_in(&example, ".", "sarif");
    sarif.success();
    let log = sarif.json();
    assert_eq!(sarif_errors(&log), Vec::<String>::new());
    assert_eq!(log["runs"][0]["results"], serde_json::json!([]));
    assert_eq!(
        log["runs"][0]["tool"]["driver"]["rules"],
        serde_json::json!([])
    );
    let cc = validate_in(&example, ".", "codeclimate");
    cc.success();
    assert_eq!(cc.stdout, "[]\n");
}

#[test]
fn a_project_file_that_does_not_load_is_reported_in_every_format() {
    let repo = repository();
    repo.write(
        &format!("{PROJECT_DIR}/sidecarctl.yaml"),
        "name: [ci-demo\n",
    );
    let github = validate_in(&repo, PROJECT_DIR, "github");
    github.code(1);
    assert_eq!(
        github.stdout,
        "::error file=deploy/ci-demo/sidecarctl.yaml,line=1,col=7,title=yaml.syntax::unclosed bracket '['\n\
         The project is invalid: 1 error(s), 0 warning(s).\n"
    );
    let sarif = validate_in(&repo, PROJECT_DIR, "sarif");
    sarif.code(1);
    let log = sarif.json();
    assert_eq!(sarif_errors(&log), Vec::<String>::new());
    assert_eq!(log["runs"][0]["results"][0]["ruleId"], "yaml.syntax");
    let cc = validate_in(&repo, PROJECT_DIR, "codeclimate");
    cc.code(1);
    assert_eq!(
        cc.json()[0]["location"]["path"],
        "deploy/ci-demo/sidecarctl.yaml"
    );
}

#[test]
fn the_schema_check_rejects_what_code_scanning_would() {
    let repo = repository();
    let good = validate_in(&repo, PROJECT_DIR, "sarif").json();
    let mut bad = good.clone();
    bad["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!sarif_errors(&bad).is_empty(), "a wrong level is caught");
    let mut bad = good.clone();
    bad["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        0.into();
    assert!(!sarif_errors(&bad).is_empty(), "lines start at 1");
    let mut bad = good;
    bad.as_object_mut().unwrap().remove("version");
    assert!(!sarif_errors(&bad).is_empty(), "the version is required");
}

#[test]
fn other_commands_refuse_the_ci_formats() {
    let commands: &[&[&str]] = &[
        &["list"],
        &["containers", "orders"],
        &["show", "envoy", "--service", "orders"],
        &[
            "edit",
            "envoy",
            "--service",
            "orders",
            "--cpu-limit",
            "400m",
        ],
        &["delete", "envoy", "--all", "--yes"],
        &["marketplace", "list"],
        &["completions", "bash"],
    ];
    let project = Fixture::example();
    for format in FORMATS {
        for args in commands {
            let run = project.run_read_only(&[args, &["-o", format][..]].concat());
            run.code(2);
            assert_eq!(run.stdout, "", "{args:?} -o {format}");
            assert_eq!(
                run.stderr,
                format!(
                    "error: `--output {format}` is a report of `validate`; this command prints table, wide, json or yaml\n\
                     hint: run `sidecarctl validate -o {format}`\n"
                ),
                "{args:?}"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The CI integration files.

fn yaml(text: &str) -> Value {
    let doc = sidecarctl::yaml::parse(text.to_string()).expect("YAML parses");
    sidecarctl::yaml::to_value(&doc, &doc.root).expect("YAML converts")
}

/// A line split into words as a shell would, roughly: quotes group and are removed.
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut quote = None;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.get_or_insert_default().push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                word.get_or_insert_default();
            }
            (None, c) if c.is_whitespace() => words.extend(word.take()),
            (None, c) => word.get_or_insert_default().push(c),
        }
    }
    words.extend(word);
    words
}

/// The arguments of every `sidecarctl …` command in `text`, up to a shell operator or comment.
/// A `$VAR` that is a flag's value becomes `x`; any other is dropped (it holds extra flags).
fn invocations(text: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for line in text.lines() {
        let mut words = shell_words(line);
        if let Some(comment) = words.iter().position(|w| w.starts_with('#')) {
            words.truncate(comment);
        }
        for (i, _) in words.iter().enumerate().filter(|(_, w)| *w == "sidecarctl") {
            let mut args: Vec<String> = Vec::new();
            for w in &words[i + 1..] {
                if w.starts_with('>')
                    || w.starts_with("2>")
                    || ["|", "||", "&&", ";", "<"].contains(&w.as_str())
                {
                    break;
                }
                if w.starts_with('$') {
                    if args.last().is_some_and(|a| a.starts_with('-')) {
                        args.push("x".into());
                    }
                    continue;
                }
                args.push(w.clone());
            }
            out.push(args);
        }
    }
    out
}

/// Every `sidecarctl …` command in `text` is one the binary accepts (unknown flags and values
/// are usage errors even with `--help` at the end).
#[track_caller]
fn assert_commands_parse(text: &str, what: &str) -> usize {
    let all = invocations(text);
    for args in &all {
        let run = Run::of(sidecarctl().args(args).arg("--help"));
        assert_eq!(
            run.code,
            0,
            "{what}: `sidecarctl {}`: {}",
            args.join(" "),
            run.stderr
        );
    }
    all.len()
}

/// Who writes `file`: the arguments of the `sidecarctl … > file` command in `text`.
fn writer_of(text: &str, file: &str) -> Option<String> {
    text.lines()
        .find(|l| l.contains(&format!("> {file}")) && l.contains("sidecarctl "))
        .map(|l| l.to_string())
}

#[test]
fn the_pre_commit_hook_runs_validate() {
    let text = repo_file(".pre-commit-hooks.yaml");
    let hooks = yaml(&text);
    let hooks = hooks.as_array().expect("a list of hooks");
    assert_eq!(hooks.len(), 1);
    let hook = &hooks[0];
    assert_eq!(hook["id"], "sidecarctl-validate");
    assert_eq!(hook["language"], "rust");
    assert_eq!(hook["pass_filenames"], false);
    assert!(hook["name"].as_str().is_some_and(|n| !n.is_empty()));
    assert_eq!(hook["entry"], "sidecarctl validate");
    // pre-commit appends the user's `args` to the entry: `-C DIR` after the command works.
    let entry = format!("{} -C deploy/acme", hook["entry"].as_str().unwrap());
    assert_eq!(assert_commands_parse(&entry, "the hook's entry"), 1);
}

#[test]
fn the_action_builds_caches_and_runs_validate_github() {
    let text = repo_file("action.yml");
    let action = yaml(&text);
    assert!(action["name"].is_string() && action["description"].is_string());
    let inputs = action["inputs"].as_object().unwrap();
    assert_eq!(inputs.keys().collect::<Vec<_>>(), ["project", "args"]);
    assert_eq!(action["inputs"]["project"]["default"], ".");
    assert_eq!(
        action["outputs"]["passed"]["value"],
        "${{ steps.validate.outputs.passed }}"
    );
    assert_eq!(action["runs"]["using"], "composite");
    let steps = action["runs"]["steps"].as_array().unwrap();
    let run_of = |id: &str| {
        steps
            .iter()
            .find(|s| s["id"] == id)
            .unwrap_or_else(|| panic!("no step {id}"))
    };
    let validate = run_of("validate")["run"].as_str().unwrap();
    assert!(validate.contains("sidecarctl -C \"$PROJECT\" validate -o github $ARGS"));
    assert!(validate.contains("echo \"passed=$passed\" >> \"$GITHUB_OUTPUT\""));
    let cache = run_of("cache");
    assert!(
        cache["uses"]
            .as_str()
            .unwrap()
            .starts_with("actions/cache@")
    );
    assert_eq!(cache["with"]["key"], "${{ steps.build.outputs.key }}");
    let build = steps
        .iter()
        .find(|s| s["if"] == "steps.cache.outputs.cache-hit != 'true'")
        .expect("a build step skipped on a cache hit");
    assert!(
        build["run"]
            .as_str()
            .unwrap()
            .contains("install --locked --path \"$GITHUB_ACTION_PATH\"")
    );
    // Every expression names a declared input or an earlier step.
    let ids: BTreeSet<&str> = steps.iter().filter_map(|s| s["id"].as_str()).collect();
    for expr in text.split("${{").skip(1) {
        let expr = expr.split("}}").next().unwrap().trim();
        if let Some(rest) = expr.strip_prefix("steps.") {
            assert!(ids.contains(rest.split('.').next().unwrap()), "{expr}");
        } else if let Some(name) = expr.strip_prefix("inputs.") {
            assert!(inputs.contains_key(name), "{expr}");
        }
    }
    let scripts: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    assert_eq!(assert_commands_parse(&scripts.join("\n"), "action.yml"), 1);
}

#[test]
fn the_readme_ci_section_uses_what_exists() {
    let readme = repo_file("README.md");
    let section = readme
        .split("\n## In CI\n")
        .nth(1)
        .expect("README has an In CI section")
        .split("\n## ")
        .next()
        .unwrap();
    let blocks: Vec<&str> = section.split("```").skip(1).step_by(2).collect();
    let yaml_blocks: Vec<Value> = blocks
        .iter()
        .filter_map(|b| b.strip_prefix("yaml\n"))
        .map(yaml)
        .collect();
    assert!(assert_commands_parse(&blocks.join("\n"), "README In CI") >= 8);

    // GitHub: this action, with inputs it declares, and a SARIF upload of a file validate writes.
    let action = yaml(&repo_file("action.yml"));
    let workflow = yaml_blocks
        .iter()
        .find(|b| b.get("jobs").is_some())
        .expect("a GitHub workflow");
    let steps = workflow["jobs"]["validate"]["steps"].as_array().unwrap();
    let ours = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.contains("/sidecarctl@"))
        })
        .expect("the workflow uses the action");
    for key in ours["with"].as_object().unwrap().keys() {
        assert!(action["inputs"].get(key).is_some(), "unknown input {key}");
    }
    let upload = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("github/codeql-action/upload-sarif@"))
        })
        .expect("a SARIF upload");
    let sarif = upload["with"]["sarif_file"].as_str().unwrap();
    assert!(writer_of(section, sarif).is_some_and(|l| l.contains("validate -o sarif")));

    // GitLab: a code-quality report written by validate.
    let gitlab = yaml_blocks
        .iter()
        .find_map(|b| b.as_object()?.values().find(|j| j.get("script").is_some()))
        .expect("a GitLab job");
    let report = gitlab["artifacts"]["reports"]["codequality"]
        .as_str()
        .unwrap();
    assert!(writer_of(section, report).is_some_and(|l| l.contains("validate -o codeclimate")));

    // pre-commit: the hook this repository declares.
    let config = yaml_blocks
        .iter()
        .find(|b| b.get("repos").is_some())
        .expect("a .pre-commit-config.yaml");
    let hook_id = &yaml(&repo_file(".pre-commit-hooks.yaml"))[0]["id"];
    assert_eq!(&config["repos"][0]["hooks"][0]["id"], hook_id);

    // A plain shell.
    assert!(
        blocks.iter().any(|b| b.starts_with("sh\n")),
        "a shell example"
    );
}

#[test]
fn the_command_scan_finds_what_it_should() {
    assert_eq!(
        invocations(
            "  run: sidecarctl -C \"$P\" validate -o sarif > x.sarif || true # c\n- sidecarctl list | jq\nsidecarctl validate -o github $ARGS"
        ),
        [
            vec!["-C", "x", "validate", "-o", "sarif"],
            vec!["list"],
            vec!["validate", "-o", "github"],
        ]
    );
    // And a wrong flag would be caught.
    let run = Run::of(sidecarctl().args(["validate", "-o", "gitlab", "--help"]));
    assert_eq!(run.code, 2);
}

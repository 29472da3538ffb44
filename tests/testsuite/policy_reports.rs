//! The policy (SPEC §9) in every CI report of `validate`: `-o junit` held to the Jenkins JUnit
//! schema (`tests/fixtures/ci/junit-10.xsd`, checked by python3's `xmlschema`, an
//! implementation that is not ours) with consistent counts, and SARIF, GitHub and Code Climate
//! carrying each policy rule (SARIF with its help text, against the SARIF 2.1.0 schema).

use std::collections::BTreeSet;
use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::ci_outputs::sarif_errors;
use crate::support::{Fixture, Run, copy_tree, fixtures_dir};
use crate::surface::snapshot;

const JUNIT_CHECK: &str = include_str!("../junit_check.py");

/// A Kubernetes project whose policy every rule breaks somewhere (a fixture case's `in/`).
fn policy_project() -> Fixture {
    Fixture::new(fixtures_dir().join("cases/k8s-validate/policy_rules/in"))
}

/// `validate -o FORMAT`; nothing may change, and reports go to stdout.
fn validate(f: &Fixture, format: &str) -> Run {
    let run = f.run_read_only(&["validate", "-o", format]);
    assert_eq!(run.stderr, "", "reports go to stdout");
    run
}

/// The JUnit report checked against the schema, and its counts.
#[track_caller]
fn junit_checked(xml: &str) -> Value {
    match junit_check(xml) {
        Ok(v) => v,
        Err(e) => panic!("the JUnit report does not pass the schema:\n{e}\n{xml}"),
    }
}

fn junit_check(xml: &str) -> Result<Value, String> {
    let mut child = Command::new("python3")
        .arg("-c")
        .arg(JUNIT_CHECK)
        .arg(fixtures_dir().join("ci/junit-10.xsd"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 runs the JUnit schema check");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(xml.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    match out.status.success() {
        true => Ok(serde_json::from_str(&stdout).unwrap()),
        false => Err(format!("{stdout}{}", String::from_utf8_lossy(&out.stderr))),
    }
}

/// The counts a report states agree with what it holds.
#[track_caller]
fn assert_consistent(counts: &Value) {
    for level in ["root", "suite"] {
        assert_eq!(
            counts[level]["tests"],
            counts["cases"].to_string(),
            "{counts:#}"
        );
        assert_eq!(
            counts[level]["failures"],
            counts["failing_cases"].to_string(),
            "{counts:#}"
        );
        assert_eq!(counts[level]["errors"], "0", "{counts:#}");
    }
}

#[test]
fn junit_is_a_case_per_service_and_a_failure_per_error() {
    let f = policy_project();
    let run = validate(&f, "junit");
    run.code(1);
    snapshot("tests/fixtures/ci/expected/policy.junit.xml", &run.stdout);
    let counts = junit_checked(&run.stdout);
    assert_consistent(&counts);
    let json = validate(&f, "json").json();
    let listed = f.run(&["services", "-o", "name"]);
    let ids: Vec<&str> = listed.stdout.lines().collect();
    assert_eq!(
        counts["names"],
        serde_json::json!(ids),
        "a case per service"
    );
    let errors = json["errors"].as_u64().unwrap();
    assert_eq!(counts["failures"], errors, "a failure per error");
    // Each failure says where: the file from the project root, the line and the column.
    for text in counts["failure_texts"].as_array().unwrap() {
        let first = text.as_str().unwrap().lines().next().unwrap();
        let mut parts = first.splitn(4, ':');
        let (file, line, column) = (parts.next(), parts.next(), parts.next());
        assert!(f.path(file.unwrap()).is_file(), "{first}");
        assert!(line.unwrap().parse::<u32>().is_ok(), "{first}");
        assert!(column.unwrap().parse::<u32>().is_ok(), "{first}");
    }
}

#[test]
fn junit_of_a_project_with_files_that_do_not_load_and_of_a_valid_one() {
    // The CI demo: a file that does not parse, errors without a line, a file name with `,`.
    let repo = Fixture::empty();
    std::fs::create_dir_all(repo.path(".git")).unwrap();
    copy_tree(
        &fixtures_dir().join("ci/project"),
        &repo.path("deploy/ci-demo"),
    );
    let run = Run::of(crate::support::sidecarctl().current_dir(repo.root()).args([
        "-C",
        "deploy/ci-demo",
        "validate",
        "-o",
        "junit",
    ]));
    run.code(1);
    snapshot("tests/fixtures/ci/expected/validate.junit.xml", &run.stdout);
    let counts = junit_checked(&run.stdout);
    assert_consistent(&counts);
    assert!(
        run.stdout
            .contains("classname=\"deploy/ci-demo/services/broken.yaml\"")
    );
    let valid = validate(&Fixture::example(), "junit");
    valid.success();
    let counts = junit_checked(&valid.stdout);
    assert_consistent(&counts);
    assert_eq!(counts["failing_cases"], 0);
    assert!(counts["cases"].as_u64().unwrap() > 0);
}

#[test]
fn a_malformed_policy_is_a_failure_of_the_project_file() {
    let f = Fixture::new(fixtures_dir().join("cases/k8s-validate/policy_malformed/in"));
    let run = validate(&f, "junit");
    run.code(1);
    let counts = junit_checked(&run.stdout);
    assert_consistent(&counts);
    assert_eq!(counts["names"], serde_json::json!(["sidecarctl.yaml"]));
    assert_eq!(counts["failures"], 6);
}

#[test]
fn the_schema_check_refuses_what_jenkins_would() {
    let good = validate(&policy_project(), "junit").stdout;
    assert!(junit_check(&good).is_ok());
    for bad in [
        good.replacen("<testcase name=", "<testcase nom=", 1),
        good.replacen(
            " failures=\"2\" errors=\"0\" skipped",
            " errors=\"0\" skipped",
            1,
        ),
        good.replacen("<failure ", "<failed ", 1)
            .replacen("</failure>", "</failed>", 1),
    ] {
        assert!(junit_check(&bad).is_err(), "accepted:\n{bad}");
    }
}

#[test]
fn sarif_github_and_codeclimate_carry_the_policy_rules() {
    let f = policy_project();
    let json = validate(&f, "json").json();
    let codes: BTreeSet<String> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .filter(|c| c.starts_with("policy."))
        .collect();
    assert_eq!(codes.len(), 7, "every rule is broken once: {codes:?}");
    let sarif = validate(&f, "sarif");
    sarif.code(1);
    let log = sarif.json();
    assert_eq!(sarif_errors(&log), Vec::<String>::new());
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    for code in &codes {
        let rule = rules.iter().find(|r| r["id"] == code.as_str()).unwrap();
        let help = rule["help"]["text"].as_str().unwrap();
        assert!(help.len() > 40, "{code}: {help}");
    }
    let github = validate(&f, "github");
    let cc = validate(&f, "codeclimate");
    for code in &codes {
        assert!(github.stdout.contains(&format!("title={code}::")), "{code}");
        assert!(
            cc.stdout.contains(&format!("\"check_name\": \"{code}\"")),
            "{code}"
        );
    }
}

#[test]
fn the_policy_init_writes_reads_once_uncommented_in_every_format() {
    for format in ["mia", "kubernetes"] {
        let f = Fixture::empty();
        f.run(&["init", "--name", "shop", "--format", format])
            .success();
        let text = f.read("sidecarctl.yaml");
        assert!(text.contains("\n# policy:\n"), "{text}");
        let uncommented: String = text
            .lines()
            .map(|l| match l {
                "# policy:" => "policy:".to_string(),
                l if l.starts_with("#   ") => l[2..].to_string(),
                l => l.to_string(),
            })
            .map(|l| l + "\n")
            .collect();
        f.write("sidecarctl.yaml", &uncommented);
        let run = validate(&f, "json");
        let report = run.json();
        assert_eq!(
            report["diagnostics"],
            serde_json::json!([]),
            "{format}: {uncommented}"
        );
        run.success();
    }
}

/// The README's `### Policy`, up to the next section.
fn readme_policy() -> String {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let section = readme
        .split("\n### Policy\n")
        .nth(1)
        .expect("a Policy section");
    section.split("\n## ").next().unwrap().to_string()
}

#[test]
fn the_readme_policy_reads_and_its_gates_report_junit() {
    let section = readme_policy();
    let blocks: Vec<&str> = section.split("```").skip(1).step_by(2).collect();
    let policy = blocks
        .iter()
        .find_map(|b| b.strip_prefix("yaml\npolicy:\n"))
        .expect("the example policy");
    let f = Fixture::new(fixtures_dir().join("cases/k8s-validate/policy_rules/in"));
    f.write(
        "sidecarctl.yaml",
        format!("name: shop\nformat: kubernetes\npolicy:\n{policy}"),
    );
    let report = validate(&f, "json").json();
    let codes: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(!codes.contains(&"policy.invalid"), "{report:#}");
    assert!(codes.contains(&"policy.required"), "{codes:?}");
    // GitLab reads the report a `validate -o junit` writes; GitHub keeps it.
    let gitlab = section
        .rsplit("\n  artifacts:")
        .next()
        .and_then(|a| a.split("junit: ").nth(1))
        .and_then(|r| r.lines().next())
        .expect("a GitLab junit report");
    let writes = |file: &str| {
        section
            .lines()
            .any(|l| l.contains("validate -o junit") && l.contains(&format!("> {file}")))
    };
    assert!(writes(gitlab.trim()), "{gitlab}");
    assert!(section.contains("your-org/sidecarctl@main"));
}

#[test]
fn other_commands_refuse_junit() {
    let f = policy_project();
    for args in [
        &["list", "-o", "junit"][..],
        &["services", "-o", "junit"],
        &["drift", "-o", "junit"],
    ] {
        let run = f.run_read_only(args);
        run.code(2);
        assert!(run.stderr.contains("validate -o junit"), "{}", run.stderr);
    }
}

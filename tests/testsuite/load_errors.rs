//! Files that do not load: every read command fails with exit 1 and one `error: FILE:LINE:COL:`
//! line per problem on stderr, all problems of one run together; hostile files fail fast.

use std::time::{Duration, Instant};

use crate::support::{Fixture, Run, symlink};

const GOOD: &str = "name: good\ndockerImage: x/good:1\n";

/// A project with a good service and `services/<file>` holding `bytes`.
fn project_with(file: &str, bytes: &[u8]) -> Fixture {
    let p = Fixture::project(&[("services/good.yaml", GOOD)]);
    p.write(&format!("services/{file}"), bytes);
    p
}

/// Runs `list` and checks the shape of a load failure: exit 1, nothing on stdout, and
/// `problems` error lines followed by the summary line.
#[track_caller]
fn list_fails(p: &Fixture, problems: usize) -> Run {
    let run = p.run_read_only(&["list"]);
    run.code(1);
    assert_eq!(run.stdout, "", "no data on failure");
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), problems + 1, "{}", run.stderr);
    assert!(
        lines.iter().all(|l| l.starts_with("error: ")),
        "{}",
        run.stderr
    );
    assert_eq!(
        lines[problems],
        // `list` changes nothing: its error does not say that nothing was changed.
        format!("error: the project does not load ({problems} problem(s))")
    );
    run
}

#[test]
fn each_broken_file_is_named_with_line_and_column() {
    let cases: [(&str, &[u8], &str); 8] = [
        (
            "syntax.yaml",
            b"name: syntax\n  dockerImage: x:1\n",
            "error: services/syntax.yaml:2:14: ",
        ),
        (
            "bracket.yaml",
            b"name: bracket\ndockerImage: x:1\nadditionalContainers: [\n",
            "error: services/bracket.yaml:3:23: ",
        ),
        (
            "dup.yaml",
            b"name: dup\ndockerImage: x:1\nreplicas: 1\nreplicas: 2\n",
            "error: services/dup.yaml:4:1: duplicate key `replicas` [yaml.duplicate-key]",
        ),
        (
            "type.yaml",
            b"name: type\ndockerImage: x:1\nadditionalContainers: nope\n",
            "error: services/type.yaml:3:23: `additionalContainers` must be a sequence, found a scalar [yaml.wrong-type]",
        ),
        (
            "latin1.yaml",
            b"name: latin1\ndockerImage: \"x\xff\"\n",
            "error: services/latin1.yaml:2:16: file is not valid UTF-8 [file.encoding]",
        ),
        (
            "two-docs.yaml",
            b"name: two-docs\ndockerImage: x:1\n---\nname: other\n",
            "error: services/two-docs.yaml:3:1: the file holds several YAML documents; a file must hold exactly one [yaml.syntax]",
        ),
        (
            "empty.yaml",
            b"",
            "error: services/empty.yaml:1:1: the file holds no YAML document [yaml.syntax]",
        ),
        (
            "scalar.yaml",
            b"just a string\n",
            "error: services/scalar.yaml:1:1: `the service` must be a mapping, found a scalar [yaml.wrong-type]",
        ),
    ];
    for (file, bytes, want) in cases {
        let p = project_with(file, bytes);
        let run = list_fails(&p, 1);
        let first = run.stderr.lines().next().unwrap();
        assert!(first.starts_with(want), "{file}: {first:?}, want {want:?}");
        // The other read commands fail the same way.
        for args in [
            &["show", "x"][..],
            &["containers", "good"],
            &["list", "-o", "json"],
        ] {
            let other = p.run(args);
            other.code(1);
            assert_eq!(other.stderr, run.stderr, "{file}: `{}`", args.join(" "));
            assert_eq!(other.stdout, "");
        }
    }
}

#[test]
fn the_column_counts_characters() {
    // `é` is two bytes; the bad byte is the 10th character of its line.
    let p = project_with("accent.yaml", b"name: \"\xc3\xa9\xff\"\n");
    let run = list_fails(&p, 1);
    run.stderr_line("error: services/accent.yaml:1:9: file is not valid UTF-8 [file.encoding]");
}

#[test]
fn every_broken_file_is_reported_in_one_run() {
    let p = Fixture::project(&[
        ("services/a.yaml", "name: a\ndockerImage: [x\n"),
        ("services/b.yaml", GOOD),
        ("services/c.yaml", "name: c\nname: c\n"),
        ("marketplace/item.yaml", "itemId: item\nresources: nope\n"),
    ]);
    let run = list_fails(&p, 3);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert!(
        lines[0].starts_with("error: marketplace/item.yaml:2:12: "),
        "{}",
        run.stderr
    );
    assert!(
        lines[1].starts_with("error: services/a.yaml:"),
        "{}",
        run.stderr
    );
    assert_eq!(
        lines[2],
        "error: services/c.yaml:2:1: duplicate key `name` [yaml.duplicate-key]"
    );
}

#[test]
fn a_broken_project_file() {
    let p = Fixture::project(&[("sidecarctl.yaml", "name: demo\nname: again\n")]);
    list_fails(&p, 1)
        .stderr_line("error: sidecarctl.yaml:2:1: duplicate key `name` [yaml.duplicate-key]");

    let p = Fixture::project(&[("sidecarctl.yaml", "name: demo\nserviceSecrets: tls\n")]);
    list_fails(&p, 1).stderr_line_starting("error: sidecarctl.yaml:2:17: ");

    let p = Fixture::project(&[("sidecarctl.yaml", "name: demo\nservicesDir: ../elsewhere\n")]);
    list_fails(&p, 1).stderr_line_starting(
        "error: sidecarctl.yaml: `../elsewhere` must be a folder inside the project",
    );
}

#[test]
fn a_service_file_linking_outside_the_project_is_refused() {
    let outside = Fixture::empty();
    outside.write("secret.yaml", "name: linked\ndockerImage: x:1\n");
    let p = Fixture::project(&[("services/good.yaml", GOOD)]);
    symlink(
        &outside.path("secret.yaml"),
        &p.path("services/linked.yaml"),
    );
    let run = list_fails(&p, 1);
    let first = run.stderr.lines().next().unwrap();
    assert!(
        first.starts_with(
            "error: services/linked.yaml: refusing a file that links outside the project"
        ),
        "{first}"
    );

    // A link that stays inside the project is an ordinary file.
    let p = Fixture::project(&[("shared/inside.yaml", "name: inside\ndockerImage: x/i:1\n")]);
    symlink(
        std::path::Path::new("../shared/inside.yaml"),
        &p.path("services/inside.yaml"),
    );
    p.run(&["containers", "inside"]).success();
}

/// Runs `list` on a hostile file: it must fail with an error naming the file, quickly.
#[track_caller]
fn fails_fast(file: &str, text: &str) -> Run {
    let p = project_with(file, text.as_bytes());
    let started = Instant::now();
    let run = p.run(&["list"]);
    let took = started.elapsed();
    assert_eq!(
        run.code, 1,
        "{file}: exit {} (a crash is -1)\n{}",
        run.code, run.stderr
    );
    assert!(took < Duration::from_secs(5), "{file} took {took:?}");
    run.stderr_line_starting(&format!("error: services/{file}:"));
    run
}

#[test]
fn an_alias_bomb_fails_fast() {
    let mut text = String::from(
        "name: bomb\ndockerImage: x:1\nl0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
    );
    for i in 1..=10 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        text.push_str(&format!("l{i}: &a{i} [{refs}]\n"));
    }
    text.push_str("additionalContainers:\n  - name: s\n    dockerImage: y:1\n    payload: *a10\n");
    let run = fails_fast("bomb.yaml", &text);
    assert!(
        run.stderr.contains("[yaml.alias-expansion]"),
        "{}",
        run.stderr
    );
    // And with the bomb out of the way, `show` does not try to expand anything huge.
    let run = fails_fast("bomb.yaml", &text.replace("    payload: *a10\n", ""));
    assert!(
        run.stderr.contains("[yaml.alias-expansion]"),
        "{}",
        run.stderr
    );
}

#[test]
fn aliases_nested_very_deep_fail_fast() {
    let mut text = String::from("name: chain\ndockerImage: x:1\nc0: &c0 [x]\n");
    for i in 1..400 {
        text.push_str(&format!("c{i}: &c{i} [*c{}]\n", i - 1));
    }
    let run = fails_fast("chain.yaml", &text);
    assert!(
        run.stderr.contains("[yaml.alias-expansion]"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_alias_inside_its_own_anchor_fails_without_crashing() {
    for text in [
        "name: loop\ndockerImage: x:1\nx: &l [*l]\n",
        "name: loop\ndockerImage: x:1\nadditionalContainers:\n  - &s\n    name: s\n    dockerImage: y:1\n    <<: *s\n",
        "&r\nname: loop\ndockerImage: x:1\n<<: *r\n",
    ] {
        let run = fails_fast("loop.yaml", text);
        assert!(run.stderr.contains("[yaml.alias-cycle]"), "{}", run.stderr);
    }
}

#[test]
fn aliases_and_merge_keys_within_limits_load() {
    let text = "name: merged\ndockerImage: x:1\nbase: &res\n  cpuLimits: {min: 10m, max: 20m}\nadditionalContainers:\n  - name: s\n    dockerImage: y:1\n    resources:\n      <<: *res\n      memoryLimits: {min: 1Mi, max: 2Mi}\n";
    let p = project_with("merged.yaml", text.as_bytes());
    let v = p.run(&["list", "-o", "json"]).json();
    assert_eq!(
        v["sidecars"][0]["services"][0]["resources"]["cpuLimits"]["max"],
        "20m"
    );
}

#[test]
fn nesting_1000_deep_fails_fast() {
    let flow = format!(
        "name: flow\ndockerImage: x:1\nx: {}{}\n",
        "[".repeat(1000),
        "]".repeat(1000)
    );
    fails_fast("flow.yaml", &flow);
    let flow_maps = format!(
        "name: maps\ndockerImage: x:1\nx: {}1{}\n",
        "{a: ".repeat(1000),
        "}".repeat(1000)
    );
    fails_fast("maps.yaml", &flow_maps);
    let mut block = String::from("name: block\ndockerImage: x:1\nx:\n");
    for depth in 1..=1000 {
        block.push_str(&format!("{}k{depth}:\n", " ".repeat(depth)));
    }
    fails_fast("block.yaml", &block);
    let mut seqs = String::from("name: seqs\ndockerImage: x:1\nx:\n");
    for depth in 1..=1000 {
        seqs.push_str(&format!("{}- \n", "  ".repeat(depth)));
    }
    fails_fast("seqs.yaml", &seqs);
}

#[test]
fn validate_reports_load_errors_on_stdout() {
    let p = project_with("dup.yaml", b"name: dup\nname: dup\n");
    let run = p.run(&["validate"]);
    run.code(1);
    assert_eq!(
        run.stdout,
        "error: services/dup.yaml:2:1: duplicate key `name` [yaml.duplicate-key]\n\
         The project is invalid: 1 error(s), 0 warning(s).\n"
    );
}

//! The integration suite: the binary run as a user runs it.

mod architecture;
mod ci_outputs;
mod console;
mod fuzz;
mod helm;
mod interrupts;
mod kubernetes;
mod kustomize;
mod library_flags;
mod load_errors;
mod manifests;
mod marketplace;
mod policy_reports;
mod prompts;
mod read;
mod reliability;
mod schema;
mod selection;
mod support;
mod surface;
mod validate;
mod values;

/// The case runner of `tests/fixtures/cases/` (whose folders run as tests of their own in
/// `tests/cases.rs`) catches what it must.
mod cases {
    use crate::support::{Fixture, libyaml_check, run_case, snapshot_tree};

    /// A case folder in a temporary directory: `in/` holds `files`; `cmd` and `code` are set.
    fn scratch_case(files: &[(&str, &str)], cmd: &str, code: Option<&str>) -> Fixture {
        let case = Fixture::empty();
        for (rel, text) in files {
            case.write(&format!("in/{rel}"), text);
        }
        case.write("cmd", format!("{cmd}\n"));
        if let Some(code) = code {
            case.write("code", code);
        }
        case
    }

    const SERVICE: (&str, &str) = ("services/a.yaml", "name: a\ndockerImage: x/a:1\n");

    #[test]
    fn the_runner_catches_wrong_output_and_exit_codes() {
        let case = scratch_case(
            &[("sidecarctl.yaml", "name: p\n"), SERVICE],
            "list",
            Some("1"),
        );
        case.write("stdout", "something else\n");
        case.write("stderr", "");
        let err = run_case(case.root(), false).unwrap_err();
        assert!(err.contains("exit code: expected 1, got 0"), "{err}");
        assert!(err.contains("stdout differs"), "{err}");
        assert!(err.contains("+No sidecars found."), "{err}");
        assert!(!err.contains("stderr differs"), "{err}");
        assert!(!err.contains("project differs"), "{err}");
    }

    #[test]
    fn the_runner_feeds_a_case_its_stdin() {
        let files = [
            ("sidecarctl.yaml", "name: p\n"),
            SERVICE,
            ("services/b.yaml", "name: b\ndockerImage: x/b:1\n"),
        ];
        let case = scratch_case(&files, "services --targets-from - -o name", Some("0"));
        case.write("stdin", "# only one\nb\n");
        case.write("stdout", "b\n");
        run_case(case.root(), false).expect("the list on stdin names one service");
    }

    #[test]
    fn the_runner_compares_the_whole_tree() {
        let case = scratch_case(
            &[("README.md", "hello\n")],
            "-q init --name demo",
            Some("0"),
        );
        let err = run_case(case.root(), false).unwrap_err();
        assert!(err.contains("project differs from in/ (no out/)"), "{err}");
        assert!(err.contains("unexpected: sidecarctl.yaml"), "{err}");

        // An out/ that lacks a file, or holds a different one.
        case.write("out/README.md", "hello, world\n");
        case.write("out/sidecarctl.yaml", "name: demo\n");
        case.write("out/extra.txt", "x");
        let err = run_case(case.root(), false).unwrap_err();
        assert!(err.contains("differs: README.md"), "{err}");
        assert!(err.contains("differs: sidecarctl.yaml"), "{err}");
        assert!(err.contains("missing: extra.txt"), "{err}");
    }

    #[test]
    fn overwrite_mode_records_the_actual_result() {
        let case = scratch_case(&[("README.md", "hello\n")], "init --name demo", None);
        run_case(case.root(), true).expect("overwrite accepts anything but a wrong code");
        assert_eq!(case.read("code"), "0\n");
        assert_eq!(case.read("stdout"), "");
        assert!(
            case.read("stderr")
                .starts_with("Created [ROOT]/sidecarctl.yaml\n"),
            "the temporary path is redacted: {}",
            case.read("stderr")
        );
        let out = snapshot_tree(&case.path("out"));
        assert_eq!(
            out.keys().collect::<Vec<_>>(),
            ["README.md", "sidecarctl.yaml"]
        );
        run_case(case.root(), false).expect("the recorded case passes");

        // A read-only case gets no out/; an existing code is kept and still checked.
        let case = scratch_case(
            &[("sidecarctl.yaml", "name: p\n"), SERVICE],
            "list",
            Some("2"),
        );
        let err = run_case(case.root(), true).unwrap_err();
        assert!(err.contains("exit code: expected 2, got 0"), "{err}");
        assert_eq!(case.read("code"), "2");
        assert!(!case.path("out").exists());
        assert_eq!(case.read("stdout"), "No sidecars found.\n");
    }

    /// For a Console project file the second opinion is python3's `json`: only the named
    /// sidecar's entries may change, in any service, and json.dumps output stays json.dumps
    /// output.
    #[test]
    fn the_json_check_sees_other_changes_and_a_lost_style() {
        let old = "{\n  \"services\": {\n    \"a\": {\n      \"additionalContainers\": [],\n      \"name\": \"a\",\n      \"type\": \"custom\"\n    }\n  }\n}";
        let request = |new: &str| {
            serde_json::json!({"name": "x", "texts": [["p.json", old, new]]}).to_string()
        };
        let added = old.replace(
            "[]",
            "[\n        {\n          \"name\": \"x\"\n        }\n      ]",
        );
        libyaml_check(&request(&added)).expect("only `x` was added, in the file's style");
        let err = libyaml_check(&request(&added.replace("\n  ", "\n\t"))).unwrap_err();
        assert!(err.contains("was exactly json.dumps"), "{err}");
        let err = libyaml_check(&request(&added.replace("\"custom\"", "\"other\""))).unwrap_err();
        assert!(
            err.contains("a: outside additionalContainers, ['type'] changed"),
            "{err}"
        );
        let err = libyaml_check(&request(&added.replace(
            "\"name\": \"a\",",
            "\"name\": \"a\",\n      \"name\": \"a\",",
        )))
        .unwrap_err();
        assert!(err.contains("duplicate keys"), "{err}");
    }

    /// The runner's second opinion reads files with libyaml, so it sees the change our own
    /// reader once missed: an entry appended after a block scalar that ended the file without a
    /// final line break gave that scalar a line break (`"hello"` became `"hello\n"`).
    #[test]
    fn the_libyaml_check_sees_what_our_reader_missed() {
        let before = "name: a\ndockerImage: x/a:1\nadditionalContainers:\n  - name: x\n    args:\n      - >\n        hello";
        let after = format!("{before}\n  - name: y\n    dockerImage: y/y:1\n");
        let request = |name: &str, old: &str, new: &str| {
            serde_json::json!({"name": name, "texts": [["a.yaml", old, new]]}).to_string()
        };
        let err = libyaml_check(&request("y", before, &after)).unwrap_err();
        assert!(
            err.contains("a.yaml: entries other than 'y' changed"),
            "{err}"
        );

        // The same edit done right passes; a change outside the list does not.
        let right = after.replacen("- >", "- >-", 1);
        libyaml_check(&request("y", before, &right)).expect("only `y` was added");
        let outside = right.replacen("x/a:1", "x/a:2", 1);
        let err = libyaml_check(&request("y", before, &outside)).unwrap_err();
        assert!(
            err.contains("outside additionalContainers, ['dockerImage'] changed"),
            "{err}"
        );
        let broken = format!("{right}  - [\n");
        let err = libyaml_check(&request("y", before, &broken)).unwrap_err();
        assert!(
            err.contains("libyaml cannot read the written file"),
            "{err}"
        );
    }
}

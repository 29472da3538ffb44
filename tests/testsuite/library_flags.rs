//! The library says what went wrong in its own terms; only the binary names the command line's
//! flags (`src/bin/sidecarctl/errors.rs` words each typed error). This test reads every string
//! literal of the library and fails on a `--flag` (or a short `-C`) in one, listing each.

use crate::architecture::source;

/// What is genuinely no flag of an error, or cannot be worded by the binary, with why.
const ALLOWED: &[(&str, &str)] = &[
    // The advice of a warning about a Job that never completes: a warning is data of the
    // change report (its JSON output too), worded where it is made.
    ("src/ops/clone.rs", "clone it with --native"),
    ("src/ops/create.rs", "add it with --native"),
];

#[test]
fn no_library_message_names_a_flag() {
    let files = source::rust_files("src");
    let mut problems = Vec::new();
    for file in files.iter().filter(|f| !f.starts_with("src/bin/")) {
        if file.ends_with("/tests.rs") || file.contains("/tests/") {
            continue;
        }
        let text = source::read(file);
        // A file's unit tests come last: they name flags in the commands they describe.
        let code = text.split("\n#[cfg(test)]").next().unwrap_or("");
        for (line, literal) in source::string_literals(code) {
            let allowed = ALLOWED
                .iter()
                .any(|(f, text)| f == file && literal.contains(text));
            if !allowed {
                for flag in flags(&literal) {
                    problems.push(format!("{file}:{line}: {flag}"));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} string literal(s) of the library name a CLI flag (give the error a typed variant \
         and word it in src/bin/sidecarctl/errors.rs):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The `--flag`s a literal's text names as a flag of ours: not YAML's `---`, not in a comment
/// line of a file the library writes (`# …`), not in a command shown as an example
/// (`` `miactl project describe --project-id P` ``, `` `sidecarctl create NAME --image IMG` ``:
/// a backquoted span that starts with a command, not with the flag).
fn flags(literal: &str) -> Vec<String> {
    let mut out = Vec::new();
    // Inside a backquoted span, and whether it is a command shown as an example.
    let (mut in_span, mut in_example) = (false, false);
    let text = literal.replace("\\n", "\n");
    for text_line in text.split('\n') {
        let comment = text_line.trim_start_matches(['\\', ' ']).starts_with('#');
        let b = text_line.as_bytes();
        for (i, &c) in b.iter().enumerate() {
            if c == b'`' {
                in_span = !in_span;
                in_example = in_span && b.get(i + 1) != Some(&b'-');
                continue;
            }
            let after_word = i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'-');
            if c != b'-' || after_word || comment || in_example {
                continue;
            }
            // `--image`, or a short flag standing alone: `-C DIR`.
            let long =
                b.get(i + 1) == Some(&b'-') && b.get(i + 2).is_some_and(u8::is_ascii_lowercase);
            let short = b.get(i + 1).is_some_and(u8::is_ascii_alphabetic)
                && b.get(i + 2).is_none_or(|c| b" `,)".contains(c));
            if long || short {
                let len = 1 + b[i + 1..]
                    .iter()
                    .position(|&c| !(c.is_ascii_alphabetic() || c == b'-'))
                    .unwrap_or(b.len() - i - 1);
                out.push(text_line[i..i + len].to_string());
            }
        }
    }
    out
}

#[test]
fn flags_are_told_from_examples_comments_and_yaml() {
    let code = "let a = \"--image: `{img}` is bad\"; // \"--not-this\"\n\
                let b = r#\"pass `--on-conflict skip`\"#; let c = '\"';\n\
                let d = \"run `sidecarctl init \\\n --format console`, `miactl x --project-id P -o json`\";\n\
                let e = \"---\\nkind: Pod\\n# given no --native\\n\"; let f = \"a--b, non-empty\";\n\
                let g = \"pass `-C DIR` or -C FILE\";\n";
    let literals = source::string_literals(code);
    let found: Vec<(usize, Vec<String>)> = literals
        .iter()
        .map(|(line, l)| (*line, flags(l)))
        .filter(|(_, f)| !f.is_empty())
        .collect();
    assert_eq!(
        found,
        vec![
            (1, vec!["--image".to_string()]),
            (2, vec!["--on-conflict".to_string()]),
            (6, vec!["-C".to_string(), "-C".to_string()]),
        ]
    );
    assert_eq!(literals.len(), 6, "{literals:?}");
}

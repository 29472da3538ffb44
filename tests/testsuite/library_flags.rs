//! The library says what went wrong in its own terms; only the binary names the command line's
//! flags (`src/bin/sidecarctl/errors.rs` words each typed error). This test reads every string
//! literal of the library and fails on a `--flag` (or a short `-C`) in one, listing each.

use std::path::Path;

/// What is genuinely no flag of an error, or cannot be worded by the binary, with why.
const ALLOWED: &[(&str, &str)] = &[
    // The advice of a warning about a Job that never completes: a warning is data of the
    // change report (its JSON output too), worded where it is made.
    ("src/ops/clone.rs", "clone it with --native"),
    ("src/ops/create.rs", "add it with --native"),
];

#[test]
fn no_library_message_names_a_flag() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    walk(root, &root.join("src"), &mut files);
    files.sort();
    let mut problems = Vec::new();
    for file in files.iter().filter(|f| !f.starts_with("src/bin/")) {
        if file.ends_with("/tests.rs") || file.contains("/tests/") {
            continue;
        }
        let text = std::fs::read_to_string(root.join(file)).expect("a source file");
        // A file's unit tests come last: they name flags in the commands they describe.
        let code = text.split("\n#[cfg(test)]").next().unwrap_or("");
        for (line, literal) in string_literals(code) {
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

fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).expect("a folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let rel = path.strip_prefix(root).expect("under the root");
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
}

/// The string literals of `code` (normal and raw, comments skipped), each with its first line.
fn string_literals(code: &str) -> Vec<(usize, String)> {
    let b = code.as_bytes();
    let (mut out, mut i, mut line) = (Vec::new(), 0, 1);
    while i < b.len() {
        let end = match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => b[i..]
                .iter()
                .position(|&c| c == b'\n')
                .map_or(b.len(), |p| i + p),
            b'/' if b.get(i + 1) == Some(&b'*') => {
                code[i..].find("*/").map_or(b.len(), |p| i + p + 2)
            }
            // A character literal: `'"'` is no string.
            b'\'' if b.get(i + 2) == Some(&b'\'') => i + 3,
            b'\'' if b.get(i + 1) == Some(&b'\\') && b.get(i + 3) == Some(&b'\'') => i + 4,
            b'"' => {
                let end = string_end(b, i + 1);
                out.push((line, code[i + 1..end - 1].to_string()));
                end
            }
            b'r' if raw_start(b, i).is_some() && (i == 0 || !is_ident(b[i - 1])) => {
                let hashes = raw_start(b, i).unwrap_or(0);
                let close = format!("\"{}", "#".repeat(hashes));
                let start = i + 2 + hashes;
                let end = code[start..].find(&close).map_or(b.len(), |p| start + p);
                out.push((line, code[start..end].to_string()));
                end + close.len()
            }
            _ => i + 1,
        };
        line += b[i..end.min(b.len())]
            .iter()
            .filter(|&&c| c == b'\n')
            .count();
        i = end;
    }
    out
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// The number of `#` of a raw string starting at `i` (`r"`, `r#"`), if one does.
fn raw_start(b: &[u8], i: usize) -> Option<usize> {
    let hashes = b[i + 1..].iter().take_while(|&&c| c == b'#').count();
    (b.get(i + 1 + hashes) == Some(&b'"')).then_some(hashes)
}

fn string_end(b: &[u8], from: usize) -> usize {
    let mut i = from;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    b.len()
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
    let literals = string_literals(code);
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

//! Reading the library's sources the way the architecture tests need: code without comments
//! and literals, its string literals, and every `crate::` path in it, use trees expanded.

use std::path::{Path, PathBuf};

/// The repository's root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.rs` file under `dir` (relative to the root, `/`-separated), sorted.
pub fn rust_files(dir: &str) -> Vec<String> {
    let mut out = Vec::new();
    walk(&root(), &root().join(dir), &mut out);
    out.sort();
    out
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
    let Ok(read) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in read.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let rel = path.strip_prefix(root).expect("under the root");
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
}

pub fn read(file: &str) -> String {
    std::fs::read_to_string(root().join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// `text` with every comment, string and character literal blanked out (line breaks kept, so
/// that byte offsets and line numbers stay those of the file).
pub fn code_only(text: &str) -> String {
    let mut out = text.as_bytes().to_vec();
    for (from, to, _) in not_code(text) {
        for c in &mut out[from..to] {
            if *c != b'\n' {
                *c = b' ';
            }
        }
    }
    String::from_utf8(out).expect("only ASCII bytes were replaced")
}

/// The string literals of `text` (normal and raw), each with the line it starts on.
pub fn string_literals(text: &str) -> Vec<(usize, String)> {
    let (mut line, mut seen) = (1, 0);
    let mut out = Vec::new();
    for (from, _, inner) in not_code(text) {
        if let Some((a, z)) = inner {
            line += text.as_bytes()[seen..from]
                .iter()
                .filter(|&&c| c == b'\n')
                .count();
            seen = from;
            out.push((line, text[a..z].to_string()));
        }
    }
    out
}

/// A byte range of a source that is no code, and for a string the range of its text.
type NotCode = (usize, usize, Option<(usize, usize)>);

/// The byte ranges of `text` that are no code: comments, character literals and strings (a
/// string with the range of its text between the quotes).
fn not_code(text: &str) -> Vec<NotCode> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let (end, inner) = match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => (memchr_line_end(b, i), None),
            b'/' if b.get(i + 1) == Some(&b'*') => (block_comment_end(b, i), None),
            b'"' => {
                let end = string_end(b, i + 1);
                (end, Some((i + 1, end.saturating_sub(1).max(i + 1))))
            }
            b'r' if is_raw_string(b, i) => {
                let hashes = b[i + 1..].iter().take_while(|&&c| c == b'#').count();
                let end = raw_string_end(b, i);
                let start = i + 2 + hashes;
                (
                    end,
                    Some((start, end.saturating_sub(1 + hashes).max(start))),
                )
            }
            b'\'' => match char_literal_end(b, i) {
                Some(end) => (end, None),
                // A lifetime: code.
                None => {
                    i += 1;
                    continue;
                }
            },
            c if c.is_ascii_alphanumeric() || c == b'_' => {
                // A whole identifier, so that an `r` ending one is not read as a raw string.
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                    i += 1;
                }
                continue;
            }
            _ => {
                i += 1;
                continue;
            }
        };
        let end = end.min(b.len());
        out.push((i, end, inner));
        i = end;
    }
    out
}

fn memchr_line_end(b: &[u8], from: usize) -> usize {
    b[from..]
        .iter()
        .position(|&c| c == b'\n')
        .map_or(b.len(), |p| from + p)
}

/// Block comments nest in Rust.
fn block_comment_end(b: &[u8], from: usize) -> usize {
    let (mut depth, mut i) = (0usize, from);
    while i + 1 < b.len() {
        if b[i] == b'/' && b[i + 1] == b'*' {
            depth += 1;
            i += 2;
        } else if b[i] == b'*' && b[i + 1] == b'/' {
            depth -= 1;
            i += 2;
            if depth == 0 {
                return i;
            }
        } else {
            i += 1;
        }
    }
    b.len()
}

/// The end of a string whose text starts at `from` (after its opening quote).
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

fn is_raw_string(b: &[u8], i: usize) -> bool {
    let mut j = i + 1;
    while b.get(j) == Some(&b'#') {
        j += 1;
    }
    b.get(j) == Some(&b'"')
}

fn raw_string_end(b: &[u8], from: usize) -> usize {
    let hashes = b[from + 1..].iter().take_while(|&&c| c == b'#').count();
    let closing: Vec<u8> = std::iter::once(b'"')
        .chain(std::iter::repeat_n(b'#', hashes))
        .collect();
    let start = from + 2 + hashes;
    b[start..]
        .windows(closing.len())
        .position(|w| w == closing.as_slice())
        .map_or(b.len(), |p| start + p + closing.len())
}

/// A character literal (`'a'`, `'\n'`, `'\u{1F600}'`) starting at `from`; None for a lifetime.
fn char_literal_end(b: &[u8], from: usize) -> Option<usize> {
    if b.get(from + 1) == Some(&b'\\') {
        let close = b[from + 2..].iter().position(|&c| c == b'\'')?;
        return Some(from + 2 + close + 1);
    }
    // One character, of up to four bytes, then the closing quote.
    let len = std::str::from_utf8(&b[from + 1..(from + 5).min(b.len())])
        .ok()
        .or_else(|| {
            (1..4)
                .rev()
                .find_map(|n| std::str::from_utf8(&b[from + 1..(from + 1 + n).min(b.len())]).ok())
        })
        .and_then(|s| s.chars().next())
        .map(char::len_utf8)?;
    (b.get(from + 1 + len) == Some(&b'\'')).then_some(from + 2 + len)
}

/// One `crate::` path of a file: where it is and what it names (a use tree gives one per leaf,
/// `crate::format::{mia, kubernetes::pod}` gives `format::mia` and `format::kubernetes::pod`).
#[derive(Debug, Clone)]
pub struct CratePath {
    pub line: usize,
    /// The segments after `crate::`.
    pub segments: Vec<String>,
}

impl CratePath {
    pub fn joined(&self) -> String {
        self.segments.join("::")
    }
}

/// Every `crate::` path in `code` (see [`code_only`]). `$crate` (a macro's) is not one.
pub fn crate_paths(code: &str) -> Vec<CratePath> {
    paths_after(code, "crate::")
}

/// Every path (use tree) following `prefix` in `code`, as [`crate_paths`] reads them.
pub fn paths_after(code: &str, prefix: &str) -> Vec<CratePath> {
    let b = code.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(p) = code[from..].find(prefix) {
        let at = from + p;
        from = at + prefix.len();
        let before = at.checked_sub(1).map(|i| b[i]);
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'$') {
            continue;
        }
        let line = code[..at].matches('\n').count() + 1;
        let mut leaves = Vec::new();
        tree(b, from, Vec::new(), &mut leaves);
        out.extend(
            leaves
                .into_iter()
                .filter(|s| !s.is_empty())
                .map(|segments| CratePath { line, segments }),
        );
    }
    out
}

fn skip_space(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

/// Reads the path (or use tree) starting at `i` after `prefix`, pushing each leaf; returns where
/// it ends.
fn tree(b: &[u8], i: usize, mut prefix: Vec<String>, leaves: &mut Vec<Vec<String>>) -> usize {
    let mut i = skip_space(b, i);
    if b.get(i) == Some(&b'{') {
        i += 1;
        loop {
            i = skip_space(b, i);
            match b.get(i) {
                None => return i,
                Some(b'}') => return i + 1,
                Some(b',') => i += 1,
                Some(_) => {
                    let end = tree(b, i, prefix.clone(), leaves);
                    i = if end == i { i + 1 } else { end };
                }
            }
        }
    }
    let start = i;
    while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'*') {
        i += 1;
    }
    if i == start {
        leaves.push(prefix);
        return i;
    }
    let segment = String::from_utf8_lossy(&b[start..i]).into_owned();
    if segment != "self" {
        prefix.push(segment);
    }
    let next = skip_space(b, i);
    if b[next..].starts_with(b"::") && !b[next + 2..].starts_with(b"<") {
        return tree(b, next + 2, prefix, leaves);
    }
    // `x as y`: the name is `x`; the alias is skipped.
    let mut end = i;
    if b[next..].starts_with(b"as ") {
        end = skip_space(b, next + 3);
        while end < b.len() && (b[end].is_ascii_alphanumeric() || b[end] == b'_') {
            end += 1;
        }
    }
    leaves.push(prefix);
    end
}

#[test]
fn the_reader_sees_code_and_paths_as_the_compiler_does() {
    let text = r##"use crate::{a::{b, c::D}, e as f, self};
// crate::commented
let s = "crate::in_a_string"; let r = r#"crate::raw"#; let c = '"'; fn g<'a>() {}
x = crate::g::h::<T>(1); $crate::macro_path; pub(crate) fn k() {}
"##;
    let code = code_only(text);
    assert!(!code.contains("commented") && !code.contains("in_a_string"));
    assert!(!code.contains("raw") && code.contains("fn g<'a>"));
    let paths: Vec<(usize, String)> = crate_paths(&code)
        .iter()
        .map(|p| (p.line, p.joined()))
        .collect();
    let expected = [(1, "a::b"), (1, "a::c::D"), (1, "e"), (4, "g::h")];
    assert_eq!(paths, expected.map(|(l, p)| (l, p.to_string())), "{code}");
}

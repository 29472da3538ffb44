//! Finding the library's functions and their length, tests left out: a function's lines run
//! from its `fn` to its closing brace (a function nested in it counts in its length too).

use std::collections::BTreeSet;

use super::source::{code_only, read, rust_files};

/// One function of the sources.
#[derive(Debug, PartialEq)]
pub struct Function {
    pub file: String,
    pub name: String,
    /// The line of its `fn`.
    pub line: usize,
    /// From the `fn` line to the closing brace's, both included.
    pub lines: usize,
}

/// Every function with a body under `dirs`, except tests: a `#[test]` or `#[cfg(test)]` item,
/// and the files a `#[cfg(test)] mod name;` declares (with the folder of their submodules).
pub fn functions(dirs: &[&str]) -> Vec<Function> {
    let files: Vec<String> = dirs.iter().flat_map(|d| rust_files(d)).collect();
    let texts: Vec<(String, String)> = files
        .into_iter()
        .map(|f| {
            let code = code_only(&read(&f));
            (f, code)
        })
        .collect();
    let test_modules: BTreeSet<String> = texts
        .iter()
        .flat_map(|(file, code)| test_module_paths(file, code))
        .collect();
    let is_test_file = |file: &str| {
        test_modules
            .iter()
            .any(|m| file == format!("{m}.rs") || file.starts_with(&format!("{m}/")))
    };
    texts
        .iter()
        .filter(|(file, _)| !is_test_file(file))
        .flat_map(|(file, code)| in_file(file, code))
        .collect()
}

/// The functions of one file's code (see [`code_only`]), those of test items left out.
pub fn in_file(file: &str, code: &str) -> Vec<Function> {
    let b = code.as_bytes();
    let tests = test_items(code);
    let mut out = Vec::new();
    for at in keyword_positions(code, "fn") {
        if tests.iter().any(|&(from, to)| (from..to).contains(&at)) {
            continue;
        }
        let name_start = skip_space(b, at + 2);
        let name_end = ident_end(b, name_start);
        // `fn(u8) -> u8` is a type, not a function.
        if name_end == name_start {
            continue;
        }
        // A declaration without a body (`fn f(&self);`) has no length.
        let Some(open) = item_body(b, name_end) else {
            continue;
        };
        let close = matching_brace(b, open);
        out.push(Function {
            file: file.to_string(),
            name: code[name_start..name_end].to_string(),
            line: line_of(code, at),
            lines: line_of(code, close) - line_of(code, at) + 1,
        });
    }
    out
}

/// The byte ranges of the items marked `#[test]` or `#[cfg(test)]`.
fn test_items(code: &str) -> Vec<(usize, usize)> {
    let b = code.as_bytes();
    let mut out = Vec::new();
    for attr in ["#[test]", "#[cfg(test)]"] {
        for (at, _) in code.match_indices(attr) {
            let item = after_attributes(b, at + attr.len());
            let end = match item_body(b, item) {
                Some(open) => matching_brace(b, open),
                None => semicolon(b, item),
            };
            out.push((at, end + 1));
        }
    }
    out
}

/// The paths (without `.rs`) of the modules a file declares as `#[cfg(test)] mod name;`:
/// `src/a/b.rs` declares `src/a/b/name`, `src/a/mod.rs` declares `src/a/name`.
fn test_module_paths(file: &str, code: &str) -> Vec<String> {
    let b = code.as_bytes();
    let dir = match file.rsplit_once('/') {
        Some((dir, "mod.rs" | "lib.rs" | "main.rs")) => dir.to_string(),
        _ => file.strip_suffix(".rs").unwrap_or(file).to_string(),
    };
    let mut out = Vec::new();
    for (at, _) in code.match_indices("#[cfg(test)]") {
        let item = after_attributes(b, at + "#[cfg(test)]".len());
        let rest = &code[item..];
        let Some(decl) = rest
            .strip_prefix("mod ")
            .or_else(|| rest.strip_prefix("pub mod "))
        else {
            continue;
        };
        let decl = decl.trim_start();
        let name_len = ident_end(decl.as_bytes(), 0);
        if decl[name_len..].trim_start().starts_with(';') {
            out.push(format!("{dir}/{}", &decl[..name_len]));
        }
    }
    out
}

/// Where the item after some attributes starts: past further `#[...]` and blank space.
fn after_attributes(b: &[u8], mut i: usize) -> usize {
    loop {
        i = skip_space(b, i);
        if b[i..].starts_with(b"#[") {
            i = matching(b, i + 1, b'[', b']') + 1;
        } else {
            return i;
        }
    }
}

/// The opening brace of an item's body, None when a `;` ends it first (`mod tests;`, `use`).
fn item_body(b: &[u8], from: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, &c) in b.iter().enumerate().skip(from) {
        match c {
            b'(' | b'[' => depth += 1,
            b')' | b']' => depth = depth.saturating_sub(1),
            b'{' if depth == 0 => return Some(i),
            b';' if depth == 0 => return None,
            _ => {}
        }
    }
    None
}

fn semicolon(b: &[u8], from: usize) -> usize {
    b[from..]
        .iter()
        .position(|&c| c == b';')
        .map_or(b.len() - 1, |p| from + p)
}

fn matching_brace(b: &[u8], open: usize) -> usize {
    matching(b, open, b'{', b'}')
}

/// The closer matching the opener at `open` (the last byte if none does).
fn matching(b: &[u8], open: usize, opener: u8, closer: u8) -> usize {
    let mut depth = 0usize;
    for (i, &c) in b.iter().enumerate().skip(open) {
        if c == opener {
            depth += 1;
        } else if c == closer {
            depth -= 1;
            if depth == 0 {
                return i;
            }
        }
    }
    b.len() - 1
}

/// Where `word` occurs as an identifier of its own.
fn keyword_positions<'a>(code: &'a str, word: &'a str) -> impl Iterator<Item = usize> + 'a {
    let b = code.as_bytes();
    let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    code.match_indices(word)
        .map(|(at, _)| at)
        .filter(move |&at| {
            let before = at.checked_sub(1).map(|i| b[i]);
            let after = b.get(at + word.len()).copied();
            !before.is_some_and(ident) && !after.is_some_and(ident)
        })
}

fn skip_space(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

fn ident_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
        i += 1;
    }
    i
}

fn line_of(code: &str, at: usize) -> usize {
    code[..at].matches('\n').count() + 1
}

#[test]
fn functions_are_measured_from_fn_to_closing_brace_tests_left_out() {
    let text = r#"pub fn short(x: fn(u8) -> u8) -> Result<(), [u8; 2]> {
    let s = "fn fake() {";
    x(1);
}
trait T { fn declared(&self); fn provided(&self) { } }
#[cfg(test)]
fn helper() {}
#[test]
#[ignore]
fn a_test() {
}
#[cfg(test)]
mod tests {
    fn inside() {}
}
#[cfg(test)]
mod more;
"#;
    let code = code_only(text);
    let found: Vec<(String, usize, usize)> = in_file("src/x.rs", &code)
        .into_iter()
        .map(|f| (f.name, f.line, f.lines))
        .collect();
    let expected = [("short", 1, 4), ("provided", 5, 1)];
    assert_eq!(found, expected.map(|(n, l, c)| (n.to_string(), l, c)));
    assert_eq!(test_module_paths("src/x.rs", &code), ["src/x/more"]);
    assert_eq!(test_module_paths("src/x/mod.rs", &code), ["src/x/more"]);
}

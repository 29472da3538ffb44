//! ARCHITECTURE.md's layers, enforced: the library's modules import only downwards and in no
//! circle, and only `src/format/` names a format. Each test prints every offending line, so a
//! failure says what is left to move.

mod functions;
pub(crate) mod source;

use std::collections::{BTreeMap, BTreeSet};

use source::{code_only, crate_paths, paths_after, read, rust_files};

/// The library's top-level modules, bottom up: a module may import its own layer's and lower
/// layers' modules, never a higher one's. `yaml`, `route` and `edit` are the document layer
/// (the `sidecarctl-doc` crate, re-exported under those names); a new top-level module must be
/// placed here before the test passes.
const LAYERS: &[&[&str]] = &[
    &["yaml", "route", "edit", "sidecarctl_doc"],
    &[
        "diagnostic",
        "error",
        "names",
        "quantity",
        "free",
        "version",
    ],
    &["model"],
    &["format"],
    &["project"],
    &["select"],
    &["policy"],
    &["change"],
    &["view", "report"],
    &["ops"],
];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// The top-level module a library file belongs to (`src/ops/plan/mod.rs` → `ops`); None for
/// the crate root and the binary.
fn module_of(file: &str) -> Option<&str> {
    let rest = file.strip_prefix("src/")?;
    if rest == "lib.rs" || rest.starts_with("bin/") {
        return None;
    }
    let first = rest.split('/').next()?;
    Some(first.strip_suffix(".rs").unwrap_or(first))
}

/// One import of one top-level module by another.
struct Import {
    from: String,
    to: String,
    /// `file:line: crate::path`.
    at: String,
}

/// Every `crate::` path of the library (outside `src/bin/`) that reaches another top-level
/// module. `super::` paths stay inside their module in this crate (only tests use them) and
/// are not read.
fn imports() -> Vec<Import> {
    let reexported = root_reexports();
    let mut out = Vec::new();
    for file in rust_files("src") {
        let Some(from) = module_of(&file) else {
            continue;
        };
        for path in crate_paths(&code_only(&read(&file))) {
            let first = path.segments[0].as_str();
            let to = reexported.get(first).map_or(first, String::as_str);
            if to != from {
                out.push(Import {
                    from: from.to_string(),
                    to: to.to_string(),
                    at: format!("{file}:{}: crate::{}", path.line, path.joined()),
                });
            }
        }
    }
    out
}

/// What the crate root re-exports (`pub use error::{Error, Result}`), by name: `crate::Error`
/// is an import of `error`.
fn root_reexports() -> BTreeMap<String, String> {
    paths_after(&code_only(&read("src/lib.rs")), "pub use ")
        .into_iter()
        .filter_map(|p| Some((p.segments.last()?.clone(), p.segments[0].clone())))
        .filter(|(name, _)| layer(name).is_none())
        .collect()
}

/// The groups of top-level modules that reach each other (strongly connected, two or more).
fn circles(edges: &BTreeSet<(&str, &str)>) -> Vec<BTreeSet<String>> {
    let nodes: BTreeSet<&str> = edges.iter().flat_map(|&(a, b)| [a, b]).collect();
    let reach = |start: &str| {
        let mut seen = BTreeSet::from([start.to_string()]);
        let mut todo = vec![start.to_string()];
        while let Some(n) = todo.pop() {
            for &(_, b) in edges.iter().filter(|(a, _)| *a == n) {
                if seen.insert(b.to_string()) {
                    todo.push(b.to_string());
                }
            }
        }
        seen
    };
    let reaches: BTreeMap<&str, BTreeSet<String>> = nodes.iter().map(|&n| (n, reach(n))).collect();
    let mut groups: Vec<BTreeSet<String>> = Vec::new();
    for &n in &nodes {
        let group: BTreeSet<String> = nodes
            .iter()
            .filter(|&&m| reaches[n].contains(m) && reaches[m].contains(n))
            .map(|m| m.to_string())
            .collect();
        if group.len() > 1 && !groups.contains(&group) {
            groups.push(group);
        }
    }
    groups
}

#[test]
fn modules_import_only_downwards_and_in_no_circle() {
    let imports = imports();
    let mut problems = Vec::new();
    let mut unplaced = BTreeSet::new();
    for i in &imports {
        match (layer(&i.from), layer(&i.to)) {
            (Some(from), Some(to)) if to > from => {
                problems.push(format!("up a layer ({} → {}): {}", i.from, i.to, i.at))
            }
            (Some(_), Some(_)) => {}
            (None, _) => drop(unplaced.insert(i.from.clone())),
            (_, None) => drop(unplaced.insert(i.to.clone())),
        }
    }
    let edges: BTreeSet<(&str, &str)> = imports
        .iter()
        .map(|i| (i.from.as_str(), i.to.as_str()))
        .collect();
    let groups = circles(&edges);
    for group in &groups {
        problems.extend(circle_through(group, &imports));
    }
    for m in &unplaced {
        problems.push(format!("module `{m}` has no layer: add it to LAYERS"));
    }
    let ups = problems.iter().filter(|p| p.starts_with("up")).count();
    assert!(
        problems.is_empty(),
        "{ups} import(s) up a layer, {} circle(s) of modules, {} module(s) with no layer:\n{}",
        groups.len(),
        unplaced.len(),
        problems.join("\n")
    );
}

/// How a circle of modules closes: by an import up a layer (each is listed as such already), or
/// by modules of one layer importing each other (then every import between them is listed).
fn circle_through(group: &BTreeSet<String>, imports: &[Import]) -> Vec<String> {
    let names: Vec<&str> = group.iter().map(String::as_str).collect();
    let inside = |i: &&Import| group.contains(&i.from) && group.contains(&i.to);
    let ups = imports
        .iter()
        .filter(inside)
        .filter(|i| layer(&i.to) > layer(&i.from))
        .count();
    let names = names.join(", ");
    if ups > 0 {
        return vec![format!(
            "circle {{{names}}}: closed by the {ups} import(s) up a layer listed above"
        )];
    }
    let mut out = vec![format!("circle {{{names}}}, in one layer:")];
    out.extend(
        imports
            .iter()
            .filter(inside)
            .filter(|i| layer(&i.to) == layer(&i.from))
            .map(|i| format!("  {} → {}: {}", i.from, i.to, i.at)),
    );
    out
}

/// What names a format, or asks which format a workload has: a format's module path, one of
/// the tests the commands used to branch on, or where a format keeps its files (mia's
/// ConfigMap folders).
const FORMAT_NAMES: &[&str] = &[
    "format::mia",
    "format::kubernetes",
    "format::console",
    "is_console",
    ".kubernetes()",
    ".manifest",
    "CONFIG_MAPS_DIR",
    "config-maps",
];

/// Whether `pattern` occurs in `line` as a name of its own (not `.manifests`, `is_console_x`).
fn names(line: &str, pattern: &str) -> bool {
    let ident = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    line.match_indices(pattern).any(|(at, _)| {
        let before = line[..at].chars().next_back();
        let after = line[at + pattern.len()..].chars().next();
        let open_start = pattern.starts_with('.') || !ident(before);
        let open_end = pattern.ends_with(')') || !ident(after);
        open_start && open_end
    })
}

/// The registration list is the one place outside a format's folder allowed to name formats
/// (it is in `src/format/` today, so this only matters should it move).
const REGISTRATION: &[&str] = &["src/format/registry.rs"];

/// Text for users that may name where a format keeps its files: the rules table's help says
/// how each format declares a ConfigMap.
const USER_TEXT: &[(&str, &str)] = &[("src/diagnostic/code.rs", "config-maps")];

#[test]
fn only_the_formats_folder_names_a_format() {
    let mut files = rust_files("src");
    files.extend(rust_files("crates"));
    let mut problems = Vec::new();
    for file in files
        .iter()
        .filter(|f| !f.starts_with("src/format/") && !REGISTRATION.contains(&f.as_str()))
    {
        let text = read(file);
        let mut lines: BTreeSet<usize> = BTreeSet::new();
        // As `grep` reads it, comments included: a comment naming a format's module is a
        // dependency too.
        for (n, line) in text.lines().enumerate() {
            let allowed = |p: &&str| USER_TEXT.contains(&(file.as_str(), *p));
            if FORMAT_NAMES.iter().any(|p| names(line, p) && !allowed(p)) {
                lines.insert(n + 1);
            }
        }
        // And use trees the text does not spell out: `crate::format::{mia, kubernetes}`.
        for path in crate_paths(&code_only(&text)) {
            let s = &path.segments;
            if s.len() > 1 && s[0] == "format" && ["mia", "kubernetes", "console"].contains(&&*s[1])
            {
                lines.insert(path.line);
            }
        }
        let all: Vec<&str> = text.lines().collect();
        for n in lines {
            problems.push(format!("{file}:{n}: {}", all[n - 1].trim()));
        }
    }
    let files: BTreeSet<&str> = problems
        .iter()
        .map(|p| p.split(':').next().unwrap_or(""))
        .collect();
    assert!(
        problems.is_empty(),
        "{} line(s) in {} file(s) outside src/format/ name a format:\n{}",
        problems.len(),
        files.len(),
        problems.join("\n")
    );
}

/// The longest a function may be, its signature and closing brace included: past that, it is
/// split into steps whose names say what they do.
const MAX_FUNCTION_LINES: usize = 80;

#[test]
fn no_function_is_over_80_lines_outside_tests() {
    let long: Vec<String> = functions::functions(&["src", "crates/doc/src"])
        .into_iter()
        .filter(|f| f.lines > MAX_FUNCTION_LINES)
        .map(|f| format!("{}:{}: fn {} is {} lines", f.file, f.line, f.name, f.lines))
        .collect();
    assert!(
        long.is_empty(),
        "{} function(s) over {MAX_FUNCTION_LINES} lines (from `fn` to the closing brace):\n{}",
        long.len(),
        long.join("\n")
    );
}

#[test]
fn a_circle_is_found_however_long() {
    let edges = BTreeSet::from([
        ("ops", "view"),
        ("view", "report"),
        ("report", "ops"),
        ("model", "error"),
        ("error", "names"),
    ]);
    let groups = circles(&edges);
    let expected = BTreeSet::from(["ops", "report", "view"].map(String::from));
    assert_eq!(groups, [expected]);
}

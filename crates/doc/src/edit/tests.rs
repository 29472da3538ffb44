//! Property tests of the edit layer: for generated service files in many styles and random
//! operations, the write check holds and every line outside the edited entry is untouched.

use proptest::prelude::*;
use serde_json::{Value, json};

use super::{Editor, Entry, Patch, apply_splices, copy_entry, verify};
use crate::route::Route;
use crate::yaml;

/// The list the generated files hold their entries in.
fn list() -> Route {
    Route::root(0).key("additionalContainers")
}

/// The test's own idea of the data after each operation, written without the editor's patches.
mod data {
    use serde_json::{Map, Value};

    /// `additionalContainers`, created when missing.
    pub fn sidecars(root: &mut Value) -> &mut Vec<Value> {
        let obj = root.as_object_mut().expect("a service is a mapping");
        let slot = obj
            .entry("additionalContainers")
            .or_insert_with(|| Value::Array(Vec::new()));
        if !slot.is_array() {
            *slot = Value::Array(Vec::new());
        }
        slot.as_array_mut().expect("just made an array")
    }

    /// Sets `path` inside `v`, creating mappings on the way.
    pub fn set_path(v: &mut Value, path: &[&str], value: Value) {
        let mut cur = v;
        for key in path {
            if !cur.is_object() {
                *cur = Value::Object(Map::new());
            }
            cur = cur
                .as_object_mut()
                .expect("object")
                .entry(*key)
                .or_insert_with(|| Value::Object(Map::new()));
        }
        *cur = value;
    }
}

/// How each entry ends: a block scalar (chomping `|`, `|-`, `|+`, `>`, `>-`, `>+`; 0 to 2
/// trailing blank lines) and a comment after it, at column 0, at the dash's, at the keys', or
/// deeper.
#[derive(Debug, Clone)]
struct Tail {
    block: Option<(u8, usize)>,
    comment: Option<u8>,
}

#[derive(Debug, Clone)]
struct Style {
    indent: usize,
    indent_seqs: bool,
    /// `-   name:` instead of `- name:`.
    wide_dash: bool,
    crlf: bool,
    flow_resources: bool,
    blank_between: bool,
    comments: bool,
    quote: u8,
    final_newline: bool,
    /// A comment line after the list ends the file; without it the last entry does.
    trailer: bool,
    tails: Vec<Tail>,
}

fn tail() -> impl Strategy<Value = Tail> {
    (
        proptest::option::of((0u8..6, 0usize..3)),
        proptest::option::of(0u8..4),
    )
        .prop_map(|(block, comment)| Tail { block, comment })
}

fn style() -> impl Strategy<Value = Style> {
    (
        (
            prop_oneof![Just(2usize), Just(4)],
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
        ),
        (
            any::<bool>(),
            0u8..3,
            any::<bool>(),
            any::<bool>(),
            proptest::collection::vec(tail(), 4),
        ),
    )
        .prop_map(
            |(
                (indent, indent_seqs, wide_dash, crlf, flow_resources, blank_between),
                (comments, quote, final_newline, trailer, tails),
            )| Style {
                indent,
                indent_seqs,
                wide_dash,
                crlf,
                flow_resources,
                blank_between,
                comments,
                quote,
                final_newline,
                trailer,
                tails,
            },
        )
}

fn q(s: &Style, v: &str) -> String {
    match s.quote {
        1 => format!("'{v}'"),
        2 => format!("\"{v}\""),
        _ => v.to_string(),
    }
}

const CHOMPING: [&str; 6] = ["|", "|-", "|+", ">", ">-", ">+"];

/// A generated file and, for each entry, its own text (from its dash line to its last line,
/// with its line break when something follows) and its block scalar's header, if any.
struct Generated {
    text: String,
    entries: Vec<(String, Option<String>)>,
}

/// A service file with `n` sidecars written in `s`'s style.
fn service_text(s: &Style, n: usize) -> String {
    generate(s, n).text
}

fn generate(s: &Style, n: usize) -> Generated {
    let u = " ".repeat(s.indent);
    let dash = if s.indent_seqs {
        u.clone()
    } else {
        String::new()
    };
    let gap = if s.wide_dash { "-   " } else { "- " };
    let nl = if s.crlf { "\r\n" } else { "\n" };
    let mut lines = vec![
        "# a service".to_string(),
        "name: svc".into(),
        "dockerImage: acme/svc:1.0.0".into(),
    ];
    if n > 0 {
        lines.push("additionalContainers:".into());
    }
    // Each entry's lines, by index range into `lines`.
    let mut ranges = Vec::new();
    let mut headers = Vec::new();
    for i in 0..n {
        if i > 0 && s.blank_between {
            lines.push(String::new());
        }
        if s.comments {
            lines.push(format!("{dash}# sidecar {i}"));
        }
        let first = lines.len();
        let c = format!("{dash}{}", " ".repeat(gap.len()));
        lines.push(format!(
            "{dash}{gap}name: side{i}{}",
            if s.comments { "   # trailing" } else { "" }
        ));
        lines.push(format!(
            "{c}dockerImage: {}",
            q(s, &format!("acme/side{i}:1.{i}"))
        ));
        lines.push(format!("{c}resources:"));
        if s.flow_resources {
            lines.push(format!(
                "{c}{u}cpuLimits: {{min: {}, max: {}}}",
                q(s, "10m"),
                q(s, "20m")
            ));
        } else {
            lines.push(format!("{c}{u}cpuLimits:"));
            lines.push(format!("{c}{u}{u}min: {}", q(s, "10m")));
            lines.push(format!("{c}{u}{u}max: {}", q(s, "20m")));
        }
        lines.push(format!("{c}args:"));
        let inner = if s.indent_seqs {
            format!("{c}{u}")
        } else {
            c.clone()
        };
        lines.push(format!("{inner}{gap}--flag{i}"));
        // A value YAML 1.1 readers (PyYAML, kubectl) read otherwise than YAML 1.2 ones: a copy
        // must keep its text.
        lines.push(format!(
            "{inner}{gap}{}",
            ["yes", "0644", "1:30", "off", "0x1F", "1_000"][i % 6]
        ));
        let t = &s.tails[i % s.tails.len()];
        let mut header = None;
        if let Some((chomp, _)) = t.block {
            let h = format!("{inner}{gap}{}", CHOMPING[chomp as usize]);
            lines.push(h.clone());
            header = Some(h);
            let body = format!("{inner}{}", " ".repeat(gap.len() + 2));
            lines.push(format!("{body}text {i}"));
            lines.push(format!("{body}  more"));
        }
        // Blank lines after a keep block are part of its value; after anything else they
        // separate.
        let blanks = t.block.map_or(0, |b| b.1);
        let keep = t
            .block
            .is_some_and(|b| CHOMPING[b.0 as usize].ends_with('+'));
        if keep {
            lines.extend((0..blanks).map(|_| String::new()));
        }
        ranges.push(first..lines.len());
        if !keep {
            lines.extend((0..blanks).map(|_| String::new()));
        }
        headers.push(header);
        if let Some(col) = t.comment {
            let col = match col {
                0 => 0,
                1 => dash.len(),
                2 => c.len(),
                // Deeper than the keys, but not as deep as block scalar text.
                _ => c.len() + 1,
            };
            lines.push(format!("{}# after {i}", " ".repeat(col)));
        }
    }
    if s.trailer || n == 0 {
        lines.push("# the end".into());
    }
    let mut text = String::new();
    let mut starts = Vec::with_capacity(lines.len() + 1);
    for (i, l) in lines.iter().enumerate() {
        starts.push(text.len());
        text.push_str(l);
        if i + 1 < lines.len() || s.final_newline {
            text.push_str(nl);
        }
    }
    starts.push(text.len());
    let entries = ranges
        .into_iter()
        .zip(headers)
        .map(|(r, h)| (text[starts[r.start]..starts[r.end]].to_string(), h))
        .collect();
    Generated { text, entries }
}

#[derive(Debug, Clone)]
enum Op {
    Set {
        index: usize,
        field: usize,
        value: String,
    },
    Append,
    Remove {
        index: usize,
    },
    Replace {
        index: usize,
    },
}

fn op(n: usize) -> impl Strategy<Value = Op> {
    let idx = 0..n.max(1);
    prop_oneof![
        (
            idx.clone(),
            0usize..3,
            prop_oneof![
                Just("300m".to_string()),
                Just("0.5".to_string()),
                Just("{{CPU}}m".to_string())
            ]
        )
            .prop_map(|(index, field, value)| Op::Set {
                index,
                field,
                value
            }),
        Just(Op::Append),
        idx.clone().prop_map(|index| Op::Remove { index }),
        idx.prop_map(|index| Op::Replace { index }),
    ]
}

fn new_entry() -> Value {
    json!({"name": "added", "dockerImage": "acme/added:2.0", "resources": {"cpuLimits": {"min": "5m", "max": "1"}}, "args": ["--x", "yes"]})
}

/// Applies `op`; returns the new text, the patches the editor recorded and the data the test
/// expects, or None when the op does not apply.
fn apply(
    doc: &yaml::Document,
    op: &Op,
    n: usize,
    source: &std::sync::Arc<yaml::Document>,
) -> Option<(String, Vec<Patch>, Value)> {
    let mut ed = Editor::new(doc);
    let mut expected = yaml::to_value(doc, &doc.root).ok()?;
    match op {
        Op::Set {
            index,
            field,
            value,
        } if *index < n => {
            let path: &[&str] = match field {
                0 => &["dockerImage"],
                1 => &["resources", "cpuLimits", "min"],
                _ => &["resources", "cpuLimits", "max"],
            };
            ed.set(&list().index(*index), path, value, |_| false)
                .expect("set applies");
            // Every old value is text (`10m`), so the new one reads as text too.
            let written = Value::String(value.clone());
            data::set_path(&mut data::sidecars(&mut expected)[*index], path, written);
        }
        Op::Append => {
            ed.append(&list(), &Entry::Data(new_entry()))
                .expect("append applies");
            data::sidecars(&mut expected).push(new_entry());
        }
        Op::Remove { index } if *index < n => {
            ed.remove(&list(), *index).expect("remove applies");
            let items = data::sidecars(&mut expected);
            items.remove(*index);
            if items.is_empty() {
                expected
                    .as_object_mut()?
                    .shift_remove("additionalContainers");
            }
        }
        Op::Replace { index } if *index < n => {
            let entry = copy_entry(source, &list(), 0).expect("block item copies");
            let value = yaml::to_value(
                source,
                source.items(source.get(&source.root, "additionalContainers")?)[0],
            )
            .ok()?;
            if data::sidecars(&mut expected.clone())[*index] == value {
                // Replacing an entry with equal data is a no-op for clone: it writes nothing.
                return None;
            }
            ed.replace(&list(), *index, &entry)
                .expect("replace applies");
            data::sidecars(&mut expected)[*index] = value;
        }
        _ => return None,
    }
    let edit = ed.finish().expect("no overlap");
    Some((
        apply_splices(&doc.text, &edit.splices),
        edit.patches,
        expected,
    ))
}

impl Op {
    /// Whether the operation changes entry `i`.
    fn touches(&self, i: usize) -> bool {
        match self {
            Op::Set { index, .. } | Op::Remove { index } | Op::Replace { index } => *index == i,
            Op::Append => false,
        }
    }

    /// The names of the entries it changes (for a second reader's check).
    fn names(&self) -> Vec<String> {
        match self {
            Op::Set { index, .. } | Op::Remove { index } => vec![format!("side{index}")],
            Op::Replace { index } => vec![format!("side{index}"), "side0".into()],
            Op::Append => vec!["added".into()],
        }
    }
}

/// Whether `after` holds an entry's text `own` as it was. Text that ended a file without a final
/// line break may be followed by more only with its block scalar's header switched to strip
/// chomping (its value would otherwise gain a line break); text that comes to end such a file
/// may lose its line break unless it ends with a block scalar that is not strip-chomped.
fn keeps_text(after: &str, own: &str, header: Option<&str>) -> bool {
    let needs_strip = header.is_some_and(|h| !h.ends_with('-'));
    // Text that comes to end the file may lose its line break, unless a block scalar's value
    // ends with it.
    let unbroken = own.trim_end_matches('\n').trim_end_matches('\r');
    if unbroken.len() < own.len() && after.ends_with(unbroken) && !needs_strip {
        return true;
    }
    if let Some(at) = after.find(own) {
        return own.ends_with('\n') || at + own.len() == after.len() || !needs_strip;
    }
    match header {
        Some(h) if needs_strip => {
            let stripped = own.replacen(h, &format!("{}-", h.trim_end_matches('+')), 1);
            after.contains(&format!("{stripped}\n")) || after.contains(&format!("{stripped}\r\n"))
        }
        _ => false,
    }
}

fn lines(s: &str) -> Vec<&str> {
    s.split_inclusive('\n').collect()
}

/// A second reader: libyaml (python3's PyYAML) reads a batch of generated edits, before and
/// after, and finds that only the entries the operation names changed. One python3 process
/// checks the whole batch.
#[test]
fn libyaml_sees_only_the_intended_entries_change() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    use std::io::Write as _;

    let mut runner = TestRunner::default();
    let strategy = (style(), style(), 0usize..4, op(3));
    let mut texts = Vec::new();
    while texts.len() < 300 {
        let (s, src, n, op) = strategy.new_tree(&mut runner).expect("a case").current();
        let doc = yaml::parse(service_text(&s, n)).expect("generated file parses");
        let source = std::sync::Arc::new(yaml::parse(service_text(&src, 1)).expect("parses"));
        if let Some((after, ..)) = apply(&doc, &op, n, &source) {
            let label = format!("case {}", texts.len());
            texts.push(json!([label, doc.text.as_str(), after, op.names()]));
        }
    }
    let request = json!({"name": null, "texts": texts}).to_string();
    let script = include_str!("../../../../tests/libyaml_check.py");
    let mut child = std::process::Command::new("python3")
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("python3 runs (it reads every edit a second time, with libyaml)");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(request.as_bytes())
        .expect("write to python3");
    let out = child.wait_with_output().expect("python3 runs");
    assert_ne!(
        out.status.code(),
        Some(3),
        "this test needs PyYAML built with libyaml: pip install pyyaml"
    );
    assert!(out.status.success(), "the libyaml check failed to run");
    let problems = String::from_utf8_lossy(&out.stdout);
    if let Some(first) = problems.lines().next() {
        let n: usize = first
            .strip_prefix("case ")
            .and_then(|r| r.split(':').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        panic!(
            "libyaml reads other changes:\n{problems}\n--- before (case {n})\n{}\n--- after\n{}",
            texts[n][1].as_str().unwrap_or_default(),
            texts[n][2].as_str().unwrap_or_default()
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn edits_keep_everything_else(s in style(), src in style(), n in 0usize..4, op in op(3)) {
        let generated = generate(&s, n);
        let text = generated.text.clone();
        let doc = yaml::parse(text.clone()).expect("generated file parses");
        let source = std::sync::Arc::new(yaml::parse(service_text(&src, 1)).expect("source parses"));
        let Some((after, patches, expected)) = apply(&doc, &op, n, &source) else { return Ok(()) };
        let checked = verify(&doc, after.clone(), &patches);
        prop_assert!(checked.is_ok(), "check failed: {:?}\n--- before\n{}\n--- after\n{}", checked.err(), text, after);
        // The patches mean what the test expects, not only what the editor did.
        let new = checked.expect("checked");
        prop_assert_eq!(yaml::to_value(&new, &new.root).ok(), Some(expected));

        // Every line outside the edited region is byte-identical: a common prefix and suffix
        // cover all but the lines of one entry (plus the list key when it goes away, and the
        // header of a block scalar that ended a file without a final line break).
        let (a, b) = (lines(&text), lines(&after));
        let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
        let suffix = a[prefix..].iter().rev().zip(b[prefix..].iter().rev()).take_while(|(x, y)| x == y).count();
        let changed_old = a.len() - prefix - suffix;
        let changed_new = b.len() - prefix - suffix;
        let limit = match op { Op::Set { .. } => 1, _ => 22 };
        prop_assert!(changed_old <= limit && changed_new <= limit, "too many lines changed ({changed_old} -> {changed_new}):\n{}\n---\n{}", text, after);

        // Every entry the operation leaves alone keeps its exact text, found without our reader.
        for (i, (own, header)) in generated.entries.iter().enumerate() {
            if op.touches(i) {
                continue;
            }
            prop_assert!(keeps_text(&after, own, header.as_deref()), "entry {i} lost its text {own:?}:\n{}\n---\n{}", text, after);
        }

        if s.crlf {
            prop_assert!(!after.replace("\r\n", "").contains('\n'), "mixed line endings:\n{after:?}");
        }
        if text.ends_with('\n') {
            prop_assert!(after.ends_with('\n'));
        } else if after.ends_with('\n') {
            // Only a block scalar whose value ends with a line break may end the file with one.
            prop_assert!(s.tails.iter().chain(&src.tails).any(|t| t.block.is_some()), "gained a final newline:\n{after:?}");
        }
        let doubled = |t: &str| t.contains("\n\n\n") || t.contains("\r\n\r\n\r\n");
        if !doubled(&text) && !doubled(&source.text) {
            prop_assert!(!doubled(&after), "double blank line:\n{}", after);
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        if let Ok(text) = String::from_utf8(bytes)
            && let Ok(doc) = yaml::parse(text)
        {
            let _ = yaml::to_value(&doc, &doc.root);
        }
    }

    #[test]
    fn yamlish_text_never_panics(text in "[a-z:\\-\\[\\]{}&*!|>#'\" \n]{0,200}") {
        if let Ok(doc) = yaml::parse(text) {
            let _ = yaml::to_value(&doc, &doc.root);
            let mut ed = Editor::new(&doc);
            let _ = ed.append(&list(), &Entry::Data(new_entry()));
            let _ = ed.remove(&list(), 0);
        }
    }
}

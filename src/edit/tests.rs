//! Property tests of the edit layer: for generated service files in many styles and random
//! operations, the write check holds and every line outside the edited entry is untouched.

use proptest::prelude::*;
use serde_json::{Value, json};

use super::check::data;
use super::{Editor, Entry, apply_splices, copy_entry, verify};
use crate::yaml;

#[derive(Debug, Clone)]
struct Style {
    indent: usize,
    indent_seqs: bool,
    crlf: bool,
    flow_resources: bool,
    blank_between: bool,
    comments: bool,
    quote: u8,
    final_newline: bool,
}

fn style() -> impl Strategy<Value = Style> {
    (
        prop_oneof![Just(2usize), Just(4)],
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        0u8..3,
        any::<bool>(),
    )
        .prop_map(
            |(
                indent,
                indent_seqs,
                crlf,
                flow_resources,
                blank_between,
                comments,
                quote,
                final_newline,
            )| Style {
                indent,
                indent_seqs,
                crlf,
                flow_resources,
                blank_between,
                comments,
                quote,
                final_newline,
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

/// A service file with `n` sidecars written in `s`'s style.
fn service_text(s: &Style, n: usize) -> String {
    let u = " ".repeat(s.indent);
    let dash = if s.indent_seqs {
        u.clone()
    } else {
        String::new()
    };
    let mut lines = vec![
        "# a service".to_string(),
        "name: svc".into(),
        "dockerImage: acme/svc:1.0.0".into(),
    ];
    if n > 0 {
        lines.push("additionalContainers:".into());
    }
    for i in 0..n {
        if i > 0 && s.blank_between {
            lines.push(String::new());
        }
        if s.comments {
            lines.push(format!("{dash}# sidecar {i}"));
        }
        let c = format!("{dash}  ");
        lines.push(format!(
            "{dash}- name: side{i}{}",
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
        lines.push(format!("{inner}- --flag{i}"));
    }
    lines.push("# the end".into());
    let nl = if s.crlf { "\r\n" } else { "\n" };
    let mut text = lines.join(nl);
    if s.final_newline {
        text.push_str(nl);
    }
    text
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

/// Applies `op`; returns the new text and the intent, or None when the op does not apply.
fn apply(
    doc: &yaml::Document,
    op: &Op,
    n: usize,
    source: &std::sync::Arc<yaml::Document>,
) -> Option<(String, Value)> {
    let mut ed = Editor::new(doc);
    let mut expected = yaml::to_value(doc, &doc.root).ok()?;
    match op {
        Op::Set {
            index,
            field,
            value,
        } if *index < n => {
            let item = ed.raw_item("additionalContainers", *index).ok()?;
            let (path, node) = match field {
                0 => (vec!["dockerImage"], doc.get(item, "dockerImage")?),
                1 => (
                    vec!["resources", "cpuLimits", "min"],
                    doc.get(doc.get(doc.get(item, "resources")?, "cpuLimits")?, "min")?,
                ),
                _ => (
                    vec!["resources", "cpuLimits", "max"],
                    doc.get(doc.get(doc.get(item, "resources")?, "cpuLimits")?, "max")?,
                ),
            };
            let written = ed.set_scalar(node, value, "value").expect("set applies");
            data::set_path(&mut data::sidecars(&mut expected)[*index], &path, written);
        }
        Op::Append => {
            ed.append_item("additionalContainers", &Entry::Data(new_entry()))
                .expect("append applies");
            data::sidecars(&mut expected).push(new_entry());
        }
        Op::Remove { index } if *index < n => {
            ed.remove_item("additionalContainers", *index)
                .expect("remove applies");
            let list = data::sidecars(&mut expected);
            list.remove(*index);
            if list.is_empty() {
                expected
                    .as_object_mut()?
                    .shift_remove("additionalContainers");
            }
        }
        Op::Replace { index } if *index < n => {
            let entry = copy_entry(source, "additionalContainers", 0).expect("block item copies");
            let value = yaml::to_value(
                source,
                source.items(source.get(&source.root, "additionalContainers")?)[0],
            )
            .ok()?;
            if data::sidecars(&mut expected.clone())[*index] == value {
                // Replacing an entry with equal data is a no-op for clone: it writes nothing.
                return None;
            }
            ed.replace_item("additionalContainers", *index, &entry)
                .expect("replace applies");
            data::sidecars(&mut expected)[*index] = value;
        }
        _ => return None,
    }
    let splices = ed.finish().expect("no overlap");
    Some((apply_splices(&doc.text, &splices), expected))
}

fn lines(s: &str) -> Vec<&str> {
    s.split_inclusive('\n').collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn edits_keep_everything_else(s in style(), src in style(), n in 0usize..4, op in op(3)) {
        let text = service_text(&s, n);
        let doc = yaml::parse(text.clone()).expect("generated file parses");
        let source = std::sync::Arc::new(yaml::parse(service_text(&src, 1)).expect("source parses"));
        let Some((after, expected)) = apply(&doc, &op, n, &source) else { return Ok(()) };
        let expected_for_check = expected.clone();
        let checked = verify(&doc, after.clone(), Box::new(move |v: &mut Value| *v = expected_for_check));
        prop_assert!(checked.is_ok(), "check failed: {:?}\n--- before\n{}\n--- after\n{}", checked.err(), text, after);

        // Every line outside the edited region is byte-identical: a common prefix and suffix
        // cover all but the lines of one entry (plus the list key when it goes away).
        let (a, b) = (lines(&text), lines(&after));
        let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
        let suffix = a[prefix..].iter().rev().zip(b[prefix..].iter().rev()).take_while(|(x, y)| x == y).count();
        let changed_old = a.len() - prefix - suffix;
        let changed_new = b.len() - prefix - suffix;
        let limit = match op { Op::Set { .. } => 1, _ => 14 };
        prop_assert!(changed_old <= limit && changed_new <= limit, "too many lines changed ({changed_old} -> {changed_new}):\n{}\n---\n{}", text, after);
        if s.crlf {
            prop_assert!(!after.replace("\r\n", "").contains('\n'), "mixed line endings:\n{after:?}");
        }
        prop_assert_eq!(after.ends_with('\n'), text.ends_with('\n') || text.is_empty());
        prop_assert!(!after.contains("\n\n\n") && !after.contains("\r\n\r\n\r\n"), "double blank line:\n{}", after);
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
            let _ = ed.append_item("additionalContainers", &Entry::Data(new_entry()));
            let _ = ed.remove_item("additionalContainers", 0);
        }
    }
}

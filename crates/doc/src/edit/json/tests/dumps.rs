//! A file that is exactly Python's `json.dumps(d, …)` is exactly `json.dumps(d', …)` after any
//! edit, `d'` being the edited data. Python itself writes both texts: an independent writer.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::{Mutex, OnceLock};

use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{Map, Value, json};

use super::{doc, reread};
use crate::edit::apply_splices;
use crate::edit::json::JsonEditor;
use crate::yaml::{Kind, Node};

/// Reads one request a line, answers with the text as a JSON string on one line.
const SERVER: &str = r#"
import json, sys
for line in iter(sys.stdin.readline, ''):
    r = json.loads(line)
    text = json.dumps(r['data'], indent=r['indent'], ensure_ascii=r['ascii'],
                      sort_keys=r['sort'], separators=r['seps'])
    sys.stdout.write(json.dumps(text) + '\n')
    sys.stdout.flush()
"#;

type Python = (Child, ChildStdin, BufReader<ChildStdout>);

/// One python3 for the whole test run; it ends when its input closes, at the run's end.
fn python() -> &'static Mutex<Python> {
    static PYTHON: OnceLock<Mutex<Python>> = OnceLock::new();
    PYTHON.get_or_init(|| {
        let mut child = Command::new("python3")
            .args(["-c", SERVER])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 runs");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = BufReader::new(child.stdout.take().expect("stdout"));
        Mutex::new((child, stdin, stdout))
    })
}

#[derive(Debug, Clone)]
struct Format {
    indent: Value,
    ascii: bool,
    /// Go's escapes of `<>&` and U+2028/9, laid over Python's non-ASCII output.
    go_html: bool,
    sort: bool,
    tight: bool,
    crlf: bool,
    final_newline: bool,
}

fn dumps(data: &Value, f: &Format) -> String {
    let request = json!({
        "data": data,
        "indent": f.indent,
        "ascii": f.ascii,
        "sort": f.sort,
        "seps": if f.tight { json!([",", ":"]) } else { Value::Null },
    });
    let mut text = {
        let mut py = python().lock().unwrap_or_else(|e| e.into_inner());
        writeln!(py.1, "{request}").expect("python3 reads");
        py.1.flush().expect("python3 reads");
        let mut line = String::new();
        py.2.read_line(&mut line).expect("python3 answers");
        serde_json::from_str::<String>(&line).expect("a JSON string")
    };
    // These characters stand only inside strings, so replacing them everywhere is safe.
    if f.go_html {
        for (c, esc) in [
            ("<", "\\u003c"),
            (">", "\\u003e"),
            ("&", "\\u0026"),
            ("\u{2028}", "\\u2028"),
            ("\u{2029}", "\\u2029"),
        ] {
            text = text.replace(c, esc);
        }
    }
    if f.final_newline {
        text.push('\n');
    }
    if f.crlf {
        text = text.replace('\n', "\r\n");
    }
    text
}

fn format() -> impl Strategy<Value = Format> {
    let indent = prop_oneof![
        Just(json!(2)),
        Just(json!(4)),
        Just(json!("\t")),
        Just(json!(0)),
        Just(Value::Null),
    ];
    (indent, any::<[bool; 6]>()).prop_map(|(indent, [ascii, go, sort, tight, crlf, nl])| Format {
        indent,
        ascii,
        go_html: go && !ascii,
        sort,
        tight,
        crlf,
        final_newline: nl,
    })
}

fn string() -> impl Strategy<Value = String> {
    let chars = vec![
        'a', 'b', 'Z', ' ', '/', 'è', '€', '😀', '<', '>', '&', '"', '\\', '\n', '\t', '\u{1}',
        '\u{7f}', '\u{2028}',
    ];
    prop::collection::vec(prop::sample::select(chars), 0..5).prop_map(String::from_iter)
}

fn data() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        // Numbers Python and serde_json spell alike.
        (-2000i32..2000).prop_map(|n| json!(f64::from(n) / 8.0)),
        string().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 32, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((string(), inner), 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// An object holding evidence of every style choice, then random members.
fn root() -> impl Strategy<Value = Value> {
    prop::collection::vec((string(), data()), 0..4).prop_map(|members| {
        let mut m = Map::new();
        m.insert("~".into(), json!({"z": "è<>&\u{2028}", "a": [1]}));
        m.extend(members);
        Value::Object(m)
    })
}

#[derive(Debug, Clone)]
enum Op {
    Set(Value),
    Insert(Index, String, Value),
    Remove(Index),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        data().prop_map(Op::Set),
        (any::<Index>(), string(), data()).prop_map(|(i, k, v)| Op::Insert(i, k, v)),
        any::<Index>().prop_map(Op::Remove),
    ]
}

#[derive(Debug, Clone)]
enum Step {
    Key(String),
    At(usize),
}

fn paths(v: &Value, here: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    out.push(here.clone());
    let children: Vec<(Step, &Value)> = match v {
        Value::Object(m) => m.iter().map(|(k, x)| (Step::Key(k.clone()), x)).collect(),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .map(|(i, x)| (Step::At(i), x))
            .collect(),
        _ => return,
    };
    for (step, child) in children {
        here.push(step);
        paths(child, here, out);
        here.pop();
    }
}

fn value_at<'v>(v: &'v mut Value, path: &[Step]) -> &'v mut Value {
    path.iter().fold(v, |v, step| match step {
        Step::Key(k) => &mut v[k.as_str()],
        Step::At(i) => &mut v[*i],
    })
}

fn node_at<'d>(node: &'d Node, path: &[Step]) -> &'d Node {
    path.iter().fold(node, |n, step| match (&n.kind, step) {
        (Kind::Map { entries, .. }, Step::Key(k)) => {
            &entries
                .iter()
                .find(|(e, _)| e.as_str() == Some(k))
                .unwrap()
                .1
        }
        (Kind::Seq { items, .. }, Step::At(i)) => &items[*i],
        _ => panic!("the tree and the data differ"),
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn dumps_output_stays_dumps_output(
        data in root(), fmt in format(), target in any::<Index>(), op in op()
    ) {
        let text = dumps(&data, &fmt);
        let d = doc(&text);
        let ed = JsonEditor::new(&d);
        let mut all = Vec::new();
        paths(&data, &mut Vec::new(), &mut all);
        let path = target.get(&all);
        let node = node_at(&d.root, path);
        let mut changed = data.clone();
        let place = value_at(&mut changed, path);
        let splice = match (op, &mut *place) {
            (Op::Insert(i, mut key, v), Value::Object(m)) => {
                while m.contains_key(&key) {
                    key.push('#');
                }
                let at = if fmt.sort { ed.member_position(node, &key) } else { i.index(m.len() + 1) };
                m.shift_insert(at, key.clone(), v.clone());
                ed.insert_member(node, Some(at), &key, &v)
            }
            (Op::Insert(i, _, v), Value::Array(a)) => {
                let at = i.index(a.len() + 1);
                a.insert(at, v.clone());
                ed.insert_item(node, Some(at), &v)
            }
            (Op::Remove(i), Value::Object(m)) if !m.is_empty() => {
                let key = m.keys().nth(i.index(m.len())).cloned().unwrap_or_default();
                m.shift_remove(&key);
                // With sorted keys the text's order is not the data's.
                let Kind::Map { entries, .. } = &node.kind else { unreachable!() };
                let at = entries.iter().position(|(k, _)| k.as_str() == Some(&key));
                ed.remove_member(node, at.unwrap_or_default())
            }
            (Op::Remove(i), Value::Array(a)) if !a.is_empty() => {
                let at = i.index(a.len());
                a.remove(at);
                ed.remove_item(node, at)
            }
            (Op::Set(v) | Op::Insert(_, _, v), place) => {
                *place = v.clone();
                ed.set_value(node, &v)
            }
            (Op::Remove(_), place) => {
                *place = json!("gone");
                ed.set_value(node, &json!("gone"))
            }
        }
        .expect("edits");
        let out = apply_splices(&d.text, &[splice]);
        prop_assert_eq!(&out, &dumps(&changed, &fmt));
        prop_assert_eq!(reread(&out), changed);
    }
}

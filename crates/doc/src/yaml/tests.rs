//! The reader against libyaml on the cases where YAML readers most often disagree.

use super::{Kind, parse, to_value};

/// (file, value of `x[0]`) as libyaml reads them: every chomping indicator, with and without a
/// final line break, with trailing blank lines, whitespace-only last lines and a key after.
const BLOCK_SCALARS: &[(&str, &str)] = &[
    ("x:\n  - |\n    hello", "hello"),
    ("x:\n  - |\n    hello\n", "hello\n"),
    ("x:\n  - |\n    hello\nk: 1\n", "hello\n"),
    ("x:\n  - |\n    hello\n\n", "hello\n"),
    ("x:\n  - |\n    hello\n\nk: 1\n", "hello\n"),
    ("x:\n  - |\n    hello\n\n\n", "hello\n"),
    ("x:\n  - |\n    hello\n\n\nk: 1\n", "hello\n"),
    ("x:\n  - |\n    hello\n\n  ", "hello\n"),
    ("x:\n  - |\n    hello\n      ", "hello\n  "),
    ("x:\n  - |\n    hello\r\n\r\n", "hello\n"),
    ("x:\n  - |\n    hello\r\n\r\nk: 1\n", "hello\n"),
    ("x:\n  - |\n    a\n      b\n\n    c", "a\n  b\n\nc"),
    ("x:\n  - |\n    a\n      b\n\n    c\n", "a\n  b\n\nc\n"),
    (
        "x:\n  - |\n    a\n      b\n\n    c\nk: 1\n",
        "a\n  b\n\nc\n",
    ),
    ("x:\n  - |\n    a\n      b\n\n    c\n\n", "a\n  b\n\nc\n"),
    (
        "x:\n  - |\n    a\n      b\n\n    c\n\nk: 1\n",
        "a\n  b\n\nc\n",
    ),
    ("x:\n  - |\n    a\n      b\n\n    c\n\n\n", "a\n  b\n\nc\n"),
    (
        "x:\n  - |\n    a\n      b\n\n    c\n\n\nk: 1\n",
        "a\n  b\n\nc\n",
    ),
    ("x:\n  - |\n    a\n      b\n\n    c\n\n  ", "a\n  b\n\nc\n"),
    (
        "x:\n  - |\n    a\n      b\n\n    c\n      ",
        "a\n  b\n\nc\n  ",
    ),
    (
        "x:\n  - |\n    a\n      b\n\n    c\r\n\r\n",
        "a\n  b\n\nc\n",
    ),
    (
        "x:\n  - |\n    a\n      b\n\n    c\r\n\r\nk: 1\n",
        "a\n  b\n\nc\n",
    ),
    ("x:\n  - |-\n    hello", "hello"),
    ("x:\n  - |-\n    hello\n", "hello"),
    ("x:\n  - |-\n    hello\nk: 1\n", "hello"),
    ("x:\n  - |-\n    hello\n\n", "hello"),
    ("x:\n  - |-\n    hello\n\nk: 1\n", "hello"),
    ("x:\n  - |-\n    hello\n\n\n", "hello"),
    ("x:\n  - |-\n    hello\n\n\nk: 1\n", "hello"),
    ("x:\n  - |-\n    hello\n\n  ", "hello"),
    ("x:\n  - |-\n    hello\n      ", "hello\n  "),
    ("x:\n  - |-\n    hello\r\n\r\n", "hello"),
    ("x:\n  - |-\n    hello\r\n\r\nk: 1\n", "hello"),
    ("x:\n  - |-\n    a\n      b\n\n    c", "a\n  b\n\nc"),
    ("x:\n  - |-\n    a\n      b\n\n    c\n", "a\n  b\n\nc"),
    ("x:\n  - |-\n    a\n      b\n\n    c\nk: 1\n", "a\n  b\n\nc"),
    ("x:\n  - |-\n    a\n      b\n\n    c\n\n", "a\n  b\n\nc"),
    (
        "x:\n  - |-\n    a\n      b\n\n    c\n\nk: 1\n",
        "a\n  b\n\nc",
    ),
    ("x:\n  - |-\n    a\n      b\n\n    c\n\n\n", "a\n  b\n\nc"),
    (
        "x:\n  - |-\n    a\n      b\n\n    c\n\n\nk: 1\n",
        "a\n  b\n\nc",
    ),
    ("x:\n  - |-\n    a\n      b\n\n    c\n\n  ", "a\n  b\n\nc"),
    (
        "x:\n  - |-\n    a\n      b\n\n    c\n      ",
        "a\n  b\n\nc\n  ",
    ),
    ("x:\n  - |-\n    a\n      b\n\n    c\r\n\r\n", "a\n  b\n\nc"),
    (
        "x:\n  - |-\n    a\n      b\n\n    c\r\n\r\nk: 1\n",
        "a\n  b\n\nc",
    ),
    ("x:\n  - |+\n    hello", "hello"),
    ("x:\n  - |+\n    hello\n", "hello\n"),
    ("x:\n  - |+\n    hello\nk: 1\n", "hello\n"),
    ("x:\n  - |+\n    hello\n\n", "hello\n\n"),
    ("x:\n  - |+\n    hello\n\nk: 1\n", "hello\n\n"),
    ("x:\n  - |+\n    hello\n\n\n", "hello\n\n\n"),
    ("x:\n  - |+\n    hello\n\n\nk: 1\n", "hello\n\n\n"),
    ("x:\n  - |+\n    hello\n\n  ", "hello\n\n"),
    ("x:\n  - |+\n    hello\n      ", "hello\n  "),
    ("x:\n  - |+\n    hello\r\n\r\n", "hello\n\n"),
    ("x:\n  - |+\n    hello\r\n\r\nk: 1\n", "hello\n\n"),
    ("x:\n  - |+\n    a\n      b\n\n    c", "a\n  b\n\nc"),
    ("x:\n  - |+\n    a\n      b\n\n    c\n", "a\n  b\n\nc\n"),
    (
        "x:\n  - |+\n    a\n      b\n\n    c\nk: 1\n",
        "a\n  b\n\nc\n",
    ),
    ("x:\n  - |+\n    a\n      b\n\n    c\n\n", "a\n  b\n\nc\n\n"),
    (
        "x:\n  - |+\n    a\n      b\n\n    c\n\nk: 1\n",
        "a\n  b\n\nc\n\n",
    ),
    (
        "x:\n  - |+\n    a\n      b\n\n    c\n\n\n",
        "a\n  b\n\nc\n\n\n",
    ),
    (
        "x:\n  - |+\n    a\n      b\n\n    c\n\n\nk: 1\n",
        "a\n  b\n\nc\n\n\n",
    ),
    (
        "x:\n  - |+\n    a\n      b\n\n    c\n\n  ",
        "a\n  b\n\nc\n\n",
    ),
    (
        "x:\n  - |+\n    a\n      b\n\n    c\n      ",
        "a\n  b\n\nc\n  ",
    ),
    (
        "x:\n  - |+\n    a\n      b\n\n    c\r\n\r\n",
        "a\n  b\n\nc\n\n",
    ),
    (
        "x:\n  - |+\n    a\n      b\n\n    c\r\n\r\nk: 1\n",
        "a\n  b\n\nc\n\n",
    ),
    ("x:\n  - >\n    hello", "hello"),
    ("x:\n  - >\n    hello\n", "hello\n"),
    ("x:\n  - >\n    hello\nk: 1\n", "hello\n"),
    ("x:\n  - >\n    hello\n\n", "hello\n"),
    ("x:\n  - >\n    hello\n\nk: 1\n", "hello\n"),
    ("x:\n  - >\n    hello\n\n\n", "hello\n"),
    ("x:\n  - >\n    hello\n\n\nk: 1\n", "hello\n"),
    ("x:\n  - >\n    hello\n\n  ", "hello\n"),
    ("x:\n  - >\n    hello\n      ", "hello\n  "),
    ("x:\n  - >\n    hello\r\n\r\n", "hello\n"),
    ("x:\n  - >\n    hello\r\n\r\nk: 1\n", "hello\n"),
    ("x:\n  - >\n    a\n      b\n\n    c", "a\n  b\n\nc"),
    ("x:\n  - >\n    a\n      b\n\n    c\n", "a\n  b\n\nc\n"),
    (
        "x:\n  - >\n    a\n      b\n\n    c\nk: 1\n",
        "a\n  b\n\nc\n",
    ),
    ("x:\n  - >\n    a\n      b\n\n    c\n\n", "a\n  b\n\nc\n"),
    (
        "x:\n  - >\n    a\n      b\n\n    c\n\nk: 1\n",
        "a\n  b\n\nc\n",
    ),
    ("x:\n  - >\n    a\n      b\n\n    c\n\n\n", "a\n  b\n\nc\n"),
    (
        "x:\n  - >\n    a\n      b\n\n    c\n\n\nk: 1\n",
        "a\n  b\n\nc\n",
    ),
    ("x:\n  - >\n    a\n      b\n\n    c\n\n  ", "a\n  b\n\nc\n"),
    (
        "x:\n  - >\n    a\n      b\n\n    c\n      ",
        "a\n  b\n\nc\n  ",
    ),
    (
        "x:\n  - >\n    a\n      b\n\n    c\r\n\r\n",
        "a\n  b\n\nc\n",
    ),
    (
        "x:\n  - >\n    a\n      b\n\n    c\r\n\r\nk: 1\n",
        "a\n  b\n\nc\n",
    ),
    ("x:\n  - >-\n    hello", "hello"),
    ("x:\n  - >-\n    hello\n", "hello"),
    ("x:\n  - >-\n    hello\nk: 1\n", "hello"),
    ("x:\n  - >-\n    hello\n\n", "hello"),
    ("x:\n  - >-\n    hello\n\nk: 1\n", "hello"),
    ("x:\n  - >-\n    hello\n\n\n", "hello"),
    ("x:\n  - >-\n    hello\n\n\nk: 1\n", "hello"),
    ("x:\n  - >-\n    hello\n\n  ", "hello"),
    ("x:\n  - >-\n    hello\n      ", "hello\n  "),
    ("x:\n  - >-\n    hello\r\n\r\n", "hello"),
    ("x:\n  - >-\n    hello\r\n\r\nk: 1\n", "hello"),
    ("x:\n  - >-\n    a\n      b\n\n    c", "a\n  b\n\nc"),
    ("x:\n  - >-\n    a\n      b\n\n    c\n", "a\n  b\n\nc"),
    ("x:\n  - >-\n    a\n      b\n\n    c\nk: 1\n", "a\n  b\n\nc"),
    ("x:\n  - >-\n    a\n      b\n\n    c\n\n", "a\n  b\n\nc"),
    (
        "x:\n  - >-\n    a\n      b\n\n    c\n\nk: 1\n",
        "a\n  b\n\nc",
    ),
    ("x:\n  - >-\n    a\n      b\n\n    c\n\n\n", "a\n  b\n\nc"),
    (
        "x:\n  - >-\n    a\n      b\n\n    c\n\n\nk: 1\n",
        "a\n  b\n\nc",
    ),
    ("x:\n  - >-\n    a\n      b\n\n    c\n\n  ", "a\n  b\n\nc"),
    (
        "x:\n  - >-\n    a\n      b\n\n    c\n      ",
        "a\n  b\n\nc\n  ",
    ),
    ("x:\n  - >-\n    a\n      b\n\n    c\r\n\r\n", "a\n  b\n\nc"),
    (
        "x:\n  - >-\n    a\n      b\n\n    c\r\n\r\nk: 1\n",
        "a\n  b\n\nc",
    ),
    ("x:\n  - >+\n    hello", "hello"),
    ("x:\n  - >+\n    hello\n", "hello\n"),
    ("x:\n  - >+\n    hello\nk: 1\n", "hello\n"),
    ("x:\n  - >+\n    hello\n\n", "hello\n\n"),
    ("x:\n  - >+\n    hello\n\nk: 1\n", "hello\n\n"),
    ("x:\n  - >+\n    hello\n\n\n", "hello\n\n\n"),
    ("x:\n  - >+\n    hello\n\n\nk: 1\n", "hello\n\n\n"),
    ("x:\n  - >+\n    hello\n\n  ", "hello\n\n"),
    ("x:\n  - >+\n    hello\n      ", "hello\n  "),
    ("x:\n  - >+\n    hello\r\n\r\n", "hello\n\n"),
    ("x:\n  - >+\n    hello\r\n\r\nk: 1\n", "hello\n\n"),
    ("x:\n  - >+\n    a\n      b\n\n    c", "a\n  b\n\nc"),
    ("x:\n  - >+\n    a\n      b\n\n    c\n", "a\n  b\n\nc\n"),
    (
        "x:\n  - >+\n    a\n      b\n\n    c\nk: 1\n",
        "a\n  b\n\nc\n",
    ),
    ("x:\n  - >+\n    a\n      b\n\n    c\n\n", "a\n  b\n\nc\n\n"),
    (
        "x:\n  - >+\n    a\n      b\n\n    c\n\nk: 1\n",
        "a\n  b\n\nc\n\n",
    ),
    (
        "x:\n  - >+\n    a\n      b\n\n    c\n\n\n",
        "a\n  b\n\nc\n\n\n",
    ),
    (
        "x:\n  - >+\n    a\n      b\n\n    c\n\n\nk: 1\n",
        "a\n  b\n\nc\n\n\n",
    ),
    (
        "x:\n  - >+\n    a\n      b\n\n    c\n\n  ",
        "a\n  b\n\nc\n\n",
    ),
    (
        "x:\n  - >+\n    a\n      b\n\n    c\n      ",
        "a\n  b\n\nc\n  ",
    ),
    (
        "x:\n  - >+\n    a\n      b\n\n    c\r\n\r\n",
        "a\n  b\n\nc\n\n",
    ),
    (
        "x:\n  - >+\n    a\n      b\n\n    c\r\n\r\nk: 1\n",
        "a\n  b\n\nc\n\n",
    ),
];

#[test]
fn block_scalars_read_as_libyaml_reads_them() {
    let mut wrong = Vec::new();
    for (text, want) in BLOCK_SCALARS {
        let doc = parse(text.to_string()).expect("parses");
        let got = to_value(&doc, &doc.root).expect("converts")["x"][0].clone();
        if got != *want {
            wrong.push(format!("{text:?}: expected {want:?}, got {got}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The text of a block scalar (what an edit keeps together) runs to its last content line, and
/// with keep chomping over the blank lines its value holds, never into what follows.
#[test]
fn a_block_scalar_ends_with_its_own_lines() {
    for (text, own) in [
        ("x: |+\n  kept\n\n\ny: 1\n", "x: |+\n  kept\n\n\n"),
        ("x: |+\n  kept\n\n\n", "x: |+\n  kept\n\n\n"),
        ("x: |+\r\n  kept\r\n\r\ny: 1\r\n", "x: |+\r\n  kept\r\n\r\n"),
        ("x: |\n  clip\n\n\ny: 1\n", "x: |\n  clip\n"),
        ("x: >-\n  strip\n\n# c\ny: 1\n", "x: >-\n  strip\n"),
        ("x: |+\n  kept\n\n# c\n\ny: 1\n", "x: |+\n  kept\n\n"),
        ("x: |\n  a\n    \n", "x: |\n  a\n    \n"),
        ("x: >\n  no break", "x: >\n  no break"),
    ] {
        let doc = parse(text.to_string()).expect("parses");
        let Kind::Map { entries, .. } = &doc.root.kind else {
            panic!("a mapping")
        };
        let end = entries[0].1.end;
        let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
        assert_eq!(&text[..line_end], own, "in {text:?}");
    }
    // A collection ends with its last child.
    let doc = parse("a:\n  x: |+\n    kept\n\n\ny: 1\n".into()).expect("parses");
    let a = doc.get(&doc.root, "a").expect("a");
    assert_eq!(&doc.text[a.end..], "\ny: 1\n");
}

#[test]
fn a_file_of_several_documents_is_one_stream() {
    use super::parse_stream;
    use crate::route::Route;
    let text =
        "# first\nkind: A\nspec:\n  items: [1, 2]\n---\nkind: B\nspec:\n  items:\n  - x\n  - y\n";
    let one = parse(text.to_string()).expect_err("a service file holds one document");
    assert_eq!(
        (one.message.as_str(), one.line, one.column),
        (
            "the file holds several YAML documents; a file must hold exactly one",
            5,
            1
        )
    );
    let doc = parse_stream(text.to_string()).expect("a stream parses");
    assert_eq!(doc.documents(), 2);
    let kinds: Vec<_> = doc
        .roots()
        .map(|r| doc.get(r, "kind").and_then(|k| k.as_str()).unwrap_or(""))
        .collect();
    assert_eq!(kinds, ["A", "B"]);
    let item = Route::root(1).keys(&["spec", "items"]).index(1);
    let node = doc.node_at(&item).expect("the route leads to the item");
    assert_eq!((node.as_str(), node.line), (Some("y"), 10));
    let flow = Route::root(0).keys(&["spec", "items"]).index(0);
    assert_eq!(doc.node_at(&flow).map(|n| n.line), Some(4));
    assert!(doc.node_at(&Route::root(2)).is_none());
    assert!(
        doc.node_at(&Route::root(0).keys(&["kind", "x"])).is_none(),
        "a scalar has no keys"
    );
    let (key, _) = doc
        .entry_at(&Route::root(1).key("spec"))
        .expect("an entry has a key");
    assert_eq!((key.line, key.column), (7, 1));
}

#[test]
fn an_empty_stream_is_refused() {
    let e = super::parse_stream("# only a comment\n".into()).expect_err("no document");
    assert_eq!(e.message, "the file holds no YAML document");
}

/// Plain scalars as YAML 1.1 readers (PyYAML, kubectl's go-yaml) type them; `None`: a value
/// JSON has no place for, or one the readers disagree on (counted as not a string).
#[test]
fn plain_scalars_read_as_yaml_1_1_reads_them() {
    use super::value::yaml11_plain;
    use serde_json::json;
    for (text, want) in [
        ("yes", Some(json!(true))),
        ("No", Some(json!(false))),
        ("ON", Some(json!(true))),
        ("off", Some(json!(false))),
        ("y", Some(json!(true))),
        ("n", Some(json!(false))),
        ("true", Some(json!(true))),
        ("0400", Some(json!(256))),
        ("-0400", Some(json!(-256))),
        ("0644", Some(json!(420))),
        ("0x1F", Some(json!(31))),
        ("0b101", Some(json!(5))),
        ("1_000", Some(json!(1000))),
        ("1:30", Some(json!(90))),
        ("190:20:30", Some(json!(685_230))),
        ("+12", Some(json!(12))),
        ("0", Some(json!(0))),
        ("1.5", Some(json!(1.5))),
        ("1.0e+3", Some(json!(1000.0))),
        ("1_000.5", Some(json!(1000.5))),
        (".5", Some(json!(0.5))),
        ("~", Some(json!(null))),
        ("", Some(json!(null))),
        ("0o400", Some(json!("0o400"))),
        ("yesterday", Some(json!("yesterday"))),
        ("100m", Some(json!("100m"))),
        ("1.10.2", Some(json!("1.10.2"))),
        ("1:60", Some(json!("1:60"))),
        ("nan", Some(json!("nan"))),
        ("1e3", None),
        ("09", None),
        (".inf", None),
        ("-.Inf", None),
        (".NaN", None),
        ("2001-12-14", None),
        ("2001-12-14 21:59:43.10 -5", None),
        ("<<", None),
    ] {
        let got = yaml11_plain(text);
        match want {
            Some(w) => assert_eq!(got, w, "{text:?}"),
            None => assert!(
                got.as_str().is_some_and(|s| s.starts_with('\0')),
                "{text:?}: {got}"
            ),
        }
    }
}

/// What the writer writes for new data reads as that data to YAML 1.2 and YAML 1.1 readers.
#[test]
fn new_scalars_read_the_same_to_every_reader() {
    use super::emit::scalar;
    use super::value::yaml11_plain;
    use serde_json::{Value, json};
    let mut values: Vec<Value> = [
        "yes",
        "No",
        "on",
        "OFF",
        "y",
        "N",
        "0400",
        "0x1F",
        "0b11",
        "1_000",
        "1:30",
        "1e3",
        ".inf",
        "-.inf",
        ".NaN",
        "~",
        "null",
        "2001-12-14",
        "09",
        "0o17",
        "+1",
        "1.5",
        "=",
        "<<",
        "100m",
        "128Mi",
        "plain",
        "a b",
        "-x",
        "1.10",
    ]
    .iter()
    .map(|s| json!(s))
    .collect();
    values.extend([
        json!(1e300),
        json!(-2.5e-8),
        json!(1.0),
        json!(400),
        json!(-7),
        json!(true),
        json!(null),
    ]);
    for v in values {
        let text = scalar(&v);
        let doc = parse(format!("k: {text}\n")).expect("parses");
        let core = to_value(&doc, &doc.root).expect("converts")["k"].clone();
        assert_eq!(core, v, "{text}");
        let plain = !text.starts_with('"') && !text.starts_with('\'');
        if plain {
            assert_eq!(yaml11_plain(&text), v, "{text} to YAML 1.1");
        }
    }
}

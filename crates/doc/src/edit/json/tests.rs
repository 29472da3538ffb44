use serde_json::{Value, json};

use super::{JsonEditor, JsonStyle};
use crate::edit::{EditError, Splice, apply_splices};
use crate::yaml::{Document, Kind, Node, parse_json, to_value};

mod dumps;

fn doc(text: &str) -> Document {
    parse_json(text.to_string()).expect("valid JSON")
}

/// The node at a `/`-separated path of keys and array indexes (`""` is the root).
fn node<'d>(doc: &'d Document, path: &str) -> &'d Node {
    let mut cur = &doc.root;
    for step in path.split('/').filter(|s| !s.is_empty()) {
        cur = match &cur.kind {
            Kind::Map { entries, .. } => {
                &entries
                    .iter()
                    .find(|(k, _)| k.as_str() == Some(step))
                    .expect("key")
                    .1
            }
            Kind::Seq { items, .. } => &items[step.parse::<usize>().expect("index")],
            _ => panic!("no {step} in a scalar"),
        };
    }
    cur
}

/// `text` after one operation on the node at `path`.
fn edit(
    text: &str,
    path: &str,
    op: impl FnOnce(&JsonEditor, &Node) -> Result<Splice, EditError>,
) -> String {
    let d = doc(text);
    let splice = op(&JsonEditor::new(&d), node(&d, path)).expect("edits");
    let out = apply_splices(&d.text, &[splice]);
    parse_json(out.clone()).expect("still valid JSON");
    out
}

const GO: &str = "{\n  \"config\": {\n    \"services\": {\n      \"api\": {\n        \"name\": \"api\",\n        \"note\": \"a \\u003c b\"\n      }\n    }\n  },\n  \"labels\": []\n}\n";

#[test]
fn go_output_stays_go_output() {
    // A new member goes where sorting puts it, its object's keys sorted, `<>&` escaped.
    let out = edit(GO, "config/services", |ed, obj| {
        let at = ed.member_position(obj, "apo");
        let v = json!({"name": "apo", "image": "x<y&z", "env": [], "mounts": {}});
        ed.insert_member(obj, Some(at), "apo", &v)
    });
    let want = "{\n  \"config\": {\n    \"services\": {\n      \"api\": {\n        \"name\": \"api\",\n        \"note\": \"a \\u003c b\"\n      },\n      \"apo\": {\n        \"env\": [],\n        \"image\": \"x\\u003cy\\u0026z\",\n        \"mounts\": {},\n        \"name\": \"apo\"\n      }\n    }\n  },\n  \"labels\": []\n}\n";
    assert_eq!(out, want);
    let out = edit(GO, "config/services/api", |ed, obj| {
        let at = ed.member_position(obj, "image");
        ed.insert_member(obj, Some(at), "image", &json!("é"))
    });
    assert!(out.contains("\"api\": {\n        \"image\": \"é\",\n        \"name\": \"api\",\n"));
}

#[test]
fn an_empty_array_grows_into_a_pretty_one_and_shrinks_back() {
    let grown = edit(GO, "labels", |ed, arr| {
        ed.insert_item(arr, None, &json!({"b": 1, "a": [true]}))
    });
    let want = "  \"labels\": [\n    {\n      \"a\": [\n        true\n      ],\n      \"b\": 1\n    }\n  ]\n}\n";
    assert!(grown.ends_with(want), "{grown}");
    assert_eq!(edit(&grown, "labels", |ed, a| ed.remove_item(a, 0)), GO);
}

const PY4: &str = "{\n    \"name\": \"caff\\u00e8\",\n    \"env\": [\n        {\n            \"name\": \"A\"\n        },\n        2\n    ],\n    \"z\": {}\n}";

#[test]
fn python_ensure_ascii_four_spaces() {
    let out = edit(PY4, "name", |ed, n| {
        ed.set_value(n, &json!("thé 😀 \u{7f}"))
    });
    assert!(out.starts_with("{\n    \"name\": \"th\\u00e9 \\ud83d\\ude00 \\u007f\",\n"));
    let out = edit(PY4, "env", |ed, a| {
        ed.insert_item(a, Some(1), &json!([1, {}]))
    });
    assert!(out.contains(
        "        },\n        [\n            1,\n            {}\n        ],\n        2\n"
    ));
    let out = edit(PY4, "z", |ed, o| {
        ed.insert_member(o, None, "k", &json!("<&>"))
    });
    assert!(
        out.ends_with("    \"z\": {\n        \"k\": \"<&>\"\n    }\n}"),
        "{out}"
    );
    let out = edit(PY4, "env/0", |ed, o| ed.set_value(o, &json!({"x": null})));
    assert!(out.contains("\"env\": [\n        {\n            \"x\": null\n        },\n"));
}

#[test]
fn tabs_crlf_and_no_final_newline() {
    let text = "{\r\n\t\"a\": [\r\n\t\t1\r\n\t],\r\n\t\"b\": \"è\"\r\n}";
    let out = edit(text, "", |ed, o| {
        ed.insert_member(o, Some(1), "n", &json!({"m": [2]}))
    });
    let want = "{\r\n\t\"a\": [\r\n\t\t1\r\n\t],\r\n\t\"n\": {\r\n\t\t\"m\": [\r\n\t\t\t2\r\n\t\t]\r\n\t},\r\n\t\"b\": \"è\"\r\n}";
    assert_eq!(out, want);
    assert_eq!(
        edit(text, "a", |ed, a| ed.remove_item(a, 0)),
        "{\r\n\t\"a\": [],\r\n\t\"b\": \"è\"\r\n}"
    );
    assert_eq!(
        edit(text, "a", |ed, a| ed.insert_item(a, None, &json!("ü"))),
        "{\r\n\t\"a\": [\r\n\t\t1,\r\n\t\t\"ü\"\r\n\t],\r\n\t\"b\": \"è\"\r\n}"
    );
}

#[test]
fn removing_members_takes_one_separator() {
    let text = "{\n  \"a\": 1,\n  \"b\": [2],\n  \"c\": {\"d\": 3}\n}\n";
    let remove = |i| edit(text, "", |ed, o| ed.remove_member(o, i));
    assert_eq!(remove(0), "{\n  \"b\": [2],\n  \"c\": {\"d\": 3}\n}\n");
    assert_eq!(remove(1), "{\n  \"a\": 1,\n  \"c\": {\"d\": 3}\n}\n");
    assert_eq!(remove(2), "{\n  \"a\": 1,\n  \"b\": [2]\n}\n");
    assert_eq!(
        edit(text, "c", |ed, o| ed.remove_member(o, 0)),
        "{\n  \"a\": 1,\n  \"b\": [2],\n  \"c\": {}\n}\n"
    );
}

#[test]
fn one_line_collections_stay_on_one_line() {
    // Go's compact encoding, Python's default one and a hand-kept one-line list in a pretty file.
    let go = r#"{"a":[1,2],"b":{},"c":[]}"#;
    assert_eq!(
        edit(go, "a", |ed, a| ed.insert_item(
            a,
            Some(0),
            &json!({"x": [3]})
        )),
        r#"{"a":[{"x":[3]},1,2],"b":{},"c":[]}"#
    );
    assert_eq!(
        edit(go, "b", |ed, o| ed.insert_member(
            o,
            None,
            "k",
            &json!([1, 2])
        )),
        r#"{"a":[1,2],"b":{"k":[1,2]},"c":[]}"#
    );
    assert_eq!(
        edit(go, "", |ed, o| ed.remove_member(o, 1)),
        r#"{"a":[1,2],"c":[]}"#
    );
    let py = r#"{"a": [1], "b": {}}"#;
    assert_eq!(
        edit(py, "", |ed, o| ed.insert_member(
            o,
            None,
            "c",
            &json!({"d": [4, 5]})
        )),
        r#"{"a": [1], "b": {}, "c": {"d": [4, 5]}}"#
    );
    assert_eq!(
        edit(py, "a", |ed, a| ed.insert_item(a, None, &json!(2))),
        r#"{"a": [1, 2], "b": {}}"#
    );
    let hand = "{\n  \"ports\": [80, 443],\n  \"tags\": [\"x\"],\n  \"new\": []\n}\n";
    assert_eq!(
        edit(hand, "ports", |ed, a| ed.insert_item(a, None, &json!(8080))),
        "{\n  \"ports\": [80, 443, 8080],\n  \"tags\": [\"x\"],\n  \"new\": []\n}\n"
    );
    assert_eq!(
        edit(hand, "tags/0", |ed, n| ed.set_value(n, &json!({"k": 1}))),
        "{\n  \"ports\": [80, 443],\n  \"tags\": [{\"k\": 1}],\n  \"new\": []\n}\n"
    );
    assert_eq!(
        edit(hand, "new", |ed, a| ed.insert_item(a, None, &json!(1))),
        "{\n  \"ports\": [80, 443],\n  \"tags\": [\"x\"],\n  \"new\": [\n    1\n  ]\n}\n"
    );
}

#[test]
fn unsorted_keys_keep_their_order_and_new_ones_go_last() {
    let text = "{\n  \"zeta\": 1,\n  \"alpha\": {\"b\": 1, \"a\": 2}\n}\n";
    let out = edit(text, "", |ed, o| {
        assert_eq!(ed.member_position(o, "beta"), 2);
        let v = json!({"y": 1, "x": 2});
        ed.insert_member(o, Some(ed.member_position(o, "beta")), "beta", &v)
    });
    let want = "{\n  \"zeta\": 1,\n  \"alpha\": {\"b\": 1, \"a\": 2},\n  \"beta\": {\n    \"y\": 1,\n    \"x\": 2\n  }\n}\n";
    assert_eq!(out, want);
    // An object whose own keys are sorted keeps them so, even in an unsorted file.
    let text = "{\"b\": 1, \"a\": {\"m\": 1, \"p\": 2}}";
    let out = edit(text, "a", |ed, o| {
        ed.insert_member(o, Some(ed.member_position(o, "n")), "n", &json!(0))
    });
    assert_eq!(out, "{\"b\": 1, \"a\": {\"m\": 1, \"n\": 0, \"p\": 2}}");
}

#[test]
fn the_style_is_read_off_the_file() {
    let style = |t: &str| JsonStyle::of(&doc(t));
    let go = style(GO);
    assert_eq!(go.indent.as_deref(), Some("  "));
    assert!(go.escape_html && !go.ascii_only && go.sort_keys && go.newline == "\n");
    let py = style(PY4);
    assert_eq!(py.indent.as_deref(), Some("    "));
    assert!(py.ascii_only && !py.escape_html && !py.sort_keys && !py.upper_hex);
    let compact = style(r#"{"b":"\u00E9","a":[1,2]}"#);
    assert_eq!(
        (
            compact.indent,
            compact.key_sep.as_str(),
            compact.item_sep.as_str()
        ),
        (None, ":", ",")
    );
    assert!(compact.upper_hex && compact.ascii_only);
    // Raw text wins over escapes: a file that has both is not written with escapes.
    let mixed = style("[\"\\u00e8 è\", \"\\u003c <\"]");
    assert!(!mixed.ascii_only && !mixed.escape_html);
    // No evidence: two spaces, nothing escaped beyond JSON's own.
    assert_eq!(style("{}"), JsonStyle::default());
}

#[test]
fn impossible_edits_are_refused() {
    let d = doc(r#"{"a": [1], "b": 2}"#);
    let ed = JsonEditor::new(&d);
    let (root, a) = (node(&d, ""), node(&d, "a"));
    let fails = |r: Result<Splice, EditError>| r.expect_err("refused").to_string();
    assert_eq!(
        fails(ed.insert_member(root, None, "b", &json!(1))),
        "the object already has a key `b`"
    );
    assert_eq!(
        fails(ed.insert_item(a, Some(2), &json!(1))),
        "no position 2 among 1 entries"
    );
    assert_eq!(fails(ed.remove_item(a, 1)), "no entry 1 among 1");
    assert_eq!(
        fails(ed.insert_item(root, None, &json!(1))),
        "not an array: a mapping"
    );
    assert_eq!(fails(ed.remove_member(a, 0)), "not an object: a sequence");
    let other = doc(r#"{"x": [1, 2, 3, 4, 5, 6]}"#);
    assert_eq!(
        fails(ed.set_value(node(&other, "x"), &json!(1))),
        "the node is not a value of this document"
    );
    let Kind::Map { entries, .. } = &d.root.kind else {
        unreachable!()
    };
    assert_eq!(
        fails(ed.set_value(&entries[0].0, &json!("k"))),
        "the node is not a value of this document"
    );
}

/// Data as `to_value` reads it back.
fn reread(text: &str) -> Value {
    let d = doc(text);
    to_value(&d, &d.root).expect("converts")
}

//! One example per editor operation and file style, with the exact text it makes. Every edit
//! also passes the write check with the patches it recorded.

use serde_json::json;

use super::{EditError, Editor, Entry, apply_splices, verify};
use crate::route::Route;
use crate::yaml;

/// `text` after `f`'s operations, checked.
fn edit(text: &str, f: impl FnOnce(&mut Editor<'_>) -> Result<(), EditError>) -> String {
    let doc = yaml::parse_stream(text.to_string()).expect("the example parses");
    let mut ed = Editor::new(&doc);
    f(&mut ed).expect("the edit applies");
    let edit = ed.finish().expect("no edits overlap");
    let out = apply_splices(&doc.text, &edit.splices);
    verify(&doc, out.clone(), &edit.patches).expect("the write check accepts the edit");
    out
}

/// The refusal of `f`'s operations on `text`.
fn refusal(text: &str, f: impl FnOnce(&mut Editor<'_>) -> Result<(), EditError>) -> String {
    let doc = yaml::parse_stream(text.to_string()).expect("the example parses");
    let mut ed = Editor::new(&doc);
    match f(&mut ed).and_then(|()| ed.finish().map(|_| ())) {
        Ok(()) => panic!("the edit was not refused"),
        Err(e) => e.to_string(),
    }
}

fn at(keys: &[&str]) -> Route {
    Route::root(0).keys(keys)
}

fn data(v: serde_json::Value) -> Entry {
    Entry::Data(v)
}

#[test]
fn set_keeps_quotes_and_comments() {
    let text = "c:\n  image: 'acme/a:1'  # pinned\n  cpu: 0.5\n";
    let out = edit(text, |ed| {
        ed.set(&at(&["c"]), &["image"], "acme/a:2", |_| false)?;
        ed.set(&at(&["c"]), &["cpu"], "0.25", |_| false)
    });
    assert_eq!(out, "c:\n  image: 'acme/a:2'  # pinned\n  cpu: 0.25\n");
}

#[test]
fn set_an_equal_value_changes_nothing() {
    let text = "c:\n  cpu: 100m\n";
    let out = edit(text, |ed| {
        ed.set(&at(&["c"]), &["cpu"], "0.1", |old| old == "100m")
    });
    assert_eq!(out, text);
}

#[test]
fn set_inserts_a_missing_key_four_spaces() {
    let text = "c:\n    name: x\n    resources:\n        cpu: 1\nnext: 2\n";
    let out = edit(text, |ed| {
        ed.set(&at(&["c"]), &["resources", "memory"], "2Gi", |_| false)
    });
    assert_eq!(
        out,
        "c:\n    name: x\n    resources:\n        cpu: 1\n        memory: 2Gi\nnext: 2\n"
    );
}

#[test]
fn set_inserts_a_missing_path_as_one_block() {
    let text = "c:\n  name: x\n";
    let out = edit(text, |ed| {
        ed.set(&at(&["c"]), &["limits", "cpu"], "500m", |_| false)?;
        ed.set(&at(&["c"]), &["limits", "memory"], "1Gi", |_| false)
    });
    assert_eq!(
        out,
        "c:\n  name: x\n  limits:\n    cpu: 500m\n    memory: 1Gi\n"
    );
}

#[test]
fn set_into_a_flow_mapping_stays_flow() {
    let text = "c: {name: x, limits: {cpu: 1}}\n";
    let out = edit(text, |ed| {
        ed.set(&at(&["c"]), &["limits", "memory"], "1Gi", |_| false)
    });
    assert_eq!(out, "c: {name: x, limits: {cpu: 1, memory: 1Gi}}\n");
}

#[test]
fn append_two_spaces_indented() {
    let text = "list:\n  - name: a\n  - name: b\nother: 1\n";
    let out = edit(text, |ed| {
        ed.append(&at(&["list"]), &data(json!({"name": "c", "v": 1})))
    });
    assert_eq!(
        out,
        "list:\n  - name: a\n  - name: b\n  - name: c\n    v: 1\nother: 1\n"
    );
}

#[test]
fn append_unindented_list() {
    let text = "list:\n- name: a\nother: 1\n";
    let out = edit(text, |ed| {
        ed.append(&at(&["list"]), &data(json!({"name": "b"})))
    });
    assert_eq!(out, "list:\n- name: a\n- name: b\nother: 1\n");
}

#[test]
fn append_creates_a_missing_list_in_a_nested_mapping() {
    let text = "spec:\n    containers:\n        -   name: a\n";
    let out = edit(text, |ed| {
        ed.append(&at(&["spec", "init"]), &data(json!({"name": "b"})))
    });
    assert_eq!(
        out,
        "spec:\n    containers:\n        -   name: a\n    init:\n        -   name: b\n"
    );
}

#[test]
fn append_flow_list() {
    let text = "list: [a, b]\n";
    let out = edit(text, |ed| ed.append(&at(&["list"]), &data(json!("c"))));
    assert_eq!(out, "list: [a, b, c]\n");
}

#[test]
fn append_crlf() {
    let text = "list:\r\n  - a\r\nk: 1\r\n";
    let out = edit(text, |ed| ed.append(&at(&["list"]), &data(json!("b"))));
    assert_eq!(out, "list:\r\n  - a\r\n  - b\r\nk: 1\r\n");
}

#[test]
fn append_without_final_newline() {
    let text = "list:\n  - a\n  - b";
    let out = edit(text, |ed| ed.append(&at(&["list"]), &data(json!("c"))));
    assert_eq!(out, "list:\n  - a\n  - b\n  - c");
}

#[test]
fn insert_before_an_item_and_its_heading_comment() {
    let text = "list:\n  - name: a\n  # about b\n  - name: b\n";
    let out = edit(text, |ed| {
        ed.insert(&at(&["list"]), 1, &data(json!({"name": "new"})))
    });
    assert_eq!(
        out,
        "list:\n  - name: a\n  - name: new\n  # about b\n  - name: b\n"
    );
}

#[test]
fn insert_above_a_heading_deeper_than_the_dash_keeps_it_its_entry() {
    // Between a list's key and its first entry, a comment deeper than the `-` heads that entry.
    // Right after a new entry it would read as the new entry's last lines (a later delete would
    // take it): a blank line after the new entry keeps it the old entry's heading.
    let text = "init:\n  # migrations first\n- name: migrate\nk: 1\n";
    let out = edit(text, |ed| {
        ed.insert(&at(&["init"]), 0, &data(json!({"name": "agent"})))
    });
    assert_eq!(
        out,
        "init:\n- name: agent\n\n  # migrations first\n- name: migrate\nk: 1\n"
    );
    let back = edit(&out, |ed| ed.remove(&at(&["init"]), 0));
    assert_eq!(back, text, "removing the new entry gives the file back");
}

#[test]
fn a_deep_comment_after_a_blank_line_heads_the_next_entry() {
    let text = "list:\n- name: a\n  # inside a\n\n  # about b\n- name: b\n- name: c\n";
    assert_eq!(
        edit(text, |ed| ed.remove(&at(&["list"]), 1)),
        "list:\n- name: a\n  # inside a\n\n- name: c\n"
    );
    assert_eq!(
        edit(text, |ed| ed.remove(&at(&["list"]), 0)),
        "list:\n  # about b\n- name: b\n- name: c\n"
    );
    // Followed by a blank line, or with nothing but the list's end after it, it stays inside
    // the entry before.
    let spaced = "list:\n- name: a\n\n  # about a\n\n- name: b\n";
    assert_eq!(
        edit(spaced, |ed| ed.remove(&at(&["list"]), 0)),
        "list:\n- name: b\n"
    );
    let last = "list:\n- name: a\n- name: b\n\n  # inside b\nk: 1\n";
    assert_eq!(
        edit(last, |ed| ed.remove(&at(&["list"]), 1)),
        "list:\n- name: a\nk: 1\n"
    );
}

#[test]
fn insert_keeps_blank_lines_between_items() {
    let text = "list:\n- a\n\n- b\n";
    let out = edit(text, |ed| ed.insert(&at(&["list"]), 0, &data(json!("new"))));
    assert_eq!(out, "list:\n- new\n\n- a\n\n- b\n");
}

#[test]
fn insert_into_a_flow_list() {
    let text = "list: [a, b]\n";
    let out = edit(text, |ed| ed.insert(&at(&["list"]), 1, &data(json!("new"))));
    assert_eq!(out, "list: [a, new, b]\n");
}

#[test]
fn insert_at_the_end_appends() {
    let text = "list:\n  - a\n";
    let out = edit(text, |ed| ed.insert(&at(&["list"]), 1, &data(json!("b"))));
    assert_eq!(out, "list:\n  - a\n  - b\n");
}

#[test]
fn remove_with_its_comments_four_spaces() {
    let text = "list:\n    # first\n    -   name: a\n        v: 1  # note\n    -   name: b\nk: 1\n";
    let out = edit(text, |ed| ed.remove(&at(&["list"]), 0));
    assert_eq!(out, "list:\n    -   name: b\nk: 1\n");
}

#[test]
fn remove_the_last_item_removes_the_key() {
    let text = "name: x\n# the sidecars\nlist:\n- a\nk: 1\n";
    let out = edit(text, |ed| ed.remove(&at(&["list"]), 0));
    assert_eq!(out, "name: x\nk: 1\n");
}

#[test]
fn remove_from_a_flow_list() {
    let text = "list: [a, b, c]\n";
    assert_eq!(
        edit(text, |ed| ed.remove(&at(&["list"]), 1)),
        "list: [a, c]\n"
    );
    assert_eq!(
        edit(text, |ed| ed.remove(&at(&["list"]), 2)),
        "list: [a, b]\n"
    );
}

#[test]
fn remove_crlf_without_final_newline() {
    let text = "list:\r\n  - a\r\n  - b";
    let out = edit(text, |ed| ed.remove(&at(&["list"]), 1));
    assert_eq!(out, "list:\r\n  - a");
}

#[test]
fn remove_refuses_to_empty_a_mapping() {
    let text = "spec:\n  init:\n  - a\n";
    assert_eq!(
        refusal(text, |ed| ed.remove(&at(&["spec", "init"]), 0)),
        "removing the last entry of `spec.init` would leave its mapping empty; remove it by hand"
    );
}

#[test]
fn replace_crlf() {
    let text = "list:\r\n  - name: a\r\n    v: 1\r\n  - name: b\r\n";
    let out = edit(text, |ed| {
        ed.replace(&at(&["list"]), 0, &data(json!({"name": "z", "v": 2})))
    });
    assert_eq!(out, "list:\r\n  - name: z\r\n    v: 2\r\n  - name: b\r\n");
}

#[test]
fn replace_in_a_flow_list() {
    let text = "list: [{name: a}, {name: b}]\n";
    let out = edit(text, |ed| {
        ed.replace(&at(&["list"]), 1, &data(json!({"name": "c"})))
    });
    assert_eq!(out, "list: [{name: a}, {name: c}]\n");
}

#[test]
fn move_between_lists_is_remove_and_insert() {
    let text = "init:\n  - name: a\n  - name: b\nmain:\n  - name: c\n";
    let out = edit(text, |ed| {
        ed.remove(&at(&["init"]), 0)?;
        ed.insert(&at(&["main"]), 0, &data(json!({"name": "a"})))
    });
    assert_eq!(out, "init:\n  - name: b\nmain:\n  - name: a\n  - name: c\n");
}

#[test]
fn operations_in_a_multi_document_file() {
    let text = "kind: A\nspec:\n  containers:\n  - name: a\n---\nkind: B\nspec:\n  containers:\n  - name: b\n  init: []\n";
    let second = Route::root(1).key("spec");
    let out = edit(text, |ed| {
        ed.append(&second.key("containers"), &data(json!({"name": "c"})))?;
        ed.append(&second.key("init"), &data(json!({"name": "i"})))?;
        ed.set(&Route::root(0), &["kind"], "Z", |_| false)?;
        ed.set(&Route::root(0).key("spec"), &["paused"], "yes", |_| false)
    });
    assert_eq!(
        out,
        "kind: Z\nspec:\n  containers:\n  - name: a\n  paused: \"yes\"\n---\nkind: B\nspec:\n  containers:\n  - name: b\n  - name: c\n  init:\n  - name: i\n"
    );
    assert_eq!(
        refusal(text, |ed| ed.remove(&second.key("init"), 0)),
        "no such entry"
    );
}

#[test]
fn copied_entries_take_the_target_style() {
    let source = std::sync::Arc::new(
        yaml::parse("list:\n- name: a\n  # kept\n  v: [1, 2]\n".to_string()).expect("parses"),
    );
    let entry = super::copy_entry(&source, &at(&["list"]), 0).expect("a block item copies");
    let text = "list:\n    -   name: z\n";
    let out = edit(text, |ed| ed.append(&at(&["list"]), &entry));
    assert_eq!(
        out,
        "list:\n    -   name: z\n    -   name: a\n        # kept\n        v: [1, 2]\n"
    );
}

#[test]
fn two_appends_to_a_missing_key_make_one_list() {
    let text = "spec:\n  containers:\n  - name: a\n";
    let out = edit(text, |ed| {
        ed.append(&at(&["spec", "volumes"]), &data(json!({"name": "v1"})))?;
        ed.append(&at(&["spec", "volumes"]), &data(json!({"name": "v2"})))
    });
    assert_eq!(
        out,
        "spec:\n  containers:\n  - name: a\n  volumes:\n  - name: v1\n  - name: v2\n"
    );
}

#[test]
fn two_appends_to_a_missing_key_without_a_final_newline() {
    let text = "spec:\n  containers:\n  - name: a";
    let out = edit(text, |ed| {
        ed.append(&at(&["spec", "volumes"]), &data(json!({"name": "v1"})))?;
        ed.append(&at(&["spec", "volumes"]), &data(json!({"name": "v2"})))
    });
    assert_eq!(
        out,
        "spec:\n  containers:\n  - name: a\n  volumes:\n  - name: v1\n  - name: v2"
    );
}

#[test]
fn append_to_a_missing_key_of_a_flow_mapping() {
    let text = "spec: {containers: [{name: a}]}\n";
    let out = edit(text, |ed| {
        ed.append(&at(&["spec", "containers"]), &data(json!({"name": "b"})))?;
        ed.append(&at(&["spec", "volumes"]), &data(json!({"name": "v1"})))?;
        ed.append(&at(&["spec", "volumes"]), &data(json!({"name": "v2"})))
    });
    assert_eq!(
        out,
        "spec: {containers: [{name: a}, {name: b}], volumes: [{name: v1}, {name: v2}]}\n"
    );
}

#[test]
fn items_appended_at_the_end_of_a_mapping_come_before_a_new_key() {
    // `volumes` ends the mapping, where the new `initContainers:` goes too.
    let text = "spec:\n  volumes:\n  - name: v1\n";
    let out = edit(text, |ed| {
        ed.append(
            &at(&["spec", "initContainers"]),
            &data(json!({"name": "i"})),
        )?;
        ed.append(&at(&["spec", "volumes"]), &data(json!({"name": "v2"})))
    });
    assert_eq!(
        out,
        "spec:\n  volumes:\n  - name: v1\n  - name: v2\n  initContainers:\n  - name: i\n"
    );
}

#[test]
fn remove_all_takes_every_item_and_the_key() {
    let text = "spec:\n  containers:\n  - name: a\n  # the pod's volumes\n  volumes:\n  - name: v1\n  - name: v2\nnext: 1\n";
    let out = edit(text, |ed| ed.remove_all(&at(&["spec", "volumes"])));
    assert_eq!(out, "spec:\n  containers:\n  - name: a\nnext: 1\n");
}

#[test]
fn a_flat_entry_among_one_line_flow_mappings_is_one_too() {
    let text = "env:\n  - {name: A, value: a}  # first\n  - {name: B, value: b}\nnext: 1\n";
    let out = edit(text, |ed| {
        ed.append(&at(&["env"]), &data(json!({"name": "C", "value": "c"})))?;
        ed.replace(&at(&["env"]), 1, &data(json!({"name": "B", "value": "2"})))
    });
    assert_eq!(
        out,
        "env:\n  - {name: A, value: a}  # first\n  - {name: B, value: \"2\"}\n  - {name: C, value: c}\nnext: 1\n"
    );
    // Nested data, or block items beside, keep the block style.
    let nested = edit(text, |ed| {
        ed.append(
            &at(&["env"]),
            &data(json!({"name": "C", "valueFrom": {"k": "v"}})),
        )
    });
    assert!(nested.contains("  - name: C\n    valueFrom:\n"), "{nested}");
    let block = "env:\n  - name: A\n    value: a\n";
    let out = edit(block, |ed| {
        ed.append(&at(&["env"]), &data(json!({"name": "C", "value": "c"})))
    });
    assert_eq!(
        out,
        "env:\n  - name: A\n    value: a\n  - name: C\n    value: c\n"
    );
}

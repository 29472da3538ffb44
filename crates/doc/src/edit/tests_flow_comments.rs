//! The comments of flow entries: a member of a flow list written one member a line owns the
//! comment lines directly above it and the comment on its last line (removed with it, taken
//! along when it moves); so does an entry written as a flow mapping on its own `-` line, and
//! the only entry of a one-line flow list the comment on that line.

use std::sync::Arc;

use serde_json::Value;

use super::{Editor, Entry, apply_splices, verify};
use crate::route::Route;
use crate::yaml;

fn at(keys: &[&str]) -> Route {
    Route::root(0).keys(keys)
}

/// `text` after `f`'s operations, checked.
fn edit(text: &str, f: impl FnOnce(&mut Editor<'_>, &Arc<yaml::Document>)) -> String {
    let doc = Arc::new(yaml::parse_stream(text.to_string()).expect("the example parses"));
    let mut ed = Editor::new(&doc);
    f(&mut ed, &doc);
    let edit = ed.finish().expect("no edits overlap");
    let out = apply_splices(&doc.text, &edit.splices);
    verify(&doc, out.clone(), &edit.patches).expect("the write check accepts the edit");
    out
}

/// Moves item `index` of `from` to the end of `to`, written anew from its data (as a flow
/// entry that moves to a block list is).
fn moved(text: &str, from: &[&str], index: usize, to: &[&str]) -> String {
    edit(text, |ed, doc| {
        let item = doc.node_at(&at(from).index(index)).expect("the item");
        let value: Value = yaml::to_value(doc, item).expect("its data");
        let entry = Entry::sourced_moving(value, doc, &at(from), index);
        ed.append(&at(to), &entry).expect("appends");
        ed.remove(&at(from), index).expect("removes");
    })
}

const MULTI_LINE: &str = "\
init: [
  {name: wait},  # waits for the db
  # the agent, native
  {name: agent}  # ships logs
]
main:
- name: app
";

#[test]
fn a_removed_last_member_takes_its_own_comments_and_leaves_no_comma() {
    let out = edit(MULTI_LINE, |ed, _| {
        ed.remove(&at(&["init"]), 1).expect("removes");
    });
    assert_eq!(
        out,
        "init: [\n  {name: wait}  # waits for the db\n]\nmain:\n- name: app\n"
    );
}

#[test]
fn a_removed_member_keeps_a_trailing_comma_style() {
    let text = "init: [\n  {name: wait},  # one\n  {name: agent},  # two\n  {name: b},\n]\n";
    let out = edit(text, |ed, _| {
        ed.remove(&at(&["init"]), 1).expect("removes");
    });
    assert_eq!(out, "init: [\n  {name: wait},  # one\n  {name: b},\n]\n");
    let out = edit(text, |ed, _| {
        ed.remove(&at(&["init"]), 2).expect("removes");
    });
    assert_eq!(
        out,
        "init: [\n  {name: wait},  # one\n  {name: agent},  # two\n]\n"
    );
}

#[test]
fn members_sharing_a_line_go_with_their_separator() {
    let text = "init: [{name: a}, {name: b}]  # both\n";
    let out = edit(text, |ed, _| {
        ed.remove(&at(&["init"]), 1).expect("removes");
    });
    assert_eq!(out, "init: [{name: a}]  # both\n");
}

#[test]
fn a_moving_member_takes_its_heading_and_line_comment() {
    assert_eq!(
        moved(MULTI_LINE, &["init"], 1, &["main"]),
        "init: [\n  {name: wait}  # waits for the db\n]\nmain:\n- name: app\n\
         # the agent, native\n- name: agent  # ships logs\n"
    );
}

#[test]
fn the_only_entry_of_a_one_line_flow_list_takes_the_line_comment() {
    let text = "init: [{name: agent, image: x}]  # keep me\nmain:\n  - name: app\n";
    assert_eq!(
        moved(text, &["init"], 0, &["main"]),
        "main:\n  - name: app\n  - name: agent  # keep me\n    image: x\n"
    );
}

#[test]
fn a_flow_mapping_entry_takes_its_line_comment() {
    let text = "init:\n- {name: agent, image: x}  # keep me\n- name: wait\nmain:\n- name: app\n";
    assert_eq!(
        moved(text, &["init"], 0, &["main"]),
        "init:\n- name: wait\nmain:\n- name: app\n- name: agent  # keep me\n  image: x\n"
    );
}

#[test]
fn a_replaced_flow_entry_leaves_its_line_comment() {
    let text = "list:\n- name: app\n- {name: agent, image: x}  # pinned by the platform team\n";
    let entry = Entry::Data(serde_json::json!({"name": "agent", "image": "z:1", "args": ["-v"]}));
    let out = edit(text, |ed, _| {
        ed.replace(&at(&["list"]), 1, &entry).expect("replaces");
    });
    assert_eq!(
        out,
        "list:\n- name: app\n- name: agent  # pinned by the platform team\n  image: z:1\n  args:\n  - -v\n"
    );
}

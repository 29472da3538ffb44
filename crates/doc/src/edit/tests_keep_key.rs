//! `Editor::remove_keeping_key`: a chart's container list emptied by `delete` stays as `[]`,
//! in block, flow and JSON files, the key's comments kept; the write check holds.

use super::{Editor, apply_splices, verify};
use crate::route::Route;
use crate::yaml;

/// Removes item `index` of `list` in `text` keeping the key; the new text, checked.
fn remove(text: &str, list: &Route, index: usize, json: bool) -> String {
    let doc = match json {
        true => yaml::parse_json(text.to_string()).expect("parses"),
        false => yaml::parse(text.to_string()).expect("parses"),
    };
    let mut ed = Editor::new(&doc);
    ed.remove_keeping_key(list, index).expect("removes");
    let edit = ed.finish().expect("finishes");
    let new = apply_splices(text, &edit.splices);
    verify(&doc, new.clone(), &edit.patches).expect("the check holds");
    new
}

#[test]
fn the_last_block_entry_leaves_the_key_and_its_comments() {
    let text = "primary:\n  ## @param primary.sidecars Add sidecars\n  ##\n  sidecars:\n    - name: a\n      image: a:1\n  ## @param primary.initContainers\n  initContainers: []\n";
    let list = Route::root(0).keys(&["primary", "sidecars"]);
    assert_eq!(
        remove(text, &list, 0, false),
        "primary:\n  ## @param primary.sidecars Add sidecars\n  ##\n  sidecars: []\n  ## @param primary.initContainers\n  initContainers: []\n"
    );
}

#[test]
fn a_comment_on_the_key_line_stays_after_the_brackets() {
    let text = "sidecars: # set by the platform team\n  - name: a\n    image: a:1\nreplicas: 2\n";
    let list = Route::root(0).key("sidecars");
    assert_eq!(
        remove(text, &list, 0, false),
        "sidecars: [] # set by the platform team\nreplicas: 2\n"
    );
}

#[test]
fn an_entry_among_others_goes_as_remove_takes_it() {
    let text = "sidecars:\n  - name: a\n    image: a:1\n  - name: b\n    image: b:1\n";
    let list = Route::root(0).key("sidecars");
    assert_eq!(
        remove(text, &list, 0, false),
        "sidecars:\n  - name: b\n    image: b:1\n"
    );
}

#[test]
fn a_flow_list_and_a_json_list_become_empty_brackets() {
    let flow = "values: {sidecars: [{name: a, image: \"a:1\"}], replicas: 2}\n";
    let list = Route::root(0).keys(&["values", "sidecars"]);
    assert_eq!(
        remove(flow, &list, 0, false),
        "values: {sidecars: [], replicas: 2}\n"
    );
    let json = "{\n  \"values\": {\n    \"sidecars\": [\n      {\"name\": \"a\", \"image\": \"a:1\"}\n    ]\n  }\n}\n";
    assert_eq!(
        remove(json, &list, 0, true),
        "{\n  \"values\": {\n    \"sidecars\": []\n  }\n}\n"
    );
}

#[test]
fn a_list_emptied_at_once_keeps_its_key_and_the_check_holds() {
    let text = "kind: Component\n# the patches\npatches: # all of them\n  # first\n  - path: a.yaml\n  - patch: |-\n      kind: Deployment\n";
    let want = "kind: Component\n# the patches\npatches: [] # all of them\n";
    for (text, want) in [
        (text.to_string(), want.to_string()),
        (text.replace('\n', "\r\n"), want.replace('\n', "\r\n")),
    ] {
        let doc = yaml::parse(text.clone()).expect("parses");
        let mut ed = Editor::new(&doc);
        ed.empty_keeping_key(&Route::root(0).key("patches"))
            .expect("empties");
        let edit = ed.finish().expect("finishes");
        let new = apply_splices(&text, &edit.splices);
        verify(&doc, new.clone(), &edit.patches).expect("the check holds");
        assert_eq!(new, want);
    }
}

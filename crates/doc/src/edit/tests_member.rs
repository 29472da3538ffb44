//! `Editor::remove_member_keeping_map` and `Editor::add_member` on a chart's name-keyed map of
//! containers (`sidecarContainers`): block, flow and empty, comments kept; the write check holds.

use serde_json::json;

use super::{Editor, apply_splices, verify};
use crate::route::Route;
use crate::yaml;

fn checked(text: &str, json: bool, change: impl FnOnce(&mut Editor<'_>)) -> String {
    let doc = match json {
        true => yaml::parse_json(text.to_string()).expect("parses"),
        false => yaml::parse(text.to_string()).expect("parses"),
    };
    let mut ed = Editor::new(&doc);
    change(&mut ed);
    let edit = ed.finish().expect("finishes");
    let new = apply_splices(text, &edit.splices);
    verify(&doc, new.clone(), &edit.patches).expect("the check holds");
    new
}

fn remove(text: &str, map: &Route, key: &str) -> String {
    checked(text, false, |ed| {
        ed.remove_member_keeping_map(map, key).expect("removes")
    })
}

fn add(text: &str, at: &Route, map_key: &str, key: &str) -> String {
    let value = json!({"image": "envoy:1", "args": ["-v"]});
    checked(text, false, |ed| {
        ed.add_member(at, map_key, key, &value).expect("adds")
    })
}

#[test]
fn a_member_among_others_goes_with_its_comments() {
    let text = "server:\n  ## @param server.sidecarContainers\n  sidecarContainers:\n    # the proxy\n    proxy:\n      image: p:1\n    # the shipper\n    shipper:\n      image: s:1\n  replicas: 1\n";
    let map = Route::root(0).keys(&["server", "sidecarContainers"]);
    assert_eq!(
        remove(text, &map, "proxy"),
        "server:\n  ## @param server.sidecarContainers\n  sidecarContainers:\n    # the shipper\n    shipper:\n      image: s:1\n  replicas: 1\n"
    );
    assert_eq!(
        remove(text, &map, "shipper"),
        "server:\n  ## @param server.sidecarContainers\n  sidecarContainers:\n    # the proxy\n    proxy:\n      image: p:1\n  replicas: 1\n"
    );
}

#[test]
fn the_last_member_leaves_empty_braces_and_the_key_comment() {
    let text = "server:\n  ## @param server.sidecarContainers\n  sidecarContainers: # by name\n    proxy:\n      image: p:1\n      args:\n        - -v\n  replicas: 1\n";
    let map = Route::root(0).keys(&["server", "sidecarContainers"]);
    assert_eq!(
        remove(text, &map, "proxy"),
        "server:\n  ## @param server.sidecarContainers\n  sidecarContainers: {} # by name\n  replicas: 1\n"
    );
}

#[test]
fn a_flow_map_stays_flow() {
    let text = "values: {sidecarContainers: {a: {image: \"a:1\"}, b: {image: \"b:1\"}}}\n";
    let map = Route::root(0).keys(&["values", "sidecarContainers"]);
    let one = remove(text, &map, "a");
    assert_eq!(one, "values: {sidecarContainers: {b: {image: \"b:1\"}}}\n");
    assert_eq!(remove(&one, &map, "b"), "values: {sidecarContainers: {}}\n");
}

#[test]
fn a_json_member_goes() {
    let text = "{\"values\": {\"sidecarContainers\": {\"a\": {\"image\": \"a:1\"}}}}\n";
    let map = Route::root(0).keys(&["values", "sidecarContainers"]);
    let new = checked(text, true, |ed| {
        ed.remove_member_keeping_map(&map, "a").expect("removes")
    });
    assert_eq!(new, "{\"values\": {\"sidecarContainers\": {}}}\n");
}

#[test]
fn a_member_joins_a_block_map_at_its_indentation() {
    let text = "server:\n    sidecarContainers:\n        proxy:\n            image: p:1\n    replicas: 1\n";
    let at = Route::root(0).key("server");
    assert_eq!(
        add(text, &at, "sidecarContainers", "envoy"),
        "server:\n    sidecarContainers:\n        proxy:\n            image: p:1\n        envoy:\n            image: envoy:1\n            args:\n                - -v\n    replicas: 1\n"
    );
}

#[test]
fn empty_braces_become_a_block_map_in_a_block_file() {
    let text = "server:\n  ## @param server.sidecarContainers\n  sidecarContainers: {} # by name\n  replicas: 1\n";
    let at = Route::root(0).key("server");
    let new = add(text, &at, "sidecarContainers", "envoy");
    assert!(
        new.starts_with("server:\n  ## @param server.sidecarContainers\n  sidecarContainers: # by name\n    envoy:\n      image: envoy:1\n"),
        "{new}"
    );
    assert!(new.ends_with("  replicas: 1\n"), "{new}");
}

#[test]
fn a_flow_map_gets_a_flow_member() {
    let text = "values: {sidecarContainers: {}, replicas: 1}\n";
    let at = Route::root(0).key("values");
    assert_eq!(
        add(text, &at, "sidecarContainers", "envoy"),
        "values: {sidecarContainers: {envoy: {image: envoy:1, args: [-v]}}, replicas: 1}\n"
    );
    let text = "values: {sidecarContainers: {a: {image: a}}}\n";
    assert_eq!(
        add(text, &at, "sidecarContainers", "envoy"),
        "values: {sidecarContainers: {a: {image: a}, envoy: {image: envoy:1, args: [-v]}}}\n"
    );
}

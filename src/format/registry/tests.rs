use super::*;

const DEPLOYMENT: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx\n";

/// The format detection picks for a file named `name` holding `text`, and how well it fits.
fn detected(name: &str, text: &[u8]) -> (&'static str, Fit) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    let (format, fit) = detect(&path).expect("some format reads every file");
    (format.name(), fit)
}

#[test]
fn a_console_configuration_is_a_console_project() {
    let describe = br#"{"config": {"services": {"a": {"type": "custom"}}}}"#;
    assert_eq!(detected("p.json", describe), ("console", Fit::Project));
    let workflow = b"services:\n  a:\n    type: custom\n";
    assert_eq!(detected("p.yaml", workflow), ("console", Fit::Project));
}

#[test]
fn manifests_are_kubernetes_even_as_json() {
    assert_eq!(
        detected("d.yaml", DEPLOYMENT.as_bytes()),
        ("kubernetes", Fit::Content)
    );
    let json = br#"{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "w"},
        "spec": {"template": {"spec": {"containers": [{"name": "w", "image": "x"}]}}}}"#;
    assert_eq!(detected("d.json", json), ("kubernetes", Fit::Content));
}

#[test]
fn a_file_of_neither_goes_where_its_errors_are_best_told() {
    // JSON: read as a Console configuration; anything else: as manifests (which say none is).
    assert_eq!(detected("x.json", b"{\"a\": 1}"), ("console", Fit::Name));
    assert_eq!(detected("x.yaml", b"a: 1\n"), ("kubernetes", Fit::Other));
    assert_eq!(
        detected("x.yaml", b"a: \xff\xfe\n"),
        ("kubernetes", Fit::Other)
    );
}

#[test]
fn a_large_file_is_told_by_its_head() {
    let padding = format!("    \"pad\": \"{}\",\n", "x".repeat(HEAD_BYTES));
    let console = format!("{{\"config\": {{\n{padding}\"services\": {{}}}}}}");
    assert_eq!(
        detected("big.json", console.as_bytes()),
        ("console", Fit::Project)
    );
    let comment = format!("# {}\n", "x".repeat(HEAD_BYTES));
    let manifest = format!("{DEPLOYMENT}{comment}");
    assert_eq!(
        detected("big.yaml", manifest.as_bytes()),
        ("kubernetes", Fit::Content)
    );
    let config_map = format!("apiVersion: v1\nkind: ConfigMap\n{comment}");
    assert_eq!(
        detected("cm.yaml", config_map.as_bytes()),
        ("kubernetes", Fit::Other)
    );
}

#[test]
fn a_folder_without_a_project_file_is_read_as_manifests() {
    let dir = tempfile::tempdir().unwrap();
    let (format, fit) = detect(dir.path()).unwrap();
    assert_eq!((format.name(), fit), ("kubernetes", Fit::Other));
}

#[test]
fn the_project_file_names_each_registered_format() {
    assert_eq!(names(), "mia, kubernetes, console");
    for f in FORMATS {
        assert_eq!(by_name(f.name()).map(|g| g.name()), Some(f.name()));
    }
    assert!(by_name("helm").is_none());
    assert_eq!(default().name(), "mia");
}

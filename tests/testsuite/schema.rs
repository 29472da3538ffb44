//! The JSON Schemas shipped in `schemas/` (for editors, through yaml-language-server) accept the
//! example project, and reject what `validate` rejects for the same reason.

use std::path::Path;

use jsonschema::{Retrieve, Uri, Validator};
use serde_json::Value;
use sidecarctl::yaml;

const BASE: &str = "https://sidecarctl.dev/schemas/";

/// Serves `https://sidecarctl.dev/schemas/X` from the repository's `schemas/X`: nothing is
/// fetched from the network.
struct Local;

impl Retrieve for Local {
    fn retrieve(
        &self,
        uri: &Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let name = uri
            .as_str()
            .strip_prefix(BASE)
            .ok_or("not a sidecarctl schema")?;
        Ok(serde_json::from_str(&std::fs::read_to_string(
            schemas().join(name),
        )?)?)
    }
}

fn schemas() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas")
}

fn validator(name: &str) -> Validator {
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(schemas().join(name)).unwrap()).unwrap();
    jsonschema::options()
        .with_retriever(Local)
        .build(&schema)
        .unwrap()
}

fn data(path: &Path) -> Value {
    let doc = yaml::parse(std::fs::read_to_string(path).unwrap()).unwrap();
    yaml::to_value(&doc, &doc.root).unwrap()
}

fn errors(v: &Validator, instance: &Value) -> Vec<String> {
    v.iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn the_example_project_validates_against_the_schemas() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/acme-shop");
    let project = validator("project.schema.json");
    assert_eq!(
        errors(&project, &data(&example.join("sidecarctl.yaml"))),
        Vec::<String>::new()
    );
    let service = validator("service.schema.json");
    let mut seen = 0;
    for entry in std::fs::read_dir(example.join("services")).unwrap() {
        let path = entry.unwrap().path();
        assert_eq!(
            errors(&service, &data(&path)),
            Vec::<String>::new(),
            "{}",
            path.display()
        );
        seen += 1;
    }
    assert!(seen >= 6);
    let item = validator("marketplace-item.schema.json");
    for entry in std::fs::read_dir(example.join("marketplace")).unwrap() {
        let path = entry.unwrap().path();
        assert_eq!(
            errors(&item, &data(&path)),
            Vec::<String>::new(),
            "{}",
            path.display()
        );
    }
}

#[test]
fn the_kubernetes_example_project_file_validates_against_the_schema() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/gitops-shop/sidecarctl.yaml");
    let project = validator("project.schema.json");
    assert_eq!(errors(&project, &data(&file)), Vec::<String>::new());
    // A placement is classic or native, nothing else.
    let mut bad = data(&file);
    bad["defaults"]["placement"] = serde_json::json!("sideways");
    assert!(!errors(&project, &bad).is_empty());
}

#[test]
fn the_console_example_project_file_validates_against_the_schema() {
    let file =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/console-project/sidecarctl.yaml");
    assert_eq!(
        errors(&validator("project.schema.json"), &data(&file)),
        Vec::<String>::new()
    );
}

#[test]
fn the_service_schema_rejects_a_bad_sidecar() {
    let service = validator("service.schema.json");
    let bad: Value = serde_json::json!({
        "name": "orders",
        "dockerImage": "acme/orders:1",
        "additionalContainers": [{"name": "Envoy_Proxy", "resources": {"cpuLimits": {"minimum": "1"}}}]
    });
    let errs = errors(&service, &bad);
    assert!(errs.iter().any(|e| e.contains("dockerImage")), "{errs:?}");
    assert!(errs.iter().any(|e| e.contains("Envoy_Proxy")), "{errs:?}");
    assert!(errs.iter().any(|e| e.contains("minimum")), "{errs:?}");
}

#[test]
fn the_service_schema_rejects_negative_quantities() {
    let service = validator("service.schema.json");
    for q in [serde_json::json!("-300m"), serde_json::json!(-1)] {
        let bad: Value = serde_json::json!({
            "name": "orders",
            "dockerImage": "acme/orders:1",
            "resources": {"cpuLimits": {"min": q, "max": "1"}}
        });
        assert!(!errors(&service, &bad).is_empty(), "{q} was accepted");
    }
}

#[test]
fn every_example_file_names_its_schema_for_editors() {
    // The README tells users to add this comment; the example shows it in one file of each kind.
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/acme-shop");
    let first = std::fs::read_to_string(example.join("sidecarctl.yaml")).unwrap();
    assert!(
        first.contains("# yaml-language-server: $schema="),
        "sidecarctl.yaml names no schema"
    );
}

#[test]
fn the_policy_fixtures_validate_against_the_schema_and_the_malformed_ones_do_not() {
    let cases = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cases");
    let project = validator("project.schema.json");
    for case in [
        "validate/policy_mia",
        "validate/policy_mia_exempt",
        "validate/policy_console",
        "k8s-validate/policy_rules",
        "k8s-validate/policy_exempt_severity",
    ] {
        let file = cases.join(case).join("in/sidecarctl.yaml");
        assert_eq!(
            errors(&project, &data(&file)),
            Vec::<String>::new(),
            "{case}"
        );
    }
    for case in ["validate/policy_malformed", "k8s-validate/policy_malformed"] {
        let file = cases.join(case).join("in/sidecarctl.yaml");
        assert!(!errors(&project, &data(&file)).is_empty(), "{case}");
    }
}

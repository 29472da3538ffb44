//! What counts as a container list of Helm values (SPEC §8.2), and the IDs of their parents.

use std::path::Path;

use super::{Helm, read};
use crate::diagnostic::Code;
use crate::model::{Placement, Workload};
use crate::yaml;

/// The workloads (ID, sidecar names, init names) and warning codes of `values`, read as the
/// listed values file `v/values-prod.yaml` of a project whose project file is `config`.
fn workloads(config: &str, values: &str) -> (Vec<Workload>, Vec<Code>) {
    let config = yaml::parse(config.to_string()).expect("config parses");
    let helm =
        Helm::read(Path::new("/nowhere"), (&config, true), &mut Vec::new()).expect("helm is on");
    let doc = yaml::parse_stream(values.to_string()).expect("values parse");
    let (ws, diags) = read(&helm, &doc, "v/values-prod.yaml", true);
    (ws, diags.into_iter().map(|d| d.code).collect())
}

const LISTED: &str = "helm: {valuesFiles: [\"v/*.yaml\"]}\n";

fn names(w: &Workload) -> (String, Vec<&str>, Vec<&str>) {
    (
        w.id.clone(),
        w.sidecars.iter().map(|c| c.name()).collect(),
        w.init.iter().map(|c| c.name()).collect(),
    )
}

#[test]
fn lists_at_any_depth_name_their_parents() {
    let values = "sidecars: []\nprimary:\n  sidecars:\n    - {name: a, image: a:1}\n  deep:\n    er:\n      extraContainers:\n        - name: b\n          image: b:1\n";
    let (ws, codes) = workloads(LISTED, values);
    let got: Vec<_> = ws.iter().map(names).collect();
    assert_eq!(
        got,
        [
            (
                "helm:v/values-prod/primary.deep.er".into(),
                vec!["b"],
                vec![]
            ),
            ("helm:v/values-prod/primary".into(), vec!["a"], vec![]),
            ("helm:v/values-prod".into(), vec![], vec![]),
        ]
    );
    assert!(codes.is_empty());
}

#[test]
fn grafanas_sidecar_settings_and_lists_of_other_things_are_no_container_lists() {
    let values = "grafana:\n  sidecar:\n    image: {repository: kiwigrid/k8s-sidecar}\n  sidecars:\n    dashboards: {enabled: true}\nextraContainers:\n  - just-a-string\nsidecarContainers:\n  loader: {enabled: true}\n";
    let (ws, codes) = workloads(LISTED, values);
    assert!(
        ws.is_empty(),
        "{:?}",
        ws.iter().map(names).collect::<Vec<_>>()
    );
    assert!(codes.is_empty());
}

#[test]
fn a_template_string_is_not_read_and_is_warned_about() {
    let values =
        "extraContainers: |\n  - name: {{ .Values.x }}\nsidecars: \"\"\nextraInitContainers: ~\n";
    let (ws, codes) = workloads(LISTED, values);
    assert!(ws.is_empty());
    assert_eq!(codes, [Code::HelmTemplatedList, Code::HelmTemplatedList]);
}

#[test]
fn a_name_keyed_map_and_native_init_containers_are_sidecars() {
    let values = "server:\n  sidecarContainers:\n    oauth-proxy: {image: o:1}\n  extraInitContainers:\n    - {name: reloader, image: r:1, restartPolicy: Always}\n    - {name: chown, image: busybox:1}\n";
    let (ws, _) = workloads(LISTED, values);
    assert_eq!(
        ws.iter().map(names).collect::<Vec<_>>(),
        [(
            "helm:v/values-prod/server".into(),
            vec!["oauth-proxy", "reloader"],
            vec!["chown"]
        )]
    );
    let placements: Vec<Placement> = ws[0].sidecars.iter().map(|c| c.placement).collect();
    assert_eq!(placements, [Placement::Classic, Placement::Native]);
}

#[test]
fn configured_keys_are_read_and_a_missing_one_makes_a_place_to_create() {
    let config = "helm: {valuesFiles: [\"v/*.yaml\"], containerKeys: [controller.extras, worker.extraPods]}\n";
    let values = "controller:\n  extras:\n    - {name: a, image: a:1}\nworker:\n  replicas: 1\n";
    let (ws, _) = workloads(config, values);
    assert_eq!(
        ws.iter().map(names).collect::<Vec<_>>(),
        [
            ("helm:v/values-prod/controller".into(), vec!["a"], vec![]),
            ("helm:v/values-prod/worker".into(), vec![], vec![]),
        ]
    );
}

#[test]
fn releases_and_applications_are_named_by_their_objects() {
    let config = "name: x\n";
    let config = yaml::parse(config.to_string()).expect("parses");
    let helm = Helm::read(Path::new("/nowhere"), (&config, true), &mut Vec::new()).expect("on");
    let text = "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: cart, namespace: shop}\nspec:\n  values:\n    extraContainers: [{name: e, image: e:1}]\n---\napiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: pay}\nspec:\n  source:\n    helm:\n      valuesObject:\n        api: {sidecars: [{name: e, image: e:2}]}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {sidecars: \"x\"}\n";
    let doc = yaml::parse_stream(text.to_string()).expect("parses");
    let (ws, diags) = read(&helm, &doc, "apps/r.yaml", true);
    let ids: Vec<(&str, usize)> = ws
        .iter()
        .map(|w| (w.id.as_str(), w.object.as_ref().map_or(9, |o| o.document)))
        .collect();
    assert_eq!(
        ids,
        [("helm:shop/cart", 0), ("helm:application/pay/api", 1)]
    );
    assert!(diags.is_empty());
}

#[test]
fn several_sources_with_values_are_named_by_their_index() {
    let config = yaml::parse("name: x\n".to_string()).expect("parses");
    let helm = Helm::read(Path::new("/nowhere"), (&config, true), &mut Vec::new()).expect("on");
    let text = "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: pay}\nspec:\n  sources:\n    - helm: {valuesObject: {sidecars: [{name: a, image: a:1}]}}\n    - ref: values\n    - helm: {valuesObject: {api: {sidecars: []}}}\n";
    let doc = yaml::parse_stream(text.to_string()).expect("parses");
    let (ws, _) = read(&helm, &doc, "apps/pay.yaml", false);
    let ids: Vec<&str> = ws.iter().map(|w| w.id.as_str()).collect();
    assert_eq!(
        ids,
        ["helm:application/pay[0]", "helm:application/pay[2]/api"]
    );
}

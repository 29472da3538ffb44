use super::*;
use crate::format::WorkloadKind;
use crate::model::{Container, Located, Object, Placement};
use crate::route::{Route, Slot};

fn container(name: &str, image: &str) -> Container {
    Container {
        name: Some(Located::new(name.to_string(), 1, 1)),
        image: Some(Located::new(image.to_string(), 1, 1)),
        resources: None,
        config_maps: Vec::new(),
        secrets: Vec::new(),
        unknown_keys: Vec::new(),
        line: 1,
        column: 1,
        slot: Slot::Main(Route::root(0)),
        placement: Placement::Classic,
        startup_probe: false,
    }
}

/// A Kubernetes-like workload: `ns/kind/name` with the given sidecars and labels.
fn workload(
    ns: Option<&str>,
    kind: &'static str,
    name: &str,
    sidecars: &[&str],
    labels: &[(&str, &str)],
) -> Workload {
    let id = match ns {
        Some(ns) => format!("{ns}/{}/{name}", kind.to_ascii_lowercase()),
        None => format!("{}/{name}", kind.to_ascii_lowercase()),
    };
    Workload {
        name: Some(Located::new(name.to_string(), 1, 1)),
        id,
        file: format!("apps/{name}.yaml"),
        route: Route::root(0),
        main: container(name, "app:1"),
        sidecars: sidecars.iter().map(|s| container(s, "img:1")).collect(),
        init: Vec::new(),
        object: Some(Box::new(Object {
            kind,
            name: name.to_string(),
            namespace: ns.map(str::to_string),
            document: 0,
            blocked: None,
            alone: true,
            last: true,
            checks: Vec::new(),
            source: None,
            images: Vec::new(),
        })),
        labels: labels
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        doc: None,
    }
}

const fn kind(kind: &'static str, aliases: &'static [&'static str]) -> WorkloadKind {
    WorkloadKind {
        kind,
        groups: &[],
        pod_spec: &[],
        aliases,
    }
}

const K8S: Traits = Traits {
    noun: "workload",
    namespaced: true,
    kinds: &[
        kind("Deployment", &["deploy"]),
        kind("StatefulSet", &["sts"]),
        kind("CronJob", &["cj"]),
    ],
    ..Traits::SERVICES
};

fn fleet() -> Vec<Workload> {
    vec![
        workload(
            Some("team-1"),
            "Deployment",
            "cart",
            &["envoy"],
            &[("app", "cart"), ("tier", "web")],
        ),
        workload(
            Some("team-12"),
            "StatefulSet",
            "db",
            &["envoy", "logger"],
            &[("app", "db")],
        ),
        workload(Some("team-2"), "Deployment", "pay", &[], &[("tier", "api")]),
        workload(None, "CronJob", "nightly", &["logger"], &[]),
    ]
}

fn kept(f: &Filters) -> Vec<String> {
    let s = f.compile(&K8S).unwrap();
    fleet()
        .iter()
        .filter(|w| s.keeps(w))
        .map(|w| w.id.clone())
        .collect()
}

#[test]
fn filters_combine_as_and_and_repeat_as_or() {
    let f = Filters {
        namespaces: vec!["team-1*".into()],
        ..Default::default()
    };
    assert_eq!(
        kept(&f),
        ["team-1/deployment/cart", "team-12/statefulset/db"]
    );
    let f = Filters {
        namespaces: vec!["team-1*".into()],
        without: vec!["logger".into()],
        ..Default::default()
    };
    assert_eq!(kept(&f), ["team-1/deployment/cart"]);
    let f = Filters {
        kinds: vec!["deploy".into(), "CRONJOB".into()],
        ..Default::default()
    };
    assert_eq!(
        kept(&f),
        [
            "team-1/deployment/cart",
            "team-2/deployment/pay",
            "cronjob/nightly"
        ]
    );
    let f = Filters {
        selector: Some("tier".into()),
        with: vec!["envoy".into()],
        ..Default::default()
    };
    assert_eq!(kept(&f), ["team-1/deployment/cart"]);
    let f = Filters {
        matches: vec!["*/deployment/*".into(), "*nightly".into()],
        ..Default::default()
    };
    assert_eq!(
        kept(&f),
        [
            "team-1/deployment/cart",
            "team-2/deployment/pay",
            "cronjob/nightly"
        ]
    );
    // No namespace is the empty one.
    let f = Filters {
        namespaces: vec!["*".into()],
        ..Default::default()
    };
    assert_eq!(kept(&f).len(), 4);
    assert!(Filters::default().is_empty());
    assert!(!f.is_empty());
}

#[test]
fn a_list_names_services_by_id_name_kind_and_name_or_file() {
    let list = TargetList {
        source: "targets.txt".into(),
        names: [
            "team-1/deployment/cart",
            "db",
            "cronjob/nightly",
            "apps/pay.yaml#team-2/deployment/pay",
        ]
        .map(String::from)
        .to_vec(),
    };
    let f = Filters {
        targets_from: Some(list),
        ..Default::default()
    };
    assert_eq!(kept(&f).len(), 4);
    let s = f.compile(&K8S).unwrap();
    let hits: Vec<u32> = fleet().iter().flat_map(|w| s.target_hits(w)).collect();
    assert!(s.unknown_in(Some("./"), hits).is_ok());
    let hits: Vec<u32> = fleet()[..2].iter().flat_map(|w| s.target_hits(w)).collect();
    let e = s.unknown_in(Some("./"), hits).unwrap_err();
    assert_eq!(
        e.to_string(),
        "2 workloads listed in targets.txt not found in ./: `cronjob/nightly`, `apps/pay.yaml#team-2/deployment/pay`"
    );
}

#[test]
fn the_image_filter_is_apart() {
    let f = Filters {
        if_image: Some("envoyproxy/envoy:v1.30*".into()),
        ..Default::default()
    };
    let s = f.compile(&K8S).unwrap();
    assert!(s.keeps(&fleet()[2]));
    assert!(s.image_matches(Some("envoyproxy/envoy:v1.30.4")));
    assert!(!s.image_matches(Some("envoyproxy/envoy:v1.31.2")));
    assert!(!s.image_matches(None));
    assert!(
        Filters::default()
            .compile(&K8S)
            .unwrap()
            .image_matches(None)
    );
}

#[test]
fn no_match_names_every_filter() {
    let f = Filters {
        namespaces: vec!["nowhere".into()],
        without: vec!["logger".into()],
        targets_from: Some(TargetList {
            source: "stdin".into(),
            names: Vec::new(),
        }),
        ..Default::default()
    };
    let e = f.compile(&K8S).unwrap().no_match();
    assert_eq!(
        e.to_string(),
        "no service matches namespace `nowhere`, without `logger`, list of targets `stdin`"
    );
    assert!(!e.is_usage());
}

#[test]
fn what_a_format_cannot_answer_is_a_usage_error() {
    let f = Filters {
        namespaces: vec!["a".into()],
        ..Default::default()
    };
    let e = f.compile(&Traits::SERVICES).unwrap_err();
    assert!(e.is_usage());
    assert_eq!(
        e.to_string(),
        "namespace is for Kubernetes manifests: a service has no namespace"
    );
    let f = Filters {
        kinds: vec!["Deployment".into()],
        ..Default::default()
    };
    assert!(f.compile(&Traits::SERVICES).unwrap_err().is_usage());
    let f = Filters {
        without: vec!["Not_A_Name".into()],
        ..Default::default()
    };
    assert!(f.compile(&K8S).unwrap_err().is_usage());
    let f = Filters {
        selector: Some("a in b".into()),
        ..Default::default()
    };
    assert!(f.compile(&K8S).unwrap_err().is_usage());
    let f = Filters {
        kinds: vec!["Deploymnet".into()],
        ..Default::default()
    };
    let e = f.compile(&K8S).unwrap_err();
    assert!(e.is_usage());
    assert_eq!(
        e.to_string(),
        "kind: `Deploymnet` is not a workload kind (Deployment, StatefulSet, CronJob)"
    );
}

#[test]
fn a_copy_of_a_shared_id_is_named_both_ways() {
    // As a project loaded whole names it: `FILE#ID`.
    let mut w = workload(Some("shop"), "Deployment", "cart", &[], &[]);
    w.id = format!("{}#shop/deployment/cart", w.file);
    for name in [
        "shop/deployment/cart",
        "apps/cart.yaml#shop/deployment/cart",
        "cart",
    ] {
        let f = Filters {
            targets_from: Some(TargetList {
                source: "stdin".into(),
                names: vec![name.into()],
            }),
            matches: vec!["shop/*".into()],
            ..Default::default()
        };
        assert!(f.compile(&K8S).unwrap().keeps(&w), "{name}");
    }
}

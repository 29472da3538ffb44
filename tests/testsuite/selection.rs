//! A selection is what its filters say: random filters over a random tree of Kubernetes
//! manifests; the services `services -o name` prints equal those this test keeps by reading
//! the filters itself over the rows of `services -o json` and the labels it wrote.

use std::collections::BTreeSet;

use proptest::prelude::*;
use serde_json::Value;

use crate::support::Fixture;

const NAMESPACES: &[Option<&str>] = &[
    None,
    Some("a"),
    Some("ab"),
    Some("b"),
    Some("team-1"),
    Some("team-12"),
];
const KINDS: &[&str] = &["Deployment", "StatefulSet", "DaemonSet", "Job"];
const PREFIXES: &[&str] = &["api", "web", "db"];
const KEYS: &[&str] = &["app", "tier", "team", "example.com/owner"];
const VALUES: &[&str] = &["x", "y", "z"];
const SIDECARS: &[&str] = &["envoy", "logger", "log-agent"];

#[derive(Debug, Clone)]
struct Workload {
    namespace: Option<&'static str>,
    kind: &'static str,
    name: String,
    labels: Vec<(&'static str, &'static str)>,
    sidecars: Vec<&'static str>,
    file: usize,
}

fn workload(i: usize) -> impl Strategy<Value = Workload> {
    (
        prop::sample::select(NAMESPACES),
        prop::sample::select(KINDS),
        prop::sample::select(PREFIXES),
        prop::sample::subsequence(KEYS, 0..=KEYS.len()),
        prop::collection::vec(prop::sample::select(VALUES), KEYS.len()),
        prop::sample::subsequence(SIDECARS, 0..=SIDECARS.len()),
        0..4usize,
    )
        .prop_map(
            move |(namespace, kind, prefix, keys, values, sidecars, file)| Workload {
                namespace,
                kind,
                name: format!("{prefix}-{i}"),
                labels: keys.into_iter().zip(values).collect(),
                sidecars,
                file,
            },
        )
}

fn tree() -> impl Strategy<Value = Vec<Workload>> {
    (1..10usize).prop_flat_map(|n| (0..n).map(workload).collect::<Vec<_>>())
}

/// A label requirement, as data: the test evaluates this, the binary parses its text.
#[derive(Debug, Clone)]
enum Req {
    Eq(&'static str, &'static str, bool),
    Ne(&'static str, &'static str),
    Exists(&'static str),
    Absent(&'static str),
    In(&'static str, Vec<&'static str>),
    NotIn(&'static str, Vec<&'static str>),
}

impl Req {
    fn text(&self) -> String {
        match self {
            Req::Eq(k, v, double) => format!("{k}{}{v}", if *double { "==" } else { "=" }),
            Req::Ne(k, v) => format!("{k}!={v}"),
            Req::Exists(k) => k.to_string(),
            Req::Absent(k) => format!("!{k}"),
            Req::In(k, vs) => format!("{k} in ({})", vs.join(", ")),
            Req::NotIn(k, vs) => format!("{k} notin ({})", vs.join(",")),
        }
    }

    fn holds(&self, labels: &[(&str, &str)]) -> bool {
        let get = |k: &str| labels.iter().find(|(l, _)| *l == k).map(|(_, v)| *v);
        match self {
            Req::Eq(k, v, _) => get(k) == Some(v),
            Req::Ne(k, v) => get(k) != Some(v),
            Req::Exists(k) => get(k).is_some(),
            Req::Absent(k) => get(k).is_none(),
            Req::In(k, vs) => get(k).is_some_and(|v| vs.contains(&v)),
            Req::NotIn(k, vs) => get(k).is_none_or(|v| !vs.contains(&v)),
        }
    }
}

fn req() -> impl Strategy<Value = Req> {
    let key = prop::sample::select(KEYS);
    let value = prop::sample::select(VALUES);
    let values = prop::sample::subsequence(VALUES, 1..=VALUES.len());
    prop_oneof![
        (key.clone(), value.clone(), any::<bool>()).prop_map(|(k, v, d)| Req::Eq(k, v, d)),
        (key.clone(), value).prop_map(|(k, v)| Req::Ne(k, v)),
        key.clone().prop_map(Req::Exists),
        key.clone().prop_map(Req::Absent),
        (key.clone(), values.clone()).prop_map(|(k, v)| Req::In(k, v)),
        (key, values).prop_map(|(k, v)| Req::NotIn(k, v)),
    ]
}

#[derive(Debug, Clone)]
struct Filters {
    namespaces: Vec<&'static str>,
    selector: Option<Vec<Req>>,
    kinds: Vec<&'static str>,
    matches: Vec<&'static str>,
    with: Vec<&'static str>,
    without: Vec<&'static str>,
    /// (workload index, how it is named: 0 ID, 1 kind/name, 2 name)
    targets: Option<Vec<(usize, u8)>>,
}

fn filters(n: usize) -> impl Strategy<Value = Filters> {
    let few =
        |pool: &'static [&'static str]| prop::collection::vec(prop::sample::select(pool), 0..=2);
    (
        few(&["a", "a*", "team-1*", "team-1?", "*", "[ab]", "b"]),
        prop::option::of(prop::collection::vec(req(), 1..=3)),
        few(&["deployment", "StatefulSet", "DAEMONSET", "job", "CronJob"]),
        few(&["*", "a/*", "*/deployment/*", "*api*", "*-1", "team-1?/*"]),
        few(SIDECARS),
        prop::collection::vec(prop::sample::select(SIDECARS), 0..=1),
        prop::option::of(prop::collection::vec((0..n, 0..3u8), 1..=4)),
    )
        .prop_map(
            |(namespaces, selector, kinds, matches, with, without, targets)| Filters {
                namespaces,
                selector,
                kinds,
                matches,
                with,
                without,
                targets,
            },
        )
}

/// A glob as `--namespace` and `--match` take it, matched by recursion (the binary does not
/// recurse): `*`, `?` and `[…]` of plain characters.
fn glob(p: &[char], s: &[char]) -> bool {
    match p.first() {
        None => s.is_empty(),
        Some('*') => (0..=s.len()).any(|i| glob(&p[1..], &s[i..])),
        Some('?') => !s.is_empty() && glob(&p[1..], &s[1..]),
        Some('[') => {
            let end = p.iter().position(|c| *c == ']').expect("closed");
            !s.is_empty() && p[1..end].contains(&s[0]) && glob(&p[end + 1..], &s[1..])
        }
        Some(c) => s.first() == Some(c) && glob(&p[1..], &s[1..]),
    }
}

fn globs(pattern: &str, s: &str) -> bool {
    let (p, s): (Vec<char>, Vec<char>) = (pattern.chars().collect(), s.chars().collect());
    glob(&p, &s)
}

fn id(w: &Workload) -> String {
    let kind = w.kind.to_lowercase();
    match w.namespace {
        Some(ns) => format!("{ns}/{kind}/{}", w.name),
        None => format!("{kind}/{}", w.name),
    }
}

fn write(tree: &[Workload]) -> Fixture {
    let f = Fixture::empty();
    let mut files = vec![String::new(); 4];
    for w in tree {
        let text = &mut files[w.file];
        if !text.is_empty() {
            text.push_str("---\n");
        }
        text.push_str(&manifest(w));
    }
    for (i, text) in files.iter().enumerate().filter(|(_, t)| !t.is_empty()) {
        f.write(&format!("apps/f{i}.yaml"), text);
    }
    f
}

fn manifest(w: &Workload) -> String {
    let mut meta = format!("  name: {}\n", w.name);
    if let Some(ns) = w.namespace {
        meta.push_str(&format!("  namespace: {ns}\n"));
    }
    if !w.labels.is_empty() {
        let labels: Vec<String> = w.labels.iter().map(|(k, v)| format!("{k}: {v}")).collect();
        meta.push_str(&format!("  labels: {{{}}}\n", labels.join(", ")));
    }
    let mut containers = format!(
        "        - name: {}\n          image: example/{}:1\n",
        w.name, w.name
    );
    for s in &w.sidecars {
        containers.push_str(&format!(
            "        - name: {s}\n          image: example/{s}:1\n"
        ));
    }
    let api = if w.kind == "Job" {
        "batch/v1"
    } else {
        "apps/v1"
    };
    format!(
        "apiVersion: {api}\nkind: {}\nmetadata:\n{meta}spec:\n  template:\n    metadata:\n      labels: {{pod: only}}\n    spec:\n      containers:\n{containers}",
        w.kind
    )
}

/// The command line of `f` (the list of targets written to `targets.txt`).
fn args(f: &Filters, tree: &[Workload], fixture: &Fixture) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut flag = |name: &str, values: &[&str]| {
        for v in values {
            out.extend([name.to_string(), v.to_string()]);
        }
    };
    flag("--namespace", &f.namespaces);
    flag("--kind", &f.kinds);
    flag("--match", &f.matches);
    flag("--with", &f.with);
    flag("--without", &f.without);
    if let Some(reqs) = &f.selector {
        let text: Vec<String> = reqs.iter().map(Req::text).collect();
        out.extend(["-l".to_string(), text.join(",")]);
    }
    if let Some(targets) = &f.targets {
        let mut list = String::from("# chosen by the test\n");
        for (i, how) in targets {
            let w = &tree[*i];
            list.push_str(&match how {
                0 => id(w),
                1 => format!("{}/{}", w.kind.to_lowercase(), w.name),
                _ => w.name.clone(),
            });
            list.push('\n');
        }
        fixture.write("targets.txt", list);
        out.extend(["--targets-from".to_string(), "targets.txt".to_string()]);
    }
    out
}

/// The IDs `f` keeps, read from the rows of `services -o json` (and the labels of `tree`).
fn expected(f: &Filters, rows: &[Value], tree: &[Workload]) -> Vec<String> {
    rows.iter()
        .filter(|row| {
            let service = row["service"].as_str().unwrap();
            let w = tree
                .iter()
                .find(|w| id(w) == service)
                .expect("a row per workload");
            let namespace = row["namespace"].as_str().unwrap_or("");
            let kind = row["kind"].as_str().unwrap();
            let sidecars: Vec<&str> = row["sidecars"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap())
                .collect();
            let has = |s: &&str| sidecars.contains(s);
            (f.namespaces.is_empty() || f.namespaces.iter().any(|g| globs(g, namespace)))
                && (f.kinds.is_empty() || f.kinds.iter().any(|k| k.eq_ignore_ascii_case(kind)))
                && (f.matches.is_empty() || f.matches.iter().any(|g| globs(g, service)))
                && f.with.iter().all(has)
                && !f.without.iter().any(has)
                && f.selector
                    .as_ref()
                    .is_none_or(|reqs| reqs.iter().all(|r| r.holds(&w.labels)))
                && f.targets
                    .as_ref()
                    .is_none_or(|t| t.iter().any(|(i, _)| id(&tree[*i]) == service))
        })
        .map(|row| row["service"].as_str().unwrap().to_string())
        .collect()
}

fn is_empty(f: &Filters) -> bool {
    f.namespaces.is_empty()
        && f.selector.is_none()
        && f.kinds.is_empty()
        && f.matches.is_empty()
        && f.with.is_empty()
        && f.without.is_empty()
        && f.targets.is_none()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn a_selection_equals_the_filters_read_over_the_rows(
        (tree, sets) in tree().prop_flat_map(|t| {
            let n = t.len();
            (Just(t), prop::collection::vec(filters(n), 6))
        })
    ) {
        let fixture = write(&tree);
        let all = fixture.run(&["services", "-o", "json"]);
        prop_assert_eq!(all.code, 0, "{}", all.stderr);
        let json: Value = serde_json::from_str(&all.stdout).unwrap();
        let rows = json["services"].as_array().unwrap().clone();
        let ids: BTreeSet<String> = tree.iter().map(id).collect();
        let listed: BTreeSet<String> =
            rows.iter().map(|r| r["service"].as_str().unwrap().to_string()).collect();
        prop_assert_eq!(&listed, &ids);
        for f in &sets {
            let mut argv = vec!["services".to_string(), "-o".into(), "name".into()];
            argv.extend(args(f, &tree, &fixture));
            let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
            let run = fixture.run(&argv);
            let want = expected(f, &rows, &tree);
            if want.is_empty() && !is_empty(f) {
                prop_assert_eq!(run.code, 1, "{:?}: {}", argv, run.stdout);
                prop_assert!(run.stderr.starts_with("error: no service matches "), "{}", run.stderr);
            } else {
                prop_assert_eq!(run.code, 0, "{:?}: {}", argv, run.stderr);
                let got: Vec<&str> = run.stdout.lines().collect();
                prop_assert_eq!(got, want, "{:?}", argv);
            }
        }
    }
}

#[test]
fn the_reference_glob_reads_as_documented() {
    assert!(globs("team-1*", "team-12"));
    assert!(globs("[ab]", "b"));
    assert!(!globs("team-1?", "team-1"));
    assert!(globs("*", ""));
}

/// What `services -o name` prints, `--targets-from -` takes back from stdin, with comments and
/// blank lines between; an unknown name in it is exit 1, naming where the list came from.
#[test]
fn names_printed_are_names_read_back_from_stdin() {
    let tree = [
        ("a", "team-1", vec![("tier", "web")], vec!["envoy"]),
        ("b", "team-2", vec![("tier", "api")], vec![]),
        ("c", "team-1", vec![], vec!["logger"]),
    ];
    let tree: Vec<Workload> = tree
        .into_iter()
        .enumerate()
        .map(|(i, (name, ns, labels, sidecars))| Workload {
            namespace: Some(ns),
            kind: "Deployment",
            name: name.to_string(),
            labels,
            sidecars,
            file: i % 2,
        })
        .collect();
    let fixture = write(&tree);
    let names = fixture.run(&["services", "--namespace", "team-1", "-o", "name"]);
    assert_eq!(
        names.code(0).stdout,
        "team-1/deployment/a\nteam-1/deployment/c\n"
    );
    let list = format!("# chosen\n\n{}", names.stdout);
    let run = |stdin: &str, extra: &[&str]| {
        let mut cmd = fixture.cmd();
        cmd.args(["services", "--targets-from", "-", "-o", "json"])
            .args(extra);
        crate::support::Run::of(cmd.write_stdin(stdin))
    };
    let back = run(&list, &[]);
    let json: Value = serde_json::from_str(&back.code(0).stdout).unwrap();
    let ids: Vec<&str> = json["services"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["service"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["team-1/deployment/a", "team-1/deployment/c"]);
    // With another filter: AND.
    let both = run(&list, &["--with", "logger"]);
    assert!(both.code(0).stdout.contains("team-1/deployment/c"));
    assert!(!both.stdout.contains("team-1/deployment/a"));
    let unknown = run("team-1/deployment/a\nteam-9/deployment/z\n", &[]);
    assert_eq!(
        unknown.code(1).stderr,
        "error: workload `team-9/deployment/z` (listed in stdin) not found\n"
    );
}

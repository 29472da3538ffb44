//! Workload IDs, and which workloads a command's argument names (SPEC §6.2).
//!
//! A query is the ID (`shop/deployment/cart`), `kind/name` (`deployment/cart`), or the bare
//! name (`cart`), optionally scoped to one file as `FILE#QUERY`. The kind may be written as
//! kubectl takes it (`Deployment/cart`, `deploy/cart`).
//!
//! Two workloads may share an ID (the same Deployment in two environments' folders). The ID, or
//! a name that only they have, then names all of them, so one command reaches every copy;
//! `FILE#ID` names one. A query that reaches workloads of *different* IDs is ambiguous: the
//! command must not guess which one the user meant.

use std::collections::{BTreeSet, HashMap};
use std::fmt;

use super::kinds;
use crate::format::ObjectName;

/// `[namespace/]kind/name` with the kind in lower case: what every report calls a workload.
pub fn id(kind: &str, name: &str, namespace: Option<&str>) -> String {
    // Pushed, not formatted: a large repository names tens of thousands of workloads.
    let ns = namespace.filter(|n| !n.is_empty());
    let mut id = String::with_capacity(ns.map_or(0, |n| n.len() + 1) + kind.len() + 1 + name.len());
    if let Some(ns) = ns {
        id.push_str(ns);
        id.push('/');
    }
    id.extend(kind.chars().map(|c| c.to_ascii_lowercase()));
    id.push('/');
    id.push_str(name);
    id
}

/// `FILE#ID`: how one of several workloads with the same ID is named.
pub fn file_qualified(file: &str, id: &str) -> String {
    format!("{file}#{id}")
}

impl ObjectName<'_> {
    pub fn id(&self) -> String {
        let id = id(self.kind, self.name, self.namespace);
        match self.overlay {
            Some(o) => format!("{o}:{id}"),
            None => id,
        }
    }

    fn namespace(&self) -> Option<&str> {
        self.namespace.filter(|n| !n.is_empty())
    }

    fn is_kind(&self, word: &str) -> bool {
        match kinds::kind_in_query(word) {
            Some(kind) => kind == self.kind,
            None => word.eq_ignore_ascii_case(self.kind),
        }
    }
}

/// A query that names workloads of different IDs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ambiguity {
    pub query: String,
    /// The IDs it could mean, sorted.
    pub ids: Vec<String>,
}

impl fmt::Display for Ambiguity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` names {} workloads: {}",
            self.query,
            self.ids.len(),
            self.ids.join(", ")
        )
    }
}

/// The indexes (into `workloads`, ascending) of the workloads `query` names: one, or every
/// workload sharing one ID; empty when it names none.
pub fn resolve(query: &str, workloads: &[ObjectName]) -> Result<Vec<usize>, Ambiguity> {
    let all: Vec<usize> = (0..workloads.len()).collect();
    resolve_among(query, workloads, &all)
}

/// The workloads of each name, for [`resolve_indexed`].
pub fn by_name<'a>(workloads: &[ObjectName<'a>]) -> HashMap<&'a str, Vec<usize>> {
    let mut index: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, w) in workloads.iter().enumerate() {
        index.entry(w.name).or_default().push(i);
    }
    index
}

/// [`resolve`] among the workloads of the query's name (every form of query ends with the
/// name): a command naming thousands of workloads looks each up at once, not by a scan.
pub fn resolve_indexed(
    query: &str,
    workloads: &[ObjectName],
    by_name: &HashMap<&str, Vec<usize>>,
) -> Result<Vec<usize>, Ambiguity> {
    let wanted = query.rsplit_once('#').map_or(query, |(_, rest)| rest);
    // A Helm values workload is named by its whole ID (`helm:postgresql/primary`); an
    // overlay's workload by what follows `OVERLAY:`.
    let name = match crate::format::helm::is_query(wanted) {
        true => wanted,
        false => {
            let wanted = crate::format::split_overlay(wanted).1;
            wanted.rsplit('/').next().unwrap_or(wanted)
        }
    };
    resolve_among(
        query,
        workloads,
        by_name.get(name).map_or(&[], Vec::as_slice),
    )
}

/// [`resolve`] among `candidates` (indexes into `workloads`, ascending).
fn resolve_among(
    query: &str,
    workloads: &[ObjectName],
    candidates: &[usize],
) -> Result<Vec<usize>, Ambiguity> {
    let (file, wanted) = match query.rsplit_once('#') {
        Some((file, rest)) => (Some(file.strip_prefix("./").unwrap_or(file)), rest),
        None => (None, query),
    };
    // `OVERLAY:QUERY` names what that overlay renders; a query without one, the manifests.
    let (overlay, wanted) = crate::format::split_overlay(wanted);
    let matching = |pred: &dyn Fn(&ObjectName) -> bool| -> Vec<usize> {
        candidates
            .iter()
            .copied()
            .filter(|&i| {
                let w = &workloads[i];
                file.is_none_or(|f| w.file == f) && w.overlay == overlay && pred(w)
            })
            .collect()
    };
    let parts: Vec<&str> = match crate::format::helm::is_query(wanted) {
        true => vec![wanted],
        false => wanted.split('/').collect(),
    };
    let found = match parts[..] {
        [ns, kind, name] => {
            matching(&|w| w.namespace() == Some(ns) && w.is_kind(kind) && w.name == name)
        }
        [kind, name] => {
            // `kind/name` is the whole ID of a workload without a namespace: that one wins
            // over namespaced workloads of the same kind and name.
            let exact = matching(&|w| w.namespace().is_none() && w.is_kind(kind) && w.name == name);
            if exact.is_empty() {
                matching(&|w| w.is_kind(kind) && w.name == name)
            } else {
                exact
            }
        }
        [name] => matching(&|w| w.name == name),
        _ => Vec::new(),
    };
    let ids: BTreeSet<String> = found.iter().map(|&i| workloads[i].id()).collect();
    if ids.len() > 1 {
        return Err(Ambiguity {
            query: query.to_string(),
            ids: ids.into_iter().collect(),
        });
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w<'a>(file: &'a str, kind: &'a str, name: &'a str, ns: Option<&'a str>) -> ObjectName<'a> {
        ObjectName {
            file,
            kind,
            name,
            namespace: ns,
            overlay: None,
        }
    }

    /// A project like examples/gitops-shop, plus the cases SPEC §6.2 names.
    fn project() -> Vec<ObjectName<'static>> {
        vec![
            w("apps/cart.yaml", "Deployment", "cart", Some("shop")), // 0
            w("apps/catalog.yaml", "Deployment", "catalog", None),   // 1
            w("apps/jobs.yaml", "CronJob", "report", None),          // 2
            w("apps/jobs.yaml", "Job", "report", None),              // 3
            w(
                "envs/prod/orders.yaml",
                "Deployment",
                "orders",
                Some("shop"),
            ), // 4
            w(
                "envs/staging/orders.yaml",
                "Deployment",
                "orders",
                Some("shop"),
            ), // 5
            w("apps/search.yaml", "Deployment", "search", Some("search")), // 6
            w(
                "apps/search-b.yaml",
                "Deployment",
                "search",
                Some("search-b"),
            ), // 7
            w("apps/recs.yaml", "Rollout", "recs", Some("")),        // 8
        ]
    }

    fn ok(query: &str) -> Vec<usize> {
        resolve(query, &project()).unwrap_or_else(|e| panic!("{query}: {e}"))
    }

    fn ambiguous(query: &str) -> Vec<String> {
        match resolve(query, &project()) {
            Err(a) => a.ids,
            Ok(found) => panic!("{query} is not ambiguous: {found:?}"),
        }
    }

    #[test]
    fn the_id_is_kind_and_name_prefixed_by_the_namespace() {
        assert_eq!(id("Deployment", "cart", None), "deployment/cart");
        assert_eq!(
            id("Deployment", "cart", Some("shop")),
            "shop/deployment/cart"
        );
        assert_eq!(id("CronJob", "report", Some("")), "cronjob/report");
        assert_eq!(project()[8].id(), "rollout/recs");
        assert_eq!(
            file_qualified("a/b.yaml", "deployment/cart"),
            "a/b.yaml#deployment/cart"
        );
    }

    #[test]
    fn a_workload_is_named_by_its_id() {
        assert_eq!(ok("shop/deployment/cart"), [0]);
        assert_eq!(ok("deployment/catalog"), [1]);
        assert_eq!(ok("rollout/recs"), [8]);
    }

    #[test]
    fn a_workload_is_named_by_kind_and_name_without_its_namespace() {
        assert_eq!(ok("deployment/cart"), [0]);
        assert_eq!(ok("cronjob/report"), [2]);
        assert_eq!(ok("job/report"), [3]);
    }

    #[test]
    fn the_kind_is_taken_as_kubectl_takes_it() {
        assert_eq!(ok("Deployment/cart"), [0]);
        assert_eq!(ok("deploy/cart"), [0]);
        assert_eq!(ok("shop/deployments/cart"), [0]);
        assert_eq!(ok("cj/report"), [2]);
    }

    #[test]
    fn a_bare_name_names_the_one_workload_that_has_it() {
        assert_eq!(ok("cart"), [0]);
        assert_eq!(ok("recs"), [8]);
    }

    #[test]
    fn an_ambiguous_name_lists_the_ids_it_could_mean() {
        assert_eq!(ambiguous("report"), ["cronjob/report", "job/report"]);
        let e = resolve("report", &project()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "`report` names 2 workloads: cronjob/report, job/report"
        );
    }

    #[test]
    fn kind_and_name_in_two_namespaces_is_ambiguous() {
        assert_eq!(
            ambiguous("deployment/search"),
            ["search-b/deployment/search", "search/deployment/search"]
        );
        assert_eq!(ok("search/deployment/search"), [6]);
    }

    #[test]
    fn kind_and_name_that_is_an_id_wins_over_namespaced_workloads() {
        let mut all = project();
        all.push(w("base/cart.yaml", "Deployment", "cart", None)); // 9
        assert_eq!(resolve("deployment/cart", &all), Ok(vec![9]));
        assert_eq!(resolve("shop/deployment/cart", &all), Ok(vec![0]));
        assert!(resolve("cart", &all).is_err(), "two IDs have the name");
    }

    #[test]
    fn a_shared_id_names_every_workload_that_has_it() {
        assert_eq!(ok("shop/deployment/orders"), [4, 5]);
        assert_eq!(ok("deployment/orders"), [4, 5]);
        assert_eq!(ok("orders"), [4, 5]);
    }

    #[test]
    fn file_and_id_name_one_of_a_shared_id() {
        assert_eq!(ok("envs/staging/orders.yaml#shop/deployment/orders"), [5]);
        assert_eq!(ok("./envs/prod/orders.yaml#shop/deployment/orders"), [4]);
        assert_eq!(ok("envs/prod/orders.yaml#orders"), [4]);
        assert_eq!(ok("apps/jobs.yaml#job/report"), [3]);
        assert!(ok("apps/cart.yaml#shop/deployment/orders").is_empty());
    }

    #[test]
    fn a_query_that_names_nothing_finds_nothing() {
        for query in [
            "basket",
            "statefulset/cart",
            "staging/deployment/cart",
            "a/b/c/d",
            "",
            "nowhere.yaml#cart",
        ] {
            assert_eq!(ok(query), Vec::<usize>::new(), "{query}");
        }
    }
}

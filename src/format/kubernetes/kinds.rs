//! The workload kinds of SPEC §6.2 and where each keeps its pod spec.
//!
//! A kind is only a workload in the API groups Kubernetes defines it in: a custom resource that
//! happens to be called `Job` (Volcano's `batch.volcano.sh` Job keeps its pods elsewhere) is not
//! one, and neither is a `Rollout` outside Argo Rollouts.

/// One kind of workload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkloadKind {
    /// As manifests spell it (`kind:` is case-sensitive for the API server).
    pub kind: &'static str,
    /// The apiVersion prefixes the kind lives under, written as apiVersion spells them: the
    /// group and its `/` (`apps/` for `apps/v1`), or `""` for the core group (`v1`). Old groups
    /// (`extensions/`) are kept so that manifests written for old clusters are still read.
    pub groups: &'static [&'static str],
    /// The keys from the document's root to the pod spec.
    pub pod_spec: &'static [&'static str],
    /// What kubectl also accepts for the kind on its command line (plural, short names).
    pub aliases: &'static [&'static str],
}

const TEMPLATE: &[&str] = &["spec", "template", "spec"];

/// Every workload kind, in the order of SPEC §6.2.
pub const WORKLOAD_KINDS: &[WorkloadKind] = &[
    kind("Pod", &[""], &["spec"], &["po", "pods"]),
    kind(
        "Deployment",
        &["apps/", "extensions/"],
        TEMPLATE,
        &["deploy", "deployments"],
    ),
    kind(
        "StatefulSet",
        &["apps/"],
        TEMPLATE,
        &["sts", "statefulsets"],
    ),
    kind(
        "DaemonSet",
        &["apps/", "extensions/"],
        TEMPLATE,
        &["ds", "daemonsets"],
    ),
    kind(
        "ReplicaSet",
        &["apps/", "extensions/"],
        TEMPLATE,
        &["rs", "replicasets"],
    ),
    kind(
        "ReplicationController",
        &[""],
        TEMPLATE,
        &["rc", "replicationcontrollers"],
    ),
    kind("Job", &["batch/"], TEMPLATE, &["jobs"]),
    kind(
        "CronJob",
        &["batch/"],
        &["spec", "jobTemplate", "spec", "template", "spec"],
        &["cj", "cronjobs"],
    ),
    kind("Rollout", &["argoproj.io/"], TEMPLATE, &["ro", "rollouts"]),
];

const fn kind(
    kind: &'static str,
    groups: &'static [&'static str],
    pod_spec: &'static [&'static str],
    aliases: &'static [&'static str],
) -> WorkloadKind {
    WorkloadKind {
        kind,
        groups,
        pod_spec,
        aliases,
    }
}

/// The workload kind of a document with this `apiVersion` and `kind`, if it is one.
pub fn workload_kind(api_version: &str, kind: &str) -> Option<&'static WorkloadKind> {
    let group = match api_version.rfind('/') {
        Some(slash) => &api_version[..=slash],
        None if !api_version.is_empty() => "",
        // No apiVersion: the API server refuses the document, so nothing here reads it.
        None => return None,
    };
    WORKLOAD_KINDS
        .iter()
        .find(|w| w.kind == kind && w.groups.contains(&group))
}

/// For a workload kind written with the apiVersion of another built-in group (`kind: Pod` with
/// `apiVersion: apps/v1`), the apiVersion group(s) the kind is served in, as a user writes them
/// (`v1`, `apps/v1`). A custom resource of the same name (its own group) is none of this.
pub fn misplaced_kind(api_version: &str, kind: &str) -> Option<String> {
    let group = match api_version.rfind('/') {
        Some(slash) => &api_version[..=slash],
        None if !api_version.is_empty() => "",
        None => return None,
    };
    let built_in = WORKLOAD_KINDS.iter().any(|w| w.groups.contains(&group));
    let wanted = WORKLOAD_KINDS.iter().find(|w| w.kind == kind)?;
    if !built_in || wanted.groups.contains(&group) {
        return None;
    }
    let names: Vec<String> = wanted
        .groups
        .iter()
        .take(1)
        .map(|g| match *g {
            "" => "`v1`".to_string(),
            "argoproj.io/" => "`argoproj.io/v1alpha1`".to_string(),
            g => format!("`{g}v1`"),
        })
        .collect();
    Some(names.join(", "))
}

/// The keys from the document's root to the pod spec, for a workload.
pub fn pod_spec_path(api_version: &str, kind: &str) -> Option<&'static [&'static str]> {
    workload_kind(api_version, kind).map(|w| w.pod_spec)
}

/// The kind a user means by `word` on the command line (`Deployment`, `deployment`, `deploy`,
/// `deployments`), as manifests spell it.
pub fn kind_in_query(word: &str) -> Option<&'static str> {
    // `daemonset.apps`, `deployments.v1.apps`, `cronjob.batch`: the resource and its API group,
    // as `kubectl get -o name` prints them.
    if let Some((kind, group)) = word.split_once('.') {
        let group = group.to_ascii_lowercase();
        let group = match group.split_once('.') {
            Some((version, rest)) if is_version(version) => rest.to_string(),
            _ => group,
        };
        let found = kind_in_query(kind)?;
        let in_group = WORKLOAD_KINDS.iter().any(|w| {
            w.kind == found && w.groups.iter().any(|g| g.strip_suffix('/') == Some(&group))
        });
        return in_group.then_some(found);
    }
    let word = word.to_ascii_lowercase();
    WORKLOAD_KINDS
        .iter()
        .find(|w| w.kind.eq_ignore_ascii_case(&word) || w.aliases.contains(&word.as_str()))
        .map(|w| w.kind)
}

/// `v1`, `v1beta1`, `v2alpha1`: an API version.
fn is_version(word: &str) -> bool {
    word.strip_prefix('v')
        .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_finds_its_pod_spec() {
        let spec = |api, kind| pod_spec_path(api, kind).map(|p| p.join(" "));
        assert_eq!(spec("v1", "Pod").as_deref(), Some("spec"));
        for kind in ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"] {
            assert_eq!(
                spec("apps/v1", kind).as_deref(),
                Some("spec template spec"),
                "{kind}"
            );
        }
        assert_eq!(
            spec("v1", "ReplicationController").as_deref(),
            Some("spec template spec")
        );
        assert_eq!(
            spec("batch/v1", "Job").as_deref(),
            Some("spec template spec")
        );
        assert_eq!(
            spec("batch/v1", "CronJob").as_deref(),
            Some("spec jobTemplate spec template spec")
        );
        assert_eq!(
            spec("argoproj.io/v1alpha1", "Rollout").as_deref(),
            Some("spec template spec")
        );
    }

    #[test]
    fn old_api_versions_of_a_kind_are_still_workloads() {
        assert!(workload_kind("extensions/v1beta1", "Deployment").is_some());
        assert!(workload_kind("apps/v1beta2", "StatefulSet").is_some());
        assert!(workload_kind("batch/v1beta1", "CronJob").is_some());
    }

    #[test]
    fn a_kind_in_another_group_is_not_a_workload() {
        assert_eq!(workload_kind("batch.volcano.sh/v1alpha1", "Job"), None);
        assert_eq!(workload_kind("example.com/v1", "Rollout"), None);
        assert_eq!(workload_kind("apps/v1", "Pod"), None);
        assert_eq!(workload_kind("v1", "Deployment"), None);
    }

    #[test]
    fn a_kind_in_the_wrong_built_in_group_is_told() {
        assert_eq!(misplaced_kind("apps/v1", "Pod").as_deref(), Some("`v1`"));
        assert_eq!(
            misplaced_kind("v1", "Deployment").as_deref(),
            Some("`apps/v1`")
        );
        assert_eq!(
            misplaced_kind("apps/v1", "CronJob").as_deref(),
            Some("`batch/v1`")
        );
        // A custom resource of that name, or a kind in its own group, is not.
        assert_eq!(misplaced_kind("batch.volcano.sh/v1alpha1", "Job"), None);
        assert_eq!(misplaced_kind("apps/v1", "Deployment"), None);
        assert_eq!(misplaced_kind("apps/v1", "Service"), None);
    }

    #[test]
    fn other_documents_are_not_workloads() {
        for (api, kind) in [
            ("v1", "Service"),
            ("v1", "ConfigMap"),
            ("v1", "List"),
            ("kustomize.config.k8s.io/v1beta1", "Kustomization"),
            ("argoproj.io/v1alpha1", "Application"),
            ("apps/v1", "deployment"),
            ("", "Deployment"),
        ] {
            assert_eq!(workload_kind(api, kind), None, "{api} {kind}");
        }
    }

    #[test]
    fn a_query_names_a_kind_as_kubectl_does() {
        for word in ["Deployment", "deployment", "DEPLOY", "deployments"] {
            assert_eq!(kind_in_query(word), Some("Deployment"), "{word}");
        }
        assert_eq!(kind_in_query("sts"), Some("StatefulSet"));
        assert_eq!(kind_in_query("cj"), Some("CronJob"));
        assert_eq!(kind_in_query("service"), None);
        // As `kubectl get -o name` prints them (in any case), and with a version.
        assert_eq!(kind_in_query("DaemonSet.apps"), Some("DaemonSet"));
        assert_eq!(kind_in_query("Deployments.v1.apps"), Some("Deployment"));
        assert_eq!(kind_in_query("CronJob.batch"), Some("CronJob"));
        assert_eq!(kind_in_query("Rollout.argoproj.io"), Some("Rollout"));
        assert_eq!(kind_in_query("Deployment.extensions"), Some("Deployment"));
        assert_eq!(kind_in_query("Job.batch.volcano.sh"), None);
        assert_eq!(kind_in_query("Pod.apps"), None);
    }
}

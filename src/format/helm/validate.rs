//! `validate` of a parent of Helm values container lists: each entry is a Kubernetes container
//! the chart puts into its pod, so it is checked as one (name, image, resources, the
//! `restartPolicy` of an init container); names are unique among the parent's lists. Mounts
//! are not: the chart's own volumes (`extraVolumes`) are not known here.

use std::collections::HashSet;

use crate::diagnostic::{Code, Diagnostic};
use crate::format::checks::{check_container_image, check_container_name, check_resources};
use crate::model::{Container, Located, Workload};

/// The diagnostics of one workload of Helm values.
pub fn validate(w: &Workload) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for (c, sidecar) in w
        .sidecars
        .iter()
        .map(|c| (c, true))
        .chain(w.init.iter().map(|c| (c, false)))
    {
        check(w, c, sidecar, &mut out);
        if let Some(n) = &c.name
            && !seen.insert(n.value.as_str())
        {
            out.push(Diagnostic::error(
                Code::ContainerDuplicateName,
                &w.file,
                n.at(),
                format!("two containers of {} are named `{}`", w.id, n.value),
            ));
        }
    }
    out
}

fn check(w: &Workload, c: &Container, sidecar: bool, out: &mut Vec<Diagnostic>) {
    let file = w.file.as_str();
    let at = Some((c.line, c.column));
    let label = format!("container `{}` of {}", c.name(), w.id);
    check_container_name(c.name.as_ref(), (c.line, c.column), &w.id, file, out);
    check_container_image(c.image.as_ref(), at, &label, file, out);
    match &c.resources {
        Some(r) => check_resources(out, file, r, None),
        None if sidecar => out.push(Diagnostic::warning(
            Code::ResourcesMissing,
            file,
            c.name.as_ref().and_then(Located::at).or(at),
            format!("sidecar `{}` of {} has no `resources`", c.name(), w.id),
        )),
        None => {}
    }
}

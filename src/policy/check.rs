//! The rules of a policy that look at one service at a time, and the built-in warning about
//! Jobs that runs without a policy.

use super::single::Use;
use super::{Pinning, Policy, Rule};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::model::{Container, Located, Placement, Workload};
use crate::names;

/// What `policy` (or, without one, the built-in rule) finds in one service, and what
/// `singleVersion` keeps of it for the comparison across services (nothing without the rule;
/// images of exempt sidecars are left out). Each sidecar's image is resolved and matched
/// against the exemptions once, for every rule.
pub fn check(policy: Option<&Policy>, svc: &Workload) -> (Vec<Diagnostic>, Vec<Use>) {
    let mut out = Vec::new();
    let Some(p) = policy else {
        job_sidecars(svc, None, &mut out);
        return (out, Vec::new());
    };
    // Sized once: a fleet's uses are held until the whole project is read.
    let mut uses = Vec::with_capacity(if p.single_version {
        svc.sidecars.len()
    } else {
        0
    });
    for r in p.required.iter().filter(|r| r.selection.keeps(svc)) {
        if svc.sidecar(&r.sidecar).is_none() && svc.main.name() != r.sidecar {
            // Pieces joined, not `format!`: a fleet's findings are many (the same below).
            let message = [
                &svc.id,
                " has no sidecar `",
                &r.sidecar,
                "`, which the policy requires",
            ]
            .concat();
            out.push(finding(p, Rule::Required, svc, workload_at(svc), message));
        }
    }
    for c in &svc.sidecars {
        sidecar(p, svc, c, &mut out, &mut uses);
    }
    job_sidecars(svc, Some(p), &mut out);
    (out, uses)
}

/// The rules about one sidecar's image, resources and probe; its image for `singleVersion`.
fn sidecar(
    p: &Policy,
    svc: &Workload,
    c: &Container,
    out: &mut Vec<Diagnostic>,
    uses: &mut Vec<Use>,
) {
    // Normalised once: each rule's exemption and the registries compare it.
    // A mesh's own sidecar whose image its injection sets (`image: auto`): no image to judge.
    let image = c.image().filter(|_| !p.injected(c)).map(|written| {
        let normal = super::image::normalize(written);
        let exempted = match p.exempt.is_empty() {
            true => super::Exempted::default(),
            false => p.exemptions(c.name(), written, &normal),
        };
        let at = c.image.as_ref().and_then(|i| i.at());
        Image {
            written,
            normal,
            exempted,
            at: at.unwrap_or((c.line, c.column)),
        }
    });
    let exempt = |rule| image.as_ref().is_some_and(|i| i.exempted.has(rule));
    if let Some(i) = &image {
        if p.single_version && !exempt(Rule::SingleVersion) {
            uses.push(Use::new(c.name(), i.written, &i.normal, i.at));
        }
        image_rules(p, svc, c, i, out);
    }
    if (p.requests || p.limits) && !exempt(Rule::Resources) {
        let missing = missing_resources(p, c);
        if !missing.is_empty() {
            let message = format!(
                "sidecar `{}` of {} sets no {}",
                c.name(),
                svc.id,
                missing.join(", ")
            );
            out.push(finding(
                p,
                Rule::Resources,
                svc,
                (c.line, c.column),
                message,
            ));
        }
    }
    if p.native_startup_probe
        && c.placement == Placement::Native
        && !c.startup_probe
        && !exempt(Rule::NativeStartupProbe)
    {
        let message = [
            "native sidecar `",
            c.name(),
            "` of ",
            &svc.id,
            " has no `startupProbe`",
        ]
        .concat();
        out.push(finding(
            p,
            Rule::NativeStartupProbe,
            svc,
            (c.line, c.column),
            message,
        ));
    }
}

/// A sidecar's image as its rules see it: as written, as a registry resolves it (see
/// [`super::image::normalize`]), the rules it is exempt from, and where it is written.
struct Image<'a> {
    written: &'a str,
    normal: String,
    exempted: super::Exempted,
    at: (usize, usize),
}

/// `registries` and `pinning`.
fn image_rules(p: &Policy, svc: &Workload, c: &Container, i: &Image, out: &mut Vec<Diagnostic>) {
    let (img, normal) = (i.written, &i.normal);
    let of = || format!("sidecar `{}` of {}", c.name(), svc.id);
    if let Some(allowed) = &p.registries
        && !i.exempted.has(Rule::Registries)
        && !allowed.iter().any(|a| super::image::allowed(normal, a))
    {
        let resolved = match normal.as_str() == img {
            true => String::new(),
            false => format!(" ({normal})"),
        };
        let message = format!(
            "{} runs `{img}`{resolved}, from none of the allowed registries ({})",
            of(),
            allowed.join(", ")
        );
        out.push(finding(p, Rule::Registries, svc, i.at, message));
    }
    if let Some(pinning) = p.pinning
        && !i.exempted.has(Rule::Pinning)
    {
        let message = match pinning {
            Pinning::Tag if !names::image_is_pinned_or_tagged(img) => {
                Some(format!("{} runs `{img}`: no tag, or `:latest`", of()))
            }
            Pinning::Digest if names::image_digest(img).is_none() => {
                Some(format!("{} runs `{img}`, which no digest pins", of()))
            }
            _ => None,
        };
        if let Some(message) = message {
            out.push(finding(p, Rule::Pinning, svc, i.at, message));
        }
    }
}

/// What of the resources the policy asks for a container leaves out.
fn missing_resources(p: &Policy, c: &Container) -> Vec<&'static str> {
    let r = c.resources.as_ref();
    let cpu = r.and_then(|r| r.cpu.as_ref());
    let memory = r.and_then(|r| r.memory.as_ref());
    // The Console writes an unset value as an empty string.
    let set = |v: Option<&Located<String>>| v.is_some_and(|v| !v.value.is_empty());
    let mut missing = Vec::new();
    if p.requests {
        if !set(cpu.and_then(|l| l.min.as_ref())) {
            missing.push("cpu request");
        }
        if !set(memory.and_then(|l| l.min.as_ref())) {
            missing.push("memory request");
        }
    }
    if p.limits {
        if !set(cpu.and_then(|l| l.max.as_ref())) {
            missing.push("cpu limit");
        }
        if !set(memory.and_then(|l| l.max.as_ref())) {
            missing.push("memory limit");
        }
    }
    missing
}

/// A Job or CronJob with a classic sidecar never completes: `policy.job-sidecars` when the
/// policy says `jobSidecars: native`, otherwise the built-in `job.classic-sidecar` warning.
fn job_sidecars(svc: &Workload, policy: Option<&Policy>, out: &mut Vec<Diagnostic>) {
    let Some(kind) = svc.object.as_ref().map(|o| o.kind) else {
        return;
    };
    if !matches!(kind, "Job" | "CronJob") {
        return;
    }
    for c in svc
        .sidecars
        .iter()
        .filter(|c| c.placement == Placement::Classic)
    {
        let message = format!(
            "classic sidecar `{}` of {} keeps the {kind} from completing; make it native",
            c.name(),
            svc.id
        );
        let at = (c.line, c.column);
        match policy {
            Some(p) if p.job_sidecars_native => {
                if !p.exempt(Rule::JobSidecars, c.name(), c.image()) {
                    out.push(finding(p, Rule::JobSidecars, svc, at, message));
                }
            }
            _ => out.push(Diagnostic::warning(
                Code::JobClassicSidecar,
                &svc.file,
                Some(at),
                message,
            )),
        }
    }
}

/// A finding of `rule` at `at` in `svc`'s file, as severe as the policy says.
pub(super) fn finding(
    p: &Policy,
    rule: Rule,
    svc: &Workload,
    at: (usize, usize),
    message: String,
) -> Diagnostic {
    match p.severity(rule) {
        Severity::Error => Diagnostic::error(rule.code(), &svc.file, Some(at), message),
        Severity::Warning => Diagnostic::warning(rule.code(), &svc.file, Some(at), message),
    }
}

/// Where a service is: its name as the file gives it, or its main container.
fn workload_at(svc: &Workload) -> (usize, usize) {
    svc.name
        .as_ref()
        .and_then(|n| n.at())
        .unwrap_or((svc.main.line, svc.main.column))
}

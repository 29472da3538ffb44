//! The one place that words the library's errors for the command line: the flag each input is
//! given with, each remedy's hint, and the exit code of each kind of failure.

use std::borrow::Cow;

use sidecarctl::Error;
use sidecarctl::error::{Hint, Input, Locate, Verb};

/// The flag that gives `input`.
fn flag(input: Input) -> &'static str {
    match input {
        Input::Image => "--image",
        Input::Env => "--env",
        Input::Port => "--port",
        Input::ConfigMap => "--config-map",
        Input::Secret => "--secret",
        Input::Cpu => "--cpu",
        Input::Memory => "--memory",
        Input::CpuRequest => "--cpu-request",
        Input::CpuLimit => "--cpu-limit",
        Input::MemoryRequest => "--memory-request",
        Input::MemoryLimit => "--memory-limit",
        Input::Placement => "--placement",
        Input::File => "--file",
        Input::Project => "-C",
        Input::Namespace => "--namespace",
        Input::Selector => "--selector",
        Input::Kind => "--kind",
        Input::Match => "--match",
        Input::With => "--with",
        Input::Without => "--without",
        Input::IfImage => "--if-image",
        Input::TargetsFrom => "--targets-from",
        Input::UnsetEnv => "--unset-env",
        Input::UnsetPort => "--unset-port",
        Input::FromMarketplace => "--from-marketplace",
    }
}

/// The error's message, naming inputs by their flags.
pub(crate) fn message(e: &Error) -> Cow<'_, str> {
    match e {
        Error::Invalid { input, problem, .. } => format!("{}: {problem}", flag(*input)).into(),
        Error::NotTaken { input, only, why } => {
            format!("{} is for {only}: {why}", flag(*input)).into()
        }
        Error::Undeclared { input, what } => {
            format!("{}: the project has no {what}", flag(*input)).into()
        }
        Error::Outside { input, path } => format!(
            "{} {path}: must be a path inside the project folder",
            flag(*input)
        )
        .into(),
        // The only input chosen for the user is the Console project configuration.
        Error::Unchosen {
            input,
            place,
            found,
            ..
        } => match &**found {
            [] => format!(
                "no Console project configuration in {place}; pass {} FILE",
                flag(*input)
            )
            .into(),
            _ => format!(
                "{} hold a Console project configuration; pass {} FILE to choose one",
                found.join(", "),
                flag(*input)
            )
            .into(),
        },
        Error::NoMatch { filters } => {
            let each: Vec<String> = filters
                .iter()
                .map(|(input, value)| format!("{} `{value}`", flag(*input)))
                .collect();
            format!("no service matches {}", each.join(", ")).into()
        }
        Error::NoWorkloads { path } => format!(
            "{path} holds no Kubernetes workload and no Console configuration: a project file \
             given with {} must hold workload manifests (Deployment, StatefulSet, DaemonSet, \
             Job, CronJob, Pod, …) or a Console project configuration (an object `services` \
             at the top level or in `config`)",
            flag(Input::Project)
        )
        .into(),
        Error::OneFile { root, file } => format!(
            "a Console project is one file: pass it with `{} FILE` (in {root}, {file})",
            flag(Input::Project)
        )
        .into(),
        other => other.to_string().into(),
    }
}

/// The hint's text, naming inputs by their flags.
pub(crate) fn hint(h: &Hint) -> Cow<'_, str> {
    let them = |many: bool| if many { "them" } else { "it" };
    match h {
        Hint::Text(text) => text.into(),
        Hint::NameServices => "pass `--service S1,S2` or `--all`".into(),
        Hint::NameTargets => "pass `--to S1,S2`".into(),
        Hint::NameSidecar => "sidecarctl create NAME --image IMG --to S".into(),
        Hint::NameChange => "pass at least one of --cpu-request, --cpu-limit, --memory-request, \
             --memory-limit, --image, --from-marketplace, --env, --unset-env, --arg, --port, \
             --unset-port"
            .into(),
        Hint::OnConflict { many } => format!(
            "pass `--on-conflict skip` to leave {t}, or `--on-conflict replace` to overwrite {t}",
            t = them(*many)
        )
        .into(),
        Hint::LeaveOut { noun } => {
            format!("leave those {noun}s out of `--to`, or choose another name").into()
        }
        Hint::Without { name, many } => format!(
            "leave {} out with `--without {name}`, or choose another name",
            them(*many)
        )
        .into(),
        Hint::Native(verb) => format!(
            "pass `--native` to {} it as a native sidecar (`initContainers`, `restartPolicy: Always`)",
            match verb {
                Verb::Create => "add",
                Verb::Clone => "clone",
            }
        )
        .into(),
        Hint::KeepNative => "keep it native: a native sidecar is never the main container".into(),
        Hint::SkipUnreadable { files } => format!(
            "fix {t}, or pass --skip-unreadable to change the rest and list {t} as skipped:\n  {}",
            files.join("\n  "),
            t = them(files.len() != 1)
        )
        .into(),
        Hint::OtherItemId => "pass another `--item-id`, or delete the old item first".into(),
        Hint::FixDefaults => {
            "fix `defaults.resources` in the project file, or pass --cpu and --memory".into()
        }
        Hint::RootedPath { input, name, path } => {
            format!("write it from the root: {} {name}:/{path}", flag(*input)).into()
        }
        Hint::ProjectName => "use lowercase letters, digits and `-`, e.g. `--name acme-shop`".into(),
        Hint::Locate(how) => locate(how).into(),
        Hint::Force => "pass --force to replace it with the plain value".into(),
        Hint::NameItem { sidecar } => format!(
            "pass --from-marketplace ITEM, or add a marketplace item whose `resources.name` is `{sidecar}`"
        )
        .into(),
        Hint::ToOverlays(targets) => format!(
            "add it to them in a command of their own with `--to {}`: it writes a patch into their overlay",
            targets.join(",")
        )
        .into(),
    }
}

/// How to say where the project is (`-C`).
fn locate(how: &Locate) -> String {
    let c = flag(Input::Project);
    match how {
        Locate::StoppedLooking => format!(
            "run the command in the folder of your manifests, pass `{c} DIR`, or create a \
             project file with `sidecarctl init` (its `paths:` narrows what is read)"
        ),
        Locate::ExistingFile => format!(
            "pass an existing Kubernetes manifest or Console project configuration with \
             `{c} FILE`, or a project folder with `{c} DIR`"
        ),
        Locate::ExistingFolder => {
            format!("pass an existing folder with `{c} DIR` or $SIDECARCTL_PROJECT")
        }
        Locate::FolderOrFile => {
            format!("pass a project folder with `{c} DIR`, or one project file with `{c} FILE`")
        }
        Locate::NarrowerFolder => format!(
            "run the command in the folder of your manifests, pass `{c} DIR` (or `{c} FILE`), or \
             create a project file there with `sidecarctl init`"
        ),
        Locate::ConsoleFile(f) => format!(
            "{f} is a Console project configuration: pass `{c} {f}`, or run `sidecarctl init \
             --format console {} {f}`",
            flag(Input::File)
        ),
        Locate::Nothing => format!("run `sidecarctl init` to create a project, or pass `{c} DIR`"),
    }
}

/// The process's exit code for `e`: 2 for a wrong command line, 1 for a failure, 0 when the
/// reader of the output has gone (`sidecarctl list | head`), and 128 + the signal's number
/// when a signal stopped it, as a shell reports it (130 for SIGINT, 143 for SIGTERM).
pub(crate) fn exit_code(e: &Error) -> u8 {
    match e {
        Error::OutputClosed => 0,
        Error::Interrupted { signal, .. } => 128u8.saturating_add(*signal as u8),
        e if e.is_usage() => 2,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn said(e: &Error) -> (String, Option<String>) {
        (
            message(e).into_owned(),
            e.hint().map(|h| hint(h).into_owned()),
        )
    }

    /// The wording of the errors no fixture reaches, as the library wrote it before it was
    /// typed: the same bytes.
    #[test]
    fn typed_errors_keep_their_wording() {
        let e = Error::NotTaken {
            input: Input::Placement,
            only: "Kubernetes manifests",
            why: "a Mia service's sidecars are all classic",
        };
        assert_eq!(
            said(&e).0,
            "--placement is for Kubernetes manifests: a Mia service's sidecars are all classic"
        );
        let e = Error::Outside {
            input: Input::File,
            path: "../x.json".into(),
        };
        assert_eq!(
            said(&e).0,
            "--file ../x.json: must be a path inside the project folder"
        );
        let e = Error::Unchosen {
            input: Input::File,
            place: "proj".into(),
            found: vec!["a.json".into(), "b.json".into()].into(),
            hint: None,
        };
        assert_eq!(
            said(&e),
            (
                "a.json, b.json hold a Console project configuration; pass --file FILE to choose one"
                    .into(),
                None
            )
        );
        let e = Error::usage("x").with_hint(Hint::Native(Verb::Clone));
        assert_eq!(
            said(&e).1.unwrap(),
            "pass `--native` to clone it as a native sidecar (`initContainers`, `restartPolicy: Always`)"
        );
        let e = Error::usage("x").with_hint(Hint::Native(Verb::Create));
        assert_eq!(
            said(&e).1.unwrap(),
            "pass `--native` to add it as a native sidecar (`initContainers`, `restartPolicy: Always`)"
        );
        let e = Error::failed("x").with_hint(Hint::OtherItemId);
        assert_eq!(
            said(&e).1.unwrap(),
            "pass another `--item-id`, or delete the old item first"
        );
        let e = Error::usage("x").with_hint(Hint::NameSidecar);
        assert_eq!(
            said(&e).1.unwrap(),
            "sidecarctl create NAME --image IMG --to S"
        );
        let e = Error::failed("x").with_hint(Hint::SkipUnreadable {
            files: vec!["a.yaml (bad)".into()],
        });
        assert_eq!(
            said(&e).1.unwrap(),
            "fix it, or pass --skip-unreadable to change the rest and list it as skipped:\n  a.yaml (bad)"
        );
    }

    #[test]
    fn the_project_is_located_with_its_flag() {
        let e = Error::OneFile {
            root: "/p".into(),
            file: "api-console-config.json".into(),
        };
        assert_eq!(
            said(&e).0,
            "a Console project is one file: pass it with `-C FILE` (in /p, api-console-config.json)"
        );
        let e = Error::failed("x").with_hint(Hint::Locate(Locate::FolderOrFile));
        assert_eq!(
            said(&e).1.unwrap(),
            "pass a project folder with `-C DIR`, or one project file with `-C FILE`"
        );
        let e = Error::failed("x").with_hint(Hint::Locate(Locate::ConsoleFile("c.json".into())));
        assert_eq!(
            said(&e).1.unwrap(),
            "c.json is a Console project configuration: pass `-C c.json`, or run `sidecarctl \
             init --format console --file c.json`"
        );
    }

    #[test]
    fn exit_codes() {
        assert_eq!(exit_code(&Error::usage("x")), 2);
        assert_eq!(exit_code(&Error::invalid(Input::Port, "x")), 2);
        assert_eq!(exit_code(&Error::failed("x")), 1);
        let undeclared = Error::Undeclared {
            input: Input::Secret,
            what: "x".into(),
        };
        assert_eq!(exit_code(&undeclared), 1);
        assert_eq!(exit_code(&Error::Load(Vec::new())), 1);
        assert_eq!(exit_code(&Error::OutputClosed), 0);
        assert_eq!(exit_code(&Error::interrupted(15, "x")), 143);
    }
}

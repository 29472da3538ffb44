//! The one place that words the library's errors for the command line: the flag each input is
//! given with, each remedy's hint, and the exit code of each kind of failure.

use std::borrow::Cow;

use sidecarctl::Error;
use sidecarctl::error::{Hint, Input, Verb};

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
        } => match found.as_slice() {
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
             --memory-limit, --image"
            .into(),
        Hint::OnConflict { many } => format!(
            "pass `--on-conflict skip` to leave {t}, or `--on-conflict replace` to overwrite {t}",
            t = them(*many)
        )
        .into(),
        Hint::LeaveOut { noun } => {
            format!("leave those {noun}s out of `--to`, or choose another name").into()
        }
        Hint::Native(verb) => format!(
            "pass `--native` to {} it as a native sidecar (`initContainers`, `restartPolicy: Always`)",
            match verb {
                Verb::Create => "add",
                Verb::Clone => "clone",
            }
        )
        .into(),
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
            found: vec!["a.json".into(), "b.json".into()],
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

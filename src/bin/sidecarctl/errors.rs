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

//! The library's error type: what went wrong, in the library's terms, with the I/O, parse and
//! edit errors it comes from as its source. The library names no command-line flag: a wrong
//! value is an [`Input`], a remedy a [`Hint`]; the binary (`src/bin/sidecarctl/errors.rs`)
//! words each with its flags and chooses the exit code. `tests/testsuite/library_flags.rs`
//! fails on a flag in a library string.

mod remedy;

pub use remedy::{Hint, Input, Locate, Verb};

use crate::diagnostic::Diagnostic;
use crate::edit::EditError;
use crate::yaml::{ValueError, YamlError};

/// Large payloads are boxed: a `Result` of this type is returned on every workload's path, so
/// the error stays as small as it was before it was typed (56 bytes, a test checks).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The request is wrong: a malformed value, a missing argument.
    #[error("{message}")]
    Usage {
        message: String,
        hint: Option<Box<Hint>>,
    },
    /// The operation ran but failed: not found, conflict, special sidecar, write failure.
    #[error("{message}")]
    Failed {
        message: String,
        hint: Option<Box<Hint>>,
    },
    /// A value given for one of the operation's inputs is malformed; `problem` says how.
    #[error("{input}: {problem}")]
    Invalid {
        input: Input,
        problem: String,
        hint: Option<Box<Hint>>,
    },
    /// An input this project's kind of files does not take: only `only` do, because `why`.
    #[error("{input} is for {only}: {why}")]
    NotTaken {
        input: Input,
        only: &'static str,
        why: &'static str,
    },
    /// A value names something the project does not declare (`what`).
    #[error("{input}: the project has no {what}")]
    Undeclared { input: Input, what: String },
    /// A path given as `input` lies outside the project folder.
    #[error("{input} {path}: must be a path inside the project folder")]
    Outside { input: Input, path: String },
    /// `input` was not given and cannot be chosen for it: `place` holds no candidate, or
    /// several (`found`).
    #[error("{input}: not given, and {} in {place}", if found.is_empty() { "none".to_string() } else { found.join(", ") })]
    Unchosen {
        input: Input,
        place: Box<str>,
        found: Box<[String]>,
        hint: Option<Box<Hint>>,
    },
    /// The filters given chose no service: each filter (its input and value) is named. (A
    /// service in every format's words: SPEC §7.1 spells the message so.)
    #[error("no service matches {}", no_match(filters))]
    NoMatch { filters: Box<[(Input, String)]> },
    /// The file given as the project holds no workload of any format.
    #[error("{path} holds no workload and no Console configuration")]
    NoWorkloads { path: String },
    /// A project of one file needs the file: `file` is the one it looked for in `root`.
    #[error("a Console project is one file (in {root}, {file})")]
    OneFile { root: String, file: String },
    /// Reading or writing something the operation needs failed.
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
    /// A change could not be made to `file`'s text.
    #[error("{file}: {source}")]
    Edit {
        file: String,
        #[source]
        source: Box<EditError>,
    },
    /// A change that cannot be made to a container where it is (its shape does not allow it).
    #[error("{0}")]
    Unchangeable(#[source] Box<EditError>),
    /// A text the operation made itself does not parse back.
    #[error("{file}: {source}")]
    Parse {
        file: String,
        #[source]
        source: Box<YamlError>,
    },
    /// A node of `file` cannot be read as data.
    #[error("{file}:{}:{}: {source}", .source.line, .source.column)]
    Value {
        file: String,
        #[source]
        source: Box<ValueError>,
    },
    /// One or more files do not load; every problem is listed.
    #[error("the project does not load: {} error(s)", .0.len())]
    Load(Vec<Diagnostic>),
    /// The reader of the output has gone (`sidecarctl list | head`): stop quietly, as other
    /// command-line tools do, instead of reporting a failure nobody asked about.
    #[error("the output was closed")]
    OutputClosed,
    /// A signal asked the process to stop (SIGINT, SIGTERM, SIGHUP) and it did, leaving the
    /// project as it was.
    #[error("{message}")]
    Interrupted { message: String, signal: i32 },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn usage(message: impl Into<String>) -> Self {
        Self::Usage {
            message: message.into(),
            hint: None,
        }
    }
    pub fn failed(message: impl Into<String>) -> Self {
        Self::Failed {
            message: message.into(),
            hint: None,
        }
    }
    /// A malformed value of `input`.
    pub fn invalid(input: Input, problem: impl Into<String>) -> Self {
        Self::Invalid {
            input,
            problem: problem.into(),
            hint: None,
        }
    }
    /// Stopped by `signal`; `state` says what became of the project.
    pub fn interrupted(signal: i32, state: &str) -> Self {
        Self::Interrupted {
            message: format!("interrupted ({}); {state}", signal_name(signal)),
            signal,
        }
    }
    /// A node of `file` that cannot be read as data.
    pub fn value(file: impl Into<String>, source: ValueError) -> Self {
        Self::Value {
            file: file.into(),
            source: Box::new(source),
        }
    }
    /// `file` cannot be changed as asked.
    pub fn edit(file: impl Into<String>, source: EditError) -> Self {
        Self::Edit {
            file: file.into(),
            source: Box::new(source),
        }
    }
    /// An error writing the command's output.
    pub fn output(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            Self::OutputClosed
        } else {
            Self::Io {
                context: "cannot write output".into(),
                source: e,
            }
        }
    }
    pub fn with_hint(self, hint: impl Into<Hint>) -> Self {
        match self {
            Self::Usage { message, .. } => Self::Usage {
                message,
                hint: Some(Box::new(hint.into())),
            },
            Self::Failed { message, .. } => Self::Failed {
                message,
                hint: Some(Box::new(hint.into())),
            },
            Self::Invalid { input, problem, .. } => Self::Invalid {
                input,
                problem,
                hint: Some(Box::new(hint.into())),
            },
            Self::Unchosen {
                input,
                place,
                found,
                ..
            } => Self::Unchosen {
                input,
                place,
                found,
                hint: Some(Box::new(hint.into())),
            },
            other => other,
        }
    }
    pub fn hint(&self) -> Option<&Hint> {
        match self {
            Self::Usage { hint, .. }
            | Self::Failed { hint, .. }
            | Self::Invalid { hint, .. }
            | Self::Unchosen { hint, .. } => hint.as_deref(),
            _ => None,
        }
    }
    /// Whether the request itself is wrong (not the project, nor the system): trying other
    /// targets cannot help.
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            Self::Usage { .. }
                | Self::Invalid { .. }
                | Self::NotTaken { .. }
                | Self::Outside { .. }
                | Self::Unchosen { .. }
        )
    }
}

/// The filters of [`Error::NoMatch`], in the library's terms.
fn no_match(filters: &[(Input, String)]) -> String {
    let each: Vec<String> = filters.iter().map(|(i, v)| format!("{i} `{v}`")).collect();
    each.join(", ")
}

/// The conventional name of the signals sidecarctl stops on.
pub fn signal_name(signal: i32) -> String {
    match signal {
        1 => "SIGHUP".into(),
        2 => "SIGINT".into(),
        15 => "SIGTERM".into(),
        n => format!("signal {n}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_is_no_bigger_than_before_it_was_typed() {
        assert!(size_of::<Error>() <= 56);
    }

    #[test]
    fn io_and_edit_errors_keep_their_source() {
        use std::error::Error as _;
        let io = Error::Io {
            context: "cannot read the current folder".into(),
            source: std::io::Error::from(std::io::ErrorKind::NotFound),
        };
        assert!(io.source().is_some_and(|s| s.is::<std::io::Error>()));
        let edit = Error::edit("a.yaml", EditError::Shape("x".into()));
        assert!(edit.source().is_some());
        assert_eq!(edit.to_string(), "a.yaml: x");
    }
}

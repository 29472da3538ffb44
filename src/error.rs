//! The library's error type. The binary maps [`Error::exit_code`] to the process status.

use crate::diagnostic::Diagnostic;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The command line is wrong: a malformed value, a missing argument (exit 2).
    #[error("{message}")]
    Usage {
        message: String,
        hint: Option<String>,
    },
    /// The command ran but failed: not found, conflict, special sidecar, write failure (exit 1).
    #[error("{message}")]
    Failed {
        message: String,
        hint: Option<String>,
    },
    /// One or more files do not load; every problem is listed (exit 1).
    #[error("the project does not load: {} error(s)", .0.len())]
    Load(Vec<Diagnostic>),
    /// The reader of the output has gone (`sidecarctl list | head`): stop quietly, as other
    /// command-line tools do, instead of reporting a failure nobody asked about (exit 0).
    #[error("the output was closed")]
    OutputClosed,
    /// A signal asked the process to stop (SIGINT, SIGTERM, SIGHUP) and it did, leaving the
    /// project as it was (exit 128 + the signal's number, as a shell reports it: 130 for
    /// SIGINT, 143 for SIGTERM).
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
    /// Stopped by `signal`; `state` says what became of the project.
    pub fn interrupted(signal: i32, state: &str) -> Self {
        Self::Interrupted {
            message: format!("interrupted ({}); {state}", signal_name(signal)),
            signal,
        }
    }
    /// An error writing the command's output.
    pub fn output(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            Self::OutputClosed
        } else {
            Self::failed(format!("cannot write output: {e}"))
        }
    }
    pub fn with_hint(self, hint: impl Into<String>) -> Self {
        match self {
            Self::Usage { message, .. } => Self::Usage {
                message,
                hint: Some(hint.into()),
            },
            Self::Failed { message, .. } => Self::Failed {
                message,
                hint: Some(hint.into()),
            },
            other => other,
        }
    }
    pub fn hint(&self) -> Option<&str> {
        match self {
            Self::Usage { hint, .. } | Self::Failed { hint, .. } => hint.as_deref(),
            Self::Load(_) | Self::OutputClosed | Self::Interrupted { .. } => None,
        }
    }
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::Usage { .. } => 2,
            Self::Failed { .. } | Self::Load(_) => 1,
            Self::OutputClosed => 0,
            Self::Interrupted { signal, .. } => 128u8.saturating_add(*signal as u8),
        }
    }
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

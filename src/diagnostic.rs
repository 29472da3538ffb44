//! Problems found while loading or validating, each with a stable code and a source position.

mod code;

use std::fmt;

pub use code::Code;

use crate::yaml::YamlError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: Code,
    pub message: String,
    /// Path relative to the project root, with `/` separators.
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
}

impl Diagnostic {
    pub fn error(
        code: Code,
        file: &str,
        at: Option<(usize, usize)>,
        message: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Error, code, file, at, message.into())
    }

    pub fn warning(
        code: Code,
        file: &str,
        at: Option<(usize, usize)>,
        message: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Warning, code, file, at, message.into())
    }

    fn new(
        severity: Severity,
        code: Code,
        file: &str,
        at: Option<(usize, usize)>,
        message: String,
    ) -> Self {
        Self {
            severity,
            code,
            message,
            file: file.to_string(),
            line: at.map(|a| a.0),
            column: at.map(|a| a.1),
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:column` (or as much of it as is known).
    pub fn location(&self) -> String {
        match (self.line, self.column) {
            (Some(l), Some(c)) => format!("{}:{l}:{c}", self.file),
            (Some(l), None) => format!("{}:{l}", self.file),
            _ => self.file.clone(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} [{}]", self.location(), self.message, self.code)
    }
}

impl Code {
    /// The code of a failure of the document layer's readers. That layer names its codes
    /// itself (it knows nothing of this table); a test holds each to the code here.
    pub fn of_parse(e: &YamlError) -> Code {
        match e.code() {
            "json.duplicate-key" => Code::JsonDuplicateKey,
            "json.syntax" => Code::JsonSyntax,
            "yaml.duplicate-key" => Code::YamlDuplicateKey,
            _ => Code::YamlSyntax,
        }
    }
}

/// Sorts by file, then position, so output is stable.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(order);
}

/// The order [`sort`] puts diagnostics in: by file, then position, then code.
pub fn order(a: &Diagnostic, b: &Diagnostic) -> std::cmp::Ordering {
    (&a.file, a.line, a.column, a.code).cmp(&(&b.file, b.line, b.column, b.code))
}

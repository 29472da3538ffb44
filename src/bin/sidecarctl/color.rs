//! Colour only where a person reads it: `--color`, `NO_COLOR`, and whether the stream is a
//! terminal.

use std::io::IsTerminal;

use crate::cli::ColorChoice;

/// Whether to colour a stream: `always`, `never`, or (auto) a terminal with `NO_COLOR` unset
/// and a terminal that is not `dumb`.
pub(crate) fn enabled(choice: ColorChoice, is_terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            is_terminal
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var("TERM").map_or(true, |t| t != "dumb")
        }
    }
}

pub(crate) fn stdout(choice: ColorChoice) -> bool {
    enabled(choice, std::io::stdout().is_terminal())
}

pub(crate) fn stderr(choice: ColorChoice) -> bool {
    enabled(choice, std::io::stderr().is_terminal())
}

/// A unified diff with added lines green, removed lines red and hunk headers cyan.
pub(crate) fn diff(text: &str, on: bool) -> String {
    if !on {
        return text.to_string();
    }
    text.split_inclusive('\n')
        .map(|line| {
            let code = if line.starts_with("+++") || line.starts_with("---") {
                "1"
            } else if line.starts_with('+') {
                "32"
            } else if line.starts_with('-') {
                "31"
            } else if line.starts_with("@@") {
                "36"
            } else {
                return line.to_string();
            };
            let (body, end) = match line.strip_suffix('\n') {
                Some(b) => (b, "\n"),
                None => (line, ""),
            };
            format!("\x1b[{code}m{body}\x1b[0m{end}")
        })
        .collect()
}

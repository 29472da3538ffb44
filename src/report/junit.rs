//! JUnit XML, the test report GitLab (`artifacts:reports:junit`), Jenkins (`junit`) and Azure
//! DevOps (`PublishTestResults@2`, format JUnit) read: one test case per service, named by its
//! ID with its file as the class name; one `failure` per error, its text `file:line:column:`
//! and the message; warnings in the case's `system-out`, since they fail nothing. Problems that
//! belong to no service (the project file, a file that does not load) are a case per file.
//!
//! Counts follow the schema's meaning: `tests` is the number of cases, `failures` the number of
//! cases with at least one failure, `errors` (a test that could not run) is always 0. The
//! output is held to the Jenkins JUnit schema (`junit-10.xsd`) by a test.

use std::fmt::Write;

use crate::diagnostic::Diagnostic;

/// One test case: a service (or a file), and what was found in it.
#[derive(Debug, Clone, Copy)]
pub struct Case<'a> {
    pub name: &'a str,
    pub file: &'a str,
    pub diagnostics: &'a [Diagnostic],
}

/// The report of `cases`. `prefix` is the project's folder in the repository (see
/// [`super::repository_prefix`]): files are named from the repository root.
pub fn report(cases: &[Case], prefix: &str) -> String {
    let failing = cases
        .iter()
        .filter(|c| c.diagnostics.iter().any(Diagnostic::is_error))
        .count();
    let counts = format!(
        "tests=\"{}\" failures=\"{failing}\" errors=\"0\"",
        cases.len()
    );
    let mut out = String::with_capacity(256 + cases.len() * 128);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(out, "<testsuites name=\"sidecarctl validate\" {counts}>");
    let _ = writeln!(
        out,
        "  <testsuite name=\"sidecarctl validate\" {counts} skipped=\"0\">"
    );
    for case in cases {
        write_case(&mut out, case, prefix);
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

fn write_case(out: &mut String, case: &Case, prefix: &str) {
    let file = match (prefix, case.file) {
        ("", f) => f.to_string(),
        (p, "") => p.trim_end_matches('/').to_string(),
        (p, f) => format!("{p}{f}"),
    };
    let _ = write!(
        out,
        "    <testcase name=\"{}\" classname=\"{}\"",
        escape(case.name),
        escape(&file)
    );
    if case.diagnostics.is_empty() {
        out.push_str("/>\n");
        return;
    }
    out.push_str(">\n");
    let line = |d: &Diagnostic| {
        let at = super::repository_path(prefix, d);
        let at = match (d.line, d.column) {
            (Some(l), Some(c)) => format!("{at}:{l}:{c}"),
            (Some(l), None) => format!("{at}:{l}"),
            _ => at,
        };
        format!("{at}: {} [{}]", d.message, d.code)
    };
    for d in case.diagnostics.iter().filter(|d| d.is_error()) {
        let _ = writeln!(
            out,
            "      <failure type=\"{}\" message=\"{}\">{}\n{}</failure>",
            d.code,
            escape(&d.message),
            text(&line(d)),
            text(d.code.help())
        );
    }
    let warnings: Vec<String> = case
        .diagnostics
        .iter()
        .filter(|d| !d.is_error())
        .map(|d| format!("warning: {}", line(d)))
        .collect();
    if !warnings.is_empty() {
        let _ = writeln!(
            out,
            "      <system-out>{}</system-out>",
            text(&warnings.join("\n"))
        );
    }
    out.push_str("    </testcase>\n");
}

/// Text for an attribute or an element: markup characters as references, line breaks as
/// references (an attribute keeps them so), and the characters XML 1.0 cannot hold at all (most
/// control characters) as U+FFFD.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Text for an element's content: as [`escape`], but line breaks stay as they are.
fn text(s: &str) -> String {
    escape(s).replace("&#10;", "\n")
}

#[cfg(test)]
mod tests {
    use super::{Case, escape, report};
    use crate::report::tests::sample;

    #[test]
    fn markup_and_control_characters_are_escaped() {
        assert_eq!(escape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&apos;");
        assert_eq!(escape("x\ny\u{1}"), "x&#10;y\u{FFFD}");
    }

    #[test]
    fn a_case_per_service_and_a_failure_per_error() {
        let diags = sample();
        let cases = [
            Case {
                name: "orders",
                file: "services/orders.yaml",
                diagnostics: &diags[..1],
            },
            Case {
                name: "a,b:c",
                file: "services/a,b:c.yaml",
                diagnostics: &diags[1..],
            },
            Case {
                name: "users",
                file: "services/users.yaml",
                diagnostics: &[],
            },
        ];
        let xml = report(&cases, "deploy/");
        assert!(xml.contains(
            "<testsuites name=\"sidecarctl validate\" tests=\"3\" failures=\"1\" errors=\"0\">"
        ));
        assert_eq!(xml.matches("<testcase ").count(), 3);
        assert_eq!(xml.matches("<failure ").count(), 1);
        assert!(xml.contains(
            "deploy/services/orders.yaml:18:18: cpu request 300m is above its limit 200m [resources.request-above-limit]"
        ));
        assert!(
            xml.contains("<testcase name=\"users\" classname=\"deploy/services/users.yaml\"/>")
        );
        assert!(xml.contains("<system-out>warning: deploy/services/a,b:c.yaml: image `x/a%b`"));
    }
}

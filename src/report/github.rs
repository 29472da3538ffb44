//! GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=<code>::<message>`, one
//! line per diagnostic. GitHub turns them into annotations on the pull request's files.

use std::borrow::Borrow;

use crate::diagnostic::Diagnostic;

/// One workflow command per diagnostic, each ending in a newline. `prefix` is the project's
/// folder in the repository (see [`super::repository_prefix`]).
pub fn commands(diags: &[impl Borrow<Diagnostic>], prefix: &str) -> String {
    let mut out = String::new();
    for d in diags {
        let d = d.borrow();
        let mut props = vec![format!(
            "file={}",
            property(&super::repository_path(prefix, d))
        )];
        if let Some(line) = d.line {
            props.push(format!("line={line}"));
            if let Some(col) = d.column {
                props.push(format!("col={col}"));
            }
        }
        props.push(format!("title={}", property(d.code.as_str())));
        let kind = if d.is_error() { "error" } else { "warning" };
        out.push_str(&format!(
            "::{kind} {}::{}\n",
            props.join(","),
            data(&d.message)
        ));
    }
    out
}

/// A command's message, escaped as the Actions runner expects (`%`, CR and LF).
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value: also `:` and `,`, which would end the value.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::commands;
    use crate::report::tests::sample;

    #[test]
    fn one_command_per_diagnostic_escaped() {
        assert_eq!(
            commands(&sample(), "deploy/acme/"),
            "::error file=deploy/acme/services/orders.yaml,line=18,col=18,title=resources.request-above-limit::cpu request 300m is above its limit 200m\n\
             ::warning file=deploy/acme/services/a%2Cb%3Ac.yaml,title=image.unpinned::image `x/a%25b` has no tag or uses `:latest`%0Asecond line\n"
        );
        assert_eq!(commands(&[] as &[crate::diagnostic::Diagnostic], ""), "");
    }

    #[test]
    fn a_line_without_a_column_and_a_carriage_return() {
        let mut d = sample().remove(0);
        d.column = None;
        d.message = "a\r\nb".into();
        assert_eq!(
            commands(&[d], ""),
            "::error file=services/orders.yaml,line=18,title=resources.request-above-limit::a%0D%0Ab\n"
        );
    }
}

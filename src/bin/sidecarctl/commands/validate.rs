use std::io::Write;

use clap::Args;
use sidecarctl::ops;
use sidecarctl::ops::validate::Validation;
use sidecarctl::report::junit;
use sidecarctl::view::ValidateReport;
use sidecarctl::{Error, Result};

use crate::cli::Format;
use crate::render;
use crate::session::Session;

/// Check the whole project; exit 1 when any error is found
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  sidecarctl validate\n  sidecarctl validate -o json | jq '.diagnostics[]'\n  sidecarctl validate -o github\n  sidecarctl validate -o sarif > sidecarctl.sarif\n  sidecarctl validate -o codeclimate > gl-code-quality-report.json\n  sidecarctl validate -o junit > sidecarctl-junit.xml"
)]
pub(crate) struct ValidateArgs {}

pub(crate) fn run(s: &Session) -> Result<u8> {
    // Files that load are checked as they are read; files that do not are reported too.
    let root = s.root()?;
    let validation = match ops::validate::validate(&root) {
        Ok(v) => v,
        Err(Error::Load(diags)) => Validation::not_loaded(diags),
        Err(e) => return Err(e),
    };
    let diags = &validation.diagnostics;
    let report = ValidateReport::of(diags);
    // Buffered: a policy may find thousands of problems, each one line.
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let prefix = if s.g.output.validate_only() {
        sidecarctl::report::repository_prefix(&sidecarctl::project::dir_of(&root))
    } else {
        String::new()
    };
    if s.g.output == Format::Junit {
        let xml = junit::report(&cases(&validation), &prefix);
        out.write_all(xml.as_bytes()).map_err(Error::output)?;
    } else if render::ci_report(&mut out, s.g.output, diags, &prefix).map_err(Error::output)? {
        if s.g.output == Format::Github {
            // A plain line for the job's log; GitHub shows the annotations on the files.
            writeln!(out, "{}", summary(&report)).map_err(Error::output)?;
        }
    } else if !render::structured(&mut out, s.g.output, &report).map_err(Error::output)? {
        for d in diags {
            let sev = if d.is_error() { "error" } else { "warning" };
            writeln!(out, "{sev}: {d}").map_err(Error::output)?;
        }
        writeln!(out, "{}", summary(&report)).map_err(Error::output)?;
    }
    out.flush().map_err(Error::output)?;
    Ok(if report.valid { 0 } else { 1 })
}

/// JUnit's test cases: one per service, then one per file for what belongs to no service (the
/// project file, a file that does not load).
fn cases(v: &Validation) -> Vec<junit::Case<'_>> {
    v.services
        .iter()
        .chain(&v.files)
        .map(|s| junit::Case {
            name: &s.id,
            file: &s.file,
            diagnostics: &s.diagnostics,
        })
        .collect()
}

/// `validate`'s last line for people.
fn summary(report: &ValidateReport) -> String {
    if report.valid {
        format!("The project is valid ({} warning(s)).", report.warnings)
    } else {
        format!(
            "The project is invalid: {} error(s), {} warning(s).",
            report.errors, report.warnings
        )
    }
}

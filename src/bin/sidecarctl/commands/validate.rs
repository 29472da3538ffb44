use std::io::Write;

use clap::Args;
use sidecarctl::diagnostic::Diagnostic;
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
    let diags = validation.diagnostics();
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let summary = summary(errors, diags.len() - errors);
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
    } else if render::ci_report(&mut out, s.g.output, &diags, &prefix).map_err(Error::output)? {
        if s.g.output == Format::Github {
            // A plain line for the job's log; GitHub shows the annotations on the files.
            writeln!(out, "{summary}").map_err(Error::output)?;
        }
    } else if !matches!(s.g.output, Format::Json | Format::Yaml) {
        for d in &diags {
            line(&mut out, d).map_err(Error::output)?;
        }
        writeln!(out, "{summary}").map_err(Error::output)?;
    } else {
        render::structured(&mut out, s.g.output, &ValidateReport::of(&diags))
            .map_err(Error::output)?;
    }
    out.flush().map_err(Error::output)?;
    let code = if errors == 0 { 0 } else { 1 };
    // The process ends next: freeing a fleet's findings one by one (most made on the scan's
    // threads, so each free is a cross-thread one) would only add time before the exit.
    drop(diags);
    std::mem::forget(validation);
    Ok(code)
}

/// One diagnostic as a line for people: `error: FILE:LINE:COLUMN: MESSAGE [CODE]` (the
/// diagnostic's `Display` after its severity), written piece by piece: a fleet's policy may
/// find tens of thousands, and formatting each through `format!` cost more than finding it.
fn line(out: &mut impl Write, d: &Diagnostic) -> std::io::Result<()> {
    out.write_all(if d.is_error() {
        b"error: "
    } else {
        b"warning: "
    })?;
    out.write_all(d.file.as_bytes())?;
    if let Some(l) = d.line {
        number(out, l)?;
        if let Some(c) = d.column {
            number(out, c)?;
        }
    }
    for piece in [": ", &d.message, " [", d.code.as_str(), "]\n"] {
        out.write_all(piece.as_bytes())?;
    }
    Ok(())
}

/// `:` and `n` in decimal.
fn number(out: &mut impl Write, mut n: usize) -> std::io::Result<()> {
    let mut buf = [0u8; 21];
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    at -= 1;
    buf[at] = b':';
    out.write_all(&buf[at..])
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
fn summary(errors: usize, warnings: usize) -> String {
    if errors == 0 {
        format!("The project is valid ({warnings} warning(s)).")
    } else {
        format!("The project is invalid: {errors} error(s), {warnings} warning(s).")
    }
}

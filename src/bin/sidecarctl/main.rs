//! The binary: parse arguments, run one operation, print its result, map errors to exit codes.

// Nothing outside the binary uses it: a `pub` here would only hide dead code.
#![warn(unreachable_pub)]

mod alloc;
mod changes;
mod cli;
mod color;
mod commands;
mod complete;
mod errors;
mod progress;
mod prompt;
mod render;
mod session;
mod signals;

use std::io::Write;
use std::process::ExitCode;

use clap::{CommandFactory, Parser};
use sidecarctl::Error;

use crate::cli::{Cli, Format};
use crate::session::Session;

fn main() -> ExitCode {
    alloc::purge_soon();
    // `COMPLETE=bash sidecarctl` prints the shell's registration; the shell then calls back here.
    let args = std::env::args_os();
    let cwd = std::env::current_dir().ok();
    match clap_complete::CompleteEnv::with_factory(Cli::command).try_complete(args, cwd.as_deref())
    {
        Ok(false) => {}
        Ok(true) => return ExitCode::SUCCESS,
        Err(e) if is_broken_pipe(&e) => return ExitCode::SUCCESS,
        Err(e) => e.exit(),
    }
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            if e.use_stderr()
                && let Some(explained) = cli::misread_value()
            {
                eprint!("{explained}");
                return ExitCode::from(2);
            }
            // Help and version go to stdout with 0; usage errors to stderr with 2.
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let changes = cli.command.changes_files();
    signals::watch();
    let result = run(cli);
    if !signals::take_the_exit() {
        signals::wait_for_the_end();
    }
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            if let Error::Interrupted { signal, .. } = e {
                signals::restore_terminal(signal);
            }
            report(&e, changes)
        }
    }
}

/// Whether clap failed to write because the reader has gone (`COMPLETE=bash sidecarctl | true`).
/// clap keeps only the message of an I/O error, so the message is what tells.
fn is_broken_pipe(e: &clap::Error) -> bool {
    let epipe = std::io::Error::from(rustix::io::Errno::PIPE).to_string();
    e.kind() == clap::error::ErrorKind::Io && e.to_string().contains(&epipe)
}

/// Prints a failure; `changes` says whether the command writes files (then the load error
/// says that nothing was changed; a read-only command changes nothing anyway).
fn report(e: &Error, changes: bool) -> ExitCode {
    let mut err = std::io::stderr().lock();
    match e {
        Error::OutputClosed => {}
        Error::Load(diags) => {
            for d in diags {
                let _ = writeln!(err, "error: {d}");
            }
            let tail = if changes { "; nothing was changed" } else { "" };
            let _ = writeln!(
                err,
                "error: the project does not load ({} problem(s)){tail}",
                diags.len()
            );
        }
        other => {
            let _ = writeln!(err, "error: {}", errors::message(other));
        }
    }
    if let Some(h) = e.hint() {
        let _ = writeln!(err, "hint: {}", errors::hint(h));
    }
    ExitCode::from(errors::exit_code(e))
}

fn run(cli: Cli) -> sidecarctl::Result<u8> {
    let format = cli.global.output;
    if format.validate_only() && !cli.command.is_validate() {
        return Err(Error::usage(format!(
            "`--output {}` is a report of `validate`; this command prints table, wide, json or yaml",
            format.name()
        ))
        .with_hint(format!("run `sidecarctl validate -o {}`", format.name())));
    }
    if format == Format::Name && !cli.command.lists_ids() {
        return Err(Error::usage(
            "`--output name` prints service IDs; this command prints table, wide, json or yaml",
        )
        .with_hint("run `sidecarctl services -o name`"));
    }
    commands::run(&Session::new(cli.global), cli.command)
}

use std::io::Write;

use clap::{Args, CommandFactory};
use sidecarctl::{Error, Result};

use crate::cli::Cli;

/// Print the completion script for a shell
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  sidecarctl completions bash > ~/.local/share/bash-completion/completions/sidecarctl\n  sidecarctl completions zsh > ~/.zfunc/_sidecarctl"
)]
pub(crate) struct CompletionsArgs {
    /// bash, zsh, fish, powershell or elvish
    shell: clap_complete::Shell,
}

pub(crate) fn run(a: &CompletionsArgs) -> Result<u8> {
    // Written by us, not by clap_complete, which panics when the reader has gone.
    let mut script = Vec::new();
    clap_complete::generate(a.shell, &mut Cli::command(), "sidecarctl", &mut script);
    std::io::stdout()
        .lock()
        .write_all(&script)
        .map_err(Error::output)?;
    Ok(0)
}

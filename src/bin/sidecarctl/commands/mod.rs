//! One module per command: its arguments (clap, whose doc comments are the help text) and the
//! function that runs it, calling the library's operation of the same name. A new command is a
//! module here, one variant of [`Command`] and one line of [`run`].

use clap::Subcommand;
use sidecarctl::Result;
use sidecarctl::ops::plan::Targets;
use sidecarctl::project::Project;

use crate::prompt;
use crate::session::Session;

mod clone;
mod completions;
mod containers;
mod create;
mod delete;
mod drift;
mod edit;
pub(crate) mod filters;
mod init;
mod list;
mod marketplace;
mod services;
mod show;
mod validate;

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    Init(init::InitArgs),
    List(list::ListArgs),
    Drift(drift::DriftArgs),
    Show(show::ShowArgs),
    Services(services::ServicesArgs),
    Containers(containers::ContainersArgs),
    Create(create::CreateArgs),
    Clone(clone::CloneArgs),
    Edit(edit::EditArgs),
    Delete(delete::DeleteArgs),
    #[command(subcommand)]
    Marketplace(marketplace::MarketplaceCommand),
    Validate(validate::ValidateArgs),
    Completions(completions::CompletionsArgs),
}

impl Command {
    /// Whether this is `validate`, the one command printing the CI report formats.
    pub(crate) fn is_validate(&self) -> bool {
        matches!(self, Self::Validate(_))
    }

    /// Whether the command lists service IDs, and so may print them one a line (`-o name`).
    pub(crate) fn lists_ids(&self) -> bool {
        matches!(self, Self::Services(_) | Self::List(_))
    }

    /// Whether the command writes files (unless `--dry-run`): its failures say that nothing
    /// was changed.
    pub(crate) fn changes_files(&self) -> bool {
        match self {
            Self::Init(_) | Self::Create(_) | Self::Clone(_) | Self::Edit(_) | Self::Delete(_) => {
                true
            }
            Self::Marketplace(c) => c.changes_files(),
            _ => false,
        }
    }
}

pub(crate) fn run(s: &Session, command: Command) -> Result<u8> {
    if command.changes_files() {
        crate::signals::changing();
    }
    match command {
        Command::Init(a) => init::run(s, a),
        Command::List(a) => list::run(s, a),
        Command::Show(a) => show::run(s, a),
        Command::Services(a) => services::run(s, a),
        Command::Containers(a) => containers::run(s, a),
        Command::Create(a) => create::run(s, a),
        Command::Clone(a) => clone::run(s, a),
        Command::Edit(a) => edit::run(s, a),
        Command::Delete(a) => delete::run(s, a),
        Command::Drift(a) => drift::run(s, a),
        Command::Marketplace(c) => marketplace::run(s, c),
        Command::Validate(_) => validate::run(s),
        Command::Completions(a) => completions::run(&a),
    }
}

/// `--skip-unreadable` leaves out the files of services no one named: it goes with `--all`,
/// written or implied by filters without `--service` (a filter cannot tell whether an
/// unreadable file holds a service it keeps, so those files are skipped the same way).
fn skip_needs_all(skip_unreadable: bool, all: bool) -> Result<()> {
    if skip_unreadable && !all {
        return Err(sidecarctl::Error::usage(
            "--skip-unreadable needs --all, or a filter without --service",
        )
        .with_hint(
            "a service named with --service is never skipped: fix its file, or leave it out",
        ));
    }
    Ok(())
}

/// `--all`, `--service …`, or (on a terminal) a choice among the services that have it: the
/// targets of `edit` and `delete`.
fn targets(
    s: &Session,
    project: &Project,
    sidecar: &str,
    all: bool,
    services: &[String],
) -> Result<Targets> {
    if all {
        return Ok(Targets::All);
    }
    if !services.is_empty() {
        return Ok(Targets::Services(services.to_vec()));
    }
    let users: Vec<String> = project
        .users_of(sidecar)
        .iter()
        .map(|s| s.id.clone())
        .collect();
    if users.is_empty() {
        return Err(sidecarctl::ops::plan::not_in_any_service(project, sidecar));
    }
    s.required("--service S1,S2 or --all", || {
        prompt::multi_select("Which services?", &users)
    })
    .map(Targets::Services)
}

//! The command line: clap definitions only. Doc comments are the help text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use clap_complete::engine::ArgValueCandidates;

use crate::complete;

#[derive(Debug, Parser)]
#[command(
    name = "sidecarctl",
    version,
    about = "Manage the sidecar containers of microservices kept as YAML in a configuration repository",
    after_help = "Examples:\n  sidecarctl list\n  sidecarctl show envoy --service orders\n  sidecarctl clone --from svc-a --to svc-b,svc-c\n  sidecarctl edit envoy --all --cpu-limit 300m --dry-run"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Flags that take a quantity: a person may well write `--cpu-limit -1`.
const QUANTITY_FLAGS: &[&str] = &[
    "--cpu",
    "--memory",
    "--cpu-request",
    "--cpu-limit",
    "--memory-request",
    "--memory-limit",
];

/// A quantity flag followed by a value that starts with `-` (`--cpu-limit -1`): the parser reads
/// that value as a flag and its own message points elsewhere. The error and hint to print
/// instead, when the command line has one.
pub fn misread_value() -> Option<String> {
    let args: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    misread_value_in(&args)
}

fn misread_value_in(args: &[String]) -> Option<String> {
    let end = args.iter().position(|a| a == "--").unwrap_or(args.len());
    args[..end].windows(2).find_map(|w| {
        let (flag, value) = (&w[0], &w[1]);
        let negative = value
            .strip_prefix('-')
            .is_some_and(|v| v.starts_with(|c: char| c.is_ascii_digit() || c == '.'));
        (QUANTITY_FLAGS.contains(&flag.as_str()) && negative).then(|| {
            format!(
                "error: `{value}` after {flag} is read as a flag, not as the value of {flag}\n\
                 hint: a value starting with `-` must be attached with `=`: {flag}={value}\n"
            )
        })
    })
}

#[cfg(test)]
mod tests {
    use super::misread_value_in;

    fn args(line: &str) -> Vec<String> {
        line.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn a_negative_value_after_a_quantity_flag_is_explained() {
        let msg = misread_value_in(&args("sidecarctl edit e --all --cpu-limit -1")).unwrap();
        assert!(msg.contains("--cpu-limit=-1"), "{msg}");
        assert!(misread_value_in(&args("sidecarctl create x --memory -1Gi")).is_some());
        assert!(misread_value_in(&args("sidecarctl edit e --cpu-limit=-1")).is_none());
        assert!(misread_value_in(&args("sidecarctl edit e --cpu-limit -q")).is_none());
        assert!(misread_value_in(&args("sidecarctl create x --arg -1")).is_none());
        assert!(misread_value_in(&args("sidecarctl create x -- --cpu -1")).is_none());
    }
}

#[derive(Debug, Args, Clone)]
#[command(next_help_heading = "Global Options")]
pub struct Global {
    /// Project folder (default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml)
    #[arg(short = 'C', long = "project", global = true, value_name = "DIR")]
    pub project: Option<PathBuf>,
    /// Output format
    #[arg(short, long, global = true, value_enum, default_value_t = Format::Table)]
    pub output: Format,
    /// Never prompt; a missing argument is an error
    #[arg(long, global = true)]
    pub no_input: bool,
    /// Answer yes to confirmations (required to delete without a terminal)
    #[arg(short, long, global = true)]
    pub yes: bool,
    /// Change nothing; print the unified diff of every file that would change
    #[arg(long, global = true)]
    pub dry_run: bool,
    /// When to use colour (NO_COLOR is honoured)
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
    /// Print only data and errors
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A table for people
    Table,
    /// A table with ConfigMaps, Secrets and the file
    Wide,
    /// JSON for scripts
    Json,
    /// YAML for scripts
    Yaml,
    /// GitHub Actions annotations (validate only)
    Github,
    /// SARIF 2.1.0 for code scanning (validate only)
    Sarif,
    /// Code Climate JSON for GitLab code quality (validate only)
    Codeclimate,
}

impl Format {
    /// The CI report formats, which only `validate` produces.
    pub fn validate_only(self) -> bool {
        matches!(self, Self::Github | Self::Sarif | Self::Codeclimate)
    }

    pub fn name(self) -> String {
        self.to_possible_value()
            .map_or_else(String::new, |v| v.get_name().to_string())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Init(InitArgs),
    List(ListArgs),
    Show(ShowArgs),
    Containers(ContainersArgs),
    Create(CreateArgs),
    Clone(CloneArgs),
    Edit(EditArgs),
    Delete(DeleteArgs),
    #[command(subcommand)]
    Marketplace(MarketplaceCommand),
    Validate(ValidateArgs),
    Completions(CompletionsArgs),
}

/// Create a new project (project file, services/, marketplace/)
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  sidecarctl init acme-shop --name acme-shop")]
pub struct InitArgs {
    /// Folder to create the project in (default: the current folder)
    pub dir: Option<PathBuf>,
    /// Project name (default: the folder's name)
    #[arg(long)]
    pub name: Option<String>,
    /// What the project holds: Mia service files, or Kubernetes manifests (then only the
    /// project file is written)
    #[arg(long, value_enum, default_value_t = ProjectFormat::Mia)]
    pub format: ProjectFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ProjectFormat {
    /// Service files under services/ (SPEC §1)
    #[default]
    Mia,
    /// Plain Kubernetes workload manifests
    Kubernetes,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PlacementArg {
    /// In `containers`
    Classic,
    /// In `initContainers` with `restartPolicy: Always` (Kubernetes 1.33+)
    Native,
}

/// List every sidecar and the services using it
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  sidecarctl list\n  sidecarctl list -o wide --sidecar envoy\n  sidecarctl list -o json | jq '.sidecars[].name'"
)]
pub struct ListArgs {
    /// Only these services (comma-separated; can be repeated)
    #[arg(long, value_delimiter = ',', value_name = "SERVICE", add = ArgValueCandidates::new(complete::services))]
    pub service: Vec<String>,
    /// Only this sidecar
    #[arg(long, value_name = "NAME")]
    #[arg(add = ArgValueCandidates::new(complete::sidecars))]
    pub sidecar: Option<String>,
}

/// Show the full configuration of one sidecar in one service
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  sidecarctl show envoy --service orders\n  sidecarctl show envoy --service orders --raw"
)]
pub struct ShowArgs {
    /// Sidecar name (asked for on a terminal when missing)
    #[arg(add = ArgValueCandidates::new(complete::sidecars))]
    pub sidecar: Option<String>,
    /// Service holding it (needed when several services have it)
    #[arg(long, value_name = "SERVICE", add = ArgValueCandidates::new(complete::services))]
    pub service: Option<String>,
    /// Print the entry's text exactly as it stands in the file
    #[arg(long)]
    pub raw: bool,
}

/// Show a service's main container and every sidecar
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  sidecarctl containers orders")]
pub struct ContainersArgs {
    /// Service name
    #[arg(add = ArgValueCandidates::new(complete::services))]
    pub service: Option<String>,
}

/// Add a new sidecar, from a docker image or a marketplace item, to one or more services
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  sidecarctl create envoy --image envoyproxy/envoy:v1.31.0 --to orders,payments --cpu 50m:200m --memory 64Mi:128Mi\n  sidecarctl create --from-marketplace fluent-bit --to orders"
)]
pub struct CreateArgs {
    /// Sidecar name (with --from-marketplace, defaults to the item's container name)
    pub name: Option<String>,
    /// Docker image
    #[arg(
        long,
        value_name = "IMG",
        conflicts_with = "from_marketplace",
        help_heading = "Source"
    )]
    pub image: Option<String>,
    /// Marketplace item id
    #[arg(long, value_name = "ITEM", help_heading = "Source", add = ArgValueCandidates::new(complete::items))]
    pub from_marketplace: Option<String>,
    /// Target services (comma-separated; can be repeated)
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "SERVICE", add = ArgValueCandidates::new(complete::services),
        help_heading = "Targets"
    )]
    pub to: Vec<String>,
    /// CPU request and limit
    #[arg(long, value_name = "REQ[:LIM]", help_heading = "Container")]
    pub cpu: Option<String>,
    /// Memory request and limit
    #[arg(long, value_name = "REQ[:LIM]", help_heading = "Container")]
    pub memory: Option<String>,
    /// Environment variable (can be repeated)
    #[arg(long, value_name = "K=V", help_heading = "Container")]
    pub env: Vec<String>,
    /// Mount a project ConfigMap (can be repeated)
    #[arg(long, value_name = "NAME:PATH", help_heading = "Container")]
    pub config_map: Vec<String>,
    /// Mount a project secret (can be repeated)
    #[arg(long, value_name = "NAME:PATH", help_heading = "Container")]
    pub secret: Vec<String>,
    /// Container port (can be repeated)
    #[arg(
        long,
        value_name = "NAME:FROM[:TO][/PROTO]",
        help_heading = "Container"
    )]
    pub port: Vec<String>,
    /// Container argument (can be repeated)
    #[arg(
        long,
        value_name = "A",
        allow_hyphen_values = true,
        help_heading = "Container"
    )]
    pub arg: Vec<String>,
    /// Kubernetes: add a native sidecar (an init container with `restartPolicy: Always`)
    #[arg(long, help_heading = "Container")]
    pub native: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum OnConflict {
    /// Change nothing at all
    #[default]
    Fail,
    /// Leave that target as it is and report it
    Skip,
    /// Overwrite the target's entry in place
    Replace,
}

/// Copy a service's sidecar entry into other services
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  sidecarctl clone --from svc-a --to svc-b,svc-c\n  sidecarctl clone envoy --from orders --to cart --on-conflict replace --dry-run"
)]
pub struct CloneArgs {
    /// Sidecar name (default: the source's only non-special sidecar)
    #[arg(add = ArgValueCandidates::new(complete::sidecars))]
    pub sidecar: Option<String>,
    /// Source service
    #[arg(long, value_name = "SERVICE", add = ArgValueCandidates::new(complete::services))]
    pub from: Option<String>,
    /// Target services (comma-separated; can be repeated)
    #[arg(long, value_delimiter = ',', value_name = "SERVICE", add = ArgValueCandidates::new(complete::services))]
    pub to: Vec<String>,
    /// What to do when a target already has a container of that name
    #[arg(long, value_enum, default_value_t = OnConflict::Fail)]
    pub on_conflict: OnConflict,
    /// Kubernetes: make the copy a native sidecar
    #[arg(long, conflicts_with = "classic")]
    pub native: bool,
    /// Kubernetes: make the copy a classic sidecar
    #[arg(long)]
    pub classic: bool,
}

/// Change a sidecar's resources (and image) in some or all services
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  sidecarctl edit envoy --service orders --cpu-limit 300m\n  sidecarctl edit envoy --all --memory-request 64Mi --memory-limit 256Mi --dry-run"
)]
pub struct EditArgs {
    /// Sidecar name
    #[arg(add = ArgValueCandidates::new(complete::sidecars))]
    pub sidecar: Option<String>,
    /// Services to change (comma-separated; can be repeated)
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "SERVICE", add = ArgValueCandidates::new(complete::services),
        conflicts_with = "all",
        help_heading = "Targets"
    )]
    pub service: Vec<String>,
    /// Every service that has the sidecar
    #[arg(long, help_heading = "Targets")]
    pub all: bool,
    /// CPU request (cpuLimits.min)
    #[arg(long, value_name = "Q", help_heading = "Values")]
    pub cpu_request: Option<String>,
    /// CPU limit (cpuLimits.max)
    #[arg(long, value_name = "Q", help_heading = "Values")]
    pub cpu_limit: Option<String>,
    /// Memory request (memoryLimits.min)
    #[arg(long, value_name = "Q", help_heading = "Values")]
    pub memory_request: Option<String>,
    /// Memory limit (memoryLimits.max)
    #[arg(long, value_name = "Q", help_heading = "Values")]
    pub memory_limit: Option<String>,
    /// Docker image
    #[arg(long, value_name = "IMG", help_heading = "Values")]
    pub image: Option<String>,
    /// Kubernetes: move the sidecar to `containers` (classic) or `initContainers` (native)
    #[arg(long, value_enum, help_heading = "Values")]
    pub placement: Option<PlacementArg>,
}

/// Remove a sidecar from some services, or from the whole project
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  sidecarctl delete envoy --service cart --yes\n  sidecarctl delete envoy --all --dry-run"
)]
pub struct DeleteArgs {
    /// Sidecar name
    #[arg(add = ArgValueCandidates::new(complete::sidecars))]
    pub sidecar: Option<String>,
    /// Services to remove it from (comma-separated; can be repeated)
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "SERVICE", add = ArgValueCandidates::new(complete::services),
        conflicts_with = "all"
    )]
    pub service: Vec<String>,
    /// Every service: removes the sidecar from the project
    #[arg(long)]
    pub all: bool,
}

/// Check the whole project; exit 1 when any error is found
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  sidecarctl validate\n  sidecarctl validate -o json | jq '.diagnostics[]'\n  sidecarctl validate -o github\n  sidecarctl validate -o sarif > sidecarctl.sarif\n  sidecarctl validate -o codeclimate > gl-code-quality-report.json"
)]
pub struct ValidateArgs {}

/// Print the completion script for a shell
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  sidecarctl completions bash > ~/.local/share/bash-completion/completions/sidecarctl\n  sidecarctl completions zsh > ~/.zfunc/_sidecarctl"
)]
pub struct CompletionsArgs {
    /// bash, zsh, fish, powershell or elvish
    pub shell: clap_complete::Shell,
}

/// The sidecar items of the project's marketplace folder
#[derive(Debug, Subcommand)]
pub enum MarketplaceCommand {
    /// List the marketplace items
    #[command(
        after_help = "Examples:\n  sidecarctl marketplace list\n  sidecarctl marketplace list -o json"
    )]
    List,
    /// Show one marketplace item
    #[command(after_help = "Examples:\n  sidecarctl marketplace show fluent-bit")]
    Show {
        /// Item id
        #[arg(add = ArgValueCandidates::new(complete::items))]
        item: String,
    },
    /// Write a marketplace item built from a service's sidecar
    #[command(
        after_help = "Examples:\n  sidecarctl marketplace publish envoy --service orders --item-id envoy-proxy --tenant-id acme"
    )]
    Publish(PublishArgs),
}

#[derive(Debug, Args)]
pub struct PublishArgs {
    /// Sidecar name
    #[arg(add = ArgValueCandidates::new(complete::sidecars))]
    pub sidecar: String,
    /// Service whose sidecar is published
    #[arg(long, value_name = "SERVICE", add = ArgValueCandidates::new(complete::services))]
    pub service: Option<String>,
    /// Item id (default: the sidecar name)
    #[arg(long, value_name = "ID")]
    pub item_id: Option<String>,
    /// Tenant id (default: the sidecar's marketplace tenant, else the project name)
    #[arg(long, value_name = "T")]
    pub tenant_id: Option<String>,
}

//! The command line and the options every command shares; each command's own arguments are
//! in its module of `commands/`. Doc comments are the help text.

use std::path::PathBuf;

use clap::{Args, Parser, ValueEnum};

use crate::commands::Command;

#[derive(Debug, Parser)]
#[command(
    name = "sidecarctl",
    version,
    about = "Manage the sidecar containers of microservices kept as YAML in a configuration repository",
    long_about = "Manage the sidecar containers of microservices kept in a configuration repository: Mia \
                  service files (services/*.yaml), plain Kubernetes manifests, or a Mia-Platform \
                  Console project configuration (one JSON file).",
    after_help = "Examples:\n  sidecarctl list\n  sidecarctl show envoy --service orders\n  sidecarctl clone --from svc-a --to svc-b,svc-c\n  sidecarctl edit envoy --all --cpu-limit 300m --dry-run\n  sidecarctl -C deploy/cart.yaml list\n\nA Console project, round trip with miactl:\n  miactl project describe --project-id P --revision main -o json > project.json\n  sidecarctl -C project.json edit envoy --all --cpu-limit 300m\n  miactl project apply --project-id P --revision main -f project.json"
)]
pub(crate) struct Cli {
    #[command(flatten)]
    pub(crate) global: Global,
    #[command(subcommand)]
    pub(crate) command: Command,
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
pub(crate) fn misread_value() -> Option<String> {
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
pub(crate) struct Global {
    /// Project folder, or one file: a Kubernetes manifest, or a Console project configuration
    /// (`miactl project describe … -o json` output, or api-console-config.json). Default:
    /// $SIDECARCTL_PROJECT, else the nearest folder above the current one holding
    /// sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it
    /// holds manifests or api-console-config.json
    #[arg(short = 'C', long = "project", global = true, value_name = "PATH")]
    pub(crate) project: Option<PathBuf>,
    /// Output format
    #[arg(short, long, global = true, value_enum, default_value_t = Format::Table)]
    pub(crate) output: Format,
    /// Never prompt; a missing argument is an error
    #[arg(long, global = true)]
    pub(crate) no_input: bool,
    /// Answer yes to confirmations (required to delete without a terminal)
    #[arg(short, long, global = true)]
    pub(crate) yes: bool,
    /// Change nothing; print the unified diff of every file that would change
    #[arg(long, global = true)]
    pub(crate) dry_run: bool,
    /// When to use colour (NO_COLOR is honoured)
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub(crate) color: ColorChoice,
    /// Print only data and errors
    #[arg(short, long, global = true)]
    pub(crate) quiet: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// A table for people
    Table,
    /// A table with ConfigMaps, Secrets and the file
    Wide,
    /// JSON for scripts
    Json,
    /// YAML for scripts
    Yaml,
    /// One service ID a line, for `--targets-from -` (services, list --without)
    Name,
    /// GitHub Actions annotations (validate only)
    Github,
    /// SARIF 2.1.0 for code scanning (validate only)
    Sarif,
    /// Code Climate JSON for GitLab code quality (validate only)
    Codeclimate,
    /// JUnit XML for GitLab, Jenkins and Azure DevOps test reports (validate only)
    Junit,
}

impl Format {
    /// The CI report formats, which only `validate` produces.
    pub(crate) fn validate_only(self) -> bool {
        matches!(
            self,
            Self::Github | Self::Sarif | Self::Codeclimate | Self::Junit
        )
    }

    pub(crate) fn name(self) -> String {
        self.to_possible_value()
            .map_or_else(String::new, |v| v.get_name().to_string())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    Auto,
    Always,
    Never,
}

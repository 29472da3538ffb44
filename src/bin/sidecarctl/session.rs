//! What every command shares: the global options, the project, the output streams.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use sidecarctl::ops::{self, list::ListOptions, show::ShowTarget};
use sidecarctl::project::{self, Documents, LoadOptions, Project};
use sidecarctl::{Error, Result};

use crate::cli::{ContainersArgs, Format, Global, InitArgs, ListArgs, ShowArgs};
use crate::{prompt, render};

pub struct Session {
    pub g: Global,
}

fn sorted(
    mut diags: Vec<sidecarctl::diagnostic::Diagnostic>,
) -> Vec<sidecarctl::diagnostic::Diagnostic> {
    sidecarctl::diagnostic::sort(&mut diags);
    diags
}

pub fn io(e: std::io::Error) -> Error {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        // The reader has gone (`sidecarctl list | head`): stop quietly, as other command-line
        // tools do, instead of reporting a failure nobody asked about.
        std::process::exit(0);
    }
    Error::failed(format!("cannot write output: {e}"))
}

impl Session {
    pub fn new(g: Global) -> Self {
        Self { g }
    }

    /// Whether we may ask: a terminal on stdin and stderr, no `--no-input`, no `CI`.
    pub fn interactive(&self) -> bool {
        !self.g.no_input
            && std::env::var_os("CI").is_none()
            && std::io::stdin().is_terminal()
            && std::io::stderr().is_terminal()
    }

    /// `-C DIR`, else a non-empty `$SIDECARCTL_PROJECT`.
    pub fn project_dir(&self) -> Option<PathBuf> {
        self.g.project.clone().or_else(|| {
            std::env::var_os("SIDECARCTL_PROJECT")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        })
    }

    pub fn root(&self) -> Result<PathBuf> {
        let start = match &self.project_dir() {
            // A mistyped folder must not silently select the project above the current one.
            // `-C FILE`: the file is the project (SPEC §6.1).
            Some(p) if p.is_file() => return Ok(p.clone()),
            Some(p) if !p.is_dir() => {
                return Err(Error::failed(format!(
                    "project folder {} does not exist or is not a folder",
                    p.display()
                ))
                .with_hint("pass an existing folder with `-C DIR` or $SIDECARCTL_PROJECT"));
            }
            Some(p) => p.clone(),
            None => std::env::current_dir()
                .map_err(|e| Error::failed(format!("cannot read the current folder: {e}")))?,
        };
        project::discover(&start)
    }

    /// Loads the typed model only: enough for every read-only view but `show`.
    pub fn load(&self) -> Result<Project> {
        self.load_with(&LoadOptions::default())
    }

    pub fn load_with(&self, opts: &LoadOptions) -> Result<Project> {
        let project = Project::load_with(&self.root()?, opts)?;
        self.warn_skipped(&project.notes);
        Ok(project)
    }

    /// One `warning:` line per file the project skipped (a template, a broken manifest).
    pub fn warn_skipped(&self, notes: &[sidecarctl::diagnostic::Diagnostic]) {
        for d in notes {
            if sidecarctl::format::kubernetes::project::warned(d) {
                let _ = writeln!(std::io::stderr(), "warning: {d}");
            }
        }
    }

    /// A required argument: as given, else chosen on a terminal from `choices`, else exit 2
    /// naming it.
    pub fn pick(
        &self,
        given: Option<String>,
        what: &str,
        example: &str,
        choices: impl FnOnce() -> Result<Vec<String>>,
    ) -> Result<String> {
        match given {
            Some(v) => Ok(v),
            None if self.interactive() => prompt::select(&format!("Which {what}?"), &choices()?),
            None => Err(Error::usage(format!("missing {}", what.to_uppercase()))
                .with_hint(format!("for example: {example}"))),
        }
    }

    /// Sidecar names of the project, for a choice; `changeable` leaves out special ones.
    pub fn sidecar_choices(&self, changeable: bool) -> Result<Vec<String>> {
        let project = self.load()?;
        Ok(project
            .sidecar_names()
            .into_iter()
            .filter(|n| !changeable || project.special(n).is_none())
            .map(str::to_string)
            .collect())
    }

    pub fn service_choices(&self) -> Result<Vec<String>> {
        Ok(self
            .load()?
            .service_ids()
            .into_iter()
            .map(str::to_string)
            .collect())
    }

    pub fn status(&self, msg: &str) {
        if !self.g.quiet {
            let _ = writeln!(std::io::stderr(), "{msg}");
        }
    }

    pub fn init(&self, a: InitArgs) -> Result<u8> {
        let dir = a
            .dir
            .or_else(|| self.project_dir())
            .unwrap_or_else(|| PathBuf::from("."));
        if !dir.join(project::PROJECT_FILE).exists() {
            sidecarctl::change::refuse_read_only_folder(&dir)?;
        }
        let kubernetes = a.format == crate::cli::ProjectFormat::Kubernetes;
        let created = ops::init::init_as(&dir, a.name.as_deref(), kubernetes)?;
        for p in created {
            self.status(&format!("Created {}", p.display()));
        }
        Ok(0)
    }

    pub fn list(&self, a: ListArgs) -> Result<u8> {
        // Each service is summarized as it is read; the whole model is never held.
        let scan = Project::scan(&self.root()?, &LoadOptions::default(), |_, svc| {
            ops::list::uses(&svc)
        })?;
        if !scan.errors.is_empty() {
            return Err(Error::Load(sorted(scan.errors)));
        }
        self.warn_skipped(&scan.project.notes);
        let opts = ListOptions {
            services: a.service,
            sidecar: a.sidecar,
        };
        let data = ops::list::summarize(&scan.project, scan.items, &opts)?;
        let mut out = std::io::stdout().lock();
        if !render::structured(&mut out, self.g.output, &data).map_err(io)? {
            render::list(&mut out, &data, self.g.output == Format::Wide).map_err(io)?;
        }
        Ok(0)
    }

    pub fn containers(&self, a: ContainersArgs) -> Result<u8> {
        let service = self.pick(a.service, "service", "sidecarctl containers orders", || {
            self.service_choices()
        })?;
        let project = self.load()?;
        let data = ops::containers::containers(&project, &service)?;
        let mut out = std::io::stdout().lock();
        if !render::structured(&mut out, self.g.output, &data).map_err(io)? {
            render::containers(&mut out, &data, self.g.output == Format::Wide).map_err(io)?;
        }
        Ok(0)
    }

    pub fn show(&self, mut a: ShowArgs) -> Result<u8> {
        let sidecar = self.pick(
            a.sidecar.take(),
            "sidecar",
            "sidecarctl show envoy --service orders",
            || self.sidecar_choices(false),
        )?;
        // With a service named, only that file is read; otherwise only files that mention the
        // sidecar keep their text.
        let opts = match &a.service {
            Some(svc) => LoadOptions {
                only: Some(vec![svc.clone()]),
                documents: Documents::All,
            },
            None => LoadOptions {
                only: None,
                documents: Documents::Mentioning(sidecar.clone()),
            },
        };
        let project = self.load_with(&opts)?;
        let view = match ops::show::show(&project, &sidecar, a.service.as_deref())? {
            ShowTarget::Found(v) => v,
            ShowTarget::Ambiguous(services) => {
                if !self.interactive() {
                    return Err(Error::usage(format!(
                        "sidecar `{}` is in several services: {}",
                        sidecar,
                        services.join(", ")
                    ))
                    .with_hint(format!("pass `--service {}`", services[0])));
                }
                let pick = prompt::select(&format!("Which service's `{}`?", sidecar), &services)?;
                match ops::show::show(&project, &sidecar, Some(&pick))? {
                    ShowTarget::Found(v) => v,
                    ShowTarget::Ambiguous(_) => unreachable!("a named service is never ambiguous"),
                }
            }
        };
        let mut out = std::io::stdout().lock();
        if a.raw {
            write!(out, "{}", view.raw).map_err(io)?;
        } else if !render::structured(&mut out, self.g.output, &view).map_err(io)? {
            let special = view
                .managed_by
                .as_ref()
                .map_or(String::new(), |m| format!(" (special: managed by {m})"));
            writeln!(
                out,
                "Sidecar {} in service {} ({}){special}",
                view.sidecar, view.service, view.file
            )
            .map_err(io)?;
            let mut body = sidecarctl::yaml::emit::to_string(&view.container);
            body = body.lines().map(|l| format!("  {l}\n")).collect();
            write!(out, "{body}").map_err(io)?;
        }
        Ok(0)
    }

    pub fn validate(&self) -> Result<u8> {
        // Files that load are checked as they are read; files that do not are reported too.
        let root = self.root()?;
        let diags = match Project::scan(&root, &LoadOptions::default(), |p, svc| {
            ops::validate::validate_service(p, &svc)
        }) {
            Ok(scan) => {
                let mut all = scan.errors;
                all.extend(ops::validate::validate_project(&scan.project));
                all.extend(scan.items.into_iter().flatten());
                sorted(all)
            }
            Err(Error::Load(diags)) => diags,
            Err(e) => return Err(e),
        };
        let report = sidecarctl::view::ValidateReport::of(&diags);
        let mut out = std::io::stdout().lock();
        let prefix = if self.g.output.validate_only() {
            sidecarctl::report::repository_prefix(&root)
        } else {
            String::new()
        };
        if render::ci_report(&mut out, self.g.output, &diags, &prefix).map_err(io)? {
            if self.g.output == Format::Github {
                // A plain line for the job's log; GitHub shows the annotations on the files.
                writeln!(out, "{}", summary(&report)).map_err(io)?;
            }
        } else if !render::structured(&mut out, self.g.output, &report).map_err(io)? {
            for d in &diags {
                let sev = if d.is_error() { "error" } else { "warning" };
                writeln!(out, "{sev}: {d}").map_err(io)?;
            }
            writeln!(out, "{}", summary(&report)).map_err(io)?;
        }
        Ok(if report.valid { 0 } else { 1 })
    }
}

/// `validate`'s last line for people.
fn summary(report: &sidecarctl::view::ValidateReport) -> String {
    if report.valid {
        format!("The project is valid ({} warning(s)).", report.warnings)
    } else {
        format!(
            "The project is invalid: {} error(s), {} warning(s).",
            report.errors, report.warnings
        )
    }
}

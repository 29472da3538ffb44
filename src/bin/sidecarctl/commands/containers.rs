use clap::Args;
use clap_complete::engine::ArgValueCandidates;
use sidecarctl::ops;
use sidecarctl::{Error, Result};

use crate::cli::Format;
use crate::session::Session;
use crate::{complete, render};

/// Show a service's main container and every sidecar
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  sidecarctl containers orders")]
pub(crate) struct ContainersArgs {
    /// Service name
    #[arg(add = ArgValueCandidates::new(complete::services))]
    service: Option<String>,
}

pub(crate) fn run(s: &Session, a: ContainersArgs) -> Result<u8> {
    let service = s.pick(a.service, "service", "sidecarctl containers orders", || {
        s.service_choices()
    })?;
    let project = s.load()?;
    let data = ops::containers::containers(&project, &service)?;
    let mut out = std::io::stdout().lock();
    if !render::structured(&mut out, s.g.output, &data).map_err(Error::output)? {
        render::containers(&mut out, &data, s.g.output == Format::Wide).map_err(Error::output)?;
    }
    Ok(0)
}

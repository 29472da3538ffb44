//! The filters that choose services (SPEC §7.1), flattened into every command that takes
//! services: the library's `select::Filters`, and the list of `--targets-from` read here.

use std::io::Read;

use clap::Args;
use clap_complete::engine::ArgValueCandidates;
use sidecarctl::error::Input;
use sidecarctl::select::{Filters, TargetList};
use sidecarctl::{Error, Result};

#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Targets")]
pub(crate) struct FilterArgs {
    /// Only workloads in a namespace matching this glob (repeatable: any; Kubernetes only)
    #[arg(long = "namespace", value_name = "NS")]
    namespace: Vec<String>,
    /// Only services whose labels match this selector (kubectl syntax: `a=b,c!=d,e,!f,g in (x,y)`)
    #[arg(short = 'l', long, value_name = "SEL", allow_hyphen_values = true)]
    selector: Option<String>,
    /// Only workloads of this kind, e.g. Deployment (repeatable: any; Kubernetes only)
    #[arg(long = "kind", value_name = "KIND")]
    kind: Vec<String>,
    /// Only services whose ID (a service's name) matches this glob (repeatable: any)
    #[arg(long = "match", value_name = "GLOB")]
    matches: Vec<String>,
    /// Only services that have a container of this name (repeatable: all)
    #[arg(long, value_name = "SIDECAR", add = ArgValueCandidates::new(crate::complete::sidecars))]
    with: Vec<String>,
    /// Only services that lack a container of this name (repeatable: all)
    #[arg(long, value_name = "SIDECAR", add = ArgValueCandidates::new(crate::complete::sidecars))]
    without: Vec<String>,
    /// Only the services named in FILE, one a line (`-`: stdin; `#` comments and blank lines
    /// are ignored), e.g. the output of `sidecarctl services -o name`
    #[arg(long, value_name = "FILE")]
    targets_from: Option<String>,
}

impl FilterArgs {
    /// The filters given, the list of targets read.
    pub(crate) fn filters(&self) -> Result<Filters> {
        let targets_from = self.targets_from.as_deref().map(read_list).transpose()?;
        Ok(Filters {
            namespaces: self.namespace.clone(),
            selector: self.selector.clone(),
            kinds: self.kind.clone(),
            matches: self.matches.clone(),
            with: self.with.clone(),
            without: self.without.clone(),
            if_image: None,
            targets_from,
        })
    }
}

/// The list in `path` (`-`: stdin); a file that cannot be read is a usage error.
fn read_list(path: &str) -> Result<TargetList> {
    let mut text = String::new();
    let read = match path {
        "-" => std::io::stdin().lock().read_to_string(&mut text),
        _ => std::fs::File::open(path).and_then(|mut f| f.read_to_string(&mut text)),
    };
    let source = match path {
        "-" => "stdin".to_string(),
        _ => path.to_string(),
    };
    read.map_err(|e| Error::invalid(Input::TargetsFrom, format!("cannot read {source}: {e}")))?;
    Ok(TargetList {
        source,
        names: names(&text),
    })
}

/// The names of a list: one a line, trimmed; a `#` at the start of a line or after a blank
/// starts a comment (`FILE#ID` has none before its `#`).
fn names(text: &str) -> Vec<String> {
    text.lines()
        .map(|line| {
            let line = line.trim_start();
            let b = line.as_bytes();
            let comment = memchr::memchr_iter(b'#', b)
                .find(|&i| i == 0 || b[i - 1].is_ascii_whitespace())
                .unwrap_or(b.len());
            line[..comment].trim_end()
        })
        .filter(|name| !name.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn comments_and_blank_lines_are_ignored() {
        let text = "# from services -o name\r\n\napps/a.yaml#shop/deployment/cart\n  orders  # the new one\n\t\nusers\t#tab\n  # indented\n";
        assert_eq!(
            super::names(text),
            ["apps/a.yaml#shop/deployment/cart", "orders", "users"]
        );
    }
}

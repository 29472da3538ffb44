//! The Console's rules (SPEC §6.3) for one service. Its services have a Mia service's shape
//! and follow its rules (`mia/validate.rs`), but a service is named by its key in `services`,
//! and a quantity is held to the forms the Console saves: CPU only in millicores, memory only
//! in mebibytes (see [`quantity::console_accepts`]).

use super::Console;
use crate::diagnostic::{Code, Diagnostic};
use crate::format::checks::Declared;
use crate::format::mia;
use crate::model::{Located, Workload};
use crate::quantity::{self, Resource};

/// The diagnostics of one service, given what the project file declares.
pub(super) fn validate(format: &Console, w: &Workload, declared: &Declared<'_>) -> Vec<Diagnostic> {
    mia::validate::service(format, w, declared, |name, key| {
        format!("`name: {name}` does not match the service's key `{key}` in `services`")
    })
}

/// The Console's forms of a quantity (a [`crate::format::checks::Forms`]): one it refuses is
/// an error; an empty string is its "not set".
pub(super) fn forms(
    file: &str,
    kind: &str,
    v: &Located<String>,
    r: Resource,
) -> Result<bool, Diagnostic> {
    if !quantity::console_accepts(&v.value, r) {
        let msg = format!("{kind}: {}", quantity::console_error(&v.value, r));
        return Err(Diagnostic::error(Code::ConsoleQuantity, file, v.at(), msg));
    }
    Ok(!v.value.is_empty())
}

#[cfg(test)]
mod tests {
    use super::forms;
    use crate::diagnostic::Code;
    use crate::model::Located;
    use crate::quantity::Resource;

    fn form(v: &str, r: Resource) -> Result<bool, Code> {
        forms("p.json", "cpu", &Located::new(v.to_string(), 3, 4), r).map_err(|d| d.code)
    }

    #[test]
    fn the_console_takes_millicores_and_mebibytes_and_empty_is_not_set() {
        assert_eq!(form("100m", Resource::Cpu), Ok(true));
        assert_eq!(form("{{CPU_LIMIT}}m", Resource::Cpu), Ok(true));
        assert_eq!(form("128Mi", Resource::Memory), Ok(true));
        assert_eq!(form("", Resource::Cpu), Ok(false));
        assert_eq!(form("0.5", Resource::Cpu), Err(Code::ConsoleQuantity));
        assert_eq!(form("1Gi", Resource::Memory), Err(Code::ConsoleQuantity));
    }
}

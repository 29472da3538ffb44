//! Asking a person for what is missing. Only ever used when [`Session::interactive`] is true;
//! otherwise a missing value is a usage error naming the flag.

use dialoguer::{Confirm, FuzzySelect, Input, MultiSelect, Select};
use sidecarctl::{Error, Result};

fn failed(e: dialoguer::Error) -> Error {
    let dialoguer::Error::IO(io) = &e;
    if io.kind() == std::io::ErrorKind::Interrupted {
        return crate::signals::at_a_prompt();
    }
    Error::failed(format!("cannot prompt: {e}"))
}

/// One of `items`; with many, the person types to filter them.
pub(crate) fn select(prompt: &str, items: &[String]) -> Result<String> {
    if items.is_empty() {
        return Err(Error::failed("nothing to choose from"));
    }
    if items.len() > 10 {
        let i = FuzzySelect::new()
            .with_prompt(prompt)
            .items(items)
            .default(0)
            .interact()
            .map_err(failed)?;
        return Ok(items[i].clone());
    }
    let i = Select::new()
        .with_prompt(prompt)
        .items(items)
        .default(0)
        .interact()
        .map_err(failed)?;
    Ok(items[i].clone())
}

/// At least one of `items`: every caller needs one, so choosing none asks again rather than
/// failing after the next question.
pub(crate) fn multi_select(prompt: &str, items: &[String]) -> Result<Vec<String>> {
    if items.is_empty() {
        return Err(Error::failed("nothing to choose from"));
    }
    loop {
        let picked = MultiSelect::new()
            .with_prompt(prompt)
            .items(items)
            .interact()
            .map_err(failed)?;
        if !picked.is_empty() {
            return Ok(picked.into_iter().map(|i| items[i].clone()).collect());
        }
        eprintln!("Choose at least one: space selects, enter confirms (Ctrl-C stops).");
    }
}

pub(crate) fn confirm(prompt: &str) -> Result<bool> {
    Confirm::new()
        .with_prompt(prompt)
        .default(false)
        .interact()
        .map_err(failed)
}

pub(crate) fn input(prompt: &str) -> Result<String> {
    Input::new()
        .with_prompt(prompt)
        .interact_text()
        .map_err(failed)
}

/// Text that `check` accepts; a refused answer shows why and asks again.
pub(crate) fn input_checked(
    prompt: &str,
    check: impl Fn(&str) -> std::result::Result<(), String>,
) -> Result<String> {
    Input::new()
        .with_prompt(prompt)
        .validate_with(|v: &String| check(v))
        .interact_text()
        .map_err(failed)
}

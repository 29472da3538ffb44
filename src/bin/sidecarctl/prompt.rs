//! Asking a person for what is missing. Only ever used when [`Session::interactive`] is true;
//! otherwise a missing value is a usage error naming the flag.

use dialoguer::{Confirm, FuzzySelect, Input, MultiSelect, Select};
use sidecarctl::{Error, Result};

fn failed(e: dialoguer::Error) -> Error {
    Error::failed(format!("cannot prompt: {e}"))
}

/// One of `items`; with many, the person types to filter them.
pub fn select(prompt: &str, items: &[String]) -> Result<String> {
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

pub fn multi_select(prompt: &str, items: &[String]) -> Result<Vec<String>> {
    let picked = MultiSelect::new()
        .with_prompt(prompt)
        .items(items)
        .interact()
        .map_err(failed)?;
    Ok(picked.into_iter().map(|i| items[i].clone()).collect())
}

pub fn confirm(prompt: &str) -> Result<bool> {
    Confirm::new()
        .with_prompt(prompt)
        .default(false)
        .interact()
        .map_err(failed)
}

pub fn input(prompt: &str) -> Result<String> {
    Input::new()
        .with_prompt(prompt)
        .interact_text()
        .map_err(failed)
}

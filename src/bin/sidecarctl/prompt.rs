//! Asking a person for what is missing. Only ever used when [`Session::interactive`] is true;
//! otherwise a missing value is a usage error naming the flag.

use dialoguer::{Confirm, FuzzySelect, Input, MultiSelect, Select};
use sidecarctl::{Error, Result};

use crate::signals::{from_a_list, on_the_line};

fn failed(e: dialoguer::Error) -> Error {
    let dialoguer::Error::IO(io) = &e;
    if io.kind() == std::io::ErrorKind::Interrupted {
        return crate::signals::at_a_prompt();
    }
    Error::failed(format!("cannot prompt: {e}"))
}

/// Lists longer than this are filtered by typing.
const LONG: usize = 10;

/// One of `items`; with many, the person types to filter them.
pub(crate) fn select(prompt: &str, items: &[String]) -> Result<String> {
    if items.is_empty() {
        return Err(Error::failed("nothing to choose from"));
    }
    if items.len() > LONG {
        let i = from_a_list(|| {
            FuzzySelect::new()
                .with_prompt(prompt)
                .items(items)
                .default(0)
                .interact()
        })
        .map_err(failed)?;
        return Ok(items[i].clone());
    }
    let i = from_a_list(|| {
        Select::new()
            .with_prompt(prompt)
            .items(items)
            .default(0)
            .interact()
    })
    .map_err(failed)?;
    Ok(items[i].clone())
}

/// At least one of `items`: every caller needs one, so choosing none asks again rather than
/// failing after the next question.
pub(crate) fn multi_select(prompt: &str, items: &[String]) -> Result<Vec<String>> {
    if items.is_empty() {
        return Err(Error::failed("nothing to choose from"));
    }
    if items.len() > LONG {
        return filtered_multi_select(prompt, items);
    }
    loop {
        let picked = from_a_list(|| {
            MultiSelect::new()
                .with_prompt(prompt)
                .items(items)
                .interact()
        })
        .map_err(failed)?;
        if !picked.is_empty() {
            return Ok(picked.into_iter().map(|i| items[i].clone()).collect());
        }
        eprintln!("Choose at least one: space selects, enter confirms (Ctrl-C stops).");
    }
}

/// At least one of many `items`, one at a time, each found by typing part of its name (a list
/// of hundreds of services cannot be scrolled through). Once one is chosen, the first entry
/// ends the choice.
fn filtered_multi_select(prompt: &str, items: &[String]) -> Result<Vec<String>> {
    let mut chosen: Vec<String> = Vec::new();
    loop {
        let left: Vec<&String> = items.iter().filter(|i| !chosen.contains(i)).collect();
        if left.is_empty() {
            return Ok(chosen);
        }
        let done = format!("(done: {})", listed(&chosen));
        let mut shown: Vec<&str> = Vec::with_capacity(left.len() + 1);
        if !chosen.is_empty() {
            shown.push(&done);
        }
        shown.extend(left.iter().map(|s| s.as_str()));
        let question = if chosen.is_empty() {
            format!("{prompt} (type to filter; Enter takes one, then more)")
        } else {
            format!("{prompt} (one more, or `(done: …)` to finish)")
        };
        let i = from_a_list(|| {
            FuzzySelect::new()
                .with_prompt(&question)
                .items(&shown)
                .default(0)
                .interact()
        })
        .map_err(failed)?;
        if !chosen.is_empty() && i == 0 {
            return Ok(chosen);
        }
        chosen.push(shown[i].to_string());
    }
}

/// `a, b, c` or `a, b, c and 7 more`.
fn listed(names: &[String]) -> String {
    let mut out = names[..names.len().min(3)].join(", ");
    if names.len() > 3 {
        out.push_str(&format!(" and {} more", names.len() - 3));
    }
    out
}

pub(crate) fn confirm(prompt: &str) -> Result<bool> {
    on_the_line(|| Confirm::new().with_prompt(prompt).default(false).interact()).map_err(failed)
}

/// Text that `check` accepts; a refused answer shows why and asks again.
pub(crate) fn input_checked(
    prompt: &str,
    check: impl Fn(&str) -> std::result::Result<(), String>,
) -> Result<String> {
    on_the_line(|| {
        Input::new()
            .with_prompt(prompt)
            .validate_with(|v: &String| check(v))
            .interact_text()
    })
    .map_err(failed)
}

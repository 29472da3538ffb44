//! A SARIF 2.1.0 log, the format GitHub code scanning (`github/codeql-action/upload-sarif`) and
//! other result viewers take: one run of the tool `sidecarctl`, a rule per code found, a result
//! per diagnostic.

use std::borrow::Borrow;

use serde_json::{Value, json};

use crate::diagnostic::{Code, Diagnostic};

/// The schema of SARIF 2.1.0 with its approved errata, as OASIS publishes it.
pub const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The log for `diags`. `prefix` is the project's folder in the repository (see
/// [`super::repository_prefix`]): locations are relative to the repository root, which is what
/// code scanning resolves them against (`%SRCROOT%`).
pub fn log(diags: &[impl Borrow<Diagnostic>], prefix: &str) -> Value {
    // Rules in order of first use; results refer to them by index too.
    let mut used: Vec<Code> = Vec::new();
    for d in diags.iter().map(Borrow::borrow) {
        if !used.contains(&d.code) {
            used.push(d.code);
        }
    }
    let rules: Vec<Value> = used.iter().map(|&code| rule(code)).collect();
    let results: Vec<Value> = diags
        .iter()
        .map(|d| {
            let d: &Diagnostic = d.borrow();
            let index = used.iter().position(|c| *c == d.code).unwrap_or(0);
            let mut location = json!({
                "artifactLocation": {
                    "uri": uri(&super::repository_path(prefix, d)),
                    "uriBaseId": "%SRCROOT%",
                },
            });
            if let Some(line) = d.line {
                let mut region = json!({ "startLine": line });
                if let Some(col) = d.column {
                    region["startColumn"] = json!(col);
                }
                location["region"] = region;
            }
            json!({
                "ruleId": d.code,
                "ruleIndex": index,
                "level": if d.is_error() { "error" } else { "warning" },
                "message": { "text": d.message },
                "locations": [{ "physicalLocation": location }],
            })
        })
        .collect();
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "sidecarctl",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                },
            },
            // Columns count characters, as the YAML parser's do.
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

fn rule(code: Code) -> Value {
    json!({
        "id": code,
        "shortDescription": { "text": code.summary() },
        "help": { "text": code.help() },
    })
}

/// A relative path as a URI reference: every byte but unreserved characters and `/` is
/// percent-encoded (a space, `%`, `#`, `?`, and a `:` that would read as a scheme).
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{log, uri};
    use crate::report::tests::sample;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(
            uri("deploy/acme/services/orders.yaml"),
            "deploy/acme/services/orders.yaml"
        );
        assert_eq!(uri("a b/c:d#e%f.yaml"), "a%20b/c%3Ad%23e%25f.yaml");
        assert_eq!(uri("services/café.yaml"), "services/caf%C3%A9.yaml");
    }

    #[test]
    fn a_rule_per_code_used_and_a_result_per_diagnostic() {
        let mut diags = sample();
        diags.push(diags[0].clone());
        let v = log(&diags, "deploy/");
        let run = &v["runs"][0];
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        assert_eq!(rules.len(), 2);
        assert_eq!(rules[1]["id"], "image.unpinned");
        assert_eq!(
            rules[1]["shortDescription"]["text"],
            "An image has no tag or uses `:latest`"
        );
        let results = run["results"].as_array().unwrap();
        assert_eq!(results.len(), 3);
        assert_eq!(results[2]["ruleIndex"], 0);
        assert_eq!(results[1]["level"], "warning");
        // No line: no region.
        assert_eq!(
            results[1]["locations"][0]["physicalLocation"],
            serde_json::json!({"artifactLocation": {"uri": "deploy/services/a%2Cb%3Ac.yaml", "uriBaseId": "%SRCROOT%"}})
        );
    }
}

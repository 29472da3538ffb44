//! The Code Climate issue list in the subset GitLab reads as a code-quality report
//! (`artifacts:reports:codequality`): a JSON array of issues.

use std::borrow::Borrow;

use serde_json::{Value, json};

use crate::diagnostic::Diagnostic;

/// One issue per diagnostic. `prefix` is the project's folder in the repository (see
/// [`super::repository_prefix`]). GitLab needs a line, so a diagnostic without one points at
/// line 1.
pub fn issues(diags: &[impl Borrow<Diagnostic>], prefix: &str) -> Value {
    Value::Array(
        diags
            .iter()
            .map(|d| {
                let d = d.borrow();
                let path = super::repository_path(prefix, d);
                json!({
                    "description": d.message,
                    "check_name": d.code,
                    "fingerprint": fingerprint(d, &path),
                    // GitLab's scale is info, minor, major, critical, blocker.
                    "severity": if d.is_error() { "major" } else { "minor" },
                    "location": { "path": path, "lines": { "begin": d.line.unwrap_or(1) } },
                })
            })
            .collect(),
    )
}

/// GitLab matches issues across pipelines by fingerprint, so it must not change while the
/// problem stays where it is: the 128-bit FNV-1a hash of code, path, line, column and message,
/// each followed by a NUL byte, as 32 hex digits.
fn fingerprint(d: &Diagnostic, path: &str) -> String {
    let line = d.line.map_or(String::new(), |l| l.to_string());
    let column = d.column.map_or(String::new(), |c| c.to_string());
    let mut bytes = Vec::new();
    for part in [d.code.as_str(), path, &line, &column, &d.message] {
        bytes.extend_from_slice(part.as_bytes());
        bytes.push(0);
    }
    format!("{:032x}", fnv1a_128(&bytes))
}

/// FNV-1a, 128 bits (draft-eastlake-fnv). Written out because it is a few lines and its value
/// must never change with a crate's version.
fn fnv1a_128(bytes: &[u8]) -> u128 {
    const OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
    const PRIME: u128 = 0x0000000001000000000000000000013b;
    bytes.iter().fold(OFFSET, |hash, b| {
        (hash ^ u128::from(*b)).wrapping_mul(PRIME)
    })
}

#[cfg(test)]
mod tests {
    use super::{fingerprint, fnv1a_128, issues};
    use crate::report::tests::sample;

    #[test]
    fn the_fingerprint_is_fnv1a_128() {
        // The published test vectors.
        assert_eq!(fnv1a_128(b""), 0x6c62272e07bb014262b821756295c58d);
        assert_eq!(fnv1a_128(b"a"), 0xd228cb696f1a8caf78912b704e4a8964);
        assert_eq!(fnv1a_128(b"foobar"), 0x343e1662793c64bf6f0d3597ba446f18);
        let mut d = sample().remove(0);
        let a = fingerprint(&d, "p");
        assert_eq!(
            a,
            format!(
                "{:032x}",
                fnv1a_128(b"resources.request-above-limit\0p\x0018\x0018\x00cpu request 300m is above its limit 200m\0")
            )
        );
        d.column = Some(1);
        assert_ne!(a, fingerprint(&d, "p"), "two problems on one line differ");
    }

    #[test]
    fn one_issue_per_diagnostic() {
        let v = issues(&sample(), "");
        assert_eq!(
            v[1],
            serde_json::json!({
                "description": "image `x/a%b` has no tag or uses `:latest`\nsecond line",
                "check_name": "image.unpinned",
                "fingerprint": v[1]["fingerprint"],
                "severity": "minor",
                "location": {"path": "services/a,b:c.yaml", "lines": {"begin": 1}},
            })
        );
        assert_eq!(v[0]["severity"], "major");
        assert_eq!(v[0]["location"]["lines"]["begin"], 18);
    }
}

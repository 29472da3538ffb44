//! The order of image tags (SPEC §7.2): `v1.31.0` is newer than `v1.30.10`, which is newer than
//! `v1.30.9`; a pre-release (`-rc.1`, `-beta.0`) comes before its release; a tag that is no
//! version (`latest`, a commit) compares as text.
//!
//! What a tag may look like, as the projects people run as sidecars name their images:
//! - an optional `v` (`v1.31.2` beside `1.24.2`);
//! - one to four numbers (`1.7`, `0.138.0`, `1.2.3.4`);
//! - a pre-release after `-` whose first word is one release tooling uses for it (`alpha`,
//!   `beta`, `rc`, `pre`, `preview`, `dev`, `snapshot`, `canary`, `nightly`), with dotted parts
//!   compared as semver compares them (`rc.2` before `rc.10`);
//! - a variant: any other word after `-` (`3.1.9-debug`, `1.24.2-distroless`) or a word before
//!   the version (`distroless-v1.35.0`): the same version built another way, neither newer nor
//!   older than the plain one;
//! - build metadata after `+`, which no order reads (semver).
//!
//! One order must hold for every list (a sort needs a total order), and "versions where both
//! parse, else text" is not one: `1.10 > 1.9` as versions, `1.9 > 1.5x` and `1.5x > 1.10` as
//! text. So versions come first, newest first; then the other tags, in reverse text order
//! (digit runs by value, so dates and build numbers are newest first too); then images without
//! a tag.

use std::cmp::Ordering;

/// The most numbers a version has (`1.2.3.4`).
const MAX_PARTS: usize = 4;

/// The first words of a pre-release (lowercase).
const PRE_RELEASE: &[&str] = &[
    "alpha", "beta", "rc", "pre", "preview", "dev", "snapshot", "canary", "nightly",
];

/// A tag read as a version; borrowed from the tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version<'a> {
    /// Each number as its digits, missing ones `0` (`1.31` is `1.31.0.0`).
    parts: [&'a str; MAX_PARTS],
    /// `rc.1` of `1.24.0-rc.1`.
    pre: Option<&'a str>,
    /// `distroless` of `distroless-v1.35.0`.
    prefix: Option<&'a str>,
    /// `debug` of `3.1.9-debug`, `distroless` of `1.24.0-beta.1-distroless`.
    variant: Option<&'a str>,
}

impl<'a> Version<'a> {
    /// The tag as a version, or None when it is none (`latest`, `1.9z`, a commit).
    pub fn parse(tag: &'a str) -> Option<Self> {
        let (prefix, rest) = split_prefix(tag);
        let rest = rest.strip_prefix('v').unwrap_or(rest);
        // Build metadata takes no part in the order.
        let rest = rest.split_once('+').map_or(rest, |(v, _)| v);
        let (numbers, suffix) = match rest.split_once('-') {
            Some((n, s)) => (n, Some(s)),
            None => (rest, None),
        };
        let mut parts = ["0"; MAX_PARTS];
        for (i, part) in numbers.split('.').enumerate() {
            if i == MAX_PARTS || part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            parts[i] = part;
        }
        let (pre, variant) = match suffix {
            None => (None, None),
            Some("") => return None,
            Some(s) => split_suffix(s),
        };
        Some(Self {
            parts,
            pre,
            prefix,
            variant,
        })
    }

    /// Newer or older by number and pre-release alone: `1.24.2-distroless` and `1.24.2` are
    /// the same version.
    pub fn cmp_release(&self, other: &Self) -> Ordering {
        let numbers = self
            .parts
            .iter()
            .zip(&other.parts)
            .map(|(a, b)| digits(a, b))
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal);
        numbers.then_with(|| match (self.pre, other.pre) {
            (None, None) => Ordering::Equal,
            // A release comes after each of its pre-releases.
            (None, Some(_)) => Ordering::Greater,
            (Some(_), None) => Ordering::Less,
            (Some(a), Some(b)) => pre_release(a, b),
        })
    }
}

/// `distroless` and the rest of `distroless-v1.35.0`: a word of letters before a version.
fn split_prefix(tag: &str) -> (Option<&str>, &str) {
    if let Some((word, rest)) = tag.split_once('-') {
        let starts_version = |s: &str| {
            let s = s.strip_prefix('v').unwrap_or(s);
            s.bytes().next().is_some_and(|b| b.is_ascii_digit())
        };
        if !word.is_empty() && word.bytes().all(|b| b.is_ascii_alphabetic()) && starts_version(rest)
        {
            return (Some(word), rest);
        }
    }
    (None, tag)
}

/// The pre-release and the variant of what follows the numbers' `-`: `rc.1` of `rc.1`,
/// `beta.1` and `distroless` of `beta.1-distroless`, `debug` of `debug`.
fn split_suffix(s: &str) -> (Option<&str>, Option<&str>) {
    let (first, rest) = match s.split_once('-') {
        Some((f, r)) => (f, Some(r).filter(|r| !r.is_empty())),
        None => (s, None),
    };
    let word: String = first
        .bytes()
        .take_while(u8::is_ascii_alphabetic)
        .map(|b| b.to_ascii_lowercase() as char)
        .collect();
    if PRE_RELEASE.contains(&word.as_str()) {
        (Some(first), rest)
    } else {
        (None, Some(s))
    }
}

/// Two runs of digits by value, without a limit on their length (`010` equals `10`).
fn digits(a: &str, b: &str) -> Ordering {
    let a = a.trim_start_matches('0');
    let b = b.trim_start_matches('0');
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

/// Two pre-releases as semver orders them: dot by dot, numbers by value and before words,
/// words as text; a shorter list before a longer one it begins. Inside a part, digit runs are
/// read by value too (`rc9` before `rc10`: some projects write no dot).
fn pre_release(a: &str, b: &str) -> Ordering {
    let mut x = a.split('.');
    let mut y = b.split('.');
    loop {
        match (x.next(), y.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(p), Some(q)) => {
                let o = natural(p, q);
                if o.is_ne() {
                    return o;
                }
            }
        }
    }
}

/// Text with its digit runs read by value (`r9` before `r10`, `2024-06-01` after
/// `2024-05-31`); a run of digits comes before letters, as semver puts numbers before words.
/// Equal runs that are spelled differently (`01`, `1`) fall back on the bytes, so the order
/// is total.
pub fn natural(a: &str, b: &str) -> Ordering {
    let (mut x, mut y) = (a.as_bytes(), b.as_bytes());
    loop {
        match (x.first(), y.first()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(p), Some(q)) => {
                let (p_digit, q_digit) = (p.is_ascii_digit(), q.is_ascii_digit());
                let o = match (p_digit, q_digit) {
                    (true, true) => {
                        let (m, rest_x) = run(x);
                        let (n, rest_y) = run(y);
                        x = rest_x;
                        y = rest_y;
                        // ASCII digits: the runs are UTF-8.
                        digits(
                            std::str::from_utf8(m).unwrap_or_default(),
                            std::str::from_utf8(n).unwrap_or_default(),
                        )
                    }
                    (true, false) => Ordering::Less,
                    (false, true) => Ordering::Greater,
                    (false, false) => {
                        x = &x[1..];
                        y = &y[1..];
                        p.cmp(q)
                    }
                };
                if o.is_ne() {
                    return o;
                }
            }
        }
    }
}

/// The run of digits `s` begins with, and the rest.
fn run(s: &[u8]) -> (&[u8], &[u8]) {
    let n = s.iter().take_while(|b| b.is_ascii_digit()).count();
    s.split_at(n)
}

/// The order `drift` lists images in, newest first: versions by version (then the plain build
/// before its variants); then tags that are no versions in reverse text order;
/// then untagged images. A total order over every tag.
pub fn newest_first(a: Option<&str>, b: Option<&str>) -> Ordering {
    match (a, b) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (Some(a), Some(b)) => match (Version::parse(a), Version::parse(b)) {
            (Some(v), Some(w)) => w
                .cmp_release(&v)
                .then_with(|| flavour(v.prefix, w.prefix))
                .then_with(|| flavour(v.variant, w.variant))
                .then_with(|| a.cmp(b)),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => natural(b, a),
        },
    }
}

/// Two builds of one release: the plain one first, then the others in reverse text order
/// (`2024-06-01` before `2024-05-31`, revision `-2` before `-1`).
fn flavour(a: Option<&str>, b: Option<&str>) -> Ordering {
    match (a, b) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
        (Some(a), Some(b)) => natural(b, a),
    }
}

/// Whether tag `a` is older (Less) or newer (Greater) than tag `b`, when both are versions;
/// Equal for the same release (variants aside); None when either is no version.
pub fn compare(a: &str, b: &str) -> Option<Ordering> {
    Some(Version::parse(a)?.cmp_release(&Version::parse(b)?))
}

#[cfg(test)]
mod tests;

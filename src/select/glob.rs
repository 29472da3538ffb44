//! Shell-style globs, as `--namespace` and `--match` take them: `*` any text (a `/` too: an ID
//! `shop/deployment/cart` is matched by `*cart`), `?` one character, `[abc]`, `[a-z]`, `[!x]`
//! (or `[^x]`) one of a set or not, `\` the next character as itself.

use crate::error::{Error, Input, Result};

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Char(char),
    Any,
    AnyText,
    /// A set of ranges (a single character is a range of one), negated or not.
    Set(Vec<(char, char)>, bool),
}

/// A compiled glob.
#[derive(Debug, Clone)]
pub struct Glob {
    text: String,
    parts: Vec<Part>,
}

impl Glob {
    /// `text` as a glob; an unclosed `[` or a trailing `\` is a malformed value of `input`.
    pub fn new(input: Input, text: &str) -> Result<Self> {
        let chars: Vec<char> = text.chars().collect();
        let mut parts = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            let part = match chars[i] {
                '*' => Part::AnyText,
                '?' => Part::Any,
                '\\' => {
                    i += 1;
                    let c = chars.get(i).ok_or_else(|| {
                        Error::invalid(input, format!("`{text}` ends with a lone `\\`"))
                    })?;
                    Part::Char(*c)
                }
                '[' => {
                    let (set, end) = set(&chars, i).ok_or_else(|| {
                        Error::invalid(
                            input,
                            format!("`{text}`: the `[` at {} is never closed", i + 1),
                        )
                    })?;
                    i = end;
                    set
                }
                c => Part::Char(c),
            };
            // `**` means what `*` does: one part, so matching stays linear in the stars.
            if !(part == Part::AnyText && parts.last() == Some(&Part::AnyText)) {
                parts.push(part);
            }
            i += 1;
        }
        Ok(Self {
            text: text.to_string(),
            parts,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether the glob matches the whole of `s`.
    pub fn matches(&self, s: &str) -> bool {
        let s: Vec<char> = s.chars().collect();
        // The classic backtracking of the last star: each star resumes at most once per
        // character, so a match is O(parts × text) at worst.
        let (mut p, mut i) = (0, 0);
        let mut star: Option<(usize, usize)> = None;
        while i < s.len() {
            match self.parts.get(p) {
                Some(Part::AnyText) => {
                    star = Some((p, i));
                    p += 1;
                    continue;
                }
                Some(part) if one(part, s[i]) => {
                    p += 1;
                    i += 1;
                    continue;
                }
                _ => {}
            }
            match star {
                Some((sp, si)) => {
                    star = Some((sp, si + 1));
                    p = sp + 1;
                    i = si + 1;
                }
                None => return false,
            }
        }
        self.parts[p..].iter().all(|part| *part == Part::AnyText)
    }
}

/// Whether one part (not a star) matches the character `c`.
fn one(part: &Part, c: char) -> bool {
    match part {
        Part::Char(x) => *x == c,
        Part::Any => true,
        Part::Set(ranges, negated) => {
            ranges.iter().any(|(a, b)| (*a..=*b).contains(&c)) != *negated
        }
        Part::AnyText => false,
    }
}

/// The set that opens at `chars[open]` (`[`), and the index of its `]`; None when unclosed.
/// A `]` right after the opening (or its `!`) is a member, as in the shell.
fn set(chars: &[char], open: usize) -> Option<(Part, usize)> {
    let mut i = open + 1;
    let negated = matches!(chars.get(i), Some('!' | '^'));
    if negated {
        i += 1;
    }
    let mut ranges = Vec::new();
    let first = i;
    loop {
        let c = *chars.get(i)?;
        if c == ']' && i > first {
            return Some((Part::Set(ranges, negated), i));
        }
        let c = if c == '\\' {
            i += 1;
            *chars.get(i)?
        } else {
            c
        };
        if chars.get(i + 1) == Some(&'-') && chars.get(i + 2).is_some_and(|e| *e != ']') {
            ranges.push((c, chars[i + 2]));
            i += 3;
        } else {
            ranges.push((c, c));
            i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(glob: &str, s: &str) -> bool {
        Glob::new(Input::Match, glob).unwrap().matches(s)
    }

    #[test]
    fn stars_questions_and_sets() {
        assert!(m("team-1*", "team-1"));
        assert!(m("team-1*", "team-12"));
        assert!(!m("team-1*", "team-2"));
        assert!(m("*cart", "shop/deployment/cart"));
        assert!(m("*", ""));
        assert!(m("a?c", "abc"));
        assert!(!m("a?c", "ac"));
        assert!(m("team-[0-3]", "team-2"));
        assert!(!m("team-[!0-3]", "team-2"));
        assert!(m("team-[^0-3]", "team-7"));
        assert!(m("[]x]", "]"));
        assert!(m("a\\*", "a*"));
        assert!(!m("a\\*", "ab"));
        assert!(m("*a*b*c*", "xxaxxbxxcxx"));
        assert!(!m("*a*b*c*", "xxaxxcxxbxx"));
        assert!(m("ä*", "äpfel"));
    }

    #[test]
    fn a_star_run_stays_fast() {
        let long = "a".repeat(2000);
        assert!(!m(&format!("{}b", "*a".repeat(50)), &long));
    }

    #[test]
    fn malformed_globs_are_refused() {
        let e = Glob::new(Input::Namespace, "team-[12").unwrap_err();
        assert_eq!(
            e.to_string(),
            "namespace: `team-[12`: the `[` at 6 is never closed"
        );
        assert!(Glob::new(Input::Match, "x\\").is_err());
    }
}

//! Label selectors in `kubectl`'s syntax (apimachinery `pkg/labels/selector.go`): requirements
//! joined by `,` (all must hold), each `key=value` (or `==`), `key!=value`, `key` (has it),
//! `!key` (lacks it), `key in (v1,v2)`, `key notin (v1,v2)`. As in Kubernetes, `!=` and
//! `notin` also hold for a workload without the label.

use crate::error::{Error, Input, Result};

#[derive(Debug, Clone, PartialEq, Eq)]
enum Op {
    Exists,
    Absent,
    Equals(String),
    Differs(String),
    In(Vec<String>),
    NotIn(Vec<String>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Requirement {
    key: String,
    op: Op,
}

/// A parsed selector: every requirement must hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selector {
    requirements: Vec<Requirement>,
}

impl Selector {
    /// Parses `text`; a malformed selector is a usage error naming the column (1-based) where
    /// it goes wrong. An empty selector selects everything, as `kubectl -l ''` does.
    pub fn parse(text: &str) -> Result<Self> {
        let tokens = lex(text);
        let mut p = Parser {
            text,
            tokens,
            at: 0,
        };
        let mut requirements = Vec::new();
        if p.peek().1 != Tok::End {
            loop {
                requirements.push(p.requirement()?);
                match p.next() {
                    (_, Tok::Comma) => continue,
                    (_, Tok::End) => break,
                    (col, t) => {
                        return Err(
                            p.error(col, format!("expected `,` or the end, found {}", t.show()))
                        );
                    }
                }
            }
        }
        Ok(Self { requirements })
    }

    /// Whether `labels` (name, value) satisfy every requirement.
    pub fn matches(&self, labels: &[(String, String)]) -> bool {
        self.requirements.iter().all(|r| {
            let value = labels
                .iter()
                .find(|(k, _)| *k == r.key)
                .map(|(_, v)| v.as_str());
            match (&r.op, value) {
                (Op::Exists, v) => v.is_some(),
                (Op::Absent, v) => v.is_none(),
                (Op::Equals(want), v) => v == Some(want.as_str()),
                (Op::Differs(want), v) => v != Some(want.as_str()),
                (Op::In(set), v) => v.is_some_and(|v| set.iter().any(|s| s == v)),
                (Op::NotIn(set), v) => v.is_none_or(|v| !set.iter().any(|s| s == v)),
            }
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Word(String),
    /// `=` or `==`.
    Eq,
    NotEq,
    Bang,
    Open,
    Close,
    Comma,
    End,
}

impl Tok {
    fn show(&self) -> String {
        match self {
            Tok::Word(w) => format!("`{w}`"),
            Tok::Eq => "`=`".into(),
            Tok::NotEq => "`!=`".into(),
            Tok::Bang => "`!`".into(),
            Tok::Open => "`(`".into(),
            Tok::Close => "`)`".into(),
            Tok::Comma => "`,`".into(),
            Tok::End => "the end".into(),
        }
    }
}

/// The tokens of `text`, each with its 1-based column.
fn lex(text: &str) -> Vec<(usize, Tok)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let col = i + 1;
        let (tok, len) = match chars[i] {
            c if c.is_whitespace() => {
                i += 1;
                continue;
            }
            '=' if chars.get(i + 1) == Some(&'=') => (Tok::Eq, 2),
            '=' => (Tok::Eq, 1),
            '!' if chars.get(i + 1) == Some(&'=') => (Tok::NotEq, 2),
            '!' => (Tok::Bang, 1),
            '(' => (Tok::Open, 1),
            ')' => (Tok::Close, 1),
            ',' => (Tok::Comma, 1),
            _ => {
                let end = (i..chars.len())
                    .find(|&j| chars[j].is_whitespace() || "=!(),".contains(chars[j]))
                    .unwrap_or(chars.len());
                (Tok::Word(chars[i..end].iter().collect()), end - i)
            }
        };
        out.push((col, tok));
        i += len;
    }
    out.push((chars.len() + 1, Tok::End));
    out
}

struct Parser<'a> {
    text: &'a str,
    tokens: Vec<(usize, Tok)>,
    at: usize,
}

impl Parser<'_> {
    fn peek(&self) -> (usize, Tok) {
        self.tokens[self.at.min(self.tokens.len() - 1)].clone()
    }

    fn next(&mut self) -> (usize, Tok) {
        let t = self.peek();
        self.at += 1;
        t
    }

    fn error(&self, col: usize, problem: String) -> Error {
        Error::invalid(
            Input::Selector,
            format!("`{}` at {col}: {problem}", self.text),
        )
    }

    fn requirement(&mut self) -> Result<Requirement> {
        if self.peek().1 == Tok::Bang {
            self.next();
            let key = self.key()?;
            return Ok(Requirement {
                key,
                op: Op::Absent,
            });
        }
        let key = self.key()?;
        let op = match self.peek() {
            (_, Tok::Comma | Tok::End) => Op::Exists,
            (_, Tok::Eq) => {
                self.next();
                Op::Equals(self.value()?)
            }
            (_, Tok::NotEq) => {
                self.next();
                Op::Differs(self.value()?)
            }
            (_, Tok::Word(w)) if w == "in" => {
                self.next();
                Op::In(self.set(&w)?)
            }
            (_, Tok::Word(w)) if w == "notin" => {
                self.next();
                Op::NotIn(self.set(&w)?)
            }
            (col, t) => {
                let problem = format!(
                    "expected `=`, `==`, `!=`, `in`, `notin`, `,` or the end after `{key}`, found {}",
                    t.show()
                );
                return Err(self.error(col, problem));
            }
        };
        Ok(Requirement { key, op })
    }

    fn key(&mut self) -> Result<String> {
        match self.next() {
            (col, Tok::Word(w)) => match key_problem(&w) {
                None => Ok(w),
                Some(why) => Err(self.error(col, format!("`{w}` is not a label key: {why}"))),
            },
            (col, t) => Err(self.error(col, format!("expected a label key, found {}", t.show()))),
        }
    }

    /// A value after `=` or `!=`: a word, or nothing (the empty value) before `,` or the end.
    fn value(&mut self) -> Result<String> {
        match self.peek() {
            (_, Tok::Comma | Tok::End) => Ok(String::new()),
            (col, Tok::Word(w)) => {
                self.next();
                self.checked_value(col, w)
            }
            (col, t) => Err(self.error(col, format!("expected a label value, found {}", t.show()))),
        }
    }

    fn checked_value(&self, col: usize, w: String) -> Result<String> {
        match value_problem(&w) {
            None => Ok(w),
            Some(why) => Err(self.error(col, format!("`{w}` is not a label value: {why}"))),
        }
    }

    /// `(v1, v2, …)` after `in` or `notin`: at least one value.
    fn set(&mut self, op: &str) -> Result<Vec<String>> {
        match self.next() {
            (_, Tok::Open) => {}
            (col, t) => {
                return Err(self.error(
                    col,
                    format!("expected `(` after `{op}`, found {}", t.show()),
                ));
            }
        }
        let mut values = Vec::new();
        loop {
            match self.next() {
                (col, Tok::Word(w)) => values.push(self.checked_value(col, w)?),
                (col, t) => {
                    let problem = format!("expected a label value, found {}", t.show());
                    return Err(self.error(col, problem));
                }
            }
            match self.next() {
                (_, Tok::Comma) => continue,
                (_, Tok::Close) => return Ok(values),
                (col, t) => {
                    return Err(self.error(col, format!("expected `,` or `)`, found {}", t.show())));
                }
            }
        }
    }
}

/// Why `key` is no label key (`[prefix/]name`: a DNS subdomain prefix, a name of at most 63
/// characters), or None.
fn key_problem(key: &str) -> Option<&'static str> {
    let (prefix, name) = match key.split_once('/') {
        Some((p, n)) => (Some(p), n),
        None => (None, key),
    };
    if let Some(p) = prefix {
        let label = |l: &str| {
            !l.is_empty()
                && l.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                && !l.starts_with('-')
                && !l.ends_with('-')
        };
        if p.len() > 253 || !p.split('.').all(label) {
            return Some("its prefix must be a DNS subdomain such as `example.com`");
        }
    }
    match name.is_empty() {
        true => Some("its name is empty"),
        false => value_problem(name),
    }
}

/// Why `v` is no label value (at most 63 letters, digits, `-`, `_`, `.`, starting and ending
/// with a letter or digit; empty is allowed), or None.
fn value_problem(v: &str) -> Option<&'static str> {
    let edge = |c: Option<char>| c.is_none_or(|c| c.is_ascii_alphanumeric());
    if v.len() > 63 {
        Some("at most 63 characters")
    } else if !v
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        || !edge(v.chars().next())
        || !edge(v.chars().next_back())
    {
        Some("letters, digits, `-`, `_` and `.`, starting and ending with a letter or digit")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn sel(text: &str, l: &[(&str, &str)]) -> bool {
        Selector::parse(text).unwrap().matches(&labels(l))
    }

    #[test]
    fn each_operator_as_kubernetes_reads_it() {
        let cart = [("app", "cart"), ("tier", "web")];
        assert!(sel("app=cart", &cart));
        assert!(sel("app==cart", &cart));
        assert!(!sel("app!=cart", &cart));
        assert!(sel("app!=cart", &[("tier", "web")]));
        assert!(sel("app", &cart));
        assert!(!sel("!app", &cart));
        assert!(sel("!team", &cart));
        assert!(sel("tier in (web, api)", &cart));
        assert!(!sel("tier in (api)", &cart));
        assert!(!sel("tier notin (web,api)", &cart));
        assert!(sel("team notin (a)", &cart));
        assert!(sel(" app = cart , tier in (web) ,!team", &cart));
        assert!(!sel("app=cart,tier=api", &cart));
        assert!(sel("", &cart));
        assert!(sel("empty=", &[("empty", "")]));
        assert!(sel(
            "app.kubernetes.io/name=cart",
            &[("app.kubernetes.io/name", "cart")]
        ));
    }

    #[test]
    fn a_malformed_selector_names_the_column() {
        let err = |t: &str| Selector::parse(t).unwrap_err().to_string();
        assert_eq!(
            err("app in web"),
            "selector: `app in web` at 8: expected `(` after `in`, found `web`"
        );
        assert_eq!(
            err("app=cart,"),
            "selector: `app=cart,` at 10: expected a label key, found the end"
        );
        assert_eq!(
            err("app in ()"),
            "selector: `app in ()` at 9: expected a label value, found `)`"
        );
        assert_eq!(
            err("app cart"),
            "selector: `app cart` at 5: expected `=`, `==`, `!=`, `in`, `notin`, `,` or the end after `app`, found `cart`"
        );
        assert!(err("a=b=c").contains("at 4"));
        assert!(err("-a=b").contains("is not a label key"));
        assert!(err("a=b c").contains("at 5"));
        assert!(err("Ex_ample.COM/a=b").contains("prefix"));
        assert!(err("a in (x").contains("found the end"));
    }
}

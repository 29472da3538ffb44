use granit_parser::ScalarStyle;
use serde_json::{Map, Number, Value};

use super::aliases::{MAX_EXPANDED_DEPTH, MAX_EXPANDED_NODES as MAX_NODES};
use super::{Document, Kind, Node};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ValueError {
    pub message: String,
    pub line: usize,
    pub column: usize,
}

/// How plain scalars are typed: our own reading (the YAML 1.2 core schema), or the YAML 1.1
/// reading of kubectl (go-yaml), PyYAML and older tools, where `yes` is a boolean, `0400` an
/// octal number and `1:30` a sexagesimal one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schema {
    Core,
    Yaml11,
}

/// Converts a node to plain data, resolving aliases and merge keys and typing plain scalars by
/// the YAML 1.2 core schema. Both sides of the write check use it, so they agree by construction.
pub fn to_value(doc: &Document, node: &Node) -> Result<Value, ValueError> {
    to_value_as(doc, node, Schema::Core)
}

/// [`to_value`] with plain scalars typed by `schema`. In the YAML 1.1 reading a value JSON has
/// no place for (a timestamp, `.inf`, a key that is no string) is a string no text reads as
/// (see `yaml11_plain`): it is only ever compared.
pub fn to_value_as(doc: &Document, node: &Node, schema: Schema) -> Result<Value, ValueError> {
    let mut budget = MAX_NODES;
    convert(doc, node, &mut budget, 0, schema)
}

fn convert(
    doc: &Document,
    node: &Node,
    budget: &mut usize,
    depth: usize,
    schema: Schema,
) -> Result<Value, ValueError> {
    let fail = |message: String| ValueError {
        message,
        line: node.line,
        column: node.column,
    };
    if *budget == 0 {
        return Err(fail(format!(
            "aliases expand to more than {MAX_NODES} values"
        )));
    }
    if depth > MAX_EXPANDED_DEPTH {
        return Err(fail("aliases nest too deeply".into()));
    }
    *budget -= 1;
    Ok(match &node.kind {
        Kind::Scalar { value, style, tag } => {
            scalar(value, *style, tag.as_deref().map(String::as_str), schema)
        }
        Kind::Alias { name, .. } => match doc.alias_target(node) {
            Some(target) => convert(doc, target, budget, depth + 1, schema)?,
            None => return Err(fail(format!("unknown alias `*{name}`"))),
        },
        Kind::Seq { items, .. } => {
            let mut out = Vec::with_capacity(items.len());
            for i in items {
                out.push(convert(doc, i, budget, depth + 1, schema)?);
            }
            Value::Array(out)
        }
        Kind::Map { .. } => {
            let mut out = Map::new();
            for (key, k, v) in doc.entries(node) {
                out.insert(
                    map_key(key, k, schema),
                    convert(doc, v, budget, depth + 1, schema)?,
                );
            }
            Value::Object(out)
        }
    })
}

fn scalar(value: &str, style: ScalarStyle, tag: Option<&str>, schema: Schema) -> Value {
    if style != ScalarStyle::Plain || tag.is_some_and(|t| t.ends_with("str")) {
        return Value::String(value.to_string());
    }
    match schema {
        Schema::Core => scalar_plain(value),
        Schema::Yaml11 => yaml11_plain(value),
    }
}

/// Whether YAML 1.1 readers may read `node` otherwise than we do: it holds a plain scalar (value
/// or key) that they type otherwise (`yes`, `0400`, `1:30`), or an alias (not followed here).
/// When it does not, [`to_value_as`] with [`Schema::Yaml11`] is [`to_value`], and a check need
/// not compute it.
pub fn may_read_otherwise(node: &Node) -> bool {
    match &node.kind {
        Kind::Scalar {
            value,
            style: ScalarStyle::Plain,
            tag: None,
        } => {
            // Only these can start a plain scalar the two versions read differently.
            value.starts_with(|c: char| c.is_ascii_digit() || "+-.yYnNoO<=".contains(c))
                && yaml11_plain(value) != scalar_plain(value)
        }
        Kind::Scalar { .. } => false,
        Kind::Alias { .. } => true,
        Kind::Seq { items, .. } => items.iter().any(may_read_otherwise),
        Kind::Map { entries, .. } => entries
            .iter()
            .any(|(k, v)| may_read_otherwise(k) || may_read_otherwise(v)),
    }
}

/// The value of the plain scalar `text` as `schema` reads it.
pub fn to_value_as_plain(text: &str, schema: Schema) -> Value {
    scalar(text, ScalarStyle::Plain, None, schema)
}

/// A mapping's key as data: its text, except a plain key that YAML 1.1 reads as something
/// else than that text (`on:` is the key `true` there), which is marked as such.
fn map_key(key: &str, k: &Node, schema: Schema) -> String {
    let plain = matches!(
        k.kind,
        Kind::Scalar {
            style: ScalarStyle::Plain,
            tag: None,
            ..
        }
    );
    match schema {
        Schema::Yaml11 if plain && yaml11_plain(key) != Value::String(key.to_string()) => {
            format!("{NOT_TEXT}{}", yaml11_plain(key))
        }
        _ => key.to_string(),
    }
}

/// Starts the strings that stand for YAML 1.1 values JSON has no place for: no text read from
/// a file starts with it (a NUL must be escaped in YAML).
const NOT_TEXT: char = '\u{0}';

/// The value of a plain scalar as YAML 1.1 reads it (the resolvers of the YAML 1.1 types, as
/// PyYAML and go-yaml apply them): booleans `yes`/`no`/`on`/`off`/`y`/`n` in their three cases,
/// integers in binary, octal (`0400`), hexadecimal and base 60 (`1:30`) with `_` separators,
/// floats that need a dot (`1e3` is a string), timestamps, `.inf` and `.nan`. Where the
/// readers differ (go-yaml also reads `1e3` as a number), the text counts as not a string:
/// a check that compares this reading is the stricter for it.
pub(crate) fn yaml11_plain(value: &str) -> Value {
    let other = |what: &str| Value::String(format!("{NOT_TEXT}{what} {value}"));
    match value {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            return Value::Bool(true);
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            return Value::Bool(false);
        }
        "<<" | "=" => return other("key"),
        _ => {}
    }
    let (negative, body) = match value.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, value.strip_prefix('+').unwrap_or(value)),
    };
    if matches!(body, ".inf" | ".Inf" | ".INF") || matches!(value, ".nan" | ".NaN" | ".NAN") {
        return other("float");
    }
    if let Some(n) = yaml11_int(body) {
        return match i64::try_from(n) {
            Ok(n) => Value::Number(if negative { -n } else { n }.into()),
            Err(_) => other("int"),
        };
    }
    if let Some(f) = yaml11_float(body) {
        let f = if negative { -f } else { f };
        return Number::from_f64(f).map_or_else(|| other("float"), Value::Number);
    }
    let numeric = value.starts_with(|c: char| c.is_ascii_digit() || "+-.".contains(c));
    if is_yaml11_timestamp(value) || (numeric && value.parse::<f64>().is_ok()) {
        return other("not a string");
    }
    Value::String(value.to_string())
}

/// An unsigned YAML 1.1 integer: `0b1010`, `0400`, `0x1F`, `1_000`, `1:30`, `0`.
fn yaml11_int(s: &str) -> Option<u128> {
    let digits = |t: &str, radix: u32| {
        let t: String = t.chars().filter(|c| *c != '_').collect();
        (!t.is_empty())
            .then(|| u128::from_str_radix(&t, radix).ok())
            .flatten()
    };
    if let Some(b) = s.strip_prefix("0b") {
        return digits(b, 2);
    }
    if let Some(h) = s.strip_prefix("0x") {
        return digits(h, 16);
    }
    if s == "0" {
        return Some(0);
    }
    if let Some(o) = s.strip_prefix('0') {
        return o
            .bytes()
            .all(|b| matches!(b, b'0'..=b'7' | b'_'))
            .then(|| digits(o, 8))
            .flatten();
    }
    if !s.starts_with(|c: char| matches!(c, '1'..='9')) {
        return None;
    }
    let mut parts = s.split(':');
    let first = parts.next()?;
    if !first.bytes().all(|b| b.is_ascii_digit() || b == b'_') {
        return None;
    }
    let mut n = digits(first, 10)?;
    for p in parts {
        // Base 60: each further part is 0 to 59, one or two digits.
        if p.is_empty() || p.len() > 2 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let d: u128 = p.parse().ok()?;
        if d > 59 || (p.len() == 2 && p.starts_with(|c: char| c > '5')) {
            return None;
        }
        n = n.checked_mul(60)?.checked_add(d)?;
    }
    Some(n)
}

/// An unsigned YAML 1.1 float: `[0-9][0-9_]*\.[0-9_]*([eE][-+][0-9]+)?`, `\.[0-9_]+(…)?`, or
/// base 60 with a fraction (`1:30.5`).
fn yaml11_float(s: &str) -> Option<f64> {
    let clean: String = s.chars().filter(|c| *c != '_').collect();
    if let Some((whole, frac)) = s.split_once('.')
        && whole.contains(':')
    {
        let n = yaml11_int(whole)?;
        if !frac.bytes().all(|b| b.is_ascii_digit() || b == b'_') {
            return None;
        }
        let f: f64 = format!("0.{}", frac.replace('_', "")).parse().ok()?;
        return Some(n as f64 + f);
    }
    let (mantissa, exp) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let (whole, frac) = mantissa.split_once('.')?;
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit() || b == b'_');
    let whole_ok = if whole.is_empty() {
        frac.bytes().any(|b| b.is_ascii_digit())
    } else {
        whole.starts_with(|c: char| c.is_ascii_digit())
    };
    let exp_ok = exp.is_none_or(|e| {
        e.strip_prefix(['-', '+'])
            .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
    });
    if !(whole_ok && digits(whole) && digits(frac) && exp_ok) {
        return None;
    }
    let clean = clean.strip_suffix('.').unwrap_or(&clean).to_string();
    let clean = if clean.starts_with('.') {
        format!("0{clean}")
    } else {
        clean
    };
    clean.replace(".e", "e").replace(".E", "E").parse().ok()
}

/// `2001-12-14`, `2001-12-14t21:59:43.10-05:00`, `2001-12-14 21:59:43.10 -5`.
fn is_yaml11_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    let d = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    if b.len() == 10 {
        return (0..4).all(d) && b[4] == b'-' && d(5) && d(6) && b[7] == b'-' && d(8) && d(9);
    }
    // The long form: a date (month and day may have one digit), a time, a zone.
    b.len() > 10 && (0..4).all(d) && b[4] == b'-' && s[5..].contains(':') && {
        let rest = &s[5..];
        rest.starts_with(|c: char| c.is_ascii_digit())
            && rest
                .chars()
                .all(|c| c.is_ascii_digit() || " \t-+:.TtZ".contains(c))
    }
}

/// The value of a plain scalar by the core schema.
pub(crate) fn scalar_plain(value: &str) -> Value {
    match value {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    if let Some(n) = parse_int(value) {
        return Value::Number(n.into());
    }
    if is_float(value)
        && let Some(n) = value.parse::<f64>().ok().and_then(Number::from_f64)
    {
        return Value::Number(n);
    }
    Value::String(value.to_string())
}

fn parse_int(s: &str) -> Option<i64> {
    if let Some(oct) = s.strip_prefix("0o") {
        return i64::from_str_radix(oct, 8).ok();
    }
    if let Some(hex) = s.strip_prefix("0x") {
        return i64::from_str_radix(hex, 16).ok();
    }
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?` from the core schema.
fn is_float(s: &str) -> bool {
    let s = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (mantissa, exp) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let (int, frac) = match mantissa.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (mantissa, None),
    };
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match frac {
        Some(f) => digits(int) && digits(f) && (!int.is_empty() || !f.is_empty()),
        None => !int.is_empty() && digits(int),
    };
    let exp_ok = exp.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exp_ok
}

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

/// Converts a node to plain data, resolving aliases and merge keys and typing plain scalars by
/// the YAML 1.2 core schema. Both sides of the write check use it, so they agree by construction.
pub fn to_value(doc: &Document, node: &Node) -> Result<Value, ValueError> {
    let mut budget = MAX_NODES;
    convert(doc, node, &mut budget, 0)
}

fn convert(
    doc: &Document,
    node: &Node,
    budget: &mut usize,
    depth: usize,
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
            scalar(value, *style, tag.as_deref().map(String::as_str))
        }
        Kind::Alias { name, .. } => match doc.alias_target(node) {
            Some(target) => convert(doc, target, budget, depth + 1)?,
            None => return Err(fail(format!("unknown alias `*{name}`"))),
        },
        Kind::Seq { items, .. } => {
            let mut out = Vec::with_capacity(items.len());
            for i in items {
                out.push(convert(doc, i, budget, depth + 1)?);
            }
            Value::Array(out)
        }
        Kind::Map { .. } => {
            let mut out = Map::new();
            for (key, _, v) in doc.entries(node) {
                out.insert(key.to_string(), convert(doc, v, budget, depth + 1)?);
            }
            Value::Object(out)
        }
    })
}

fn scalar(value: &str, style: ScalarStyle, tag: Option<&str>) -> Value {
    if style != ScalarStyle::Plain || tag.is_some_and(|t| t.ends_with("str")) {
        return Value::String(value.to_string());
    }
    scalar_plain(value)
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

//! Writing plain data as block-style YAML: for `-o yaml` and for the text of new entries.

use serde_json::Value;

/// Renders `value` as block YAML lines. `indent` is the indentation unit; `indent_seqs` says
/// whether a sequence under a key is indented (`key:\n  - a`) or not (`key:\n- a`).
pub fn to_lines(value: &Value, indent: usize, indent_seqs: bool) -> Vec<String> {
    to_lines_with_gap(value, indent, if indent_seqs { indent } else { 0 }, 2)
}

/// [`to_lines`] with `seq_indent` columns from a key to the dashes of its list (0 when lists
/// are not indented; may differ from `indent`, as in `key:\n  - a` in a 4-space file) and `gap`
/// columns from each `-` to its item (`- a`: 2, `-   a`: 4).
pub fn to_lines_with_gap(
    value: &Value,
    indent: usize,
    seq_indent: usize,
    gap: usize,
) -> Vec<String> {
    let mut out = Vec::new();
    Emitter {
        indent,
        seq_indent,
        gap: gap.max(2),
    }
    .value(value, 0, &mut out);
    out
}

/// A whole document, newline-terminated.
pub fn to_string(value: &Value) -> String {
    let mut s = to_lines(value, 2, true).join("\n");
    s.push('\n');
    s
}

struct Emitter {
    indent: usize,
    seq_indent: usize,
    gap: usize,
}

impl Emitter {
    fn value(&self, value: &Value, at: usize, out: &mut Vec<String>) {
        let pad = " ".repeat(at);
        match value {
            Value::Object(map) if !map.is_empty() => {
                for (k, v) in map {
                    self.entry(
                        &format!("{pad}{}:", scalar(&Value::String(k.clone()))),
                        v,
                        at,
                        out,
                    );
                }
            }
            Value::Array(items) if !items.is_empty() => {
                for item in items {
                    self.item(&pad, item, at, out);
                }
            }
            other => out.push(format!("{pad}{}", scalar(other))),
        }
    }

    /// `head` is `key:`; the value goes after it or on the following lines.
    fn entry(&self, head: &str, v: &Value, at: usize, out: &mut Vec<String>) {
        match v {
            Value::Object(m) if !m.is_empty() => {
                out.push(head.to_string());
                self.value(v, at + self.indent, out);
            }
            Value::Array(a) if !a.is_empty() => {
                out.push(head.to_string());
                self.value(v, at + self.seq_indent, out);
            }
            Value::String(text) if block_safe(text) => {
                let chomp = if text.ends_with('\n') { "|" } else { "|-" };
                out.push(format!("{head} {chomp}"));
                let pad = " ".repeat(at + self.indent);
                for line in text.trim_end_matches('\n').split('\n') {
                    out.push(if line.is_empty() {
                        String::new()
                    } else {
                        format!("{pad}{line}")
                    });
                }
            }
            other => out.push(format!("{head} {}", scalar(other))),
        }
    }

    /// One `- item`; a mapping item starts on the dash line.
    fn item(&self, pad: &str, item: &Value, at: usize, out: &mut Vec<String>) {
        let inner = at + self.gap;
        let dash = format!("{pad}-{}", " ".repeat(self.gap - 1));
        match item {
            Value::Object(m) if !m.is_empty() => {
                let mut lines = Vec::new();
                self.value(item, inner, &mut lines);
                let first = lines.remove(0);
                out.push(format!("{dash}{}", &first[inner..]));
                out.extend(lines);
            }
            Value::Array(a) if !a.is_empty() => {
                out.push(format!("{pad}-"));
                self.value(item, inner, out);
            }
            other => out.push(format!("{dash}{}", scalar(other))),
        }
    }
}

/// A scalar in flow position: plain when it reads back as the same string, else double-quoted.
pub fn scalar(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) if is_plain_safe(s) => s.clone(),
        Value::String(s) => Value::String(s.clone()).to_string(),
        Value::Array(_) => "[]".into(),
        Value::Object(_) => "{}".into(),
    }
}

/// Whether `s` can be written unquoted and read back as this same string.
pub fn is_plain_safe(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    let reads_as_other = matches!(
        super::value::scalar_plain(s),
        Value::Null | Value::Bool(_) | Value::Number(_)
    ) || s.parse::<f64>().is_ok();
    !reads_as_other
        && (first.is_ascii_alphanumeric()
            || matches!(first, '/' | '.' | '_')
            || (first == '-'
                && !s.starts_with("- ")
                && !s.starts_with("--- ")
                && s != "-"
                && s != "---"))
        && !s.ends_with([' ', ':'])
        && !s.contains(": ")
        && !s.contains(" #")
        && s.chars().all(|c| {
            c.is_ascii_alphanumeric()
                || " _./:@+=-()".contains(c)
                || (!c.is_ascii() && !c.is_control())
        })
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "yes" | "no" | "on" | "off" | "y" | "n"
        )
        && !reads_as_yaml11_number(s)
}

/// Whether a multi-line string reads back the same from a literal block (`|` or `|-`).
fn block_safe(s: &str) -> bool {
    s.contains('\n')
        && !s.ends_with("\n\n")
        && !s.starts_with([' ', '\n'])
        && s.lines().all(|l| !l.ends_with([' ', '\t']))
        && !s.chars().any(|c| c.is_control() && c != '\n')
}

/// Plain text that YAML 1.1 readers (PyYAML, older tools) take for a number, a date or a special
/// float: `1_000`, `0x1F`, `1:30`, `2001-12-14`, `.inf`, `-.NaN`.
fn reads_as_yaml11_number(s: &str) -> bool {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    if matches!(body.to_ascii_lowercase().as_str(), ".inf" | ".nan") {
        return true;
    }
    let starts_numeric = body.starts_with(|c: char| c.is_ascii_digit())
        || (body.starts_with('.') && body[1..].starts_with(|c: char| c.is_ascii_digit()));
    starts_numeric
        && body
            .chars()
            .all(|c| c.is_ascii_hexdigit() || "_.:-+xXoObB".contains(c))
}

//! Reading JSON into the same located tree as YAML.
//!
//! A Console project file is one JSON document of tens of megabytes. The YAML parser reads JSON
//! too, but at about the speed of `jq` on such a file before it has built anything; this reader
//! builds the tree in one pass over the bytes. It is strict (RFC 8259): trailing commas,
//! comments, `NaN`, single quotes and duplicate keys are errors with their line and column, since
//! a file we cannot read exactly is a file we must not edit.
//!
//! Strings become double-quoted scalars holding the decoded text; numbers, `true`, `false` and
//! `null` become plain scalars holding their exact spelling, so the YAML core schema types them
//! as JSON does and a number keeps the digits it was written with.

use std::collections::HashSet;

use granit_parser::ScalarStyle;

use super::parse::{Document, Kind, MAX_DEPTH, Node, YamlError, seen_before};

/// Parses one JSON value (with surrounding white space) into a located tree.
pub fn parse_json(text: String) -> Result<Document, YamlError> {
    let root = Reader::new(&text).document()?;
    Ok(Document::new_json(text, root))
}

/// The value a streamed read left as a [`SKIPPED`] placeholder (`at`), read from the whole
/// file's `text` with the positions it has there: a change of a few services of a file of
/// thousands reads their trees again, a batch at a time, instead of holding every one.
pub(super) fn parse_json_at(text: &str, at: &Node) -> Result<Node, YamlError> {
    let mut r = Reader::new(&text[..at.end]);
    (r.pos, r.line, r.column) = (at.start, at.line, at.column);
    let node = r.value()?;
    if r.pos != at.end {
        return r.fail("the value does not end where it ended when the file was read");
    }
    Ok(node)
}

/// Receives the members of a streamed object: which of the paths it is at, the key, the value
/// (with the positions it has in the whole file) and its text. It returns the value to keep it
/// in the tree, or `None` to leave a [`SKIPPED`] placeholder there.
pub type Sink<'s> = dyn FnMut(usize, &Node, Node, &str) -> Option<Node> + 's;

/// The tag of the placeholder that stands, in a streamed tree, for a value the sink took: a
/// scalar spanning the value's text, which nothing reads as data.
pub const SKIPPED: &str = "!sidecarctl-skipped";

/// Parses like [`parse_json`], except that the members of the objects at `paths` (keys from the
/// top, e.g. `["config", "services"]`) are handed to `sink` as they are read, and those it does
/// not give back stay in the tree only as placeholders: a file of thousands of services is read
/// without holding all of their trees at once. The whole file is still checked as JSON.
pub fn parse_json_streaming(
    text: String,
    paths: &[&[&str]],
    sink: &mut Sink<'_>,
) -> Result<Document, YamlError> {
    parse_json_streaming_skipping(text, paths, &|_, _| false, sink)
}

/// Says, before its value is read, whether a member of an object at one of the paths (which
/// path, the key) is of no use: its value is then only checked as JSON, without building a
/// tree of it, and is left as a [`SKIPPED`] placeholder without going to the sink.
pub type Skip<'s> = dyn Fn(usize, &str) -> bool + 's;

/// [`parse_json_streaming`], where the members `skip` names are checked and dropped as they are
/// read: the parts of a large file no command reads never become trees, not even one at a time.
pub fn parse_json_streaming_skipping(
    text: String,
    paths: &[&[&str]],
    skip: &Skip<'_>,
    sink: &mut Sink<'_>,
) -> Result<Document, YamlError> {
    let mut reader = Reader::new(&text);
    reader.stream = Some(Stream {
        paths,
        sink,
        skip,
        keys: Vec::new(),
        deepest: paths.iter().map(|p| p.len()).max().unwrap_or(0),
        beyond: 0,
    });
    let root = reader.document()?;
    Ok(Document::new_json(text, root))
}

/// Where [`parse_json_streaming`] is: the keys leading to the current value (`None` for an
/// array item), tracked only as deep as the deepest path.
struct Stream<'p, 's> {
    paths: &'p [&'p [&'p str]],
    sink: &'p mut Sink<'s>,
    skip: &'p Skip<'s>,
    keys: Vec<Option<String>>,
    deepest: usize,
    /// How many levels below the tracked keys the reader is.
    beyond: usize,
}

impl Stream<'_, '_> {
    /// Enters the value under `key` (`None`: an array item).
    fn enter(&mut self, key: Option<&str>) {
        if self.beyond == 0 && self.keys.len() < self.deepest {
            self.keys.push(key.map(str::to_string));
        } else {
            self.beyond += 1;
        }
    }

    fn leave(&mut self) {
        if self.beyond > 0 {
            self.beyond -= 1;
        } else {
            self.keys.pop();
        }
    }

    /// The path the object now starting is at, if it is one to stream.
    fn matching(&self) -> Option<usize> {
        if self.beyond > 0 {
            return None;
        }
        self.paths.iter().position(|p| {
            p.len() == self.keys.len()
                && p.iter()
                    .zip(&self.keys)
                    .all(|(a, b)| b.as_deref() == Some(*a))
        })
    }
}

struct Reader<'t, 'p, 's> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
    /// 1-based line and column (in characters) of `pos`.
    line: usize,
    column: usize,
    depth: usize,
    stream: Option<Stream<'p, 's>>,
    /// Above 0 inside a value that is only checked: its objects and arrays keep no children.
    discard: usize,
}

type Parsed<T> = Result<T, YamlError>;

impl<'t> Reader<'t, '_, '_> {
    fn new(text: &'t str) -> Self {
        let mut r = Self {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            line: 1,
            column: 1,
            depth: 0,
            stream: None,
            discard: 0,
        };
        // A byte-order mark is not JSON text, but editors write one: skip it as YAML does.
        if text.starts_with('\u{feff}') {
            r.pos = 3;
        }
        r
    }

    fn fail<T>(&self, message: impl Into<String>) -> Parsed<T> {
        Err(YamlError::json_at(message, self.line, self.column))
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Moves past ASCII bytes that are not line breaks.
    fn advance(&mut self, n: usize) {
        self.pos += n;
        self.column += n;
    }

    fn document(mut self) -> Parsed<Node> {
        self.skip_space()?;
        if self.peek().is_none() {
            return self.fail("the file holds no JSON value");
        }
        let root = self.value()?;
        self.skip_space()?;
        if self.peek().is_some() {
            return self.fail(format!(
                "unexpected {} after the JSON value",
                self.describe_here()
            ));
        }
        Ok(root)
    }

    fn skip_space(&mut self) -> Parsed<()> {
        while let Some(b) = self.peek() {
            match b {
                b' ' | b'\t' | b'\r' => self.advance(1),
                b'\n' => {
                    self.pos += 1;
                    self.line += 1;
                    self.column = 1;
                }
                b'/' if matches!(self.bytes.get(self.pos + 1), Some(b'/' | b'*')) => {
                    return self.fail("comments are not allowed in JSON");
                }
                _ => break,
            }
        }
        Ok(())
    }

    /// What stands at the cursor, for an error message.
    fn describe_here(&self) -> String {
        match self.text[self.pos..].chars().next() {
            None => "end of file".into(),
            Some(c) if c.is_control() => format!("character {:?}", c),
            Some(c) => format!("`{c}`"),
        }
    }

    fn node(&self, kind: Kind, start: usize, line: usize, column: usize) -> Node {
        Node {
            kind,
            start,
            end: self.pos,
            line,
            column,
            anchor: None,
        }
    }

    fn value(&mut self) -> Parsed<Node> {
        let (start, line, column) = (self.pos, self.line, self.column);
        match self.peek() {
            Some(b'{') => self.object(),
            Some(b'[') => self.array(),
            Some(b'"') => {
                let value = self.string()?;
                Ok(self.node(
                    scalar(value, ScalarStyle::DoubleQuoted),
                    start,
                    line,
                    column,
                ))
            }
            Some(b'-' | b'0'..=b'9') => {
                self.number()?;
                let spelled = self.text[start..self.pos].to_string();
                Ok(self.node(scalar(spelled, ScalarStyle::Plain), start, line, column))
            }
            Some(b't' | b'f' | b'n') => {
                let rest = &self.bytes[self.pos..];
                let word = [&b"true"[..], b"false", b"null"]
                    .into_iter()
                    .find(|w| rest.starts_with(w) && !is_word_byte(rest.get(w.len())));
                match word {
                    Some(w) => {
                        self.advance(w.len());
                        let spelled = self.text[start..self.pos].to_string();
                        Ok(self.node(scalar(spelled, ScalarStyle::Plain), start, line, column))
                    }
                    None => self.fail(format!("unexpected {} (not a JSON value)", self.word())),
                }
            }
            Some(b'\'') => self.fail("strings in JSON are written in double quotes"),
            Some(_) if is_word_byte(self.peek().as_ref()) => self.fail(format!(
                "unexpected {} (not a JSON value; `NaN` and `Infinity` are not JSON)",
                self.word()
            )),
            _ => self.fail(format!(
                "expected a JSON value, found {}",
                self.describe_here()
            )),
        }
    }

    /// The word at the cursor, quoted, for an error message.
    fn word(&self) -> String {
        let rest = &self.text[self.pos..];
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.' || c == '+'))
            .unwrap_or(rest.len());
        format!("`{}`", &rest[..end.clamp(1, 40)])
    }

    fn enter(&mut self) -> Parsed<()> {
        if self.depth >= MAX_DEPTH {
            return self.fail(format!("nesting deeper than {MAX_DEPTH} levels"));
        }
        self.depth += 1;
        Ok(())
    }

    fn object(&mut self) -> Parsed<Node> {
        let (start, line, column) = (self.pos, self.line, self.column);
        self.enter()?;
        self.advance(1);
        let mut entries: Vec<(Node, Node)> = Vec::new();
        let mut keys: Option<HashSet<String>> = None;
        // Whether this object's members go to the sink, and whether its keys are tracked.
        let streamed = self.stream.as_ref().and_then(Stream::matching);
        self.skip_space()?;
        if self.peek() == Some(b'}') {
            self.advance(1);
        } else {
            loop {
                self.key_opens(&entries, &keys)?;
                let (kstart, kline, kcolumn) = (self.pos, self.line, self.column);
                let k = self.string()?;
                // A checked value keeps no entries: its keys alone find a duplicate.
                let duplicate = match self.discard {
                    0 => seen_before(&entries, &mut keys, &k),
                    _ => !keys.get_or_insert_with(HashSet::new).insert(k.clone()),
                };
                if duplicate {
                    return Err(YamlError::json_at(
                        format!("duplicate key `{k}`"),
                        kline,
                        kcolumn,
                    ));
                }
                let key = self.node(scalar(k, ScalarStyle::DoubleQuoted), kstart, kline, kcolumn);
                self.colon()?;
                if let Some(s) = &mut self.stream {
                    s.enter(key.as_str());
                }
                let unused = match (streamed, &self.stream, key.as_str()) {
                    (Some(which), Some(s), Some(k)) => (s.skip)(which, k),
                    _ => false,
                };
                self.discard += usize::from(unused);
                let value = self.value();
                self.discard -= usize::from(unused);
                if let Some(s) = &mut self.stream {
                    s.leave();
                }
                let value = value?;
                match (streamed, &mut self.stream) {
                    _ if self.discard > 0 => {}
                    (Some(_), Some(_)) if unused => entries.push((
                        key,
                        skipped((value.start, value.end, value.line, value.column)),
                    )),
                    (Some(which), Some(s)) => {
                        let at = (value.start, value.end, value.line, value.column);
                        match (s.sink)(which, &key, value, &self.text[at.0..at.1]) {
                            Some(kept) => entries.push((key, kept)),
                            None => entries.push((key, skipped(at))),
                        }
                    }
                    _ => entries.push((key, value)),
                }
                if self.object_ends()? {
                    break;
                }
            }
        }
        self.depth -= 1;
        let kind = Kind::Map {
            entries,
            flow: true,
        };
        Ok(self.node(kind, start, line, column))
    }

    /// A member's key opens with its quote; else the object is wrongly written there.
    fn key_opens(
        &mut self,
        entries: &[(Node, Node)],
        keys: &Option<HashSet<String>>,
    ) -> Parsed<()> {
        self.skip_space()?;
        match self.peek() {
            Some(b'"') => Ok(()),
            // (A checked value's members are in `keys` only.)
            Some(b'}') if !entries.is_empty() || keys.as_ref().is_some_and(|k| !k.is_empty()) => {
                self.fail("trailing comma before `}` is not allowed in JSON")
            }
            _ => self.fail(format!(
                "expected a key in double quotes, found {}",
                self.describe_here()
            )),
        }
    }

    /// The `:` between a member's key and its value, with the space around it.
    fn colon(&mut self) -> Parsed<()> {
        self.skip_space()?;
        if self.peek() != Some(b':') {
            return self.fail(format!(
                "expected `:` after a key, found {}",
                self.describe_here()
            ));
        }
        self.advance(1);
        self.skip_space()
    }

    /// The `,` or `}` after a member: whether it was the object's last.
    fn object_ends(&mut self) -> Parsed<bool> {
        self.skip_space()?;
        match self.peek() {
            Some(b',') => {
                self.advance(1);
                Ok(false)
            }
            Some(b'}') => {
                self.advance(1);
                Ok(true)
            }
            _ => self.fail(format!(
                "expected `,` or `}}` after an object member, found {}",
                self.describe_here()
            )),
        }
    }

    fn array(&mut self) -> Parsed<Node> {
        let (start, line, column) = (self.pos, self.line, self.column);
        self.enter()?;
        self.advance(1);
        let mut items = Vec::new();
        self.skip_space()?;
        if self.peek() == Some(b']') {
            self.advance(1);
        } else {
            loop {
                self.skip_space()?;
                if self.peek() == Some(b']') {
                    return self.fail("trailing comma before `]` is not allowed in JSON");
                }
                if let Some(s) = &mut self.stream {
                    s.enter(None);
                }
                let item = self.value();
                if let Some(s) = &mut self.stream {
                    s.leave();
                }
                let item = item?;
                if self.discard == 0 {
                    items.push(item);
                }
                self.skip_space()?;
                match self.peek() {
                    Some(b',') => self.advance(1),
                    Some(b']') => {
                        self.advance(1);
                        break;
                    }
                    _ => {
                        return self.fail(format!(
                            "expected `,` or `]` after an array item, found {}",
                            self.describe_here()
                        ));
                    }
                }
            }
        }
        self.depth -= 1;
        Ok(self.node(Kind::Seq { items, flow: true }, start, line, column))
    }

    /// A string at the cursor (on its opening quote), decoded.
    fn string(&mut self) -> Parsed<String> {
        self.advance(1);
        let mut out = String::new();
        let mut run = self.pos;
        loop {
            let Some(b) = self.peek() else {
                return self.fail("unterminated string");
            };
            match b {
                b'"' => {
                    out.push_str(&self.text[run..self.pos]);
                    self.advance(1);
                    return Ok(out);
                }
                b'\\' => {
                    out.push_str(&self.text[run..self.pos]);
                    self.escape(&mut out)?;
                    run = self.pos;
                }
                0x00..=0x1f => {
                    return self.fail(format!(
                        "control character {:?} in a string must be escaped",
                        b as char
                    ));
                }
                // A character's continuation bytes do not move the column.
                0x80..=0xbf => self.pos += 1,
                _ => self.advance(1),
            }
        }
    }

    fn escape(&mut self, out: &mut String) -> Parsed<()> {
        let c = match self.bytes.get(self.pos + 1) {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                let high = self.hex4(self.pos + 2)?;
                if (0xdc00..0xe000).contains(&high) {
                    return self.fail("a lone low surrogate `\\u` escape is not a character");
                }
                if (0xd800..0xdc00).contains(&high) {
                    let low = match self.bytes.get(self.pos + 6..self.pos + 8) {
                        Some(b"\\u") => self.hex4(self.pos + 8)?,
                        _ => {
                            return self.fail(
                                "a high surrogate `\\u` escape must be followed by a low one",
                            );
                        }
                    };
                    if !(0xdc00..0xe000).contains(&low) {
                        return self
                            .fail("a high surrogate `\\u` escape must be followed by a low one");
                    }
                    let c = 0x10000 + ((high - 0xd800) << 10) + (low - 0xdc00);
                    out.push(char::from_u32(c).expect("a surrogate pair is a character"));
                    self.advance(12);
                    return Ok(());
                }
                out.push(char::from_u32(high).expect("not a surrogate"));
                self.advance(6);
                return Ok(());
            }
            _ => return self.fail("invalid escape in a string"),
        };
        out.push(c);
        self.advance(2);
        Ok(())
    }

    fn hex4(&self, at: usize) -> Parsed<u32> {
        let digits = self
            .text
            .get(at..at + 4)
            .filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()));
        match digits {
            Some(d) => Ok(u32::from_str_radix(d, 16).expect("four hex digits")),
            None => self.fail("`\\u` must be followed by four hex digits"),
        }
    }

    /// Moves past a number: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    fn number(&mut self) -> Parsed<()> {
        if self.peek() == Some(b'-') {
            self.advance(1);
        }
        match self.peek() {
            Some(b'0') => {
                self.advance(1);
                if self.peek().is_some_and(|b| b.is_ascii_digit()) {
                    return self.fail("numbers in JSON have no leading zeros");
                }
            }
            Some(b'1'..=b'9') => self.digits(),
            _ => return self.fail(format!("unexpected {} (not a JSON value)", self.word())),
        }
        if self.peek() == Some(b'.') {
            self.advance(1);
            if !self.peek().is_some_and(|b| b.is_ascii_digit()) {
                return self.fail("expected a digit after the decimal point");
            }
            self.digits();
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.advance(1);
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.advance(1);
            }
            if !self.peek().is_some_and(|b| b.is_ascii_digit()) {
                return self.fail("expected a digit in the exponent");
            }
            self.digits();
        }
        if is_word_byte(self.peek().as_ref()) {
            return self.fail(format!(
                "unexpected {} after a number",
                self.describe_here()
            ));
        }
        Ok(())
    }

    fn digits(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.advance(1);
        }
    }
}

/// The placeholder left where a value was (its start, end, line and column): a scalar spanning
/// its text, which nothing reads as data.
fn skipped((start, end, line, column): (usize, usize, usize, usize)) -> Node {
    let kind = Kind::Scalar {
        value: Default::default(),
        style: ScalarStyle::Plain,
        tag: Some(Box::new(SKIPPED.into())),
    };
    Node {
        kind,
        start,
        end,
        line,
        column,
        anchor: None,
    }
}

fn scalar(value: String, style: ScalarStyle) -> Kind {
    Kind::Scalar {
        value: value.into(),
        style,
        tag: None,
    }
}

fn is_word_byte(b: Option<&u8>) -> bool {
    b.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'.')
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_json::{Value, json};

    use super::parse_json;
    use crate::yaml::to_value;

    fn data(text: &str) -> Value {
        let doc = parse_json(text.to_string()).expect("parses");
        to_value(&doc, &doc.root).expect("converts")
    }

    fn error(text: &str) -> (String, usize, usize) {
        let e = parse_json(text.to_string()).expect_err("refused");
        (e.message, e.line, e.column)
    }

    /// A streamed tree's placeholders read again ([`Document::with_values`]) are the values a
    /// full parse reads, with the same positions (lines too); the placeholders not asked for
    /// stay; the text is shared, not copied.
    #[test]
    fn placeholders_read_again_are_what_a_full_parse_reads() {
        use crate::route::Route;
        let text = "{\"s\": {\n  \"a\": {\"k\": [1, {\"n\": \"é\"}]},\n  \"b\": 2,\n  \"c\": {}}}";
        let full = parse_json(text.into()).unwrap();
        let skeleton =
            super::parse_json_streaming(text.into(), &[&["s"]], &mut |_, _, _, _| None).unwrap();
        let (a, b, c) = (
            Route::root(0).keys(&["s", "a"]),
            Route::root(0).keys(&["s", "b"]),
            Route::root(0).keys(&["s", "c"]),
        );
        let doc = skeleton.with_values(&[&a, &c]).unwrap();
        assert!(std::sync::Arc::ptr_eq(&doc.text, &skeleton.text));
        for route in [&a, &c, &a.key("k").index(1).key("n")] {
            let (want, got) = (full.node_at(route).unwrap(), doc.node_at(route).unwrap());
            assert_eq!(to_value(&doc, got).unwrap(), to_value(&full, want).unwrap());
            assert_eq!(
                (got.start, got.end, got.line, got.column),
                (want.start, want.end, want.line, want.column)
            );
        }
        let left = doc.node_at(&b).unwrap();
        assert!(
            matches!(&left.kind, crate::yaml::Kind::Scalar { tag: Some(t), .. } if **t == super::SKIPPED)
        );
    }

    /// Streamed members are the members a full parse reads, with the same positions; those the
    /// sink keeps stay in the tree, the others leave a placeholder over their text; a broken
    /// member is still an error.
    #[test]
    fn streaming_hands_over_the_members_of_the_named_objects() {
        use crate::route::Route;
        let text =
            "{\"a\": {\"s\": {\"x\": {\"k\": [1, {\"s\": 2}]}, \"y\": 3}}, \"s\": {\"z\": true}}";
        let full = parse_json(text.into()).unwrap();
        let mut got = Vec::new();
        let doc = super::parse_json_streaming(
            text.into(),
            &[&["a", "s"], &["s"]],
            &mut |which, k, v, t| {
                let key = k.as_str().unwrap().to_string();
                got.push((
                    which,
                    key.clone(),
                    to_value(&full, &v).unwrap(),
                    v.line,
                    v.column,
                    t.to_string(),
                ));
                (key == "y").then_some(v)
            },
        )
        .unwrap();
        let want: Vec<_> = [
            (
                0,
                "x",
                json!({"k": [1, {"s": 2}]}),
                1,
                19,
                "{\"k\": [1, {\"s\": 2}]}",
            ),
            (0, "y", json!(3), 1, 46, "3"),
            (1, "z", json!(true), 1, 62, "true"),
        ]
        .into_iter()
        .map(|(w, k, v, l, c, t)| (w, k.to_string(), v, l, c, t.to_string()))
        .collect();
        assert_eq!(got, want);
        let at = |keys: &[&str]| doc.node_at(&Route::root(0).keys(keys)).unwrap();
        let skipped = |n: &super::Node| matches!(&n.kind, super::Kind::Scalar { tag: Some(t), .. } if **t == super::SKIPPED);
        let x = at(&["a", "s", "x"]);
        assert!(skipped(x));
        assert_eq!(&doc.text[x.start..x.end], "{\"k\": [1, {\"s\": 2}]}");
        assert!(skipped(at(&["s", "z"])));
        assert_eq!(at(&["a", "s", "y"]).as_str(), Some("3"));
        let broken = "{\"s\": {\"x\": {\"k\": 1, \"k\": 2}}}";
        let err = super::parse_json_streaming(broken.into(), &[&["s"]], &mut |_, _, _, _| None)
            .unwrap_err();
        assert_eq!(
            (err.message.as_str(), err.line, err.column),
            ("duplicate key `k`", 1, 22)
        );
    }

    #[test]
    fn reads_what_serde_json_reads() {
        for text in [
            r#"{"a": 1, "b": [true, false, null], "c": {"d": "e\u00e8\n\"q\"", "f": -0.5e-3}}"#,
            "[]",
            "{}",
            " \"\\ud83d\\ude00 \\/ \\t\" ",
            "[0, -1, 1.10, 1E+2, 123456789012345678901234567890]",
            "\u{feff}{\"bom\": true}",
        ] {
            let want: Value = serde_json::from_str(text.trim_start_matches('\u{feff}')).unwrap();
            assert_eq!(data(text), want, "{text}");
        }
    }

    #[test]
    fn numbers_keep_their_spelling_and_nodes_their_place() {
        let doc = parse_json("{\n  \"è\": \"x\",\n  \"n\": 1.50\n}".into()).unwrap();
        let super::Kind::Map { entries, flow } = &doc.root.kind else {
            panic!("a map")
        };
        assert!(flow);
        let (k, v) = &entries[1];
        assert_eq!((k.line, k.column, v.as_str()), (3, 3, Some("1.50")));
        assert_eq!(&doc.text[v.start..v.end], "1.50");
        let (k, v) = &entries[0];
        assert_eq!(&doc.text[k.start..k.end], "\"è\"");
        assert_eq!((v.line, v.column), (2, 8), "columns count characters");
        assert_eq!((doc.root.start, doc.root.end), (0, doc.text.len()));
    }

    #[test]
    fn refuses_what_is_not_json_with_its_position() {
        let cases = [
            ("{\"a\": 1,\n}", "trailing comma before `}`", 2, 1),
            ("[1, 2,]", "trailing comma before `]`", 1, 7),
            ("{\"a\": 1} // note", "comments are not allowed", 1, 10),
            ("{\"a\": NaN}", "`NaN`", 1, 7),
            ("{\"a\": 1, \"a\": 2}", "duplicate key `a`", 1, 10),
            ("{'a': 1}", "expected a key in double quotes", 1, 2),
            ("{\"a\": 01}", "leading zeros", 1, 8),
            ("{\"a\": \"x\ny\"}", "control character", 1, 9),
            ("{\"a\": \"\\x\"}", "invalid escape", 1, 8),
            ("{\"a\": \"\\ud800\"}", "high surrogate", 1, 8),
            ("{\"a\": 1} {}", "after the JSON value", 1, 10),
            ("", "no JSON value", 1, 1),
            ("{\"a\": tru}", "`tru`", 1, 7),
            ("{\"a\" 1}", "expected `:`", 1, 6),
            ("[1 2]", "expected `,` or `]`", 1, 4),
            ("\"abc", "unterminated string", 1, 5),
        ];
        for (text, message, line, column) in cases {
            let (m, l, c) = error(text);
            assert!(m.contains(message), "{text:?}: {m}");
            assert_eq!((l, c), (line, column), "{text:?}: {m}");
        }
    }

    /// A member skipped before it is read leaves a placeholder over its text and never reaches
    /// the sink; the others are read as before. Whatever makes a file not JSON is still found in
    /// a skipped member, with the message and position a full parse gives.
    #[test]
    fn a_skipped_member_is_checked_without_a_tree() {
        use crate::route::Route;
        let skip = |which: usize, key: &str| which == 0 && key != "keep";
        let mut seen = Vec::new();
        let text = r#"{"s": {"big": {"a": [1, {"b": null}], "c": "d"}, "keep": [2]}}"#;
        let doc = super::parse_json_streaming_skipping(
            text.into(),
            &[&["s"]],
            &skip,
            &mut |_, key, value, _| {
                seen.push(key.as_str().unwrap_or_default().to_string());
                Some(value)
            },
        )
        .unwrap();
        assert_eq!(seen, ["keep"]);
        let big = doc.node_at(&Route::root(0).keys(&["s", "big"])).unwrap();
        assert!(
            matches!(&big.kind, super::Kind::Scalar { tag: Some(t), .. } if **t == super::SKIPPED)
        );
        assert_eq!(
            &doc.text[big.start..big.end],
            r#"{"a": [1, {"b": null}], "c": "d"}"#
        );
        let keep = doc.node_at(&Route::root(0).keys(&["s", "keep"])).unwrap();
        assert_eq!(to_value(&doc, keep).unwrap(), json!([2]));
        for broken in [
            "{\"a\": 1,\n}",
            "[1, 2,]",
            "{\"a\": 1, \"a\": 2}",
            "{\"a\": [{\"b\": 1, \"b\": 1}]}",
            "{\"a\": tru}",
            "[1 2]",
            "{\"a\": 01}",
        ] {
            let whole = format!("{{\"s\": {{\"big\": {broken}}}}}");
            let e = super::parse_json_streaming_skipping(
                whole.clone(),
                &[&["s"]],
                &skip,
                &mut |_, _, v, _| Some(v),
            )
            .expect_err("refused");
            assert_eq!((e.message, e.line, e.column), error(&whole), "{whole}");
        }
    }

    #[test]
    fn refuses_deep_nesting_without_overflowing() {
        let text = "[".repeat(100_000);
        assert!(error(&text).0.contains("nesting deeper than"));
    }

    fn json_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(|n| json!(n)),
            (-1e6f64..1e6).prop_map(|f| json!(f)),
            "\\PC{0,12}".prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::btree_map("[a-zè\"\\\\]{0,6}", inner, 0..6)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        /// Whatever serde_json writes, compact or pretty, reads back as the same data.
        #[test]
        fn round_trips_serde_json(v in json_value(), pretty in any::<bool>()) {
            let text = if pretty {
                serde_json::to_string_pretty(&v).unwrap()
            } else {
                serde_json::to_string(&v).unwrap()
            };
            prop_assert_eq!(data(&text), v);
        }
    }
}

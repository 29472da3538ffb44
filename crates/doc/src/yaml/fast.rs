//! A fast reader for the plain block YAML almost every hand-written file is made of: block
//! mappings and sequences, one-line plain and quoted scalars, one-line flow collections, literal
//! block scalars, comments and `---` between documents.
//!
//! It builds exactly the tree the full parser builds (same nodes, spans, lines and columns), and
//! gives up (`None`) at the first thing outside that subset — anchors, tags, escapes, folded or
//! kept block scalars, multi-line flow or plain scalars, tabs, CR, errors of any kind — so the
//! full parser reads that file instead and reports whatever is wrong. Debug builds read every
//! file both ways and compare, and a test mutates files at random to hunt for a difference.

use compact_str::CompactString;
use granit_parser::ScalarStyle;
use memchr::memchr;

use super::parse::{Kind, MAX_DEPTH, Node, SCAN, seen_before};

/// The documents of `text`, or `None` when the full parser must read it. `several`: whether
/// more than one document is allowed (the full parser reports the error otherwise).
pub(super) fn parse(text: &str, several: bool) -> Option<Vec<Node>> {
    let ascii = plain_characters(text)?;
    let mut r = Reader {
        text,
        b: text.as_bytes(),
        ascii,
        line: 1,
        line_start: 0,
        line_end: 0,
        seen: None,
        counted: std::cell::Cell::new((0, 0)),
        depth: 0,
    };
    r.line_end = r.find_eol(0);
    let roots = r.stream()?;
    (!roots.is_empty() && (several || roots.len() == 1)).then_some(roots)
}

/// A bit for each (length, first byte) of the keys of a mapping so far: a key whose bit is not
/// set is new, and is not compared with the others (most keys).
struct Seen(u64);

impl Seen {
    /// Whether `key`, the key after `count` others, may repeat one (then `seen_before` tells).
    fn maybe(&mut self, key: &str, count: usize) -> bool {
        let first = key.as_bytes().first().map_or(0, |&b| usize::from(b));
        let bit = 1u64 << ((key.len() ^ first.wrapping_mul(7)) & 63);
        let maybe = self.0 & bit != 0 || count >= SCAN;
        self.0 |= bit;
        maybe
    }
}

/// Whether every character is one the subset allows (`Some(true)` when all are ASCII): no tab, no
/// CR, no control character, no byte-order mark or line separator, nothing YAML forbids.
fn plain_characters(text: &str) -> Option<bool> {
    // Branch-free within each block, so that it compiles to vector instructions.
    let mut high = 0u8;
    for block in text.as_bytes().chunks(64) {
        let mut bad = false;
        for &c in block {
            high |= c;
            bad |= (c < 0x20) & (c != b'\n') | (c == 0x7f);
        }
        if bad {
            return None;
        }
    }
    let ascii = high < 0x80;
    if !ascii {
        let printable = |c: char| {
            c.is_ascii()
                || matches!(c, '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
                    && c != '\u{FEFF}'
        };
        if !text.chars().all(printable) {
            return None;
        }
    }
    Some(ascii)
}

/// What the next line holding something other than blanks and comments is.
enum Next {
    Eof,
    /// A `---` line (the reader stands on it).
    Marker,
    /// A content line (the reader stands on it) with its indentation.
    Line(usize),
}

struct Reader<'t> {
    text: &'t str,
    b: &'t [u8],
    ascii: bool,
    /// 1-based number of the line starting at `line_start`.
    line: usize,
    line_start: usize,
    /// Where that line ends (its `\n`, or the end of the text).
    line_end: usize,
    /// The last content line found, and its indentation.
    seen: Option<(usize, usize)>,
    /// Where the last node's column was counted (in characters), on a text that is not ASCII.
    counted: std::cell::Cell<(usize, usize)>,
    depth: usize,
}

fn scalar(value: impl Into<CompactString>, style: ScalarStyle) -> Kind {
    Kind::Scalar {
        value: value.into(),
        style,
        tag: None,
    }
}

impl Reader<'_> {
    fn find_eol(&self, from: usize) -> usize {
        memchr(b'\n', &self.b[from..]).map_or(self.b.len(), |i| from + i)
    }

    /// The end of the current line, where everything from `at` on it ends.
    fn eol(&self, at: usize) -> usize {
        debug_assert!(self.line_start <= at && at <= self.line_end);
        self.line_end
    }

    /// Moves to the line after the one the reader stands on.
    fn advance(&mut self) {
        if self.line_end < self.b.len() {
            self.line += 1;
            self.line_start = self.line_end + 1;
            self.line_end = self.find_eol(self.line_start);
        } else {
            self.line_start = self.b.len();
        }
    }

    /// A node of the current line.
    #[inline(always)]
    fn node(&self, kind: Kind, start: usize, end: usize) -> Node {
        let column = if self.ascii {
            start - self.line_start
        } else {
            // Counted on from the last node of the line: a long line of many nodes stays linear.
            let (at, counted) = match self.counted.get() {
                (at, n) if self.line_start <= at && at <= start => (at, n),
                _ => (self.line_start, 0),
            };
            let column = counted + self.text[at..start].chars().count();
            self.counted.set((start, column));
            column
        };
        Node {
            kind,
            start,
            end,
            line: self.line,
            column: column + 1,
            anchor: None,
        }
    }

    /// Skips blank and comment lines. `None` for what the subset does not read at column 0: a
    /// directive, `...`, or `---` with anything after it.
    fn next_content(&mut self) -> Option<Next> {
        // Every collection that ends at a line asks again: the answer is kept.
        if let Some((at, indent)) = self.seen
            && at == self.line_start
        {
            return Some(Next::Line(indent));
        }
        loop {
            let s = self.line_start;
            if s >= self.b.len() {
                return Some(Next::Eof);
            }
            let eol = self.eol(s);
            let line = &self.b[s..eol];
            let indent = line.iter().take_while(|&&c| c == b' ').count();
            if indent == line.len() || line[indent] == b'#' {
                self.advance();
                continue;
            }
            if indent == 0 {
                match line {
                    b"---" => return Some(Next::Marker),
                    [b'%', ..] => return None,
                    _ if line.starts_with(b"---") || line.starts_with(b"...") => {
                        let next = line.get(3).copied();
                        if matches!(next, None | Some(b' ')) {
                            return None;
                        }
                    }
                    _ => {}
                }
            }
            self.seen = Some((s, indent));
            return Some(Next::Line(indent));
        }
    }

    fn stream(&mut self) -> Option<Vec<Node>> {
        let mut roots = Vec::new();
        // The end of the `---` that opened a document no content has filled yet.
        let mut open: Option<Node> = None;
        let mut after_content = false;
        loop {
            match self.next_content()? {
                Next::Eof => {
                    roots.extend(open);
                    return Some(roots);
                }
                Next::Marker => {
                    roots.extend(open.take());
                    let at = self.line_start + 3;
                    open = Some(self.node(scalar("~", ScalarStyle::Plain), at, at));
                    after_content = false;
                    self.advance();
                }
                Next::Line(indent) => {
                    if after_content {
                        return None;
                    }
                    let at = self.line_start + indent;
                    let root = if self.dash_item(at) {
                        self.sequence(indent, false)?
                    } else if self.key_end(at).is_some() {
                        self.mapping(at, indent)?
                    } else {
                        return None;
                    };
                    roots.push(root);
                    open = None;
                    after_content = true;
                }
            }
        }
    }

    /// Whether a sequence entry `- ` starts at `at`.
    fn dash_item(&self, at: usize) -> bool {
        self.b[at] == b'-' && self.b.get(at + 1) == Some(&b' ')
    }

    fn enter(&mut self) -> Option<()> {
        self.depth += 1;
        (self.depth < MAX_DEPTH / 2).then_some(())
    }

    /// Where the key starting at `at` ends (at its `:`), if the line holds `key: ...`.
    fn key_end(&self, at: usize) -> Option<usize> {
        let eol = self.eol(at);
        let b = &self.b[..eol];
        let colon = match b[at] {
            q @ (b'"' | b'\'') => at + 2 + memchr(q, &b[at + 1..])?,
            _ => {
                let mut i = at;
                loop {
                    // Keys are short: a plain loop beats a vector search's set-up.
                    i += b[i..].iter().position(|&c| c == b':' || c == b'#')?;
                    match b[i] {
                        b':' if matches!(b.get(i + 1), None | Some(b' ')) => break,
                        b'#' if i > at && b[i - 1] == b' ' => return None,
                        _ => i += 1,
                    }
                }
                i
            }
        };
        (b.get(colon) == Some(&b':') && matches!(b.get(colon + 1), None | Some(b' ')))
            .then_some(colon)
    }

    /// A block mapping whose first key starts at `at` on the current line, at column `indent`.
    fn mapping(&mut self, at: usize, indent: usize) -> Option<Node> {
        self.enter()?;
        let mut entries: Vec<(Node, Node)> = Vec::new();
        let (mut keys, mut seen) = (None, Seen(0));
        let mut at = at;
        loop {
            let colon = self.key_end(at)?;
            let key = self.key(at, colon)?;
            let name = key.as_str()?;
            if name == "<<"
                || seen.maybe(name, entries.len()) && seen_before(&entries, &mut keys, name)
            {
                return None;
            }
            let rest = self.skip_spaces(colon + 1);
            let value = if self.ends_line(rest) {
                let null = self.node(scalar("~", ScalarStyle::Plain), colon, colon);
                self.advance();
                match self.next_content()? {
                    Next::Line(m) if m > indent => self.block_node(m, indent)?,
                    Next::Line(m) if m == indent && self.dash_item(self.line_start + m) => {
                        self.sequence(indent, true)?
                    }
                    _ => null,
                }
            } else {
                self.inline(rest, indent, false)?
            };
            entries.push((key, value));
            match self.next_content()? {
                Next::Line(m) if m == indent => {
                    at = self.line_start + m;
                    if self.dash_item(at) {
                        return None;
                    }
                }
                Next::Line(m) if m > indent => return None,
                _ => break,
            }
        }
        self.depth -= 1;
        let (first, _) = &entries[0];
        let (start, line, column) = (first.start, first.line, first.column);
        let end = entries.last().map_or(start, |(k, v)| k.end.max(v.end));
        Some(Node {
            kind: Kind::Map {
                entries,
                flow: false,
            },
            start,
            end,
            line,
            column,
            anchor: None,
        })
    }

    /// A block sequence whose entries' `-` stand at column `indent`, the first on the current
    /// line. `indentless`: the value of a mapping key at the same column.
    fn sequence(&mut self, indent: usize, indentless: bool) -> Option<Node> {
        self.enter()?;
        // An indentless sequence starts where its first entry's content does.
        let dash = self.line_start + indent;
        let start = if indentless {
            self.skip_spaces(dash + 1)
        } else {
            dash
        };
        let mut seq = self.node(
            Kind::Seq {
                items: Vec::new(),
                flow: false,
            },
            start,
            start,
        );
        let mut items = Vec::new();
        loop {
            let at = self.skip_spaces(self.line_start + indent + 1);
            if self.ends_line(at) {
                return None;
            }
            items.push(self.inline(at, indent, true)?);
            match self.next_content()? {
                Next::Line(m) if m == indent && self.dash_item(self.line_start + m) => {}
                Next::Line(m) if m == indent && indentless => break,
                Next::Line(m) if m >= indent => return None,
                _ => break,
            }
        }
        self.depth -= 1;
        seq.end = items.last().map_or(seq.start, |i| i.end);
        seq.kind = Kind::Seq { items, flow: false };
        Some(seq)
    }

    /// The node that starts a line of its own at column `indent`, below a key at `parent`.
    fn block_node(&mut self, indent: usize, parent: usize) -> Option<Node> {
        let at = self.line_start + indent;
        if self.dash_item(at) {
            return self.sequence(indent, false);
        }
        if matches!(self.b[at], b'|' | b'-') {
            return None;
        }
        self.inline(at, parent, true)
    }

    fn skip_spaces(&self, mut at: usize) -> usize {
        while self.b.get(at) == Some(&b' ') {
            at += 1;
        }
        at
    }

    /// Whether nothing but a comment follows `at` (the end of spaces) on its line.
    fn ends_line(&self, at: usize) -> bool {
        matches!(self.b.get(at), None | Some(b'\n' | b'#'))
    }

    /// Moves past the current line when nothing but spaces and a comment follow `at`.
    fn finish_line(&mut self, at: usize) -> Option<()> {
        let rest = self.skip_spaces(at);
        match self.b.get(rest) {
            None | Some(b'\n') => {}
            Some(b'#') if rest > at => {}
            _ => return None,
        }
        self.advance();
        Some(())
    }

    /// A value starting at `at` on the current line, whose parent collection stands at column
    /// `parent`. `compact`: a mapping may start here (a sequence entry or a line of its own).
    fn inline(&mut self, at: usize, parent: usize, compact: bool) -> Option<Node> {
        match self.b[at] {
            b'|' => self.literal(at, parent),
            b'[' | b'{' => {
                let (node, end) = self.flow(at)?;
                self.finish_line(end)?;
                Some(node)
            }
            b'"' | b'\'' if self.key_end(at).is_some() => self.compact_mapping(at, compact),
            b'"' | b'\'' => {
                let (node, end) = self.quoted(at)?;
                self.finish_line(end)?;
                Some(node)
            }
            c if starts_plain(c, self.b.get(at + 1).copied()) => {
                // One pass finds the end of the scalar, or the `: ` that makes it a key.
                let eol = self.eol(at);
                let mut i = at;
                let stop = loop {
                    let Some(k) = self.b[i..eol].iter().position(|&c| c == b':' || c == b'#')
                    else {
                        break eol;
                    };
                    let j = i + k;
                    match self.b[j] {
                        b':' if j + 1 == eol || self.b[j + 1] == b' ' => {
                            return self.compact_mapping(at, compact);
                        }
                        b'#' if self.b[j - 1] == b' ' => break j,
                        _ => i = j + 1,
                    }
                };
                let mut end = stop;
                while self.b[end - 1] == b' ' {
                    end -= 1;
                }
                let node = self.node(scalar(&self.text[at..end], ScalarStyle::Plain), at, end);
                self.advance();
                Some(node)
            }
            _ => None,
        }
    }

    /// A mapping whose first key starts at `at`, where a value is expected: allowed only where a
    /// mapping may start on the same line (`compact`).
    fn compact_mapping(&mut self, at: usize, compact: bool) -> Option<Node> {
        // Only spaces and `-` stand before it: bytes are columns.
        compact.then(|| self.mapping(at, at - self.line_start))?
    }

    /// A one-line quoted scalar without escapes; returns it and the end of its closing quote.
    fn quoted(&self, at: usize) -> Option<(Node, usize)> {
        let q = self.b[at];
        let eol = self.eol(at);
        let close = at + 1 + memchr(q, &self.b[at + 1..eol])?;
        let inner = &self.text[at + 1..close];
        if (q == b'"' && inner.contains('\\')) || self.b.get(close + 1) == Some(&q) {
            return None;
        }
        let style = if q == b'"' {
            ScalarStyle::DoubleQuoted
        } else {
            ScalarStyle::SingleQuoted
        };
        Some((self.node(scalar(inner, style), at, close + 1), close + 1))
    }

    /// A key from `at` to `end` (exclusive).
    fn key(&self, at: usize, end: usize) -> Option<Node> {
        match self.b[at] {
            b'"' | b'\'' => self.quoted(at).map(|(n, _)| n),
            c if starts_plain(c, self.b.get(at + 1).copied()) => {
                if end == at || self.b[end - 1] == b' ' {
                    return None;
                }
                Some(self.node(scalar(&self.text[at..end], ScalarStyle::Plain), at, end))
            }
            _ => None,
        }
    }

    /// A literal block scalar (`|` or `|-`) whose indicator is at `at`, below a collection at
    /// column `parent`.
    fn literal(&mut self, at: usize, parent: usize) -> Option<Node> {
        let strip = match &self.b[at + 1..self.eol(at)] {
            b"" => false,
            b"-" => true,
            _ => return None,
        };
        self.advance();
        let first = self.line_start;
        let (first_line, len) = (self.line, self.b.len());
        let indent = self.b[first..].iter().take_while(|&&c| c == b' ').count();
        if first >= len
            || indent <= parent
            || matches!(self.b.get(first + indent), None | Some(b'\n'))
        {
            return None;
        }
        let mut value = String::new();
        let mut blanks = 0;
        let mut end = first + indent;
        loop {
            let s = self.line_start;
            if s >= len {
                break;
            }
            let eol = self.eol(s);
            if eol == s {
                blanks += 1;
                self.advance();
                continue;
            }
            let spaces = self.b[s..eol].iter().take_while(|&&c| c == b' ').count();
            if spaces == eol - s {
                return None;
            }
            if spaces < indent {
                break;
            }
            for _ in 0..blanks {
                value.push('\n');
            }
            blanks = 0;
            if s != first {
                value.push('\n');
            }
            value.push_str(&self.text[s + indent..eol]);
            end = eol;
            if eol == len {
                self.advance();
                break;
            }
            self.advance();
        }
        if !strip && end < len {
            value.push('\n');
        }
        let node = Node {
            kind: scalar(value, ScalarStyle::Literal),
            start: first + indent,
            end,
            line: first_line,
            column: indent + 1,
            anchor: None,
        };
        Some(node)
    }

    /// A flow collection on one line from `at` (`[` or `{`); returns it and its end.
    fn flow(&mut self, at: usize) -> Option<(Node, usize)> {
        self.enter()?;
        let map = self.b[at] == b'{';
        let close = if map { b'}' } else { b']' };
        let mut items = Vec::new();
        let mut entries: Vec<(Node, Node)> = Vec::new();
        let (mut keys, mut seen) = (None, Seen(0));
        let mut i = self.skip_spaces(at + 1);
        while self.b.get(i) != Some(&close) {
            if map {
                let (key, after) = self.flow_scalar(i, true)?;
                let name = key.as_str()?;
                if name == "<<"
                    || seen.maybe(name, entries.len()) && seen_before(&entries, &mut keys, name)
                {
                    return None;
                }
                if self.b.get(after) != Some(&b':') || self.b.get(after + 1) != Some(&b' ') {
                    return None;
                }
                let (value, after) = self.flow_item(self.skip_spaces(after + 1))?;
                entries.push((key, value));
                i = after;
            } else {
                let (item, after) = self.flow_item(i)?;
                items.push(item);
                i = after;
            }
            i = self.skip_spaces(i);
            match self.b.get(i) {
                Some(b',') => i = self.skip_spaces(i + 1),
                Some(&c) if c == close => {}
                _ => return None,
            }
        }
        self.depth -= 1;
        let kind = if map {
            Kind::Map {
                entries,
                flow: true,
            }
        } else {
            Kind::Seq { items, flow: true }
        };
        Some((self.node(kind, at, i + 1), i + 1))
    }

    /// A value inside a flow collection: a scalar or a nested collection.
    fn flow_item(&mut self, at: usize) -> Option<(Node, usize)> {
        match self.b.get(at)? {
            b'[' | b'{' => self.flow(at),
            _ => self.flow_scalar(at, false),
        }
    }

    /// A scalar inside a flow collection; `key`: it is followed by `: `.
    fn flow_scalar(&self, at: usize, key: bool) -> Option<(Node, usize)> {
        let c = *self.b.get(at)?;
        if matches!(c, b'"' | b'\'') {
            return self.quoted(at);
        }
        if !starts_plain(c, self.b.get(at + 1).copied()) {
            return None;
        }
        let mut i = at;
        let mut end = at;
        loop {
            match self.b.get(i)? {
                b',' | b']' | b'}' => break,
                b':' if key && self.b.get(i + 1) == Some(&b' ') => break,
                b':' | b'#' | b'[' | b'{' | b'\n' => return None,
                b' ' => {}
                _ => end = i + 1,
            }
            i += 1;
        }
        let node = self.node(scalar(&self.text[at..end], ScalarStyle::Plain), at, end);
        Some((node, end))
    }
}

/// Whether a plain scalar may start with `c` (followed by `next`).
fn starts_plain(c: u8, next: Option<u8>) -> bool {
    match c {
        // `,[]{}` end a scalar in a flow collection: refused after these everywhere, for
        // simplicity.
        b'-' | b'?' | b':' => !matches!(
            next,
            None | Some(b' ' | b'\n' | b',' | b'[' | b']' | b'{' | b'}')
        ),
        b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|' | b'>' | b'\''
        | b'"' | b'%' | b'@' | b'`' | b' ' | b'\n' => false,
        _ => true,
    }
}

#[cfg(test)]
mod tests;

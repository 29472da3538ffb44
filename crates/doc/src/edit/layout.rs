//! The file's own conventions, so new text looks like its neighbours.

use crate::yaml::{Document, Kind, Node};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    /// Indentation unit of nested mappings (2 or 4, usually).
    pub indent: usize,
    /// Columns from a key to the dashes of a sequence under it: 0 when lists are not indented
    /// (`key:\n- a`), else often `indent`, but not always (`key:\n  - a` in a 4-space file).
    pub seq_indent: usize,
    /// Columns from a `-` to its item's content (`- a`: 2, `-   a`: 4).
    pub gap: usize,
    /// `\r\n` when the file uses it.
    pub crlf: bool,
}

impl Layout {
    pub fn newline(&self) -> &'static str {
        if self.crlf { "\r\n" } else { "\n" }
    }

    /// Reads the conventions off a document; defaults (2, indented, LF) where it shows none.
    pub fn of(doc: &Document) -> Self {
        let mut indents = Vec::new();
        let mut seqs = Vec::new();
        let mut gaps = Vec::new();
        for root in doc.roots() {
            walk(&doc.text, root, &mut indents, &mut seqs, &mut gaps);
        }
        let indent = most_common(&indents)
            .filter(|n| (1..=8).contains(n))
            .unwrap_or(2);
        // Lists indented or not, by most of them; then by how much, by most of the indented.
        let indented: Vec<usize> = seqs.iter().copied().filter(|n| *n > 0).collect();
        let seq_indent = if indented.len() * 2 < seqs.len() {
            0
        } else {
            most_common(&indented)
                .filter(|n| (1..=8).contains(n))
                .unwrap_or(indent)
        };
        let gap = most_common(&gaps)
            .filter(|n| (2..=8).contains(n))
            .unwrap_or(2);
        Self {
            indent,
            seq_indent,
            gap,
            crlf: doc.text.contains("\r\n"),
        }
    }
}

fn most_common(v: &[usize]) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    for &x in v {
        let n = v.iter().filter(|&&y| y == x).count();
        if best.is_none_or(|(_, m)| n > m) {
            best = Some((x, n));
        }
    }
    best.map(|b| b.0)
}

/// Column (0-based) of a byte offset.
pub(crate) fn column(text: &str, at: usize) -> usize {
    at - text[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// Collects, for every block mapping value under a key on its own line, how much deeper it is,
/// for every block sequence under a key, how much deeper its dashes are, and for every block
/// sequence item starting on its dash's line, the columns from the dash to it.
fn walk(
    text: &str,
    node: &Node,
    indents: &mut Vec<usize>,
    seqs: &mut Vec<usize>,
    gaps: &mut Vec<usize>,
) {
    match &node.kind {
        Kind::Map { entries, .. } => {
            for (k, v) in entries {
                match &v.kind {
                    Kind::Map { flow: false, .. } if v.line > k.line => {
                        let (kc, vc) = (column(text, k.start), column(text, v.start));
                        if vc > kc {
                            indents.push(vc - kc);
                        }
                    }
                    Kind::Seq { flow: false, items } if v.line > k.line && !items.is_empty() => {
                        let dash = dash_before(text, items[0].start).unwrap_or(v.start);
                        let (dc, kc) = (column(text, dash), column(text, k.start));
                        seqs.push(dc.saturating_sub(kc));
                    }
                    _ => {}
                }
                walk(text, v, indents, seqs, gaps);
            }
        }
        Kind::Seq { items, flow } => {
            for i in items {
                if !flow
                    && let Some(dash) = dash_before(text, i.start)
                    && !text[dash..i.start].contains('\n')
                {
                    gaps.push(i.start - dash);
                }
                walk(text, i, indents, seqs, gaps);
            }
        }
        _ => {}
    }
}

/// The `-` that introduces a block sequence item starting at `start` (skipping an anchor, a tag
/// or a block scalar's header written before the item's content, as in `- &name`, `- !tag`,
/// `- |+`).
pub(crate) fn dash_before(text: &str, start: usize) -> Option<usize> {
    let mut before = text[..start].trim_end_matches([' ', '\t', '\n', '\r']);
    loop {
        if before.ends_with('-') {
            let dash = before.len() - 1;
            let prev = before[..dash].chars().next_back();
            if prev.is_none_or(|c| c == ' ' || c == '\n' || c == '-') {
                return Some(dash);
            }
        }
        let token_start = before.rfind([' ', '\t', '\n']).map_or(0, |i| i + 1);
        let token = &before[token_start..];
        // A block scalar's content starts on the line after its header (`- |+`).
        let header = token.starts_with(['|', '>'])
            && token[1..]
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b'+' || b == b'-');
        if !token.starts_with(['&', '!']) && !header {
            return None;
        }
        before = before[..token_start].trim_end_matches([' ', '\t', '\n', '\r']);
    }
}

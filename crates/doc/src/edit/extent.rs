//! Which lines belong to an entry of a block list, so that delete, clone, `show --raw` and
//! insertion all agree on them.
//!
//! The rule, for an entry whose `-` stands at column D:
//! - its text runs from its `-` line to its last line, including comment lines after it indented
//!   deeper than D (they are inside it: a commented-out key, a note on its last value), with
//!   any blank lines between them, and the trailing blank lines a keep (`|+`) block scalar holds;
//! - comment lines directly above its `-` line (no blank line between), indented at least to D
//!   and not inside the entry before, are its heading: delete removes them with it; so are
//!   comment lines deeper than D that follow a blank line after the entry before and lead
//!   straight into this entry's heading or `-` (a blank line ends an entry's trailing comments
//!   when what follows is the next entry's);
//! - comment lines at column D or less after the list's last entry belong to no entry.
//!
//! The same holds for a block mapping whose keys stand at column K: comment lines after its last
//! value indented deeper than K are inside that value; a key added to the mapping goes after
//! them, and the text of the key after it (removed with it) starts after them.

use granit_parser::ScalarStyle;

use super::layout::{column, dash_before};
use crate::route::Route;
use crate::yaml::{Document, Kind, Node};

/// Byte offsets of the lines an item owns; every offset is a line start (or the text's end).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Extent {
    /// The first heading comment line (the `-` line when there is none).
    pub head: usize,
    /// The `-` line.
    pub start: usize,
    /// After its last line (and that line's break).
    pub end: usize,
}

/// The extent of `items[index]` of a block list. `None` when the item has no `-` of its own.
pub(crate) fn item_extent(text: &str, items: &[Node], index: usize) -> Option<Extent> {
    let item = items.get(index)?;
    let dash = dash_before(text, item.start)?;
    let dash_col = column(text, dash);
    let start = line_start(text, dash);
    let end = body_end(text, items, index, dash_col);
    let floor = match index.checked_sub(1) {
        Some(prev) => dash_before(text, items[prev].start)
            .map_or(0, |d| body_end(text, items, prev, column(text, d))),
        None => 0,
    };
    let head = heading_start(text, start, dash_col, floor);
    Some(Extent { head, start, end })
}

/// After the last line of `items[index]`, whose `-` stands at column `dash_col`: its comment
/// lines indented deeper than the `-` included, except a run of them that follows a blank line
/// and leads straight (no blank line) into the next entry's `-` or heading: that run is the next
/// entry's heading. It is what an entry inserted above a heading deeper than its `-` leaves
/// (the inserted entry, a blank line, the heading), so the heading keeps its entry.
fn body_end(text: &str, items: &[Node], index: usize, dash_col: usize) -> usize {
    let from = line_end(text, items[index].end);
    let end = trailing_comments_end(text, from, dash_col);
    let Some(next) = items
        .get(index + 1)
        .and_then(|n| dash_before(text, n.start))
    else {
        return end;
    };
    // Only comment lines (no blank one) between the run and the next `-`.
    if end == from || heading_start(text, line_start(text, next), 0, end) != end {
        return end;
    }
    let blank = |at: usize| text[at..line_end(text, at)].trim().is_empty();
    let mut run = end;
    while run > from && !blank(line_start(text, run - 1)) {
        run = line_start(text, run - 1);
    }
    if run == from {
        return end;
    }
    // The blank lines before the run separate the two entries: neither owns them.
    let mut cut = run;
    while cut > from && blank(line_start(text, cut - 1)) {
        cut = line_start(text, cut - 1);
    }
    cut
}

/// After the last line of a block mapping: its last value, and the comment lines after it
/// indented deeper than its keys, which are inside that value as they would be inside a list's
/// entry. A key added to the mapping goes there.
pub(crate) fn map_end(text: &str, map: &Node) -> usize {
    let Kind::Map { entries, .. } = &map.kind else {
        return line_end(text, map.end);
    };
    let Some((k, v)) = entries.last() else {
        return line_end(text, map.end);
    };
    let col = column(text, entries[0].0.start);
    trailing_comments_end(text, line_end(text, v.end.max(k.end).max(map.end)), col)
}

/// After the comment lines (and blank lines between them) that follow `from` indented deeper
/// than `col`.
pub(crate) fn trailing_comments_end(text: &str, from: usize, col: usize) -> usize {
    let mut end = from;
    let mut at = from;
    while at < text.len() {
        let next = line_end(text, at);
        let line = text[at..next].trim_end_matches(['\n', '\r']);
        let trimmed = line.trim_start_matches(' ');
        if trimmed.trim().is_empty() {
            at = next;
            continue;
        }
        if trimmed.starts_with('#') && line.len() - trimmed.len() > col {
            end = next;
            at = next;
        } else {
            break;
        }
    }
    end
}

/// The lines a member of a flow collection owns when it stands on lines of its own (a flow list
/// or mapping written one member a line): nothing but indentation before it on its first line,
/// nothing but its comma and a comment after it on its last. Byte offsets, as [`Extent`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FlowExtent {
    /// The first comment line directly above it (its first line when there is none).
    pub head: usize,
    /// Its first line.
    pub start: usize,
    /// After its last line (and that line's break).
    pub end: usize,
    /// Where the comment on its last line starts, with the spaces before it: the member's own.
    pub comment: Option<usize>,
    /// Whether a comma follows it on its last line.
    pub comma: bool,
}

/// The [`FlowExtent`] of member `index` of a flow collection whose members span `members`
/// (a mapping's: from key to value); `None` when it shares a line with other text.
pub(crate) fn flow_member_extent(
    text: &str,
    members: &[(usize, usize)],
    index: usize,
) -> Option<FlowExtent> {
    let (s, e) = *members.get(index)?;
    let start = line_start(text, s);
    if !text[start..s].trim().is_empty() {
        return None;
    }
    let end = line_end(text, e);
    let rest = text[e..end].trim_end_matches(['\n', '\r']);
    let after = rest.trim_start_matches([' ', '\t']);
    let (comma, after_comma) = match after.strip_prefix(',') {
        Some(r) => (true, r),
        None => (false, after),
    };
    let tail = after_comma.trim_start_matches([' ', '\t']);
    if !tail.is_empty() && !tail.starts_with('#') {
        return None;
    }
    // From right after the member (or its comma): the spaces before the `#` are the comment's.
    let comment = (!tail.is_empty()).then(|| match comma {
        true => e + rest.len() - after_comma.len(),
        false => e,
    });
    let floor = match index.checked_sub(1) {
        Some(prev) => line_end(text, members[prev].1),
        None => 0,
    };
    Some(FlowExtent {
        head: heading_start(text, start, 0, floor),
        start,
        end,
        comment,
        comma,
    })
}

/// The comment after `at` on its line (with the spaces before it), when nothing else is there.
pub(crate) fn comment_after(text: &str, at: usize) -> Option<String> {
    let rest = &text[at..line_end(text, at)];
    rest.trim_start_matches([' ', '\t'])
        .starts_with('#')
        .then(|| line_comment(text, at))
}

/// The rest of the line from `at`, without its line break.
pub(crate) fn line_comment(text: &str, at: usize) -> String {
    text[at..line_end(text, at)]
        .trim_end_matches(['\n', '\r'])
        .to_string()
}

/// The first of the comment lines directly above the line starting at `start`, indented at
/// least to `min_col`, not above `floor`.
pub(crate) fn heading_start(text: &str, mut start: usize, min_col: usize, floor: usize) -> usize {
    while start > floor {
        let prev = line_start(text, start - 1);
        let line = &text[prev..start];
        let ind = line.len() - line.trim_start_matches(' ').len();
        if line.trim_start().starts_with('#') && ind >= min_col {
            start = prev;
        } else {
            break;
        }
    }
    start
}

pub(crate) fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// The start of the next line after the one holding `at` (or the end of the text).
pub(crate) fn line_end(text: &str, at: usize) -> usize {
    text[at..].find('\n').map_or(text.len(), |i| at + i + 1)
}

/// The block scalar (`|` or `>`) whose last line ends at `pos` (a line start or the text's
/// end), if any.
pub(crate) fn block_scalar_ending_at(doc: &Document, pos: usize) -> Option<&Node> {
    fn walk<'d>(text: &str, node: &'d Node, pos: usize) -> Option<&'d Node> {
        match &node.kind {
            Kind::Scalar {
                style: ScalarStyle::Literal | ScalarStyle::Folded,
                ..
            } if line_end(text, node.end) == pos => Some(node),
            Kind::Map { entries, .. } => entries
                .iter()
                .rev()
                .find_map(|(k, v)| walk(text, v, pos).or_else(|| walk(text, k, pos))),
            Kind::Seq { items, .. } => items.iter().rev().find_map(|i| walk(text, i, pos)),
            _ => None,
        }
    }
    doc.roots().find_map(|root| walk(&doc.text, root, pos))
}

/// The chomping indicator of a block scalar's header (`+`, `-`, or none for clip) and the byte
/// range of the header's indicator token (`|`, `>+`, `|2-`, …).
pub(crate) fn block_header(text: &str, scalar: &Node) -> Option<(Option<char>, usize, usize)> {
    // The header is the last non-blank line before the first content line.
    let mut at = line_start(text, scalar.start);
    let line = loop {
        if at == 0 {
            return None;
        }
        let prev = line_start(text, at - 1);
        if !text[prev..at].trim().is_empty() {
            break prev;
        }
        at = prev;
    };
    let header = &text[line..at];
    let bytes = header.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'#' && (i == 0 || bytes[i - 1] == b' ') {
            return None;
        }
        if !matches!(b, b'|' | b'>') || (i > 0 && !matches!(bytes[i - 1], b' ' | b'\t')) {
            continue;
        }
        let len = 1 + bytes[i + 1..]
            .iter()
            .take_while(|c| c.is_ascii_digit() || matches!(c, b'+' | b'-'))
            .count();
        if bytes
            .get(i + len)
            .is_none_or(|c| matches!(c, b' ' | b'\t' | b'\r' | b'\n'))
        {
            let token = &header[i..i + len];
            let chomp = token.chars().find(|c| matches!(c, '+' | '-'));
            return Some((chomp, line + i, line + i + len));
        }
    }
    None
}

/// The header token with strip chomping (`|` → `|-`, `>+` → `>-`, `|2` → `|2-`).
pub(crate) fn strip_token(token: &str) -> String {
    let mut out: String = token.chars().filter(|c| *c != '+' && *c != '-').collect();
    out.push('-');
    out
}

/// The text of item `index` of the block list at `list`, as `show --raw` prints it and clone
/// copies it: from its `-` line to its last line.
pub fn item_text<'d>(doc: &'d Document, list: &Route, index: usize) -> Option<&'d str> {
    let Kind::Seq { items, flow: false } = &doc.node_at(list)?.kind else {
        return None;
    };
    let e = item_extent(&doc.text, items, index)?;
    Some(&doc.text[e.start..e.end])
}

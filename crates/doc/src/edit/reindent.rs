//! Moving a copied block-list item into a file with other indentation conventions.
//!
//! Every line that starts a node (a key or a `-`) is given the column the target's conventions
//! ask for; lines that do not (block scalar text, continued flow collections, comments) move
//! with the node they belong to, so their relative indentation, and so their meaning, is kept.

use granit_parser::ScalarStyle;

use super::layout::{Layout, column, dash_before};
use crate::yaml::{Kind, Node};

/// Re-indents the lines of `item` (copied from `text`, first line at the item's dash) so that
/// the dash stands at column `to` and nested blocks follow `target`. `None` when the lines cannot
/// be moved that way; the caller then shifts them as a whole.
pub fn reindent(
    text: &str,
    item: &Node,
    lines: &[String],
    first_line: usize,
    to: usize,
    target: &Layout,
) -> Option<Vec<String>> {
    let dash = dash_before(text, item.start)?;
    let mut deltas: Vec<Option<isize>> = vec![None; lines.len()];
    let mut dashes: Vec<Option<(usize, usize)>> = vec![None; lines.len()];
    let mut r = Recorder {
        text,
        first_line,
        deltas: &mut deltas,
        dashes: &mut dashes,
        target,
    };
    r.item(item, dash, to);
    let mut out = Vec::with_capacity(lines.len());
    for (i, l) in lines.iter().enumerate() {
        let trimmed = l.trim_start_matches(' ');
        if let Some((col, gap)) = dashes[i]
            && let Some(rest) = trimmed.strip_prefix('-')
        {
            // A dash line whose item starts on it: the dash, then the target's gap.
            let rest = rest.trim_start_matches(' ');
            out.push(format!("{}-{}{rest}", " ".repeat(col), " ".repeat(gap - 1)));
            continue;
        }
        let delta = match deltas[i] {
            Some(d) => d,
            // A comment or blank line goes with the node after it, a continuation with the one before.
            None if trimmed.is_empty() || trimmed.starts_with('#') => deltas[i..]
                .iter()
                .flatten()
                .next()
                .or_else(|| deltas[..i].iter().flatten().last())
                .copied()?,
            None => deltas[..i].iter().flatten().last().copied()?,
        };
        if trimmed.is_empty() {
            out.push(String::new());
            continue;
        }
        let ind = (l.len() - trimmed.len()) as isize + delta;
        if ind < 0 {
            return None;
        }
        out.push(format!("{}{trimmed}", " ".repeat(ind as usize)));
    }
    Some(out)
}

/// Whether the item of the `-` at `dash` is a block scalar whose header follows the dash.
fn is_block_header(text: &str, dash: usize, item: &Node) -> bool {
    let block = matches!(
        item.kind,
        Kind::Scalar {
            style: ScalarStyle::Literal | ScalarStyle::Folded,
            ..
        }
    );
    block
        && text[dash + 1..]
            .trim_start_matches(' ')
            .starts_with(['|', '>'])
}

fn line_of(text: &str, at: usize) -> usize {
    text[..at].bytes().filter(|b| *b == b'\n').count()
}

struct Recorder<'a> {
    text: &'a str,
    first_line: usize,
    deltas: &'a mut Vec<Option<isize>>,
    /// Dash lines rewritten as a whole: the dash's new column and the gap to the item.
    dashes: &'a mut Vec<Option<(usize, usize)>>,
    target: &'a Layout,
}

impl Recorder<'_> {
    fn record(&mut self, line: usize, delta: isize) {
        if let Some(slot) = line
            .checked_sub(self.first_line)
            .and_then(|i| self.deltas.get_mut(i))
        {
            slot.get_or_insert(delta);
        }
    }

    /// Whether `at` is the first non-blank byte of its line.
    fn starts_line(&self, at: usize) -> bool {
        let start = self.text[..at].rfind('\n').map_or(0, |i| i + 1);
        self.text[start..at].bytes().all(|b| b == b' ' || b == b'-')
    }

    /// A sequence item whose dash moves from `dash` to column `to`. An item starting on its
    /// dash's line (`- name: x`) starts the target's gap after the dash (`-   name: x` in a file
    /// written that way), and its nested blocks follow from there.
    fn item(&mut self, item: &Node, dash: usize, to: usize) {
        let line = line_of(self.text, dash);
        let between = &self.text[dash + 1..item.start.max(dash + 1)];
        let start = if between.bytes().all(|b| b == b' ') && !between.is_empty() {
            let gap = self.target.gap;
            if let Some(slot) = line
                .checked_sub(self.first_line)
                .and_then(|i| self.dashes.get_mut(i))
            {
                slot.get_or_insert((to, gap));
            }
            // Lines that continue the item's first line move with its content.
            self.record(
                line,
                (to + gap) as isize - column(self.text, item.start) as isize,
            );
            to + gap
        } else {
            let mut delta = to as isize - column(self.text, dash) as isize;
            if is_block_header(self.text, dash, item) {
                // `- |` takes the target's gap too, and a wider gap moves its text along (never
                // back: the text must stay deeper than the dash).
                if let Some(slot) = line
                    .checked_sub(self.first_line)
                    .and_then(|i| self.dashes.get_mut(i))
                {
                    slot.get_or_insert((to, self.target.gap));
                }
                let from = self.text[dash + 1..].len()
                    - self.text[dash + 1..].trim_start_matches(' ').len()
                    + 1;
                delta += (self.target.gap as isize - from as isize).max(0);
            }
            self.record(line, delta);
            let gap = column(self.text, item.start) as isize - column(self.text, dash) as isize;
            (to as isize + gap).max(0) as usize
        };
        match item.kind {
            Kind::Map { flow: false, .. } => self.map(item, start),
            Kind::Seq { flow: false, .. } => self.seq(item, start),
            _ => {}
        }
    }

    /// A block mapping whose keys go to column `col`.
    fn map(&mut self, map: &Node, col: usize) {
        let Kind::Map { entries, .. } = &map.kind else {
            return;
        };
        for (k, v) in entries {
            if self.starts_line(k.start) {
                self.record(
                    line_of(self.text, k.start),
                    col as isize - column(self.text, k.start) as isize,
                );
            }
            if v.line <= k.line {
                continue;
            }
            match &v.kind {
                Kind::Map { flow: false, .. } => self.map(v, col + self.target.indent),
                Kind::Seq { flow: false, items } if !items.is_empty() => {
                    self.seq(v, col + self.target.seq_indent);
                }
                _ => {}
            }
        }
    }

    /// A block sequence whose dashes go to column `col`.
    fn seq(&mut self, seq: &Node, col: usize) {
        let Kind::Seq { items, .. } = &seq.kind else {
            return;
        };
        for item in items {
            let Some(dash) = dash_before(self.text, item.start) else {
                continue;
            };
            self.item(item, dash, col);
        }
    }
}

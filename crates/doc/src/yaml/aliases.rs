//! The bounds on what aliases may expand to, and the check that applies them when a file loads,
//! so that every later reading of the file ([`super::to_value`]) stays within them.

use std::collections::HashMap;

use super::{Document, Kind, Node};

/// A file whose aliases expand past this many values is refused ("billion laughs").
pub(crate) const MAX_EXPANDED_NODES: usize = 1_000_000;
/// Deepest nesting, counted through aliases.
pub(crate) const MAX_EXPANDED_DEPTH: usize = 256;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AliasProblem {
    /// An alias names a node that contains it: an infinite value.
    Cycle,
    /// Aliases expand into a value too large or too deep.
    Expansion,
}

/// Why a file's aliases are refused, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct AliasError {
    pub kind: AliasProblem,
    pub message: String,
    pub line: usize,
    pub column: usize,
}

impl AliasError {
    fn at(node: &Node, kind: AliasProblem, message: String) -> Self {
        Self {
            kind,
            message,
            line: node.line,
            column: node.column,
        }
    }
}

#[derive(Clone, Copy)]
enum Seen {
    InProgress,
    Done { size: usize, height: usize },
}

struct Walk<'d> {
    doc: &'d Document,
    anchors: HashMap<usize, Seen>,
}

/// Refuses aliases that name their own enclosing node (an infinite value; with `<<` it would
/// also send every merge-key lookup into endless recursion) and aliases that expand into a huge
/// or very deep value. Runs in time linear in the file: each anchor's expanded size is computed
/// once.
pub fn check_aliases(doc: &Document) -> Result<(), AliasError> {
    let mut walk = Walk {
        doc,
        anchors: HashMap::new(),
    };
    for root in doc.roots() {
        walk.node(root, 0)?;
    }
    Ok(())
}

impl<'d> Walk<'d> {
    /// (expanded size, expanded height) of `node` found at nesting `depth`.
    fn node(&mut self, node: &'d Node, depth: usize) -> Result<(usize, usize), AliasError> {
        let too_deep = || {
            AliasError::at(
                node,
                AliasProblem::Expansion,
                format!("aliases nest deeper than {MAX_EXPANDED_DEPTH} levels"),
            )
        };
        if depth > MAX_EXPANDED_DEPTH {
            return Err(too_deep());
        }
        let children: Vec<&Node> = match &node.kind {
            Kind::Scalar { .. } => return Ok((1, 1)),
            Kind::Alias { name, id } => {
                let Some(target) = self.doc.alias_target(node) else {
                    return Ok((1, 1));
                };
                let (size, height) = match self.anchors.get(id) {
                    Some(Seen::Done { size, height }) => (*size, *height),
                    Some(Seen::InProgress) => {
                        return Err(AliasError::at(
                            node,
                            AliasProblem::Cycle,
                            format!("alias `*{name}` refers to a node that contains it"),
                        ));
                    }
                    None => {
                        self.anchors.insert(*id, Seen::InProgress);
                        let (size, height) = self.node(target, depth + 1)?;
                        self.anchors.insert(*id, Seen::Done { size, height });
                        (size, height)
                    }
                };
                if depth + height > MAX_EXPANDED_DEPTH {
                    return Err(too_deep());
                }
                return Ok((size.saturating_add(1), height + 1));
            }
            Kind::Seq { items, .. } => items.iter().collect(),
            Kind::Map { entries, .. } => entries.iter().flat_map(|(k, v)| [k, v]).collect(),
        };
        let (mut size, mut height) = (1usize, 0usize);
        for child in children {
            let (s, h) = self.node(child, depth + 1)?;
            size = size.saturating_add(s);
            height = height.max(h);
            if size > MAX_EXPANDED_NODES {
                return Err(AliasError::at(
                    node,
                    AliasProblem::Expansion,
                    format!("aliases expand to more than {MAX_EXPANDED_NODES} values"),
                ));
            }
        }
        Ok((size, height + 1))
    }
}

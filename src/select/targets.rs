//! A list of targets (`--targets-from`): services named one per line, by ID or by name. Ten
//! thousand lines are looked up in a hash map, each workload by the few names it answers to.

use std::collections::HashMap;

use crate::error::{Error, Result};
use crate::model::Workload;

/// Names read from a file or stdin, one a line (the binary drops comments and blank lines).
#[derive(Debug, Clone, Default)]
pub struct TargetList {
    /// Where the list came from, as messages name it: the file's path, or `stdin`.
    pub source: String,
    pub names: Vec<String>,
}

/// A list of targets, indexed.
#[derive(Debug, Clone)]
pub(super) struct Targets {
    source: String,
    /// Each name with the index of its first line.
    index: HashMap<String, u32>,
    /// The names in list order (duplicates once), to report the unknown ones in that order.
    order: Vec<String>,
}

impl Targets {
    pub(super) fn new(list: &TargetList) -> Self {
        let mut index = HashMap::with_capacity(list.names.len());
        let mut order = Vec::with_capacity(list.names.len());
        for name in &list.names {
            if !index.contains_key(name) {
                index.insert(name.clone(), order.len() as u32);
                order.push(name.clone());
            }
        }
        Self {
            source: list.source.clone(),
            index,
            order,
        }
    }

    /// Whether some entry names `w`.
    pub(super) fn names(&self, w: &Workload) -> bool {
        let mut any = false;
        each_name(w, |name| any = any || self.index.contains_key(name));
        any
    }

    /// The entries that name `w`.
    pub(super) fn hits(&self, w: &Workload) -> Vec<u32> {
        let mut out = Vec::new();
        each_name(w, |name| out.extend(self.index.get(name)));
        out
    }

    /// Refuses the entries no hit reached, naming the first dozen.
    pub(super) fn unknown(
        &self,
        noun: &str,
        place: &str,
        hits: impl IntoIterator<Item = u32>,
    ) -> Result<()> {
        let mut reached = vec![false; self.order.len()];
        for h in hits {
            reached[h as usize] = true;
        }
        let unknown: Vec<&str> = self
            .order
            .iter()
            .zip(&reached)
            .filter(|(_, r)| !**r)
            .map(|(n, _)| n.as_str())
            .collect();
        let source = &self.source;
        match unknown.as_slice() {
            [] => Ok(()),
            [one] => Err(Error::failed(format!(
                "{noun} `{one}` (listed in {source}) not found in {place}"
            ))),
            many => {
                let shown: Vec<String> = many.iter().take(12).map(|n| format!("`{n}`")).collect();
                let more = match many.len() > 12 {
                    true => format!(" and {} more", many.len() - 12),
                    false => String::new(),
                };
                Err(Error::failed(format!(
                    "{} {noun}s listed in {source} not found in {place}: {}{more}",
                    many.len(),
                    shown.join(", ")
                )))
            }
        }
    }
}

/// Every name a list may give `w` by: its ID, `FILE#ID` (how output names one of several
/// workloads sharing an ID), and for a named object its name and `kind/name`.
fn each_name(w: &Workload, mut f: impl FnMut(&str)) {
    f(&w.id);
    f(&format!("{}#{}", w.file, w.id));
    if let Some(o) = &w.object {
        f(&o.name);
        f(&format!("{}/{}", o.kind.to_ascii_lowercase(), o.name));
    }
}

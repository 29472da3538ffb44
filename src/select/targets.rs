//! A list of targets (`--targets-from`): services named one per line, by ID or by name. Ten
//! thousand lines are looked up in a hash map, each workload by the few names it answers to.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use crate::error::{Error, Result};
use crate::model::Workload;

/// Names read from a file or stdin, one a line (the binary drops comments and blank lines).
#[derive(Debug, Clone, Default)]
pub struct TargetList {
    /// Where the list came from, as messages name it: the file's path, or `stdin`.
    pub source: String,
    pub names: Vec<String>,
}

/// A list of targets, indexed. A workload is looked up by the names it answers to without
/// building any (no allocation per workload: a scan looks up every one of ten thousand).
#[derive(Debug, Clone)]
pub(super) struct Targets {
    source: String,
    /// Each name with the index of its first line: IDs and bare names.
    index: HashMap<String, u32>,
    /// `FILE#ID` entries, by ID: (file, index).
    qualified: HashMap<String, Vec<(String, u32)>>,
    /// Entries that may be `kind/name`, by name: (kind, index).
    kinded: HashMap<String, Vec<(String, u32)>>,
    /// How many different names the list holds (indexes run from 0).
    len: usize,
    /// Whether an entry may be a bare name (no `/`, no `#`): a list of IDs (what `-o name`
    /// prints) is then looked up once per workload.
    bare: bool,
}

impl Targets {
    pub(super) fn new(list: &TargetList) -> Self {
        let mut t = Self {
            source: list.source.clone(),
            index: HashMap::with_capacity(list.names.len()),
            qualified: HashMap::new(),
            kinded: HashMap::new(),
            len: 0,
            bare: false,
        };
        for name in &list.names {
            // One hash per line: ten thousand of them are read before the scan starts.
            let Entry::Vacant(slot) = t.index.entry(name.clone()) else {
                continue;
            };
            let i = t.len as u32;
            t.len += 1;
            slot.insert(i);
            t.add_forms(name, i);
        }
        t
    }

    /// Indexes what else line `i` may be: `FILE#ID`, `kind/name`, or a bare name.
    fn add_forms(&mut self, name: &str, i: u32) {
        let b = name.as_bytes();
        match (memchr::memchr(b'#', b), memchr::memchr(b'/', b)) {
            (Some(at), _) => {
                let files = self
                    .qualified
                    .entry(name[at + 1..].to_string())
                    .or_default();
                files.push((name[..at].to_string(), i));
            }
            (None, None) => self.bare = true,
            (None, Some(at)) if memchr::memchr(b'/', &b[at + 1..]).is_none() => {
                let kinds = self.kinded.entry(name[at + 1..].to_string()).or_default();
                kinds.push((name[..at].to_ascii_lowercase(), i));
            }
            (None, Some(_)) => {}
        }
    }

    /// Whether some entry names `w`.
    pub(super) fn names(&self, w: &Workload) -> bool {
        let mut any = false;
        self.each_hit(w, |_| any = true);
        any
    }

    /// The entries that name `w`.
    pub(super) fn hits(&self, w: &Workload) -> Vec<u32> {
        let mut out = Vec::new();
        self.each_hit(w, |i| out.push(i));
        out
    }

    /// Calls `f` with each entry naming `w`: by its ID, `FILE#ID` (how output names one of
    /// several workloads sharing an ID), and for a named object its name and `kind/name`.
    fn each_hit(&self, w: &Workload, mut f: impl FnMut(u32)) {
        let id = raw_id(w);
        f_opt(self.index.get(id), &mut f);
        for (file, i) in self.qualified.get(id).into_iter().flatten() {
            if *file == w.file {
                f(*i);
            }
        }
        let Some(o) = &w.object else {
            return;
        };
        if self.bare && o.name != id {
            f_opt(self.index.get(&o.name), &mut f);
        }
        for (kind, i) in self.kinded.get(&o.name).into_iter().flatten() {
            if kind.eq_ignore_ascii_case(o.kind) {
                f(*i);
            }
        }
    }

    /// Refuses the entries no hit reached, naming the first dozen.
    pub(super) fn unknown(
        &self,
        noun: &str,
        place: Option<&str>,
        hits: impl IntoIterator<Item = u32>,
    ) -> Result<()> {
        let mut reached = vec![false; self.len];
        for h in hits {
            reached[h as usize] = true;
        }
        // In list order: only on the way to an error, so the index is not kept twice.
        let mut unknown: Vec<(u32, &str)> = self
            .index
            .iter()
            .filter(|(_, i)| !reached[**i as usize])
            .map(|(n, i)| (*i, n.as_str()))
            .collect();
        unknown.sort_unstable();
        let unknown: Vec<&str> = unknown.into_iter().map(|(_, n)| n).collect();
        let source = &self.source;
        let place = place.map(|p| format!(" in {p}")).unwrap_or_default();
        match unknown.as_slice() {
            [] => Ok(()),
            [one] => Err(Error::failed(format!(
                "{noun} `{one}` (listed in {source}) not found{place}"
            ))),
            many => {
                let shown: Vec<String> = many.iter().take(12).map(|n| format!("`{n}`")).collect();
                let more = match many.len() > 12 {
                    true => format!(" and {} more", many.len() - 12),
                    false => String::new(),
                };
                Err(Error::failed(format!(
                    "{} {noun}s listed in {source} not found{place}: {}{more}",
                    many.len(),
                    shown.join(", ")
                )))
            }
        }
    }
}

fn f_opt(i: Option<&u32>, f: &mut impl FnMut(u32)) {
    if let Some(i) = i {
        f(*i);
    }
}

/// The ID of `w` as its file gives it: a project loaded whole names each copy of a shared ID
/// `FILE#ID` (`Project::load_with`), a scan does not.
pub(super) fn raw_id(w: &Workload) -> &str {
    w.id.strip_prefix(w.file.as_str())
        .and_then(|rest| rest.strip_prefix('#'))
        .unwrap_or(&w.id)
}

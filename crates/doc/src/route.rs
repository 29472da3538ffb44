//! Where a value is in a file: which YAML document, and the keys and indexes leading to it.
//!
//! Routes are what the model hands the editor (each container carries the [`Slot`] it was read
//! from) and what the write check applies its patches at, so no command re-derives a position.

use std::fmt;

/// One step of a route: a key of a mapping or an item of a sequence.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// A value's place: document `doc` (0-based) of the file, then `path` inside it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Route {
    pub doc: usize,
    pub path: Vec<Step>,
}

impl Route {
    /// The root of document `doc`.
    pub fn root(doc: usize) -> Self {
        Self {
            doc,
            path: Vec::new(),
        }
    }

    /// The value under `key` of the mapping here.
    pub fn key(&self, key: &str) -> Self {
        self.with(Step::Key(key.to_string()))
    }

    /// Item `index` of the sequence here.
    pub fn index(&self, index: usize) -> Self {
        self.with(Step::Index(index))
    }

    /// The value at the keys `keys` below here.
    pub fn keys(&self, keys: &[&str]) -> Self {
        let mut out = self.clone();
        out.path
            .extend(keys.iter().map(|k| Step::Key((*k).to_string())));
        out
    }

    fn with(&self, step: Step) -> Self {
        let mut out = self.clone();
        out.path.push(step);
        out
    }

    /// The route of the container of this value, and the last step.
    pub fn split_last(&self) -> Option<(Route, &Step)> {
        let (last, rest) = self.path.split_last()?;
        Some((
            Route {
                doc: self.doc,
                path: rest.to_vec(),
            },
            last,
        ))
    }

    /// Whether `self` is `other` or lies inside it.
    pub fn starts_with(&self, other: &Route) -> bool {
        self.doc == other.doc && self.path.starts_with(&other.path)
    }

    /// The route as a message names it in a file of `documents` documents: the document
    /// (1-based) only when there are several.
    pub fn in_file(&self, documents: usize) -> impl fmt::Display + '_ {
        InFile {
            route: self,
            several: documents > 1,
        }
    }
}

struct InFile<'r> {
    route: &'r Route,
    several: bool,
}

impl fmt::Display for InFile<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.several {
            write!(f, "[doc {}] ", self.route.doc + 1)?;
        }
        write!(f, "{}", self.route)
    }
}

/// `spec.template.spec.initContainers[3].resources`; the document's root is `.`.
impl fmt::Display for Route {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            return f.write_str(".");
        }
        for (i, step) in self.path.iter().enumerate() {
            match step {
                Step::Key(k) if i == 0 => write!(f, "{k}")?,
                Step::Key(k) => write!(f, ".{k}")?,
                Step::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// Where a container entry is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Slot {
    /// The container is the mapping at this route (a Mia service object itself).
    Main(Route),
    /// Item `index` of the sequence at `list`.
    Item { list: Route, index: usize },
}

impl Slot {
    /// The container's own route.
    pub fn route(&self) -> Route {
        match self {
            Self::Main(r) => r.clone(),
            Self::Item { list, index } => list.index(*index),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Route;

    #[test]
    fn routes_read_as_paths() {
        let r = Route::root(1)
            .keys(&["spec", "template", "spec", "initContainers"])
            .index(3)
            .key("resources");
        assert_eq!(
            r.to_string(),
            "spec.template.spec.initContainers[3].resources"
        );
        assert_eq!(
            r.in_file(2).to_string(),
            "[doc 2] spec.template.spec.initContainers[3].resources"
        );
        assert_eq!(
            Route::root(0).key("a").in_file(1).to_string(),
            "a",
            "a single-document file names no document"
        );
        assert_eq!(Route::root(0).to_string(), ".");
    }
}

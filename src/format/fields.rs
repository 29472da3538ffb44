//! `edit`'s changes of a sidecar's lists (SPEC §7.3): environment variables set or unset, the
//! arguments replaced, ports added, replaced or removed by name, and the marketplace item it
//! comes from. Each format names its own keys and writes its own entries ([`Lists`]); what is
//! shared is here: reading the entry as written, and planning the fewest editor operations
//! that make it read as asked (an entry already as asked is left alone).

use serde_json::{Map, Value};

use super::{Format, Port};
use crate::edit::{EditError, Editor, Entry};
use crate::error::{Error, Hint, Result};
use crate::model::{Container, Workload};
use crate::route::Route;
use crate::yaml::{self, Document, Node};

/// How a format keeps a container's lists, and writes their entries.
#[derive(Debug)]
pub struct Lists {
    /// The key of the environment variables (`environment`, `env`).
    pub env: &'static str,
    /// The key of the arguments.
    pub args: &'static str,
    /// The key of the ports (`containerPorts`, `ports`).
    pub ports: &'static str,
    /// The key recording the marketplace item a container comes from, if the format has one.
    pub source_item: Option<&'static str>,
    /// A new environment variable's entry, with a plain value.
    pub env_entry: fn(&str, &str) -> Value,
    /// The key of an environment variable's plain value.
    pub env_value: &'static str,
    /// How an entry takes its value from elsewhere (a secret, a ConfigMap), as its file spells
    /// it (`valueFrom`), or `None` for a plain value.
    pub env_elsewhere: fn(&Value) -> Option<String>,
    /// A port's entry.
    pub port_entry: fn(&Port) -> Value,
    /// A key of a port entry that reads as a value when it is missing (`protocol`: `TCP`).
    pub port_default: (&'static str, &'static str),
}

/// The marketplace item a container is upgraded from, as [`Lists::source_item`] records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceItem {
    pub item_id: String,
    pub version: String,
    pub tenant_id: Option<String>,
}

/// What `edit` changes of a sidecar's lists, already checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListEdits {
    /// (name, value): set, or added when missing.
    pub env: Vec<(String, String)>,
    pub unset_env: Vec<String>,
    /// The whole new list of arguments.
    pub args: Option<Vec<String>>,
    /// Added, or replacing the port of their name.
    pub ports: Vec<Port>,
    pub unset_ports: Vec<String>,
    /// Replace variables that take their value from elsewhere too.
    pub force: bool,
    pub source: Option<SourceItem>,
}

impl ListEdits {
    pub fn is_empty(&self) -> bool {
        self.env.is_empty()
            && self.unset_env.is_empty()
            && self.args.is_none()
            && self.ports.is_empty()
            && self.unset_ports.is_empty()
            && self.source.is_none()
    }
}

/// One editor operation of a list edit, planned from the entry as written.
#[derive(Debug, Clone)]
pub enum ListOp {
    /// The scalar at the keys `path` below the mapping at `at` set to `value` (added when
    /// missing).
    Set {
        at: Route,
        path: Vec<String>,
        value: String,
    },
    Append {
        list: Route,
        entry: Value,
    },
    Replace {
        list: Route,
        index: usize,
        entry: Value,
    },
    Remove {
        list: Route,
        index: usize,
    },
}

/// Applies planned operations (see [`plan`]).
pub fn apply(ed: &mut Editor<'_>, ops: &[ListOp]) -> std::result::Result<(), EditError> {
    for op in ops {
        match op {
            ListOp::Set { at, path, value } => {
                let path: Vec<&str> = path.iter().map(String::as_str).collect();
                ed.set(at, &path, value, |_| false)?
            }
            ListOp::Append { list, entry } => ed.append(list, &Entry::Data(entry.clone()))?,
            ListOp::Replace { list, index, entry } => {
                ed.replace(list, *index, &Entry::Data(entry.clone()))?
            }
            ListOp::Remove { list, index } => ed.remove(list, *index)?,
        }
    }
    Ok(())
}

/// A list of the container as written: its route, and its items as data with their nodes.
struct Written<'d> {
    route: Route,
    items: Vec<(Value, &'d Node)>,
}

impl<'d> Written<'d> {
    fn read(w: &Workload, doc: &'d Document, c: &'d Node, at: &Route, key: &str) -> Result<Self> {
        let route = at.key(key);
        let items = match doc.get(c, key) {
            Some(list) if matches!(doc.resolve(list).kind, yaml::Kind::Seq { .. }) => doc
                .items(list)
                .into_iter()
                .map(|n| {
                    Ok((
                        yaml::to_value(doc, n).map_err(|e| Error::value(&w.file, e))?,
                        n,
                    ))
                })
                .collect::<Result<_>>()?,
            Some(other) if !other.is_null() => {
                return Err(Error::failed(format!(
                    "{}:{}: `{key}` of a sidecar in {} is not a list; nothing was written",
                    w.file, other.line, w.id
                )));
            }
            _ => Vec::new(),
        };
        Ok(Self { route, items })
    }

    /// The indexes of the entries named `name`.
    fn named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = usize> + 'a {
        (self.items.iter().enumerate())
            .filter(move |(_, (v, _))| v.get("name").and_then(Value::as_str) == Some(name))
            .map(|(i, _)| i)
    }
}

/// The operations that make sidecar `c` of `w` read as `edits` ask. A variable that takes its
/// value from elsewhere is replaced only with [`ListEdits::force`]: else the error names it
/// where it is written.
pub fn plan(
    format: &dyn Format,
    w: &Workload,
    c: &Container,
    edits: &ListEdits,
) -> Result<Vec<ListOp>> {
    let lists = format.lists();
    let doc = w.document()?;
    let at = c.slot.route();
    let node = doc
        .get_at(&at)
        .ok_or_else(|| Error::failed(format!("{}: sidecar `{}` is gone", w.file, c.name())))?;
    let mut ops = Vec::new();
    if !edits.env.is_empty() || !edits.unset_env.is_empty() {
        let env = Written::read(w, doc, node, &at, lists.env)?;
        let noun = format.traits().noun;
        plan_env((lists, noun), w, c, &env, edits, &mut ops)?;
    }
    if let Some(args) = &edits.args {
        let written = Written::read(w, doc, node, &at, lists.args)?;
        plan_args(&written, args, &mut ops);
    }
    if !edits.ports.is_empty() || !edits.unset_ports.is_empty() {
        let ports = Written::read(w, doc, node, &at, lists.ports)?;
        plan_ports(lists, &ports, edits, &mut ops);
    }
    if let (Some(key), Some(s)) = (lists.source_item, &edits.source) {
        let mut set = |k: &str, v: &str| {
            ops.push(ListOp::Set {
                at: at.clone(),
                path: vec![key.to_string(), k.to_string()],
                value: v.to_string(),
            })
        };
        set("itemId", &s.item_id);
        set("version", &s.version);
        if let Some(t) = &s.tenant_id {
            set("tenantId", t);
        }
    }
    Ok(ops)
}

fn plan_env(
    (lists, noun): (&Lists, &str),
    w: &Workload,
    c: &Container,
    env: &Written<'_>,
    edits: &ListEdits,
    ops: &mut Vec<ListOp>,
) -> Result<()> {
    for (name, value) in &edits.env {
        let mut found = false;
        for i in env.named(name) {
            found = true;
            let (data, node) = &env.items[i];
            match (lists.env_elsewhere)(data) {
                Some(how) if !edits.force => {
                    return Err(Error::failed(format!(
                        "{}:{}: variable `{name}` of sidecar `{}` in {noun} `{}` takes its value from elsewhere ({how}); nothing was written",
                        w.file,
                        node.line,
                        c.name(),
                        w.id
                    ))
                    .with_hint(Hint::Force));
                }
                Some(_) => ops.push(ListOp::Replace {
                    list: env.route.clone(),
                    index: i,
                    entry: (lists.env_entry)(name, value),
                }),
                // A plain value is set where it is written: its quotes and comment stay.
                None => ops.push(ListOp::Set {
                    at: env.route.index(i),
                    path: vec![lists.env_value.to_string()],
                    value: value.clone(),
                }),
            }
        }
        if !found {
            ops.push(ListOp::Append {
                list: env.route.clone(),
                entry: (lists.env_entry)(name, value),
            });
        }
    }
    for name in &edits.unset_env {
        for i in env.named(name) {
            ops.push(ListOp::Remove {
                list: env.route.clone(),
                index: i,
            });
        }
    }
    Ok(())
}

/// The list becomes `args`: items that differ are replaced, the rest appended or removed.
fn plan_args(written: &Written<'_>, args: &[String], ops: &mut Vec<ListOp>) {
    let list = &written.route;
    for (i, arg) in args.iter().enumerate() {
        let want = Value::String(arg.clone());
        match written.items.get(i) {
            Some((have, _)) if *have == want => {}
            Some(_) => ops.push(ListOp::Replace {
                list: list.clone(),
                index: i,
                entry: want,
            }),
            None => ops.push(ListOp::Append {
                list: list.clone(),
                entry: want,
            }),
        }
    }
    for index in args.len()..written.items.len() {
        ops.push(ListOp::Remove {
            list: list.clone(),
            index,
        });
    }
}

fn plan_ports(lists: &Lists, ports: &Written<'_>, edits: &ListEdits, ops: &mut Vec<ListOp>) {
    for p in &edits.ports {
        let want = (lists.port_entry)(p);
        let mut found = false;
        for i in ports.named(&p.name) {
            found = true;
            plan_port(lists, &ports.route, i, &ports.items[i].0, &want, ops);
        }
        if !found {
            ops.push(ListOp::Append {
                list: ports.route.clone(),
                entry: want,
            });
        }
    }
    for name in &edits.unset_ports {
        for index in ports.named(name) {
            ops.push(ListOp::Remove {
                list: ports.route.clone(),
                index,
            });
        }
    }
}

/// A port entry made to read as `want`: the values that differ are set where they are written
/// (a flow entry stays one); when a value would change type, or the entry is not a mapping,
/// the entry is written anew, keeping its other keys.
fn plan_port(
    lists: &Lists,
    list: &Route,
    index: usize,
    have: &Value,
    want: &Value,
    ops: &mut Vec<ListOp>,
) {
    let (Some(have_map), Some(want_map)) = (have.as_object(), want.as_object()) else {
        return ops.push(ListOp::Replace {
            list: list.clone(),
            index,
            entry: want.clone(),
        });
    };
    let (default_key, default_value) = lists.port_default;
    let differs: Vec<(&String, &Value)> = want_map
        .iter()
        .filter(|(k, v)| match have_map.get(*k) {
            Some(old) => old != *v,
            None => !(k.as_str() == default_key && v.as_str() == Some(default_value)),
        })
        .collect();
    let same_type = |k: &str, v: &Value| {
        have_map.get(k).is_some_and(|old| {
            matches!(
                (old, v),
                (Value::Number(_), Value::Number(_)) | (Value::String(_), Value::String(_))
            )
        })
    };
    if differs.iter().all(|(k, v)| same_type(k, v)) {
        for (k, v) in differs {
            ops.push(ListOp::Set {
                at: list.index(index),
                path: vec![k.clone()],
                value: scalar_text(v),
            });
        }
        return;
    }
    let mut merged: Map<String, Value> = have_map.clone();
    for (k, v) in differs {
        merged.insert(k.clone(), v.clone());
    }
    ops.push(ListOp::Replace {
        list: list.clone(),
        index,
        entry: Value::Object(merged),
    });
}

/// A scalar as the text [`Editor::set`] takes.
fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::apply_splices;

    const SERVICE: &str = "name: orders\ndockerImage: orders:1\nadditionalContainers:\n  - name: envoy\n    dockerImage: envoy:1\n    environment:\n      - {name: A, valueType: plain, value: x}  # kept\n    containerPorts:\n      - name: admin\n        from: 9901\n        to: 9901\n    args: [--a, --b]\n";

    /// The service's text after `edits` of its sidecar `envoy`, and how many operations it took.
    fn edited(edits: &ListEdits) -> (String, usize) {
        let format = crate::format::mia();
        let doc = format.parse(SERVICE.to_string()).expect("parses");
        let (ws, _) = format.workloads(
            doc,
            "services/orders.yaml",
            "orders",
            crate::format::Reading::EDIT,
        );
        let w = &ws[0];
        let c = w.sidecar("envoy").expect("envoy");
        let ops = plan(format, w, c, edits).expect("plans");
        let doc = w.document().expect("kept");
        let mut ed = Editor::new(doc);
        apply(&mut ed, &ops).expect("applies");
        let text = apply_splices(&doc.text, &ed.finish().expect("finishes").splices);
        (text, ops.len())
    }

    fn port(name: &str, from: u16, to: u16) -> Port {
        Port {
            name: name.into(),
            from,
            to,
            protocol: "TCP".into(),
        }
    }

    #[test]
    fn what_is_already_as_asked_plans_nothing() {
        // A port without `protocol` reads as TCP; the same arguments are no change.
        let edits = ListEdits {
            env: vec![("A".into(), "x".into())],
            args: Some(vec!["--a".into(), "--b".into()]),
            ports: vec![port("admin", 9901, 9901)],
            ..ListEdits::default()
        };
        let (text, ops) = edited(&edits);
        assert_eq!(text, SERVICE);
        // The variable's value is set where it is: the editor finds it the same.
        assert_eq!(ops, 1);
    }

    #[test]
    fn values_change_where_they_are_written() {
        let edits = ListEdits {
            env: vec![("A".into(), "z".into()), ("B".into(), "1".into())],
            args: Some(vec!["--c".into()]),
            ports: vec![port("admin", 9902, 9902)],
            ..ListEdits::default()
        };
        let (text, _) = edited(&edits);
        assert!(text.contains("      - {name: A, valueType: plain, value: z}  # kept\n      - {name: B, valueType: plain, value: \"1\"}\n"), "{text}");
        assert!(
            text.contains("        from: 9902\n        to: 9902\n"),
            "{text}"
        );
        assert!(text.contains("    args: [--c]\n"), "{text}");
    }
}

//! The changes a command asks of a workload's sidecars, as data: the workload's format applies
//! each through the editor ([`super::Format::apply`]), so the commands never name a format's
//! keys or what a format keeps beside an entry (a Kubernetes pod's volumes).

use crate::edit::{EditError, Editor, Entry};
use crate::model::{Container, Workload};
use crate::quantity;
use crate::route::Route;

use super::{Field, Format, Placement};

/// Entries a new sidecar needs beside its own, each appended to the list at its route (a
/// Kubernetes pod's volumes for the ConfigMaps and Secrets it mounts): found before the edit,
/// because finding them may fail.
pub type Beside = Vec<(Route, Entry)>;

/// One change of one workload's sidecars.
#[derive(Debug, Clone, Copy)]
pub enum Change<'a> {
    /// A new sidecar entry where `placement` puts one, with the entries it needs beside it.
    Add {
        entry: &'a Entry,
        placement: Placement,
        beside: &'a [(Route, Entry)],
    },
    /// The sidecar `old` replaced by `entry`, at `placement` (moved when it is another).
    Replace {
        old: &'a Container,
        entry: &'a Entry,
        placement: Placement,
        beside: &'a [(Route, Entry)],
    },
    /// The sidecar `old` removed, with what only it needed. A kustomize patch it leaves with
    /// nothing to change is removed too (its document, its entry in the kustomization) unless
    /// `keep_empty_patches`; other formats have no patches and ignore it.
    Remove {
        old: &'a Container,
        keep_empty_patches: bool,
    },
    /// Fields of the sidecar `old` set, each (field, value), in order. A quantity spelled
    /// otherwise (`0.1` for `100m`) is no change.
    Set {
        old: &'a Container,
        fields: &'a [(Field, &'a str)],
    },
    /// The lists of the sidecar `old` changed by the operations planned for it
    /// ([`super::fields::plan`]).
    Lists {
        old: &'a Container,
        ops: &'a [super::fields::ListOp],
    },
    /// The sidecar `old` moved to `placement`'s list, reading as `entry` there.
    Move {
        old: &'a Container,
        entry: &'a Entry,
        placement: Placement,
    },
}

/// The list and index of a sidecar's entry (a main container is no item of a list).
pub fn item_of(c: &Container) -> Result<(&Route, usize), EditError> {
    super::list_item(&c.slot).ok_or_else(|| {
        EditError::Shape(format!(
            "`{}` is a main container, not an entry of a list",
            c.name()
        ))
    })
}

/// How every format applies a change: entries go where [`Format::new_sidecar_slot`] says, the
/// entries beside them are appended to their lists.
pub fn apply<F: Format + ?Sized>(
    format: &F,
    ed: &mut Editor<'_>,
    w: &Workload,
    change: Change<'_>,
) -> Result<(), EditError> {
    match change {
        Change::Add {
            entry,
            placement,
            beside,
        } => {
            add(format, ed, w, entry, placement)?;
            append_all(ed, beside)
        }
        Change::Replace {
            old,
            entry,
            placement,
            beside,
        } => {
            if old.placement == placement {
                let (list, index) = item_of(old)?;
                ed.replace(list, index, entry)?;
            } else {
                move_to(format, ed, w, old, entry, placement)?;
            }
            append_all(ed, beside)
        }
        Change::Remove { old, .. } => {
            let (list, index) = item_of(old)?;
            ed.remove(list, index)
        }
        Change::Set { old, fields } => {
            let at = old.slot.route();
            for (field, v) in fields {
                let path = format.field_path(*field);
                ed.set(&at, path, v, |old| {
                    field.is_quantity() && same_quantity(old, v)
                })?;
            }
            Ok(())
        }
        Change::Lists { old: _, ops } => super::fields::apply(ed, ops),
        Change::Move {
            old,
            entry,
            placement,
        } => move_to(format, ed, w, old, entry, placement),
    }
}

/// Adds an entry at the place `placement` gives it.
fn add<F: Format + ?Sized>(
    format: &F,
    ed: &mut Editor<'_>,
    w: &Workload,
    entry: &Entry,
    placement: Placement,
) -> Result<(), EditError> {
    match format.new_sidecar_slot(w, placement) {
        (list, None) => ed.append(&list, entry),
        (list, Some(before)) => ed.insert(&list, before, entry),
    }
}

/// Moves a sidecar to the list of `placement`: `entry` is it as it should read there.
fn move_to<F: Format + ?Sized>(
    format: &F,
    ed: &mut Editor<'_>,
    w: &Workload,
    old: &Container,
    entry: &Entry,
    placement: Placement,
) -> Result<(), EditError> {
    let (list, index) = item_of(old)?;
    ed.remove(list, index)?;
    add(format, ed, w, entry, placement)
}

fn append_all(ed: &mut Editor<'_>, beside: &[(Route, Entry)]) -> Result<(), EditError> {
    beside
        .iter()
        .try_for_each(|(list, entry)| ed.append(list, entry))
}

/// Whether two values are the same quantity (`0.1` and `100m`).
pub fn same_quantity(a: &str, b: &str) -> bool {
    matches!((quantity::parse(a), quantity::parse(b)), (Ok(a), Ok(b))
        if a.cmp_value(&b) == Some(std::cmp::Ordering::Equal))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::apply_splices;
    use serde_json::json;

    const SERVICE: &str = "name: orders\ndockerImage: orders:1\nadditionalContainers:\n  - name: envoy # the proxy\n    dockerImage: envoy:1\n    resources:\n      cpuLimits: {min: 100m, max: 200m}\n";

    /// The text of the service after the change `change` makes of its sidecar `envoy`.
    fn applied(change: impl Fn(&Container, &mut dyn FnMut(Change<'_>))) -> String {
        let format = crate::format::mia();
        let doc = format.parse(SERVICE.to_string()).expect("parses");
        let (ws, errors) = format.workloads(
            doc,
            "services/orders.yaml",
            "orders",
            crate::format::Reading::EDIT,
        );
        assert!(errors.is_empty(), "{errors:?}");
        let w = &ws[0];
        let doc = w.document().expect("kept");
        let mut ed = Editor::new(doc);
        change(w.sidecar("envoy").expect("envoy"), &mut |c| {
            format.apply(&mut ed, w, c).expect("applies");
        });
        apply_splices(&doc.text, &ed.finish().expect("finishes").splices)
    }

    #[test]
    fn set_keeps_the_same_quantity_spelled_otherwise() {
        let fields = [(Field::CpuRequest, "0.1"), (Field::CpuLimit, "250m")];
        let text = applied(|old, apply| {
            apply(Change::Set {
                old,
                fields: &fields,
            })
        });
        assert!(text.contains("cpuLimits: {min: 100m, max: 250m}"), "{text}");
    }

    #[test]
    fn remove_add_and_replace_go_where_the_format_says() {
        let removed = applied(|old, apply| {
            apply(Change::Remove {
                old,
                keep_empty_patches: false,
            })
        });
        assert!(!removed.contains("envoy"), "{removed}");
        let entry = Entry::Data(json!({"name": "otel", "dockerImage": "otel:1"}));
        let added = applied(|_, apply| {
            apply(Change::Add {
                entry: &entry,
                placement: Placement::Classic,
                beside: &[],
            })
        });
        assert!(added.contains("  - name: envoy # the proxy\n"), "{added}");
        assert!(added.contains("name: otel"), "{added}");
        let replaced = applied(|old, apply| {
            apply(Change::Replace {
                old,
                entry: &entry,
                placement: Placement::Classic,
                beside: &[],
            })
        });
        assert!(
            !replaced.contains("envoy") && replaced.contains("otel:1"),
            "{replaced}"
        );
    }
}

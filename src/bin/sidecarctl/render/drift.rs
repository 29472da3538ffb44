//! `drift`'s tables: the images of each sidecar against its catalog item, and with `-o wide`
//! the spread of its resources.

use std::io::Write;

use sidecarctl::view::{DriftReport, ImageUse, SidecarDrift, Standing};
use sidecarctl::{names, version};

use super::{cpu, memory, rows_table};

pub(crate) fn drift(out: &mut dyn Write, data: &DriftReport, wide: bool) -> std::io::Result<()> {
    if data.sidecars.is_empty() {
        return writeln!(out, "No sidecars found.");
    }
    let headers = ["SIDECAR", "IMAGE", "SERVICES", "CATALOG"];
    let rows = || data.sidecars.iter().flat_map(image_rows);
    rows_table(out, &headers, rows)?;
    if !wide {
        return Ok(());
    }
    writeln!(out)?;
    let headers = ["SIDECAR", "CPU REQ/LIM", "MEMORY REQ/LIM", "SERVICES"];
    let rows = || data.sidecars.iter().flat_map(resource_rows);
    rows_table(out, &headers, rows)
}

/// A row per image; when no service runs the catalog's image, a row shows it in its place (0
/// services), so the table says what the catalog would bring.
fn image_rows(s: &SidecarDrift) -> Vec<Vec<String>> {
    let first = |i: usize| {
        if i == 0 {
            s.name.clone()
        } else {
            String::new()
        }
    };
    let mut rows: Vec<Vec<String>> = s
        .images
        .iter()
        .enumerate()
        .map(|(i, u)| {
            vec![
                first(i),
                u.image.clone().unwrap_or_else(|| "-".into()),
                u.services.len().to_string(),
                catalog_cell(s, u),
            ]
        })
        .collect();
    let in_use = s.images.iter().any(|u| u.standing == Some(Standing::Same));
    if let Some(c) = s.catalog.as_ref().filter(|_| !in_use)
        && let Some(image) = &c.image
    {
        // In its place by version order, before the first image it is newer than.
        let tag = names::image_tag(image);
        let at = s
            .images
            .iter()
            .position(|u| version::newest_first(tag, u.tag.as_deref()).is_lt())
            .unwrap_or(rows.len());
        rows.insert(
            at,
            vec![
                String::new(),
                image.clone(),
                "0".into(),
                format!("marketplace {} {}", c.item, c.version),
            ],
        );
        rows[0][0].clone_from(&s.name);
        if let Some(second) = rows.get_mut(1) {
            second[0] = String::new();
        }
    }
    rows
}

/// `= marketplace ITEM VERSION` for the catalog's own image, else how the image stands
/// against it (`behind`, `ahead`, `differs`); `-` without a catalog image.
fn catalog_cell(s: &SidecarDrift, u: &ImageUse) -> String {
    match (u.standing, &s.catalog) {
        (Some(Standing::Same), Some(c)) => format!("= marketplace {} {}", c.item, c.version),
        (Some(standing), _) => standing.as_str().to_string(),
        (None, _) => "-".into(),
    }
}

/// A row per setting of resources, the most common first.
fn resource_rows(s: &SidecarDrift) -> Vec<Vec<String>> {
    s.resources
        .iter()
        .enumerate()
        .map(|(i, r)| {
            vec![
                if i == 0 {
                    s.name.clone()
                } else {
                    String::new()
                },
                cpu(r.resources.as_ref()),
                memory(r.resources.as_ref()),
                r.services.len().to_string(),
            ]
        })
        .collect()
}

use super::plan;
use crate::error::Result;
use crate::format;
use crate::project::Project;
use crate::select::Filters;
use crate::view::ShowView;
use crate::yaml;

/// Where `show` looks when no service is named.
pub enum ShowTarget {
    Found(Box<ShowView>),
    /// Several services have the sidecar: the caller must choose (or fail naming them).
    Ambiguous(Vec<String>),
}

/// One sidecar in one service. Without a service, the only service that has it.
/// The filters narrow which services are looked at.
pub fn show(
    project: &Project,
    sidecar: &str,
    service: Option<&str>,
    filters: &Filters,
) -> Result<ShowTarget> {
    plan::check_sidecar_name(sidecar)?;
    let selection = plan::selection(project, filters)?;
    let selection = selection.as_ref();
    let svc = match service {
        Some(id) => {
            let svc = plan::service_with(project, id, sidecar)?;
            plan::narrow(vec![svc], selection, Some(sidecar))?[0]
        }
        None => {
            let users = project.users_of(sidecar);
            if users.is_empty() {
                return Err(plan::not_in_any_service(project, sidecar));
            }
            match plan::narrow(users, selection, Some(sidecar))?.as_slice() {
                [one] => *one,
                many => {
                    return Ok(ShowTarget::Ambiguous(
                        many.iter().map(|s| s.id.clone()).collect(),
                    ));
                }
            }
        }
    };
    let doc = svc.document()?;
    let c = plan::require_sidecar(svc, sidecar)?;
    // With the image it renders, as `list` shows it.
    let container = plan::rendered_value(project, svc, c)?;
    // The entry's own lines as delete and clone see them; an entry in a flow list is its text.
    let raw = format::list_item(&c.slot)
        .and_then(|(list, index)| crate::edit::item_text(doc, list, index))
        .map(str::to_string)
        .or_else(|| doc.get_at(&c.slot.route()).map(|n| raw_text(&doc.text, n)))
        .unwrap_or_default();
    let special = project.special(sidecar);
    Ok(ShowTarget::Found(Box::new(ShowView {
        sidecar: sidecar.to_string(),
        service: svc.id.clone(),
        file: svc.file.clone(),
        special: special.is_some(),
        managed_by: special.map(|s| s.managed_by.clone()),
        container,
        document: svc.object.as_ref().map(|m| m.document),
        placement: svc.object.as_ref().map(|_| c.placement.as_str()),
        raw,
        image_set: plan::image_set_elsewhere(svc, sidecar).map(|set| {
            format!(
                "image set by {}; its own text says `{}`",
                set.by, set.written
            )
        }),
    })))
}

/// The entry's lines as they stand in the file, from the start of its first line (so the
/// `- ` and indentation are kept) to the end of its last line. An entry sharing its lines with
/// other text (a flow sequence `[{…}, {…}]`) is its own text only.
fn raw_text(text: &str, entry: &yaml::Node) -> String {
    let line_start = text[..entry.start].rfind('\n').map_or(0, |i| i + 1);
    let end = entry.end;
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
    let before_is_dashes = text[line_start..entry.start]
        .chars()
        .all(|c| c == ' ' || c == '\t' || c == '-');
    let after = text[end..line_end].trim_start();
    let after_is_comment = after.is_empty() || after.starts_with('#');
    if before_is_dashes && after_is_comment {
        text[line_start..line_end].to_string()
    } else {
        let mut own = text[entry.start..end].to_string();
        own.push('\n');
        own
    }
}

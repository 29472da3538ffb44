//! Checks every format makes of a container the same way: its image reference, its resource
//! quantities and its mount paths. Their messages name no key, so no format's spelling.

use std::collections::HashMap;

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Limits, Located, Resources};
use crate::quantity::Resource;
use crate::{names, quantity};

/// The error for an image reference that does not parse.
pub(crate) fn image_invalid(file: &str, img: &Located<String>) -> Diagnostic {
    Diagnostic::error(
        Code::ImageInvalid,
        file,
        img.at(),
        format!(
            "`{}` is not an image reference of the form [host[:port]/]path[:tag][@digest]",
            img.value
        ),
    )
}

/// An image reference's error (it does not parse) or warning (no tag, or `:latest`).
pub(crate) fn check_image(out: &mut Vec<Diagnostic>, file: &str, img: &Located<String>) {
    if !names::is_valid_image(&img.value) {
        out.push(image_invalid(file, img));
    } else if !names::image_is_pinned_or_tagged(&img.value) {
        out.push(Diagnostic::warning(
            Code::ImageUnpinned,
            file,
            img.at(),
            format!("image `{}` has no tag or uses `:latest`", img.value),
        ));
    }
}

/// The error when a container mounts `name` at a `path` that `paths` (path to the name
/// mounted there, of the container's mounts so far) already holds; else records it.
pub(crate) fn duplicate_path<'a>(
    paths: &mut HashMap<&'a str, &'a str>,
    file: &str,
    label: &str,
    name: &'a Located<String>,
    path: Option<&'a Located<String>>,
) -> Option<Diagnostic> {
    let path = path?;
    let other = paths.insert(path.value.as_str(), name.value.as_str())?;
    Some(Diagnostic::error(
        Code::MountDuplicatePath,
        file,
        path.at(),
        format!(
            "{label} mounts `{}` and `{other}` at the same path `{}`",
            name.value, path.value
        ),
    ))
}

/// Each of cpu and memory: both quantities parse, and the request is not above the limit.
/// `console`: the values are a Console service's, held to the Console's own forms (CPU only in
/// millicores, memory only in mebibytes; see [`quantity::console_accepts`]).
pub(crate) fn check_resources(out: &mut Vec<Diagnostic>, file: &str, r: &Resources, console: bool) {
    for (kind, limits) in [(Resource::Cpu, &r.cpu), (Resource::Memory, &r.memory)] {
        if let Some(l) = limits {
            check_limits(out, file, kind, l, console);
        }
    }
}

fn check_limits(out: &mut Vec<Diagnostic>, file: &str, r: Resource, l: &Limits, console: bool) {
    let kind = match r {
        Resource::Cpu => "cpu",
        Resource::Memory => "memory",
    };
    let parse = |v: &Option<Located<String>>, out: &mut Vec<Diagnostic>| {
        let v = v.as_ref()?;
        if console {
            if !quantity::console_accepts(&v.value, r) {
                let msg = format!("{kind}: {}", quantity::console_error(&v.value, r));
                out.push(Diagnostic::error(Code::ConsoleQuantity, file, v.at(), msg));
                return None;
            }
            if v.value.is_empty() {
                // The Console's "not set".
                return None;
            }
        }
        match quantity::parse_resource(&v.value) {
            Ok(q) => Some(q),
            Err(e) => {
                out.push(Diagnostic::error(
                    e.code(),
                    file,
                    v.at(),
                    format!("{kind}: {e}"),
                ));
                None
            }
        }
    };
    let min = parse(&l.min, out);
    let max = parse(&l.max, out);
    if let (Some(a), Some(b), Some(at)) = (min, max, l.min.as_ref())
        && a.cmp_value(&b) == Some(std::cmp::Ordering::Greater)
    {
        let max = l.max.as_ref().map_or("", |m| m.value.as_str());
        out.push(Diagnostic::error(
            Code::ResourcesRequestAboveLimit,
            file,
            at.at(),
            format!("{kind} request {} is above its limit {max}", at.value),
        ));
    }
}

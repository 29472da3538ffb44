//! Checks every format makes of a container the same way: its image reference and its
//! resource quantities. Only the messages' wording of keys differs, and these name none.

use crate::diagnostic::Diagnostic;
use crate::model::{Limits, Located, Resources};
use crate::quantity;

/// The error for an image reference that does not parse.
pub(crate) fn image_invalid(file: &str, img: &Located<String>) -> Diagnostic {
    Diagnostic::error(
        "image.invalid",
        file,
        img.at(),
        format!(
            "`{}` is not an image reference of the form [host[:port]/]path[:tag][@digest]",
            img.value
        ),
    )
}

/// Each of cpu and memory: both quantities parse, and the request is not above the limit.
pub(crate) fn check_resources(out: &mut Vec<Diagnostic>, file: &str, r: &Resources) {
    for (kind, limits) in [("cpu", &r.cpu), ("memory", &r.memory)] {
        if let Some(l) = limits {
            check_limits(out, file, kind, l);
        }
    }
}

fn check_limits(out: &mut Vec<Diagnostic>, file: &str, kind: &str, l: &Limits) {
    let parse = |v: &Option<Located<String>>, out: &mut Vec<Diagnostic>| {
        let v = v.as_ref()?;
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
            "resources.request-above-limit",
            file,
            at.at(),
            format!("{kind} request {} is above its limit {max}", at.value),
        ));
    }
}

//! A kustomization's `images:` entries, as kustomize (v5) applies them to every container's
//! image it renders: an entry whose `name` is the image's name (the whole text before its tag
//! and digest) gives it `newName`, and `newTag` and/or `digest` in place of both its tag and
//! its digest. Entries apply one after another, a later one matching what an earlier one wrote.

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{ImageSet, Workload};
use crate::yaml::{Document, Node};

/// One entry of a kustomization's `images:`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageEntry {
    pub name: String,
    new_name: Option<String>,
    new_tag: Option<String>,
    digest: Option<String>,
    /// The kustomization file, and where the entry is in it.
    pub file: String,
    pub line: usize,
    pub column: usize,
}

/// The entries of `images:` of the kustomization `doc` (the file `rel`) at `root`. One with
/// no `name`, or no change, does nothing in kustomize: left out.
pub fn read(doc: &Document, root: &Node, rel: &str) -> Vec<ImageEntry> {
    let Some(list) = doc.get(root, "images") else {
        return Vec::new();
    };
    let text = |n: &Node, key: &str| {
        doc.get(n, key)
            .and_then(Node::as_str)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    doc.items(list)
        .into_iter()
        .filter_map(|n| {
            let e = ImageEntry {
                name: text(n, "name")?,
                new_name: text(n, "newName"),
                new_tag: text(n, "newTag"),
                digest: text(n, "digest"),
                file: rel.to_string(),
                line: n.line,
                column: n.column,
            };
            (e.new_name.is_some() || e.new_tag.is_some() || e.digest.is_some()).then_some(e)
        })
        .collect()
}

impl ImageEntry {
    /// `image` as this entry rewrites it, if it matches.
    fn apply(&self, image: &str) -> Option<String> {
        let rest = image.strip_prefix(self.name.as_str())?;
        let (tag, digest) = match rest.split_once('@') {
            Some((tag, digest)) => (tag, Some(digest.strip_prefix("sha256:")?)),
            None => (rest, None),
        };
        let tag_ok = tag.is_empty()
            || tag
                .strip_prefix(':')
                .is_some_and(|t| t.chars().all(tag_char));
        if !tag_ok || !digest.is_none_or(|d| d.chars().all(tag_char)) {
            return None;
        }
        let (name, tag, digest) = split(image);
        let mut out = self.new_name.as_deref().unwrap_or(name).to_string();
        let (tag, digest) = match (&self.new_tag, &self.digest) {
            (None, None) => (tag, digest),
            (new_tag, new_digest) => (new_tag.as_deref(), new_digest.as_deref()),
        };
        if let Some(t) = tag {
            out.push(':');
            out.push_str(t);
        }
        if let Some(d) = digest {
            out.push('@');
            out.push_str(d);
        }
        Some(out)
    }
}

/// What kustomize allows in a tag (and reads in a digest) when it matches an entry's name.
fn tag_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "_.{}-".contains(c)
}

/// An image's name, tag and digest as kustomize splits them: a `:` before the first `/` is a
/// registry's port.
fn split(image: &str) -> (&str, Option<&str>, Option<&str>) {
    let from = image.find('/').unwrap_or(0);
    let search = &image[from..];
    let (at, colon) = (search.find('@'), search.find(':'));
    match (at, colon) {
        (None, None) => (image, None, None),
        (Some(a), c) if c.is_none_or(|c| a < c) => {
            (&image[..from + a], None, Some(&image[from + a + 1..]))
        }
        (Some(a), Some(c)) => (
            &image[..from + c],
            Some(&image[from + c + 1..from + a]),
            Some(&image[from + a + 1..]),
        ),
        (None, Some(c)) => (&image[..from + c], Some(&image[from + c + 1..]), None),
        (Some(_), None) => unreachable!("matched above"),
    }
}

/// `image` as the entries `chain` render it, one after another, and the last entry that
/// changed it; None when none does.
pub fn render<'e>(chain: &'e [ImageEntry], image: &str) -> Option<(String, &'e ImageEntry)> {
    let mut out: Option<(String, &ImageEntry)> = None;
    for e in chain {
        let now = out.as_ref().map_or(image, |(i, _)| i.as_str());
        if let Some(next) = e.apply(now) {
            out = Some((next, e));
        }
    }
    out.filter(|(i, _)| i != image)
}

/// Gives the sidecars of `w` their images as the entries `chain` render them (those applied
/// after the text that writes them); its object says which, and by what. `image.unpinned`
/// judges what runs, as the policy's `pinning` does: the text's warning goes where an entry
/// pins its image, and an entry that unpins one warns, at the entry.
pub fn render_workload(w: &mut Workload, chain: &[ImageEntry]) {
    if chain.is_empty() {
        return;
    }
    let (mut set, mut judged) = (Vec::new(), Vec::new());
    for c in &mut w.sidecars {
        let container = c.name().to_string();
        let Some(image) = &mut c.image else { continue };
        let Some((now, by)) = render(chain, &image.value) else {
            continue;
        };
        let rendered = unpinned(&now).then(|| now.clone());
        judged.push((image.at(), unpinned(&image.value), rendered, by));
        set.push(ImageSet {
            container,
            written: std::mem::replace(&mut image.value, now),
            by: format!(
                "the `images:` entry `{}` of {}:{}:{}",
                by.name, by.file, by.line, by.column
            ),
        });
    }
    let id = &w.id;
    let Some(o) = w.object.as_mut() else { return };
    for ((at, was, rendered, by), s) in judged.into_iter().zip(&set) {
        match (was, rendered) {
            // The text's warning is the one at its image (one image a place).
            (true, None) => o
                .checks
                .retain(|d| !(d.code == Code::ImageUnpinned && d.line.zip(d.column) == at)),
            (false, Some(now)) => o.checks.push(Diagnostic::warning(
                Code::ImageUnpinned,
                &by.file,
                Some((by.line, by.column)),
                format!(
                    "image `{now}` of sidecar `{}` of {id}, as the `images:` entry `{}` renders \
                     it, has no tag or uses `:latest`",
                    s.container, by.name
                ),
            )),
            _ => {}
        }
    }
    o.images = set;
}

/// Whether `image` is a reference with no tag, or `:latest` (what `image.unpinned` says).
fn unpinned(image: &str) -> bool {
    crate::names::is_valid_image(image) && !crate::names::image_is_pinned_or_tagged(image)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(
        name: &str,
        new_name: Option<&str>,
        tag: Option<&str>,
        digest: Option<&str>,
    ) -> ImageEntry {
        ImageEntry {
            name: name.into(),
            new_name: new_name.map(Into::into),
            new_tag: tag.map(Into::into),
            digest: digest.map(Into::into),
            file: "o/kustomization.yaml".into(),
            line: 1,
            column: 1,
        }
    }

    /// Each expectation is what `kubectl kustomize` (kustomize v5.5.0) rendered.
    #[test]
    fn entries_rewrite_images_as_kustomize_renders_them() {
        let d = "sha256:aaaaaaaa";
        let rename = entry("envoyproxy/envoy", Some("my.reg/envoy"), None, None);
        let retag = entry("my.reg/envoy", None, Some("o-tag"), None);
        let chain = [rename.clone(), retag.clone()];
        let r = |chain: &[ImageEntry], i: &str| render(chain, i).map(|(i, e)| (i, e.name.clone()));
        assert_eq!(
            r(&chain, "envoyproxy/envoy:v1"),
            Some(("my.reg/envoy:o-tag".into(), "my.reg/envoy".into()))
        );
        // A new tag replaces a digest as well; a new name keeps both.
        assert_eq!(
            r(&chain, &format!("envoyproxy/envoy@{d}")).unwrap().0,
            "my.reg/envoy:o-tag"
        );
        assert_eq!(
            r(&[rename], &format!("envoyproxy/envoy:v2@{d}")).unwrap().0,
            format!("my.reg/envoy:v2@{d}")
        );
        assert_eq!(
            r(&chain, "envoyproxy/envoy").unwrap().0,
            "my.reg/envoy:o-tag"
        );
        let both = entry("x/y", None, Some("t1"), Some("sha256:cc"));
        assert_eq!(r(&[both], "x/y:v9").unwrap().0, "x/y:t1@sha256:cc");
        // A registry's port is no tag.
        let port = entry("reg:5000/z", None, Some("zz"), None);
        assert_eq!(r(&[port], "reg:5000/z").unwrap().0, "reg:5000/z:zz");
        // The whole name must match.
        assert_eq!(r(&chain, "docker.io/envoyproxy/envoy:v9"), None);
        assert_eq!(r(&chain, "envoyproxy/envoy-extra:v9"), None);
        // An entry that writes what is there changes nothing.
        assert_eq!(r(&[retag], "my.reg/envoy:o-tag"), None);
    }
}

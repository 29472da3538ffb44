//! Splices: the only way text changes. An edit is a list of byte ranges of the original text,
//! each replaced with new text; everything between them stays byte for byte.

/// `text[start..end]` replaced with `with`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Splice {
    pub start: usize,
    pub end: usize,
    pub with: String,
}

impl Splice {
    pub fn new(start: usize, end: usize, with: impl Into<String>) -> Self {
        Self {
            start,
            end,
            with: with.into(),
        }
    }
}

/// `text` with `splices` (in order, not overlapping) applied, built at its final size.
pub fn apply_splices(text: &str, splices: &[Splice]) -> String {
    let removed: usize = splices.iter().map(|s| s.end - s.start).sum();
    let added: usize = splices.iter().map(|s| s.with.len()).sum();
    let mut out = String::with_capacity(text.len() - removed + added);
    let mut at = 0;
    for s in splices {
        out.push_str(&text[at..s.start]);
        out.push_str(&s.with);
        at = s.end;
    }
    out.push_str(&text[at..]);
    out
}

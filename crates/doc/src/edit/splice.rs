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

/// Whether `splices` (in order, not overlapping) make `text` another text, found without
/// making the new text: a large file is not held twice to learn that an edit changed nothing.
pub fn changes_text(text: &str, splices: &[Splice]) -> bool {
    let removed: usize = splices.iter().map(|s| s.end - s.start).sum();
    let added: usize = splices.iter().map(|s| s.with.len()).sum();
    if removed != added {
        return true;
    }
    // The new text piece by piece, each against the old text at the same place.
    let (old, mut at, mut new_at) = (text.as_bytes(), 0, 0);
    let mut differs = |piece: &[u8]| {
        let same = old.get(new_at..new_at + piece.len()) == Some(piece);
        new_at += piece.len();
        !same
    };
    for s in splices {
        if differs(&old[at..s.start]) || differs(s.with.as_bytes()) {
            return true;
        }
        at = s.end;
    }
    differs(&old[at..])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `changes_text` says what comparing the made text with the old one says.
    #[test]
    fn changes_text_agrees_with_the_made_text() {
        let text = "abab: 1\n";
        let cases: Vec<Vec<Splice>> = vec![
            vec![],
            vec![Splice::new(6, 7, "1")],
            vec![Splice::new(6, 7, "2")],
            vec![Splice::new(0, 2, ""), Splice::new(2, 2, "ab")],
            vec![Splice::new(0, 2, ""), Splice::new(4, 4, "ab")],
            vec![Splice::new(8, 8, "\n")],
            vec![Splice::new(0, 8, "abab: 1\n")],
        ];
        for splices in cases {
            let made = apply_splices(text, &splices);
            assert_eq!(changes_text(text, &splices), made != text, "{splices:?}");
        }
    }
}

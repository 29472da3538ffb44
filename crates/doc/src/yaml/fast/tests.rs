//! The fast reader against the full parser: on every YAML file of the test fixtures and the
//! examples, and on many thousands of random mutations of them. Wherever the fast reader reads a
//! text, the tree must be the full parser's, node for node.

use super::parse;
use crate::yaml::parse::same_as_full_parser;

/// The top of the workspace, where the application keeps its fixtures and examples.
fn top() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every YAML file under the fixtures and the examples.
fn corpus() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for root in ["tests/fixtures", "examples"] {
        for entry in ignore::WalkBuilder::new(top().join(root))
            .standard_filters(false)
            .build()
        {
            let entry = entry.expect("the corpus folders can be read");
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "yaml" || e == "yml")
                && let Ok(text) = std::fs::read_to_string(path)
            {
                out.push((path.display().to_string(), text));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn the_fast_reader_reads_real_files_as_the_parser_does() {
    let corpus = corpus();
    let mut fast = 0;
    for (_, text) in &corpus {
        if let Some(roots) = parse(text, true) {
            same_as_full_parser(text, true, &roots);
            fast += 1;
        }
    }
    // Most real files are in the subset: a fast reader that gave up everywhere would pass the
    // comparison and make nothing faster.
    assert!(corpus.len() > 1000, "{} files", corpus.len());
    assert!(
        fast * 10 > corpus.len() * 8,
        "{fast} of {} read fast",
        corpus.len()
    );
    for path in [
        "examples/gitops-shop/apps/shop/base/cart.yaml",
        "examples/acme-shop/services/orders.yaml",
    ] {
        let text = std::fs::read_to_string(top().join(path)).expect("the example exists");
        assert!(parse(&text, true).is_some(), "{path} is read fast");
    }
}

/// A small deterministic generator: the test must fail the same way twice.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 16) as usize
    }
    fn below(&mut self, n: usize) -> usize {
        self.next() % n.max(1)
    }
}

/// Inserts, deletes or repeats a little of `text` where YAML is most sensitive.
fn mutate(text: &str, rng: &mut Rng) -> String {
    const PIECES: &[&str] = &[
        " ", "  ", "\n", "-", "- ", ":", ": ", "#", " #", "'", "\"", "[", "]", "{", "}", ",", "|",
        "|-", "|+", ">", "&a ", "*a", "!t ", "?", "---\n", "...\n", "\\", "\t", "\r", "x", "é",
        "\n\n", "\n  ", "\n- ", "{}", "[]", "~", "%", "<<: ",
    ];
    let mut b = text.as_bytes().to_vec();
    for _ in 0..1 + rng.below(3) {
        let at = rng.below(b.len() + 1);
        match rng.below(4) {
            0 | 1 => {
                let piece = PIECES[rng.below(PIECES.len())];
                b.splice(at..at, piece.bytes());
            }
            2 => {
                let end = (at + 1 + rng.below(4)).min(b.len());
                b.drain(at.min(end)..end);
            }
            _ => {
                // Repeat or re-indent a whole line.
                let start = b[..at]
                    .iter()
                    .rposition(|&c| c == b'\n')
                    .map_or(0, |i| i + 1);
                let end = b[at..]
                    .iter()
                    .position(|&c| c == b'\n')
                    .map_or(b.len(), |i| at + i + 1);
                let line = b[start..end].to_vec();
                if rng.below(2) == 0 {
                    b.splice(end..end, line);
                } else if line.first() == Some(&b' ') && rng.below(2) == 0 {
                    b.remove(start);
                } else {
                    b.insert(start, b' ');
                }
            }
        }
    }
    String::from_utf8_lossy(&b).into_owned()
}

#[test]
fn the_fast_reader_agrees_with_the_parser_on_mutated_files() {
    let corpus = corpus();
    let mut rng = Rng(0x5eed_cafe_f00d);
    let (mut tried, mut fast) = (0, 0);
    for round in 0..12 {
        for (_, text) in &corpus {
            if text.len() > 4000 {
                continue;
            }
            let text = mutate(text, &mut rng);
            tried += 1;
            if let Some(roots) = parse(&text, round % 2 == 0) {
                fast += 1;
                same_as_full_parser(&text, round % 2 == 0, &roots);
            }
        }
    }
    assert!(
        fast * 4 > tried,
        "only {fast} of {tried} mutations read fast"
    );
}

/// A repeated key is an error the full parser words: the fast reader gives up on it, whether
/// the keys look alike to its filter or not, in block and flow mappings, and beyond the number
/// of keys it compares one by one.
#[test]
fn a_repeated_key_is_left_to_the_full_parser() {
    let many: String = (0..40).map(|i| format!("k{i:02}: {i}\n")).collect();
    for text in [
        "a: 1\nb: 2\na: 3\n".to_string(),
        "name: x\nnaMe: y\nname: z\n".to_string(),
        "m: {x: 1, y: 2, x: 3}\n".to_string(),
        "'': 1\n\"\": 2\n".to_string(),
        format!("{many}k05: again\n"),
        format!("{many}k39: again\n"),
    ] {
        assert!(parse(&text, true).is_none(), "{text:?} was read fast");
    }
    // Keys alike in length and first letter, all different, are read.
    assert!(parse("name: 1\nnaMe: 2\nnAme: 3\n", true).is_some());
    assert!(parse(&many, true).is_some());
}

//! Telling a template (a Helm chart's `templates/`, or any `{{ }}` text) from a broken manifest.
//!
//! Only consulted for a file that does not parse, so a valid manifest with `{{` in a string is
//! never at stake. What matters is the other way round: a broken manifest must still be reported
//! as broken, and plenty of real manifests carry `{{` where YAML allows it — Go templates in
//! quoted annotations, Argo Workflows parameters, Prometheus rules in block scalars, comments.
//! So only a `{{` that YAML could not have read counts: one in plain text, outside comments,
//! quoted strings and block scalars. A template always has one (`{{- if …}}`, `key: {{ … }}`).

/// Whether a file holds no YAML document at all: blank lines, comments and document markers
/// only. kustomize, kubectl and PyYAML read such a file as empty; so does sidecarctl.
pub fn is_blank(text: &str) -> bool {
    text.trim_start_matches('\u{feff}').lines().all(|l| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#') || t == "---" || t == "..."
    })
}

/// The objects and functions only a Helm template's actions use: `{{ .Values.x }}`,
/// `{{ include "name" . }}`. Other tools that write `{{ }}` into manifests (Argo Workflows'
/// `{{inputs.parameters.x}}`, Prometheus' `{{ $labels.x }}`, Alertmanager's `{{ .Alerts }}`)
/// use none of them.
const HELM_ACTIONS: &[&str] = &[
    ".Values",
    "$.Values",
    ".Release",
    "$.Release",
    ".Chart",
    ".Capabilities",
    ".Files",
    "include ",
    "template ",
    "tpl ",
];

/// Where the first Helm action of a file that parses as YAML stands (line, column), outside
/// comments: such a file is a template even though YAML reads it (`image: "{{ .Values.image
/// }}"`), and what it holds is not what is applied.
pub fn helm_action(text: &str) -> Option<(usize, usize)> {
    if !text.contains("{{") {
        return None;
    }
    for (n, line) in text.lines().enumerate() {
        if line.trim_start().starts_with('#') {
            continue;
        }
        let mut from = 0;
        while let Some(i) = line[from..].find("{{") {
            let at = from + i;
            let inner = line[at + 2..].trim_start_matches('-').trim_start();
            if HELM_ACTIONS.iter().any(|a| inner.starts_with(a)) {
                return Some((n + 1, line[..at].chars().count() + 1));
            }
            from = at + 2;
        }
    }
    None
}

/// Whether `text`, which failed to parse, is a template.
pub fn is_template(text: &str) -> bool {
    // The quote of a quoted scalar still open at the end of the previous line.
    let mut quote = None;
    // The column that the content of the block scalar we are in is indented past.
    let mut block: Option<usize> = None;
    for line in text.lines() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        if let Some(parent) = block {
            if line.trim().is_empty() || indent > parent {
                continue;
            }
            block = None;
        }
        match scan_line(line, &mut quote) {
            Line::Template => return true,
            Line::OpensBlock => block = Some(block_parent(line, indent)),
            Line::Plain => {}
        }
    }
    false
}

/// The column of the node that owns a block scalar opened on `line`: the key's
/// (`- key: |` → the column of `key`), or the dash's for an item that is the scalar (`- |`).
fn block_parent(line: &str, indent: usize) -> usize {
    let mut column = indent;
    while let Some(rest) = line[column..].strip_prefix('-') {
        let after = rest.trim_start_matches([' ', '\t']);
        if after.len() == rest.len() || after.starts_with(['|', '>']) {
            break;
        }
        column = line.len() - after.len();
    }
    column
}

enum Line {
    Template,
    OpensBlock,
    Plain,
}

/// Scans one line, carrying the open quote (`"` or `'`) over to the next.
fn scan_line(line: &str, quote: &mut Option<u8>) -> Line {
    let bytes = line.as_bytes();
    // The last character outside strings and comments that was not a space.
    let mut before: Option<u8> = None;
    let mut content_end = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match *quote {
            Some(b'"') if b == b'\\' => i += 1,
            Some(b'\'') if b == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 1,
            Some(q) if b == q => {
                *quote = None;
                before = Some(b);
                content_end = i + 1;
            }
            Some(_) => {}
            None => match b {
                b'#' if i == 0 || matches!(bytes[i - 1], b' ' | b'\t') => break,
                b'{' if bytes.get(i + 1) == Some(&b'{') => return Line::Template,
                // A quote opens a string only where a scalar starts; elsewhere (`don't`) it
                // is a plain character.
                b'"' | b'\'' if before.is_none_or(|c| b":-[{,?".contains(&c)) => {
                    *quote = Some(b);
                }
                b' ' | b'\t' | b'\r' => {}
                _ => {
                    before = Some(b);
                    content_end = i + 1;
                }
            },
        }
        i += 1;
    }
    if quote.is_none() && opens_block(&line[..content_end]) {
        Line::OpensBlock
    } else {
        Line::Plain
    }
}

/// Whether a line (comment cut off) ends in a block scalar header: `key: |`, `- >-`, `|2+`.
fn opens_block(content: &str) -> bool {
    let (head, last) = match content.rfind([' ', '\t']) {
        Some(at) => (content[..at].trim_end(), &content[at + 1..]),
        None => ("", content),
    };
    let mut chars = last.chars();
    matches!(chars.next(), Some('|' | '>'))
        && chars.all(|c| matches!(c, '+' | '-' | '1'..='9'))
        && (head.is_empty() || head.ends_with(':') || head.ends_with('-'))
}

#[cfg(test)]
mod tests {
    use super::is_template;

    #[test]
    fn a_helm_template_is_a_template() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/gitops-shop/platform/charts/shop-worker/templates/deployment.yaml"
        );
        let text = std::fs::read_to_string(path).unwrap();
        assert!(crate::yaml::parse(text.clone()).is_err(), "it is no YAML");
        assert!(is_template(&text));
    }

    #[test]
    fn template_actions_in_plain_text_make_a_template() {
        assert!(is_template(
            "{{- if .Values.enabled }}\nkind: Pod\n{{- end }}\n"
        ));
        assert!(is_template("metadata:\n  name: {{ .Release.Name }}\n"));
        assert!(is_template(
            "args: [\"--queue\", {{ .Values.queue | quote }}]\n"
        ));
        assert!(is_template("{{/* a template comment */}}\nkind: Pod\n"));
        assert!(is_template("a: don't\nb: {{ .Values.b }}\n"));
        assert!(is_template("a: \"x\" {{ .Values.b }}\n"));
        assert!(is_template("a: |\n  text {{ x }}\nb: {{ .Values.b }}\n"));
        assert!(is_template(
            "- args: |\n    {{ x }}\n  b: {{ .Values.b }}\n"
        ));
    }

    #[test]
    fn helm_actions_in_a_file_that_parses_make_a_template() {
        use super::helm_action;
        assert_eq!(
            helm_action("kind: Pod\nimage: \"{{ .Values.image }}\"\n"),
            Some((2, 9))
        );
        assert!(helm_action("a: '{{- include \"x\" . }}'\n").is_some());
        assert!(helm_action("a: \"{{ $.Release.Name }}\"\n").is_some());
        for text in [
            "args: ['{{inputs.parameters.message}}']\n",
            "summary: \"{{ $labels.instance }} is down\"\n",
            "# image: {{ .Values.image }}\nkind: Pod\n",
            "text: '{{ range .Alerts }}{{ .Annotations.summary }}{{ end }}'\n",
        ] {
            assert_eq!(helm_action(text), None, "{text:?}");
        }
    }

    #[test]
    fn a_file_of_comments_is_blank() {
        use super::is_blank;
        assert!(is_blank(""));
        assert!(is_blank("# nothing yet\n\n  # indented\n---\n"));
        assert!(!is_blank("# head\nkind: Pod\n"));
    }

    #[test]
    fn braces_that_yaml_reads_do_not_make_a_template() {
        // Each of these fails to parse for another reason (the tab, the unclosed bracket).
        for text in [
            "a: b\n\tc: d\n# {{ not a template }}\n",
            "image: x # {{ .Values.tag }}\nports: [\n",
            "metadata:\n  annotations:\n    tmpl: \"{{ .Release.Name }}\"\n  bad: [\n",
            "args: ['{{inputs.parameters.message}}', 'it''s {{x}}']\nbad: [\n",
            "rule: \"multi\n  line {{ $labels.instance }}\"\nbad: [\n",
            "data:\n  alert.tmpl: |\n    {{ define \"x\" }}\n\n    {{ end }}\n  bad: [\n",
            "- >-\n  {{ folded }}\n- bad: [\n",
            "  - - |\n      {{ nested }}\n    - bad: [\n",
            "{\"a\": \"{{ x }}\", \"b\": [\n",
            "a: \"escaped \\\" quote {{ x }}\"\nbad: [\n",
        ] {
            assert!(!is_template(text), "{text:?}");
        }
    }
}

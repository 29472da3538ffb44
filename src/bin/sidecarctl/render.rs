//! Printing results: tables for people, JSON and YAML for scripts. The only place comfy-table
//! lives.

use std::io::Write;

use comfy_table::{ContentArrangement, Table, presets};
use serde::Serialize;
use sidecarctl::diagnostic::Diagnostic;
use sidecarctl::report;
use sidecarctl::view::{
    ChangeReport, ContainersView, LimitsView, ResourcesView, ServiceList, SidecarList, SidecarUse,
};

use crate::cli::Format;

mod drift;
pub(crate) use drift::drift;

/// Writes `data` as JSON or YAML; returns false for the table formats (the caller draws those).
pub(crate) fn structured<T: Serialize>(
    out: &mut dyn Write,
    format: Format,
    data: &T,
) -> std::io::Result<bool> {
    match format {
        Format::Json => {
            // Buffered: stdout is line-buffered, and a large report has many lines.
            let mut buf = std::io::BufWriter::with_capacity(1 << 16, &mut *out);
            serde_json::to_writer_pretty(&mut buf, data)?;
            writeln!(buf)?;
            buf.flush()?;
        }
        Format::Yaml => {
            let value = serde_json::to_value(data).map_err(std::io::Error::other)?;
            write!(out, "{}", sidecarctl::yaml::emit::to_string(&value))?;
        }
        // Tables are the caller's; the CI reports reach no command but validate (main.rs).
        Format::Table
        | Format::Wide
        | Format::Name
        | Format::Github
        | Format::Sarif
        | Format::Codeclimate
        | Format::Junit => {
            return Ok(false);
        }
    }
    Ok(true)
}

/// A `list -o json` row rendered as it sits in the report, four levels in (the report,
/// `sidecars`, a sidecar, `services`): rows are rendered on the cores that read them, and
/// [`list_json`] joins them.
pub(crate) fn json_row(row: &SidecarUse) -> Box<[u8]> {
    let mut buf = Vec::with_capacity(512);
    let f = Pretty {
        depth: 4,
        has_value: false,
    };
    row.serialize(&mut serde_json::Serializer::with_formatter(&mut buf, f))
        .expect("a row serializes into memory");
    buf.into_boxed_slice()
}

/// Renames the service of a rendered [`json_row`] from `old` to `new` (a shared ID becomes
/// `FILE#ID` once the whole project is read): the row's one `"service"` member is rewritten.
pub(crate) fn rename_json_row(row: &mut Box<[u8]>, old: &str, new: &str) {
    let quote = |v: &str| serde_json::to_string(v).expect("a string serializes");
    let from = format!("\"service\": {}", quote(old));
    let Some(at) = memchr::memmem::find(row, from.as_bytes()) else {
        return;
    };
    let mut out = Vec::with_capacity(row.len() + new.len());
    out.extend_from_slice(&row[..at]);
    out.extend_from_slice(format!("\"service\": {}", quote(new)).as_bytes());
    out.extend_from_slice(&row[at + from.len()..]);
    *row = out.into_boxed_slice();
}

/// serde_json's pretty printing (two spaces a level) from a given depth, each indentation
/// written at once rather than a level at a time (tens of thousands of rows).
struct Pretty {
    depth: usize,
    has_value: bool,
}

impl Pretty {
    fn line<W: ?Sized + Write>(&self, w: &mut W, first: bool) -> std::io::Result<()> {
        const SPACES: &[u8; 64] = &[b' '; 64];
        w.write_all(if first { b"\n" } else { b",\n" })?;
        let mut n = 2 * self.depth;
        while n > 0 {
            let k = n.min(SPACES.len());
            w.write_all(&SPACES[..k])?;
            n -= k;
        }
        Ok(())
    }

    fn open<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    fn close<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            // A newline and the closing indentation, as `line` writes them.
            self.line(w, true)?;
        }
        w.write_all(bracket)
    }
}

impl serde_json::ser::Formatter for Pretty {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"[")
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"]")
    }
    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.line(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"{")
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"}")
    }
    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.line(w, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// `list -o json` of rows made by [`json_row`]: exactly what [`structured`] prints for the
/// same list (a test holds the two together). The rows are written from where they were
/// rendered, a thousand pieces a call, never copied into one buffer: a large project's list is
/// megabytes.
pub(crate) fn list_json(out: &mut dyn Write, data: &SidecarList<Box<[u8]>>) -> std::io::Result<()> {
    use std::io::IoSlice;
    let heads = data
        .sidecars
        .iter()
        .enumerate()
        .map(|(i, s)| {
            Ok(format!(
                "{}    {{\n      \"name\": {},\n      \"special\": {},\n      \"managedBy\": {},\n      \"services\": [",
                if i == 0 { "\n" } else { ",\n" },
                serde_json::to_string(&s.name)?,
                s.special,
                serde_json::to_string(&s.managed_by)?
            ))
        })
        .collect::<serde_json::Result<Vec<String>>>()?;
    let rows: usize = data.sidecars.iter().map(|s| s.services.len()).sum();
    let mut pieces = Vec::with_capacity(2 * rows + 4 * heads.len() + 3);
    pieces.push(IoSlice::new(b"{\n  \"sidecars\": ["));
    for (s, head) in data.sidecars.iter().zip(&heads) {
        pieces.push(IoSlice::new(head.as_bytes()));
        for (j, row) in s.services.iter().enumerate() {
            let before: &[u8] = if j == 0 {
                b"\n        "
            } else {
                b",\n        "
            };
            pieces.extend([IoSlice::new(before), IoSlice::new(row)]);
        }
        if !s.services.is_empty() {
            pieces.push(IoSlice::new(b"\n      "));
        }
        pieces.push(IoSlice::new(b"]\n    }"));
    }
    if !data.sidecars.is_empty() {
        pieces.push(IoSlice::new(b"\n  "));
    }
    pieces.push(IoSlice::new(b"]\n}\n"));
    let mut left = pieces.as_mut_slice();
    while !left.is_empty() {
        // At most IOV_MAX pieces a call.
        match out.write_vectored(&left[..left.len().min(1024)]) {
            Ok(0) => return Err(std::io::ErrorKind::WriteZero.into()),
            Ok(n) => IoSlice::advance_slices(&mut left, n),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    out.flush()
}

/// Writes `validate`'s CI report for the CI formats; returns false for the others. `prefix` is
/// the project's folder in its repository.
pub(crate) fn ci_report(
    out: &mut dyn Write,
    format: Format,
    diags: &[&Diagnostic],
    prefix: &str,
) -> std::io::Result<bool> {
    let json = match format {
        Format::Github => {
            return write!(out, "{}", report::github::commands(diags, prefix)).map(|_| true);
        }
        Format::Sarif => report::sarif::log(diags, prefix),
        Format::Codeclimate => report::codeclimate::issues(diags, prefix),
        // JUnit needs the services, not only the diagnostics: validate renders it.
        Format::Table
        | Format::Wide
        | Format::Json
        | Format::Yaml
        | Format::Name
        | Format::Junit => {
            return Ok(false);
        }
    };
    let mut buf = std::io::BufWriter::with_capacity(1 << 16, &mut *out);
    serde_json::to_writer_pretty(&mut buf, &json)?;
    writeln!(buf)?;
    buf.flush()?;
    Ok(true)
}

pub(crate) fn table(headers: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_style(presets::NOTHING)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(headers.iter().map(|h| h.to_string()));
    // No margin before the first column; two spaces between columns, as kubectl prints.
    for column in t.column_iter_mut() {
        column.set_padding((0, 2));
    }
    if let Some((w, _)) = terminal_width() {
        t.set_width(w);
    }
    // A terminal that reports no usable width (some pseudo-terminals say 0) gets no wrapping.
    if t.width().is_some_and(|w| w < 40) {
        t.set_content_arrangement(ContentArrangement::Disabled);
    }
    t
}

fn terminal_width() -> Option<(u16, u16)> {
    let cols = std::env::var("COLUMNS").ok()?.parse().ok()?;
    Some((cols, 0))
}

fn pair(l: Option<&LimitsView>) -> String {
    match l {
        None => "-".into(),
        Some(l) => format!(
            "{}/{}",
            l.min.as_deref().unwrap_or("-"),
            l.max.as_deref().unwrap_or("-")
        ),
    }
}

pub(crate) fn cpu(r: Option<&ResourcesView>) -> String {
    pair(r.and_then(|r| r.cpu_limits.as_ref()))
}

pub(crate) fn memory(r: Option<&ResourcesView>) -> String {
    pair(r.and_then(|r| r.memory_limits.as_ref()))
}

fn names(list: &[String]) -> String {
    if list.is_empty() {
        "-".into()
    } else {
        list.join(",")
    }
}

pub(crate) fn list(out: &mut dyn Write, data: &SidecarList, wide: bool) -> std::io::Result<()> {
    if data.sidecars.is_empty() {
        return writeln!(out, "No sidecars found.");
    }
    let mut headers = vec![
        "SIDECAR",
        "SERVICE",
        "IMAGE",
        "CPU REQ/LIM",
        "MEMORY REQ/LIM",
        "MANAGED BY",
    ];
    // Rows of objects (Kubernetes) say where each sidecar runs: `containers` or `initContainers`.
    let objects = data
        .sidecars
        .iter()
        .any(|s| s.services.iter().any(|u| u.object.is_some()));
    if wide {
        headers.extend(["CONFIGMAPS", "SECRETS", "FILE"]);
        if objects {
            headers.push("PLACEMENT");
        }
    }
    let row_of = |s: &sidecarctl::view::SidecarSummary<SidecarUse>, i: usize, u: &SidecarUse| {
        let mut row = vec![
            if i == 0 {
                s.name.clone()
            } else {
                String::new()
            },
            u.service.clone(),
            u.docker_image.clone().unwrap_or_else(|| "-".into()),
            cpu(u.resources.as_ref()),
            memory(u.resources.as_ref()),
            s.managed_by
                .as_ref()
                .map_or_else(|| "-".into(), |m| format!("{m} (special)")),
        ];
        if wide {
            row.extend([names(&u.config_maps), names(&u.secrets), u.file.clone()]);
            if objects {
                let p = u.object.as_ref().and_then(|m| m.placement);
                row.push(p.unwrap_or("-").to_string());
            }
        }
        row
    };
    let rows = || {
        data.sidecars.iter().flat_map(move |s| {
            s.services
                .iter()
                .enumerate()
                .map(move |(i, u)| row_of(s, i, u))
        })
    };
    rows_table(out, &headers, rows)
}

/// `services`: a table of the services, or (`-o name`) their IDs, one a line.
pub(crate) fn services(out: &mut dyn Write, data: &ServiceList, ids: bool) -> std::io::Result<()> {
    if ids {
        let mut buf = std::io::BufWriter::with_capacity(1 << 16, out);
        for row in &data.services {
            writeln!(buf, "{}", row.service)?;
        }
        return buf.flush();
    }
    if data.services.is_empty() {
        return writeln!(out, "No services found.");
    }
    let headers = ["SERVICE", "KIND", "NAMESPACE", "FILE", "SIDECARS"];
    let rows = || {
        data.services.iter().map(|r| {
            vec![
                r.service.clone(),
                r.kind.unwrap_or("-").to_string(),
                r.namespace.clone().unwrap_or_else(|| "-".into()),
                r.file.clone(),
                names(&r.sidecars),
            ]
        })
    };
    rows_table(out, &headers, rows)
}

/// A table of `rows` under `headers`: drawn a row at a time when nothing wraps it ([`plain`]),
/// else by comfy-table.
pub(crate) fn rows_table<I: Iterator<Item = Vec<String>>>(
    out: &mut dyn Write,
    headers: &[&str],
    rows: impl Fn() -> I,
) -> std::io::Result<()> {
    if plain(headers, &rows, out)? {
        return Ok(());
    }
    let mut t = table(headers);
    for row in rows() {
        t.add_row(row);
    }
    writeln!(out, "{}", trim(&t))
}

/// Writes a table of ASCII cells that nothing wraps (no `COLUMNS`, not a terminal) as comfy-table
/// draws it, a row at a time: a list of tens of thousands of rows is never held as a table.
/// Returns false, having written nothing, when the table must be drawn by comfy-table.
fn plain<I: Iterator<Item = Vec<String>>>(
    headers: &[&str],
    rows: impl Fn() -> I,
    out: &mut dyn Write,
) -> std::io::Result<bool> {
    use std::io::IsTerminal;
    if terminal_width().is_some() || std::io::stdout().is_terminal() {
        return Ok(false);
    }
    let mut widths: Vec<usize> = headers.iter().map(|h| h.len()).collect();
    for row in rows() {
        for (w, cell) in widths.iter_mut().zip(&row) {
            if !cell.is_ascii() {
                return Ok(false);
            }
            *w = (*w).max(cell.len());
        }
    }
    let mut buf = std::io::BufWriter::with_capacity(1 << 16, out);
    let mut line = String::new();
    let mut put = |cells: &mut dyn Iterator<Item = &str>| {
        line.clear();
        for (cell, w) in cells.zip(&widths) {
            // Two spaces after each column, as `table` pads them; trailing blanks trimmed.
            line.push_str(cell);
            line.extend(std::iter::repeat_n(' ', w - cell.len() + 2));
        }
        writeln!(buf, "{}", line.trim_end())
    };
    put(&mut headers.iter().copied())?;
    for row in rows() {
        put(&mut row.iter().map(String::as_str))?;
    }
    buf.flush()?;
    Ok(true)
}

pub(crate) fn containers(
    out: &mut dyn Write,
    data: &ContainersView,
    wide: bool,
) -> std::io::Result<()> {
    let mut headers = vec![
        "CONTAINER",
        "ROLE",
        "IMAGE",
        "CPU REQ/LIM",
        "MEMORY REQ/LIM",
        "MANAGED BY",
    ];
    let objects = data.object.is_some();
    if wide {
        headers.extend(["CONFIGMAPS", "SECRETS"]);
        if objects {
            headers.push("PLACEMENT");
        }
    }
    let mut t = table(&headers);
    for c in &data.containers {
        let role = c.role.as_str().to_string();
        let mut row = vec![
            c.name.clone(),
            role,
            c.docker_image.clone().unwrap_or_else(|| "-".into()),
            cpu(c.resources.as_ref()),
            memory(c.resources.as_ref()),
            c.managed_by
                .as_ref()
                .map_or_else(|| "-".into(), |m| format!("{m} (special)")),
        ];
        if wide {
            row.extend([names(&c.config_maps), names(&c.secrets)]);
            if objects {
                let p = c.placement.flatten();
                row.push(p.unwrap_or("-").to_string());
            }
        }
        t.add_row(row);
    }
    writeln!(out, "{}", trim(&t))?;
    if !wide {
        let mounts: Vec<String> = data
            .containers
            .iter()
            .filter(|c| !c.config_maps.is_empty() || !c.secrets.is_empty())
            .map(|c| {
                format!(
                    "  {}: configMaps {}, secrets {}",
                    c.name,
                    names(&c.config_maps),
                    names(&c.secrets)
                )
            })
            .collect();
        if !mounts.is_empty() {
            writeln!(out, "\nMounts:\n{}", mounts.join("\n"))?;
        }
    }
    Ok(())
}

/// comfy-table pads every line to the full width; trailing spaces are noise in a terminal.
pub(crate) fn trim(t: &Table) -> String {
    t.lines()
        .map(|l| l.trim_end().to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

/// One line per service changed, for people.
pub(crate) fn changes(out: &mut dyn Write, report: &ChangeReport) -> std::io::Result<()> {
    let mut t = table(&["SIDECAR", "SERVICE", "ACTION", "FILE"]);
    for c in &report.changes {
        let action = match &c.reason {
            Some(r) => format!("{} ({r})", c.action.as_str()),
            None => c.action.as_str().to_string(),
        };
        // A skipped file that was not read names no service.
        let service = match c.service.as_str() {
            "" => "-".to_string(),
            s => s.to_string(),
        };
        t.add_row(vec![c.sidecar.clone(), service, action, c.file.clone()]);
    }
    writeln!(out, "{}", trim(&t))?;
    // Files the table does not show (the project file, ConfigMap files) are listed after it, so
    // a person sees every file written, as `-o json` does in `files`.
    let shown = |f: &String| report.changes.iter().any(|c| &c.file == f);
    if report.files.iter().any(|f| !shown(f)) {
        writeln!(out, "\nFiles written:")?;
        for f in &report.files {
            writeln!(out, "  {f}")?;
        }
    }
    // A file deleted (a kustomize patch left with nothing to change) is said as such.
    if !report.removed_files.is_empty() {
        writeln!(out, "\nFiles deleted:")?;
        for f in &report.removed_files {
            writeln!(out, "  {f}")?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use sidecarctl::view::{ObjectView, SidecarSummary};

    use super::*;

    fn row(service: &str, kube: bool) -> SidecarUse {
        SidecarUse {
            service: service.into(),
            file: format!("services/{service}.yaml"),
            docker_image: Some("envoyproxy/envoy:v1.31.0 \"quoted\"".into()),
            resources: Some(ResourcesView {
                cpu_limits: Some(LimitsView {
                    min: Some("10m".into()),
                    max: None,
                }),
                memory_limits: None,
            }),
            config_maps: vec!["envoy-config".into()],
            secrets: Vec::new(),
            object: kube.then(|| {
                Box::new(ObjectView {
                    kind: "Deployment".into(),
                    namespace: None,
                    name: service.into(),
                    document: 2,
                    placement: Some("native"),
                    source: None,
                })
            }),
        }
    }

    fn summary(name: &str, managed_by: Option<&str>, rows: Vec<SidecarUse>) -> SidecarSummary {
        SidecarSummary {
            name: name.into(),
            special: managed_by.is_some(),
            managed_by: managed_by.map(String::from),
            services: rows,
        }
    }

    /// `list -o json` joins rows rendered apart: byte for byte what one serializer prints.
    #[test]
    fn rows_rendered_apart_join_into_the_report_structured_prints() {
        let lists = [
            SidecarList { sidecars: vec![] },
            SidecarList {
                sidecars: vec![
                    summary("envoy", None, vec![row("cart", true), row("orders", false)]),
                    summary("istio-proxy", Some("mesh"), vec![row("users", true)]),
                    summary("ünïcode\n", None, vec![]),
                ],
            },
        ];
        for list in lists {
            let mut whole = Vec::new();
            assert!(structured(&mut whole, Format::Json, &list).unwrap());
            let rendered = SidecarList {
                sidecars: list
                    .sidecars
                    .iter()
                    .map(|s| SidecarSummary {
                        name: s.name.clone(),
                        special: s.special,
                        managed_by: s.managed_by.clone(),
                        services: s.services.iter().map(json_row).collect(),
                    })
                    .collect(),
            };
            let mut joined = Vec::new();
            list_json(&mut joined, &rendered).unwrap();
            assert_eq!(
                String::from_utf8(joined).unwrap(),
                String::from_utf8(whole).unwrap()
            );
        }
    }
}

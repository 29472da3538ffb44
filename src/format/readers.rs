//! The faster ways a format may read its files, beside the general one ([`Format::parse`],
//! then [`Format::workloads`]). A format says which it has ([`Format::readers`]); whether one is
//! used is the project's loading strategy's choice (`project::LoadOptions`), or the check of a
//! change's (`ops::plan`): the format describes what it can do, never when.

#[cfg(doc)]
use super::Format;
use super::Reading;
use crate::diagnostic::Diagnostic;
use crate::model::Workload;
use crate::route::Route;
use crate::yaml::{Document, YamlError};

/// What a format can read faster than whole trees and built workloads; `None`: only the general
/// way.
#[derive(Clone, Copy, Default)]
pub struct Readers<'f> {
    /// Reads a one-file project's workloads as the file is parsed.
    pub streaming: Option<&'f dyn Streaming>,
    /// Checks each workload of a file by route, without building the workloads.
    pub by_route: Option<&'f dyn ByRoute>,
}

/// A format that reads workloads as it parses (a Console project file of thousands of
/// services).
pub trait Streaming: Sync {
    /// Reads a file, keeping in the document only the workloads whose text `keep` accepts; the
    /// others are returned already read, without their trees ([`Format::workloads`] of the
    /// document then gives the kept ones). With `reading.document` the document also holds the
    /// parts of the file that are no workload's (a command that may change the file); without
    /// it, the format may leave out what no command reads.
    fn read(
        &self,
        text: String,
        file: &str,
        keep: &dyn Fn(&str) -> bool,
        reading: Reading,
    ) -> Result<Light, YamlError>;
}

/// A format whose checks need nothing but the file (Kubernetes validates as it reads).
pub trait ByRoute: Sync {
    /// What `validate` says of each workload of `doc`, by route, and the type errors found on
    /// the way: what a change needs of the file it wrote, without building its workloads.
    fn checks(&self, doc: &Document, file: &str) -> FileChecks;
}

/// What [`Streaming::read`] read: the document, and the workloads with their type errors when
/// it read them already.
pub type Light = (Document, Option<(Vec<Workload>, Vec<Diagnostic>)>);

/// What `validate` says of each workload of a file, by route; and the file's type errors.
pub type FileChecks = (Vec<(Route, Vec<Diagnostic>)>, Vec<Diagnostic>);

impl std::fmt::Debug for Readers<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Readers")
            .field("streaming", &self.streaming.is_some())
            .field("by_route", &self.by_route.is_some())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use crate::format::{Format, console, kubernetes, mia};

    fn has(f: &dyn Format) -> (bool, bool) {
        let r = f.readers();
        (r.streaming.is_some(), r.by_route.is_some())
    }

    #[test]
    fn each_format_says_which_faster_readers_it_has() {
        assert_eq!(has(mia()), (false, false));
        assert_eq!(has(&kubernetes::DETECT), (false, true));
        // A Console file is read as it is parsed when it is JSON, as every real one is.
        assert_eq!(has(&console::Console { json: true }), (true, false));
        assert_eq!(has(&console::Console { json: false }), (false, false));
    }

    #[test]
    fn a_streamed_console_file_gives_its_unkept_services_already_read() {
        let text = r#"{"config": {"services": {"a": {"type": "custom", "name": "a",
            "dockerImage": "a:1"}, "b": {"type": "custom", "name": "b", "dockerImage": "b:1"}}}}"#;
        let console = console::Console { json: true };
        let streaming = console.readers().streaming.expect("streams");
        let reading = super::Reading::EDIT;
        let keep = |text: &str| text.contains("\"b\"");
        let (doc, read) = streaming
            .read(text.to_string(), "p.json", &keep, reading)
            .expect("reads");
        let (read, errors) = read.expect("read as parsed");
        assert!(errors.is_empty(), "{errors:?}");
        let ids: Vec<&str> = read.iter().map(|w| w.id.as_str()).collect();
        assert_eq!(ids, ["a"]);
        let (kept, _) = console.workloads(doc, "p.json", "p", reading);
        let ids: Vec<&str> = kept.iter().map(|w| w.id.as_str()).collect();
        assert_eq!(ids, ["b"]);
    }
}

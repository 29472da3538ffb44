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

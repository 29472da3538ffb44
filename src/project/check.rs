//! Reading a changed file's text again to check it, the quickest way its format allows: the
//! check of a change (`ops::plan`) asks the project, which chooses.

use super::{Project, stem};
use crate::diagnostic::Diagnostic;
use crate::format::{FileChecks, Reading};
use crate::model::Workload;
use crate::yaml::Document;

impl Project {
    /// What `validate` says of each workload of `doc` (the text of `file`), by route, and the
    /// type errors found on the way, when its format can tell from the file alone, without
    /// building workloads ([`crate::format::Readers::by_route`]); `None` when it cannot: then
    /// [`Self::workloads_to_check`] reads them, to be validated with the project.
    pub fn checks_by_route(&self, doc: &Document, file: &str) -> Option<FileChecks> {
        self.format.readers().by_route.map(|r| r.checks(doc, file))
    }

    /// The workloads of `doc` (the text of `file`) read to be checked: their checks, not their
    /// text.
    pub fn workloads_to_check(
        &self,
        doc: Document,
        file: &str,
    ) -> (Vec<Workload>, Vec<Diagnostic>) {
        self.format.workloads(doc, file, stem(file), Reading::CHECK)
    }
}

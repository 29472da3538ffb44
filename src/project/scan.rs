//! Loading the workloads: the scan that hands each to a callback as it is read.

use std::collections::HashMap;
use std::path::Path;

use rayon::prelude::*;

use super::{
    Guard, LoadOptions, MAX_FILE_BYTES, MAX_PROJECT_FILE_BYTES, Project, Scan, read_as, stem,
};
use crate::diagnostic::{self, Diagnostic};
use crate::error::{Error, Result};
use crate::format::{Duplicate, Layout, Reading};
use crate::model::Workload;
use crate::route::Route;

/// What the scan read of one file: the first workload's key (id, file, where its name is) and
/// what `f` returned of it, and the file's problems.
type Read<T> = (Option<(Key, T)>, Vec<Diagnostic>);
type Key = (String, String, Option<(usize, usize)>);

impl Project {
    /// Loads what `opts` asks for.
    pub fn load_with(root: &Path, opts: &LoadOptions) -> Result<Self> {
        let Scan {
            mut project,
            items,
            mut errors,
        } = Self::scan(root, opts, |p, svc| {
            // Boxed while the scan sorts and gathers them: the scan's own lists then hold a
            // pointer per workload, not the workload, and only `services` holds them whole.
            Box::new(match opts.lean && !p.is_one_file() {
                true => svc.into_skeleton(),
                false => svc,
            })
        })?;
        if !errors.is_empty() {
            diagnostic::sort(&mut errors);
            return Err(Error::Load(errors));
        }
        project.services = items.into_iter().map(|w| *w).collect();
        project.format.name_shared_ids(&mut project.services);
        Ok(project)
    }

    /// The workloads of `files` read again with their documents, in a project that is
    /// otherwise this one (a project loaded lean, whose skeletons were dropped). Each keeps the
    /// ID `ids` gives its place (file, route) (`FILE#ID` when shared); the files' notes were
    /// taken as the project loaded.
    pub fn reload(
        &self,
        files: &[String],
        ids: &HashMap<(String, Route), String>,
    ) -> Result<Project> {
        let guard = Guard::new(&self.root);
        let format = self.format;
        let tolerant = self.tolerant();
        // One file after another: the batches of a change run on every core, and a thread
        // waiting on a parallel read here would take up another batch meanwhile (rayon's
        // work stealing), holding several batches' trees at once.
        let read: Vec<Vec<Workload>> = files
            .iter()
            .map(|rel| {
                let doc = read_as(&guard, rel, MAX_FILE_BYTES, |t| format.parse(t))
                    .map_err(|d| Error::Load(vec![d]))?;
                let (workloads, errs) = format.workloads(doc, rel, stem(rel), Reading::EDIT);
                if !tolerant && errs.iter().any(Diagnostic::is_error) {
                    return Err(Error::Load(errs));
                }
                Ok(workloads)
            })
            .collect::<Result<_>>()?;
        let mut services: Vec<Workload> = read
            .into_iter()
            .flatten()
            .map(|mut w| {
                // The ID it had when the project loaded (`FILE#ID` when shared). Workloads at
                // one place of a file (what one kustomize patch adds to several) are told
                // apart by their own IDs.
                match ids.get(&(w.file.clone(), w.route.clone())) {
                    Some(id) if *id == w.id || id.ends_with(&format!("#{}", w.id)) => {
                        w.id.clone_from(id);
                    }
                    _ if self.shared_ids.contains(&w.id) => {
                        w.id = format.qualified_id(&w.file, &w.id);
                    }
                    _ => {}
                }
                w
            })
            .collect();
        services.sort_by(|a, b| (&a.id, &a.file).cmp(&(&b.id, &b.file)));
        Ok(Project {
            services,
            ..self.shell_clone()
        })
    }

    /// The workloads at `routes` of a project loaded with a `Project::skeleton`, with their
    /// trees read again from the file's text (shared, not read from disk again), in a project
    /// that is otherwise this one: a batch of a change of a project that is one file.
    pub fn regrown(&self, routes: &[&Route]) -> Result<Project> {
        let (Some(skeleton), Some(rel)) = (&self.skeleton, &self.single_file) else {
            return Err(Error::failed(
                "internal error: the project was not loaded lean from one file",
            ));
        };
        let doc = skeleton
            .with_values(routes)
            .map_err(|source| Error::Parse {
                file: rel.clone(),
                source: Box::new(source),
            })?;
        let (mut services, errs) = self.format.workloads(doc, rel, stem(rel), Reading::EDIT);
        if !self.tolerant() && errs.iter().any(Diagnostic::is_error) {
            return Err(Error::Load(errs));
        }
        services.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(Project {
            services,
            ..self.shell_clone()
        })
    }

    /// This project without its workloads.
    fn shell_clone(&self) -> Project {
        Project {
            root: self.root.clone(),
            format: self.format,
            config: self.config.clone(),
            config_doc: self.config_doc.clone(),
            layout: self.layout,
            single_file: self.single_file.clone(),
            service_ids: Vec::new(),
            services: Vec::new(),
            config_maps: self.config_maps.clone(),
            marketplace: self.marketplace.clone(),
            notes: Vec::new(),
            shared_ids: self.shared_ids.clone(),
            skeleton: None,
        }
    }

    /// Loads the project file, the marketplace and the ConfigMaps, then hands each service to
    /// `f` as soon as it is read (in parallel) and keeps only what `f` returns, in id order.
    /// `project.services` stays empty: a command that needs a summary of each service never
    /// holds the whole project's model. Fails only when the project file does not load; other
    /// files' problems are in `errors`.
    pub fn scan<T: Send>(
        root: &Path,
        opts: &LoadOptions,
        f: impl Fn(&Project, Workload) -> T + Sync,
    ) -> Result<Scan<T>> {
        Self::scan_checked(root, opts, |_| Ok(()), f)
    }

    /// [`Self::scan`], calling `check` with the project (its format known, no workload read)
    /// first: a request the project cannot answer (a filter its format has no data for) fails
    /// before a file is read.
    pub fn scan_checked<T: Send>(
        root: &Path,
        opts: &LoadOptions,
        check: impl FnOnce(&Project) -> Result<()>,
        f: impl Fn(&Project, Workload) -> T + Sync,
    ) -> Result<Scan<T>> {
        let (shell, errors) = Self::shell(root)?;
        check(&shell)?;
        match shell.layout {
            Layout::OneFile => shell.scan_single_file(opts, errors, f),
            Layout::Files { .. } => shell.scan_files(opts, errors, f),
        }
    }

    /// [`Self::scan`] of a project whose files are read each on its own.
    fn scan_files<T: Send>(
        mut self,
        opts: &LoadOptions,
        mut errors: Vec<Diagnostic>,
        f: impl Fn(&Project, Workload) -> T + Sync,
    ) -> Result<Scan<T>> {
        let only = opts.only.as_deref();
        let files = self
            .format
            .files(&self.root, &self.config, only, &mut self.notes);
        let mut read = self.read_files(files, opts, &f);
        let tolerant = self.tolerant();
        for (_, errs) in &mut read {
            if tolerant {
                // A broken file or workload is skipped; the rest of the repository works.
                self.notes.append(errs);
            } else {
                errors.append(errs);
            }
        }
        // Files are listed by path; output and the duplicate check go by id (`a-b.yaml` sorts
        // before `a.yaml`, but `a` comes before `a-b`). Sorted in place, by (id, file), which is
        // unique: a bulk edit's planned changes are never held in two vectors at once.
        read.par_sort_unstable_by(|a, b| {
            a.0.as_ref().map(|x| &x.0).cmp(&b.0.as_ref().map(|x| &x.0))
        });
        for pair in read.windows(2) {
            if let (Some(((id, first, _), _)), Some(((next, second, at), _))) =
                (&pair[0].0, &pair[1].0)
                && id == next
            {
                match self.format.duplicate_id(id, second, *at, first) {
                    Duplicate::Shared(note) => {
                        self.notes.push(note);
                        self.shared_ids.insert(id.clone());
                    }
                    Duplicate::Error(d) => errors.push(d),
                }
            }
        }
        // On every core: the keys dropped here are tens of thousands of small strings.
        let items = read
            .into_par_iter()
            .filter_map(|(r, _)| r.map(|(_, t)| t))
            .collect();
        Ok(Scan {
            project: self,
            items,
            errors,
        })
    }

    /// Reads `files` in parallel, handing each workload to `f`: one entry per file, collected
    /// straight into place (an indexed parallel map), so a project of one workload per file
    /// holds nothing more than its summaries; the other workloads of a file with several
    /// (several documents) join the list afterwards. The files the format reads last (see
    /// [`crate::format::Loader::read_last`]) are read once the others are.
    fn read_files<T: Send>(
        &self,
        files: Vec<(String, String)>,
        opts: &LoadOptions,
        f: &(impl Fn(&Project, Workload) -> T + Sync),
    ) -> Vec<Read<T>> {
        let extra: std::sync::Mutex<Vec<Read<T>>> = std::sync::Mutex::new(Vec::new());
        let (last, first): (Vec<_>, Vec<_>) = files
            .into_iter()
            .partition(|(rel, _)| self.format.read_last(rel));
        let mut read = self.read_each(first, opts, f, &extra);
        if !last.is_empty() {
            read.extend(self.read_each(last, opts, f, &extra));
        }
        read.extend(extra.into_inner().unwrap_or_else(|e| e.into_inner()));
        read
    }

    /// [`Self::read_files`] of `files`, in parallel; a file's workloads after its first go to
    /// `extra`.
    fn read_each<T: Send>(
        &self,
        files: Vec<(String, String)>,
        opts: &LoadOptions,
        f: &(impl Fn(&Project, Workload) -> T + Sync),
        extra: &std::sync::Mutex<Vec<Read<T>>>,
    ) -> Vec<Read<T>> {
        let root = self.root.as_path();
        let guard = Guard::new(root);
        let format = self.format;
        files
            .into_par_iter()
            .map(|(rel, stem)| {
                let parse = |text: String| format.parse_file(&rel, text);
                let doc = match read_as(&guard, &rel, MAX_FILE_BYTES, parse) {
                    Ok(doc) => doc,
                    Err(d) => {
                        return (None, format.unreadable(root, &rel, d).into_iter().collect());
                    }
                };
                if let Some(note) = format.skipped(&rel, &doc) {
                    return (None, vec![note]);
                }
                let reading = opts.reading(self.layout, &doc.text);
                let (workloads, errs) = format.workloads(doc, &rel, &stem, reading);
                let mut each = workloads.into_iter().map(|w| {
                    let at = w.name.as_ref().and_then(|n| n.at());
                    ((w.id.clone(), w.file.clone(), at), f(self, w))
                });
                let first = each.next();
                let more: Vec<Read<T>> = each.map(|w| (Some(w), Vec::new())).collect();
                if !more.is_empty() {
                    extra.lock().unwrap_or_else(|e| e.into_inner()).extend(more);
                }
                (first, errs)
            })
            .collect()
    }

    /// [`Self::scan`] of a project that is one file: the ConfigMaps and secrets it declares
    /// are known before any workload is handed to `f`.
    fn scan_single_file<T: Send>(
        mut self,
        opts: &LoadOptions,
        mut errors: Vec<Diagnostic>,
        f: impl Fn(&Project, Workload) -> T + Sync,
    ) -> Result<Scan<T>> {
        let rel = self.single_file.clone().expect("a single-file project");
        let format = self.format;
        let guard = Guard::new(&self.root);
        // Workloads a command cannot change are read as the file is parsed, and their trees
        // freed at once.
        let read = std::sync::Mutex::new(None);
        let streaming = format.readers().streaming;
        // Loaded lean, a file read as it is parsed keeps no service's tree (nor those of the
        // parts no change reads): a change reads its targets' trees again, a batch at a time.
        let batched = matches!(opts.documents, super::Documents::MentioningInBatches(_));
        let skeleton = (opts.lean || batched) && streaming.is_some();
        let reading = match skeleton {
            true => Reading {
                document: false,
                ..opts.reading(self.layout, "")
            },
            false => opts.reading(self.layout, ""),
        };
        let keep = |text: &str| !skeleton && opts.documents.keep(text);
        let parse = |t: String| {
            let (doc, workloads) = match streaming {
                Some(s) => s.read(t, &rel, &keep, reading)?,
                None => (format.parse(t)?, None),
            };
            *read.lock().unwrap_or_else(|e| e.into_inner()) = workloads;
            Ok(doc)
        };
        let doc = match read_as(&guard, &rel, MAX_PROJECT_FILE_BYTES, parse) {
            Ok(doc) => doc,
            Err(d) => {
                errors.push(d);
                return Ok(Scan {
                    project: self,
                    items: Vec::new(),
                    errors,
                });
            }
        };
        if let Some((maps, secrets)) = format.declared_names(&doc) {
            self.config_maps = maps;
            self.config.service_secrets = secrets;
        }
        if skeleton {
            self.skeleton = Some(std::sync::Arc::new(doc.clone()));
        }
        let stem = rel
            .rsplit_once('.')
            .map_or(rel.as_str(), |(s, _)| s)
            .to_string();
        let (mut workloads, errs) = format.workloads(doc, &rel, &stem, reading);
        errors.extend(errs);
        if let Some((read, errs)) = read.into_inner().unwrap_or_else(|e| e.into_inner()) {
            // Most often no service kept its tree: the services read are the list, not a copy.
            match workloads.is_empty() {
                true => workloads = read,
                false => workloads.extend(read),
            }
            errors.extend(errs);
        }
        workloads.sort_by(|a, b| a.id.cmp(&b.id));
        self.service_ids = workloads.iter().map(|w| w.id.clone()).collect();
        let items = workloads.into_par_iter().map(|w| f(&self, w)).collect();
        Ok(Scan {
            project: self,
            items,
            errors,
        })
    }
}

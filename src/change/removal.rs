//! Deleting a file as part of a change set: after every other file is written, each file to
//! delete is checked once more and renamed aside to its temporary name, so that putting it back
//! is one rename; the set-aside copies are removed once the whole change has succeeded.
//!
//! Last, because a file deleted while the files that name it still do (a kustomization listing
//! a patch) breaks what reads them, while a file that nothing names any more is harmless if
//! the process is killed before it is gone.

use std::path::Path;

use super::FileChange;
#[cfg(debug_assertions)]
use super::hooks;
use super::interrupt;
use super::stage::{Staged, still_as_found, temp_path};
use super::stamp::as_read;
use super::write::WriteError;

/// Sets aside each file of `removals`, in order, stopping at the first failure; what is set
/// aside joins `done` (where [`super::restore`] finds it to put back).
pub(super) fn set_aside<'a>(
    root: &Path,
    removals: &'a [FileChange],
    done: &mut Vec<Staged<'a>>,
    step: &(dyn Fn() + Sync),
) -> Result<(), WriteError> {
    #[cfg(debug_assertions)]
    for f in removals {
        if hooks::names(hooks::TOUCH_BEFORE_WRITE, &f.file) {
            hooks::touch(&root.join(&f.file));
        }
    }
    if let Some(signal) = interrupt::stopped() {
        return Err(WriteError::Interrupted(signal));
    }
    let found = as_read(root, removals).map_err(WriteError::changed)?;
    for (f, found) in removals.iter().zip(found) {
        step();
        #[cfg(debug_assertions)]
        if hooks::names(hooks::FAIL_WRITE, &f.file) {
            return Err(WriteError::Write {
                file: f.file.clone(),
                source: std::io::Error::other("injected failure"),
            });
        }
        if let Some(signal) = interrupt::stopped() {
            return Err(WriteError::Interrupted(signal));
        }
        // A link is deleted, not the file it points to: the project's file is the link.
        let target = root.join(&f.file);
        let aside = temp_path(&target);
        let staged = Staged {
            change: f,
            temp: Some(aside),
            target,
            found,
            ino: 0,
            written: Default::default(),
        };
        if !still_as_found(&staged) {
            return Err(WriteError::changed(f));
        }
        let aside = staged.temp.as_ref().expect("set above");
        std::fs::rename(&staged.target, aside).map_err(|source| WriteError::Replace {
            file: f.file.clone(),
            source,
        })?;
        step();
        done.push(staged);
        #[cfg(debug_assertions)]
        {
            use std::sync::atomic::Ordering;
            let n = hooks::RENAMED.fetch_add(1, Ordering::SeqCst) + 1;
            hooks::pause(&format!("renamed:{n}"));
        }
    }
    Ok(())
}

/// Once the change has succeeded: the set-aside copies of the deleted files go (one left by a
/// failure here is removed by the next change written into its folder).
pub(super) fn forget(done: &[Staged]) {
    for s in done.iter().filter(|s| s.change.removed) {
        if let Some(aside) = &s.temp {
            let _ = std::fs::remove_file(aside);
        }
    }
}

/// Puts a deleted file back from where it was set aside, unless another program created a
/// file of that name since (then that one stays). Whether it was put back.
pub(super) fn put_back(s: &Staged) -> std::io::Result<bool> {
    use rustix::fs::{CWD, RenameFlags};
    use rustix::io::Errno;
    let Some(aside) = &s.temp else {
        return Ok(false);
    };
    match rustix::fs::renameat_with(CWD, aside, CWD, &s.target, RenameFlags::NOREPLACE) {
        Ok(()) => Ok(true),
        Err(Errno::EXIST) => Ok(false),
        Err(Errno::INVAL | Errno::NOSYS | Errno::OPNOTSUPP) => {
            if std::fs::symlink_metadata(&s.target).is_ok() {
                return Ok(false);
            }
            std::fs::rename(aside, &s.target).map(|()| true)
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{ChangeReport, ChangeSet};
    use super::*;
    use crate::edit::Splice;

    fn set(files: Vec<FileChange>) -> ChangeSet {
        ChangeSet {
            files,
            report: ChangeReport {
                dry_run: false,
                changes: Vec::new(),
                removed_from_project: Vec::new(),
                files: Vec::new(),
                removed_files: Vec::new(),
            },
            notes: Vec::new(),
        }
    }

    /// `k.yaml` edited (`a` → `b`), and the files `gone` deleted.
    fn project(gone: &[&str]) -> (tempfile::TempDir, ChangeSet) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("k.yaml"), "- a\n").unwrap();
        let mut files = Vec::new();
        for g in gone {
            std::fs::write(dir.path().join(g), format!("{g}\n")).unwrap();
            files.push(FileChange::removed(g.to_string(), format!("{g}\n"), None));
        }
        let splice = Splice::new(2, 3, "b".to_string());
        files.push(FileChange::edited(
            "k.yaml".into(),
            String::from("- a\n"),
            None,
            vec![splice],
        ));
        (dir, set(files))
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut out: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        out.sort();
        out
    }

    #[test]
    fn a_file_is_deleted_after_the_others_are_written() {
        let (dir, set) = project(&["p.yaml", "q.yaml"]);
        set.apply(dir.path(), &|_| {}).unwrap();
        assert_eq!(names(dir.path()), ["k.yaml"]);
        let k = std::fs::read_to_string(dir.path().join("k.yaml")).unwrap();
        assert_eq!(k, "- b\n");
    }

    #[test]
    fn a_file_changed_since_it_was_read_stops_the_change_and_everything_goes_back() {
        let (dir, set) = project(&["p.yaml", "q.yaml"]);
        // Another program writes the second file to delete after it was read.
        std::fs::write(dir.path().join("q.yaml"), "q: mine\n").unwrap();
        let e = set.apply(dir.path(), &|_| {}).unwrap_err().to_string();
        assert!(e.contains("q.yaml changed on disk"), "{e}");
        assert!(e.contains("were put back"), "{e}");
        // The first one deleted is back, the edited file is as it was, no temporary file.
        assert_eq!(names(dir.path()), ["k.yaml", "p.yaml", "q.yaml"]);
        let read = |f: &str| std::fs::read_to_string(dir.path().join(f)).unwrap();
        assert_eq!(
            (read("k.yaml"), read("p.yaml"), read("q.yaml")),
            ("- a\n".into(), "p.yaml\n".into(), "q: mine\n".into())
        );
    }

    #[test]
    fn a_deleted_file_whose_name_was_taken_meanwhile_is_left_to_the_other_program() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("p.yaml");
        std::fs::write(&target, "old\n").unwrap();
        let change = FileChange::removed("p.yaml".into(), String::from("old\n"), None);
        let aside = temp_path(&target);
        std::fs::rename(&target, &aside).unwrap();
        let s = Staged {
            change: &change,
            temp: Some(aside),
            target: target.clone(),
            found: super::super::stamp::Found::Absent,
            ino: 0,
            written: Default::default(),
        };
        std::fs::write(&target, "new\n").unwrap();
        assert!(!put_back(&s).unwrap());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new\n");
        std::fs::remove_file(&target).unwrap();
        assert!(put_back(&s).unwrap());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "old\n");
    }
}

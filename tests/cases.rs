//! Every `in/ → run → out/` case folder below `tests/fixtures/cases/` is a test of its own,
//! named after its folder (`create::all_flags_crlf`), so one case runs by name
//! (`cargo test --test cases -- create::all_flags_crlf`) and the cases run in parallel.
//! The runner itself (and its own tests) is `tests/testsuite/support.rs`.

// The case runner shares the integration suite's support code; only part of it is used here.
#[allow(dead_code)]
#[path = "testsuite/support.rs"]
mod support;

use libtest_mimic::{Arguments, Failed, Trial};

fn main() {
    let args = Arguments::from_args();
    let root = support::fixtures_dir().join("cases");
    let overwrite = support::overwrite_snapshots();
    let trials: Vec<Trial> = support::case_dirs(&root)
        .into_iter()
        .map(|case| {
            let name = case
                .strip_prefix(&root)
                .unwrap_or(&case)
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("::");
            Trial::test(name, move || {
                support::run_case(&case, overwrite).map_err(Failed::from)
            })
        })
        .collect();
    assert!(
        !trials.is_empty(),
        "no case folders below {}",
        root.display()
    );
    libtest_mimic::run(&args, trials).exit();
}

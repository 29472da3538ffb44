//! SIGINT (Ctrl-C), SIGTERM and SIGHUP end a command like any other failure: one `error:` line,
//! the project as it was, the terminal as it was, exit 128 + the signal (130, 143, 129).
//!
//! A thread of its own receives them (signal-hook: the handler only wakes it, so everything
//! below runs as ordinary code). During a write it tells the writer, which stops and puts back
//! what it replaced, and the command fails with [`Error::Interrupted`]; at any other moment
//! nothing is half done, and the thread ends the process itself.

use std::io::{IsTerminal, Write};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};

use sidecarctl::Error;
use sidecarctl::change::interrupt::{self, Phase};
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

/// Whether the command's end or a signal has taken the way out: one of them prints the last
/// line and exits, the other never prints.
static EXITING: AtomicBool = AtomicBool::new(false);
/// Whether the command changes files: then an interrupt says that nothing was changed.
static CHANGING: AtomicBool = AtomicBool::new(false);
/// The prompt shown, if any: where the cursor stands when a signal ends it.
static PROMPT: AtomicU8 = AtomicU8::new(NO_PROMPT);
const NO_PROMPT: u8 = 0;
const LIST: u8 = 1;
const LINE: u8 = 2;
/// The terminal's settings before any prompt, to put back when a signal ends a prompt.
static TERMINAL: OnceLock<rustix::termios::Termios> = OnceLock::new();

/// Starts receiving the signals. Without it (it cannot fail on Linux short of resources) they
/// keep their default action.
pub(crate) fn watch() {
    let stdin = std::io::stdin();
    if stdin.is_terminal()
        && let Ok(settings) = rustix::termios::tcgetattr(&stdin)
    {
        let _ = TERMINAL.set(settings);
    }
    let Ok(mut signals) = Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return;
    };
    std::thread::spawn(move || {
        for signal in signals.forever() {
            interrupt::stop(signal, |phase| {
                // Nothing is being written, and nothing can begin to be until the process ends.
                if take_the_exit() {
                    restore_terminal(signal);
                    let e = interrupted(signal, phase);
                    let _ = writeln!(std::io::stderr(), "error: {e}");
                    std::process::exit(crate::errors::exit_code(&e).into());
                }
            });
        }
    });
}

/// The command is one that changes files.
pub(crate) fn changing() {
    CHANGING.store(true, Ordering::SeqCst);
}

/// Whether the caller may print the last line and exit. `false` once a signal has taken the
/// way out: the process is ending, the caller must wait for it and print nothing.
pub(crate) fn take_the_exit() -> bool {
    !EXITING.swap(true, Ordering::SeqCst)
}

/// Waits for the end of the process, which another thread has taken in hand.
pub(crate) fn wait_for_the_end() -> ! {
    loop {
        std::thread::park();
    }
}

/// The error of a signal received at `phase` (outside a write, which reports its own).
pub(crate) fn interrupted(signal: i32, phase: Phase) -> Error {
    match phase {
        Phase::Written => Error::interrupted(signal, "the change was written already"),
        _ if CHANGING.load(Ordering::SeqCst) => Error::interrupted(signal, "nothing was changed"),
        _ => Error::Interrupted {
            message: format!("interrupted ({})", interrupt::name(signal)),
            signal,
        },
    }
}

/// Ctrl-C at a prompt (the prompt reads it as a key, then raises SIGINT itself).
pub(crate) fn at_a_prompt() -> Error {
    interrupted(SIGINT, Phase::Idle)
}

/// Runs `prompt`, a question answered on its own line (a text, a yes/no).
pub(crate) fn on_the_line<T>(
    prompt: impl FnOnce() -> dialoguer::Result<T>,
) -> dialoguer::Result<T> {
    asking(LINE, prompt)
}

/// Runs `prompt`, a list to choose from (the cursor is below it).
pub(crate) fn from_a_list<T>(
    prompt: impl FnOnce() -> dialoguer::Result<T>,
) -> dialoguer::Result<T> {
    asking(LIST, prompt)
}

/// Runs `prompt` of kind `kind`, which stays noted if a signal ends it.
fn asking<T>(kind: u8, prompt: impl FnOnce() -> dialoguer::Result<T>) -> dialoguer::Result<T> {
    PROMPT.store(kind, Ordering::SeqCst);
    let answer = prompt();
    if answer.is_ok() {
        PROMPT.store(NO_PROMPT, Ordering::SeqCst);
    }
    answer
}

/// Leaves the terminal as a prompt found it: its settings (a prompt reads keys one by one, not
/// lines, and echoes nothing) and the cursor, which a prompt hides while it is shown. The
/// error line that follows starts a line of its own: after the text of a prompt, or after the
/// `^C` the terminal shows when no prompt reads the keys.
pub(crate) fn restore_terminal(signal: i32) {
    if let Some(settings) = TERMINAL.get() {
        let _ = rustix::termios::tcsetattr(
            std::io::stdin(),
            rustix::termios::OptionalActions::Now,
            settings,
        );
    }
    let mut err = std::io::stderr();
    if err.is_terminal() {
        let end_of_line = match PROMPT.load(Ordering::SeqCst) {
            LINE => "\r\n",
            LIST => "",
            _ if signal == SIGINT => "\n",
            _ => "",
        };
        let _ = write!(err, "\x1b[?25h{end_of_line}");
    }
}

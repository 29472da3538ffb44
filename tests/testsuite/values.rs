//! Values for new entries that hold spaces, which a fixture case's `cmd` (split on whitespace)
//! cannot pass: each is a usage error naming the value, and nothing is written.

use crate::support::Fixture;

const SERVICE: &str = "name: a\ndockerImage: acme/a:1.0.0\n";

fn refused(flag: &str, value: &str, message: &str) {
    let p = Fixture::project(&[("services/a.yaml", SERVICE)]);
    let before = p.snapshot();
    let run = p.run(&[
        "create",
        "log",
        "--image",
        "acme/log:1.0.0",
        "--to",
        "a",
        flag,
        value,
    ]);
    run.code(2).stderr_line(message);
    assert_eq!(p.snapshot(), before, "{flag} {value:?} wrote something");
}

#[test]
fn an_env_name_with_a_space_is_refused() {
    refused(
        "--env",
        "A B=1",
        "error: --env: `A B` in `A B=1` is not a valid variable name (letters, digits, `_`, `-` and `.`, not starting with a digit)",
    );
}

#[test]
fn a_port_name_with_a_space_is_refused() {
    refused(
        "--port",
        "HTTP PORT:80",
        "error: --port: `HTTP PORT` in `HTTP PORT:80` is not a valid port name (at most 15 lowercase letters, digits and `-`, with at least one letter)",
    );
}

#[test]
fn a_mount_path_starting_with_a_space_is_refused() {
    refused(
        "--config-map",
        "cfg: /etc/cfg",
        "error: --config-map: the mount path ` /etc/cfg` in `cfg: /etc/cfg` is not absolute",
    );
}

//! Prompts under a real pseudo-terminal (util-linux `script` provides it): a person answers,
//! and what they chose is done; `--no-input` and scripts are never asked.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::support::Fixture;

const PROJECT: &str = "name: p\nserviceSecrets: [tls]\n";

fn svc(name: &str, sidecars: &[&str]) -> String {
    let mut s = format!("name: {name}\ndockerImage: acme/{name}:1.0.0\n");
    if !sidecars.is_empty() {
        s.push_str("additionalContainers:\n");
        for c in sidecars {
            s.push_str(&format!("  - name: {c}\n    dockerImage: acme/{c}:1.0.0\n"));
        }
    }
    s
}

fn fixture() -> Fixture {
    Fixture::project(&[
        ("sidecarctl.yaml", PROJECT),
        ("services/a.yaml", &svc("a", &["envoy", "log"])),
        ("services/b.yaml", &svc("b", &["envoy"])),
        ("services/c.yaml", &svc("c", &[])),
    ])
}

/// Runs sidecarctl on a terminal, typing `keys` once it is waiting. Returns (exit code, screen).
fn on_terminal(p: &Fixture, args: &[&str], keys: &str) -> (i32, String) {
    let quoted: Vec<String> = args.iter().map(|a| format!("'{a}'")).collect();
    let line = format!(
        "{} -C '{}' {}",
        env!("CARGO_BIN_EXE_sidecarctl"),
        p.root().display(),
        quoted.join(" ")
    );
    let mut child = Command::new("script")
        .args(["-qec", &line, "/dev/null"])
        .env_remove("CI")
        .env("TERM", "xterm")
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("util-linux `script` runs the command on a pseudo-terminal");
    let mut stdin = child.stdin.take().unwrap();
    std::thread::sleep(Duration::from_millis(600));
    // The command may have finished without asking: then nobody reads the keys.
    let _ = stdin
        .write_all(keys.as_bytes())
        .and_then(|()| stdin.flush());
    std::thread::sleep(Duration::from_millis(300));
    drop(stdin);
    // A prompt still waiting for keys fails the test instead of hanging it: closing the
    // terminal ends the command.
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn delete_asks_and_warns_when_it_removes_the_sidecar_from_the_project() {
    let p = fixture();
    let (code, screen) = on_terminal(&p, &["delete", "log", "--service", "a"], "y");
    assert_eq!(code, 0, "{screen}");
    assert!(
        screen.contains("Delete sidecar `log` from a? This removes `log` from the project."),
        "{screen}"
    );
    assert!(!p.read("services/a.yaml").contains("log"));
}

#[test]
fn answering_no_changes_nothing() {
    let p = fixture();
    let before = p.snapshot();
    let (code, screen) = on_terminal(&p, &["delete", "envoy", "--service", "a"], "n");
    assert_eq!(code, 1, "{screen}");
    assert!(screen.contains("cancelled"), "{screen}");
    assert_eq!(p.snapshot(), before);
}

#[test]
fn prompts_offer_what_the_filters_keep() {
    let p = fixture();
    // `--match b`: the sidecars offered are b's (envoy, not a's log), and the confirmation
    // names b alone.
    let (code, screen) = on_terminal(&p, &["delete", "--match", "b"], "\ry");
    assert_eq!(code, 0, "{screen}");
    assert!(!screen.contains("log"), "{screen}");
    assert!(
        screen.contains("Delete sidecar `envoy` from b?"),
        "{screen}"
    );
    assert!(p.read("services/a.yaml").contains("- name: envoy"));
    assert!(!p.read("services/b.yaml").contains("envoy"));
}

#[test]
fn show_lets_the_person_choose_the_service() {
    let p = fixture();
    // Down once, then Enter: the second service that has it.
    let (code, screen) = on_terminal(&p, &["show", "envoy"], "\x1b[B\r");
    assert_eq!(code, 0, "{screen}");
    assert!(screen.contains("Sidecar envoy in service b"), "{screen}");
}

#[test]
fn clone_asks_for_the_sidecar_and_the_targets() {
    let p = fixture();
    // Sidecar: Enter takes the first (envoy). Targets offered: c only (not the source, and b
    // has envoy already). Down (back to c), Space, Enter selects c.
    let (code, screen) = on_terminal(&p, &["clone", "--from", "a"], "\r\x1b[B \r");
    assert_eq!(code, 0, "{screen}");
    assert!(
        p.read("services/c.yaml").contains("- name: envoy"),
        "{screen}"
    );
    assert!(!p.read("services/b.yaml").contains("log"));
}

#[test]
fn no_input_never_asks_even_on_a_terminal() {
    let p = fixture();
    let before = p.snapshot();
    let (code, screen) = on_terminal(
        &p,
        &["--no-input", "delete", "envoy", "--service", "a"],
        "y",
    );
    assert_eq!(code, 2, "{screen}");
    assert!(screen.contains("pass --yes"), "{screen}");
    assert_eq!(p.snapshot(), before);
}

#[test]
fn containers_asks_for_the_service() {
    let p = fixture();
    let (code, screen) = on_terminal(&p, &["containers"], "\r");
    assert_eq!(code, 0, "{screen}");
    assert!(
        screen.contains("Which service?") && screen.contains("main"),
        "{screen}"
    );
}

#[test]
fn edit_asks_for_everything_it_needs() {
    let p = fixture();
    // Sidecar: envoy (first). Values: down to "cpu limit", select, confirm; type 300m.
    // Services with envoy: a and b; select a only.
    let (code, screen) = on_terminal(&p, &["edit"], "\r\x1b[B \r300m\r \r");
    assert_eq!(code, 0, "{screen}");
    let a = p.read("services/a.yaml");
    assert!(a.contains("cpuLimits:\n        max: 300m"), "{screen}\n{a}");
    assert!(!p.read("services/b.yaml").contains("300m"));
}

#[test]
fn a_bulk_change_shows_progress_on_a_terminal_only() {
    let p = Fixture::project(&[("sidecarctl.yaml", PROJECT)]);
    for i in 0..250 {
        p.write(
            &format!("services/s{i:03}.yaml"),
            svc(&format!("s{i:03}"), &["envoy"]),
        );
    }
    let (code, screen) = on_terminal(
        &p,
        &[
            "edit",
            "envoy",
            "--all",
            "--image",
            "acme/envoy:2.0.0",
            "-q",
        ],
        "",
    );
    assert_eq!(code, 0, "{screen}");
    assert!(
        screen.contains("writing ["),
        "no progress bar on the terminal:\n{screen}"
    );
    // Without a terminal (every other test), stderr carries no bar: the fixture cases compare it.
    let run = p.run(&[
        "edit",
        "envoy",
        "--all",
        "--image",
        "acme/envoy:3.0.0",
        "-q",
    ]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
}

#[test]
fn edit_in_a_console_project_asks_again_for_a_value_the_console_refuses() {
    let p = Fixture::project(&[
        (
            "sidecarctl.yaml",
            "name: acme\nformat: console\nfile: project.json\n",
        ),
        (
            "project.json",
            "{\n  \"services\": {\n    \"orders\": {\n      \"additionalContainers\": [\n        {\n          \"dockerImage\": \"envoyproxy/envoy:v1.31.0\",\n          \"name\": \"envoy\"\n        }\n      ],\n      \"dockerImage\": \"acme/orders:1.0.0\",\n      \"name\": \"orders\",\n      \"type\": \"custom\"\n    }\n  }\n}\n",
        ),
    ]);
    // Values: "cpu limit"; 0.5 is refused on the spot, then 500m.
    let (code, screen) = on_terminal(
        &p,
        &["edit", "envoy", "--service", "orders"],
        "\x1b[B \r0.5\r500m\r",
    );
    assert_eq!(code, 0, "{screen}");
    assert!(screen.contains("`0.5` is `500m`"), "{screen}");
    let text = p.read("project.json");
    assert!(text.contains("\"max\": \"500m\""), "{screen}\n{text}");
}

#[test]
fn edit_asks_again_when_no_value_is_chosen() {
    let p = fixture();
    // Values: Enter with nothing selected is asked again; then "cpu limit" and 300m.
    let (code, screen) = on_terminal(
        &p,
        &["edit", "envoy", "--service", "a"],
        "\r\x1b[B \r300m\r",
    );
    assert_eq!(code, 0, "{screen}");
    assert!(screen.contains("Choose at least one"), "{screen}");
    let a = p.read("services/a.yaml");
    assert!(a.contains("cpuLimits:\n        max: 300m"), "{screen}\n{a}");
}

#[test]
fn choosing_no_service_asks_again() {
    let p = fixture();
    // Services with envoy: a and b. Enter with none selected, then a.
    let (code, screen) = on_terminal(&p, &["edit", "envoy", "--cpu-limit", "300m"], "\r \r");
    assert_eq!(code, 0, "{screen}");
    assert!(screen.contains("Choose at least one"), "{screen}");
    assert!(p.read("services/a.yaml").contains("300m"), "{screen}");
    assert!(!p.read("services/b.yaml").contains("300m"), "{screen}");
}

#[test]
fn a_malformed_value_is_asked_again() {
    let p = fixture();
    // cpu limit: -1 is refused on the spot, then 300m.
    let (code, screen) = on_terminal(
        &p,
        &["edit", "envoy", "--service", "a"],
        "\x1b[B \r-1\r300m\r",
    );
    assert_eq!(code, 0, "{screen}");
    assert!(screen.contains("is negative"), "{screen}");
    assert!(p.read("services/a.yaml").contains("max: 300m"), "{screen}");
}

/// `screen` without its terminal escape sequences (`ESC [ … letter`).
fn plain(screen: &str) -> String {
    let mut out = String::new();
    let mut chars = screen.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            if chars.next() == Some('[') {
                for c in chars.by_ref() {
                    if c.is_ascii_alphabetic() || c == '~' {
                        break;
                    }
                }
            }
            continue;
        }
        out.push(c);
    }
    out
}

#[test]
fn ctrl_c_at_a_prompt_leaves_the_terminal_as_it_was_and_exits_130() {
    let p = fixture();
    let before = p.snapshot();
    let changing = "error: interrupted (SIGINT); nothing was changed";
    for (args, keys, error) in [
        // A list to choose several from, a yes/no, a text, a list to choose one from.
        (&["edit", "envoy", "--service", "a"][..], "\x03", changing),
        (&["delete", "envoy", "--service", "a"], "\x03", changing),
        (&["create", "--to", "c"], "side\x03", changing),
        (&["containers"], "\x03", "error: interrupted (SIGINT)"),
    ] {
        let (code, screen) = on_terminal(&p, args, keys);
        assert_eq!(code, 130, "{args:?}\n{screen:?}");
        // The prompts hide the cursor while they are shown: it is shown again.
        if let Some(hidden) = screen.rfind("\x1b[?25l") {
            assert!(
                screen
                    .rfind("\x1b[?25h")
                    .is_some_and(|shown| shown > hidden),
                "{args:?}: the cursor stays hidden\n{screen:?}"
            );
        }
        // One error line, a line of its own.
        let text = plain(&screen);
        let errors: Vec<&str> = text
            .lines()
            .filter(|l| l.contains("error"))
            .map(str::trim_end)
            .collect();
        assert_eq!(errors, [error], "{args:?}\n{text}");
        assert_eq!(p.snapshot(), before, "{args:?}");
    }
}

/// Services with distinct names: the screen tells which were offered.
fn shop() -> Fixture {
    Fixture::project(&[
        ("sidecarctl.yaml", PROJECT),
        ("services/orders.yaml", &svc("orders", &["envoy", "log"])),
        ("services/payments.yaml", &svc("payments", &["envoy"])),
        ("services/cart.yaml", &svc("cart", &[])),
        ("services/users.yaml", &svc("users", &[])),
    ])
}

#[test]
fn clone_offers_sources_that_have_the_sidecar_and_targets_that_lack_it() {
    let p = shop();
    // Sources of envoy: orders and payments; Enter takes orders. Targets: cart and users
    // (payments has envoy already); Space, Enter takes cart.
    let (code, screen) = on_terminal(&p, &["clone", "envoy"], "\r \r");
    assert_eq!(code, 0, "{screen}");
    let text = plain(&screen);
    let (sources, targets) = text
        .split_once("Clone into which services?")
        .expect("targets asked");
    assert!(
        sources.contains("payments") && !sources.contains("cart") && !sources.contains("users"),
        "{sources}"
    );
    assert!(!targets.contains("payments"), "{targets}");
    assert!(p.read("services/cart.yaml").contains("- name: envoy"));
    assert!(!p.read("services/users.yaml").contains("envoy"));
}

#[test]
fn a_long_list_of_targets_is_filtered_by_typing() {
    let p = Fixture::project(&[
        ("sidecarctl.yaml", PROJECT),
        ("services/orders.yaml", &svc("orders", &["envoy"])),
    ]);
    for i in 0..14 {
        p.write(
            &format!("services/s{i:02}.yaml"),
            svc(&format!("s{i:02}"), &[]),
        );
    }
    // Type s07, Enter; type s11, Enter; Enter on `(done: …)`.
    let (code, screen) = on_terminal(&p, &["clone", "envoy", "--from", "orders"], "s07\rs11\r\r");
    assert_eq!(code, 0, "{screen}");
    for i in 0..14 {
        let file = format!("services/s{i:02}.yaml");
        assert_eq!(
            p.read(&file).contains("- name: envoy"),
            i == 7 || i == 11,
            "{file}\n{screen}"
        );
    }
}

#[test]
fn create_asks_what_the_sidecar_is_before_where_it_goes() {
    let p = fixture();
    // a and b have envoy: only c is offered, and Space, Enter takes it.
    let (code, screen) = on_terminal(&p, &["create", "envoy"], "acme/envoy:2.0.0\r \r");
    assert_eq!(code, 0, "{screen}");
    let text = plain(&screen);
    let image = text.find("Docker image").expect("image asked");
    let targets = text
        .find("Add it to which services?")
        .expect("targets asked");
    assert!(image < targets, "{text}");
    assert!(p.read("services/c.yaml").contains("acme/envoy:2.0.0"));
    // Without a name: the name, then the image, then the targets.
    let p = fixture();
    let (code, screen) = on_terminal(&p, &["create"], "side\racme/side:1.0.0\r \r");
    assert_eq!(code, 0, "{screen}");
    let text = plain(&screen);
    let order: Vec<usize> = ["Sidecar name", "Docker image", "Add it to which services?"]
        .iter()
        .map(|q| {
            text.find(q)
                .unwrap_or_else(|| panic!("{q} not asked\n{text}"))
        })
        .collect();
    assert!(order.is_sorted(), "{text}");
    assert!(p.read("services/a.yaml").contains("- name: side"));
}

#[test]
fn create_offers_the_marketplace_items() {
    let p = Fixture::example();
    // Down to the first item (fluent-bit), Enter. Targets without fluent-bit: api-gateway
    // first; Space, Enter.
    let (code, screen) = on_terminal(&p, &["create"], "\x1b[B\r \r");
    assert_eq!(code, 0, "{screen}");
    let text = plain(&screen);
    assert!(text.contains("otel-collector (marketplace item"), "{text}");
    let (_, targets) = text.split_once("Add it to which services?").unwrap();
    assert!(
        !targets.contains("catalog"),
        "has fluent-bit already: {targets}"
    );
    assert!(
        p.read("services/api-gateway.yaml").contains("fluent-bit"),
        "{text}"
    );
}

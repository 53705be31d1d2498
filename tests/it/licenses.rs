//! The dependencies that ship in the binary: permissive licenses only, and no crate the
//! project has banned (`deny.toml`), checked by cargo-deny without the network.

use std::process::Command;

#[test]
fn shipped_dependencies_have_allowed_licenses_and_no_banned_crates() {
    let output = Command::new("cargo")
        .args(["deny", "--offline", "check", "licenses", "bans"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stderr.contains("no such command"),
        "cargo-deny is missing: install it with `cargo install cargo-deny --locked` (as .ci/run does)"
    );
    assert!(
        !stderr.contains("--offline was specified"),
        "cargo-deny reads the manifests of every dependency, those built only for other systems \
         too: download them with `cargo fetch` (as .ci/run does):\n{stderr}"
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{}: {stdout}\n{stderr}", output.status);
    // The summary goes to standard output; the findings, warnings included, to standard error.
    assert_eq!(stdout.trim(), "bans ok, licenses ok", "{stderr}");
}

//! Two real governance repositories, as their maintainers keep them (`../shared/realworld/`:
//! Jupyter's and the OpenJS Foundation's), checked and built at their roots with no settings
//! and no edits, and held against two reference link checkers by `realworld_compare.py`: no
//! error that neither reference confirms (beyond a few), at least 95% of the broken links both
//! agree on, every page and every shown image published.

use std::path::Path;
use std::process::Command;

#[test]
fn real_governance_repositories_are_taken_as_they_stand() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/realworld");
    assert!(
        shared.join("realworld_compare.py").is_file(),
        "no `{}`: the tests need the shared folder beside the repository, as CI has it",
        shared.display()
    );
    let output = Command::new("python3")
        .arg(shared.join("realworld_compare.py"))
        .arg(env!("CARGO_BIN_EXE_govwiki"))
        .arg(shared.join("jupyter-governance.tar.gz"))
        .arg(shared.join("openjs-cross-project-council.tar.gz"))
        .env("SHOW", "20")
        .output()
        .expect("python3 runs");
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{report}{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(report.lines().filter(|line| !line.starts_with(' ')).count(), 2, "{report}");
}

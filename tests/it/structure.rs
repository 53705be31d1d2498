//! The shape of the code that a newcomer relies on: files of one responsibility (no source
//! file over 1,000 lines), output printed only by the commands, and no two files that import
//! each other.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every Rust file under `src/`, by its module path (`render::svg::swimlane`), with its text
/// up to its tests.
fn sources() -> BTreeMap<Vec<String>, (PathBuf, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    walkdir::WalkDir::new(&src)
        .into_iter()
        .map(Result::unwrap)
        .filter(|entry| entry.path().extension().is_some_and(|ext| ext == "rs"))
        .map(|entry| {
            let relative = entry.path().strip_prefix(&src).unwrap().with_extension("");
            let mut module: Vec<String> =
                relative.iter().map(|part| part.to_string_lossy().into_owned()).collect();
            if matches!(module.last().map(String::as_str), Some("mod" | "lib" | "main")) {
                module.pop();
            }
            let text = std::fs::read_to_string(entry.path()).unwrap();
            (module, (entry.path().to_path_buf(), text))
        })
        .collect()
}

#[test]
fn no_source_file_is_over_1000_lines() {
    let long: Vec<String> = sources()
        .values()
        .filter(|(_, text)| text.lines().count() > 1000)
        .map(|(path, text)| format!("{} ({} lines)", path.display(), text.lines().count()))
        .collect();
    assert!(long.is_empty(), "split these by responsibility: {long:?}");
}

#[test]
fn only_the_commands_print() {
    let printing: Vec<String> = sources()
        .iter()
        .filter(|(module, _)| {
            let first = module.first().map(String::as_str);
            !matches!(first, None | Some("app" | "main" | "serve"))
                && module.last().is_none_or(|m| m != "tests")
        })
        .filter(|(_, (_, text))| {
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            ["println!(", "eprintln!(", "print!(", "eprint!(", "dbg!("]
                .iter()
                .any(|m| code.contains(m))
        })
        .map(|(_, (path, _))| path.display().to_string())
        .collect();
    assert!(printing.is_empty(), "return text or findings for the commands to print: {printing:?}");
}

/// The modules a file's code (not its tests) names through `crate::`, `super::` or `self::`,
/// but for its own ancestors and descendants.
fn imports(
    module: &[String],
    text: &str,
    modules: &BTreeSet<Vec<String>>,
) -> BTreeSet<Vec<String>> {
    let code = text.split("#[cfg(test)]").next().unwrap_or_default();
    // Code only: a comment may name any module.
    let code: String = code
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut found = BTreeSet::new();
    let words: Vec<&str> = code
        .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':' || c == '{' || c == ','))
        .collect();
    for word in words {
        // `use super::{a, b::c}` and `crate::x::y` alike: each name after the prefix.
        let Some((prefix, rest)) = ["crate::", "super::", "self::"]
            .iter()
            .find_map(|prefix| word.find(prefix).map(|at| (*prefix, &word[at + prefix.len()..])))
        else {
            continue;
        };
        let mut base: Vec<String> = match prefix {
            "crate::" => Vec::new(),
            "super::" => module[..module.len().saturating_sub(1)].to_vec(),
            _ => module.to_vec(),
        };
        let mut rest = rest;
        while let Some(more) = rest.strip_prefix("super::") {
            base.pop();
            rest = more;
        }
        let (head, group) = rest.split_once("::{").unwrap_or((rest, ""));
        let mut paths: Vec<String> = vec![head.to_owned()];
        paths.extend(group.split(',').filter(|p| !p.is_empty()).map(|p| format!("{head}::{p}")));
        for path in paths {
            let mut target = base.clone();
            let mut best = None;
            for part in path.split("::").filter(|p| !p.is_empty() && *p != "{" && *p != "}") {
                target.push(part.trim_matches(['{', '}']).to_owned());
                if modules.contains(&target) {
                    best = Some(target.clone());
                }
            }
            if let Some(best) = best {
                let related = best.starts_with(module) || module.starts_with(&best);
                if !related {
                    found.insert(best);
                }
            }
        }
    }
    found
}

#[test]
fn no_two_files_import_each_other() {
    let sources = sources();
    let modules: BTreeSet<Vec<String>> = sources.keys().cloned().collect();
    let edges: BTreeMap<&Vec<String>, BTreeSet<Vec<String>>> = sources
        .iter()
        .filter(|(module, _)| module.last().is_none_or(|m| m != "tests"))
        .map(|(module, (_, text))| (module, imports(module, text, &modules)))
        .collect();
    let mut cycles = Vec::new();
    for (a, targets) in &edges {
        for b in targets {
            if edges.get(b).is_some_and(|back| back.contains(*a)) && *a < b {
                cycles.push(format!("{} <-> {}", a.join("::"), b.join("::")));
            }
        }
    }
    assert!(cycles.is_empty(), "move what both need to a third module: {cycles:?}");
    // The check sees imports at all: the build uses the stages.
    let build = &edges[&vec!["build".to_owned()]];
    assert!(build.contains(&vec!["render".to_owned()]) && build.contains(&vec!["load".to_owned()]));
}

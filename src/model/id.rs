//! Page ids and output paths, both derived from where a page is under `content/`.

/// Characters an id may not contain: they have a meaning in `[[id#heading|text]]` links and
/// in paths.
const RESERVED: &[char] = &['#', '|', '[', ']', '/', '\\'];

/// Why `id` cannot be a page id, if it cannot.
#[must_use]
pub fn id_problem(id: &str) -> Option<String> {
    if id.is_empty() {
        return Some("an id cannot be empty".into());
    }
    if id.trim() != id {
        return Some("an id cannot start or end with a space".into());
    }
    if let Some(c) = id.chars().find(|c| RESERVED.contains(c) || c.is_control()) {
        return Some(format!("an id cannot contain `{}`", c.escape_default()));
    }
    None
}

/// Whether a file named `name` is its folder's own page: `index.md`, `_index.md` (as Hugo
/// names it) or `README.md` in any case (as GitHub shows it).
#[must_use]
pub fn is_folder_page(name: &str) -> bool {
    matches!(name, "index.md" | "_index.md") || name.eq_ignore_ascii_case("readme.md")
}

/// The page at `path` (relative to `content/`, `/`-separated) split into its folder (`""` at
/// the root) and its name.
fn split(path: &str) -> (&str, &str) {
    path.rsplit_once('/').unwrap_or(("", path))
}

/// The folder whose own page the page at `path` is, if it is one (`""` for the home page).
#[must_use]
pub fn folder_page_of(path: &str) -> Option<&str> {
    let (folder, name) = split(path);
    is_folder_page(name).then_some(folder)
}

/// The default id of a page at `path` (relative to `content/`, `/`-separated): its file stem,
/// or the folder's name for a folder's own page (see [`is_folder_page`]), or `index` for the
/// home page.
#[must_use]
pub fn default_id(path: &str) -> String {
    match folder_page_of(path) {
        Some("") => "index".to_owned(),
        Some(folder) => folder.rsplit('/').next().unwrap_or(folder).to_owned(),
        None => {
            let name = split(path).1;
            name.strip_suffix(".md").unwrap_or(name).to_owned()
        }
    }
}

/// The output file of a page at `path`: `bodies/tag.md` → `bodies/tag/index.html`,
/// `bodies/index.md` (or `bodies/README.md`) → `bodies/index.html`, `index.md` →
/// `index.html`.
#[must_use]
pub fn output_path(path: &str) -> String {
    match folder_page_of(path) {
        Some("") => "index.html".to_owned(),
        Some(folder) => format!("{folder}/index.html"),
        None => format!("{}/index.html", path.strip_suffix(".md").unwrap_or(path)),
    }
}

/// The title a page without one gets from its file name: `sig-governance.md` → "Sig
/// governance"; a folder's own page takes the folder's name.
#[must_use]
pub fn readable_name(path: &str) -> String {
    let name = match folder_page_of(path) {
        Some(folder) => folder.rsplit('/').next().unwrap_or(folder),
        None => split(path).1.strip_suffix(".md").unwrap_or(split(path).1),
    };
    let words = name.replace(['-', '_'], " ");
    let words = words.trim();
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => name.to_owned(),
    }
}

/// The folder of a page, relative to `content/` (`""` at the root): the folder whose own
/// page it is for an `index.md`, its containing folder otherwise.
#[must_use]
pub fn folder_of(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(folder, _)| folder)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_default_to_stems_and_folder_names() {
        assert_eq!(default_id("index.md"), "index");
        assert_eq!(default_id("bodies/steering-group.md"), "steering-group");
        assert_eq!(default_id("bodies/product-group/index.md"), "product-group");
        assert_eq!(default_id("a/b/c d.md"), "c d");
        assert_eq!(default_id("README.md"), "index");
        assert_eq!(default_id("sig-node/README.md"), "sig-node");
        assert_eq!(default_id("sig-node/readme.md"), "sig-node");
        assert_eq!(default_id("docs/_index.md"), "docs");
        assert_eq!(default_id("docs/readme-first.md"), "readme-first");
    }

    #[test]
    fn names_are_made_readable_for_titles() {
        assert_eq!(readable_name("sig-governance.md"), "Sig governance");
        assert_eq!(readable_name("a/code_of_conduct.md"), "Code of conduct");
        assert_eq!(readable_name("sig-node/README.md"), "Sig node");
        assert_eq!(readable_name("élan.md"), "Élan");
    }

    #[test]
    fn output_paths_mirror_the_source_tree() {
        assert_eq!(output_path("index.md"), "index.html");
        assert_eq!(output_path("bodies/index.md"), "bodies/index.html");
        assert_eq!(output_path("bodies/tag.md"), "bodies/tag/index.html");
        assert_eq!(output_path("README.md"), "index.html");
        assert_eq!(output_path("sig-node/Readme.md"), "sig-node/index.html");
        assert_eq!(output_path("docs/_index.md"), "docs/index.html");
    }

    #[test]
    fn reserved_characters_make_bad_ids() {
        assert_eq!(id_problem("steering-group"), None);
        assert_eq!(id_problem("Zuständigkeit 2"), None);
        assert!(id_problem("").is_some());
        assert!(id_problem(" x").is_some());
        assert!(id_problem("a#b").unwrap().contains('#'));
        assert!(id_problem("a|b").is_some());
    }
}

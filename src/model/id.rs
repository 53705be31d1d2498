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

/// The default id of a page at `path` (relative to `content/`, `/`-separated): its file stem,
/// or the folder's name for a folder's `index.md`, or `index` for the home page.
#[must_use]
pub fn default_id(path: &str) -> String {
    let stem = path.strip_suffix(".md").unwrap_or(path);
    match stem.rsplit_once('/') {
        Some((folder, "index")) => folder.rsplit('/').next().unwrap_or(folder).to_owned(),
        Some((_, name)) => name.to_owned(),
        None => stem.to_owned(),
    }
}

/// The output file of a page at `path`: `bodies/tag.md` → `bodies/tag/index.html`,
/// `bodies/index.md` → `bodies/index.html`, `index.md` → `index.html`.
#[must_use]
pub fn output_path(path: &str) -> String {
    let stem = path.strip_suffix(".md").unwrap_or(path);
    if stem == "index" || stem.ends_with("/index") {
        format!("{stem}.html")
    } else {
        format!("{stem}/index.html")
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
    }

    #[test]
    fn output_paths_mirror_the_source_tree() {
        assert_eq!(output_path("index.md"), "index.html");
        assert_eq!(output_path("bodies/index.md"), "bodies/index.html");
        assert_eq!(output_path("bodies/tag.md"), "bodies/tag/index.html");
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

//! The generated wiki in the layouts of the tools govwiki is measured against, so that
//! `bench/compare.sh` times every tool on the same pages.
//!
//! - Hugo: `content/` as it is, but a folder's `index.md` becomes `_index.md` (a branch bundle,
//!   so that the pages beside it are still pages), a `hugo.yaml`, and a small theme in
//!   `layouts/` that shows what govwiki's pages show at the least: title, breadcrumbs, the
//!   top-level sections, the content and links to the pages of a section.
//! - mdBook: `src/` with the front matter replaced by the page's title as a heading, a
//!   `SUMMARY.md` that lists every page in folder order, and a `book.toml`.
//!
//! - A repository, as GitHub renders it and link checkers such as lychee read it: the pages at
//!   the root, no front matter (the title becomes the first heading), `README.md` as a
//!   folder's page, `[[id]]` links written as relative links to the `.md` file, and headings
//!   without `{#custom}` anchors, which GitHub does not know, so links to them use the
//!   heading's own anchor. For `bench/lychee.sh`.
//!
//! All start from the govwiki layout that `generate` wrote into the same folder and replace
//! it. For Hugo and mdBook, `[[id]]` links stay as text, since neither tool has them.

use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// A layout of the generated wiki.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Layout {
    Govwiki,
    Hugo,
    Mdbook,
    Repository,
}

impl Layout {
    pub(crate) fn parse(name: &str) -> Option<Layout> {
        match name {
            "govwiki" => Some(Layout::Govwiki),
            "hugo" => Some(Layout::Hugo),
            "mdbook" => Some(Layout::Mdbook),
            "repository" => Some(Layout::Repository),
            _ => None,
        }
    }
}

/// Turns the govwiki site in `root` into `layout`.
pub(crate) fn convert(root: &Path, layout: Layout, title: &str) -> io::Result<()> {
    match layout {
        Layout::Govwiki => Ok(()),
        Layout::Hugo => hugo(root, title),
        Layout::Mdbook => mdbook(root, title),
        Layout::Repository => repository(root),
    }
}

const HUGO_BASEOF: &str = r#"<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ .Title }} · {{ .Site.Title }}</title></head>
<body>
<header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a></header>
<nav class="sidebar"><ul>{{ range .Site.Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></nav>
<main>
<nav class="breadcrumbs">{{ range .Ancestors.Reverse }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> / {{ end }}</nav>
<h1>{{ .Title }}</h1>
{{ with .Params.summary }}<p class="summary">{{ . }}</p>{{ end }}
{{ block "main" . }}{{ end }}
</main>
</body>
</html>
"#;

const HUGO_SINGLE: &str = r#"{{ define "main" }}{{ .Content }}
<nav class="prev-next">{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }} {{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>
{{ end }}
"#;

const HUGO_LIST: &str = r#"{{ define "main" }}{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
{{ end }}
"#;

fn hugo(root: &Path, title: &str) -> io::Result<()> {
    for path in markdown_files(&root.join("content"))? {
        if path.file_name().is_some_and(|name| name == "index.md") {
            fs::rename(&path, path.with_file_name("_index.md"))?;
        }
    }
    fs::remove_file(root.join("govwiki.yaml"))?;
    fs::write(
        root.join("hugo.yaml"),
        format!(
            "baseURL: /\ntitle: {}\nrelativeURLs: true\n\
             disableKinds: [taxonomy, term, RSS]\n\
             markup:\n  goldmark:\n    renderer:\n      unsafe: true\n",
            quote(title)
        ),
    )?;
    let layouts = root.join("layouts/_default");
    fs::create_dir_all(&layouts)?;
    fs::write(layouts.join("baseof.html"), HUGO_BASEOF)?;
    fs::write(layouts.join("single.html"), HUGO_SINGLE)?;
    fs::write(layouts.join("list.html"), HUGO_LIST)
}

fn mdbook(root: &Path, title: &str) -> io::Result<()> {
    let content = root.join("content");
    let src = root.join("src");
    fs::rename(&content, &src)?;
    fs::remove_file(root.join("govwiki.yaml"))?;
    let mut summary = String::from("# Summary\n\n");
    let mut last_depth = 0;
    for path in markdown_files(&src)? {
        let text = fs::read_to_string(&path)?;
        let (page_title, body) = split(&text);
        fs::write(&path, format!("# {page_title}\n\n{body}"))?;
        let relative = path.strip_prefix(&src).unwrap_or(&path);
        // A folder's own page is the chapter its pages are listed under; pages in folders
        // without one are listed under their nearest folder that has one.
        let mut depth = relative.components().count() - 1;
        if relative.file_name().is_some_and(|name| name == "index.md") {
            depth = depth.saturating_sub(1);
        }
        depth = depth.min(last_depth + 1);
        last_depth = depth;
        let link = relative.to_string_lossy().replace(' ', "%20");
        let label = page_title.replace(['[', ']'], "");
        summary.push_str(&format!("{}- [{label}]({link})\n", "  ".repeat(depth)));
    }
    fs::write(src.join("SUMMARY.md"), summary)?;
    fs::write(
        root.join("book.toml"),
        format!("[book]\ntitle = {}\nsrc = \"src\"\n\n[output.html]\n", quote(title)),
    )
}

/// A page of the repository: where it goes, its title, and the anchors of its headings that
/// had a `{#custom}` one, by that one.
struct Moved {
    path: String,
    title: String,
    anchors: HashMap<String, String>,
}

fn repository(root: &Path) -> io::Result<()> {
    let content = root.join("content");
    let files = markdown_files(&content)?;
    let mut pages: HashMap<String, Moved> = HashMap::new();
    let mut texts = Vec::with_capacity(files.len());
    for file in &files {
        let text = fs::read_to_string(file)?;
        let relative = file.strip_prefix(&content).unwrap_or(file).to_string_lossy().into_owned();
        let (path, id) = match relative.strip_suffix("index.md") {
            Some(folder) => {
                let id = folder.trim_end_matches('/').rsplit('/').next().unwrap_or("index");
                (format!("{folder}README.md"), if folder.is_empty() { "index" } else { id })
            }
            None => {
                let stem = relative.trim_end_matches(".md");
                (relative.clone(), stem.rsplit('/').next().unwrap_or(stem))
            }
        };
        let (title, body) = split(&text);
        let anchors = body
            .lines()
            .filter_map(|line| {
                let (heading, custom) = line.strip_suffix('}')?.rsplit_once(" {#")?;
                let text = heading.trim_start_matches('#').trim();
                Some((custom.to_owned(), super::generate::heading_anchor(text)))
            })
            .collect();
        pages.insert(id.to_owned(), Moved { path: path.clone(), title, anchors });
        texts.push((path, text));
    }
    fs::remove_file(root.join("govwiki.yaml"))?;
    fs::remove_dir_all(&content)?;
    let by_path: HashMap<&str, &Moved> =
        pages.values().map(|page| (page.path.as_str(), page)).collect();
    for (path, text) in texts {
        let (title, body) = split(&text);
        let body = plain_links(body, &path, &pages, &by_path);
        let body: Vec<&str> = body
            .lines()
            .map(|line| match line.strip_suffix('}').and_then(|l| l.rsplit_once(" {#")) {
                Some((heading, _)) if line.starts_with('#') => heading,
                _ => line,
            })
            .collect();
        let file = root.join(&path);
        fs::create_dir_all(file.parent().unwrap_or(root))?;
        fs::write(file, format!("# {title}\n\n{}\n", body.join("\n")))?;
    }
    Ok(())
}

/// `body`, a page at `from` (relative to the repository), with every `[[id]]` link written as
/// a relative link to the page's file, links to `index.md` written to `README.md`, and
/// anchors of `{#custom}` headings written as the heading's own.
fn plain_links(
    body: &str,
    from: &str,
    pages: &HashMap<String, Moved>,
    by_path: &HashMap<&str, &Moved>,
) -> String {
    let mut out = String::with_capacity(body.len() + body.len() / 8);
    let mut rest = body;
    loop {
        let wiki = rest.find("[[");
        let inline = rest.find("](");
        match (wiki, inline) {
            (Some(at), other) if other.is_none_or(|other| at < other) => {
                let Some(end) = rest[at..].find("]]") else { break };
                out.push_str(&rest[..at]);
                let inner = &rest[at + 2..at + end];
                let (target, text) = inner.split_once('|').unwrap_or((inner, ""));
                let (id, fragment) = target.split_once('#').unwrap_or((target, ""));
                match pages.get(id.trim()) {
                    Some(page) => {
                        let text = if text.is_empty() { page.title.as_str() } else { text };
                        let href = super::generate::relative(from, &page.path);
                        out.push_str(&format!("[{text}]({href}{})", anchor(page, fragment)));
                    }
                    None => out.push_str(&rest[at..at + end + 2]),
                }
                rest = &rest[at + end + 2..];
            }
            (_, Some(at)) => {
                let Some(end) = rest[at..].find(')') else { break };
                out.push_str(&rest[..at + 2]);
                let dest = &rest[at + 2..at + end];
                let (path, fragment) = dest.split_once('#').unwrap_or((dest, ""));
                let path = path
                    .strip_suffix("index.md")
                    .map_or(path.to_owned(), |folder| format!("{folder}README.md"));
                let target = join(from, &path);
                match by_path.get(target.as_str()) {
                    Some(page) => out.push_str(&format!("{path}{}", anchor(page, fragment))),
                    None => out.push_str(dest),
                }
                rest = &rest[at + end..];
            }
            _ => break,
        }
    }
    out.push_str(rest);
    out
}

/// `#fragment` as GitHub names it on `page`: a `{#custom}` anchor becomes its heading's, and
/// heading text becomes its anchor.
fn anchor(page: &Moved, fragment: &str) -> String {
    if fragment.is_empty() {
        return String::new();
    }
    match page.anchors.get(fragment) {
        Some(anchor) => format!("#{anchor}"),
        None => format!("#{}", super::generate::heading_anchor(fragment)),
    }
}

/// The path, relative to the repository, that `path` written in the page at `from` names.
fn join(from: &str, path: &str) -> String {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for part in path.split('/') {
        match part {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            part => parts.push(part),
        }
    }
    parts.join("/")
}

/// Every Markdown file under `folder`, a folder's `index.md` before the rest of it, then the
/// files, then the subfolders, each by name.
fn markdown_files(folder: &Path) -> io::Result<Vec<PathBuf>> {
    let mut entries: Vec<PathBuf> =
        fs::read_dir(folder)?.map(|entry| entry.map(|e| e.path())).collect::<io::Result<_>>()?;
    entries.sort_by_key(|path| {
        (path.is_dir(), path.file_name() != Some("index.md".as_ref()), path.clone())
    });
    let mut files = Vec::new();
    for path in entries {
        if path.is_dir() {
            files.extend(markdown_files(&path)?);
        } else if path.extension().is_some_and(|ext| ext == "md") {
            files.push(path);
        }
    }
    Ok(files)
}

/// The title from a page's front matter, and the Markdown after it.
fn split(text: &str) -> (String, &str) {
    let Some(rest) = text.strip_prefix("---\n") else {
        return (String::new(), text);
    };
    let Some((front, body)) = rest.split_once("\n---\n") else {
        return (String::new(), text);
    };
    let title = front
        .lines()
        .find_map(|line| line.strip_prefix("title: "))
        .map(|value| serde_json::from_str(value).unwrap_or_else(|_| value.to_owned()))
        .unwrap_or_default();
    (title, body)
}

fn quote(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

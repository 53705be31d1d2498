//! The build that `build`, `check` and `serve` share: the stages in order (LOAD, MODEL,
//! RENDER, CHECK), and what a rebuild of the live server takes over from the build before.
//!
//! [`build_site`] and [`build_site_to_disk`] run every stage from scratch; [`build_site_reusing`]
//! is given the previous [`Build`] and the files that changed, and decides here, in one place,
//! what each stage may take over: the theme while no theme file changed, every page as loaded
//! whose file did not change, the model while no page's path or front matter changed, the
//! render of every page whose text did not change under the same model, settings and theme,
//! the files beside the pages that did not change, and the link check of every page whose
//! bytes and links are the same. The result is always the build from scratch, which
//! `tests.rs` holds it to after every kind of edit.
//!
//! The stages know nothing of a previous build: each offers its work on one item (read one
//! page, render one page, check one page's links), and the files here decide what is done
//! again: `reload.rs` for the pages loaded, `render.rs` for the pages and site-wide files,
//! `links.rs` for the link check, and [`Build`]'s private memory holds what they take over.
//! A new site-wide file is made in `render/site_files.rs`; a new check of the model goes
//! beside `check::check_structure` in `build_loaded`, whose findings are kept with the model.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use self::links::{PreviousCheck, Scans, check_remembering};
pub use self::render::{PageRecord, Rendered};
use crate::check::external::{ExternalOptions, LinkStatus, Progress, Unseen, check_urls};
use crate::check::{self, ExternalLink, LinkSettings, LinkedPage};
use crate::config::{CONFIG_FILE, SiteConfig};
use crate::diag::{self, Code, Diagnostic, Sources};
use crate::error::Error;
use crate::history::{self, Version};
use crate::load::LoadedPage;
use crate::model::Site;
use crate::output::Staging;
use crate::render::{Store, Theme};
use crate::{load, model};

/// What a build is asked to do besides loading, checking and rendering.
#[derive(Clone, Debug, Default)]
pub struct BuildSettings {
    /// Overrides `base_url` of `govwiki.yaml`.
    pub base_url: Option<String>,
    /// Turns every warning into an error.
    pub deny_warnings: bool,
    /// Requests every external link, as `check.external` in `govwiki.yaml` says.
    pub external: bool,
    /// Told how the request of external links goes, for the command to show.
    pub progress: Option<Arc<dyn Progress>>,
    /// Reads when each page last changed from git (once per build).
    pub history: bool,
    /// Keeps what only a rebuild needs: the parse of every page (the live server sets it).
    pub rebuilds: bool,
    /// Keeps the pages marked `draft: true`, which are otherwise left out.
    pub drafts: bool,
    /// The day the governance checks hold for (`--as-of`); today when `None`.
    pub as_of: Option<jiff::civil::Date>,
}

/// Everything one build produced, in memory.
#[derive(Debug)]
pub struct Build {
    /// The settings.
    pub config: SiteConfig,
    /// Every file read.
    pub sources: Sources,
    /// The model; `None` when the settings could not be read. A rebuild that changes no
    /// page's path or front matter shares it.
    pub site: Option<Arc<Site>>,
    /// The rendered files.
    pub rendered: Rendered,
    /// Every finding, with the site's levels applied, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// The one-line summary of the external link check, when it ran.
    pub external_summary: Option<String>,
    /// The theme the site was rendered with; `None` when the settings could not be read.
    pub theme: Option<Arc<Theme>>,
    /// What a rebuild takes over from this build.
    memory: Memory,
}

/// What a build keeps for the rebuild after it to take over, besides its model and files;
/// only this module reads it.
#[derive(Debug, Default)]
struct Memory {
    /// The findings about the model alone (also in `diagnostics`): from building it and from
    /// the check of its structure, for the rebuilds that share it.
    model_diagnostics: Vec<Diagnostic>,
    /// The findings about pages that nothing refers to (also in `diagnostics`), for the
    /// rebuilds that share the model and find the same links on every page.
    unused_diagnostics: Vec<Diagnostic>,
    /// The link check's parse of every page, kept with [`BuildSettings::rebuilds`].
    scans: Scans,
    /// Every page's versions, by path relative to `content/`.
    history: HashMap<String, Vec<Version>>,
    /// Every file of the content that is no page, published beside the pages; a rebuild after
    /// edits of pages alone takes the list over.
    assets: Vec<load::Asset>,
    /// Every page as loaded, for a rebuild to take over the pages whose files did not change;
    /// kept only with [`BuildSettings::rebuilds`], and when loading found no problem.
    loaded: Option<Vec<LoadedPage>>,
    /// The day the governance checks and the render held for: a rebuild on another day (a
    /// live server running past midnight) checks and renders the terms again.
    today: Option<jiff::civil::Date>,
}

impl Build {
    /// Whether any finding is an error.
    #[must_use]
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Renders `site` from scratch into `store`: the render of a build on its own, for the
/// benchmarks that time each stage.
///
/// # Errors
///
/// A template of the theme fails, or a file cannot be written.
pub fn render_site(
    site: &Site,
    sources: &Sources,
    config: &SiteConfig,
    theme: &Theme,
    store: Store<'_>,
) -> Result<Rendered, Error> {
    render::render(site, sources, config, theme, None, store, jiff::Zoned::now().date())
}

/// Loads, models, renders and checks the site at `root`, in memory.
///
/// # Errors
///
/// The theme is broken or cannot be read.
pub fn build_site(root: &Path, settings: &BuildSettings) -> Result<Build, Error> {
    build_site_reusing(root, settings, None)
}

/// What a rebuild may take over from the previous build.
#[derive(Clone, Copy, Debug)]
pub struct Reuse<'a> {
    /// The previous build.
    pub previous: &'a Build,
    /// Whether a file of the site's theme folder changed since.
    pub theme_changed: bool,
    /// The files that changed since, relative to the site root, when they are known: every
    /// other page is taken over as it was loaded.
    pub changed: Option<&'a BTreeSet<PathBuf>>,
}

/// Like [`build_site`], but takes over from `reuse` what the changes cannot have touched: the
/// compiled theme while no theme file and not the theme's name changed, and every page whose
/// text is unchanged while the settings and every page's front matter are (see
/// `render.rs`). The result is the same as a full build's.
///
/// # Errors
///
/// The theme is broken or cannot be read.
pub fn build_site_reusing(
    root: &Path,
    settings: &BuildSettings,
    reuse: Option<Reuse<'_>>,
) -> Result<Build, Error> {
    build(root, settings, reuse, Destination::Memory).map(|(build, _)| build)
}

/// Like [`build_site`], but writes every file into the next generation of the output folder
/// as soon as it is rendered, instead of keeping it: `out`, or else the settings'
/// `output_dir`. Only the paths of the files are kept, in [`Rendered::written`], and the link
/// check reads the pages back. The generation comes back beside the build, for the caller to
/// [`Staging::finish`] (make it the output) or [`Staging::abandon`]; it is `None` when the
/// settings could not be read, and nothing was rendered. While another build writes the same
/// output, the build waits for it, and calls `waiting` with the output folder first.
///
/// # Errors
///
/// The output folder is unsafe, a file cannot be written, or the theme is broken.
pub fn build_site_to_disk(
    root: &Path,
    settings: &BuildSettings,
    out: Option<&Path>,
    waiting: &(dyn Fn(&Path) + Sync),
) -> Result<(Build, Option<Staging>), Error> {
    build(root, settings, None, Destination::Output(out, waiting))
}

/// Where a build puts its files.
#[derive(Clone, Copy)]
enum Destination<'a> {
    /// Kept in memory.
    Memory,
    /// Written into the output folder: the one given, or else the settings' `output_dir`;
    /// with what to call while another build writes it.
    Output(Option<&'a Path>, &'a (dyn Fn(&Path) + Sync)),
}

/// A build, in memory or into the output folder (see [`build_site_to_disk`]).
///
/// A build from scratch runs whole on the threads of the pool that reads, renders and checks
/// the pages (`rayon::scope` runs its closure there), not on the calling thread: the memory
/// that one stage frees is then reused by the next. The system allocator keeps memory per
/// thread and returns little of it, so stages on the calling thread would take memory of
/// their own on top of the pool's, and raise the peak. A rebuild that takes the previous
/// build over holds little new, and runs on the calling thread, which spares the live
/// server's reload the hand-over to the pool.
fn build(
    root: &Path,
    settings: &BuildSettings,
    reuse: Option<Reuse<'_>>,
    destination: Destination<'_>,
) -> Result<(Build, Option<Staging>), Error> {
    match reuse {
        Some(_) => build_stages(root, settings, reuse, destination),
        None => rayon::scope(|_| build_stages(root, settings, reuse, destination)),
    }
}

/// The stages of [`build`], on the thread that calls this.
fn build_stages(
    root: &Path,
    settings: &BuildSettings,
    reuse: Option<Reuse<'_>>,
    destination: Destination<'_>,
) -> Result<(Build, Option<Staging>), Error> {
    let mut sources = Sources::default();
    let config = match SiteConfig::load(root, &mut sources) {
        Ok(config) => with_base_url(config, settings),
        Err(diagnostic) => return Ok((Build::unconfigured(sources, *diagnostic), None)),
    };
    let content = config.content(root);
    // Never pages, when the content is the site root: what govwiki writes, and the themes.
    let excluded = [root.join(&config.output_dir), root.join("themes")];
    let same_settings = reuse.filter(|r| r.previous.config == config && r.previous.theme.is_some());
    let theme =
        match same_settings.filter(|r| !r.theme_changed).and_then(|r| r.previous.theme.clone()) {
            Some(theme) => theme,
            None => Arc::new(Theme::load(root, &config.theme)?),
        };
    let previous_render = same_settings.filter(|r| !r.theme_changed).map(|r| &r.previous.rendered);
    let loaded = match reuse
        .and_then(|r| Some((r.changed?, r.previous.memory.loaded.as_deref()?, r)))
    {
        Some((changed, pages, reuse)) => {
            match reload::reload(root, &content, sources, pages, &reuse.previous.sources, changed) {
                // Only pages changed: the other files of the content are those of before.
                Ok(loaded) => {
                    load::Loaded { assets: reuse.previous.memory.assets.clone(), ..loaded }
                }
                Err(sources) => load::load(root, &content, &excluded, sources),
            }
        }
        None => load::load(root, &content, &excluded, sources),
    };
    let loaded = load::Loaded {
        folder: match load::display_name(root, &content) {
            name if name.is_empty() => ".".to_owned(),
            name => name,
        },
        ..loaded
    };
    let history = match reuse {
        // Edits while serving are not commits: the history read at the start still holds.
        Some(reuse) => reuse.previous.memory.history.clone(),
        None if settings.history => history::versions(&content),
        None => HashMap::new(),
    };
    let changed: Option<Vec<PathBuf>> =
        reuse.and_then(|r| r.changed).map(|changed| changed.iter().map(|p| root.join(p)).collect());
    let previous = Previous {
        build: reuse.map(|r| r.previous),
        rendered: previous_render,
        changed: changed.as_deref(),
    };
    let staging = match destination {
        Destination::Output(out, waiting) => {
            let out = out.map_or_else(|| root.join(&config.output_dir), Path::to_path_buf);
            Some(Staging::open(&out, root, &content, || waiting(&out))?)
        }
        Destination::Memory => None,
    };
    let store = staging.as_ref().map_or(Store::Memory, Store::Disk);
    let build = build_loaded(config, theme, loaded, history, settings, previous, store);
    match (build, staging) {
        (Ok(build), staging) => Ok((build, staging)),
        (Err(error), Some(staging)) => {
            // The output stays as it was; what was written waits for the next build.
            let _ = staging.abandon();
            Err(error)
        }
        (Err(error), None) => Err(error),
    }
}

/// Loads, models, renders and checks a site held in memory, as [`build_site`] does with a
/// site folder: `config` is the text of `govwiki.yaml` (`None` when there is none), and
/// `pages` maps each page's path relative to `content/` to its bytes (see
/// [`load::load_pages`] for the paths it takes).
///
/// Nothing is read from disk: the site is rendered with `theme`, whatever theme the settings
/// name, and has no history (`settings.history` is not used). With `settings.external` the
/// external links are requested, as in a build from disk.
///
/// # Errors
///
/// A template of the theme fails.
pub fn build_in_memory(
    config: Option<&str>,
    pages: BTreeMap<String, Vec<u8>>,
    theme: Arc<Theme>,
    settings: &BuildSettings,
) -> Result<Build, Error> {
    let mut sources = Sources::default();
    let config = match config {
        None => SiteConfig::default(),
        Some(text) => {
            match SiteConfig::parse(PathBuf::from(CONFIG_FILE), text.to_owned(), &mut sources) {
                Ok(config) => config,
                Err(diagnostic) => return Ok(Build::unconfigured(sources, *diagnostic)),
            }
        }
    };
    let config = with_base_url(config, settings);
    let loaded = load::load_pages(pages, sources);
    let previous = Previous::default();
    build_loaded(config, theme, loaded, HashMap::new(), settings, previous, Store::Memory)
}

/// What a rebuild takes over from the previous build.
#[derive(Clone, Copy, Default)]
struct Previous<'a> {
    /// The previous build, whose model is taken over while no page's path or front matter
    /// changed.
    build: Option<&'a Build>,
    /// The render of unchanged pages, when the settings and the theme are the same.
    rendered: Option<&'a Rendered>,
    /// The files and folders that changed since, when they are known: a file beside the
    /// pages that the render before published is read again only when it is among them.
    changed: Option<&'a [PathBuf]>,
}

impl Previous<'_> {
    /// The previous build's model and its findings, when it is the model of `loaded` too: the
    /// pages are the same, with the same front matter. Edits of Markdown bodies keep the model.
    fn model_of(&self, loaded: &load::Loaded) -> Option<(&Arc<Site>, &[Diagnostic])> {
        let build = self.build?;
        let (site, pages) = (build.site.as_ref()?, build.memory.loaded.as_deref()?);
        let same = reload::same_front_matter(&loaded.pages, &loaded.sources, pages, &build.sources)
            && same_derived_titles(site, loaded, &build.sources);
        same.then_some((site, build.memory.model_diagnostics.as_slice()))
    }
}

/// Whether every page of `loaded` whose title `site` took from its first heading (its front
/// matter has none) still has that heading: the front matter alone does not say so. Only the
/// pages whose text changed since `previous_sources` are looked at again.
fn same_derived_titles(site: &Site, loaded: &load::Loaded, previous_sources: &Sources) -> bool {
    site.pages.iter().zip(&loaded.pages).all(|(page, now)| {
        let source = loaded.sources.shared(now.source);
        // The same front matter means the same files at the same source ids.
        let unchanged = Arc::ptr_eq(source, previous_sources.shared(page.source));
        if page.title_span.is_some() || unchanged {
            return true;
        }
        let heading = crate::model::title::first_heading(&source.text[now.markdown.clone()]);
        match heading {
            Some(heading) => page.title_in_content && heading == page.title,
            None => !page.title_in_content,
        }
    })
}

impl Build {
    /// The build of a site whose settings are broken: only the finding about them.
    fn unconfigured(sources: Sources, diagnostic: Diagnostic) -> Build {
        Build {
            config: SiteConfig::default(),
            sources,
            site: None,
            rendered: Rendered::default(),
            diagnostics: vec![diagnostic],
            external_summary: None,
            theme: None,
            memory: Memory::default(),
        }
    }
}

/// The settings with the `--base-url` of `settings` applied.
fn with_base_url(mut config: SiteConfig, settings: &BuildSettings) -> SiteConfig {
    if settings.base_url.is_some() {
        config.base_url.clone_from(&settings.base_url);
    }
    config
}

/// The stages after loading, whether the pages came from disk or from memory: model,
/// render into `store`, and every check.
fn build_loaded(
    config: SiteConfig,
    theme: Arc<Theme>,
    mut loaded: load::Loaded,
    history: HashMap<String, Vec<Version>>,
    settings: &BuildSettings,
    previous: Previous<'_>,
    store: Store<'_>,
) -> Result<Build, Error> {
    if !settings.drafts {
        loaded.leave_out_drafts();
    }
    let (levels, skip, mut diagnostics) =
        check::compile(&config.check, config.source, &loaded.sources);
    let today = settings.as_of.unwrap_or_else(|| jiff::Zoned::now().date());
    let same_day = previous.build.is_some_and(|old| old.memory.today == Some(today));
    let (site, model_diagnostics, same_model) =
        match previous.model_of(&loaded).filter(|_| same_day) {
            Some((site, diagnostics)) => (Arc::clone(site), diagnostics.to_vec(), true),
            None => {
                let (mut site, mut diagnostics) = model::build(&loaded);
                for page in &mut site.pages {
                    page.versions = history.get(&page.path).cloned().unwrap_or_default();
                }
                diagnostics.extend(check::check_structure(&site, &loaded.sources));
                diagnostics.extend(check::check_confusable_ids(&site, &loaded.sources));
                diagnostics.extend(check::check_governance(&site, &loaded.sources, today));
                diagnostics.extend(check::check_succession(&site));
                (Arc::new(site), diagnostics, false)
            }
        };
    let load::Loaded { mut sources, diagnostics: load_diagnostics, pages, folder, assets, .. } =
        loaded;
    let loaded = (settings.rebuilds && load_diagnostics.is_empty()).then_some(pages);
    diagnostics.extend(load_diagnostics);
    diagnostics.extend(model_diagnostics.iter().cloned());
    if !site.pages.iter().any(|page| page.id == "index" && page.url == "index.html") {
        let content = sources.add_unreadable(Path::new(&folder), folder.clone());
        diagnostics.push(
            Diagnostic::new(Code::NoHomePage, content, "the site has no home page").help(
                "add a `README.md` or `index.md` at the root of the content; until then the \
                     home page lists the top-level pages",
            ),
        );
    }
    // A page renders from its text, the model, the settings and the theme: while the model is
    // the same, a page whose text did not change renders as it did.
    // The render before holds the files beside the pages it published: it is taken over
    // only while they are the same files.
    let same_assets = previous.build.is_none_or(|old| old.memory.assets == assets);
    let previous_render = previous.rendered.filter(|_| same_model && same_assets);
    let mut rendered =
        render::render(&site, &sources, &config, &theme, previous_render, store, today)?;
    // A file published by the render taken over is as it was unless it, or a folder it is
    // in, changed.
    let unchanged = |asset: &load::Asset| {
        previous_render.is_some()
            && previous
                .changed
                .is_some_and(|changed| !changed.iter().any(|path| asset.file.starts_with(path)))
    };
    diagnostics.extend(publish_assets(&assets, &unchanged, &mut rendered, store, &mut sources)?);
    diagnostics.extend(rendered.diagnostics().cloned());
    // While the model and every page's links are the same, so is what no page links to.
    let founds = || rendered.pages.iter().map(|page| &page.found);
    let same_links = |old: &&Build| same_model && old.rendered.links_as(founds());
    let unused_diagnostics = match previous.build.filter(same_links) {
        Some(old) => old.memory.unused_diagnostics.clone(),
        None => {
            let links: Vec<&[usize]> = rendered.pages.iter().map(|p| &p.found.pages[..]).collect();
            check::check_unused(&site, &sources, &links)
        }
    };
    diagnostics.extend(unused_diagnostics.iter().cloned());
    let link_settings = LinkSettings {
        skip,
        base_url: config.base_url.clone(),
        output_name: config.output_dir.to_string_lossy().replace('\\', "/"),
        pages: linked_pages(&site, &rendered.pages),
        external: settings.external,
        left_out: rendered.left_out(&site),
    };
    // The render took the previous one over: the same model, settings and theme make the
    // same files.
    let same_site = previous_render.is_some();
    let previous_check =
        previous.build.map(|old| PreviousCheck { scans: &old.memory.scans, same_site });
    // The live server's builds keep every page's check for the next; the others check every
    // page once, whether the files are in memory or written out.
    let (links, scans) = match store {
        Store::Memory if settings.rebuilds => {
            check_remembering(&rendered.files, &mut sources, &link_settings, previous_check)
        }
        Store::Memory => {
            let output = check::Output::Memory(&rendered.files);
            (check::check_links(output, &mut sources, &link_settings)?, Scans::default())
        }
        Store::Disk(staging) => {
            let output = check::Output::Written(&rendered.written, staging);
            (check::check_links(output, &mut sources, &link_settings)?, Scans::default())
        }
    };
    diagnostics.extend(links.diagnostics);
    let external_summary = settings.external.then(|| {
        let external = &config.check.external;
        let options = ExternalOptions {
            timeout: Duration::from_secs(external.timeout.max(1)),
            per_host: external.per_host.max(1),
            concurrency: external.concurrency.max(1),
            deadline: Duration::from_secs(external.deadline.max(1)),
            ..ExternalOptions::default()
        };
        let progress = settings.progress.as_deref().unwrap_or(&Unseen);
        let (found, summary) = check_external(&links.external, &options, progress);
        diagnostics.extend(found);
        summary
    });
    check::apply_levels(&mut diagnostics, &levels, settings.deny_warnings);
    diag::sort(&mut diagnostics, &sources);
    Ok(Build {
        config,
        sources,
        site: Some(site),
        rendered,
        diagnostics,
        external_summary,
        theme: Some(theme),
        memory: Memory {
            model_diagnostics,
            unused_diagnostics,
            scans,
            history,
            assets,
            loaded,
            today: Some(today),
        },
    })
}

/// Publishes the files of the content that are no pages at their places beside the pages;
/// gives the findings about those that cannot be: unreadable, or where the site writes a
/// file of its own.
fn publish_assets(
    assets: &[load::Asset],
    unchanged: &dyn Fn(&load::Asset) -> bool,
    rendered: &mut Rendered,
    store: Store<'_>,
    sources: &mut Sources,
) -> Result<Vec<Diagnostic>, Error> {
    let mut diagnostics = Vec::new();
    // A render that took the one before over holds the files it published, the same ones.
    let published_before = std::mem::take(&mut rendered.assets);
    for asset in assets {
        let before = published_before.binary_search(&asset.path).is_ok();
        // A page keeps its place: a file where the site writes one of its own, or named like
        // the folder a page is written in (`2025-02-18` beside `2025-02-18.md`), stays out.
        let taken = if before {
            None
        } else if rendered.has_file(&asset.path) {
            Some("the site writes a file of its own there")
        } else if rendered.has_folder(&asset.path) {
            Some("a page is written in a folder of that name")
        } else {
            None
        };
        // Its bytes are those the render before published, which this one holds.
        if before && unchanged(asset) && rendered.has_file(&asset.path) {
            rendered.assets.push(asset.path.clone());
            continue;
        }
        if let Some(why) = taken {
            let id = sources.add_unreadable(&asset.file, asset.path.clone());
            diagnostics.push(
                Diagnostic::new(
                    Code::FileLeftOut,
                    id,
                    format!("`{}` is left out of the output: {why}", asset.path),
                )
                .help("rename the file if the site should publish it"),
            );
            continue;
        }
        match std::fs::read(&asset.file) {
            Ok(bytes) => {
                rendered.publish(store, &asset.path, bytes.into())?;
                rendered.assets.push(asset.path.clone());
            }
            Err(error) => {
                let id = sources.add_unreadable(&asset.file, asset.path.clone());
                diagnostics.push(
                    Diagnostic::new(
                        Code::UnreadableFile,
                        id,
                        format!("cannot read `{}`", asset.path),
                    )
                    .help(format!("{error}; check the file's permissions, or remove it")),
                );
            }
        }
    }
    rendered.assets.sort_unstable();
    Ok(diagnostics)
}

/// The pages of `site` as the link check sees them, sorted by output path, with what their
/// Markdown wrote from `records`, the render's record of each.
pub fn linked_pages<'a>(site: &'a Site, records: &'a [PageRecord]) -> Vec<LinkedPage<'a>> {
    site.by_url
        .iter()
        .filter_map(|&index| {
            let (page, record) = (site.pages.get(index)?, records.get(index)?);
            Some(LinkedPage { path: &page.url, id: &page.id, found: &record.found })
        })
        .collect()
}

/// Requests every external link once and reports each place a broken one is written.
fn check_external(
    links: &[ExternalLink],
    options: &ExternalOptions,
    progress: &dyn Progress,
) -> (Vec<Diagnostic>, String) {
    let urls: Vec<String> = links.iter().map(|link| link.url.clone()).collect();
    let report = check_urls(&urls, options, progress);
    let found = links
        .iter()
        .filter_map(|link| {
            let status = report.results.get(&link.url)?;
            let what = match status {
                LinkStatus::Ok => return None,
                LinkStatus::Status(code) => format!("answers with HTTP status {code}"),
                LinkStatus::Failed(reason) => format!("cannot be reached: {reason}"),
            };
            Some(
                Diagnostic::new(
                    Code::BrokenExternalLink,
                    link.source,
                    format!("external link `{}` {what}", link.url),
                )
                .at(link.span.clone())
                .help(
                    "correct or remove the link; if the site is only briefly down or refuses \
                     robots, lower the finding with `check.severity` or skip the URL with \
                     `check.skip` in govwiki.yaml",
                ),
            )
        })
        .collect();
    (found, report.summary())
}

mod links;
mod reload;
mod render;
#[cfg(test)]
pub(crate) mod tests;

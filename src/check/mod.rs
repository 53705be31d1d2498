//! Stage 3, CHECK: findings about the governance model and the rendered site.
//!
//! Input: the [`crate::model::Site`] and the rendered files. Output: diagnostics, never
//! printed here. The model already reports what it finds while it resolves references
//! (unknown actors, targets and steps, duplicate ids); this stage adds what needs the whole
//! model ([`structure`], [`unused`], [`governance`], [`succession`]) or the rendered site
//! ([`links`], [`external`]), and the site's own severity settings ([`severity`]).

pub mod confusable;
pub mod external;
pub mod governance;
pub mod links;
mod scan;
pub mod severity;
pub mod structure;
pub mod succession;
pub mod unused;

pub use confusable::check_confusable_ids;
pub use governance::check_governance;
pub use links::{ExternalLink, LinkReport, LinkSettings, LinkedPage, Output, check_links};
pub use severity::{Level, Levels, apply_levels, compile};
pub use structure::check_structure;
pub use succession::check_succession;
pub use unused::check_unused;

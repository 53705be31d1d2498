//! Stage 3, CHECK: findings about the governance model and the rendered site.

pub mod external;

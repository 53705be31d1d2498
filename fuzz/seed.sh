#!/usr/bin/env bash
# Seeds the fuzz corpora from the test fixtures and the bundled openIMIS wiki:
#   fuzz/corpus/front_matter/  every page as it is
#   fuzz/corpus/markdown/      every page's Markdown (after its front matter), behind a
#                              settings byte: raw_html allow and escape, from two pages
#   fuzz/corpus/site/          every fixture site (check fixtures laid over check/base), and
#                              each folder of the bundled wiki with its home page, in the
#                              format of fuzz_targets/site.rs: files joined by the byte 0xFF,
#                              each its path, a line break and its bytes
# The corpora are not committed; running this again adds the seeds again (same names).
#
#   fuzz/seed.sh
set -euo pipefail

fuzz=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$fuzz")
corpus=$fuzz/corpus
mkdir -p "$corpus/front_matter" "$corpus/markdown" "$corpus/site"

# A seed's file name: its source path with `/` made `_`.
name() { printf '%s' "${1#"$repo"/}" | tr '/' '_'; }

# The Markdown of a page: everything after the closing `---` of its front matter.
markdown() { awk 'NR == 1 && /^---[ \r]*$/ { open = 1; next } open && /^---[ \r]*$/ { open = 0; next } !open' "$1"; }

while IFS= read -r -d '' page; do
    seed=$(name "$page")
    cp "$page" "$corpus/front_matter/$seed"
    { printf '\000'; markdown "$page"; } >"$corpus/markdown/0-$seed"
    { printf '\005'; markdown "$page"; } >"$corpus/markdown/5-$seed"
done < <(find "$repo/tests/fixtures" "$repo/content" -name '*.md' -type f -print0 | sort -z)

# Writes one site seed: $1 the seed's name, then pairs of (path in the seed, file).
site_seed() {
    local out=$corpus/site/$1 first=1
    shift
    : >"$out"
    while (($#)); do
        if ((first)); then first=0; else printf '\377' >>"$out"; fi
        printf '%s\n' "$1" >>"$out"
        cat "$2" >>"$out"
        shift 2
    done
}

# The files of the site folders given, later folders replacing earlier ones: pairs of
# (path relative to content/ or `govwiki.yaml`, file).
site_files() {
    declare -A files=()
    local dir file
    for dir in "$@"; do
        [[ -f $dir/govwiki.yaml ]] && files[govwiki.yaml]=$dir/govwiki.yaml
        while IFS= read -r -d '' file; do
            files[${file#"$dir"/content/}]=$file
        done < <(find "$dir/content" -type f -print0 2>/dev/null)
    done
    local key
    for key in $(printf '%s\n' "${!files[@]}" | sort); do
        printf '%s\0%s\0' "$key" "${files[$key]}"
    done
}

seed_from() {
    local seed=$1 args=()
    shift
    while IFS= read -r -d '' item; do args+=("$item"); done < <(site_files "$@")
    site_seed "$seed" "${args[@]}"
}

for dir in "$repo"/tests/fixtures/build/* "$repo"/tests/fixtures/invalid/*; do
    seed_from "$(name "$dir")" "$dir"
done
for dir in "$repo"/tests/fixtures/check/*; do
    seed_from "$(name "$dir")" "$repo/tests/fixtures/check/base" "$dir"
done
# The bundled wiki, one folder at a time with the settings and the home page: the whole of
# it is too large an input to mutate quickly.
for folder in "$repo"/content/*/; do
    folder=${folder%/}
    args=(govwiki.yaml "$repo/govwiki.yaml" index.md "$repo/content/index.md")
    while IFS= read -r -d '' file; do
        args+=("${file#"$repo"/content/}" "$file")
    done < <(find "$folder" -name '*.md' -type f -print0 | sort -z)
    site_seed "bundled_$(basename "$folder")" "${args[@]}"
done

for target in front_matter markdown site; do
    echo "$target: $(find "$corpus/$target" -type f | wc -l) seeds"
done

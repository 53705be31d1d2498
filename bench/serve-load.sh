#!/usr/bin/env bash
# Loads the live server with wrk while a page is edited, and prints its throughput and memory.
#
#   bench/serve-load.sh [PAGES]        # default: 1000
#
# Installs wrk from Debian's packages when it lacks it, writes the corpus of examples/corpus,
# starts `govwiki serve` on 127.0.0.1, and runs wrk with CONNECTIONS keep-alive connections
# (default 100) for DURATION (default 10s) on each of three files: a page, the stylesheet
# and the home page. While wrk runs, a page is saved every 200 ms, so the server rebuilds all
# along. Then it prints the server's peak and current resident memory and its threads.
set -euo pipefail
cd "$(dirname "$0")/.."

pages=${1:-1000}
connections=${CONNECTIONS:-100}
duration=${DURATION:-10s}
work=$(mktemp -d -t govwiki-serve-load.XXXXXX)

command -v wrk >/dev/null || apt-get install -y wrk
cargo build --release --example corpus
cargo build --release
target/release/examples/corpus --pages "$pages" --out "$work/site" >/dev/null

target/release/govwiki serve --root "$work/site" --port 0 2>"$work/serve.log" &
server=$!
trap 'kill -INT $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 600); do
  address=$(grep -o 'http://[0-9.:]*/' "$work/serve.log" || true)
  [ -n "$address" ] && break
  sleep 0.1
done
[ -n "$address" ] || { cat "$work/serve.log"; exit 1; }

# A page to edit and a page to ask for: the first two Markdown files of the corpus.
mapfile -t files < <(cd "$work/site/content" && find . -name '*.md' ! -name index.md | sort | head -2)
edited=$work/site/content/${files[0]#./}
asked=${files[1]#./}
asked=${asked%.md}/

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "$pages pages, $connections connections for $duration per file, a save every 200 ms"
(
  n=0
  while kill -0 $server 2>/dev/null; do
    n=$((n + 1))
    printf '\nSaved by the load bench, %s.\n' "$n" >>"$edited"
    sleep 0.2
  done
) &
editor=$!
for path in "$asked" static/govwiki.css ""; do
  echo "== /$path"
  wrk -t2 -c"$connections" -d"$duration" --latency "$address$path" |
    grep -E 'requests in|Requests/sec|Non-2xx|Socket errors|50%|99%'
done
kill $editor
grep -E 'VmHWM|VmRSS|Threads' "/proc/$server/status"
echo "rebuilds: $(grep -c 'changed: rebuilt in' "$work/serve.log"), with errors: $(grep -c 'has errors' "$work/serve.log" || true)"

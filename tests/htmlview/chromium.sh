#!/bin/sh
# chromium.sh RENDER
#
# The -f html pages in a real browser: renders the three samples (as
# golden.sh does) and loads each in headless Chromium, inside an iframe of a
# wrapper page whose script (check.js) inspects it: no script error, nothing
# loaded, every annotation's fragments spell its quote, legend counts, notes
# beside their spans, clicks between notes and spans, label toggles.
# Results are written into the wrapper's DOM, printed by --dump-dom, and
# checked here; Chromium's own log (stderr) must hold no console error.
# No npm: only Debian's chromium and python3 (for the file: URL).
# Exit 77 (skip) when there is no chromium. Environment: CHROMIUM.
set -u
render=$1
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
chromium=${CHROMIUM:-/usr/bin/chromium}
if ! [ -x "$chromium" ]; then
  echo "SKIP: no chromium at $chromium (apt-get install chromium, or set CHROMIUM)" >&2
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
cd "$root" || exit 2
pages=
for ext in txt html xml; do
  name=trump-putin-call.$ext
  "$render" -s scripts/deal-making.lua -s tests/htmlview/overlaps.lua "samples/$name" "$tmp/$name.html" || {
    echo "FAIL: render $name" >&2; exit 1; }
  pages="$pages{name: '$name', url: 'file://$tmp/$name.html'},"
done
# the seed with the shipped scripts: many labels, deep nesting
"$render" -s scripts/entities.lua -s scripts/deal-making.lua samples/trump-putin-call.html "$tmp/seed.html" || {
  echo "FAIL: render seed" >&2; exit 1; }
pages="$pages{name: 'seed', url: 'file://$tmp/seed.html'}"
{
  printf '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><pre id="out"></pre>\n'
  printf '<script>var PAGES = [%s];</script>\n<script>\n' "$pages"
  cat "$here/check.js"
  printf '</script></body></html>\n'
} > "$tmp/wrap.html"

start=$(date +%s)
timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic \
  --no-first-run --disable-background-networking --disable-component-update \
  --disable-sync --user-data-dir="$tmp/profile" --allow-file-access-from-files \
  --window-size=1400,1000 --enable-logging=stderr --v=0 \
  --dump-dom "file://$tmp/wrap.html" > "$tmp/dom.html" 2> "$tmp/stderr.txt" || {
  echo "FAIL: chromium failed:" >&2; tail -5 "$tmp/stderr.txt" >&2; exit 1; }
python3 - "$tmp/dom.html" > "$tmp/results.txt" <<'PY'
import html, re, sys
dom = open(sys.argv[1], encoding='utf-8').read()
m = re.search(r'<pre id="out">(.*?)</pre>', dom, re.S)
print(html.unescape(m.group(1)) if m else 'FAIL: no results in the DOM')
PY
cat "$tmp/results.txt"
status=0
grep -q '^ALL-DONE$' "$tmp/results.txt" || { echo "FAIL: the checks did not finish" >&2; status=1; }
grep -q '^FAIL' "$tmp/results.txt" && status=1
# the pages never log: any console message from them (an uncaught exception,
# a refused load, a console.error before check.js could hook it) fails
if grep -E 'CONSOLE' "$tmp/stderr.txt" | grep -v 'wrap\.html' >&2; then
  echo "FAIL: console messages from the pages (above)" >&2
  status=1
fi
echo "chromium took $(($(date +%s) - start)) s"
[ $status = 0 ] && echo "PASS" || echo "FAIL" >&2
exit $status

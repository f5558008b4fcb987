#!/bin/sh
# golden.sh RENDER [--update]
# The -f html pages (core/out_html.c) against golden pages, byte for byte,
# with the stylesheet and script every page shares written down once:
#   - tests/htmlview/unannotated.txt, rendered without scripts, is compared
#     whole with unannotated.expected.html: its <style> and last <script>
#     hold nothing but the shared asset, so this is the one check of it;
#   - the three samples, rendered with scripts/deal-making.lua and
#     tests/htmlview/overlaps.lua, have that asset (exactly as the first page
#     has it) replaced by a placeholder line each, and are then compared with
#     trump-putin-call.EXT.expected.html. A page whose asset differs keeps
#     it, so the diff shows where. A change of the CSS or JS touches
#     unannotated.expected.html only; the per-label colours stay per page.
# --update rewrites the expected pages (inspect them by eye before committing).
set -u
render=$1
update=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
cd "$root" || exit 2
status=0

# compare GOT EXPECTED: equal, or (with --update) EXPECTED rewritten
compare() {
  if [ "$update" = --update ]; then
    cp "$1" "$2"
    echo "updated $2"
  elif ! cmp -s "$2" "$1"; then
    diff -u "$2" "$1" | head -40
    echo "FAIL: $(basename "$2") differs from the page rendered" >&2
    status=1
  fi
}

"$render" tests/htmlview/unannotated.txt "$tmp/unannotated.html" || {
  echo "FAIL: render tests/htmlview/unannotated.txt" >&2; exit 1; }
compare "$tmp/unannotated.html" "$here/unannotated.expected.html"
# the shared asset: the lines inside <style> and inside the <script> that
# is a line of its own (not the one holding the annotations' JSON)
awk -v css="$tmp/asset.css" -v js="$tmp/asset.js" '
  $0 == "</style>" { s = 0 }
  $0 == "</script>" { j = 0 }
  s { print > css }
  j { print > js }
  $0 == "<style>" { s = 1 }
  $0 == "<script>" { j = 1 }' "$tmp/unannotated.html"
if ! [ -s "$tmp/asset.css" ] || ! [ -s "$tmp/asset.js" ]; then
  echo "FAIL: no <style> or <script> block in the unannotated page" >&2
  exit 1
fi

for ext in txt html xml; do
  name=trump-putin-call.$ext
  if ! "$render" -s scripts/deal-making.lua -s tests/htmlview/overlaps.lua \
      "samples/$name" "$tmp/$name.html"; then
    echo "FAIL: render $name" >&2
    status=1
    continue
  fi
  awk -v cssf="$tmp/asset.css" -v jsf="$tmp/asset.js" '
    function starts(at, a, k,   m) {
      for (m = 1; m <= k; m++) if (line[at + m] != a[m]) return 0
      return k > 0
    }
    BEGIN {
      while ((getline l < cssf) > 0) css[++nc] = l
      while ((getline l < jsf) > 0) js[++nj] = l
    }
    { line[++n] = $0 }
    END {
      for (i = 1; i <= n; i++) {
        print line[i]
        if (line[i] == "<style>" && starts(i, css, nc)) {
          print "/* the shared stylesheet: tests/htmlview/unannotated.expected.html */"
          i += nc
        } else if (line[i] == "<script>" && starts(i, js, nj) && line[i + nj + 1] == "</script>") {
          print "// the shared script: tests/htmlview/unannotated.expected.html"
          i += nj
        }
      }
    }' "$tmp/$name.html" > "$tmp/$name.structure.html"
  compare "$tmp/$name.structure.html" "$here/$name.expected.html"
done
exit $status

#!/bin/sh
# inline-csp.sh GLOSSA: -f inline's output of a page with scripts, opened in
# headless Chromium (tests/html/textcontent.sh): none of the page's scripts
# runs (a <script> in head, body onload, img onerror), the text is the
# page's. The same for XHTML. Without a CSP each of them rewrites the text
# (checked on the input itself). Exit 77 (skip) without chromium.
set -u
glossa=$1
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
chromium=${CHROMIUM:-/usr/bin/chromium}
[ -x "$chromium" ] || { echo "SKIP: no chromium at $chromium" >&2; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0
cat >"$tmp/page.xhtml" <<'X'
<?xml version="1.0"?>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Page</title></head>
<body><p>The page text.</p><script>document.body.textContent = "R" + "AN";</script></body></html>
X
for page in "$root/tests/security/inputs/inline-scripts.html" "$tmp/page.xhtml"; do
  ext=${page##*.}
  "$glossa" -q -e 'doc:find("page text"):annotate{label="s"}' -f inline "$page" >"$tmp/out.$ext" || {
    echo "FAIL: glossa -f inline $page"; fail=1; continue; }
  sh "$root/tests/html/textcontent.sh" "$page" "$tmp/in.txt" || { fail=1; continue; }
  sh "$root/tests/html/textcontent.sh" "$tmp/out.$ext" "$tmp/out.txt" || { fail=1; continue; }
  grep -q RAN "$tmp/in.txt" || { echo "FAIL: the input's scripts did not run: the test proves nothing"; fail=1; }
  if grep -q RAN "$tmp/out.txt"; then
    echo "FAIL: a script of $page ran in -f inline's output: $(cat "$tmp/out.txt")"
    fail=1
  elif ! grep -q "The page text." "$tmp/out.txt"; then
    echo "FAIL: -f inline's output of $page lost its text: $(cat "$tmp/out.txt")"
    fail=1
  else
    echo "ok: $page: no script ran in the output (the input's did)"
  fi
done
exit $fail

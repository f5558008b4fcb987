#!/bin/sh
# textcontent.sh IN.html OUT.txt
#
# Browser oracle for glossa's HTML text view: writes the exact UTF-8 bytes of
# Chromium's document.body.textContent for IN.html (loaded as a file: URL)
# to OUT.txt, with no trailing newline added.
#
# Method: no npm, only the Debian `chromium` package and python3.
# Headless Chromium --dump-dom loads a small wrapper page (written to a temp
# dir) that puts IN.html in an <iframe>; --allow-file-access-from-files makes
# the iframe's document readable from the wrapper. In the iframe's load
# handler the wrapper base64-encodes body.textContent (as UTF-8) into its own
# DOM between @@ markers; --dump-dom prints that DOM after the load event
# (which waits for the iframe), and python3 decodes the base64 to OUT.txt.
# Scripts in IN.html run as in a normal browser (scripting is on, so
# <noscript> content is raw text).
#
# Environment: CHROMIUM (default /usr/bin/chromium).
set -eu
if [ $# -ne 2 ]; then
  echo "usage: $0 IN.html OUT.txt" >&2
  exit 2
fi
in=$1
out=$2
[ -r "$in" ] || { echo "$0: cannot read $in" >&2; exit 2; }
chromium=${CHROMIUM:-/usr/bin/chromium}
. "$(cd "$(dirname "$0")" && pwd)/dumpdom.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

url=$(python3 -c 'import sys, os, pathlib; print(pathlib.Path(os.path.abspath(sys.argv[1])).as_uri())' "$in")

cat > "$tmp/wrap.html" <<WRAP
<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><pre id="out">PENDING</pre>
<script>
var target = $(python3 -c 'import json, sys; print(json.dumps(sys.argv[1]))' "$url");
var out = document.getElementById('out');
var f = document.createElement('iframe');
f.onload = function () {
  try {
    var d = f.contentDocument;
    if (!d || d.URL !== target) { out.textContent = 'ERR wrong document ' + (d && d.URL); return; }
    var t = d.body ? d.body.textContent : '';
    var bytes = new TextEncoder().encode(t), s = '';
    for (var i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
    out.textContent = '@@' + btoa(s) + '@@';
  } catch (e) { out.textContent = 'ERR ' + e; }
};
f.src = target;
document.body.appendChild(f);
</script></body></html>
WRAP

dump_dom 120 "$tmp/wrap.html" "$tmp/dom.html"

python3 - "$tmp/dom.html" "$out" <<'PY'
import base64, re, sys
dom = open(sys.argv[1], encoding='utf-8').read()
m = re.search(r'@@([A-Za-z0-9+/=]*)@@', dom)
if not m:
    e = re.search(r'<pre id="out">(.*?)</pre>', dom, re.S)
    sys.exit('textcontent.sh: no result from chromium: ' + (e.group(1) if e else dom[:300]))
with open(sys.argv[2], 'wb') as f:
    f.write(base64.b64decode(m.group(1)))
PY

#!/bin/sh
# regen.sh: regenerate tests/encodings/expected/*.txt from headless Chromium,
# the oracle: document.body.textContent (UTF-8, no newline added) of every
# page of pages.py, loaded as a file: URL, in one Chromium run (each page in
# an <iframe> of a wrapper page, read through --allow-file-access-from-files,
# as tests/html/textcontent.sh does for one page). Fails, writing nothing,
# when Chromium's document.characterSet for a page is not the encoding its
# label names in labels.txt, or when two pages meant to decode alike do not.
# Environment: CHROMIUM (default /usr/bin/chromium).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
chromium=${CHROMIUM:-/usr/bin/chromium}
. "$(cd "$(dirname "$0")" && pwd)/../html/dumpdom.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

python3 - "$here" "$tmp" <<'PY'
import json, os, sys
sys.dont_write_bytecode = True
sys.path.insert(0, sys.argv[1])
import pages
tmp = sys.argv[2]
urls = []
for i, (case, golden, page) in enumerate(pages.cases()):
    path = os.path.join(tmp, f'p{i}.html')
    with open(path, 'wb') as f:
        f.write(page)
    urls.append('file://' + path)
with open(os.path.join(tmp, 'wrap.html'), 'w', encoding='utf-8') as f:
    f.write('''<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><pre id="out">PENDING</pre>
<script>
var urls = %s, res = new Array(urls.length), left = urls.length;
var out = document.getElementById('out');
urls.forEach(function (u, i) {
  var f = document.createElement('iframe');
  f.onload = function () {
    try {
      var d = f.contentDocument;
      var t = d.body ? d.body.textContent : '';
      var bytes = new TextEncoder().encode(t), s = '';
      for (var k = 0; k < bytes.length; k++) s += String.fromCharCode(bytes[k]);
      res[i] = [d.URL, d.characterSet, btoa(s)];
    } catch (e) { res[i] = ['ERR ' + e, '', '']; }
    if (--left === 0) out.textContent = '@@' + btoa(JSON.stringify(res)) + '@@';
  };
  f.src = u;
  document.body.appendChild(f);
});
</script></body></html>
''' % json.dumps(urls))
PY

dump_dom 300 "$tmp/wrap.html" "$tmp/dom.html"

python3 - "$here" "$tmp" <<'PY'
import base64, json, os, re, sys
sys.dont_write_bytecode = True
sys.path.insert(0, sys.argv[1])
import pages
here, tmp = sys.argv[1], sys.argv[2]
dom = open(os.path.join(tmp, 'dom.html'), encoding='utf-8').read()
m = re.search(r'@@([A-Za-z0-9+/=]*)@@', dom)
if not m:
    sys.exit('regen.sh: no result from chromium: ' + dom[:300])
res = json.loads(base64.b64decode(m.group(1)))
cases = list(pages.cases())
# what document.characterSet must be: the encoding labels.txt names (HTML's
# prescan turns x-user-defined into windows-1252); for an XML declaration,
# whatever Chromium says (printed below)
want = {name: name for name, _ in pages.labels()}
want['x-user-defined'] = 'windows-1252'
golden, bad = {}, 0
for i, (case, g, _) in enumerate(cases):
    url, charset, b64 = res[i]
    if url != 'file://' + os.path.join(tmp, f'p{i}.html'):
        sys.exit(f'regen.sh: {case}: wrong document: {url}')
    text = base64.b64decode(b64)
    enc = case.split('/')[0]
    if enc in want and charset != want[enc]:
        print(f'{case}: Chromium decodes it as {charset}, not {want[enc]}')
        bad += 1
    if not enc in want:
        print(f'{case}: Chromium: {charset}')
    if g in golden and golden[g] != text:
        print(f'{case}: Chromium gives another text than the other pages of {g}')
        bad += 1
    golden.setdefault(g, text)
if bad:
    sys.exit(f'regen.sh: {bad} disagreements; expected/ left as it was')
os.makedirs(os.path.join(here, 'expected'), exist_ok=True)
for g, text in golden.items():
    with open(os.path.join(here, 'expected', g + '.txt'), 'wb') as f:
        f.write(text)
print(f'{len(cases)} pages, {len(golden)} expected files written')
PY

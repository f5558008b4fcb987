# Sourced by the htmlpage checks: htmlpage_probe PAGE PROBE.js [BUDGET_MS]
# prints what PROBE.js, run after the page's own script in headless
# Chromium (1400x1000, virtual time BUDGET_MS, default 2000), writes into a
# <pre id="g-probe">, unescaped; "no probe output" when it wrote none. Needs
# $chromium and $tmp set by the caller; PAGE.probe.html is the page probed.
htmlpage_probe() {
  python3 - "$1" "$2" "$1.probe.html" <<'PY'
import sys
page = open(sys.argv[1], encoding='utf-8').read()
js = open(sys.argv[2], encoding='utf-8').read()
i = page.rindex('</body>')
open(sys.argv[3], 'w', encoding='utf-8').write(page[:i] + '<script>' + js + '</script>' + page[i:])
PY
  timeout 60 "$chromium" --headless --no-sandbox --disable-gpu --no-first-run \
    --user-data-dir="$tmp/profile" --window-size=1400,1000 --virtual-time-budget="${3:-2000}" \
    --dump-dom "file://$1.probe.html" 2>/dev/null |
    python3 -c 'import sys, re, html; m = re.search(r"<pre id=\"g-probe\">(.*?)</pre>", sys.stdin.read(), re.S); print(html.unescape(m.group(1)) if m else "no probe output")'
}

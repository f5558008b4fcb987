#!/bin/sh
# check.sh GLOSSA: -f html pages measured in headless Chromium (issue 15,
# item 4): the Arabic sample keeps lang=ar and dir=rtl (computed direction
# rtl) on the text, its English paragraph ltr; labels get distinct colours;
# the seed page's first annotation starts near the top (its banner folded).
# A script appended to a copy of each page writes its findings into the
# DOM, which --dump-dom prints. Exit 77 without chromium.
set -u
glossa=$1
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
chromium=${CHROMIUM:-/usr/bin/chromium}
[ -x "$chromium" ] || { echo "SKIP: no chromium" >&2; exit 77; }
command -v python3 >/dev/null || { echo "SKIP: no python3" >&2; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
cd "$root" || exit 2
status=0
. "$here/probe.sh"
probe() { # NAME PAGE JS: htmlpage_probe with the script JS (in NAME.js)
  printf '%s' "$3" > "$tmp/$1.js" && htmlpage_probe "$2" "$tmp/$1.js"
}
marks='return function(doc) for s in doc:find("بوتين") do s:annotate{label="person"} end for s in doc:find("Putin") do s:annotate{label="person"} end for s in doc:find("ترامب") do s:annotate{label="leader"} end for s in doc:find("ساعة") do s:annotate{label="duration"} end end'
"$glossa" -f html -e "$marks" tests/htmlpage/arabic.html -o "$tmp/ar.html" || { echo "FAIL: glossa"; exit 1; }
got=$(probe ar "$tmp/ar.html" 'var d=document.getElementById("g-doc"),e=d.querySelector("[lang=en]"),c={};document.querySelectorAll(".g-m").forEach(function(m){c[getComputedStyle(m).borderBottomColor]=1});var p=document.createElement("pre");p.id="g-probe";p.textContent=d.lang+" "+getComputedStyle(d).direction+" "+getComputedStyle(e).direction+" colours="+Object.keys(c).length;document.body.appendChild(p);')
echo "arabic: $got"
[ "$got" = "ar rtl ltr colours=3" ] || { echo "FAIL: arabic page: want 'ar rtl ltr colours=3'"; status=1; }
"$glossa" -f html -s scripts/entities.lua -s scripts/deal-making.lua samples/trump-putin-call.html -o "$tmp/seed.html" || exit 1
got=$(probe seed "$tmp/seed.html" 'var m=document.querySelector("#g-doc .g-m"),t=m.getBoundingClientRect().top+scrollY,p=document.createElement("pre");p.id="g-probe";p.textContent=Math.round(t);document.body.appendChild(p);')
echo "seed: first mark at $got px"
[ -n "$got" ] && [ "$got" -le 400 ] || { echo "FAIL: seed's first mark below 400 px"; status=1; }
[ $status = 0 ] && echo PASS
exit $status

#!/bin/sh
# dense.sh GLOSSA: a dense -f html page in headless Chromium: the seed post's
# article six times (scripts/entities.lua, deal-making.lua, a note on each
# Putin and Trump: 530 annotations, 1400x1000 window). Every note's top, or
# its collapsed group's, is at most 200 px below its span's top and never
# above it (1 px of rounding); no two notes or groups overlap; groups are
# made (the page is dense enough to need them); clicking a grouped note's
# span opens its group with the note in view; j to a grouped note outlines
# its group and o opens it. Prints the largest distance. Exit 77 without
# chromium.
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
s=samples/trump-putin-call.html
{
  sed -n '1,/<main id="main"/p' $s
  for i in 1 2 3 4 5 6; do sed -n '/<article id="post-/,/<\/article><!-- #post-## -->/p' $s; done
  sed -n '/<\/main><!-- #main -->/,$p' $s
} > "$tmp/dense.html"
notes='return function(doc) for s in doc:find("Putin") do s:annotate{label="person", note="Russian president, party to the call"} end for s in doc:find("Trump") do s:annotate{label="person", note="U.S. president"} end end'
"$glossa" -f html -s scripts/entities.lua -s scripts/deal-making.lua -e "$notes" "$tmp/dense.html" -o "$tmp/page.html" ||
  { echo "FAIL: glossa"; exit 1; }
n=$(grep -c '<div class="g-note' "$tmp/page.html")
cat > "$tmp/probe.js" <<'EOF2'
window.addEventListener('load', function () { document.fonts.ready.then(function () { setTimeout(function () {
  var d = document, out = [];
  function key(k) { d.body.dispatchEvent(new KeyboardEvent('keydown', {key: k, bubbles: true, cancelable: true})); }
  function mark(n) { return d.querySelector('#g-doc .g-m[data-id="' + n.getAttribute('data-id') + '"]'); }
  function inView(el) { var r = el.getBoundingClientRect(); return r.height > 0 && r.top >= 0 && r.bottom <= innerHeight; }
  /* in the page's order (the DOM's is changed by the groups) */
  var notes = JSON.parse(d.getElementById('g-data').textContent).annotations.map(function (a) {
    return d.querySelector('#g-notes .g-note[data-id="' + a.id + '"]');
  });
  var max = 0, min = 0, counted = 0, grouped = [], reps = [];
  notes.forEach(function (n) {
    var r = mark(n).getClientRects()[0];
    if (!r) return; /* its span folded away */
    var el = n.getClientRects().length ? n : n.closest('.g-grp');
    if (el !== n) grouped.push(n);
    if (reps.indexOf(el) < 0) reps.push(el);
    var dist = el.getBoundingClientRect().top - r.top;
    max = Math.max(max, dist), min = Math.min(min, dist), counted++;
  });
  var rs = reps.map(function (e) { return e.getBoundingClientRect(); }), overlaps = 0;
  rs.forEach(function (r, i) {
    for (var j = 0; j < i; j++) {
      var q = rs[j];
      if (r.left < q.right - .5 && q.left < r.right - .5 && r.top < q.bottom - .5 && q.top < r.bottom - .5) overlaps++;
    }
  });
  out.push('measured ' + counted + ' of ' + notes.length + ' notes, ' + grouped.length + ' in ' +
           d.querySelectorAll('.g-grp').length + ' groups, distance ' + Math.round(min) + '..' + Math.round(max) +
           ' px, ' + overlaps + ' overlaps');
  var g = grouped[Math.floor(grouped.length / 2)];
  mark(g).dispatchEvent(new MouseEvent('click', {bubbles: true}));
  out.push('click: ' + (g.closest('.g-grp').classList.contains('g-x') && inView(g) ? 'its group opened, the note in view' : 'not shown'));
  key('Escape');
  var live = notes.filter(function (n) { return getComputedStyle(n).display !== 'none'; });
  var k = live.indexOf(grouped[0]);
  for (var i = 0; i <= k; i++) key('j');
  var grp = grouped[0].closest('.g-grp');
  var st = (grouped[0].classList.contains('g-cur') && grp.classList.contains('g-cur') && !grp.classList.contains('g-x') ? 'outlined' : 'not outlined');
  key('o');
  grp = grouped[0].closest('.g-grp');
  out.push('j: ' + st + ', o: ' + (grp.classList.contains('g-x') && grouped[0].getClientRects().length ? 'opened' : 'not opened'));
  var p = d.createElement('pre'); p.id = 'g-probe'; p.textContent = out.join('\n'); d.body.appendChild(p);
}, 0); }); });
EOF2
. "$here/probe.sh"
got=$(htmlpage_probe "$tmp/page.html" "$tmp/probe.js" 5000)
printf '%s\n' "$got"
status=0
fail() { echo "FAIL: $*"; status=1; }
line=$(printf '%s\n' "$got" | head -1)
case $line in "measured $n of $n notes, "*) ;; *) fail "want all $n notes measured" ;; esac
lo=$(printf '%s\n' "$line" | sed -n 's/.*distance \(-*[0-9]*\)\.\.\([0-9-]*\) px.*/\1/p')
hi=$(printf '%s\n' "$line" | sed -n 's/.*distance \(-*[0-9]*\)\.\.\([0-9-]*\) px.*/\2/p')
[ -n "$hi" ] && [ "$hi" -le 200 ] || fail "a note more than 200 px below its span"
[ -n "$lo" ] && [ "$lo" -ge -1 ] || fail "a note above its span"
case $line in *", 0 overlaps") ;; *) fail "notes overlap" ;; esac
case $line in *" 0 in 0 groups"*) fail "no groups: the page is not dense enough to test them" ;; esac
[ "$(printf '%s\n' "$got" | sed -n 2p)" = "click: its group opened, the note in view" ] || fail "clicking a grouped note's span"
[ "$(printf '%s\n' "$got" | sed -n 3p)" = "j: outlined, o: opened" ] || fail "j and o on a grouped note"
[ $status = 0 ] && echo PASS
exit $status

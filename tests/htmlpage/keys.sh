#!/bin/sh
# keys.sh GLOSSA: -f html's keys and search box in headless Chromium, on the
# seed page (scripts/entities.lua and deal-making.lua). KeyboardEvents
# dispatched by a probe appended to the page: j j j k makes the notes of
# -f jsonl's 1st, 2nd, 3rd, then 2nd annotation current (its marks outlined,
# in view); o opens it; / focuses the search box; a search shows "N of M"
# with N the annotations -f jsonl says match (every word in the label, the
# quote, the note or the attributes) and hides the others; Enter in the box
# makes the first match current, j the next match; Esc clears it all; j
# works with a legend's box focused. Then
# the page with its script taken out: every note shown, none overlapping,
# the search box hidden. Exit 77 without chromium.
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
fail() { echo "FAIL: $*"; status=1; }
. "$here/probe.sh"
# probe NAME PAGE PROBE.js (NAME: which probe, for the reader)
probe() { htmlpage_probe "$2" "$3"; }
S="-s scripts/entities.lua -s scripts/deal-making.lua"
"$glossa" -f html $S samples/trump-putin-call.html -o "$tmp/seed.html" || { echo "FAIL: glossa"; exit 1; }
"$glossa" -f jsonl $S samples/trump-putin-call.html -o "$tmp/seed.jsonl" || { echo "FAIL: glossa"; exit 1; }
# what the probe should find, from -f jsonl (output order = the notes' order)
want=$(python3 - "$tmp/seed.jsonl" <<'PY'
import json, sys
anns = [json.loads(l) for l in open(sys.argv[1], encoding='utf-8')]
def hay(a):
    return '\n'.join([a['label'], a['exact'], a['note'] or '',
                      ' '.join('%s=%s' % kv for kv in a['attrs'].items())]).lower()
def match(q):
    return [a['id'] for a in anns if all(w in hay(a) for w in q.split())]
ids = [a['id'] for a in anns]
org, pp = match('organisation'), match('putin person')
print('j=%s jjj=%s k=%s' % (ids[0], ids[2], ids[1]))
print('search organisation: %d of %d, first %s, next %s' % (len(org), len(anns), org[0], org[1]))
print('search putin person: %d of %d' % (len(pp), len(anns)))
print('esc: none, %d shown' % len(anns))
print('j on a legend box: %s' % ids[0])
PY
)
cat > "$tmp/keys.js" <<'EOF2'
(function () {
  var out = [], doc = document;
  function key(k) {
    var t = doc.activeElement && doc.activeElement !== doc.body ? doc.activeElement : doc.body;
    t.dispatchEvent(new KeyboardEvent('keydown', {key: k, bubbles: true, cancelable: true}));
  }
  function cur() {
    var c = doc.querySelectorAll('#g-notes .g-note.g-cur');
    if (c.length !== 1) return c.length ? c.length + ' current notes' : 'none';
    var id = c[0].getAttribute('data-id'), marks = doc.querySelectorAll('#g-doc .g-m[data-id="' + id + '"]');
    var lit = doc.querySelectorAll('#g-doc .g-m.g-cur'), r = marks[0].getBoundingClientRect();
    var bad = lit.length !== marks.length ? ' (' + lit.length + ' of ' + marks.length + ' marks outlined)' : '';
    if (!(r.top >= 0 && r.bottom <= innerHeight)) bad += ' (its mark out of view: ' + Math.round(r.top) + ')';
    return id + bad;
  }
  function shownNotes() {
    return Array.prototype.filter.call(doc.querySelectorAll('#g-notes .g-note'), function (n) {
      return getComputedStyle(n).display !== 'none';
    }).length;
  }
  function search(q) {
    var box = doc.getElementById('g-search');
    box.value = q;
    box.dispatchEvent(new Event('input', {bubbles: true}));
    return doc.getElementById('g-found').textContent;
  }
  key('j'); var a = cur();
  key('j'); key('j'); var b = cur();
  key('k');
  out.push('j=' + a + ' jjj=' + b + ' k=' + cur());
  var c = doc.querySelector('.g-note.g-cur');
  key('o');
  var m = doc.querySelector('#g-doc .g-m[data-id="' + c.getAttribute('data-id') + '"]');
  var opened = c.classList.contains('g-open') && m.classList.contains('g-flash') ? 'opened' : 'not opened';
  key('/');
  var focused = doc.activeElement === doc.getElementById('g-search') ? 'focused' : 'not focused';
  var f = search('organisation'), n = shownNotes();
  key('Enter'); var first = cur(); key('j');
  out.push('search organisation: ' + f + ', first ' + first + ', next ' + cur());
  out.push('search putin person: ' + search('putin person'));
  key('Escape');
  out.push('esc: ' + cur() + ', ' + shownNotes() + ' shown');
  doc.querySelector('#g-legend input').focus();
  key('j');
  out.push('j on a legend box: ' + cur());
  key('Escape');
  out.push(opened + ' ' + focused + ' organisation notes shown ' + n + ' found ' +
           (doc.getElementById('g-search').value === '' && doc.getElementById('g-found').textContent === '' ? 'cleared' : 'kept'));
  var p = doc.createElement('pre'); p.id = 'g-probe'; p.textContent = out.join('\n'); doc.body.appendChild(p);
})();
EOF2
got=$(probe keys "$tmp/seed.html" "$tmp/keys.js")
printf '%s\n' "$got"
norg=$(printf '%s\n' "$want" | sed -n 's/^search organisation: \([0-9]*\) of.*/\1/p')
[ "$(printf '%s\n' "$got" | head -5)" = "$want" ] || { printf 'want:\n%s\n' "$want"; fail "keys and search"; }
[ "$(printf '%s\n' "$got" | sed -n 6p)" = "opened focused organisation notes shown $norg found cleared" ] ||
  fail "o, / and Esc: want 'opened focused organisation notes shown $norg found cleared'"
# without its script: every note shown in the column, none overlapping, no search box
python3 - "$tmp/seed.html" "$tmp/nojs.html" <<'PY'
import sys
p = open(sys.argv[1], encoding='utf-8').read()
i = p.rindex('<script>\n(function () {')
j = p.index('</script>', i) + len('</script>')
open(sys.argv[2], 'w', encoding='utf-8').write(p[:i] + p[j:])
PY
cat > "$tmp/nojs.js" <<'EOF2'
(function () {
  var notes = Array.prototype.slice.call(document.querySelectorAll('#g-notes .g-note')), bad = 0, shown = 0;
  var rs = notes.map(function (n) { return n.getBoundingClientRect(); });
  rs.forEach(function (r, i) {
    if (r.width > 0 && r.height > 0) shown++;
    for (var j = Math.max(0, i - 40); j < i; j++) {
      var q = rs[j];
      if (r.left < q.right - .5 && q.left < r.right - .5 && r.top < q.bottom - .5 && q.top < r.bottom - .5) bad++;
    }
  });
  var p = document.createElement('pre'); p.id = 'g-probe';
  p.textContent = shown + ' of ' + notes.length + ' notes shown, ' + bad + ' overlaps, search box ' +
    (getComputedStyle(document.getElementById('g-find')).display === 'none' ? 'hidden' : 'shown');
  document.body.appendChild(p);
})();
EOF2
got=$(probe nojs "$tmp/nojs.html" "$tmp/nojs.js")
echo "without JS: $got"
n=$(grep -c '<div class="g-note' "$tmp/seed.html")
[ "$got" = "$n of $n notes shown, 0 overlaps, search box hidden" ] || fail "without JS: want '$n of $n notes shown, 0 overlaps, search box hidden'"
[ $status = 0 ] && echo PASS
exit $status

/* check.js: runs inside the wrapper page chromium.sh writes. For each page
 * in PAGES it loads the page in an iframe (1300x900), then checks it and
 * appends one line per check to <pre id="out">: "ok NAME: what" or
 * "FAIL NAME: what". Everything runs synchronously in the iframe's load
 * handler, so it is done before --dump-dom prints the wrapper's DOM. */
'use strict';
var out = document.getElementById('out');
function say(line) { out.textContent += line + '\n'; }

function checkPage(name, f) {
  var w = f.contentWindow, d = f.contentDocument, fails = 0, errors = [];
  function ok(cond, what) {
    if (!cond) fails++;
    say((cond ? 'ok ' : 'FAIL ') + name + ': ' + what);
  }
  w.addEventListener('error', function (e) { errors.push(String(e.message)); });
  var origError = w.console.error;
  w.console.error = function () {
    errors.push(Array.prototype.join.call(arguments, ' '));
    return origError.apply(this, arguments);
  };
  ok(d.documentElement.getAttribute('data-glossa') === 'ready', 'the page script ran to its end');
  ok(w.performance.getEntriesByType('resource').length === 0, 'the page loaded no resource');
  ok(d.querySelectorAll('script[src], link, img, iframe, object, embed, [style*="url("]').length === 0,
     'nothing in the page could load anything');
  var data = JSON.parse(d.getElementById('g-data').textContent);
  var anns = data.annotations, byLabel = {};
  anns.forEach(function (a) { byLabel[a.label] = (byLabel[a.label] || 0) + 1; });

  // each annotation's highlight exists; its fragments spell its quote
  var bad = [];
  anns.forEach(function (a) {
    var frags = d.querySelectorAll('#g-doc .g-m[data-id="' + a.id + '"]'), text = '';
    frags.forEach(function (m) { text += m.textContent; });
    if (!frags.length || text !== a.exact) bad.push(a.id + ' (' + frags.length + ' fragments: ' + JSON.stringify(text) + ')');
  });
  ok(bad.length === 0, 'all ' + anns.length + ' highlights present with their quotes' + (bad.length ? ': ' + bad.join(', ') : ''));
  var multi = anns.filter(function (a) {
    return d.querySelectorAll('#g-doc .g-m[data-id="' + a.id + '"]').length > 1;
  });
  ok(multi.length > 0, multi.length + ' annotations split into fragments that share their id');
  var nested = d.querySelectorAll('#g-doc .g-m .g-m').length;
  ok(nested > 0, nested + ' highlights nested inside others');

  // overlapping highlights are drawn apart: an outer mark's underline sits lower
  var stacked = Array.prototype.filter.call(d.querySelectorAll('#g-doc .g-m .g-m'), function (m) {
    var outer = m.parentElement.closest('.g-m');
    return outer.getBoundingClientRect().bottom > m.getBoundingClientRect().bottom + 1;
  }).length;
  ok(stacked === nested, 'each nested highlight ends above its container (' + stacked + '/' + nested + ')');

  // the header and the legend count right
  ok(d.getElementById('g-count').textContent.indexOf(anns.length + ' annotation') === 0,
     'header shows ' + anns.length + ' annotations');
  var keys = d.querySelectorAll('#g-legend .g-key'), counted = {};
  keys.forEach(function (k) {
    counted[k.querySelector('.g-name').textContent] = +k.querySelector('.g-n').textContent;
  });
  ok(JSON.stringify(counted) === JSON.stringify(byLabel) ||
     Object.keys(byLabel).length === keys.length &&
     Object.keys(byLabel).every(function (l) { return counted[l] === byLabel[l]; }),
     'legend counts ' + JSON.stringify(counted));

  // notes: one per annotation, never above their span, never overlapping
  // (a note in a collapsed group of a dense stretch: its group's line)
  var notes = Array.prototype.slice.call(d.querySelectorAll('#g-notes .g-note'));
  ok(notes.length === anns.length, notes.length + ' notes');
  var above = [], overlap = [];
  var shownAs = notes.map(function (n) { return n.getClientRects().length ? n : n.closest('.g-grp'); });
  notes.forEach(function (n, i) {
    var id = n.getAttribute('data-id'), m = d.querySelector('#g-doc .g-m[data-id="' + id + '"]');
    var r = shownAs[i].getBoundingClientRect();
    if (m && r.top < m.getClientRects()[0].top - 1) above.push(id);
    for (var j = 0; j < i; j++) {
      if (shownAs[j] === shownAs[i]) continue;
      var q = shownAs[j].getBoundingClientRect();
      if (r.left < q.right && q.left < r.right && r.top < q.bottom && q.top < r.bottom) overlap.push(id + '/' + notes[j].getAttribute('data-id'));
    }
  });
  ok(above.length === 0, 'no note above its span' + (above.length ? ': ' + above.join(' ') : ''));
  ok(overlap.length === 0, 'no two notes overlap' + (overlap.length ? ': ' + overlap.join(' ') : ''));
  var first = notes[0] && d.querySelector('#g-doc .g-m[data-id="' + notes[0].getAttribute('data-id') + '"]');
  ok(!first || Math.abs(shownAs[0].getBoundingClientRect().top - first.getClientRects()[0].top) < 2,
     'the first note is level with its span');

  function inView(el) {
    var r = el.getBoundingClientRect();
    return r.height > 0 && r.top >= 0 && r.bottom <= w.innerHeight;
  }
  // clicking a note brings its span into view (and flashes it), and back
  var missed = [], back = [];
  notes.forEach(function (n) {
    var id = n.getAttribute('data-id'), m = d.querySelector('#g-doc .g-m[data-id="' + id + '"]');
    if (!m) return;
    w.scrollTo(0, n.getBoundingClientRect().top + w.scrollY > w.innerHeight ? 0 : d.documentElement.scrollHeight);
    n.click();
    if (!inView(m) || !m.classList.contains('g-flash')) missed.push(id);
    w.scrollTo(0, w.scrollY > w.innerHeight ? 0 : d.documentElement.scrollHeight);
    m.dispatchEvent(new w.MouseEvent('click', {bubbles: true}));
    var target = d.querySelector('#g-notes .g-flash');
    if (!inView(n) || !n.classList.contains('g-flash') && !(target && inView(target))) back.push(id);
  });
  ok(missed.length === 0, 'clicking each note scrolls its span into view' + (missed.length ? ': ' + missed.join(' ') : ''));
  ok(back.length === 0, 'clicking each span scrolls its note into view' + (back.length ? ': ' + back.join(' ') : ''));

  // each label's toggle hides its highlights and notes, and only those
  keys.forEach(function (k) {
    var label = k.querySelector('.g-name').textContent, box = k.querySelector('input');
    var l = /(?:^| )(l\d+)(?: |$)/.exec(k.className)[1];
    var mine = d.querySelectorAll('#g-doc .g-m.' + l + ':not(.g-empty)');
    var others = d.querySelectorAll('#g-doc .g-m:not(.' + l + '):not(.g-empty)');
    function painted(m) {
      var s = w.getComputedStyle(m);
      return s.backgroundColor !== 'rgba(0, 0, 0, 0)' && s.borderBottomColor !== 'rgba(0, 0, 0, 0)';
    }
    var before = Array.prototype.every.call(mine, painted);
    box.click();
    var hidden = !box.checked && Array.prototype.every.call(mine, function (m) {
      return !painted(m) && w.getComputedStyle(m).display !== 'none';
    });
    var notesGone = notes.every(function (n) {
      return !n.classList.contains(l) || w.getComputedStyle(n).display === 'none';
    });
    var othersStay = Array.prototype.every.call(others, painted);
    box.click();
    var restored = box.checked && Array.prototype.every.call(mine, painted) &&
      notes.every(function (n) { return !n.classList.contains(l) || w.getComputedStyle(n).display !== 'none'; });
    ok(before && hidden && notesGone && othersStay && restored,
       'toggle "' + label + '" hides its ' + mine.length + ' highlights and its notes, then shows them again');
  });
  ok(errors.length === 0, 'no script error' + (errors.length ? ': ' + errors.join(' | ') : ''));
  say((fails ? 'DONE-FAIL ' : 'DONE-OK ') + name);
}

var pending = PAGES.slice();
function next() {
  var p = pending.shift();
  if (!p) { say('ALL-DONE'); return; }
  var f = document.createElement('iframe');
  f.style.width = '1300px';
  f.style.height = '900px';
  f.onload = function () {
    try { checkPage(p.name, f); } catch (e) { say('FAIL ' + p.name + ': exception ' + e + '\n' + e.stack); }
    next();
  };
  f.src = p.url;
  document.body.appendChild(f);
}
next();

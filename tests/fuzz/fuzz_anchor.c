/* libFuzzer target: re-anchoring (core/anchor.c). From the input: an old
 * text (byte 0 bit 6: the bytes as UTF-8, else each byte a piece of a small
 * palette: a few letters, multi-byte characters, runs of white space, one
 * longer than the search's long-run threshold), a quote taken from it with
 * its prefix and suffix, then edits (insert, delete, replace a unit) applied
 * to the text and/or the quote. anchor_find on the new text: offsets in
 * bounds, on code-point boundaries, start <= end, score in [0, 1]; nothing
 * edited and the position given: exact there; exact or moved: the bytes are
 * the quote; moved exactly when the quote occurs (on boundaries) and not
 * at the position; fuzzy: a match at the least edit distance over units
 * (white space runs as one), within min(256, units / 2), scoring at least
 * ANCHOR_MIN_SCORE and ANCHOR_MIN_QUOTE, with context under ANCHOR_SHORT
 * units; orphan: 0, 0, 0.
 * anchor_search against a plain edit-distance table over the same units:
 * the least errors, its first end and the earliest start there agree (and
 * "none" with a smaller bound). */
#define _GNU_SOURCE /* memmem */
#include <stdlib.h>
#include <string.h>

#include "anchor.h"
#include "fuzz.h"
#include "utf8.h"

#define MAX_TEXT 4096 /* bytes of old text */

static const char *const palette[] = {
    "a", "b", "c", "d", "e", "a", "b", " ", " ", "\n", "\xC3\xA9" /* é */,
    "\xD0\xB6" /* ж */, "\xF0\x9F\x98\x80" /* 😀 */, "  \n\t ", "\xC2\xA0" /* nbsp */,
    "\xE3\x80\x80" /* ideographic space */,
    "                                                                          " /* 74 */,
    "ab", "abc", "ba",
};
#define NPAL (sizeof palette / sizeof *palette)

/* A growable string. */
typedef struct str {
  char *s;
  size_t n, cap;
} str;

static void add(str *b, const char *p, size_t n) {
  if (b->n + n + 1 > b->cap) {
    b->cap = 2 * (b->n + n + 1);
    b->s = realloc(b->s, b->cap);
    if (!b->s) abort();
  }
  memcpy(b->s + b->n, p, n);
  b->n += n;
  b->s[b->n] = '\0';
}

/* ---- the reference: units and plain edit-distance tables ------------------ */

static int ref_space(uint32_t c) {
  return c == 0x20 || (c >= 0x09 && c <= 0x0D) || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
         c == 0x205F || c == 0x3000;
}

/* The units of valid UTF-8 s[0..n) (a run of white space is one ' '), and
 * where each starts (off[k] = n). */
typedef struct units {
  uint32_t *u;
  size_t *off;
  size_t k;
} units;

static units units_of(const char *s, size_t n) {
  units r = {malloc((n + 1) * sizeof(uint32_t)), malloc((n + 1) * sizeof(size_t)), 0};
  if (!r.u || !r.off) abort();
  for (size_t i = 0; i < n;) {
    uint32_t c;
    size_t l = utf8_decode(s + i, n - i, &c);
    FUZZ_CHECK(l > 0);
    if (ref_space(c) && r.k && r.u[r.k - 1] == ' ') {
      i += l;
      continue;
    }
    r.off[r.k] = i;
    r.u[r.k++] = ref_space(c) ? ' ' : c;
    i += l;
  }
  r.off[r.k] = n;
  return r;
}

static void units_free(units *r) {
  free(r->u);
  free(r->off);
}

/* The least edit distance of q[0..m) to any stretch of t[0..n) ending after
 * its first unit (m > 0; SIZE_MAX when n == 0), and the first end (in units)
 * with it. */
static size_t ref_search(const uint32_t *q, size_t m, const uint32_t *t, size_t n, size_t *end) {
  size_t *d = malloc((m + 1) * sizeof *d);
  if (!d) abort();
  for (size_t i = 0; i <= m; i++) d[i] = i;
  size_t best = SIZE_MAX;
  *end = 0;
  for (size_t j = 1; j <= n; j++) {
    size_t diag = d[0]; /* D[i-1][j-1] */
    d[0] = 0;
    for (size_t i = 1; i <= m; i++) {
      size_t up = d[i]; /* D[i][j-1] */
      size_t v = diag + (q[i - 1] != t[j - 1]);
      if (up + 1 < v) v = up + 1;
      if (d[i - 1] + 1 < v) v = d[i - 1] + 1;
      diag = up;
      d[i] = v;
    }
    if (d[m] < best) best = d[m], *end = j;
  }
  free(d);
  return best;
}

/* The edit distance of q[0..m) to each t[e - j, e) for j = 0..max: the
 * largest j where it is k (SIZE_MAX when none is), and the least of them. */
static size_t ref_back(const uint32_t *q, size_t m, const uint32_t *t, size_t e, size_t max,
                       size_t k, size_t *least) {
  size_t *d = malloc((m + 1) * sizeof *d);
  if (!d) abort();
  for (size_t i = 0; i <= m; i++) d[i] = i; /* reversed: q[m-1] first */
  size_t found = m == k ? 0 : SIZE_MAX;
  *least = m;
  for (size_t j = 1; j <= max && j <= e; j++) {
    size_t diag = d[0];
    d[0] = j;
    for (size_t i = 1; i <= m; i++) {
      size_t up = d[i];
      size_t v = diag + (q[m - i] != t[e - j]);
      if (up + 1 < v) v = up + 1;
      if (d[i - 1] + 1 < v) v = d[i - 1] + 1;
      diag = up;
      d[i] = v;
    }
    if (d[m] < *least) *least = d[m];
    if (d[m] == k) found = j;
  }
  free(d);
  return found;
}

/* The unit index of byte offset at in r, or SIZE_MAX when no unit starts there. */
static size_t unit_at(const units *r, size_t at) {
  size_t lo = 0, hi = r->k + 1;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (r->off[mid] < at) lo = mid + 1;
    else hi = mid;
  }
  return lo <= r->k && r->off[lo] == at ? lo : SIZE_MAX;
}

/* ---- inputs --------------------------------------------------------------- */

/* The code-point offsets of valid s[0..n) (cp[k] = n); their number. */
static size_t cps(const char *s, size_t n, size_t *cp) {
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (((unsigned char)s[i] & 0xC0) != 0x80) cp[k++] = i;
  cp[k] = n;
  return k;
}

/* One edit of b (valid UTF-8): 0 insert piece at, 1 delete at, 2 replace at. */
static void edit(str *b, unsigned op, unsigned at, const char *piece) {
  size_t *cp = malloc((b->n + 1) * sizeof *cp);
  if (!cp) abort();
  size_t k = cps(b->s ? b->s : "", b->n, cp);
  size_t i = at % (k + 1);
  str o = {NULL, 0, 0};
  add(&o, "", 0);
  add(&o, b->s, cp[i]);
  if (op % 3 != 1) add(&o, piece, strlen(piece));
  size_t from = op % 3 == 0 || i == k ? cp[i] : cp[i + 1];
  add(&o, b->s + from, b->n - from);
  free(cp);
  free(b->s);
  *b = o;
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  return 0;
}

static int occurs_at(const char *t, size_t len, size_t o, const char *q, size_t n) {
  return o + n <= len && !memcmp(t + o, q, n) && utf8_boundary(t, len, o) &&
         utf8_boundary(t, len, o + n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 65536) return 0;
  fuzz_in in = {data, size};
  unsigned flags = fuzz_u8(&in);
  unsigned qat = fuzz_u16(&in), qcps = fuzz_u16(&in) % 330, nedits = fuzz_u8(&in) % 12;
  unsigned bound = fuzz_u8(&in);
  struct { unsigned where, op, at; const char *piece; } ed[12];
  for (unsigned i = 0; i < nedits; i++) {
    unsigned w = fuzz_u8(&in);
    ed[i].where = w & 1; /* 0 text, 1 quote */
    ed[i].op = w >> 1;
    ed[i].at = fuzz_u16(&in);
    ed[i].piece = palette[fuzz_u8(&in) % NPAL];
  }
  /* the old text */
  str old = {NULL, 0, 0};
  add(&old, "", 0);
  if (flags & 0x40) {
    size_t n = in.n < MAX_TEXT ? in.n : MAX_TEXT;
    add(&old, (const char *)in.p, n);
    for (size_t i = 0; i < n;) { /* invalid bytes and NULs become '?' */
      uint32_t c;
      size_t k = utf8_decode(old.s + i, n - i, &c);
      if (!k || !c) old.s[i++] = '?';
      else i += k;
    }
  } else {
    for (size_t i = 0; i < in.n && old.n < MAX_TEXT; i++) {
      const char *p = palette[in.p[i] % NPAL];
      add(&old, p, strlen(p));
    }
  }
  /* the quote, its context and position, on the old text */
  size_t *cp = malloc((old.n + 1) * sizeof *cp);
  if (!cp) abort();
  size_t k = cps(old.s, old.n, cp);
  size_t a = qat % (k + 1), b = a + qcps > k ? k : a + qcps;
  size_t pa = a > 32 ? a - 32 : 0, sb = b + 32 > k ? k : b + 32;
  str quote = {NULL, 0, 0};
  add(&quote, old.s + cp[a], cp[b] - cp[a]);
  anchor_quote q = {NULL, 0, NULL, 0, NULL, 0, (flags & 1) != 0, cp[a], cp[b]};
  if (flags & 2) q.prefix = old.s + cp[pa], q.prefix_len = cp[a] - cp[pa];
  if (flags & 4) q.suffix = old.s + cp[b], q.suffix_len = cp[sb] - cp[b];
  free(cp);
  /* the edits: the new text, the quote as the annotation holds it */
  str text = {NULL, 0, 0};
  add(&text, old.s, old.n);
  int edited = 0;
  for (unsigned i = 0; i < nedits; i++) {
    if (!(flags & 8) && ed[i].where == 0) continue;
    if (!(flags & 16) && ed[i].where == 1) continue;
    edit(ed[i].where ? &quote : &text, ed[i].op, ed[i].at, ed[i].piece);
    edited = 1;
  }
  if (flags & 32) q.start += text.n + 1, q.end += text.n + 1; /* past the end */
  q.exact = quote.s;
  q.exact_len = quote.n;
  if (flags & 0x80) q.exact = NULL; /* position only */

  anchor_result r;
  FUZZ_CHECK(anchor_find(text.s, text.n, &q, &r) == 0);
  const char *t = text.s;
  size_t len = text.n;
  FUZZ_CHECK(r.start <= r.end && r.end <= len);
  FUZZ_CHECK(utf8_boundary(t, len, r.start) && utf8_boundary(t, len, r.end));
  FUZZ_CHECK(r.score >= 0 && r.score <= 1);
  FUZZ_CHECK(strcmp(anchor_kind_name(r.kind), "?") != 0);
  if (r.kind == ANCHOR_ORPHAN) FUZZ_CHECK(r.start == 0 && r.end == 0 && r.score == 0);
  if (r.kind == ANCHOR_EXACT) FUZZ_CHECK(r.score == 1);
  int at_pos = q.has_pos && q.start <= len && q.end <= len && q.start <= q.end &&
               utf8_boundary(t, len, q.start) && utf8_boundary(t, len, q.end);
  if (!q.exact || !q.exact_len) {
    FUZZ_CHECK(r.kind == (at_pos ? ANCHOR_EXACT : ANCHOR_ORPHAN));
    if (at_pos) FUZZ_CHECK(r.start == q.start && r.end == q.end);
    goto done;
  }
  if (!edited && q.has_pos && !(flags & 32))
    FUZZ_CHECK(r.kind == ANCHOR_EXACT && r.start == q.start && r.end == q.end);
  int exact_here = q.has_pos && occurs_at(t, len, q.start, q.exact, q.exact_len) &&
                   q.end - q.start == q.exact_len;
  int occurs = 0;
  for (const char *p = len >= quote.n ? memmem(t, len, quote.s, quote.n) : NULL; p && !occurs;
       p = memmem(p + 1, len - (size_t)(p + 1 - t), quote.s, quote.n))
    occurs = occurs_at(t, len, (size_t)(p - t), quote.s, quote.n);
  FUZZ_CHECK((r.kind == ANCHOR_EXACT) == exact_here);
  FUZZ_CHECK((r.kind == ANCHOR_MOVED) == (occurs && !exact_here));
  if (r.kind == ANCHOR_EXACT || r.kind == ANCHOR_MOVED)
    FUZZ_CHECK(r.end - r.start == quote.n && !memcmp(t + r.start, quote.s, quote.n));

  /* the approximate search against the reference */
  units T = units_of(t, len), Q = units_of(quote.s, quote.n);
  size_t m = Q.k;
  if (m && m <= ANCHOR_FUZZY_UNITS) {
    size_t jend, least = ref_search(Q.u, m, T.u, T.k, &jend);
    if (r.kind == ANCHOR_FUZZY) {
      size_t us = unit_at(&T, r.start), ue = unit_at(&T, r.end), l2;
      FUZZ_CHECK(us != SIZE_MAX && ue != SIZE_MAX && us < ue);
      FUZZ_CHECK(least <= (m / 2 < 256 ? m / 2 : 256));
      FUZZ_CHECK(ref_back(Q.u, m, T.u, ue, ue - us, least, &l2) == ue - us);
      FUZZ_CHECK(r.score >= ANCHOR_MIN_SCORE);
      FUZZ_CHECK(1.0 - (double)least / (double)m >= ANCHOR_MIN_QUOTE);
      if (m < ANCHOR_SHORT) FUZZ_CHECK(q.prefix_len || q.suffix_len);
    }
    size_t max = bound & 1 ? m : bound >> 1, errs, s, e;
    int rc = anchor_search(t, len, quote.s, quote.n, max, &errs, &s, &e);
    FUZZ_CHECK(rc == (least <= max ? 0 : 1));

    if (rc == 0) {
      FUZZ_CHECK(errs == least && e == T.off[jend]);
      size_t l2, j = ref_back(Q.u, m, T.u, jend, m + least, least, &l2);
      FUZZ_CHECK(j != SIZE_MAX && l2 == least && s == T.off[jend - j]);
    }
  }
  units_free(&T);
  units_free(&Q);
done:
  free(old.s);
  free(text.s);
  free(quote.s);
  return 0;
}

#define _GNU_SOURCE /* memmem */
#include "anchor.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

/* ---- units: code points, a run of white space as one ' ' ------------------ */

/* A byte that is not valid UTF-8 is a unit of its own, outside Unicode, so it
 * equals only the same byte. */
#define BAD_UNIT 0x110000u

/* A run longer than this is recorded by the search pass, so that walking
 * back or forth across it later is one jump. */
#define LONG_RUN 64
/* Context windows stop at a run longer than this (they never jump). */
#define CONTEXT_RUN 256

static int is_space(uint32_t c) { /* Unicode White_Space */
  if (c <= 0x20) return c == 0x20 || (c >= 0x09 && c <= 0x0D);
  if (c < 0x85) return 0;
  return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
         c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

static uint32_t cp_at(const char *t, size_t len, size_t i, size_t *k) {
  uint32_t c;
  size_t n = utf8_decode(t + i, len - i, &c);
  if (!n) {
    *k = 1;
    return BAD_UNIT + (unsigned char)t[i];
  }
  *k = n;
  return c;
}

/* The code point ending at i > 0: its start in *b. */
static uint32_t cp_before(const char *t, size_t i, size_t *b) {
  size_t s = i - 1;
  while (s > 0 && i - s < 4 && ((unsigned char)t[s] & 0xC0) == 0x80) s--;
  uint32_t c;
  if (utf8_decode(t + s, i - s, &c) == i - s) {
    *b = s;
    return c;
  }
  *b = i - 1;
  return BAD_UNIT + (unsigned char)t[i - 1];
}

/* The runs of white space of LONG_RUN bytes or more, in text order. */
typedef struct runs {
  size_t *s, *e;
  size_t n, cap;
} runs;

static int runs_add(runs *r, size_t s, size_t e) {
  if (r->n == r->cap) {
    size_t c = r->cap ? 2 * r->cap : 64;
    size_t *ns = realloc(r->s, c * sizeof *ns);
    if (!ns) return -1;
    r->s = ns;
    size_t *ne = realloc(r->e, c * sizeof *ne);
    if (!ne) return -1;
    r->e = ne;
    r->cap = c;
  }
  r->s[r->n] = s;
  r->e[r->n++] = e;
  return 0;
}

/* The recorded run holding byte at, or NULL. */
static size_t run_of(const runs *r, size_t at) {
  size_t lo = 0, hi = r->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (r->e[mid] <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo < r->n && r->s[lo] <= at ? lo : SIZE_MAX;
}

/* How a walk crosses a run of white space: jumping by the recorded runs
 * (r), or stopping after lim bytes of it (then *cut is set). */
typedef struct walk {
  const runs *r;
  size_t lim;
  int cut;
} walk;

/* The unit at *i of t[0..len) (*i < len); *i moves past it. */
static uint32_t unit_next(const char *t, size_t len, size_t *i, walk *w) {
  size_t k, at = *i;
  uint32_t c = cp_at(t, len, at, &k);
  at += k;
  if (!is_space(c)) {
    *i = at;
    return c;
  }
  while (at < len) {
    if (w->r && at - *i >= LONG_RUN) {
      size_t j = run_of(w->r, at);
      if (j != SIZE_MAX) {
        at = w->r->e[j];
        break;
      }
    }
    if (at - *i >= w->lim) {
      w->cut = 1;
      break;
    }
    if (!is_space(cp_at(t, len, at, &k))) break;
    at += k;
  }
  *i = at;
  return ' ';
}

/* The unit ending at *i > 0; *i moves to its start. */
static uint32_t unit_prev(const char *t, size_t *i, walk *w) {
  size_t b, at;
  uint32_t c = cp_before(t, *i, &at);
  if (!is_space(c)) {
    *i = at;
    return c;
  }
  while (at > 0) {
    if (w->r && *i - at >= LONG_RUN) {
      size_t j = run_of(w->r, at - 1);
      if (j != SIZE_MAX) {
        at = w->r->s[j];
        break;
      }
    }
    if (*i - at >= w->lim) {
      w->cut = 1;
      break;
    }
    if (!is_space(cp_before(t, at, &b))) break;
    at = b;
  }
  *i = at;
  return ' ';
}

/* Up to max units of s[0..n) into u (forward from the start, or backward
 * from the end: then u is reversed); their number. */
static size_t units_of(const char *s, size_t n, int backward, uint32_t *u, size_t max) {
  walk w = {NULL, SIZE_MAX, 0};
  size_t k = 0, i = backward ? n : 0;
  while (k < max && (backward ? i > 0 : i < n))
    u[k++] = backward ? unit_prev(s, &i, &w) : unit_next(s, n, &i, &w);
  return k;
}

/* ---- Myers' bit-parallel edit distance, in blocks of 64 rows ------------- */

typedef uint64_t word;
#define TOP ((word)1 << 63)

/* A pattern of m units: for each of its distinct units (symbol s > 0) the
 * bits of the rows it is on, nb words; symbol 0 (no bits) for the rest. The
 * state P, M holds the vertical deltas of the current column. */
typedef struct pat {
  size_t m, nb;
  word last; /* the last row's bit in the last block */
  word *peq;
  uint32_t ascii[128];
  uint32_t *key, *val;
  size_t mask;
  word *P, *M;
} pat;

#define NO_KEY UINT32_MAX

static void pat_free(pat *p) {
  free(p->peq);
  free(p->key);
  free(p->val);
  free(p->P);
  free(p->M);
  memset(p, 0, sizeof *p);
}

static uint32_t pat_sym(const pat *p, uint32_t c) {
  if (c < 128) return p->ascii[c];
  for (size_t h = (c * 2654435761u) & p->mask;; h = (h + 1) & p->mask) {
    if (p->key[h] == c) return p->val[h];
    if (p->key[h] == NO_KEY) return 0;
  }
}

/* 0, or -1 out of memory (p is then empty). m > 0. */
static int pat_init(pat *p, const uint32_t *u, size_t m) {
  memset(p, 0, sizeof *p);
  p->m = m;
  p->nb = (m + 63) / 64;
  p->last = (word)1 << ((m - 1) % 64);
  size_t cap = 16;
  while (cap < 2 * m) cap *= 2;
  p->mask = cap - 1;
  p->key = malloc(cap * sizeof *p->key);
  p->val = malloc(cap * sizeof *p->val);
  p->P = malloc(p->nb * sizeof *p->P);
  p->M = malloc(p->nb * sizeof *p->M);
  if (!p->key || !p->val || !p->P || !p->M) goto oom;
  for (size_t i = 0; i < cap; i++) p->key[i] = NO_KEY;
  /* symbols first, then their rows */
  uint32_t nsym = 0;
  for (size_t i = 0; i < m; i++) {
    uint32_t c = u[i];
    if (c < 128) {
      if (!p->ascii[c]) p->ascii[c] = ++nsym;
      continue;
    }
    size_t h = (c * 2654435761u) & p->mask;
    while (p->key[h] != NO_KEY && p->key[h] != c) h = (h + 1) & p->mask;
    if (p->key[h] == NO_KEY) p->key[h] = c, p->val[h] = ++nsym;
  }
  p->peq = calloc(((size_t)nsym + 1) * p->nb, sizeof *p->peq);
  if (!p->peq) goto oom;
  for (size_t i = 0; i < m; i++)
    p->peq[pat_sym(p, u[i]) * p->nb + i / 64] |= (word)1 << (i % 64);
  return 0;
oom:
  pat_free(p);
  return -1;
}

/* Column 0: D[i][0] = i. */
static void pat_reset(pat *p) {
  for (size_t b = 0; b < p->nb; b++) p->P[b] = ~(word)0, p->M[b] = 0;
}

/* One column for the text unit c, the row-0 delta hin (0: the match may start
 * anywhere, search; 1: it starts at the first column, distance); returns
 * the change of D[m] (Myers 1999, fig. 9; Hyyrö's formulation). */
static inline int block_step(pat *p, size_t b, word eq, int hin) {
  word Pv = p->P[b], Mv = p->M[b];
  word Xv = eq | Mv;
  if (hin < 0) eq |= 1;
  word Xh = (((eq & Pv) + Pv) ^ Pv) | eq;
  word Ph = Mv | ~(Xh | Pv);
  word Mh = Pv & Xh;
  word last = b + 1 == p->nb ? p->last : TOP;
  int hout = (Ph & last) ? 1 : (Mh & last) ? -1 : 0;
  Ph <<= 1;
  Mh <<= 1;
  if (hin < 0) Mh |= 1;
  else if (hin > 0) Ph |= 1;
  p->P[b] = Mh | ~(Xv | Ph);
  p->M[b] = Ph & Xv;
  return hout;
}

static int pat_step(pat *p, uint32_t c, int hin) {
  const word *eqs = p->peq + (size_t)pat_sym(p, c) * p->nb;
  for (size_t b = 0; b < p->nb; b++) hin = block_step(p, b, eqs[b], hin);
  return hin;
}

/* ---- scoring ---------------------------------------------------------------- */

/* A context (prefix reversed, or suffix) as a pattern, or none (n == 0). */
typedef struct context {
  pat p;
  size_t n;
} context;

/* 1 - d / n, d the least edit distance of the context to a stretch of text
 * starting at `at` (going backward for the prefix), over at most 2n units
 * (more cannot do better than none), stopping at a long run of white space. */
static double context_score(context *cx, const char *t, size_t len, size_t at, int backward) {
  pat *p = &cx->p;
  pat_reset(p);
  walk w = {NULL, CONTEXT_RUN, 0};
  long long d = (long long)cx->n, best = d;
  for (size_t j = 0; j < 2 * cx->n && !w.cut && (backward ? at > 0 : at < len); j++) {
    uint32_t c = backward ? unit_prev(t, &at, &w) : unit_next(t, len, &at, &w);
    d += pat_step(p, c, 1);
    if (d < best) best = d;
  }
  return 1.0 - (double)best / (double)cx->n;
}

typedef struct scorer {
  const char *t;
  size_t len;
  const anchor_quote *q;
  context pre, suf;
} scorer;

/* The weighted score of [s, e) with quote score qs; *ctx: the mean of the
 * context scores given (-1 when none is). */
static double weigh(scorer *sc, size_t s, size_t e, double qs, double *ctx) {
  double sum = 50 * qs, w = 50, c = 0;
  int nc = 0;
  if (sc->pre.n) {
    double x = context_score(&sc->pre, sc->t, sc->len, s, 1);
    sum += 20 * x, w += 20, c += x, nc++;
  }
  if (sc->suf.n) {
    double x = context_score(&sc->suf, sc->t, sc->len, e, 0);
    sum += 20 * x, w += 20, c += x, nc++;
  }
  if (sc->q->has_pos && sc->len) {
    size_t h = sc->q->start, dist = s > h ? s - h : h - s;
    double x = dist >= sc->len ? 0 : 1.0 - (double)dist / (double)sc->len;
    sum += 2 * x, w += 2;
  }
  if (ctx) *ctx = nc ? c / nc : -1;
  double r = sum / w;
  return r < 0 ? 0 : r > 1 ? 1 : r;
}

static int context_init(context *cx, const char *s, size_t n, int backward) {
  memset(cx, 0, sizeof *cx);
  if (!s || !n) return 0;
  uint32_t u[ANCHOR_CONTEXT];
  cx->n = units_of(s, n, backward, u, ANCHOR_CONTEXT);
  if (pat_init(&cx->p, u, cx->n)) {
    cx->n = 0;
    return -1;
  }
  return 0;
}

/* ---- candidates: the ones nearest to a hint ------------------------------ */

/* A ring of at most cap offsets, in text order. Offered in increasing order,
 * it keeps the first cap (no hint), or the cap nearest to the hint. */
typedef struct ring {
  size_t *v;
  size_t cap, head, n;
  int has_hint;
  size_t hint;
} ring;

static size_t dist(size_t a, size_t b) { return a > b ? a - b : b - a; }

/* 1 when every later offer would be refused (they are farther still). */
static int ring_offer(ring *r, size_t x) {
  if (r->n < r->cap) {
    r->v[(r->head + r->n++) % r->cap] = x;
    return 0;
  }
  if (!r->has_hint) return 1;
  if (dist(r->v[r->head], r->hint) > dist(x, r->hint)) {
    r->v[r->head] = x;
    r->head = (r->head + 1) % r->cap;
    return 0;
  }
  return x >= r->hint;
}

static size_t ring_at(const ring *r, size_t i) { return r->v[(r->head + i) % r->cap]; }

/* ---- the outcomes ------------------------------------------------------------ */

typedef struct best {
  int found;
  size_t s, e;
  double score;
} best;

/* Keeps [s, e) when it scores more, or as much nearer the hint. */
static void consider(best *b, const anchor_quote *q, size_t s, size_t e, double score) {
  if (b->found && score < b->score) return;
  if (b->found && score == b->score &&
      (!q->has_pos || dist(s, q->start) >= dist(b->s, q->start)))
    return;
  *b = (best){1, s, e, score};
}

static int on_boundary(const char *t, size_t len, size_t i) {
  return i == 0 || i >= len || ((unsigned char)t[i] & 0xC0) != 0x80;
}

/* The smallest period of s[0..n) (n > 0), or 0 out of memory. */
static size_t period(const char *s, size_t n) {
  size_t *f = malloc(n * sizeof *f); /* KMP: f[i] the longest border of s[0..i] */
  if (!f) return 0;
  f[0] = 0;
  for (size_t i = 1, k = 0; i < n; i++) {
    while (k && s[i] != s[k]) k = f[k - 1];
    if (s[i] == s[k]) k++;
    f[i] = k;
  }
  size_t p = n - f[n - 1];
  free(f);
  return p;
}

/* The exact occurrences of the quote: the best of them into *b. */
static int find_moved(scorer *sc, best *b) {
  const char *t = sc->t, *x = sc->q->exact;
  size_t len = sc->len, n = sc->q->exact_len;
  if (n > len) return 0;
  size_t per = period(x, n);
  if (!per) return -1;
  ring r = {malloc(ANCHOR_MAX_MOVED * sizeof(size_t)), ANCHOR_MAX_MOVED, 0, 0,
            sc->q->has_pos, sc->q->start};
  if (!r.v) return -1;
  const char *p = memmem(t, len, x, n);
  while (p) {
    size_t o = (size_t)(p - t);
    if (on_boundary(t, len, o) && on_boundary(t, len, o + n) && ring_offer(&r, o)) break;
    /* no occurrence starts before o + per (a nearer one would be a smaller
     * period); the one there takes per more bytes to check */
    size_t next = o + per;
    if (next > len - n) break;
    if (!memcmp(t + o + n, x + n - per, per)) p = t + next;
    else p = memmem(t + next, len - next, x, n);
  }
  for (size_t i = 0; i < r.n; i++) {
    size_t o = ring_at(&r, i);
    consider(b, sc->q, o, o + n, weigh(sc, o, o + n, 1.0, NULL));
  }
  free(r.v);
  return 0;
}


/* The start of the match of the quote ending at e with k errors, the least
 * there: the earliest s with distance(quote, text[s, e)) == k (the longest
 * such match), running the reversed quote rp backward from e. */
static size_t match_start(pat *rp, const char *t, size_t e, size_t k, const runs *rs) {
  pat_reset(rp);
  walk w = {rs, SIZE_MAX, 0};
  long long d = (long long)rp->m, least = d;
  size_t at = e, s = e;
  for (size_t j = 0; j < rp->m + k && at > 0; j++) {
    d += pat_step(rp, unit_prev(t, &at, &w), 1);
    if (d <= least) least = d, s = at;
  }
  return s;
}

/* The search: the ends of the matches of p with the fewest errors, at most
 * k, into r (the errors in *least, k + 1 when there is none), the long runs
 * of white space into rs. 0, or -1 out of memory. Only the blocks down to
 * y, the last that can hold a value within the bound, are computed
 * (Ukkonen's cut-off, Myers 1999 fig. 9): about k / 64 + 1 a column. */
static int search(pat *p, const char *t, size_t len, size_t k, ring *r, runs *rs, size_t *least) {
  long long *score = malloc(p->nb * sizeof *score); /* D at each block's last row */
  if (!score) return -1;
  size_t lastb = p->nb - 1, y = k / 64 < lastb ? k / 64 : lastb;
  for (size_t b = 0; b <= y; b++) {
    p->P[b] = ~(word)0, p->M[b] = 0;
    score[b] = (long long)(b == lastb ? p->m : (b + 1) * 64);
  }
  walk w = {NULL, SIZE_MAX, 0};
  int full = 0;
  *least = k + 1;
  for (size_t i = 0; i < len;) {
    size_t from = i;
    uint32_t c = unit_next(t, len, &i, &w);
    if (i - from >= LONG_RUN && runs_add(rs, from, i)) {
      free(score);
      return -1;
    }
    long long kk = (long long)(*least < k ? *least : k);
    const word *eq = p->peq + (size_t)pat_sym(p, c) * p->nb;
    int carry = 0;
    for (size_t b = 0; b <= y; b++) {
      carry = block_step(p, b, eq[b], carry);
      score[b] += carry;
    }
    if (score[y] - carry <= kk && y < lastb && ((eq[y + 1] & 1) || carry < 0)) {
      /* the next block may come within the bound: start it as if its
       * column so far rose by one a row */
      y++;
      p->P[y] = ~(word)0, p->M[y] = 0;
      long long h = y == lastb ? (long long)(p->m - 64 * lastb) : 64;
      score[y] = score[y - 1] - carry + h;
      score[y] += block_step(p, y, eq[y], carry);
    } else {
      while (y > 0 && score[y] >= kk + 64) y--;
    }
    if (y != lastb || score[y] > kk) continue;
    size_t d = (size_t)score[y];
    if (d < *least) *least = d, r->n = 0, r->head = 0, full = 0;
    if (!full) full = ring_offer(r, i);
  }
  free(score);
  return 0;
}

/* The quote's m > 0 units u as patterns, forward and reversed. */
static int pats_init(pat *p, pat *rp, const uint32_t *u, size_t m) {
  memset(p, 0, sizeof *p);
  memset(rp, 0, sizeof *rp);
  uint32_t *ru = malloc(m * sizeof *ru);
  if (!ru) return -1;
  for (size_t i = 0; i < m; i++) ru[i] = u[m - 1 - i];
  int rc = pat_init(p, u, m) || pat_init(rp, ru, m) ? -1 : 0;
  free(ru);
  return rc;
}

/* The approximate matches of the quote's m units u: the best into *b. */
static int find_fuzzy(scorer *sc, const uint32_t *u, size_t m, best *b) {
  const anchor_quote *q = sc->q;
  int rc = -1;
  pat p, rp;
  runs rs = {NULL, NULL, 0, 0};
  ring r = {malloc(ANCHOR_MAX_FUZZY * sizeof(size_t)), ANCHOR_MAX_FUZZY, 0, 0, q->has_pos,
            q->end > q->start ? q->end : q->start};
  size_t least;
  if (pats_init(&p, &rp, u, m) || !r.v ||
      search(&p, sc->t, sc->len, m / 2 < 256 ? m / 2 : 256, &r, &rs, &least))
    goto out;
  double qs = 1.0 - (double)least / (double)m;
  for (size_t i = 0; i < r.n; i++) {
    size_t e = ring_at(&r, i), s = match_start(&rp, sc->t, e, least, &rs);
    double ctx, score = weigh(sc, s, e, qs, &ctx);
    if (m < ANCHOR_SHORT && ctx < ANCHOR_SHORT_CONTEXT) continue; /* also: none given */
    consider(b, q, s, e, score);
  }
  if (b->found && (b->score < ANCHOR_MIN_SCORE || qs < ANCHOR_MIN_QUOTE)) b->found = 0;
  rc = 0;
out:
  pat_free(&p);
  pat_free(&rp);
  free(rs.s);
  free(rs.e);
  free(r.v);
  return rc;
}

int anchor_search(const char *text, size_t len, const char *quote, size_t qlen,
                  size_t max_errors, size_t *errors, size_t *start, size_t *end) {
  if (!text) len = 0;
  uint32_t *u = malloc((qlen ? qlen : 1) * sizeof *u);
  if (!u) return -1;
  size_t m = units_of(quote, qlen, 0, u, qlen), least = 0, e = 0;
  if (!m) { /* the empty quote: everywhere, first at 0 */
    free(u);
    *errors = 0, *start = *end = 0;
    return 0;
  }
  pat p, rp;
  runs rs = {NULL, NULL, 0, 0};
  ring r = {&e, 1, 0, 0, 0, 0};
  int rc = -1;
  if (pats_init(&p, &rp, u, m) || search(&p, text, len, max_errors, &r, &rs, &least)) goto out;
  rc = 1;
  if (r.n) {
    *errors = least;
    *end = e;
    *start = match_start(&rp, text, e, least, &rs);
    rc = 0;
  }
out:
  pat_free(&p);
  pat_free(&rp);
  free(rs.s);
  free(rs.e);
  free(u);
  return rc;
}

int anchor_find(const char *text, size_t len, const anchor_quote *q, anchor_result *out) {
  *out = (anchor_result){ANCHOR_ORPHAN, 0, 0, 0.0};
  if (!text) len = 0;
  int inside = q->has_pos && q->start <= q->end && q->end <= len &&
               on_boundary(text, len, q->start) && on_boundary(text, len, q->end);
  if (!q->exact || !q->exact_len) {
    if (inside) *out = (anchor_result){ANCHOR_EXACT, q->start, q->end, 1.0};
    return 0;
  }
  if (inside && q->end - q->start == q->exact_len &&
      !memcmp(text + q->start, q->exact, q->exact_len)) {
    *out = (anchor_result){ANCHOR_EXACT, q->start, q->end, 1.0};
    return 0;
  }
  int rc = -1;
  scorer sc = {text, len, q, {{0}, 0}, {{0}, 0}};
  uint32_t *u = NULL;
  best b = {0, 0, 0, 0.0};
  if (context_init(&sc.pre, q->prefix, q->prefix_len, 1) ||
      context_init(&sc.suf, q->suffix, q->suffix_len, 0) || find_moved(&sc, &b))
    goto out;
  anchor_kind kind = ANCHOR_MOVED;
  if (!b.found && len) {
    /* units <= bytes; one more than searched says "too long" */
    size_t max = q->exact_len < ANCHOR_FUZZY_UNITS ? q->exact_len : ANCHOR_FUZZY_UNITS + 1;
    u = calloc(max, sizeof *u);
    if (!u) goto out;
    size_t m = units_of(q->exact, q->exact_len, 0, u, max);
    if (m <= ANCHOR_FUZZY_UNITS && find_fuzzy(&sc, u, m, &b)) goto out;
    kind = ANCHOR_FUZZY;
  }
  if (b.found) *out = (anchor_result){kind, b.s, b.e, b.score};
  rc = 0;
out:
  pat_free(&sc.pre.p);
  pat_free(&sc.suf.p);
  free(u);
  return rc;
}

const char *anchor_kind_name(anchor_kind k) {
  switch (k) {
  case ANCHOR_EXACT: return "exact";
  case ANCHOR_MOVED: return "moved";
  case ANCHOR_FUZZY: return "fuzzy";
  case ANCHOR_ORPHAN: return "orphan";
  }
  return "?";
}

/* libFuzzer target: the dictionary matcher. The first byte chooses the
 * options, the next two where the input splits: keys (one per line, an
 * optional TAB and value) come from the first part, the text from the rest,
 * two more bytes choose the scanned range. Each hit is checked against the
 * options, and against a naive search when the matches are all reported. */
#include <stdlib.h>
#include <string.h>

#include "casefold.h"
#include "dict.h"
#include "fuzz.h"
#include "uchar.h"
#include "utf8.h"

#define MAX_KEYS 256

typedef struct key {
  const char *s;
  size_t n;
  uint32_t *f; /* code points as matched (cps), valid keys only */
  size_t nf;
  char *b; /* and as bytes (case folding left out) */
  size_t nb;
} key;

typedef struct hit {
  size_t s, e, entry;
} hit;

typedef struct run {
  const dict_opts *o;
  const char *text;
  size_t len, from, to;
  int valid; /* the text is valid UTF-8 */
  int spaced; /* a key holds a space: white space runs in the text are one */
  key *keys; /* the distinct entries, in insertion order */
  size_t nkeys;
  hit *hits;
  size_t nhits, cap;
} run;

/* Code points of s[0..n) as the dictionary matches them: folded when fold,
 * each run of white space one ' ', none at either end; NULL when it is not
 * valid UTF-8. */
static uint32_t *cps(const char *s, size_t n, int fold, size_t *out) {
  uint32_t *v = malloc((n + 1) * sizeof *v);
  if (!v) abort();
  size_t k = 0;
  int space = 0;
  for (size_t i = 0; i < n;) {
    uint32_t c;
    size_t l = utf8_decode(s + i, n - i, &c);
    if (!l) {
      free(v);
      return NULL;
    }
    i += l;
    if (uchar_is_space(c)) {
      space = 1;
      continue;
    }
    if (space && k) v[k++] = ' ';
    space = 0;
    v[k++] = fold ? casefold_simple(c) : c;
  }
  *out = k;
  return v;
}

/* The code point before off and the one at off, for the words option (-1:
 * none there, or not valid UTF-8). */
static long cp_before(const char *s, size_t off) {
  size_t b = off;
  while (b > 0 && off - b < 4) {
    b--;
    if (((unsigned char)s[b] & 0xC0) != 0x80) break;
  }
  uint32_t c;
  return b < off && utf8_decode(s + b, off - b, &c) == off - b ? (long)c : -1;
}

static long cp_at(const char *s, size_t len, size_t off) {
  uint32_t c;
  return off < len && utf8_decode(s + off, len - off, &c) ? (long)c : -1;
}

static int word_ok(const run *r, size_t s, size_t e) {
  long b = cp_before(r->text, s), a = cp_at(r->text, r->len, e);
  return !(b >= 0 && dict_is_word((unsigned long)b)) && !(a >= 0 && dict_is_word((unsigned long)a));
}

static int on_hit(void *ud, size_t s, size_t e, size_t entry) {
  run *r = ud;
  FUZZ_CHECK(r->from <= s && s < e && e <= r->to);
  FUZZ_CHECK(entry < r->nkeys);
  if (r->nhits) {
    const hit *p = &r->hits[r->nhits - 1];
    FUZZ_CHECK(p->s < s || (p->s == s && p->e <= e));
    if (!r->o->all) FUZZ_CHECK(p->e <= s);
  }
  if (r->valid) FUZZ_CHECK(utf8_boundary(r->text, r->len, s) && utf8_boundary(r->text, r->len, e));
  const key *k = &r->keys[entry];
  if (!r->o->nocase && !r->spaced) {
    FUZZ_CHECK(e - s == k->nb && !memcmp(r->text + s, k->b, k->nb));
  } else {
    size_t nf;
    uint32_t *f = cps(r->text + s, e - s, r->o->nocase, &nf);
    FUZZ_CHECK(f != NULL); /* counted in code points, no hit spans invalid bytes */
    FUZZ_CHECK(nf == k->nf && !memcmp(f, k->f, nf * sizeof *f));
    free(f);
  }
  if (r->o->words && r->valid) FUZZ_CHECK(word_ok(r, s, e));
  if (r->nhits == r->cap) {
    r->cap = r->cap ? 2 * r->cap : 64;
    r->hits = realloc(r->hits, r->cap * sizeof *r->hits);
    if (!r->hits) abort();
  }
  r->hits[r->nhits++] = (hit){s, e, entry};
  return 0;
}

static int by_start_end(const void *a, const void *b) {
  const hit *x = a, *y = b;
  if (x->s != y->s) return x->s < y->s ? -1 : 1;
  return x->e < y->e ? -1 : x->e > y->e;
}

/* Every match of every entry in [from, to), naively, sorted. */
static hit *naive(const run *r, size_t *n) {
  size_t cap = 64, k = 0;
  hit *v = malloc(cap * sizeof *v);
  if (!v) abort();
  for (size_t s = r->from; s < r->to; s++) {
    int units = r->o->nocase || r->spaced;
    if (units && !utf8_boundary(r->text, r->len, s)) continue;
    for (size_t i = 0; i < r->nkeys; i++) {
      const key *kk = &r->keys[i];
      size_t e = 0;
      if (!units) {
        if (kk->nb <= r->to - s && !memcmp(r->text + s, kk->b, kk->nb)) e = s + kk->nb;
      } else {
        /* walk the text a code point at a time against the key; its ' '
         * takes a whole run of white space */
        size_t p = s, j = 0;
        while (j < kk->nf && p < r->to) {
          uint32_t c;
          size_t l = utf8_decode(r->text + p, r->to - p, &c);
          if (!l) break;
          if (kk->f[j] == ' ') {
            if (!uchar_is_space(c)) break;
            while (l && uchar_is_space(c)) {
              p += l;
              l = p < r->to ? utf8_decode(r->text + p, r->to - p, &c) : 0;
            }
            j++;
            continue;
          }
          if ((r->o->nocase ? casefold_simple(c) : c) != kk->f[j]) break;
          p += l, j++;
        }
        if (j == kk->nf) e = p;
      }
      if (!e || (r->o->words && !word_ok(r, s, e))) continue;
      if (k == cap) v = realloc(v, (cap *= 2) * sizeof *v);
      if (!v) abort();
      v[k++] = (hit){s, e, i};
    }
  }
  qsort(v, k, sizeof *v, by_start_end);
  *n = k;
  return v;
}

static void check_naive(run *r) {
  size_t n;
  hit *want = naive(r, &n);
  if (r->o->all) {
    FUZZ_CHECK(n == r->nhits);
    for (size_t i = 0; i < n; i++)
      FUZZ_CHECK(want[i].s == r->hits[i].s && want[i].e == r->hits[i].e);
  } else if (!r->o->words) {
    /* leftmost-longest: the greedy choice over all the matches */
    size_t k = 0, at = r->from;
    for (size_t i = 0; i < n; i++) {
      if (want[i].s < at || (i + 1 < n && want[i + 1].s == want[i].s)) continue;
      FUZZ_CHECK(k < r->nhits && r->hits[k].s == want[i].s && r->hits[k].e == want[i].e);
      k++;
      at = want[i].e;
    }
    FUZZ_CHECK(k == r->nhits);
  }
  free(want);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  fuzz_init();
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > FUZZ_MAX_INPUT || size < 5) return 0;
  fuzz_in in = {data, size};
  unsigned flags = fuzz_u8(&in);
  dict_opts o = {flags & 1, !!(flags & 2), !!(flags & 4)};
  unsigned sp = fuzz_u16(&in), rf = fuzz_u8(&in), rt = fuzz_u8(&in);
  size_t split = sp % (in.n + 1);
  const char *kp = (const char *)in.p, *text = kp + split;
  size_t klen = split, len = in.n - split;

  run r = {.o = &o, .text = text, .len = len};
  r.valid = utf8_valid(text, len, NULL);
  r.from = flags & 8 ? rf * len / 255 : 0;
  r.to = flags & 8 ? r.from + rt * (len - r.from) / 255 : len;
  r.keys = calloc(MAX_KEYS, sizeof *r.keys);
  if (!r.keys) abort();
  dict *d = dict_new(&o);
  if (!d) abort();
  for (size_t p = 0; p < klen && r.nkeys < MAX_KEYS;) {
    const char *nl = memchr(kp + p, '\n', klen - p);
    size_t e = nl ? (size_t)(nl - kp) : klen;
    const char *tab = memchr(kp + p, '\t', e - p);
    size_t ke = tab ? (size_t)(tab - kp) : e;
    const char *k = kp + p;
    size_t n = ke - p;
    int valid = utf8_valid(k, n, NULL);
    int rc = dict_add(d, k, n, tab ? tab + 1 : NULL, tab ? e - ke - 1 : 0);
    FUZZ_CHECK(rc == (valid ? 0 : -1));
    if (valid && n) {
      size_t nf = 0;
      uint32_t *f = cps(k, n, o.nocase, &nf);
      int dup = nf == 0; /* only white space: no entry */
      for (size_t i = 0; i < r.nkeys && !dup; i++)
        dup = r.keys[i].nf == nf && !memcmp(r.keys[i].f, f, nf * sizeof *f);
      if (dup) {
        free(f);
      } else {
        size_t nu;
        uint32_t *u = cps(k, n, 0, &nu); /* the bytes matched: unfolded */
        char *b = malloc(4 * nu + 1);
        size_t nb = 0;
        if (!u || !b) abort();
        for (size_t i = 0; i < nu; i++) nb += utf8_encode(u[i], b + nb);
        free(u);
        r.keys[r.nkeys++] = (key){k, n, f, nf, b, nb};
      }
      for (size_t i = 0; !dup && i < nf; i++) r.spaced |= f[i] == ' ';
    }
    p = e + 1;
  }
  FUZZ_CHECK(dict_build(d) == 0);
  FUZZ_CHECK(dict_count(d) == r.nkeys);
  for (size_t i = 0; i < r.nkeys; i++) {
    const char *k = dict_key(d, i);
    FUZZ_CHECK(k && !strncmp(k, r.keys[i].s, r.keys[i].n));
  }
  FUZZ_CHECK(dict_add(d, "x", 1, NULL, 0) == -1); /* built: read-only */
  FUZZ_CHECK(dict_scan(d, text, len, r.from, r.to, on_hit, &r) == 0);
  if ((r.valid || (!o.nocase && !r.spaced)) && (r.valid || !o.words) &&
      r.nkeys * (r.to - r.from) <= 4000000)
    check_naive(&r);
  dict_free(d);
  for (size_t i = 0; i < r.nkeys; i++) free(r.keys[i].f), free(r.keys[i].b);
  free(r.keys);
  free(r.hits);
  return 0;
}

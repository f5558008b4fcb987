/* libFuzzer target: the dictionary file parser (dict_load_fd). The input is
 * the file, read through a memory file (memfd) as a file on disk would be,
 * with three option sets (plain; nocase and words; all). A reference
 * reading of the format (dict.h, docs/lua-api.md's glossa.dict) predicts
 * the outcome: on failure, the first bad line and the message it gets
 * (PATH:LINE: for invalid UTF-8, PATH:LINE:COL: for a bad feature column,
 * COL the character where the column starts, or the NUL byte), with the
 * entries before it added; on success, the entries (a name listed twice,
 * or the same once white space and case are made alike, is the first),
 * their values and features (valid names, sorted, shared by equal sets),
 * and that scanning a text made of each entry's name finds that entry
 * over its whole name. */
#define _GNU_SOURCE /* memfd_create */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "casefold.h"
#include "dict.h"
#include "fuzz.h"
#include "uchar.h"
#include "utf8.h"

#define FILE_MAX_INPUT (64u << 10) /* a few thousand lines: milliseconds */
#define PATH "fuzz.tsv"

/* One feature column of a line, as the reference reads it. */
typedef struct feat {
  const char *k, *v;
  size_t kl, vl;
} feat;

/* One line that adds (or would add) an entry. */
typedef struct line {
  size_t lineno;
  const char *key;
  size_t klen;
  const char *val; /* NULL: no TAB after the name */
  size_t vlen;
  feat *f;
  size_t nf;
} line;

/* What the reference expects of a failing file. */
typedef struct failure {
  size_t lineno, col; /* col 0: invalid UTF-8 (then byte is its byte, from 1) */
  size_t byte;
  const char *what;   /* a phrase the message holds */
  unsigned column, first; /* the TSV column; a name given twice: its first */
  int failed;
} failure;

typedef struct expect {
  line *lines;
  size_t n, cap;
  failure fail;
} expect;

static size_t chars(const char *s, size_t n) {
  size_t c = 0;
  for (size_t i = 0; i < n; i++) c += ((unsigned char)s[i] & 0xC0) != 0x80;
  return c;
}

static int name_ok(const char *k, size_t n) {
  if (!n) return 0;
  for (size_t i = 0; i < n; i++) {
    char c = k[i];
    int letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    int more = (c >= '0' && c <= '9') || c == '.' || c == '-';
    if (!letter && !(i && more)) return 0;
  }
  return 1;
}

static int same(const char *a, size_t an, const char *b, size_t bn) {
  return an == bn && !memcmp(a, b, an);
}

/* The feature columns from byte at of line s[0..n) (column 3 on): 0, or -1
 * with the failure filled in. */
static int read_feats(line *ln, const char *s, size_t n, size_t at, failure *fl) {
  unsigned col = 3;
  size_t cap = 0;
  for (;; col++) {
    const char *c = s + at, *tab = memchr(c, '\t', n - at);
    size_t len = tab ? (size_t)(tab - c) : n - at;
    const char *eq = memchr(c, '=', len);
    fl->col = chars(s, at) + 1;
    fl->column = col;
    fl->what = !len                              ? "is empty"
               : !eq                             ? "has no '='"
               : eq == c                         ? "has no name before '='"
               : !name_ok(c, (size_t)(eq - c))   ? "is not a feature name"
               : memchr(eq, '\0', len - (size_t)(eq - c)) ? "its value holds a NUL byte"
                                                          : NULL;
    if (fl->what) {
      if (len && eq && eq != c && name_ok(c, (size_t)(eq - c)))
        fl->col = chars(s, (size_t)((const char *)memchr(eq, '\0', len - (size_t)(eq - c)) - s)) + 1;
      return -1;
    }
    if (ln->nf == cap) {
      cap = cap ? 2 * cap : 4;
      ln->f = realloc(ln->f, cap * sizeof *ln->f);
      if (!ln->f) abort();
    }
    ln->f[ln->nf++] = (feat){c, eq + 1, (size_t)(eq - c), len - (size_t)(eq - c) - 1};
    if (!tab) break;
    at += len + 1;
  }
  /* a name given twice: the second use furthest left is named */
  size_t best = SIZE_MAX, orig = 0;
  for (size_t j = 1; j < ln->nf; j++)
    for (size_t i = 0; i < j && best == SIZE_MAX; i++)
      if (same(ln->f[i].k, ln->f[i].kl, ln->f[j].k, ln->f[j].kl)) best = j, orig = i;
  if (best != SIZE_MAX) {
    fl->col = chars(s, (size_t)(ln->f[best].k - s)) + 1;
    fl->column = 3 + (unsigned)best;
    fl->first = 3 + (unsigned)orig;
    fl->what = "is given twice";
    return -1;
  }
  return 0;
}

/* The reference reading of the whole file. */
static void reference(const char *p, size_t size, expect *x) {
  size_t lineno = 0;
  for (size_t at = 0; at < size;) {
    const char *s = p + at, *nl = memchr(s, '\n', size - at);
    size_t n = nl ? (size_t)(nl - s) : size - at;
    at += n + 1;
    lineno++;
    if (n && s[n - 1] == '\r') n--;
    if (lineno == 1 && n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) s += 3, n -= 3;
    size_t w = 0;
    while (w < n && (s[w] == ' ' || s[w] == '\t')) w++;
    if (w == n) continue;
    for (size_t i = 0; i < n;) {
      uint32_t c;
      size_t k = utf8_decode(s + i, n - i, &c);
      if (!k) {
        x->fail = (failure){lineno, 0, i + 1, "", 0, 0, 1};
        return;
      }
      i += k;
    }
    line ln = {lineno, s, n, NULL, 0, NULL, 0};
    const char *tab = memchr(s, '\t', n);
    if (tab) {
      ln.klen = (size_t)(tab - s);
      ln.val = tab + 1;
      ln.vlen = n - ln.klen - 1;
      const char *more = memchr(ln.val, '\t', ln.vlen);
      if (more) {
        ln.vlen = (size_t)(more - ln.val);
        if (read_feats(&ln, s, n, (size_t)(more + 1 - s), &x->fail)) {
          x->fail.lineno = lineno;
          x->fail.failed = 1;
          free(ln.f);
          return;
        }
      }
    }
    if (x->n == x->cap) {
      x->cap = x->cap ? 2 * x->cap : 16;
      x->lines = realloc(x->lines, x->cap * sizeof *x->lines);
      if (!x->lines) abort();
    }
    x->lines[x->n++] = ln;
  }
}

/* A key's code points as the dict compares keys: folded under nocase, each
 * run of white space one ' ', none at either end. */
static uint32_t *norm(const char *s, size_t n, int fold, size_t *out) {
  uint32_t *v = malloc((n + 1) * sizeof *v);
  if (!v) abort();
  size_t k = 0;
  int space = 0;
  for (size_t i = 0; i < n;) {
    uint32_t c;
    size_t l = utf8_decode(s + i, n - i, &c);
    FUZZ_CHECK(l > 0); /* the line was checked */
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

/* Whether two lines' features are the same set (names are unique in each). */
static int same_feats(const line *a, const line *b) {
  if (a->nf != b->nf) return 0;
  for (size_t i = 0; i < a->nf; i++) {
    size_t j = 0;
    while (j < b->nf && !same(a->f[i].k, a->f[i].kl, b->f[j].k, b->f[j].kl)) j++;
    if (j == b->nf || !same(a->f[i].v, a->f[i].vl, b->f[j].v, b->f[j].vl)) return 0;
  }
  return 1;
}

/* The features of entry i against its line's: valid, sorted, the same. */
static void check_feats(const dict *d, size_t i, const line *ln) {
  unsigned set = dict_fset(d, i);
  FUZZ_CHECK((set == 0) == (ln->nf == 0));
  FUZZ_CHECK(set <= dict_fset_count(d));
  if (!set) return;
  size_t n;
  const char *p = dict_fset_data(d, set, &n);
  FUZZ_CHECK(p && n == ln->nf);
  const char *prev = NULL;
  for (size_t k = 0; k < n; k++) {
    const char *name = p, *val = p + strlen(p) + 1;
    size_t kl = strlen(name), vl = strlen(val);
    FUZZ_CHECK(dict_feature_name_ok(name, kl) && name_ok(name, kl));
    FUZZ_CHECK(utf8_valid(val, vl, NULL));
    FUZZ_CHECK(!prev || strcmp(prev, name) < 0); /* sorted, each name once */
    size_t j = 0;
    while (j < ln->nf && !same(ln->f[j].k, ln->f[j].kl, name, kl)) j++;
    FUZZ_CHECK(j < ln->nf && same(ln->f[j].v, ln->f[j].vl, val, vl));
    prev = name;
    p = val + vl + 1;
  }
}

typedef struct hits {
  size_t s, e, entry, n;
  int found;
} hits;

static int on_hit(void *ud, size_t s, size_t e, size_t entry) {
  hits *h = ud;
  h->n++;
  if (s == h->s && e == h->e && entry == h->entry) h->found = 1;
  return 0;
}

/* A scan of the entry's own name (the key column as in the file) finds the
 * entry over the name without the white space at its ends; without the all
 * option, as its only hit. */
static void check_lookup(const dict *d, const dict_opts *o, size_t i, const line *ln) {
  size_t s = 0, e = ln->klen;
  uint32_t c;
  size_t l;
  while (s < e && (l = utf8_decode(ln->key + s, e - s, &c)) && uchar_is_space(c)) s += l;
  while (e > s) {
    size_t b = e - 1;
    while (b > s && ((unsigned char)ln->key[b] & 0xC0) == 0x80) b--;
    if (!utf8_decode(ln->key + b, e - b, &c) || !uchar_is_space(c)) break;
    e = b;
  }
  hits h = {s, e, i, 0, 0};
  FUZZ_CHECK(dict_scan(d, ln->key, ln->klen, 0, ln->klen, on_hit, &h) == 0);
  FUZZ_CHECK(h.found);
  if (!o->all) FUZZ_CHECK(h.n == 1);
}

static int memfd = -1;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  fuzz_init();
  memfd = memfd_create("glossa-fuzz-dictfile", MFD_CLOEXEC);
  if (memfd < 0) abort();
  return 0;
}

/* Loads the file with options o and checks it against the reference. */
static void load(const dict_opts *o, const expect *x) {
  if (lseek(memfd, 0, SEEK_SET) != 0) abort();
  dict *d = dict_new(o);
  if (!d) abort();
  buf err = BUF_INIT;
  int rc = dict_load_fd(d, memfd, PATH, &err);
  /* the entries the lines before any failure add, first of each name */
  size_t ne = 0, nsets = 0;
  size_t *ent = malloc((x->n + 1) * sizeof *ent); /* line of each entry */
  uint32_t **nk = malloc((x->n + 1) * sizeof *nk);
  size_t *nkl = malloc((x->n + 1) * sizeof *nkl);
  if (!ent || !nk || !nkl) abort();
  for (size_t i = 0; i < x->n; i++) {
    size_t kl;
    uint32_t *k = norm(x->lines[i].key, x->lines[i].klen, o->nocase, &kl);
    int dup = kl == 0;
    for (size_t j = 0; j < ne && !dup; j++)
      dup = nkl[j] == kl && !memcmp(nk[j], k, kl * sizeof *k);
    if (dup) {
      free(k);
      continue;
    }
    const line *ln = &x->lines[i];
    int shared = ln->nf == 0;
    for (size_t j = 0; j < ne && !shared; j++) shared = same_feats(&x->lines[ent[j]], ln);
    nsets += !shared;
    ent[ne] = i;
    nk[ne] = k;
    nkl[ne++] = kl;
  }
  if (x->fail.failed) {
    const failure *f = &x->fail;
    FUZZ_CHECK(rc == -1 && err.s);
    char want[128];
    if (f->col) snprintf(want, sizeof want, PATH ":%zu:%zu: column %u", f->lineno, f->col, f->column);
    else snprintf(want, sizeof want, PATH ":%zu: invalid UTF-8 at byte %zu", f->lineno, f->byte);
    FUZZ_CHECK(!strncmp(err.s, want, strlen(want)));
    FUZZ_CHECK(strstr(err.s + strlen(want), f->what) != NULL);
    if (f->first) {
      snprintf(want, sizeof want, "(first in column %u)", f->first);
      FUZZ_CHECK(strstr(err.s, want) != NULL);
    }
    FUZZ_CHECK(!strchr(err.s, '\n')); /* one line, whatever the column held */
  } else {
    FUZZ_CHECK(rc == 0 && err.len == 0);
  }
  /* the entries before a failing line stay added, as dict.h says */
  FUZZ_CHECK(dict_count(d) == ne);
  FUZZ_CHECK(dict_fset_count(d) == nsets);
  for (size_t i = 0; i < ne; i++) {
    const line *ln = &x->lines[ent[i]];
    const char *k = dict_key(d, i), *v = dict_value(d, i);
    const char *nul = memchr(ln->key, '\0', ln->klen);
    size_t shown = nul ? (size_t)(nul - ln->key) : ln->klen; /* cut at a NUL */
    FUZZ_CHECK(k && strlen(k) == shown && !memcmp(k, ln->key, shown));
    FUZZ_CHECK((v == NULL) == (ln->val == NULL));
    FUZZ_CHECK(dict_value_len(d, i) == ln->vlen);
    if (v) FUZZ_CHECK(!memcmp(v, ln->val, ln->vlen));
    check_feats(d, i, ln);
    for (size_t j = 0; j < i; j++) /* one set per distinct features */
      if (dict_fset(d, i) && dict_fset(d, j))
        FUZZ_CHECK((dict_fset(d, i) == dict_fset(d, j)) == same_feats(&x->lines[ent[j]], ln));
  }
  FUZZ_CHECK(dict_build(d) == 0);
  for (size_t i = 0; i < ne; i++) check_lookup(d, o, i, &x->lines[ent[i]]);
  for (size_t i = 0; i < ne; i++) free(nk[i]);
  free(nk);
  free(nkl);
  free(ent);
  buf_free(&err);
  dict_free(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > FILE_MAX_INPUT) return 0;
  if (ftruncate(memfd, 0) != 0 || lseek(memfd, 0, SEEK_SET) != 0) abort();
  for (size_t at = 0; at < size;) {
    ssize_t k = write(memfd, data + at, size - at);
    if (k <= 0) abort();
    at += (size_t)k;
  }
  expect x = {0};
  reference((const char *)data, size, &x);
  static const dict_opts opts[] = {{0, 0, 0}, {1, 1, 0}, {0, 0, 1}};
  for (size_t i = 0; i < sizeof opts / sizeof *opts; i++) load(&opts[i], &x);
  for (size_t i = 0; i < x.n; i++) free(x.lines[i].f);
  free(x.lines);
  return 0;
}

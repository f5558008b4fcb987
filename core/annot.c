#define _GNU_SOURCE /* qsort_r */
#include "annot.h"

#include "interval.h"

#include <stdlib.h>
#include <string.h>

/* Open-addressing hash set of strings. */
typedef struct annot_pool {
  char **slot;
  size_t n, cap;
} annot_pool;

static size_t hash(const char *s) {
  size_t h = 1469598103934665603ULL;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
  return h;
}

void annot_init(annot_store *st) { memset(st, 0, sizeof *st); }

void annot_free(annot_store *st) {
  if (st->pool) {
    for (size_t i = 0; i < st->pool->cap; i++) free(st->pool->slot[i]);
    free(st->pool->slot);
    free(st->pool);
  }
  for (size_t i = 0; i < st->nsets; i++) free(st->sets[i]);
  free(st->sets);
  free(st->iv);
  free(st->v);
  memset(st, 0, sizeof *st);
}

static int pool_grow(annot_pool *p) {
  size_t cap = p->cap ? p->cap * 2 : 64;
  char **slot = calloc(cap, sizeof *slot);
  if (!slot) return -1;
  for (size_t i = 0; i < p->cap; i++) {
    if (!p->slot[i]) continue;
    size_t j = hash(p->slot[i]) & (cap - 1);
    while (slot[j]) j = (j + 1) & (cap - 1);
    slot[j] = p->slot[i];
  }
  free(p->slot);
  p->slot = slot;
  p->cap = cap;
  return 0;
}

const char *annot_intern(annot_store *st, const char *s) {
  if (!st->pool && !(st->pool = calloc(1, sizeof *st->pool))) return NULL;
  annot_pool *p = st->pool;
  if ((p->n + 1) * 2 > p->cap && pool_grow(p)) return NULL;
  size_t j = hash(s) & (p->cap - 1);
  while (p->slot[j]) {
    if (strcmp(p->slot[j], s) == 0) return p->slot[j];
    j = (j + 1) & (p->cap - 1);
  }
  char *c = strdup(s);
  if (!c) return NULL;
  p->slot[j] = c;
  p->n++;
  return c;
}

static int attr_cmp(const void *a, const void *b) {
  return strcmp(((const annot_attr *)a)->key, ((const annot_attr *)b)->key);
}

const annot_attrs *annot_keep_attrs(annot_store *st, annot_attrs *attrs) {
  if (!attrs) return NULL;
  if (st->nsets == st->setcap) {
    size_t cap = st->setcap ? st->setcap * 2 : 16;
    annot_attrs **sets = realloc(st->sets, cap * sizeof *sets);
    if (!sets) {
      free(attrs);
      return NULL;
    }
    st->sets = sets;
    st->setcap = cap;
  }
  qsort(attrs->v, attrs->n, sizeof attrs->v[0], attr_cmp);
  st->sets[st->nsets++] = attrs;
  return attrs;
}

annot *annot_add(annot_store *st, size_t start, size_t end, const char *label,
                 const char *note, const char *script, long line,
                 const annot_attrs *attrs, const char *matcher) {
  if (st->n == st->cap) {
    size_t cap = st->cap ? st->cap * 2 : 64;
    annot *v = realloc(st->v, cap * sizeof *v);
    if (!v) return NULL;
    st->v = v;
    st->cap = cap;
  }
  annot *a = &st->v[st->n++];
  a->start = start;
  a->end = end;
  a->seq = st->n;
  a->label = label;
  a->note = note;
  a->script = script;
  a->line = line;
  a->attrs = attrs;
  a->matcher = matcher;
  return a;
}

static int order_cmp(const void *x, const void *y) {
  const annot *a = *(const annot *const *)x;
  const annot *b = *(const annot *const *)y;
  if (a->start != b->start) return a->start < b->start ? -1 : 1;
  if (a->end != b->end) return a->end < b->end ? -1 : 1;
  return a->seq < b->seq ? -1 : a->seq > b->seq;
}

const annot **annot_sorted(const annot_store *st) {
  const annot **v = malloc((st->n ? st->n : 1) * sizeof *v);
  if (!v) return NULL;
  for (size_t i = 0; i < st->n; i++) v[i] = &st->v[i];
  qsort(v, st->n, sizeof *v, order_cmp);
  return v;
}

static int related(const annot *a, annot_rel rel, size_t s, size_t e) {
  switch (rel) {
  case ANNOT_WITHIN: return s <= a->start && a->end <= e;
  case ANNOT_OVERLAPPING: return a->start < e && s < a->end;
  case ANNOT_CONTAINING: return a->start <= s && e <= a->end;
  default: return 1;
  }
}

static int reindex(annot_store *st) {
  interval *iv = realloc(st->iv, (st->n ? st->n : 1) * sizeof *iv);
  if (!iv) return -1;
  st->iv = iv;
  for (size_t i = 0; i < st->n; i++)
    iv[i] = (interval){st->v[i].start, st->v[i].end, i, 0};
  st->root = interval_build(iv, st->n);
  st->indexed = st->n;
  return 0;
}

static int by_output_order(const void *x, const void *y, void *base) {
  const annot *v = base;
  const annot *a = &v[*(const size_t *)x], *b = &v[*(const size_t *)y];
  if (a->start != b->start) return a->start < b->start ? -1 : 1;
  if (a->end != b->end) return a->end < b->end ? -1 : 1;
  return a->seq < b->seq ? -1 : a->seq > b->seq;
}

int annot_query(annot_store *st, annot_rel rel, size_t s, size_t e, size_t **out,
                size_t *nout) {
  *out = NULL;
  *nout = 0;
  size_t tail = st->n - st->indexed;
  if (tail > 0 && (tail >= 1024 || tail > st->indexed / 4) && reindex(st)) return -1;
  size_t cap = 0;
  const interval *iv = st->iv;
  size_t n = st->indexed;
  if (rel == ANNOT_OVERLAPPING || rel == ANNOT_CONTAINING) {
    size_t qs = s, qe = rel == ANNOT_OVERLAPPING ? e : s + 1;
    if (interval_overlaps(iv, n, st->root, qs, qe, rel == ANNOT_CONTAINING, out, nout, &cap))
      goto oom;
  } else {
    /* by start: the first interval starting at or after s */
    size_t lo = 0, hi = n;
    if (rel == ANNOT_WITHIN)
      while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (iv[mid].start < s) lo = mid + 1;
        else hi = mid;
      }
    for (size_t i = lo; i < n && (rel != ANNOT_WITHIN || iv[i].start <= e); i++) {
      if (*nout == cap) {
        cap = cap ? cap * 2 : 64;
        size_t *o = realloc(*out, cap * sizeof *o);
        if (!o) goto oom;
        *out = o;
      }
      (*out)[(*nout)++] = i;
    }
  }
  /* positions in the index → annotation indices, keeping the exact test */
  size_t k = 0;
  for (size_t i = 0; i < *nout; i++) {
    size_t id = iv[(*out)[i]].id;
    if (related(&st->v[id], rel, s, e)) (*out)[k++] = id;
  }
  *nout = k;
  if (tail == 0 || st->indexed == st->n) return 0;
  /* the annotations added since the index was built */
  size_t added = 0;
  for (size_t id = st->indexed; id < st->n; id++) {
    if (!related(&st->v[id], rel, s, e)) continue;
    if (*nout == cap) {
      cap = cap ? cap * 2 : 64;
      size_t *o = realloc(*out, cap * sizeof *o);
      if (!o) goto oom;
      *out = o;
    }
    (*out)[(*nout)++] = id;
    added++;
  }
  if (added) qsort_r(*out, *nout, sizeof **out, by_output_order, st->v);
  return 0;
oom:
  free(*out);
  *out = NULL;
  *nout = 0;
  return -1;
}

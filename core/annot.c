#include "annot.h"

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
                 const annot_attrs *attrs) {
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

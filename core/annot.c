#define _GNU_SOURCE /* strdup */
#include "annot.h"

#include "interval.h"

#include <stdint.h>
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
  free(st->edits);
  free(st->iv);
  free(st->tmp);
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

/* Takes ownership of set (freed when it cannot be kept): 0, or -1. */
static int keep(annot_store *st, void *set) {
  if (st->nsets == st->setcap) {
    size_t cap = st->setcap ? st->setcap * 2 : 16;
    void **sets = realloc(st->sets, cap * sizeof *sets);
    if (!sets) {
      free(set);
      return -1;
    }
    st->sets = sets;
    st->setcap = cap;
  }
  st->sets[st->nsets++] = set;
  return 0;
}

const annot_attrs *annot_keep_attrs(annot_store *st, annot_attrs *attrs) {
  if (!attrs) return NULL;
  qsort(attrs->v, attrs->n, sizeof attrs->v[0], attr_cmp);
  return keep(st, attrs) ? NULL : attrs;
}

static int link_cmp(const void *a, const void *b) {
  return strcmp(((const annot_link *)a)->role, ((const annot_link *)b)->role);
}

const annot_links *annot_keep_links(annot_store *st, annot_links *links) {
  if (!links) return NULL;
  qsort(links->v, links->n, sizeof links->v[0], link_cmp);
  return keep(st, links) ? NULL : links;
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
  a->seq = ++st->last_seq;
  a->label = label;
  a->note = note;
  a->script = script;
  a->line = line;
  a->attrs = attrs;
  a->matcher = matcher;
  a->links = NULL;
  a->edit = 0;
  a->removed = 0;
  a->anchor = 0;
  a->anchor_score = 0;
  a->source_id = NULL;
  st->nlive++;
  return a;
}

int annot_correct(annot_store *st, size_t i, unsigned what, const char *note,
                  const annot_attrs *attrs, const char *script, long line) {
  if (st->nedits == st->editcap) {
    size_t cap = st->editcap ? st->editcap * 2 : 16;
    annot_edit *v = realloc(st->edits, cap * sizeof *v);
    if (!v) return -1;
    st->edits = v;
    st->editcap = cap;
  }
  annot *a = &st->v[i];
  st->edits[st->nedits] = (annot_edit){what, script, line, a->edit};
  a->edit = ++st->nedits;
  if (what & ANNOT_SET_NOTE) a->note = note;
  if (what & ANNOT_SET_ATTRS) a->attrs = attrs;
  if ((what & ANNOT_REMOVE) && !a->removed) {
    a->removed = 1;
    st->nlive--;
  }
  return 0;
}

const annot_edit *annot_last_edit(const annot_store *st, const annot *a, unsigned what) {
  for (size_t k = a->edit; k; k = st->edits[k - 1].prev)
    if (st->edits[k - 1].what & what) return &st->edits[k - 1];
  return NULL;
}

static int order_cmp(const void *x, const void *y) {
  const annot *a = *(const annot *const *)x;
  const annot *b = *(const annot *const *)y;
  if (a->start != b->start) return a->start < b->start ? -1 : 1;
  if (a->end != b->end) return a->end < b->end ? -1 : 1;
  return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static const annot **sorted(const annot_store *st, int removed_too) {
  const annot **v = malloc((st->n + 1) * sizeof *v);
  if (!v) return NULL;
  size_t k = 0;
  for (size_t i = 0; i < st->n; i++)
    if (removed_too || !st->v[i].removed) v[k++] = &st->v[i];
  qsort(v, k, sizeof *v, order_cmp);
  while (k <= st->n) v[k++] = NULL;
  return v;
}

const annot **annot_sorted(const annot_store *st) { return sorted(st, 0); }

const annot **annot_sorted_all(const annot_store *st) { return sorted(st, 1); }

static int related(const annot *a, annot_rel rel, size_t s, size_t e) {
  switch (rel) {
  case ANNOT_WITHIN: return s <= a->start && a->end <= e;
  case ANNOT_OVERLAPPING: return a->start < e && s < a->end;
  case ANNOT_CONTAINING: return a->start <= s && e <= a->end;
  default: return 1;
  }
}

/* Room for n intervals in *p (of *cap), growing by half again at least. */
static int reserve(interval **p, size_t *cap, size_t n) {
  if (n <= *cap) return 0;
  size_t c = *cap + *cap / 2;
  if (c < n) c = n;
  if (c < 64) c = 64;
  interval *q = realloc(*p, c * sizeof *q);
  if (!q) return -1;
  *p = q;
  *cap = c;
  return 0;
}

/* Sorts the annotations added since the last query into a new run, then
 * merges the last two runs while the left one is not more than twice the
 * right one. A failed merge leaves the runs as they are (still correct). */
static int index_update(annot_store *st) {
  size_t k = st->n - st->indexed;
  if (k == 0) return 0;
  if (st->nruns == ANNOT_MAXRUNS || reserve(&st->iv, &st->ivcap, st->n)) return -1;
  interval *iv = st->iv;
  for (size_t i = st->indexed; i < st->n; i++)
    iv[i] = (interval){st->v[i].start, st->v[i].end, i, 0};
  interval_build(iv + st->indexed, k);
  st->run[st->nruns++] = k;
  st->indexed = st->n;
  while (st->nruns >= 2 && st->run[st->nruns - 2] <= 2 * st->run[st->nruns - 1]) {
    size_t a = st->run[st->nruns - 2], b = st->run[st->nruns - 1];
    if (reserve(&st->tmp, &st->tmpcap, a < b ? a : b)) break;
    interval_merge(iv + st->indexed - a - b, a, b, st->tmp);
    st->run[st->nruns - 2] = a + b;
    st->nruns--;
  }
  if (st->tmpcap > 4096) { /* the big merges are rare: their scratch is not kept */
    free(st->tmp);
    st->tmp = NULL;
    st->tmpcap = 0;
  }
  return 0;
}

static int level(size_t n) { /* the root's level in a tree of n: floor(log2 n) */
  int k = 0;
  while (k < 63 && ((size_t)2 << k) <= n) k++;
  return k;
}

static int before(const annot *v, size_t x, size_t y) { /* output order */
  if (v[x].start != v[y].start) return v[x].start < v[y].start;
  if (v[x].end != v[y].end) return v[x].end < v[y].end;
  return x < y;
}

/* Merges the sorted ids a[0..na) and a[na..na+nb), as interval_merge. */
static void merge_ids(const annot *v, size_t *a, size_t na, size_t nb, size_t *tmp) {
  size_t n = na + nb;
  if (!na || !nb || before(v, a[na - 1], a[na])) return;
  if (na <= nb) {
    memcpy(tmp, a, na * sizeof *a);
    size_t i = 0, j = na, k = 0;
    while (i < na && j < n) a[k++] = before(v, a[j], tmp[i]) ? a[j++] : tmp[i++];
    while (i < na) a[k++] = tmp[i++];
  } else {
    memcpy(tmp, a + na, nb * sizeof *a);
    size_t i = na, j = nb, k = n;
    while (i > 0 && j > 0) a[--k] = before(v, tmp[j - 1], a[i - 1]) ? a[--i] : tmp[--j];
    while (j > 0) a[--k] = tmp[--j];
  }
}

static int push(size_t **out, size_t *nout, size_t *cap, size_t v) {
  if (*nout == *cap) {
    size_t c = *cap ? *cap * 2 : 64;
    size_t *o = realloc(*out, c * sizeof *o);
    if (!o) return -1;
    *out = o;
    *cap = c;
  }
  (*out)[(*nout)++] = v;
  return 0;
}

int annot_query(annot_store *st, annot_rel rel, size_t s, size_t e, size_t **out,
                size_t *nout) {
  *out = NULL;
  *nout = 0;
  if (index_update(st)) return -1;
  size_t cap = 0, off = 0, seg[ANNOT_MAXRUNS], *tmp = NULL;
  int nseg = 0;
  /* each run answers in output order, a segment of *out */
  for (int r = 0; r < st->nruns; off += st->run[r++]) {
    const interval *iv = st->iv + off;
    size_t n = st->run[r], from = *nout;
    if (rel == ANNOT_OVERLAPPING || rel == ANNOT_CONTAINING) {
      size_t qs = s, qe = rel == ANNOT_OVERLAPPING ? e : s + 1;
      if (interval_overlaps(iv, n, level(n), qs, qe, rel == ANNOT_CONTAINING, out, nout, &cap))
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
      for (size_t i = lo; i < n && (rel != ANNOT_WITHIN || iv[i].start <= e); i++)
        if (push(out, nout, &cap, i)) goto oom;
    }
    /* positions in the run → annotation indices, keeping the exact test */
    size_t k = from;
    for (size_t i = from; i < *nout; i++) {
      size_t id = iv[(*out)[i]].id;
      if (!st->v[id].removed && related(&st->v[id], rel, s, e)) (*out)[k++] = id;
    }
    *nout = k;
    if (k > from) seg[nseg++] = k - from;
  }
  if (nseg < 2) return 0;
  /* the segments merged from the right, where they are smallest */
  if (!(tmp = malloc((*nout / 2 + 1) * sizeof *tmp))) goto oom;
  size_t tail = seg[--nseg];
  while (nseg > 0) {
    size_t left = seg[--nseg];
    merge_ids(st->v, *out + *nout - tail - left, left, tail, tmp);
    tail += left;
  }
  free(tmp);
  return 0;
oom:
  free(*out);
  *out = NULL;
  *nout = 0;
  return -1;
}

int annot_find(annot_store *st, size_t s, size_t e, const char *label, size_t *found) {
  size_t *ids, n;
  *found = SIZE_MAX;
  if (annot_query(st, ANNOT_WITHIN, s, e, &ids, &n)) return -1;
  /* in output order, the exact ones of a span by creation: the first is it */
  for (size_t i = 0; i < n; i++) {
    const annot *a = &st->v[ids[i]];
    if (a->start == s && a->end == e && a->label == label) {
      *found = ids[i];
      break;
    }
  }
  free(ids);
  return 0;
}

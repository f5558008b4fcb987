/* Building the lattice of a region: tokens, sentences, edges. */
#include "lattice.h"

#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "tokattr.h"

void lattice_init(lattice *l) {
  memset(l, 0, sizeof *l);
  l->attrs = (buf)BUF_INIT;
}

void lattice_free(lattice *l) {
  free(l->tok);
  free(l->sent);
  free(l->edges);
  free(l->at);
  free(l->flags);
  free(l->lower);
  free(l->shape);
  buf_free(&l->attrs);
  lattice_init(l);
}

static int on_token(void *ud, size_t start, size_t end) {
  lattice *l = ud;
  size_t cap = l->tokcap;
  if (l->ntok >= UINT32_MAX - 2 || grow_array((void **)&l->tok, &cap, 2 * (size_t)l->ntok + 2, sizeof *l->tok))
    return (l->oom = 1);
  l->tokcap = (uint32_t)(cap > UINT32_MAX ? UINT32_MAX : cap);
  l->tok[2 * l->ntok] = start;
  l->tok[2 * l->ntok + 1] = end;
  l->ntok++;
  return 0;
}

typedef struct sents {
  lattice *l;
  uint32_t tok, id;
} sents;

/* Sentences come in order and cover their tokens: the tokens starting
 * before a sentence's end are in it (those before its start, in none, get
 * numbers of their own). */
static int on_sentence(void *ud, size_t start, size_t end) {
  sents *s = ud;
  lattice *l = s->l;
  while (s->tok < l->ntok && l->tok[2 * s->tok] < start) l->sent[s->tok++] = s->id++;
  while (s->tok < l->ntok && l->tok[2 * s->tok] < end) l->sent[s->tok++] = s->id;
  s->id++;
  return 0;
}

int lattice_reset(lattice *l, const char *text, size_t from, size_t to, const sentence_opts *o,
                  int sentences) {
  l->text = text;
  l->from = from;
  l->to = to;
  l->ntok = 0;
  l->nedges = 0;
  l->oom = 0;
  l->attrs.len = 0;
  sentence_tokens(text, from, to, o, on_token, l);
  if (l->oom) return -1;
  size_t cap = l->sentcap;
  if (grow_array((void **)&l->sent, &cap, (size_t)l->ntok + 1, sizeof *l->sent)) return -1;
  l->sentcap = (uint32_t)cap;
  /* flags, lower and shape share one capacity: the sentences' */
  free(l->flags);
  free(l->lower);
  free(l->shape);
  l->flags = calloc((size_t)l->ntok + 1, sizeof *l->flags);
  l->lower = malloc(((size_t)l->ntok + 1) * 2 * sizeof *l->lower);
  l->shape = malloc(((size_t)l->ntok + 1) * 2 * sizeof *l->shape);
  if (!l->flags || !l->lower || !l->shape) return -1;
  for (uint32_t i = 0; i < l->ntok; i++) l->lower[2 * i] = l->shape[2 * i] = SIZE_MAX;
  if (sentences) {
    sents s = {l, 0, 0};
    sentence_split(text, from, to, o, on_sentence, &s);
    while (s.tok < l->ntok) l->sent[s.tok++] = s.id++;
  } else {
    memset(l->sent, 0, (size_t)l->ntok * sizeof *l->sent);
  }
  return 0;
}

/* The first token that ends after off, and the first that starts at or
 * after off (both ntok when none). */
static uint32_t first_ending_after(const lattice *l, size_t off) {
  uint32_t lo = 0, hi = l->ntok;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (l->tok[2 * mid + 1] > off) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

static uint32_t first_starting_at(const lattice *l, size_t off) {
  uint32_t lo = 0, hi = l->ntok;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (l->tok[2 * mid] >= off) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

static int add_edge(lattice *l, uint32_t from, uint32_t to, uint32_t kind, size_t ref, size_t order) {
  if (grow_array((void **)&l->edges, &l->edgecap, l->nedges + 1, sizeof *l->edges)) return -1;
  l->edges[l->nedges++] = (lattice_edge){from, to, kind, ref, order};
  return 0;
}

int lattice_add_ann(lattice *l, size_t start, size_t end, size_t index, size_t order) {
  if (start < l->from || end > l->to || start >= end) return 0;
  uint32_t a = first_ending_after(l, start);   /* the first token it overlaps */
  uint32_t b = first_starting_at(l, end);      /* past the last one */
  if (a >= b || l->tok[2 * a] >= end) return 0;
  return add_edge(l, a, b, LATTICE_ANN, index, order);
}

typedef struct dscan {
  lattice *l;
  uint32_t kind;
} dscan;

static int on_hit(void *ud, size_t start, size_t end, size_t entry) {
  dscan *ds = ud;
  lattice *l = ds->l;
  uint32_t a = first_starting_at(l, start), b = first_starting_at(l, end);
  /* on token boundaries: a token starts at start, one ends at end */
  if (a >= l->ntok || l->tok[2 * a] != start || b == 0 || l->tok[2 * (b - 1) + 1] != end || a >= b)
    return 0;
  return add_edge(l, a, b, ds->kind, entry, entry) ? -1 : 0;
}

int lattice_add_dict(lattice *l, const dict *d, uint32_t kind, size_t textlen,
                     const atomic_int *stop) {
  dscan ds = {l, kind};
  int rc = dict_scan_until(d, l->text, textlen, l->from, l->to, on_hit, &ds, stop);
  return rc == DICT_STOPPED ? rc : rc ? -1 : 0;
}

static int cmp_edge(const void *pa, const void *pb) {
  const lattice_edge *a = pa, *b = pb;
  if (a->from != b->from) return a->from < b->from ? -1 : 1;
  if (a->kind != b->kind) return a->kind < b->kind ? -1 : 1;
  if (a->to != b->to) return a->to > b->to ? -1 : 1; /* longest first */
  if (a->order != b->order) return a->order < b->order ? -1 : 1;
  return 0;
}

int lattice_finish(lattice *l) {
  if (l->nedges > 1) qsort(l->edges, l->nedges, sizeof *l->edges, cmp_edge);
  if (grow_array((void **)&l->at, &l->atcap, (size_t)l->ntok + 2, sizeof *l->at)) return -1;
  size_t e = 0;
  for (uint32_t i = 0; i <= l->ntok + 1; i++) {
    while (e < l->nedges && l->edges[e].from < i) e++;
    l->at[i] = e;
  }
  return 0;
}

unsigned lattice_flags(lattice *l, uint32_t tok) {
  if (!(l->flags[tok] & LATTICE_KNOWN)) {
    size_t s = l->tok[2 * tok], e = l->tok[2 * tok + 1];
    l->flags[tok] = tokattr_flags(l->text + s, e - s) | LATTICE_KNOWN;
  }
  return l->flags[tok] & ~LATTICE_KNOWN;
}

static const char *attr(lattice *l, size_t *slot, uint32_t tok, size_t *n, int shape) {
  if (slot[2 * tok] == SIZE_MAX) {
    size_t s = l->tok[2 * tok], e = l->tok[2 * tok + 1], at = l->attrs.len;
    int rc = shape ? tokattr_shape(&l->attrs, l->text + s, e - s)
                   : tokattr_lower(&l->attrs, l->text + s, e - s);
    if (rc) return NULL;
    slot[2 * tok] = at;
    slot[2 * tok + 1] = l->attrs.len - at;
  }
  *n = slot[2 * tok + 1];
  return l->attrs.s ? l->attrs.s + slot[2 * tok] : "";
}

const char *lattice_lower(lattice *l, uint32_t tok, size_t *n) { return attr(l, l->lower, tok, n, 0); }
const char *lattice_shape(lattice *l, uint32_t tok, size_t *n) { return attr(l, l->shape, tok, n, 1); }

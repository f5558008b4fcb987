/* The tokens and sentences the token-based writers write (core/outtok.h). */
#include "outtok.h"

#include <stdlib.h>

#include "lua_lang.h"
#include "sentence.h"

/* One region's split: its sentences first (pairs of offsets), then its
 * tokens, each marked when it is the first at or after a sentence's start. */
typedef struct split {
  outtoks *t;
  size_t *sents, nsents, cap; /* start, end pairs of the region's sentences */
  size_t next;                /* the sentence the next token may start */
  int first;                  /* no token of the region yet */
} split;

static int on_sentence(void *ud, size_t start, size_t end) {
  split *sp = ud;
  if (sp->nsents + 2 > sp->cap) {
    size_t cap = sp->cap ? 2 * sp->cap : 32;
    size_t *v = realloc(sp->sents, cap * sizeof *v);
    if (!v) return -1;
    sp->sents = v;
    sp->cap = cap;
  }
  sp->sents[sp->nsents++] = start;
  sp->sents[sp->nsents++] = end;
  return 0;
}

static int on_token(void *ud, size_t start, size_t end) {
  split *sp = ud;
  outtoks *t = sp->t;
  if (t->n == t->cap) {
    size_t cap = t->cap ? 2 * t->cap : 256;
    outtok *v = realloc(t->v, cap * sizeof *v);
    if (!v) return -1;
    t->v = v;
    t->cap = cap;
  }
  /* a sentence starts at the first token at or after its start (the
   * splitter's sentences start and end on tokens, so that is its first);
   * a token the sentences leave out stays with the one before */
  int starts = sp->first;
  while (sp->next < sp->nsents / 2 && sp->sents[2 * sp->next] <= start) {
    starts = 1;
    sp->next++;
  }
  sp->first = 0;
  t->v[t->n++] = (outtok){start, end, starts};
  return 0;
}

typedef struct walk {
  const document *d;
  split sp;
} walk;

static int on_block(void *ud, size_t from, size_t to) {
  walk *w = ud;
  sentence_opts so = {llang_at(w->d, from, NULL), NULL};
  w->sp.nsents = 0;
  w->sp.next = 0;
  w->sp.first = 1;
  if (sentence_split(w->d->view.s, from, to, &so, on_sentence, &w->sp)) return -1;
  return sentence_tokens(w->d->view.s, from, to, &so, on_token, &w->sp);
}

int outtok_build(outtoks *t, const document *d) {
  t->n = 0;
  walk w = {d, {t, NULL, 0, 0, 0, 1}};
  int rc = d->view.len ? text_regions(&d->view, 0, d->view.len, 0, on_block, &w) : 0;
  free(w.sp.sents);
  return rc ? -1 : 0;
}

void outtok_free(outtoks *t) {
  free(t->v);
  t->v = NULL;
  t->n = t->cap = 0;
}

void outtok_cover(const outtoks *t, size_t s, size_t e, size_t *first, size_t *last) {
  *first = *last = 0;
  if (s >= e) return;
  /* the first token that ends after s, then the first that starts at or
   * after e: tokens are disjoint and in order, so both ascend */
  size_t lo = 0, hi = t->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (t->v[mid].end <= s) lo = mid + 1;
    else hi = mid;
  }
  size_t a = lo;
  hi = t->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (t->v[mid].start < e) lo = mid + 1;
    else hi = mid;
  }
  *first = a;
  *last = lo < a ? a : lo;
}

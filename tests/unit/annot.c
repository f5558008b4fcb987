/* Unit tests of core/annot.c (tests/check.h): interning, sorted order,
 * queries between adds (and removals) answered as a filter over everything
 * live would, corrections and links. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "annot.h"

#include "../check.h"

TEST(annot_store) {
  annot_store st;
  annot_init(&st);
  const char *a = annot_intern(&st, "person"), *b = annot_intern(&st, "person");
  CHECK(a == b);
  CHECK(annot_intern(&st, "place") != a);
  annot_add(&st, 10, 20, a, NULL, "s", 1, NULL, NULL);
  annot_add(&st, 5, 30, a, NULL, "s", 2, NULL, NULL);
  annot_add(&st, 10, 15, a, NULL, "s", 3, NULL, NULL);
  annot_add(&st, 10, 15, a, NULL, "s", 4, NULL, NULL);
  const annot **o = annot_sorted(&st);
  CHECK(o != NULL);
  if (o) {
    CHECK_EQ(o[0]->seq, 2);
    CHECK_EQ(o[1]->seq, 3);
    CHECK_EQ(o[2]->seq, 4);
    CHECK_EQ(o[3]->seq, 1);
  }
  free(o);
  annot_free(&st);
}

static unsigned long long rng = 88172645463325252ULL;

static size_t rnd(size_t n) { /* xorshift64: the same cases on every run */
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return (size_t)(rng % n);
}

static int naive_related(const annot *a, annot_rel rel, size_t s, size_t e) {
  switch (rel) {
  case ANNOT_WITHIN: return s <= a->start && a->end <= e;
  case ANNOT_OVERLAPPING: return a->start < e && s < a->end;
  case ANNOT_CONTAINING: return a->start <= s && e <= a->end;
  default: return 1;
  }
}

/* Batches of adds (single ones, bursts, in text order or not, repeated
 * spans that only creation order tells apart), each followed by queries of
 * every relation, compared with the whole store filtered in output order. */
TEST(annot_query_interleaved) {
  annot_store st;
  annot_init(&st);
  const char *l = annot_intern(&st, "x");
  size_t text = 5000, pos = 0, queries = 0, hits = 0;
  for (int round = 0; round < 500; round++) {
    size_t batch = rnd(10) == 0 ? rnd(400) : rnd(4);
    for (size_t b = 0; b < batch; b++) {
      size_t s, e;
      if (rnd(3) == 0) { /* in text order, as a scan annotates */
        s = pos = (pos + rnd(8)) % text;
        e = s + rnd(30);
      } else if (rnd(8) == 0 && st.n) { /* a span seen before */
        s = st.v[rnd(st.n)].start, e = st.v[rnd(st.n)].end;
        if (e < s) e = s;
      } else {
        s = rnd(text);
        e = s + (rnd(5) == 0 ? rnd(2000) : rnd(12));
      }
      annot_add(&st, s, e, l, NULL, "s", (long)round, NULL, NULL);
    }
    /* now and then some are removed: queries must leave them out */
    for (size_t r = rnd(6) == 0 ? rnd(20) : 0; r > 0 && st.n; r--) {
      size_t i = rnd(st.n);
      if (!st.v[i].removed) CHECK(annot_correct(&st, i, ANNOT_REMOVE, NULL, NULL, "s", 1) == 0);
    }
    size_t live = 0;
    for (size_t i = 0; i < st.n; i++) live += !st.v[i].removed;
    CHECK_EQ(st.nlive, live);
    const annot **o = annot_sorted(&st);
    CHECK(o != NULL);
    for (int q = 0; o && q < 4; q++) {
      annot_rel rel = (annot_rel)rnd(4);
      size_t s = rnd(text + 100), e = s + (rnd(4) == 0 ? 0 : rnd(rnd(2) ? 40 : 3000));
      size_t *got, n;
      CHECK(annot_query(&st, rel, s, e, &got, &n) == 0);
      size_t k = 0, bad = 0;
      for (size_t i = 0; i < st.nlive; i++) {
        if (!naive_related(o[i], rel, s, e)) continue;
        if (k >= n || got[k] != (size_t)(o[i] - st.v)) bad++;
        k++;
      }
      CHECK_EQ(bad, 0);
      CHECK_EQ(n, k);
      free(got);
      queries++;
      hits += k;
    }
    free(o);
    /* the runs stay few: each more than twice the next */
    size_t total = 0;
    for (int r = 0; r < st.nruns; r++) {
      total += st.run[r];
      if (r + 1 < st.nruns) CHECK(st.run[r] > 2 * st.run[r + 1]);
    }
    CHECK_EQ(total, st.n);
  }
  CHECK(st.n > 8000 && hits > queries); /* the cases were not all empty */
  CHECK(st.nlive < st.n - 100);          /* nor were the removals */
  annot_free(&st);
}

/* Corrections: what annot_sorted and annot_sorted_all give, the edit
 * chain --explain reads, and annot_find's choice among exact spans. */
TEST(annot_corrections) {
  annot_store st;
  annot_init(&st);
  const char *p = annot_intern(&st, "person"), *q = annot_intern(&st, "quote");
  const char *n1 = annot_intern(&st, "first"), *n2 = annot_intern(&st, "second");
  annot_add(&st, 10, 20, p, n1, "a.lua", 1, NULL, NULL); /* a1 */
  annot_add(&st, 10, 20, p, NULL, "a.lua", 2, NULL, NULL); /* a2 */
  annot_add(&st, 0, 5, q, NULL, "a.lua", 3, NULL, NULL); /* a3 */
  CHECK_EQ(st.nlive, 3);
  size_t f;
  CHECK(annot_find(&st, 10, 20, p, &f) == 0);
  CHECK_EQ(f, 0); /* the earliest of the exact ones */
  CHECK(annot_find(&st, 10, 20, q, &f) == 0);
  CHECK(f == SIZE_MAX); /* the label must be the same */
  CHECK(annot_find(&st, 10, 19, p, &f) == 0);
  CHECK(f == SIZE_MAX); /* and the span exactly */
  CHECK(annot_correct(&st, 0, ANNOT_REMOVE, NULL, NULL, "b.lua", 7) == 0);
  CHECK(st.v[0].removed && st.nlive == 2 && st.v[0].note == n1); /* removing changes nothing else */
  CHECK(annot_find(&st, 10, 20, p, &f) == 0);
  CHECK_EQ(f, 1); /* the removed one is not found */
  const annot **o = annot_sorted(&st);
  CHECK(o && o[0]->seq == 3 && o[1]->seq == 2 && o[2] == NULL && o[3] == NULL);
  free(o);
  o = annot_sorted_all(&st);
  CHECK(o && o[0]->seq == 3 && o[1]->seq == 1 && o[2]->seq == 2 && o[3] == NULL);
  free(o);
  size_t *ids, n;
  CHECK(annot_query(&st, ANNOT_ANY, 0, 0, &ids, &n) == 0);
  CHECK(n == 2 && ids[0] == 2 && ids[1] == 1);
  free(ids);
  /* set: the note, then the attributes, then both; the latest of each kind */
  annot_attrs *as = malloc(sizeof *as + sizeof as->v[0]);
  CHECK(as != NULL);
  if (!as) return;
  as->n = 1;
  as->v[0] = (annot_attr){.key = annot_intern(&st, "k"), .type = ATTR_INTEGER, .i = 1};
  const annot_attrs *kept = annot_keep_attrs(&st, as);
  CHECK(annot_correct(&st, 1, ANNOT_SET_NOTE, n1, NULL, "b.lua", 8) == 0);
  CHECK(annot_correct(&st, 1, ANNOT_SET_ATTRS, NULL, kept, "c.lua", 9) == 0);
  CHECK(st.v[1].note == n1 && st.v[1].attrs == kept); /* each leaves the other */
  CHECK(annot_correct(&st, 1, ANNOT_SET_NOTE | ANNOT_SET_ATTRS, n2, NULL, "d.lua", 10) == 0);
  CHECK(st.v[1].note == n2 && st.v[1].attrs == NULL);
  const annot_edit *e = annot_last_edit(&st, &st.v[1], ANNOT_SET_NOTE);
  CHECK(e && e->line == 10);
  e = annot_last_edit(&st, &st.v[1], ANNOT_SET_ATTRS);
  CHECK(e && e->line == 10);
  CHECK(annot_last_edit(&st, &st.v[1], ANNOT_REMOVE) == NULL);
  e = annot_last_edit(&st, &st.v[0], ANNOT_REMOVE);
  CHECK(e && e->line == 7 && !strcmp(e->script, "b.lua"));
  CHECK(annot_last_edit(&st, &st.v[2], ANNOT_SET_NOTE | ANNOT_SET_ATTRS | ANNOT_REMOVE) == NULL);
  /* links are kept sorted by role */
  annot_links *ls = malloc(sizeof *ls + 2 * sizeof ls->v[0]);
  CHECK(ls != NULL);
  if (!ls) return;
  ls->n = 2;
  ls->v[0] = (annot_link){annot_intern(&st, "verb"), 2};
  ls->v[1] = (annot_link){annot_intern(&st, "speaker"), 1};
  const annot_links *kl = annot_keep_links(&st, ls);
  CHECK(kl && !strcmp(kl->v[0].role, "speaker") && kl->v[0].target == 1 &&
        !strcmp(kl->v[1].role, "verb"));
  annot_free(&st);
}

int main(int argc, char **argv) { return check_main(argc, argv); }

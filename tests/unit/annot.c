/* Unit tests of core/annot.c (tests/check.h): interning, sorted order, and
 * queries between adds answered as a filter over everything would. */
#include <stdlib.h>

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
    const annot **o = annot_sorted(&st);
    CHECK(o != NULL);
    for (int q = 0; o && q < 4; q++) {
      annot_rel rel = (annot_rel)rnd(4);
      size_t s = rnd(text + 100), e = s + (rnd(4) == 0 ? 0 : rnd(rnd(2) ? 40 : 3000));
      size_t *got, n;
      CHECK(annot_query(&st, rel, s, e, &got, &n) == 0);
      size_t k = 0, bad = 0;
      for (size_t i = 0; i < st.n; i++) {
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
  annot_free(&st);
}

int main(int argc, char **argv) { return check_main(argc, argv); }

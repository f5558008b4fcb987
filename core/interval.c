#include "interval.h"

#include <stdlib.h>
#include <string.h>

static int cmp(const void *x, const void *y) {
  const interval *a = x, *b = y;
  if (a->start != b->start) return a->start < b->start ? -1 : 1;
  if (a->end != b->end) return a->end < b->end ? -1 : 1;
  return a->id < b->id ? -1 : a->id > b->id;
}

int interval_build(interval *iv, size_t n) {
  if (n > 1) qsort(iv, n, sizeof *iv, cmp);
  return interval_index(iv, n);
}

int interval_index(interval *iv, size_t n) {
  if (n == 0) return 0;
  size_t last_i = 0, last = 0;
  for (size_t i = 0; i < n; i += 2) last_i = i, last = iv[i].max = iv[i].end;
  int k;
  for (k = 1; ((size_t)1 << k) <= n; k++) {
    size_t x = (size_t)1 << (k - 1), i0 = (x << 1) - 1, step = x << 2;
    for (size_t i = i0; i < n; i += step) {
      size_t el = iv[i - x].max, er = i + x < n ? iv[i + x].max : last, e = iv[i].end;
      if (el > e) e = el;
      if (er > e) e = er;
      iv[i].max = e;
    }
    last_i = (last_i >> k & 1) ? last_i - x : last_i + x;
    if (last_i < n && iv[last_i].max > last) last = iv[last_i].max;
  }
  return k - 1;
}

/* The smaller run is copied out and the merge fills the freed end from the
 * other side, so tmp needs only min(na, nb) slots and nothing unread is
 * overwritten. Ids are unique: no two intervals compare equal. */
int interval_merge(interval *iv, size_t na, size_t nb, interval *tmp) {
  size_t n = na + nb;
  if (na && nb && cmp(&iv[na - 1], &iv[na]) > 0) {
    if (na <= nb) {
      memcpy(tmp, iv, na * sizeof *iv);
      size_t i = 0, j = na, k = 0;
      while (i < na && j < n) iv[k++] = cmp(&iv[j], &tmp[i]) < 0 ? iv[j++] : tmp[i++];
      while (i < na) iv[k++] = tmp[i++];
    } else {
      memcpy(tmp, iv + na, nb * sizeof *iv);
      size_t i = na, j = nb, k = n;
      while (i > 0 && j > 0) iv[--k] = cmp(&tmp[j - 1], &iv[i - 1]) < 0 ? iv[--i] : tmp[--j];
      while (j > 0) iv[--k] = tmp[--j];
    }
  }
  return interval_index(iv, n);
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

int interval_overlaps(const interval *iv, size_t n, int root, size_t st, size_t en,
                      int touch, size_t **out, size_t *nout, size_t *cap) {
  if (n == 0) return 0;
#define AFTER_ST(e) (touch ? (e) >= st : (e) > st)
  struct {
    size_t x;
    int k, w;
  } stack[72];
  int t = 0;
  stack[t].x = ((size_t)1 << root) - 1, stack[t].k = root, stack[t++].w = 0;
  while (t) {
    size_t x = stack[--t].x;
    int k = stack[t].k, w = stack[t].w;
    if (k <= 3) { /* a small subtree: look at every node */
      size_t i0 = x >> k << k, i1 = i0 + ((size_t)1 << (k + 1)) - 1;
      if (i1 > n) i1 = n;
      for (size_t i = i0; i < i1 && iv[i].start < en; i++)
        if (AFTER_ST(iv[i].end) && push(out, nout, cap, i)) return -1;
    } else if (w == 0) { /* the left child first */
      size_t y = x - ((size_t)1 << (k - 1));
      stack[t].x = x, stack[t].k = k, stack[t++].w = 1;
      if (y >= n || AFTER_ST(iv[y].max)) stack[t].x = y, stack[t].k = k - 1, stack[t++].w = 0;
    } else if (x < n && iv[x].start < en) { /* the node, then the right child */
      if (AFTER_ST(iv[x].end) && push(out, nout, cap, x)) return -1;
      stack[t].x = x + ((size_t)1 << (k - 1)), stack[t].k = k - 1, stack[t++].w = 0;
    }
  }
#undef AFTER_ST
  return 0;
}

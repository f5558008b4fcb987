/* An implicit interval tree over a caller-owned array of intervals sorted by
 * start (after cgranges, by Heng Li): overlap queries in O(log n + hits). */
#ifndef GLOSSA_INTERVAL_H
#define GLOSSA_INTERVAL_H

#include <stddef.h>

typedef struct interval {
  size_t start, end; /* [start, end) */
  size_t id;         /* the caller's: ties in start and end sort by it */
  size_t max;        /* the tree's: the largest end in the subtree */
} interval;

/* Sorts iv[0..n) by (start, end, id) and builds the tree; returns the root's
 * level (for interval_overlaps). */
int interval_build(interval *iv, size_t n);

/* interval_build for iv[0..n) already in that order: O(n), no sort. */
int interval_index(interval *iv, size_t n);

/* Merges the sorted runs iv[0..na) and iv[na..na+nb) into one and builds its
 * tree in O(na + nb); tmp holds min(na, nb) intervals. Returns the root's
 * level. */
int interval_merge(interval *iv, size_t na, size_t nb, interval *tmp);

/* Positions (in iv) of the intervals with start < en and end > st (end >= st
 * when touch is set), in sorted order, appended to *out (a malloc'd array of
 * *cap, *nout used). Returns 0, or -1 out of memory. */
int interval_overlaps(const interval *iv, size_t n, int root, size_t st, size_t en,
                      int touch, size_t **out, size_t *nout, size_t *cap);

#endif

/* Running a rule set (rule.h) over the lattice of a region (lattice.h): the
 * matcher owns only its scratch memory, reused from region to region; the
 * set, lattice and annotation store are the caller's. */
#ifndef GLOSSA_RULEMATCH_H
#define GLOSSA_RULEMATCH_H

#include <stdatomic.h>
#include <stddef.h>

#include "annot.h"
#include "buf.h"
#include "lattice.h"
#include "rule.h"

typedef struct rule_hit {
  size_t rule;           /* which rule of the set */
  size_t start, end;     /* bytes of the text: its first token's start, its last one's end */
  /* 3 per capture of the set (rule_set_cap): start and end bytes (SIZE_MAX
   * when the capture took no part or matched no token), and 1 + the index
   * of the annotation when the capture is one annotation element, else 0 */
  const size_t *caps;
} rule_hit;

/* Non-zero stops the run and is returned by it. */
typedef int (*rule_hit_fn)(void *ud, const rule_hit *h);

typedef struct rulematch rulematch;

rulematch *rulematch_new(void);
void rulematch_free(rulematch *m);

/* What rulematch_region returns when it saw *stop set (it looks every few
 * thousand steps). */
#define RULEMATCH_STOPPED (-2)

/* Reports the matches of s in l, in order of start, then (select all)
 * longest first, then rule order; st holds the annotations of l's edges.
 * A match is never empty, and stays in one sentence of the lattice unless
 * its rule is across_sentences. Returns 0, what fn returned, -1 with the
 * reason in err (out of memory, a regex over its limits), or
 * RULEMATCH_STOPPED. */
int rulematch_region(rulematch *m, const rule_set *s, lattice *l, const annot_store *st,
                     rule_hit_fn fn, void *ud, const atomic_int *stop, buf *err);

#endif

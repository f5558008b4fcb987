/* --labels: the labels -f conll and -f spans write (a run's option, read
 * by every worker; it owns its strings). */
#ifndef GLOSSA_OUTLABELS_H
#define GLOSSA_OUTLABELS_H

#include <stddef.h>

#include "buf.h"

typedef struct outlabels {
  char **v; /* sorted, distinct */
  size_t n;
} outlabels;

/* Reads a comma-separated list into l (zeroed by the caller): the items
 * with the ASCII white space around them trimmed, empty ones skipped,
 * each label once. Returns 0; or -1 with what is wrong in err ("names no
 * label", "is not valid UTF-8", "out of memory") and l empty. */
int outlabels_parse(outlabels *l, const char *list, buf *err);
void outlabels_free(outlabels *l);

/* Whether label is one of l's; every label is when l is NULL. */
int outlabels_has(const outlabels *l, const char *label);

#endif

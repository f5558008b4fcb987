/* What the unit tests of documents share: loading a file of the source tree
 * (SRCDIR, tests/check.h) as glossa would. Included after check.h. */
#ifndef GLOSSA_TEST_UNIT_H
#define GLOSSA_TEST_UNIT_H

#include "doc.h"

/* The document at SRCDIR/REL, or NULL (said on stderr). */
static inline document *unit_load(const char *rel) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", check_srcdir, rel);
  buf err = BUF_INIT;
  document *d = doc_load(path, DOC_AUTO, 1 << 26, &err);
  if (!d) fprintf(stderr, "cannot load %s: %s\n", path, err.s);
  buf_free(&err);
  return d;
}

#endif

/* Output that replaces its file only when complete: a temporary file in the
 * target's directory, renamed over it at the end. The sink owns its stream
 * and temporary name; "-" or NULL is standard output. */
#ifndef GLOSSA_SINK_H
#define GLOSSA_SINK_H

#include <stdio.h>

#include "buf.h"

typedef struct sink {
  FILE *f;
  const char *target;
  char *tmp;
} sink;

/* Returns 0, or -1 with "glossa: PATH: what" in err. */
int sink_open(sink *s, const char *target, buf *err);

/* Keeps the output (renames it into place, with the mode of the file it
 * replaces, or a new file's) or throws it away. Returns 0, or -1 with a
 * message in err. */
int sink_close(sink *s, int keep, buf *err);

#endif

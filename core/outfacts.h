/* The facts a writer's documents give its run files (out_state.sum): lines
 * "KIND\t…\n" that the run files need, kept sorted and without duplicates.
 * The arrays returned are the caller's to free, with their store. */
#ifndef GLOSSA_OUTFACTS_H
#define GLOSSA_OUTFACTS_H

#include <stddef.h>

#include "buf.h"

/* The lines of s[0..len) (each ending in '\n'), sorted (strcmp) and
 * without duplicates, as *n pointers into a NUL-separated copy (*store);
 * NULL out of memory. */
char **outfacts_sorted(const char *s, size_t len, char **store, size_t *n);

/* Replaces the lines of sum[from..) by the same sorted and without
 * duplicates (what one document adds stays small). Returns 0, or -1 out
 * of memory. */
int outfacts_compact(buf *sum, size_t from);

#endif

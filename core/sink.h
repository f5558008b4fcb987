/* Output that replaces its file only when complete: a temporary file in the
 * target's directory, renamed over it at the end. The sink owns its stream
 * and temporary name; "-" or NULL is standard output, and a target that is
 * not a regular file (/dev/null, a FIFO) is written to directly.
 *
 * Every temporary file is known from the moment it exists until it is renamed
 * or removed, so that a process that has to exit at once (core/interrupt.c)
 * can remove them all first: sink_abandon. */
#ifndef GLOSSA_SINK_H
#define GLOSSA_SINK_H

#include <stdio.h>

#include "buf.h"

typedef struct sink {
  FILE *f;
  const char *target;
  char *tmp;
  struct sink *next; /* the open sinks with a temporary file (sink.c) */
} sink;

/* Returns 0, or -1 with "glossa: PATH: what" in err. A sink that was opened
 * must be closed. */
int sink_open(sink *s, const char *target, buf *err);

/* Keeps the output (renames it into place, with the mode of the file it
 * replaces, or a new file's) or throws it away. Returns 0, or -1 with a
 * message in err (also when sink_abandon came first: nothing was kept). */
int sink_close(sink *s, int keep, buf *err);

/* Brackets writing that makes and renames temporary files of its own (the
 * brat writer), so that sink_abandon can wait for it to end. sink_hold
 * returns -1, and writes nothing, once sink_abandon has run: skip the
 * writing then. */
int sink_hold(void);
void sink_release(void);

/* For a process about to _exit: removes the temporary file of every open
 * sink, keeps any sink from being renamed into place from now on, and waits
 * up to wait_ms milliseconds for the held writing under way. Returns the
 * number of files removed. Called from a thread, not a signal handler (it
 * takes a mutex). */
int sink_abandon(int wait_ms);

#endif

/* Output that never ends half-way: a file is replaced only when complete (a
 * temporary file in the target's directory, renamed over it at the end), and
 * a stream written as it goes (standard output, /dev/null, a FIFO) only ever
 * holds whole records. The sink owns its descriptor, its temporary name and
 * the records it has not written yet; "-" or NULL is standard output.
 *
 * Every temporary file is known from the moment it exists until it is renamed
 * or removed, and every write to a stream is known while it is under way, so
 * that a process that has to exit at once (core/interrupt.c) can remove the
 * files and let a record being written finish first: sink_abandon.
 *
 * The one policy for every output file (-o FILE, each file under -o DIR/,
 * brat's too): a complete temporary file renamed over the target, with the
 * mode of the file it replaces, or a new file's 0666 & ~umask; no fsync, as
 * sort -o and cc -o do not: a rename already shows readers the old file or
 * the whole new one, and an fsync per file would cost a corpus run of 10k
 * documents tens of seconds on a disk for a guarantee against power loss
 * alone (which ext4 gives a renamed-over file anyway, auto_da_alloc). */
#ifndef GLOSSA_SINK_H
#define GLOSSA_SINK_H

#include <stddef.h>

#include "buf.h"

typedef struct sink {
  int fd;             /* -1 when closed */
  const char *target; /* NULL for standard output */
  char *tmp;          /* the temporary file, or NULL when written directly */
  buf pending;        /* whole records not written yet */
  /* sink.c's: */
  int writing;        /* a stream's records are under way */
  int regular;        /* written directly, and a regular file */
  int failed;         /* a write failed: nothing more is written */
  struct sink *next;  /* the open sinks with a temporary file */
} sink;

/* Returns 0, or -1 with "glossa: PATH: what" in err. A sink that was opened
 * must be closed. */
int sink_open(sink *s, const char *target, buf *err);

/* Adds len bytes that end on a record's end (a line, a document's items) and
 * writes what is pending once there is enough of it. Records are written
 * whole or not at all: on a stream, from the first sink_put after a flush
 * until that flush ends, a stop waits for them (sink_abandon); so call
 * sink_flush before waiting for anything. Returns 0, or -1 with "glossa:
 * PATH: cannot write: why" in err; after an error (or sink_abandon) nothing
 * more is written. A regular file written directly (standard output
 * redirected to a file) that fails in the middle of a record is cut back to
 * the record's start. */
int sink_put(sink *s, const void *data, size_t len, buf *err);
int sink_flush(sink *s, buf *err);

/* Writes what is pending, then keeps the output (renames it into place, with
 * the mode of the file it replaces, or a new file's) or throws it away.
 * Returns 0, or -1 with a message in err (also when sink_abandon came first:
 * nothing was kept). */
int sink_close(sink *s, int keep, buf *err);

/* The whole of path at once, replaced only when complete: 0, or -1 with
 * "glossa: PATH: cannot write: why" in err and no file left behind. */
int sink_file(const char *path, const void *data, size_t len, buf *err);

/* Reads the umask while the process has one thread: call before threads
 * that make files start (reading it sets it for a moment). */
void sink_init(void);

/* For a process about to _exit: removes the temporary file of every open
 * sink, keeps any sink from being renamed into place or starting a new write
 * from now on, and waits up to wait_ms milliseconds for the stream writes under way. Returns the number of files removed. Called
 * from a thread, not a signal handler (it takes a mutex). */
int sink_abandon(int wait_ms);

/* True while a stream's write is still under way (after
 * sink_abandon: one that did not end in its wait, e.g. to a pipe that is
 * not being read). */
int sink_busy(void);

#endif

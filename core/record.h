/* JSON Lines records as documents (--records): each line an object
 * {"id": …, "text" | "html" | "xml": "…"}. A regular file is indexed (the set
 * owns an index of line offsets and reads a record only when its document
 * is loaded); anything else (a pipe, a FIFO, a terminal) is a stream, read
 * record by record as the run asks for them, so that records are processed
 * as they arrive and only the ones being processed are held in memory. The
 * set owns its descriptor (not standard input's). */
#ifndef GLOSSA_RECORD_H
#define GLOSSA_RECORD_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>

#include "buf.h"
#include "doc.h"

typedef struct record_set {
  char *path;     /* as given; "-" is standard input */
  const char *name; /* for messages: path, or "<stdin>" */
  int fd;
  int stream;     /* read as it comes: n grows until the end is reached */
  size_t n;       /* the records indexed, or read so far */
  long long *off; /* indexed: where each record's line starts */
  size_t *len;    /* and its length */
  size_t *line;   /* its line number in the file */
  /* a stream's reader (record.c's) */
  pthread_mutex_t mu;
  pthread_cond_t cv;
  char *rbuf;
  size_t rpos, rlen, lineno;
  int eof;   /* read(2) found the end (rbuf may still hold records) */
  int ended; /* no record after the n read */
  /* the run's: when *stop is set, a stream stops waiting for input; idle(arg)
   * is called before a wait for input (the run then writes what it has) */
  const atomic_int *stop;
  void (*idle)(void *);
  void *idle_arg;
} record_set;

/* Opens (a regular file: indexes) the records of path ("-": standard input).
 * Blank lines are not records. Returns 0, or -1 with "PATH: what" in err. */
int record_open(record_set *rs, const char *path, buf *err);

/* Loads record i as a document named by its id. Thread-safe. On a stream,
 * each i is asked for once, and a call waits for the records before i to be
 * read (by their own calls) and for record i to arrive. When there is no
 * record i (the stream ended, or a stop came) *end is set and NULL returned
 * with nothing in err. On failure NULL with "PATH:LINE: what" in err.
 * *line is the record's line number. */
document *record_get(record_set *rs, size_t i, size_t max_size, int *end, size_t *line, buf *err);

void record_close(record_set *rs);

#endif

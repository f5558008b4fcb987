/* JSON Lines records as documents (--records): each line an object
 * {"id": …, "text" | "html" | "xml": "…"}. The set owns an index of line
 * offsets and its file; a record's text is read only when its document is
 * loaded, so a corpus of records is never held in memory. */
#ifndef GLOSSA_RECORD_H
#define GLOSSA_RECORD_H

#include <stddef.h>
#include <stdio.h>

#include "buf.h"
#include "doc.h"

typedef struct record_set {
  char *path;   /* for messages; "-" is standard input (spooled to a file) */
  FILE *f;
  size_t n;
  long long *off; /* where each record's line starts */
  size_t *len;    /* and its length */
  size_t *line;   /* its line number in the file */
} record_set;

/* Indexes the records of path ("-": standard input). Blank lines are not
 * records. Returns 0, or -1 with "PATH: what" in err. */
int record_open(record_set *rs, const char *path, buf *err);

/* Loads record i as a document named by its id. Thread-safe (pread). On
 * failure NULL with "PATH:LINE: what" in err. */
document *record_load(const record_set *rs, size_t i, size_t max_size, buf *err);

void record_close(record_set *rs);

#endif

/* A run: every input document through the scripts and a writer, on a pool of
 * worker threads, with output in input order. The run owns its workers and
 * their Lua states; the options and the strings they point to stay the
 * caller's. */
#ifndef GLOSSA_RUN_H
#define GLOSSA_RUN_H

#include <stddef.h>
#include <sys/types.h>

#include "doc.h"
#include "import.h"
#include "output.h"
#include "record.h"
#include "script.h"

typedef struct run_script {
  char kind;        /* 's' a file, 'e' code */
  const char *text; /* the path or the code */
} run_script;

/* A file the run reads (a document, a script, a list, the records). */
typedef struct run_file {
  dev_t dev;
  ino_t ino;
  const char *path;
} run_file;

typedef struct run_opts {
  char **inputs; /* document paths ("-" for standard input), in order */
  const size_t *rel; /* -o DIR/: where the part of each input's path that is
                        mirrored under DIR starts (core/outname.h); NULL: the
                        base name */
  size_t ninputs;
  record_set *records; /* --records: documents after the inputs, or NULL */
  import_set *imports; /* --annotations: what each document starts with, or NULL */
  const run_file *reads; /* -o DIR/: the files the run reads, sorted by device
                            and inode (run_file_cmp): none is written over */
  size_t nreads;
  doc_type type;
  const char *lang; /* --lang: every document's language (primary subtag), or NULL */
  size_t max_size;
  const run_script *scripts;
  size_t nscripts;
  script_opts so;
  const char *format; /* text, jsonl, json, html, inline, brat */
  out_opts oo;
  const char *output; /* -o: a file, or a directory when dir is set */
  int dir;
  int jobs;
  int quiet, stats, fail_fast;
} run_opts;

/* Runs it all; returns the exit status (0 all done, 1 some failed, 2 the
 * scripts or the output could not be used, 128 + the signal's number when
 * SIGINT or SIGTERM stopped it: 130, 143). A run that does not stop within
 * a grace period of the signal, busy in C, is ended from inside
 * (core/interrupt.h) with that status and without its unfinished output.
 * Records from a stream are processed as they arrive (o->records->n is
 * their number afterwards). Under -o DIR/ (created before) the outputs are
 * named as core/outname.h says, in input order whatever -j. */
int run_main(const run_opts *o);


/* Orders run_files by device, then inode (for qsort and bsearch). */
int run_file_cmp(const void *a, const void *b);

#endif

/* The documents a run reads, as named on the command line: files, standard
 * input ("-"), directories walked in sorted order (--include, --exclude,
 * --follow-symlinks) and --files-from lists. The set owns its paths and
 * tables; the caller owns the include/exclude globs it points to. */
#ifndef GLOSSA_INPUTS_H
#define GLOSSA_INPUTS_H

#include <stddef.h>
#include <sys/stat.h>

#include "doc.h"
#include "run.h"

typedef struct inputs {
  char **v;
  size_t *rel; /* where the path below the directory named on the command line starts */
  size_t n, cap;
  const char **include, **exclude;
  size_t ninclude, nexclude;
  int follow;
  int track;      /* -o given: note the files read (reads) */
  run_file *reads; /* the files the run reads, for -o */
  size_t nreads, capreads;
  /* the directories walked for the current argument, by device and inode */
  run_file *seen;
  size_t nseen, capseen;
} inputs;

/* A command-line input: a file, "-", or a directory to walk. A missing file
 * is reported when its turn comes. Returns the number of errors reported. */
int inputs_add_arg(inputs *in, const char *arg);
/* Each non-empty line of the file list ("-": standard input) as an input. */
int inputs_files_from(inputs *in, const char *list);
/* Notes a file the run reads (with -o: no output may replace it). */
void inputs_add_read(inputs *in, const struct stat *st, const char *path);
void inputs_free(inputs *in);

/* The one document a subcommand (dump, repl: cmd) reads, argv[optind] the
 * last argument: loaded, its warnings printed; NULL after saying why on
 * stderr, with the exit status in *status (2 usage, 1 unreadable). */
document *inputs_load_one(const char *cmd, int argc, char **argv, int optind, doc_type type,
                          size_t max_size, int *status);

#endif

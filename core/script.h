/* Annotation scripts and the protocol that runs them over documents. A
 * script_set owns its Lua state; documents stay the caller's. */
#ifndef GLOSSA_SCRIPT_H
#define GLOSSA_SCRIPT_H

#include "buf.h"
#include "doc.h"

typedef struct script_set script_set;

typedef struct script_opts {
  int trusted;            /* full standard library */
  const char *const *args; /* -a key=value */
  int nargs;
  long long max_instructions; /* per script call; 0 = none */
  double timeout;             /* seconds per document; 0 = none */
  size_t max_memory;          /* bytes the Lua state may hold; 0 = none */
  volatile int *stop;         /* when set non-zero, running scripts raise */
} script_opts;

script_set *script_new(const script_opts *o);
void script_free(script_set *s);

/* Compiles a script file, or code given with -e, as text (never bytecode).
 * On a syntax error returns -1 with "FILE:LINE: message" in err. */
int script_add_file(script_set *s, const char *path, buf *err);
int script_add_code(script_set *s, const char *code, buf *err);

/* Runs every script, in order, over d. On a script error returns -1 with
 * "SCRIPT:LINE: message" and a traceback in err; the document's annotations
 * are then incomplete. */
int script_run(script_set *s, document *d, buf *err);

/* True when the last script_run ran out of --max-memory: the Lua state may
 * be left inconsistent, and the caller should make a new script_set. */
int script_exhausted(const script_set *s);

/* Adds the glossa.count totals of from into into. */
void script_merge_counts(script_set *into, script_set *from);

/* Runs each script's finish function; -1 with a message in err on error. */
int script_finish(script_set *s, buf *err);

#endif

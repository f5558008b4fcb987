/* Annotation scripts and the protocol that runs them over documents. A
 * script_set owns its Lua state; documents stay the caller's. */
#ifndef GLOSSA_SCRIPT_H
#define GLOSSA_SCRIPT_H

#include <lua.h>
#include <stdatomic.h>

#include "buf.h"
#include "doc.h"
#include "outstyle.h"

typedef struct script_set script_set;

typedef struct script_opts {
  int trusted;            /* full standard library */
  const char *const *args; /* -a key=value */
  int nargs;
  long long max_instructions; /* per script call; 0 = none */
  double timeout;             /* seconds per document; 0 = none */
  size_t max_memory;          /* bytes the Lua state may hold; 0 = none */
  const atomic_int *stop;       /* when set non-zero, running scripts raise */
  const char *const *libs;      /* --lib DIR: where require looks */
  int nlibs;
} script_opts;

script_set *script_new(const script_opts *o);

/* Opens the libraries scripts see (core/sandbox.h) and every glossa binding
 * into L; script_new does it in protected mode. */
void script_open_bindings(lua_State *L, int trusted, const char *const *args, int nargs);

/* A new Lua state set up as a script's (the sandbox or, trusted, the whole
 * standard library; every binding; `glossa` without args), with no limits:
 * for glossa repl and glossa check. NULL when out of memory. The caller
 * closes it. */
lua_State *script_lua_new(int trusted);
void script_free(script_set *s);

/* Compiles a script file, or code given with -e, as text (never bytecode).
 * On a syntax error returns -1 with "FILE:LINE: message" in err. */
int script_add_file(script_set *s, const char *path, buf *err);

/* What script_load_file returns when it fails. */
enum { SCRIPT_UNREADABLE = -1, SCRIPT_BAD_SYNTAX = -2 };

/* Reads the script file at path and compiles it as every run does (the one
 * reader: script_add_file and glossa check call it), pushing the chunk onto
 * L: text only, named "@path", without a UTF-8 byte order mark and a first
 * line that starts with # (a #! line; its line end is kept, so that line
 * numbers are the file's). text, when not NULL, gets the code compiled
 * (the caller frees it). Returns 0, SCRIPT_UNREADABLE with "PATH: cannot
 * open script: why" (or out of memory) in err, or SCRIPT_BAD_SYNTAX with
 * Lua's "PATH:LINE: message". */
int script_load_file(lua_State *L, const char *path, buf *text, buf *err);
int script_add_code(script_set *s, const char *code, buf *err);

/* Runs every script, in order, over d. On a script error returns -1 with
 * "SCRIPT:LINE: message" and a traceback in err; the document's annotations
 * are then incomplete. */
int script_run(script_set *s, document *d, buf *err);

/* True when the last script_run ran out of --max-memory: the Lua state may
 * be left inconsistent, and the caller should make a new script_set. */
int script_exhausted(const script_set *s);

/* After a script_run that failed: the name of the script whose top level
 * (or what it returned) failed on its first run without reading `doc`, so
 * that it would fail the same way on every document; else NULL. */
const char *script_failed_at_top(const script_set *s);

/* Adds the glossa.count totals of from into into; -1 when into ran out of
 * memory (its totals are then incomplete). */
int script_merge_counts(script_set *into, script_set *from);

/* Whether the scripts' top levels have run (on the set's first document):
 * only then does the set know their finish functions. */
int script_started(const script_set *s);

/* Runs each script's finish function; -1 with a message in err on error. */
int script_finish(script_set *s, buf *err);

/* For the Lua bindings, on the state L of a script set (for any other Lua
 * state these do nothing and report nothing).
 *
 * C memory held on a script's behalf (dictionaries, annotations) counts
 * against --max-memory with the Lua state's own. script_charge adds bytes
 * (negative to release) before the memory is taken; past the cap it raises
 * the memory limit error and charges nothing. Charges made with
 * script_charge_doc are released when the document's run ends. */
void script_charge(lua_State *L, long long bytes);
void script_charge_doc(lua_State *L, long long bytes);

/* True once the call under way in L must stop: its --timeout has passed
 * (a watchdog thread sets this at the deadline, wherever the call is) or it
 * tripped another limit. C loops working for a script poll it (one atomic
 * load) and then raise script_raise_stop. */
int script_stopped(lua_State *L);
/* The flag script_stopped reads, for C code with no lua_State (a regex
 * scan); a flag that is never set for other states. */
const atomic_int *script_stop_flag(lua_State *L);
/* Raises the error of the limit that stopped L (e.g. "time limit exceeded
 * (--timeout)"). */
int script_raise_stop(lua_State *L);
/* Raises it when script_stopped(L): the check C loops poll (a luapat_check). */
void script_check_stop(lua_State *L);
/* Registers fn(arg) to be called once, from the watchdog's thread, if L's
 * deadline passes while it is registered (so that a C library that polls a
 * field of its own, like libxml2's XPath operation limit, can be told to
 * stop); fn NULL unregisters. One registration per state at a time; fn runs
 * under the watchdog's lock and must only set a flag. */
void script_on_stop(lua_State *L, void (*fn)(void *), void *arg);

/* Where the scripts' print and glossa.log write while a document runs: b
 * (the caller's, kept till it calls again with NULL), so that what they
 * say comes with the document's other messages, in input order whatever
 * -j; NULL: straight to stderr. script_say: that of L's set, or NULL. */
void script_say_to(script_set *s, buf *b);
buf *script_say(lua_State *L);

/* The label colours the scripts gave with glossa.style (for -f html), or
 * NULL when none (or out of memory); the set owns them, till the next
 * call or script_free. */
const outstyle *script_style(script_set *s);

#endif

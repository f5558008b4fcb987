/* SIGINT and SIGTERM during a run. The run stops by itself when it can:
 * workers look at a flag between documents and the Lua hook looks at it
 * between instructions. Code in C (libxml2 on a huge document, a dictionary
 * over a huge line, a writer, a blocked write) never looks, so a watcher
 * thread gives the run a short grace period and then ends the process itself:
 * it removes every unfinished output file (sink_abandon), lets the records
 * being written to standard output end (never half a record), says so on
 * stderr and exits with 128 + the signal's number, as a shell reports a
 * process killed by it. A second signal ends it at once. One watch at a
 * time. */
#ifndef GLOSSA_INTERRUPT_H
#define GLOSSA_INTERRUPT_H

#include <stdatomic.h>

/* Clears the flag, installs the handlers and starts the watcher. On a
 * signal the flag becomes its number and the watcher calls wake(arg) (from
 * its own thread, not the handler: it may take locks). Returns 0, or -1 when
 * no watcher could be started (the flag is still set: the run stops when it
 * can). */
int interrupt_start(void (*wake)(void *), void *arg);

/* The signal that interrupted the run under way, or 0; any thread may ask. */
int interrupt_signal(void);
/* The same flag, for code that polls it through a pointer (script_opts). */
const atomic_int *interrupt_flag(void);

/* The run is over: stops the watcher and puts the old handlers back. */
void interrupt_stop(void);

#endif

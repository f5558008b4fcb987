/* glossa repl: an interactive Lua prompt over one document. */
#ifndef GLOSSA_REPL_H
#define GLOSSA_REPL_H

#include <lua.h>

/* Runs `glossa repl [-t TYPE] FILE` (argv[0] is "repl") until :quit or end
 * of input. Returns the exit status: 0, 1 the document could not be loaded,
 * 2 a usage error. */
int repl_main(int argc, char **argv);

/* A new Lua state set up as script_new sets up a script's: the sandbox (or,
 * trusted, the whole standard library), every binding's metatable and the
 * `glossa` table (no args), without instruction or memory limits. NULL when
 * out of memory. The caller closes it. */
lua_State *repl_lua_new(int trusted);

#endif

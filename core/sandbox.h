/* The global environment scripts see; the Lua state owns everything here. */
#ifndef GLOSSA_SANDBOX_H
#define GLOSSA_SANDBOX_H

#include <lua.h>

/* Opens the standard libraries into L. Unless trusted, removes what can run
 * programs, write files, load bytecode or C code, or reach the debug library,
 * and makes io.open read-only. print writes to stderr in both modes, because
 * stdout carries the annotations. */
void sandbox_open(lua_State *L, int trusted);

/* Pushes a fresh _ENV for one script: its own globals, reading through to
 * the shared ones. */
void sandbox_env(lua_State *L);

#endif

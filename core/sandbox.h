/* The global environment scripts see; the Lua state owns everything here. */
#ifndef GLOSSA_SANDBOX_H
#define GLOSSA_SANDBOX_H

#include <lua.h>

/* Opens the standard libraries into L. Unless trusted, removes what can run
 * programs, write files, load bytecode or C code, or reach the debug library;
 * io.open and io.lines read regular data files only; setmetatable refuses
 * __gc (finalizers run outside the limits); collectgarbage cannot stop the
 * collector. In both modes print writes to stderr (stdout carries the
 * annotations), the string and file metatables are hidden, and nested
 * coroutine closing is bounded (Lua 5.4.4 overflows the C stack); the
 * pattern functions (string.find, match, gmatch, gsub), string.rep and
 * table.move stop at the deadline. lpeg and re are there in both modes, with
 * LPeg's backtrack stack capped. Sandboxed, require loads the user's own Lua
 * files (text only, each in an environment of its own, once per state). */
void sandbox_open(lua_State *L, int trusted);

/* The --lib directories, for require (after sandbox_open): a sandboxed
 * script's require loads NAME.lua from the requiring file's directory, then
 * from each of dirs in order; trusted, they come first in package.path. */
void sandbox_libs(lua_State *L, const char *const *dirs, int n);

/* Pushes a fresh _ENV for one script: its own globals (_G is the
 * environment itself), reading through to the shared ones, with read-only
 * views of the shared library tables (string, table, glossa, …), so that no
 * script changes another's libraries or globals. */
void sandbox_env(lua_State *L);

#endif

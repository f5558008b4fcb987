/* The `glossa` table scripts see; the Lua state owns it. */
#ifndef GLOSSA_LUA_GLOSSA_H
#define GLOSSA_LUA_GLOSSA_H

#include <lua.h>

#include "outstyle.h"

/* Sets the global `glossa` with version, log, and args built from the n
 * "key=value" strings (values stay strings). */
void lglossa_open(lua_State *L, const char *const *args, int n);

/* Writes the arguments on the stack as one line to stderr (luaL_tolstring
 * each, sep between them), after "FILE:LINE: " of the calling script when
 * placed; returns 0 (a lua_CFunction's result: glossa.log, print). */
int lglossa_write_args(lua_State *L, int placed, char sep);

/* Adds the glossa.count totals of from into those of into (main thread,
 * after the workers stopped). Counting keys are strings. Returns 0, or -1
 * when into ran out of memory (its totals are then incomplete). */
int lglossa_merge_counts(lua_State *into, lua_State *from);

/* The colours glossa.style has set in L, copied into into (emptied first;
 * no Lua error, nothing allocated in L). Returns 0, or -1 out of memory
 * (into is then incomplete). */
int lglossa_styles(lua_State *L, outstyle *into);

#endif

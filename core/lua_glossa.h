/* The `glossa` table scripts see; the Lua state owns it. */
#ifndef GLOSSA_LUA_GLOSSA_H
#define GLOSSA_LUA_GLOSSA_H

#include <lua.h>

/* Sets the global `glossa` with version, log, and args built from the n
 * "key=value" strings (values stay strings). */
void lglossa_open(lua_State *L, const char *const *args, int n);

#endif

/* Lua 5.4's string.find, match, gmatch and gsub, with Lua 5.4.4's results
 * and messages, whose matcher polls a stop check (Lua's own runs no hook);
 * the Lua state owns everything they make, they hold no C memory. */
#ifndef GLOSSA_LUAPAT_H
#define GLOSSA_LUAPAT_H

#include <lua.h>

/* Called every 65536 matching steps (a step is one attempt of one pattern
 * item, one backtrack, or one byte scanned by %b, a back reference, a set or
 * a replacement's escapes), or after one costlier step; it may raise a Lua
 * error, which unwinds the match cleanly. */
typedef void (*luapat_check)(lua_State *L);

/* Sets find, match, gmatch and gsub of the table at index t to the
 * pattern functions, each polling check (may be NULL). */
void luapat_register(lua_State *L, int t, luapat_check check);
/* Pushes the find function alone (for doc:find), same check. */
void luapat_push_find(lua_State *L, luapat_check check);

#endif

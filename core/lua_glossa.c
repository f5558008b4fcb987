#include "lua_glossa.h"

#include "lua_api.h"

#include <lauxlib.h>
#include <stdio.h>
#include <string.h>

/* glossa.log(...): a line on stderr naming the script and line. */
static int glossa_log(lua_State *L) {
  int n = lua_gettop(L);
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  lua_Debug ar;
  if (lua_getstack(L, 1, &ar) && lua_getinfo(L, "Sl", &ar) && ar.currentline > 0)
    lua_pushfstring(L, "%s:%d: ", ar.short_src, ar.currentline);
  else
    lua_pushliteral(L, "glossa: ");
  luaL_addvalue(&b);
  for (int i = 1; i <= n; i++) {
    if (i > 1) luaL_addchar(&b, ' ');
    luaL_tolstring(L, i, NULL);
    luaL_addvalue(&b);
  }
  luaL_addchar(&b, '\n');
  luaL_pushresult(&b);
  size_t len;
  const char *s = lua_tolstring(L, -1, &len);
  fwrite(s, 1, len, stderr);
  return 0;
}

#define COUNTS_KEY "glossa.counts"

static void push_counts(lua_State *L) {
  if (lua_getfield(L, LUA_REGISTRYINDEX, COUNTS_KEY) == LUA_TNIL) {
    lua_pop(L, 1);
    lua_newtable(L);
    lua_pushvalue(L, -1);
    lua_setfield(L, LUA_REGISTRYINDEX, COUNTS_KEY);
  }
}

/* glossa.count(key [, n]): adds n (default 1) to a corpus-wide counter. Each
 * worker counts on its own; the counts are summed before finish runs, so
 * glossa.counts() there is the same for any -j. */
static int glossa_count(lua_State *L) {
  luaL_checkstring(L, 1);
  if (!lua_isnoneornil(L, 2)) luaL_checknumber(L, 2);
  lua_settop(L, 2);
  if (lua_isnil(L, 2)) {
    lua_pushinteger(L, 1);
    lua_replace(L, 2);
  }
  push_counts(L);
  lua_pushvalue(L, 1);
  lua_gettable(L, 3);
  if (lua_isnil(L, -1)) {
    lua_pop(L, 1);
    lua_pushinteger(L, 0);
  }
  lua_pushvalue(L, 2);
  lua_arith(L, LUA_OPADD);
  lua_pushvalue(L, 1);
  lua_insert(L, -2);
  lua_settable(L, 3);
  return 0;
}

/* glossa.counts(): a copy of the counters, key → total. */
static int glossa_counts(lua_State *L) {
  push_counts(L);
  lua_newtable(L);
  lua_pushnil(L);
  while (lua_next(L, -3)) {
    lua_pushvalue(L, -2);
    lua_insert(L, -2);
    lua_settable(L, -4);
  }
  return 1;
}

void lglossa_merge_counts(lua_State *into, lua_State *from) {
  if (lua_getfield(from, LUA_REGISTRYINDEX, COUNTS_KEY) != LUA_TTABLE) {
    lua_pop(from, 1);
    return;
  }
  push_counts(into);
  lua_pushnil(from);
  while (lua_next(from, -2)) {
    size_t kl;
    const char *k = lua_tolstring(from, -2, &kl); /* keys are strings: no conversion */
    lua_pushlstring(into, k, kl);
    lua_pushvalue(into, -1);
    lua_gettable(into, -3);
    if (lua_isnil(into, -1)) {
      lua_pop(into, 1);
      lua_pushinteger(into, 0);
    }
    if (lua_isinteger(from, -1)) lua_pushinteger(into, lua_tointeger(from, -1));
    else lua_pushnumber(into, lua_tonumber(from, -1));
    lua_arith(into, LUA_OPADD);
    lua_settable(into, -3);
    lua_pop(from, 1);
  }
  lua_pop(into, 1);
  lua_pop(from, 1);
}

static const luaL_Reg glossa_funcs[] = {
    {"count", glossa_count},
    {"counts", glossa_counts},
    {"log", glossa_log},
    {"regex", lregex_new},
    {"dict", ldict_new},
    {NULL, NULL}};

void lglossa_open(lua_State *L, const char *const *args, int n) {
  luaL_newlib(L, glossa_funcs);
  lua_pushliteral(L, GLOSSA_VERSION);
  lua_setfield(L, -2, "version");
  lua_newtable(L);
  for (int i = 0; i < n; i++) {
    const char *eq = strchr(args[i], '=');
    if (eq) {
      lua_pushlstring(L, args[i], (size_t)(eq - args[i]));
      lua_pushstring(L, eq + 1);
    } else {
      lua_pushstring(L, args[i]);
      lua_pushboolean(L, 1);
    }
    lua_settable(L, -3);
  }
  lua_setfield(L, -2, "args");
  lua_setglobal(L, "glossa");
}

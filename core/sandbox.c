#include "sandbox.h"

#include <lauxlib.h>
#include <lualib.h>
#include <stdio.h>
#include <string.h>

static int sb_print(lua_State *L) {
  int n = lua_gettop(L);
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  for (int i = 1; i <= n; i++) {
    if (i > 1) luaL_addchar(&b, '\t');
    luaL_tolstring(L, i, NULL);
    luaL_addvalue(&b);
  }
  luaL_addchar(&b, '\n');
  luaL_pushresult(&b);
  size_t len;
  const char *s = lua_tolstring(L, -1, &len);
  fwrite(s, 1, len, stderr);
  fflush(stderr);
  return 0;
}

/* load(chunk [, name [, mode [, env]]]) with mode forced to text and env
 * defaulting to the calling script's environment (upvalue 2). */
static int sb_load(lua_State *L) {
  const char *mode = luaL_optstring(L, 3, "t");
  if (strcmp(mode, "t") != 0)
    return luaL_error(L, "load: only text chunks can be loaded (mode '%s' needs --trusted)", mode);
  int has_env = lua_gettop(L) >= 4;
  lua_settop(L, 4);
  lua_pushvalue(L, lua_upvalueindex(1)); /* the real load */
  lua_pushvalue(L, 1);
  lua_pushvalue(L, 2);
  lua_pushliteral(L, "t");
  if (has_env) lua_pushvalue(L, 4);
  else lua_pushvalue(L, lua_upvalueindex(2));
  lua_call(L, 4, 2);
  if (lua_isnil(L, -2)) return 2; /* nil, message */
  lua_pop(L, 1);
  return 1;
}

static int sb_open(lua_State *L) {
  const char *mode = luaL_optstring(L, 2, "r");
  if (strcmp(mode, "r") != 0 && strcmp(mode, "rb") != 0)
    return luaL_error(L, "io.open: scripts may only read files (mode '%s' needs --trusted)", mode);
  lua_settop(L, 2);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, 2, LUA_MULTRET);
  return lua_gettop(L);
}

/* io.lines needs a file name: without one it would read standard input. */
static int sb_lines(lua_State *L) {
  luaL_checkstring(L, 1);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
  return lua_gettop(L);
}

static int sb_collectgarbage(lua_State *L) {
  const char *opt = luaL_optstring(L, 1, "collect");
  static const char *const ok[] = {"collect", "count", "step", "isrunning", NULL};
  for (int i = 0; ok[i]; i++)
    if (!strcmp(opt, ok[i])) {
      lua_pushvalue(L, lua_upvalueindex(1));
      lua_insert(L, 1);
      lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
      return lua_gettop(L);
    }
  return luaL_error(L, "collectgarbage('%s') is not available to scripts", opt);
}

static void drop(lua_State *L, const char *table, const char *const *names) {
  lua_getglobal(L, table);
  for (; *names; names++) {
    lua_pushnil(L);
    lua_setfield(L, -2, *names);
  }
  lua_pop(L, 1);
}

static void wrap(lua_State *L, const char *table, const char *name, lua_CFunction f) {
  if (table) lua_getglobal(L, table);
  else lua_pushglobaltable(L);
  lua_getfield(L, -1, name);
  lua_pushcclosure(L, f, 1);
  lua_setfield(L, -2, name);
  lua_pop(L, 1);
}

void sandbox_open(lua_State *L, int trusted) {
  luaL_openlibs(L);
  lua_pushcfunction(L, sb_print);
  lua_setglobal(L, "print");
  lua_getglobal(L, "load");
  lua_setfield(L, LUA_REGISTRYINDEX, "glossa.load");
  if (trusted) return;
  static const char *const globals[] = {"dofile", "loadfile", "require", "package",
                                        "debug", NULL};
  for (const char *const *g = globals; *g; g++) {
    lua_pushnil(L);
    lua_setglobal(L, *g);
  }
  static const char *const os_drop[] = {"execute", "exit", "getenv", "remove", "rename",
                                        "tmpname", "setlocale", NULL};
  static const char *const io_drop[] = {"popen", "tmpfile", "write", "output", "input",
                                        "read", "stdout", "stdin", NULL};
  static const char *const string_drop[] = {"dump", NULL};
  drop(L, "os", os_drop);
  drop(L, "io", io_drop);
  drop(L, "string", string_drop);
  wrap(L, "io", "open", sb_open);
  wrap(L, "io", "lines", sb_lines);
  wrap(L, NULL, "collectgarbage", sb_collectgarbage);
  /* the global load too (reachable as _G.load): text only, _G by default */
  lua_getfield(L, LUA_REGISTRYINDEX, "glossa.load");
  lua_pushglobaltable(L);
  lua_pushcclosure(L, sb_load, 2);
  lua_setglobal(L, "load");
  lua_pushboolean(L, 1);
  lua_setfield(L, LUA_REGISTRYINDEX, "glossa.sandboxed");
}

void sandbox_env(lua_State *L) {
  lua_newtable(L);           /* env */
  lua_newtable(L);           /* its metatable */
  lua_pushglobaltable(L);
  lua_setfield(L, -2, "__index");
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "__metatable");
  lua_setmetatable(L, -2);
  lua_getfield(L, LUA_REGISTRYINDEX, "glossa.sandboxed");
  int sandboxed = lua_toboolean(L, -1);
  lua_pop(L, 1);
  if (!sandboxed) return;
  /* load defaults to this environment */
  lua_getfield(L, LUA_REGISTRYINDEX, "glossa.load");
  lua_pushvalue(L, -2);
  lua_pushcclosure(L, sb_load, 2);
  lua_setfield(L, -2, "load");
}

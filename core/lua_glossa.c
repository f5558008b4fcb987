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

static const luaL_Reg glossa_funcs[] = {
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

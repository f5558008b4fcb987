/* Iteration shared by the table-backed lists (NodeList, AnnotationList):
 * `for x in list do` calls list(nil, previous), and each element carries its
 * position (lelem.iter), so nested loops over one list work. */
#include "lua_api.h"

int llist_call(lua_State *L) {
  lua_Integer next = 1;
  if (!lua_isnoneornil(L, 3)) {
    lelem *e = lua_touserdata(L, 3);
    if (!e) return luaL_error(L, "list iteration: bad control value");
    next = e->iter + 1;
  }
  if (lua_type(L, 1) == LUA_TTABLE) {
    lua_rawgeti(L, 1, next);
  } else {
    lua_geti(L, 1, next);
  }
  return 1;
}

static int list_len(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)lua_rawlen(L, 1));
  return 1;
}

void llist_metatable(lua_State *L, const char *name, const luaL_Reg *methods) {
  luaL_newmetatable(L, name);
  lua_newtable(L);
  luaL_setfuncs(L, methods, 0);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, llist_call);
  lua_setfield(L, -2, "__call");
  lua_pushcfunction(L, list_len);
  lua_setfield(L, -2, "__len");
  lua_pushstring(L, name);
  lua_setfield(L, -2, "__name");
  lua_pushstring(L, name); /* protected, like every other metatable */
  lua_setfield(L, -2, "__metatable");
  lua_pop(L, 1);
}

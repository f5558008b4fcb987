/* lua_class.c: the one helper that defines glossa's Lua classes, and the
 * "did you mean" hint for names they do not have. */
#include "lua_class.h"

#include <string.h>

/* Levenshtein distance between a and b, or more than max (the rows are
 * short: names of at most 32 bytes are compared). */
static size_t distance(const char *a, const char *b, size_t max) {
  size_t la = strlen(a), lb = strlen(b);
  if (la > 32 || lb > 32) return max + 1;
  if ((la > lb ? la - lb : lb - la) > max) return max + 1;
  size_t row[33];
  for (size_t j = 0; j <= lb; j++) row[j] = j;
  for (size_t i = 1; i <= la; i++) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= lb; j++) {
      size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);
      if (up + 1 < best) best = up + 1;
      if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
      diag = up;
      row[j] = best;
    }
  }
  return row[lb];
}

/* One edit for short names, two from six letters on; swapped neighbours
 * ("txet") count as two edits, which is why a short name gets no hint for
 * them unless the swap is its only difference. */
static void consider(const char *key, const char *name, size_t *best, const char **pick) {
  size_t n = strlen(name), max = n >= 6 ? 2 : 1, d = distance(key, name, 2);
  size_t kl = strlen(key);
  if (d == 2 && kl == n && n >= 3) { /* a transposition of two neighbours */
    size_t i = 0;
    while (i < n && key[i] == name[i]) i++;
    if (i + 1 < n && key[i] == name[i + 1] && key[i + 1] == name[i] &&
        !strcmp(key + i + 2, name + i + 2))
      d = 1;
  }
  if (d <= max && d < *best) {
    *best = d;
    *pick = name;
  }
}

const char *lclass_suggest(const lclass *c, const char *key) {
  size_t best = 3;
  const char *pick = NULL;
  for (const luaL_Reg *r = c->methods; r && r->name; r++) consider(key, r->name, &best, &pick);
  for (const char *const *f = c->field_names; f && *f; f++) consider(key, *f, &best, &pick);
  return pick;
}

/* __index: upvalue 1 the methods table, 2 the class (a light userdata). */
static int class_index(lua_State *L) {
  const lclass *c = lua_touserdata(L, lua_upvalueindex(2));
  lua_settop(L, 2);
  if (c->fields && c->fields(L)) return 1;
  if (lua_type(L, 2) != LUA_TSTRING) {
    lua_pushnil(L);
    return 1;
  }
  if (lua_getfield(L, lua_upvalueindex(1), lua_tostring(L, 2)) != LUA_TNIL) return 1;
  const char *near = lclass_suggest(c, lua_tostring(L, 2));
  if (near)
    return luaL_error(L, "no field or method '%s' on %s; did you mean '%s'?", lua_tostring(L, 2),
                      c->name, near);
  lua_pushnil(L);
  return 1;
}

/* __eq: upvalue 1 the class. Lua calls it for two userdata that are not
 * the same object, whatever their classes: either may be of another. */
static int class_eq(lua_State *L) {
  const lclass *c = lua_touserdata(L, lua_upvalueindex(1));
  const char *a = luaL_testudata(L, 1, c->name), *b = luaL_testudata(L, 2, c->name);
  int same = a && b && !memcmp(a + c->same_at, b + c->same_at, c->same_len);
  if (same) {
    lua_getiuservalue(L, 1, 1);
    lua_getiuservalue(L, 2, 1);
    same = lua_rawequal(L, -1, -2);
  }
  lua_pushboolean(L, same);
  return 1;
}

void lclass_define(lua_State *L, const lclass *c) {
  luaL_newmetatable(L, c->name);
  if (c->meta) luaL_setfuncs(L, c->meta, 0);
  if (c->same_len) {
    lua_pushlightuserdata(L, (void *)c);
    lua_pushcclosure(L, class_eq, 1);
    lua_setfield(L, -2, "__eq");
  }
  lua_newtable(L);
  if (c->methods) luaL_setfuncs(L, c->methods, 0);
  lua_pushlightuserdata(L, (void *)c);
  lua_pushcclosure(L, class_index, 2);
  lua_setfield(L, -2, "__index");
  lua_pushstring(L, c->name);
  lua_setfield(L, -2, "__metatable");
  lua_pop(L, 1);
}

const lclass *lclass_of(lua_State *L, const char *name) {
  const lclass *c = NULL;
  int top = lua_gettop(L);
  if (luaL_getmetatable(L, name) == LUA_TTABLE && lua_getfield(L, -1, "__index") == LUA_TFUNCTION &&
      lua_tocfunction(L, -1) == class_index && lua_getupvalue(L, -1, 2))
    c = lua_touserdata(L, -1);
  lua_settop(L, top);
  return c;
}

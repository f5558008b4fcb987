#include "lua_glossa.h"
#include "lua_rule.h"

#include "lua_api.h"
#include "lua_lang.h"
#include "outstyle.h"
#include "script.h"

#include <lauxlib.h>
#include <stdio.h>
#include <string.h>

/* glossa.log(...): a line on stderr naming the script and line. */
int lglossa_write_args(lua_State *L, int placed, char sep) {
  int n = lua_gettop(L);
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  if (placed) {
    lua_Debug ar;
    if (lua_getstack(L, 1, &ar) && lua_getinfo(L, "Sl", &ar) && ar.currentline > 0)
      lua_pushfstring(L, "%s:%d: ", ar.short_src, ar.currentline);
    else
      lua_pushliteral(L, "glossa: ");
    luaL_addvalue(&b);
  }
  for (int i = 1; i <= n; i++) {
    if (i > 1) luaL_addchar(&b, sep);
    luaL_tolstring(L, i, NULL);
    luaL_addvalue(&b);
  }
  luaL_addchar(&b, '\n');
  luaL_pushresult(&b);
  size_t len;
  const char *s = lua_tolstring(L, -1, &len);
  buf *say = script_say(L); /* with the document's messages, in order */
  if (!say || buf_add(say, s, len)) {
    fwrite(s, 1, len, stderr);
    fflush(stderr);
  }
  return 0;
}

/* glossa.log(...): the arguments on one line of stderr, after the
 * script's file and line. */
static int glossa_log(lua_State *L) { return lglossa_write_args(L, 1, ' '); }

/* The counters live in the registry under the address of this variable: a
 * light userdata key, so that reading them never allocates. */
static const char counts_key = 0;

static void push_counts(lua_State *L) {
  if (lua_rawgetp(L, LUA_REGISTRYINDEX, &counts_key) == LUA_TNIL) {
    lua_pop(L, 1);
    lua_newtable(L);
    lua_pushvalue(L, -1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &counts_key);
  }
}

/* glossa.count(key [, n]): adds n (default 1) to a corpus-wide counter. Each
 * worker counts on its own; the counts are summed before finish runs, so
 * glossa.counts() there is the same for any -j. Counters hold numbers only
 * (n = "5" counts 5), so that summing them runs no metamethod. */
static int glossa_count(lua_State *L) {
  luaL_checkstring(L, 1);
  lua_settop(L, 2);
  if (lua_isnil(L, 2)) lua_pushinteger(L, 1);
  else if (lua_isinteger(L, 2)) lua_pushinteger(L, lua_tointeger(L, 2));
  else lua_pushnumber(L, luaL_checknumber(L, 2));
  lua_replace(L, 2);
  push_counts(L);
  lua_pushvalue(L, 1);
  if (lua_rawget(L, 3) == LUA_TNIL) {
    lua_pop(L, 1);
    lua_pushinteger(L, 0);
  }
  lua_pushvalue(L, 2);
  lua_arith(L, LUA_OPADD); /* two numbers: no metamethod */
  lua_pushvalue(L, 1);
  lua_insert(L, -2);
  lua_rawset(L, 3);
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
    lua_rawset(L, -4);
  }
  return 1;
}

/* Adds the counts of the state given as light userdata (read without
 * allocating there) into L's; run protected. */
static int p_merge(lua_State *L) {
  lua_State *from = lua_touserdata(L, 1);
  push_counts(L);
  int into = lua_gettop(L);
  if (lua_rawgetp(from, LUA_REGISTRYINDEX, &counts_key) != LUA_TTABLE) {
    lua_pop(from, 1);
    return 0;
  }
  lua_pushnil(from);
  while (lua_next(from, -2)) {
    size_t kl;
    const char *k = lua_tolstring(from, -2, &kl); /* keys are strings: no conversion */
    lua_pushlstring(L, k, kl);
    lua_pushvalue(L, -1);
    if (lua_rawget(L, into) == LUA_TNIL) {
      lua_pop(L, 1);
      lua_pushinteger(L, 0);
    }
    if (lua_isinteger(from, -1)) lua_pushinteger(L, lua_tointeger(from, -1));
    else lua_pushnumber(L, lua_tonumber(from, -1));
    lua_arith(L, LUA_OPADD);
    lua_rawset(L, into);
    lua_pop(from, 1);
  }
  lua_pop(from, 1);
  return 0;
}

int lglossa_merge_counts(lua_State *into, lua_State *from) {
  lua_pushcfunction(into, p_merge);
  lua_pushlightuserdata(into, from);
  if (lua_pcall(into, 1, 0, 0) == LUA_OK) return 0;
  lua_pop(into, 1);
  return -1;
}

/* The colours glossa.style set, label -> 0xRRGGBB, in the registry under
 * this variable's address. */
static const char styles_key = 0;

/* glossa.style{LABEL = "#rrggbb", ...}: the colours -f html gives these
 * labels (over --style FILE's); each call adds to, or changes, the last. A
 * value that is no colour is an error naming its label, and nothing of
 * that call is kept. */
static int glossa_style(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 1);
  lua_pushnil(L);
  while (lua_next(L, 1)) { /* check all first */
    uint32_t rgb;
    size_t len;
    if (lua_type(L, -2) != LUA_TSTRING)
      return luaL_error(L, "glossa.style: the keys are labels (strings), not a %s", luaL_typename(L, -2));
    const char *v = lua_type(L, -1) == LUA_TSTRING ? lua_tolstring(L, -1, &len) : NULL;
    if (!v || outstyle_colour(v, len, &rgb)) {
      const char *label = lua_tostring(L, -2);
      const char *what = v ? lua_pushfstring(L, "\"%s\"", v) : luaL_typename(L, -1);
      return luaL_error(L, "glossa.style: label \"%s\": %s is no colour (want \"#rgb\" or \"#rrggbb\")",
                        label, what);
    }
    lua_pop(L, 1);
  }
  if (lua_rawgetp(L, LUA_REGISTRYINDEX, &styles_key) != LUA_TTABLE) {
    lua_pop(L, 1);
    lua_newtable(L);
    lua_pushvalue(L, -1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &styles_key);
  }
  lua_pushnil(L);
  while (lua_next(L, 1)) {
    size_t len;
    const char *v = lua_tolstring(L, -1, &len);
    uint32_t rgb = 0;
    outstyle_colour(v, len, &rgb);
    lua_pop(L, 1);
    lua_pushvalue(L, -1);
    lua_pushinteger(L, (lua_Integer)rgb);
    lua_rawset(L, 2);
  }
  return 0;
}

int lglossa_styles(lua_State *L, outstyle *into) {
  outstyle_clear(into);
  if (lua_rawgetp(L, LUA_REGISTRYINDEX, &styles_key) != LUA_TTABLE) {
    lua_pop(L, 1);
    return 0;
  }
  int rc = 0;
  lua_pushnil(L);
  while (lua_next(L, -2)) { /* string keys, integer values: no conversion */
    size_t len;
    const char *k = lua_tolstring(L, -2, &len);
    if (!rc && outstyle_set(into, k, len, (uint32_t)lua_tointeger(L, -1))) rc = -1;
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  return rc;
}

static const luaL_Reg glossa_funcs[] = {
    {"count", glossa_count},
    {"counts", glossa_counts},
    {"log", glossa_log},
    {"style", glossa_style},
    {"regex", lregex_new},
    {"dict", ldict_new},
    {"rule", lrule_new_rule},
    {"rules", lrule_new_set},
    {"abbreviations", llang_abbreviations},
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

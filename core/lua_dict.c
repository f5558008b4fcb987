/* The glossa.Dict binding and :lookup on documents and spans. */
#include <string.h>

#include "dict.h"
#include "dictcache.h"
#include "lua_api.h"

#define LDICT_MT "glossa.Dict"

typedef struct ldict {
  dict *d;
  int shared; /* a reference from dictcache (the file form) */
} ldict;

static dict *check(lua_State *L, int idx) {
  ldict *u = luaL_checkudata(L, idx, LDICT_MT);
  if (!u->d) luaL_error(L, "the dictionary is freed");
  return u->d;
}

static int opt_bool(lua_State *L, int t, const char *k, int dflt) {
  if (!t) return dflt;
  lua_getfield(L, t, k);
  int v = lua_isnil(L, -1) ? dflt : lua_toboolean(L, -1);
  lua_pop(L, 1);
  return v;
}

/* glossa.dict(source [, {nocase=, words=, overlaps=}]): source is an array
 * of names, a table name → value, or the path of a file with one name per
 * line (optionally a TAB and the value). */
static int dict_create(lua_State *L) {
  int t = lua_type(L, 1);
  if (t != LUA_TTABLE && t != LUA_TSTRING) return luaL_typeerror(L, 1, "table or file name");
  int opts = 0;
  if (!lua_isnoneornil(L, 2)) {
    luaL_checktype(L, 2, LUA_TTABLE);
    opts = 2;
    lua_pushnil(L);
    while (lua_next(L, 2)) {
      const char *k = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "";
      if (strcmp(k, "nocase") && strcmp(k, "words") && strcmp(k, "overlaps"))
        return luaL_argerror(L, 2, "the options are nocase, words and overlaps");
      lua_pop(L, 1);
    }
  }
  dict_opts o = {opt_bool(L, opts, "nocase", 0), opt_bool(L, opts, "words", 1), 0};
  if (opts) {
    lua_getfield(L, 2, "overlaps");
    const char *ov = luaL_optstring(L, -1, "longest");
    if (!strcmp(ov, "all")) o.all = 1;
    else if (strcmp(ov, "longest")) return luaL_argerror(L, 2, "overlaps must be \"longest\" or \"all\"");
    lua_pop(L, 1);
  }
  lua_settop(L, 2);
  ldict *u = lua_newuserdatauv(L, sizeof *u, 0); /* owns the dict from here */
  u->d = NULL;
  u->shared = 0;
  luaL_setmetatable(L, LDICT_MT);
  if (t == LUA_TSTRING) { /* built once, shared by every worker */
    buf err = BUF_INIT;
    u->d = dictcache_get(lua_tostring(L, 1), &o, &err);
    if (!u->d) {
      lua_pushstring(L, err.s ? err.s : "cannot read the dictionary");
      buf_free(&err);
      return lua_error(L);
    }
    u->shared = 1;
    return 1;
  }
  u->d = dict_new(&o);
  if (!u->d) return luaL_error(L, "out of memory");
  {
    lua_pushnil(L);
    while (lua_next(L, 1)) {
      size_t kl, vl = 0;
      const char *key, *val = NULL;
      if (lua_type(L, -2) == LUA_TNUMBER) { /* an array of names */
        if (lua_type(L, -1) != LUA_TSTRING)
          return luaL_error(L, "glossa.dict: entry %I must be a string (got %s)",
                            lua_tointeger(L, -2), luaL_typename(L, -1));
        key = lua_tolstring(L, -1, &kl);
      } else if (lua_type(L, -2) == LUA_TSTRING) { /* name → value */
        key = lua_tolstring(L, -2, &kl);
        int vt = lua_type(L, -1);
        if (vt == LUA_TSTRING) val = lua_tolstring(L, -1, &vl);
        else if (vt != LUA_TBOOLEAN || !lua_toboolean(L, -1))
          return luaL_error(L, "glossa.dict: the value of '%s' must be a string or true", key);
      } else {
        return luaL_error(L, "glossa.dict: keys must be names or array positions");
      }
      if (dict_add(u->d, key, kl, val, vl))
        return luaL_error(L, "glossa.dict: '%s' is not valid UTF-8", key);
      lua_pop(L, 1);
    }
  }
  if (dict_build(u->d)) return luaL_error(L, "out of memory");
  return 1;
}

typedef struct scan {
  lua_State *L;
  lspans *l;
  const dict *d;
  const text_view *v;
} scan;

static int on_hit(void *ud, size_t start, size_t end, size_t entry) {
  scan *sc = ud;
  lspans_add_extra(sc->L, sc->l, start, end, entry); /* raises only out of memory */
  return 0;
}

static int on_region(void *ud, size_t from, size_t to) {
  scan *sc = ud;
  return dict_scan(sc->d, sc->v->s, sc->v->len, from, to, on_hit, sc);
}

/* doc:lookup(dict) and span:lookup(dict): the dictionary's hits, never
 * across a block boundary nor in masked text. Each span has .value and
 * .entry. */
static int dict_lookup(lua_State *L) {
  const dict *dd = check(L, 2);
  size_t from, to;
  document *d = lspan_range(L, 1, &from, &to);
  int docidx = lua_gettop(L);
  scan sc = {L, lspans_new(L, docidx), dd, &d->view};
  sc.l->kind = LSPANS_DICT;
  lua_pushvalue(L, 2);
  lua_setiuservalue(L, -2, 2);
  lspans_set_matcher(L, "dict");
  if (text_regions(&d->view, from, to, 0, on_region, &sc) < 0) return luaL_error(L, "out of memory");
  return 1;
}

const char *ldict_entry_key(lua_State *L, int listidx, size_t entry) {
  lua_getiuservalue(L, listidx, 2);
  const dict *d = check(L, -1);
  lua_pop(L, 1);
  return dict_key(d, entry);
}

const char *ldict_entry_value(lua_State *L, int listidx, size_t entry) {
  lua_getiuservalue(L, listidx, 2);
  const dict *d = check(L, -1);
  lua_pop(L, 1);
  return dict_value(d, entry);
}

/* span.value and span.entry for spans of a lookup; nil otherwise. */
void ldict_span_field(lua_State *L, int spanidx, size_t item, const char *k) {
  lua_getiuservalue(L, spanidx, 2);
  lspans *l = luaL_testudata(L, -1, LSPANS_MT);
  if (!l || l->kind != LSPANS_DICT || item == 0 || item > l->n) {
    lua_pop(L, 1);
    lua_pushnil(L);
    return;
  }
  lua_getiuservalue(L, -1, 2);
  const dict *d = check(L, -1);
  size_t entry = l->v[item - 1].extra;
  lua_pop(L, 2);
  if (k[0] == 'v') {
    const char *v = dict_value(d, entry);
    if (v) lua_pushlstring(L, v, dict_value_len(d, entry));
    else lua_pushnil(L);
  } else {
    lua_pushstring(L, dict_key(d, entry));
  }
}

static int dict_gc(lua_State *L) {
  ldict *u = luaL_checkudata(L, 1, LDICT_MT);
  if (u->shared) dictcache_put(u->d);
  else dict_free(u->d);
  u->d = NULL;
  return 0;
}

static int dict_len(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)dict_count(check(L, 1)));
  return 1;
}

static int dict_tostring(lua_State *L) {
  lua_pushfstring(L, "Dict(%I entries)", (lua_Integer)dict_count(check(L, 1)));
  return 1;
}

static int dict_index(lua_State *L) {
  const dict *d = check(L, 1);
  const char *k = luaL_checkstring(L, 2);
  if (!strcmp(k, "count")) lua_pushinteger(L, (lua_Integer)dict_count(d));
  else lua_pushnil(L);
  return 1;
}

void ldict_open(lua_State *L) {
  luaL_newmetatable(L, LDICT_MT);
  lua_pushcfunction(L, dict_index);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, dict_gc);
  lua_setfield(L, -2, "__gc");
  lua_pushcfunction(L, dict_len);
  lua_setfield(L, -2, "__len");
  lua_pushcfunction(L, dict_tostring);
  lua_setfield(L, -2, "__tostring");
  lua_pushliteral(L, LDICT_MT);
  lua_setfield(L, -2, "__metatable");
  lua_pop(L, 1);
}

int ldict_new(lua_State *L) { return dict_create(L); }
int ldict_lookup(lua_State *L) { return dict_lookup(L); }

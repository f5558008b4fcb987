#include <stdlib.h>
#include <string.h>

#include "lua_api.h"

lspans *lspans_new(lua_State *L, int docidx) {
  docidx = lua_absindex(L, docidx);
  lspans *l = lua_newuserdatauv(L, sizeof *l, 2);
  memset(l, 0, sizeof *l);
  luaL_setmetatable(L, LSPANS_MT);
  lua_pushvalue(L, docidx);
  lua_setiuservalue(L, -2, 1);
  return l;
}

void lspans_add_extra(lua_State *L, lspans *l, size_t start, size_t end, size_t extra) {
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 16;
    void *v = realloc(l->v, cap * sizeof *l->v);
    if (!v) luaL_error(L, "out of memory");
    l->v = v;
    l->cap = cap;
  }
  l->v[l->n].start = start;
  l->v[l->n].end = end;
  l->v[l->n].extra = extra;
  l->n++;
}

void lspans_add(lua_State *L, lspans *l, size_t start, size_t end) {
  lspans_add_extra(L, l, start, end, 0);
}

size_t lspans_add_caps(lua_State *L, lspans *l, const size_t *ov, size_t n) {
  if (l->ncaps + n > l->capcap) {
    size_t cap = l->capcap ? l->capcap * 2 : 64;
    while (cap < l->ncaps + n) cap *= 2;
    void *v = realloc(l->caps, cap * sizeof *l->caps);
    if (!v) luaL_error(L, "out of memory");
    l->caps = v;
    l->capcap = cap;
  }
  memcpy(l->caps + l->ncaps, ov, n * sizeof *ov);
  l->ncaps += n;
  return l->ncaps - n;
}

static lspans *check(lua_State *L, int idx) {
  lspans *l = luaL_checkudata(L, idx, LSPANS_MT);
  ldoc_owner(L, idx); /* pushes the Document */
  return l;
}

static int spans_gc(lua_State *L) {
  lspans *l = luaL_checkudata(L, 1, LSPANS_MT);
  free(l->v);
  free(l->caps);
  l->v = NULL;
  l->caps = NULL;
  l->n = l->cap = l->ncaps = l->capcap = 0;
  return 0;
}

static int spans_len(lua_State *L) {
  lspans *l = check(L, 1);
  lua_pushinteger(L, (lua_Integer)l->n);
  return 1;
}

void lspans_push_item(lua_State *L, int idx, lspans *l, int docidx, lua_Integer i) {
  if (i < 1 || (size_t)i > l->n) {
    lua_pushnil(L);
    return;
  }
  idx = lua_absindex(L, idx);
  lspan_push(L, docidx, l->v[i - 1].start, l->v[i - 1].end, i);
  if (l->kind != LSPANS_PLAIN) {
    ((lspan *)lua_touserdata(L, -1))->item = (size_t)i;
    lua_pushvalue(L, idx);
    lua_setiuservalue(L, -2, 2);
  }
}


/* for s in list do: list(nil, previous span) */
static int spans_call(lua_State *L) {
  lua_settop(L, 3);
  lspans *l = check(L, 1);
  int docidx = lua_gettop(L);
  lua_Integer next = 1;
  if (!lua_isnoneornil(L, 3)) next = lspan_check(L, 3)->iter + 1;
  lspans_push_item(L, 1, l, docidx, next);
  return 1;
}

static int spans_first(lua_State *L) {
  lspans *l = check(L, 1);
  lspans_push_item(L, 1, l, lua_gettop(L), 1);
  return 1;
}

/* list:annotate{...}: one annotation per span, in C. Returns the count. */
static int spans_annotate(lua_State *L) {
  luaL_checktype(L, 2, LUA_TTABLE);
  lua_settop(L, 2);
  lspans *l = check(L, 1);
  document *d = ldoc_owner(L, 1);
  lannot_add(L, d, 2, l->v, l->n); /* checks the fields even for no spans */
  lua_pushinteger(L, (lua_Integer)l->n);
  return 1;
}

static int spans_index(lua_State *L) {
  lua_settop(L, 2);
  lspans *l = check(L, 1);
  int docidx = lua_gettop(L);
  if (lua_type(L, 2) == LUA_TNUMBER) {
    lspans_push_item(L, 1, l, docidx, luaL_checkinteger(L, 2));
    return 1;
  }
  lua_getfield(L, lua_upvalueindex(1), luaL_checkstring(L, 2));
  return 1;
}

static int spans_tostring(lua_State *L) {
  lspans *l = luaL_checkudata(L, 1, LSPANS_MT);
  lua_pushfstring(L, "SpanList(%I spans)", (lua_Integer)l->n);
  return 1;
}

static const luaL_Reg spans_methods[] = {
    {"first", spans_first},
    {"annotate", spans_annotate},
    {NULL, NULL}};

void lspans_open(lua_State *L) {
  luaL_newmetatable(L, LSPANS_MT);
  luaL_newlib(L, spans_methods);
  lua_pushcclosure(L, spans_index, 1);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, spans_call);
  lua_setfield(L, -2, "__call");
  lua_pushcfunction(L, spans_len);
  lua_setfield(L, -2, "__len");
  lua_pushcfunction(L, spans_gc);
  lua_setfield(L, -2, "__gc");
  lua_pushcfunction(L, spans_tostring);
  lua_setfield(L, -2, "__tostring");
  lua_pushliteral(L, LSPANS_MT);
  lua_setfield(L, -2, "__metatable");
  lua_pop(L, 1);
}

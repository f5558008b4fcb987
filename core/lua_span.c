#include <string.h>

#include "lua_api.h"
#include "utf8.h"

void lspan_push(lua_State *L, int docidx, size_t start, size_t end,
                lua_Integer iter) {
  docidx = lua_absindex(L, docidx);
  lspan *u = lua_newuserdatauv(L, sizeof *u, 2);
  u->start = start;
  u->end = end;
  u->iter = iter;
  u->item = 0;
  luaL_setmetatable(L, LSPAN_MT);
  lua_pushvalue(L, docidx);
  lua_setiuservalue(L, -2, 1);
}

lspan *lspan_check(lua_State *L, int idx) {
  return luaL_checkudata(L, idx, LSPAN_MT);
}

document *lspan_range(lua_State *L, int idx, size_t *from, size_t *to) {
  idx = lua_absindex(L, idx);
  if (luaL_testudata(L, idx, LDOC_MT)) {
    document *d = ldoc_check(L, idx);
    lua_pushvalue(L, idx);
    *from = 0;
    *to = d->view.len;
    return d;
  }
  lspan *s = lspan_check(L, idx);
  document *d = ldoc_owner(L, idx);
  *from = s->start;
  *to = s->end;
  return d;
}

static int span_annotate(lua_State *L) {
  lspan *s = lspan_check(L, 1);
  luaL_checktype(L, 2, LUA_TTABLE);
  lua_settop(L, 2);
  document *d = ldoc_owner(L, 1);
  int docidx = lua_gettop(L);
  struct lspans_item it = {s->start, s->end, 0};
  size_t i = lannot_add(L, d, 2, &it, 1);
  lannot_push(L, docidx, i, 0);
  return 1;
}

static int span_index(lua_State *L) {
  lspan *s = lspan_check(L, 1);
  const char *k = luaL_checkstring(L, 2);
  lua_settop(L, 2);
  document *d = ldoc_owner(L, 1);
  if (!strcmp(k, "start")) lua_pushinteger(L, (lua_Integer)s->start + 1);
  else if (!strcmp(k, "stop")) lua_pushinteger(L, (lua_Integer)s->end);
  else if (!strcmp(k, "text")) lua_pushlstring(L, d->view.s + s->start, s->end - s->start);
  else if (!strcmp(k, "line") || !strcmp(k, "col")) {
    unsigned long line, col;
    text_linecol(&d->view, s->start, &line, &col);
    lua_pushinteger(L, (lua_Integer)(k[0] == 'l' ? line : col));
  } else {
    lua_getfield(L, lua_upvalueindex(1), k);
  }
  return 1;
}

static int span_len(lua_State *L) {
  lspan *s = lspan_check(L, 1);
  ldoc_owner(L, 1);
  lua_pushinteger(L, (lua_Integer)(s->end - s->start));
  return 1;
}

static int span_eq(lua_State *L) {
  lspan *a = luaL_testudata(L, 1, LSPAN_MT), *b = luaL_testudata(L, 2, LSPAN_MT);
  int same = a && b && a->start == b->start && a->end == b->end;
  if (same) {
    lua_getiuservalue(L, 1, 1);
    lua_getiuservalue(L, 2, 1);
    same = lua_rawequal(L, -1, -2);
  }
  lua_pushboolean(L, same);
  return 1;
}

/* [start,stop] "text", with long text shortened */
static int span_tostring(lua_State *L) {
  lspan *s = lspan_check(L, 1);
  lua_getiuservalue(L, 1, 1);
  ldoc *du = luaL_testudata(L, -1, LDOC_MT);
  if (!du || !du->d) {
    lua_pushfstring(L, "[%d,%d] (document closed)", (int)s->start + 1, (int)s->end);
    return 1;
  }
  const char *t = du->d->view.s + s->start;
  size_t n = s->end - s->start, cut = n;
  if (utf8_count(t, n) > 60) {
    cut = 0;
    for (int k = 0; k < 57 && cut < n; k++) {
      uint32_t cp;
      size_t w = utf8_decode(t + cut, n - cut, &cp);
      cut += w ? w : 1;
    }
  }
  lua_pushfstring(L, "[%I,%I] \"", (lua_Integer)s->start + 1, (lua_Integer)s->end);
  lua_pushlstring(L, t, cut);
  lua_pushstring(L, cut < n ? "…\"" : "\"");
  lua_concat(L, 3);
  return 1;
}

int lregex_capture(lua_State *L, lspans *l, int listidx, int docidx, size_t item);

/* span:capture(n or name): a group of the regex match this span is. */
static int span_capture(lua_State *L) {
  lspan *s = lspan_check(L, 1);
  lua_settop(L, 2);
  ldoc_owner(L, 1);
  lua_getiuservalue(L, 1, 2);
  lspans *l = luaL_testudata(L, 4, LSPANS_MT);
  if (!l || l->kind != LSPANS_REGEX || !s->item || s->item > l->n)
    return luaL_error(L, "capture: this span is not a regex match (use the spans of :match)");
  return lregex_capture(L, l, 4, 3, s->item);
}

static const luaL_Reg span_methods[] = {
    {"annotate", span_annotate},
    {"capture", span_capture},
    {"match", lregex_match},
    {NULL, NULL}};

void lspan_open(lua_State *L) {
  luaL_newmetatable(L, LSPAN_MT);
  luaL_newlib(L, span_methods);
  lua_pushcclosure(L, span_index, 1);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, span_len);
  lua_setfield(L, -2, "__len");
  lua_pushcfunction(L, span_eq);
  lua_setfield(L, -2, "__eq");
  lua_pushcfunction(L, span_tostring);
  lua_setfield(L, -2, "__tostring");
  lua_pushliteral(L, LSPAN_MT);
  lua_setfield(L, -2, "__metatable");
  lua_pop(L, 1);
}

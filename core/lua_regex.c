/* The glossa.Regex binding and :match on documents and spans. */
#include <string.h>

#include "lua_api.h"
#include "lua_mem.h"
#include "lua_rule.h"
#include "lua_spanlist.h"
#include "regex.h"
#include "script.h"
#include "lua_class.h"

#define LREGEX_MT "glossa.Regex"
#define CACHE_KEY "glossa.regex.cache"
#define CACHE_MAX 256

typedef struct lregex {
  regex *re;
  long long charged; /* bytes charged to the state for re (script_charge) */
} lregex;

static regex *check(lua_State *L, int idx) {
  lregex *u = luaL_checkudata(L, idx, LREGEX_MT);
  if (!u->re) luaL_error(L, "regex is freed");
  return u->re;
}

regex *lregex_check(lua_State *L, int idx) { return check(L, idx); }

/* Compiles and pushes a Regex; raises with the pattern, PCRE2's message and
 * the offset. Its C memory counts against --max-memory. */
static regex *push_new(lua_State *L, const char *pat, size_t len, const char *flags) {
  lregex *u = lua_newuserdatauv(L, sizeof *u, 0);
  u->re = NULL;
  u->charged = 0;
  luaL_setmetatable(L, LREGEX_MT); /* owns the regex from here */
  buf err = BUF_INIT;
  u->re = regex_new(pat, len, flags, &err);
  if (!u->re) { /* the message copied in protected mode, then freed */
    int oom = lmem_pushlstring(L, err.s ? err.s : "?", err.s ? err.len : 1);
    size_t need = err.len;
    buf_free(&err);
    if (oom) lmem_error(L, need);
    luaL_error(L, "bad regex '%s': %s", pat, lua_tostring(L, -1));
  }
  long long bytes = (long long)regex_memory(u->re);
  lmem_charge(L, bytes);
  u->charged = bytes;
  return u->re;
}

int lregex_new(lua_State *L) {
  size_t len;
  const char *pat = luaL_checklstring(L, 1, &len);
  const char *flags = luaL_optstring(L, 2, "");
  push_new(L, pat, len, flags);
  return 1;
}

/* The Regex for the argument at idx: a Regex, or a pattern string compiled
 * once and kept (up to CACHE_MAX patterns) for the calls that follow. Pushes
 * it. */
static regex *to_regex(lua_State *L, int idx, const char *flags) {
  if (lua_type(L, idx) != LUA_TSTRING) {
    regex *re = check(L, idx);
    lua_pushvalue(L, idx);
    return re;
  }
  size_t len;
  const char *pat = lua_tolstring(L, idx, &len);
  lua_getfield(L, LUA_REGISTRYINDEX, CACHE_KEY);
  if (lua_isnil(L, -1)) {
    lua_pop(L, 1);
    lua_newtable(L);
    lua_pushvalue(L, -1);
    lua_setfield(L, LUA_REGISTRYINDEX, CACHE_KEY);
  }
  int cache = lua_gettop(L);
  lua_pushvalue(L, idx);
  lua_pushliteral(L, "\0");
  lua_pushstring(L, flags);
  lua_concat(L, 3);
  int key = lua_gettop(L);
  lua_pushvalue(L, key);
  if (lua_rawget(L, cache) != LUA_TNIL) {
    lregex *u = lua_touserdata(L, -1);
    lua_replace(L, cache);
    lua_settop(L, cache);
    return u->re;
  }
  lua_pop(L, 1);
  regex *re = push_new(L, pat, len, flags);
  lua_getfield(L, cache, "n");
  lua_Integer n = lua_tointeger(L, -1) + 1;
  lua_pop(L, 1);
  if (n > CACHE_MAX) { /* start afresh rather than grow without bound */
    lua_newtable(L);
    lua_setfield(L, LUA_REGISTRYINDEX, CACHE_KEY);
  } else {
    lua_pushvalue(L, key);
    lua_pushvalue(L, -2);
    lua_rawset(L, cache);
    lua_pushinteger(L, n);
    lua_setfield(L, cache, "n");
  }
  lua_replace(L, cache);
  lua_settop(L, cache);
  return re;
}

typedef struct scan {
  lua_State *L;
  const atomic_int *stop;
  lspans *l;
  regex *re;
  buf *err;
  const text_view *v;
  size_t from, to;
  int across;
} scan;

/* Called by regex_scan, which holds no memory: appends without raising. */
static int on_hit(void *ud, const size_t *ov, uint32_t n) {
  scan *sc = ud;
  if (atomic_load(sc->stop)) return LSPANS_STOP;
  size_t s = ov[0], e = ov[1] < ov[0] ? ov[0] : ov[1];
  /* one empty match where two regions meet, not two */
  if (s == e && sc->l->n && sc->l->v[sc->l->n - 1].start == s && sc->l->v[sc->l->n - 1].end == e)
    return 0;
  size_t at;
  if (lspans_try_add_caps(sc->L, sc->l, ov, 2 * (size_t)n, &at)) return LSPANS_FULL;
  return lspans_try_add(sc->L, sc->l, s, e, at);
}

static int on_region(void *ud, size_t from, size_t to) {
  scan *sc = ud;
  if (script_stopped(sc->L)) return LSPANS_STOP;
  return regex_scan(sc->re, sc->v->s, from, to, on_hit, sc, sc->err);
}

static int run(void *ud) {
  scan *sc = ud;
  return text_regions(sc->v, sc->from, sc->to, sc->across, on_region, sc);
}

/* doc:match(re [, flags | {flags=, across_blocks=}]) and span:match(...) */
int lregex_match(lua_State *L) {
  if (lrule_is_rule(L, 2)) return lrule_match(L);
  const char *flags = "";
  int across = 0;
  if (lua_type(L, 3) == LUA_TSTRING) {
    flags = lua_tostring(L, 3);
  } else if (lua_type(L, 3) == LUA_TTABLE) {
    lua_getfield(L, 3, "flags");
    if (!lua_isnil(L, -1)) flags = luaL_checkstring(L, -1);
    lua_getfield(L, 3, "across_blocks");
    across = lua_toboolean(L, -1);
    lua_pop(L, 1); /* flags stays on the stack, alive */
  } else if (!lua_isnoneornil(L, 3)) {
    return luaL_typeerror(L, 3, "flags string or options table");
  }
  if (lua_type(L, 2) != LUA_TSTRING && !luaL_testudata(L, 2, LREGEX_MT))
    return luaL_typeerror(L, 2, "Regex, pattern string, Rule or RuleSet");
  size_t from, to;
  document *d = lspan_range(L, 1, &from, &to);
  int docidx = lua_gettop(L);
  buf err = BUF_INIT; /* PCRE2's message, if it gives up */
  scan sc = {L, script_stop_flag(L), NULL, NULL, &err, &d->view, from, to, across};
  sc.re = to_regex(L, 2, flags);
  int reidx = lua_gettop(L);
  sc.l = lspans_new(L, docidx);
  sc.l->kind = LSPANS_REGEX;
  sc.l->groups = regex_groups(sc.re);
  lua_pushvalue(L, reidx);
  lua_setiuservalue(L, -2, 2);
  lspans_set_matcher(L, "regex: %s", regex_pattern(sc.re));
  /* (err is only written by a scan that returns -1, after which nothing
   * raises until it is freed) */
  if (lspans_scan(L, sc.l, run, &sc) < 0) {
    int oom = lmem_pushlstring(L, err.s ? err.s : "regex failed", err.s ? err.len : 12);
    size_t need = err.len;
    buf_free(&err);
    if (oom) return lmem_error(L, need);
    return lua_error(L);
  }
  return 1;
}

static int lregex_gc(lua_State *L) {
  lregex *u = luaL_checkudata(L, 1, LREGEX_MT);
  regex_free(u->re);
  u->re = NULL;
  if (u->charged) script_charge(L, -u->charged);
  u->charged = 0;
  return 0;
}

static int lregex_index(lua_State *L) {
  regex *re = check(L, 1);
  const char *k = luaL_checkstring(L, 2);
  if (!strcmp(k, "pattern")) lua_pushstring(L, regex_pattern(re));
  else if (!strcmp(k, "groups")) lua_pushinteger(L, regex_groups(re));
  else return 0;
  return 1;
}

static int lregex_tostring(lua_State *L) {
  regex *re = check(L, 1);
  lua_pushfstring(L, "Regex(%s)", regex_pattern(re));
  return 1;
}

/* Span captures: span:capture(n or name) for spans of a match list. */
int lregex_capture(lua_State *L, lspans *l, int listidx, int docidx, size_t item) {
  lua_Integer k;
  if (lua_type(L, 2) == LUA_TSTRING) {
    lua_getiuservalue(L, listidx, 2);
    regex *re = check(L, -1);
    lua_pop(L, 1);
    int g = regex_group_number(re, lua_tostring(L, 2));
    if (g < 0) return luaL_error(L, "capture: the pattern has no group named '%s'", lua_tostring(L, 2));
    k = g;
  } else {
    k = luaL_checkinteger(L, 2);
  }
  if (k < 0 || (size_t)k > l->groups)
    return luaL_error(L, "capture: no group %I (the pattern has %I)", k, (lua_Integer)l->groups);
  const size_t *ov = l->caps + l->v[item - 1].extra + 2 * (size_t)k;
  if (ov[0] == SIZE_MAX) return lua_pushnil(L), 1;
  lspan_push(L, docidx, ov[0], ov[1] < ov[0] ? ov[0] : ov[1], 0);
  return 1;
}

static const luaL_Reg lregex_meta[] = {
    {"__gc", lregex_gc}, {"__tostring", lregex_tostring}, {NULL, NULL}};
static const char *const lregex_fields[] = {"pattern", "groups", NULL};
static const lclass lregex_class = {.name = LREGEX_MT, .meta = lregex_meta, .fields = lregex_index,
                                    .field_names = lregex_fields};

void lregex_open(lua_State *L) { lclass_define(L, &lregex_class); }

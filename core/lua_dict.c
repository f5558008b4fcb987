/* The glossa.Dict binding and :lookup on documents and spans. */
#include <string.h>
#include <sys/stat.h>

#include "dict.h"
#include "dictcache.h"
#include "lua_api.h"
#include "lua_mem.h"
#include "lua_spanlist.h"
#include "script.h"
#include "lua_class.h"

#define LDICT_MT "glossa.Dict"
/* registry: lightuserdata (a shared dict) -> how many Dicts of the state
 * hold it; the state is charged for it once, while one does */
#define HELD_KEY "glossa.dict.held"

typedef struct ldict {
  dict *d;
  int shared;         /* a reference from dictcache (the file form) */
  int held;           /* counted in HELD_KEY */
  long long charged;  /* bytes this object has charged (script_charge) */
} ldict;

/* Raises "glossa.dict: what: the memory error" with the error message on
 * top of the stack. */
static int charge_error(lua_State *L, const char *what) {
  return luaL_error(L, "glossa.dict: %s: %s", what, lua_tostring(L, -1));
}

/* Pushes the table of held shared dicts. */
static void push_held(lua_State *L) {
  if (lua_getfield(L, LUA_REGISTRYINDEX, HELD_KEY) == LUA_TTABLE) return;
  lua_pop(L, 1);
  lua_newtable(L);
  lua_pushvalue(L, -1);
  lua_setfield(L, LUA_REGISTRYINDEX, HELD_KEY);
}

/* u takes its shared dict: the first Dict of the state to hold it charges
 * its memory, the last one to let it go releases it (unhold). */
static void hold(lua_State *L, ldict *u, const char *path) {
  push_held(L);
  int t = lua_gettop(L);
  lua_rawgetp(L, t, u->d);
  lua_Integer n = lua_tointeger(L, -1);
  lua_pop(L, 1);
  long long bytes = (long long)dict_memory(u->d);
  if (n == 0) {
    if (lmem_try_charge(L, bytes)) {
      lua_pushfstring(L, "%s: the dictionary takes %I bytes", path, (lua_Integer)bytes);
      lua_insert(L, -2);
      charge_error(L, lua_tostring(L, -2));
    }
    u->charged = bytes; /* until the count below holds it */
  }
  lua_pushinteger(L, n + 1);
  lua_rawsetp(L, t, u->d); /* a new key may raise: u then releases it */
  u->charged = 0;
  u->held = 1;
  lua_pop(L, 1);
}

static void unhold(lua_State *L, ldict *u) {
  if (!u->held) return;
  u->held = 0;
  push_held(L);
  lua_rawgetp(L, -1, u->d);
  lua_Integer n = lua_tointeger(L, -1);
  lua_pop(L, 1);
  if (n > 1) {
    lua_pushinteger(L, n - 1);
  } else {
    lua_pushnil(L);
    script_charge(L, -(long long)dict_memory(u->d));
  }
  lua_rawsetp(L, -2, u->d); /* an existing key: no allocation */
  lua_pop(L, 1);
}

static dict *check(lua_State *L, int idx) {
  ldict *u = luaL_checkudata(L, idx, LDICT_MT);
  if (!u->d) luaL_error(L, "the dictionary is freed");
  return u->d;
}

dict *ldict_check(lua_State *L, int idx) { return check(L, idx); }

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
int ldict_new(lua_State *L) {
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
  memset(u, 0, sizeof *u);
  luaL_setmetatable(L, LDICT_MT);
  if (t == LUA_TSTRING) { /* built once, shared by every worker */
    const char *path = lua_tostring(L, 1);
    /* a file too large for what the state may still take is refused before
     * it is read: the dictionary takes at least the file's size */
    struct stat st;
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
        (unsigned long long)st.st_size <= DICT_FILE_MAX) {
      if (lmem_try_charge(L, (long long)st.st_size)) {
        lua_pushfstring(L, "%s (%I bytes) does not fit", path, (lua_Integer)st.st_size);
        lua_insert(L, -2);
        return charge_error(L, lua_tostring(L, -2));
      }
      u->charged = (long long)st.st_size;
    }
    buf err = BUF_INIT;
    u->d = dictcache_get(path, &o, &err);
    if (!u->d) { /* the message copied in protected mode, then freed */
      int oom = lmem_pushlstring(L, err.s ? err.s : "cannot read the dictionary",
                                 err.s ? err.len : 26);
      size_t need = err.len;
      buf_free(&err);
      if (oom) return lmem_error(L, need);
      return lua_error(L);
    }
    u->shared = 1;
    script_charge(L, -u->charged); /* the estimate gives way to the real size */
    u->charged = 0;
    hold(L, u, path);
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
  long long bytes = (long long)dict_memory(u->d);
  if (lmem_try_charge(L, bytes)) {
    lua_pushfstring(L, "the dictionary takes %I bytes", (lua_Integer)bytes);
    lua_insert(L, -2);
    return charge_error(L, lua_tostring(L, -2));
  }
  u->charged = bytes;
  return 1;
}

typedef struct scan {
  lua_State *L;
  const atomic_int *stop;
  lspans *l;
  const dict *d;
  const text_view *v;
  size_t from, to;
} scan;

/* Called by dict_scan, which holds its own memory: appends without raising. */
static int on_hit(void *ud, size_t start, size_t end, size_t entry) {
  scan *sc = ud;
  if (atomic_load(sc->stop)) return LSPANS_STOP;
  return lspans_try_add(sc->L, sc->l, start, end, entry);
}

static int on_region(void *ud, size_t from, size_t to) {
  scan *sc = ud;
  if (script_stopped(sc->L)) return LSPANS_STOP;
  int rc = dict_scan_until(sc->d, sc->v->s, sc->v->len, from, to, on_hit, sc, sc->stop);
  return rc == DICT_STOPPED ? LSPANS_STOP : rc;
}

static int run(void *ud) {
  scan *sc = ud;
  return text_regions(sc->v, sc->from, sc->to, 0, on_region, sc);
}

/* doc:lookup(dict) and span:lookup(dict): the dictionary's hits, never
 * across a block boundary nor in masked text. Each span has .value and
 * .entry. */
int ldict_lookup(lua_State *L) {
  const dict *dd = check(L, 2);
  size_t from, to;
  document *d = lspan_range(L, 1, &from, &to);
  int docidx = lua_gettop(L);
  scan sc = {L, script_stop_flag(L), lspans_new(L, docidx), dd, &d->view, from, to};
  sc.l->kind = LSPANS_DICT;
  lua_pushvalue(L, 2);
  lua_setiuservalue(L, -2, 2);
  lspans_set_matcher(L, "dict");
  if (lspans_scan(L, sc.l, run, &sc) < 0) return luaL_error(L, "out of memory");
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

static int ldict_gc(lua_State *L) {
  ldict *u = luaL_checkudata(L, 1, LDICT_MT);
  if (u->d) unhold(L, u);
  if (u->charged) script_charge(L, -u->charged);
  u->charged = 0;
  if (u->shared) dictcache_put(u->d);
  else dict_free(u->d);
  u->d = NULL;
  return 0;
}

static int ldict_len(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)dict_count(check(L, 1)));
  return 1;
}

static int ldict_tostring(lua_State *L) {
  lua_pushfstring(L, "Dict(%I entries)", (lua_Integer)dict_count(check(L, 1)));
  return 1;
}

static int ldict_index(lua_State *L) {
  const dict *d = check(L, 1);
  const char *k = luaL_checkstring(L, 2);
  if (!strcmp(k, "count")) lua_pushinteger(L, (lua_Integer)dict_count(d));
  else return 0;
  return 1;
}

static const luaL_Reg ldict_meta[] = {
    {"__gc", ldict_gc}, {"__len", ldict_len}, {"__tostring", ldict_tostring}, {NULL, NULL}};
static const char *const ldict_fields[] = {"count", NULL};
static const lclass ldict_class = {.name = LDICT_MT, .meta = ldict_meta, .fields = ldict_index,
                                   .field_names = ldict_fields};

void ldict_open(lua_State *L) { lclass_define(L, &ldict_class); }

/* The glossa.Dict binding and :lookup on documents and spans. */
#include <string.h>
#include <sys/stat.h>

#include "dict.h"
#include "dictcache.h"
#include "lua_api.h"
#include "lua_mem.h"
#include "lua_spanlist.h"
#include "script.h"
#include "utf8.h"
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

/* Option k of the options table at t (0: none given): true or false, dflt
 * when absent. Read raw: no script code runs. */
static int opt_bool(lua_State *L, int t, const char *k, int dflt) {
  if (!t) return dflt;
  lua_pushstring(L, k);
  int ty = lua_rawget(L, t);
  if (ty != LUA_TNIL && ty != LUA_TBOOLEAN)
    luaL_error(L, "glossa.dict: %s: expected true or false, got %s", k, luaL_typename(L, -1));
  int v = ty == LUA_TNIL ? dflt : lua_toboolean(L, -1);
  lua_pop(L, 1);
  return v;
}

/* Option overlaps: 1 for "all", 0 for "longest" (the default). */
static int opt_overlaps(lua_State *L, int t) {
  if (!t) return 0;
  lua_pushliteral(L, "overlaps");
  int ty = lua_rawget(L, t), all = 0;
  const char *v = ty == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
  if (v && !strcmp(v, "all")) all = 1;
  else if (ty == LUA_TSTRING && strcmp(v, "longest"))
    luaL_error(L, "glossa.dict: overlaps: expected \"longest\" or \"all\", got \"%s\"", v);
  else if (ty != LUA_TSTRING && ty != LUA_TNIL)
    luaL_error(L, "glossa.dict: overlaps: expected \"longest\" or \"all\", got %s",
               luaL_typename(L, -1));
  lua_pop(L, 1);
  return all;
}

#define FEATURE_NAMES "letters, digits, '_', '.' and '-', starting with a letter or '_'"

/* Adds name key[0..kl) whose value, the table at vt, is {[1] = label,
 * NAME = VALUE, …}: the label (optional) and the entry's features. */
static void add_featured(lua_State *L, dict *d, const char *key, size_t kl, int vt) {
  size_t n = 0;
  lua_pushnil(L);
  while (lua_next(L, vt)) { /* no allocation in this walk */
    n++;
    lua_pop(L, 1);
  }
  /* the strings stay alive in the table, which stays on the stack */
  dict_feature *f = lua_newuserdatauv(L, (n ? n : 1) * sizeof *f, 0);
  size_t nf = 0, vl = 0;
  const char *val = NULL;
  lua_pushnil(L);
  while (lua_next(L, vt)) {
    int kt = lua_type(L, -2), ty = lua_type(L, -1);
    if (kt == LUA_TNUMBER && lua_isinteger(L, -2) && lua_tointeger(L, -2) == 1) {
      if (ty != LUA_TSTRING)
        luaL_error(L, "glossa.dict: '%s': the label ([1]) must be a string (got %s)", key,
                   luaL_typename(L, -1));
      val = lua_tolstring(L, -1, &vl);
    } else if (kt != LUA_TSTRING) {
      if (lua_isinteger(L, -2))
        luaL_error(L, "glossa.dict: '%s': a feature table holds the label at [1] and NAME = "
                      "VALUE features (got [%I])", key, lua_tointeger(L, -2));
      luaL_error(L, "glossa.dict: '%s': a feature table holds the label at [1] and NAME = VALUE "
                    "features (got a %s key)", key, luaL_typename(L, -2));
    } else {
      size_t fk, fv;
      const char *k = lua_tolstring(L, -2, &fk);
      if (!dict_feature_name_ok(k, fk))
        luaL_error(L, "glossa.dict: '%s': '%s' is not a feature name (" FEATURE_NAMES ")", key, k);
      if (ty != LUA_TSTRING)
        luaL_error(L, "glossa.dict: '%s': feature '%s' must be a string (got %s)", key, k,
                   luaL_typename(L, -1));
      const char *v = lua_tolstring(L, -1, &fv);
      if (!utf8_valid(v, fv, NULL) || memchr(v, '\0', fv))
        luaL_error(L, "glossa.dict: '%s': feature '%s' is not valid UTF-8 text", key, k);
      if (nf == n) luaL_error(L, "glossa.dict: '%s': the table changed while it was read", key);
      f[nf++] = (dict_feature){k, fk, v, fv};
    }
    lua_pop(L, 1);
  }
  if (dict_add_features(d, key, kl, val, vl, f, nf))
    luaL_error(L, "glossa.dict: '%s' is not valid UTF-8", key);
  lua_pop(L, 1); /* the box */
}

/* glossa.dict(source [, {nocase=, words=, overlaps=}]): source is an array
 * of names, a table name → value (a string, true, or a table of the label
 * and features), or the path of a file with one name per line (optionally
 * TAB-separated: the label, then NAME=VALUE features). */
int ldict_new(lua_State *L) {
  int t = lua_type(L, 1);
  if (t != LUA_TTABLE && t != LUA_TSTRING) return luaL_typeerror(L, 1, "table or file name");
  int opts = 0;
  if (!lua_isnoneornil(L, 2)) {
    luaL_checktype(L, 2, LUA_TTABLE);
    opts = 2;
    lua_pushnil(L);
    while (lua_next(L, 2)) {
      if (lua_type(L, -2) != LUA_TSTRING)
        return luaL_error(L, "glossa.dict: unknown option (a %s key; the options are nocase, "
                             "words and overlaps)", luaL_typename(L, -2));
      const char *k = lua_tostring(L, -2);
      if (strcmp(k, "nocase") && strcmp(k, "words") && strcmp(k, "overlaps"))
        return luaL_error(L, "glossa.dict: unknown option '%s' (the options are nocase, words "
                             "and overlaps)", k);
      lua_pop(L, 1);
    }
  }
  dict_opts o = {opt_bool(L, opts, "nocase", 0), opt_bool(L, opts, "words", 1),
                 opt_overlaps(L, opts)};
  lua_settop(L, 2);
  /* owns the dict from here; user value 1: the attrs sets made of its
   * features, per Document (ldict_give_features) */
  ldict *u = lua_newuserdatauv(L, sizeof *u, 1);
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
        if (vt == LUA_TTABLE) { /* name → {label, NAME = VALUE, …} */
          add_featured(L, u->d, key, kl, lua_gettop(L));
          lua_pop(L, 1);
          continue;
        }
        if (vt == LUA_TSTRING) val = lua_tolstring(L, -1, &vl);
        else if (vt != LUA_TBOOLEAN || !lua_toboolean(L, -1))
          return luaL_error(L, "glossa.dict: the value of '%s' must be a string or true, or a "
                               "table {label, NAME = VALUE, …} (got %s)", key, luaL_typename(L, -1));
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

/* Pushes a new table of the features of set fs of d ({} for 0). */
static void push_features(lua_State *L, const dict *d, unsigned fs) {
  size_t n;
  const char *p = dict_fset_data(d, fs, &n);
  lua_createtable(L, 0, (int)(n < 64 ? n : 64));
  for (size_t i = 0; i < n; i++) {
    const char *k = p, *v = k + strlen(k) + 1;
    p = v + strlen(v) + 1;
    lua_pushstring(L, v);
    lua_setfield(L, -2, k);
  }
}

/* span.value, span.entry and span.features for spans of a lookup; nil
 * otherwise. */
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
  if (k[0] == 'f') {
    push_features(L, d, dict_fset(d, entry));
  } else if (k[0] == 'v') {
    const char *v = dict_value(d, entry);
    if (v) lua_pushlstring(L, v, dict_value_len(d, entry));
    else lua_pushnil(L);
  } else {
    lua_pushstring(L, dict_key(d, entry));
  }
}

/* ---- the entries' features as the attrs of their annotations ---- */

/* Pushes the cache of the attrs sets made of the Dict's (at dictidx) feature
 * sets for the Document at docidx: a table set → lightuserdata (an
 * annot_attrs of the Document's store, which owns it until the Document is
 * freed). The Dict keeps one per Document, with weak keys: it goes with the
 * Document (whose userdata a closed document never takes again). */
static void push_doc_cache(lua_State *L, int dictidx, int docidx) {
  if (lua_getiuservalue(L, dictidx, 1) != LUA_TTABLE) {
    lua_pop(L, 1);
    lua_newtable(L);
    lua_createtable(L, 0, 1);
    lua_pushliteral(L, "k");
    lua_setfield(L, -2, "__mode");
    lua_setmetatable(L, -2);
    lua_pushvalue(L, -1);
    lua_setiuservalue(L, dictidx, 1);
  }
  lua_pushvalue(L, docidx);
  if (lua_rawget(L, -2) != LUA_TTABLE) {
    lua_pop(L, 1);
    lua_newtable(L);
    lua_pushvalue(L, docidx);
    lua_pushvalue(L, -2);
    lua_rawset(L, -4);
  }
  lua_remove(L, -2);
}

/* A new attrs set of st: the features of set fs of dd, beneath the attrs
 * given (NULL: none), which win on the same name. Charged to the document
 * first (raising past --max-memory, before anything is allocated); NULL out
 * of memory. */
static const annot_attrs *merge(lua_State *L, annot_store *st, const dict *dd, unsigned fs,
                                const annot_attrs *given) {
  size_t nf, ng = given ? given->n : 0;
  const char *p = dict_fset_data(dd, fs, &nf);
  long long bytes = (long long)(sizeof(annot_attrs) + (nf + ng) * sizeof(annot_attr));
  for (size_t i = 0, at = 0; i < 2 * nf; i++) {
    size_t len = strlen(p + at);
    bytes += (long long)len + 1;
    at += len + 1;
  }
  script_charge_doc(L, bytes);
  /* From here on: C only, nothing raises. */
  annot_attrs *a = malloc(sizeof *a + (nf + ng) * sizeof a->v[0]);
  if (!a) return NULL;
  a->n = 0;
  for (size_t i = 0; i < ng; i++) a->v[a->n++] = given->v[i];
  int ok = 1;
  for (size_t i = 0; i < nf; i++) {
    const char *k = p, *v = k + strlen(k) + 1;
    p = v + strlen(v) + 1;
    int over = 0;
    for (size_t j = 0; j < ng && !over; j++) over = !strcmp(given->v[j].key, k);
    if (over) continue;
    annot_attr *x = &a->v[a->n++];
    memset(x, 0, sizeof *x);
    x->type = ATTR_STRING;
    x->key = annot_intern(st, k);
    x->s = annot_intern(st, v);
    ok = ok && x->key && x->s;
  }
  if (!ok) {
    free(a);
    return NULL;
  }
  return annot_keep_attrs(st, a);
}

void ldict_give_features(lua_State *L, int listidx, size_t item0, size_t n, size_t first) {
  listidx = lua_absindex(L, listidx);
  int top = lua_gettop(L);
  const lspans *l = luaL_checkudata(L, listidx, LSPANS_MT);
  lua_getiuservalue(L, listidx, 2);
  int dictidx = lua_gettop(L);
  const dict *dd = check(L, dictidx);
  if (l->kind != LSPANS_DICT || !dict_fset_count(dd) || n == 0 || item0 + n > l->n) {
    lua_settop(L, top);
    return;
  }
  lua_getiuservalue(L, listidx, 1);
  int docidx = lua_gettop(L);
  document *d = ldoc_check(L, docidx);
  /* what annotate gave, shared by the n annotations */
  const annot_attrs *given = d->annots.v[first].attrs;
  if (given) lua_newtable(L); /* merged with these attrs: for this call only */
  else push_doc_cache(L, dictidx, docidx);
  int cache = lua_gettop(L);
  /* one set per feature set the items name; allocating can run the
   * collector, so the store is read again afterwards */
  for (size_t i = 0; i < n; i++) {
    unsigned fs = dict_fset(dd, l->v[item0 + i].extra);
    if (!fs) continue;
    int have = lua_rawgeti(L, cache, fs) != LUA_TNIL;
    lua_pop(L, 1);
    if (have) continue;
    const annot_attrs *a = merge(L, &ldoc_check(L, docidx)->annots, dd, fs, given);
    if (!a) luaL_error(L, "annotate: out of memory");
    lua_pushlightuserdata(L, (void *)a);
    lua_rawseti(L, cache, fs);
  }
  /* no allocation from here: the sets go to the annotations */
  d = ldoc_check(L, docidx);
  for (size_t i = 0; i < n; i++) {
    unsigned fs = dict_fset(dd, l->v[item0 + i].extra);
    if (!fs || first + i >= d->annots.n) continue;
    lua_rawgeti(L, cache, fs);
    d->annots.v[first + i].attrs = lua_touserdata(L, -1);
    lua_pop(L, 1);
  }
  lua_settop(L, top);
}

void ldict_span_annotated(lua_State *L, int spanidx, size_t annot) {
  const lspan *s = lspan_check(L, spanidx);
  lua_getiuservalue(L, spanidx, 2);
  const lspans *l = luaL_testudata(L, -1, LSPANS_MT);
  if (l && l->kind == LSPANS_DICT && s->item && s->item <= l->n)
    ldict_give_features(L, -1, s->item - 1, 1, annot);
  lua_pop(L, 1);
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

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "lua_api.h"
#include "script.h"
#include "utf8.h"
#include "lua_class.h"

typedef struct lannot {
  lua_Integer iter;
  size_t index; /* into the document's store, which only grows */
} lannot;

void lannot_push(lua_State *L, int docidx, size_t index, lua_Integer iter) {
  docidx = lua_absindex(L, docidx);
  lannot *u = lua_newuserdatauv(L, sizeof *u, 1);
  u->index = index;
  u->iter = iter;
  luaL_setmetatable(L, LANNOT_MT);
  lua_pushvalue(L, docidx);
  lua_setiuservalue(L, -2, 1);
}

/* Lua-side view of annotate's fields, valid while the table is on the stack. */
typedef struct fields {
  const char *label, *note;
  size_t nattrs;
  annot_attr *attrs; /* in a userdata box */
} fields;

static const char *const field_names[] = {"label", "note", "attrs", NULL};

/* Labels, notes and attributes end up in JSON and XML: UTF-8 only. */
static void require_utf8(lua_State *L, int idx, const char *what) {
  size_t n, bad;
  const char *s = lua_tolstring(L, idx, &n);
  if (!utf8_valid(s, n, &bad) || memchr(s, '\0', n))
    luaL_error(L, "annotate: %s is not valid UTF-8 text (at byte %I)", what,
               (lua_Integer)(memchr(s, '\0', n) ? (const char *)memchr(s, '\0', n) - s : (lua_Integer)bad) + 1);
}

/* Pushes t[k] without metamethods: no script code runs while fields are
 * read. */
static int rawfield(lua_State *L, int t, const char *k) {
  lua_pushstring(L, k);
  return lua_rawget(L, t);
}

/* Reads annotate's fields. Every allocation here can run the collector and
 * so a finalizer (in trusted scripts) that changes the tables: the attrs box
 * is sized by one walk and filled by another that checks everything again
 * and never writes past the box. */
static void read_fields(lua_State *L, int t, fields *f, int label_optional) {
  memset(f, 0, sizeof *f);
  lua_pushnil(L);
  while (lua_next(L, t)) {
    if (lua_type(L, -2) != LUA_TSTRING)
      luaL_error(L, "annotate: fields must be named (label=, note=, attrs=)");
    const char *k = lua_tostring(L, -2);
    int known = 0;
    for (int i = 0; field_names[i]; i++) known |= !strcmp(k, field_names[i]);
    if (!known)
      luaL_error(L, "annotate: unknown field '%s' (the fields are label, note and attrs)", k);
    lua_pop(L, 1);
  }
  /* label and note stay on the stack: the caller's settop releases them */
  rawfield(L, t, "label");
  if (label_optional && lua_isnil(L, -1)) {
    f->label = NULL;
  } else if (lua_type(L, -1) != LUA_TSTRING)
    luaL_error(L, "annotate: 'label' must be a string (got %s)", luaL_typename(L, -1));
  else if (lua_rawlen(L, -1) == 0) luaL_error(L, "annotate: 'label' must not be empty");
  else require_utf8(L, -1, "'label'"), f->label = lua_tostring(L, -1);
  rawfield(L, t, "note");
  if (!lua_isnil(L, -1) && lua_type(L, -1) != LUA_TSTRING)
    luaL_error(L, "annotate: 'note' must be a string (got %s)", luaL_typename(L, -1));
  if (!lua_isnil(L, -1)) require_utf8(L, -1, "'note'");
  f->note = lua_tostring(L, -1);
  rawfield(L, t, "attrs");
  if (lua_isnil(L, -1)) {
    lua_pop(L, 1);
    return;
  }
  if (!lua_istable(L, -1))
    luaL_error(L, "annotate: 'attrs' must be a table (got %s)", luaL_typename(L, -1));
  int at = lua_gettop(L);
  size_t n = 0;
  lua_pushnil(L);
  while (lua_next(L, at)) { /* no allocation in this walk */
    n++;
    lua_pop(L, 1);
  }
  /* attrs stays on the stack (it keeps the strings alive); the box too */
  f->attrs = lua_newuserdatauv(L, (n ? n : 1) * sizeof *f->attrs, 0);
  f->nattrs = 0;
  lua_pushnil(L);
  while (lua_next(L, at)) { /* nor in this one, but for the errors */
    int vt = lua_type(L, -1);
    if (lua_type(L, -2) != LUA_TSTRING)
      luaL_error(L, "annotate: attrs keys must be strings");
    if (vt != LUA_TSTRING && vt != LUA_TNUMBER && vt != LUA_TBOOLEAN)
      luaL_error(L, "annotate: attrs.%s must be a string, number or boolean (got %s)",
                 lua_tostring(L, -2), luaL_typename(L, -1));
    if (f->nattrs == n)
      luaL_error(L, "annotate: 'attrs' changed while it was being read (a finalizer?)");
    require_utf8(L, -2, "an attribute name");
    if (vt == LUA_TSTRING) require_utf8(L, -1, "an attribute value");
    annot_attr *a = &f->attrs[f->nattrs++];
    memset(a, 0, sizeof *a);
    a->key = lua_tostring(L, -2);
    switch (vt) {
    case LUA_TSTRING: a->type = ATTR_STRING, a->s = lua_tostring(L, -1); break;
    case LUA_TBOOLEAN: a->type = ATTR_BOOL, a->i = lua_toboolean(L, -1); break;
    default:
      if (lua_isinteger(L, -1)) a->type = ATTR_INTEGER, a->i = lua_tointeger(L, -1);
      else a->type = ATTR_NUMBER, a->n = lua_tonumber(L, -1);
    }
    lua_pop(L, 1);
  }
}

/* The script and line of the nearest Lua function up the stack. */
static void caller(lua_State *L, const char **script, long *line) {
  lua_Debug ar;
  *script = "?";
  *line = 0;
  for (int level = 1; lua_getstack(L, level, &ar); level++) {
    if (!lua_getinfo(L, "Sl", &ar) || ar.currentline <= 0) continue;
    const char *src = ar.source;
    *script = (src[0] == '@' || src[0] == '=') ? src + 1 : ar.short_src;
    *line = ar.currentline;
    return;
  }
}

size_t lannot_add(lua_State *L, document *d, int t, const struct lspans_item *spans,
                  size_t n, const char *const *labels, const char *matcher,
                  const char *const *matchers) {
  t = lua_absindex(L, t);
  int top = lua_gettop(L);
  fields f;
  read_fields(L, t, &f, labels != NULL);
  for (size_t i = 0; !f.label && i < n; i++)
    if (!labels[i] || !labels[i][0])
      luaL_error(L, "annotate: no label given, and span %I has no dictionary value to use",
                 (lua_Integer)i + 1);
  for (size_t i = 0; i < n; i++) {
    size_t s = spans[i].start, e = spans[i].end;
    if (s > e || e > d->view.len)
      luaL_error(L, "annotate: span [%I,%I] is outside the text (%I bytes)",
                 (lua_Integer)s + 1, (lua_Integer)e, (lua_Integer)d->view.len);
    if (!utf8_boundary(d->view.s, d->view.len, s) || !utf8_boundary(d->view.s, d->view.len, e))
      luaL_error(L, "annotate: span [%I,%I] cuts a UTF-8 character in two",
                 (lua_Integer)s + 1, (lua_Integer)e);
  }
  /* the store's memory counts against --max-memory: charged before it is
   * taken (this raises past the cap), released with the document */
  long long bytes = (long long)n * (long long)(sizeof(annot) + 2 * sizeof(size_t)) + 64;
  if (f.note) bytes += (long long)strlen(f.note);
  for (size_t i = 0; i < f.nattrs; i++)
    bytes += (long long)(sizeof f.attrs[i] + strlen(f.attrs[i].key) +
                         (f.attrs[i].type == ATTR_STRING ? strlen(f.attrs[i].s) : 0));
  script_charge_doc(L, bytes);
  const char *script;
  long line;
  caller(L, &script, &line);
  /* From here to the end of the block: C only, nothing raises. */
  annot_store *st = &d->annots;
  size_t first = st->n;
  int ok = 1;
  const char *label = f.label ? annot_intern(st, f.label) : "";
  const char *note = f.note ? annot_intern(st, f.note) : NULL;
  const char *scr = annot_intern(st, script);
  const annot_attrs *attrs = NULL;
  ok = label && scr && (note || !f.note);
  if (ok && f.nattrs) {
    annot_attrs *a = malloc(sizeof *a + f.nattrs * sizeof a->v[0]);
    if (a) {
      a->n = f.nattrs;
      for (size_t i = 0; i < f.nattrs; i++) {
        a->v[i] = f.attrs[i];
        a->v[i].key = annot_intern(st, f.attrs[i].key);
        if (a->v[i].type == ATTR_STRING) a->v[i].s = annot_intern(st, f.attrs[i].s);
        ok = ok && a->v[i].key && (a->v[i].type != ATTR_STRING || a->v[i].s);
      }
    }
    attrs = a ? annot_keep_attrs(st, a) : NULL;
    ok = ok && attrs;
  }
  const char *how = matcher ? annot_intern(st, matcher) : NULL;
  ok = ok && (how || !matcher);
  buf key = BUF_INIT;
  for (size_t i = 0; ok && i < n; i++) {
    const char *li = f.label ? label : annot_intern(st, labels[i]);
    const char *hi = how;
    if (matchers && matchers[i]) { /* a dictionary entry: "dict \"Putin\"" */
      key.len = 0;
      ok = !buf_printf(&key, "%s \"%s\"", matcher ? matcher : "dict", matchers[i]);
      hi = ok ? annot_intern(st, key.s) : NULL;
    }
    ok = ok && li && (hi || !how) &&
         annot_add(st, spans[i].start, spans[i].end, li, note, scr, line, attrs, hi) != NULL;
  }
  buf_free(&key);
  lua_settop(L, top);
  if (!ok) luaL_error(L, "annotate: out of memory");
  return first;
}

static const annot *check(lua_State *L, int idx, document **dp) {
  lannot *u = luaL_checkudata(L, idx, LANNOT_MT);
  document *d = ldoc_owner(L, idx);
  if (dp) *dp = d;
  return &d->annots.v[u->index];
}

int lannot_range_at(lua_State *L, int idx, document **d, size_t *start, size_t *end) {
  lannot *u = luaL_testudata(L, idx, LANNOT_MT);
  if (!u) return 0;
  *d = ldoc_owner(L, idx);
  lua_pop(L, 1);
  *start = (*d)->annots.v[u->index].start;
  *end = (*d)->annots.v[u->index].end;
  return 1;
}

static void push_attrs(lua_State *L, const annot_attrs *as) {
  lua_newtable(L);
  for (size_t i = 0; as && i < as->n; i++) {
    const annot_attr *a = &as->v[i];
    switch (a->type) {
    case ATTR_STRING: lua_pushstring(L, a->s); break;
    case ATTR_NUMBER: lua_pushnumber(L, a->n); break;
    case ATTR_INTEGER: lua_pushinteger(L, a->i); break;
    case ATTR_BOOL: lua_pushboolean(L, (int)a->i); break;
    }
    lua_setfield(L, -2, a->key);
  }
}

static int lannot_index(lua_State *L) {
  lua_settop(L, 2);
  document *d;
  const annot *a = check(L, 1, &d);
  int docidx = lua_gettop(L);
  const char *k = luaL_checkstring(L, 2);
  if (!strcmp(k, "id")) lua_pushfstring(L, "a%I", (lua_Integer)a->seq);
  else if (!strcmp(k, "label")) lua_pushstring(L, a->label);
  else if (!strcmp(k, "note")) lua_pushstring(L, a->note);
  else if (!strcmp(k, "script")) lua_pushstring(L, a->script);
  else if (!strcmp(k, "line")) lua_pushinteger(L, a->line);
  else if (!strcmp(k, "matcher")) lua_pushstring(L, a->matcher);
  else if (!strcmp(k, "attrs")) push_attrs(L, a->attrs);
  else if (!strcmp(k, "span")) lspan_push(L, docidx, a->start, a->end, 0);
  else if (!strcmp(k, "text")) lua_pushlstring(L, d->view.s + a->start, a->end - a->start);
  else return 0;
  return 1;
}

static int lannot_tostring(lua_State *L) {
  lannot *u = luaL_checkudata(L, 1, LANNOT_MT);
  lua_getiuservalue(L, 1, 1);
  ldoc *du = luaL_testudata(L, -1, LDOC_MT);
  if (!du || !du->d) {
    lua_pushliteral(L, "Annotation(closed)");
    return 1;
  }
  const annot *a = &du->d->annots.v[u->index];
  lua_pushfstring(L, "Annotation(a%I %s [%I,%I])", (lua_Integer)a->seq, a->label,
                  (lua_Integer)a->start + 1, (lua_Integer)a->end);
  return 1;
}

static int lannots_first(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_rawgeti(L, 1, 1);
  return 1;
}

static const luaL_Reg lannots_methods[] = {{"first", lannots_first}, {NULL, NULL}};

static const luaL_Reg lannot_meta[] = {
    {"__tostring", lannot_tostring}, {NULL, NULL}};
static const char *const lannot_fields[] = {"id",      "label", "note", "script", "line",
                                            "matcher", "attrs", "span", "text",   NULL};
/* annotations are equal when they are the same entry of the store */
static const lclass lannot_class = {.name = LANNOT_MT, .meta = lannot_meta, .fields = lannot_index,
                                    .field_names = lannot_fields,
                                    .same_at = offsetof(lannot, index), .same_len = sizeof(size_t)};

void lannot_open(lua_State *L) {
  lclass_define(L, &lannot_class);
  llist_metatable(L, LANNOTS_MT, lannots_methods);
}

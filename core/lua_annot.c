#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "anchor.h"
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

/* A link as annotate reads it: to the annotation target, or (target
 * SIZE_MAX) to the span [start, end), resolved when it is added. */
typedef struct link_in {
  const char *role; /* a key of the links table, on the stack */
  size_t target, start, end;
  int matcher; /* stack index of what found the span (a string or nil), or 0 */
} link_in;

/* Lua-side view of annotate's (and set's) fields, valid while the table is
 * on the stack. */
typedef struct fields {
  const char *label, *note;
  int has_note, has_attrs; /* set: given (note NULL, has_note: cleared) */
  size_t nattrs;
  annot_attr *attrs; /* in a userdata box */
  size_t nlinks;
  link_in *links;    /* in a userdata box */
} fields;

static const char *const annotate_fields[] = {"label", "note", "attrs", "links", NULL};
static const char *const set_fields[] = {"note", "attrs", NULL};

/* Labels, notes and attributes end up in JSON and XML: UTF-8 only. */
static void require_utf8(lua_State *L, int idx, const char *fn, const char *what) {
  size_t n, bad;
  const char *s = lua_tolstring(L, idx, &n);
  if (!utf8_valid(s, n, &bad) || memchr(s, '\0', n))
    luaL_error(L, "%s: %s is not valid UTF-8 text (at byte %I)", fn, what,
               (lua_Integer)(memchr(s, '\0', n) ? (const char *)memchr(s, '\0', n) - s : (lua_Integer)bad) + 1);
}

/* Pushes t[k] without metamethods: no script code runs while fields are
 * read. */
static int rawfield(lua_State *L, int t, const char *k) {
  lua_pushstring(L, k);
  return lua_rawget(L, t);
}

/* Reads the attrs table at stack index at (of fn: "annotate" or "set").
 * Every allocation here can run the collector and so a finalizer (in
 * trusted scripts) that changes the tables: the box is sized by one walk and
 * filled by another that checks everything again and never writes past it.
 * The box is left on the stack. */
static void read_attrs(lua_State *L, int at, fields *f, const char *fn) {
  size_t n = 0;
  lua_pushnil(L);
  while (lua_next(L, at)) { /* no allocation in this walk */
    n++;
    lua_pop(L, 1);
  }
  f->attrs = lua_newuserdatauv(L, (n ? n : 1) * sizeof *f->attrs, 0);
  f->nattrs = 0;
  lua_pushnil(L);
  while (lua_next(L, at)) { /* nor in this one, but for the errors */
    int vt = lua_type(L, -1);
    if (lua_type(L, -2) != LUA_TSTRING)
      luaL_error(L, "%s: attrs keys must be strings", fn);
    if (vt != LUA_TSTRING && vt != LUA_TNUMBER && vt != LUA_TBOOLEAN)
      luaL_error(L, "%s: attrs.%s must be a string, number or boolean (got %s)", fn,
                 lua_tostring(L, -2), luaL_typename(L, -1));
    if (f->nattrs == n)
      luaL_error(L, "%s: 'attrs' changed while it was being read (a finalizer?)", fn);
    require_utf8(L, -2, fn, "an attribute name");
    if (vt == LUA_TSTRING) require_utf8(L, -1, fn, "an attribute value");
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

/* [A-Za-z_][A-Za-z0-9_-]*: a role is a JSON key, an XML name and an
 * identifier in most formats. */
static int role_name(const char *s, size_t n) {
  if (!n || !((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z') || s[0] == '_'))
    return 0;
  for (size_t i = 1; i < n; i++) {
    char c = s[i];
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
          c == '_' || c == '-'))
      return 0;
  }
  return 1;
}

/* The link value at the top of the stack, for the role on the stack below
 * it: its target in *li, raising for anything but a live Annotation or a
 * Span of d. Pushes nothing. */
static void link_target(lua_State *L, document *d, link_in *li) {
  int v = lua_gettop(L);
  const char *role = lua_tostring(L, v - 1);
  lannot *au = luaL_testudata(L, v, LANNOT_MT);
  lspan *su = au ? NULL : luaL_testudata(L, v, LSPAN_MT);
  if (!au && !su)
    luaL_error(L, "annotate: links.%s: expected an Annotation or a Span, got %s", role,
               luaL_typename(L, v));
  if (ldoc_owner(L, v) != d)
    luaL_error(L, "annotate: links.%s: the %s belongs to another document", role,
               au ? "Annotation" : "Span");
  lua_settop(L, v);
  li->target = au ? au->index : su->annot ? su->annot - 1 : SIZE_MAX;
  li->start = su ? su->start : 0;
  li->end = su ? su->end : 0;
  li->matcher = 0;
  if (li->target != SIZE_MAX && d->annots.v[li->target].removed)
    luaL_error(L, au ? "annotate: links.%s: a%I was removed"
                     : "annotate: links.%s: the span stands for a%I, which was removed",
               role, (lua_Integer)d->annots.v[li->target].seq);
  if (su && li->end > d->view.len)
    luaL_error(L, "annotate: links.%s: the span is outside the text", role);
}

static int link_cmp(const void *a, const void *b) {
  return strcmp(((const link_in *)a)->role, ((const link_in *)b)->role);
}

/* Reads the links table at stack index lt into f->links (a box left on the
 * stack, with what found each linked span below the box), sorted by role:
 * table order is not the same from one run to the next, and the spans
 * without an annotation are annotated in this order. Walked twice, as
 * read_attrs does. */
static void read_links(lua_State *L, int lt, document *d, fields *f) {
  size_t n = 0;
  lua_pushnil(L);
  while (lua_next(L, lt)) {
    size_t len;
    if (lua_type(L, -2) != LUA_TSTRING)
      luaL_error(L, "annotate: links keys must be role names (got %s)", luaL_typename(L, -2));
    const char *k = lua_tolstring(L, -2, &len);
    if (!role_name(k, len))
      luaL_error(L, "annotate: links: '%s' is not a role name (letters, digits, _ and -, "
                    "not starting with a digit or -)", k);
    n++;
    lua_pop(L, 1);
  }
  f->links = lua_newuserdatauv(L, (n ? n : 1) * sizeof *f->links, 0);
  f->nlinks = 0;
  lua_pushnil(L);
  while (lua_next(L, lt)) {
    if (lua_type(L, -2) != LUA_TSTRING || f->nlinks == n)
      luaL_error(L, "annotate: 'links' changed while it was being read (a finalizer?)");
    link_in *li = &f->links[f->nlinks++];
    link_target(L, d, li);
    li->role = lua_tostring(L, -2);
    if (li->target == SIZE_MAX) { /* what found the span, kept below the key */
      lspans_push_matcher(L, -1);
      lua_insert(L, -3);
      li->matcher = lua_gettop(L) - 2;
    }
    lua_pop(L, 1);
  }
  qsort(f->links, f->nlinks, sizeof *f->links, link_cmp);
}

/* Reads the fields of fn ("annotate": label (optional when label_optional),
 * note, attrs, links; "set": note (false clears it) and attrs) of the table
 * at t. What it reads stays on the stack: the caller's settop releases it. */
static void read_fields(lua_State *L, int t, fields *f, const char *fn, int label_optional,
                        document *d) {
  int set = !strcmp(fn, "set");
  const char *const *names = set ? set_fields : annotate_fields;
  memset(f, 0, sizeof *f);
  lua_pushnil(L);
  while (lua_next(L, t)) {
    if (lua_type(L, -2) != LUA_TSTRING)
      luaL_error(L, set ? "set: fields must be named (note=, attrs=)"
                        : "annotate: fields must be named (label=, note=, attrs=, links=)");
    const char *k = lua_tostring(L, -2);
    int known = 0;
    for (int i = 0; names[i]; i++) known |= !strcmp(k, names[i]);
    if (!known)
      luaL_error(L, set ? "set: unknown field '%s' (the fields are note and attrs)"
                        : "annotate: unknown field '%s' (the fields are label, note, attrs and links)",
                 k);
    lua_pop(L, 1);
  }
  if (!set) {
    rawfield(L, t, "label");
    if (label_optional && lua_isnil(L, -1)) {
      f->label = NULL;
    } else if (lua_type(L, -1) != LUA_TSTRING)
      luaL_error(L, "annotate: 'label' must be a string (got %s)", luaL_typename(L, -1));
    else if (lua_rawlen(L, -1) == 0) luaL_error(L, "annotate: 'label' must not be empty");
    else require_utf8(L, -1, fn, "'label'"), f->label = lua_tostring(L, -1);
  }
  rawfield(L, t, "note");
  f->has_note = !lua_isnil(L, -1);
  if (set && lua_type(L, -1) == LUA_TBOOLEAN && !lua_toboolean(L, -1)) {
    lua_pop(L, 1);
    lua_pushnil(L); /* cleared */
  } else if (!lua_isnil(L, -1) && lua_type(L, -1) != LUA_TSTRING) {
    luaL_error(L, set ? "set: 'note' must be a string or false (got %s)"
                      : "annotate: 'note' must be a string (got %s)", luaL_typename(L, -1));
  }
  if (!lua_isnil(L, -1)) require_utf8(L, -1, fn, "'note'");
  f->note = lua_tostring(L, -1);
  rawfield(L, t, "attrs");
  if (!lua_isnil(L, -1)) {
    if (!lua_istable(L, -1))
      luaL_error(L, "%s: 'attrs' must be a table (got %s)", fn, luaL_typename(L, -1));
    f->has_attrs = 1;
    read_attrs(L, lua_gettop(L), f, fn);
  }
  if (set) return;
  rawfield(L, t, "links");
  if (!lua_isnil(L, -1)) {
    if (!lua_istable(L, -1))
      luaL_error(L, "annotate: 'links' must be a table (got %s)", luaL_typename(L, -1));
    read_links(L, lua_gettop(L), d, f);
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

/* What the attributes of f cost the store (--max-memory). */
static long long attrs_bytes(const fields *f) {
  long long bytes = 0;
  for (size_t i = 0; i < f->nattrs; i++)
    bytes += (long long)(sizeof f->attrs[i] + strlen(f->attrs[i].key) +
                         (f->attrs[i].type == ATTR_STRING ? strlen(f->attrs[i].s) : 0));
  return bytes;
}

/* The store's copy of f's attributes (NULL when there are none, or out of
 * memory: *ok cleared). C only, nothing raises. */
static const annot_attrs *keep_attrs(annot_store *st, const fields *f, int *ok) {
  if (!*ok || !f->nattrs) return NULL;
  annot_attrs *a = malloc(sizeof *a + f->nattrs * sizeof a->v[0]);
  if (a) {
    a->n = f->nattrs;
    for (size_t i = 0; i < f->nattrs; i++) {
      a->v[i] = f->attrs[i];
      a->v[i].key = annot_intern(st, f->attrs[i].key);
      if (a->v[i].type == ATTR_STRING) a->v[i].s = annot_intern(st, f->attrs[i].s);
      *ok = *ok && a->v[i].key && (a->v[i].type != ATTR_STRING || a->v[i].s);
    }
  }
  const annot_attrs *kept = a ? annot_keep_attrs(st, a) : NULL;
  *ok = *ok && kept;
  return kept;
}

/* The store's links for f: each span without an annotation is annotated
 * first (labelled by its role, made by script at line), then found.  C
 * only, nothing raises; *ok cleared out of memory. */
static const annot_links *keep_links(lua_State *L, annot_store *st, const fields *f,
                                     const char *script, long line, int *ok) {
  if (!*ok || !f->nlinks) return NULL;
  annot_links *ls = malloc(sizeof *ls + f->nlinks * sizeof ls->v[0]);
  if (!ls) return *ok = 0, NULL;
  ls->n = f->nlinks;
  for (size_t i = 0; *ok && i < f->nlinks; i++) {
    const link_in *li = &f->links[i];
    const char *role = annot_intern(st, li->role);
    size_t t = li->target;
    *ok = role != NULL;
    if (*ok && t == SIZE_MAX) *ok = !annot_find(st, li->start, li->end, role, &t);
    if (*ok && t == SIZE_MAX) {
      const char *m = li->matcher ? lua_tostring(L, li->matcher) : NULL;
      const char *how = m ? annot_intern(st, m) : NULL;
      *ok = (how || !m) &&
            annot_add(st, li->start, li->end, role, NULL, script, line, NULL, how) != NULL;
      t = st->n - 1;
    }
    ls->v[i] = (annot_link){role, t};
  }
  if (!*ok) {
    free(ls);
    return NULL;
  }
  const annot_links *kept = annot_keep_links(st, ls);
  *ok = kept != NULL;
  return kept;
}

size_t lannot_add(lua_State *L, document *d, int t, const struct lspans_item *spans,
                  size_t n, const char *const *labels, const char *matcher,
                  const char *const *matchers) {
  t = lua_absindex(L, t);
  int top = lua_gettop(L);
  fields f;
  read_fields(L, t, &f, "annotate", labels != NULL, d);
  for (size_t i = 0; !f.label && i < n; i++)
    if (!labels[i] || !labels[i][0])
      luaL_error(L, "annotate: no label given, and span %I has no dictionary value to use",
                 (lua_Integer)i + 1);
  for (size_t i = 0; i < n + f.nlinks; i++) {
    int link = i >= n;
    if (link && f.links[i - n].target != SIZE_MAX) continue;
    size_t s = link ? f.links[i - n].start : spans[i].start;
    size_t e = link ? f.links[i - n].end : spans[i].end;
    const char *what = link ? lua_pushfstring(L, "links.%s: span", f.links[i - n].role) : "span";
    if (s > e || e > d->view.len)
      luaL_error(L, "annotate: %s [%I,%I] is outside the text (%I bytes)", what,
                 (lua_Integer)s + 1, (lua_Integer)e, (lua_Integer)d->view.len);
    if (!utf8_boundary(d->view.s, d->view.len, s) || !utf8_boundary(d->view.s, d->view.len, e))
      luaL_error(L, "annotate: %s [%I,%I] cuts a UTF-8 character in two", what,
                 (lua_Integer)s + 1, (lua_Integer)e);
    if (link) lua_pop(L, 1);
  }
  /* the store's memory counts against --max-memory: charged before it is
   * taken (this raises past the cap), released with the document; a linked
   * span may need an annotation of its own */
  long long each = (long long)(sizeof(annot) + 2 * sizeof(size_t));
  long long bytes = (long long)n * each + 64 + attrs_bytes(&f);
  if (f.note) bytes += (long long)strlen(f.note);
  for (size_t i = 0; i < f.nlinks; i++)
    bytes += (long long)(sizeof(annot_link) + strlen(f.links[i].role)) + each;
  script_charge_doc(L, bytes);
  const char *script;
  long line;
  caller(L, &script, &line);
  /* From here to the end of the block: C only, nothing raises. */
  annot_store *st = &d->annots;
  const char *label = f.label ? annot_intern(st, f.label) : "";
  const char *note = f.note ? annot_intern(st, f.note) : NULL;
  const char *scr = annot_intern(st, script);
  int ok = label && scr && (note || !f.note);
  const annot_attrs *attrs = keep_attrs(st, &f, &ok);
  const annot_links *links = keep_links(L, st, &f, scr, line, &ok);
  size_t first = st->n; /* after the linked spans' own annotations */
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
    annot *a = ok && li && (hi || !how)
                   ? annot_add(st, spans[i].start, spans[i].end, li, note, scr, line, attrs, hi)
                   : NULL;
    ok = a != NULL;
    if (a) a->links = links;
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

/* A fresh table role -> Annotation of the live targets of the links. The
 * link set is the store's and stays put; the targets are read again after
 * each allocation (which can run a finalizer that annotates). */
static void push_links(lua_State *L, int docidx, document *d, const annot_links *ls) {
  lua_newtable(L);
  for (size_t i = 0; ls && i < ls->n; i++) {
    if (d->annots.v[ls->v[i].target].removed) continue;
    lannot_push(L, docidx, ls->v[i].target, 0);
    lua_setfield(L, -2, ls->v[i].role);
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
  else if (!strcmp(k, "links")) push_links(L, docidx, d, a->links);
  else if (!strcmp(k, "removed")) lua_pushboolean(L, a->removed);
  else if (!strcmp(k, "anchor")) { /* read in: how it was found; nil for a script's */
    if (a->anchor) lua_pushstring(L, anchor_kind_name((anchor_kind)(a->anchor - 1)));
    else lua_pushnil(L);
  } else if (!strcmp(k, "anchor_score")) {
    if (a->anchor) lua_pushnumber(L, a->anchor_score);
    else lua_pushnil(L);
  } else if (!strcmp(k, "source_id")) lua_pushstring(L, a->source_id);
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

/* Raises unless the annotation at idx (of fn) is live. */
static size_t check_live(lua_State *L, int idx, const char *fn, document **dp) {
  lannot *u = luaL_checkudata(L, idx, LANNOT_MT);
  document *d = ldoc_owner(L, idx);
  const annot *a = &d->annots.v[u->index];
  if (a->removed) {
    const annot_edit *e = annot_last_edit(&d->annots, a, ANNOT_REMOVE);
    luaL_error(L, "%s: a%I was removed (by %s:%I)", fn, (lua_Integer)a->seq, e ? e->script : "?",
               (lua_Integer)(e ? e->line : 0));
  }
  *dp = d;
  return u->index;
}

/* a:remove(): no query, rule or writer sees it again. */
static int lannot_remove(lua_State *L) {
  document *d;
  size_t i = check_live(L, 1, "remove", &d);
  script_charge_doc(L, (long long)sizeof(annot_edit));
  const char *script;
  long line;
  caller(L, &script, &line);
  const char *scr = annot_intern(&d->annots, script);
  if (!scr || annot_correct(&d->annots, i, ANNOT_REMOVE, NULL, NULL, scr, line))
    return luaL_error(L, "remove: out of memory");
  return 0;
}

/* a:set{note = s | false, attrs = t}: replaces what is given. */
static int lannot_set(lua_State *L) {
  document *d;
  size_t i = check_live(L, 1, "set", &d);
  luaL_checktype(L, 2, LUA_TTABLE);
  lua_settop(L, 2);
  fields f;
  read_fields(L, 2, &f, "set", 0, d);
  unsigned what = (f.has_note ? ANNOT_SET_NOTE : 0) | (f.has_attrs ? ANNOT_SET_ATTRS : 0);
  if (!what) return 0;
  long long bytes = (long long)sizeof(annot_edit) + 64 + attrs_bytes(&f);
  if (f.note) bytes += (long long)strlen(f.note);
  script_charge_doc(L, bytes);
  const char *script;
  long line;
  caller(L, &script, &line);
  /* C only from here, nothing raises */
  annot_store *st = &d->annots;
  const char *note = f.note ? annot_intern(st, f.note) : NULL;
  const char *scr = annot_intern(st, script);
  int ok = scr && (note || !f.note);
  const annot_attrs *attrs = keep_attrs(st, &f, &ok);
  ok = ok && !annot_correct(st, i, what, note, attrs, scr, line);
  lua_settop(L, 2);
  if (!ok) return luaL_error(L, "set: out of memory");
  return 0;
}

static int lannots_first(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_rawgeti(L, 1, 1);
  return 1;
}

static const luaL_Reg lannots_methods[] = {{"first", lannots_first}, {NULL, NULL}};

static const luaL_Reg lannot_methods[] = {
    {"remove", lannot_remove}, {"set", lannot_set}, {NULL, NULL}};

static const luaL_Reg lannot_meta[] = {
    {"__tostring", lannot_tostring}, {NULL, NULL}};
static const char *const lannot_fields[] = {"id",    "label", "note", "script", "line",   "matcher",
                                            "attrs", "links", "span", "text",   "removed", NULL};
/* annotations are equal when they are the same entry of the store */
static const lclass lannot_class = {.name = LANNOT_MT, .methods = lannot_methods,
                                    .meta = lannot_meta, .fields = lannot_index,
                                    .field_names = lannot_fields,
                                    .same_at = offsetof(lannot, index), .same_len = sizeof(size_t)};

void lannot_open(lua_State *L) {
  lclass_define(L, &lannot_class);
  llist_metatable(L, LANNOTS_MT, lannots_methods);
}

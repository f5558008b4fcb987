#include <stddef.h>
#include <string.h>

#include "lua_api.h"
#include "lua_rule.h"
#include "lua_mem.h"
#include "tokattr.h"
#include "utf8.h"
#include "lua_class.h"

void lspan_push(lua_State *L, int docidx, size_t start, size_t end,
                lua_Integer iter) {
  docidx = lua_absindex(L, docidx);
  lspan *u = lua_newuserdatauv(L, sizeof *u, 2);
  u->start = start;
  u->end = end;
  u->iter = iter;
  u->item = 0;
  u->annot = 0;
  luaL_setmetatable(L, LSPAN_MT);
  lua_pushvalue(L, docidx);
  lua_setiuservalue(L, -2, 1);
}

void lspan_set_annot(lua_State *L, int idx, size_t annot) {
  lspan_check(L, idx)->annot = annot;
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

void lspan_any_range(lua_State *L, int idx, document *d, size_t *start, size_t *end) {
  document *owner = NULL;
  lspan *s = luaL_testudata(L, idx, LSPAN_MT);
  if (s) {
    owner = ldoc_owner(L, idx);
    lua_pop(L, 1);
    *start = s->start, *end = s->end;
  } else if (!lnode_range_at(L, idx, &owner, start, end) &&
             !lannot_range_at(L, idx, &owner, start, end)) {
    if (owner) luaL_argerror(L, idx, "the node is not in the text view");
    luaL_typeerror(L, idx, "Span, Annotation or Node");
  }
  if (owner != d) luaL_argerror(L, idx, "it belongs to another document");
}

/* a:overlaps(b) and friends; b may be a Span, Annotation or Node. Half-open
 * ranges: an empty span overlaps nothing, and touches are not overlaps. */
static int relation(lua_State *L, int which) {
  lspan *a = lspan_check(L, 1);
  document *d = ldoc_owner(L, 1);
  size_t bs, be;
  lspan_any_range(L, 2, d, &bs, &be);
  int r = 0;
  switch (which) {
  case 0: r = a->start < be && bs < a->end && a->start < a->end && bs < be; break;
  case 1: r = a->start <= bs && be <= a->end; break;
  case 2: r = bs <= a->start && a->end <= be; break;
  case 3: r = a->end <= bs; break;
  case 4: r = a->start >= be; break;
  }
  lua_pushboolean(L, r);
  return 1;
}

static int span_overlaps(lua_State *L) { return relation(L, 0); }
static int span_contains(lua_State *L) { return relation(L, 1); }
static int span_within(lua_State *L) { return relation(L, 2); }
static int span_before(lua_State *L) { return relation(L, 3); }
static int span_after(lua_State *L) { return relation(L, 4); }

/* span:enclosing([name]): the nearest element around the span. */
static int span_enclosing(lua_State *L) {
  lspan *s = lspan_check(L, 1);
  const char *name = luaL_optstring(L, 2, NULL);
  lua_settop(L, 2);
  document *d = ldoc_owner(L, 1);
  lnode_push_enclosing(L, 3, d, s->start, s->end, name);
  return 1;
}

static int is_space(const char *t, size_t i, size_t end, size_t *w) {
  unsigned char c = (unsigned char)t[i];
  *w = 1;
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') return 1;
  if (c == 0xC2 && i + 1 < end && (unsigned char)t[i + 1] == 0xA0) return *w = 2, 1;
  return 0;
}

/* Trims white space (and no-break spaces) off both ends of [*s, *e). */
void lspan_trim(const char *t, size_t *s, size_t *e);
void lspan_trim(const char *t, size_t *s, size_t *e) {
  size_t w;
  while (*s < *e && is_space(t, *s, *e, &w)) *s += w;
  while (*e > *s) {
    size_t k = *e - 1;
    while (k > *s && ((unsigned char)t[k] & 0xC0) == 0x80) k--;
    if (!is_space(t, k, *e, &w) || k + w != *e) break;
    *e = k;
  }
}

/* span:trim(): the span without white space (or no-break spaces) at its ends. */
static int span_trim(lua_State *L) {
  lspan *s = lspan_check(L, 1);
  document *d = ldoc_owner(L, 1);
  size_t bs = s->start, be = s->end;
  lspan_trim(d->view.s, &bs, &be);
  lspan_push(L, 2, bs, be, 0);
  /* the same span, narrower: it keeps its value, captures and provenance */
  ((lspan *)lua_touserdata(L, -1))->item = s->item;
  lua_getiuservalue(L, 1, 2);
  lua_setiuservalue(L, -2, 2);
  return 1;
}

/* span:block(): the paragraph-level block the span starts in, trimmed. */
static int span_block(lua_State *L) {
  lspan *s = lspan_check(L, 1);
  document *d = ldoc_owner(L, 1);
  size_t bs, be;
  text_block_at(&d->view, s->start, &bs, &be);
  lspan_trim(d->view.s, &bs, &be);
  lspan_push(L, 2, bs, be, 0);
  return 1;
}

/* doc:blocks() and span:blocks(): each non-blank block in the range,
 * trimmed, as a SpanList. */
int lspan_blocks(lua_State *L) {
  size_t from, to;
  document *d = lspan_range(L, 1, &from, &to);
  int docidx = lua_gettop(L);
  lspans *l = lspans_new(L, docidx);
  lspans_set_matcher(L, "blocks");
  const text_view *v = &d->view;
  size_t pos = from;
  while (pos < to) {
    size_t bs, be;
    text_block_at(v, pos, &bs, &be);
    if (be > to) be = to;
    if (bs < from) bs = from;
    size_t s = bs, e = be;
    lspan_trim(v->s, &s, &e);
    if (e > s && !text_masked(v, s, e)) lspans_add(L, l, s, e);
    if (be <= pos) break;
    pos = be;
  }
  return 1;
}

/* The rule match list the Span at idx came from, pushed; or NULL, nothing
 * pushed. */
static lspans *rule_list(lua_State *L, int idx, const lspan *s) {
  lua_getiuservalue(L, idx, 2);
  lspans *l = luaL_testudata(L, -1, LSPANS_MT);
  if (l && l->kind == LSPANS_RULE && s->item && s->item <= l->n) return l;
  lua_pop(L, 1);
  return NULL;
}

/* A copy of the fields table at 2 with the rule's label and note where it
 * gives none, in its place. */
void lspan_rule_fields(lua_State *L, int listidx, const lspans *l, size_t item, int docidx) {
  lrule_push_defaults(L, listidx, l, item, docidx); /* label, note */
  int note = lua_gettop(L), label = note - 1;
  lua_newtable(L);
  lua_pushnil(L);
  while (lua_next(L, 2)) {
    lua_pushvalue(L, -2);
    lua_insert(L, -2);
    lua_rawset(L, -4);
  }
  if (lua_getfield(L, -1, "label") == LUA_TNIL) {
    lua_pushvalue(L, label);
    lua_setfield(L, -3, "label");
  }
  if (lua_getfield(L, -2, "note") == LUA_TNIL) {
    lua_pushvalue(L, note);
    lua_setfield(L, -4, "note");
  }
  lua_pop(L, 2);
  lua_replace(L, 2);
  lua_settop(L, label - 1);
}

static int span_annotate(lua_State *L) {
  lspan *s = lspan_check(L, 1);
  luaL_checktype(L, 2, LUA_TTABLE);
  lua_settop(L, 2);
  lspans *rl = rule_list(L, 1, s);
  if (rl) { /* a rule's match: its label and note unless told */
    ldoc_owner(L, 1);
    lspan_rule_fields(L, 3, rl, s->item, 4);
    lua_settop(L, 2);
  }
  document *d = ldoc_owner(L, 1);
  int docidx = lua_gettop(L);
  struct lspans_item it = {s->start, s->end, 0};
  lspans_push_matcher(L, 1);
  size_t i = lannot_add(L, d, 2, &it, 1, NULL, lua_tostring(L, -1), NULL);
  ldict_span_annotated(L, 1, i); /* a lookup's span: its entry's features as attrs */
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
  else if (!strcmp(k, "value") || !strcmp(k, "entry") || !strcmp(k, "features"))
    ldict_span_field(L, 1, s->item, k);
  else if (!strcmp(k, "annotation")) { /* a rule's capture of one ann element */
    if (s->annot) lannot_push(L, 3, s->annot - 1, 0);
    else lua_pushnil(L);
  } else if (!strcmp(k, "rule")) {
    lspans *l = rule_list(L, 1, s);
    if (l) lrule_push_rule(L, lua_gettop(L), l, s->item);
    else lua_pushnil(L);
  }
  else if (!strcmp(k, "line") || !strcmp(k, "col")) {
    unsigned long line, col;
    text_linecol(&d->view, s->start, &line, &col);
    lua_pushinteger(L, (lua_Integer)(k[0] == 'l' ? line : col));
  } else if (!strcmp(k, "lower") || !strcmp(k, "shape")) {
    buf b = BUF_INIT; /* filled, copied into Lua without raising, freed */
    const char *t = d->view.s + s->start;
    int rc = k[0] == 'l' ? tokattr_lower(&b, t, s->end - s->start) : tokattr_shape(&b, t, s->end - s->start);
    size_t need = b.len;
    rc = rc || lmem_pushlstring(L, b.s ? b.s : "", b.len);
    buf_free(&b);
    if (rc) lmem_error(L, need);
  } else if (!strcmp(k, "sent_start") || !strcmp(k, "sent_end")) {
    int starts, ends;
    lsentence_edges(L, d, s->start, s->end, &starts, &ends);
    lua_pushboolean(L, k[5] == 's' ? starts : ends);
  } else {
    unsigned flag = !strcmp(k, "is_alpha")   ? TOKATTR_ALPHA
                    : !strcmp(k, "is_digit") ? TOKATTR_DIGIT
                    : !strcmp(k, "is_punct") ? TOKATTR_PUNCT
                    : !strcmp(k, "is_space") ? TOKATTR_SPACE
                    : !strcmp(k, "is_upper") ? TOKATTR_UPPER
                    : !strcmp(k, "is_lower") ? TOKATTR_LOWER
                    : !strcmp(k, "is_title") ? TOKATTR_TITLE
                    : !strcmp(k, "like_num") ? TOKATTR_LIKE_NUM
                                             : 0;
    if (!flag) return 0;
    lua_pushboolean(L, (tokattr_flags(d->view.s + s->start, s->end - s->start) & flag) != 0);
  }
  return 1;
}

/* span:prefix(n), span:suffix(n): the first or last n characters (code
 * points) of the text, as a string. */
static int span_affix(lua_State *L, int suffix) {
  lspan *s = lspan_check(L, 1);
  lua_Integer k = luaL_checkinteger(L, 2);
  luaL_argcheck(L, k >= 0, 2, "a number of characters, 0 or more");
  document *d = ldoc_owner(L, 1);
  const char *t = d->view.s + s->start;
  size_t n = s->end - s->start;
  if (suffix) {
    size_t at = tokattr_suffix(t, n, (size_t)k);
    lua_pushlstring(L, t + at, n - at);
  } else {
    lua_pushlstring(L, t, tokattr_prefix(t, n, (size_t)k));
  }
  return 1;
}

static int span_prefix(lua_State *L) { return span_affix(L, 0); }
static int span_suffix(lua_State *L) { return span_affix(L, 1); }

static int span_len(lua_State *L) {
  lspan *s = lspan_check(L, 1);
  ldoc_owner(L, 1);
  lua_pushinteger(L, (lua_Integer)(s->end - s->start));
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


/* span:capture(n or name): a group of the regex match this span is. */
static int span_capture(lua_State *L) {
  lspan *s = lspan_check(L, 1);
  lua_settop(L, 2);
  ldoc_owner(L, 1);
  lua_getiuservalue(L, 1, 2);
  lspans *l = luaL_testudata(L, 4, LSPANS_MT);
  if (l && l->kind == LSPANS_RULE && s->item && s->item <= l->n)
    return lrule_capture(L, l, 4, 3, s->item);
  if (!l || l->kind != LSPANS_REGEX || !s->item || s->item > l->n)
    return luaL_error(L, "capture: this span is not a regex match nor a rule's (use the spans of :match)");
  return lregex_capture(L, l, 4, 3, s->item);
}

static const luaL_Reg span_methods[] = {
    {"annotate", span_annotate},
    {"capture", span_capture},
    {"match", lregex_match},
    {"overlaps", span_overlaps},
    {"contains", span_contains},
    {"within", span_within},
    {"before", span_before},
    {"after", span_after},
    {"enclosing", span_enclosing},
    {"block", span_block},
    {"trim", span_trim},
    {"blocks", lspan_blocks},
    {"lookup", ldict_lookup},
    {"sentences", lsentence_sentences},
    {"tokens", lsentence_tokens},
    {"sentence", lsentence_of},
    {"prefix", span_prefix},
    {"suffix", span_suffix},
    {NULL, NULL}};

static const luaL_Reg span_meta[] = {
    {"__len", span_len}, {"__tostring", span_tostring}, {NULL, NULL}};
static const char *const span_fields[] = {
    "start",    "stop",     "text",     "value",    "entry",    "features", "line",     "col",
    "lower",    "shape",    "is_alpha", "is_digit", "is_punct", "is_space", "is_upper",
    "is_lower", "is_title", "like_num", "sent_start", "sent_end", "rule", "annotation", NULL};
/* spans are equal when their ranges are: start and end, side by side */
_Static_assert(offsetof(lspan, end) == offsetof(lspan, start) + sizeof(size_t),
               "lspan's start and end are adjacent");
static const lclass span_class = {.name = LSPAN_MT, .methods = span_methods, .meta = span_meta,
                                  .fields = span_index, .field_names = span_fields,
                                  .same_at = offsetof(lspan, start),
                                  .same_len = 2 * sizeof(size_t)};

void lspan_open(lua_State *L) { lclass_define(L, &span_class); }

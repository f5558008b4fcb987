#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lua_mem.h"
#include "lua_spanlist.h"
#include "lua_rule.h"
#include "script.h"
#include "lua_class.h"

/* A list's spans and regex offsets are userdata blocks, its user values 4
 * and 5: Lua owns and counts them (--max-memory, the collector's pace), and
 * no finalizer is needed to free them. A block that grows is replaced by
 * one twice its size. */
#define UV_SPANS 4
#define UV_CAPS 5

lspans *lspans_new(lua_State *L, int docidx) {
  docidx = lua_absindex(L, docidx);
  lspans *l = lua_newuserdatauv(L, sizeof *l, 5);
  memset(l, 0, sizeof *l);
  luaL_setmetatable(L, LSPANS_MT);
  lua_pushvalue(L, docidx);
  lua_setiuservalue(L, -2, 1);
  return l;
}

/* The stack index of the list l (the builders keep it on the stack). */
static int index_of(lua_State *L, const lspans *l) {
  for (int i = lua_gettop(L); i > 0; i--)
    if (lua_type(L, i) == LUA_TUSERDATA && lua_touserdata(L, i) == l) return i;
  return 0;
}

/* Replaces block uv of the list l (at stack index idx), holding used bytes
 * at *p, by one of size bytes. raise: on failure raise, else return -1. */
static int regrow(lua_State *L, int idx, int uv, void **p, size_t used, size_t size, int raise) {
  void *q;
  if (raise) q = lua_newuserdatauv(L, size, 0);
  else if (lmem_newuserdata(L, size, &q)) return -1;
  if (used) memcpy(q, *p, used);
  lua_setiuservalue(L, idx, uv); /* the old block is garbage */
  *p = q;
  return 0;
}

/* Room for one more span: 0, or -1 when memory ran out (raise: raises). */
static int room(lua_State *L, lspans *l, int raise) {
  if (l->n < l->cap) return 0;
  int idx = index_of(L, l);
  if (!idx) return luaL_error(L, "internal error: a SpanList being built is not on the stack");
  size_t cap = l->cap ? l->cap * 2 : 16;
  if (cap > SIZE_MAX / 2 / sizeof *l->v) return raise ? lmem_error(L, SIZE_MAX) : -1;
  void *v = l->v;
  if (regrow(L, idx, UV_SPANS, &v, l->n * sizeof *l->v, cap * sizeof *l->v, raise)) return -1;
  l->v = v;
  l->cap = cap;
  return 0;
}

static int caps_room(lua_State *L, lspans *l, size_t n, int raise) {
  if (l->ncaps + n <= l->capcap) return 0;
  int idx = index_of(L, l);
  if (!idx) return luaL_error(L, "internal error: a SpanList being built is not on the stack");
  size_t cap = l->capcap ? l->capcap * 2 : 64;
  while (cap < l->ncaps + n && cap <= SIZE_MAX / 4 / sizeof *l->caps) cap *= 2;
  if (cap < l->ncaps + n) return raise ? lmem_error(L, SIZE_MAX) : -1;
  void *v = l->caps;
  if (regrow(L, idx, UV_CAPS, &v, l->ncaps * sizeof *l->caps, cap * sizeof *l->caps, raise))
    return -1;
  l->caps = v;
  l->capcap = cap;
  return 0;
}

static void put(lspans *l, size_t start, size_t end, size_t extra) {
  l->v[l->n].start = start;
  l->v[l->n].end = end;
  l->v[l->n].extra = extra;
  l->n++;
}

void lspans_add_extra(lua_State *L, lspans *l, size_t start, size_t end, size_t extra) {
  room(L, l, 1);
  put(l, start, end, extra);
}

void lspans_add(lua_State *L, lspans *l, size_t start, size_t end) {
  lspans_add_extra(L, l, start, end, 0);
}

size_t lspans_add_caps(lua_State *L, lspans *l, const size_t *ov, size_t n) {
  caps_room(L, l, n, 1);
  memcpy(l->caps + l->ncaps, ov, n * sizeof *ov);
  l->ncaps += n;
  return l->ncaps - n;
}

int lspans_try_add(lua_State *L, lspans *l, size_t start, size_t end, size_t extra) {
  if (room(L, l, 0)) return LSPANS_FULL;
  put(l, start, end, extra);
  return 0;
}

int lspans_try_add_caps(lua_State *L, lspans *l, const size_t *ov, size_t n, size_t *at) {
  if (caps_room(L, l, n, 0)) return LSPANS_FULL_CAPS;
  memcpy(l->caps + l->ncaps, ov, n * sizeof *ov);
  *at = l->ncaps;
  l->ncaps += n;
  return 0;
}

int lspans_scan(lua_State *L, lspans *l, int (*scan)(void *ud), void *ud) {
  int rc;
  while ((rc = scan(ud)) == LSPANS_FULL || rc == LSPANS_FULL_CAPS) {
    /* now that the scan holds nothing, the block grows in raising mode:
     * Lua's memory error, or room to run the scan again */
    if (rc == LSPANS_FULL) {
      l->n = l->cap;
      room(L, l, 1);
    } else {
      caps_room(L, l, l->capcap + 1 - l->ncaps, 1);
    }
    l->n = l->ncaps = 0;
  }
  if (rc == LSPANS_STOP) script_raise_stop(L);
  return rc;
}

static lspans *check(lua_State *L, int idx) {
  lspans *l = luaL_checkudata(L, idx, LSPANS_MT);
  ldoc_owner(L, idx); /* pushes the Document */
  return l;
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
  /* the span keeps its list: values, captures, and what found it */
  ((lspan *)lua_touserdata(L, -1))->item = (size_t)i;
  lua_pushvalue(L, idx);
  lua_setiuservalue(L, -2, 2);
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
  const char **labels = NULL, **keys = NULL;
  if (l->kind == LSPANS_DICT) { /* without a label, each entry's value is one */
    labels = lua_newuserdatauv(L, (l->n ? l->n : 1) * sizeof *labels, 0);
    keys = lua_newuserdatauv(L, (l->n ? l->n : 1) * sizeof *keys, 0);
    for (size_t i = 0; i < l->n; i++) {
      labels[i] = ldict_entry_value(L, 1, l->v[i].extra);
      keys[i] = ldict_entry_key(L, 1, l->v[i].extra);
    }
  }
  lua_getiuservalue(L, 1, 3);
  const char *matcher = lua_tostring(L, -1); /* stays on the stack */
  if (l->kind == LSPANS_RULE) { /* each with its rule's label and note, unless told */
    int docidx = lua_gettop(L) - 1, top = lua_gettop(L);
    lua_pushvalue(L, 2);
    int given = lua_gettop(L);
    for (size_t i = 0; i < l->n; i++) {
      lua_pushvalue(L, given);
      lua_replace(L, 2);
      lspan_rule_fields(L, 1, l, i + 1, docidx);
      lua_pushfstring(L, "rule %s", lrule_item_name(L, 1, l, i + 1));
      lannot_add(L, d, 2, &l->v[i], 1, NULL, lua_tostring(L, -1), NULL);
      lua_settop(L, given);
    }
    lua_settop(L, top);
  } else {
    size_t first = lannot_add(L, d, 2, l->v, l->n, labels, matcher, (const char *const *)keys);
    if (l->kind == LSPANS_DICT) ldict_give_features(L, 1, 0, l->n, first); /* entries' attrs */
  }
  lua_pushinteger(L, (lua_Integer)l->n);
  return 1;
}

/* A new list of the same kind, source and matcher as the list at idx. */
static lspans *derived(lua_State *L, int idx, lspans *from, int docidx) {
  lspans *l = lspans_new(L, docidx);
  l->kind = from->kind;
  l->groups = from->groups;
  lua_getiuservalue(L, idx, 2);
  lua_setiuservalue(L, -2, 2);
  lua_getiuservalue(L, idx, 3);
  lua_setiuservalue(L, -2, 3);
  return l;
}

void lspans_set_matcher(lua_State *L, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  lua_pushvfstring(L, fmt, ap);
  va_end(ap);
  lua_setiuservalue(L, -2, 3);
}

void lspans_push_matcher(lua_State *L, int idx) {
  idx = lua_absindex(L, idx);
  lspans *l = luaL_testudata(L, idx, LSPANS_MT);
  if (l) {
    lua_getiuservalue(L, idx, 3);
    return;
  }
  lspan *s = luaL_testudata(L, idx, LSPAN_MT);
  if (!s || lua_getiuservalue(L, idx, 2) == LUA_TNIL) return;
  if (lua_type(L, -1) == LUA_TSTRING) return; /* a node's selection */
  l = luaL_testudata(L, -1, LSPANS_MT);
  int list = lua_gettop(L);
  lua_getiuservalue(L, list, 3);
  if (l && l->kind == LSPANS_RULE && s->item && s->item <= l->n) {
    lua_pushfstring(L, "rule %s", lrule_item_name(L, list, l, s->item));
    lua_replace(L, list);
    lua_settop(L, list);
    return;
  }
  if (l && l->kind == LSPANS_DICT && s->item && s->item <= l->n) {
    ldict_span_field(L, idx, s->item, "entry");
    lua_pushfstring(L, "%s \"%s\"", lua_tostring(L, -2), lua_tostring(L, -1));
    lua_replace(L, list);
    lua_settop(L, list);
    return;
  }
  lua_replace(L, list);
}

/* Copies item i of src into dst, with its captures. */
static void copy_item(lua_State *L, lspans *dst, const lspans *src, size_t i) {
  const struct lspans_item *it = &src->v[i];
  size_t extra = it->extra;
  if (src->kind == LSPANS_REGEX)
    extra = lspans_add_caps(L, dst, src->caps + it->extra, 2 * (src->groups + 1));
  else if (src->kind == LSPANS_RULE)
    extra = lspans_add_caps(L, dst, src->caps + it->extra, 1 + 3 * src->groups);
  lspans_add_extra(L, dst, it->start, it->end, extra);
}

/* list:filter(value or fn): the spans whose dictionary value is the string,
 * or for which fn(span) is true. */
static int spans_filter(lua_State *L) {
  lspans *l = check(L, 1);
  int docidx = lua_gettop(L);
  int t = lua_type(L, 2);
  if (t != LUA_TSTRING && t != LUA_TFUNCTION)
    return luaL_typeerror(L, 2, "dictionary value or function");
  if (t == LUA_TSTRING && l->kind != LSPANS_DICT)
    return luaL_argerror(L, 2, "filtering by value needs the spans of a dictionary lookup");
  lspans *out = derived(L, 1, l, docidx);
  int outidx = lua_gettop(L);
  for (size_t i = 0; i < l->n; i++) {
    int keep;
    if (t == LUA_TSTRING) {
      const char *v = ldict_entry_value(L, 1, l->v[i].extra);
      keep = v && !strcmp(v, lua_tostring(L, 2));
    } else {
      lua_pushvalue(L, 2);
      lspans_push_item(L, 1, l, docidx, (lua_Integer)i + 1);
      lua_call(L, 1, 1);
      keep = lua_toboolean(L, -1);
      lua_pop(L, 1);
    }
    if (keep) copy_item(L, out, l, i);
  }
  lua_settop(L, outidx);
  return 1;
}

/* Order of items by start, then end (indices into l->v), in a userdata box. */
static size_t *sorted_order(lua_State *L, const lspans *l) {
  size_t *o = lua_newuserdatauv(L, (l->n ? l->n : 1) * sizeof *o, 0);
  for (size_t i = 0; i < l->n; i++) o[i] = i;
  /* insertion sort for the (usual) already sorted lists; merge sort else */
  int sorted = 1;
  for (size_t i = 1; i < l->n && sorted; i++)
    sorted = l->v[i - 1].start < l->v[i].start ||
             (l->v[i - 1].start == l->v[i].start && l->v[i - 1].end <= l->v[i].end);
  if (sorted) return o;
  size_t *tmp = lua_newuserdatauv(L, (l->n ? l->n : 1) * sizeof *tmp, 0);
  for (size_t w = 1; w < l->n; w *= 2) {
    for (size_t lo = 0; lo < l->n; lo += 2 * w) {
      size_t mid = lo + w < l->n ? lo + w : l->n, hi = lo + 2 * w < l->n ? lo + 2 * w : l->n;
      size_t a = lo, b = mid, k = lo;
      while (a < mid || b < hi) {
        int take_a = b >= hi || (a < mid && (l->v[o[a]].start < l->v[o[b]].start ||
                                             (l->v[o[a]].start == l->v[o[b]].start &&
                                              l->v[o[a]].end <= l->v[o[b]].end)));
        tmp[k++] = take_a ? o[a++] : o[b++];
      }
    }
    memcpy(o, tmp, l->n * sizeof *o);
  }
  lua_pop(L, 1);
  return o;
}

/* For minus and intersect: does item a overlap any span of b? b's order and
 * the running maximum of ends over it answer in O(log n). */
typedef struct overlap_index {
  const lspans *b;
  const size_t *order;
  size_t *maxend; /* maxend[k]: max end of order[0..k] */
} overlap_index;

static int overlaps_any(const overlap_index *ix, size_t s, size_t e) {
  /* spans of b starting before e */
  size_t lo = 0, hi = ix->b->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (ix->b->v[ix->order[mid]].start < e) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && ix->maxend[lo - 1] > s && s < e;
}

static int set_op(lua_State *L, int keep_overlapping) {
  lspans *a = check(L, 1);
  int docidx = lua_gettop(L);
  lspans *b = luaL_checkudata(L, 2, LSPANS_MT);
  lua_getiuservalue(L, 2, 1);
  if (!lua_rawequal(L, -1, docidx)) return luaL_argerror(L, 2, "the list belongs to another document");
  lua_pop(L, 1);
  overlap_index ix = {b, sorted_order(L, b), NULL};
  ix.maxend = lua_newuserdatauv(L, (b->n ? b->n : 1) * sizeof *ix.maxend, 0);
  for (size_t k = 0; k < b->n; k++) { /* empty spans overlap nothing */
    size_t e = b->v[ix.order[k]].start < b->v[ix.order[k]].end ? b->v[ix.order[k]].end : 0;
    ix.maxend[k] = k && ix.maxend[k - 1] > e ? ix.maxend[k - 1] : e;
  }
  lspans *out = derived(L, 1, a, docidx);
  for (size_t i = 0; i < a->n; i++)
    if (overlaps_any(&ix, a->v[i].start, a->v[i].end) == keep_overlapping) copy_item(L, out, a, i);
  return 1;
}

/* list:minus(other): the spans that overlap none of other's. */
static int spans_minus(lua_State *L) { return set_op(L, 0); }
/* list:intersect(other): the spans that overlap some of other's. */
static int spans_intersect(lua_State *L) { return set_op(L, 1); }

/* list:union(other): both lists' spans by start then end, each range once. */
static int spans_union(lua_State *L) {
  lspans *a = check(L, 1);
  int docidx = lua_gettop(L);
  lspans *b = luaL_checkudata(L, 2, LSPANS_MT);
  lua_getiuservalue(L, 2, 1);
  if (!lua_rawequal(L, -1, docidx)) return luaL_argerror(L, 2, "the list belongs to another document");
  lua_pop(L, 1);
  /* the same source keeps values and captures; else plain spans */
  lua_getiuservalue(L, 1, 2);
  lua_getiuservalue(L, 2, 2);
  int same = a->kind == b->kind && lua_rawequal(L, -1, -2);
  lua_pop(L, 2);
  size_t *oa = sorted_order(L, a), *ob = sorted_order(L, b);
  lspans *out = same ? derived(L, 1, a, docidx) : lspans_new(L, docidx);
  if (!same) lspans_set_matcher(L, "union");
  size_t i = 0, j = 0;
  while (i < a->n || j < b->n) {
    const lspans *src;
    size_t k;
    if (j >= b->n || (i < a->n && (a->v[oa[i]].start < b->v[ob[j]].start ||
                                   (a->v[oa[i]].start == b->v[ob[j]].start &&
                                    a->v[oa[i]].end <= b->v[ob[j]].end))))
      src = a, k = oa[i++];
    else
      src = b, k = ob[j++];
    const struct lspans_item *it = &src->v[k];
    if (out->n && out->v[out->n - 1].start == it->start && out->v[out->n - 1].end == it->end)
      continue;
    if (same) copy_item(L, out, src, k);
    else lspans_add(L, out, it->start, it->end);
  }
  return 1;
}

/* list:unique(): no two spans overlap; longer spans win, then earlier ones. */
static int spans_unique(lua_State *L) {
  lspans *l = check(L, 1);
  int docidx = lua_gettop(L);
  document *d = ldoc_owner(L, 1);
  size_t n = l->n;
  size_t *o = lua_newuserdatauv(L, (n ? n : 1) * sizeof *o, 0);
  for (size_t i = 0; i < n; i++) o[i] = i;
  /* by length descending, then start: a stable merge sort */
  size_t *tmp = lua_newuserdatauv(L, (n ? n : 1) * sizeof *tmp, 0);
  for (size_t w = 1; w < n; w *= 2) {
    for (size_t lo = 0; lo < n; lo += 2 * w) {
      size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
      size_t a = lo, b = mid, k = lo;
      while (a < mid || b < hi) {
        int take_a = b >= hi;
        if (!take_a && a < mid) {
          size_t la = l->v[o[a]].end - l->v[o[a]].start, lb = l->v[o[b]].end - l->v[o[b]].start;
          take_a = la > lb || (la == lb && l->v[o[a]].start <= l->v[o[b]].start);
        }
        tmp[k++] = take_a ? o[a++] : o[b++];
      }
    }
    memcpy(o, tmp, n * sizeof *o);
  }
  /* bytes taken so far, one bit each */
  size_t bits = d->view.len + 1;
  unsigned char *taken = lua_newuserdatauv(L, bits / 8 + 1, 0);
  memset(taken, 0, bits / 8 + 1);
  unsigned char *keep = lua_newuserdatauv(L, n ? n : 1, 0);
  memset(keep, 0, n ? n : 1);
  size_t work = 0; /* bytes looked at: long spans make this loop long */
  for (size_t k = 0; k < n; k++) {
    const struct lspans_item *it = &l->v[o[k]];
    work += it->end - it->start + 1;
    if (work > (1u << 20)) {
      work = 0;
      if (script_stopped(L)) script_raise_stop(L);
    }
    int free_range = 1;
    for (size_t x = it->start; x < it->end && free_range; x++)
      free_range = !(taken[x / 8] & (1u << (x % 8)));
    if (!free_range) continue;
    for (size_t x = it->start; x < it->end; x++) taken[x / 8] |= (unsigned char)(1u << (x % 8));
    keep[o[k]] = 1;
  }
  size_t *order = sorted_order(L, l);
  lspans *out = derived(L, 1, l, docidx);
  for (size_t k = 0; k < n; k++)
    if (keep[order[k]]) copy_item(L, out, l, order[k]);
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
  luaL_checkstring(L, 2);
  return 0;
}

static int spans_tostring(lua_State *L) {
  lspans *l = luaL_checkudata(L, 1, LSPANS_MT);
  lua_pushfstring(L, "SpanList(%I spans)", (lua_Integer)l->n);
  return 1;
}

static const luaL_Reg spans_methods[] = {
    {"first", spans_first},
    {"annotate", spans_annotate},
    {"filter", spans_filter},
    {"union", spans_union},
    {"minus", spans_minus},
    {"intersect", spans_intersect},
    {"unique", spans_unique},
    {NULL, NULL}};

static const luaL_Reg spans_meta[] = {
    {"__call", spans_call}, {"__len", spans_len}, {"__tostring", spans_tostring}, {NULL, NULL}};
static const lclass spans_class = {.name = LSPANS_MT, .methods = spans_methods, .meta = spans_meta,
                                   .fields = spans_index};

void lspans_open(lua_State *L) { lclass_define(L, &spans_class); }

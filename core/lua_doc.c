#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "css.h"
#include "lua_api.h"
#include "lua_mem.h"
#include "luapat.h"
#include "script.h"
#include "lua_class.h"

void ldoc_push(lua_State *L, document *d) {
  ldoc *u = lua_newuserdatauv(L, sizeof *u, 1); /* uv 1: cached text */
  u->d = d;
  luaL_setmetatable(L, LDOC_MT);
}

void ldoc_close(lua_State *L, int idx) {
  ldoc *u = luaL_checkudata(L, idx, LDOC_MT);
  u->d = NULL;
  lua_pushnil(L);
  lua_setiuservalue(L, idx, 1);
}

static const char closed_msg[] =
    "this object's document is closed: Documents, Nodes, Spans and "
    "Annotations can only be used while their document is being processed";

document *ldoc_check(lua_State *L, int idx) {
  ldoc *u = luaL_checkudata(L, idx, LDOC_MT);
  if (!u->d) luaL_error(L, closed_msg);
  return u->d;
}

document *ldoc_owner(lua_State *L, int idx) {
  lua_getiuservalue(L, idx, 1);
  ldoc *u = luaL_testudata(L, -1, LDOC_MT);
  if (!u || !u->d) luaL_error(L, closed_msg);
  return u->d;
}

/* doc:span([i [, j]]) with string.sub's conventions. */
static int ldoc_span(lua_State *L) {
  document *d = ldoc_check(L, 1);
  lua_Integer len = (lua_Integer)d->view.len;
  lua_Integer i = luaL_optinteger(L, 2, 1);
  lua_Integer j = luaL_optinteger(L, 3, -1);
  if (i < 0) i = len + i + 1 < 1 ? 1 : len + i + 1;
  else if (i == 0) i = 1;
  if (j < 0) j = len + j + 1;
  else if (j > len) j = len;
  if (j < i - 1) j = i - 1;
  if (i > len + 1) i = len + 1, j = len;
  lspan_push(L, 1, (size_t)i - 1, (size_t)j, 0);
  return 1;
}

/* doc:find(lua_pattern [, init]): every match as a SpanList. */
static int ldoc_find(lua_State *L) {
  document *d = ldoc_check(L, 1);
  const char *pat = luaL_checkstring(L, 2);
  lua_Integer len = (lua_Integer)d->view.len;
  lua_Integer init = luaL_optinteger(L, 3, 1);
  if (init < 0) init = len + init + 1; /* as string.find counts */
  if (init < 1) init = 1;
  lua_settop(L, 3);
  int anchored = pat[0] == '^';
  lua_Integer lastmatch = 0; /* as string.gmatch: no empty match where one ended */
  lspans *l = lspans_new(L, 1);
  lspans_set_matcher(L, "find: %s", pat);
  int list = lua_gettop(L);
  lua_getfield(L, LUA_REGISTRYINDEX, "glossa.string.find");
  int find = lua_gettop(L);
  lua_getiuservalue(L, 1, 1);
  if (lua_isnil(L, -1)) {
    lua_pop(L, 1);
    lua_pushlstring(L, d->view.s, d->view.len);
    lua_pushvalue(L, -1);
    lua_setiuservalue(L, 1, 1);
  }
  int text = lua_gettop(L);
  while ((size_t)init <= d->view.len + 1) {
    /* string.find is C: no instruction hook runs in this loop */
    if (script_stopped(L)) return script_raise_stop(L);
    lua_pushvalue(L, find);
    lua_pushvalue(L, text);
    lua_pushvalue(L, 2);
    lua_pushinteger(L, init);
    lua_call(L, 3, 2);
    if (lua_isnil(L, -2)) {
      lua_pop(L, 2);
      break;
    }
    lua_Integer s = lua_tointeger(L, -2), e = lua_tointeger(L, -1);
    lua_pop(L, 2);
    if (e < s && e + 1 == lastmatch) {
      if (anchored) break;
      init = s + 1;
      continue;
    }
    lastmatch = e + 1;
    /* matchers skip script, style and noscript text */
    if (!text_masked(&d->view, (size_t)s - 1, (size_t)e)) lspans_add(L, l, (size_t)s - 1, (size_t)e);
    if (anchored) break;
    init = e >= s ? e + 1 : s + 1;
  }
  lua_settop(L, list);
  return 1;
}

/* libxml2 reports XPath errors by code, without a message. */
static const char *const xpath_messages[] = {
    "ok", "bad number", "unfinished literal", "bad start of literal",
    "expected $ for a variable reference", "undefined variable", "invalid predicate",
    "invalid expression", "missing closing curly brace", "unknown function",
    "invalid operand", "invalid type", "wrong number of arguments",
    "invalid context size", "invalid context position", "out of memory",
    "syntax error", "resource error", "sub-resource error",
    "undefined namespace prefix (bind it with doc:select(xpath, {prefix = uri}))",
    "encoding error", "character out of XML range", "invalid or incomplete context",
    "stack usage error", "forbidden variable", "operation limit exceeded",
    "recursion limit exceeded (the expression nests too deeply)"};

typedef struct xpath_err {
  int code;
  int at;
} xpath_err;

static void xpath_error(void *ctx, xmlErrorPtr e) {
  xpath_err *x = ctx;
  if (x->code == 0 && e) x->code = e->code - XML_XPATH_EXPRESSION_OK, x->at = e->int1;
}

/* Prefixes bound in every query: the usual ones for the vocabularies glossa
 * meets, then the root's own declarations (its default namespace as "d"),
 * then the caller's table. */
static const struct { const char *prefix, *uri; } known_ns[] = {
    {"tei", "http://www.tei-c.org/ns/1.0"},
    {"h", "http://www.w3.org/1999/xhtml"},
    {"xhtml", "http://www.w3.org/1999/xhtml"},
    {"db", "http://docbook.org/ns/docbook"},
    {"mal", "http://projectmallard.org/1.0/"},
    {"svg", "http://www.w3.org/2000/svg"},
    {"m", "http://www.w3.org/1998/Math/MathML"},
    {"xlink", "http://www.w3.org/1999/xlink"},
};

/* The watchdog's way into an evaluation under way (script_on_stop): libxml2
 * checks the operation limit at every step and node once it is not 0. */
static void xpath_stop(void *xc) { ((xmlXPathContextPtr)xc)->opLimit = 1; }

/* Evaluates xpath relative to ctxnode; pushes a NodeList or raises. nsidx is
 * the stack index of a {prefix = uri} table, or 0. */
static int select_from(lua_State *L, document *d, int docidx, xmlNodePtr ctxnode,
                       const char *expr, int nsidx, const char *how) {
  static const char bad_ns[] = "select: namespaces must map prefix strings to URI strings";
  size_t nuser = 0, nroot = 0, nknown = sizeof known_ns / sizeof known_ns[0];
  if (nsidx) {
    lua_pushnil(L);
    while (lua_next(L, nsidx)) {
      if (lua_type(L, -2) != LUA_TSTRING || lua_type(L, -1) != LUA_TSTRING)
        return luaL_error(L, bad_ns);
      nuser++;
      lua_pop(L, 1);
    }
  }
  xmlNodePtr root = xmlDocGetRootElement(d->xml);
  for (xmlNsPtr ns = root ? root->nsDef : NULL; ns; ns = ns->next) nroot++;
  /* The prefixes as an array of the context (xmlXPathNsLookup reads it
   * first, the first match winning), in Lua-owned memory: no libxml2 hash
   * (whose xmlXPathRegisterNs leaks its copy of the URI when the table
   * cannot grow). The caller's, then the root's, then the known ones. */
  size_t nns = nuser + nroot + nknown;
  xmlNs *nsv = lua_newuserdatauv(L, nns * (sizeof *nsv + sizeof(xmlNsPtr)), 0);
  xmlNsPtr *nsp = (xmlNsPtr *)(nsv + nns);
  size_t k = 0;
  if (nsidx) {
    /* strings checked above; but the table is read again after an
     * allocation, which may have run a finalizer that changed it */
    lua_pushnil(L);
    while (lua_next(L, nsidx)) {
      if (k == nuser || lua_type(L, -2) != LUA_TSTRING || lua_type(L, -1) != LUA_TSTRING)
        return luaL_error(L, bad_ns);
      memset(&nsv[k], 0, sizeof nsv[k]);
      nsv[k].prefix = BAD_CAST lua_tostring(L, -2); /* held by the table */
      nsv[k++].href = BAD_CAST lua_tostring(L, -1);
      lua_pop(L, 1);
    }
  }
  for (xmlNsPtr ns = root ? root->nsDef : NULL; ns && k < nns; ns = ns->next) {
    memset(&nsv[k], 0, sizeof nsv[k]);
    nsv[k].prefix = ns->prefix ? ns->prefix : BAD_CAST "d";
    nsv[k++].href = ns->href;
  }
  for (size_t i = 0; i < nknown && k < nns; i++) {
    memset(&nsv[k], 0, sizeof nsv[k]);
    nsv[k].prefix = BAD_CAST known_ns[i].prefix;
    nsv[k++].href = BAD_CAST known_ns[i].uri;
  }
  for (size_t i = 0; i < k; i++) nsp[i] = &nsv[i];
  int top = lua_gettop(L);
  if (script_stopped(L)) return script_raise_stop(L);
  xmlXPathContextPtr xc = xmlXPathNewContext(d->xml);
  if (!xc) return luaL_error(L, "out of memory");
  /* no Lua call, nothing that raises, until xc is freed */
  xpath_err err = {0, 0};
  xc->node = ctxnode;
  xc->error = xpath_error;
  xc->userData = &err;
  xc->namespaces = nsp;
  xc->nsNr = (int)k;
  /* --timeout: the watchdog lowers the operation limit at the deadline */
  xc->opLimit = (unsigned long)-1;
  script_on_stop(L, xpath_stop, xc);
  /* compiled, then evaluated: xmlXPathEval of libxml2 2.9.14 frees its
   * parser context twice when the evaluation stack cannot be allocated */
  xmlXPathCompExprPtr comp = xmlXPathCtxtCompile(xc, BAD_CAST expr);
  xmlXPathObjectPtr r = comp ? xmlXPathCompiledEval(comp, xc) : NULL;
  script_on_stop(L, NULL, NULL);
  if (comp) xmlXPathFreeCompExpr(comp);
  int stopped = xc->opLimit == 1;
  xc->namespaces = NULL;
  xmlXPathFreeContext(xc);
  /* r is C memory: nothing may raise until it is freed */
  if (stopped || err.code == XPATH_OP_LIMIT_EXCEEDED) {
    if (r) xmlXPathFreeObject(r);
    return script_raise_stop(L);
  }
  if (!r || r->type != XPATH_NODESET) {
    int n = (int)(sizeof xpath_messages / sizeof xpath_messages[0]);
    const char *what = r ? "it gives a value, not nodes" : "invalid expression";
    if (r) xmlXPathFreeObject(r);
    if (!r && !comp && err.code > 0 && err.code < n) /* the parser knows where */
      return luaL_error(L, "bad XPath expression '%s': %s (at character %d)", expr,
                        xpath_messages[err.code], err.at + 1);
    if (!r && err.code > 0 && err.code < n)
      return luaL_error(L, "bad XPath expression '%s': %s", expr, xpath_messages[err.code]);
    return luaL_error(L, "bad XPath expression '%s': %s", expr, what);
  }
  xmlNodeSetPtr set = r->nodesetval;
  size_t n = set ? (size_t)set->nodeNr : 0;
  /* the pointers into Lua-owned memory, allocated in protected mode */
  xmlNodePtr *nodes;
  if (lmem_newuserdata(L, (n ? n : 1) * sizeof *nodes, (void **)&nodes)) {
    xmlXPathFreeObject(r);
    return lmem_error(L, (n ? n : 1) * sizeof *nodes);
  }
  size_t kept = 0;
  for (size_t i = 0; i < n; i++) {
    xmlNodePtr nd = set->nodeTab[i];
    if (nd->type == XML_NAMESPACE_DECL) continue;
    nodes[kept++] = nd;
  }
  xmlXPathFreeObject(r);
  if (how) lua_pushstring(L, how);
  else lua_pushfstring(L, "xpath: %s", expr);
  lnode_push_list(L, docidx, nodes, kept, lua_gettop(L));
  lua_replace(L, top + 1);
  lua_settop(L, top + 1);
  return 1;
}

/* doc:select(xpath [, {prefix = uri}]) */
static int ldoc_select(lua_State *L) {
  document *d = ldoc_check(L, 1);
  const char *expr = luaL_checkstring(L, 2);
  if (!lua_isnoneornil(L, 3)) luaL_checktype(L, 3, LUA_TTABLE);
  lua_settop(L, 3);
  return select_from(L, d, 1, (xmlNodePtr)d->xml, expr, lua_isnil(L, 3) ? 0 : 3, NULL);
}

/* Translates a CSS selector and selects with it (relative to n when n is an
 * element), pushing a NodeList. */
static int select_css(lua_State *L, document *d, int docidx, xmlNodePtr n, const char *sel) {
  buf xp = BUF_INIT, err = BUF_INIT;
  int rel = n && n->type == XML_ELEMENT_NODE;
  int bad = (rel ? css_to_xpath_relative : css_to_xpath)(sel, &xp, &err);
  /* the translation, or the message, copied in protected mode */
  const buf *out = bad ? &err : &xp;
  int oom = lmem_pushlstring(L, out->s, out->len);
  size_t need = out->len;
  buf_free(&xp);
  buf_free(&err);
  if (oom) return lmem_error(L, need);
  if (bad) return luaL_error(L, "bad CSS selector '%s': %s", sel, lua_tostring(L, -1));
  const char *how = lua_pushfstring(L, "css: %s", sel);
  return select_from(L, d, docidx, n ? n : (xmlNodePtr)d->xml, lua_tostring(L, -2), 0, how);
}

/* doc:css(selector) */
static int ldoc_css(lua_State *L) {
  document *d = ldoc_check(L, 1);
  const char *sel = luaL_checkstring(L, 2);
  lua_settop(L, 2);
  return select_css(L, d, 1, NULL, sel);
}

int ldoc_css_node(lua_State *L, int docidx, xmlNodePtr n, const char *sel) {
  document *d = ldoc_check(L, docidx);
  return select_css(L, d, docidx, n, sel);
}

int ldoc_select_node(lua_State *L, int docidx, xmlNodePtr n, const char *expr, int nsidx) {
  document *d = ldoc_check(L, docidx);
  return select_from(L, d, docidx, n, expr, nsidx, NULL);
}

static int ldoc_annotate(lua_State *L) {
  document *d = ldoc_check(L, 1);
  lspan *s = lspan_check(L, 2);
  luaL_checktype(L, 3, LUA_TTABLE);
  lua_settop(L, 3);
  if (ldoc_owner(L, 2) != d) return luaL_argerror(L, 2, "the span belongs to another document");
  struct lspans_item it = {s->start, s->end, 0};
  lspans_push_matcher(L, 2);
  size_t i = lannot_add(L, d, 3, &it, 1, NULL, lua_tostring(L, -1), NULL);
  lannot_push(L, 1, i, 0);
  return 1;
}

/* doc:annotations([label | fn | {label=, within=, overlapping=, containing=}])
 * in output order; within/overlapping/containing take a Span, Annotation or
 * Node, and the first of them given is answered by the interval index; the
 * removed ones are never listed. */
static int ldoc_annotations(lua_State *L) {
  document *d = ldoc_check(L, 1);
  lua_settop(L, 2);
  const char *label = NULL;
  int fn = 0;
  static const char *const rel_names[] = {"within", "overlapping", "containing"};
  static const annot_rel rel_codes[] = {ANNOT_WITHIN, ANNOT_OVERLAPPING, ANNOT_CONTAINING};
  int has[3] = {0, 0, 0};
  size_t rs[3] = {0, 0, 0}, re[3] = {0, 0, 0};
  switch (lua_type(L, 2)) {
  case LUA_TNIL: break;
  case LUA_TSTRING: label = lua_tostring(L, 2); break;
  case LUA_TFUNCTION: fn = 1; break;
  case LUA_TTABLE:
    lua_pushnil(L);
    while (lua_next(L, 2)) {
      const char *k = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "";
      int known = !strcmp(k, "label");
      for (int r = 0; r < 3; r++) known |= !strcmp(k, rel_names[r]);
      if (!known)
        return luaL_argerror(L, 2, "the filter table takes label, within, overlapping and containing");
      lua_pop(L, 1);
    }
    lua_getfield(L, 2, "label");
    if (!lua_isnil(L, -1) && lua_type(L, -1) != LUA_TSTRING)
      return luaL_argerror(L, 2, "'label' must be a string");
    label = lua_tostring(L, -1); /* stays on the stack */
    for (int r = 0; r < 3; r++) {
      lua_getfield(L, 2, rel_names[r]);
      if (!lua_isnil(L, -1)) {
        lspan_any_range(L, lua_gettop(L), d, &rs[r], &re[r]);
        has[r] = 1;
      }
      lua_pop(L, 1);
    }
    break;
  default:
    return luaL_typeerror(L, 2, "nil, label, table or function");
  }
  annot_rel rel = ANNOT_ANY;
  size_t qs = 0, qe = 0;
  for (int r = 2; r >= 0; r--)
    if (has[r]) rel = rel_codes[r], qs = rs[r], qe = re[r];
  /* the result copied to Lua-owned memory (in protected mode) and freed
   * before anything can raise */
  size_t n, *found, *idx;
  if (annot_query(&d->annots, rel, qs, qe, &found, &n)) return luaL_error(L, "out of memory");
  if (lmem_newuserdata(L, (n ? n : 1) * sizeof *idx, (void **)&idx)) {
    free(found);
    return lmem_error(L, (n ? n : 1) * sizeof *idx);
  }
  if (n) memcpy(idx, found, n * sizeof *idx);
  free(found);
  lua_newtable(L);
  int out = lua_gettop(L);
  lua_Integer k = 0;
  for (size_t i = 0; i < n; i++) {
    const annot *a = &d->annots.v[idx[i]];
    if (label && strcmp(a->label, label)) continue;
    if (has[0] && !(rs[0] <= a->start && a->end <= re[0])) continue;
    if (has[1] && !(a->start < re[1] && rs[1] < a->end)) continue;
    if (has[2] && !(a->start <= rs[2] && re[2] <= a->end)) continue;
    if (a->removed) continue; /* by the filter function, for an earlier one */
    if (fn) {
      lua_pushvalue(L, 2);
      lannot_push(L, 1, idx[i], 0);
      lua_call(L, 1, 1);
      int keep = lua_toboolean(L, -1);
      lua_pop(L, 1);
      /* (a may have moved: the function can annotate) */
      if (!keep || d->annots.v[idx[i]].removed) continue;
    }
    lannot_push(L, 1, idx[i], ++k);
    lua_rawseti(L, out, k);
  }
  luaL_setmetatable(L, LANNOTS_MT);
  return 1;
}

static int ldoc_tostring(lua_State *L) {
  ldoc *u = luaL_checkudata(L, 1, LDOC_MT);
  if (u->d) lua_pushfstring(L, "Document(%s)", u->d->name);
  else lua_pushliteral(L, "Document(closed)");
  return 1;
}

static const luaL_Reg ldoc_methods[] = {
    {"span", ldoc_span},
    {"find", ldoc_find},
    {"match", lregex_match},
    {"blocks", lspan_blocks},
    {"lookup", ldict_lookup},
    {"sentences", lsentence_sentences},
    {"tokens", lsentence_tokens},
    {"select", ldoc_select},
    {"css", ldoc_css},
    {"annotate", ldoc_annotate},
    {"annotations", ldoc_annotations},
    {NULL, NULL}};

static int ldoc_index(lua_State *L) {
  document *d = ldoc_check(L, 1);
  const char *k = luaL_checkstring(L, 2);
  if (!strcmp(k, "path")) lua_pushstring(L, d->name);
  else if (!strcmp(k, "type")) lua_pushstring(L, doc_type_name(d->type));
  else if (!strcmp(k, "lang")) lua_pushstring(L, d->lang);
  else if (!strcmp(k, "text")) {
    lua_getiuservalue(L, 1, 1);
    if (lua_isnil(L, -1)) {
      lua_pushlstring(L, d->view.s, d->view.len);
      lua_pushvalue(L, -1);
      lua_setiuservalue(L, 1, 1);
    }
  } else if (!strcmp(k, "root")) {
    xmlNodePtr r = xmlDocGetRootElement(d->xml);
    if (r) lnode_push(L, 1, r, 0);
    else lua_pushnil(L);
  } else {
    return 0;
  }
  return 1;
}

static const luaL_Reg ldoc_meta[] = {{"__tostring", ldoc_tostring}, {NULL, NULL}};
static const char *const ldoc_fields[] = {"path", "type", "lang", "text", "root", NULL};
static const lclass ldoc_class = {.name = LDOC_MT, .methods = ldoc_methods, .meta = ldoc_meta,
                                  .fields = ldoc_index, .field_names = ldoc_fields};

void ldoc_open(lua_State *L) {
  /* doc:find uses string.find's matcher, whatever scripts do to theirs,
   * in the form that polls the deadline (Lua's own runs no hook) */
  luapat_push_find(L, script_check_stop);
  lua_setfield(L, LUA_REGISTRYINDEX, "glossa.string.find");
  lclass_define(L, &ldoc_class);
}

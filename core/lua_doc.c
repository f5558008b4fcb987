#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <lualib.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "lua_api.h"

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
static int doc_span(lua_State *L) {
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
static int doc_find(lua_State *L) {
  document *d = ldoc_check(L, 1);
  luaL_checkstring(L, 2);
  lua_Integer init = luaL_optinteger(L, 3, 1);
  if (init < 1) init = 1;
  lspans *l = lspans_new(L, 1);
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
    lspans_add(L, l, (size_t)s - 1, (size_t)e);
    init = e >= s ? e + 1 : s + 1;
  }
  lua_settop(L, list);
  return 1;
}

typedef struct xpath_err {
  buf msg;
} xpath_err;

static void xpath_error(void *ctx, xmlErrorPtr e) {
  xpath_err *x = ctx;
  if (x->msg.len == 0 && e && e->message) {
    size_t n = strlen(e->message);
    while (n && e->message[n - 1] == '\n') n--;
    buf_add(&x->msg, e->message, n);
  }
}

/* Evaluates xpath relative to ctxnode; pushes a NodeList or raises. Shared
 * with node:select through the Document method. */
static int select_from(lua_State *L, document *d, int docidx, xmlNodePtr ctxnode,
                       const char *expr) {
  xmlXPathContextPtr xc = xmlXPathNewContext(d->xml);
  if (!xc) return luaL_error(L, "out of memory");
  xpath_err err = {BUF_INIT};
  xc->node = ctxnode;
  xc->error = xpath_error;
  xc->userData = &err;
  /* Namespaced XML (TEI, XHTML, DocBook 5) is selected with prefixes bound
   * to the root's namespaces; the default namespace gets the prefix "d". */
  xmlNodePtr root = xmlDocGetRootElement(d->xml);
  for (xmlNsPtr ns = root ? root->nsDef : NULL; ns; ns = ns->next)
    xmlXPathRegisterNs(xc, ns->prefix ? ns->prefix : BAD_CAST "d", ns->href);
  xmlXPathObjectPtr r = xmlXPathEvalExpression(BAD_CAST expr, xc);
  xmlXPathFreeContext(xc);
  if (!r || r->type != XPATH_NODESET) {
    if (r) xmlXPathFreeObject(r);
    lua_pushfstring(L, "bad XPath expression '%s': %s", expr,
                    err.msg.len ? err.msg.s
                    : r ? "it does not select nodes (it gives a value)"
                        : "invalid expression");
    buf_free(&err.msg);
    return lua_error(L);
  }
  buf_free(&err.msg);
  xmlNodeSetPtr set = r->nodesetval;
  size_t n = set ? (size_t)set->nodeNr : 0;
  /* Copy the pointers into Lua-owned memory before anything can raise. */
  xmlNodePtr *nodes = lua_newuserdatauv(L, (n ? n : 1) * sizeof *nodes, 0);
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    xmlNodePtr x = set->nodeTab[i];
    if (x->type == XML_NAMESPACE_DECL) continue;
    nodes[k++] = x;
  }
  xmlXPathFreeObject(r);
  lnode_push_list(L, docidx, nodes, k);
  lua_remove(L, -2);
  return 1;
}

static int doc_select(lua_State *L) {
  document *d = ldoc_check(L, 1);
  const char *expr = luaL_checkstring(L, 2);
  return select_from(L, d, 1, (xmlNodePtr)d->xml, expr);
}

/* Used by node:select: pushes the NodeList of expr relative to n. */
int ldoc_select_node(lua_State *L, int docidx, xmlNodePtr n, const char *expr);
int ldoc_select_node(lua_State *L, int docidx, xmlNodePtr n, const char *expr) {
  document *d = ldoc_check(L, docidx);
  return select_from(L, d, docidx, n, expr);
}

static int doc_annotate(lua_State *L) {
  document *d = ldoc_check(L, 1);
  lspan *s = lspan_check(L, 2);
  luaL_checktype(L, 3, LUA_TTABLE);
  struct lspans_item it = {s->start, s->end};
  size_t i = lannot_add(L, d, 3, &it, 1);
  lannot_push(L, 1, i, 0);
  return 1;
}

static int matches_filter(lua_State *L, const annot *a, int filter) {
  switch (lua_type(L, filter)) {
  case LUA_TNIL: return 1;
  case LUA_TSTRING: return strcmp(a->label, lua_tostring(L, filter)) == 0;
  default: return 0;
  }
}

/* doc:annotations([label | {label=} | fn]) in output order. */
static int doc_annotations(lua_State *L) {
  document *d = ldoc_check(L, 1);
  int t = lua_type(L, 2);
  if (t == LUA_TTABLE) {
    lua_getfield(L, 2, "label");
    if (!lua_isnil(L, -1) && !lua_isstring(L, -1))
      return luaL_argerror(L, 2, "'label' must be a string");
    lua_replace(L, 2);
  } else if (t != LUA_TNONE && t != LUA_TNIL && t != LUA_TSTRING &&
             t != LUA_TFUNCTION) {
    return luaL_typeerror(L, 2, "nil, label, table or function");
  }
  lua_settop(L, 2);
  /* the order lives in a userdata box, so that an error below frees it */
  size_t n = d->annots.n;
  size_t *idx = lua_newuserdatauv(L, (n ? n : 1) * sizeof *idx, 0);
  const annot **order = annot_sorted(&d->annots);
  if (!order) return luaL_error(L, "out of memory");
  for (size_t i = 0; i < n; i++) idx[i] = (size_t)(order[i] - d->annots.v);
  free(order);
  lua_newtable(L);
  int out = lua_gettop(L);
  lua_Integer k = 0;
  for (size_t i = 0; i < n; i++) {
    const annot *a = &d->annots.v[idx[i]];
    if (lua_type(L, 2) == LUA_TFUNCTION) {
      lua_pushvalue(L, 2);
      lannot_push(L, 1, idx[i], 0);
      lua_call(L, 1, 1);
      int keep = lua_toboolean(L, -1);
      lua_pop(L, 1);
      if (!keep) continue;
    } else if (!matches_filter(L, a, 2)) {
      continue;
    }
    lannot_push(L, 1, idx[i], ++k);
    lua_rawseti(L, out, k);
  }
  luaL_setmetatable(L, LANNOTS_MT);
  return 1;
}

static int doc_tostring(lua_State *L) {
  ldoc *u = luaL_checkudata(L, 1, LDOC_MT);
  if (u->d) lua_pushfstring(L, "Document(%s)", u->d->name);
  else lua_pushliteral(L, "Document(closed)");
  return 1;
}

static const luaL_Reg doc_methods[] = {
    {"span", doc_span},
    {"find", doc_find},
    {"select", doc_select},
    {"annotate", doc_annotate},
    {"annotations", doc_annotations},
    {NULL, NULL}};

static int doc_index(lua_State *L) {
  document *d = ldoc_check(L, 1);
  const char *k = luaL_checkstring(L, 2);
  if (!strcmp(k, "path")) lua_pushstring(L, d->name);
  else if (!strcmp(k, "type")) lua_pushstring(L, doc_type_name(d->type));
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
    lua_getfield(L, lua_upvalueindex(1), k);
  }
  return 1;
}

void ldoc_open(lua_State *L) {
  /* doc:find uses the real string.find, whatever scripts do to theirs */
  luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 0);
  lua_getfield(L, -1, "find");
  lua_setfield(L, LUA_REGISTRYINDEX, "glossa.string.find");
  lua_pop(L, 1);
  luaL_newmetatable(L, LDOC_MT);
  luaL_newlib(L, doc_methods);
  lua_pushcclosure(L, doc_index, 1);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, doc_tostring);
  lua_setfield(L, -2, "__tostring");
  lua_pushliteral(L, LDOC_MT);
  lua_setfield(L, -2, "__metatable");
  lua_pop(L, 1);
}

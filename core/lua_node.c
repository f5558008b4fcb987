#include <stddef.h>
#include <string.h>

#include "lua_api.h"
#include "lua_class.h"

typedef struct lnode {
  lua_Integer iter;
  xmlNodePtr n;
} lnode;

void lnode_push(lua_State *L, int docidx, xmlNodePtr n, lua_Integer iter) {
  docidx = lua_absindex(L, docidx);
  lnode *u = lua_newuserdatauv(L, sizeof *u, 2); /* uv 2: what selected it */
  u->n = n;
  u->iter = iter;
  luaL_setmetatable(L, LNODE_MT);
  lua_pushvalue(L, docidx);
  lua_setiuservalue(L, -2, 1);
}

void lnode_push_list(lua_State *L, int docidx, xmlNodePtr *nodes, size_t n, int how) {
  docidx = lua_absindex(L, docidx);
  if (how) how = lua_absindex(L, how);
  lua_createtable(L, (int)n, 0);
  for (size_t i = 0; i < n; i++) {
    lnode_push(L, docidx, nodes[i], (lua_Integer)i + 1);
    if (how) {
      lua_pushvalue(L, how);
      lua_setiuservalue(L, -2, 2);
    }
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  luaL_setmetatable(L, LNODES_MT);
}

/* The node at idx, with its Document pushed on top of the stack. */
static xmlNodePtr check(lua_State *L, int idx, document **d) {
  lnode *u = luaL_checkudata(L, idx, LNODE_MT);
  document *doc = ldoc_owner(L, idx);
  if (d) *d = doc;
  return u->n;
}

static int node_attr(lua_State *L) {
  const char *k = luaL_checkstring(L, 2);
  lua_settop(L, 2);
  xmlNodePtr n = check(L, 1, NULL);
  if (n->type != XML_ELEMENT_NODE) return lua_pushnil(L), 1;
  xmlAttrPtr a = xmlHasProp(n, BAD_CAST k);
  if (!a || a->type != XML_ATTRIBUTE_NODE) return lua_pushnil(L), 1;
  /* attribute values are short text children; concatenate without malloc */
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  for (xmlNodePtr c = a->children; c; c = c->next)
    if (c->content) luaL_addstring(&b, (const char *)c->content);
  luaL_pushresult(&b);
  return 1;
}

/* The view range of n: an element's record, a text node's segment, or for
 * anything outside the view (e.g. in <head>) nothing. */
static int node_range(document *d, xmlNodePtr n, size_t *s, size_t *e) {
  const text_elem *el = text_elem_of(&d->view, n);
  if (el) {
    *s = el->start, *e = el->end;
    return 1;
  }
  const text_seg *sg = text_seg_of(&d->view, n);
  if (sg) {
    *s = sg->start, *e = sg->start + sg->len;
    return 1;
  }
  return 0;
}

int lnode_range_at(lua_State *L, int idx, document **d, size_t *start, size_t *end) {
  lnode *u = luaL_testudata(L, idx, LNODE_MT);
  if (!u) return 0;
  *d = ldoc_owner(L, idx);
  lua_pop(L, 1);
  return node_range(*d, u->n, start, end);
}

void lnode_push_enclosing(lua_State *L, int docidx, document *d, size_t start, size_t end,
                          const char *name) {
  const text_seg *sg = text_seg_at(&d->view, start);
  /* at a segment's very start, an empty span may belong to the one before */
  xmlNodePtr n = sg ? sg->node->parent : NULL;
  for (; n && n->type == XML_ELEMENT_NODE; n = n->parent) {
    const text_elem *el = text_elem_of(&d->view, n);
    if (!el || el->start > start || el->end < end) continue;
    if (name && !xmlStrEqual(n->name, BAD_CAST name)) continue;
    lnode_push(L, docidx, n, 0);
    return;
  }
  lua_pushnil(L);
}

static int node_span(lua_State *L) {
  document *d;
  xmlNodePtr n = check(L, 1, &d);
  size_t s, e;
  if (!node_range(d, n, &s, &e)) return lua_pushnil(L), 1;
  lspan_push(L, lua_gettop(L), s, e, 0);
  lua_getiuservalue(L, 1, 2); /* the span remembers the node's selection */
  lua_setiuservalue(L, -2, 2);
  return 1;
}

static int node_parent(lua_State *L) {
  xmlNodePtr n = check(L, 1, NULL);
  xmlNodePtr p = n->parent;
  if (!p || p->type != XML_ELEMENT_NODE) return lua_pushnil(L), 1;
  lnode_push(L, -1, p, 0);
  return 1;
}

static int node_children(lua_State *L) {
  xmlNodePtr n = check(L, 1, NULL);
  int docidx = lua_gettop(L);
  lua_newtable(L);
  lua_Integer k = 0;
  for (xmlNodePtr c = n->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    lnode_push(L, docidx, c, ++k);
    lua_rawseti(L, -2, k);
  }
  luaL_setmetatable(L, LNODES_MT);
  return 1;
}

static int node_select(lua_State *L) {
  const char *expr = luaL_checkstring(L, 2);
  if (!lua_isnoneornil(L, 3)) luaL_checktype(L, 3, LUA_TTABLE);
  lua_settop(L, 3);
  xmlNodePtr n = check(L, 1, NULL);
  return ldoc_select_node(L, lua_gettop(L), n, expr, lua_isnil(L, 3) ? 0 : 3);
}

static int node_css(lua_State *L) {
  const char *sel = luaL_checkstring(L, 2);
  lua_settop(L, 2);
  xmlNodePtr n = check(L, 1, NULL);
  return ldoc_css_node(L, lua_gettop(L), n, sel);
}

static void push_text(lua_State *L, document *d, xmlNodePtr n) {
  size_t s, e;
  if (node_range(d, n, &s, &e)) {
    lua_pushlstring(L, d->view.s + s, e - s);
    return;
  }
  /* outside the view: the node's own text content */
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
    if (n->content) luaL_addstring(&b, (const char *)n->content);
  } else {
    for (xmlNodePtr c = n->children; c;) {
      if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
        luaL_addstring(&b, (const char *)c->content);
      if (c->children && c->type == XML_ELEMENT_NODE) {
        c = c->children;
        continue;
      }
      while (c && !c->next && c != n) c = c->parent;
      if (!c || c == n) break;
      c = c->next;
    }
  }
  luaL_pushresult(&b);
}

static const char *node_name(xmlNodePtr n) {
  switch (n->type) {
  case XML_ELEMENT_NODE: return (const char *)n->name;
  case XML_TEXT_NODE: return "#text";
  case XML_CDATA_SECTION_NODE: return "#cdata-section";
  case XML_COMMENT_NODE: return "#comment";
  case XML_ATTRIBUTE_NODE: return (const char *)n->name;
  case XML_DOCUMENT_NODE:
  case XML_HTML_DOCUMENT_NODE: return "#document";
  default: return "#node";
  }
}

static int node_index(lua_State *L) {
  const char *k = luaL_checkstring(L, 2);
  lua_settop(L, 2);
  document *d;
  xmlNodePtr n = check(L, 1, &d);
  if (!strcmp(k, "name")) lua_pushstring(L, node_name(n));
  else if (!strcmp(k, "text")) push_text(L, d, n);
  else if (!strcmp(k, "line")) lua_pushinteger(L, xmlGetLineNo(n));
  else if (!strcmp(k, "type")) lua_pushstring(L, n->type == XML_ELEMENT_NODE ? "element" : "text");
  else return 0;
  return 1;
}

static int node_tostring(lua_State *L) {
  lnode *u = luaL_checkudata(L, 1, LNODE_MT);
  lua_getiuservalue(L, 1, 1);
  ldoc *du = luaL_testudata(L, -1, LDOC_MT);
  if (!du || !du->d) lua_pushliteral(L, "Node(closed)");
  else lua_pushfstring(L, "Node(%s, line %d)", node_name(u->n), (int)xmlGetLineNo(u->n));
  return 1;
}

static const luaL_Reg node_methods[] = {
    {"attr", node_attr},
    {"span", node_span},
    {"parent", node_parent},
    {"children", node_children},
    {"select", node_select},
    {"css", node_css},
    {NULL, NULL}};

static int nodes_first(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_rawgeti(L, 1, 1);
  return 1;
}

static const luaL_Reg nodes_methods[] = {{"first", nodes_first}, {NULL, NULL}};

static const luaL_Reg node_meta[] = {
    {"__tostring", node_tostring}, {NULL, NULL}};
static const char *const node_fields[] = {"name", "text", "line", "type", NULL};
/* nodes are equal when they are the same libxml2 node */
static const lclass node_class = {.name = LNODE_MT, .methods = node_methods, .meta = node_meta,
                                  .fields = node_index, .field_names = node_fields,
                                  .same_at = offsetof(lnode, n), .same_len = sizeof(xmlNodePtr)};

void lnode_open(lua_State *L) {
  lclass_define(L, &node_class);
  llist_metatable(L, LNODES_MT, nodes_methods);
}

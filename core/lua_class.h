/* One way to define a Lua class of glossa's (a metatable named like
 * "glossa.Span"): its methods, its computed fields and its metamethods come
 * from static tables the caller owns; the metatable is the registry's. */
#ifndef GLOSSA_LUA_CLASS_H
#define GLOSSA_LUA_CLASS_H

#include <lauxlib.h>
#include <lua.h>

typedef struct lclass {
  const char *name;      /* the metatable's name, also its __name and __metatable */
  const luaL_Reg *methods; /* looked up by __index after the fields; or NULL */
  const luaL_Reg *meta;  /* metamethods other than __index (__eq, __gc, ...); or NULL */
  /* The computed fields, tried first: called directly (not through Lua)
   * with the object at 1 and the key at 2, it pushes the value and returns
   * 1, or returns 0 when the key is none of its fields. NULL: none. */
  lua_CFunction fields;
  const char *const *field_names; /* NULL-terminated, for hints; or NULL */
  /* __eq for objects that stand for a thing of a document (user value 1):
   * two are equal when they are of the class, have the same user value 1,
   * and the same_len bytes at same_at in their userdata are (the thing's
   * identity: a node pointer, a byte range). same_len 0: no __eq. */
  size_t same_at, same_len;
} lclass;

/* Registers c's metatable, with __eq when c->same_len. Its __index answers
 * fields, then methods; a string key that is neither but close to one of
 * their names (a misspelling: `doc:sentense()`, `span.txet`) raises "no
 * field or method 'txet' on glossa.Span; did you mean 'text'?", any other
 * gives nil. c must outlive the state (a static table). */
void lclass_define(lua_State *L, const lclass *c);

/* The name among c's fields and methods that key is a likely misspelling
 * of, or NULL (also used by glossa check). */
const char *lclass_suggest(const lclass *c, const char *key);

/* The class lclass_define registered in L under the metatable name, or NULL
 * (no such metatable, or one made otherwise): how glossa check finds the
 * fields and methods the runtime knows. */
const lclass *lclass_of(lua_State *L, const char *name);

#endif

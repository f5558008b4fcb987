#include "lua_mem.h"

#include <lauxlib.h>
#include <limits.h>

#include "script.h"

typedef struct request {
  size_t size;
  const char *s;
  void *p;
} request;

static int p_alloc(lua_State *L) {
  request *r = lua_touserdata(L, 1);
  if (r->s) lua_pushlstring(L, r->s, r->size);
  else r->p = lua_newuserdatauv(L, r->size, 0);
  return 1;
}

/* Runs p_alloc(r) in protected mode, leaving its result or nothing. */
static int protected_alloc(lua_State *L, request *r) {
  if (!lua_checkstack(L, 3)) return -1; /* (never raises) */
  lua_pushcfunction(L, p_alloc);
  lua_pushlightuserdata(L, r);
  if (lua_pcall(L, 1, 1, 0) == LUA_OK) return 0;
  lua_pop(L, 1); /* the error: a memory error, or a finalizer's */
  return -1;
}

int lmem_newuserdata(lua_State *L, size_t size, void **p) {
  request r = {size, NULL, NULL};
  int rc = protected_alloc(L, &r);
  *p = r.p;
  return rc;
}

int lmem_pushlstring(lua_State *L, const char *s, size_t n) {
  request r = {n, s ? s : "", NULL};
  return protected_alloc(L, &r);
}

int lmem_error(lua_State *L, size_t bytes) {
  /* asked for again, the memory is refused with Lua's own error (which the
   * runner reports as the --max-memory limit when there is one) */
  lua_newuserdatauv(L, bytes ? bytes : 1, 0);
  lua_pop(L, 1);
  return luaL_error(L, "not enough memory (for %I bytes)", (lua_Integer)bytes);
}

static int charge_probe(lua_State *L) {
  script_charge(L, (long long)lua_tointeger(L, 1));
  return 0;
}

int lmem_try_charge(lua_State *L, long long bytes) {
  if (bytes <= 0) {
    script_charge(L, bytes);
    return 0;
  }
  for (int k = 0;; k++) {
    lua_pushcfunction(L, charge_probe);
    lua_pushinteger(L, (lua_Integer)bytes);
    if (lua_pcall(L, 1, 0, 0) == LUA_OK) return 0; /* charged */
    if (k) return -1;
    lua_pop(L, 1);
    lua_gc(L, LUA_GCCOLLECT); /* dead objects' charges go with them */
  }
}

void lmem_charge(lua_State *L, long long bytes) {
  if (lmem_try_charge(L, bytes)) lua_error(L);
}

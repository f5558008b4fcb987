/* Memory rules of the Lua bindings. Nothing that can raise may run while C
 * holds malloc'd (or libxml2's) memory: a binding that must allocate from
 * Lua then (to copy a result out of C memory) does it in protected mode with
 * these helpers, frees its C memory, and raises afterwards. And C memory
 * held for a script counts against --max-memory (the charges). The helpers
 * own nothing. */
#ifndef GLOSSA_LUA_MEM_H
#define GLOSSA_LUA_MEM_H

#include <lua.h>
#include <stddef.h>

/* Push a new userdata of size bytes (no user values) into *p, or s[0..n) as a
 * string; never raise: 0, or -1 with nothing pushed when memory ran out
 * (raise lmem_error afterwards). They may run a collection step. */
int lmem_newuserdata(lua_State *L, size_t size, void **p);
int lmem_pushlstring(lua_State *L, const char *s, size_t n);

/* Raises the memory error of a refused request for bytes: asks for them
 * once more, with no C memory held, so that Lua raises its own (which the
 * runner reports as "memory limit exceeded (--max-memory N MB)"). */
int lmem_error(lua_State *L, size_t bytes);

/* script_charge (script.h) that, when the charge would go over the cap,
 * first collects garbage (dead objects' charges go with them) and tries
 * again. lmem_charge raises like script_charge; lmem_try_charge returns -1
 * with the error message pushed instead (0 when charged). Run Lua code
 * (finalizers): hold no C memory. */
void lmem_charge(lua_State *L, long long bytes);
int lmem_try_charge(lua_State *L, long long bytes);

#endif

#include "script.h"

#include <lauxlib.h>
#include <lua.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lua_api.h"
#include "lua_glossa.h"
#include "sandbox.h"

typedef struct script {
  char *name;       /* for messages: the path, or "-e" */
  int chunk, env;   /* registry refs */
  int docfn, finish; /* registry refs or LUA_NOREF */
  int started;      /* the top level has run */
  int per_doc;      /* the chunk returned nothing: it runs for each document */
} script;

struct script_set {
  lua_State *L;
  script *v;
  size_t n, cap;
  long long max_instructions, used;
  double timeout, deadline; /* seconds; deadline on CLOCK_MONOTONIC */
  size_t max_memory, memory; /* bytes: the cap and what the state holds */
  int exhausted;             /* an allocation was refused */
  const char *tripped;       /* the limit hit in this call, or NULL */
  volatile int *stop;
  int ecount; /* -e chunks so far */
};

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The Lua allocator, with --max-memory: past the cap an allocation fails
 * and Lua raises "not enough memory", which no pcall can get around for
 * long (every allocation fails until memory is freed). */
static void *cap_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  script_set *s = ud;
  if (!ptr) osize = 0;
  if (nsize == 0) {
    free(ptr);
    s->memory -= osize;
    return NULL;
  }
  if (s->max_memory && nsize > osize && s->memory + (nsize - osize) > s->max_memory) {
    s->exhausted = 1;
    return NULL;
  }
  void *p = realloc(ptr, nsize);
  if (p) s->memory = s->memory - osize + nsize;
  return p;
}

static int traceback(lua_State *L) {
  const char *msg = lua_tostring(L, 1);
  if (!msg) {
    if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING)
      msg = lua_tostring(L, -1);
    else
      msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
  }
  luaL_traceback(L, L, msg, 1);
  return 1;
}

/* Every 1000 instructions: the limits, and Ctrl-C. Once one is hit, the
 * hook fires on every instruction and raises again, so a script that catches
 * the error with pcall dies on the next instruction outside it: the error
 * unwinds every pcall up to the run's own. */
static void count_hook(lua_State *L, lua_Debug *ar) {
  (void)ar;
  script_set *s = *(script_set **)lua_getextraspace(L);
  if (s->tripped) luaL_error(L, "%s", s->tripped);
  s->used += 1000;
  if (s->stop && *s->stop) s->tripped = "interrupted";
  else if (s->max_instructions && s->used > s->max_instructions)
    s->tripped = "instruction limit exceeded (--max-instructions)";
  else if (s->timeout > 0 && (s->used % 100000) == 0 && now() > s->deadline)
    s->tripped = "time limit exceeded (--timeout)";
  if (!s->tripped) return;
  lua_sethook(L, count_hook, LUA_MASKCOUNT, 1);
  luaL_error(L, "%s", s->tripped);
}

script_set *script_new(const script_opts *o) {
  script_set *s = calloc(1, sizeof *s);
  if (!s) return NULL;
  s->max_memory = o->max_memory;
  s->L = lua_newstate(cap_alloc, s);
  if (!s->L) {
    free(s);
    return NULL;
  }
  lua_State *L = s->L;
  *(script_set **)lua_getextraspace(L) = s;
  sandbox_open(L, o->trusted);
  ldoc_open(L);
  lnode_open(L);
  lspan_open(L);
  lspans_open(L);
  lannot_open(L);
  lregex_open(L);
  ldict_open(L);
  lglossa_open(L, o->args, o->nargs);
  s->max_instructions = o->max_instructions;
  s->timeout = o->timeout;
  s->stop = o->stop;
  lua_sethook(L, count_hook, LUA_MASKCOUNT, 1000);
  return s;
}

void script_free(script_set *s) {
  if (!s) return;
  lua_close(s->L);
  for (size_t i = 0; i < s->n; i++) free(s->v[i].name);
  free(s->v);
  free(s);
}

static int add(script_set *s, const char *name, const char *chunkname,
               const char *code, size_t len, buf *err) {
  lua_State *L = s->L;
  if (s->n == s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 8;
    script *v = realloc(s->v, cap * sizeof *v);
    if (!v) goto oom;
    s->v = v;
    s->cap = cap;
  }
  if (luaL_loadbufferx(L, code, len, chunkname, "t") != LUA_OK) {
    buf_printf(err, "%s", lua_tostring(L, -1));
    lua_pop(L, 1);
    return -1;
  }
  script *sc = &s->v[s->n];
  memset(sc, 0, sizeof *sc);
  sc->name = strdup(name);
  if (!sc->name) goto oom;
  sandbox_env(L);
  lua_pushvalue(L, -1);
  lua_setupvalue(L, -3, 1); /* the chunk's _ENV */
  sc->env = luaL_ref(L, LUA_REGISTRYINDEX);
  sc->chunk = luaL_ref(L, LUA_REGISTRYINDEX);
  sc->docfn = sc->finish = LUA_NOREF;
  s->n++;
  return 0;
oom:
  buf_printf(err, "%s: out of memory", name);
  return -1;
}

int script_add_file(script_set *s, const char *path, buf *err) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    buf_printf(err, "%s: cannot open script: %s", path, strerror(errno));
    return -1;
  }
  buf code = BUF_INIT;
  char tmp[65536];
  size_t n;
  int rc = 0;
  while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
    if (buf_add(&code, tmp, n)) rc = -1;
  if (ferror(f)) rc = -1;
  fclose(f);
  if (rc) {
    buf_printf(err, "%s: cannot read script", path);
    buf_free(&code);
    return -1;
  }
  const char *body = code.s ? code.s : "";
  size_t len = code.len;
  if (len && body[0] == '#') { /* a #! line, as lua(1) allows */
    while (len && *body != '\n') body++, len--;
  }
  buf chunk = BUF_INIT;
  buf_printf(&chunk, "@%s", path);
  rc = chunk.s ? add(s, path, chunk.s, body, len, err) : -1;
  buf_free(&chunk);
  buf_free(&code);
  return rc;
}

int script_add_code(script_set *s, const char *code, buf *err) {
  char name[32];
  s->ecount++;
  if (s->ecount == 1) snprintf(name, sizeof name, "-e");
  else snprintf(name, sizeof name, "-e#%d", s->ecount);
  char chunk[40];
  snprintf(chunk, sizeof chunk, "=%s", name);
  return add(s, name, chunk, code, strlen(code), err);
}

/* Calls the function below nargs arguments on the stack; on error puts the
 * message and traceback in err. Leaves nresults on success. */
static int pcall(script_set *s, int nargs, int nresults, buf *err) {
  lua_State *L = s->L;
  int base = lua_gettop(L) - nargs;
  lua_pushcfunction(L, traceback);
  lua_insert(L, base);
  s->used = 0;
  s->tripped = NULL;
  lua_sethook(L, count_hook, LUA_MASKCOUNT, 1000);
  int rc = lua_pcall(L, nargs, nresults, base);
  if (rc == LUA_ERRMEM && s->max_memory) {
    lua_pop(L, 1);
    lua_pushfstring(L, "memory limit exceeded (--max-memory %I MB)",
                    (lua_Integer)(s->max_memory >> 20));
  }
  lua_remove(L, base);
  if (rc != LUA_OK) {
    buf_printf(err, "%s", lua_tostring(L, -1) ? lua_tostring(L, -1) : "(error)");
    lua_pop(L, 1);
    return -1;
  }
  return 0;
}

static void set_doc_global(lua_State *L, script *sc, int docidx) {
  lua_rawgeti(L, LUA_REGISTRYINDEX, sc->env);
  lua_pushvalue(L, docidx);
  lua_setfield(L, -2, "doc");
  lua_pop(L, 1);
}

/* First document: run the top level (with `doc` set, for one-liners) and
 * learn the script's protocol from what it returns. */
static int start(script_set *s, script *sc, int docidx, buf *err) {
  lua_State *L = s->L;
  lua_rawgeti(L, LUA_REGISTRYINDEX, sc->chunk);
  /* A top level that fails (a missing dictionary, say) fails this document
   * and is tried again on the next one. */
  if (pcall(s, 0, 1, err)) return -1;
  switch (lua_type(L, -1)) {
  case LUA_TNIL:
    sc->per_doc = sc->started = 1;
    lua_pop(L, 1);
    return 0;
  case LUA_TFUNCTION:
    sc->docfn = luaL_ref(L, LUA_REGISTRYINDEX);
    break;
  case LUA_TTABLE:
    for (int k = 0; k < 2; k++) {
      const char *field = k ? "finish" : "document";
      lua_getfield(L, -1, field);
      if (!lua_isnil(L, -1) && !lua_isfunction(L, -1)) {
        buf_printf(err, "%s: the table a script returns must hold functions, but '%s' is a %s",
                   sc->name, field, luaL_typename(L, -1));
        lua_settop(L, docidx);
        return -1;
      }
      *(k ? &sc->finish : &sc->docfn) = luaL_ref(L, LUA_REGISTRYINDEX);
    }
    lua_pop(L, 1);
    break;
  default:
    goto bad;
  }
  sc->started = 1;
  if (sc->docfn == LUA_REFNIL) return 0;
  lua_rawgeti(L, LUA_REGISTRYINDEX, sc->docfn);
  lua_pushvalue(L, docidx);
  return pcall(s, 1, 0, err);
bad:
  buf_printf(err, "%s: a script must return a function, a table {document = fn, finish = fn}, or nothing (it returned a %s)",
             sc->name, luaL_typename(L, -1));
  lua_settop(L, docidx);
  return -1;
}

int script_exhausted(const script_set *s) { return s->exhausted; }

int script_run(script_set *s, document *d, buf *err) {
  lua_State *L = s->L;
  s->deadline = now() + s->timeout;
  int top = lua_gettop(L);
  ldoc_push(L, d);
  int docidx = lua_gettop(L);
  int rc = 0;
  for (size_t i = 0; i < s->n && rc == 0; i++) {
    script *sc = &s->v[i];
    set_doc_global(L, sc, docidx);
    if (!sc->started) {
      rc = start(s, sc, docidx, err);
    } else if (sc->per_doc) {
      lua_rawgeti(L, LUA_REGISTRYINDEX, sc->chunk);
      rc = pcall(s, 0, 0, err);
    } else if (sc->docfn != LUA_REFNIL && sc->docfn != LUA_NOREF) {
      lua_rawgeti(L, LUA_REGISTRYINDEX, sc->docfn);
      lua_pushvalue(L, docidx);
      rc = pcall(s, 1, 0, err);
    }
  }
  /* Whatever kept the document's objects can no longer reach it. */
  lua_pushnil(L);
  for (size_t i = 0; i < s->n; i++) set_doc_global(L, &s->v[i], lua_gettop(L));
  lua_pop(L, 1);
  ldoc_close(L, docidx);
  lua_settop(L, top);
  return rc;
}

void script_merge_counts(script_set *into, script_set *from) {
  lglossa_merge_counts(into->L, from->L);
}

int script_finish(script_set *s, buf *err) {
  lua_State *L = s->L;
  for (size_t i = 0; i < s->n; i++) {
    script *sc = &s->v[i];
    if (sc->finish == LUA_NOREF || sc->finish == LUA_REFNIL) continue;
    lua_rawgeti(L, LUA_REGISTRYINDEX, sc->finish);
    if (pcall(s, 0, 0, err)) return -1;
  }
  lua_gc(L, LUA_GCCOLLECT);
  return 0;
}

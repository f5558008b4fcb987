#include "script.h"

#include <lauxlib.h>
#include <lua.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lua_api.h"
#include "lua_rule.h"
#include "lua_lang.h"
#include "lua_glossa.h"
#include "sandbox.h"
#include "clock.h"

typedef struct script {
  char *name;       /* for messages: the path, or "-e" */
  int chunk, env;   /* registry refs */
  int docfn, finish; /* registry refs or LUA_NOREF */
  int started;      /* the top level has run */
  int per_doc;      /* the chunk returned nothing: it runs for each document */
  int read_doc;     /* the top level's first run read the global `doc` */
} script;

struct script_set {
  lua_State *L;
  script *v;
  size_t n, cap;
  long long max_instructions, used;
  double timeout, deadline; /* seconds; deadline on CLOCK_MONOTONIC */
  size_t max_memory, memory; /* bytes: the cap and what the state holds */
  int exhausted;             /* a call ended out of --max-memory */
  const char *top_failed;    /* the script whose top level failed for any document, or NULL */
  const char *tripped;       /* the limit hit in this call, or NULL */
  const atomic_int *stop;
  int ecount; /* -e chunks so far */
  long long cmem, doc_cmem;  /* C memory charged: in all, and for this document */
  document *doc;             /* the document being run, for p_begin */
  const script_opts *opts;   /* during script_new only */
  atomic_int stopped;        /* the call under way must stop (script_stopped) */
  double due;                /* the deadline as the worker knows it (0: none), so
                              * that it holds without the watchdog too */
  /* the watchdog's, under wd_mu: */
  int armed;                 /* deadline holds */
  void (*on_stop)(void *);
  void *on_stop_arg;
  struct script_set *wnext;  /* the sets the watchdog knows */
  outstyle style;            /* glossa.style's, as script_style last copied them */
  buf *say;                  /* where print and glossa.log write (NULL: stderr) */
};

static int cap_alloc_is(lua_Alloc f);
static const char doc_key = 0; /* the registry holds the string "doc" here */
static int pcall(script_set *s, int nargs, int nresults, buf *err);
static int protect(script_set *s, lua_CFunction f, void *ud, int nresults, buf *err);

/* The script set of L, or NULL for a state script_new did not make. */
static script_set *set_of(lua_State *L) {
  void *ud;
  lua_Alloc f = lua_getallocf(L, &ud);
  return cap_alloc_is(f) ? ud : NULL;
}

/* The Lua allocator, with --max-memory: past the cap (the state's memory
 * and the C memory charged for it) an allocation fails and Lua raises "not
 * enough memory", which no pcall can get around for long (every allocation
 * fails until memory is freed). */
static void *cap_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  script_set *s = ud;
  if (!ptr) osize = 0;
  if (nsize == 0) {
    free(ptr);
    s->memory -= osize;
    return NULL;
  }
  if (s->max_memory && nsize > osize &&
      s->memory + (size_t)s->cmem + (nsize - osize) > s->max_memory)
    return NULL; /* Lua collects in an emergency and asks again, or raises */
  void *p = realloc(ptr, nsize);
  if (p) s->memory = s->memory - osize + nsize;
  return p;
}

static int cap_alloc_is(lua_Alloc f) { return f == cap_alloc; }

/* The watchdog: one thread for the process that sets a script set's
 * `stopped` when the deadline of the call under way passes, wherever that
 * call is (Lua, a C loop, libxml2), so that --timeout is a wall-clock
 * promise. Lua code sees the flag in the count hook; C loops poll it. */
static pthread_mutex_t wd_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wd_cv;
static script_set *wd_sets;
static int wd_tried;

static void *wd_main(void *arg) {
  (void)arg;
  pthread_mutex_lock(&wd_mu);
  for (;;) {
    double t = clock_now(), next = 0;
    for (script_set *s = wd_sets; s; s = s->wnext) {
      if (!s->armed) continue;
      if (s->deadline <= t) {
        s->armed = 0;
        atomic_store(&s->stopped, 1);
        if (s->on_stop) s->on_stop(s->on_stop_arg);
        s->on_stop = NULL;
      } else if (next == 0 || s->deadline < next) {
        next = s->deadline;
      }
    }
    if (next == 0) {
      pthread_cond_wait(&wd_cv, &wd_mu);
    } else {
      struct timespec ts;
      ts.tv_sec = (time_t)next;
      ts.tv_nsec = (long)((next - (double)ts.tv_sec) * 1e9);
      pthread_cond_timedwait(&wd_cv, &wd_mu, &ts);
    }
  }
  return NULL;
}

/* Starts the deadline of a call: timeout seconds from now. */
static void wd_arm(script_set *s) {
  atomic_store(&s->stopped, 0);
  s->due = 0;
  if (s->timeout <= 0) return;
  s->due = clock_now() + s->timeout;
  pthread_mutex_lock(&wd_mu);
  if (!wd_tried) { /* once: without a watchdog, the workers' own clock reads hold the limit */
    wd_tried = 1;
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&wd_cv, &ca);
    pthread_condattr_destroy(&ca);
    pthread_t tid;
    pthread_attr_t a;
    pthread_attr_init(&a);
    pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
    (void)pthread_create(&tid, &a, wd_main, NULL); /* failing: see past_due */
    pthread_attr_destroy(&a);
  }
  if (!s->armed) {
    script_set **p = &wd_sets;
    while (*p && *p != s) p = &(*p)->wnext;
    if (!*p) s->wnext = wd_sets, wd_sets = s;
  }
  s->deadline = s->due;
  s->armed = 1;
  pthread_cond_signal(&wd_cv);
  pthread_mutex_unlock(&wd_mu);
}

static void wd_disarm(script_set *s) {
  s->due = 0;
  if (s->timeout <= 0) return;
  pthread_mutex_lock(&wd_mu);
  s->armed = 0;
  s->on_stop = NULL;
  pthread_mutex_unlock(&wd_mu);
}

static void wd_forget(script_set *s) {
  pthread_mutex_lock(&wd_mu);
  for (script_set **p = &wd_sets; *p; p = &(*p)->wnext)
    if (*p == s) {
      *p = s->wnext;
      break;
    }
  pthread_mutex_unlock(&wd_mu);
}

static const char *const time_msg = "time limit exceeded (--timeout)";

/* The deadline read off the clock by the worker itself: the watchdog marks
 * it wherever the worker is, but a watchdog that could not start, or that
 * the machine's load delays, must not make the limit late. */
static int past_due(script_set *s) {
  if (s->due > 0 && clock_now() > s->due) atomic_store(&s->stopped, 1);
  return atomic_load(&s->stopped);
}

int script_stopped(lua_State *L) {
  script_set *s = set_of(L);
  return s && (past_due(s) || (s->stop && *s->stop));
}

const atomic_int *script_stop_flag(lua_State *L) {
  static atomic_int never;
  script_set *s = set_of(L);
  return s ? &s->stopped : &never;
}

int script_raise_stop(lua_State *L) {
  script_set *s = set_of(L);
  const char *why = s && s->tripped ? s->tripped : s && s->stop && *s->stop ? "interrupted" : time_msg;
  return luaL_error(L, "%s", why);
}

void script_check_stop(lua_State *L) {
  if (script_stopped(L)) script_raise_stop(L);
}

void script_on_stop(lua_State *L, void (*fn)(void *), void *arg) {
  script_set *s = set_of(L);
  if (!s) return;
  pthread_mutex_lock(&wd_mu);
  if (fn && atomic_load(&s->stopped)) {
    fn(arg); /* already past the deadline */
  } else {
    s->on_stop = fn;
    s->on_stop_arg = arg;
  }
  pthread_mutex_unlock(&wd_mu);
}

static void charge(lua_State *L, long long bytes, int doc) {
  script_set *s = set_of(L);
  if (!s) return;
  if (bytes > 0 && s->max_memory &&
      s->memory + (size_t)s->cmem + (size_t)bytes > s->max_memory)
    luaL_error(L, "memory limit exceeded (--max-memory %I MB)", (lua_Integer)(s->max_memory >> 20));
  s->cmem += bytes;
  if (doc) s->doc_cmem += bytes;
}

void script_say_to(script_set *s, buf *b) { s->say = b; }

buf *script_say(lua_State *L) {
  script_set *s = set_of(L);
  return s ? s->say : NULL;
}

void script_charge(lua_State *L, long long bytes) { charge(L, bytes, 0); }
void script_charge_doc(lua_State *L, long long bytes) { charge(L, bytes, 1); }

/* What the sandbox removed (core/sandbox.c), for the message of a script
 * that calls or indexes one of them: `table` NULL for a global, else the
 * library a field of that name is likely from. */
static const struct removed {
  const char *table, *name, *what;
} removed[] = {
  {NULL, "package", "require loads your own Lua files (next to the script, or in --lib DIR); "
                     "run with --trusted for package and C modules"},
  {NULL, "dofile", "run with --trusted to run other Lua files"},
  {NULL, "loadfile", "run with --trusted to load other Lua files"},
  {NULL, "debug", "run with --trusted for the debug library"},
  {"os", "execute", "run with --trusted to run commands"},
  {"os", "exit", "end a script with error(), or run with --trusted"},
  {"os", "getenv", "pass values with -a key=value (glossa.args), or run with --trusted"},
  {"os", "remove", "run with --trusted to remove files"},
  {"os", "rename", "run with --trusted to rename files"},
  {"os", "tmpname", "run with --trusted for temporary files"},
  {"os", "setlocale", "run with --trusted to change the locale"},
  {"io", "popen", "run with --trusted to run commands"},
  {"io", "tmpfile", "run with --trusted for temporary files"},
  {"io", "write", "standard output carries the annotations; print and glossa.log write to stderr"},
  {"io", "output", "standard output carries the annotations; print and glossa.log write to stderr"},
  {"io", "stdout", "standard output carries the annotations; print and glossa.log write to stderr"},
  {"io", "read", "standard input may be a document; read files with io.open or io.lines"},
  {"io", "input", "standard input may be a document; read files with io.open or io.lines"},
  {"io", "stdin", "standard input may be a document; read files with io.open or io.lines"},
  {"string", "dump", "scripts are loaded from text only; run with --trusted"},
};

/* Pushes msg with a hint when it is Lua's message for calling or indexing
 * nil under a name the sandbox removed, "attempt to call a nil value
 * (global 'require')"; else pushes nothing and returns NULL. */
static const char *sandbox_hint(lua_State *L, const char *msg) {
  lua_getfield(L, LUA_REGISTRYINDEX, "glossa.sandboxed");
  int sandboxed = lua_toboolean(L, -1);
  lua_pop(L, 1);
  const char *p = strstr(msg, "attempt to call a nil value (");
  if (!p) p = strstr(msg, "attempt to index a nil value (");
  if (!sandboxed || !p) return NULL;
  p = strchr(p, '(') + 1;
  int global = !strncmp(p, "global '", 8);
  if (!global && strncmp(p, "field '", 7) && strncmp(p, "method '", 8)) return NULL;
  p = strchr(p, '\'') + 1;
  size_t n = strcspn(p, "'");
  if (strcmp(p + n, "')") != 0) return NULL;
  for (size_t i = 0; i < sizeof removed / sizeof *removed; i++) {
    const struct removed *r = &removed[i];
    if (strlen(r->name) != n || strncmp(p, r->name, n) || global != !r->table) continue;
    if (global)
      return lua_pushfstring(L, "%s: %s is not available to sandboxed scripts: %s",
                             msg, r->name, r->what);
    return lua_pushfstring(L, "%s: if this is %s.%s, it is not available to sandboxed scripts: %s",
                           msg, r->table, r->name, r->what);
  }
  return NULL;
}

static int traceback(lua_State *L) {
  const char *msg = lua_tostring(L, 1);
  if (!msg) {
    if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING)
      msg = lua_tostring(L, -1);
    else
      msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
  } else if (lua_type(L, 1) == LUA_TSTRING) {
    const char *hinted = sandbox_hint(L, msg);
    if (hinted) msg = hinted;
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
  if (!s->tripped) {
    int count = lua_gethookcount(L);
    s->used += count;
    if (count != 1000) lua_sethook(L, count_hook, LUA_MASKCOUNT, 1000); /* a thread left tripped by an earlier call */
    if (s->stop && *s->stop) s->tripped = "interrupted";
    else if (s->max_instructions && s->used > s->max_instructions)
      s->tripped = "instruction limit exceeded (--max-instructions)";
    else if (atomic_load(&s->stopped) || ((s->used % 100000) < 1000 && past_due(s)))
      s->tripped = time_msg;
    if (!s->tripped) return;
    atomic_store(&s->stopped, 1); /* C loops stop too */
  }
  /* every thread of the state: this one, the main one, and (each at its
   * next count) every other coroutine, which raises here in turn */
  lua_sethook(L, count_hook, LUA_MASKCOUNT, 1);
  if (L != s->L) lua_sethook(s->L, count_hook, LUA_MASKCOUNT, 1);
  luaL_error(L, "%s", s->tripped);
}

/* The last resort, for a call into Lua that is not protected (there should
 * be none): a message rather than a silent abort. */
static int panic(lua_State *L) {
  const char *msg = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "?";
  fprintf(stderr, "glossa: internal error: unprotected Lua error: %s\n", msg);
  return 0; /* Lua aborts */
}

void script_open_bindings(lua_State *L, int trusted, const char *const *args, int nargs) {
  sandbox_open(L, trusted);
  ldoc_open(L);
  lnode_open(L);
  lspan_open(L);
  lspans_open(L);
  lannot_open(L);
  lregex_open(L);
  ldict_open(L);
  lrule_open(L);
  llang_open(L);
  lglossa_open(L, args, nargs);
}

lua_State *script_lua_new(int trusted) {
  lua_State *L = luaL_newstate();
  if (L) script_open_bindings(L, trusted, NULL, 0);
  return L;
}

static int p_open(lua_State *L) {
  script_set *s = lua_touserdata(L, 1);
  const script_opts *o = s->opts;
  lua_settop(L, 0);
  script_open_bindings(L, o->trusted, o->args, o->nargs);
  sandbox_libs(L, o->libs, o->nlibs);
  lua_pushliteral(L, "doc");
  lua_rawsetp(L, LUA_REGISTRYINDEX, &doc_key);
  return 0;
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
  lua_atpanic(L, panic);
  s->opts = o;
  buf err = BUF_INIT;
  int rc = protect(s, p_open, s, 0, &err);
  s->opts = NULL;
  if (rc) {
    fprintf(stderr, "glossa: cannot set up Lua: %s\n", err.s ? err.s : "out of memory");
    buf_free(&err);
    script_free(s);
    return NULL;
  }
  s->max_instructions = o->max_instructions;
  s->timeout = o->timeout;
  s->stop = o->stop;
  lua_sethook(L, count_hook, LUA_MASKCOUNT, 1000);
  return s;
}

void script_free(script_set *s) {
  if (!s) return;
  wd_forget(s);
  lua_close(s->L);
  for (size_t i = 0; i < s->n; i++) free(s->v[i].name);
  free(s->v);
  outstyle_free(&s->style);
  free(s);
}

const outstyle *script_style(script_set *s) {
  if (lglossa_styles(s->L, &s->style)) outstyle_clear(&s->style);
  return s->style.n ? &s->style : NULL;
}

/* A new script's environment (stack: its chunk, the script). */
static int p_env(lua_State *L) {
  script *sc = lua_touserdata(L, 2);
  lua_settop(L, 1);
  sandbox_env(L);
  lua_pushvalue(L, -1);
  lua_setupvalue(L, 1, 1); /* the chunk's _ENV */
  sc->env = luaL_ref(L, LUA_REGISTRYINDEX);
  sc->chunk = luaL_ref(L, LUA_REGISTRYINDEX);
  return 0;
}

/* Compiles code as text (never bytecode) and pushes the chunk; on a
 * syntax error returns SCRIPT_BAD_SYNTAX with Lua's message in err. */
static int compile(lua_State *L, const char *code, size_t len, const char *chunkname, buf *err) {
  if (luaL_loadbufferx(L, code, len, chunkname, "t") == LUA_OK) return 0;
  buf_printf(err, "%s", lua_tostring(L, -1));
  lua_pop(L, 1);
  return SCRIPT_BAD_SYNTAX;
}

/* Adds the script whose compiled chunk is on top of the stack (and pops
 * it). */
static int add(script_set *s, const char *name, buf *err) {
  lua_State *L = s->L;
  if (s->n == s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 8;
    script *v = realloc(s->v, cap * sizeof *v);
    if (!v) goto oom;
    s->v = v;
    s->cap = cap;
  }
  script *sc = &s->v[s->n];
  memset(sc, 0, sizeof *sc);
  sc->env = sc->chunk = sc->docfn = sc->finish = LUA_NOREF;
  sc->name = strdup(name);
  if (!sc->name) goto oom;
  lua_pushcfunction(L, p_env);
  lua_insert(L, -2);
  lua_pushlightuserdata(L, sc);
  if (pcall(s, 2, 0, err)) {
    free(sc->name);
    return -1;
  }
  s->n++;
  return 0;
oom:
  lua_pop(L, 1);
  buf_printf(err, "%s: out of memory", name);
  return -1;
}

int script_load_file(lua_State *L, const char *path, buf *text, buf *err) {
  buf code = BUF_INIT;
  FILE *f = fopen(path, "rb");
  if (!f) {
    buf_printf(err, "%s: cannot open script: %s", path, strerror(errno));
    return SCRIPT_UNREADABLE;
  }
  char tmp[65536];
  size_t n;
  int bad = 0;
  while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
    if (buf_add(&code, tmp, n)) bad = 1;
  if (ferror(f)) bad = 1;
  fclose(f);
  if (bad || buf_reserve(&code, 1)) {
    buf_printf(err, "%s: cannot read script", path);
    buf_free(&code);
    return SCRIPT_UNREADABLE;
  }
  /* As lua(1) and loadfile read a file: a UTF-8 byte order mark, then a
   * first line starting with # (a #! line) are left out; the line's end
   * stays, so that line numbers are the file's. */
  size_t skip = 0;
  if (code.len >= 3 && !memcmp(code.s, "\xEF\xBB\xBF", 3)) skip = 3;
  if (skip < code.len && code.s[skip] == '#')
    while (skip < code.len && code.s[skip] != '\n') skip++;
  memmove(code.s, code.s + skip, code.len - skip + 1);
  code.len -= skip;
  buf chunk = BUF_INIT;
  int rc = buf_printf(&chunk, "@%s", path) ? -1 : compile(L, code.s, code.len, chunk.s, err);
  if (rc == -1) buf_printf(err, "%s: out of memory", path);
  buf_free(&chunk);
  if (text && rc == 0) *text = code;
  else buf_free(&code);
  return rc;
}

int script_add_file(script_set *s, const char *path, buf *err) {
  if (script_load_file(s->L, path, NULL, err)) return -1;
  return add(s, path, err);
}

int script_add_code(script_set *s, const char *code, buf *err) {
  char name[32];
  s->ecount++;
  if (s->ecount == 1) snprintf(name, sizeof name, "-e");
  else snprintf(name, sizeof name, "-e#%d", s->ecount);
  char chunk[40];
  snprintf(chunk, sizeof chunk, "=%s", name);
  if (compile(s->L, code, strlen(code), chunk, err)) return -1;
  return add(s, name, err);
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
  lua_remove(L, base);
  if (rc == LUA_OK) return 0;
  if (rc == LUA_ERRMEM && s->max_memory) s->exhausted = 1;
  /* the message goes to err without a call into Lua (memory may be out) */
  if (rc == LUA_ERRMEM && s->max_memory)
    buf_printf(err, "memory limit exceeded (--max-memory %zu MB)", s->max_memory >> 20);
  else if (lua_type(L, -1) == LUA_TSTRING)
    buf_printf(err, "%s", lua_tostring(L, -1));
  else
    buf_printf(err, "(error object is a %s value)", luaL_typename(L, -1));
  lua_pop(L, 1);
  return -1;
}

/* Runs f(ud) in protected mode: the C side's own work on the state (making
 * environments, keeping references, setting `doc`) allocates, and an
 * allocation that fails outside a protected call is a Lua panic. Leaves
 * nresults on success. */
static int protect(script_set *s, lua_CFunction f, void *ud, int nresults, buf *err) {
  lua_pushcfunction(s->L, f);
  lua_pushlightuserdata(s->L, ud);
  return pcall(s, 1, nresults, err);
}

/* Sets `doc` in script i's environment to the value on top (raw: the
 * environment is the script's own table). */
static void set_doc_global(lua_State *L, script *sc) {
  lua_rawgeti(L, LUA_REGISTRYINDEX, sc->env);
  lua_rawgetp(L, LUA_REGISTRYINDEX, &doc_key); /* made once: no allocation */
  lua_pushvalue(L, -3);
  lua_rawset(L, -3);
  lua_pop(L, 1);
}

/* The protocol a script's top level returned (stack: the value, the
 * script): refs for its functions, read with rawget, as no metamethod of
 * the script's may run here. Returns nothing, or a message. */
static int p_learn(lua_State *L) {
  script *sc = lua_touserdata(L, 2);
  lua_settop(L, 1);
  switch (lua_type(L, 1)) {
  case LUA_TNIL:
    sc->per_doc = 1;
    return 0;
  case LUA_TFUNCTION:
    sc->docfn = luaL_ref(L, LUA_REGISTRYINDEX);
    return 0;
  case LUA_TTABLE:
    for (int k = 0; k < 2; k++) {
      const char *field = k ? "finish" : "document";
      lua_pushstring(L, field);
      lua_rawget(L, 1);
      if (!lua_isnil(L, -1) && !lua_isfunction(L, -1)) {
        lua_pushfstring(L, "%s: the table a script returns must hold functions, but '%s' is a %s",
                        sc->name, field, luaL_typename(L, -1));
        return 1;
      }
      *(k ? &sc->finish : &sc->docfn) = luaL_ref(L, LUA_REGISTRYINDEX);
    }
    return 0;
  default:
    lua_pushfstring(L, "%s: a script must return a function, a table {document = fn, finish = fn}, or nothing (it returned a %s)",
                    sc->name, luaL_typename(L, 1));
    return 1;
  }
}

/* While a top level runs for the first time, `doc` is not in its
 * environment but served by the global table's __index (upvalues: the
 * script, the document), which notes the read: a top level that fails
 * without reading `doc` would fail for every document. Other globals are
 * found in the global table as ever, with no call. */
static int watch_index(lua_State *L) {
  if (lua_type(L, 2) == LUA_TSTRING && !strcmp(lua_tostring(L, 2), "doc")) {
    script *sc = lua_touserdata(L, lua_upvalueindex(1));
    sc->read_doc = 1;
    lua_pushvalue(L, lua_upvalueindex(2));
    return 1;
  }
  return 0;
}

/* Starts (on) or ends the watch of script sc's `doc` (stack: sc, on).
 * Ending it puts `doc` back in the environment as p_begin set it. */
static int p_watch(lua_State *L) {
  script *sc = lua_touserdata(L, 1);
  int on = lua_toboolean(L, 2);
  lua_settop(L, 0);
  lua_rawgeti(L, LUA_REGISTRYINDEX, sc->env); /* 1 */
  lua_pushglobaltable(L);                     /* 2 */
  lua_rawgetp(L, LUA_REGISTRYINDEX, &doc_key); /* 3: "doc" */
  if (on) {
    lua_createtable(L, 0, 1);
    lua_pushliteral(L, "__index");
    lua_pushlightuserdata(L, sc);
    lua_pushvalue(L, 3);
    lua_rawget(L, 1);
    lua_pushcclosure(L, watch_index, 2);
    lua_rawset(L, -3);
    lua_setmetatable(L, 2);
    lua_pushnil(L);
    lua_rawset(L, 1);
  } else if (lua_getmetatable(L, 2)) {
    lua_pushliteral(L, "__index");
    lua_rawget(L, -2);
    lua_pushvalue(L, 3);
    lua_getupvalue(L, -2, 2); /* the document */
    lua_rawset(L, 1);
    lua_pushnil(L);
    lua_setmetatable(L, 2);
  }
  return 0;
}

static int watch(script_set *s, script *sc, int on, buf *err) {
  lua_pushcfunction(s->L, p_watch);
  lua_pushlightuserdata(s->L, sc);
  lua_pushboolean(s->L, on);
  return pcall(s, 2, 0, err);
}

/* First document: run the top level (with `doc` set, for one-liners) and
 * learn the script's protocol from what it returns. A top level that fails
 * after reading `doc` fails this document and is tried again on the next;
 * one that fails without reading it is noted in s->top_failed, as it would
 * fail the same way on every document. */
static int start(script_set *s, script *sc, int docidx, buf *err) {
  lua_State *L = s->L;
  sc->read_doc = 0;
  if (watch(s, sc, 1, err)) return -1;
  lua_rawgeti(L, LUA_REGISTRYINDEX, sc->chunk);
  int rc = pcall(s, 0, 1, err);
  buf scratch = BUF_INIT;
  int wrc = watch(s, sc, 0, rc ? &scratch : err);
  buf_free(&scratch);
  int interrupted = s->stop && *s->stop;
  if (rc || wrc) {
    if (rc && !sc->read_doc && !interrupted) s->top_failed = sc->name;
    lua_settop(L, docidx);
    return -1;
  }
  lua_pushcfunction(L, p_learn);
  lua_insert(L, -2);
  lua_pushlightuserdata(L, sc);
  if (pcall(s, 2, 1, err)) return -1;
  if (lua_type(L, -1) == LUA_TSTRING) {
    buf_printf(err, "%s", lua_tostring(L, -1));
    lua_settop(L, docidx);
    if (!sc->read_doc) s->top_failed = sc->name;
    return -1;
  }
  lua_pop(L, 1);
  sc->started = 1;
  if (sc->per_doc || sc->docfn == LUA_REFNIL) return 0;
  lua_rawgeti(L, LUA_REGISTRYINDEX, sc->docfn);
  lua_pushvalue(L, docidx);
  return pcall(s, 1, 0, err);
}

int script_exhausted(const script_set *s) { return s->exhausted; }

const char *script_failed_at_top(const script_set *s) { return s->top_failed; }

/* The document's userdata, with `doc` set in every script's environment. */
static int p_begin(lua_State *L) {
  script_set *s = lua_touserdata(L, 1);
  ldoc_push(L, s->doc);
  for (size_t i = 0; i < s->n; i++) set_doc_global(L, &s->v[i]);
  return 1;
}

/* `doc` unset again (no allocation: the keys exist, or nil is not stored). */
static void end_doc(script_set *s, ldoc *u) {
  lua_State *L = s->L;
  lua_pushnil(L);
  for (size_t i = 0; i < s->n; i++) set_doc_global(L, &s->v[i]);
  lua_pop(L, 1);
  /* Whatever kept the document's objects can no longer reach it. */
  if (u) u->d = NULL;
}

int script_run(script_set *s, document *d, buf *err) {
  lua_State *L = s->L;
  wd_arm(s);
  int top = lua_gettop(L);
  s->doc = d;
  s->top_failed = NULL;
  int rc = protect(s, p_begin, s, 1, err);
  ldoc *u = rc ? NULL : lua_touserdata(L, -1);
  int docidx = lua_gettop(L);
  for (size_t i = 0; i < s->n && rc == 0; i++) {
    script *sc = &s->v[i];
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
  end_doc(s, u);
  if (u) ldoc_close(L, docidx);
  lua_settop(L, top);
  s->doc = NULL;
  wd_disarm(s);
  s->cmem -= s->doc_cmem; /* the document's annotations go with it */
  s->doc_cmem = 0;
  return rc;
}

int script_merge_counts(script_set *into, script_set *from) {
  return lglossa_merge_counts(into->L, from->L);
}

int script_started(const script_set *s) {
  for (size_t i = 0; i < s->n; i++)
    if (s->v[i].started) return 1;
  return 0;
}

int script_finish(script_set *s, buf *err) {
  lua_State *L = s->L;
  for (size_t i = 0; i < s->n; i++) {
    script *sc = &s->v[i];
    if (sc->finish == LUA_NOREF || sc->finish == LUA_REFNIL) continue;
    wd_arm(s); /* each finish has --timeout of its own, not a document's */
    lua_rawgeti(L, LUA_REGISTRYINDEX, sc->finish);
    int rc = pcall(s, 0, 0, err);
    wd_disarm(s);
    if (rc) return -1;
  }
  lua_gc(L, LUA_GCCOLLECT);
  return 0;
}

#include "sandbox.h"

#include "lua_glossa.h"

#include <errno.h>
#include <stdarg.h>
#include <lauxlib.h>
#include <lualib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "datafile.h"
#include "luapat.h"
#include "script.h"

extern int luaopen_lpeg(lua_State *L); /* lua-lpeg-dev's lua-lpeg.h has no include guard */
extern const char sandbox_re_lua[];    /* lua-lpeg's re.lua, compiled in (CMakeLists.txt) */
extern const size_t sandbox_re_lua_len;
static void push_view(lua_State *L, int idx, const char *name, int nested);

/* The tail of a wrapper: calls the function it wraps (upvalue 1) with the
 * arguments on the stack and returns what it returns. */
static int call_real(lua_State *L) {
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
  return lua_gettop(L);
}

/* print: the arguments tab-separated on a line of stderr (stdout is the
 * run's output). */
static int sb_print(lua_State *L) { return lglossa_write_args(L, 0, '\t'); }

/* load(chunk [, name [, mode [, env]]]) with env defaulting to the calling
 * script's environment (upvalue 2), and mode forced to text unless upvalue
 * 3 (trusted) is true. */
static int sb_load(lua_State *L) {
  int trusted = lua_toboolean(L, lua_upvalueindex(3));
  const char *mode = luaL_optstring(L, 3, trusted ? "bt" : "t");
  if (!trusted && strcmp(mode, "t") != 0)
    return luaL_error(L, "load: only text chunks can be loaded (mode '%s' needs --trusted)", mode);
  int has_env = lua_gettop(L) >= 4;
  lua_settop(L, 4);
  lua_pushvalue(L, lua_upvalueindex(1)); /* the real load */
  lua_pushvalue(L, 1);
  lua_pushvalue(L, 2);
  lua_pushstring(L, mode);
  if (has_env) lua_pushvalue(L, 4);
  else lua_pushvalue(L, lua_upvalueindex(2));
  lua_call(L, 4, 2);
  if (lua_isnil(L, -2)) return 2; /* nil, message */
  lua_pop(L, 1);
  return 1;
}

/* Opens path for reading, or raises when scripts may not read it (see
 * core/datafile.h). Returns the descriptor, or -1 with errno set when it
 * cannot be opened at all. */
static int open_data_file(lua_State *L, const char *fn, const char *path) {
  struct stat st;
  const char *why;
  int fd = datafile_open(path, &st, &why);
  if (fd == -2)
    luaL_error(L, "%s: '%s' %s: sandboxed scripts read regular data files only (--trusted lifts this)",
               fn, path, why);
  return fd;
}

static int stream_close(lua_State *L) {
  luaL_Stream *p = luaL_checkudata(L, 1, LUA_FILEHANDLE);
  int ok = fclose(p->f) == 0;
  return luaL_fileresult(L, ok, NULL);
}

/* Pushes a read-only Lua file handle for path, or nil, message, errno. */
static int push_file(lua_State *L, const char *fn, const char *path) {
  luaL_Stream *p = lua_newuserdatauv(L, sizeof *p, 0); /* before the fd: nothing leaks */
  p->f = NULL;
  p->closef = NULL; /* a closed file to the GC until it is open */
  luaL_setmetatable(L, LUA_FILEHANDLE);
  int fd = open_data_file(L, fn, path);
  if (fd < 0) return luaL_fileresult(L, 0, path);
  p->f = fdopen(fd, "r");
  if (!p->f) {
    int e = errno;
    close(fd);
    errno = e;
    return luaL_fileresult(L, 0, path);
  }
  p->closef = stream_close;
  return 1;
}

static int sb_open(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  const char *mode = luaL_optstring(L, 2, "r");
  if (strcmp(mode, "r") != 0 && strcmp(mode, "rb") != 0)
    return luaL_error(L, "io.open: scripts may only read files (mode '%s' needs --trusted)", mode);
  return push_file(L, "io.open", path);
}

/* The iterator of io.lines: file:read(formats...) until it gives nil, then
 * the file is closed (upvalue 1 the file, 2 the number of formats, then the
 * formats). */
static int lines_next(lua_State *L) {
  int n = (int)lua_tointeger(L, lua_upvalueindex(2));
  lua_settop(L, 0);
  lua_pushvalue(L, lua_upvalueindex(1));
  luaL_Stream *p = lua_touserdata(L, 1);
  if (!p->closef) return luaL_error(L, "file is already closed");
  lua_getfield(L, 1, "read");
  lua_pushvalue(L, 1);
  luaL_checkstack(L, n, "too many arguments");
  for (int i = 1; i <= n; i++) lua_pushvalue(L, lua_upvalueindex(2 + i));
  lua_call(L, n + 1, LUA_MULTRET);
  int got = lua_gettop(L) - 1;
  if (got > 0 && lua_toboolean(L, 2)) return got;
  if (got > 1 && !lua_isnil(L, 3)) return luaL_error(L, "%s", lua_tostring(L, 3));
  lua_getfield(L, 1, "close");
  lua_pushvalue(L, 1);
  lua_call(L, 1, 0);
  return 0;
}

/* io.lines(path, ...): as Lua's, from a checked file. A file name is
 * required: without one it would read standard input. Returns the
 * iterator, nil, nil and the file (to be closed by a generic for). */
static int sb_lines(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  int n = lua_gettop(L) - 1;
  luaL_argcheck(L, n <= 250, 252, "too many arguments");
  if (push_file(L, "io.lines", path) != 1)
    return luaL_error(L, "%s", lua_tostring(L, -2));
  lua_replace(L, 1); /* the file where the path was */
  lua_pushvalue(L, 1);
  lua_insert(L, 2);
  lua_pushinteger(L, n);
  lua_insert(L, 3);
  lua_pushcclosure(L, lines_next, 2 + n); /* file, n, formats */
  lua_insert(L, 1);
  lua_settop(L, 2); /* iterator, file */
  lua_pushnil(L);
  lua_pushnil(L);
  lua_rotate(L, 2, 2); /* iterator, nil, nil, file */
  return 4;
}

/* collectgarbage with the options that cannot stop or slow the collector:
 * "step" with a negative size (or one that overflows Lua's int) would
 * postpone every collection, as "stop" does. */
static int sb_collectgarbage(lua_State *L) {
  const char *opt = luaL_optstring(L, 1, "collect");
  static const char *const ok[] = {"collect", "count", "step", "isrunning", NULL};
  if (!strcmp(opt, "step")) {
    lua_Integer n = luaL_optinteger(L, 2, 0);
    if (n < 0 || n > (1 << 20))
      return luaL_error(L, "collectgarbage('step', n): n must be from 0 to %d (KB)", 1 << 20);
  }
  for (int i = 0; ok[i]; i++)
    if (!strcmp(opt, ok[i])) {
      return call_real(L);
    }
  return luaL_error(L, "collectgarbage('%s') is not available to scripts", opt);
}

/* setmetatable, refusing __gc: the collector runs finalizers with hooks
 * off, so a finalizer would run outside --timeout and --max-instructions
 * (and after its document failed). Lua marks an object for finalization
 * only when its metatable has __gc at setmetatable time, so a later
 * mt.__gc = f does nothing. */
static int sb_setmetatable(lua_State *L) {
  if (lua_type(L, 2) == LUA_TTABLE) {
    lua_pushliteral(L, "__gc");
    if (lua_rawget(L, 2) != LUA_TNIL)
      return luaL_error(L, "setmetatable: __gc finalizers are not available to sandboxed scripts "
                           "(the collector runs them outside the limits); close resources with a "
                           "to-be-closed variable (local x <close> = ...) instead");
    lua_pop(L, 1);
  }
  lua_settop(L, 2);
  return call_real(L);
}

/* A trusted script's finalizer, run in a thread of its own: the collector
 * turns hooks off in the thread it finalizes from, but a new thread starts
 * with them on (and inherits the count hook), so --timeout and
 * --max-instructions hold inside finalizers too. Upvalue 1 the script's
 * __gc function. An error or a yield ends the finalizer (as an error in
 * __gc does: Lua only warns). */
static int gc_in_thread(lua_State *L) {
  lua_State *co = lua_newthread(L);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_pushvalue(L, 1);
  lua_xmove(L, co, 2);
  int nres;
  lua_resume(co, L, 1, &nres);
  return 0;
}

/* setmetatable for trusted scripts: a __gc function is replaced, in the
 * metatable, by gc_in_thread around it. */
static int trusted_setmetatable(lua_State *L) {
  if (lua_type(L, 2) == LUA_TTABLE) {
    lua_pushliteral(L, "__gc");
    if (lua_rawget(L, 2) == LUA_TFUNCTION && lua_tocfunction(L, -1) != gc_in_thread) {
      lua_pushcclosure(L, gc_in_thread, 1);
      lua_pushliteral(L, "__gc");
      lua_insert(L, -2);
      lua_rawset(L, 2);
    } else {
      lua_pop(L, 1);
    }
  }
  lua_settop(L, 2);
  return call_real(L);
}

/* How deep coroutine.close, and the wrap functions that close a coroutine
 * that failed, may nest (a __close handler closing another coroutine, and
 * so on). Lua 5.4.4 does not count this nesting against its C stack limit
 * (fixed in 5.4.5's lua_closethread), so 20 000 of them overflow the C
 * stack. Upvalue 1 the real function, 2 the state's depth counter. */
#define CLOSE_DEPTH 100

static int nested_call(lua_State *L) {
  int *depth = lua_touserdata(L, lua_upvalueindex(2));
  if (*depth >= CLOSE_DEPTH)
    return luaL_error(L, "coroutines closed inside coroutines' __close handlers nest too deeply "
                         "(more than %d)", CLOSE_DEPTH);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  ++*depth;
  int rc = lua_pcall(L, lua_gettop(L) - 1, LUA_MULTRET, 0);
  --*depth;
  if (rc != LUA_OK) return lua_error(L);
  return lua_gettop(L);
}

/* coroutine.wrap(f): the real wrap's function behind nested_call. */
static int sb_wrap(lua_State *L) {
  luaL_checktype(L, 1, LUA_TFUNCTION);
  lua_settop(L, 1);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, 1, 1);
  lua_pushvalue(L, lua_upvalueindex(2));
  lua_pushcclosure(L, nested_call, 2);
  return 1;
}

static void guard_coroutines(lua_State *L) {
  lua_getglobal(L, "coroutine");
  int *depth = lua_newuserdatauv(L, sizeof *depth, 0);
  *depth = 0;
  int d = lua_gettop(L);
  lua_getfield(L, -2, "close");
  lua_pushvalue(L, d);
  lua_pushcclosure(L, nested_call, 2);
  lua_setfield(L, -3, "close");
  lua_getfield(L, -2, "wrap");
  lua_pushvalue(L, d);
  lua_pushcclosure(L, sb_wrap, 2);
  lua_setfield(L, -3, "wrap");
  lua_pop(L, 2);
}

/* Library functions whose loops are not bounded by the memory they make,
 * and where no Lua hook runs: string.rep of an empty string loops n times
 * making nothing (n can be 2^62), table.move loops over a range of any
 * size. Both made to end: --timeout holds inside them. */
static int sb_rep(lua_State *L) {
  size_t l, lsep;
  luaL_checklstring(L, 1, &l);
  lua_Integer n = luaL_checkinteger(L, 2);
  luaL_optlstring(L, 3, "", &lsep);
  if (n > 0 && l + lsep == 0) {
    lua_pushliteral(L, "");
    return 1;
  }
  return call_real(L);
}

/* table.move(a1, f, e, t [, a2]) as Lua 5.4 defines it, polling the
 * deadline every 4096 elements. */
static int sb_move(lua_State *L) {
  lua_Integer f = luaL_checkinteger(L, 2);
  lua_Integer e = luaL_checkinteger(L, 3);
  lua_Integer t = luaL_checkinteger(L, 4);
  int tt = !lua_isnoneornil(L, 5) ? 5 : 1; /* destination table */
  luaL_checktype(L, 1, LUA_TTABLE);
  luaL_checktype(L, tt, LUA_TTABLE);
  if (e >= f) {
    luaL_argcheck(L, f > 0 || e < LUA_MAXINTEGER + f, 3, "too many elements to move");
    lua_Integer n = e - f + 1;
    luaL_argcheck(L, t <= LUA_MAXINTEGER - n + 1, 4, "destination wrap around");
    int forward = t > e || t <= f || (tt != 1 && !lua_compare(L, 1, tt, LUA_OPEQ));
    for (lua_Integer i = 0; i < n; i++) {
      if ((i & 4095) == 4095 && script_stopped(L)) return script_raise_stop(L);
      lua_Integer k = forward ? i : n - 1 - i;
      lua_geti(L, 1, f + k);
      lua_seti(L, tt, t + k);
    }
  }
  lua_pushvalue(L, tt);
  return 1;
}

/* LPeg's backtrack stack (lpeg.setmaxstack): the sandbox sets it and keeps
 * it at most this many entries, so that no pattern's stack grows past about
 * 240 KB (the stack is Lua memory, charged to --max-memory anyway). */
#define LPEG_MAX_STACK 10000

static int sb_setmaxstack(lua_State *L) {
  lua_Integer n = luaL_checkinteger(L, 1);
  luaL_argcheck(L, n > 0 && n <= LPEG_MAX_STACK, 1,
                lua_pushfstring(L, "glossa allows from 1 to %d", LPEG_MAX_STACK));
  lua_settop(L, 1);
  return call_real(L);
}

/* LPeg runs a match in C, where no Lua hook runs and which polls nothing:
 * a pattern that backtracks badly (((P"a"^0 * "b") + "a")^0 is quadratic
 * in the subject) would run past --timeout. So the two ways a match can
 * take long, repetition and grammar rules (recursion), are made to poll:
 * p^n becomes (p * poll)^n and each rule r of a grammar poll * r, poll a
 * match-time capture that matches the empty string and raises once the
 * call must stop. It costs a C call per loop iteration, so a repetition of
 * a fixed-length pattern without captures (lpeg.B takes it: no loop, no
 * recursion inside, so each iteration costs little) is left as it is, as
 * are such grammar rules and p^-n (at most n: no loop). re's patterns are
 * made with the same functions (re.lua is loaded after this). */
static int lpeg_poll(lua_State *L) {
  script_check_stop(L);
  lua_settop(L, 2);
  return 1; /* the position: the match goes on there, with no captures */
}

/* Errors of the real functions are raised again at the level of the
 * script's call, without this chunk's position, as LPeg raises them. */
static const char lpeg_guard[] =
    "local lpeg, poll = ...\n"
    "local P, B, type, rtype, pcall, pairs, error, gsub =\n"
    "  lpeg.P, lpeg.B, lpeg.type, type, pcall, pairs, error, string.gsub\n"
    "local mt = getmetatable(P(0))\n"
    "local pow = mt.__pow\n"
    "poll = lpeg.Cmt(P(true), poll)\n"
    "local function check(ok, r)\n"
    "  if ok then return r end\n"
    "  if rtype(r) == 'string' then r = gsub(r, '^lpeg guard:%d+: ', '') end\n"
    "  error(r, 3)\n"
    "end\n"
    "local function rep(p, n)\n"
    "  p = P(p)\n"
    "  if rtype(n) ~= 'number' or n < 0 or pcall(B, p) then return pow(p, n) end\n"
    "  return pow(p * poll, n)\n"
    "end\n"
    "local function grammar(v)\n"
    "  local g = {}\n"
    "  for k, r in pairs(v) do\n"
    "    if (k == 1 and rtype(r) == 'string') or pcall(B, r) then g[k] = r else g[k] = poll * r end\n"
    "  end\n"
    "  return P(g)\n"
    "end\n"
    "mt.__pow = function(p, n) local r = check(pcall(rep, p, n)) return r end\n"
    "lpeg.P = function(v)\n"
    "  if rtype(v) ~= 'table' then local r = check(pcall(P, v)) return r end\n"
    "  local r = check(pcall(grammar, v)) return r\n"
    "end\n";

/* re.lua's require: its one import, lpeg (upvalue 1). */
static int re_require(lua_State *L) {
  lua_pushvalue(L, lua_upvalueindex(1));
  return 1;
}

/* lpeg, opened from the linked library, and re, from lua-lpeg's re.lua
 * (compiled in), as globals and in package.loaded (trusted scripts' require
 * finds them there, never another copy). Should re.lua fail to load, re is
 * left out and the message kept for require "re". The pattern metatable,
 * which every script shares, is hidden afterwards (re.lua reads it first). */
static void open_lpeg(lua_State *L) {
  luaL_requiref(L, "lpeg", luaopen_lpeg, 1);
  int lp = lua_gettop(L);
  lua_getfield(L, lp, "setmaxstack");
  lua_pushvalue(L, -1);
  lua_pushinteger(L, LPEG_MAX_STACK);
  lua_call(L, 1, 0);
  lua_pushcclosure(L, sb_setmaxstack, 1);
  lua_setfield(L, lp, "setmaxstack");
  if (luaL_loadbufferx(L, lpeg_guard, sizeof lpeg_guard - 1, "=lpeg guard", "t") == LUA_OK) {
    lua_pushvalue(L, lp);
    lua_pushcfunction(L, lpeg_poll);
    lua_call(L, 2, 0);
  } else {
    lua_error(L);
  }
  if (luaL_loadbufferx(L, sandbox_re_lua, sandbox_re_lua_len, "@re.lua", "t") == LUA_OK) {
    lua_createtable(L, 0, 1); /* re.lua's _ENV: the globals, and its require */
    lua_pushvalue(L, lp);
    lua_pushcclosure(L, re_require, 1);
    lua_setfield(L, -2, "require");
    lua_createtable(L, 0, 1);
    lua_pushglobaltable(L);
    lua_setfield(L, -2, "__index");
    lua_setmetatable(L, -2);
    lua_setupvalue(L, -2, 1);
    if (lua_pcall(L, 0, 1, 0) == LUA_OK && lua_istable(L, -1)) {
      lua_getfield(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
      lua_pushvalue(L, -2);
      lua_setfield(L, -2, "re");
      lua_pop(L, 1);
      lua_setglobal(L, "re");
    } else {
      if (!lua_isstring(L, -1)) {
        lua_pop(L, 1);
        lua_pushliteral(L, "re.lua did not return the re module");
      }
      lua_setfield(L, LUA_REGISTRYINDEX, "glossa.re_error");
    }
  } else {
    lua_setfield(L, LUA_REGISTRYINDEX, "glossa.re_error");
  }
  lua_getfield(L, lp, "P");
  lua_pushinteger(L, 0);
  lua_call(L, 1, 1);
  if (lua_getmetatable(L, -1)) {
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 1);
  }
  lua_settop(L, lp - 1);
}

/* require for sandboxed scripts: the user's own Lua files only. The
 * registry's glossa.modules holds what was loaded (per Lua state: per
 * worker), with lpeg and re in it from the start; glossa.libs the --lib
 * directories. */
static const char loading = 0; /* glossa.modules[name] while name loads */
static int require_error(lua_State *L, const char *fmt, ...);

/* Pushes the directory of the file of the nearest Lua function calling
 * require, or "." for code that is no file's (-e, load). */
static void push_caller_dir(lua_State *L) {
  lua_Debug ar;
  for (int level = 1; lua_getstack(L, level, &ar); level++) {
    lua_getinfo(L, "S", &ar);
    if (!strcmp(ar.what, "C")) continue;
    const char *src = ar.source, *slash = strrchr(src, '/');
    if (src[0] != '@') break;
    if (!slash) break;
    if (slash == src + 1) lua_pushliteral(L, "/");
    else lua_pushlstring(L, src + 1, (size_t)(slash - src - 1));
    return;
  }
  lua_pushliteral(L, ".");
}

/* Reads the open file (a luaL_Stream at idx) whole and closes it; pushes
 * the text. The stream's __gc closes it should an error come first. */
static void read_all(lua_State *L, int idx, const char *path) {
  luaL_Stream *p = lua_touserdata(L, idx);
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  size_t n;
  do {
    char *q = luaL_prepbuffer(&b);
    n = fread(q, 1, LUAL_BUFFERSIZE, p->f);
    luaL_addsize(&b, n);
  } while (n == LUAL_BUFFERSIZE);
  int bad = ferror(p->f);
  luaL_pushresult(&b);
  fclose(p->f);
  p->closef = NULL;
  if (bad) require_error(L, "error loading module: cannot read '%s'", path);
}

/* Compiles the module's text (on top) as a script file is compiled
 * (core/script.c): text only, a byte order mark and a first #! line left
 * out; runs it in an environment of its own, as every script has, and
 * pushes what it returned (true for nothing). */
static void run_module(lua_State *L, const char *name, const char *path) {
  size_t len, skip = 0;
  const char *code = lua_tolstring(L, -1, &len);
  if (len >= 3 && !memcmp(code, "\xEF\xBB\xBF", 3)) skip = 3;
  if (skip < len && code[skip] == LUA_SIGNATURE[0])
    require_error(L, "error loading module '%s' from file '%s':\n\tit is precompiled (bytecode): "
                  "sandboxed scripts load Lua source only (--trusted lifts this)", name, path);
  if (skip < len && code[skip] == '#')
    while (skip < len && code[skip] != '\n') skip++;
  lua_pushfstring(L, "@%s", path);
  if (luaL_loadbufferx(L, code + skip, len - skip, lua_tostring(L, -1), "t") != LUA_OK)
    require_error(L, "error loading module '%s' from file '%s':\n\t%s", name, path, lua_tostring(L, -1));
  sandbox_env(L);
  lua_setupvalue(L, -2, 1);
  lua_pushstring(L, name);
  lua_pushstring(L, path);
  lua_call(L, 2, 1);
  if (lua_isnil(L, -1)) {
    lua_pop(L, 1);
    lua_pushboolean(L, 1);
  }
}

/* Raises the message of require_load's, at the position of the code that
 * called require (level 2: level 1 is require itself), as Lua's does. */
static int require_error(lua_State *L, const char *fmt, ...) {
  va_list ap;
  luaL_where(L, 2);
  va_start(ap, fmt);
  lua_pushvfstring(L, fmt, ap);
  va_end(ap);
  lua_concat(L, 2);
  return lua_error(L);
}

/* The body of require (stack: name, modules), protected so that a module
 * that fails is unmarked as loading. Returns the module and its path. */
static int require_load(lua_State *L) {
  const char *name = lua_tostring(L, 1);
  luaL_gsub(L, name, ".", "/");
  int file = lua_gettop(L); /* 3: name with / for . */
  lua_getfield(L, LUA_REGISTRYINDEX, "glossa.libs");
  int libs = lua_gettop(L);
  lua_Integer nlibs = lua_istable(L, libs) ? luaL_len(L, libs) : 0;
  lua_pushliteral(L, ""); /* the paths tried, each on a line */
  int triedidx = lua_gettop(L);
  for (lua_Integer i = 0; i <= nlibs; i++) {
    if (i == 0) push_caller_dir(L);
    else lua_rawgeti(L, libs, i);
    const char *path = lua_pushfstring(L, "%s/%s.lua", lua_tostring(L, -1), lua_tostring(L, file));
    int pathidx = lua_gettop(L);
    int r = push_file(L, "require", path); /* raises for what scripts may not read */
    if (r == 1) {
      read_all(L, -1, path);
      run_module(L, name, path);
      lua_pushvalue(L, pathidx);
      return 2;
    }
    int e = (int)lua_tointeger(L, -1);
    if (e != ENOENT && e != ENOTDIR)
      return require_error(L, "error loading module '%s': %s", name, lua_tostring(L, -2));
    lua_pushfstring(L, "%s\n\tno file '%s'", lua_tostring(L, triedidx), path);
    lua_replace(L, triedidx);
    lua_settop(L, triedidx);
  }
  return require_error(L, "module '%s' not found (sandboxed scripts load their own Lua files, "
                       "next to the script or in --lib DIR; C modules and system paths need "
                       "--trusted):%s", name, lua_tostring(L, triedidx));
}

static int sb_require(lua_State *L) {
  const char *name = luaL_checkstring(L, 1);
  lua_settop(L, 1);
  lua_getfield(L, LUA_REGISTRYINDEX, "glossa.modules");
  lua_pushvalue(L, 1);
  lua_rawget(L, 2);
  if (lua_touserdata(L, -1) == &loading)
    return luaL_error(L, "require '%s': the module requires itself (directly or through "
                         "modules it requires) while it loads", name);
  if (!lua_isnil(L, -1)) return 1;
  lua_pop(L, 1);
  if (!strcmp(name, "re")) { /* re.lua could not be read when the state was made */
    lua_getfield(L, LUA_REGISTRYINDEX, "glossa.re_error");
    return luaL_error(L, "module 're' is not available: %s", lua_tostring(L, -1));
  }
  const char *c = name;
  for (; *c; c++) {
    int word = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
               *c == '_' || *c == '-';
    if (!word && !(*c == '.' && c > name && c[1] && c[1] != '.')) break;
  }
  if (*c || !*name)
    return luaL_error(L, "require: '%s' is not a module name (words of letters, digits, _ "
                         "and -, separated by dots: util, my.helpers)", name);
  lua_pushvalue(L, 1);
  lua_pushlightuserdata(L, (void *)&loading);
  lua_rawset(L, 2);
  lua_pushcfunction(L, require_load);
  lua_pushvalue(L, 1);
  int rc = lua_pcall(L, 1, 2, 0);
  lua_pushvalue(L, 1); /* the name, then the module or nil when it failed */
  if (rc == LUA_OK) lua_pushvalue(L, -3);
  else lua_pushnil(L);
  lua_rawset(L, 2);
  if (rc != LUA_OK) return lua_error(L);
  return 2;
}

void sandbox_libs(lua_State *L, const char *const *dirs, int n) {
  lua_createtable(L, n, 0);
  for (int i = 0; i < n; i++) {
    lua_pushstring(L, dirs[i]);
    lua_rawseti(L, -2, i + 1);
  }
  lua_setfield(L, LUA_REGISTRYINDEX, "glossa.libs");
  lua_getglobal(L, "package"); /* trusted: the dirs come first in package.path */
  if (!lua_istable(L, -1) || n == 0) {
    lua_pop(L, 1);
    return;
  }
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  for (int i = 0; i < n; i++) {
    luaL_addstring(&b, dirs[i]);
    luaL_addstring(&b, "/?.lua;");
  }
  lua_getfield(L, -2, "path");
  luaL_addvalue(&b);
  luaL_pushresult(&b);
  lua_setfield(L, -2, "path");
  lua_pop(L, 1);
}

/* A metatable shared by every script (strings', files') cannot be reached
 * through getmetatable, so that no script changes another's. */
static void hide_metatable(lua_State *L) {
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "__metatable");
  lua_pop(L, 1);
}

static void drop(lua_State *L, const char *table, const char *const *names) {
  lua_getglobal(L, table);
  for (; *names; names++) {
    lua_pushnil(L);
    lua_setfield(L, -2, *names);
  }
  lua_pop(L, 1);
}

static void wrap(lua_State *L, const char *table, const char *name, lua_CFunction f) {
  if (table) lua_getglobal(L, table);
  else lua_pushglobaltable(L);
  lua_getfield(L, -1, name);
  lua_pushcclosure(L, f, 1);
  lua_setfield(L, -2, name);
  lua_pop(L, 1);
}

void sandbox_open(lua_State *L, int trusted) {
  luaL_openlibs(L);
  lua_pushcfunction(L, sb_print);
  lua_setglobal(L, "print");
  wrap(L, "string", "rep", sb_rep);
  lua_getglobal(L, "string"); /* also the strings' methods: one table */
  luapat_register(L, -1, script_check_stop); /* Lua's own runs no hook */
  lua_pop(L, 1);
  lua_getglobal(L, "table");
  lua_pushcfunction(L, sb_move);
  lua_setfield(L, -2, "move");
  lua_pop(L, 1);
  guard_coroutines(L);
  lua_pushliteral(L, "");
  lua_getmetatable(L, -1);
  lua_remove(L, -2);
  hide_metatable(L);
  luaL_getmetatable(L, LUA_FILEHANDLE);
  hide_metatable(L);
  open_lpeg(L);
  lua_getglobal(L, "load");
  lua_setfield(L, LUA_REGISTRYINDEX, "glossa.load");
  lua_pushboolean(L, !trusted);
  lua_setfield(L, LUA_REGISTRYINDEX, "glossa.sandboxed");
  if (trusted) {
    wrap(L, NULL, "setmetatable", trusted_setmetatable);
    return;
  }
  /* the modules require knows from the start: lpeg and re (read-only views) */
  lua_newtable(L);
  for (int i = 0; i < 2; i++) {
    const char *m = i ? "re" : "lpeg";
    if (lua_getglobal(L, m) == LUA_TTABLE) {
      push_view(L, -1, m, 0);
      lua_setfield(L, -3, m);
    }
    lua_pop(L, 1);
  }
  lua_setfield(L, LUA_REGISTRYINDEX, "glossa.modules");
  lua_pushcfunction(L, sb_require);
  lua_setglobal(L, "require");
  static const char *const globals[] = {"dofile", "loadfile", "package", "debug", NULL};
  for (const char *const *g = globals; *g; g++) {
    lua_pushnil(L);
    lua_setglobal(L, *g);
  }
  static const char *const os_drop[] = {"execute", "exit", "getenv", "remove", "rename",
                                        "tmpname", "setlocale", NULL};
  static const char *const io_drop[] = {"popen", "tmpfile", "write", "output", "input",
                                        "read", "stdout", "stdin", NULL};
  static const char *const string_drop[] = {"dump", NULL};
  static const char *const lpeg_drop[] = {"ptree", "pcode", NULL}; /* debug builds' printf to stdout */
  drop(L, "os", os_drop);
  drop(L, "io", io_drop);
  drop(L, "string", string_drop);
  drop(L, "lpeg", lpeg_drop);
  lua_getglobal(L, "io");
  lua_pushcfunction(L, sb_open);
  lua_setfield(L, -2, "open");
  lua_pushcfunction(L, sb_lines);
  lua_setfield(L, -2, "lines");
  lua_pop(L, 1);
  wrap(L, NULL, "collectgarbage", sb_collectgarbage);
  wrap(L, NULL, "setmetatable", sb_setmetatable);
  /* the global load too (reachable as _G.load): text only, _G by default */
  lua_getfield(L, LUA_REGISTRYINDEX, "glossa.load");
  lua_pushglobaltable(L);
  lua_pushboolean(L, 0);
  lua_pushcclosure(L, sb_load, 3);
  lua_setglobal(L, "load");
}

static int ro_newindex(lua_State *L) {
  const char *name = lua_tostring(L, lua_upvalueindex(1));
  return luaL_error(L, "%s is shared by every script and read-only: put your own functions in "
                       "a table of your own (local my = setmetatable({}, {__index = %s}))",
                    name, name);
}

/* next(view, k) over the table behind the view (upvalue 1), with the
 * view's own fields (nested views) in place of the table's. */
static int ro_next(lua_State *L) {
  lua_settop(L, 2);
  if (lua_next(L, lua_upvalueindex(1)) == 0) return 0;
  lua_pushvalue(L, -2);
  if (lua_rawget(L, 1) == LUA_TNIL) lua_pop(L, 1);
  else lua_remove(L, -2);
  return 2;
}

static int ro_pairs(lua_State *L) {
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_pushcclosure(L, ro_next, 1);
  lua_pushvalue(L, 1);
  lua_pushnil(L);
  return 3;
}

/* Pushes a read-only view of the table at idx, named name for messages:
 * reads and pairs() go to the table, assignments raise. With nested, the
 * table's own table fields (glossa.args) are views too. */
static void push_view(lua_State *L, int idx, const char *name, int nested) {
  idx = lua_absindex(L, idx);
  lua_newtable(L);
  int view = lua_gettop(L);
  if (nested) {
    lua_pushnil(L);
    while (lua_next(L, idx)) {
      if (lua_type(L, -1) == LUA_TTABLE && lua_type(L, -2) == LUA_TSTRING) {
        lua_pushfstring(L, "%s.%s", name, lua_tostring(L, -2));
        push_view(L, -2, lua_tostring(L, -1), 0);
        lua_remove(L, -2);
        lua_pushvalue(L, -3);
        lua_insert(L, -2);
        lua_rawset(L, view);
      }
      lua_pop(L, 1);
    }
  }
  lua_createtable(L, 0, 4);
  lua_pushvalue(L, idx);
  lua_setfield(L, -2, "__index");
  lua_pushstring(L, name);
  lua_pushcclosure(L, ro_newindex, 1);
  lua_setfield(L, -2, "__newindex");
  lua_pushvalue(L, idx);
  lua_pushcclosure(L, ro_pairs, 1);
  lua_setfield(L, -2, "__pairs");
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "__metatable");
  lua_setmetatable(L, view);
}

void sandbox_env(lua_State *L) {
  lua_newtable(L); /* env */
  int env = lua_gettop(L);
  lua_newtable(L); /* its metatable */
  lua_pushglobaltable(L);
  lua_setfield(L, -2, "__index");
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "__metatable");
  lua_setmetatable(L, env);
  /* Globals are the script's own; the libraries (string, table, glossa, …)
   * are read-only views, so that no script changes what another sees. */
  lua_pushvalue(L, env);
  lua_setfield(L, env, "_G");
  lua_pushglobaltable(L);
  int g = lua_gettop(L);
  lua_getfield(L, LUA_REGISTRYINDEX, "glossa.modules"); /* sandboxed: lpeg's and re's views */
  int mods = lua_gettop(L);
  lua_pushnil(L);
  while (lua_next(L, g)) {
    if (lua_type(L, -1) == LUA_TTABLE && lua_type(L, -2) == LUA_TSTRING &&
        strcmp(lua_tostring(L, -2), "_G") != 0) {
      /* the view require gives too, so that require "lpeg" == lpeg */
      if (lua_istable(L, mods) && (!strcmp(lua_tostring(L, -2), "lpeg") ||
                                   !strcmp(lua_tostring(L, -2), "re"))) {
        lua_pushvalue(L, -2);
        lua_rawget(L, mods);
      } else {
        push_view(L, -1, lua_tostring(L, -2), 1);
      }
      lua_pushvalue(L, -3);
      lua_insert(L, -2);
      lua_rawset(L, env);
    }
    lua_pop(L, 1);
  }
  lua_pop(L, 2);
  /* load defaults to this environment */
  lua_getfield(L, LUA_REGISTRYINDEX, "glossa.load");
  lua_pushvalue(L, env);
  lua_getfield(L, LUA_REGISTRYINDEX, "glossa.sandboxed");
  lua_pushboolean(L, !lua_toboolean(L, -1));
  lua_remove(L, -2);
  lua_pushcclosure(L, sb_load, 3);
  lua_setfield(L, env, "load");
}

/* glossa repl: one Lua state, one document open until the session ends.
 *
 * Each input is compiled as `return INPUT` first (an expression, whose
 * values are printed) and, when that does not compile, as INPUT (a
 * statement). Input that ends too early (an open `function`, say) asks for
 * more lines. Code runs in the sandbox, in one environment kept for the
 * session (globals persist from line to line), with `doc` the document; an
 * error is printed and the session goes on. Lines starting with ':' are
 * commands (:help). With libedit, a terminal gets line editing and history. */
#include "repl.h"

#include <getopt.h>
#include <lauxlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "doc.h"
#include "inputs.h"
#include "lua_api.h"
#include "lua_glossa.h"
#include "output.h"
#include "sandbox.h"
#include "script.h"

#ifdef GLOSSA_HAVE_LIBEDIT
#include <editline/readline.h>
#endif

#define REPL_MAX_SIZE ((size_t)256 << 20)
#define LIST_SHOWN 5 /* items of a list printed under it */

static const char repl_usage[] =
    "Usage: glossa repl [-t TYPE] [--trusted] FILE\n"
    "\n"
    "An interactive Lua prompt with the document FILE loaded as `doc`, in the\n"
    "sandbox scripts run in. Expressions print their values (a list prints its\n"
    "count and its first spans); statements run; errors are printed and the\n"
    "session goes on. Ctrl-D or :quit ends it.\n"
    "\n"
    "  -t, --type TYPE   read FILE as text, html or xml\n"
    "      --trusted     the whole Lua standard library\n"
    "  -h, --help        show this help\n";

static const char repl_help[] =
    "  EXPRESSION     print its values, e.g. #doc:sentences(), doc:find(\"Putin\")\n"
    "  STATEMENT      run it, e.g. s = doc:find(\"Putin\"):first()\n"
    "  :annotations   what has been annotated so far (as -f text prints it)\n"
    "  :help          this help\n"
    "  :quit          end the session (or Ctrl-D)\n";

typedef struct session {
  lua_State *L;
  document *d;
  int env; /* registry ref of the session's _ENV */
  int tty;
} session;

/* The message handler: the message (with its repl:LINE), or what the error
 * object is. */
static int message(lua_State *L) {
  if (!lua_tostring(L, 1)) {
    if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING) return 1;
    lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
  }
  return 1;
}

/* Reads one line (without its newline) into a malloc'd string; NULL at the
 * end of input. */
static char *read_line(const session *s, const char *prompt) {
#ifdef GLOSSA_HAVE_LIBEDIT
  if (s->tty) {
    char *line = readline(prompt);
    if (line && *line) add_history(line);
    return line;
  }
#endif
  if (s->tty) {
    fputs(prompt, stdout);
    fflush(stdout);
  }
  char *line = NULL;
  size_t cap = 0;
  ssize_t n = getline(&line, &cap, stdin);
  if (n < 0) {
    free(line);
    return NULL;
  }
  while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = '\0';
  return line;
}

/* Compiles code; 0 compiled (the function pushed), 1 incomplete input, -1 a
 * syntax error (the message pushed). */
static int compile(lua_State *L, const char *code, size_t len) {
  if (luaL_loadbufferx(L, code, len, "=repl", "t") == LUA_OK) return 0;
  size_t ml;
  const char *msg = lua_tolstring(L, -1, &ml);
  static const char eof[] = "<eof>";
  if (msg && ml >= sizeof eof - 1 && !strcmp(msg + ml - (sizeof eof - 1), eof)) {
    lua_pop(L, 1);
    return 1;
  }
  return -1;
}

/* Prints the value at idx; lists get their count and first items. */
static void print_value(lua_State *L, int idx) {
  idx = lua_absindex(L, idx);
  const char *kind = NULL;
  if (lua_getmetatable(L, idx)) {
    static const char *const lists[] = {LSPANS_MT, LNODES_MT, LANNOTS_MT};
    for (int k = 0; k < 3 && !kind; k++) {
      luaL_getmetatable(L, lists[k]);
      if (lua_rawequal(L, -1, -2)) kind = lists[k] + strlen("glossa.");
      lua_pop(L, 1);
    }
    lua_pop(L, 1);
  }
  if (!kind) {
    fputs(luaL_tolstring(L, idx, NULL), stdout);
    lua_pop(L, 1);
    return;
  }
  lua_len(L, idx);
  lua_Integer n = lua_tointeger(L, -1);
  lua_pop(L, 1);
  printf("%s(%lld)", kind, (long long)n);
  for (lua_Integer i = 1; i <= n && i <= LIST_SHOWN; i++) {
    lua_geti(L, idx, i);
    printf("\n  %lld  %s", (long long)i, luaL_tolstring(L, -1, NULL));
    lua_pop(L, 2);
  }
  if (n > LIST_SHOWN) printf("\n  … %lld more", (long long)(n - LIST_SHOWN));
}

/* Runs the function on top of the stack in the session's environment and
 * prints what it returns, or the error. */
static void run(session *s) {
  lua_State *L = s->L;
  lua_rawgeti(L, LUA_REGISTRYINDEX, s->env);
  lua_setupvalue(L, -2, 1);
  int base = lua_gettop(L);
  lua_pushcfunction(L, message);
  lua_insert(L, base);
  int rc = lua_pcall(L, 0, LUA_MULTRET, base);
  lua_remove(L, base);
  if (rc != LUA_OK) {
    fflush(stdout);
    fprintf(stderr, "error: %s\n", lua_tostring(L, -1) ? lua_tostring(L, -1) : "(error)");
    fflush(stderr);
    lua_settop(L, base - 1);
    return;
  }
  int n = lua_gettop(L) - base + 1;
  for (int i = 0; i < n; i++) {
    if (i) fputs("\t", stdout);
    print_value(L, base + i);
  }
  if (n > 0) putchar('\n');
  fflush(stdout);
  lua_settop(L, base - 1);
}

/* One input, read on until it is complete: as an expression first, then as
 * a statement. Returns 0 to go on, 1 at the end of input. */
static int eval(session *s, buf *code) {
  lua_State *L = s->L;
  for (;;) {
    buf ret = BUF_INIT;
    int rc = buf_printf(&ret, "return %s", code->s) ? -1 : compile(L, ret.s, ret.len);
    buf_free(&ret);
    if (rc < 0) lua_pop(L, 1);
    if (rc != 0) rc = compile(L, code->s, code->len);
    if (rc == 0) {
      run(s);
      return 0;
    }
    if (rc < 0) {
      fflush(stdout);
      fprintf(stderr, "error: %s\n", lua_tostring(L, -1));
      fflush(stderr);
      lua_pop(L, 1);
      return 0;
    }
    char *more = read_line(s, ">> ");
    if (!more) return 1;
    int oom = buf_printf(code, "\n%s", more);
    free(more);
    if (oom) return 1;
  }
}

static void annotations(session *s) {
  buf b = BUF_INIT;
  if (out_text(&b, s->d, NULL)) {
    fprintf(stderr, "error: out of memory\n");
  } else if (b.len == 0) {
    puts("(no annotations)");
  } else {
    fwrite(b.s, 1, b.len, stdout);
  }
  fflush(stdout);
  buf_free(&b);
}

int repl_main(int argc, char **argv) {
  doc_type type = DOC_AUTO;
  int trusted = 0;
  static const struct option opts[] = {{"type", required_argument, NULL, 't'},
                                       {"trusted", no_argument, NULL, 'T'},
                                       {"help", no_argument, NULL, 'h'},
                                       {NULL, 0, NULL, 0}};
  int c;
  optind = 1;
  opterr = 0;
  while ((c = getopt_long(argc, argv, ":t:h", opts, NULL)) != -1) {
    switch (c) {
    case 't':
      type = doc_type_parse(optarg);
      if (type == DOC_AUTO) {
        fprintf(stderr, "glossa: --type must be text, html or xml, not '%s'\n", optarg);
        return 2;
      }
      break;
    case 'T': trusted = 1; break;
    case 'h': fputs(repl_usage, stdout); return 0;
    default:
      fprintf(stderr, "glossa: repl: %s '%s'\nTry 'glossa repl --help' for more information.\n",
              c == ':' ? "option needs a value:" : "unknown option", argv[optind - 1]);
      return 2;
    }
  }
  int status;
  document *d = inputs_load_one("repl", argc, argv, optind, type, REPL_MAX_SIZE, &status);
  if (!d) return status;
  session s = {.d = d, .tty = isatty(0)};
  s.L = script_lua_new(trusted);
  if (!s.L) {
    fprintf(stderr, "glossa: out of memory\n");
    doc_free(d);
    return 1;
  }
  lua_State *L = s.L;
  sandbox_env(L);
  ldoc_push(L, d);
  int docidx = lua_gettop(L);
  lua_pushvalue(L, docidx);
  lua_setfield(L, -3, "doc");
  lua_pushvalue(L, -2);
  s.env = luaL_ref(L, LUA_REGISTRYINDEX);
  if (s.tty)
    printf("glossa %s: %s (%s) is `doc`; :help for help, Ctrl-D to quit\n", GLOSSA_VERSION,
           d->name, doc_type_name(d->type));
  for (;;) {
    char *line = read_line(&s, "glossa> ");
    if (!line) {
      if (s.tty) putchar('\n');
      break;
    }
    const char *p = line + strspn(line, " \t");
    int stop = 0;
    if (*p == '\0') {
      /* nothing */
    } else if (!strcmp(p, ":quit") || !strcmp(p, ":q")) {
      stop = 1;
    } else if (!strcmp(p, ":help") || !strcmp(p, ":h")) {
      fputs(repl_help, stdout);
    } else if (!strcmp(p, ":annotations") || !strcmp(p, ":a")) {
      annotations(&s);
    } else if (*p == ':') {
      printf("unknown command %s (:help lists them)\n", p);
    } else {
      buf code = BUF_INIT;
      if (buf_adds(&code, p)) stop = 1;
      else stop = eval(&s, &code);
      buf_free(&code);
    }
    free(line);
    fflush(stdout);
    if (stop) break;
  }
  /* objects kept in globals can no longer reach the document */
  ldoc_close(L, docidx);
  lua_close(L);
  doc_free(d);
  return 0;
}

/* glossa check: compile scripts, then look over their tokens for mistakes
 * Lua only finds when the line runs.
 *
 * Each script is read and compiled by script_load_file, as a run compiles it
 * (text only, without a byte order mark or a first #! line); a syntax error
 * is reported as Lua reports it. A script that compiles is then tokenized
 * (the same text) and walked once, tracking blocks and the `local`
 * declarations, function parameters and loop variables in scope:
 *
 *   - an assignment `NAME = ...` (or `a, NAME = ...`, `function NAME()`) to a
 *     name that is not local there and not a global the sandbox provides is
 *     an assignment to an undeclared global;
 *   - a read of such a name that the script never assigns is an undefined
 *     global;
 *   - `obj:NAME(...)` where obj's type is obvious must name a method of that
 *     type, `obj.NAME` a field or method of it (for the userdata classes:
 *     the table lists may hold anything a script puts in them), and
 *     `glossa.NAME` a field of the glossa table.
 *
 * The names come from a live Lua state built like a script's (script_lua_new):
 * the sandbox's globals, the `glossa` table, the method tables behind the
 * binding metatables' __index (a table, or the first upvalue of the __index
 * closure), and the field names of each class (lclass_of: the tables the
 * runtime's "did you mean" reads; its lclass_suggest gives the hint for a
 * class's members, as the run would). Nothing here lists them, so a new
 * binding is known at once.
 *
 * "Obvious" types: `doc` is a Document (as a global or a parameter); a
 * method call's result has the type in returns[] below, and doc.root and
 * annotation.span theirs in field_types[]; a list indexed with
 * [...] gives its element; `for x in LIST do` and `for _, x in ipairs(LIST)`
 * give x the element type; `local x = EXPR` keeps EXPR's type when EXPR is a
 * chain starting with a name. Limits: no flow analysis (a local assigned
 * later keeps its first type), targets like `t.x, y = ...` are only seen
 * from y on, and `local x = x` sees the new x. */
#include "check.h"

#include <getopt.h>
#include <lauxlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "lua_api.h"
#include "lua_class.h"
#include "script.h"

/* ---- the API's names, from a live state --------------------------------- */

enum { TY_NONE, TY_DOC, TY_NODE, TY_NODES, TY_SPAN, TY_SPANS, TY_ANNOT, TY_ANNOTS, TY_GLOSSA,
       TY_N };
#define TY_PAIRS 16 /* TY_PAIRS + t: what ipairs(list of t) returns */

static const struct {
  const char *mt;   /* metatable name */
  const char *name; /* in messages */
  int elem;         /* element type of a list */
} types[TY_N] = {
    [TY_DOC] = {LDOC_MT, "Document", 0},   [TY_NODE] = {LNODE_MT, "Node", 0},
    [TY_NODES] = {LNODES_MT, "NodeList", TY_NODE}, [TY_SPAN] = {LSPAN_MT, "Span", 0},
    [TY_SPANS] = {LSPANS_MT, "SpanList", TY_SPAN}, [TY_ANNOT] = {LANNOT_MT, "Annotation", 0},
    [TY_ANNOTS] = {LANNOTS_MT, "AnnotationList", TY_ANNOT}, [TY_GLOSSA] = {NULL, "glossa", 0},
};

/* What methods return, for following chains like doc:find(...):first().
 * Only types: whether a method exists is always asked of the live tables. */
static const struct {
  int on;
  const char *method;
  int ret;
} returns[] = {
    {TY_DOC, "span", TY_SPAN},         {TY_DOC, "find", TY_SPANS},
    {TY_DOC, "match", TY_SPANS},       {TY_DOC, "blocks", TY_SPANS},
    {TY_DOC, "lookup", TY_SPANS},      {TY_DOC, "sentences", TY_SPANS},
    {TY_DOC, "tokens", TY_SPANS},      {TY_DOC, "select", TY_NODES},
    {TY_DOC, "css", TY_NODES},         {TY_DOC, "annotate", TY_ANNOT},
    {TY_DOC, "annotations", TY_ANNOTS}, {TY_SPAN, "annotate", TY_ANNOT},
    {TY_SPAN, "capture", TY_SPAN},     {TY_SPAN, "match", TY_SPANS},
    {TY_SPAN, "enclosing", TY_NODE},   {TY_SPAN, "block", TY_SPAN},
    {TY_SPAN, "trim", TY_SPAN},        {TY_SPAN, "blocks", TY_SPANS},
    {TY_SPAN, "lookup", TY_SPANS},     {TY_SPAN, "sentences", TY_SPANS},
    {TY_SPAN, "tokens", TY_SPANS},     {TY_SPAN, "sentence", TY_SPAN},
    {TY_SPANS, "first", TY_SPAN},      {TY_SPANS, "filter", TY_SPANS},
    {TY_SPANS, "union", TY_SPANS},     {TY_SPANS, "minus", TY_SPANS},
    {TY_SPANS, "intersect", TY_SPANS}, {TY_SPANS, "unique", TY_SPANS},
    {TY_SPANS, "annotate", TY_ANNOTS}, {TY_NODE, "span", TY_SPAN},
    {TY_NODE, "parent", TY_NODE},      {TY_NODE, "children", TY_NODES},
    {TY_NODE, "select", TY_NODES},     {TY_NODE, "css", TY_NODES},
    {TY_NODES, "first", TY_NODE},      {TY_ANNOTS, "first", TY_ANNOT},
};

/* The same for the fields that hold objects: doc.root, annotation.span. */
static const struct {
  int on;
  const char *field;
  int type;
} field_types[] = {{TY_DOC, "root", TY_NODE}, {TY_ANNOT, "span", TY_SPAN}};

typedef struct names {
  char **v;
  size_t n;
  int known; /* 0: the type has no method table (every name is accepted) */
} names;

typedef struct api {
  names globals;
  names methods[TY_N]; /* for TY_GLOSSA: the glossa table's fields */
  /* The classes of the userdata types (lclass_of), whose field names the
   * runtime's own hints use; NULL for the table lists and glossa. The
   * classes are static: they outlive the state they were found in. */
  const lclass *classes[TY_N];
} api;

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The string keys of the table at idx, sorted. */
static void table_keys(lua_State *L, int idx, names *out) {
  idx = lua_absindex(L, idx);
  size_t cap = 0;
  lua_pushnil(L);
  while (lua_next(L, idx)) {
    if (lua_type(L, -2) == LUA_TSTRING) {
      if (out->n == cap) {
        cap = cap ? cap * 2 : 32;
        char **v = realloc(out->v, cap * sizeof *v);
        if (!v) exit(1);
        out->v = v;
      }
      out->v[out->n] = strdup(lua_tostring(L, -2));
      if (!out->v[out->n]) exit(1);
      out->n++;
    }
    lua_pop(L, 1);
  }
  if (out->n) qsort(out->v, out->n, sizeof *out->v, cmp_str);
  out->known = 1;
}

static int api_load(api *a) {
  lua_State *L = script_lua_new(0);
  if (!L) return -1;
  lua_pushglobaltable(L);
  table_keys(L, -1, &a->globals);
  lua_pop(L, 1);
  for (int t = 1; t < TY_N; t++) {
    if (t == TY_GLOSSA) {
      lua_getglobal(L, "glossa");
      table_keys(L, -1, &a->methods[t]);
      lua_pop(L, 1);
      continue;
    }
    a->classes[t] = lclass_of(L, types[t].mt);
    luaL_getmetatable(L, types[t].mt);
    lua_getfield(L, -1, "__index");
    if (lua_istable(L, -1)) table_keys(L, -1, &a->methods[t]);
    else if (lua_iscfunction(L, -1) && lua_getupvalue(L, -1, 1)) {
      if (lua_istable(L, -1)) table_keys(L, -1, &a->methods[t]);
      lua_pop(L, 1);
    }
    lua_pop(L, 2);
  }
  lua_close(L);
  return 0;
}

static void api_free(api *a) {
  names *all[TY_N + 1];
  all[0] = &a->globals;
  for (int t = 0; t < TY_N; t++) all[t + 1] = &a->methods[t];
  for (int i = 0; i <= TY_N; i++) {
    for (size_t k = 0; k < all[i]->n; k++) free(all[i]->v[k]);
    free(all[i]->v);
  }
}

static int has_name(const names *ns, const char *s, size_t n) {
  size_t lo = 0, hi = ns->n;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    int c = strncmp(ns->v[mid], s, n);
    if (c == 0 && ns->v[mid][n] != '\0') c = 1;
    if (c == 0) return 1;
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return 0;
}

/* ---- suggestions --------------------------------------------------------- */

static size_t levenshtein(const char *a, size_t la, const char *b, size_t lb) {
  if (la > 64 || lb > 64) return (size_t)-1;
  size_t row[65];
  for (size_t j = 0; j <= lb; j++) row[j] = j;
  for (size_t i = 1; i <= la; i++) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= lb; j++) {
      size_t up = row[j];
      size_t best = diag + (a[i - 1] != b[j - 1]);
      if (row[j] + 1 < best) best = row[j] + 1;
      if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
      row[j] = best;
      diag = up;
    }
  }
  return row[lb];
}

/* Close enough to be a typo: at most 2 edits, and fewer than a third of the
 * longer name for short ones. */
static int close_enough(size_t d, size_t la, size_t lb) {
  size_t longer = la > lb ? la : lb;
  return d > 0 && d <= 2 && d * 3 <= longer + 1;
}

typedef struct suggest {
  const char *best;
  size_t dist;
} suggest;

static void consider(suggest *sg, const char *s, size_t n, const char *cand) {
  size_t d = levenshtein(s, n, cand, strlen(cand));
  if (!close_enough(d, n, strlen(cand))) return;
  if (!sg->best || d < sg->dist || (d == sg->dist && strcmp(cand, sg->best) < 0)) {
    sg->best = cand;
    sg->dist = d;
  }
}

static void consider_all(suggest *sg, const char *s, size_t n, const names *ns) {
  for (size_t i = 0; i < ns->n; i++) consider(sg, s, n, ns->v[i]);
}

/* ---- tokens -------------------------------------------------------------- */

typedef enum tkind { T_EOF, T_NAME, T_KW, T_STR, T_NUM, T_OP } tkind;

typedef struct tok {
  tkind k;
  const char *s;
  size_t n;
  int line;
} tok;

typedef struct toks {
  tok *v;
  size_t n, cap;
} toks;

static const char *const keywords[] = {
    "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if",
    "in", "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while",
    NULL};

static void push_tok(toks *ts, tkind k, const char *s, size_t n, int line) {
  if (ts->n == ts->cap) {
    ts->cap = ts->cap ? ts->cap * 2 : 256;
    ts->v = realloc(ts->v, ts->cap * sizeof *ts->v);
    if (!ts->v) exit(1);
  }
  ts->v[ts->n++] = (tok){k, s, n, line};
}

/* Length of a long bracket opener [==[ at p (0 when there is none); *level
 * gets the number of '='. */
static size_t long_open(const char *p, const char *end, size_t *level) {
  if (p >= end || *p != '[') return 0;
  const char *q = p + 1;
  while (q < end && *q == '=') q++;
  if (q >= end || *q != '[') return 0;
  *level = (size_t)(q - p - 1);
  return (size_t)(q - p + 1);
}

/* Skips to after the matching ]==]; counts lines. */
static const char *long_skip(const char *p, const char *end, size_t level, int *line) {
  for (; p < end; p++) {
    if (*p == '\n') (*line)++;
    else if (*p == ']') {
      const char *q = p + 1;
      while (q < end && *q == '=') q++;
      if (q < end && *q == ']' && (size_t)(q - p - 1) == level) return q + 1;
    }
  }
  return end;
}

static int is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '_';
}

/* Tokenizes code that Lua has compiled (so it is well formed). */
static void tokenize(const char *p, size_t len, toks *ts) {
  const char *end = p + len;
  int line = 1;
  while (p < end) {
    char c = *p;
    if (c == '\n') {
      line++;
      p++;
    } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
      p++;
    } else if (c == '-' && p + 1 < end && p[1] == '-') {
      size_t level = 0, open = long_open(p + 2, end, &level);
      if (open) p = long_skip(p + 2 + open, end, level, &line);
      else
        while (p < end && *p != '\n') p++;
    } else if (is_name_char(c) && !(c >= '0' && c <= '9')) {
      const char *s = p;
      while (p < end && is_name_char(*p)) p++;
      tkind k = T_NAME;
      for (const char *const *kw = keywords; *kw; kw++)
        if (strlen(*kw) == (size_t)(p - s) && !memcmp(*kw, s, (size_t)(p - s))) k = T_KW;
      push_tok(ts, k, s, (size_t)(p - s), line);
    } else if ((c >= '0' && c <= '9') || (c == '.' && p + 1 < end && p[1] >= '0' && p[1] <= '9')) {
      const char *s = p;
      while (p < end && (is_name_char(*p) || *p == '.' ||
                         ((*p == '+' || *p == '-') && strchr("eEpP", p[-1]))))
        p++;
      push_tok(ts, T_NUM, s, (size_t)(p - s), line);
    } else if (c == '"' || c == '\'') {
      const char *s = p;
      int at = line;
      for (p++; p < end && *p != c; p++) {
        if (*p == '\\' && p + 1 < end) {
          p++;
          if (*p == '\n') line++;
          else if (*p == 'z') /* \z skips the white space after it */
            while (p + 1 < end && strchr(" \t\r\n\f\v", p[1])) {
              if (p[1] == '\n') line++;
              p++;
            }
        } else if (*p == '\n') line++;
      }
      if (p < end) p++;
      push_tok(ts, T_STR, s, (size_t)(p - s), at);
    } else if (c == '[' && long_open(p, end, &(size_t){0})) {
      size_t level = 0, open = long_open(p, end, &level);
      const char *s = p;
      int at = line;
      p = long_skip(p + open, end, level, &line);
      push_tok(ts, T_STR, s, (size_t)(p - s), at);
    } else {
      static const char *const ops[] = {"...", "..", "==", "~=", "<=", ">=", "//", "::",
                                        "<<", ">>", NULL};
      size_t n = 1;
      for (const char *const *o = ops; *o; o++)
        if ((size_t)(end - p) >= strlen(*o) && !memcmp(p, *o, strlen(*o))) {
          n = strlen(*o);
          break;
        }
      push_tok(ts, T_OP, p, n, line);
      p += n;
    }
  }
  push_tok(ts, T_EOF, end, 0, line);
}

static int is(const tok *t, const char *s) {
  return (t->k == T_OP || t->k == T_KW) && t->n == strlen(s) && !memcmp(t->s, s, t->n);
}

/* ---- the walk ------------------------------------------------------------ */

typedef struct local {
  const char *s;
  size_t n;
  int type;
} local;

/* A context: a block (with the number of locals before it), or a bracket
 * with the type the expression has after it closes. */
typedef struct ctx {
  char kind; /* 'b' block, 'u' a repeat block past its until, '(' '{' '[' */
  size_t nlocals;
  int after;
} ctx;

typedef struct warning {
  int line;
  size_t seq;
  char *text;
} warning;

typedef struct walker {
  const api *api;
  const char *path;
  const tok *t;
  size_t i;
  local *locals;
  size_t nlocals, loccap;
  ctx *cs;
  size_t ncs, cscap;
  warning *w;
  size_t nw, wcap;
  names assigned;  /* globals the script assigns (unsorted) */
  size_t acap;
  tok *reads;      /* free names read, checked at the end */
  size_t nreads, rcap;
  int cur;         /* type of the expression that ends at the last token */
  char sugg[65];   /* suggest_name's answer */
} walker;

static void warn(walker *w, int line, const char *fmt, const char *a, size_t an, const char *b,
                 const char *sugg) {
  buf m = BUF_INIT;
  buf_printf(&m, "%s:%d: warning: ", w->path, line);
  buf_printf(&m, fmt, b ? b : "", (int)an, a);
  if (sugg) buf_printf(&m, " (did you mean '%s'?)", sugg);
  if (w->nw == w->wcap) {
    w->wcap = w->wcap ? w->wcap * 2 : 16;
    w->w = realloc(w->w, w->wcap * sizeof *w->w);
    if (!w->w) exit(1);
  }
  w->w[w->nw] = (warning){line, w->nw, m.s};
  w->nw++;
}

static void push_ctx(walker *w, char kind, int after) {
  if (w->ncs == w->cscap) {
    w->cscap = w->cscap ? w->cscap * 2 : 32;
    w->cs = realloc(w->cs, w->cscap * sizeof *w->cs);
    if (!w->cs) exit(1);
  }
  w->cs[w->ncs++] = (ctx){kind, w->nlocals, after};
}

/* Closes the innermost context of this kind (and any left open inside it). */
static ctx pop_ctx(walker *w, char kind) {
  ctx c = {'b', w->nlocals, 0};
  while (w->ncs > 1) {
    c = w->cs[--w->ncs];
    if (c.kind == 'b') w->nlocals = c.nlocals;
    if (c.kind == kind) break;
  }
  return c;
}

static local *declare(walker *w, const tok *t, int type) {
  if (w->nlocals == w->loccap) {
    w->loccap = w->loccap ? w->loccap * 2 : 64;
    w->locals = realloc(w->locals, w->loccap * sizeof *w->locals);
    if (!w->locals) exit(1);
  }
  w->locals[w->nlocals] = (local){t->s, t->n, type};
  return &w->locals[w->nlocals++];
}

static local *find_local(walker *w, const tok *t) {
  for (size_t i = w->nlocals; i-- > 0;)
    if (w->locals[i].n == t->n && !memcmp(w->locals[i].s, t->s, t->n)) return &w->locals[i];
  return NULL;
}

static int in_block(const walker *w) {
  return w->cs[w->ncs - 1].kind == 'b' || w->cs[w->ncs - 1].kind == 'u';
}

static int is_global(const walker *w, const tok *t) {
  return has_name(&w->api->globals, t->s, t->n) || (t->n == 3 && !memcmp(t->s, "doc", 3)) ||
         (t->n == 4 && !memcmp(t->s, "_ENV", 4));
}

static int was_assigned(const walker *w, const tok *t) {
  for (size_t i = 0; i < w->assigned.n; i++)
    if (strlen(w->assigned.v[i]) == t->n && !memcmp(w->assigned.v[i], t->s, t->n)) return 1;
  return 0;
}

/* The locals in scope and the known globals: what a misspelt name meant
 * (in w->sugg, or NULL). */
static const char *suggest_name(walker *w, const tok *t) {
  suggest sg = {0};
  consider_all(&sg, t->s, t->n, &w->api->globals);
  for (size_t i = 0; i < w->nlocals; i++) {
    const local *l = &w->locals[i];
    size_t d = levenshtein(t->s, t->n, l->s, l->n);
    if (close_enough(d, t->n, l->n) && (!sg.best || d < sg.dist) && l->n < sizeof w->sugg) {
      memcpy(w->sugg, l->s, l->n);
      w->sugg[l->n] = '\0';
      sg = (suggest){w->sugg, d};
    }
  }
  return sg.best;
}

static void note_assigned(walker *w, const tok *t) {
  if (w->assigned.n == w->acap) {
    w->acap = w->acap ? w->acap * 2 : 16;
    w->assigned.v = realloc(w->assigned.v, w->acap * sizeof *w->assigned.v);
    if (!w->assigned.v) exit(1);
  }
  char *s = strndup(t->s, t->n);
  if (!s) exit(1);
  w->assigned.v[w->assigned.n++] = s;
}

static int elem_of(int type) { return type > 0 && type < TY_N ? types[type].elem : 0; }

static int method_returns(int on, const tok *m) {
  for (size_t i = 0; i < sizeof returns / sizeof *returns; i++)
    if (returns[i].on == on && strlen(returns[i].method) == m->n &&
        !memcmp(returns[i].method, m->s, m->n))
      return returns[i].ret;
  return TY_NONE;
}

static int field_type(int on, const tok *f) {
  for (size_t i = 0; i < sizeof field_types / sizeof *field_types; i++)
    if (field_types[i].on == on && strlen(field_types[i].field) == f->n &&
        !memcmp(field_types[i].field, f->s, f->n))
      return field_types[i].type;
  return TY_NONE;
}

/* A target of an assignment: NAME followed by (, NAME)* = at block level. */
static int is_target(const walker *w, size_t i) {
  const tok *t = w->t;
  if (!in_block(w)) return 0;
  size_t j = i + 1;
  while (is(&t[j], ",") && t[j + 1].k == T_NAME) j += 2;
  return is(&t[j], "=");
}

static void assign(walker *w, const tok *name) {
  if (find_local(w, name) || is_global(w, name)) return;
  if (!was_assigned(w, name)) {
    const char *sg = suggest_name(w, name);
    warn(w, name->line,
         sg ? "%sassignment to undeclared global '%.*s'"
            : "%sassignment to undeclared global '%.*s' (declare it with local)",
         name->s, name->n, "", sg);
    note_assigned(w, name);
  }
}

static void read_name(walker *w, const tok *t);

/* `function` at token i (after `local` when loc): the name, then the
 * parameter list; leaves i on the closing parenthesis. */
static void function_head(walker *w, int loc) {
  const tok *t = w->t;
  size_t i = w->i + 1;
  int method = 0;
  if (t[i].k == T_NAME) {
    if (loc) declare(w, &t[i], TY_NONE);
    else if (!is(&t[i + 1], ".") && !is(&t[i + 1], ":")) assign(w, &t[i]);
    else read_name(w, &t[i]); /* function t.f(): a read of t */
    i++;
    while (is(&t[i], ".") || is(&t[i], ":")) {
      if (is(&t[i], ":")) method = 1;
      i += 2;
    }
  }
  push_ctx(w, 'b', 0);
  if (method) declare(w, &(tok){T_NAME, "self", 4, t[i].line}, TY_NONE);
  if (is(&t[i], "(")) {
    for (i++; t[i].k != T_EOF && !is(&t[i], ")"); i++)
      if (t[i].k == T_NAME) declare(w, &t[i], t[i].n == 3 && !memcmp(t[i].s, "doc", 3) ? TY_DOC : TY_NONE);
  }
  w->i = i;
  w->cur = TY_NONE;
}

static void read_name(walker *w, const tok *t) {
  local *l = find_local(w, t);
  if (l) {
    w->cur = l->type;
    return;
  }
  if (t->n == 3 && !memcmp(t->s, "doc", 3)) w->cur = TY_DOC;
  else if (t->n == 6 && !memcmp(t->s, "glossa", 6)) w->cur = TY_GLOSSA;
  else w->cur = TY_NONE;
  if (is_global(w, t)) return;
  if (w->nreads == w->rcap) {
    w->rcap = w->rcap ? w->rcap * 2 : 32;
    w->reads = realloc(w->reads, w->rcap * sizeof *w->reads);
    if (!w->reads) exit(1);
  }
  w->reads[w->nreads++] = *t;
}

static int is_field(const lclass *c, const tok *t) {
  for (const char *const *f = c ? c->field_names : NULL; f && *f; f++)
    if (strlen(*f) == t->n && !memcmp(*f, t->s, t->n)) return 1;
  return 0;
}

/* The runtime's hint for a name an object of class c lacks (lclass_suggest,
 * what the run's "did you mean" error would say), or NULL. */
static const char *class_hint(const lclass *c, const tok *t) {
  char key[65];
  if (t->n >= sizeof key) return NULL;
  memcpy(key, t->s, t->n);
  key[t->n] = '\0';
  return lclass_suggest(c, key);
}

/* obj:NAME, obj.NAME or glossa.NAME: t is the NAME, on the type the chain
 * has. obj:NAME must be a method; obj.NAME a field or a method read as a
 * value (span.annotate), on the userdata classes, where anything else reads
 * nil (the table lists hold whatever a script puts in them, and are not
 * checked); glossa.NAME a field of the glossa table. */
static void member(walker *w, const tok *t, int on, int colon) {
  if (on <= TY_NONE || on >= TY_N) return;
  const names *ns = &w->api->methods[on];
  const lclass *c = w->api->classes[on];
  if (on == TY_GLOSSA ? colon : !colon && !c) return;
  if (!ns->known || has_name(ns, t->s, t->n) || (!colon && is_field(c, t))) return;
  const char *hint;
  if (c) {
    hint = class_hint(c, t);
  } else {
    suggest sg = {0};
    consider_all(&sg, t->s, t->n, ns);
    hint = sg.best;
  }
  warn(w, t->line, colon ? "%s has no method '%.*s'" : "%s has no field '%.*s'", t->s, t->n,
       types[on].name, hint);
}

/* A local statement at w->i: its names (with attributes), their type from a
 * one-name initializer (decided when the expression ends). */
typedef struct pending {
  size_t local; /* index + 1 in locals, 0 for none */
  size_t depth; /* contexts open at the initializer */
  size_t first; /* token index of the initializer's first token */
  int chain;    /* the initializer starts with a name */
} pending;

static void walk(walker *w, size_t ntoks) {
  const tok *t = w->t;
  pending pend = {0};
  size_t forvars[16], nfor = 0; /* token indices of loop variables */
  int for_in = 0, in_for = 0;
  push_ctx(w, 'b', 0);
  for (w->i = 0; w->i < ntoks && t[w->i].k != T_EOF; w->i++) {
    size_t i = w->i;
    const tok *k = &t[i];
    const tok *prev = i ? &t[i - 1] : NULL;
    /* a suffix continues the chain: : . [ and call arguments */
    int suffix = is(k, ":") || is(k, ".") || is(k, "[") ||
                 (prev && (prev->k == T_NAME || is(prev, ")") || is(prev, "]")) &&
                  (is(k, "(") || is(k, "{") || k->k == T_STR));
    if (pend.local && w->ncs == pend.depth && i > pend.first && !suffix) {
      w->locals[pend.local - 1].type = pend.chain ? w->cur : TY_NONE;
      pend.local = 0;
    }
    if (k->k == T_NAME) {
      if (prev && (is(prev, ".") || is(prev, ":") || is(prev, "goto") || is(prev, "::")))
        continue; /* a field, method or label name */
      if (w->cs[w->ncs - 1].kind == '{' && is(&t[i + 1], "=")) continue; /* a key */
      if (is_target(w, i)) {
        assign(w, k);
        w->cur = TY_NONE;
        continue;
      }
      read_name(w, k);
      continue;
    }
    if (k->k == T_STR || k->k == T_NUM) {
      if (!suffix) w->cur = TY_NONE;
      continue;
    }
    if (is(k, ":") || is(k, ".")) {
      if (t[i + 1].k == T_NAME) {
        member(w, &t[i + 1], w->cur, is(k, ":"));
        int on = w->cur;
        w->cur = is(k, ":") ? method_returns(on, &t[i + 1]) : field_type(on, &t[i + 1]);
        w->i++;
        /* a string argument ends the call at once; ( and { carry the type */
        if (is(k, ":") && t[i + 2].k == T_STR) w->i++;
        else if (is(k, ":") && (is(&t[i + 2], "(") || is(&t[i + 2], "{"))) {
          w->i++;
          push_ctx(w, t[i + 2].s[0], w->cur);
          w->cur = TY_NONE;
        }
      }
      continue;
    }
    if (is(k, "(") || is(k, "{") || is(k, "[")) {
      int after = TY_NONE;
      if (is(k, "[") && suffix) after = elem_of(w->cur);
      else if (is(k, "(") && prev && prev->k == T_NAME && prev->n == 6 &&
               !memcmp(prev->s, "ipairs", 6) && !find_local(w, prev))
        after = -1; /* ipairs(...): the pairs of what is inside */
      push_ctx(w, k->s[0], after);
      w->cur = TY_NONE;
      continue;
    }
    if (is(k, ")") || is(k, "}") || is(k, "]")) {
      char open = k->s[0] == ')' ? '(' : k->s[0] == '}' ? '{' : '[';
      int inside = w->cur;
      ctx c = pop_ctx(w, open);
      w->cur = c.after == -1 ? (elem_of(inside) ? TY_PAIRS + elem_of(inside) : TY_NONE) : c.after;
      continue;
    }
    if (k->k == T_KW) {
      if (is(k, "local")) {
        if (is(&t[i + 1], "function")) {
          w->i++;
          function_head(w, 1);
          continue;
        }
        size_t j = i + 1, first = w->nlocals, n = 0;
        while (t[j].k == T_NAME) {
          declare(w, &t[j], TY_NONE);
          n++;
          j++;
          if (is(&t[j], "<")) j += 3; /* <const>, <close> */
          if (!is(&t[j], ",")) break;
          j++;
        }
        w->i = j - 1;
        w->cur = TY_NONE;
        if (n == 1 && is(&t[j], "=")) {
          pend = (pending){first + 1, w->ncs, j + 1, t[j + 1].k == T_NAME};
          w->i = j;
        }
        continue;
      }
      if (is(k, "function")) {
        function_head(w, 0);
        continue;
      }
      if (is(k, "for")) {
        size_t j = i + 1;
        nfor = 0;
        while (t[j].k == T_NAME) {
          if (nfor < 16) forvars[nfor++] = j;
          j++;
          if (!is(&t[j], ",")) break;
          j++;
        }
        for_in = is(&t[j], "in");
        in_for = 1;
        w->i = j;
        w->cur = TY_NONE;
        continue;
      }
      if (is(k, "do")) {
        int iter = w->cur;
        push_ctx(w, 'b', 0);
        if (in_for) {
          for (size_t v = 0; v < nfor; v++) {
            int type = TY_NONE;
            if (for_in && v == 0 && elem_of(iter)) type = elem_of(iter);
            if (for_in && v == 1 && iter > TY_PAIRS) type = iter - TY_PAIRS;
            declare(w, &t[forvars[v]], type);
          }
          in_for = 0;
        }
      } else if (is(k, "then") || is(k, "repeat")) {
        push_ctx(w, 'b', 0);
      } else if (is(k, "until")) {
        /* the condition still sees the body's locals: the scope stays open
         * (as 'u') until the enclosing block ends */
        w->cs[w->ncs - 1].kind = 'u';
      } else if (is(k, "elseif")) {
        pop_ctx(w, 'b');
      } else if (is(k, "else")) {
        pop_ctx(w, 'b');
        push_ctx(w, 'b', 0);
      } else if (is(k, "end")) {
        pop_ctx(w, 'b');
      }
      w->cur = TY_NONE;
      continue;
    }
    if (!suffix) w->cur = TY_NONE;
  }
  /* reads of globals nobody set */
  for (size_t r = 0; r < w->nreads; r++) {
    const tok *n = &w->reads[r];
    if (was_assigned(w, n)) continue;
    note_assigned(w, n); /* one warning per name: the first read */
    suggest sg = {0};
    consider_all(&sg, n->s, n->n, &w->api->globals);
    warn(w, n->line, "%sundefined global '%.*s'", n->s, n->n, "", sg.best);
  }
}

static int cmp_warning(const void *a, const void *b) {
  const warning *x = a, *y = b;
  if (x->line != y->line) return x->line < y->line ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Checks one script; returns 1 on a syntax or read error, else 0, and adds
 * its warnings to *nwarn. */
static int check_one(const api *a, const char *path, size_t *nwarn) {
  lua_State *L = luaL_newstate();
  if (!L) exit(1);
  buf code = BUF_INIT, err = BUF_INIT;
  int rc = script_load_file(L, path, &code, &err);
  lua_close(L);
  if (rc) {
    if (rc == SCRIPT_BAD_SYNTAX) printf("%s\n", err.s ? err.s : "out of memory");
    else fprintf(stderr, "glossa: %s\n", err.s ? err.s : "out of memory");
    buf_free(&err);
    return 1;
  }
  const char *body = code.s;
  size_t len = code.len;

  toks ts = {0};
  tokenize(body, len, &ts);
  walker w = {.api = a, .path = path, .t = ts.v};
  walk(&w, ts.n);
  if (w.nw) qsort(w.w, w.nw, sizeof *w.w, cmp_warning);
  for (size_t i = 0; i < w.nw; i++) {
    puts(w.w[i].text);
    free(w.w[i].text);
  }
  *nwarn += w.nw;
  for (size_t i = 0; i < w.assigned.n; i++) free(w.assigned.v[i]);
  free(w.assigned.v);
  free(w.w);
  free(w.reads);
  free(w.locals);
  free(w.cs);
  free(ts.v);
  buf_free(&code);
  return 0;
}

static const char check_usage[] =
    "Usage: glossa check [--strict] SCRIPT...\n"
    "\n"
    "Compiles each Lua script without running it and reports, on standard\n"
    "output in line order:\n"
    "  SCRIPT:LINE: message            a syntax error\n"
    "  SCRIPT:LINE: warning: ...       an assignment to an undeclared global, a\n"
    "                                  global read that nothing sets, or a method\n"
    "                                  or field the API does not have (with the\n"
    "                                  closest name that exists)\n"
    "\n"
    "      --strict   exit 1 on warnings too\n"
    "  -h, --help     show this help\n"
    "\n"
    "Exit status: 0 every script compiles (warnings or not), 1 a syntax error,\n"
    "an unreadable script, or a warning with --strict, 2 a usage error.\n";

int check_main(int argc, char **argv) {
  int strict = 0;
  static const struct option opts[] = {{"strict", no_argument, NULL, 's'},
                                       {"help", no_argument, NULL, 'h'},
                                       {NULL, 0, NULL, 0}};
  int c;
  optind = 1;
  opterr = 0;
  while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
    switch (c) {
    case 's': strict = 1; break;
    case 'h': fputs(check_usage, stdout); return 0;
    default:
      fprintf(stderr, "glossa: check: unknown option '%s'\nTry 'glossa check --help' for more information.\n",
              argv[optind - 1]);
      return 2;
    }
  }
  if (optind == argc) {
    fprintf(stderr, "glossa: check takes one or more SCRIPTs\nTry 'glossa check --help' for more information.\n");
    return 2;
  }
  api a = {0};
  if (api_load(&a)) {
    fprintf(stderr, "glossa: check: out of memory\n");
    return 1;
  }
  int errors = 0;
  size_t nwarn = 0;
  for (int i = optind; i < argc; i++) errors += check_one(&a, argv[i], &nwarn);
  api_free(&a);
  fflush(stdout);
  return errors || (strict && nwarn) ? 1 : 0;
}

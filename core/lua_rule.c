/* The glossa.Rule and glossa.RuleSet bindings (glossa.rule, glossa.rules)
 * and doc:match(rule). A Rule owns its definition (rule.h) and the set of
 * it alone; its user value 1 keeps the Regexes and Dicts it names alive. A
 * RuleSet owns its compiled set; its user value 1 is the list of its Rules,
 * whose definitions the set borrows. */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lattice.h"
#include "lua_api.h"
#include "lua_class.h"
#include "lua_lang.h"
#include "lua_mem.h"
#include "lua_rule.h"
#include "lua_spanlist.h"
#include "rule.h"
#include "rulematch.h"
#include "script.h"
#include "tokattr.h"

#define LRULE_MT "glossa.Rule"
#define LRULES_MT "glossa.RuleSet"
#define MAX_DEPTH 50 /* nesting of alt and seq */

typedef struct lrule {
  rule_def *def;
  rule_set *set; /* this rule alone */
  long long charged;
} lrule;

typedef struct lrules {
  rule_set *set;
  long long charged;
} lrules;

static const char *const elem_keys[] = {
    "text", "lower", "shape", "prefix", "suffix", "length", "re", "dict", "any", "not",
    "ann", "attrs", "alt", "seq", "op", "as", "is_alpha", "is_digit", "is_punct",
    "is_space", "is_upper", "is_lower", "is_title", "like_num", NULL};
static const lclass elem_class = {.name = "rule element", .field_names = elem_keys};
static const char *const rule_keys[] = {"name", "label", "note", "select", "priority",
                                        "across_sentences", NULL};
static const lclass rule_class_keys = {.name = "rule", .field_names = rule_keys};

typedef struct reader {
  lua_State *L;
  rule_def *def;
  int refs;      /* stack index of the table keeping Regexes and Dicts */
  long long *charged;
} reader;

static int oom(lua_State *L) { return luaL_error(L, "glossa.rule: out of memory"); }

/* "rule 'NAME': element 2.1: " */
static int fail(reader *rd, const char *path, const char *fmt, ...) {
  lua_State *L = rd->L;
  va_list ap;
  va_start(ap, fmt);
  lua_pushfstring(L, "glossa.rule: rule '%s': %s: ", rd->def->name, path);
  lua_pushvfstring(L, fmt, ap);
  va_end(ap);
  lua_concat(L, 2);
  return lua_error(L);
}

static void check_key(reader *rd, const char *path, const lclass *c, const char *const *keys,
                      const char *k) {
  for (const char *const *p = keys; *p; p++)
    if (!strcmp(*p, k)) return;
  const char *s = lclass_suggest(c, k);
  if (s) fail(rd, path, "unknown field '%s' (did you mean '%s'?)", k, s);
  fail(rd, path, "unknown field '%s'", k);
}

/* A string or a list of strings at idx, each appended to *v (folded when
 * fold). */
static void read_strings(reader *rd, const char *path, const char *key, int idx, char ***v,
                         size_t *n, int fold) {
  lua_State *L = rd->L;
  idx = lua_absindex(L, idx);
  int list = lua_type(L, idx) == LUA_TTABLE;
  if (!list && lua_type(L, idx) != LUA_TSTRING)
    fail(rd, path, "'%s' must be a string or a list of strings (got %s)", key, luaL_typename(L, idx));
  lua_Integer count = list ? (lua_Integer)lua_rawlen(L, idx) : 1;
  if (list && count == 0) fail(rd, path, "'%s' is an empty list", key);
  for (lua_Integer i = 1; i <= count; i++) {
    if (list && lua_rawgeti(L, idx, i) != LUA_TSTRING)
      fail(rd, path, "'%s'[%I] must be a string (got %s)", key, i, luaL_typename(L, -1));
    size_t len;
    const char *s = lua_tolstring(L, list ? -1 : idx, &len);
    int rc;
    if (fold) { /* folded into a buf, copied into the list, freed: nothing raises between */
      buf b = BUF_INIT;
      rc = tokattr_lower(&b, s, len) || rule_list_add(v, n, b.s ? b.s : "", b.len);
      buf_free(&b);
    } else {
      rc = rule_list_add(v, n, s, len);
    }
    if (rc) oom(L);
    if (list) lua_pop(L, 1);
  }
}

static char *read_string(reader *rd, const char *path, const char *key, int idx) {
  if (lua_type(rd->L, idx) != LUA_TSTRING)
    fail(rd, path, "'%s' must be a string (got %s)", key, luaL_typename(rd->L, idx));
  size_t len;
  const char *s = lua_tolstring(rd->L, idx, &len);
  char *c = rule_strdup(s, len);
  if (!c) oom(rd->L);
  return c;
}

static size_t read_count(reader *rd, const char *path, const char *key, int idx) {
  lua_State *L = rd->L;
  int isnum;
  lua_Integer k = lua_tointegerx(L, idx, &isnum);
  if (!isnum || k < 0) fail(rd, path, "'%s' needs whole numbers, 0 or more", key);
  return (size_t)k;
}

/* {m, n}, {m} or one number: the bounds, n being RULE_MANY for math.huge. */
static void read_bounds(reader *rd, const char *path, const char *key, int idx, size_t *lo,
                        size_t *hi) {
  lua_State *L = rd->L;
  idx = lua_absindex(L, idx);
  if (lua_type(L, idx) == LUA_TNUMBER) {
    *lo = *hi = read_count(rd, path, key, idx);
    return;
  }
  if (lua_type(L, idx) != LUA_TTABLE || lua_rawlen(L, idx) < 1 || lua_rawlen(L, idx) > 2)
    fail(rd, path, "'%s' must be a number or {min, max}", key);
  lua_rawgeti(L, idx, 1);
  *lo = read_count(rd, path, key, -1);
  if (lua_rawgeti(L, idx, 2) == LUA_TNIL) {
    *hi = *lo;
  } else if (lua_type(L, -1) == LUA_TNUMBER && lua_tonumber(L, -1) == HUGE_VAL) {
    *hi = RULE_MANY;
  } else {
    *hi = read_count(rd, path, key, -1);
  }
  lua_pop(L, 2);
  if (*hi < *lo) fail(rd, path, "'%s' = {%I, %I}: the maximum is below the minimum", key,
                      (lua_Integer)*lo, (lua_Integer)*hi);
}

static void keep_ref(reader *rd, int idx) {
  lua_pushvalue(rd->L, idx);
  lua_rawseti(rd->L, rd->refs, (lua_Integer)lua_rawlen(rd->L, rd->refs) + 1);
}

static const struct {
  const char *key;
  unsigned flag;
} flag_keys[] = {{"is_alpha", TOKATTR_ALPHA}, {"is_digit", TOKATTR_DIGIT}, {"is_punct", TOKATTR_PUNCT},
                 {"is_space", TOKATTR_SPACE}, {"is_upper", TOKATTR_UPPER}, {"is_lower", TOKATTR_LOWER},
                 {"is_title", TOKATTR_TITLE}, {"like_num", TOKATTR_LIKE_NUM}};

/* The token tests of the table at idx into t (other keys are the caller's);
 * returns how many tests it set. */
static int read_tests(reader *rd, const char *path, int idx, rule_test *t, int kind) {
  lua_State *L = rd->L;
  int n = 0;
  idx = lua_absindex(L, idx);
  if (lua_getfield(L, idx, "text") != LUA_TNIL) read_strings(rd, path, "text", -1, &t->text, &t->ntext, 0), n++;
  if (lua_getfield(L, idx, "lower") != LUA_TNIL) {
    read_strings(rd, path, "lower", -1, &t->lower, &t->nlower, 1);
    rule_test_sort(t);
    n++;
  }
  if (lua_getfield(L, idx, "shape") != LUA_TNIL) t->shape = read_string(rd, path, "shape", -1), n++;
  if (lua_getfield(L, idx, "prefix") != LUA_TNIL) t->prefix = read_string(rd, path, "prefix", -1), n++;
  if (lua_getfield(L, idx, "suffix") != LUA_TNIL) t->suffix = read_string(rd, path, "suffix", -1), n++;
  if (lua_getfield(L, idx, "length") != LUA_TNIL) read_bounds(rd, path, "length", -1, &t->len_min, &t->len_max), n++;
  lua_pop(L, 6);
  for (size_t i = 0; i < sizeof flag_keys / sizeof *flag_keys; i++) {
    int ty = lua_getfield(L, idx, flag_keys[i].key);
    if (ty != LUA_TNIL) {
      if (ty != LUA_TBOOLEAN) fail(rd, path, "'%s' must be true or false", flag_keys[i].key);
      t->flag_mask |= flag_keys[i].flag;
      if (lua_toboolean(L, -1)) t->flag_want |= flag_keys[i].flag;
      n++;
    }
    lua_pop(L, 1);
  }
  if (lua_getfield(L, idx, "re") != LUA_TNIL) {
    const char *pat, *flags = "";
    size_t len;
    if (lua_type(L, -1) == LUA_TSTRING) {
      pat = lua_tolstring(L, -1, &len);
    } else {
      regex *re = lregex_check(L, -1);
      pat = regex_pattern(re);
      len = strlen(pat);
      flags = regex_flags(re);
    }
    buf err = BUF_INIT; /* copied onto the stack before anything raises */
    t->re = regex_new_whole(pat, len, flags, &err);
    if (!t->re) {
      int bad = lmem_pushlstring(L, err.s ? err.s : "?", err.s ? err.len : 1);
      buf_free(&err);
      if (bad) oom(L);
      fail(rd, path, "bad regex '%s': %s", pat, lua_tostring(L, -1));
    }
    long long bytes = (long long)regex_memory(t->re);
    lmem_charge(L, bytes);
    *rd->charged += bytes;
    n++;
  }
  lua_pop(L, 1);
  if (lua_getfield(L, idx, "not") != LUA_TNIL) {
    if (!lua_istable(L, -1)) fail(rd, path, "'not' must be a table of token tests");
    t->not = calloc(1, sizeof *t->not);
    if (!t->not) oom(L);
    t->not->len_max = SIZE_MAX;
    lua_pushnil(L);
    while (lua_next(L, -2)) {
      lua_pop(L, 1);
      if (lua_type(L, -1) != LUA_TSTRING) fail(rd, path, "'not' takes token tests by name");
      const char *k = lua_tostring(L, -1);
      if (!strcmp(k, "ann") || !strcmp(k, "dict") || !strcmp(k, "alt") || !strcmp(k, "seq") ||
          !strcmp(k, "op") || !strcmp(k, "as") || !strcmp(k, "attrs") || !strcmp(k, "any"))
        fail(rd, path, "'not' takes token tests, not '%s'", k);
      check_key(rd, path, &elem_class, elem_keys, k);
    }
    if (!read_tests(rd, path, -1, t->not, kind)) fail(rd, path, "'not' has no test");
    n++;
  }
  lua_pop(L, 1);
  (void)kind;
  return n;
}

static void read_ann(reader *rd, const char *path, int idx, rule_test *t) {
  lua_State *L = rd->L;
  lua_getfield(L, idx, "ann");
  read_strings(rd, path, "ann", -1, &t->labels, &t->nlabels, 0);
  lua_pop(L, 1);
  if (lua_getfield(L, idx, "attrs") != LUA_TNIL) {
    if (!lua_istable(L, -1)) fail(rd, path, "'attrs' must be a table {key = value}");
    int at = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, at)) {
      if (lua_type(L, -2) != LUA_TSTRING) fail(rd, path, "'attrs' keys must be strings");
      int ty = lua_type(L, -1);
      if (ty != LUA_TSTRING && ty != LUA_TNUMBER && ty != LUA_TBOOLEAN)
        fail(rd, path, "'attrs.%s' must be a string, number or boolean", lua_tostring(L, -2));
      rule_attr *v = realloc(t->attrs, (t->nattrs + 1) * sizeof *v);
      if (!v) oom(L);
      t->attrs = v;
      rule_attr *a = &t->attrs[t->nattrs];
      memset(a, 0, sizeof *a);
      a->key = rule_strdup(lua_tostring(L, -2), lua_rawlen(L, -2));
      if (!a->key) oom(L);
      t->nattrs++;
      if (ty == LUA_TSTRING) {
        a->type = ATTR_STRING;
        if (!(a->s = rule_strdup(lua_tostring(L, -1), lua_rawlen(L, -1)))) oom(L);
      } else if (ty == LUA_TNUMBER) {
        a->type = ATTR_NUMBER;
        a->n = lua_tonumber(L, -1);
      } else {
        a->type = ATTR_BOOL;
        a->n = lua_toboolean(L, -1);
      }
      lua_pop(L, 1);
    }
  }
  lua_pop(L, 1);
}

static size_t read_elem(reader *rd, int idx, const char *path, int depth);

/* The children of an alt or seq list at idx. */
static void read_kids(reader *rd, size_t ni, int idx, const char *path, const char *key, int depth) {
  lua_State *L = rd->L;
  idx = lua_absindex(L, idx);
  if (!lua_istable(L, idx) || lua_rawlen(L, idx) == 0)
    fail(rd, path, "'%s' must be a list of elements", key);
  size_t mark = rule_def_mark(rd->def);
  lua_Integer n = (lua_Integer)lua_rawlen(L, idx);
  for (lua_Integer i = 1; i <= n; i++) {
    lua_rawgeti(L, idx, i);
    lua_pushfstring(L, "%s.%s[%I]", path, key, i);
    size_t kid = read_elem(rd, -2, lua_tostring(L, -1), depth + 1);
    if (rule_def_push(rd->def, kid)) oom(L);
    lua_pop(L, 2);
  }
  if (rule_def_close(rd->def, ni, mark)) oom(L);
}

/* The element table at idx: its node's index. */
static size_t read_elem(reader *rd, int idx, const char *path, int depth) {
  lua_State *L = rd->L;
  idx = lua_absindex(L, idx);
  if (!lua_istable(L, idx)) fail(rd, path, "an element must be a table (got %s)", luaL_typename(L, idx));
  if (depth > MAX_DEPTH) fail(rd, path, "nested deeper than %d", MAX_DEPTH);
  lua_pushnil(L);
  while (lua_next(L, idx)) {
    lua_pop(L, 1);
    if (lua_type(L, -1) != LUA_TSTRING)
      fail(rd, path, "an element's fields have names (a list belongs in 'seq' or 'alt')");
    check_key(rd, path, &elem_class, elem_keys, lua_tostring(L, -1));
  }
  int has_alt = lua_getfield(L, idx, "alt") != LUA_TNIL;
  int has_seq = lua_getfield(L, idx, "seq") != LUA_TNIL;
  int has_ann = lua_getfield(L, idx, "ann") != LUA_TNIL;
  int has_dict = lua_getfield(L, idx, "dict") != LUA_TNIL;
  int any = lua_getfield(L, idx, "any") != LUA_TNIL;
  if (any && !lua_toboolean(L, -1)) fail(rd, path, "'any' can only be true");
  int has_attrs = lua_getfield(L, idx, "attrs") != LUA_TNIL;
  lua_pop(L, 6);
  if (has_alt + has_seq + has_ann + has_dict > 1)
    fail(rd, path, "an element is one of alt, seq, ann and dict");
  if (has_attrs && !has_ann) fail(rd, path, "'attrs' tests an annotation's: it needs 'ann'");
  rule_kind k = has_alt ? RULE_ALT : has_seq ? RULE_SEQ : has_ann ? RULE_ANN : has_dict ? RULE_DICT
                                                                                : RULE_TOKEN;
  size_t ni = rule_def_node(rd->def, k);
  if (ni == SIZE_MAX) oom(L);
  if (k == RULE_ALT || k == RULE_SEQ) {
    static const char *const tests[] = {"text", "lower", "shape", "prefix", "suffix", "length",
                                        "re", "not", "any", "is_alpha", "is_digit", "is_punct",
                                        "is_space", "is_upper", "is_lower", "is_title", "like_num",
                                        NULL};
    for (const char *const *p = tests; *p; p++) {
      int has = lua_getfield(L, idx, *p) != LUA_TNIL;
      lua_pop(L, 1);
      if (has) fail(rd, path, "'%s' tests a token: put it in an element of the %s", *p,
                    k == RULE_ALT ? "alt" : "seq");
    }
    lua_getfield(L, idx, k == RULE_ALT ? "alt" : "seq");
    read_kids(rd, ni, -1, path, k == RULE_ALT ? "alt" : "seq", depth);
    lua_pop(L, 1);
  } else {
    rule_test *t = rd->def->nodes[ni].test;
    int n = read_tests(rd, path, idx, t, k);
    if (k == RULE_ANN) read_ann(rd, path, idx, t);
    if (k == RULE_DICT) {
      lua_getfield(L, idx, "dict");
      t->dict = ldict_check(L, -1);
      keep_ref(rd, -1);
      lua_pop(L, 1);
    }
    if (k == RULE_TOKEN && !n && !any)
      fail(rd, path, "the element has no test (any = true takes any token)");
  }
  if (lua_getfield(L, idx, "op") != LUA_TNIL) {
    size_t lo = 1, hi = 1;
    const char *op = lua_tostring(L, -1);
    if (lua_type(L, -1) == LUA_TSTRING && !strcmp(op, "?")) lo = 0, hi = 1;
    else if (lua_type(L, -1) == LUA_TSTRING && !strcmp(op, "*")) lo = 0, hi = RULE_MANY;
    else if (lua_type(L, -1) == LUA_TSTRING && !strcmp(op, "+")) lo = 1, hi = RULE_MANY;
    else if (lua_type(L, -1) == LUA_TTABLE) read_bounds(rd, path, "op", -1, &lo, &hi);
    else fail(rd, path, "'op' is \"?\", \"*\", \"+\" or {min, max}");
    rd->def->nodes[ni].min = lo;
    rd->def->nodes[ni].max = hi;
    if (hi == RULE_MANY && rule_def_nullable(rd->def, ni, 1))
      fail(rd, path, "'op' repeats without bound a %s that can take no token (each round must "
           "take one: make a part of it required, or bound the repetition with {min, max})",
           k == RULE_ALT ? "choice" : "sequence");
  }
  lua_pop(L, 1);
  if (lua_getfield(L, idx, "as") != LUA_TNIL) {
    if (lua_type(L, -1) != LUA_TSTRING || !lua_rawlen(L, -1))
      fail(rd, path, "'as' names a capture: a non-empty string");
    size_t c = rule_def_cap(rd->def, lua_tostring(L, -1));
    if (c == SIZE_MAX) oom(L);
    rd->def->nodes[ni].cap = c + 1;
  }
  lua_pop(L, 1);
  return ni;
}

static rule_select read_select(lua_State *L, int idx, const char *who) {
  const char *s = luaL_optstring(L, idx, "longest");
  if (!strcmp(s, "longest")) return RULE_SELECT_LONGEST;
  if (!strcmp(s, "all")) return RULE_SELECT_ALL;
  if (!strcmp(s, "first")) return RULE_SELECT_FIRST;
  return luaL_error(L, "%s: select is \"longest\", \"all\" or \"first\" (got '%s')", who, s), 0;
}

/* Compiles the set for defs and charges it; raises with buf's reason. */
static rule_set *compile(lua_State *L, rule_def *const *defs, size_t n, rule_select sel,
                         const char *who) {
  buf err = BUF_INIT;
  rule_set *s = rule_set_new(defs, n, sel, &err);
  if (!s) {
    int bad = lmem_pushlstring(L, err.s ? err.s : "?", err.s ? err.len : 1);
    buf_free(&err);
    if (bad) oom(L);
    luaL_error(L, "%s: %s", who, lua_tostring(L, -1));
  }
  return s;
}

static void charge_set(lua_State *L, const rule_set *s, long long *charged) {
  long long bytes = (long long)rule_set_memory(s);
  lmem_charge(L, bytes);
  *charged += bytes;
}

/* glossa.rule{elements..., name =, label =, note =, select =, priority =, across_sentences =} */
static int lrule_new(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 1);
  lrule *u = lua_newuserdatauv(L, sizeof *u, 1);
  memset(u, 0, sizeof *u);
  luaL_setmetatable(L, LRULE_MT); /* frees what it owns from here */
  int self = lua_gettop(L);
  lua_newtable(L);
  lua_pushvalue(L, -1);
  lua_setiuservalue(L, self, 1);
  int refs = lua_gettop(L);
  /* the name first, for the messages */
  lua_getfield(L, 1, "name");
  if (!lua_isnil(L, -1) && lua_type(L, -1) != LUA_TSTRING)
    return luaL_error(L, "glossa.rule: 'name' must be a string");
  if (lua_isnil(L, -1)) {
    lua_Debug ar;
    if (lua_getstack(L, 1, &ar) && lua_getinfo(L, "Sl", &ar) && ar.currentline > 0)
      lua_pushfstring(L, "%s:%d", ar.short_src, ar.currentline);
    else
      lua_pushliteral(L, "rule");
  }
  u->def = rule_def_new(lua_tostring(L, -1));
  if (!u->def) oom(L);
  lua_settop(L, refs);
  reader rd = {L, u->def, refs, &u->charged};
  lua_pushnil(L);
  while (lua_next(L, 1)) {
    lua_pop(L, 1);
    if (lua_type(L, -1) == LUA_TSTRING) check_key(&rd, "the rule", &rule_class_keys, rule_keys, lua_tostring(L, -1));
    else if (!lua_isinteger(L, -1)) fail(&rd, "the rule", "its elements are a list; other fields have names");
  }
  lua_Integer n = (lua_Integer)lua_rawlen(L, 1);
  if (n == 0) fail(&rd, "the rule", "no elements");
  size_t mark = rule_def_mark(u->def);
  for (lua_Integer i = 1; i <= n; i++) {
    lua_rawgeti(L, 1, i);
    lua_pushfstring(L, "element %I", i);
    size_t kid = read_elem(&rd, -2, lua_tostring(L, -1), 1);
    if (rule_def_push(u->def, kid)) oom(L);
    lua_pop(L, 2);
  }
  if (rule_def_close(u->def, 0, mark)) oom(L);
  if (lua_getfield(L, 1, "label") != LUA_TNIL) u->def->label = read_string(&rd, "the rule", "label", -1);
  if (lua_getfield(L, 1, "note") != LUA_TNIL) u->def->note = read_string(&rd, "the rule", "note", -1);
  lua_getfield(L, 1, "select");
  u->def->select = read_select(L, -1, "glossa.rule");
  if (lua_getfield(L, 1, "priority") != LUA_TNIL) {
    if (!lua_isinteger(L, -1)) fail(&rd, "the rule", "'priority' must be a whole number");
    u->def->priority = lua_tointeger(L, -1);
  }
  lua_getfield(L, 1, "across_sentences");
  u->def->across = lua_toboolean(L, -1);
  lua_settop(L, self);
  u->set = compile(L, &u->def, 1, u->def->select, "glossa.rule");
  charge_set(L, u->set, &u->charged);
  return 1;
}

static lrule *check_rule(lua_State *L, int idx) {
  lrule *u = luaL_checkudata(L, idx, LRULE_MT);
  if (!u->set) luaL_error(L, "the rule is freed");
  return u;
}

/* glossa.rules{rule or ruleset..., select =} */
static int lrules_new(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 1);
  lua_pushnil(L);
  while (lua_next(L, 1)) {
    lua_pop(L, 1);
    if (lua_type(L, -1) == LUA_TSTRING && strcmp(lua_tostring(L, -1), "select"))
      return luaL_error(L, "glossa.rules: unknown field '%s' (the rules are a list; select = ...)",
                        lua_tostring(L, -1));
  }
  lua_getfield(L, 1, "select");
  rule_select sel = read_select(L, -1, "glossa.rules");
  lua_pop(L, 1);
  lrules *u = lua_newuserdatauv(L, sizeof *u, 1);
  memset(u, 0, sizeof *u);
  luaL_setmetatable(L, LRULES_MT);
  int self = lua_gettop(L);
  lua_newtable(L); /* the Rules, flattened */
  int list = lua_gettop(L);
  lua_pushvalue(L, list);
  lua_setiuservalue(L, self, 1);
  lua_Integer n = (lua_Integer)lua_rawlen(L, 1), k = 0;
  for (lua_Integer i = 1; i <= n; i++) {
    lua_rawgeti(L, 1, i);
    if (luaL_testudata(L, -1, LRULES_MT)) {
      lua_getiuservalue(L, -1, 1);
      lua_Integer m = (lua_Integer)lua_rawlen(L, -1);
      for (lua_Integer j = 1; j <= m; j++) {
        lua_rawgeti(L, -1, j);
        lua_rawseti(L, list, ++k);
      }
      lua_pop(L, 2);
      continue;
    }
    if (!luaL_testudata(L, -1, LRULE_MT))
      return luaL_error(L, "glossa.rules: item %I is not a rule (got %s)", i, luaL_typename(L, -1));
    lua_rawseti(L, list, ++k);
  }
  if (k == 0) return luaL_error(L, "glossa.rules: no rules");
  rule_def **defs = lua_newuserdatauv(L, (size_t)k * sizeof *defs, 0); /* Lua's memory */
  for (lua_Integer i = 1; i <= k; i++) {
    lua_rawgeti(L, list, i);
    defs[i - 1] = check_rule(L, -1)->def;
    lua_pop(L, 1);
  }
  u->set = compile(L, defs, (size_t)k, sel, "glossa.rules");
  charge_set(L, u->set, &u->charged);
  lua_settop(L, self);
  return 1;
}

/* The set of the Rule or RuleSet at idx, or NULL when it is neither. */
static const rule_set *test_set(lua_State *L, int idx) {
  lrule *r = luaL_testudata(L, idx, LRULE_MT);
  if (r) return r->set;
  lrules *s = luaL_testudata(L, idx, LRULES_MT);
  return s ? s->set : NULL;
}

int lrule_is_rule(lua_State *L, int idx) { return test_set(L, idx) != NULL; }

typedef struct scan {
  lua_State *L;
  const atomic_int *stop;
  lspans *l;
  const rule_set *set;
  document *d;
  size_t from, to;
  llang_opts lo;
  /* while run() runs: */
  lattice lat;
  rulematch *m;
  const annot **anns; /* the annotations the set names, in output order */
  size_t *order;
  size_t nanns, next;
  size_t *caps;
  buf err;
} scan;

static int on_hit(void *ud, const rule_hit *h) {
  scan *sc = ud;
  size_t nc = rule_set_ncaps(sc->set), at;
  sc->caps[0] = h->rule;
  memcpy(sc->caps + 1, h->caps, 3 * nc * sizeof *h->caps);
  if (lspans_try_add_caps(sc->L, sc->l, sc->caps, 1 + 3 * nc, &at)) return LSPANS_FULL_CAPS;
  return lspans_try_add(sc->L, sc->l, h->start, h->end, at);
}

static int on_region(void *ud, size_t from, size_t to) {
  scan *sc = ud;
  if (script_stopped(sc->L)) return LSPANS_STOP;
  sentence_opts so = {llang_at(sc->d, from, sc->lo.lang), sc->lo.user};
  if (lattice_reset(&sc->lat, sc->d->view.s, from, to, &so, rule_set_needs_sentences(sc->set)))
    return -1;
  while (sc->next < sc->nanns && sc->anns[sc->next]->start < from) sc->next++;
  for (size_t i = sc->next; i < sc->nanns && sc->anns[i]->start < to; i++)
    if (lattice_add_ann(&sc->lat, sc->anns[i]->start, sc->anns[i]->end,
                        (size_t)(sc->anns[i] - sc->d->annots.v), sc->order[i]))
      return -1;
  for (size_t k = 0; k < rule_set_ndicts(sc->set); k++) {
    int rc = lattice_add_dict(&sc->lat, rule_set_dict(sc->set, k), (uint32_t)k, sc->d->view.len,
                              sc->stop);
    if (rc == DICT_STOPPED) return LSPANS_STOP;
    if (rc) return -1;
  }
  if (lattice_finish(&sc->lat)) return -1;
  int rc = rulematch_region(sc->m, sc->set, &sc->lat, &sc->d->annots, on_hit, sc, sc->stop, &sc->err);
  return rc == RULEMATCH_STOPPED ? LSPANS_STOP : rc;
}

/* One run over the range: everything it allocates is freed before it
 * returns (lspans_scan may run it again). */
static int run(void *ud) {
  scan *sc = ud;
  int rc = -1;
  lattice_init(&sc->lat);
  sc->m = rulematch_new();
  sc->caps = malloc((1 + 3 * rule_set_ncaps(sc->set)) * sizeof *sc->caps);
  sc->anns = NULL;
  sc->order = NULL;
  sc->nanns = sc->next = 0;
  if (!sc->m || !sc->caps) goto out;
  const annot_store *st = &sc->d->annots;
  if (st->n) {
    const annot **all = annot_sorted(st);
    sc->order = malloc(st->n * sizeof *sc->order);
    if (!all || !sc->order) {
      free(all);
      goto out;
    }
    for (size_t i = 0; i < st->n; i++) /* (annot_sorted's array ends at st->n or a NULL) */
      if (all[i] && rule_set_wants_label(sc->set, all[i]->label)) {
        sc->order[sc->nanns] = i;
        all[sc->nanns++] = all[i];
      }
    sc->anns = all;
  }
  rc = text_regions(&sc->d->view, sc->from, sc->to, 0, on_region, sc);
out:
  if (rc == -1 && !sc->err.len) buf_printf(&sc->err, "rules: out of memory");
  lattice_free(&sc->lat);
  rulematch_free(sc->m);
  free(sc->caps);
  free((void *)sc->anns);
  free(sc->order);
  return rc;
}

/* doc:match(rule [, {lang =, abbreviations =}]) and span:match(rule, ...) */
int lrule_match(lua_State *L) {
  const rule_set *set = test_set(L, 2);
  if (!set) return luaL_typeerror(L, 2, "glossa.Rule or glossa.RuleSet");
  if (lua_isnoneornil(L, 3)) lua_settop(L, 2);
  llang_opts lo;
  llang_options(L, 3, "match", &lo);
  size_t from, to;
  document *d = lspan_range(L, 1, &from, &to);
  int docidx = lua_gettop(L);
  scan sc;
  memset(&sc, 0, sizeof sc);
  sc.L = L;
  sc.stop = script_stop_flag(L);
  sc.set = set;
  sc.d = d;
  sc.from = from;
  sc.to = to;
  sc.lo = lo;
  sc.err = (buf)BUF_INIT;
  sc.l = lspans_new(L, docidx);
  sc.l->kind = LSPANS_RULE;
  sc.l->groups = rule_set_ncaps(set);
  lua_pushvalue(L, 2);
  lua_setiuservalue(L, -2, 2);
  lspans_set_matcher(L, "rule");
  if (lspans_scan(L, sc.l, run, &sc) < 0) {
    int bad = lmem_pushlstring(L, sc.err.s ? sc.err.s : "rules failed", sc.err.s ? sc.err.len : 12);
    size_t need = sc.err.len;
    buf_free(&sc.err);
    if (bad) return lmem_error(L, need);
    return lua_error(L);
  }
  buf_free(&sc.err);
  return 1;
}

/* The set behind a rule match list at listidx, and the Rule of item's match
 * pushed (nil when the list is no rule match list). */
static const rule_set *list_set(lua_State *L, int listidx) {
  lua_getiuservalue(L, listidx, 2);
  const rule_set *s = test_set(L, -1);
  lua_pop(L, 1);
  return s;
}

static size_t item_rule(const lspans *l, size_t item) { return l->caps[l->v[item - 1].extra]; }

void lrule_push_rule(lua_State *L, int listidx, const lspans *l, size_t item) {
  lua_getiuservalue(L, listidx, 2);
  if (luaL_testudata(L, -1, LRULES_MT)) {
    lua_getiuservalue(L, -1, 1);
    lua_rawgeti(L, -1, (lua_Integer)item_rule(l, item) + 1);
    lua_replace(L, -3);
    lua_pop(L, 1);
  }
}

const char *lrule_item_name(lua_State *L, int listidx, const lspans *l, size_t item) {
  const rule_set *s = list_set(L, listidx);
  return s ? rule_set_def(s, item_rule(l, item))->name : NULL;
}

int lrule_capture(lua_State *L, lspans *l, int listidx, int docidx, size_t item) {
  const rule_set *s = list_set(L, listidx);
  const char *name = luaL_checkstring(L, 2);
  size_t k = rule_set_cap_index(s, name);
  if (k == SIZE_MAX) {
    lua_pushfstring(L, "capture: the rule has no capture '%s'", name);
    if (rule_set_ncaps(s)) {
      lua_pushliteral(L, " (it has");
      for (size_t i = 0; i < rule_set_ncaps(s); i++)
        lua_pushfstring(L, " '%s'", rule_set_cap(s, i));
      lua_pushliteral(L, ")");
      lua_concat(L, (int)rule_set_ncaps(s) + 3);
    }
    return lua_error(L);
  }
  const size_t *c = l->caps + l->v[item - 1].extra + 1 + 3 * k;
  if (c[0] == SIZE_MAX) return lua_pushnil(L), 1;
  lspan_push(L, docidx, c[0], c[1], 0);
  lspan_set_annot(L, -1, c[2]);
  return 1;
}

void lrule_push_defaults(lua_State *L, int listidx, const lspans *l, size_t item, int docidx) {
  const rule_set *s = list_set(L, listidx);
  const rule_def *r = rule_set_def(s, item_rule(l, item));
  document *d = ldoc_check(L, docidx);
  if (r->label) lua_pushstring(L, r->label);
  else lua_pushnil(L);
  if (!r->note) {
    lua_pushnil(L);
    return;
  }
  /* {name} becomes the text of that capture ("" when it took no part) */
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  const char *p = r->note;
  while (*p) {
    const char *open = strchr(p, '{'), *close = open ? strchr(open, '}') : NULL;
    if (!close) {
      luaL_addstring(&b, p);
      break;
    }
    luaL_addlstring(&b, p, (size_t)(open - p));
    size_t k = SIZE_MAX;
    for (size_t i = 0; i < rule_set_ncaps(s); i++)
      if (strlen(rule_set_cap(s, i)) == (size_t)(close - open - 1) &&
          !memcmp(rule_set_cap(s, i), open + 1, (size_t)(close - open - 1)))
        k = i;
    if (k == SIZE_MAX) {
      luaL_addlstring(&b, open, (size_t)(close - open + 1));
    } else {
      const size_t *c = l->caps + l->v[item - 1].extra + 1 + 3 * k;
      if (c[0] != SIZE_MAX) luaL_addlstring(&b, d->view.s + c[0], c[1] - c[0]);
    }
    p = close + 1;
  }
  luaL_pushresult(&b);
}

static int lrule_gc(lua_State *L) {
  lrule *u = luaL_checkudata(L, 1, LRULE_MT);
  rule_set_free(u->set);
  rule_def_free(u->def);
  u->set = NULL;
  u->def = NULL;
  if (u->charged) script_charge(L, -u->charged);
  u->charged = 0;
  return 0;
}

static int lrules_gc(lua_State *L) {
  lrules *u = luaL_checkudata(L, 1, LRULES_MT);
  rule_set_free(u->set);
  u->set = NULL;
  if (u->charged) script_charge(L, -u->charged);
  u->charged = 0;
  return 0;
}

static const char *select_name(rule_select s) {
  return s == RULE_SELECT_ALL ? "all" : s == RULE_SELECT_FIRST ? "first" : "longest";
}

static int lrule_index(lua_State *L) {
  lrule *u = check_rule(L, 1);
  const char *k = luaL_checkstring(L, 2);
  const rule_def *r = u->def;
  if (!strcmp(k, "name")) lua_pushstring(L, r->name);
  else if (!strcmp(k, "label")) r->label ? (void)lua_pushstring(L, r->label) : lua_pushnil(L);
  else if (!strcmp(k, "note")) r->note ? (void)lua_pushstring(L, r->note) : lua_pushnil(L);
  else if (!strcmp(k, "priority")) lua_pushinteger(L, (lua_Integer)r->priority);
  else if (!strcmp(k, "select")) lua_pushstring(L, select_name(r->select));
  else if (!strcmp(k, "across_sentences")) lua_pushboolean(L, r->across);
  else if (!strcmp(k, "captures")) {
    lua_createtable(L, (int)r->ncaps, 0);
    for (size_t i = 0; i < r->ncaps; i++) {
      lua_pushstring(L, r->caps[i]);
      lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
  } else return 0;
  return 1;
}

static int lrule_tostring(lua_State *L) {
  lrule *u = luaL_checkudata(L, 1, LRULE_MT);
  lua_pushfstring(L, "Rule(%s)", u->def ? u->def->name : "freed");
  return 1;
}

static int lrules_index(lua_State *L) {
  lrules *u = luaL_checkudata(L, 1, LRULES_MT);
  if (!u->set) return luaL_error(L, "the rule set is freed");
  if (lua_type(L, 2) == LUA_TNUMBER) {
    lua_getiuservalue(L, 1, 1);
    lua_rawgeti(L, -1, lua_tointeger(L, 2));
    return 1;
  }
  const char *k = luaL_checkstring(L, 2);
  if (!strcmp(k, "select")) lua_pushstring(L, select_name(rule_set_select(u->set)));
  else return 0;
  return 1;
}

static int lrules_len(lua_State *L) {
  lrules *u = luaL_checkudata(L, 1, LRULES_MT);
  lua_pushinteger(L, u->set ? (lua_Integer)rule_set_count(u->set) : 0);
  return 1;
}

static int lrules_tostring(lua_State *L) {
  lrules *u = luaL_checkudata(L, 1, LRULES_MT);
  lua_pushfstring(L, "RuleSet(%d rules)", u->set ? (int)rule_set_count(u->set) : 0);
  return 1;
}

static const luaL_Reg lrule_meta[] = {{"__gc", lrule_gc}, {"__tostring", lrule_tostring}, {NULL, NULL}};
static const char *const lrule_fields[] = {"name", "label", "note", "priority", "select",
                                           "across_sentences", "captures", NULL};
static const lclass lrule_class = {.name = LRULE_MT, .meta = lrule_meta, .fields = lrule_index,
                                   .field_names = lrule_fields};
static const luaL_Reg lrules_meta[] = {
    {"__gc", lrules_gc}, {"__len", lrules_len}, {"__tostring", lrules_tostring}, {NULL, NULL}};
static const char *const lrules_fields[] = {"select", NULL};
static const lclass lrules_class = {.name = LRULES_MT, .meta = lrules_meta, .fields = lrules_index,
                                    .field_names = lrules_fields};

void lrule_open(lua_State *L) {
  lclass_define(L, &lrule_class);
  lclass_define(L, &lrules_class);
}

int lrule_new_rule(lua_State *L) { return lrule_new(L); }
int lrule_new_set(lua_State *L) { return lrules_new(L); }

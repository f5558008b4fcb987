/* Lua 5.4's pattern functions (reference manual §6.4.1), written again so
 * that the matcher polls a stop check: Lua's own runs inside one C call where
 * no hook fires, and a pattern like ("a*"):rep(20).."b" takes hours.
 *
 * Results and messages are Lua 5.4.4's for every input, errors included, so
 * the matcher keeps Lua's observable shape: a pattern is read as it is
 * matched (a malformed item raises only when the match reaches it), and the
 * nesting that "pattern too complex" bounds (MAXDEPTH) grows at the same
 * points: a capture's continuation, a '?' taken, each try of a '*', '+' or
 * '-'. The shortcuts below (skipping start positions, and tries of a
 * repetition's continuation, that cannot match a leading literal) only skip
 * calls that would fail with no side effect.
 *
 * Everything lives on the C stack or in Lua values (luaL_Buffer, the gmatch
 * state as a userdata), so the check, a replacement function or a __index
 * may raise at any point without leaking. */
#define _GNU_SOURCE /* memmem */
#include "luapat.h"

#include <ctype.h>
#include <lauxlib.h>
#include <stddef.h>
#include <string.h>

#define ESC '%'
#define SPECIALS "^$*+?.([%-"
#define MAXCAPS 32       /* LUA_MAXCAPTURES */
#define MAXDEPTH 200     /* MAXCCALLS in lstrlib.c */
#define POLL_STEPS 65536 /* steps between two calls of the check */

#define CAP_OPEN (-1) /* a capture whose ')' is not matched yet */
#define CAP_POS (-2)  /* a position capture, () */

typedef struct matcher {
  const char *s0, *s_end; /* the subject */
  const char *p_end;      /* the end of the pattern */
  lua_State *L;
  luapat_check check;
  long left;              /* steps until the next check */
  int depth;              /* nested continuations still allowed */
  int ncap;               /* captures open or closed */
  struct {
    const char *at;
    ptrdiff_t len; /* or CAP_OPEN, CAP_POS */
  } cap[MAXCAPS];
} matcher;

/* The check's holder: upvalue 1 of every function here. */
typedef struct hook {
  luapat_check fn;
} hook;

static void refill(matcher *m) {
  m->left = POLL_STEPS;
  if (m->check) m->check(m->L);
}

#define SPEND(m, n)                              \
  do {                                           \
    if (((m)->left -= (long)(n)) <= 0) refill(m); \
  } while (0)

static void m_init(matcher *m, lua_State *L, luapat_check check, const char *s,
                   size_t ls, const char *p, size_t lp) {
  m->s0 = s;
  m->s_end = s + ls;
  m->p_end = p + lp;
  m->L = L;
  m->check = check;
  m->left = POLL_STEPS;
  m->depth = MAXDEPTH;
  m->ncap = 0;
}

/* ---- single-character classes ------------------------------------------- */

/* Whether c is in class %cl (%a, %d, ...; upper case is the complement; %z,
 * deprecated, is the byte 0; any other cl stands for itself). The tests are
 * ctype's, as Lua's, in the current locale; cl | 0x20 is cl's lower case for
 * exactly the two cases of each class letter, without a call to tolower. */
static int class_has(int c, int cl) {
  int in;
  switch (cl | 0x20) {
  case 'a': in = isalpha(c); break;
  case 'c': in = iscntrl(c); break;
  case 'd': in = isdigit(c); break;
  case 'g': in = isgraph(c); break;
  case 'l': in = islower(c); break;
  case 'p': in = ispunct(c); break;
  case 's': in = isspace(c); break;
  case 'u': in = isupper(c); break;
  case 'w': in = isalnum(c); break;
  case 'x': in = isxdigit(c); break;
  case 'z': in = c == 0; break;
  default: return cl == c;
  }
  return (cl & 0x20) ? in : !in;
}

/* Whether c is in the set [..] from p (its '[') to close (its ']'). The
 * first member may be ']'; "x-y" is a range unless y would be the closing
 * bracket; "%x" is a class or the character x. */
static int set_has(int c, const char *p, const char *close) {
  int want = 1;
  if (p[1] == '^') {
    want = 0;
    p++;
  }
  for (p++; p < close; p++) {
    if (*p == ESC) {
      p++;
      if (class_has(c, (unsigned char)*p)) return want;
    } else if (p[1] == '-' && p + 2 < close) {
      if ((unsigned char)p[0] <= c && c <= (unsigned char)p[2]) return want;
      p += 2;
    } else if ((unsigned char)*p == c) {
      return want;
    }
  }
  return !want;
}

/* The end of the single-character class at p (p < p_end): past the "%x" or
 * the set's ']'. */
static const char *item_end(matcher *m, const char *p) {
  if (*p == ESC) {
    if (p + 1 == m->p_end) luaL_error(m->L, "malformed pattern (ends with '%%')");
    return p + 2;
  }
  if (*p++ != '[') return p;
  if (p < m->p_end && *p == '^') p++;
  do { /* the first member is taken whatever it is, even ']' */
    if (p == m->p_end) luaL_error(m->L, "malformed pattern (missing ']')");
    if (*p++ == ESC && p < m->p_end) p++;
  } while (p == m->p_end || *p != ']');
  return p + 1;
}

/* Whether the subject byte at s (none at the end) is in class [p, ep). */
static int single(const matcher *m, const char *s, const char *p, const char *ep) {
  if (s >= m->s_end) return 0;
  int c = (unsigned char)*s;
  switch (*p) {
  case '.': return 1;
  case ESC: return class_has(c, (unsigned char)p[1]);
  case '[': return set_has(c, p, ep - 1);
  default: return (unsigned char)*p == c;
  }
}

/* The byte the item at p must match first, if it is a plain character with
 * no quantifier that allows zero times or a %bxy, else -1: a try at a position
 * holding another byte fails at once, with no side effect. */
static int literal_at(const matcher *m, const char *p) {
  if (p >= m->p_end) return -1;
  switch (*p) {
  case ESC: /* %bxy must start with x */
    return p[1] == 'b' && m->p_end - p >= 4 ? (unsigned char)p[2] : -1;
  case '(': case ')': case '[': case '.': return -1;
  case '$': if (p + 1 == m->p_end) return -1; break;
  default: break;
  }
  if (p + 1 < m->p_end && (p[1] == '*' || p[1] == '?' || p[1] == '-')) return -1;
  return (unsigned char)*p;
}

/* ---- the matcher --------------------------------------------------------- */

static const char *match(matcher *m, const char *s, const char *p);

/* Whether a try of the continuation at p (whose leading literal is lit, or
 * -1) from s could succeed or raise; when not, match(m, s, p) would return
 * NULL having done nothing. */
static int worth(const matcher *m, const char *s, int lit) {
  return lit < 0 || m->depth == 0 || (s < m->s_end && (unsigned char)*s == lit);
}

/* The class [p, ep) repeated as often as possible from s, then fewer. */
static const char *more(matcher *m, const char *s, const char *p, const char *ep) {
  ptrdiff_t n = 0, avail = m->s_end - s;
  if (*p == '.') {
    n = avail;
  } else if (*p == '[') { /* a set's test is as long as the set */
    while (single(m, s + n, p, ep)) {
      n++;
      SPEND(m, ep - p);
    }
  } else if (*p == ESC) {
    int cl = (unsigned char)p[1];
    while (n < avail && class_has((unsigned char)s[n], cl)) n++;
  } else {
    while (n < avail && s[n] == *p) n++;
  }
  SPEND(m, n);
  int lit = literal_at(m, ep + 1);
  for (; n >= 0; n--) {
    if (!worth(m, s + n, lit)) continue;
    const char *r = match(m, s + n, ep + 1);
    if (r) return r;
  }
  return NULL;
}

/* The class [p, ep) repeated as few times as possible from s. */
static const char *fewer(matcher *m, const char *s, const char *p, const char *ep) {
  int lit = literal_at(m, ep + 1);
  long cost = *p == '[' ? (long)(ep - p) : 1; /* a set's test is as long as the set */
  for (;;) {
    if (worth(m, s, lit)) {
      const char *r = match(m, s, ep + 1);
      if (r) return r;
    }
    SPEND(m, cost);
    if (!single(m, s, p, ep)) return NULL;
    s++;
  }
}

/* %bxy at s, with p at x: past the y that balances the x at s, or NULL. */
static const char *balanced(matcher *m, const char *s, const char *p) {
  if (m->p_end - p < 2)
    luaL_error(m->L, "malformed pattern (missing arguments to '%%b')");
  if (s >= m->s_end || *s != *p) return NULL;
  char open = p[0], close = p[1];
  int level = 1;
  const char *q = s + 1;
  for (; q < m->s_end; q++) {
    if (*q == close) {
      if (--level == 0) break;
    } else if (*q == open) {
      level++;
    }
  }
  SPEND(m, q - s); /* one scan is linear; the steps bound how many there are */
  return q < m->s_end ? q + 1 : NULL;
}

/* %1-%9 (digit d) at s: past the repeated text, or NULL. A position capture
 * never matches (its length reads as huge). */
static const char *backref(matcher *m, const char *s, int d) {
  int i = d - '1';
  if (i < 0 || i >= m->ncap || m->cap[i].len == CAP_OPEN)
    luaL_error(m->L, "invalid capture index %%%d", i + 1);
  size_t len = (size_t)m->cap[i].len;
  if ((size_t)(m->s_end - s) < len) return NULL;
  SPEND(m, len);
  return memcmp(m->cap[i].at, s, len) == 0 ? s + len : NULL;
}

/* A capture opens at s; p follows its '('. */
static const char *open_capture(matcher *m, const char *s, const char *p) {
  ptrdiff_t what = CAP_OPEN;
  if (p < m->p_end && *p == ')') {
    what = CAP_POS;
    p++;
  }
  if (m->ncap >= MAXCAPS) luaL_error(m->L, "too many captures");
  m->cap[m->ncap].at = s;
  m->cap[m->ncap].len = what;
  m->ncap++;
  const char *r = match(m, s, p);
  if (!r) m->ncap--;
  return r;
}

/* The innermost open capture closes at s; p follows its ')'. */
static const char *close_capture(matcher *m, const char *s, const char *p) {
  int i = m->ncap;
  while (--i >= 0 && m->cap[i].len != CAP_OPEN) {}
  if (i < 0) luaL_error(m->L, "invalid pattern capture");
  m->cap[i].len = s - m->cap[i].at;
  const char *r = match(m, s, p);
  if (!r) m->cap[i].len = CAP_OPEN;
  return r;
}

/* Matches the pattern from p against the subject from s: the end of the
 * match, or NULL. Items that need no undoing loop here; the others recurse,
 * each level counted against MAXDEPTH. */
static const char *match(matcher *m, const char *s, const char *p) {
  if (m->depth-- == 0) luaL_error(m->L, "pattern too complex");
  while (p < m->p_end) {
    SPEND(m, 1);
    switch (*p) {
    case '(':
      s = open_capture(m, s, p + 1);
      goto out;
    case ')':
      s = close_capture(m, s, p + 1);
      goto out;
    case '$':
      if (p + 1 < m->p_end) break; /* not last: a plain '$' */
      if (s != m->s_end) s = NULL;
      goto out;
    case ESC:
      if (p + 1 == m->p_end) break; /* item_end reports it */
      switch (p[1]) {
      case 'b':
        s = balanced(m, s, p + 2);
        if (!s) goto out;
        p += 4;
        continue;
      case 'f': {
        p += 2;
        if (p == m->p_end || *p != '[')
          luaL_error(m->L, "missing '[' after '%%f' in pattern");
        const char *ep = item_end(m, p);
        SPEND(m, 2 * (ep - p));
        int before = s == m->s0 ? 0 : (unsigned char)s[-1];
        int here = s < m->s_end ? (unsigned char)*s : 0;
        if (set_has(before, p, ep - 1) || !set_has(here, p, ep - 1)) {
          s = NULL;
          goto out;
        }
        p = ep;
        continue;
      }
      case '0': case '1': case '2': case '3': case '4':
      case '5': case '6': case '7': case '8': case '9':
        s = backref(m, s, (unsigned char)p[1]);
        if (!s) goto out;
        p += 2;
        continue;
      default:
        break;
      }
      break;
    default:
      break;
    }
    /* A single-character class and its quantifier, if any. */
    const char *ep = item_end(m, p);
    if (*p == '[') SPEND(m, ep - p);
    int q = ep < m->p_end ? *ep : 0;
    if (!single(m, s, p, ep)) {
      if (q == '*' || q == '?' || q == '-') { /* zero times will do */
        p = ep + 1;
        continue;
      }
      s = NULL;
      goto out;
    }
    switch (q) {
    case '?': {
      const char *r = match(m, s + 1, ep + 1);
      if (r) {
        s = r;
        goto out;
      }
      p = ep + 1;
      continue;
    }
    case '+':
      s = more(m, s + 1, p, ep);
      goto out;
    case '*':
      s = more(m, s, p, ep);
      goto out;
    case '-':
      s = fewer(m, s, p, ep);
      goto out;
    default:
      s++;
      p = ep;
      continue;
    }
  }
out:
  m->depth++;
  return s;
}

/* ---- captures ------------------------------------------------------------ */

/* Capture i of the match [s, e) (capture 0 is the whole match when there are
 * none): its text in *at and its length, or CAP_POS having pushed the
 * position. */
static ptrdiff_t cap_get(matcher *m, int i, const char *s, const char *e,
                         const char **at) {
  if (i >= m->ncap) {
    if (i != 0) luaL_error(m->L, "invalid capture index %%%d", i + 1);
    *at = s;
    return e - s;
  }
  ptrdiff_t len = m->cap[i].len;
  *at = m->cap[i].at;
  if (len == CAP_OPEN) luaL_error(m->L, "unfinished capture");
  if (len == CAP_POS) lua_pushinteger(m->L, (m->cap[i].at - m->s0) + 1);
  return len;
}

static void push_cap(matcher *m, int i, const char *s, const char *e) {
  const char *at;
  ptrdiff_t len = cap_get(m, i, s, e, &at);
  if (len != CAP_POS) lua_pushlstring(m->L, at, (size_t)len);
}

/* Pushes the captures (or, with none and s set, the whole match [s, e));
 * returns how many. */
static int push_caps(matcher *m, const char *s, const char *e) {
  int n = (m->ncap == 0 && s) ? 1 : m->ncap;
  luaL_checkstack(m->L, n, "too many captures");
  for (int i = 0; i < n; i++) push_cap(m, i, s, e);
  return n;
}

/* ---- the library functions ---------------------------------------------- */

static luapat_check check_of(lua_State *L) {
  hook *h = lua_touserdata(L, lua_upvalueindex(1));
  return h ? h->fn : NULL;
}

/* string.find's and string.sub's reading of an initial position: 1-based,
 * negative from the end, clipped below at 1. */
static size_t start_pos(lua_Integer pos, size_t len) {
  if (pos > 0) return (size_t)pos;
  if (pos == 0 || pos < -(lua_Integer)len) return 1;
  return len + (size_t)pos + 1;
}

static int has_specials(const char *p, size_t lp) {
  for (size_t i = 0; i < lp; i++)
    if (p[i] && strchr(SPECIALS, p[i])) return 1;
  return 0;
}

/* The first position from s where a match could begin (the pattern at p
 * starting with literal lit, or -1), or NULL if there is none. */
static const char *next_start(const matcher *m, const char *s, int lit) {
  if (lit < 0) return s;
  return memchr(s, lit, (size_t)(m->s_end - s));
}

static int find_or_match(lua_State *L, int find) {
  size_t ls, lp;
  const char *s = luaL_checklstring(L, 1, &ls);
  const char *p = luaL_checklstring(L, 2, &lp);
  size_t init = start_pos(luaL_optinteger(L, 3, 1), ls) - 1;
  if (init > ls) {
    luaL_pushfail(L);
    return 1;
  }
  if (find && (lua_toboolean(L, 4) || !has_specials(p, lp))) {
    /* memmem is linear (two-way), so a plain find needs no polling. */
    const char *at = lp == 0 ? s + init : memmem(s + init, ls - init, p, lp);
    if (at) {
      lua_pushinteger(L, (at - s) + 1);
      lua_pushinteger(L, (at - s) + (lua_Integer)lp);
      return 2;
    }
    luaL_pushfail(L);
    return 1;
  }
  int anchor = lp > 0 && *p == '^';
  if (anchor) p++, lp--;
  matcher m;
  m_init(&m, L, check_of(L), s, ls, p, lp);
  int lit = anchor ? -1 : literal_at(&m, p);
  for (const char *at = s + init; (at = next_start(&m, at, lit)) != NULL; at++) {
    m.ncap = 0;
    const char *e = match(&m, at, p);
    if (e) {
      if (!find) return push_caps(&m, at, e);
      lua_pushinteger(L, (at - s) + 1);
      lua_pushinteger(L, e - s);
      return push_caps(&m, NULL, NULL) + 2;
    }
    if (anchor || at == m.s_end) break;
  }
  luaL_pushfail(L);
  return 1;
}

static int pat_find(lua_State *L) { return find_or_match(L, 1); }
static int pat_match(lua_State *L) { return find_or_match(L, 0); }

/* gmatch's iterator state, a userdata beside the subject and pattern. */
typedef struct gmatch_state {
  matcher m;
  const char *src;  /* where the next search starts; NULL: past the end */
  const char *p;    /* the pattern */
  const char *last; /* the end of the last match: no empty match there */
  int lit;
} gmatch_state;

static int gmatch_next(lua_State *L) {
  gmatch_state *g = lua_touserdata(L, lua_upvalueindex(3));
  matcher *m = &g->m;
  m->L = L; /* the iterator may run in another coroutine */
  m->depth = MAXDEPTH; /* an error may have left a match half unwound */
  if (!g->src) return 0; /* init was past the end */
  for (const char *at = g->src; (at = next_start(m, at, g->lit)) != NULL; at++) {
    m->ncap = 0;
    const char *e = match(m, at, g->p);
    if (e && e != g->last) {
      g->src = g->last = e;
      return push_caps(m, at, e);
    }
    if (at == m->s_end) break;
  }
  return 0;
}

static int pat_gmatch(lua_State *L) {
  size_t ls, lp;
  const char *s = luaL_checklstring(L, 1, &ls);
  const char *p = luaL_checklstring(L, 2, &lp);
  size_t init = start_pos(luaL_optinteger(L, 3, 1), ls) - 1;
  luapat_check check = check_of(L);
  lua_settop(L, 2); /* the closure keeps the strings alive */
  gmatch_state *g = lua_newuserdatauv(L, sizeof *g, 0);
  m_init(&g->m, L, check, s, ls, p, lp);
  g->src = init > ls ? NULL : s + init;
  g->p = p;
  g->last = NULL;
  g->lit = literal_at(&g->m, p);
  lua_pushcclosure(L, gmatch_next, 3);
  return 1;
}

/* Appends the replacement string (argument 3) for the match [s, e). */
static void add_string(matcher *m, luaL_Buffer *b, const char *s, const char *e) {
  size_t l;
  const char *r = lua_tolstring(m->L, 3, &l);
  const char *esc;
  while ((esc = memchr(r, ESC, l)) != NULL) {
    SPEND(m, 1);
    luaL_addlstring(b, r, (size_t)(esc - r));
    esc++; /* the character after '%' (the string's terminator at worst) */
    if (*esc == ESC) {
      luaL_addchar(b, ESC);
    } else if (*esc == '0') {
      luaL_addlstring(b, s, (size_t)(e - s));
    } else if (isdigit((unsigned char)*esc)) {
      const char *at;
      ptrdiff_t len = cap_get(m, *esc - '1', s, e, &at);
      if (len == CAP_POS)
        luaL_addvalue(b);
      else
        luaL_addlstring(b, at, (size_t)len);
    } else {
      luaL_error(m->L, "invalid use of '%c' in replacement string", ESC);
    }
    l -= (size_t)(esc + 1 - r);
    r = esc + 1;
  }
  luaL_addlstring(b, r, l);
}

/* Appends the replacement for the match [s, e) by the kind tr of argument 3;
 * returns whether it changed anything (false and nil keep the match). */
static int add_value(matcher *m, luaL_Buffer *b, const char *s, const char *e, int tr) {
  lua_State *L = m->L;
  if (tr == LUA_TFUNCTION) {
    lua_pushvalue(L, 3);
    int n = push_caps(m, s, e);
    lua_call(L, n, 1);
  } else if (tr == LUA_TTABLE) {
    push_cap(m, 0, s, e);
    lua_gettable(L, 3);
  } else {
    add_string(m, b, s, e);
    return 1;
  }
  if (!lua_toboolean(L, -1)) {
    lua_pop(L, 1);
    luaL_addlstring(b, s, (size_t)(e - s));
    return 0;
  }
  if (!lua_isstring(L, -1))
    return luaL_error(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
  luaL_addvalue(b);
  return 1;
}

static int pat_gsub(lua_State *L) {
  size_t ls, lp;
  const char *src = luaL_checklstring(L, 1, &ls);
  const char *p = luaL_checklstring(L, 2, &lp);
  int tr = lua_type(L, 3);
  lua_Integer max = luaL_optinteger(L, 4, (lua_Integer)ls + 1);
  luaL_argexpected(L, tr == LUA_TNUMBER || tr == LUA_TSTRING || tr == LUA_TFUNCTION ||
                          tr == LUA_TTABLE,
                   3, "string/function/table");
  luapat_check check = check_of(L);
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  int anchor = lp > 0 && *p == '^';
  if (anchor) p++, lp--;
  matcher m;
  m_init(&m, L, check, src, ls, p, lp);
  int lit = anchor ? -1 : literal_at(&m, p);
  const char *last = NULL;
  lua_Integer n = 0;
  int changed = 0;
  while (n < max) {
    if (lit >= 0) { /* positions that cannot start a match are copied */
      const char *at = next_start(&m, src, lit);
      if (!at) break; /* none in the rest, which is copied below */
      luaL_addlstring(&b, src, (size_t)(at - src));
      src = at;
    }
    m.ncap = 0;
    const char *e = match(&m, src, p);
    if (e && e != last) {
      n++;
      changed |= add_value(&m, &b, src, e, tr);
      src = last = e;
    } else if (src < m.s_end) {
      luaL_addchar(&b, *src++);
    } else {
      break;
    }
    if (anchor) break;
  }
  if (!changed) {
    lua_pushvalue(L, 1);
  } else {
    luaL_addlstring(&b, src, (size_t)(m.s_end - src));
    luaL_pushresult(&b);
  }
  lua_pushinteger(L, n);
  return 2;
}

/* ---- registration -------------------------------------------------------- */

static void push_hook(lua_State *L, luapat_check check) {
  hook *h = lua_newuserdatauv(L, sizeof *h, 0);
  h->fn = check;
}

void luapat_register(lua_State *L, int t, luapat_check check) {
  static const struct {
    const char *name;
    lua_CFunction fn;
  } fns[] = {{"find", pat_find}, {"match", pat_match}, {"gmatch", pat_gmatch},
             {"gsub", pat_gsub}};
  t = lua_absindex(L, t);
  push_hook(L, check);
  for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
    lua_pushvalue(L, -1);
    lua_pushcclosure(L, fns[i].fn, 1);
    lua_setfield(L, t, fns[i].name);
  }
  lua_pop(L, 1);
}

void luapat_push_find(lua_State *L, luapat_check check) {
  push_hook(L, check);
  lua_pushcclosure(L, pat_find, 1);
}

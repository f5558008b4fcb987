/* Languages in scripts: glossa.abbreviations (the script's own list, used by
 * every split it makes), the {lang =, abbreviations =} options of
 * :sentences{} and :tokens{}, and which language a block is in. Lists are
 * glossa.Abbreviations userdata that own their entries (freed by __gc). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "datafile.h"
#include "doc_lang.h"
#include "lua_api.h"
#include "lua_class.h"
#include "lua_mem.h"
#include "lua_lang.h"
#include "script.h"

#define LABBR_MT "glossa.Abbreviations"
/* registry: the script's own list (a glossa.Abbreviations) */
#define SCRIPT_KEY "glossa.abbreviations"
/* an abbreviation file larger than this is refused (the lists are small) */
#define FILE_MAX (4u << 20)

typedef struct labbr {
  lang_abbrs a;
  long long charged; /* bytes charged to the script's memory (script_charge) */
} labbr;

static int labbr_gc(lua_State *L) {
  labbr *u = luaL_checkudata(L, 1, LABBR_MT);
  lang_user_free(&u->a);
  if (u->charged) script_charge(L, -u->charged);
  u->charged = 0;
  return 0;
}

static int labbr_len(lua_State *L) {
  labbr *u = luaL_checkudata(L, 1, LABBR_MT);
  lua_pushinteger(L, (lua_Integer)(u->a.none + u->a.nmulti));
  return 1;
}

static const luaL_Reg labbr_meta[] = {{"__gc", labbr_gc}, {"__len", labbr_len}, {NULL, NULL}};
static const lclass labbr_class = {.name = LABBR_MT, .meta = labbr_meta};

void llang_open(lua_State *L) { lclass_define(L, &labbr_class); }

static labbr *push_list(lua_State *L) {
  labbr *u = lua_newuserdatauv(L, sizeof *u, 0);
  memset(u, 0, sizeof *u);
  luaL_setmetatable(L, LABBR_MT);
  return u;
}

/* Charges what u holds now beyond what it was charged for. */
static void charge(lua_State *L, labbr *u) {
  long long bytes = (long long)((u->a.none + u->a.nmulti) * (sizeof(lang_abbr) + 16));
  for (size_t i = 0; i < u->a.none; i++) bytes += (long long)u->a.one[i].n;
  for (size_t i = 0; i < u->a.nmulti; i++) bytes += (long long)u->a.multi[i].n;
  if (bytes > u->charged) {
    lmem_charge(L, bytes - u->charged);
    u->charged = bytes;
  }
}

static void add(lua_State *L, labbr *u, const char *who, const char *s, size_t n, lang_class c) {
  if (n == 0 || s[n - 1] != '.')
    luaL_error(L, "%s: '%s' is no abbreviation: write it with its final period", who, s);
  if (lang_user_add(&u->a, s, n, c)) luaL_error(L, "%s: out of memory", who);
}

/* The entries of the table at idx into u: array items are inner ones; a
 * key with a string value names its class ({["Corp."] = "final"}). */
static void add_table(lua_State *L, labbr *u, int idx, const char *who) {
  idx = lua_absindex(L, idx);
  lua_pushnil(L);
  while (lua_next(L, idx)) {
    size_t n;
    const char *s;
    lang_class c = LANG_INNER;
    if (lua_type(L, -2) == LUA_TNUMBER) {
      if (lua_type(L, -1) != LUA_TSTRING)
        luaL_error(L, "%s: entry %I must be a string (got %s)", who, lua_tointeger(L, -2),
                   luaL_typename(L, -1));
      s = lua_tolstring(L, -1, &n);
    } else if (lua_type(L, -2) == LUA_TSTRING) {
      s = lua_tolstring(L, -2, &n);
      size_t cn;
      const char *cs = lua_type(L, -1) == LUA_TSTRING ? lua_tolstring(L, -1, &cn) : NULL;
      if (!cs || !(c = lang_class_parse(cs, cn)))
        luaL_error(L, "%s: the class of '%s' must be \"title\", \"inner\", \"final\", \"attr\" or "
                      "\"number\"", who, s);
    } else {
      luaL_error(L, "%s: keys must be abbreviations or array positions", who);
      return;
    }
    add(L, u, who, s, n, c);
    lua_pop(L, 1);
  }
  lang_user_sort(&u->a);
}

/* The abbreviation file at path (data/lang/README.md's format) into u. */
static void add_file(lua_State *L, labbr *u, const char *path, const char *who) {
  struct stat st;
  const char *why = NULL;
  int fd = datafile_open(path, &st, &why);
  if (fd == -2) luaL_error(L, "%s: %s: %s", who, path, why);
  if (fd < 0) luaL_error(L, "%s: %s: %s", who, path, strerror(errno));
  if ((unsigned long long)st.st_size > FILE_MAX) {
    close(fd);
    luaL_error(L, "%s: %s: larger than %d MB: abbreviation lists are small", who, path,
               (int)(FILE_MAX >> 20));
  }
  /* the bytes in a Lua buffer, so that an error frees them */
  luaL_Buffer b;
  char *p = luaL_buffinitsize(L, &b, (size_t)st.st_size + 1);
  size_t got = 0;
  ssize_t r;
  while (got < (size_t)st.st_size && (r = read(fd, p + got, (size_t)st.st_size - got)) > 0)
    got += (size_t)r;
  int e = errno;
  close(fd);
  if (got < (size_t)st.st_size) luaL_error(L, "%s: %s: %s", who, path, strerror(e));
  luaL_pushresultsize(&b, got);
  buf err = BUF_INIT;
  int rc = lang_user_parse(&u->a, path, lua_tostring(L, -1), got, &err);
  lua_pop(L, 1);
  if (rc) { /* the message copied into Lua first (without raising), then freed */
    size_t need = err.len;
    int oom = lmem_pushlstring(L, err.s ? err.s : "out of memory", err.s ? err.len : 13);
    buf_free(&err);
    if (oom) lmem_error(L, need);
    luaL_error(L, "%s: %s", who, lua_tostring(L, -1));
  }
}

/* The script's own list (created on first use), pushed. */
static labbr *script_list(lua_State *L) {
  if (lua_getfield(L, LUA_REGISTRYINDEX, SCRIPT_KEY) == LUA_TUSERDATA)
    return lua_touserdata(L, -1);
  lua_pop(L, 1);
  labbr *u = push_list(L);
  lua_pushvalue(L, -1);
  lua_setfield(L, LUA_REGISTRYINDEX, SCRIPT_KEY);
  return u;
}

/* glossa.abbreviations(list or file): adds to the script's own list, used
 * by every :sentences() and :tokens() of the script; returns its size. */
int llang_abbreviations(lua_State *L) {
  int t = lua_type(L, 1);
  if (t != LUA_TTABLE && t != LUA_TSTRING) return luaL_typeerror(L, 1, "table or file name");
  labbr *u = script_list(L);
  if (t == LUA_TSTRING) add_file(L, u, lua_tostring(L, 1), "glossa.abbreviations");
  else add_table(L, u, 1, "glossa.abbreviations");
  charge(L, u);
  lua_pushinteger(L, (lua_Integer)(u->a.none + u->a.nmulti));
  return 1;
}

static void copy_into(lua_State *L, labbr *to, const lang_abbrs *from) {
  for (size_t i = 0; i < from->none; i++)
    if (lang_user_add(&to->a, from->one[i].s, from->one[i].n, from->one[i].cls))
      luaL_error(L, "out of memory");
  for (size_t i = 0; i < from->nmulti; i++)
    if (lang_user_add(&to->a, from->multi[i].s, from->multi[i].n, from->multi[i].cls))
      luaL_error(L, "out of memory");
}

void llang_known(char *out, size_t size) {
  size_t n = 0;
  out[0] = '\0';
  for (size_t i = 0; i < lang_data_count && n + 8 < size; i++)
    n += (size_t)snprintf(out + n, size - n, "%s%s", i ? " " : "", lang_data_files[i].code);
}

const lang *llang_get(const char *code) {
  int unknown;
  const lang *l = lang_get(code, &unknown);
  if (unknown) { /* once per process (lang_get says when) */
    char known[256];
    llang_known(known, sizeof known);
    fprintf(stderr, "glossa: warning: no sentence rules for the language '%s': the generic rules "
                    "are used (glossa has them for %s)\n", code, known);
  }
  return l;
}

const lang_abbrs *llang_script_abbrs(lua_State *L) {
  const lang_abbrs *a = NULL;
  if (lua_getfield(L, LUA_REGISTRYINDEX, SCRIPT_KEY) == LUA_TUSERDATA)
    a = &((labbr *)lua_touserdata(L, -1))->a;
  lua_pop(L, 1); /* the registry keeps it */
  return a;
}

void llang_options(lua_State *L, int idx, const char *who, llang_opts *o) {
  o->lang = NULL;
  o->user = llang_script_abbrs(L);
  if (lua_isnoneornil(L, idx)) return;
  luaL_checktype(L, idx, LUA_TTABLE);
  idx = lua_absindex(L, idx);
  lua_pushnil(L);
  while (lua_next(L, idx)) {
    const char *k = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "";
    if (strcmp(k, "lang") && strcmp(k, "abbreviations"))
      luaL_error(L, "%s: the options are lang and abbreviations (got '%s')", who,
                 lua_type(L, -2) == LUA_TSTRING ? k : luaL_typename(L, -2));
    lua_pop(L, 1);
  }
  if (lua_getfield(L, idx, "lang") != LUA_TNIL) {
    if (lua_type(L, -1) != LUA_TSTRING) luaL_error(L, "%s: lang must be a language tag such as \"de\"", who);
    char code[8];
    lang_primary(lua_tostring(L, -1), code);
    if (!code[0]) luaL_error(L, "%s: '%s' is no language tag (BCP 47: \"de\", \"pt-BR\")", who,
                             lua_tostring(L, -1));
    o->lang = llang_get(code);
  }
  lua_pop(L, 1);
  int t = lua_getfield(L, idx, "abbreviations");
  if (t == LUA_TNIL) {
    lua_pop(L, 1);
    return;
  }
  if (t != LUA_TTABLE && t != LUA_TSTRING)
    luaL_error(L, "%s: abbreviations must be a list or a file name", who);
  /* the call's list: the script's entries and these; left on the stack */
  labbr *u = push_list(L);
  if (o->user) copy_into(L, u, o->user);
  if (t == LUA_TSTRING) add_file(L, u, lua_tostring(L, -2), who);
  else add_table(L, u, -2, who);
  lang_user_sort(&u->a);
  charge(L, u);
  lua_remove(L, -2);
  o->user = &u->a;
}

const lang *llang_at(const document *d, size_t off, const lang *forced) {
  if (forced) return forced;
  char code[8];
  if (!d->lang_forced) {
    const text_seg *sg = text_seg_at(&d->view, off);
    if (sg && doc_lang_at(sg->node, code)) return llang_get(code);
  }
  return llang_get(d->lang);
}

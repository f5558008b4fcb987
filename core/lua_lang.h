/* Languages in scripts (lua_lang.c): the script's abbreviations live in its
 * registry, a call's in a userdata it leaves on the stack; languages are
 * the process's (lang.h). */
#ifndef GLOSSA_LUA_LANG_H
#define GLOSSA_LUA_LANG_H

#include <lua.h>
#include <stddef.h>

#include "doc.h"
#include "lang.h"

/* Registers glossa.Abbreviations. */
void llang_open(lua_State *L);

/* glossa.abbreviations(list or file) */
int llang_abbreviations(lua_State *L);

typedef struct llang_opts {
  const lang *lang;         /* the call's lang =, or NULL: the text's own */
  const lang_abbrs *user;   /* the abbreviations to use, or NULL */
} llang_opts;

/* Reads the {lang =, abbreviations =} table at idx (none or nil: no
 * options) into o; who names the method in errors. When the call brings
 * abbreviations, a userdata holding them (and the script's) is left on the
 * stack: keep it there while o is used. */
void llang_options(lua_State *L, int idx, const char *who, llang_opts *o);

/* The script's own list (glossa.abbreviations), or NULL. */
const lang_abbrs *llang_script_abbrs(lua_State *L);

/* The language of the text at byte off of d: forced when not NULL; else
 * the nearest element's declaration, unless --lang set d's; else d->lang. */
const lang *llang_at(const document *d, size_t off, const lang *forced);

/* lang_get, warning once on stderr for a language glossa has no rules for. */
const lang *llang_get(const char *code);

/* The languages glossa has rules for, space-separated, into out. */
void llang_known(char *out, size_t size);

#endif

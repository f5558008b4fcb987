/* SpanLists filled by C scans (regex, dictionary, sentences): appends that
 * never raise nor run Lua code, so that a scan's callback can make them
 * while the scan holds C state, and the run that turns what they report into
 * Lua errors afterwards. The rest of the SpanList binding is in lua_api.h;
 * the list owns its spans, in blocks of the state's allocator. */
#ifndef GLOSSA_LUA_SPANLIST_H
#define GLOSSA_LUA_SPANLIST_H

#include "lua_api.h"

/* What a scan's callback returns to stop the scan (distinct from every
 * other code the scanners return). */
enum {
  LSPANS_FULL = 0x10000, /* an append was refused: out of memory */
  LSPANS_FULL_CAPS,      /* the same, for the regex offsets */
  LSPANS_STOP            /* script_stopped: the call must end */
};

/* Appends without raising, the list being on the stack: 0, or LSPANS_FULL
 * (the list unchanged). */
int lspans_try_add(lua_State *L, lspans *l, size_t start, size_t end, size_t extra);
/* Appends n offsets to l->caps; *at gets their index. 0 or LSPANS_FULL_CAPS. */
int lspans_try_add_caps(lua_State *L, lspans *l, const size_t *ov, size_t n, size_t *at);

/* Runs scan(ud), which fills l (on the stack) through the appends above,
 * and returns what it returned. When an append was refused, the block grows
 * (or Lua raises its memory error) and the scan runs again on the emptied
 * list; LSPANS_STOP raises the limit's error (script_raise_stop). The scan
 * must hold no C memory when it returns. */
int lspans_scan(lua_State *L, lspans *l, int (*scan)(void *ud), void *ud);

#endif

/* Rules in scripts (lua_rule.c): glossa.rule, glossa.rules and doc:match
 * on them. The SpanList of a rule match (LSPANS_RULE) holds per hit, in
 * caps at its extra: the rule's index in its set, then 3 values per
 * capture of the set (start, end, 1 + annotation index or 0); its user
 * value 2 is the Rule or RuleSet, which owns the rules. */
#ifndef GLOSSA_LUA_RULE_H
#define GLOSSA_LUA_RULE_H

#include "lua_api.h"

/* Registers glossa.Rule and glossa.RuleSet. */
void lrule_open(lua_State *L);
int lrule_new_rule(lua_State *L); /* glossa.rule{...} */
int lrule_new_set(lua_State *L);  /* glossa.rules{...} */
/* Whether the value at idx is a Rule or RuleSet. */
int lrule_is_rule(lua_State *L, int idx);
/* :match(rule [, opts]) on a Document or Span at 1. */
int lrule_match(lua_State *L);

/* For item (1-based) of the rule match list l at listidx: */
/* pushes the Rule that matched */
void lrule_push_rule(lua_State *L, int listidx, const lspans *l, size_t item);
/* the rule's name (valid while the list lives) */
const char *lrule_item_name(lua_State *L, int listidx, const lspans *l, size_t item);
/* span:capture(name) (name at stack index 2); docidx: its Document */
int lrule_capture(lua_State *L, lspans *l, int listidx, int docidx, size_t item);
/* pushes the rule's label and its note with {capture} filled in (nil for
 * either when the rule has none): what annotate writes when not told */
void lrule_push_defaults(lua_State *L, int listidx, const lspans *l, size_t item, int docidx);

#endif

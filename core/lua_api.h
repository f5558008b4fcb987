/* The Lua binding of documents. The runner owns each C document; a Lua object
 * that refers to one holds the document's userdata as user value 1, and every
 * method checks, through it, that the document is still open. */
#ifndef GLOSSA_LUA_API_H
#define GLOSSA_LUA_API_H

#include <lauxlib.h>
#include <lua.h>

#include "doc.h"

#define LDOC_MT "glossa.Document"
#define LNODE_MT "glossa.Node"
#define LNODES_MT "glossa.NodeList"
#define LSPAN_MT "glossa.Span"
#define LSPANS_MT "glossa.SpanList"
#define LANNOT_MT "glossa.Annotation"
#define LANNOTS_MT "glossa.AnnotationList"

/* Elements of lists start with their position in the list, so that
 * `for x in list do` can find the next one from the last. */
typedef struct lelem {
  lua_Integer iter;
} lelem;

/* Document userdata: d is NULL once the document's run has ended. */
typedef struct ldoc {
  document *d;
} ldoc;

/* Registers every metatable of the binding. */
void ldoc_open(lua_State *L);
void lnode_open(lua_State *L);
void lspan_open(lua_State *L);
void lspans_open(lua_State *L);
void lannot_open(lua_State *L);

/* Pushes a new Document userdata for d (not owned). */
void ldoc_push(lua_State *L, document *d);
/* Marks the Document userdata at idx closed; its objects raise errors after. */
void ldoc_close(lua_State *L, int idx);
/* The open document behind the Document at idx (a Lua error otherwise). */
document *ldoc_check(lua_State *L, int idx);
/* The open document of the object at idx, which holds its Document as user
 * value 1; pushes that Document. */
document *ldoc_owner(lua_State *L, int idx);

/* node:select's XPath (relative to n); nsidx: a {prefix = uri} table or 0. */
int ldoc_select_node(lua_State *L, int docidx, xmlNodePtr n, const char *expr, int nsidx);

/* node:css's selection (relative to n). */
int ldoc_css_node(lua_State *L, int docidx, xmlNodePtr n, const char *sel);

/* Constructors; docidx is the stack index of the owning Document. */
void lnode_push(lua_State *L, int docidx, xmlNodePtr n, lua_Integer iter);
/* Pushes a NodeList holding the n nodes (a table with the list metatable);
 * how (a string at stack index how, or 0) says what selected them. */
void lnode_push_list(lua_State *L, int docidx, xmlNodePtr *nodes, size_t n, int how);
void lspan_push(lua_State *L, int docidx, size_t start, size_t end,
                lua_Integer iter);
void lannot_push(lua_State *L, int docidx, size_t index, lua_Integer iter);

/* Span: user value 1 its Document, user value 2 the SpanList it came from
 * (for dictionary values and regex captures) or nil. */
typedef struct lspan {
  lua_Integer iter;
  size_t start, end; /* bytes, [start, end) */
  size_t item;       /* 1-based position in that list, 0 for none */
  size_t annot;      /* 1 + the store index of the annotation it stands for
                        (a rule's capture of an annotation element), or 0 */
} lspan;
lspan *lspan_check(lua_State *L, int idx);
/* Says that the Span at idx stands for annotation annot - 1 (0: none). */
void lspan_set_annot(lua_State *L, int idx, size_t annot);

/* The range a method works on: the whole view for a Document at idx, the
 * span for a Span. Pushes the owning Document; returns it. */
document *lspan_range(lua_State *L, int idx, size_t *from, size_t *to);

#define LSPANS_PLAIN 0
#define LSPANS_DICT 1  /* extra: the dictionary entry */
#define LSPANS_REGEX 2 /* extra: index of the hit's offsets in caps */
#define LSPANS_RULE 3  /* extra: index in caps of the hit's rule and captures (lua_rule.h) */

/* SpanList: a userdata whose spans and regex offsets live in userdata
 * blocks of their own (user values 4 and 5), so that Lua owns, counts and
 * collects them. User value 1 is the Document, user value 2 the Dict or
 * Regex the spans came from, user value 3 a string saying what found them
 * ("regex: …", --explain). */
typedef struct lspans {
  size_t n, cap;
  struct lspans_item {
    size_t start, end, extra;
  } *v;
  int kind;
  size_t groups;        /* regex: capture groups, not counting the match */
  size_t *caps;         /* regex: 2 * (groups + 1) offsets per hit */
  size_t ncaps, capcap;
} lspans;
lspans *lspans_new(lua_State *L, int docidx); /* pushes an empty list */
/* Replaces the fields table at stack index 2 by a copy with the label and
 * note of the rule that matched item of the rule match list l at listidx,
 * where it gives none (docidx: the Document). */
void lspan_rule_fields(lua_State *L, int listidx, const lspans *l, size_t item, int docidx);

/* Sets what found the spans of the list on top of the stack. */
void lspans_set_matcher(lua_State *L, const char *fmt, ...);
/* Pushes what found the spans of the Span or SpanList at idx (a string), or
 * nil. For a dictionary list's item, the entry's key is added. */
void lspans_push_matcher(lua_State *L, int idx);
void lspans_add(lua_State *L, lspans *l, size_t start, size_t end);
void lspans_add_extra(lua_State *L, lspans *l, size_t start, size_t end, size_t extra);
/* Appends a regex hit's offsets; returns their index for the item's extra. */
size_t lspans_add_caps(lua_State *L, lspans *l, const size_t *ov, size_t n);
/* Pushes a Span for item i (1-based) of the list at idx; docidx: its Document. */
void lspans_push_item(lua_State *L, int idx, lspans *l, int docidx, lua_Integer i);

/* Reads an annotate{label=, note=, attrs=} table at idx and adds one
 * annotation per span of spans[0..n) to d; raises on bad fields or spans
 * before adding any. Without a label, labels[i] (when labels is not NULL)
 * labels span i. matchers[i], or else matcher, says what found span i
 * (--explain; either may be NULL). Returns the index of the first added. */
size_t lannot_add(lua_State *L, document *d, int fields,
                  const struct lspans_item *spans, size_t n, const char *const *labels,
                  const char *matcher, const char *const *matchers);

/* The byte range of a Span, Annotation or Node at idx (any of the three, for
 * span relations); raises unless it belongs to document d. */
void lspan_any_range(lua_State *L, int idx, document *d, size_t *start, size_t *end);
/* The range of the Node or Annotation at idx, or 0 when idx holds neither (or
 * a node outside the view). Pushes nothing; raises when closed. */
int lnode_range_at(lua_State *L, int idx, document **d, size_t *start, size_t *end);
int lannot_range_at(lua_State *L, int idx, document **d, size_t *start, size_t *end);
/* Pushes the nearest element around [start, end) named name (any when NULL),
 * or nil. */
void lnode_push_enclosing(lua_State *L, int docidx, document *d, size_t start, size_t end,
                          const char *name);

/* Methods shared by Document and Span (each works on lspan_range). */
int lspan_blocks(lua_State *L);    /* :blocks() */
int lregex_match(lua_State *L);   /* :match(regex or pattern [, flags or opts]) */
void lregex_open(lua_State *L);   /* glossa.Regex; glossa.regex is set by lglossa */
int lregex_new(lua_State *L);     /* glossa.regex(pattern [, flags]) */
/* span:capture(n | name) for the Span whose list is at listidx (a regex
 * match list) and whose Document is at docidx; item: its place there. */
int lregex_capture(lua_State *L, lspans *l, int listidx, int docidx, size_t item);

int lsentence_sentences(lua_State *L); /* :sentences() */
int lsentence_tokens(lua_State *L);    /* :tokens() */
int lsentence_of(lua_State *L);        /* span:sentence() */
/* Whether a sentence of d starts at start, and one ends at end (by the
 * rules of the text there and the script's abbreviations; the block's
 * sentences are kept in d->sents for the next question). */
int lsentence_edges(lua_State *L, document *d, size_t start, size_t end, int *starts, int *ends);
int ldict_lookup(lua_State *L);   /* :lookup(dict) */
/* The dict of the Dict at idx (raises for anything else). */
struct dict *ldict_check(lua_State *L, int idx);
/* The regex of the Regex at idx (raises for anything else). */
struct regex *lregex_check(lua_State *L, int idx);
void ldict_open(lua_State *L);    /* glossa.Dict */
int ldict_new(lua_State *L);      /* glossa.dict(source [, opts]) */
/* The key of a dictionary entry, for the SpanList at listidx. */
const char *ldict_entry_key(lua_State *L, int listidx, size_t entry);
/* The value of a dictionary entry, for the SpanList at listidx. */
const char *ldict_entry_value(lua_State *L, int listidx, size_t entry);
/* Pushes span.value, span.entry or span.features (k) of the Span at spanidx. */
void ldict_span_field(lua_State *L, int spanidx, size_t item, const char *k);
/* The entries' features become attrs: items item0..item0+n-1 (0-based) of
 * the SpanList at listidx were just annotated, as annotations first..
 * first+n-1 of its Document, all with the attrs annotate was given; those of
 * entries with features get a set of the features beneath the given attrs
 * (given win on a name), one per feature set: per call when attrs were
 * given, else kept per Document and Dict. Nothing for other lists. */
void ldict_give_features(lua_State *L, int listidx, size_t item0, size_t n, size_t first);
/* ldict_give_features for the Span at spanidx, just annotated as annot. */
void ldict_span_annotated(lua_State *L, int spanidx, size_t annot);

/* Shared list helpers: __call iteration over table lists. */
int llist_call(lua_State *L);
/* Sets up a metatable with __call = llist_call, __len, and methods. */
void llist_metatable(lua_State *L, const char *name, const luaL_Reg *methods);

#endif

/* Rules over tokens and annotations (docs/lua-api.md, "Rules"): a rule is a
 * tree of elements (rule_def); a set of rules compiles to one program over
 * the lattice of a text (lattice.h) with an index of what each rule can
 * start with. A def owns its nodes, strings and whole-token regexes; a set
 * owns its program and index and borrows its defs and the dicts they name,
 * which the caller keeps alive (and uses from one thread at a time, for the
 * regexes). */
#ifndef GLOSSA_RULE_H
#define GLOSSA_RULE_H

#include <stddef.h>
#include <stdint.h>

#include "annot.h"
#include "buf.h"
#include "dict.h"
#include "regex.h"

typedef enum rule_kind {
  RULE_TOKEN, /* one token */
  RULE_ANN,   /* an earlier annotation: the tokens it overlaps */
  RULE_DICT,  /* a dictionary hit that starts and ends on token boundaries */
  RULE_SEQ,   /* its children in order */
  RULE_ALT    /* one of its children, the first that leads to a match preferred */
} rule_kind;

/* An annotation attribute an ANN element asks for: equal strings, equal
 * numbers (integer or not), or the same boolean. */
typedef struct rule_attr {
  char *key;
  int type; /* ATTR_STRING, ATTR_NUMBER (any number) or ATTR_BOOL */
  char *s;
  double n;
} rule_attr;

/* The tests of an element; all must hold. Strings are NUL-terminated. */
typedef struct rule_test {
  char **text;  size_t ntext;   /* the text is one of these */
  char **lower; size_t nlower;  /* its case folding is one of these (folded, sorted) */
  char *shape;                  /* tokattr_shape of the text */
  char *prefix, *suffix;        /* the text starts / ends with it */
  unsigned flag_mask, flag_want; /* tokattr flags: (flags & mask) == want */
  size_t len_min, len_max;      /* length in code points; 0, SIZE_MAX: any */
  regex *re;                    /* must match the whole text (anchored at both ends) */
  const dict *dict;             /* RULE_DICT */
  char **labels; size_t nlabels; /* RULE_ANN: the annotation's label is one of these */
  rule_attr *attrs; size_t nattrs; /* RULE_ANN: and it has these attributes */
  struct rule_test *not;        /* the element fails when all of these hold */
} rule_test;

#define RULE_MANY SIZE_MAX /* no upper bound for a quantifier */

typedef struct rule_node {
  rule_kind kind;
  size_t min, max;        /* how many times: 1, 1 unless a quantifier says */
  size_t cap;             /* 1 + index of the capture it is, or 0 */
  size_t first, nkids;    /* RULE_SEQ, RULE_ALT: children are kids[first..first+nkids) */
  rule_test *test;        /* the leaves' */
} rule_node;

typedef enum rule_select {
  RULE_SELECT_LONGEST, /* leftmost-longest, then priority, then rule order */
  RULE_SELECT_ALL,     /* every match, overlaps included */
  RULE_SELECT_FIRST    /* leftmost, the first rule that matches there, its preferred match */
} rule_select;

typedef struct rule_def {
  char *name, *label, *note; /* label, note: NULL when not given */
  int across;                /* across_sentences */
  long long priority;
  rule_select select;
  rule_node *nodes; size_t nnodes, nodecap; /* nodes[0] is the rule's sequence */
  size_t *kids; size_t nkids, kidcap;
  char **caps; size_t ncaps, capcap;        /* capture names, in order of first use */
  size_t *stack; size_t nstack, stackcap;   /* children being gathered */
} rule_def;

/* A new def named name (copied), with an empty top sequence; NULL out of memory. */
rule_def *rule_def_new(const char *name);
void rule_def_free(rule_def *r);

/* Appends a node of kind k with no children (a leaf gets an empty test);
 * returns its index, or SIZE_MAX out of memory. Indices stay valid, node
 * pointers not across calls. */
size_t rule_def_node(rule_def *r, rule_kind k);
/* Children are gathered on the def's stack while a parent's are read (its
 * grandchildren being read in between), then stored contiguously: mark,
 * push each child, then close the parent with the mark. */
size_t rule_def_mark(const rule_def *r);
int rule_def_push(rule_def *r, size_t child);
int rule_def_close(rule_def *r, size_t parent, size_t mark);
/* Whether node ni can match taking no token (its own quantifier counted
 * unless body_only). An unbounded quantifier over such a body is refused:
 * it could repeat without end. */
int rule_def_nullable(const rule_def *r, size_t ni, int body_only);
/* The index of capture name (added when new), or SIZE_MAX out of memory. */
size_t rule_def_cap(rule_def *r, const char *name);
/* Copies s; NULL out of memory. */
char *rule_strdup(const char *s, size_t n);
/* Appends a copy of s to a string list; -1 out of memory. */
int rule_list_add(char ***v, size_t *n, const char *s, size_t len);
/* Sorts the lower list of a test (after folding) for the matcher's search. */
void rule_test_sort(rule_test *t);
void rule_test_free(rule_test *t);

typedef struct rule_set rule_set;

/* Compiles the n defs (borrowed: they must outlive the set and not change)
 * into one set; select applies across them. NULL with the reason in err
 * (too large once quantifiers are expanded, out of memory). */
rule_set *rule_set_new(rule_def *const *defs, size_t n, rule_select select, buf *err);
void rule_set_free(rule_set *s);

size_t rule_set_count(const rule_set *s);
const rule_def *rule_set_def(const rule_set *s, size_t i);
rule_select rule_set_select(const rule_set *s);
/* The capture names of the whole set (the union of its rules'): a hit's
 * captures come in this order. */
size_t rule_set_ncaps(const rule_set *s);
const char *rule_set_cap(const rule_set *s, size_t i);
/* The index of a capture name in the set, or SIZE_MAX. */
size_t rule_set_cap_index(const rule_set *s, const char *name);
/* Whether some rule must know sentences (is not across_sentences), and the
 * labels any ANN element names (for the caller to gather annotations). */
int rule_set_needs_sentences(const rule_set *s);
int rule_set_wants_label(const rule_set *s, const char *label);
/* The distinct dicts the set's elements name. */
size_t rule_set_ndicts(const rule_set *s);
const dict *rule_set_dict(const rule_set *s, size_t i);
/* Bytes the set holds (program, index), about: charged to the state. */
size_t rule_set_memory(const rule_set *s);

/* The compiled program, for the matcher (rulematch.c). */
enum { RULE_OP_CONSUME, RULE_OP_SPLIT, RULE_OP_JMP, RULE_OP_SAVE, RULE_OP_MATCH };
typedef struct rule_inst {
  uint8_t op;
  uint32_t rule;         /* the rule the instruction belongs to */
  uint32_t x, y;         /* next (CONSUME, JMP, SAVE: x; SPLIT: x preferred, then y) */
  uint32_t slot;         /* SAVE: 2 * capture + 0 (start) or 1 (end), in the set's captures */
  const rule_node *elem; /* CONSUME */
  uint32_t delem;        /* CONSUME of a RULE_DICT: which of the set's dicts */
} rule_inst;

const rule_inst *rule_set_program(const rule_set *s, size_t *n);
/* Where rule i's program starts. */
uint32_t rule_set_entry(const rule_set *s, size_t i);

/* The index: the rules whose first element can be a token of this text,
 * of this case folding, an annotation with this label, and those it cannot
 * tell (a first element that is neither a literal token nor an
 * annotation), each in rule order; *n gets the count. */
const uint32_t *rule_set_by_text(const rule_set *s, const char *text, size_t len, size_t *n);
const uint32_t *rule_set_by_lower(const rule_set *s, const char *folded, size_t len, size_t *n);
const uint32_t *rule_set_by_label(const rule_set *s, const char *label, size_t *n);
const uint32_t *rule_set_unindexed(const rule_set *s, size_t *n);
/* The rules whose first element is a token test or an annotation that is
 * neither literal nor labelled, indexed by the literal token that always
 * follows it: the caller looks up the token after each edge leaving a node. */
const uint32_t *rule_set_second_text(const rule_set *s, const char *text, size_t len, size_t *n);
const uint32_t *rule_set_second_lower(const rule_set *s, const char *folded, size_t len,
                                      size_t *n);
int rule_set_uses_second(const rule_set *s);
/* The rules whose first element is a literal token always followed by
 * literal tokens, by the pair of their foldings: the full case folding of
 * token i, RULE_PAIR_SEP, that of token i + 1. (A rule with more than
 * RULE_MAX_PAIRS such pairs is indexed by its first literal alone.) */
#define RULE_PAIR_SEP "\x1f"
#define RULE_MAX_PAIRS 256
const uint32_t *rule_set_by_pair(const rule_set *s, const char *key, size_t len, size_t *n);
int rule_set_uses_pairs(const rule_set *s);
/* Whether some rule is indexed by case folding (so the caller folds each
 * token only when one is). */
int rule_set_uses_folding(const rule_set *s);

#endif

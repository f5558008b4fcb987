/* libFuzzer target: the rule engine (rule.h, lattice.h, rulematch.h), built
 * the way core/lua_rule.c builds it. From the input: a text of words from a
 * palette (and a few raw characters), annotations over its tokens (labels,
 * string, number, integer and boolean attributes), two small dicts, and up
 * to four rule_defs of every element kind (token tests of every sort, ann
 * with labels and attrs, dict, seq and alt nesting, quantifiers ?, *, + and
 * {m, n} up to huge bounds, captures, priorities, across_sentences). A rule
 * the binding would refuse (an unbounded repetition of a body that can take
 * no token, as rule_def_nullable says; a regex that does not compile) is
 * left out as the binding raises. The defs are compiled into sets with each
 * select mode: a set is refused exactly when its program, counted here,
 * exceeds RULE_MAX_PROGRAM, and then says it is too large. Small sets then
 * run over every block of the text (a lattice and a matcher reused from
 * region to region and set to set, as doc:match does), and are checked:
 * - the lattice: its tokens are sentence_tokens', its sentences
 *   sentence_split's, its edges exactly the annotations and dict hits on
 *   token boundaries (recomputed here), sorted and indexed by node;
 * - every hit: start < end, on token boundaries, inside the region, in
 *   order (start, then for "all" longest first and rule order; "longest"
 *   and "first" hits do not overlap), in one sentence unless its rule is
 *   across_sentences; its captures within it (or SIZE_MAX, always so for a
 *   capture its rule does not have), an annotation capture naming an edge
 *   over exactly its span;
 * - against a naive matcher over the defs (sets of end nodes, every test
 *   recomputed from the text): "all" gives exactly every (rule, start, end);
 *   "longest" the greedy leftmost-longest choice (then priority, then rule
 *   order); "first" the first rule matching at each start, at one of its
 *   ends.
 * The input, each part read with fuzz_u8 (fuzz.h): byte 0 (bit 0: German
 * sentences, else English; bit 1: the callback stops "all" after its first
 * hit; bit 2: a range inside the first block too, starting bits 3-6
 * sixteenths in; bit 7: compile the sets too large to run), the text's
 * words, the annotations, the two dicts, then the rules. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "annot.h"
#include "dict.h"
#include "fuzz.h"
#include "lattice.h"
#include "regex.h"
#include "rule.h"
#include "rulematch.h"
#include "sentence.h"
#include "tokattr.h"
#include "utf8.h"

/* rule.c's limit on a set's program (quantifiers expanded): not in rule.h,
 * so mirrored here; a set over it must be refused. */
#define PROGRAM_LIMIT (1u << 20)
/* Sets with programs up to this size run; larger ones are only compiled
 * (each start may visit the whole program: an input stays in milliseconds). */
#define RUN_PROGRAM 4096
#define MAX_WORDS 48
#define MAX_ANNS 10
#define MAX_RULES 4
#define MAX_NODES 24 /* per rule */
#define MAX_DEPTH 4  /* of seq and alt */
#define MAX_NODES_NAIVE 63 /* nodes of a region the naive matcher takes (bit sets) */

static const char *const words[] = {
    "the", "The", "cat", "sat", "on", "mat", ".", "Dr.", "Smith", "New", "York", "U.N.",
    "42", "1,000", "ten", "!", "?", "é", "École", "STRASSE", "Straße", "al-Qaeda", "We’re",
    "(", ")", "\"", "—", "x", "X", "said", "and", ","};
#define NWORDS (sizeof words / sizeof *words)
static const char *const seps[] = {" ", " ", " ", " ", "\n", "  ", "\xC2\xA0", "\n\n"};
static const char *const labels[] = {"PER", "LOC", "ORG", "per"};
#define NLABELS (sizeof labels / sizeof *labels)
static const char *const capnames[] = {"a", "b", "c"};
static const char *const patterns[] = {
    "[a-z]+", "\\p{Lu}\\w*", "\\d+(,\\d+)?", "the|a", ".", "x*", "[^ ]{2,}", "(a|b)*c",
    "\\W", "(?i)straße"};
#define NPATTERNS (sizeof patterns / sizeof *patterns)
/* bounds for {m, n}: small, around the program limit, and huge (a Lua
 * integer can be any of them) */
static const size_t big[] = {0, 1, 2, 3, 100, 1000, 5000, 300000, (size_t)1 << 30,
                             (size_t)1 << 62, SIZE_MAX - 1, ((size_t)1 << 63) - 1};
#define NBIG (sizeof big / sizeof *big)

/* ---- building the defs ---- */

typedef struct gen {
  fuzz_in in;
  const dict *dicts[2];
  size_t nodes; /* of the rule being built */
  int refused;  /* the binding would raise: the rule is left out */
} gen;

static const char *word(gen *g) { return words[fuzz_u8(&g->in) % NWORDS]; }

/* A list of 1..3 palette words (up to 17 when asked, past RULE_MAX_PAIRS
 * when two such lists follow each other), folded for lower as the binding
 * folds them. */
static void add_words(gen *g, char ***v, size_t *n, int fold) {
  unsigned c = fuzz_u8(&g->in);
  size_t k = c & 0x80 ? 1 + (c & 15) + 1 : 1 + c % 3;
  for (size_t i = 0; i < k; i++) {
    const char *w = word(g);
    buf b = BUF_INIT;
    if (fold && tokattr_lower(&b, w, strlen(w))) abort();
    if (fold ? rule_list_add(v, n, b.s ? b.s : "", b.len) : rule_list_add(v, n, w, strlen(w)))
      abort();
    buf_free(&b);
  }
}

static char *dup_str(const char *s, size_t n) {
  char *c = rule_strdup(s, n);
  if (!c) abort();
  return c;
}

/* The token tests of a leaf (or of a 'not'); returns how many were set. */
static int tests(gen *g, rule_test *t, int depth) {
  unsigned m = fuzz_u8(&g->in);
  int n = 0;
  if (m & 1) add_words(g, &t->text, &t->ntext, 0), n++;
  if (m & 2) {
    add_words(g, &t->lower, &t->nlower, 1);
    rule_test_sort(t);
    n++;
  }
  if (m & 4) { /* the shape of a palette word */
    const char *w = word(g);
    buf b = BUF_INIT;
    if (tokattr_shape(&b, w, strlen(w))) abort();
    t->shape = dup_str(b.s ? b.s : "", b.len);
    buf_free(&b);
    n++;
  }
  if (m & 8) { /* a palette word's first or last 1..2 code points */
    unsigned c = fuzz_u8(&g->in);
    const char *w = word(g);
    size_t len = strlen(w);
    if (c & 1) {
      t->prefix = dup_str(w, tokattr_prefix(w, len, 1 + (c >> 1 & 1)));
    } else {
      size_t at = tokattr_suffix(w, len, 1 + (c >> 1 & 1));
      t->suffix = dup_str(w + at, len - at);
    }
    n++;
  }
  if (m & 16) {
    unsigned mask = fuzz_u8(&g->in), want = fuzz_u8(&g->in);
    if (!mask) mask = TOKATTR_ALPHA;
    t->flag_mask = mask;
    t->flag_want = want & mask;
    n++;
  }
  if (m & 32) {
    unsigned c = fuzz_u8(&g->in);
    t->len_min = c & 3;
    t->len_max = c & 0x40 ? SIZE_MAX : t->len_min + (c >> 2 & 7);
    n++;
  }
  if (m & 64) { /* a palette pattern, or a few raw bytes (which may not compile) */
    unsigned c = fuzz_u8(&g->in);
    char *raw = c >= 0xF0 ? fuzz_str(&g->in, 8) : NULL;
    const char *p = raw ? raw : patterns[c % NPATTERNS];
    buf err = BUF_INIT;
    t->re = regex_new_whole(p, strlen(p), c & 0x80 && !raw ? "i" : "", &err);
    if (!t->re) g->refused = 1; /* the binding raises "bad regex" */
    buf_free(&err);
    free(raw);
    n++;
  }
  if (m & 128 && depth < 2) {
    t->not = calloc(1, sizeof *t->not);
    if (!t->not) abort();
    t->not->len_max = SIZE_MAX;
    if (!tests(g, t->not, depth + 1)) g->refused = 1; /* "'not' has no test" */
    n++;
  }
  return n;
}

static void ann_tests(gen *g, rule_test *t) {
  unsigned c = fuzz_u8(&g->in);
  for (unsigned i = 0; i <= (c & 1); i++) {
    const char *l = labels[fuzz_u8(&g->in) % NLABELS];
    if (rule_list_add(&t->labels, &t->nlabels, l, strlen(l))) abort();
  }
  size_t na = c >> 1 & 3;
  if (na == 3) na = 0;
  for (size_t i = 0; i < na; i++) {
    unsigned a = fuzz_u8(&g->in);
    rule_attr *v = realloc(t->attrs, (t->nattrs + 1) * sizeof *v);
    if (!v) abort();
    t->attrs = v;
    rule_attr *r = &t->attrs[t->nattrs++];
    memset(r, 0, sizeof *r);
    static const char *const keys[] = {"kind", "n", "ok", "none"};
    r->key = dup_str(keys[a & 3], strlen(keys[a & 3]));
    switch (a >> 2 & 3) {
    case 0: r->type = ATTR_STRING, r->s = dup_str(a & 16 ? "city" : "person", a & 16 ? 4 : 6); break;
    case 1: r->type = ATTR_NUMBER, r->n = a & 16 ? 2.5 : 1; break;
    case 2: r->type = ATTR_BOOL, r->n = !!(a & 16); break;
    default: r->type = ATTR_NUMBER, r->n = a & 16 ? NAN : 2; break;
    }
  }
}

/* One element (lua_rule.c's read_elem): its node's index. */
static size_t elem(gen *g, rule_def *r, int depth) {
  unsigned b = fuzz_u8(&g->in);
  unsigned kind = b % 8;
  if (depth >= MAX_DEPTH || g->nodes >= MAX_NODES) kind %= 5;
  static const rule_kind kinds[] = {RULE_TOKEN, RULE_TOKEN, RULE_ANN, RULE_DICT,
                                    RULE_TOKEN, RULE_SEQ,   RULE_ALT, RULE_TOKEN};
  rule_kind k = kinds[kind];
  size_t ni = rule_def_node(r, k);
  if (ni == SIZE_MAX) abort();
  g->nodes++;
  if (k == RULE_SEQ || k == RULE_ALT) {
    size_t mark = rule_def_mark(r), nk = 1 + (b >> 3) % 3;
    for (size_t i = 0; i < nk; i++)
      if (rule_def_push(r, elem(g, r, depth + 1))) abort();
    if (rule_def_close(r, ni, mark)) abort();
  } else {
    rule_test *t = r->nodes[ni].test;
    int n = tests(g, t, 0); /* none on a token: any = true */
    (void)n;
    if (k == RULE_ANN) ann_tests(g, t);
    if (k == RULE_DICT) t->dict = g->dicts[b >> 3 & 1];
  }
  unsigned q = fuzz_u8(&g->in);
  size_t lo = 1, hi = 1;
  switch (q & 7) {
  case 4: lo = 0, hi = 1; break;
  case 5: lo = 0, hi = RULE_MANY; break;
  case 6: lo = 1, hi = RULE_MANY; break;
  case 7: {
    unsigned x = fuzz_u8(&g->in);
    if (x & 0x80) { /* from the table, the smaller first (the binding refuses max < min) */
      size_t a = big[(x & 0x7F) % NBIG], c = big[fuzz_u8(&g->in) % NBIG];
      lo = a < c ? a : c, hi = a < c ? c : a;
      if (x & 0x40) hi = RULE_MANY; /* {m, math.huge} */
    } else {
      lo = x & 3, hi = lo + (x >> 2 & 3);
    }
    break;
  }
  default: break;
  }
  r->nodes[ni].min = lo;
  r->nodes[ni].max = hi;
  if (hi == RULE_MANY && rule_def_nullable(r, ni, 1)) g->refused = 1; /* as lua_rule.c */
  if (q & 8) {
    size_t c = rule_def_cap(r, capnames[(q >> 4) % 3]);
    if (c == SIZE_MAX) abort();
    r->nodes[ni].cap = c + 1;
  }
  return ni;
}

/* A rule as glossa.rule{...} makes it, or NULL when it would raise. */
static rule_def *make_rule(gen *g, size_t i) {
  char name[8] = {'r', (char)('0' + i), 0};
  rule_def *r = rule_def_new(name);
  if (!r) abort();
  unsigned f = fuzz_u8(&g->in);
  r->across = f & 1;
  r->priority = (long long)(f >> 1 & 3) - 1;
  r->select = (rule_select)((f >> 3) % 3);
  g->nodes = 0;
  g->refused = 0;
  size_t mark = rule_def_mark(r), n = 1 + (f >> 5) % 3;
  for (size_t k = 0; k < n; k++)
    if (rule_def_push(r, elem(g, r, 1))) abort();
  if (rule_def_close(r, 0, mark)) abort();
  if (g->refused) {
    rule_def_free(r);
    return NULL;
  }
  return r;
}

/* ---- the program's size, counted from the defs as rule.c expands them ---- */

static size_t sat_add(size_t a, size_t b) { return a > SIZE_MAX / 4 - b ? SIZE_MAX / 4 : a + b; }
static size_t sat_mul(size_t a, size_t b) {
  return b && a > (SIZE_MAX / 4) / b ? SIZE_MAX / 4 : a * b;
}

static size_t prog_node(const rule_def *r, size_t ni);

static size_t prog_body(const rule_def *r, size_t ni) {
  const rule_node *n = &r->nodes[ni];
  if (n->kind != RULE_SEQ && n->kind != RULE_ALT) return 1; /* CONSUME */
  size_t s = 0;
  for (size_t k = 0; k < n->nkids; k++) s = sat_add(s, prog_node(r, r->kids[n->first + k]));
  if (n->kind == RULE_ALT && n->nkids > 1) s = sat_add(s, 2 * (n->nkids - 1)); /* SPLIT, JMP */
  return s;
}

static size_t prog_node(const rule_def *r, size_t ni) {
  const rule_node *n = &r->nodes[ni];
  size_t b = prog_body(r, ni), s = n->cap ? 2 : 0; /* SAVEs */
  s = sat_add(s, sat_mul(n->min, b));
  if (n->max == RULE_MANY) s = sat_add(s, sat_add(b, 2)); /* SPLIT, body, JMP */
  else s = sat_add(s, sat_mul(n->max - n->min, sat_add(b, 1))); /* SPLIT, body */
  return s;
}

/* ---- the naive matcher: sets of lattice nodes as bits ---- */

typedef struct edge {
  uint32_t from, to, kind;
  size_t ref, order;
} edge;

typedef struct region {
  const char *text;
  size_t len, from, to;
  size_t *tok; /* sentence_tokens' */
  size_t ntok, tokcap;
  size_t *sent; /* sentence_split's spans */
  size_t nsent, sentcap;
  edge *edges; /* as the lattice should have them, sorted */
  size_t nedges, edgecap;
  const annot_store *st;
  const rule_set *set;
  int regex_error;
} region;

static int on_tok(void *ud, size_t s, size_t e) {
  region *g = ud;
  if (g->ntok == g->tokcap) {
    g->tokcap = g->tokcap ? 2 * g->tokcap : 64;
    g->tok = realloc(g->tok, 2 * g->tokcap * sizeof *g->tok);
    if (!g->tok) abort();
  }
  g->tok[2 * g->ntok] = s;
  g->tok[2 * g->ntok++ + 1] = e;
  return 0;
}

static int on_sent(void *ud, size_t s, size_t e) {
  region *g = ud;
  if (g->nsent == g->sentcap) {
    g->sentcap = g->sentcap ? 2 * g->sentcap : 16;
    g->sent = realloc(g->sent, 2 * g->sentcap * sizeof *g->sent);
    if (!g->sent) abort();
  }
  g->sent[2 * g->nsent] = s;
  g->sent[2 * g->nsent++ + 1] = e;
  return 0;
}

/* The sentence of token t: the span it starts in, or one of its own. */
static size_t sent_of(const region *g, size_t t) {
  for (size_t i = 0; i < g->nsent; i++)
    if (g->sent[2 * i] <= g->tok[2 * t] && g->tok[2 * t] < g->sent[2 * i + 1]) return i;
  return g->nsent + t;
}

static void add_edge(region *g, edge e) {
  if (g->nedges == g->edgecap) {
    g->edgecap = g->edgecap ? 2 * g->edgecap : 64;
    g->edges = realloc(g->edges, g->edgecap * sizeof *g->edges);
    if (!g->edges) abort();
  }
  g->edges[g->nedges++] = e;
}

typedef struct dhit {
  region *g;
  uint32_t kind;
} dhit;

static int on_dict(void *ud, size_t s, size_t e, size_t entry) {
  dhit *h = ud;
  region *g = h->g;
  size_t a = SIZE_MAX, b = SIZE_MAX;
  for (size_t i = 0; i < g->ntok; i++) {
    if (g->tok[2 * i] == s) a = i;
    if (g->tok[2 * i + 1] == e) b = i + 1;
  }
  if (a != SIZE_MAX && b != SIZE_MAX && a < b)
    add_edge(g, (edge){(uint32_t)a, (uint32_t)b, h->kind, entry, entry});
  return 0;
}

static int cmp_edge(const void *pa, const void *pb) {
  const edge *a = pa, *b = pb;
  if (a->from != b->from) return a->from < b->from ? -1 : 1;
  if (a->kind != b->kind) return a->kind < b->kind ? -1 : 1;
  if (a->to != b->to) return a->to > b->to ? -1 : 1;
  if (a->order != b->order) return a->order < b->order ? -1 : 1;
  return (a->ref > b->ref) - (a->ref < b->ref);
}

static int in_strs(char *const *v, size_t n, const char *s, size_t len) {
  for (size_t i = 0; i < n; i++)
    if (strlen(v[i]) == len && !memcmp(v[i], s, len)) return 1;
  return 0;
}

/* The tests of t on the text [s, e), recomputed from the text alone. */
static int test_ok(region *g, const rule_test *t, size_t s, size_t e) {
  const char *p = g->text + s;
  size_t n = e - s;
  if (t->ntext && !in_strs(t->text, t->ntext, p, n)) return 0;
  if (t->prefix && (strlen(t->prefix) > n || memcmp(p, t->prefix, strlen(t->prefix)))) return 0;
  if (t->suffix && (strlen(t->suffix) > n || memcmp(p + n - strlen(t->suffix), t->suffix, strlen(t->suffix))))
    return 0;
  if ((tokattr_flags(p, n) & t->flag_mask) != t->flag_want) return 0;
  size_t cps = utf8_count(p, n);
  if (cps < t->len_min || cps > t->len_max) return 0;
  buf b = BUF_INIT;
  int ok = 1;
  if (t->nlower) {
    if (tokattr_lower(&b, p, n)) abort();
    ok = in_strs(t->lower, t->nlower, b.s ? b.s : "", b.len);
  }
  if (ok && t->shape) {
    b.len = 0;
    if (tokattr_shape(&b, p, n)) abort();
    ok = strlen(t->shape) == b.len && !memcmp(t->shape, b.s ? b.s : "", b.len);
  }
  buf_free(&b);
  if (ok && t->re) {
    buf err = BUF_INIT;
    int rc = regex_whole(t->re, g->text, s, e, &err);
    buf_free(&err);
    if (rc < 0) g->regex_error = 1;
    ok = rc == 1;
  }
  if (ok && t->not && test_ok(g, t->not, s, e)) ok = 0;
  return ok;
}

static int attr_ok(const annot *a, const rule_attr *w) {
  for (size_t i = 0; a->attrs && i < a->attrs->n; i++) {
    const annot_attr *h = &a->attrs->v[i];
    if (strcmp(h->key, w->key)) continue;
    if (w->type == ATTR_STRING) return h->type == ATTR_STRING && !strcmp(h->s, w->s);
    if (w->type == ATTR_BOOL) return h->type == ATTR_BOOL && !h->i == !w->n;
    return (h->type == ATTR_NUMBER && h->n == w->n) ||
           (h->type == ATTR_INTEGER && (double)h->i == w->n);
  }
  return 0;
}

typedef struct naive {
  region *g;
  const rule_def *r;
  size_t start;
} naive;

static int sentence_ok(const naive *nv, size_t to) {
  return nv->r->across || sent_of(nv->g, to - 1) == sent_of(nv->g, nv->start);
}

/* The nodes one leaf reaches from node i. */
static uint64_t leaf(naive *nv, const rule_node *n, size_t i) {
  region *g = nv->g;
  uint64_t out = 0;
  if (i >= g->ntok) return 0;
  if (n->kind == RULE_TOKEN) {
    if (sentence_ok(nv, i + 1) && test_ok(g, n->test, g->tok[2 * i], g->tok[2 * i + 1]))
      out |= (uint64_t)1 << (i + 1);
    return out;
  }
  uint32_t kind = LATTICE_ANN;
  if (n->kind == RULE_DICT)
    for (size_t k = 0; k < rule_set_ndicts(g->set); k++)
      if (rule_set_dict(g->set, k) == n->test->dict) kind = (uint32_t)k;
  for (size_t k = 0; k < g->nedges; k++) {
    const edge *e = &g->edges[k];
    if (e->from != i || e->kind != kind || !sentence_ok(nv, e->to)) continue;
    if (n->kind == RULE_ANN) {
      const annot *a = &g->st->v[e->ref];
      int ok = 0;
      for (size_t j = 0; j < n->test->nlabels && !ok; j++) ok = !strcmp(a->label, n->test->labels[j]);
      for (size_t j = 0; j < n->test->nattrs && ok; j++) ok = attr_ok(a, &n->test->attrs[j]);
      if (!ok) continue;
    }
    if (test_ok(g, n->test, g->tok[2 * e->from], g->tok[2 * (e->to - 1) + 1]))
      out |= (uint64_t)1 << e->to;
  }
  return out;
}

static uint64_t node(naive *nv, size_t ni, uint64_t from);

/* One occurrence of node ni's body from each node of from. */
static uint64_t body(naive *nv, size_t ni, uint64_t from) {
  const rule_node *n = &nv->r->nodes[ni];
  if (n->kind == RULE_SEQ) {
    for (size_t k = 0; k < n->nkids && from; k++) from = node(nv, nv->r->kids[n->first + k], from);
    return from;
  }
  uint64_t out = 0;
  if (n->kind == RULE_ALT) {
    for (size_t k = 0; k < n->nkids; k++) out |= node(nv, nv->r->kids[n->first + k], from);
    return out;
  }
  for (size_t i = 0; i <= nv->g->ntok; i++)
    if (from >> i & 1) out |= leaf(nv, n, i);
  return out;
}

/* Node ni with its quantifier: every count from min to max. */
static uint64_t node(naive *nv, size_t ni, uint64_t from) {
  const rule_node *n = &nv->r->nodes[ni];
  for (size_t k = 0; k < n->min && from; k++) from = body(nv, ni, from);
  uint64_t all = from, cur = from;
  for (size_t k = n->min; k < n->max && cur; k++) {
    uint64_t next = body(nv, ni, cur) & ~all; /* only what is new can lead further */
    all |= next;
    cur = next;
  }
  return all;
}

/* The end nodes of rule r's matches from node start (no empty match). */
static uint64_t naive_ends(region *g, const rule_def *r, size_t start) {
  naive nv = {g, r, start};
  return node(&nv, 0, (uint64_t)1 << start) & ~((uint64_t)1 << start);
}

/* ---- running a set over a region and checking the hits ---- */

typedef struct hit {
  size_t rule, start, end; /* start and end: nodes */
} hit;

typedef struct run {
  region *g;
  const rule_set *set;
  rule_def *const *defs;
  hit *hits;
  size_t nhits, cap;
  size_t stop_after; /* the callback's stop, after that many hits (0: never) */
} run;

/* The node a byte offset is the start of (tok start) or the end of. */
static size_t node_at(const region *g, size_t off, int end) {
  for (size_t i = 0; i < g->ntok; i++)
    if (g->tok[2 * i + !!end] == off) return i + !!end;
  return SIZE_MAX;
}

static int on_hit(void *ud, const rule_hit *h) {
  run *r = ud;
  region *g = r->g;
  FUZZ_CHECK(h->rule < rule_set_count(r->set));
  FUZZ_CHECK(g->from <= h->start && h->start < h->end && h->end <= g->to);
  size_t a = node_at(g, h->start, 0), b = node_at(g, h->end, 1);
  FUZZ_CHECK(a != SIZE_MAX && b != SIZE_MAX && a < b);
  const rule_def *d = r->defs[h->rule];
  if (!d->across) { /* inside one of sentence_split's sentences */
    size_t k = 0;
    while (k < g->nsent && !(g->sent[2 * k] <= h->start && h->end <= g->sent[2 * k + 1])) k++;
    FUZZ_CHECK(k < g->nsent);
  }
  for (size_t k = 0; k < rule_set_ncaps(r->set); k++) {
    const size_t *c = h->caps + 3 * k;
    int has = 0;
    for (size_t j = 0; j < d->ncaps; j++) has |= !strcmp(d->caps[j], rule_set_cap(r->set, k));
    if (c[0] == SIZE_MAX) {
      FUZZ_CHECK(c[1] == SIZE_MAX && c[2] == 0);
      continue;
    }
    FUZZ_CHECK(has);
    FUZZ_CHECK(h->start <= c[0] && c[0] < c[1] && c[1] <= h->end);
    FUZZ_CHECK(node_at(g, c[0], 0) != SIZE_MAX && node_at(g, c[1], 1) != SIZE_MAX);
    if (c[2]) { /* one annotation element: an edge over exactly the capture */
      FUZZ_CHECK(c[2] - 1 < g->st->n);
      size_t e = 0;
      while (e < g->nedges && !(g->edges[e].kind == LATTICE_ANN && g->edges[e].ref == c[2] - 1 &&
                                g->tok[2 * g->edges[e].from] == c[0] &&
                                g->tok[2 * (g->edges[e].to - 1) + 1] == c[1]))
        e++;
      FUZZ_CHECK(e < g->nedges);
    }
  }
  if (r->nhits) { /* in order */
    const hit *p = &r->hits[r->nhits - 1];
    if (rule_set_select(r->set) == RULE_SELECT_ALL)
      FUZZ_CHECK(p->start < a || (p->start == a && (p->end > b || (p->end == b && p->rule < h->rule))));
    else
      FUZZ_CHECK(p->end <= a); /* no overlap */
  }
  if (r->nhits == r->cap) {
    r->cap = r->cap ? 2 * r->cap : 32;
    r->hits = realloc(r->hits, r->cap * sizeof *r->hits);
    if (!r->hits) abort();
  }
  r->hits[r->nhits++] = (hit){h->rule, a, b};
  return r->stop_after && r->nhits == r->stop_after ? 77 : 0;
}

/* The hits of the set in the region against the naive matcher. */
static void check_naive(run *r) {
  region *g = r->g;
  size_t nr = rule_set_count(r->set);
  uint64_t *ends = malloc((g->ntok * nr + 1) * sizeof *ends);
  if (!ends) abort();
  for (size_t i = 0; i < g->ntok; i++)
    for (size_t k = 0; k < nr; k++) ends[i * nr + k] = naive_ends(g, r->defs[k], i);
  if (g->regex_error) { /* the matcher failed too, or did not ask: nothing to compare */
    free(ends);
    return;
  }
  rule_select sel = rule_set_select(r->set);
  size_t h = 0;
  if (sel == RULE_SELECT_ALL) {
    for (size_t i = 0; i < g->ntok; i++)
      for (size_t e = g->ntok + 1; e-- > i + 1;)
        for (size_t k = 0; k < nr; k++) {
          if (!(ends[i * nr + k] >> e & 1)) continue;
          FUZZ_CHECK(h < r->nhits && r->hits[h].start == i && r->hits[h].end == e &&
                     r->hits[h].rule == k);
          h++;
        }
  } else {
    for (size_t i = 0; i < g->ntok;) {
      size_t best = SIZE_MAX, be = 0;
      for (size_t k = 0; k < nr; k++) {
        uint64_t m = ends[i * nr + k];
        if (!m) continue;
        size_t e = 63 - (size_t)__builtin_clzll(m);
        if (sel == RULE_SELECT_FIRST) {
          best = k;
          break;
        }
        if (best == SIZE_MAX || e > be || (e == be && r->defs[k]->priority > r->defs[best]->priority))
          best = k, be = e;
      }
      if (best == SIZE_MAX) {
        i++;
        continue;
      }
      FUZZ_CHECK(h < r->nhits && r->hits[h].start == i && r->hits[h].rule == best);
      if (sel == RULE_SELECT_LONGEST) FUZZ_CHECK(r->hits[h].end == be);
      else FUZZ_CHECK(ends[i * nr + best] >> r->hits[h].end & 1);
      i = r->hits[h++].end;
    }
  }
  FUZZ_CHECK(h == r->nhits);
  free(ends);
}

/* The lattice against the region's own tokens, sentences and edges. */
static void check_lattice(const lattice *l, const region *g, int sentences) {
  FUZZ_CHECK(l->ntok == g->ntok);
  FUZZ_CHECK(!l->ntok || !memcmp(l->tok, g->tok, 2 * g->ntok * sizeof *g->tok));
  for (size_t i = 0; i + 1 < g->ntok; i++) {
    int same = sentences ? sent_of(g, i) == sent_of(g, i + 1) : 1;
    FUZZ_CHECK((l->sent[i] == l->sent[i + 1]) == same);
  }
  FUZZ_CHECK(l->nedges == g->nedges);
  for (size_t i = 0; i < g->nedges; i++) {
    const lattice_edge *e = &l->edges[i];
    const edge *w = &g->edges[i];
    FUZZ_CHECK(e->from == w->from && e->to == w->to && e->kind == w->kind && e->ref == w->ref &&
               e->order == w->order);
  }
  for (size_t i = 0; i <= g->ntok + 1; i++) { /* edges from node i */
    size_t k = 0;
    while (k < g->nedges && g->edges[k].from < i) k++;
    FUZZ_CHECK(l->at[i] == k);
  }
}

typedef struct doc {
  char *text;
  size_t len;
  annot_store st;
  const annot **sorted; /* output order */
  size_t nsorted;
  sentence_opts so;
} doc;

/* Runs set over the region [from, to) of d with the reused lattice and
 * matcher, checking everything; stop_after as in run. */
static void run_region(doc *d, const rule_set *set, rule_def *const *defs, lattice *l,
                       rulematch *m, size_t from, size_t to, size_t stop_after) {
  region g = {.text = d->text, .len = d->len, .from = from, .to = to, .st = &d->st, .set = set};
  int sentences = rule_set_needs_sentences(set);
  FUZZ_CHECK(sentence_tokens(d->text, from, to, &d->so, on_tok, &g) == 0);
  if (sentences) FUZZ_CHECK(sentence_split(d->text, from, to, &d->so, on_sent, &g) == 0);
  else on_sent(&g, from, to); /* the whole region is one */
  FUZZ_CHECK(lattice_reset(l, d->text, from, to, &d->so, sentences) == 0);
  /* the annotations the set names, in output order, as doc:match adds them */
  for (size_t i = 0; i < d->nsorted; i++) {
    const annot *a = d->sorted[i];
    if (!rule_set_wants_label(set, a->label)) continue;
    size_t ref = (size_t)(a - d->st.v);
    FUZZ_CHECK(lattice_add_ann(l, a->start, a->end, ref, i) == 0);
    if (a->start < from || a->end > to || a->start >= a->end) continue;
    size_t x = 0, y = 0;
    while (x < g.ntok && g.tok[2 * x + 1] <= a->start) x++;
    while (y < g.ntok && g.tok[2 * y] < a->end) y++;
    if (x < y) add_edge(&g, (edge){(uint32_t)x, (uint32_t)y, LATTICE_ANN, ref, i});
  }
  for (size_t k = 0; k < rule_set_ndicts(set); k++) {
    FUZZ_CHECK(lattice_add_dict(l, rule_set_dict(set, k), (uint32_t)k, d->len, NULL) == 0);
    dhit h = {&g, (uint32_t)k};
    FUZZ_CHECK(dict_scan(rule_set_dict(set, k), d->text, d->len, from, to, on_dict, &h) == 0);
  }
  FUZZ_CHECK(lattice_finish(l) == 0);
  if (g.nedges > 1) qsort(g.edges, g.nedges, sizeof *g.edges, cmp_edge);
  check_lattice(l, &g, sentences);

  run r = {&g, set, defs, NULL, 0, 0, stop_after};
  buf err = BUF_INIT;
  atomic_int stop = 0;
  int rc = rulematch_region(m, set, l, &d->st, on_hit, &r, &stop, &err);
  if (rc == -1) { /* only a regex can fail it (memory aside) */
    int any_re = 0;
    for (size_t k = 0; k < rule_set_count(set); k++)
      for (size_t i = 0; i < defs[k]->nnodes; i++)
        any_re |= defs[k]->nodes[i].test && defs[k]->nodes[i].test->re;
    FUZZ_CHECK(any_re && err.len > 0);
  } else if (stop_after && r.nhits == stop_after) {
    FUZZ_CHECK(rc == 77);
  } else {
    FUZZ_CHECK(rc == 0 && err.len == 0);
    if (g.ntok <= MAX_NODES_NAIVE) check_naive(&r);
  }
  buf_free(&err);
  free(r.hits);
  free(g.tok);
  free(g.sent);
  free(g.edges);
}

typedef struct blocks {
  size_t *v;
  size_t n, cap;
} blocks;

static int on_block(void *ud, size_t s, size_t e) {
  blocks *b = ud;
  if (b->n == b->cap) {
    b->cap = b->cap ? 2 * b->cap : 8;
    b->v = realloc(b->v, 2 * b->cap * sizeof *b->v);
    if (!b->v) abort();
  }
  b->v[2 * b->n] = s;
  b->v[2 * b->n++ + 1] = e;
  return 0;
}

static int by_output(const void *pa, const void *pb) {
  const annot *a = *(const annot *const *)pa, *b = *(const annot *const *)pb;
  if (a->start != b->start) return a->start < b->start ? -1 : 1;
  if (a->end != b->end) return a->end < b->end ? -1 : 1;
  return (a->seq > b->seq) - (a->seq < b->seq);
}

/* ---- the input ---- */

static void make_text(fuzz_in *in, doc *d) {
  buf b = BUF_INIT;
  size_t n = fuzz_u8(in) % (MAX_WORDS + 1);
  for (size_t i = 0; i < n; i++) {
    unsigned c = fuzz_u8(in);
    if (c < 0xF8) {
      if (buf_adds(&b, words[c % NWORDS]) || buf_adds(&b, seps[(c / NWORDS) % 8])) abort();
    } else { /* a few raw characters (valid UTF-8, no NUL: a view) */
      char *s = fuzz_str(in, 4);
      if (buf_adds(&b, s) || buf_adds(&b, " ")) abort();
      free(s);
    }
  }
  d->len = b.len;
  d->text = b.s ? buf_detach(&b, NULL) : calloc(1, 1);
  if (!d->text) abort();
}

static const char *intern(annot_store *st, const char *s) {
  const char *p = annot_intern(st, s);
  if (!p) abort();
  return p;
}

/* Annotations placed by token (of the whole text), some off the token
 * boundaries, some empty. */
static void make_anns(fuzz_in *in, doc *d) {
  region all = {.text = d->text};
  sentence_tokens(d->text, 0, d->len, &d->so, on_tok, &all);
  size_t n = fuzz_u8(in) % (MAX_ANNS + 1);
  for (size_t i = 0; i < n && all.ntok; i++) {
    unsigned p = fuzz_u8(in), q = fuzz_u8(in), at = fuzz_u8(in);
    size_t a = p % all.ntok, b = a + (q & 3);
    if (b >= all.ntok) b = all.ntok - 1;
    size_t s = all.tok[2 * a], e = all.tok[2 * b + 1];
    if (q & 4 && s + 1 < e) { /* inside the first token */
      s++;
      while (!utf8_boundary(d->text, d->len, s)) s++;
    }
    if (q & 8 && e < d->len) e++; /* past the last one */
    while (!utf8_boundary(d->text, d->len, e)) e++;
    if (q & 16) e = s;
    annot_attrs *attrs = NULL;
    size_t na = (at & 1) + (at >> 1 & 1) + (at >> 2 & 1);
    if (na) {
      attrs = malloc(sizeof *attrs + na * sizeof attrs->v[0]);
      if (!attrs) abort();
      attrs->n = 0;
      if (at & 1) { /* kind: a string */
        attrs->v[attrs->n++] = (annot_attr){intern(&d->st, "kind"), ATTR_STRING,
                                            intern(&d->st, at & 8 ? "city" : "person"), 0, 0};
      }
      if (at & 2) { /* n: a number, an integer, NaN, ∞ */
        static const double nums[] = {1, 2.5, NAN, INFINITY};
        annot_attr v = {intern(&d->st, "n"), at & 16 ? ATTR_INTEGER : ATTR_NUMBER, NULL, 0, 0};
        if (at & 16) v.i = 1 + (at >> 5 & 1);
        else v.n = nums[at >> 5 & 3];
        attrs->v[attrs->n++] = v;
      }
      if (at & 4) /* ok: a boolean */
        attrs->v[attrs->n++] = (annot_attr){intern(&d->st, "ok"), ATTR_BOOL, NULL, 0, at >> 7 & 1};
      if (!annot_keep_attrs(&d->st, attrs)) abort();
    }
    const char *label = intern(&d->st, labels[(q >> 5) % NLABELS]);
    if (!annot_add(&d->st, s, e, label, NULL, intern(&d->st, "fuzz"), 0, attrs, NULL)) abort();
  }
  free(all.tok);
  d->nsorted = d->st.n;
  d->sorted = malloc((d->st.n + 1) * sizeof *d->sorted);
  if (!d->sorted) abort();
  for (size_t i = 0; i < d->st.n; i++) d->sorted[i] = &d->st.v[i];
  if (d->st.n > 1) qsort(d->sorted, d->st.n, sizeof *d->sorted, by_output);
}

static dict *make_dict(fuzz_in *in) {
  unsigned o = fuzz_u8(in);
  dict_opts opts = {o & 1, !!(o & 2), !!(o & 4)};
  dict *d = dict_new(&opts);
  if (!d) abort();
  for (size_t k = 0, n = (o >> 3) % 5; k < n; k++) { /* 1..3 words a key */
    unsigned c = fuzz_u8(in);
    buf b = BUF_INIT;
    for (unsigned w = 0; w <= c % 3; w++)
      if ((w && buf_adds(&b, " ")) || buf_adds(&b, words[fuzz_u8(in) % NWORDS])) abort();
    if (dict_add(d, b.s, b.len, NULL, 0)) abort();
    buf_free(&b);
  }
  if (dict_build(d)) abort();
  return d;
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  fuzz_init();
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 4096 || size < 2) return 0;
  fuzz_in in = {data, size};
  unsigned opts = fuzz_u8(&in);
  doc d = {0};
  annot_init(&d.st);
  d.so.lang = opts & 1 ? lang_get("de", NULL) : NULL;
  make_text(&in, &d);
  make_anns(&in, &d);
  gen g = {.in = in};
  dict *dicts[2] = {make_dict(&g.in), make_dict(&g.in)};
  g.dicts[0] = dicts[0];
  g.dicts[1] = dicts[1];
  rule_def *defs[MAX_RULES];
  size_t nr = 0, want = 1 + fuzz_u8(&g.in) % MAX_RULES;
  for (size_t i = 0; i < want; i++) {
    rule_def *r = make_rule(&g, i);
    if (r) defs[nr++] = r;
  }
  size_t prog = 0;
  for (size_t i = 0; i < nr; i++) prog = sat_add(prog, sat_add(prog_node(defs[i], 0), 1)); /* MATCH */

  blocks bl = {0};
  sentence_blocks(d.text, 0, d.len, on_block, &bl);
  lattice l;
  lattice_init(&l);
  rulematch *m = rulematch_new();
  if (!m) abort();
  static const rule_select sels[] = {RULE_SELECT_LONGEST, RULE_SELECT_ALL, RULE_SELECT_FIRST};
  /* A set too large to run is compiled once, and only when bit 7 asks: its
   * size does not depend on the select mode, and emitting a program near
   * the limit takes a good part of a second under the sanitizers (the
   * fuzzer keeps such inputs, but should not spend most of its time on
   * them). */
  size_t nsets = prog <= RUN_PROGRAM ? 3 : opts & 0x80 ? 1 : 0;
  for (size_t si = 0; si < nsets; si++) {
    buf err = BUF_INIT;
    rule_set *set = rule_set_new(defs, nr, sels[si], &err);
    if (prog > PROGRAM_LIMIT) {
      FUZZ_CHECK(!set && err.s && strstr(err.s, "too large"));
      buf_free(&err);
      continue;
    }
    FUZZ_CHECK(set && !err.len);
    size_t np;
    rule_set_program(set, &np);
    FUZZ_CHECK(np == prog);
    FUZZ_CHECK(rule_set_memory(set) >= np * sizeof(rule_inst)); /* what the state is charged */
    FUZZ_CHECK(rule_set_count(set) == nr && rule_set_select(set) == sels[si]);
    int needs = 0;
    size_t ncaps = 0;
    for (size_t i = 0; i < nr; i++) {
      FUZZ_CHECK(rule_set_def(set, i) == defs[i]);
      needs |= !defs[i]->across;
      for (size_t c = 0; c < defs[i]->ncaps; c++)
        FUZZ_CHECK(rule_set_cap_index(set, defs[i]->caps[c]) != SIZE_MAX);
    }
    for (size_t c = 0; c < 3; c++) ncaps += rule_set_cap_index(set, capnames[c]) != SIZE_MAX;
    FUZZ_CHECK(rule_set_ncaps(set) == ncaps);
    FUZZ_CHECK(rule_set_needs_sentences(set) == needs);
    for (size_t k = 0; k < NLABELS; k++) {
      int named = 0;
      for (size_t i = 0; i < nr; i++)
        for (size_t j = 0; j < defs[i]->nnodes; j++) {
          const rule_node *n = &defs[i]->nodes[j];
          if (n->kind == RULE_ANN) named |= in_strs(n->test->labels, n->test->nlabels, labels[k], strlen(labels[k]));
        }
      FUZZ_CHECK(rule_set_wants_label(set, labels[k]) == named);
    }
    if (prog <= RUN_PROGRAM) {
      /* every block; once (all), a stop from the callback after the first hit */
      for (size_t b = 0; b < bl.n; b++)
        run_region(&d, set, defs, &l, m, bl.v[2 * b], bl.v[2 * b + 1],
                   sels[si] == RULE_SELECT_ALL && opts & 2 ? 1 : 0);
      if (opts & 4 && bl.n) { /* a range inside the first block */
        size_t from = bl.v[0] + (opts >> 3 & 15) * (bl.v[1] - bl.v[0]) / 16;
        while (!utf8_boundary(d.text, d.len, from)) from++;
        run_region(&d, set, defs, &l, m, from, bl.v[1], 0);
      }
    }
    rule_set_free(set);
    buf_free(&err);
  }
  rulematch_free(m);
  lattice_free(&l);
  free(bl.v);
  for (size_t i = 0; i < nr; i++) rule_def_free(defs[i]);
  dict_free(dicts[0]);
  dict_free(dicts[1]);
  free(d.sorted);
  annot_free(&d.st);
  free(d.text);
  return 0;
}

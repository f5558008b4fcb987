/* Rule definitions, and their compiling into one program per set with an
 * index of first elements. The program is a Thompson NFA whose consuming
 * steps are elements (edges of the lattice, not characters); quantifiers
 * are expanded ({2, 4} is two copies and two optional ones), so the
 * matcher knows only CONSUME, SPLIT, JMP, SAVE and MATCH. */
#include "rule.h"

#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "tokattr.h"

/* A program past this many instructions (quantifiers expand) is refused:
 * each start position of a match may visit them all. */
#define RULE_MAX_PROGRAM (1u << 20)

char *rule_strdup(const char *s, size_t n) {
  char *p = malloc(n + 1);
  if (!p) return NULL;
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

int rule_list_add(char ***v, size_t *n, const char *s, size_t len) {
  char *c = rule_strdup(s, len);
  char **p = c ? realloc(*v, (*n + 1) * sizeof *p) : NULL;
  if (!p) {
    free(c);
    return -1;
  }
  p[(*n)++] = c;
  *v = p;
  return 0;
}

static void free_list(char **v, size_t n) {
  for (size_t i = 0; i < n; i++) free(v[i]);
  free(v);
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

void rule_test_sort(rule_test *t) {
  if (t->nlower > 1) qsort(t->lower, t->nlower, sizeof *t->lower, cmp_str);
}

void rule_test_free(rule_test *t) {
  if (!t) return;
  free_list(t->text, t->ntext);
  free_list(t->lower, t->nlower);
  free(t->shape);
  free(t->prefix);
  free(t->suffix);
  regex_free(t->re);
  free_list(t->labels, t->nlabels);
  for (size_t i = 0; i < t->nattrs; i++) {
    free(t->attrs[i].key);
    free(t->attrs[i].s);
  }
  free(t->attrs);
  rule_test_free(t->not);
  free(t);
}

rule_def *rule_def_new(const char *name) {
  rule_def *r = calloc(1, sizeof *r);
  if (!r) return NULL;
  r->name = rule_strdup(name, strlen(name));
  if (!r->name || rule_def_node(r, RULE_SEQ) == SIZE_MAX) {
    rule_def_free(r);
    return NULL;
  }
  return r;
}

void rule_def_free(rule_def *r) {
  if (!r) return;
  for (size_t i = 0; i < r->nnodes; i++) rule_test_free(r->nodes[i].test);
  free(r->nodes);
  free(r->kids);
  free_list(r->caps, r->ncaps);
  free(r->stack);
  free(r->name);
  free(r->label);
  free(r->note);
  free(r);
}

size_t rule_def_node(rule_def *r, rule_kind k) {
  if (grow_array((void **)&r->nodes, &r->nodecap, r->nnodes + 1, sizeof *r->nodes)) return SIZE_MAX;
  rule_node *n = &r->nodes[r->nnodes];
  memset(n, 0, sizeof *n);
  n->kind = k;
  n->min = n->max = 1;
  if (k != RULE_SEQ && k != RULE_ALT) {
    n->test = calloc(1, sizeof *n->test);
    if (!n->test) return SIZE_MAX;
    n->test->len_max = SIZE_MAX;
  }
  return r->nnodes++;
}

size_t rule_def_mark(const rule_def *r) { return r->nstack; }

int rule_def_push(rule_def *r, size_t child) {
  if (grow_array((void **)&r->stack, &r->stackcap, r->nstack + 1, sizeof *r->stack)) return -1;
  r->stack[r->nstack++] = child;
  return 0;
}

int rule_def_close(rule_def *r, size_t parent, size_t mark) {
  size_t n = r->nstack - mark;
  if (grow_array((void **)&r->kids, &r->kidcap, r->nkids + n, sizeof *r->kids)) return -1;
  memcpy(r->kids + r->nkids, r->stack + mark, n * sizeof *r->kids);
  r->nodes[parent].first = r->nkids;
  r->nodes[parent].nkids = n;
  r->nkids += n;
  r->nstack = mark;
  return 0;
}

int rule_def_nullable(const rule_def *r, size_t ni, int body_only) {
  const rule_node *n = &r->nodes[ni];
  if (!body_only && n->min == 0) return 1;
  if (n->kind == RULE_SEQ) {
    for (size_t k = 0; k < n->nkids; k++)
      if (!rule_def_nullable(r, r->kids[n->first + k], 0)) return 0;
    return 1;
  }
  if (n->kind == RULE_ALT) {
    for (size_t k = 0; k < n->nkids; k++)
      if (rule_def_nullable(r, r->kids[n->first + k], 0)) return 1;
    return 0;
  }
  return 0;
}

size_t rule_def_cap(rule_def *r, const char *name) {
  for (size_t i = 0; i < r->ncaps; i++)
    if (!strcmp(r->caps[i], name)) return i;
  if (grow_array((void **)&r->caps, &r->capcap, r->ncaps + 1, sizeof *r->caps)) return SIZE_MAX;
  r->caps[r->ncaps] = rule_strdup(name, strlen(name));
  return r->caps[r->ncaps] ? r->ncaps++ : SIZE_MAX;
}

/* The index: string keys to rule lists, open addressing, at most half full. */
typedef struct ikey {
  const char *key; /* borrowed from a def's test */
  size_t len;
  uint32_t *rules;
  size_t n, cap;
} ikey;

typedef struct imap {
  ikey *v;
  size_t cap, n;
} imap;

static size_t hash(const char *s, size_t n) {
  size_t h = 1469598103934665603ull;
  for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
  return h;
}

static ikey *imap_find(const imap *m, const char *k, size_t n) {
  if (!m->cap) return NULL;
  for (size_t i = hash(k, n) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
    ikey *e = &m->v[i];
    if (!e->key) return NULL;
    if (e->len == n && !memcmp(e->key, k, n)) return e;
  }
}

static int imap_add(imap *m, const char *k, size_t n, uint32_t rule) {
  if ((m->n + 1) * 2 > m->cap) {
    size_t cap = m->cap ? m->cap * 2 : 64;
    ikey *v = calloc(cap, sizeof *v);
    if (!v) return -1;
    for (size_t i = 0; i < m->cap; i++) {
      if (!m->v[i].key) continue;
      size_t j = hash(m->v[i].key, m->v[i].len) & (cap - 1);
      while (v[j].key) j = (j + 1) & (cap - 1);
      v[j] = m->v[i];
    }
    free(m->v);
    m->v = v;
    m->cap = cap;
  }
  ikey *e = imap_find(m, k, n);
  if (!e) {
    size_t j = hash(k, n) & (m->cap - 1);
    while (m->v[j].key) j = (j + 1) & (m->cap - 1);
    e = &m->v[j];
    e->key = k;
    e->len = n;
    m->n++;
  }
  if (e->n && e->rules[e->n - 1] == rule) return 0; /* rules come in order */
  if (grow_array((void **)&e->rules, &e->cap, e->n + 1, sizeof *e->rules)) return -1;
  e->rules[e->n++] = rule;
  return 0;
}

static void imap_free(imap *m) {
  for (size_t i = 0; i < m->cap; i++) free(m->v[i].rules);
  free(m->v);
}

static size_t imap_memory(const imap *m) {
  size_t b = m->cap * sizeof *m->v;
  for (size_t i = 0; i < m->cap; i++) b += m->v[i].cap * sizeof(uint32_t);
  return b;
}

struct rule_set {
  rule_def **defs;
  size_t n;
  rule_select select;
  rule_inst *prog;
  size_t nprog, progcap;
  uint32_t *entry;       /* per rule */
  size_t **capmap;       /* per rule: its capture i is the set's capmap[r][i] */
  char **caps;           /* the set's capture names (borrowed) */
  size_t ncaps, capcap;
  const dict **dicts;
  size_t ndicts;
  const char **labels;   /* every label an ANN element names, sorted, unique (borrowed) */
  size_t nlabels;
  imap by_text, by_lower, by_label;
  imap second_text, second_lower; /* rules by the literal after their first element */
  imap pairs;            /* rules by the foldings of their first two literals, RULE_PAIR_SEP between */
  char **pairkeys;       /* the pairs map's keys, owned */
  size_t npairkeys, pairkeycap;
  uint32_t *unindexed;
  size_t nunindexed;
  int sentences;
};

typedef struct emitter {
  rule_set *s;
  const rule_def *r;
  uint32_t rule;
  buf *err;
  int failed;
} emitter;

static void too_large(emitter *e) {
  buf_printf(e->err, "rule '%s' is too large once its quantifiers are expanded (over %u steps): "
             "use smaller {m, n} bounds or '*' and '+'", e->r->name, RULE_MAX_PROGRAM);
  e->failed = 1;
}

static uint32_t emit(emitter *e, uint8_t op) {
  rule_set *s = e->s;
  if (e->failed) return 0;
  if (s->nprog >= RULE_MAX_PROGRAM) {
    too_large(e);
    return 0;
  }
  if (grow_array((void **)&s->prog, &s->progcap, s->nprog + 1, sizeof *s->prog)) {
    buf_printf(e->err, "out of memory");
    e->failed = 1;
    return 0;
  }
  rule_inst *in = &s->prog[s->nprog];
  memset(in, 0, sizeof *in);
  in->op = op;
  in->rule = e->rule;
  return (uint32_t)s->nprog++;
}

#define AT(e, i) ((e)->s->prog[i])
#define HERE(e) ((uint32_t)(e)->s->nprog)

static void emit_node(emitter *e, size_t ni);

static uint32_t dict_index(rule_set *s, const dict *d) {
  for (size_t i = 0; i < s->ndicts; i++)
    if (s->dicts[i] == d) return (uint32_t)i;
  return UINT32_MAX; /* every dict was gathered before emitting */
}

/* One occurrence of the node, without its quantifier or capture. */
static void emit_body(emitter *e, size_t ni) {
  const rule_node *n = &e->r->nodes[ni];
  if (n->kind == RULE_SEQ) {
    for (size_t k = 0; k < n->nkids; k++) emit_node(e, e->r->kids[n->first + k]);
    return;
  }
  if (n->kind == RULE_ALT) {
    uint32_t jumps[64], *jv = jumps;
    size_t nj = 0;
    if (n->nkids > 64 && !(jv = malloc(n->nkids * sizeof *jv))) {
      buf_printf(e->err, "out of memory");
      e->failed = 1;
      return;
    }
    for (size_t k = 0; k < n->nkids; k++) {
      uint32_t split = 0;
      if (k + 1 < n->nkids) split = emit(e, RULE_OP_SPLIT);
      if (!e->failed && k + 1 < n->nkids) AT(e, split).x = HERE(e);
      emit_node(e, e->r->kids[n->first + k]);
      if (k + 1 < n->nkids) {
        jv[nj++] = emit(e, RULE_OP_JMP);
        if (!e->failed) AT(e, split).y = HERE(e);
      }
    }
    for (size_t k = 0; !e->failed && k < nj; k++) AT(e, jv[k]).x = HERE(e);
    if (jv != jumps) free(jv);
    return;
  }
  uint32_t c = emit(e, RULE_OP_CONSUME);
  if (e->failed) return;
  AT(e, c).elem = n;
  AT(e, c).delem = n->kind == RULE_DICT ? dict_index(e->s, n->test->dict) : 0;
  AT(e, c).x = HERE(e);
}

static void emit_node(emitter *e, size_t ni) {
  const rule_node *n = &e->r->nodes[ni];
  size_t min = n->min, max = n->max;
  if (n->cap) {
    uint32_t sv = emit(e, RULE_OP_SAVE);
    if (e->failed) return;
    AT(e, sv).slot = (uint32_t)(2 * e->s->capmap[e->rule][n->cap - 1]);
    AT(e, sv).x = HERE(e);
  }
  for (size_t k = 0; k < min && !e->failed; k++) emit_body(e, ni);
  if (max == RULE_MANY) {
    uint32_t loop = emit(e, RULE_OP_SPLIT);
    if (!e->failed) AT(e, loop).x = HERE(e);
    emit_body(e, ni);
    uint32_t j = emit(e, RULE_OP_JMP);
    if (!e->failed) {
      AT(e, j).x = loop;
      AT(e, loop).y = HERE(e);
    }
  } else if (max > min) {
    /* each optional copy may be skipped, to the end of them all */
    size_t nopt = max - min;
    /* each copy takes two steps at least: more copies than steps cannot
     * fit, and their count times sizeof *splits could wrap ({0, 2^62}) */
    if (nopt > RULE_MAX_PROGRAM) {
      if (!e->failed) too_large(e);
      return;
    }
    uint32_t *splits = malloc(nopt * sizeof *splits);
    if (!splits) {
      buf_printf(e->err, "out of memory");
      e->failed = 1;
      return;
    }
    for (size_t k = 0; k < nopt && !e->failed; k++) {
      splits[k] = emit(e, RULE_OP_SPLIT);
      if (!e->failed) AT(e, splits[k]).x = HERE(e);
      emit_body(e, ni);
    }
    for (size_t k = 0; k < nopt && !e->failed; k++) AT(e, splits[k]).y = HERE(e);
    free(splits);
  }
  if (n->cap) {
    uint32_t sv = emit(e, RULE_OP_SAVE);
    if (e->failed) return;
    AT(e, sv).slot = (uint32_t)(2 * e->s->capmap[e->rule][n->cap - 1] + 1);
    AT(e, sv).x = HERE(e);
  }
}

static int add_unique_ptr(const void ***v, size_t *n, const void *p) {
  for (size_t i = 0; i < *n; i++)
    if ((*v)[i] == p) return 0;
  const void **q = realloc(*v, (*n + 1) * sizeof *q);
  if (!q) return -1;
  q[(*n)++] = p;
  *v = q;
  return 0;
}

/* Gathers the set's dicts and labels from the leaves of every def. */
static int gather(rule_set *s) {
  for (size_t r = 0; r < s->n; r++) {
    const rule_def *d = s->defs[r];
    for (size_t i = 0; i < d->nnodes; i++) {
      const rule_test *t = d->nodes[i].test;
      if (!t) continue;
      if (t->dict && add_unique_ptr((const void ***)&s->dicts, &s->ndicts, t->dict)) return -1;
      for (size_t k = 0; k < t->nlabels; k++) {
        const char **v = realloc(s->labels, (s->nlabels + 1) * sizeof *v);
        if (!v) return -1;
        v[s->nlabels++] = t->labels[k];
        s->labels = v;
      }
    }
    if (!d->across) s->sentences = 1;
  }
  if (s->nlabels > 1) qsort(s->labels, s->nlabels, sizeof *s->labels, cmp_str);
  size_t u = 0;
  for (size_t i = 0; i < s->nlabels; i++)
    if (!u || strcmp(s->labels[u - 1], s->labels[i])) s->labels[u++] = s->labels[i];
  s->nlabels = u;
  return 0;
}

/* The set's capture slot of every capture name of every rule: one slot
 * per distinct name across the set. */
static int map_caps(rule_set *s) {
  s->capmap = calloc(s->n ? s->n : 1, sizeof *s->capmap);
  if (!s->capmap) return -1;
  for (size_t r = 0; r < s->n; r++) {
    const rule_def *d = s->defs[r];
    s->capmap[r] = malloc((d->ncaps ? d->ncaps : 1) * sizeof **s->capmap);
    if (!s->capmap[r]) return -1;
    for (size_t i = 0; i < d->ncaps; i++) {
      size_t k = rule_set_cap_index(s, d->caps[i]);
      if (k == SIZE_MAX) {
        if (grow_array((void **)&s->caps, &s->capcap, s->ncaps + 1, sizeof *s->caps)) return -1;
        k = s->ncaps;
        s->caps[s->ncaps++] = d->caps[i];
      }
      s->capmap[r][i] = k;
    }
  }
  return 0;
}

/* The CONSUMEs rule r's program reaches from pc without consuming, into
 * out (room for the rule's length); *ends set when its MATCH is reached. */
static size_t reach(const rule_set *s, uint32_t r, uint32_t pc, unsigned char *seen,
                    uint32_t *stack, uint32_t *out, int *ends) {
  size_t lo = s->entry[r], hi = r + 1 < s->n ? s->entry[r + 1] : s->nprog;
  memset(seen, 0, hi - lo);
  size_t ns = 0, nout = 0;
  stack[ns++] = pc;
  seen[pc - lo] = 1;
  *ends = 0;
  while (ns) {
    uint32_t at = stack[--ns];
    const rule_inst *in = &s->prog[at];
    uint32_t next[2];
    int nn = 0;
    switch (in->op) {
    case RULE_OP_CONSUME: out[nout++] = at; break;
    case RULE_OP_SPLIT: next[nn++] = in->x; next[nn++] = in->y; break;
    case RULE_OP_JMP:
    case RULE_OP_SAVE: next[nn++] = in->x; break;
    default: *ends = 1; break; /* MATCH */
    }
    for (int k = 0; k < nn; k++)
      if (!seen[next[k] - lo]) {
        seen[next[k] - lo] = 1;
        stack[ns++] = next[k];
      }
  }
  return nout;
}

static int literal(const rule_node *n) {
  return n->kind == RULE_TOKEN && (n->test->ntext || n->test->nlower);
}

/* Adds r under the literals of a token element or the labels of an
 * annotation element. */
static int index_under(imap *text, imap *lower, imap *label, const rule_node *n, uint32_t r) {
  const rule_test *t = n->test;
  if (n->kind == RULE_ANN) {
    for (size_t k = 0; k < t->nlabels; k++)
      if (imap_add(label, t->labels[k], strlen(t->labels[k]), r)) return -1;
  } else if (t->ntext) {
    for (size_t k = 0; k < t->ntext; k++)
      if (imap_add(text, t->text[k], strlen(t->text[k]), r)) return -1;
  } else {
    for (size_t k = 0; k < t->nlower; k++)
      if (imap_add(lower, t->lower[k], strlen(t->lower[k]), r)) return -1;
  }
  return 0;
}

/* The foldings of a literal token element's strings, appended to out
 * with a NUL after each; their count, or -1 out of memory. */
static long foldings(const rule_node *n, buf *out) {
  const rule_test *t = n->test;
  if (t->ntext) {
    for (size_t k = 0; k < t->ntext; k++)
      if (tokattr_lower(out, t->text[k], strlen(t->text[k])) || buf_add(out, "", 1)) return -1;
    return (long)t->ntext;
  }
  for (size_t k = 0; k < t->nlower; k++)
    if (buf_add(out, t->lower[k], strlen(t->lower[k]) + 1)) return -1;
  return (long)t->nlower;
}

/* Adds r under the pair (first folding, second folding): every pair of
 * a's and b's. */
static int index_pairs(rule_set *s, const rule_node *a, const rule_node *b, uint32_t r) {
  buf fa = BUF_INIT, fb = BUF_INIT, key = BUF_INIT;
  int rc = -1;
  long na = foldings(a, &fa), nb = foldings(b, &fb);
  if (na < 0 || nb < 0) goto out;
  const char *x = fa.s;
  for (long i = 0; i < na; i++, x += strlen(x) + 1) {
    const char *y = fb.s;
    for (long j = 0; j < nb; j++, y += strlen(y) + 1) {
      key.len = 0;
      if (buf_adds(&key, x) || buf_add(&key, RULE_PAIR_SEP, 1) || buf_adds(&key, y)) goto out;
      ikey *e = imap_find(&s->pairs, key.s, key.len);
      const char *k = e ? e->key : NULL;
      if (!k) {
        if (grow_array((void **)&s->pairkeys, &s->pairkeycap, s->npairkeys + 1, sizeof *s->pairkeys))
          goto out;
        char *c = rule_strdup(key.s, key.len);
        if (!c) goto out;
        s->pairkeys[s->npairkeys++] = c;
        k = c;
      }
      if (imap_add(&s->pairs, k, key.len, r)) goto out;
    }
  }
  rc = 0;
out:
  buf_free(&fa);
  buf_free(&fb);
  buf_free(&key);
  return rc;
}

static size_t nliterals(const rule_node *n) { return n->test->ntext ? n->test->ntext : n->test->nlower; }

/* The first elements of rule r (the CONSUMEs its entry reaches without
 * consuming) index it, each the most selective way it allows: a literal
 * token always followed by literals under the pairs of their foldings
 * (rules sharing a first word, "the X", are not all tried at every "the");
 * a token test or an annotation always followed by literals under those
 * (the "second" maps, looked up with the token after each edge from a
 * node: {is_title}, {lower = "said"} is not tried at every token); else a
 * literal under its texts or foldings, an annotation under its labels.
 * When one first element allows none of these, r is unindexed. */
static int index_rule(rule_set *s, uint32_t r) {
  size_t lo = s->entry[r], hi = r + 1 < s->n ? s->entry[r + 1] : s->nprog;
  unsigned char *seen = malloc(2 * (hi - lo)); /* and how, after it */
  uint32_t *stack = malloc((hi - lo) * sizeof *stack);
  uint32_t *first = malloc((hi - lo) * sizeof *first);
  uint32_t *second = malloc((hi - lo) * sizeof *second);
  int rc = -1, ends;
  if (!seen || !stack || !first || !second) goto out;
  size_t nf = reach(s, r, (uint32_t)lo, seen, stack, first, &ends);
  /* how each first element indexes r: 1 its own literals or labels, 2 the
   * literals after it, 0 neither (r is unindexed) */
  unsigned char *how = seen + (hi - lo); /* after reach's own use of seen */
  int indexable = nf > 0;
  for (size_t i = 0; i < nf && indexable; i++) {
    const rule_node *f = s->prog[first[i]].elem;
    how[i] = 0;
    if (literal(f)) {
      /* followed by literals only (and few pairs of them): by the pair */
      size_t n2 = reach(s, r, s->prog[first[i]].x, seen, stack, second, &ends), pairs = 0;
      int lit = n2 > 0 && !ends;
      for (size_t k = 0; k < n2 && lit; k++) {
        lit = literal(s->prog[second[k]].elem);
        if (lit) pairs += nliterals(f) * nliterals(s->prog[second[k]].elem);
      }
      how[i] = lit && pairs <= RULE_MAX_PAIRS ? 3 : 1;
    } else if (f->kind != RULE_DICT) {
      size_t n2 = reach(s, r, s->prog[first[i]].x, seen, stack, second, &ends);
      int lit = n2 > 0 && !ends;
      for (size_t k = 0; k < n2 && lit; k++) lit = literal(s->prog[second[k]].elem);
      how[i] = lit ? 2 : f->kind == RULE_ANN && f->test->nlabels ? 1 : 0;
    }
    indexable = how[i] != 0;
  }
  if (!indexable) {
    uint32_t *v = realloc(s->unindexed, (s->nunindexed + 1) * sizeof *v);
    if (!v) goto out;
    v[s->nunindexed++] = r;
    s->unindexed = v;
    rc = 0;
    goto out;
  }
  for (size_t i = 0; i < nf; i++) {
    const rule_node *f = s->prog[first[i]].elem;
    if (how[i] == 1) {
      if (index_under(&s->by_text, &s->by_lower, &s->by_label, f, r)) goto out;
      continue;
    }
    size_t n2 = reach(s, r, s->prog[first[i]].x, seen, stack, second, &ends);
    for (size_t k = 0; k < n2; k++)
      if (how[i] == 3 ? index_pairs(s, f, s->prog[second[k]].elem, r)
                      : index_under(&s->second_text, &s->second_lower, NULL,
                                    s->prog[second[k]].elem, r))
        goto out;
  }
  rc = 0;
out:
  free(seen);
  free(stack);
  free(first);
  free(second);
  return rc;
}

rule_set *rule_set_new(rule_def *const *defs, size_t n, rule_select select, buf *err) {
  rule_set *s = calloc(1, sizeof *s);
  if (!s) goto oom;
  s->select = select;
  s->n = n;
  s->defs = malloc((n ? n : 1) * sizeof *s->defs);
  s->entry = malloc((n ? n : 1) * sizeof *s->entry);
  if (!s->defs || !s->entry) goto oom;
  memcpy(s->defs, defs, n * sizeof *defs);
  if (gather(s) || map_caps(s)) goto oom;
  for (size_t r = 0; r < n; r++) {
    emitter e = {s, defs[r], (uint32_t)r, err, 0};
    s->entry[r] = HERE(&e);
    emit_node(&e, 0);
    uint32_t m = emit(&e, RULE_OP_MATCH);
    (void)m;
    if (e.failed) {
      rule_set_free(s);
      return NULL;
    }
  }
  for (size_t r = 0; r < n; r++)
    if (index_rule(s, (uint32_t)r)) goto oom;
  return s;
oom:
  rule_set_free(s);
  buf_printf(err, "out of memory");
  return NULL;
}

void rule_set_free(rule_set *s) {
  if (!s) return;
  if (s->capmap)
    for (size_t r = 0; r < s->n; r++) free(s->capmap[r]);
  free(s->capmap);
  free(s->defs);
  free(s->entry);
  free(s->prog);
  free(s->caps);
  free(s->dicts);
  free(s->labels);
  imap_free(&s->by_text);
  imap_free(&s->by_lower);
  imap_free(&s->by_label);
  imap_free(&s->second_text);
  imap_free(&s->second_lower);
  imap_free(&s->pairs);
  for (size_t i = 0; i < s->npairkeys; i++) free(s->pairkeys[i]);
  free(s->pairkeys);
  free(s->unindexed);
  free(s);
}

size_t rule_set_count(const rule_set *s) { return s->n; }
const rule_def *rule_set_def(const rule_set *s, size_t i) { return s->defs[i]; }
rule_select rule_set_select(const rule_set *s) { return s->select; }
size_t rule_set_ncaps(const rule_set *s) { return s->ncaps; }
const char *rule_set_cap(const rule_set *s, size_t i) { return s->caps[i]; }

size_t rule_set_cap_index(const rule_set *s, const char *name) {
  for (size_t i = 0; i < s->ncaps; i++)
    if (!strcmp(s->caps[i], name)) return i;
  return SIZE_MAX;
}

int rule_set_needs_sentences(const rule_set *s) { return s->sentences; }

int rule_set_wants_label(const rule_set *s, const char *label) {
  return s->nlabels && bsearch(&label, s->labels, s->nlabels, sizeof *s->labels, cmp_str);
}

size_t rule_set_ndicts(const rule_set *s) { return s->ndicts; }
const dict *rule_set_dict(const rule_set *s, size_t i) { return s->dicts[i]; }

size_t rule_set_memory(const rule_set *s) {
  return sizeof *s + s->nprog * sizeof *s->prog + s->n * (sizeof *s->defs + sizeof *s->entry) +
         s->nlabels * sizeof *s->labels + imap_memory(&s->by_text) + imap_memory(&s->by_lower) +
         imap_memory(&s->by_label) + imap_memory(&s->second_text) +
         imap_memory(&s->second_lower) + imap_memory(&s->pairs) +
         s->pairkeycap * (sizeof *s->pairkeys + 32) + s->nunindexed * sizeof *s->unindexed;
}

const rule_inst *rule_set_program(const rule_set *s, size_t *n) {
  *n = s->nprog;
  return s->prog;
}

uint32_t rule_set_entry(const rule_set *s, size_t i) { return s->entry[i]; }

static const uint32_t *lookup(const imap *m, const char *k, size_t len, size_t *n) {
  const ikey *e = imap_find(m, k, len);
  *n = e ? e->n : 0;
  return e ? e->rules : NULL;
}

const uint32_t *rule_set_by_text(const rule_set *s, const char *text, size_t len, size_t *n) {
  return lookup(&s->by_text, text, len, n);
}

const uint32_t *rule_set_by_lower(const rule_set *s, const char *folded, size_t len, size_t *n) {
  return lookup(&s->by_lower, folded, len, n);
}

const uint32_t *rule_set_by_label(const rule_set *s, const char *label, size_t *n) {
  return lookup(&s->by_label, label, strlen(label), n);
}

const uint32_t *rule_set_unindexed(const rule_set *s, size_t *n) {
  *n = s->nunindexed;
  return s->unindexed;
}

const uint32_t *rule_set_second_text(const rule_set *s, const char *text, size_t len, size_t *n) {
  return lookup(&s->second_text, text, len, n);
}

const uint32_t *rule_set_second_lower(const rule_set *s, const char *folded, size_t len,
                                      size_t *n) {
  return lookup(&s->second_lower, folded, len, n);
}

int rule_set_uses_folding(const rule_set *s) {
  return s->by_lower.n > 0 || s->second_lower.n > 0;
}

const uint32_t *rule_set_by_pair(const rule_set *s, const char *key, size_t len, size_t *n) {
  return lookup(&s->pairs, key, len, n);
}

int rule_set_uses_pairs(const rule_set *s) { return s->pairs.n > 0; }

int rule_set_uses_second(const rule_set *s) {
  return s->second_text.n > 0 || s->second_lower.n > 0;
}

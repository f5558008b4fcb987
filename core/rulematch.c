/* The rule matcher. From each start node the rules the index proposes are
 * run together, as a Thompson simulation over the lattice's nodes (edges
 * only go forward, so nodes are visited in order, each pc once per node):
 * that finds every (rule, end) reachable. The match to report, and its
 * captures, are then found by a depth-first search in preference order
 * (earlier alternatives, more repetitions, longer edges first) that visits
 * each (pc, node) once: the path a backtracking matcher would take, in
 * time linear in the program and the match's length. */
#include "rulematch.h"

#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "tokattr.h"
#include "utf8.h"

typedef struct bent {
  uint32_t pc, next;
} bent;

typedef struct ending {
  uint32_t rule, end;
} ending;

typedef struct frame {
  uint32_t pc, node;
  size_t k; /* SPLIT: branches tried; CONSUME: edges tried; JMP, SAVE: 1 once tried */
  size_t edge; /* CONSUME: the edge taken, SIZE_MAX for the token */
} frame;

struct rulematch {
  uint64_t *stamp;  /* per pc: (run << 32 | node) once visited at node in run */
  size_t stampcap;
  bent *pool;
  size_t npool, poolcap;
  uint32_t *head;   /* per node: first of its pending pcs in pool, or UINT32_MAX */
  size_t headcap;
  uint32_t *work;   /* the closure's stack */
  size_t workcap;
  ending *ends;
  size_t nends, endcap;
  uint64_t *candstamp; /* per rule: the run it was proposed in */
  size_t candcap;
  uint32_t *cands;
  size_t ncands, candscap;
  frame *frames;
  size_t nframes, framecap;
  unsigned char *seen;
  size_t seencap;
  size_t *caps;
  size_t capcap;
  buf tmp;
  buf key; /* the pair index's key */
  uint64_t run;
  size_t steps;
  const atomic_int *stop;
  buf *err;
  int failed; /* -1 error, RULEMATCH_STOPPED */
};

rulematch *rulematch_new(void) {
  rulematch *m = calloc(1, sizeof *m);
  if (m) m->tmp = m->key = (buf)BUF_INIT;
  return m;
}

void rulematch_free(rulematch *m) {
  if (!m) return;
  free(m->stamp);
  free(m->pool);
  free(m->head);
  free(m->work);
  free(m->ends);
  free(m->candstamp);
  free(m->cands);
  free(m->frames);
  free(m->seen);
  free(m->caps);
  buf_free(&m->tmp);
  buf_free(&m->key);
  free(m);
}

static int oom(rulematch *m) {
  if (!m->failed) {
    buf_printf(m->err, "rules: out of memory");
    m->failed = -1;
  }
  return 0;
}

/* Every few thousand steps: has the run been told to stop? */
static int stopped(rulematch *m) {
  if (++m->steps & 4095) return m->failed != 0;
  if (m->stop && atomic_load(m->stop)) m->failed = RULEMATCH_STOPPED;
  return m->failed != 0;
}

static int in_list(char *const *v, size_t n, const char *s, size_t len) {
  for (size_t i = 0; i < n; i++)
    if (strlen(v[i]) == len && !memcmp(v[i], s, len)) return 1;
  return 0;
}

static int in_sorted(char *const *v, size_t n, const char *s, size_t len) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    size_t ml = strlen(v[mid]);
    int c = memcmp(v[mid], s, ml < len ? ml : len);
    if (!c) c = ml < len ? -1 : ml > len;
    if (!c) return 1;
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return 0;
}

/* The token tests of t on text s[0..n): token tok of l (its attributes
 * cached) or, for a longer edge, UINT32_MAX. */
static int test_text(rulematch *m, const rule_test *t, lattice *l, uint32_t tok, const char *s,
                     size_t n) {
  if (t->ntext && !in_list(t->text, t->ntext, s, n)) return 0;
  if (t->prefix) {
    size_t k = strlen(t->prefix);
    if (k > n || memcmp(s, t->prefix, k)) return 0;
  }
  if (t->suffix) {
    size_t k = strlen(t->suffix);
    if (k > n || memcmp(s + n - k, t->suffix, k)) return 0;
  }
  if (t->flag_mask) {
    unsigned f = tok != UINT32_MAX ? lattice_flags(l, tok) : tokattr_flags(s, n);
    if ((f & t->flag_mask) != t->flag_want) return 0;
  }
  if (t->len_min || t->len_max != SIZE_MAX) {
    size_t cps = utf8_count(s, n);
    if (cps < t->len_min || cps > t->len_max) return 0;
  }
  if (t->nlower) {
    const char *f;
    size_t fl;
    if (tok != UINT32_MAX) {
      f = lattice_lower(l, tok, &fl);
    } else {
      m->tmp.len = 0;
      f = tokattr_lower(&m->tmp, s, n) ? NULL : m->tmp.s ? m->tmp.s : "";
      fl = m->tmp.len;
    }
    if (!f) return oom(m);
    if (!in_sorted(t->lower, t->nlower, f, fl)) return 0;
  }
  if (t->shape) {
    const char *f;
    size_t fl;
    if (tok != UINT32_MAX) {
      f = lattice_shape(l, tok, &fl);
    } else {
      m->tmp.len = 0;
      f = tokattr_shape(&m->tmp, s, n) ? NULL : m->tmp.s ? m->tmp.s : "";
      fl = m->tmp.len;
    }
    if (!f) return oom(m);
    if (strlen(t->shape) != fl || memcmp(t->shape, f, fl)) return 0;
  }
  if (t->re) {
    int rc = regex_whole(t->re, l->text, (size_t)(s - l->text), (size_t)(s - l->text) + n, m->err);
    if (rc < 0) {
      m->failed = -1;
      return 0;
    }
    if (!rc) return 0;
  }
  if (t->not && test_text(m, t->not, l, tok, s, n)) return 0;
  return 1;
}

static int attr_holds(const annot *a, const rule_attr *want) {
  if (!a->attrs) return 0;
  for (size_t i = 0; i < a->attrs->n; i++) {
    const annot_attr *h = &a->attrs->v[i];
    if (strcmp(h->key, want->key)) continue;
    switch (want->type) {
    case ATTR_STRING: return h->type == ATTR_STRING && !strcmp(h->s, want->s);
    case ATTR_BOOL: return h->type == ATTR_BOOL && (h->i != 0) == (want->n != 0);
    default:
      return (h->type == ATTR_NUMBER && h->n == want->n) ||
             (h->type == ATTR_INTEGER && (double)h->i == want->n);
    }
  }
  return 0;
}

/* Whether element n takes the edge (token tok when e is NULL). */
static int takes(rulematch *m, const rule_node *n, lattice *l, const annot_store *st, uint32_t tok,
                 const lattice_edge *e) {
  const rule_test *t = n->test;
  uint32_t from = e ? e->from : tok, to = e ? e->to : tok + 1;
  if (n->kind == RULE_ANN) {
    const annot *a = &st->v[e->ref];
    int ok = 0;
    for (size_t i = 0; i < t->nlabels && !ok; i++) ok = !strcmp(a->label, t->labels[i]);
    for (size_t i = 0; i < t->nattrs && ok; i++) ok = attr_holds(a, &t->attrs[i]);
    if (!ok) return 0;
  }
  size_t s = l->tok[2 * from], end = l->tok[2 * (to - 1) + 1];
  return test_text(m, t, l, e ? UINT32_MAX : tok, l->text + s, end - s);
}

/* The edges element n can take from node i: [*lo, *hi) of l->edges, or
 * the token (returns 1, *lo == *hi). */
static int edges_of(const rule_inst *in, const lattice *l, uint32_t i, size_t *lo, size_t *hi) {
  *lo = *hi = 0;
  if (in->elem->kind == RULE_TOKEN) return i < l->ntok;
  if (i >= l->ntok) return 0;
  uint32_t kind = in->elem->kind == RULE_ANN ? LATTICE_ANN : in->delem;
  size_t a = l->at[i], b = l->at[i + 1];
  while (a < b && l->edges[a].kind != kind) a++;
  size_t c = a;
  while (c < b && l->edges[c].kind == kind) c++;
  *lo = a;
  *hi = c;
  return 0;
}

static int same_sentence(const rule_set *s, const lattice *l, uint32_t rule, uint32_t start,
                         uint32_t to) {
  return rule_set_def(s, rule)->across || l->sent[to - 1] == l->sent[start];
}

static void pend(rulematch *m, uint32_t node, uint32_t pc) {
  if (grow_array((void **)&m->pool, &m->poolcap, m->npool + 1, sizeof *m->pool)) {
    oom(m);
    return;
  }
  m->pool[m->npool] = (bent){pc, m->head[node]};
  m->head[node] = (uint32_t)m->npool++;
}

/* The simulation from node start: every (rule, end) reachable, into ends.
 * Returns the last node reached. */
static uint32_t simulate(rulematch *m, const rule_set *s, lattice *l, const annot_store *st,
                         uint32_t start) {
  size_t np;
  const rule_inst *prog = rule_set_program(s, &np);
  m->npool = 0;
  m->nends = 0;
  m->run++;
  for (size_t i = 0; i < m->ncands; i++) pend(m, start, rule_set_entry(s, m->cands[i]));
  uint32_t last = start;
  for (uint32_t i = start; i <= l->ntok && !m->failed; i++) {
    if (m->head[i] == UINT32_MAX) {
      if (i > last) break; /* nothing pending here or later */
      continue;
    }
    uint64_t mark = m->run << 32 | i;
    size_t nw = 0;
    for (uint32_t b = m->head[i]; b != UINT32_MAX; b = m->pool[b].next) {
      if (grow_array((void **)&m->work, &m->workcap, nw + 1, sizeof *m->work)) return oom(m), last;
      m->work[nw++] = m->pool[b].pc;
    }
    m->head[i] = UINT32_MAX;
    while (nw && !m->failed) {
      uint32_t pc = m->work[--nw];
      if (m->stamp[pc] == mark) continue;
      m->stamp[pc] = mark;
      if (stopped(m)) break;
      const rule_inst *in = &prog[pc];
      switch (in->op) {
      case RULE_OP_SPLIT:
        if (grow_array((void **)&m->work, &m->workcap, nw + 2, sizeof *m->work)) return oom(m), last;
        m->work[nw++] = in->y;
        m->work[nw++] = in->x;
        break;
      case RULE_OP_JMP:
      case RULE_OP_SAVE:
        if (grow_array((void **)&m->work, &m->workcap, nw + 1, sizeof *m->work)) return oom(m), last;
        m->work[nw++] = in->x;
        break;
      case RULE_OP_MATCH:
        if (i > start) {
          if (grow_array((void **)&m->ends, &m->endcap, m->nends + 1, sizeof *m->ends)) return oom(m), last;
          m->ends[m->nends++] = (ending){in->rule, i};
        }
        break;
      default: { /* CONSUME */
        size_t lo, hi;
        if (edges_of(in, l, i, &lo, &hi)) {
          if (same_sentence(s, l, in->rule, start, i + 1) && takes(m, in->elem, l, st, i, NULL)) {
            pend(m, i + 1, in->x);
            if (i + 1 > last) last = i + 1;
          }
        }
        for (size_t k = lo; k < hi; k++) {
          const lattice_edge *e = &l->edges[k];
          if (!same_sentence(s, l, in->rule, start, e->to) || !takes(m, in->elem, l, st, 0, e))
            continue;
          pend(m, e->to, in->x);
          if (e->to > last) last = e->to;
        }
      }
      }
    }
  }
  /* what is still pending past a stop or an error */
  for (uint32_t i = start; i <= last && i <= l->ntok; i++) m->head[i] = UINT32_MAX;
  return last;
}

/* The preferred path of rule r from start to end (or, when end is
 * UINT32_MAX, to its first match by preference, nodes up to limit): left
 * on m->frames. Returns the end node, or UINT32_MAX when there is none. */
static uint32_t search(rulematch *m, const rule_set *s, lattice *l, const annot_store *st,
                       uint32_t r, uint32_t start, uint32_t end, uint32_t limit) {
  size_t np;
  const rule_inst *prog = rule_set_program(s, &np);
  uint32_t lo = rule_set_entry(s, r);
  uint32_t hi = r + 1 < rule_set_count(s) ? rule_set_entry(s, r + 1) : (uint32_t)np;
  uint32_t top = end != UINT32_MAX ? end : limit;
  size_t width = (size_t)(top - start) + 1, need = (size_t)(hi - lo) * width;
  if (grow_array((void **)&m->seen, &m->seencap, need, 1)) return oom(m), UINT32_MAX;
  memset(m->seen, 0, need);
  m->nframes = 0;
#define SEEN(pc, node) m->seen[(size_t)((pc) - lo) * width + ((node) - start)]
#define PUSH(pc_, node_)                                                                   \
  do {                                                                                     \
    if (grow_array((void **)&m->frames, &m->framecap, m->nframes + 1, sizeof *m->frames))         \
      return oom(m), UINT32_MAX;                                                           \
    SEEN(pc_, node_) = 1;                                                                  \
    m->frames[m->nframes++] = (frame){(pc_), (node_), 0, SIZE_MAX};                        \
  } while (0)
  PUSH(lo, start);
  while (m->nframes && !stopped(m)) {
    frame *f = &m->frames[m->nframes - 1];
    const rule_inst *in = &prog[f->pc];
    uint32_t next = UINT32_MAX, at = f->node;
    switch (in->op) {
    case RULE_OP_MATCH:
      if (at > start && (end == UINT32_MAX || at == end)) return at;
      break;
    case RULE_OP_JMP:
    case RULE_OP_SAVE:
      if (!f->k++) next = in->x;
      break;
    case RULE_OP_SPLIT:
      if (f->k < 2) next = f->k++ ? in->y : in->x;
      break;
    default: { /* CONSUME: the edges in order, the token being the only one of its kind */
      size_t elo, ehi;
      int tok = edges_of(in, l, at, &elo, &ehi);
      size_t count = tok ? 1 : ehi - elo;
      while (f->k < count && next == UINT32_MAX) {
        size_t k = f->k++;
        const lattice_edge *e = tok ? NULL : &l->edges[elo + k];
        uint32_t to = e ? e->to : at + 1;
        if (to > top || !same_sentence(s, l, r, start, to) || SEEN(in->x, to)) continue;
        if (!takes(m, in->elem, l, st, at, e)) continue;
        f->edge = e ? elo + k : SIZE_MAX;
        next = to;
      }
      if (next != UINT32_MAX) {
        PUSH(in->x, next);
        continue;
      }
      m->nframes--;
      continue;
    }
    }
    if (next != UINT32_MAX && !SEEN(next, at)) {
      PUSH(next, at);
      continue;
    }
    if (next != UINT32_MAX) continue; /* seen: try the frame's next branch */
    m->nframes--;
  }
#undef PUSH
#undef SEEN
  return UINT32_MAX;
}

/* The captures along the path on m->frames, into m->caps: each end SAVE
 * with the start SAVE that brackets it (the same capture may nest, as
 * {seq = {{..., as = "x"}}, as = "x"}); the last to end wins, an empty one
 * (no token) clearing what an earlier round caught. */
static int path_caps(rulematch *m, const rule_set *s, const lattice *l) {
  size_t nc = rule_set_ncaps(s);
  size_t np;
  const rule_inst *prog = rule_set_program(s, &np);
  if (grow_array((void **)&m->caps, &m->capcap, 3 * nc + 1, sizeof *m->caps)) return oom(m);
  for (size_t k = 0; k < nc; k++) {
    m->caps[3 * k] = m->caps[3 * k + 1] = SIZE_MAX;
    m->caps[3 * k + 2] = 0;
  }
  for (size_t i = 0; i < m->nframes; i++) {
    const rule_inst *in = &prog[m->frames[i].pc];
    if (in->op != RULE_OP_SAVE || !(in->slot & 1)) continue;
    size_t k = in->slot / 2, depth = 0, consumes = 0, edge = SIZE_MAX, j = i;
    while (j-- > 0) {
      const rule_inst *o = &prog[m->frames[j].pc];
      if (o->op == RULE_OP_CONSUME) {
        if (!consumes++) edge = m->frames[j].edge;
      } else if (o->op == RULE_OP_SAVE && o->slot / 2 == k) {
        if (o->slot & 1) depth++;
        else if (!depth--) break;
      }
    }
    size_t a = m->frames[j].node, b = m->frames[i].node;
    size_t *c = &m->caps[3 * k];
    if (b > a) {
      c[0] = l->tok[2 * a];
      c[1] = l->tok[2 * (b - 1) + 1];
      const lattice_edge *e = consumes == 1 && edge != SIZE_MAX ? &l->edges[edge] : NULL;
      c[2] = e && e->kind == LATTICE_ANN ? e->ref + 1 : 0;
    } else {
      c[0] = c[1] = SIZE_MAX;
      c[2] = 0;
    }
  }
  return 1;
}

static int report(rulematch *m, const rule_set *s, const lattice *l, uint32_t r, uint32_t start,
                  uint32_t end, rule_hit_fn fn, void *ud) {
  if (!path_caps(m, s, l)) return 0;
  rule_hit h = {r, l->tok[2 * start], l->tok[2 * (end - 1) + 1], m->caps};
  return fn(ud, &h);
}

static int cmp_ending(const void *pa, const void *pb) {
  const ending *a = pa, *b = pb;
  if (a->end != b->end) return a->end > b->end ? -1 : 1;
  return a->rule < b->rule ? -1 : a->rule > b->rule;
}

static void propose(rulematch *m, const uint32_t *v, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (m->candstamp[v[i]] == m->run) continue;
    m->candstamp[v[i]] = m->run;
    if (grow_array((void **)&m->cands, &m->candscap, m->ncands + 1, sizeof *m->cands)) {
      oom(m);
      return;
    }
    m->cands[m->ncands++] = v[i];
  }
}

static int cmp_u32(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return x < y ? -1 : x > y;
}

/* The rules indexed by the literal token j, which follows a first element. */
static void second(rulematch *m, const rule_set *s, lattice *l, uint32_t j) {
  if (j >= l->ntok) return;
  size_t n, ts = l->tok[2 * j], te = l->tok[2 * j + 1];
  const uint32_t *v = rule_set_second_text(s, l->text + ts, te - ts, &n);
  propose(m, v, n);
  size_t fl;
  const char *f = lattice_lower(l, j, &fl);
  if (!f) {
    oom(m);
    return;
  }
  v = rule_set_second_lower(s, f, fl, &n);
  propose(m, v, n);
}

/* The rules the index proposes at node i, in rule order. */
static void candidates(rulematch *m, const rule_set *s, lattice *l, const annot_store *st,
                       uint32_t i) {
  m->ncands = 0;
  m->run++; /* a fresh stamp for the proposals */
  size_t n;
  const uint32_t *v = rule_set_unindexed(s, &n);
  propose(m, v, n);
  size_t ts = l->tok[2 * i], te = l->tok[2 * i + 1];
  v = rule_set_by_text(s, l->text + ts, te - ts, &n);
  propose(m, v, n);
  if (rule_set_uses_folding(s)) {
    size_t fl;
    const char *f = lattice_lower(l, i, &fl);
    if (!f) {
      oom(m);
      return;
    }
    v = rule_set_by_lower(s, f, fl, &n);
    propose(m, v, n);
  }
  for (size_t k = l->at[i]; k < l->at[i + 1]; k++)
    if (l->edges[k].kind == LATTICE_ANN) {
      v = rule_set_by_label(s, st->v[l->edges[k].ref].label, &n);
      propose(m, v, n);
    }
  if (rule_set_uses_pairs(s) && i + 1 < l->ntok) { /* folding of token i, then of i + 1 */
    size_t fa, fb;
    const char *a = lattice_lower(l, i, &fa);
    if (!a) {
      oom(m);
      return;
    }
    m->key.len = 0;
    if (buf_add(&m->key, a, fa) || buf_adds(&m->key, RULE_PAIR_SEP)) {
      oom(m);
      return;
    }
    const char *b = lattice_lower(l, i + 1, &fb); /* may move what a pointed to, not key */
    if (!b || buf_add(&m->key, b, fb)) {
      oom(m);
      return;
    }
    v = rule_set_by_pair(s, m->key.s, m->key.len, &n);
    propose(m, v, n);
  }
  if (rule_set_uses_second(s)) { /* the token after token i, and after each annotation */
    uint32_t last = UINT32_MAX;
    second(m, s, l, i + 1);
    for (size_t k = l->at[i]; k < l->at[i + 1]; k++)
      if (l->edges[k].kind == LATTICE_ANN && l->edges[k].to != i + 1 && l->edges[k].to != last)
        second(m, s, l, last = l->edges[k].to);
  }
  if (m->ncands > 1) qsort(m->cands, m->ncands, sizeof *m->cands, cmp_u32);
}

int rulematch_region(rulematch *m, const rule_set *s, lattice *l, const annot_store *st,
                     rule_hit_fn fn, void *ud, const atomic_int *stop, buf *err) {
  size_t np;
  rule_set_program(s, &np);
  size_t nr = rule_set_count(s);
  if (!nr) return 0; /* an empty set matches nothing (and has no program to stamp) */
  m->stop = stop;
  m->err = err;
  m->failed = 0;
  /* stamps hold runs, which only grow: an earlier region's never look
   * current; new memory is zeroed */
  size_t oldp = m->stampcap, oldr = m->candcap;
  if (grow_array((void **)&m->stamp, &m->stampcap, np, sizeof *m->stamp) ||
      grow_array((void **)&m->candstamp, &m->candcap, nr, sizeof *m->candstamp) ||
      grow_array((void **)&m->head, &m->headcap, (size_t)l->ntok + 1, sizeof *m->head)) {
    oom(m);
    return -1;
  }
  memset(m->stamp + oldp, 0, (m->stampcap - oldp) * sizeof *m->stamp);
  memset(m->candstamp + oldr, 0, (m->candcap - oldr) * sizeof *m->candstamp);
  for (size_t i = 0; i <= l->ntok; i++) m->head[i] = UINT32_MAX;
  rule_select sel = rule_set_select(s);
  int rc = 0;
  for (uint32_t i = 0; i < l->ntok && !rc && !m->failed;) {
    candidates(m, s, l, st, i);
    if (!m->ncands || m->failed) {
      i++;
      continue;
    }
    uint32_t last = simulate(m, s, l, st, i);
    if (!m->nends || m->failed) {
      i++;
      continue;
    }
    if (sel == RULE_SELECT_ALL) {
      qsort(m->ends, m->nends, sizeof *m->ends, cmp_ending);
      for (size_t k = 0; k < m->nends && !rc && !m->failed; k++) {
        if (k && m->ends[k].end == m->ends[k - 1].end && m->ends[k].rule == m->ends[k - 1].rule)
          continue;
        ending e = m->ends[k];
        if (search(m, s, l, st, e.rule, i, e.end, last) != UINT32_MAX)
          rc = report(m, s, l, e.rule, i, e.end, fn, ud);
      }
      i++;
      continue;
    }
    ending best = m->ends[0];
    if (sel == RULE_SELECT_LONGEST) {
      for (size_t k = 1; k < m->nends; k++) {
        ending e = m->ends[k];
        long long pe = rule_set_def(s, e.rule)->priority, pb = rule_set_def(s, best.rule)->priority;
        if (e.end > best.end || (e.end == best.end && (pe > pb || (pe == pb && e.rule < best.rule))))
          best = e;
      }
      if (search(m, s, l, st, best.rule, i, best.end, last) == UINT32_MAX) {
        i++;
        continue;
      }
    } else { /* first: the earliest rule with a match here, its preferred one */
      for (size_t k = 1; k < m->nends; k++)
        if (m->ends[k].rule < best.rule) best = m->ends[k];
      best.end = search(m, s, l, st, best.rule, i, UINT32_MAX, last);
      if (best.end == UINT32_MAX) {
        i++;
        continue;
      }
    }
    rc = report(m, s, l, best.rule, i, best.end, fn, ud);
    i = best.end;
  }
  if (m->failed) return m->failed;
  return rc;
}

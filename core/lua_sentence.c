/* :sentences(), :tokens() on documents and spans, and span:sentence(). */
#include "lua_api.h"
#include "lua_lang.h"
#include "lua_spanlist.h"
#include "script.h"
#include "sentence.h"

typedef struct split {
  lua_State *L;
  const atomic_int *stop;
  lspans *l;
  const document *d;
  size_t from, to;
  int tokens;
  llang_opts lo;
} split;

/* Called by the splitters, which hold no memory: appends without raising. */
static int on_piece(void *ud, size_t start, size_t end) {
  split *sp = ud;
  if (atomic_load(sp->stop)) return LSPANS_STOP;
  return lspans_try_add(sp->L, sp->l, start, end, 0);
}

static int on_region(void *ud, size_t from, size_t to) {
  split *sp = ud;
  if (script_stopped(sp->L)) return LSPANS_STOP;
  sentence_opts so = {llang_at(sp->d, from, sp->lo.lang), sp->lo.user};
  return (sp->tokens ? sentence_tokens : sentence_split)(sp->d->view.s, from, to, &so, on_piece, sp);
}

static int run(void *ud) {
  split *sp = ud;
  return text_regions(&sp->d->view, sp->from, sp->to, 0, on_region, sp);
}

/* Sentences or tokens in the range, never across a block boundary nor in
 * masked text, as a SpanList; options {lang =, abbreviations =} at 2. */
static int pieces(lua_State *L, int tokens) {
  size_t from, to;
  llang_opts lo;
  llang_options(L, 2, tokens ? "tokens" : "sentences", &lo);
  document *d = lspan_range(L, 1, &from, &to);
  split sp = {L, script_stop_flag(L), lspans_new(L, lua_gettop(L)), d, from, to, tokens, lo};
  lspans_set_matcher(L, tokens ? "tokens" : "sentences");
  lspans_scan(L, sp.l, run, &sp);
  return 1;
}

int lsentence_sentences(lua_State *L) { return pieces(L, 0); }
int lsentence_tokens(lua_State *L) { return pieces(L, 1); }

typedef struct find {
  const document *d;
  size_t at, start, end;
  int found;
  llang_opts lo;
} find;

static int on_sentence(void *ud, size_t start, size_t end) {
  find *f = ud;
  if (start <= f->at && f->at < end) {
    f->start = start, f->end = end, f->found = 1;
    return 1;
  }
  return start > f->at; /* past it: it is in the space between two */
}

static int on_block(void *ud, size_t from, size_t to) {
  find *f = ud;
  if (f->at < from || f->at >= to) return 0;
  sentence_opts so = {llang_at(f->d, from, f->lo.lang), f->lo.user};
  sentence_split(f->d->view.s, from, to, &so, on_sentence, f);
  return 1;
}

/* span:sentence([opts]): the sentence the span starts in, or nil (white
 * space between sentences, masked text). */
int lsentence_of(lua_State *L) {
  lspan *s = lspan_check(L, 1);
  llang_opts lo;
  llang_options(L, 2, "sentence", &lo);
  document *d = ldoc_owner(L, 1);
  int docidx = lua_gettop(L);
  size_t bs, be;
  text_block_at(&d->view, s->start, &bs, &be);
  find f = {d, s->start, 0, 0, 0, lo};
  text_regions(&d->view, bs, be, 0, on_block, &f);
  if (!f.found) return lua_pushnil(L), 1;
  lspan_push(L, docidx, f.start, f.end, 0);
  return 1;
}

/* Whether one of the n pairs at v has off as its start (which 0) or end
 * (1): both ascend. */
static int has(const size_t *v, size_t n, int which, size_t off) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (v[2 * mid + which] < off) lo = mid + 1;
    else hi = mid;
  }
  return lo < n && v[2 * lo + which] == off;
}

static int keep_sentence(void *ud, size_t start, size_t end) {
  struct doc_sents *c = ud;
  if (c->n + 2 > c->cap) {
    size_t cap = c->cap ? 2 * c->cap : 64;
    size_t *v = realloc(c->v, cap * sizeof *v);
    if (!v) return 1;
    c->v = v;
    c->cap = cap;
  }
  c->v[c->n++] = start;
  c->v[c->n++] = end;
  return 0;
}

static int keep_block(void *ud, size_t from, size_t to) {
  find *f = ud;
  sentence_opts so = {llang_at(f->d, from, f->lo.lang), f->lo.user};
  return sentence_split(f->d->view.s, from, to, &so, keep_sentence, &((document *)f->d)->sents);
}

int lsentence_edges(lua_State *L, document *d, size_t start, size_t end, int *starts, int *ends) {
  llang_opts lo = {NULL, llang_script_abbrs(L)};
  size_t bs, be;
  text_block_at(&d->view, start, &bs, &be);
  struct doc_sents *c = &d->sents;
  const lang *l = llang_at(d, bs, NULL);
  unsigned long user = lo.user ? lo.user->stamp : 0;
  if (c->from != bs || c->to != be || c->lang != l || c->user != user) {
    c->n = 0;
    c->from = c->to = 0;
    find f = {d, 0, 0, 0, 0, lo};
    if (text_regions(&d->view, bs, be, 0, keep_block, &f)) return luaL_error(L, "out of memory");
    c->from = bs, c->to = be, c->lang = l, c->user = user;
  }
  *starts = has(c->v, c->n / 2, 0, start);
  *ends = has(c->v, c->n / 2, 1, end);
  return 0;
}

/* :sentences(), :tokens() on documents and spans, and span:sentence(). */
#include "lua_api.h"
#include "lua_spanlist.h"
#include "script.h"
#include "sentence.h"

typedef struct split {
  lua_State *L;
  const atomic_int *stop;
  lspans *l;
  const text_view *v;
  size_t from, to;
  int tokens;
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
  return (sp->tokens ? sentence_tokens : sentence_split)(sp->v->s, from, to, NULL, on_piece, sp);
}

static int run(void *ud) {
  split *sp = ud;
  return text_regions(sp->v, sp->from, sp->to, 0, on_region, sp);
}

/* Sentences or tokens in the range, never across a block boundary nor in
 * masked text, as a SpanList. */
static int pieces(lua_State *L, int tokens) {
  size_t from, to;
  document *d = lspan_range(L, 1, &from, &to);
  split sp = {L, script_stop_flag(L), lspans_new(L, lua_gettop(L)), &d->view, from, to, tokens};
  lspans_set_matcher(L, tokens ? "tokens" : "sentences");
  lspans_scan(L, sp.l, run, &sp);
  return 1;
}

int lsentence_sentences(lua_State *L) { return pieces(L, 0); }
int lsentence_tokens(lua_State *L) { return pieces(L, 1); }

typedef struct find {
  const char *text;
  size_t at, start, end;
  int found;
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
  sentence_split(f->text, from, to, NULL, on_sentence, f);
  return 1;
}

/* span:sentence(): the sentence the span starts in, or nil (white space
 * between sentences, masked text). */
int lsentence_of(lua_State *L) {
  lspan *s = lspan_check(L, 1);
  document *d = ldoc_owner(L, 1);
  int docidx = lua_gettop(L);
  size_t bs, be;
  text_block_at(&d->view, s->start, &bs, &be);
  find f = {d->view.s, s->start, 0, 0, 0};
  text_regions(&d->view, bs, be, 0, on_block, &f);
  if (!f.found) return lua_pushnil(L), 1;
  lspan_push(L, docidx, f.start, f.end, 0);
  return 1;
}

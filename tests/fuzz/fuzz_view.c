/* The loaders' invariant: a document's text view and offset map agree with
 * each other and with a naive recount of the view's bytes. */
#include <string.h>

#include "fuzz.h"
#include "utf8.h"

/* Naive text_masked over the masked ranges. */
static int naive_masked(const text_view *v, size_t s, size_t e) {
  for (size_t i = 0; i < v->nmasked; i++) {
    size_t ms = v->masked[2 * i], me = v->masked[2 * i + 1];
    if (s == e ? ms <= s && s < me : ms < e && s < me) return 1;
  }
  return 0;
}

typedef struct regions {
  const text_view *v;
  size_t from, to, last;
  int across, n;
} regions;

static int on_region(void *ud, size_t s, size_t e) {
  regions *r = ud;
  /* an empty range is one empty region (unless masked) */
  FUZZ_CHECK(r->from <= s && e <= r->to && (s < e || (s == r->from && e == r->to)));
  FUZZ_CHECK(r->n == 0 || s >= r->last);
  FUZZ_CHECK(s == e || !text_masked(r->v, s, e));
  if (!r->across) { /* no block boundary inside: the block after s ends at e or later */
    size_t bs, be;
    text_block_at(r->v, s, &bs, &be);
    FUZZ_CHECK(e <= be);
  }
  r->last = e;
  r->n++;
  return 0;
}

static void check_regions(const text_view *v, size_t from, size_t to) {
  for (int across = 0; across < 2; across++) {
    regions r = {v, from, to, 0, across, 0};
    FUZZ_CHECK(text_regions(v, from, to, across, on_region, &r) == 0);
  }
}

/* One offset: the counts against the naive ones (cp, u16 for boundaries),
 * the segment and block lookups; line and column when linecol. */
static void check_offset(const text_view *v, size_t off, size_t cp, size_t u16, int linecol) {
  size_t c = text_cp(v, off), u = text_u16(v, off);
  FUZZ_CHECK(c <= off && u >= c && u <= 2 * c);
  if (utf8_boundary(v->s, v->len, off)) {
    FUZZ_CHECK(c == cp);
    FUZZ_CHECK(u == u16);
  }
  if (linecol) {
    unsigned long line, col;
    text_linecol(v, off, &line, &col);
    FUZZ_CHECK(line >= 1 && col >= 1);
  }
  const text_seg *sg = text_seg_at(v, off);
  if (v->len) {
    FUZZ_CHECK(sg != NULL);
    FUZZ_CHECK(sg->start <= off);
    FUZZ_CHECK(off < sg->start + sg->len || (off == v->len && sg == &v->segs[v->nsegs - 1]));
  }
  size_t bs, be;
  text_block_at(v, off, &bs, &be);
  FUZZ_CHECK(bs <= off && off <= be && be <= v->len);
}

void fuzz_check_view(const document *d) {
  const text_view *v = &d->view;
  FUZZ_CHECK(v->s != NULL);
  FUZZ_CHECK_KNOWN("empty-view-nul", v->s[v->len] == '\0'); /* text.h: NUL-terminated */
  FUZZ_CHECK(memchr(v->s, '\0', v->len) == NULL);
  FUZZ_CHECK(utf8_valid(v->s, v->len, NULL));
  /* segments tile the view */
  size_t at = 0;
  for (size_t i = 0; i < v->nsegs; i++) {
    const text_seg *sg = &v->segs[i];
    FUZZ_CHECK(sg->start == at);
    at += sg->len;
    FUZZ_CHECK(at <= v->len);
    FUZZ_CHECK(utf8_boundary(v->s, v->len, sg->start));
    if (sg->node && sg->len) FUZZ_CHECK(text_seg_of(v, sg->node) == sg);
    if (sg->masked && sg->len) FUZZ_CHECK(text_masked(v, sg->start, sg->start + sg->len));
  }
  FUZZ_CHECK(at == v->len);
  /* elements, anchors, blocks, masked ranges: in range and sorted */
  for (size_t i = 0; i < v->nelems; i++) {
    const text_elem *e = &v->elems[i];
    FUZZ_CHECK(e->start <= e->end && e->end <= v->len);
    FUZZ_CHECK(text_elem_of(v, e->node) == e);
  }
  for (size_t i = 0; i < v->nanchors; i++) {
    FUZZ_CHECK(v->anchors[i].off <= v->len && v->anchors[i].line >= 1 && v->anchors[i].col >= 1);
    FUZZ_CHECK(i == 0 || v->anchors[i - 1].off <= v->anchors[i].off);
  }
  for (size_t i = 0; i < v->nblocks; i++) {
    FUZZ_CHECK(v->blocks[i] <= v->len);
    FUZZ_CHECK(i == 0 || v->blocks[i - 1] < v->blocks[i]);
    FUZZ_CHECK(text_is_block_boundary(v, v->blocks[i]));
  }
  for (size_t i = 0; i < v->nmasked; i++) {
    size_t ms = v->masked[2 * i], me = v->masked[2 * i + 1];
    FUZZ_CHECK(ms < me && me <= v->len);
    FUZZ_CHECK(i == 0 || v->masked[2 * i - 1] < ms);
  }
  /* every offset of a small view, a sample of a big one; naive counts */
  size_t step = v->len <= 4096 ? 1 : v->len / 2048, cp = 0, u16 = 0, k = 0;
  for (size_t off = 0; off <= v->len; off++) {
    int seg_edge = k < v->nsegs && v->segs[k].start == off;
    if (seg_edge) k++;
    if (off % step == 0 || seg_edge || off % TEXT_CPSTEP <= 1 || off == v->len)
      check_offset(v, off, cp, u16, seg_edge || off % 61 == 0 || off == v->len);
    if (off < v->len) {
      unsigned char b = (unsigned char)v->s[off];
      if ((b & 0xC0) != 0x80) cp++, u16++;
      if (b >= 0xF0) u16++;
    }
  }
  /* line and column: between anchors the view is the source verbatim */
  for (size_t i = 0; i < v->nanchors; i++) {
    const text_anchor *a = &v->anchors[i];
    if (i + 1 < v->nanchors && v->anchors[i + 1].off == a->off) continue;
    size_t end = i + 1 < v->nanchors ? v->anchors[i + 1].off : v->len;
    unsigned long line = a->line, col = a->col, l, c;
    for (size_t off = a->off; off < end && off - a->off <= 48; off++) {
      if (utf8_boundary(v->s, v->len, off)) {
        text_linecol(v, off, &l, &c);
        FUZZ_CHECK(l == line && c == col);
      }
      if (v->s[off] == '\n') line++, col = 1;
      else if (((unsigned char)v->s[off] & 0xC0) != 0x80) col++;
    }
  }
  /* masked text and regions, over the view and over some ranges */
  size_t n = v->len + 1, probes = v->len < 32 ? v->len + 1 : 32;
  for (size_t i = 0; i < probes; i++) {
    size_t s = (i * 7919) % n, e = s + (i * 104729) % (n - s);
    FUZZ_CHECK(!!text_masked(v, s, e) == naive_masked(v, s, e));
    check_regions(v, s, e);
  }
  check_regions(v, 0, v->len);
}

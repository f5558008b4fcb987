/* -f conll: the CoNLL 2003 NER layout with IOB2 tags (core/output.h), as
 * spaCy's `spacy convert -c ner`, flair's ColumnCorpus and the readers of
 * the CoNLL 2003 files take it: one "TOKEN TAG" line per token, a blank
 * line between sentences, "-DOCSTART- -X- O O" (the document separator
 * spaCy's converter splits at) before each document. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"
#include "outtok.h"
#include "uchar.h"
#include "utf8.h"

/* Whether Python's str.split() splits at c: what the readers (spaCy,
 * flair's \s+, split()) take for a column separator. glossa's white space
 * and the separators U+001C-U+001F, which Python counts as white space. */
static int splits_at(uint32_t c) { return uchar_is_space(c) || (c >= 0x1C && c <= 0x1F); }

/* Appends s[0..n) with each character the readers split at as '_'. */
static int add_column(buf *b, const char *s, size_t n) {
  if (!n) return buf_addc(b, '_');
  for (size_t i = 0; i < n;) {
    uint32_t c;
    size_t k = utf8_decode(s + i, n - i, &c);
    if (!k) k = 1, c = 0xFFFD; /* not in a view, which is valid UTF-8 */
    if (splits_at(c) ? buf_addc(b, '_') : buf_add(b, s + i, k)) return -1;
    i += k;
  }
  return 0;
}

/* Whether every character of s[0..n) is one the readers split at. */
static int all_space(const char *s, size_t n) {
  for (size_t i = 0; i < n;) {
    uint32_t c;
    size_t k = utf8_decode(s + i, n - i, &c);
    if (!k || !splits_at(c)) return 0;
    i += k;
  }
  return 1;
}

/* A chosen annotation and the tokens it overlaps, [first, last). */
typedef struct cand {
  size_t first, last;
  unsigned long seq;
  const char *label;
} cand;

/* The order in which overlapping annotations are kept: the most tokens,
 * then the earliest, then the first made. */
static int by_rule(const void *x, const void *y) {
  const cand *a = x, *b = y;
  size_t la = a->last - a->first, lb = b->last - b->first;
  if (la != lb) return la > lb ? -1 : 1;
  if (a->first != b->first) return a->first < b->first ? -1 : 1;
  return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* A Fenwick tree over the tokens counting those taken, so that whether a
 * range holds a taken token costs O(log n) whatever its length. */
static size_t taken_before(const size_t *fw, size_t i) { /* tokens [0, i) */
  size_t s = 0;
  for (; i > 0; i -= i & (~i + 1)) s += fw[i];
  return s;
}

static void take(size_t *fw, size_t n, size_t i) {
  for (i++; i <= n; i += i & (~i + 1)) fw[i]++;
}

static int says(buf *msg, const char *name, size_t n, const char *why_one, const char *why_many) {
  if (!msg || !n) return 0;
  return buf_printf(msg, "%s: %zu annotation%s %s and %s left out of -f conll\n", name, n,
                    n == 1 ? "" : "s", n == 1 ? why_one : why_many, n == 1 ? "is" : "are");
}

int out_conll(buf *b, out_state *st, const document *d, const out_opts *o) {
  outtoks t = {0};
  const annot **order = NULL;
  cand *c = NULL;
  size_t *fw = NULL, *owner = NULL;
  int rc = -1;
  if (outtok_build(&t, d)) goto done;
  /* the tokens that are white space to the readers are no tokens here: a
   * sentence they start starts at the next */
  size_t n = 0;
  for (size_t i = 0; i < t.n; i++) {
    if (all_space(d->view.s + t.v[i].start, t.v[i].end - t.v[i].start)) {
      if (t.v[i].sent_start && i + 1 < t.n) t.v[i + 1].sent_start = 1;
      continue;
    }
    t.v[n++] = t.v[i];
  }
  t.n = n;

  order = annot_sorted(&d->annots);
  c = malloc((d->annots.nlive + 1) * sizeof *c);
  fw = calloc(t.n + 1, sizeof *fw);
  owner = malloc((t.n + 1) * sizeof *owner);
  if (!order || !c || !fw || !owner) goto done;
  size_t nc = 0, none = 0, dropped = 0;
  for (size_t i = 0; i < d->annots.nlive; i++) {
    const annot *a = order[i];
    if (!outlabels_has(o ? o->labels : NULL, a->label)) continue;
    size_t f, l;
    outtok_cover(&t, a->start, a->end, &f, &l);
    if (f == l) none++;
    else c[nc++] = (cand){f, l, a->seq, a->label};
  }
  qsort(c, nc, sizeof *c, by_rule);
  for (size_t i = 0; i < t.n; i++) owner[i] = SIZE_MAX;
  for (size_t i = 0; i < nc; i++) {
    if (taken_before(fw, c[i].last) != taken_before(fw, c[i].first)) {
      dropped++;
      continue;
    }
    for (size_t k = c[i].first; k < c[i].last; k++) {
      owner[k] = i;
      take(fw, t.n, k);
    }
  }

  rc = buf_adds(b, "-DOCSTART- -X- O O\n\n");
  for (size_t i = 0; i < t.n && !rc; i++) {
    const outtok *k = &t.v[i];
    size_t w = owner[i];
    if (i > 0 && k->sent_start) rc = buf_addc(b, '\n');
    rc = rc || add_column(b, d->view.s + k->start, k->end - k->start) || buf_addc(b, ' ');
    if (rc) break;
    if (w == SIZE_MAX) rc = buf_addc(b, 'O');
    else
      rc = buf_adds(b, i == c[w].first || k->sent_start ? "B-" : "I-") ||
           add_column(b, c[w].label, strlen(c[w].label));
    rc = rc || buf_addc(b, '\n');
  }
  if (!rc && t.n) rc = buf_addc(b, '\n');
  if (!rc && st) {
    st->left_out += none + dropped;
    rc = says(st->msg, d->shown, dropped, "overlaps others", "overlap others") ||
         says(st->msg, d->shown, none, "covers no token", "cover no token");
  }
done:
  free(owner);
  free(fw);
  free(c);
  free(order);
  outtok_free(&t);
  return rc ? -1 : 0;
}

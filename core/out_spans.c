/* -f spans: a document per line in Prodigy's task format (core/output.h),
 * the shape its ner.manual, spans.manual and rel.manual recipes read and
 * its database saves: offsets are Python string indices (code points),
 * token_end is inclusive, a relation's head and child are the last tokens
 * of its two spans. glossa's own fields (id, note, attrs, links) ride in
 * each span's "glossa" object, which Prodigy keeps and does not read, so
 * that reading the file back (issue 15, item 1) gives them again. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "output.h"
#include "outtok.h"
#include "uchar.h"
#include "utf8.h"

/* A written span: its annotation and the tokens it overlaps [first, last). */
typedef struct wspan {
  const annot *a;
  size_t start, end; /* code points */
  size_t first, last;
} wspan;

/* The fields a relation repeats of each of its spans. */
static int span_ref(buf *b, const wspan *w) {
  return buf_adds(b, "{\"start\":") || buf_addu(b, w->start) ||
         buf_adds(b, ",\"end\":") || buf_addu(b, w->end) ||
         buf_adds(b, ",\"token_start\":") || buf_addu(b, w->first) ||
         buf_adds(b, ",\"token_end\":") || buf_addu(b, w->last - 1) ||
         buf_adds(b, ",\"label\":") || json_cstr(b, w->a->label) || buf_addc(b, '}');
}

/* ,"links":{"ROLE":"aN",…} for the links of a to written spans (at[i]: the
 * written span of the store's annotation i, or SIZE_MAX); nothing when
 * there are none. */
static int links(buf *b, const annot_store *st, const annot *a, const size_t *at) {
  size_t k = 0;
  for (size_t i = 0; a->links && i < a->links->n; i++) {
    const annot_link *l = &a->links->v[i];
    if (at[l->target] == SIZE_MAX) continue;
    if (buf_adds(b, k++ ? "," : ",\"links\":{") || json_cstr(b, l->role) ||
        buf_adds(b, ":\"a") || buf_addu(b, st->v[l->target].seq) || buf_addc(b, '"'))
      return -1;
  }
  return k ? buf_addc(b, '}') : 0;
}

static int says(buf *msg, const char *name, size_t n) {
  if (!msg || !n) return 0;
  return buf_printf(msg, "%s: %zu annotation%s no token and %s left out of -f spans\n", name, n,
                    n == 1 ? " covers" : "s cover", n == 1 ? "is" : "are");
}

int out_spans(buf *b, out_state *st, const document *d, const out_opts *o) {
  const text_view *v = &d->view;
  const annot_store *as = &d->annots;
  outtoks t = {0};
  const annot **order = NULL;
  wspan *w = NULL;
  size_t *at = NULL;
  int rc = -1;
  if (outtok_build(&t, d)) goto done;
  order = annot_sorted(as);
  w = malloc((as->nlive + 1) * sizeof *w);
  at = malloc((as->n + 1) * sizeof *at);
  if (!order || !w || !at) goto done;
  for (size_t i = 0; i < as->n; i++) at[i] = SIZE_MAX;
  size_t nw = 0, none = 0;
  for (size_t i = 0; i < as->nlive; i++) {
    const annot *a = order[i];
    if (!outlabels_has(o ? o->labels : NULL, a->label)) continue;
    size_t f, l;
    outtok_cover(&t, a->start, a->end, &f, &l);
    if (f == l) {
      none++;
      continue;
    }
    at[a - as->v] = nw;
    w[nw++] = (wspan){a, text_cp(v, a->start), text_cp(v, a->end), f, l};
  }

  rc = buf_adds(b, "{\"text\":") || json_str(b, v->s ? v->s : "", v->len) ||
       buf_adds(b, ",\"meta\":{\"path\":") || json_cstr(b, d->name) ||
       buf_adds(b, "},\"spans\":[");
  for (size_t i = 0; i < nw && !rc; i++) {
    const annot *a = w[i].a;
    rc = (i && buf_addc(b, ',')) || buf_adds(b, "{\"start\":") || buf_addu(b, w[i].start) ||
         buf_adds(b, ",\"end\":") || buf_addu(b, w[i].end) ||
         buf_adds(b, ",\"token_start\":") || buf_addu(b, w[i].first) ||
         buf_adds(b, ",\"token_end\":") || buf_addu(b, w[i].last - 1) ||
         buf_adds(b, ",\"label\":") || json_cstr(b, a->label) ||
         buf_adds(b, ",\"text\":") || json_str(b, v->s + a->start, a->end - a->start) ||
         buf_adds(b, ",\"glossa\":{\"id\":\"a") || buf_addu(b, a->seq) ||
         buf_adds(b, "\",\"note\":") || json_cstr(b, a->note) ||
         buf_adds(b, ",\"attrs\":") || json_attrs(b, a->attrs) || links(b, as, a, at) ||
         buf_adds(b, "}}");
  }
  rc = rc || buf_adds(b, "],\"relations\":[");
  size_t nr = 0;
  for (size_t i = 0; i < nw && !rc; i++) {
    const annot *a = w[i].a;
    for (size_t k = 0; a->links && k < a->links->n && !rc; k++) {
      const annot_link *l = &a->links->v[k];
      if (at[l->target] == SIZE_MAX) continue;
      const wspan *c = &w[at[l->target]];
      rc = (nr++ && buf_addc(b, ',')) || buf_adds(b, "{\"head\":") ||
           buf_addu(b, w[i].last - 1) || buf_adds(b, ",\"child\":") || buf_addu(b, c->last - 1) ||
           buf_adds(b, ",\"head_span\":") || span_ref(b, &w[i]) ||
           buf_adds(b, ",\"child_span\":") || span_ref(b, c) ||
           buf_adds(b, ",\"label\":") || json_cstr(b, l->role) || buf_addc(b, '}');
    }
  }
  rc = rc || buf_adds(b, "],\"tokens\":[");
  /* tokens ascend: their code points are counted on from the last one */
  size_t byte = 0, cp = 0;
  for (size_t i = 0; i < t.n && !rc; i++) {
    const outtok *k = &t.v[i];
    cp += utf8_count(v->s + byte, k->start - byte);
    size_t s = cp;
    cp += utf8_count(v->s + k->start, k->end - k->start);
    byte = k->end;
    uint32_t next = 0;
    int ws = k->end < v->len && utf8_decode(v->s + k->end, v->len - k->end, &next) &&
             uchar_is_space(next);
    rc = (i && buf_addc(b, ',')) || buf_adds(b, "{\"text\":") ||
         json_str(b, v->s + k->start, k->end - k->start) || buf_adds(b, ",\"start\":") ||
         buf_addu(b, s) || buf_adds(b, ",\"end\":") || buf_addu(b, cp) ||
         buf_adds(b, ",\"id\":") || buf_addu(b, i) ||
         buf_adds(b, ws ? ",\"ws\":true}" : ",\"ws\":false}");
  }
  rc = rc || buf_adds(b, "]}\n");
  if (!rc && st) {
    st->left_out += none;
    rc = says(st->msg, d->shown, none);
  }
done:
  free(at);
  free(w);
  free(order);
  outtok_free(&t);
  return rc ? -1 : 0;
}

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oneline.h"
#include "output.h"
#include "utf8.h"

/* Quotes longer than this many code points are shortened in the middle. */
#define QUOTE_MAX 120
#define QUOTE_HEAD 80
#define QUOTE_TAIL 30

static int cfield(buf *b, const char *s) { return oneline_add(b, s, strlen(s), 0); }

static int quote_bytes(buf *b, const char *s, size_t n) { return oneline_add(b, s, n, 1); }

static int quote(buf *b, const char *s, size_t n) {
  size_t cps = utf8_count(s, n);
  if (buf_addc(b, '"')) return -1;
  if (cps <= QUOTE_MAX) {
    if (quote_bytes(b, s, n)) return -1;
  } else {
    size_t head = utf8_fwd(s, n, 0, QUOTE_HEAD);
    size_t tail = utf8_fwd(s, n, 0, cps - QUOTE_TAIL);
    if (quote_bytes(b, s, head) || buf_adds(b, "…") ||
        quote_bytes(b, s + tail, n - tail))
      return -1;
  }
  return buf_addc(b, '"');
}

static int attrs(buf *b, const annot_attrs *as) {
  if (!as || as->n == 0) return 0;
  if (buf_adds(b, " [")) return -1;
  for (size_t i = 0; i < as->n; i++) {
    const annot_attr *a = &as->v[i];
    int rc = (i && buf_addc(b, ' ')) || cfield(b, a->key) || buf_addc(b, '=');
    switch (a->type) {
    case ATTR_STRING: rc = rc || cfield(b, a->s); break;
    case ATTR_NUMBER: rc = rc || buf_printf(b, "%.14g", a->n); break;
    case ATTR_INTEGER: rc = rc || buf_printf(b, "%lld", a->i); break;
    case ATTR_BOOL: rc = rc || buf_adds(b, a->i ? "true" : "false"); break;
    }
    if (rc) return -1;
  }
  return buf_addc(b, ']');
}

/* Who changed or removed it last, when anyone did: "; note set by S:L". */
static int edited(buf *b, const annot_store *st, const annot *a, unsigned what, const char *how) {
  const annot_edit *e = annot_last_edit(st, a, what);
  return e && (buf_printf(b, "; %s by ", how) || cfield(b, e->script) ||
               buf_printf(b, ":%ld", e->line));
}

/* The annotations it links to: "; links: speaker = person 36:47 "Trump""
 * (the live ones: a removed target is gone from every output). */
static int links(buf *b, const document *d, const annot *a) {
  size_t k = 0;
  for (size_t i = 0; a->links && i < a->links->n; i++) {
    const annot *t = &d->annots.v[a->links->v[i].target];
    if (t->removed) continue;
    unsigned long line, col;
    text_linecol(&d->view, t->start, &line, &col);
    if (buf_adds(b, k++ ? ", " : "; links: ") || cfield(b, a->links->v[i].role) ||
        buf_adds(b, " = ") || cfield(b, t->label) || buf_printf(b, " %lu:%lu ", line, col) ||
        quote(b, d->view.s + t->start, t->end - t->start))
      return -1;
  }
  return 0;
}

/* Who made the annotation: the script and line, and the matcher that found
 * its span when there was one; what it links to; who changed its note or
 * attributes, or removed it. */
static int explain(buf *b, const document *d, const annot *a) {
  const annot_store *st = &d->annots;
  return buf_adds(b, "  (by ") || cfield(b, a->script) || buf_printf(b, ":%ld", a->line) ||
         (a->matcher && (buf_adds(b, " via ") || cfield(b, a->matcher))) || links(b, d, a) ||
         edited(b, st, a, ANNOT_SET_NOTE, "note set") ||
         edited(b, st, a, ANNOT_SET_ATTRS, "attrs set") ||
         edited(b, st, a, ANNOT_REMOVE, "removed") || buf_addc(b, ')');
}

int out_text(buf *b, const document *d, const out_opts *o) {
  int why = o && o->explain;
  /* --explain lists the removed annotations too, saying who removed them */
  const annot **order = why ? annot_sorted_all(&d->annots) : annot_sorted(&d->annots);
  if (!order) return -1;
  int rc = 0;
  for (size_t i = 0; order[i] && rc == 0; i++) {
    const annot *a = order[i];
    unsigned long line, col;
    text_linecol(&d->view, a->start, &line, &col);
    rc = cfield(b, d->name) || buf_printf(b, ":%lu:%lu: ", line, col) || cfield(b, a->label) ||
         buf_adds(b, ": ") || quote(b, d->view.s + a->start, a->end - a->start) ||
         attrs(b, a->attrs) || (a->note && (buf_adds(b, " — ") || cfield(b, a->note))) ||
         (why && explain(b, d, a)) || buf_addc(b, '\n');
  }
  free(order);
  return rc ? -1 : 0;
}

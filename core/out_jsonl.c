#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "anchor.h"
#include "import.h"
#include "json.h"
#include "output.h"
#include "utf8.h"

/* Context kept on each side of an annotation, in code points. */
#define CONTEXT 32


/* An offset in the units --offsets asked for (start and end; the byte
 * offsets are always there too). */
static size_t units(const text_view *v, size_t off, const out_opts *o) {
  switch (o ? o->units : OUT_CODEPOINTS) {
  case OUT_BYTES: return off;
  case OUT_UTF16: return text_u16(v, off);
  default: return text_cp(v, off);
  }
}


/* The escaped form of the few interned strings (label, script, matcher) a
 * document's annotations share, so each is escaped once per document. */
#define MEMO 16
typedef struct {
  const char *key[MEMO];
  size_t off[MEMO], len[MEMO];
  buf text;
} memo;

static int memo_str(buf *b, memo *m, const char *s) {
  if (!s) return buf_adds(b, "null");
  size_t h = ((uintptr_t)s >> 4) % MEMO;
  if (m->key[h] != s) {
    size_t at = m->text.len;
    if (json_cstr(&m->text, s)) return -1;
    m->key[h] = s;
    m->off[h] = at;
    m->len[h] = m->text.len - at;
  }
  return buf_add(b, m->text.s + m->off[h], m->len[h]);
}

/* ,"links":{"ROLE":"aN",…} for the live targets of a's links, by role;
 * nothing when there are none (the lines of annotations without links
 * stay as they were before links existed). */
static int links(buf *b, const annot_store *st, const annot *a) {
  size_t k = 0;
  for (size_t i = 0; a->links && i < a->links->n; i++) {
    const annot_link *l = &a->links->v[i];
    if (st->v[l->target].removed) continue;
    if (buf_adds(b, k++ ? "," : ",\"links\":{") || json_cstr(b, l->role) ||
        buf_adds(b, ":\"a") || buf_addu(b, st->v[l->target].seq) || buf_addc(b, '"'))
      return -1;
  }
  return k ? buf_addc(b, '}') : 0;
}

/* ,"anchor":KIND,"anchor_score":S[,"source_id":ID] for what was read in
 * (--annotations); nothing for what a script made. */
static int read_in(buf *b, const annot *a) {
  if (!a->anchor) return 0;
  return buf_adds(b, ",\"anchor\":\"") || buf_adds(b, anchor_kind_name((anchor_kind)(a->anchor - 1))) ||
         buf_printf(b, "\",\"anchor_score\":%.4g", a->anchor_score) ||
         (a->source_id && (buf_adds(b, ",\"source_id\":") || json_cstr(b, a->source_id)));
}

/* What was read in but not found: the line it would have, with null
 * offsets, its quote as it was, and "anchor":"orphan". */
static int orphan(buf *b, const buf *path, const import_annot *ia) {
  /* script and script_line as an annotation read in has them: the file, and
   * the line of "FILE:LINE" (a JSON pointer's place has none: 0) */
  size_t file = strlen(ia->where);
  unsigned long line = 0;
  const char *colon = strrchr(ia->where, ':');
  if (colon && colon[1] && strspn(colon + 1, "0123456789") == strlen(colon + 1)) {
    file = (size_t)(colon - ia->where);
    line = strtoul(colon + 1, NULL, 10);
  } else if ((colon = strstr(ia->where, ": ")) != NULL)
    file = (size_t)(colon - ia->where);
  int rc = buf_adds(b, "{\"path\":") || buf_add(b, path->s, path->len) ||
           buf_adds(b, ",\"id\":null,\"label\":") || json_cstr(b, ia->label) ||
           buf_adds(b, ",\"note\":") || json_cstr(b, ia->note) || buf_adds(b, ",\"attrs\":{");
  for (size_t i = 0; i < ia->nattrs && !rc; i++) {
    const import_attr *x = &ia->attrs[i];
    rc = (i && buf_addc(b, ',')) || json_cstr(b, x->key) || buf_addc(b, ':') ||
         (x->type == ATTR_STRING    ? json_cstr(b, x->s)
          : x->type == ATTR_BOOL    ? buf_adds(b, x->i ? "true" : "false")
          : x->type == ATTR_INTEGER ? buf_printf(b, "%lld", x->i)
                                    : buf_printf(b, "%.17g", x->n));
  }
  rc = rc || buf_adds(b, "},\"start\":null,\"end\":null,\"start_byte\":null,\"end_byte\":null,"
                         "\"line\":null,\"col\":null,\"exact\":") ||
       (ia->exact ? json_str(b, ia->exact, ia->exact_len) : buf_adds(b, "null")) ||
       buf_adds(b, ",\"prefix\":") ||
       (ia->prefix ? json_str(b, ia->prefix, ia->prefix_len) : buf_adds(b, "null")) ||
       buf_adds(b, ",\"suffix\":") ||
       (ia->suffix ? json_str(b, ia->suffix, ia->suffix_len) : buf_adds(b, "null")) ||
       buf_adds(b, ",\"script\":") || json_str(b, ia->where, file) ||
       buf_printf(b, ",\"script_line\":%lu", line) ||
       buf_adds(b, ",\"matcher\":\"--annotations\",\"anchor\":\"orphan\",\"anchor_score\":0") ||
       (ia->id && (buf_adds(b, ",\"source_id\":") || json_cstr(b, ia->id))) || buf_adds(b, "}\n");
  return rc;
}

int out_jsonl(buf *b, const document *d, const out_opts *o) {
  const annot **order = annot_sorted(&d->annots);
  if (!order) return -1;
  const text_view *v = &d->view;
  memo m = {.text = BUF_INIT};
  buf path = BUF_INIT;
  int rc = json_cstr(&path, d->name);
  for (size_t i = 0; i < d->annots.nlive && rc == 0; i++) {
    const annot *a = order[i];
    unsigned long line, col;
    text_linecol(v, a->start, &line, &col);
    size_t pre = utf8_back(v->s, a->start, CONTEXT);
    size_t post = utf8_fwd(v->s, v->len, a->end, CONTEXT);
    rc = buf_adds(b, "{\"path\":") || buf_add(b, path.s, path.len) ||
         buf_adds(b, ",\"id\":\"a") || buf_addu(b, a->seq) ||
         buf_adds(b, "\",\"label\":") || memo_str(b, &m, a->label) ||
         buf_adds(b, ",\"note\":") || json_cstr(b, a->note) ||
         buf_adds(b, ",\"attrs\":") || json_attrs(b, a->attrs) || links(b, &d->annots, a) ||
         buf_adds(b, ",\"start\":") || buf_addu(b, units(v, a->start, o)) ||
         buf_adds(b, ",\"end\":") || buf_addu(b, units(v, a->end, o)) ||
         buf_adds(b, ",\"start_byte\":") || buf_addu(b, a->start) ||
         buf_adds(b, ",\"end_byte\":") || buf_addu(b, a->end) ||
         buf_adds(b, ",\"line\":") || buf_addu(b, line) ||
         buf_adds(b, ",\"col\":") || buf_addu(b, col) ||
         buf_adds(b, ",\"exact\":") || json_str(b, v->s + a->start, a->end - a->start) ||
         buf_adds(b, ",\"prefix\":") || json_str(b, v->s + pre, a->start - pre) ||
         buf_adds(b, ",\"suffix\":") || json_str(b, v->s + a->end, post - a->end) ||
         buf_adds(b, ",\"script\":") || memo_str(b, &m, a->script) ||
         buf_adds(b, ",\"script_line\":") ||
         (a->line < 0 ? buf_printf(b, "%ld", a->line) : buf_addu(b, (unsigned long)a->line)) ||
         buf_adds(b, ",\"matcher\":") || memo_str(b, &m, a->matcher) || read_in(b, a) ||
         buf_adds(b, "}\n");
  }
  for (size_t i = 0; i < d->norphans && rc == 0; i++) rc = orphan(b, &path, d->orphans[i]);
  buf_free(&path);
  buf_free(&m.text);
  free(order);
  return rc ? -1 : 0;
}

#include <stdlib.h>

#include "json.h"
#include "output.h"

/* Context kept on each side of an annotation, in code points. */
#define CONTEXT 32

static size_t back_cp(const char *s, size_t off, size_t k) {
  while (k > 0 && off > 0) {
    off--;
    while (off > 0 && ((unsigned char)s[off] & 0xC0) == 0x80) off--;
    k--;
  }
  return off;
}

static size_t fwd_cp(const char *s, size_t len, size_t off, size_t k) {
  while (k > 0 && off < len) {
    off++;
    while (off < len && ((unsigned char)s[off] & 0xC0) == 0x80) off++;
    k--;
  }
  return off;
}

/* An offset in the units --offsets asked for (start and end; the byte
 * offsets are always there too). */
static size_t units(const text_view *v, size_t off, const out_opts *o) {
  switch (o ? o->units : OUT_CODEPOINTS) {
  case OUT_BYTES: return off;
  case OUT_UTF16: return text_u16(v, off);
  default: return text_cp(v, off);
  }
}

static int attrs(buf *b, const annot_attrs *as) {
  if (buf_addc(b, '{')) return -1;
  for (size_t i = 0; as && i < as->n; i++) {
    const annot_attr *a = &as->v[i];
    int rc = (i && buf_addc(b, ',')) || json_cstr(b, a->key) || buf_addc(b, ':');
    switch (a->type) {
    case ATTR_STRING: rc = rc || json_cstr(b, a->s); break;
    case ATTR_NUMBER: rc = rc || json_num(b, a->n); break;
    case ATTR_INTEGER: rc = rc || buf_printf(b, "%lld", a->i); break;
    case ATTR_BOOL: rc = rc || buf_adds(b, a->i ? "true" : "false"); break;
    }
    if (rc) return -1;
  }
  return buf_addc(b, '}');
}

int out_jsonl(buf *b, const document *d, const out_opts *o) {
  const annot **order = annot_sorted(&d->annots);
  if (!order) return -1;
  const text_view *v = &d->view;
  int rc = 0;
  for (size_t i = 0; i < d->annots.n && rc == 0; i++) {
    const annot *a = order[i];
    unsigned long line, col;
    text_linecol(v, a->start, &line, &col);
    size_t pre = back_cp(v->s, a->start, CONTEXT);
    size_t post = fwd_cp(v->s, v->len, a->end, CONTEXT);
    rc = buf_adds(b, "{\"path\":") || json_cstr(b, d->name) ||
         buf_printf(b, ",\"id\":\"a%lu\",\"label\":", a->seq) || json_cstr(b, a->label) ||
         buf_adds(b, ",\"note\":") || json_cstr(b, a->note) ||
         buf_adds(b, ",\"attrs\":") || attrs(b, a->attrs) ||
         buf_printf(b, ",\"start\":%zu,\"end\":%zu,\"start_byte\":%zu,\"end_byte\":%zu",
                    units(v, a->start, o), units(v, a->end, o), a->start, a->end) ||
         buf_printf(b, ",\"line\":%lu,\"col\":%lu,\"exact\":", line, col) ||
         json_str(b, v->s + a->start, a->end - a->start) ||
         buf_adds(b, ",\"prefix\":") || json_str(b, v->s + pre, a->start - pre) ||
         buf_adds(b, ",\"suffix\":") || json_str(b, v->s + a->end, post - a->end) ||
         buf_adds(b, ",\"script\":") || json_cstr(b, a->script) ||
         buf_printf(b, ",\"script_line\":%ld,\"matcher\":", a->line) ||
         json_cstr(b, a->matcher) || buf_adds(b, "}\n");
  }
  free(order);
  return rc ? -1 : 0;
}

#include <stdlib.h>

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


int out_jsonl(buf *b, const document *d, const out_opts *o) {
  const annot **order = annot_sorted(&d->annots);
  if (!order) return -1;
  const text_view *v = &d->view;
  int rc = 0;
  for (size_t i = 0; i < d->annots.n && rc == 0; i++) {
    const annot *a = order[i];
    unsigned long line, col;
    text_linecol(v, a->start, &line, &col);
    size_t pre = utf8_back(v->s, a->start, CONTEXT);
    size_t post = utf8_fwd(v->s, v->len, a->end, CONTEXT);
    rc = buf_adds(b, "{\"path\":") || json_cstr(b, d->name) ||
         buf_printf(b, ",\"id\":\"a%lu\",\"label\":", a->seq) || json_cstr(b, a->label) ||
         buf_adds(b, ",\"note\":") || json_cstr(b, a->note) ||
         buf_adds(b, ",\"attrs\":") || json_attrs(b, a->attrs) ||
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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"
#include "utf8.h"

/* Quotes longer than this many code points are shortened in the middle. */
#define QUOTE_MAX 120
#define QUOTE_HEAD 80
#define QUOTE_TAIL 30

static int quote_bytes(buf *b, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    int rc;
    switch (c) {
    case '"': rc = buf_adds(b, "\\\""); break;
    case '\\': rc = buf_adds(b, "\\\\"); break;
    case '\n': rc = buf_adds(b, "\\n"); break;
    case '\t': rc = buf_adds(b, "\\t"); break;
    case '\r': rc = buf_adds(b, "\\r"); break;
    default:
      rc = c < 0x20 || c == 0x7F ? buf_printf(b, "\\x%02x", c) : buf_addc(b, (char)c);
    }
    if (rc) return -1;
  }
  return 0;
}

/* Byte offset of the k-th code point of s[0..n). */
static size_t skip_cp(const char *s, size_t n, size_t k) {
  size_t i = 0;
  while (k > 0 && i < n) {
    i++;
    while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80) i++;
    k--;
  }
  return i;
}

static int quote(buf *b, const char *s, size_t n) {
  size_t cps = utf8_count(s, n);
  if (buf_addc(b, '"')) return -1;
  if (cps <= QUOTE_MAX) {
    if (quote_bytes(b, s, n)) return -1;
  } else {
    size_t head = skip_cp(s, n, QUOTE_HEAD);
    size_t tail = skip_cp(s, n, cps - QUOTE_TAIL);
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
    int rc = buf_printf(b, "%s%s=", i ? " " : "", a->key);
    switch (a->type) {
    case ATTR_STRING: rc = rc || buf_adds(b, a->s); break;
    case ATTR_NUMBER: rc = rc || buf_printf(b, "%.14g", a->n); break;
    case ATTR_INTEGER: rc = rc || buf_printf(b, "%lld", a->i); break;
    case ATTR_BOOL: rc = rc || buf_adds(b, a->i ? "true" : "false"); break;
    }
    if (rc) return -1;
  }
  return buf_addc(b, ']');
}

/* Who made the annotation: the script and line, and the matcher that found
 * its span when there was one. */
static int explain(buf *b, const annot *a) {
  if (buf_printf(b, "  (by %s:%ld", a->script, a->line)) return -1;
  if (a->matcher && buf_adds(b, " via ")) return -1;
  for (const char *m = a->matcher; m && *m; m++) /* one line: only controls escaped */
    if ((unsigned char)*m < 0x20 ? buf_printf(b, "\\x%02x", (unsigned char)*m) : buf_addc(b, *m))
      return -1;
  return buf_addc(b, ')');
}

int out_text(buf *b, const document *d, const out_opts *o) {
  const annot **order = annot_sorted(&d->annots);
  if (!order) return -1;
  int rc = 0;
  for (size_t i = 0; i < d->annots.n && rc == 0; i++) {
    const annot *a = order[i];
    unsigned long line, col;
    text_linecol(&d->view, a->start, &line, &col);
    rc = buf_printf(b, "%s:%lu:%lu: %s: ", d->name, line, col, a->label) ||
         quote(b, d->view.s + a->start, a->end - a->start) || attrs(b, a->attrs) ||
         (a->note && buf_printf(b, " — %s", a->note)) ||
         (o && o->explain && explain(b, a)) || buf_addc(b, '\n');
  }
  free(order);
  return rc ? -1 : 0;
}

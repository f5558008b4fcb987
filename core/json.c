#include "json.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

int json_str(buf *b, const char *s, size_t n) {
  static const char hex[] = "0123456789abcdef";
  if (buf_reserve(b, n + 2)) return -1;
  buf_addc(b, '"');
  size_t run = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    const char *esc = NULL;
    char u[7];
    switch (c) {
    case '"': esc = "\\\""; break;
    case '\\': esc = "\\\\"; break;
    case '\n': esc = "\\n"; break;
    case '\r': esc = "\\r"; break;
    case '\t': esc = "\\t"; break;
    case '\b': esc = "\\b"; break;
    case '\f': esc = "\\f"; break;
    default:
      if (c < 0x20 || c == 0x7F) {
        memcpy(u, "\\u00", 4);
        u[4] = hex[c >> 4];
        u[5] = hex[c & 15];
        u[6] = '\0';
        esc = u;
      }
    }
    if (!esc) continue;
    if (buf_add(b, s + run, i - run) || buf_adds(b, esc)) return -1;
    run = i + 1;
  }
  if (buf_add(b, s + run, n - run)) return -1;
  return buf_addc(b, '"');
}

int json_cstr(buf *b, const char *s) {
  return s ? json_str(b, s, strlen(s)) : buf_adds(b, "null");
}

int json_num(buf *b, double v) {
  if (!isfinite(v)) return buf_adds(b, "null");
  if (v == floor(v) && fabs(v) < 1e15) return buf_printf(b, "%.0f", v);
  return buf_printf(b, "%.17g", v);
}

int json_attrs(buf *b, const annot_attrs *as) {
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

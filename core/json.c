#include "json.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "utf8.h"

/* For each byte: 0 if it goes out as it is, else the letter of its short
 * escape, 'u' for \u00XX, or 'm' for the lead of a multi-byte sequence,
 * to check (a byte that starts none is 'm' too). */
static const char escape[256] = {
    'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'b', 't', 'n', 'u', 'f', 'r', 'u', 'u',
    'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u',
    ['"'] = '"', ['\\'] = '\\', [0x7F] = 'u',
#define M16 'm', 'm', 'm', 'm', 'm', 'm', 'm', 'm', 'm', 'm', 'm', 'm', 'm', 'm', 'm', 'm'
    [0x80] = M16, M16, M16, M16, M16, M16, M16, M16};
#undef M16

int json_str(buf *b, const char *s, size_t n) {
  static const char hex[] = "0123456789abcdef";
  /* room for the plain case at once; escapes grow it as they come */
  if (buf_reserve(b, n + 2)) return -1;
  b->s[b->len++] = '"';
  b->s[b->len] = '\0';
  const unsigned char *p = (const unsigned char *)s, *end = p + n;
  while (p < end) {
    const unsigned char *run = p;
    for (;;) {
      while (p < end && !escape[*p]) p++;
      uint32_t cp;
      size_t k = p < end && escape[*p] == 'm' ? utf8_decode((const char *)p, (size_t)(end - p), &cp) : 0;
      if (!k) break;
      p += k; /* valid UTF-8 goes out as it is */
    }
    if (p > run && buf_add(b, run, (size_t)(p - run))) return -1;
    if (p == end) break;
    if (escape[*p] == 'm') {
      /* not UTF-8 (a file name, a record id): JSON cannot hold the bytes,
       * so each ill-formed sequence becomes U+FFFD, as a decoder would */
      if (buf_adds(b, "\xEF\xBF\xBD")) return -1;
      p += utf8_bad_len((const char *)p, (size_t)(end - p));
      continue;
    }
    char e[6] = {'\\', escape[*p]};
    size_t k = 2;
    if (e[1] == 'u') {
      memcpy(e + 2, "00", 2);
      e[4] = hex[*p >> 4];
      e[5] = hex[*p & 15];
      k = 6;
    }
    if (buf_add(b, e, k)) return -1;
    p++;
  }
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

/* Text that stays on its line (core/oneline.h). */
#include "oneline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

int oneline_add(buf *b, const char *s, size_t n, int quoted) {
  for (size_t i = 0; i < n;) {
    unsigned char c = (unsigned char)s[i];
    int rc;
    if (c >= 0x80) {
      uint32_t cp;
      size_t k = utf8_decode(s + i, n - i, &cp);
      if (!k) {
        k = utf8_bad_len(s + i, n - i);
        for (size_t j = 0; j < k; j++)
          if (buf_printf(b, "\\x%02x", (unsigned char)s[i + j])) return -1;
      } else if (cp < 0xA0 || cp == 0x2028 || cp == 0x2029) {
        if (buf_printf(b, "\\u%04x", (unsigned)cp)) return -1;
      } else if (buf_add(b, s + i, k)) {
        return -1;
      }
      i += k;
      continue;
    }
    switch (c) {
    case '"': rc = quoted ? buf_adds(b, "\\\"") : buf_addc(b, '"'); break;
    case '\\': rc = quoted ? buf_adds(b, "\\\\") : buf_addc(b, '\\'); break;
    case '\n': rc = buf_adds(b, "\\n"); break;
    case '\t': rc = buf_adds(b, "\\t"); break;
    case '\r': rc = buf_adds(b, "\\r"); break;
    default:
      rc = c < 0x20 || c == 0x7F ? buf_printf(b, "\\x%02x", c) : buf_addc(b, (char)c);
    }
    if (rc) return -1;
    i++;
  }
  return 0;
}

char *oneline_dup(const char *s) {
  buf b = BUF_INIT;
  if (oneline_add(&b, s, strlen(s), 0) || buf_adds(&b, "")) {
    buf_free(&b);
    return NULL;
  }
  char *r = buf_detach(&b, NULL);
  return r ? r : strdup(""); /* nothing was added */
}

#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int buf_reserve(buf *b, size_t extra) {
  if (b->len + extra + 1 <= b->cap) return 0;
  size_t cap = b->cap ? b->cap : 64;
  while (cap < b->len + extra + 1) {
    if (cap > (size_t)-1 / 2) return -1;
    cap *= 2;
  }
  char *s = realloc(b->s, cap);
  if (!s) return -1;
  b->s = s;
  b->cap = cap;
  b->s[b->len] = '\0'; /* a new buffer is an empty string at once */
  return 0;
}

int buf_add(buf *b, const void *p, size_t n) {
  if (buf_reserve(b, n)) return -1;
  if (n) memcpy(b->s + b->len, p, n);
  b->len += n;
  b->s[b->len] = '\0';
  return 0;
}

int buf_adds(buf *b, const char *s) { return buf_add(b, s, strlen(s)); }

int buf_addc(buf *b, char c) { return buf_add(b, &c, 1); }

int buf_printf(buf *b, const char *fmt, ...) {
  /* format into the room there is; only a longer result formats twice */
  if (buf_reserve(b, 64)) return -1;
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
  va_end(ap);
  if (n < 0) {
    b->s[b->len] = '\0';
    return -1;
  }
  if ((size_t)n >= b->cap - b->len) {
    if (buf_reserve(b, (size_t)n)) {
      b->s[b->len] = '\0';
      return -1;
    }
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
  }
  b->len += (size_t)n;
  return 0;
}

int buf_addu(buf *b, unsigned long long v) {
  char d[20];
  size_t n = 0;
  do d[sizeof d - ++n] = (char)('0' + v % 10);
  while ((v /= 10) != 0);
  return buf_add(b, d + sizeof d - n, n);
}

char *buf_detach(buf *b, size_t *len) {
  if (!b->s && buf_reserve(b, 0)) return NULL;
  char *s = b->s;
  if (len) *len = b->len;
  b->s = NULL;
  b->len = b->cap = 0;
  return s;
}

void buf_free(buf *b) {
  free(b->s);
  b->s = NULL;
  b->len = b->cap = 0;
}

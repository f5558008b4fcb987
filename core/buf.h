/* A growable byte buffer; the buffer owns its bytes, the caller owns the buf. */
#ifndef GLOSSA_BUF_H
#define GLOSSA_BUF_H

#include <stddef.h>

typedef struct buf {
  char *s;    /* always NUL-terminated when s != NULL */
  size_t len;
  size_t cap;
} buf;

#define BUF_INIT {NULL, 0, 0}

/* All return 0 on success, -1 when memory runs out (the buf is unchanged). */
int buf_reserve(buf *b, size_t extra);
int buf_add(buf *b, const void *p, size_t n);
int buf_adds(buf *b, const char *s);
int buf_addc(buf *b, char c);
int buf_printf(buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* v in decimal, without printf (the writers' hot path). */
int buf_addu(buf *b, unsigned long long v);
/* Hands the bytes to the caller (who frees them) and resets b. */
char *buf_detach(buf *b, size_t *len);
void buf_free(buf *b);

#endif

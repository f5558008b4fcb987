/* The one JSON (RFC 8259) reader: a cursor over the caller's bytes; it owns
 * nothing, and decoded strings go into the caller's bufs. */
#ifndef GLOSSA_JSONREAD_H
#define GLOSSA_JSONREAD_H

#include <stddef.h>

#include "buf.h"

/* Arrays and objects nested deeper than this are refused (the stack is
 * bounded whatever the input). */
#define JSONREAD_MAX_DEPTH 128

typedef struct jsonread {
  const char *s;
  size_t n, i;     /* the text s[0..n) and the position in it */
  const char *err; /* the first problem, static text; NULL while there is none */
  size_t err_at;   /* the byte the problem is about */
  int syntax;      /* whether err is a syntax error at err_at (not about a value's meaning) */
  int depth;       /* the objects jsonread_member is inside: values in them nest that much deeper */
} jsonread;

void jsonread_init(jsonread *r, const char *s, size_t n);

/* Records the first problem (later ones are dropped); always returns -1. */
int jsonread_fail(jsonread *r, const char *what, int syntax);

/* Skips blanks; then whether the next byte is c. */
int jsonread_peek(jsonread *r, char c);

/* Each returns 0, or -1 with the problem in r. All skip blanks first.
 *
 * A string: its decoded bytes are appended to out (out may be NULL: only
 * checked). Escapes are decoded; a lone surrogate becomes U+FFFD, as glossa
 * treats any ill-formed text; \u0000 gives a NUL byte (callers that cannot
 * hold one check). Raw bytes are copied as they are: UTF-8 is the caller's
 * to check, when it matters. */
int jsonread_string(jsonread *r, buf *out);

/* A number, strictly as the RFC's grammar; its text is appended to out
 * (may be NULL); *integral (may be NULL) tells whether it has no sign,
 * fraction or exponent. */
int jsonread_number(jsonread *r, buf *out, int *integral);

/* Any value, checked and skipped (its nesting counted from where it is). */
int jsonread_skip(jsonread *r);

/* The members of an object: call with *count = 0 on the '{' to come; each
 * call reads the next member's key into key (emptied first) and the ':',
 * returning 1, so the caller reads or skips the value; returns 0 after the
 * closing '}', -1 on a problem. */
int jsonread_member(jsonread *r, buf *key, size_t *count);

/* The elements of an array, as jsonread_member's members: call with
 * *count = 0 on the '[' to come; returns 1 before each element (the caller
 * reads or skips it), 0 after the ']', -1 on a problem. */
int jsonread_element(jsonread *r, size_t *count);

/* Blanks, then the end of the text: 0, or -1 when more follows. */
int jsonread_end(jsonread *r);

/* Whether a decoded key equals the literal (NUL bytes inside count). */
int jsonread_key_is(const buf *key, const char *lit);

#endif

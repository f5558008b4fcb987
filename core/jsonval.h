/* A JSON value as a tree, built with the one reader (core/jsonread.h) for
 * inputs whose meaning needs the whole value at once (annotations read in:
 * a W3C annotation's target comes after its body, or before). Each node owns
 * its children and its strings; jsonval_free frees a whole tree. */
#ifndef GLOSSA_JSONVAL_H
#define GLOSSA_JSONVAL_H

#include <stddef.h>

#include "jsonread.h"

typedef enum jsonval_type {
  JSONVAL_NULL, JSONVAL_FALSE, JSONVAL_TRUE, JSONVAL_NUMBER, JSONVAL_STRING,
  JSONVAL_ARRAY, JSONVAL_OBJECT
} jsonval_type;

typedef struct jsonval {
  jsonval_type type;
  size_t at;       /* the byte of the input it starts at (messages) */
  char *s;         /* STRING: decoded, NUL-terminated (len excludes it);
                      NUMBER: its text */
  size_t len;
  int integral;    /* NUMBER: no sign, fraction or exponent */
  double num;      /* NUMBER */
  /* ARRAY: n elements; OBJECT: n members, keys[i] (decoded, NUL-terminated)
   * with values v[i], in the input's order */
  struct jsonval **v;
  char **keys;
  size_t n;
} jsonval;

/* Reads one value at r's position (blanks first). Returns the tree, or NULL
 * with the problem in r (out of memory: r->err "out of memory"). */
jsonval *jsonval_read(jsonread *r);

void jsonval_free(jsonval *v);

/* The value of the member key of an object (the first of that name), or
 * NULL when v is no object or has none. */
const jsonval *jsonval_get(const jsonval *v, const char *key);

/* v's string, when it is one; else NULL. */
const char *jsonval_str(const jsonval *v);

#endif

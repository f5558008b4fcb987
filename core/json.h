/* JSON text output into a caller's buf. */
#ifndef GLOSSA_JSON_H
#define GLOSSA_JSON_H

#include <stddef.h>

#include "annot.h"
#include "buf.h"

/* Appends s[0..n) as a JSON string literal, quotes included. Whatever the
 * bytes, the result is valid JSON: controls are escaped, and each ill-formed
 * UTF-8 sequence becomes U+FFFD. */
int json_str(buf *b, const char *s, size_t n);
int json_cstr(buf *b, const char *s); /* NULL → null */
/* A double as JSON: integers without a fraction, non-finite as null. */
int json_num(buf *b, double v);

/* Annotation attributes as a JSON object, keys in the set's (sorted) order. */
int json_attrs(buf *b, const annot_attrs *as);

#endif
